"""Cline, the VS Code extension (spec providers §3.1): task folders in the
`saoudrizwan.claude-dev` globalStorage of VS Code, Code - Insiders and
VSCodium, and in `~/.cline/data`. A task id found in two roots is read
once, from the copy whose ui_messages.json is newest."""
from __future__ import annotations

import os

from codeburn.providers import clinefamily

PROVIDER = "cline"
DISPLAY_NAME = "Cline"
KIND = "records"
OUTPUT_HAS_REASONING = False
KEEPS_COST = False
calls_are_turns_there = clinefamily.calls_are_turns_there

FAMILY = clinefamily.Family(
    PROVIDER, DISPLAY_NAME, "cline-auto",
    lambda env, home: [*clinefamily.vscode_storage(home, "saoudrizwan.claude-dev"), os.path.join(home, ".cline", "data")],
    newest_copy_wins=True)


def discover(env, home, walker):
    return clinefamily.discover(FAMILY, env, home, walker)


def read(source, log):
    return clinefamily.read(FAMILY, source, log)


sniff = clinefamily.sniff
source_for = clinefamily.source_for
