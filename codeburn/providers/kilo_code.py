"""KiloCode (spec providers §3.1, §2.2): task folders in the
`kilocode.kilo-code` globalStorage of VS Code, Code - Insiders and
VSCodium, and the OpenCode-style SQLite stores of the Kilo CLI,
`$XDG_DATA_HOME/kilo/kilo*.db` (default `~/.local/share/kilo`)."""
from __future__ import annotations

import os
from typing import Iterator

from codeburn.providers import clinefamily, labels, opencodestore
from codeburn.providers.records import Session

PROVIDER = "kilo-code"
DISPLAY_NAME = "KiloCode"
KIND = "records"
OUTPUT_HAS_REASONING = False
KEEPS_COST = False
calls_are_turns_there = clinefamily.calls_are_turns_there


def TOOL_STEPS(source) -> int:   # noqa: N802 (a module flag, asked per source)
    """The SQLite half's calls' tool names are one step (as OpenCode's: no
    tool sequence); the task folders keep a step per tool."""
    return 2 if source.path.endswith(".db") else 0

FAMILY = clinefamily.Family(PROVIDER, DISPLAY_NAME, "cline-auto",
                            lambda env, home: clinefamily.vscode_storage(home, "kilocode.kilo-code"))


def discover(env, home, walker):
    yield from clinefamily.discover(FAMILY, env, home, walker)
    db_dir = os.path.join(labels.home_path(env, home, "XDG_DATA_HOME", ".local", "share"), "kilo")
    for path in opencodestore.db_files(db_dir, "kilo", walker):
        yield opencodestore.db_source(PROVIDER, path)


present = opencodestore.present   # (a store without a live root session is no session on disk)


def read(source, log) -> Iterator[Session]:
    if source.path.endswith(".db"):
        return opencodestore.read_db(PROVIDER, source.path, log)
    return clinefamily.read(FAMILY, source, log)


def sniff(path: str, head: bytes) -> bool:
    return opencodestore.sniff_db(head) and os.path.basename(path).startswith("kilo")
