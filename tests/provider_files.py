"""Writing tool files the way the tools write them, for the provider tests
(one JSON object per line, compact, in the tool's key order), and reading a
provider's calls back through its module."""
from __future__ import annotations

import json
import os

from codeburn.providers.base import Walker
from codeburn.providers.records import ReadLog


def dumps(rec) -> str:
    return json.dumps(rec, separators=(",", ":"), ensure_ascii=False)


def write_jsonl(path: str, records, tail: str | bytes = "") -> str:
    """records: dicts (serialised), str/bytes lines written as given."""
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path, "wb") as f:
        for r in records:
            line = r if isinstance(r, bytes) else (r if isinstance(r, str) else dumps(r)).encode()
            f.write(line + b"\n")
        f.write(tail.encode() if isinstance(tail, str) else tail)
    return path


def write_json(path: str, value, raw: str | None = None) -> str:
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path, "w", encoding="utf-8") as f:
        f.write(raw if raw is not None else json.dumps(value, indent=2))
    return path


def read_all(module, home: str, env: dict | None = None):
    """(sessions, log, sources) of every source the module discovers under home."""
    log, walker = ReadLog(), Walker()
    sources = list(module.discover(env or {}, home, walker))
    sessions = [s for src in sources for s in module.read(src, log)]
    return sessions, log, sources


def calls_of(sessions) -> list:
    return [c for s in sessions for c in s.calls]


def unique(calls) -> list:
    """Calls after the run-wide dedup (first key wins), as the scan keeps them."""
    seen, out = set(), []
    for c in calls:
        if c.key in seen:
            continue
        seen.add(c.key)
        out.append(c)
    return out


def totals(calls) -> dict:
    """Calls with a time (the reference drops the rest from every period) summed."""
    kept = [c for c in calls if c.ts_ms is not None]
    return {"calls": len(kept), "input": sum(c.input for c in kept), "output": sum(c.output for c in kept),
            "cacheRead": sum(c.cache_read for c in kept), "cacheWrite": sum(c.cache_write for c in kept),
            "reasoning": sum(c.reasoning for c in kept)}





NOW = __import__("datetime").datetime(2026, 11, 25, 12, 0, tzinfo=__import__("datetime").timezone.utc)


def cli(home: str, *argv: str, env: dict | None = None, now=NOW) -> tuple[int, str, str]:
    """`codeburn ARGV` in-process on a fake HOME: a fresh cache dir under
    it, TZ=UTC, no Claude or Codex dir unless `env` names one, the clock at
    `now`. (status, stdout, stderr)."""
    import io

    from codeburn.cli import main
    from codeburn.env import Environment

    environ = {"HOME": home, "TZ": "UTC", "CODEBURN_CACHE_DIR": os.path.join(home, ".cb-cache"),
               "CODEX_HOME": os.path.join(home, ".no-codex"), "CLAUDE_CONFIG_DIR": os.path.join(home, ".no-claude")}
    environ.update(env or {})
    out, err = io.StringIO(), io.StringIO()
    status = int(main(list(argv), Environment(stdout=out, stderr=err, environ=environ, home=home, clock=lambda: now)))
    return status, out.getvalue(), err.getvalue()


def cli_json(home: str, *argv: str, env: dict | None = None, now=NOW):
    """The JSON of a command that must exit 0 (cli)."""
    status, out, err = cli(home, *argv, env=env, now=now)
    assert status == 0, err
    return json.loads(out)


def report(home: str, provider: str, *extra: str, env: dict | None = None):
    """`codeburn report --format json -p all --provider X` in-process on a
    fake HOME (fresh cache, TZ=UTC, clock 2026-11-25 12:00 UTC)."""
    status, out, err = cli(home, "report", "--format", "json", "-p", "all", "--provider", provider, *extra, env=env)
    return status, (json.loads(out) if out.strip().startswith("{") else None), err


def overview(d: dict) -> dict:
    """The report's totals, cost rounded to 1e-9 (the reference prints doubles)."""
    o = d["overview"]
    return {"calls": o["calls"], "sessions": o["sessions"], **o["tokens"], "cost": round(o["cost"], 9)}


def bad_input_run(tmp_path, provider: str) -> tuple[dict, list[str]]:
    """The CLI on tmp_path/home, in a child to which file modes apply (see
    conftest.run_denied): (report JSON, warning kinds: each warning up to
    "first at" / the first path). Asserts exit 0, and exit 1 with --strict."""
    from tests.conftest import run_denied

    argv = ("report", "--format", "json", "-p", "all", "--provider", provider)
    r = run_denied(tmp_path, *argv, env={"CODEBURN_CACHE_DIR": str(tmp_path / f"cache-{provider}")})
    assert r.status == 0, r.stderr
    d = json.loads(r.stdout)
    strict = run_denied(tmp_path, *argv, "--strict", env={"CODEBURN_CACHE_DIR": str(tmp_path / f"cache2-{provider}")})
    assert strict.status == 1
    return d, [w.split(" first at ")[0].split(" /")[0] for w in d["warnings"]]


def checked_report(home: str, provider: str, expect: dict) -> dict:
    """report() that exits 0 silently with the `expect`ed overview; its JSON."""
    status, d, err = report(home, provider)
    assert status == 0 and err == ""
    assert overview(d) == expect
    return d


def models_of(d: dict) -> dict:
    """Report models: name -> (calls, cost rounded to 1e-9)."""
    return {m["name"]: (m["calls"], round(m["cost"], 9)) for m in d["models"]}


def named_calls(rows: list) -> dict:
    """A report table (tools, shellCommands): name -> calls."""
    return {r["name"]: r["calls"] for r in rows}
