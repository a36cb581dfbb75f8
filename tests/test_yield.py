"""codeburn yield (spec commands §5) on real git repositories (tests/yield_world.py):
categories, commit counts, costs and shares from the spec's rules; the
reference tool (CodeBurn 0.9.20) gives the same JSON, details in the same
order, on the same world built for another day (checked 2026-11-25 with
`python -m tests.yield_world`, from a directory in no repository and from
inside `lib`, for -p today/week/30days/month/all/lifetime)."""
from __future__ import annotations

import datetime as dt
import os
import shutil

import pytest

from tests import yield_world
from tests.conftest import assistant_line, usage, user_line
from tests.yield_world import EXPECTED, SESSIONS, session_cost

pytestmark = pytest.mark.skipif(shutil.which("git") is None, reason="needs git")

DAY = dt.date(2026, 3, 4)   # the day before the runner's clock (2026-03-05 12:00 UTC): in its week
COST = {sid: session_cost(k) for sid, _, _, _, k in SESSIONS}


@pytest.fixture
def world(tmp_path, history):
    dirs = yield_world.build_repos(str(tmp_path), DAY)
    yield_world.write_sessions(history, dirs, DAY)
    return dirs


def by_category(details: list[dict]) -> dict[str, list[str]]:
    out: dict[str, list[str]] = {}
    for d in details:
        out.setdefault(d["category"], []).append(d["sessionId"])
    return out


def test_each_session_gets_the_category_and_commits_the_spec_gives(run, world):
    r = run("yield", "--format", "json")
    assert r.status == 0, r.stderr
    doc = r.json
    assert {d["sessionId"]: (d["category"], d["commitCount"]) for d in doc["details"]} == EXPECTED
    assert {d["sessionId"]: d["costUSD"] for d in doc["details"]} == pytest.approx(COST, rel=1e-12)
    # details by repository (in the order of projects by cost), each project's sessions in file order
    assert [d["sessionId"] for d in doc["details"]] == ["s1", "s2", "s3", "s4", "s5", "s6", "agent-a1", "s7", "s8",
                                                       "s11", "s10", "s9"]
    # the worktree's session is shop's (the project of a worktree is its main repository)
    assert {d["project"] for d in doc["details"] if d["sessionId"] in ("s1", "s7")} == {world["shop"].replace("/", "-")}


def test_the_summary_sums_costs_and_shares_by_category(run, world):
    s = run("yield", "--format", "json").json["summary"]
    k = {"productive": 2 + 5 + 7 + 8 + 10, "reverted": 4, "abandoned": 3 + 9 + 11 + 12, "ambiguous": 1 + 6}
    n = {"productive": 5, "reverted": 1, "abandoned": 4, "ambiguous": 2}
    unit = session_cost(1)
    for cat in k:
        assert s[cat]["costUSD"] == pytest.approx(k[cat] * unit, rel=1e-12)
        assert s[cat]["sessions"] == n[cat]
    assert [s[c]["costPercent"] for c in k] == [41, 5.1, 44.9, 9]       # of 78 units, one decimal
    assert [s[c]["sessionPercent"] for c in k] == [41.7, 8.3, 33.3, 16.7]
    assert s["total"] == {"costUSD": pytest.approx(78 * unit, rel=1e-12), "sessions": 12}
    assert s["productiveToRevertedCostRatio"] == 8


def test_json_has_the_reference_keys_and_period(run, world):
    doc = run("yield", "--format", "json").json
    assert list(doc) == ["period", "summary", "methodology", "details", "warnings"]
    assert doc["period"] == {"label": "Last 7 Days", "start": "2026-02-26T00:00:00.000Z",
                             "end": "2026-03-05T23:59:59.999Z"}
    assert list(doc["summary"]) == ["productive", "reverted", "abandoned", "ambiguous", "total",
                                    "productiveToRevertedCostRatio"]
    assert doc["methodology"] == "timestamp-window"
    assert list(doc["details"][0]) == ["sessionId", "project", "costUSD", "category", "commitCount"]


def test_the_text_summary(run, world):
    r = run("yield")
    assert r.stdout == (
        "\n  Analyzing yield for Last 7 Days...\n\n\n"
        "Productive:     $0.29 (41%) - 5 sessions shipped to main\n"
        "Reverted:       $0.04 (5%) - 1 sessions were reverted\n"
        "Abandoned:      $0.32 (45%) - 4 sessions never committed\n"
        "Ambiguous:      $0.06 (9%) - 2 sessions lost commits to concurrent sessions\n"
        "\nAttribution: timestamp-window based (heuristic)\n\n"
        "Total:          $0.70     - 12 sessions\n\n")


def test_projects_outside_a_repository_are_named_and_abandoned(run, world):
    r = run("yield", "--format", "json")
    notes, gone = (world[k].replace("/", "-") for k in ("notes", "gone"))
    assert r.json["warnings"] == [f"2 projects are not in a git repository, their sessions count as abandoned: "
                                  f"{gone}, {notes}"]
    assert "codeburn: warning: 2 projects are not in a git repository" in r.stderr


def test_from_inside_a_repository_the_others_are_matched_against_it(run, world, tmp_path):
    """The reference's fallback: notes' session (09:15-09:20) now lies in
    lib's repository, whose commit at 08:20 is outside every window."""
    r = run("yield", "--format", "json", cwd=world["lib"])
    assert {d["sessionId"]: (d["category"], d["commitCount"]) for d in r.json["details"]} == EXPECTED
    assert f"matched against the repository of the current directory ({world['lib']})" in r.json["warnings"][0]


def test_a_commit_in_a_fallback_window_counts(run, world, tmp_path):
    yield_world.commit(world["lib"], "lib.py", f"{DAY.isoformat()}T09:17:00+00:00", "lib: from notes")
    details = {d["sessionId"]: (d["category"], d["commitCount"])
               for d in run("yield", "--format", "json", cwd=world["lib"]).json["details"]}
    assert details["s10"] == ("productive", 1)
    assert details["s9"] == ("productive", 1)


def test_project_filters_and_periods(run, world):
    doc = run("yield", "--format", "json", "--project", "lib").json
    assert [(d["sessionId"], d["category"]) for d in doc["details"]] == [("s9", "productive")]
    assert doc["warnings"] == []
    assert run("yield", "--format", "json", "-p", "today").json["details"] == []     # the world is yesterday's
    custom = run("yield", "--format", "json", "--from", "2026-03-04", "--to", "2026-03-04").json
    assert custom["period"]["label"] == "2026-03-04 to 2026-03-04"
    assert len(custom["details"]) == 12


def test_without_git_every_session_is_abandoned(run, world, tmp_path):
    empty = tmp_path / "empty-path"
    empty.mkdir()
    doc = run("yield", "--format", "json", env={"PATH": str(empty)}).json
    assert {d["category"] for d in doc["details"]} == {"abandoned"}
    assert doc["summary"]["abandoned"]["sessions"] == 12
    assert doc["warnings"] == ["git not found on PATH: every session counts as abandoned"]


def test_a_broken_repository_is_named_and_its_sessions_abandoned(run, world):
    """lib's only commit object is cut short: rev-parse still answers, log fails."""
    sha = yield_world.git(world["lib"], "rev-parse", "HEAD")
    obj = os.path.join(world["lib"], ".git", "objects", sha[:2], sha[2:])
    os.chmod(obj, 0o644)
    with open(obj, "r+b") as f:
        f.truncate(5)
    doc = run("yield", "--format", "json").json
    assert [d["category"] for d in doc["details"] if d["sessionId"] == "s9"] == ["abandoned"]
    assert {d["sessionId"]: d["category"] for d in doc["details"] if d["sessionId"] != "s9"} == \
        {k: v[0] for k, v in EXPECTED.items() if k != "s9"}
    failed = [w for w in doc["warnings"] if w.startswith("git failed")]
    assert len(failed) == 1 and f"git log exited with status 128 in {world['lib']}" in failed[0]
    assert "(1 sessions count as abandoned)" in failed[0]


def test_a_repository_without_a_main_branch_is_named(run, world):
    yield_world.git(world["lib"], "branch", "-m", "master", "trunk")
    doc = run("yield", "--format", "json").json
    assert [d["category"] for d in doc["details"] if d["sessionId"] == "s9"] == ["abandoned"]
    assert f'main branch not found, no commit counts as shipped: "main" in {world["lib"]}' in doc["warnings"]


def test_origin_head_names_the_main_branch(run, world, tmp_path):
    """lib's main branch is `trunk` by origin's HEAD; a `main` elsewhere would not count."""
    lib = world["lib"]
    yield_world.git(lib, "branch", "-m", "master", "trunk")
    yield_world.git(lib, "update-ref", "refs/remotes/origin/trunk", "HEAD")
    yield_world.git(lib, "symbolic-ref", "refs/remotes/origin/HEAD", "refs/remotes/origin/trunk")
    doc = run("yield", "--format", "json").json
    assert [d["category"] for d in doc["details"] if d["sessionId"] == "s9"] == ["productive"]


def test_a_repository_s_own_programs_never_run(run, world, tmp_path):
    """The traps of test_safeexec (which shows them firing under a plain git) in shop's config."""
    from tests.test_safeexec import fired, trap

    shop = world["shop"]
    for key, name in (("core.fsmonitor", "fsmonitor"), ("core.pager", "pager"), ("gpg.program", "gpg"),
                      ("diff.external", "diff"), ("core.hooksPath", None)):
        yield_world.git(shop, "config", key, trap(tmp_path, name) if name else str(tmp_path))
    yield_world.git(shop, "config", "log.showSignature", "true")
    (tmp_path / "post-checkout").symlink_to(trap(tmp_path, "hook"))
    doc = run("yield", "--format", "json").json
    assert {d["sessionId"]: (d["category"], d["commitCount"]) for d in doc["details"]} == EXPECTED
    assert fired(tmp_path) == []


def test_git_variables_of_the_caller_do_not_redirect_it(run, world):
    doc = run("yield", "--format", "json", env={"GIT_DIR": os.path.join(world["lib"], ".git"),
                                                 "GIT_WORK_TREE": world["lib"]}).json
    assert {d["sessionId"]: (d["category"], d["commitCount"]) for d in doc["details"]} == EXPECTED


def test_usage_errors(run, world):
    assert run("yield", "--format", "csv").status == 2
    assert run("yield", "-p", "fortnight").status == 2
    r = run("yield", "--provider", "nope")
    assert r.status == 2 and r.stderr.startswith('codeburn: error: unknown provider "nope"')
    assert run("yield", "--help").stdout.startswith("codeburn yield:")


def test_no_sessions_gives_empty_buckets(run, tmp_path):
    doc = run("yield", "--format", "json").json
    assert doc["details"] == [] and doc["summary"]["total"] == {"costUSD": 0, "sessions": 0}
    assert doc["summary"]["productive"] == {"costUSD": 0, "sessions": 0, "costPercent": 0, "sessionPercent": 0}
    assert doc["summary"]["productiveToRevertedCostRatio"] is None


def test_codex_sessions_compete_for_commits_like_any_other(run, world, tmp_path):
    """A Codex rollout in shop, 19:00-19:20 (window to 20:20), and a commit at 19:30:
    alone (--provider codex) it also wins s7's commit at 20:10; with Claude's
    sessions s7's narrower window takes that one. The reference agrees."""
    from tests.test_codex import meta, tokens, usage as codex_usage, user, write_rollout

    yield_world.commit(world["shop"], "codex.py", f"{DAY.isoformat()}T19:30:00+00:00", "codex: change")
    sid = "0196a1b2-3c4d-7e8f-9a0b-1c2d3e4f5a6b"
    at = lambda hhmm: f"{DAY.isoformat()}T{hhmm}.000Z"  # noqa: E731
    write_rollout(str(tmp_path / "codex"), [
        meta(at("19:00:00"), sid=sid, cwd=world["shop"]), user(at("19:00:01"), "fix the cart"),
        tokens(at("19:00:02"), total=codex_usage(1000, 200, 100), last=codex_usage(1000, 200, 100)),
        user(at("19:20:01"), "again"),
        tokens(at("19:20:02"), total=codex_usage(3000, 400, 300), last=codex_usage(2000, 200, 200))],
        day=DAY.strftime("%Y/%m/%d"), name=f"rollout-{DAY.isoformat()}T19-00-00-{sid}.jsonl")
    env = {"CODEX_HOME": str(tmp_path / "codex")}
    alone = run("yield", "--format", "json", "--provider", "codex", env=env).json["details"]
    assert [(d["sessionId"], d["category"], d["commitCount"]) for d in alone] == [(sid, "productive", 2)]
    both = {d["sessionId"]: (d["category"], d["commitCount"])
            for d in run("yield", "--format", "json", env=env).json["details"]}
    assert both == {**EXPECTED, sid: ("productive", 1)}


def test_a_folder_without_git_above_is_no_repository_without_asking_git(tmp_path, monkeypatch):
    """No `.git` in the folder or above it: git could find no work tree, so
    it is not run (a repeat of yield then starts no process)."""
    from codeburn import gitrepo, safeexec

    def refuse(*a, **k):
        raise AssertionError("git was run")

    folder = tmp_path / "notes" / "sub"
    folder.mkdir(parents=True)
    monkeypatch.setattr(safeexec, "git", refuse)
    if any(os.path.lexists(os.path.join(p, ".git")) for p in [str(folder), *map(str, folder.parents)]):
        pytest.skip("the tmp dir is inside a git work tree")
    with pytest.raises(gitrepo.NotARepository):
        gitrepo.repository(str(folder), {"PATH": os.environ.get("PATH", "")})
    (tmp_path / "notes" / ".git").write_text("gitdir: /nowhere\n")  # a worktree's .git file: git is asked
    with pytest.raises(AssertionError, match="git was run"):
        gitrepo.repository(str(folder), {"PATH": os.environ.get("PATH", "")})


def test_a_main_folder_hides_the_main_branch(run, history, tmp_path):
    """A repository with a folder named like its main branch (a Go repo's
    main/): 0.9.20's `git log main` is refused as ambiguous, so no commit
    counts as on main and the session is abandoned there (0.9.20 on the
    same repository: abandoned)."""
    repo = os.path.join(str(tmp_path), "src", "goapp")
    os.makedirs(os.path.join(repo, "main"))
    yield_world.git(repo, "init", "-q", "-b", "main")
    yield_world.commit(repo, os.path.join("main", "main.go"), "2026-03-04T09:10:00+00:00", "main: entry point")
    history.write(repo.replace("/", "-"), "s9.jsonl", [
        user_line("add the entry point", ts="2026-03-04T09:00:00.000Z", cwd=repo, session="s9"),
        assistant_line("s9-m1", ts="2026-03-04T09:05:00.000Z", usage=usage(1000, 100), cwd=repo, session="s9"),
        assistant_line("s9-m2", ts="2026-03-04T09:20:00.000Z", usage=usage(1000, 100), cwd=repo, session="s9")])
    doc = run("yield", "--format", "json", "-p", "week", cwd=str(tmp_path)).json
    assert [(d["sessionId"], d["category"]) for d in doc["details"]] == [("s9", "abandoned")]
