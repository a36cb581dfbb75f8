"""Self-corrections for `codeburn compare` (spec commands §6.1): assistant
messages whose text says the model got something wrong ("my mistake",
"I apologize", …; rules/self_corrections.toml), counted per raw model.
And user corrections (the same file's `user_correction` patterns): a
turn's prompt telling the assistant it got something wrong ("that's not
what I meant"), for the menubar's workflow figures and optimize's
coaching note.

They are found in the scan itself, not in a pass of their own. The reader
tests each assistant text it decodes against the patterns' literal
beginnings (`phrases`, cb_phrases.h) and keeps the few texts holding one,
with their time and model, in the corr_* columns (and the per-file cache).
After the scan `confirm` checks those texts with the exact patterns and
keeps one row per message (model and time) that matches; `count` then
counts them per model within a period.
"""
from __future__ import annotations

import functools
import hashlib
import re
import string

from codeburn.classify.ruleset import RuleSet, check_regex, python_regex

ROLE = "self_correction"
USER_ROLE = "user_correction"
MAX_PHRASES = 256  # beginnings of one pattern; more and its expansion stops where it is
_WORD = set(string.ascii_letters + string.digits + "_")

try:  # the regex parser of the standard library (re._parser since 3.11)
    from re import _parser as _sre
    from re import _constants as _c
except ImportError:  # pragma: no cover
    import sre_parse as _sre  # type: ignore[no-redef]
    import sre_constants as _c  # type: ignore[no-redef]


@functools.lru_cache(maxsize=8)
def _phrases_of(digest: str, regexes: tuple[str, ...]) -> tuple[tuple[tuple[str, bool], ...], int]:
    out: list[tuple[str, bool]] = []
    for regex in regexes:
        out.extend(beginnings(regex))
    if not regexes:
        return (), 0
    stamp = int.from_bytes(hashlib.sha256(repr(out).encode()).digest()[:8], "little") or 1
    return tuple(out), stamp


def phrases(rules: RuleSet, role: str = ROLE) -> tuple[tuple[tuple[str, bool], ...], int]:
    """(phrases, stamp) for Scanner.set_phrases (or set_user_phrases with
    USER_ROLE): every pattern's possible literal beginnings, lower-case, each
    with whether it must start a word. The stamp names the set (0: no
    patterns, nothing is looked for)."""
    regexes = tuple(python_regex(p.regex) for p in rules.patterns if p.role == role)
    return _phrases_of(rules.digest, regexes)


def beginnings(regex: str) -> list[tuple[str, bool]]:
    """The literal strings one of which begins every match of `regex` (under
    IGNORECASE|ASCII), lower-cased, with whether a word must start there
    (a leading \\b). [("", False)] when no such beginning can be told: then
    every text is a candidate."""
    try:
        seq = list(_sre.parse(regex, re.IGNORECASE | re.ASCII))
    except (re.error, ValueError, RecursionError):
        return [("", False)]
    at_word = bool(seq) and seq[0][0] is _c.AT and seq[0][1] is _c.AT_BOUNDARY
    starts, _ = _expand(seq[1:] if at_word else seq)
    if not starts or "" in starts:
        return [("", False)]
    return [(s, at_word and s[0] in _WORD) for s in sorted(starts)]


def _expand(seq) -> tuple[set[str], bool]:
    """(prefixes, whole): the strings a match of the node sequence begins
    with; whole when they are all of what it matches (the expansion did not
    stop at a node it cannot list)."""
    out = {""}
    for node in seq:
        alts, whole = _node(node)
        if alts is None or len(out) * len(alts) > MAX_PHRASES:
            return out, False
        out = {a + b for a in out for b in alts}
        if not whole:
            return out, False
    return out, True


def _node(node) -> tuple[set[str] | None, bool]:
    """What one node matches, as (strings, whole); (None, False) when it
    cannot be listed."""
    op, av = node
    if op is _c.LITERAL:
        ch = chr(av)
        return ({ch.lower()}, True) if ch.isascii() else (None, False)
    if op is _c.SUBPATTERN:
        return _expand(av[-1])
    if op is _c.BRANCH:
        out: set[str] = set()
        whole = True
        for alt in av[1]:
            got, w = _expand(alt)
            out |= got
            whole = whole and w
        return out, whole
    if op is _c.IN:
        chars: set[str] = set()
        for kind, val in av:
            if kind is not _c.LITERAL or not chr(val).isascii():
                return None, False
            chars.add(chr(val).lower())
        return chars, True
    if op in (_c.MAX_REPEAT, _c.MIN_REPEAT):
        lo, hi, sub = av
        if hi == 1:
            got, whole = _expand(sub)
            return (got | ({""} if lo == 0 else set()), True) if whole else (None, False)
    return None, False


class Confirmer:
    """The exact patterns, for the candidates the reader kept."""

    def __init__(self, rules: RuleSet, role: str = ROLE):
        self.exact = [check_regex(p) for p in rules.patterns if p.role == role]
        self.union = _union(self.exact)

    def matches(self, text: str) -> bool:
        if self.union is not None:
            return self.union.search(text) is not None
        return any(rx.search(text) for rx in self.exact)


def _union(exact: list[re.Pattern]) -> re.Pattern | None:
    """One regex that matches where any of `exact` does: one pass over a
    text instead of one per pattern (a 2.5 GB Cursor store's 1,600
    candidate prompts took 16,000 searches). None when they cannot be
    joined as they are: a back-reference (its group number would change)
    or an inline flag that must stay at a pattern's start."""
    if len(exact) < 2:
        return None
    for rx in exact:
        if "GROUPREF" in repr(_sre.parse(rx.pattern, rx.flags & ~re.UNICODE)):
            return None
    try:
        return re.compile("|".join(f"(?:{rx.pattern})" for rx in exact), exact[0].flags)
    except re.error:
        return None


def confirm(cols: dict, rules: RuleSet, paths: list[str] | None = None) -> None:
    """Replaces the reader's candidate columns (corr_file, corr_ts,
    corr_model, corr_off, corr_len, corr_text) by the messages that are
    self-corrections: corr_file, corr_ts, corr_model, one row per model and
    time (the same message copied into another file counts once), of the
    files 0.9.20's scan for them reads (`paths`: each source's path; see
    read_for_corrections)."""
    import numpy as np

    off, length, text = cols.pop("corr_off"), cols.pop("corr_len"), cols.pop("corr_text")
    files, ts, model = cols["corr_file"], cols["corr_ts"], cols["corr_model"]
    keep = np.zeros(ts.size, dtype=bool)
    if ts.size:
        check = Confirmer(rules)
        raw = text.tobytes()
        seen: set[tuple[int, int]] = set()
        read = {} if paths is not None else None
        for i, (o, n, m, t, f) in enumerate(zip(off.tolist(), length.tolist(), model.tolist(), ts.tolist(),
                                                files.tolist())):
            if read is not None and not read.setdefault(f, read_for_corrections(paths[f])):
                continue
            if (m, t) in seen:
                continue
            if check.matches(raw[o:o + n].decode("utf-8", "replace")):
                seen.add((m, t))
                keep[i] = True
    cols["corr_file"], cols["corr_ts"], cols["corr_model"] = files[keep], ts[keep], model[keep]


def read_for_corrections(path: str) -> bool:
    """Whether 0.9.20's self-correction scan reads this Claude file: in a
    project dir, its own files, a folder's files and that folder's
    subagents/ files, none whose name holds "compact" (so not a workflow's
    subagents, not the compaction agents' transcripts). A file outside any
    projects/ dir (`scan PATH`) is read."""
    parts = path.replace("\\", "/").split("/")
    if "projects" not in parts:
        return True
    at = len(parts) - 1 - parts[::-1].index("projects")
    rel = parts[at + 2:]
    if not rel or "compact" in rel[-1]:
        return False
    return len(rel) <= 2 or (len(rel) == 3 and rel[1] == "subagents")


def confirm_user(cols: dict, rules: RuleSet) -> None:
    """Keeps in ucorr_turn the candidate turns whose prompt matches a
    user-correction pattern, and drops the prompts (ucorr_off, ucorr_len,
    ucorr_text)."""
    turn, off = cols["ucorr_turn"], cols.pop("ucorr_off")
    length, text = cols.pop("ucorr_len"), cols.pop("ucorr_text")
    if not turn.size:
        return
    import numpy as np

    check = Confirmer(rules, USER_ROLE)
    raw = text.tobytes()
    keep = np.array([check.matches(raw[o:o + n].decode("utf-8", "replace"))
                     for o, n in zip(off.tolist(), length.tolist())], dtype=bool)
    cols["ucorr_turn"] = turn[keep]


def count(cols: dict, strings: list[str], start_ms: int, end_ms: int) -> dict[str, int]:
    """Self-corrections per raw model with their time in [start_ms, end_ms]."""
    ts, model = cols.get("corr_ts"), cols.get("corr_model")
    if ts is None or not ts.size:
        return {}
    import numpy as np
    from codeburn.aggregate.arrays import unique

    inside = (ts >= start_ms) & (ts <= end_ms)
    ids, n = unique(model[inside], return_counts=True)
    return {strings[i]: int(c) for i, c in zip(ids.tolist(), n.tolist())}
