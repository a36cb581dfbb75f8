"""Seventeenth-session probes (fixtures written apart from ours): what they
found, pinned. Expected values are CodeBurn 0.9.20's on the same files."""
from __future__ import annotations

import pytest

from tests.conftest import assistant_line, usage, user_line

SLUG = "-home-dev-src-shopfront"


@pytest.mark.parametrize("big, category", [(True, "Debugging"), (False, "Coding")])
def test_a_line_over_32_kib_joins_only_non_empty_text_parts(run, history, big, category):
    """0.9.20 reads a user line over 32 KiB with a field scanner that joins
    only non-empty text parts: an empty block adds no space there, so the
    prompt "a"x1996 + " fix" keeps its keyword at the 2,000-unit cut
    (Debugging). A smaller line's blocks are joined every one ("a"x1996 +
    "  fi"): the keyword is cut and the Edit makes it Coding."""
    result = [{"type": "tool_result", "tool_use_id": "toolu_0", "content": "lorem ipsum " * (2800 if big else 10)}]
    content = result + [{"type": "text", "text": "a" * 1996}, {"type": "text", "text": ""},
                        {"type": "text", "text": "fix"}]
    history.write(SLUG, "s1.jsonl", [
        user_line(ts="2026-03-05T10:00:00.000Z", content=content),
        assistant_line("m1", ts="2026-03-05T10:00:05.000Z", usage=usage(10, 10),
                       tools=[("Edit", {"file_path": "/home/dev/src/shopfront/a.ts"})])])
    doc = run("report", "-p", "today", "--format", "json").json
    assert [(a["category"], a["turns"], a["editTurns"]) for a in doc["activities"]] == [(category, 1, 1)]
