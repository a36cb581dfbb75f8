"""Pi and OMP sessions (spec providers §1.7): discovery by the `session`
header in the first 20 lines, per-message calls with Anthropic token
semantics, skill loads, the path-based dedup key and its fallbacks. The
expected totals are CodeBurn 0.9.20's on the same files."""
from __future__ import annotations

import os

from codeburn.providers import omp, pi
from codeburn.providers.records import Tool
from tests.provider_files import (
    bad_input_run, calls_of, dumps, models_of, named_calls, overview, read_all, report, totals, unique, write_jsonl
)

AUTH = "--home-dev-auth-service--"
WEB = "--home-dev-web--"


def header(sid, cwd="/home/dev/auth-service", ts="2026-10-14T10:00:00.000Z"):
    h = {"type": "session", "version": 3, "id": sid, "timestamp": ts}
    if cwd is not None:
        h["cwd"] = cwd
    return h


def user(mid, ts, *texts, content=None):
    return {"type": "message", "id": mid, "parentId": None, "timestamp": ts,
            "message": {"role": "user", "content": content if content is not None else
                        [{"type": "text", "text": t} for t in texts], "timestamp": 1792000000000}}


def answer(mid, ts, usage, model="claude-sonnet-4-5", rid=None, tools=(), text="ok", **extra):
    content = [{"type": "text", "text": text}]
    content += [{"type": "toolCall", "id": f"call-{mid}-{i}", "name": n, "arguments": a} for i, (n, a) in enumerate(tools)]
    msg = {"role": "assistant", "content": content, "api": "anthropic-messages", "provider": "anthropic"}
    if model is not None:
        msg["model"] = model
    if rid is not None:
        msg["responseId"] = rid
    msg.update(usage=usage, stopReason="toolUse" if tools else "stop", timestamp=1792000000000)
    rec = {"type": "message", "id": mid, "parentId": None, "timestamp": ts, "message": msg}
    rec.update(extra)
    if mid is None:
        del rec["id"]
    if ts is None:
        del rec["timestamp"]
    return rec


def tool_result(mid, ts):
    return {"type": "message", "id": mid, "timestamp": ts,
            "message": {"role": "toolResult", "toolCallId": "x", "toolName": "bash",
                        "content": [{"type": "text", "text": "ok"}]}}


def u(i=0, o=0, cr=None, cw=None, **extra):
    usage = {"input": i, "output": o}
    if cr is not None:
        usage["cacheRead"] = cr
    if cw is not None:
        usage["cacheWrite"] = cw
    usage.update(totalTokens=0, cost={"total": 0.5})
    usage.update(extra)
    return usage


def build(home: str) -> None:
    """Two projects, three Pi sessions and one OMP session, every quirk."""
    sessions = os.path.join(home, ".pi", "agent", "sessions")
    write_jsonl(os.path.join(sessions, AUTH, "2026-10-14_pi-sess-01.jsonl"), [
        header("pi-sess-01"),
        user("u1", "2026-10-14T10:00:10.000Z", "split the token module"),
        answer("a1", "2026-10-14T10:00:30.000Z", u(1000, 200, 5000, 300), rid="resp-001", tools=[
            ("read", {"path": "/home/dev/.pi/agent/skills/refactor/SKILL.md"}),
            ("bash", {"command": "git mv src/token.ts src/token/index.ts"})]),
        tool_result("t1", "2026-10-14T10:00:31.000Z"),
        user("u2", "2026-10-14T10:01:00.000Z", "now run", "the tests"),
        # no responseId: keyed by the entry id; cacheWrite missing reads 0
        answer("a2", "2026-10-14T10:01:30.000Z", u(400, 150, 7000), tools=[
            ("bash", {"command": "npm test && git status"}), ("edit", {"path": "src/token/index.ts"})]),
        # input and output both 0: not a call, whatever its cache read
        answer("a3", "2026-10-14T10:01:40.000Z", u(0, 0, 500), rid="resp-zero"),
        # no model: priced as gpt-5
        answer("a4", "2026-10-14T10:02:00.000Z", u(2000, 300), model=None, rid="resp-004"),
        # the same responseId again in this file: one call
        answer("a5", "2026-10-14T10:02:10.000Z", u(2000, 300), model=None, rid="resp-004"),
    ])
    write_jsonl(os.path.join(sessions, AUTH, "2026-10-15_pi-sess-02.jsonl"), [
        "", "", "",
        header("pi-sess-02", ts="2026-10-15T09:00:00.000Z"),
        user("u1", "2026-10-15T09:00:05.000Z", content="a plain string prompt"),
        # no responseId, no id: keyed by the timestamp
        answer(None, "2026-10-15T09:00:20.000Z", u(300, 80, 1200, 100), model="claude-haiku-4-5"),
        # no time at all: keyed by its line index, outside every period
        answer(None, None, u(50, 10), model="claude-haiku-4-5"),
    ])
    # no session header in the first 20 non-empty lines: not a Pi session
    write_jsonl(os.path.join(sessions, AUTH, "stray.jsonl"), [""] * 5 + [{"type": "note", "n": i} for i in range(20)] + [
        header("stray"), answer("s1", "2026-10-15T09:00:20.000Z", u(999, 999))])
    write_jsonl(os.path.join(sessions, WEB, "2026-11-02_web.jsonl"), [
        header("pi-web-01", cwd=None, ts="2026-11-02T08:00:00.000Z"),
        user("u1", "2026-11-02T08:00:01.000Z", "find where the router is configured"),
        answer("a1", "2026-11-02T08:00:10.000Z", u(5000, 700, 20000, 2500), model="claude-opus-4-6", rid="r1", tools=[
            ("grep", {"pattern": "createRouter"}), ("glob", {"pattern": "src/**/*.ts"}),
            ("read", {"path": "skill://deploy/SKILL.md"}), ("fetch", {"url": "https://example.com"}),
            ("search", {"query": "vite router"}), ("todo", {"items": []}), ("task", {"prompt": "x"})]),
        answer("a2", "2026-11-02T08:01:10.000Z", u(800, 90, 25000), model="claude-opus-4-6", rid="r2", tools=[
            ("write", {"path": "src/router.ts"}), ("patch", {"diff": "..."})]),
    ])
    omp_sessions = os.path.join(home, ".omp", "agent", "sessions")
    write_jsonl(os.path.join(omp_sessions, "--home-dev-cli--", "omp-1.jsonl"), [
        {"type": "title", "v": 1, "title": "Fix flags", "updatedAt": "2026-11-03T10:05:00.000Z", "pad": "      "},
        header("omp-sess-01", cwd="/home/dev/cli", ts="2026-11-03T10:00:00.000Z"),
        user("u1", "2026-11-03T10:00:02.000Z", "fix the --verbose flag"),
        answer("a1", "2026-11-03T10:00:12.000Z", u(1500, 400, 3000, 600), model="claude-sonnet-4-5", rid="o1",
               tools=[("bash", {"command": "cargo test -q"}), ("edit", {"path": "src/main.rs"})]),
        answer("a2", "2026-11-03T10:00:40.000Z", u(200, 60, 4500), model="claude-sonnet-4-5", rid="o2"),
    ])


def test_pi_calls_tokens_and_keys(tmp_path):
    home = str(tmp_path)
    build(home)
    sessions, log, sources = read_all(pi, home)
    assert [os.path.basename(s.path) for s in sources] == [
        "2026-10-14_pi-sess-01.jsonl", "2026-10-15_pi-sess-02.jsonl", "stray.jsonl", "2026-11-02_web.jsonl"]
    assert [(s.session_id, s.project, len(s.calls)) for s in sessions] == [
        ("pi-sess-01", "auth-service", 4), ("pi-sess-02", "auth-service", 2), ("pi-web-01", WEB, 2)]
    calls = calls_of(sessions)
    first = os.path.join(home, ".pi", "agent", "sessions", AUTH, "2026-10-14_pi-sess-01.jsonl")
    second = os.path.join(home, ".pi", "agent", "sessions", AUTH, "2026-10-15_pi-sess-02.jsonl")
    assert [c.key for c in calls[:6]] == [
        f"pi:{first}:resp-001", f"pi:{first}:a2", f"pi:{first}:resp-004", f"pi:{first}:resp-004",
        f"pi:{second}:2026-10-15T09:00:20.000Z", f"pi:{second}:3"]
    assert [c.model for c in calls] == ["claude-sonnet-4-5", "claude-sonnet-4-5", "gpt-5", "gpt-5",
                                        "claude-haiku-4-5", "claude-haiku-4-5", "claude-opus-4-6", "claude-opus-4-6"]
    assert calls[0].tools == [Tool("Skill", skill="refactor"),
                              Tool("bash", command="git mv src/token.ts src/token/index.ts")]
    assert calls[1].tools == [Tool("bash", command="npm test && git status"), Tool("edit", file="src/token/index.ts")]
    assert [c.prompt for c in calls[:5]] == ["split the token module", "now run the tests", "", "",
                                             "a plain string prompt"]
    assert calls[5].ts_ms is None and calls[6].tools[2] == Tool("Skill", skill="deploy")
    assert totals(unique(calls)) == {"calls": 6, "input": 9500, "output": 1520, "cacheRead": 58200,
                                     "cacheWrite": 2900, "reasoning": 0}
    assert log.skipped == 0


def test_omp_reads_pi_format_behind_a_title_line(tmp_path):
    home = str(tmp_path)
    build(home)
    sessions, log, _ = read_all(omp, home)
    assert [(s.session_id, s.project) for s in sessions] == [("omp-sess-01", "cli")]
    path = os.path.join(home, ".omp", "agent", "sessions", "--home-dev-cli--", "omp-1.jsonl")
    assert [c.key for c in sessions[0].calls] == [f"omp:{path}:o1", f"omp:{path}:o2"]
    assert totals(sessions[0].calls) == {"calls": 2, "input": 1700, "output": 460, "cacheRead": 7500,
                                         "cacheWrite": 600, "reasoning": 0}


def test_sniff_tells_pi_from_omp(tmp_path):
    home = str(tmp_path)
    build(home)
    p = os.path.join(home, ".pi", "agent", "sessions", WEB, "2026-11-02_web.jsonl")
    o = os.path.join(home, ".omp", "agent", "sessions", "--home-dev-cli--", "omp-1.jsonl")
    head_p, head_o = open(p, "rb").read(65536), open(o, "rb").read(65536)
    assert pi.sniff(p, head_p) and not omp.sniff(p, head_p)
    assert omp.sniff(o, head_o) and not pi.sniff(o, head_o)


# CodeBurn 0.9.20 on build()'s files: `report --format json -p all --provider pi|omp`.
PI_REPORT = {"calls": 6, "sessions": 3, "input": 9500, "output": 1520, "cacheRead": 58200, "cacheWrite": 2900,
             "cost": 0.107495}
OMP_REPORT = {"calls": 2, "sessions": 1, "input": 1700, "output": 460, "cacheRead": 7500, "cacheWrite": 600,
              "cost": 0.0165}


def test_report_equals_the_reference(tmp_path):
    home = str(tmp_path)
    build(home)
    status, d, err = report(home, "pi")
    assert status == 0 and err == "" and d.get("warnings", []) == []
    assert overview(d) == PI_REPORT
    assert models_of(d) == {
        "Opus 4.6": (2, 0.086875), "Sonnet 4.5": (2, 0.014175), "GPT-5": (1, 0.0055), "Haiku 4.5": (1, 0.000945)}
    assert named_calls(d["tools"]) == {
        "Skill": 2, "Bash": 2, "Grep": 1, "Glob": 1, "WebFetch": 1, "WebSearch": 1, "TodoWrite": 1, "Agent": 1,
        "Write": 1, "Patch": 1, "Edit": 1}
    assert named_calls(d["shellCommands"]) == {"git": 2, "npm": 1}
    assert {s["name"]: s["turns"] for s in d["skills"]} == {"deploy": 1, "refactor": 1}
    status, d, _ = report(home, "omp")
    assert overview(d) == OMP_REPORT


def test_bad_input_is_skipped_and_named(tmp_path):
    """A truncated last line, wrong types, a directory named like a session
    and an unreadable file: exit 0, the good files' exact totals, one
    warning per kind; --strict exits 1."""
    home = str(tmp_path / "home")
    build(home)
    auth = os.path.join(home, ".pi", "agent", "sessions", AUTH)
    write_jsonl(os.path.join(auth, "torn.jsonl"), [
        header("torn", ts="2026-10-20T09:00:00.000Z"),
        answer("b1", "2026-10-20T09:00:20.000Z", u(10, 10), rid="bad-1", **{}),
        answer("b2", "2026-10-20T09:00:30.000Z", u("many", 10), rid="bad-2"),     # a string count
        {"type": "message", "id": "b3", "timestamp": "2026-10-20T09:00:40.000Z", "message": "not an object"},
        [1, 2, 3],
    ], tail='{"type":"message","id":"b4","timestamp":"2026-10-20T09:00:50.000Z","message":{"role":"assis')
    os.makedirs(os.path.join(auth, "a-dir.jsonl"))
    write_jsonl(os.path.join(auth, "locked.jsonl"), [header("locked"), answer("l1", "2026-10-20T09:00:20.000Z", u(5, 5))])
    os.chmod(os.path.join(auth, "locked.jsonl"), 0)
    expect = dict(PI_REPORT, calls=7, sessions=4, input=9510, output=1530)
    expect["cost"] = round(PI_REPORT["cost"] + 10 * 3e-6 + 10 * 1.5e-5, 9)   # torn's one good Sonnet call
    d, kinds = bad_input_run(tmp_path, "pi")
    assert overview(d) == expect
    assert kinds == ["1 invalid JSON lines or records skipped;", "3 records of an unexpected shape skipped;",
                     "2 paths could not be read:"]
    warnings = d["warnings"]
    assert warnings[0].endswith("torn.jsonl:6") and warnings[1].endswith("torn.jsonl:3")
    assert warnings[2].endswith("Is a directory (and 1 more)")


def test_a_cwd_with_a_trailing_slash_names_its_last_folder(tmp_path):
    """`cwd: "/srv/app/"` is project `app`, as Node's basename gives (the
    reference lists it so); Python's basename of it is empty. Both the
    records reader and the compiled one label it."""
    home = str(tmp_path)
    write_jsonl(os.path.join(home, ".pi", "agent", "sessions", "--srv-app--", "s.jsonl"), [
        header("pi-slash", cwd="/srv/app/"),
        user("u1", "2026-10-14T10:00:10.000Z", "hello"),
        answer("a1", "2026-10-14T10:00:30.000Z", u(100, 20, 0, 0), rid="r1")])
    sessions, _, _ = read_all(pi, home)
    assert [(s.session_id, s.project) for s in sessions] == [("pi-slash", "app")]
    status, d, _ = report(home, "pi")
    assert status == 0 and [p["name"] for p in d["projects"]] == ["app"]
    assert d["overview"]["calls"] == 1


def test_top_sessions_of_equal_cost_keep_the_references_order(tmp_path):
    """topSessions lists sessions by cost; equal costs stay in the order
    the reference holds them: projects by cost, then sessions as read. The
    unpriced session of the cheap project `aaa` (read first) comes after
    both of `bbb`'s (CodeBurn 0.9.20 on these files)."""
    home = str(tmp_path)
    root = os.path.join(home, ".pi", "agent", "sessions")
    for d, name, model, rid in (("--x-aaa--", "s1", "zz-unknown-model-9", "r1"), ("--x-bbb--", "s2", "gpt-5", "r2"),
                                ("--x-bbb--", "s3", "zz-unknown-model-9", "r3")):
        write_jsonl(os.path.join(root, d, f"{name}.jsonl"), [
            header(name, cwd="/x/" + d.strip("-").split("-")[-1]),
            user("u1", "2026-10-14T10:00:10.000Z", "hello"),
            answer("a1", "2026-10-14T10:00:30.000Z", u(1000, 100, 0, 0), model=model, rid=rid)])
    status, d, _ = report(home, "pi")
    assert status == 0
    assert [(s["project"], s["sessionId"], round(s["cost"], 9)) for s in d["topSessions"]] == [
        ("bbb", "s2", 0.00225), ("bbb", "s3", 0), ("aaa", "s1", 0)]


def test_activities_of_equal_cost_keep_the_references_order(tmp_path):
    """Activities of equal cost stay in the order the reference's walk
    (projects by cost, then sessions as read) first meets them: the $0
    Exploration turn of the costlier `bbb` comes before the $0
    Conversation of `aaa`, read first (CodeBurn 0.9.20 on these files)."""
    home = str(tmp_path)
    root = os.path.join(home, ".pi", "agent", "sessions")
    write_jsonl(os.path.join(root, "--x-aaa--", "s1.jsonl"), [
        header("s1", cwd="/x/aaa"), user("u1", "2026-10-14T10:00:10.000Z", "hello there"),
        answer("a1", "2026-10-14T10:00:30.000Z", u(1000, 100, 0, 0), model="zz-unknown-model-9", rid="r1")])
    write_jsonl(os.path.join(root, "--x-bbb--", "s2.jsonl"), [
        header("s2", cwd="/x/bbb"), user("u1", "2026-10-14T11:00:10.000Z", "fix the failing login test"),
        answer("a1", "2026-10-14T11:00:30.000Z", u(1000, 100, 0, 0), model="gpt-5", rid="r2",
               tools=[("edit", {"path": "src/a.py"})]),
        user("u2", "2026-10-14T11:01:10.000Z", "where is the config loaded"),
        answer("a2", "2026-10-14T11:01:30.000Z", u(1000, 100, 0, 0), model="zz-unknown-model-9", rid="r3",
               tools=[("read", {"path": "src/config.py"}), ("grep", {"pattern": "config"})])])
    status, d, _ = report(home, "pi")
    assert status == 0
    assert [(a["category"], round(a["cost"], 9), a["turns"]) for a in d["activities"]] == [
        ("Debugging", 0.00225, 1), ("Exploration", 0, 1), ("Conversation", 0, 1)]


def test_a_byte_order_mark_before_the_header(tmp_path):
    """The reference finds a session whose header line starts with a BOM
    (its discovery trims the line) but reads that line as invalid JSON, so
    the session's id is the file's stem and its calls count. CodeBurn
    0.9.20 on this file: 2 calls, $0.0168 (1200/300/5000/400 and
    800/100/6000/0 tokens of Sonnet 4.5), project bom-app, session
    2026-11-20T10-00-00_pi-bom-1, shell command npm."""
    home = str(tmp_path)
    rows = [{"type": "session", "version": 3, "id": "pi-bom-1", "timestamp": "2026-11-20T10:00:00.000Z",
             "cwd": "/work/bom-app"},
            {"type": "message", "id": "u", "timestamp": "2026-11-20T10:00:01.000Z",
             "message": {"role": "user", "content": "run npm install"}},
            {"type": "message", "id": "a1", "timestamp": "2026-11-20T10:01:00.000Z", "message": {
                "role": "assistant", "model": "claude-sonnet-4-5",
                "content": [{"type": "toolCall", "id": "t", "name": "bash", "arguments": {"command": "npm install"}}],
                "usage": {"input": 1200, "output": 300, "cacheRead": 5000, "cacheWrite": 400}}},
            {"type": "message", "id": "a2", "timestamp": "2026-11-20T10:02:00.000Z", "message": {
                "role": "assistant", "model": "claude-sonnet-4-5", "content": [{"type": "text", "text": "done"}],
                "usage": {"input": 800, "output": 100, "cacheRead": 6000, "cacheWrite": 0}}}]
    path = os.path.join(home, ".pi", "agent", "sessions", "--work-bom-app--", "2026-11-20T10-00-00_pi-bom-1.jsonl")
    write_jsonl(path, [b"\xef\xbb\xbf" + dumps(rows[0]).encode()] + rows[1:])
    status, d, err = report(home, "pi")
    assert status == 0, err
    assert overview(d) == {"calls": 2, "sessions": 1, "input": 2000, "output": 400, "cacheRead": 11000,
                           "cacheWrite": 400, "cost": 0.0168}
    assert [(p["name"], p["sessions"]) for p in d["projects"]] == [("bom-app", 1)]
    assert [s["sessionId"] for s in d["topSessions"]] == ["2026-11-20T10-00-00_pi-bom-1"]
    assert d["shellCommands"] == [{"name": "npm", "calls": 1}]


def test_a_session_run_in_the_root_or_an_empty_cwd(tmp_path):
    """A header cwd of "" or "/" has an empty basename: the reference names
    both sessions' project "" (path "/"), one project of 2 sessions, not
    their folders' names. CodeBurn 0.9.20 on these files: projects
    [("", "/", 2 sessions)], export's project "/"."""
    home = str(tmp_path)
    for name, cwd in (("e", ""), ("r", "/")):
        write_jsonl(os.path.join(home, ".pi", "agent", "sessions", f"--{name}--", f"{name}.jsonl"), [
            {"type": "session", "version": 3, "id": f"pi-{name}", "timestamp": "2026-11-20T10:00:00.000Z", "cwd": cwd},
            {"type": "message", "id": "a1", "timestamp": "2026-11-20T10:01:00.000Z", "message": {
                "role": "assistant", "content": [], "model": "claude-sonnet-4-5",
                "usage": {"input": 1200, "output": 300, "cacheRead": 0, "cacheWrite": 0}}}])
    status, d, err = report(home, "pi")
    assert status == 0, err
    assert [(p["name"], p["path"], p["sessions"]) for p in d["projects"]] == [("", "/", 2)]
    assert sorted((s["sessionId"], s["project"]) for s in d["topSessions"]) == [("pi-e", ""), ("pi-r", "")]
