"""Fifteenth-session probes (fixtures written apart from ours, diffed
against CodeBurn 0.9.20): Kiro files given to `scan` and the records cache
they share with discovery. NOW is 2026-03-05 12:00 UTC (tests/conftest)."""
from __future__ import annotations

import json
import os

WORKSPACE = "a" * 32


def kiro_home(home: str) -> dict[str, str]:
    """A v2 session of workspace /home/dev/work/app, a CLI session without
    its .json, and a v1 execution file of a workspace with no
    workspace.json; returns their paths."""
    sess = os.path.join(home, ".kiro", "sessions", "h1", "sess_one")
    os.makedirs(sess)
    with open(os.path.join(sess, "session.json"), "w") as f:
        json.dump({"id": "v2-one", "modelId": "claude-opus-4.5", "workspacePaths": ["/home/dev/work/app"]}, f)
    t = "2026-03-05T10:00:00.000Z"
    with open(os.path.join(sess, "messages.jsonl"), "w") as f:
        for rec in ({"id": "u", "timestamp": t, "payload": {"type": "user", "content": "add validation"}},
                    {"id": "ts", "timestamp": t, "payload": {"type": "turn_start", "executionId": "exec-1"}},
                    {"id": "a", "timestamp": t, "payload": {"type": "assistant", "operationType": "Say",
                                                           "content": "Added zod schema."}},
                    {"id": "te", "timestamp": t, "payload": {"type": "turn_end"}}):
            f.write(json.dumps(rec) + "\n")
    cli = os.path.join(home, ".kiro", "sessions", "cli")
    os.makedirs(cli)
    with open(os.path.join(cli, "bbb.jsonl"), "w") as f:
        f.write(json.dumps({"version": "1", "kind": "Prompt", "data": {
            "message_id": "m1", "content": [{"kind": "text", "data": "hello"}], "meta": {"timestamp": 1772704800}}})
            + "\n")
        f.write(json.dumps({"version": "1", "kind": "AssistantMessage", "data": {
            "message_id": "m2", "content": [{"kind": "text", "data": "Hi there, what can I do?"}]}}) + "\n")
    agent = os.path.join(home, ".config", "Kiro", "User", "globalStorage", "kiro.kiroagent", WORKSPACE, "sh1")
    os.makedirs(agent)
    with open(os.path.join(agent, "ex1"), "w") as f:
        json.dump({"executionId": "exec-v1", "sessionId": "chat-1", "modelId": "claude-haiku-4.5", "startTime": t,
                   "context": {"messages": [{"role": "user", "content": "refactor"},
                                            {"role": "assistant", "content": "Refactored."}]}}, f)
    return {"v2": sess, "cli": os.path.join(cli, "bbb.jsonl"), "ide": os.path.join(agent, "ex1")}


def projects(doc) -> list[tuple[str, int]]:
    return sorted((p["name"], p["sessions"]) for p in doc["projects"])


def test_kiro_files_given_to_scan_are_named_as_discovery_names_them(run, tmp_path):
    """A v2 session given to `scan` is its workspace's (`app`, as in 0.9.20's
    report), not its `sess_one` folder's; a CLI session without its .json
    is `kiro-cli` (not its folder `cli`); a v1 execution file below
    `kiro.kiroagent/` is read (0 calls before) and named by its workspace,
    here the hash, as discovery names it."""
    home = str(tmp_path / "home")
    paths = kiro_home(home)
    env = {"HOME": home}
    report = run("report", "--format", "json", "-p", "all", "--provider", "kiro", env=env).json
    assert projects(report) == [(WORKSPACE, 1), ("app", 1), ("kiro-cli", 1)]
    for path, name in ((paths["v2"], "app"), (paths["cli"], "kiro-cli"), (paths["ide"], WORKSPACE)):
        doc = run("scan", "--format", "json", path, env=env).json
        assert [p["name"] for p in doc["projects"]] == [name]
        assert doc["overview"]["calls"] == 1
    whole = run("scan", "--format", "json", home, env=env).json
    assert projects(whole) == projects(report)
    assert whole["overview"]["cost"] == report["overview"]["cost"]


def test_scan_and_report_do_not_answer_each_other_from_the_records_cache(run, tmp_path):
    """An entry of the records cache was keyed on the file alone: after
    `scan` of a Kiro session folder named it `sess_one`, a warm `report`
    showed `sess_one` too (and the reverse). A Source's names are now part
    of the entry's key."""
    from codeburn.cache.recordcache import RecordCache
    from codeburn.providers import kiro
    from codeburn.providers.base import Source, Walker
    from codeburn.providers.records import ReadLog

    home = str(tmp_path / "home")
    paths = kiro_home(home)
    messages = os.path.join(paths["v2"], "messages.jsonl")
    cache = RecordCache(str(tmp_path / "cache"))
    found = next(s for s in kiro.discover({}, home, Walker()) if s.path == messages)
    assert found.project == "app"
    stamp = cache.stamp(kiro, found)
    w = cache.writer(found, stamp)
    for s in kiro.read(found, ReadLog()):
        w.add(s)
    w.finish(ReadLog())
    assert cache.get(found, stamp) is not None
    other = Source(found.provider, found.path, "sess_one", found.session_id, found.project_dir)
    assert cache.get(other, cache.stamp(kiro, other)) is None
