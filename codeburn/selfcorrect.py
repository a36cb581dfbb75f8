"""Self-corrections for `codeburn compare` (spec commands §6.1): assistant
messages whose text says the model got something wrong ("my mistake",
"I apologize", …; rules/self_corrections.toml), counted per raw model.

The reader keeps no assistant text, so this is a pass of its own over the
Claude files of the read, built to cost little: the bytes go through one
Hyperscan database in 4 MiB blocks and only the lines it flags are parsed.
That database holds the patterns without their leading `\\b`, so a phrase
right after a JSON escape (`\\nMy mistake`) is not missed; the decoded text
of a flagged line is then checked with the exact patterns. One message is
counted once (by model and timestamp), only when its time is in the period.
"""
from __future__ import annotations

import json
import re
from typing import Mapping

from codeburn.ruleset import Pattern, RuleSet, check_regex

ROLE = "self_correction"
BLOCK = 4 << 20
LONGEST_LINE = 8 << 20  # a line longer than this (a huge tool result) is not looked at
SYNTHETIC = "<synthetic>"


class Finder:
    def __init__(self, rules: RuleSet, env: Mapping[str, str] | None = None):
        from codeburn.classify import cached_database

        pats = [p for p in rules.patterns if p.role == ROLE]
        self.exact = [check_regex(p) for p in pats]
        loose = [Pattern(p.id, p.role, re.sub(r"^\\b", "", p.regex), p.where) for p in pats]
        self.db = cached_database(loose, f"{rules.digest}-selfcorrect-loose", env) if loose else None

    def matches(self, text: str) -> bool:
        return any(rx.search(text) for rx in self.exact)

    def count(self, paths: list[str], start_ms: int, end_ms: int) -> dict[str, int]:
        """Self-correcting assistant messages per raw model in [start_ms, end_ms]."""
        counts: dict[str, int] = {}
        seen: set[tuple[str, str]] = set()
        if self.db is None:
            return counts
        for path in paths:
            for line in self._flagged_lines(path):
                self._judge(line, start_ms, end_ms, seen, counts)
        return counts

    def _flagged_lines(self, path: str):
        """Whole lines of the file in which the loose database matches."""
        try:
            f = open(path, "rb")
        except OSError:
            return  # the read already named it
        with f:
            carry = b""
            while True:
                block = f.read(BLOCK)
                if not block:
                    break
                data = carry + block
                cut = data.rfind(b"\n") + 1
                carry = data[cut:] if len(data) - cut <= LONGEST_LINE else b""
                yield from self._lines(data[:cut] if cut else b"")
            yield from self._lines(carry)

    def _lines(self, data: bytes):
        if not data:
            return
        hits: list[int] = []
        self.db.scan(data, match_event_handler=lambda pid, start, end, flags, ctx: hits.append(start))
        done = -1
        for at in sorted(hits):
            if at < done:
                continue
            first = data.rfind(b"\n", 0, at) + 1
            done = data.find(b"\n", at)
            done = len(data) if done < 0 else done
            yield data[first:done]

    def _judge(self, line: bytes, start_ms: int, end_ms: int, seen: set, counts: dict) -> None:
        if b'"assistant"' not in line:
            return
        try:
            rec = json.loads(line)
        except (ValueError, RecursionError):
            return
        msg = rec.get("message") if isinstance(rec, dict) and rec.get("type") == "assistant" else None
        model = msg.get("model") if isinstance(msg, dict) else None
        ts = rec.get("timestamp")
        if not isinstance(model, str) or model == SYNTHETIC or not isinstance(ts, str):
            return
        ms = _ms(ts)
        if ms is None or not start_ms <= ms <= end_ms or (model, ts) in seen:
            return
        seen.add((model, ts))
        if self.matches(_text(msg.get("content"))):
            counts[model] = counts.get(model, 0) + 1


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
