"""`codeburn optimize` on histories and config trees written into tmp dirs.
Every expected number is worked out by hand from spec commands §4 (token
constants of §4.2, thresholds of §4.3-4.6) and Sonnet 4.5's prices (USD per
1M tokens: input 3, output 15, cache write 3.75, cache read 0.3). The clock
is 2026-03-05 12:00 UTC: the default period (30 days) starts 2026-02-03, the
recent window (48 h) at 2026-03-03 12:00."""
from __future__ import annotations

import json
import os
import time

import pytest

from codeburn.optimize.findings import Finding, health
from tests.conftest import assistant_line, usage, user_line

OLD = "2026-03-01T10:{:02d}:{:02d}.000Z"      # before the recent window
NEW = "2026-03-05T09:{:02d}:{:02d}.000Z"      # inside it
QUIET = {"BASH_MAX_OUTPUT_LENGTH": "15000"}    # keeps bash-output-cap out of tests of other detectors
P_IN, P_OUT, P_CW, P_CR = 3e-6, 15e-6, 3.75e-6, 0.3e-6


class Log:
    """Builds one session file: each call gets a unique id and the next timestamp."""

    def __init__(self, history, cwd, sid="s1", when=OLD, slug=None, subdir=""):
        self.history, self.cwd, self.sid, self.when = history, cwd, sid, when
        self.slug, self.subdir = slug or cwd.replace("/", "-"), subdir
        self.recs, self.n, self.calls = [], 0, []

    def ts(self, when=None):
        self.n += 1
        return (when or self.when).format(self.n // 60 % 60, self.n % 60)

    def user(self, text, when=None, **extra):
        self.recs.append(user_line(text, ts=self.ts(when), cwd=self.cwd, session=self.sid, **extra))
        return self

    def call(self, *tools, inp=100, out=10, cw=0, cr=0, when=None, side=False):
        mid = f"{self.sid}-m{self.n}"
        self.recs.append(assistant_line(mid, ts=self.ts(when), usage=usage(inp, out, cw, cr), tools=list(tools),
                                        cwd=self.cwd, session=self.sid, sidechain=side))
        self.calls.append((inp, out, cw, cr))
        return self

    def inventory(self, names):
        """A deferred_tools_delta attachment: the tools Claude Code deferred (tool search on)."""
        self.recs.append({"type": "attachment", "sessionId": self.sid, "timestamp": self.ts(),
                          "attachment": {"type": "deferred_tools_delta", "addedNames": ["Bash"] + list(names)}})
        return self

    def save(self):
        self.history.write(self.slug, self.sid + ".jsonl", self.recs, subdir=self.subdir)
        return self


def rate(*logs) -> float:
    """costRate of spec §4.2 for Sonnet calls: cost x 0.7 / (input + cache tokens)."""
    calls = [c for log in logs for c in log.calls]
    cost = sum(i * P_IN + o * P_OUT + w * P_CW + r * P_CR for i, o, w, r in calls)
    return cost * 0.7 / sum(i + w + r for i, o, w, r in calls)


@pytest.fixture
def proj(tmp_path):
    p = tmp_path / "proj"
    p.mkdir()
    return str(p)


@pytest.fixture
def home(tmp_path):
    return tmp_path / "home"


@pytest.fixture
def opt(run):
    def _opt(*argv, env=None):
        r = run("optimize", "--format", "json", *argv, env={**QUIET, **(env or {})})
        assert r.status == 0, r.stderr
        doc = r.json
        doc["by_id"] = {f["id"]: f for f in doc["findings"]}
        return doc
    return _opt


def read(p):
    return ("Read", {"file_path": p})


def edit(p):
    return ("Edit", {"file_path": p})


def bash(cmd):
    return ("Bash", {"command": cmd})


def config_file(path, obj, age_days=7):
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path, "w") as f:
        f.write(obj if isinstance(obj, str) else json.dumps(obj))
    t = time.time() - age_days * 86400
    os.utime(path, (t, t))


# --- build-folder-reads -------------------------------------------------------

def test_build_folder_reads_fires(opt, history, proj):
    log = Log(history, proj).user("look")
    for i in range(6):
        log.call(read(f"{proj}/node_modules/a{i}.js"))
    log.call(read(f"{proj}/dist/out.js")).save()
    f = opt()["by_id"]["build-folder-reads"]
    assert (f["severity"], f["tokensSaved"], f["trend"], f["class"], f["basis"]) == ("medium", 7 * 600, "active",
                                                                                     "fix", "estimated")
    assert f["estimatedSavingsUSD"] == pytest.approx(4200 * rate(log), rel=1e-12)
    assert "node_modules/ (6x), dist/ (1x) (7 reads)" in f["explanation"]
    assert f["fix"] == {"type": "paste", "destination": "claude-md", "label": "Append to your project CLAUDE.md:",
                        "text": "Do not read or search files under these directories unless I explicitly ask: "
                                "node_modules, dist, .git, __pycache__."}


def test_build_folder_reads_under_threshold(opt, history, proj):
    log = Log(history, proj).user("look")
    log.call(read(f"{proj}/node_modules/a.js"), read(f"{proj}/.git/HEAD"), read(f"{proj}/src/x.ts")).save()
    assert "build-folder-reads" not in opt()["by_id"]


def test_build_folder_reads_high_over_20(opt, history, proj):
    log = Log(history, proj).user("look")
    for i in range(21):
        log.call(read(f"{proj}/.venv/lib{i}.py"))
    log.save()
    assert opt()["by_id"]["build-folder-reads"]["severity"] == "high"


def _junk(history, proj, old, new, other_recent=False):
    log = Log(history, proj).user("look")
    for i in range(old):
        log.call(read(f"{proj}/node_modules/o{i}.js"))
    for i in range(new):
        log.call(read(f"{proj}/node_modules/n{i}.js"), when=NEW)
    if other_recent:
        log.call(read(f"{proj}/src/app.ts"), when=NEW)
    log.save()


def test_trend_new_when_all_recent(opt, history, proj):
    _junk(history, proj, 0, 4)
    assert opt()["by_id"]["build-folder-reads"]["trend"] == "active"


def test_trend_improving(opt, history, proj):
    # 40 reads over the 684-hour baseline, 1 in the 48-hour window: 1/48 < 0.5 x 40/684
    _junk(history, proj, 40, 1)
    assert opt()["by_id"]["build-folder-reads"]["trend"] == "improving"


def test_trend_active_at_the_same_rate(opt, history, proj):
    _junk(history, proj, 20, 1)  # 1/48 >= 0.5 x 20/684
    assert opt()["by_id"]["build-folder-reads"]["trend"] == "active"


def test_trend_resolved_is_dropped(opt, history, proj):
    _junk(history, proj, 10, 0, other_recent=True)
    assert "build-folder-reads" not in opt()["by_id"]


def test_trend_without_recent_activity_stays_active(opt, history, proj):
    _junk(history, proj, 10, 0)
    assert opt()["by_id"]["build-folder-reads"]["trend"] == "active"


# --- redundant-rereads --------------------------------------------------------

def test_redundant_rereads_fire(opt, history, proj):
    log = Log(history, proj).user("look")
    for _ in range(4):
        log.call(read(f"{proj}/src/a.ts"))
    for _ in range(3):
        log.call(read(f"{proj}/src/b.ts"))
    log.save()
    side = Log(history, proj, sid="agent-1", subdir="s1/subagents")
    for _ in range(5):  # a subagent's reads are not repeats
        side.call(read(f"{proj}/src/a.ts"), side=True)
    side.save()
    f = opt()["by_id"]["redundant-rereads"]
    assert (f["severity"], f["tokensSaved"], f["class"], f["trend"]) == ("low", 5 * 600, "nudge", "active")
    assert f["estimatedSavingsUSD"] == pytest.approx(3000 * rate(log, side), rel=1e-12)
    assert "5 redundant re-reads across sessions. Top repeats: a.ts (4x), b.ts (3x)." in f["explanation"]
    assert f["fix"]["destination"] == "prompt"


def write_rereads_in_streamed_records(history, proj, when=OLD) -> None:
    """s1 (the first file) reads x.ts twice, each time in the first record
    of a streamed message whose last record reads nothing; s2 reads y.ts
    twice in calls; s3 reads w.ts four times."""
    s1 = Log(history, proj, sid="s1", when=when).user("look")
    for k in range(2):
        s1.recs.append(assistant_line(f"s1-x{k}", ts=s1.ts(), usage=usage(100, 10), tools=[read(f"{proj}/x.ts")],
                                      cwd=proj, session="s1"))
        s1.call(inp=100, out=10)
        s1.recs[-1]["message"]["id"], s1.recs[-1]["requestId"] = f"s1-x{k}", f"req_s1-x{k}"   # the same message, streamed
    history.write(s1.slug, "a-s1.jsonl", s1.recs)
    s2 = Log(history, proj, sid="s2", when=when).user("look").call(read(f"{proj}/y.ts")).call(read(f"{proj}/y.ts"))
    history.write(s2.slug, "b-s2.jsonl", s2.recs)
    s3 = Log(history, proj, sid="s3", when=when).user("more")
    for _ in range(4):
        s3.call(read(f"{proj}/w.ts"))
    history.write(s3.slug, "c-s3.jsonl", s3.recs)


def test_redundant_rereads_name_files_of_equal_count_in_scan_order(opt, history, proj):
    """Files re-read as often are named as the reference's raw scan meets
    them, file by file: x.ts, read only in records no call row stands for
    (kept apart from the calls' tools here), before y.ts of the next file
    (0.9.20 on the same files, dated this week: the same explanation)."""
    write_rereads_in_streamed_records(history, proj)
    f = opt()["by_id"]["redundant-rereads"]
    assert "5 redundant re-reads across sessions. Top repeats: w.ts (4x), x.ts (2x), y.ts (2x)." in f["explanation"]


def test_redundant_rereads_under_threshold(opt, history, proj):
    log = Log(history, proj).user("look")
    for _ in range(5):  # 4 extra reads
        log.call(read(f"{proj}/src/a.ts"))
    log.save()
    Log(history, proj, sid="s2").user("again").call(read(f"{proj}/src/a.ts")).save()  # another session
    assert "redundant-rereads" not in opt()["by_id"]


# --- read-edit-ratio ----------------------------------------------------------

def test_read_edit_ratio_fires(opt, history, proj):
    log = Log(history, proj).user("change it")
    for i in range(10):
        log.call(edit(f"{proj}/f{i}.ts"))
    log.call(read(f"{proj}/a.ts"), ("Grep", {"pattern": "x"}), bash("rg foo | head -3"), bash("git log -3"))
    log.call(bash("npm test"), bash("cat x && rm y")).save()
    f = opt()["by_id"]["read-edit-ratio"]
    # reads 4 (2 tools + 2 read-only shell commands), edits 10: (40 - 4) x 600
    assert (f["severity"], f["tokensSaved"], f["class"], f["trend"]) == ("high", 36 * 600, "fix", "active")
    assert "Claude made 4 reads and 10 edits (ratio 0.4:1)" in f["explanation"]
    assert f["fix"]["text"].startswith("Before editing any file, read it first.")


def test_read_edit_ratio_counts_the_files_the_reference_scans(opt, history, proj):
    # The reference's optimize scan reads a project folder's transcripts and
    # the files directly in its `<session>/subagents/`, not the folder's own
    # `subagents/` nor the workflow agents below `subagents/workflows/`
    # (its reports read those): 2 reads and 10 edits here, not 2 and 20.
    log = Log(history, proj).user("change it")
    for i in range(8):
        log.call(edit(f"{proj}/f{i}.ts"))
    log.call(read(f"{proj}/a.ts")).save()
    Log(history, proj, sid="agent-a1", subdir="s1/subagents").user("sub").call(
        read(f"{proj}/b.ts"), edit(f"{proj}/g0.ts"), edit(f"{proj}/g1.ts"), side=True).save()
    for sid, subdir in (("agent-b2", "subagents"), ("agent-c3", "s1/subagents/workflows/wf-1")):
        side = Log(history, proj, sid=sid, subdir=subdir).user("sub")
        for i in range(5):
            side.call(edit(f"{proj}/{sid}-{i}.ts"), side=True)
        side.save()
    f = opt()["by_id"]["read-edit-ratio"]
    assert "Claude made 2 reads and 10 edits (ratio 0.2:1)" in f["explanation"]
    assert f["tokensSaved"] == 38 * 600


def test_read_edit_ratio_under_min_edits(opt, history, proj):
    log = Log(history, proj).user("change it")
    for i in range(9):
        log.call(edit(f"{proj}/f{i}.ts"))
    log.save()
    assert "read-edit-ratio" not in opt()["by_id"]


def test_read_edit_ratio_healthy_at_4(opt, history, proj):
    log = Log(history, proj).user("change it")
    for i in range(10):
        log.call(edit(f"{proj}/f{i}.ts"), read("/a"), read("/b"), read("/c"), read("/d"))
    log.save()
    assert "read-edit-ratio" not in opt()["by_id"]


def test_read_edit_ratio_low_and_medium(opt, history, proj):
    log = Log(history, proj).user("change it")
    for i in range(10):
        log.call(edit(f"{proj}/f{i}.ts"), read("/a"), read("/b"), read("/c"))
    log.save()
    f = opt()["by_id"]["read-edit-ratio"]
    assert (f["severity"], f["tokensSaved"]) == ("low", 10 * 600)  # ratio 3.0


def test_read_edit_ratio_resolved_and_improving(opt, history, proj):
    log = Log(history, proj).user("change it")
    for i in range(20):
        log.call(edit(f"/f{i}"))
    for i in range(10):
        log.call(edit(f"/g{i}"), read("/a"), read("/b"), read("/c"), read("/d"), when=NEW)
    log.save()
    assert "read-edit-ratio" not in opt()["by_id"]  # recent ratio 4: resolved


def test_read_edit_ratio_improving(opt, history, proj):
    log = Log(history, proj).user("change it")
    for i in range(20):
        log.call(edit(f"/f{i}"))
    for i in range(10):
        log.call(edit(f"/g{i}"), read("/a"), read("/b"), when=NEW)
    log.save()
    f = opt()["by_id"]["read-edit-ratio"]
    # overall 20/30 = 0.67; recent 2.0 > 2 x 0.67
    assert (f["trend"], f["tokensSaved"]) == ("improving", (120 - 20) * 600)


# --- warmup-heavy -------------------------------------------------------------

def test_warmup_heavy_fires(opt, history, proj):
    log = Log(history, proj).user("go")
    for _ in range(10):
        log.call(cw=80_000)
    log.save()
    f = opt()["by_id"]["warmup-heavy"]
    # fewer than 10 sessions with cache writes: baseline 50,000; median 80,000 >= 70,000
    assert (f["severity"], f["tokensSaved"], f["class"], f["trend"]) == ("high", 30_000 * 10, "nudge", "active")
    assert f["estimatedSavingsUSD"] == pytest.approx(300_000 * rate(log), rel=1e-12)
    assert f["fix"]["destination"] == "shell-config"


def _streamed(history, proj, messages):
    """Each message written as three records sharing its id (as Claude Code streams)."""
    recs = [user_line("go", ts=OLD.format(0, 0), cwd=proj, session="s1")]
    for m in range(messages):
        for k in range(3):
            recs.append(assistant_line(f"m{m}", ts=OLD.format(m, k + 1), usage=usage(100, 1 + k, 80_000, 0), cwd=proj,
                                       session="s1"))
    history.write(proj.replace("/", "-"), "s1.jsonl", recs)


def test_warmup_heavy_counts_every_streamed_record(opt, history, proj):
    _streamed(history, proj, 4)  # 12 records of 80,000 cache-write tokens (4 calls in the report)
    f = opt()["by_id"]["warmup-heavy"]
    assert (f["severity"], f["tokensSaved"]) == ("high", 30_000 * 12)


def test_warmup_heavy_nine_streamed_records(opt, history, proj):
    _streamed(history, proj, 3)
    assert "warmup-heavy" not in opt()["by_id"]


def test_warmup_heavy_under_thresholds(opt, history, proj):
    log = Log(history, proj).user("go")
    for _ in range(10):
        log.call(cw=69_999)  # median below 1.4 x 50,000
    log.save()
    Log(history, proj, sid="s2").user("go").call(cw=90_000).save()
    assert "warmup-heavy" not in opt()["by_id"]
    history.files.clear()


def test_warmup_heavy_needs_ten_calls(opt, history, proj):
    log = Log(history, proj).user("go")
    for _ in range(9):
        log.call(cw=200_000)
    log.save()
    assert "warmup-heavy" not in opt()["by_id"]


def test_warmup_heavy_medium_and_session_baseline(opt, history, proj):
    logs = []
    for k in range(10):  # ten sessions writing 10,000 each: baseline 10,000
        logs.append(Log(history, proj, sid=f"s{k}").user("go").call(cw=10_000).save())
    big = Log(history, proj, sid="big").user("go")
    for _ in range(11):
        big.call(cw=24_000)
    big.save()
    f = opt()["by_id"]["warmup-heavy"]
    # calls: 10 x 10,000 and 11 x 24,000; median (index 10 of 21) 24,000; excess 14,000
    assert (f["severity"], f["tokensSaved"]) == ("medium", 14_000 * 21)


# --- MCP ----------------------------------------------------------------------

def test_unused_mcp_fires(opt, history, proj, home):
    config_file(str(home / ".claude" / "settings.json"), {"mcpServers": {"github": {}, "my:slack": {}}})
    config_file(os.path.join(proj, ".mcp.json"), {"mcpServers": {"jira": {}}})
    Log(history, proj).user("go").call(("mcp__github__get_issue", {})).save()
    Log(history, proj, sid="s2").user("go").call().save()
    d = opt()
    assert "unused-mcp" in d["by_id"], (d["findings"], d["warnings"])
    f = d["by_id"]["unused-mcp"]
    # 2 unused x 5 tools x 400 tokens x 2 sessions
    assert (f["severity"], f["tokensSaved"], f["class"]) == ("medium", 2 * 2000 * 2, "fix")
    assert f["fix"] == {"type": "command", "label": "Remove unused servers:",
                        "text": "claude mcp remove my:slack\nclaude mcp remove jira"}
    # every configured server counts for deferral-off, the called one too (errata)
    g = d["by_id"]["mcp-deferral-off"]
    assert (g["severity"], g["tokensSaved"], g["class"]) == ("medium", 3 * 2000 * 2, "nudge")


def test_unused_mcp_grace_and_all_called(opt, history, proj, home):
    config_file(str(home / ".claude" / "settings.json"), {"mcpServers": {"github": {}}})
    config_file(os.path.join(proj, ".mcp.json"), {"mcpServers": {"fresh": {}}}, age_days=0)
    Log(history, proj).user("go").call(("mcp__github__x", {})).save()
    assert "unused-mcp" not in opt()["by_id"]


def test_broken_settings_named_and_read_as_absent(run, history, proj, home):
    """A settings file that is not JSON is named and read as absent, as 0.9.20
    skips that file alone: the project's .mcp.json still configures jira,
    never called (the MCP detectors were all skipped before)."""
    config_file(str(home / ".claude" / "settings.json"), "{not json")
    config_file(os.path.join(proj, ".mcp.json"), {"mcpServers": {"jira": {}}})
    log = Log(history, proj).user("look")
    for i in range(3):
        log.call(read(f"{proj}/node_modules/a{i}.js"))
    log.save()
    r = run("optimize", "--format", "json", env=QUIET)
    doc = r.json
    ids = {f["id"] for f in doc["findings"]}
    assert "unused-mcp" in ids and "build-folder-reads" in ids
    assert any("settings.json: not valid JSON; read as absent" in w for w in doc["warnings"])
    assert "not valid JSON" in r.stderr


def test_deferral_off_suppressed_by_tool_search_or_auto(opt, history, proj, home):
    config_file(str(home / ".claude" / "settings.json"), {"mcpServers": {"github": {}}, "env": {"ENABLE_TOOL_SEARCH": "auto"}})
    Log(history, proj).user("go").call(("mcp__github__x", {})).save()
    Log(history, proj, sid="s2").user("go").call().save()
    d = opt()["by_id"]
    assert "mcp-deferral-off" not in d
    # auto: 1 server x 2,000 = 2,000 tokens/session, under 5,000: no threshold finding either
    assert "mcp-defer-threshold" not in d


def test_auto_with_a_digit_javascript_does_not_call_one(opt, history, proj, home):
    """`auto:N` takes ASCII digits only, as JavaScript's \\d: `auto:０` (a
    fullwidth zero) is no `auto` setting, so deferral is off (0.9.20 on the
    same settings: mcp-deferral-off)."""
    config_file(str(home / ".claude" / "settings.json"), {"mcpServers": {"github": {}},
                                                           "env": {"ENABLE_TOOL_SEARCH": "auto:\uff10"}})
    Log(history, proj).user("go").call(("mcp__github__x", {})).save()
    Log(history, proj, sid="s2").user("go").call().save()
    assert "mcp-deferral-off" in opt()["by_id"]


def test_deferral_off_needs_two_sessions(opt, history, proj, home):
    config_file(str(home / ".claude" / "settings.json"), {"mcpServers": {"github": {}}})
    Log(history, proj).user("go").call(("mcp__github__x", {})).save()
    assert "mcp-deferral-off" not in opt()["by_id"]


def test_deferral_off_counts_claude_code_s_servers_only(opt, history, proj, home, tmp_path):
    """A Codex session calling another MCP server (linear) in the period:
    deferral is Claude Code's, so the finding counts github alone (the
    reference reads only Claude Code's records there), while unused-mcp
    still takes a server any tool called as used."""
    from tests.test_codex import line as cx_line, meta, tokens, usage as cx_usage, user as cx_user, write_rollout

    config_file(str(home / ".claude" / "settings.json"), {"mcpServers": {"github": {}, "linear": {}}})
    Log(history, proj).user("go").call(("mcp__github__x", {})).save()
    Log(history, proj, sid="s2").user("go").call().save()
    codex = tmp_path / "codex"
    write_rollout(str(codex), [
        meta(ts="2026-03-01T09:00:00.000Z", cwd=proj), cx_user("2026-03-01T09:00:01.000Z", "list the issues"),
        cx_line("2026-03-01T09:00:02.000Z", "event_msg",
                {"type": "mcp_tool_call_end", "invocation": {"server": "linear", "tool": "list_issues"}}),
        tokens("2026-03-01T09:00:03.000Z", cx_usage(100, 0, 10), cx_usage(100, 0, 10))], day="2026/03/01")
    d = opt(env={"CODEX_HOME": str(codex)})["by_id"]
    # configured github and linear, none pinned: 2 servers x 2,000 x 2 Claude sessions
    assert d["mcp-deferral-off"]["tokensSaved"] == 2 * 2000 * 2
    assert "unused-mcp" not in d
    config_file(str(home / ".claude" / "settings.json"), {"mcpServers": {"github": {}}})
    # linear only called by Codex: not one of Claude Code's servers (it was counted before: 2 x 2,000 x 2)
    assert opt(env={"CODEX_HOME": str(codex)})["by_id"]["mcp-deferral-off"]["tokensSaved"] == 1 * 2000 * 2


def test_defer_threshold_fires(opt, history, proj, home):
    servers = {f"s{i}": {} for i in range(3)}
    config_file(str(home / ".claude" / "settings.json"), {"mcpServers": servers, "env": {"ENABLE_TOOL_SEARCH": "auto:5"}})
    Log(history, proj).user("go").call(*[(f"mcp__s{i}__x", {}) for i in range(3)]).save()
    Log(history, proj, sid="s2").user("go").call().save()
    f = opt()["by_id"]["mcp-defer-threshold"]
    # 3 servers x 2,000 = 6,000 <= 5% of 200k (10,000), >= 5,000; x 2 sessions
    assert (f["severity"], f["tokensSaved"], f["class"]) == ("low", 12_000, "fix")
    assert "change ENABLE_TOOL_SEARCH=auto:5 to ENABLE_TOOL_SEARCH=auto:2" in f["fix"]["text"]


def test_alwaysload_hygiene(opt, history, proj, home):
    config_file(os.path.join(proj, ".mcp.json"), {"mcpServers": {"linear": {"alwaysLoad": True}, "hot": {"alwaysLoad": True}}})
    logs = [Log(history, proj, sid=f"s{k}").user("go").call(("mcp__hot__x", {})).save() for k in range(4)]
    d = opt()["by_id"]
    f = d["by_id"] if False else d["mcp-alwaysload-hygiene"]
    # linear: 0 calls / 4 sessions < 0.2 -> 5 x 400 x 4; hot: 1 call per session
    assert (f["severity"], f["tokensSaved"], f["class"]) == ("medium", 8000, "fix")
    assert f["title"] == "1 alwaysLoad MCP server rarely used"
    assert f["fix"]["text"] == f'- Remove "alwaysLoad": true from linear in {proj}/.mcp.json.'
    assert logs


# --- session-level ------------------------------------------------------------

def test_low_worth_session(opt, history, proj):
    # no edits, cost >= $3: 1,000,000 input tokens = $3.00
    log = Log(history, proj).user("explain").call(inp=1_000_000, out=0).save()
    f = opt()["by_id"]["low-worth-sessions"]
    assert (f["severity"], f["tokensSaved"], f["class"], f["basis"]) == ("low", 500_000, "nudge", "estimated")
    assert f["fix"]["destination"] == "session-opener"
    assert f["fix"]["label"] == ("Paste at the start of your NEXT expensive thread (one-time, do not add to "
                                 "CLAUDE.md):")
    assert f["estimatedSavingsUSD"] == pytest.approx(500_000 * rate(log), rel=1e-12)


def test_low_worth_just_under(opt, history, proj):
    Log(history, proj).user("explain").call(inp=999_999, out=0).save()  # $2.999997 < $3
    assert "low-worth-sessions" not in opt()["by_id"]


def test_context_heavy_session(opt, history, proj):
    peers = [Log(history, proj, sid=f"p{k}").user("go").call(inp=1000, out=1000).save() for k in range(2)]
    log = Log(history, proj, sid="ctx").user("go").call(inp=50_000, out=1_000, cr=500_000).save()
    f = opt()["by_id"]["context-heavy-sessions"]
    # effective 50,000 + 50,000 = 100,000; ratio 100:1; excess 100,000 - 15,000
    assert (f["severity"], f["tokensSaved"], f["class"], f["basis"]) == ("low", 85_000, "keep", "measured")
    assert "100.0K effective input/cache vs 1.0K output (100.0:1" in f["explanation"]
    assert peers and log


def test_context_heavy_under_ratio(opt, history, proj):
    Log(history, proj, sid="ctx").user("go").call(inp=100_000, out=4_001).save()  # 24.99:1
    assert "context-heavy-sessions" not in opt()["by_id"]


def test_cost_outlier(opt, history, proj):
    # input:output 20:1 keeps them out of context-heavy-sessions
    for k in range(5):
        Log(history, proj, sid=f"p{k}").user("go").call(inp=100_000, out=5_000).save()     # $0.375 each
    Log(history, proj, sid="big").user("go").call(inp=400_000, out=20_000, when=NEW).save()  # $1.50 = 4x
    f = opt()["by_id"]["cost-outliers"]
    # 420,000 tokens against the others' mean of 105,000
    assert (f["severity"], f["tokensSaved"], f["class"], f["basis"]) == ("medium", 315_000, "nudge", "measured")
    assert "(4.0x avg)" in f["explanation"]


def test_cost_outlier_not_at_exactly_twice(opt, history, proj):
    for k in range(5):
        Log(history, proj, sid=f"p{k}").user("go").call(inp=200_000, out=10_000).save()
    Log(history, proj, sid="big").user("go").call(inp=400_000, out=20_000, when=NEW).save()  # 2.0x: not > 2
    assert "cost-outliers" not in opt()["by_id"]


def test_retry_heavy_capability(opt, history, proj):
    log = Log(history, proj)
    for t in range(5):
        log.user(f"turn {t}")
        log.call(("mcp__jira__get", {}), inp=1000, out=100)
        log.call(edit(f"/h{t}"), inp=1000, out=100)
        if t < 3:
            log.call(bash("npm test"), inp=1000, out=100)
            log.call(edit(f"/h{t}"), inp=1000, out=100)
    log.save()
    f = opt()["by_id"]["retry-heavy-capabilities"]
    # 3 retried turns of 4 calls x 1,100 tokens, half recoverable
    assert (f["severity"], f["tokensSaved"], f["class"]) == ("low", 3 * 2200, "nudge")
    assert "MCP server jira: 3/5 edit turns retried (60%), 3 retries in" in f["explanation"]


def test_retry_heavy_needs_three_retry_turns(opt, history, proj):
    log = Log(history, proj)
    for t in range(5):
        log.user(f"turn {t}").call(("mcp__jira__get", {})).call(edit(f"/h{t}"))
        if t < 2:
            log.call(bash("npm test")).call(edit(f"/h{t}"))
    log.save()
    assert "retry-heavy-capabilities" not in opt()["by_id"]


# --- configuration ------------------------------------------------------------

def test_claude_md_with_imports(opt, history, proj):
    os.makedirs(os.path.join(proj, "docs"))
    with open(os.path.join(proj, "CLAUDE.md"), "w") as f:
        f.write("\n".join(["rule"] * 150) + "\n@./docs/a.md\n@/nonexistent.md")
    with open(os.path.join(proj, "docs", "a.md"), "w") as f:
        f.write("\n".join(["more"] * 99) + "\n@../CLAUDE.md")   # a cycle: counted once
    Log(history, proj).user("go").call().save()
    f = opt()["by_id"]["claude-md-too-long"]
    # 152 lines (two of them imports) + 100 lines of docs/a.md (whose import of CLAUDE.md is not
    # read again, though it counts as an import, as in the reference) = 252: 52 x 13
    assert (f["severity"], f["tokensSaved"], f["class"]) == ("medium", 52 * 13, "nudge")
    assert f"{proj}/CLAUDE.md (252 lines with 2 @-imports)" in f["explanation"]


def test_claude_md_at_200_lines(opt, history, proj):
    with open(os.path.join(proj, "CLAUDE.md"), "w") as f:
        f.write("\n".join(["rule"] * 200))
    Log(history, proj).user("go").call().save()
    assert "claude-md-too-long" not in opt()["by_id"]


def test_bash_output_cap(opt, history, proj, home):
    Log(history, proj).user("go").call().save()
    f = opt(env={"BASH_MAX_OUTPUT_LENGTH": ""})["by_id"]["bash-output-cap"]
    assert (f["severity"], f["tokensSaved"], f["class"]) == ("medium", 3750, "fix")
    assert f["fix"]["text"] == "export BASH_MAX_OUTPUT_LENGTH=15000"
    config_file(str(home / ".bashrc"), "export BASH_MAX_OUTPUT_LENGTH=40000\n")
    assert opt(env={"BASH_MAX_OUTPUT_LENGTH": "1000"})["by_id"]["bash-output-cap"]["tokensSaved"] == 6250
    config_file(str(home / ".bashrc"), "export BASH_MAX_OUTPUT_LENGTH='15000'\n")
    assert "bash-output-cap" not in opt(env={"BASH_MAX_OUTPUT_LENGTH": ""})["by_id"]


BLOCK = "Standing brief for the payments service. " * 50   # 2,050 chars


def test_recurring_context(opt, history, proj):
    for k in range(5):
        text = BLOCK if k else BLOCK.replace(". ", ".\n   ") + " trailing words"
        Log(history, proj, sid=f"s{k}").user(text).call().save()
    f = opt()["by_id"]["recurring-context"]
    # whitespace-collapsed first 2,000 chars equal; smallest length 2,050; 4 repeats x 2,050 x 0.25
    assert (f["severity"], f["tokensSaved"], f["class"]) == ("low", 2050, "nudge")
    assert f["title"] == "Same 2.0 KB block pasted at the start of 5 sessions"
    # the first 80 characters, and the last dash-separated part of the project's name
    assert ('"Standing brief for the payments service. Standing brief for the payments service..." — 5 sessions in '
            'proj, ~2.0K tokens') in f["explanation"]


def test_recurring_context_quotes_the_opener_in_the_period(run, history, proj):
    """Sessions begun yesterday that open today with the same block: the
    finding quotes the block (their first text in the period, what was
    grouped), as 0.9.20 does, not yesterday's first line."""
    for k in range(5):
        (Log(history, proj, sid=f"s{k}", when="2026-03-04T23:{:02d}:{:02d}.000Z").user("short hello from yesterday")
         .call().user(BLOCK, when="2026-03-05T08:{:02d}:{:02d}.000Z").call(when="2026-03-05T08:{:02d}:{:02d}.000Z")
         .save())
    doc = run("optimize", "--format", "json", "-p", "today").json
    (f,) = [f for f in doc["findings"] if f["id"] == "recurring-context"]
    assert '"Standing brief for the payments service. Standing brief for the payments service..."' in f["explanation"]
    assert "short hello" not in f["explanation"]


def test_recurring_context_counts_files_with_no_call_of_their_own(opt, history, proj):
    """0.9.20 takes each scanned Claude file's first user text, whether the
    file owns a call or not: 3 sessions with calls, one whose calls a
    resumed copy (a file sorting before it, same message ids) claimed, and
    one whose prompt got no reply make 5 (ours counted 3 and had no finding)."""
    for k in range(3):
        Log(history, proj, sid=f"s{k}").user(BLOCK).call().save()
    original = Log(history, proj, sid="s3").user(BLOCK).call().save()
    history.write(proj.replace("/", "-"), "a-resumed.jsonl", original.recs)  # sorts first: claims msg "s3-m2"
    Log(history, proj, sid="s4").user(BLOCK).save()
    f = opt()["by_id"]["recurring-context"]
    assert f["title"] == "Same 2.0 KB block pasted at the start of 6 sessions"
    assert f["tokensSaved"] == 2563  # 5 repeats x 2,050 x 0.25, rounded


def test_recurring_context_four_sessions_or_short(opt, history, proj):
    for k in range(4):
        Log(history, proj, sid=f"s{k}").user(BLOCK).call().save()
    for k in range(5):
        Log(history, proj, sid=f"t{k}").user(BLOCK[:1499]).call().save()
    assert "recurring-context" not in opt()["by_id"]


def test_ghosts(opt, history, proj, home):
    for n in ("reviewer", "planner", "tester"):
        config_file(str(home / ".claude" / "agents" / f"{n}.md"), "x")
    for n in ("pdf", "deploy"):
        config_file(str(home / ".claude" / "skills" / n / "SKILL.md"), "x")
    os.makedirs(home / ".claude" / "skills" / "not-a-skill")
    for n in ("ship", "lint"):
        config_file(str(home / ".claude" / "commands" / f"{n}.md"), "x")
    Log(history, proj).user("please /ship it").call(("Agent", {"subagent_type": "reviewer"}),
                                                     ("Skill", {"skill": "pdf"})).save()
    d = opt()["by_id"]
    a, s, c = d["unused-agents"], d["unused-skills"], d["unused-commands"]
    assert (a["severity"], a["tokensSaved"], a["class"]) == ("medium", 160, "fix")
    assert a["fix"]["text"] == ("mv ~/.claude/agents/planner.md ~/.claude/agents/.archived/\n"
                                "mv ~/.claude/agents/tester.md ~/.claude/agents/.archived/")
    assert (s["severity"], s["tokensSaved"]) == ("low", 80)
    assert s["fix"]["text"] == "mv ~/.claude/skills/deploy ~/.claude/skills/.archived/"
    assert (c["severity"], c["tokensSaved"]) == ("low", 60)
    assert c["fix"]["text"] == "mv ~/.claude/commands/lint.md ~/.claude/commands/.archived/"


def test_ghosts_all_used(opt, history, proj, home):
    config_file(str(home / ".claude" / "agents" / "reviewer.md"), "x")
    config_file(str(home / ".claude" / "commands" / "lint.md"), "x")
    Log(history, proj).user("<command-name>lint</command-name>").call(("Task", {"subagent_type": "reviewer"})).save()
    d = opt()["by_id"]
    assert "unused-agents" not in d and "unused-commands" not in d


# --- grade, ranking, output -----------------------------------------------------

def _f(impact):
    return Finding("warmup-heavy", "t", "e", impact, 0, {})


@pytest.mark.parametrize("impacts,score,grade", [
    ([], 100, "A"), (["low"], 97, "A"), (["high", "high"], 70, "C"), (["medium"] * 2, 86, "B"),
    (["high"] * 4, 40, "D"), (["high"] * 10, 20, "F")])
def test_health_grade(impacts, score, grade):
    assert health([_f(i) for i in impacts], {"high": 15, "medium": 7, "low": 3}, 80,
                  [("A", 90), ("B", 75), ("C", 55), ("D", 30)]) == (score, grade)


def test_summary_and_ranking(opt, history, proj):
    log = Log(history, proj).user("look")
    for i in range(6):
        log.call(read(f"{proj}/node_modules/a{i}.js"), inp=1000, out=100, cw=2000, cr=10_000)
    log.save()
    d = opt(env={"BASH_MAX_OUTPUT_LENGTH": ""})
    s = d["summary"]
    cost = 6 * (1000 * P_IN + 100 * P_OUT + 2000 * P_CW + 10_000 * P_CR)
    assert s["periodCostUSD"] == pytest.approx(cost, rel=1e-12)
    assert s["costRateUSD"] == pytest.approx(cost * 0.7 / (6 * 13_000), rel=1e-12)
    assert (s["sessions"], s["calls"], s["findingCount"], s["potentialSavingsTokens"]) == (1, 6, 2, 3600 + 3750)
    assert (s["healthScore"], s["healthGrade"]) == (86, "B")
    assert s["byClass"]["fix"]["count"] == 2 and s["measuredSavingsUSD"] == 0
    # equal class and impact: more tokens first
    assert [f["id"] for f in d["findings"]] == ["bash-output-cap", "build-folder-reads"]


def test_text_output_groups(run, history, proj):
    log = Log(history, proj).user("look")
    for i in range(6):
        log.call(read(f"{proj}/node_modules/a{i}.js"), read(f"{proj}/src/a.ts"))
    log.save()
    r = run("optimize", env=QUIET)
    assert r.status == 0
    assert "Fix now (apply-able) · ~3.6K tokens" in r.stdout and "Habits · ~3.0K tokens" in r.stdout
    assert "1. Claude is reading build/dependency folders" in r.stdout
    assert "2. Claude is re-reading the same files" in r.stdout
    # each fix block's header is padded to 58 columns as 0.9.20's (padEnd(PANEL_WIDTH - 4))
    heads = [line for line in r.stdout.split("\n") if line.startswith("  -- ")]
    assert heads and all(len(h) == 60 and h.endswith("\u2500  ") for h in heads), heads
    assert r.stderr == "  Analyzing your sessions...\n"  # the reference's progress line, text only
    assert run("optimize", "--format", "json", env=QUIET).stderr == ""


def test_codex_provider_skips_claude_detectors(opt, history, proj):
    log = Log(history, proj).user("look")
    for i in range(6):
        log.call(read(f"{proj}/node_modules/a{i}.js"))
    log.save()
    d = opt("--provider", "codex")
    assert d["findings"] == [] and d["summary"]["healthScore"] == 100


def test_only_and_explain(run, history, proj):
    log = Log(history, proj).user("look")
    for i in range(6):
        log.call(read(f"{proj}/node_modules/a{i}.js"), read(f"{proj}/src/a.ts"))
    log.save()
    r = run("optimize", "--format", "json", "--only", "redundant-rereads", env=QUIET)
    assert [f["id"] for f in r.json["findings"]] == ["redundant-rereads"]
    r = run("optimize", "--explain", "build-folder-reads", env=QUIET)
    assert "min_reads = 3" in r.stdout and "because 6 reads under" in r.stdout
    r = run("optimize", "--only", "nope")
    assert r.status == 2 and 'unknown finding id "nope"' in r.stderr


def test_no_data(run):
    r = run("optimize")
    assert r.status == 0 and "No usage data found for this period." in r.stdout
    r = run("optimize", "--format", "json")
    assert r.json["summary"]["healthScore"] == 100 and r.json["findings"] == []


# --- MCP inventory (deferred_tools_delta) ---------------------------------------

ATLAS = [f"mcp__atlas__t{i}" for i in range(11)]


def test_mcp_low_coverage(opt, history, proj, home):
    config_file(str(home / ".claude" / "settings.json"), {"mcpServers": {"atlas": {}}})
    Log(history, proj, sid="s1").user("go").inventory(ATLAS).call(("mcp__atlas__t0", {}), cw=10_000).save()
    Log(history, proj, sid="s2").user("go").inventory(ATLAS).call(cw=1_000, cr=50_000).save()
    d = opt()["by_id"]
    f = d["mcp-low-coverage"]
    # 10 unused tools x 400 = 4,000 tokens per session, charged up to each call's cache tokens:
    # writes 4,000 + 1,000 (x 1.25), reads 0 + 4,000 (x 0.1)
    assert (f["severity"], f["tokensSaved"], f["class"]) == ("medium", 6650, "fix")
    assert "atlas: 1/11 tools used (9% coverage) across 2 sessions" in f["explanation"]
    assert f["fix"] == {"type": "command",
                        "label": "Remove the underused local server, or trim its tools in your MCP config:",
                        "text": "claude mcp remove 'atlas'"}
    # the inventory shows deferral is on; low coverage owns the server
    assert "mcp-deferral-off" not in d and "unused-mcp" not in d


def test_mcp_low_coverage_needs_more_than_ten_tools(opt, history, proj):
    for k in range(2):
        Log(history, proj, sid=f"s{k}").user("go").inventory(ATLAS[:10]).call(cw=10_000).save()
    assert "mcp-low-coverage" not in opt()["by_id"]


def _scoped(history, tmp_path, p2_calls, p3_sessions):
    gh = ["mcp__gh__a", "mcp__gh__b", "mcp__gh__c"]
    dirs = []
    for name in ("p1", "p2", "p3"):
        d = tmp_path / name
        d.mkdir()
        dirs.append(str(d))
    Log(history, dirs[0], sid="h1").user("go").inventory(gh).call(("mcp__gh__a", {}), ("mcp__gh__a", {})).save()
    Log(history, dirs[1], sid="c2").user("go").inventory(gh).call(*[("mcp__gh__b", {})] * p2_calls,
                                                                  cw=1_000, cr=10_000).save()
    for k in range(p3_sessions):
        Log(history, dirs[2], sid=f"c3{k}").user("go").inventory(gh).call(cw=1_000, cr=10_000).save()
    return dirs


def test_mcp_project_scope(opt, history, tmp_path):
    dirs = _scoped(history, tmp_path, 0, 2)
    f = opt()["by_id"]["mcp-project-scope"]
    # 3 tools x 400 = 1,200 per cold session (3 of them): min(1,200, 1,000) x 1.25 + min(1,200, 10,000) x 0.1
    assert (f["severity"], f["tokensSaved"], f["class"]) == ("medium", 3 * 1370, "fix")
    assert (f"gh: 100% of 2 calls in {dirs[0]} (2 calls); loaded but unused in {dirs[2]} (2 loaded sessions), "
            f"{dirs[1]} (1 loaded session)") in f["explanation"]


def test_mcp_project_scope_needs_two_cold_sessions(opt, history, tmp_path):
    _scoped(history, tmp_path, 1, 1)
    assert "mcp-project-scope" not in opt()["by_id"]


def test_unreadable_config_files_are_named(run, history, proj, home):
    os.makedirs(os.path.join(proj, "CLAUDE.md"))      # a folder where the file should be
    os.makedirs(home / ".zshrc")
    Log(history, proj).user("go").call().save()
    r = run("optimize", "--format", "json", env={"BASH_MAX_OUTPUT_LENGTH": ""})
    ids = {f["id"] for f in r.json["findings"]}
    # read as absent, as 0.9.20 reads them: no CLAUDE.md, no limit in the profiles (so the default's finding)
    assert "bash-output-cap" in ids and "claude-md-too-long" not in ids
    assert sorted(w.split(": ", 2)[2] for w in r.json["warnings"]) == ["is a directory; read as absent"] * 2
    assert f"{proj}/CLAUDE.md" in r.stderr and ".zshrc" in r.stderr


def test_codex_copy_names_codex_and_agents_md(run, tmp_path):
    from tests.test_codex import meta, tokens, user, write_rollout
    from tests.test_codex import usage as cx_usage

    # 2,000,000 uncached input tokens of gpt-5.3-codex at $1.75/M: $3.50, no edits
    big = cx_usage(2_000_000, 0, 0)
    write_rollout(tmp_path / "codex", [meta(ts="2026-03-01T10:00:00.000Z"),
                                       user("2026-03-01T10:00:01.000Z", "explain the ledger"),
                                       tokens("2026-03-01T10:00:02.000Z", total=big, last=big)],
                  day="2026/03/01", name="rollout-2026-03-01T10-00-00-0196a1b2-3c4d-7e8f-9a0b-1c2d3e4f5a6b.jsonl")
    r = run("optimize", "--provider", "codex", "--format", "json", env={"CODEX_HOME": str(tmp_path / "codex")})
    (f,) = r.json["findings"]  # Claude-only detectors do not run
    assert (f["id"], f["severity"], f["tokensSaved"]) == ("low-worth-sessions", "low", 1_000_000)
    assert f["fix"]["label"] == ("Paste at the start of your NEXT expensive thread (one-time, do not add to "
                                 "AGENTS.md):")
    text = run("optimize", "--provider", "codex", env={"CODEX_HOME": str(tmp_path / "codex")}).stdout
    assert "One-time session opener (do NOT add to AGENTS.md)" in text


def test_redundant_rereads_resolved_and_new(opt, history, proj):
    log = Log(history, proj).user("look")
    for _ in range(6):
        log.call(read(f"{proj}/src/a.ts"))
    log.call(read(f"{proj}/src/b.ts"), when=NEW)   # recent work, no repeats: resolved
    log.save()
    assert "redundant-rereads" not in opt()["by_id"]
    new = Log(history, proj, sid="s2", when=NEW).user("look")
    for _ in range(6):
        new.call(read(f"{proj}/src/c.ts"))
    new.save()
    f = opt()["by_id"]["redundant-rereads"]
    # baseline 5 and recent 5 extra reads over 684 h and 48 h: still active
    assert (f["trend"], f["tokensSaved"]) == ("active", 10 * 600)


def test_warmup_heavy_resolved(opt, history, proj):
    log = Log(history, proj).user("go")
    for _ in range(10):
        log.call(cw=80_000)
    log.call(cw=1_000, when=NEW).call(cw=1_000, when=NEW)   # recent calls, none heavy
    log.save()
    assert "warmup-heavy" not in opt()["by_id"]


def test_warmup_heavy_improving(opt, history, proj):
    log = Log(history, proj).user("go")
    for _ in range(40):
        log.call(cw=80_000)
    log.call(cw=80_000, when=NEW)   # 1 heavy call in 48 h against 40 in 684 h
    log.save()
    assert opt()["by_id"]["warmup-heavy"]["trend"] == "improving"


def _model_turns(history, tmp_path, sonnet_turns, folder="web", opus_turns=30):
    web = tmp_path / folder
    web.mkdir()
    tag = "" if folder == "web" else folder  # (message ids of one folder's sessions are its own)
    for sid, model, n in ((tag + "o", "claude-opus-4-1-20250805", opus_turns),
                          (tag + "s", "claude-sonnet-4-5-20250929", sonnet_turns)):
        recs = []
        for t in range(n):
            recs.append(user_line(f"change {t}", ts=NEW.format(t, 0), cwd=str(web), session=sid))
            recs.append(assistant_line(f"{sid}{t}", ts=NEW.format(t, 1), model=model, usage=usage(3000, 300),
                                       tools=[("Edit", {"file_path": f"{web}/c{t}.tsx"})], cwd=str(web), session=sid))
        history.write(str(web).replace("/", "-"), sid + ".jsonl", recs)


def test_model_recommendation(run, history, tmp_path):
    _model_turns(history, tmp_path, 30)
    r = run("optimize", "--format", "json", env=QUIET)
    (rec,) = r.json["modelRecommendations"]
    # Opus 4.1 $15/$75 per M: 3,000 x 15e-6 + 300 x 75e-6 = $0.0675 an edit; Sonnet 4.5 $0.0135
    assert (rec["currentModel"], rec["candidateModel"], rec["provider"], rec["currentEditTurns"]) == (
        "claude-opus-4-1-20250805", "claude-sonnet-4-5-20250929", "claude", 30)
    assert rec["currentCostPerEdit"] == pytest.approx(0.0675) and rec["savingsPct"] == pytest.approx(80)
    assert rec["currentOneShotRate"] == 1 and rec["debuggingHeavy"] is False
    text = run("optimize", env=QUIET).stdout
    assert "claude-opus-4-1-20250805 -> claude-sonnet-4-5-20250929" in text
    assert "Top reworked files" in text


def test_model_recommendations_list_the_costliest_project_first(run, history, tmp_path):
    """0.9.20 goes through its projects costliest first: `b` (40 Opus edit
    turns) before `a` (30), though `a` is read first (probe S3)."""
    _model_turns(history, tmp_path, 30, folder="a")
    _model_turns(history, tmp_path, 30, folder="b", opus_turns=40)
    recs = run("optimize", "--format", "json", env=QUIET).json["modelRecommendations"]
    assert [(r["project"].rsplit("-", 1)[-1], r["currentEditTurns"]) for r in recs] == [("b", 40), ("a", 30)]


def test_model_recommendation_needs_30_edit_turns(run, history, tmp_path):
    _model_turns(history, tmp_path, 29)
    assert run("optimize", "--format", "json", env=QUIET).json["modelRecommendations"] == []


def test_menubar_scan_counts_every_project_under_exclude(run, history):
    """The menubar's optimize under --exclude: 0.9.20's session scan reads
    every project's sessions (12 edits in shop, 2 reads in web: the ratio
    fires), its cost rate the filtered projects' (web's 2 calls). Checked
    against 0.9.20 on the same files dated the day before: 0.08694 USD."""
    when = "2026-03-04T09:{:02d}:{:02d}.000Z"
    shop = Log(history, "/p/shop", sid="s1", when=when).user("change the cart")
    for i in range(12):
        shop.call(edit(f"/p/shop/f{i}.ts"))
    shop.save()
    Log(history, "/p/web", sid="s2", when=when).user("look at the header").call(read("/p/web/a.ts")).call(
        read("/p/web/b.ts")).save()
    r = run("status", "--format", "menubar-json", "--period", "week", "--exclude", "shop", env=QUIET)
    assert r.status == 0, r.stderr
    o = r.json["optimize"]
    assert (o["findingCount"], [f["title"] for f in o["topFindings"]]) == (1, ["Claude edits more than it reads"])
    assert o["savingsUSD"] == pytest.approx(27600 * 0.0009 * 0.7 / 200, rel=1e-12)


# --- thirteenth-session probes: 0.9.20's wording and readings (its outputs on the same files) ---

def test_recurring_context_quotes_80_utf16_units(opt, history, proj):
    """The quoted opener is JavaScript's slice(0, 80): an emoji counts two
    units, so 40 of them fill the excerpt (it was 80 characters)."""
    rocket = "\U0001F680"
    block = rocket * 60 + " " + BLOCK
    for k in range(5):
        Log(history, proj, sid=f"s{k}").user(block).call().save()
    f = opt()["by_id"]["recurring-context"]
    quoted = '"' + rocket * 40 + '..."'
    assert quoted + " — 5 sessions" in f["explanation"]
    assert quoted in f["fix"]["text"]


def test_deferral_settings_are_named_by_scope(opt, history, proj, home):
    """Explanations name a setting's scope and its ~-path, as 0.9.20 does
    (`user settings (~/.claude/settings.json)`); fixes keep the whole path."""
    settings = str(home / ".claude" / "settings.json")
    config_file(settings, {"mcpServers": {"github": {}, "linear": {}, "a": {}, "b": {}},
                           "env": {"ENABLE_TOOL_SEARCH": "auto:50"}})
    for k in range(4):
        Log(history, proj, sid=f"s{k}").user("go").call(("mcp__github__x", {})).save()
    f = opt()["by_id"]["mcp-defer-threshold"]
    assert f["explanation"].startswith(
        "ENABLE_TOOL_SEARCH=auto:50 is set in user settings (~/.claude/settings.json), deferring")
    config_file(settings, {"mcpServers": {"github": {}}, "env": {"ENABLE_TOOL_SEARCH": False}})
    f = opt()["by_id"]["mcp-deferral-off"]   # a boolean is String()ed: "false"
    assert "Cause: ENABLE_TOOL_SEARCH=false is set in user settings (~/.claude/settings.json)," in f["explanation"]
    assert f["fix"]["text"].startswith(f"Remove the ENABLE_TOOL_SEARCH=false setting from {settings}.")
    assert f["class"] == "fix"


def test_deferral_override_in_a_shell_profile(opt, history, proj, home):
    """`export ENABLE_TOOL_SEARCH=false` in ~/.zshrc is the cause (it was not
    read); 0.9.20's plans do not rewrite a shell profile, so it is a nudge."""
    config_file(str(home / ".claude" / "settings.json"), {"mcpServers": {"github": {}}})
    config_file(str(home / ".zshrc"), "alias ll='ls -l'\nexport ENABLE_TOOL_SEARCH=false\n")
    for k in range(2):
        Log(history, proj, sid=f"s{k}").user("go").call(("mcp__github__x", {})).save()
    f = opt()["by_id"]["mcp-deferral-off"]
    assert "Cause: ENABLE_TOOL_SEARCH=false is set in shell profile (~/.zshrc), forcing" in f["explanation"]
    assert f["class"] == "nudge"


@pytest.mark.parametrize("url, proxy", [("HTTPS://API.ANTHROPIC.COM", False), ("https://api.anthropic.com?x=1", False),
                                        ("https://u:p@api.anthropic.com:443/v1", False),
                                        ("  https://api.anthropic.com  ", False), ("api.anthropic.com", True),
                                        ("https://api.anthropic.com.evil.io/", True)])
def test_base_url_host_as_the_url_parser_reads_it(opt, history, proj, home, url, proxy):
    config_file(str(home / ".claude" / "settings.json"), {"mcpServers": {"github": {}},
                                                         "env": {"ANTHROPIC_BASE_URL": url}})
    for k in range(2):
        Log(history, proj, sid=f"s{k}").user("go").call(("mcp__github__x", {})).save()
    cause = opt()["by_id"]["mcp-deferral-off"]["explanation"]
    assert ("non-first-party host" in cause) == proxy
    if proxy:
        assert "ANTHROPIC_BASE_URL points at a non-first-party host in user settings (~/.claude/settings.json)." in cause
