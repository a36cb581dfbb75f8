"""OpenCode (spec providers §2.2, §3.3): its SQLite store(s) and the older
file-based storage, in one data directory: `$OPENCODE_DATA_DIR` (exactly),
else `$XDG_DATA_HOME/opencode`, else `~/.local/share/opencode`. Databases
are the `<prefix>*.db` files there (`$OPENCODE_DB_PREFIX`, default
`opencode`). File sessions are listed before the databases, so a message
present in both is counted once (from its file)."""
from __future__ import annotations

import os
from typing import Iterator, Mapping

from codeburn.providers import labels, opencodestore
from codeburn.providers.base import Source, Walker, stamped_paths
from codeburn.providers.records import ReadLog, Session

PROVIDER = "opencode"
DISPLAY_NAME = "OpenCode"
KIND = "records"
EMPTY_PROJECT = True  # a directory of "/" (or none, and no title) names the project "", as in the reference
OUTPUT_HAS_REASONING = False
KEEPS_COST = False
TOOL_STEPS = 2  # retries see a call's tool names as one step, as in the reference (no tool sequence)


def data_dir(env: Mapping[str, str], home: str) -> str:
    if env.get("OPENCODE_DATA_DIR"):
        return env["OPENCODE_DATA_DIR"]
    return os.path.join(labels.home_path(env, home, "XDG_DATA_HOME", ".local", "share"), "opencode")


def discover(env: Mapping[str, str], home: str, walker: Walker) -> Iterator[Source]:
    root = data_dir(env, home)
    yield from opencodestore.file_sessions(PROVIDER, root, walker)
    for path in opencodestore.db_files(root, env.get("OPENCODE_DB_PREFIX") or "opencode", walker):
        yield opencodestore.db_source(PROVIDER, path)


present = opencodestore.present   # (a store without a live root session is no session on disk)


def read(source: Source, log: ReadLog) -> Iterator[Session]:
    if source.path.endswith(".json"):
        # storage/session/<project>/<session>.json -> the data dir is 4 levels up
        root = os.path.dirname(os.path.dirname(os.path.dirname(os.path.dirname(source.path))))
        return opencodestore.read_file_session(PROVIDER, root, source.path, log)
    return opencodestore.read_db(PROVIDER, source.path, log)


def stamp_paths(source: Source) -> list[str]:
    """A file-storage session lives in many files (its messages, their
    parts): all of them key the records cache; a database is itself and
    its write-ahead log."""
    if not source.path.endswith(".json"):
        return stamped_paths(source.path)
    root = os.path.dirname(os.path.dirname(os.path.dirname(os.path.dirname(source.path))))
    return opencodestore.file_session_paths(root, source.path)


def sniff(path: str, head: bytes) -> bool:
    """An OpenCode database, or a session file of the older storage
    (`storage/session/<project>/<session>.json`)."""
    parts = os.path.abspath(path).split(os.sep)
    if path.endswith(".json") and parts[-4:-2] == ["storage", "session"]:
        return head.lstrip()[:1] == b"{"
    return opencodestore.sniff_db(head) and os.path.basename(path).startswith("opencode")
