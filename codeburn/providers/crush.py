"""Crush by Charmbracelet (spec providers §2.4): a registry,
`$CRUSH_GLOBAL_DATA/projects.json`, else `$XDG_DATA_HOME/crush/projects.json`
(default `~/.local/share`), lists each project's `path` and `data_dir`;
the project's store is `<path>/<data_dir>/crush.db` (`data_dir` may be
absolute). Both registry shapes are read: current Crush writes
`{"projects": [...]}` (the reference misses it and reads nothing); older
builds wrote an object keyed by project id, or a bare array.

One call per root session (`parent_session_id IS NULL`; sub-agent sessions
roll their cost into their parent) with any tokens or cost. Token counts:
Crush's `prompt_tokens` / `completion_tokens` hold the *last* step's
context size and output, not running totals (only `cost` accumulates);
they are reported as the session's input and output, as the reference
does, and priced from the table like the reference's reports (Crush's own
`cost` is not on its allow-list). Times are Unix seconds.
"""
from __future__ import annotations

import json
import os
from typing import Iterator, Mapping

from codeburn.jstext import JS_MAX_SAFE
from codeburn.providers import labels, sqlitestore
from codeburn.providers.base import Source, Walker
from codeburn.providers.records import Call, ReadLog, Session, ts_ms
from codeburn.read.regular import open_regular

PROVIDER = "crush"
DISPLAY_NAME = "Crush"
KIND = "records"
OUTPUT_HAS_REASONING = False
KEEPS_COST = False
SCHEMA = {"sessions": ("id", "parent_session_id", "prompt_tokens", "completion_tokens", "cost", "created_at",
                       "updated_at"),
          "messages": ("session_id", "model")}
ROOTS = """SELECT id, prompt_tokens, completion_tokens, cost, created_at, updated_at FROM sessions
WHERE parent_session_id IS NULL AND (cost > 0 OR prompt_tokens > 0 OR completion_tokens > 0)
ORDER BY created_at DESC"""
MODEL = """SELECT model FROM messages WHERE session_id = ? AND model IS NOT NULL AND model <> ''
GROUP BY model ORDER BY COUNT(*) DESC LIMIT 1"""


def registry_path(env: Mapping[str, str], home: str) -> str:
    if env.get("CRUSH_GLOBAL_DATA"):
        return os.path.join(env["CRUSH_GLOBAL_DATA"], "projects.json")
    return os.path.join(labels.home_path(env, home, "XDG_DATA_HOME", ".local", "share"), "crush", "projects.json")


def registry_entries(doc) -> list[tuple[str, str]]:
    """(path, data_dir) of every well-formed entry, whichever shape."""
    if isinstance(doc, dict) and isinstance(doc.get("projects"), list):
        entries = doc["projects"]
    elif isinstance(doc, dict):
        entries = list(doc.values())
    elif isinstance(doc, list):
        entries = doc
    else:
        return []
    return [(e["path"], e["data_dir"]) for e in entries
            if isinstance(e, dict) and isinstance(e.get("path"), str) and isinstance(e.get("data_dir"), str)]


def discover(env: Mapping[str, str], home: str, walker: Walker) -> Iterator[Source]:
    """The registry is a list of pointers, not a transcript: it is read here
    (a broken one is named), the databases are not."""
    path = registry_path(env, home)
    try:
        with open_regular(path) as f:
            doc = json.loads(f.read())
    except (FileNotFoundError, NotADirectoryError):  # (no registry; or a file higher up, HOME itself maybe)
        return
    except OSError as exc:
        walker.errors.append((path, exc.strerror or str(exc)))
        return
    except (ValueError, RecursionError):
        walker.errors.append((path, "invalid JSON"))
        return
    seen = set()
    for project, data_dir in registry_entries(doc):
        db = os.path.join(os.path.normpath(os.path.join(project, data_dir)), "crush.db")
        if db not in seen and walker.is_file(db):   # (a folder or FIFO there is named)
            seen.add(db)
            yield Source(PROVIDER, db, labels.sanitize(project), "crush", f"{PROVIDER}:{project}")


def source_for(path: str) -> Source:
    """A crush.db given to `codeburn scan`: its project is the folder above the data dir."""
    project = os.path.dirname(os.path.dirname(os.path.abspath(path)))
    return Source(PROVIDER, path, labels.sanitize(project), "crush", f"{PROVIDER}:{project}")


def sniff(path: str, head: bytes) -> bool:
    return sqlitestore.is_sqlite(head) and os.path.basename(path) == "crush.db"


def present(source: Source) -> bool:
    """Whether the store holds a root session with spend, as 0.9.20's
    discovery lists them (ROOTS)."""
    return sqlitestore.holds(source.path, SCHEMA, ROOTS + " LIMIT 1")


def read(source: Source, log: ReadLog) -> list[Session]:
    return sqlitestore.collect(source.path, SCHEMA,
                               lambda conn: _sessions(conn, source.project or "crush", source.path, log), log)


def _sessions(conn, project: str, path: str, log: ReadLog) -> Iterator[Session]:
    for sid, prompt, completion, cost, created, updated in conn.execute(ROOTS).fetchall():
        sid = sqlitestore.text(sid)
        if any(isinstance(v, int) and abs(v) > JS_MAX_SAFE for v in (prompt, completion, cost, created, updated)):
            # (0.9.20's SQLite driver refuses such an integer, so the session fails to parse
            # there; here a corrupt count would report billions)
            log.skip("bad_record", f"{path}:{sid}")
            continue
        row = conn.execute(MODEL, (sid,)).fetchone()
        stamp = labels.number(updated if updated is not None else created)
        call = Call(ts_ms=ts_ms(stamp * 1000) if stamp else None,
                    model=sqlitestore.text(row[0]) if row else "unknown",
                    input=labels.count(prompt), output=labels.count(completion),
                    cost=labels.number(cost), key=f"crush:{sid}")
        yield Session(sid, project, [call])
