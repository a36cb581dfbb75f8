"""Prompts that begin alike, scanned once (codeburn.classify.Matcher).

A Cursor turn's prompt is the last user text, a space and the bubble's own
text, so the turns of one user message all begin with that message: scanned
whole, it is scanned once per bubble (and twice in the user bubble's own
"T T"). Where consecutive prompts of a batch begin with the same text P and
an ASCII whitespace character w, each is P + w + R, and a role's leftmost
start in it is the least of

- its leftmost start in P scanned alone (P is scanned once for the run),
- its leftmost start in R scanned alone, plus len(P) + 1,
- the leftmost start of the matches that contain w.

Alone is the same as in place: the patterns may assert nothing about their
surroundings but \\b and \\B (no anchors, no lookaround: `reach` checks), and
whitespace, like the end of a string, is no word character. A match that
contains w contains at least one run of whitespace; one that begins before
the k-th last word of P contains k + 1 runs (the k before those words and
w's), as does one that ends after R's k-th word. So if no pattern can match
a text with more than `reach` runs of whitespace, every match containing w
lies in the window from P's reach-th last word to R's reach-th word, which
starts and ends beside whitespace (or the prompt's ends) as the matches in it
do in the prompt: the window is scanned for them. Patterns that promise no
such bound (`.*`, `(\\w+\\s)+`) leave the prompts to be scanned whole.

Whitespace here is JavaScript's (ruleset.JS_SPACE_CODES), what the rules'
\\s means; the words of the windows are split on the same characters
(codeburn/_fast/match_sink.pxi). tests/test_prompt_joins.py checks the
positions against whole scans on adversarial prompts.
"""
from __future__ import annotations

import functools
import re
import sys

import numpy as np

from codeburn.ruleset import JS_SPACE_CODES, Pattern, python_regex

if sys.version_info >= (3, 11):
    from re import _constants as C, _parser as P  # noqa: N812
else:  # pragma: no cover
    import sre_constants as C  # noqa: N812
    import sre_parse as P  # noqa: N812

MIN_PREFIX = 16   # bytes of a shared beginning worth splitting off
SPACES = frozenset(JS_SPACE_CODES)
FLAGS = re.IGNORECASE | re.ASCII
EMPTY, WS, NON, MIX = "empty", "ws", "non", "mix"   # what an expression's characters can be
UNBOUNDED = None


class _NoBound(Exception):
    """An expression whose matches can hold any number of whitespace runs,
    or that asserts something about its surroundings beyond \\b."""


def reach(patterns: list[Pattern]) -> int | None:
    """The most runs of whitespace a match of any of `patterns` can hold;
    None when one of them has no such bound (or asserts more than \\b)."""
    try:
        return max((_pattern_runs(p.regex) for p in patterns), default=0)
    except _NoBound:
        return None


@functools.cache
def _pattern_runs(regex: str) -> int:
    try:
        parsed = P.parse(python_regex(regex), FLAGS)
    except (re.error, ValueError) as exc:
        raise _NoBound(str(exc))
    return _seq(list(parsed), parsed.state)[1]


def _seq(items: list, state) -> tuple[str, int]:
    """(kind, most whitespace runs) of items matched one after another;
    adjacent all-whitespace items make one run."""
    kinds, runs, last = set(), 0, None
    for op, av in items:
        kind, r = _item(op, av, state)
        if kind == EMPTY:
            continue
        kinds.add(kind)
        if not (kind == WS and last == WS):
            runs += r
        last = kind
    if not kinds:
        return EMPTY, 0
    return (kinds.pop() if len(kinds) == 1 else MIX), runs


def _item(op, av, state) -> tuple[str, int]:
    if op is C.AT:
        if av in (C.AT_BOUNDARY, C.AT_NON_BOUNDARY):
            return EMPTY, 0
        raise _NoBound("anchor")
    if op in (C.LITERAL, C.NOT_LITERAL, C.ANY, C.IN):
        kind = _chars(op, av, state)
        return kind, 0 if kind == NON else 1
    if op is C.SUBPATTERN:
        _, add, remove, sub = av
        if (add | remove) & ~(re.IGNORECASE | re.ASCII):
            raise _NoBound("inline flags")
        return _seq(list(sub), state)
    if op is C.BRANCH:
        got = [_seq(list(alt), state) for alt in av[1]]
        kinds = {k for k, _ in got if k != EMPTY}
        kind = EMPTY if not kinds else kinds.pop() if len(kinds) == 1 else MIX
        return kind, max(r for _, r in got)
    if op in (C.MAX_REPEAT, C.MIN_REPEAT, getattr(C, "POSSESSIVE_REPEAT", C.MAX_REPEAT)):
        lo, hi, sub = av
        kind, r = _seq(list(sub), state)
        if kind in (EMPTY, NON) or hi == 0:
            return (kind if hi else EMPTY), 0
        if kind == WS:
            return WS, 1
        if hi == C.MAXREPEAT:
            raise _NoBound("a repeat over whitespace and more")
        return MIX, hi * r
    raise _NoBound(f"{op}")   # lookaround, back reference, conditional, atomic group


def _chars(op, av, state) -> str:
    """WS when the one-character item matches only whitespace, NON when it
    matches none, else MIX. Whitespace is asked of `re` itself, character
    by character; the rest is read off the item."""
    if op is C.LITERAL:
        return WS if av in SPACES else NON
    if op is not C.IN:
        return MIX                                   # `.`, [^c]
    from re import _compiler  # noqa: PLC0415

    rx = _compiler.compile(P.SubPattern(state, [(op, av)]), FLAGS)
    spaces = any(rx.fullmatch(chr(c)) for c in SPACES)
    others = any(_other_than_space(o, a) for o, a in av)
    return MIX if spaces and others else WS if spaces else NON


def _other_than_space(op, av) -> bool:
    """Whether one member of a character class can match a non-whitespace character."""
    if op is C.NEGATE:
        return True
    if op is C.LITERAL:
        return av not in SPACES
    if op is C.RANGE:
        return any(c not in SPACES for c in range(av[0], av[1] + 1))
    return av is not C.CATEGORY_SPACE    # \d, \w, ...; ASCII \s is all whitespace


def positions(matcher, arena: bytes, offsets: np.ndarray, lengths: np.ndarray, reach_: int) -> np.ndarray:
    """Matcher.positions of the prompts, their shared beginnings scanned once."""
    from codeburn._fast.reader import shared_prefix_parts

    (parts, part_off, part_len, rest, head, shift, windows, win_off, win_len, win_cut, win_at,
     win_of) = shared_prefix_parts(arena, offsets, lengths, reach_, MIN_PREFIX)
    part_pos = matcher.whole_positions(parts, part_off, part_len)
    out = _shifted(part_pos[rest], shift)
    joined = np.flatnonzero(head >= 0)
    out[joined] = np.minimum(out[joined], part_pos[head[joined]])
    if win_of.size:
        cross = _shifted(_containing(matcher, windows, win_off, win_len, win_cut), win_at)
        out[win_of] = np.minimum(out[win_of], cross)
    return out


def _shifted(pos: np.ndarray, by: np.ndarray) -> np.ndarray:
    from codeburn.classify import NO_MATCH

    found = pos != NO_MATCH
    return np.where(found, pos + by[:, None].astype(np.int32), pos)


def _containing(matcher, windows: bytes, off: np.ndarray, ln: np.ndarray, cut: np.ndarray) -> np.ndarray:
    """int32 [windows, roles]: leftmost start, in each window, of a role's
    matches that contain the byte at `cut`; NO_MATCH where none does. A
    match running in from the window before may hide one starting inside
    (one start is reported per end): such windows are scanned again alone."""
    from codeburn.classify import NO_MATCH, ROLES

    out = np.full((off.size, len(ROLES)), NO_MATCH, dtype=np.int32)
    ids, st, en = matcher.scan(windows)
    if not ids.size:
        return out
    w_start = np.searchsorted(off, st, side="right") - 1
    w_end = np.searchsorted(off, en - 1, side="right") - 1
    w = w_start
    keep = (w_start == w_end) & (w_start >= 0)
    keep[keep] = (en[keep] <= off[w[keep]] + ln[w[keep]]) & (st[keep] <= off[w[keep]] + cut[w[keep]]) \
        & (en[keep] > off[w[keep]] + cut[w[keep]])
    np.minimum.at(out, (w[keep], matcher.role_of[ids[keep]]), (st[keep] - off[w[keep]]).astype(np.int32))
    for v in np.unique(w_end[(w_start != w_end) & (w_end >= 0)]).tolist():
        a, c = int(off[v]), int(cut[v])
        i2, s2, e2 = matcher.scan(windows[a:a + int(ln[v])])
        out[v] = NO_MATCH
        hit = (s2 <= c) & (e2 > c)
        np.minimum.at(out[v], matcher.role_of[i2[hit]], s2[hit].astype(np.int32))
    return out
