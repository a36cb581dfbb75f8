"""Reading with several threads gives the same report as one, byte for byte:
dedup across files (resumed sessions copy message ids), streaming
duplicates, turns split across files, Codex rollouts between Claude files."""
from __future__ import annotations

import json
import os
import random

import pytest

from tests.conftest import adopted_view, as_bytes, assistant_line, tool_result_line, usage, user_line
from tests.test_codex import meta, tokens, user as codex_user, usage as codex_usage, write_rollout

TOOLS = [("Bash", {"command": "npm test"}), ("Edit", {"file_path": "/w/a.ts"}), ("Read", {"file_path": "/w/b.ts"}),
         ("Agent", {"subagent_type": "Explore"}), ("Skill", {"skill": "review"}), ("mcp__gh__issue", {}),
         ("Bash", {"command": "git status && rg foo"})]
PROMPTS = ["fix the login bug", "add a dark mode", "refactor the parser", "run the tests", "git push", "hello"]
MODELS = ["claude-sonnet-4-5-20250929", "claude-opus-4-7", "claude-haiku-4-5-20251001", "<synthetic>"]


def _history(root: str, rng: random.Random) -> None:
    ids: list[str] = []
    for f in range(24):
        project = f"-w-p{f % 5}"
        recs = []
        for t in range(rng.randint(1, 6)):
            day = rng.randint(1, 4)
            recs.append(user_line(rng.choice(PROMPTS), ts=f"2026-03-0{day}T1{t}:00:00Z", cwd=f"/w/p{f % 5}"))
            for c in range(rng.randint(1, 3)):
                if ids and rng.random() < 0.2:
                    mid = rng.choice(ids)              # copied from an earlier session (resume)
                else:
                    mid = f"msg_{f}_{t}_{c}"
                    ids.append(mid)
                tools = rng.sample(TOOLS, rng.randint(0, 3))
                u = usage(rng.randint(1, 5000), rng.randint(1, 900), rng.randint(0, 9000), rng.randint(0, 90000))
                line = dict(ts=f"2026-03-0{day}T1{t}:{c:02d}:00Z", model=rng.choice(MODELS), tools=tools,
                            cwd=f"/w/p{f % 5}")
                if rng.random() < 0.3:                 # streamed: a partial record first
                    recs.append(assistant_line(mid, usage=usage(1, 1), **line))
                recs.append(assistant_line(mid, usage=u, **line))
                for i, _ in enumerate(tools):
                    recs.append(tool_result_line(f"toolu_{mid}_{i}", "ok", ts=line["ts"], cwd=f"/w/p{f % 5}"))
        d = os.path.join(root, "claude", "projects", project)
        os.makedirs(d, exist_ok=True)
        with open(os.path.join(d, f"s{f}.jsonl"), "w") as fh:
            fh.write("\n".join(json.dumps(r) for r in recs) + "\n")


@pytest.mark.parametrize("seed, ahead", [(1, None), (2, 0), (3, 3000)])
def test_jobs_do_not_change_a_byte(tmp_path, run, monkeypatch, seed, ahead):
    """`ahead`: the threads' byte budget (None: as shipped, more than these
    files; 0: only the per-thread file window; 3000: a file or two more)."""
    from codeburn.read import parallel

    if ahead is not None:
        monkeypatch.setattr(parallel, "AHEAD_BYTES", ahead)
    _history(str(tmp_path), random.Random(seed))
    write_rollout(str(tmp_path / "codex"), [meta("2026-03-02T10:00:00.000Z"), codex_user("2026-03-02T10:00:01.000Z", "fix"),
                                            tokens("2026-03-02T10:00:02.000Z", codex_usage(500, 100, 50))],
                  day="2026/03/02")
    env = {"CLAUDE_CONFIG_DIR": str(tmp_path / "claude"), "CODEX_HOME": str(tmp_path / "codex")}
    outputs = {}
    for jobs in ("1", "2", "3", "8"):
        outputs[jobs] = [run(*cmd, "--jobs", jobs, env=env).stdout for cmd in (
            ("report", "-p", "30days", "--format", "json"), ("models", "--format", "csv", "--by-task", "--min-cost", "0"),
            ("report", "--day", "2026-03-03"), ("status", "--format", "json"),
            ("optimize", "--format", "json", "--from", "2026-03-01", "--to", "2026-03-05"))]
    assert json.loads(outputs["1"][0])["overview"]["calls"] > 50
    # the history exercises both kinds of dedup
    from codeburn.providers import claude
    from codeburn.providers.base import Walker
    from codeburn.read.scan import scan_sources
    stats = scan_sources(list(claude.discover(env, "/nonexistent", Walker())), jobs=2).stats
    assert stats["global_dups"] > 5 and stats["stream_dups"] > 5
    assert outputs["2"] == outputs["1"] and outputs["3"] == outputs["1"] and outputs["8"] == outputs["1"]


def test_bad_jobs_is_a_usage_error(run):
    r = run("report", "--jobs", "0")
    assert (r.status, r.stderr) == (2, 'codeburn: error: invalid --jobs "0" (a whole number of at least 1)\n')


# --- one large file read in parts by several threads ---------------------------------------------

def _seam_records() -> list:
    """Lines whose every boundary is a seam worth cutting at: streamed calls
    (with advisor iterations) whose records fall on both sides, a late copy
    of an early id, prompts opening turns, tools with shell commands, an
    invalid line, the first cwd only on a later line."""
    adv = usage(3, 4, iterations=[{"type": "advisor_message", "model": "claude-opus-4-6", "input_tokens": 9,
                                   "output_tokens": 2}])
    return [
        user_line("fix the login bug", ts="2026-03-02T09:00:00Z", cwd=""),
        assistant_line("m1", ts="2026-03-02T09:00:01Z", usage=usage(1, 1), tools=[("Bash", {"command": "npm test"})],
                       cwd=""),
        assistant_line("m1", ts="2026-03-02T09:00:05Z", usage=usage(120, 30, 400, 9000),
                       tools=[("Bash", {"command": "npm test"})], cwd="/w/shop"),
        tool_result_line("toolu_m1_0", "FAIL", ts="2026-03-02T09:00:06Z"),
        assistant_line("m2", ts="2026-03-02T09:00:07Z", usage=adv, tools=[("Edit", {"file_path": "/w/a.ts"})]),
        '{"type":"assistant","message":{"id":"m9","usage":{"input_tokens":1,,}}}',
        assistant_line("m2", ts="2026-03-02T09:00:09Z", usage=adv, tools=[("Edit", {"file_path": "/w/a.ts"})]),
        user_line("add a dark mode", ts="2026-03-02T10:00:00Z"),
        assistant_line("m3", ts="2026-03-02T10:00:01Z", model="claude-opus-4-7", usage=usage(5, 6),
                       tools=[("Skill", {"skill": "review"}), ("Bash", {"command": "git status && rg foo"})]),
        assistant_line("m1", ts="2026-03-02T10:00:02Z", usage=usage(7, 8)),
        assistant_line("m4", ts="2026-03-02T10:00:03Z", model="claude-haiku-4-5-20251001", usage=usage(9, 10)),
    ]


def test_a_file_read_in_parts_equals_the_whole_at_every_cut(tmp_path):
    from codeburn.classify import ruleset
    from codeburn.read.scan import make_scanner

    path = str(tmp_path / "s.jsonl")
    with open(path, "wb") as f:
        f.write(b"\n".join(as_bytes(r) for r in _seam_records()) + b'\n{"type":"assistant","mess')
    size = os.path.getsize(path)
    rules = ruleset.load(ruleset.rules_dir({}))
    worker = make_scanner(rules, keep_prompts=False)
    whole = adopted_view(worker.decode_file(path, 0), rules)
    stats = whole[0]
    assert (stats["calls"], stats["stream_dups"], stats["invalid"], stats["torn_tail"], stats["turns"]) == (5, 3, 1, 1, 2)
    assert whole[1] == "/w/shop" and stats["bytes"] == size and stats["first_bad_line"] == 6
    rng = random.Random(7)
    cut_sets = [[c] for c in range(1, size + 2)] + [sorted(rng.sample(range(1, size), 3)) for _ in range(200)]
    for cuts in cut_sets:
        bounds = [0, *cuts]
        parts = [worker.decode_part(path, 0, a, b) for a, b in zip(bounds, [*cuts, -1])]
        if len(parts) == 2:
            parts[0].append(parts[1:])
        else:  # joined one part at a time, the join must be the same
            for p in parts[1:]:
                parts[0].append([p])
        assert adopted_view(parts[0], rules) == whole, cuts


@pytest.mark.parametrize("jobs", [2, 3])
def test_large_files_read_in_parts_do_not_change_a_byte(tmp_path, run, monkeypatch, jobs):
    from codeburn.read import decoding

    _history(str(tmp_path), random.Random(4))
    env = {"CLAUDE_CONFIG_DIR": str(tmp_path / "claude")}
    cmds = (("report", "-p", "30days", "--format", "json"), ("models", "--format", "csv", "--by-task"),
            ("optimize", "--format", "json", "--from", "2026-03-01", "--to", "2026-03-05"))
    one = [run(*cmd, "--jobs", "1", "--no-cache", env=env).stdout for cmd in cmds]
    monkeypatch.setattr(decoding, "PART_BYTES", 700)  # every file of 1,400 bytes or more is read in parts
    parts = [run(*cmd, "--jobs", str(jobs), "--no-cache", env=env).stdout for cmd in cmds]
    assert parts == one
    from codeburn.providers import claude
    from codeburn.providers.base import Walker
    plan = decoding.Decoding(list(claude.discover(env, "/nonexistent", Walker())), None, jobs, None)
    assert len(plan.parts) >= 20 and sum(plan.parts.values()) > 100  # most files, in several parts each
    # read in parts, cached whole: the next run loads what the parts made
    cache = {"CODEBURN_CACHE_DIR": str(tmp_path / "cache"), **env}
    filled = [run(*cmd, "--jobs", str(jobs), env=cache).stdout for cmd in cmds]
    from codeburn.cache.filecache import FileCache
    assert len(FileCache(cache["CODEBURN_CACHE_DIR"]).entries) == 24
    assert filled == [run(*cmd, "--jobs", str(jobs), env=cache).stdout for cmd in cmds] == one


def test_a_cached_decode_round_trips_and_damaged_bytes_never_crash(tmp_path):
    """The per-file cache's encoding (cb_packcodec.h): a decoded file read
    back from its dump is adopted exactly as the original (Claude with
    streamed copies, advisors, tools and a torn tail; a Codex rollout); any
    damaged or truncated dump loads as None or as some file, never a crash."""
    from codeburn._fast.reader import DecodedFile
    from codeburn.classify import ruleset
    from codeburn.read.scan import make_scanner

    rules = ruleset.load(ruleset.rules_dir({}))
    worker = make_scanner(rules, keep_prompts=False)
    path = str(tmp_path / "s.jsonl")
    with open(path, "wb") as f:
        f.write(b"\n".join(as_bytes(r) for r in _seam_records()) + b'\n{"type":"assistant","mess')
    t = "2026-04-14T10:00:0{}.000Z"
    rollout = write_rollout(str(tmp_path / "codex"), [
        meta(t.format(0)), codex_user(t.format(1), "fix the build"),
        tokens(t.format(2), total=codex_usage(1200, 300, 40, 10), last=codex_usage(1200, 300, 40, 10))])
    def decode() -> list:
        return [worker.decode_file(path, 0), worker.decode_codex(rollout, 0, "s-1")]

    rng = random.Random(11)
    for original, fresh in zip(decode(), decode()):
        dump = original.dumps()
        back = DecodedFile.loads(dump)
        assert back is not None and back.dumps() == dump
        assert adopted_view(back, rules) == adopted_view(fresh, rules)
        for _ in range(3000):
            damaged = bytearray(dump)
            for _ in range(rng.randrange(1, 4)):
                damaged[rng.randrange(8, len(damaged))] = rng.randrange(256)
            if rng.random() < 0.3:
                damaged = damaged[:rng.randrange(len(damaged))]
            got = DecodedFile.loads(bytes(damaged))
            if got is not None:
                make_scanner(rules).adopt(got, 0)  # whatever it holds is safe to adopt (None: read in order)
    claude = adopted_view(DecodedFile.loads(decode()[0].dumps()), rules)
    assert (claude[0]["calls"], claude[0]["stream_dups"], claude[0]["torn_tail"]) == (5, 3, 1)


@pytest.mark.parametrize("seed", [11, 12])
def test_the_compiled_work_list_under_every_window_gives_one_threads_bytes(tmp_path, run, monkeypatch, seed):
    """A first run (the decoding threads' compiled work list, _fast
    DecodeQueue) with windows from none to everything, files in parts and
    whole, and Codex rollouts between: the same report and the same cache
    entries as one thread's read."""
    from codeburn.cache.filecache import FileCache
    from codeburn.read import decoding, parallel

    rng = random.Random(seed)
    _history(str(tmp_path / "a"), rng)
    _history(str(tmp_path / "b"), rng)  # a second config dir: 48 files, ids shared across them
    for day in (2, 3):
        write_rollout(str(tmp_path / "codex"), [meta(f"2026-03-0{day}T10:00:00.000Z"),
                                                codex_user(f"2026-03-0{day}T10:00:01.000Z", "fix"),
                                                tokens(f"2026-03-0{day}T10:00:02.000Z", codex_usage(500, 100, 50))],
                      day=f"2026/03/0{day}")
    env = {"CLAUDE_CONFIG_DIRS": os.pathsep.join([str(tmp_path / "a" / "claude"), str(tmp_path / "b" / "claude")]),
           "CODEX_HOME": str(tmp_path / "codex")}
    cmd = ("report", "-p", "30days", "--format", "json")
    one = run(*cmd, "--jobs", "1", env={**env, "CODEBURN_CACHE_DIR": str(tmp_path / "serial")}).stdout

    def dumps(cache_dir):
        cache = FileCache(cache_dir)
        return {p: cache.get(p, os.stat(p))[0].dumps() for p in cache.entries}

    entries = dumps(str(tmp_path / "serial"))
    for n, (ahead, part_bytes, jobs) in enumerate([(0, None, "2"), (1, 900, "3"), (2000, 1500, "2"),
                                                   (1 << 30, 700, "8"), (0, 700, "5")]):
        monkeypatch.setattr(parallel, "AHEAD_BYTES", ahead)
        if part_bytes:
            monkeypatch.setattr(decoding, "PART_BYTES", part_bytes)
        cache_dir = str(tmp_path / f"cache{n}")
        assert run(*cmd, "--jobs", jobs, env={**env, "CODEBURN_CACHE_DIR": cache_dir}).stdout == one
        # 48 Claude files, whole or from parts, and the first rollout: the
        # second names the same session, so it is read in order, not kept
        got = dumps(cache_dir)
        assert len(got) == 49 and sum("codex" in p for p in got) == 1
        if not part_bytes:
            assert got == entries  # (a file read in parts is cached as its parts joined: other bytes)


def test_run_end_names_the_end_of_each_run_of_consecutive_files_and_places():
    """A run is consecutive file indexes in consecutive queue places: a
    gap in either ends it; a file in no run is its own end."""
    from codeburn.read import parallel

    members = [0, 1, 2, 4, 5, 6, 9]
    position = {0: 0, 1: 1, 2: 2, 4: 3, 5: 5, 6: 6, 9: 7}  # (5 is not in the place after 4's)
    q = parallel.Queued.__new__(parallel.Queued)
    q._run_starts, q._run_ends = parallel._runs(members, position)
    assert (q._run_starts, q._run_ends) == ([0, 4, 5, 9], [3, 5, 7, 10])
    assert [q.run_end(i) for i in range(11)] == [3, 3, 3, 3, 5, 7, 7, 7, 8, 10, 10]
