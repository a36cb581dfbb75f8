"""Helpers for the records-provider tests: build SQLite stores with a
tool's schema, and total a provider's Sessions the way a report does."""
from __future__ import annotations

import json
import os
import sqlite3

from codeburn.providers.base import Walker
from codeburn.providers.records import ReadLog


def make_db(path: str, ddl: str, rows: dict[str, list[tuple]]) -> str:
    """A real SQLite file at `path`: `ddl` then each table's rows."""
    os.makedirs(os.path.dirname(path), exist_ok=True)
    conn = sqlite3.connect(path)
    conn.executescript(ddl)
    for table, values in rows.items():
        for row in values:
            conn.execute(f"INSERT INTO {table} VALUES ({','.join('?' * len(row))})", row)
    conn.commit()
    conn.close()
    return path


def write_json(path: str, value) -> str:
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path, "w", encoding="utf-8") as f:
        f.write(value if isinstance(value, str) else json.dumps(value))
    return path


def read_all(module, env, home):
    """(sessions, log) of every source the module discovers under `home`."""
    log = ReadLog()
    sessions = []
    for source in module.discover(env, home, Walker()):
        sessions.extend(module.read(source, log))
    return sessions, log


def totals(sessions) -> dict:
    calls = [c for s in sessions for c in s.calls]
    return {"calls": len(calls), "input": sum(c.input for c in calls), "output": sum(c.output for c in calls),
            "cache_read": sum(c.cache_read for c in calls), "cache_write": sum(c.cache_write for c in calls),
            "reasoning": sum(c.reasoning for c in calls)}
