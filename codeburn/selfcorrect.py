"""Self-corrections for `codeburn compare` (spec commands §6.1): assistant
messages whose text says the model got something wrong ("my mistake",
"I apologize", …; rules/self_corrections.toml), counted per raw model.

The reader keeps no assistant text, so this is a pass of its own over the
Claude files of the read, built to cost little: the bytes go through one
Hyperscan database in 4 MiB blocks and only the lines it flags are parsed;
what a file holds is kept in the cache dir until the file changes.
That database holds the patterns without their leading `\\b`, so a phrase
right after a JSON escape (`\\nMy mistake`) is not missed; the decoded text
of a flagged line is then checked with the exact patterns. One message is
counted once (by model and timestamp), only when its time is in the period.
"""
from __future__ import annotations

import json
import os
import re
from typing import Mapping

from codeburn.ruleset import Pattern, RuleSet, check_regex

ROLE = "self_correction"
BLOCK = 4 << 20       # bytes read at a time, into one reused buffer
SYNTHETIC = "<synthetic>"
CACHE_NAME = "selfcorrect-{digest}-v1.json"


class Finder:
    """Counts self-corrections per raw model. With a cache dir, each file's
    flagged messages are kept by (device, inode, size, mtime), so a file
    read before is not read again."""

    def __init__(self, rules: RuleSet, env: Mapping[str, str] | None = None, cache: str | None = None):
        from codeburn.classify import cached_database

        pats = [p for p in rules.patterns if p.role == ROLE]
        self.exact = [check_regex(p) for p in pats]
        loose = [Pattern(p.id, p.role, re.sub(r"^\\b", "", p.regex), p.where) for p in pats]
        self.db = cached_database(loose, f"{rules.digest}-selfcorrect-loose", env) if loose else None
        self.cache_path = os.path.join(cache, CACHE_NAME.format(digest=rules.digest)) if cache else None
        self.buf: bytearray | None = None  # one read buffer for every file

    def matches(self, text: str) -> bool:
        return any(rx.search(text) for rx in self.exact)

    def count(self, paths: list[str], start_ms: int, end_ms: int) -> dict[str, int]:
        """Self-correcting assistant messages per raw model in [start_ms, end_ms]."""
        counts: dict[str, int] = {}
        if self.db is None:
            return counts
        kept = self._load()
        fresh: dict[str, dict] = {}
        seen: set[tuple[str, str]] = set()
        for path in paths:
            key = _stamp(path)
            entry = kept.get(path)
            if key is None:
                continue  # the read already named it
            if entry is None or entry.get("key") != key:
                entry = {"key": key, "hits": self._file_hits(path)}
            fresh[path] = entry
            for model, ts, ms in entry["hits"]:
                if start_ms <= ms <= end_ms and (model, ts) not in seen:
                    seen.add((model, ts))
                    counts[model] = counts.get(model, 0) + 1
        if fresh != kept:
            self._save(fresh)
        return counts

    def _file_hits(self, path: str) -> list[list]:
        """[model, timestamp, ms] of every self-correcting assistant message in the file."""
        hits: list[list] = []
        seen: set[tuple[str, str]] = set()
        try:
            f = open(path, "rb", buffering=0)
        except OSError:
            return hits
        if self.buf is None:
            self.buf = bytearray(2 * BLOCK)
        buf = self.buf
        with f, memoryview(buf) as view:
            have = 0  # bytes of an unfinished line at the start of buf
            while True:
                n = f.readinto(view[have:have + BLOCK])
                if not n:
                    break
                end = have + n
                cut = buf.rfind(b"\n", 0, end) + 1
                if cut:
                    for line in self._lines(buf, view, cut):
                        self._judge(line, seen, hits)
                rest = end - cut
                if rest > BLOCK:  # a line longer than a block (a huge tool result): not looked at
                    have = 0
                    continue
                view[:rest] = view[cut:end]  # same length: the buffer never resizes
                have = rest
            for line in self._lines(buf, view, have):
                self._judge(line, seen, hits)
        return hits

    def _lines(self, buf: bytearray, view: memoryview, size: int):
        """The lines within buf[:size] in which the loose database matches."""
        if not size:
            return
        starts: list[int] = []
        self.db.scan(view[:size], match_event_handler=lambda pid, start, end, flags, ctx: starts.append(start))
        done = -1
        for at in sorted(starts):
            if at < done:
                continue
            first = buf.rfind(b"\n", 0, at) + 1
            done = buf.find(b"\n", at, size)
            done = size if done < 0 else done
            yield bytes(view[first:done])

    def _judge(self, line: bytes, seen: set, hits: list) -> None:
        if b'"assistant"' not in line:
            return
        try:
            rec = json.loads(line)
        except (ValueError, RecursionError):
            return
        msg = rec.get("message") if isinstance(rec, dict) and rec.get("type") == "assistant" else None
        model = msg.get("model") if isinstance(msg, dict) else None
        ts = rec.get("timestamp")
        if not isinstance(model, str) or model == SYNTHETIC or not isinstance(ts, str) or (model, ts) in seen:
            return
        seen.add((model, ts))
        ms = _ms(ts)
        if ms is not None and self.matches(_text(msg.get("content"))):
            hits.append([model, ts, ms])

    def _load(self) -> dict:
        if not self.cache_path:
            return {}
        try:
            with open(self.cache_path, encoding="utf-8") as f:
                doc = json.load(f)
        except (OSError, ValueError):
            return {}
        return doc if isinstance(doc, dict) else {}

    def _save(self, entries: dict) -> None:
        if self.cache_path:
            from codeburn.cachedir import write_atomic

            write_atomic(self.cache_path, [json.dumps(entries).encode("utf-8")])


def _stamp(path: str) -> list | None:
    try:
        st = os.stat(path)
    except OSError:
        return None
    return [st.st_dev, st.st_ino, st.st_size, st.st_mtime_ns]


def _text(content) -> str:
    if isinstance(content, str):
        return content
    if not isinstance(content, list):
        return ""
    return " ".join(b["text"] for b in content
                    if isinstance(b, dict) and b.get("type") == "text" and isinstance(b.get("text"), str))


def _ms(ts: str) -> int | None:
    import datetime as dt

    try:
        when = dt.datetime.fromisoformat(ts.replace("Z", "+00:00"))
    except ValueError:
        return None
    if when.tzinfo is None:
        when = when.replace(tzinfo=dt.timezone.utc)
    return int(when.timestamp() * 1000)
