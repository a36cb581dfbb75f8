"""Where Claude Code sessions are found (spec classifier-and-parser §3.1-3.2)."""
from __future__ import annotations

import json
import os

from codeburn.providers import claude
from codeburn.providers.base import Walker


def touch(path, text="{}\n"):
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path, "w") as f:
        f.write(text)
    return path


def found(env, home):
    w = Walker()
    return [(os.path.relpath(s.path, home), s.project, s.session_id, s.agent_type, s.sidechain)
            for s in claude.discover(env, home, w)], w


def test_config_dir_layout(tmp_path):
    home = str(tmp_path)
    root = os.path.join(home, ".claude", "projects", "-home-dev-app")
    touch(os.path.join(root, "s1.jsonl"))
    touch(os.path.join(root, "notes.txt"))
    touch(os.path.join(root, "subagents", "worker.jsonl"))
    touch(os.path.join(root, "subagents", "subagents", "worker.jsonl"))
    touch(os.path.join(root, "s1", "subagents", "agent-a1.jsonl"))
    touch(os.path.join(root, "s1", "subagents", "agent-a1.meta.json"), json.dumps({"agentType": " Explore "}))
    touch(os.path.join(root, "s1", "subagents", "workflows", "wf1", "agent-b2.jsonl"))
    touch(os.path.join(root, "s1", "tool-results", "x.jsonl"))  # not under subagents/
    rows, _ = found({}, home)
    p = ".claude/projects/-home-dev-app/"
    assert rows == [
        (p + "s1.jsonl", "-home-dev-app", "s1", None, False),
        (p + "subagents/worker.jsonl", "-home-dev-app", "worker", None, True),
        (p + "subagents/subagents/worker.jsonl", "-home-dev-app", "worker", None, True),
        (p + "s1/subagents/agent-a1.jsonl", "-home-dev-app", "agent-a1", "Explore", True),
        (p + "s1/subagents/workflows/wf1/agent-b2.jsonl", "-home-dev-app", "agent-b2", "workflow-subagent", True),
    ]


def test_env_overrides_and_order(tmp_path):
    home = str(tmp_path)
    a = touch(os.path.join(home, "a", "projects", "p1", "x.jsonl"))
    b = touch(os.path.join(home, "b", "projects", "p2", "y.jsonl"))
    touch(os.path.join(home, ".claude", "projects", "p3", "z.jsonl"))
    rows, _ = found({"CLAUDE_CONFIG_DIRS": os.pathsep.join([os.path.join(home, "b"), os.path.join(home, "a")])}, home)
    assert [r[0] for r in rows] == [os.path.relpath(b, home), os.path.relpath(a, home)]
    rows, _ = found({"CLAUDE_CONFIG_DIR": os.path.join(home, "a")}, home)
    assert [r[0] for r in rows] == [os.path.relpath(a, home)]


def test_xdg_config_claude_is_also_read(tmp_path):
    home = str(tmp_path)
    touch(os.path.join(home, ".config", "claude", "projects", "p", "s.jsonl"))
    rows, _ = found({}, home)
    assert [r[1:3] for r in rows] == [("p", "s")]


def test_symlink_loop_and_duplicate_links_are_walked_once(tmp_path):
    home = str(tmp_path)
    root = os.path.join(home, ".claude", "projects", "p")
    touch(os.path.join(root, "subagents", "a.jsonl"))
    os.symlink(os.path.join(root, "subagents"), os.path.join(root, "subagents", "loop"))
    os.symlink(root, os.path.join(home, ".claude", "projects", "p-link"))
    rows, w = found({}, home)
    assert [r[0] for r in rows] == [".claude/projects/p/subagents/a.jsonl"]


def test_unreadable_dir_is_named_not_fatal(tmp_path):
    if os.geteuid() == 0:
        # root reads everything; simulate with a file where a dir is expected
        home = str(tmp_path)
        touch(os.path.join(home, ".claude", "projects", "ok", "s.jsonl"))
        rows, w = found({"CLAUDE_CONFIG_DIRS": os.pathsep.join([os.path.join(home, ".claude"), "/proc/1/root/x"])}, home)
        assert [r[1] for r in rows] == ["ok"]
        return
    home = str(tmp_path)
    locked = os.path.join(home, ".claude", "projects", "locked")
    touch(os.path.join(locked, "s.jsonl"))
    os.chmod(locked, 0)
    try:
        rows, w = found({}, home)
        assert rows == [] and w.errors and w.errors[0][0] == locked
    finally:
        os.chmod(locked, 0o755)


def test_desktop_sessions_take_the_space_name(tmp_path):
    home = str(tmp_path)
    root = os.path.join(home, "desk")
    ws = os.path.join(root, "app1", "ws1")
    touch(os.path.join(ws, "local_s1", ".claude", "projects", "-sessions-x", "t.jsonl"))
    touch(os.path.join(ws, "local_s1.json"), json.dumps({"spaceId": "sp1", "title": "T"}))
    touch(os.path.join(ws, "spaces.json"), json.dumps({"spaces": [{"id": "sp1", "name": "Research"}]}))
    touch(os.path.join(ws, "local_s2", ".claude", "projects", "-sessions-y", "u.jsonl"))
    touch(os.path.join(ws, "local_s2.json"), json.dumps({"userSelectedFolders": ["/Users/me/code/shop/"]}))
    touch(os.path.join(ws, "local_s3", ".claude", "projects", "-sessions-z", "v.jsonl"))
    env = {"CLAUDE_CONFIG_DIR": os.path.join(home, "none"), "CODEBURN_DESKTOP_SESSIONS_DIR": root}
    rows, _ = found(env, home)
    assert [(r[1], r[2]) for r in rows] == [("Research", "t"), ("shop", "u"), ("-sessions-z", "v")]


def test_desktop_names_only_where_the_reference_looks(tmp_path):
    """0.9.20 names a Desktop session only at <root>/<app>/<workspace>/local_*/
    .claude/projects/<slug>, reads spaces.json in the workspace only, and an
    empty first selected folder names nothing (no title then): the slug
    stays. (An independent fixture's three shapes; 0.9.20 on the same dirs:
    -sessions-a, Launch notes, -sessions-c.)"""
    home = str(tmp_path)
    root = os.path.join(home, "desk")
    ws = os.path.join(root, "app1", "ws1")
    touch(os.path.join(ws, "local_a", ".claude", "projects", "-sessions-a", "a.jsonl"))
    touch(os.path.join(ws, "local_a.json"), json.dumps({"userSelectedFolders": [""], "title": "Quarterly plan"}))
    touch(os.path.join(ws, "local_b", ".claude", "projects", "-sessions-b", "b.jsonl"))
    touch(os.path.join(ws, "local_b.json"), json.dumps({"spaceId": "sp1", "title": "  Launch notes "}))
    touch(os.path.join(root, "app1", "spaces.json"), json.dumps({"spaces": [{"id": "sp1", "name": "Marketing"}]}))
    touch(os.path.join(ws, "other_c", ".claude", "projects", "-sessions-c", "c.jsonl"))
    touch(os.path.join(ws, "other_c.json"), json.dumps({"title": "Side notes"}))
    env = {"CLAUDE_CONFIG_DIR": os.path.join(home, "none"), "CODEBURN_DESKTOP_SESSIONS_DIR": root}
    rows, _ = found(env, home)
    assert sorted((r[1], r[2]) for r in rows) == [("-sessions-a", "a"), ("-sessions-c", "c"), ("Launch notes", "b")]


def test_desktop_walk_depth_and_first_space_of_an_id(tmp_path):
    """0.9.20 lists folders down to depth 8 below the Desktop root (the root
    is 0), so a `projects/` folder in a depth-8 folder is found and one in a
    depth-9 folder is not; and spaces.json's first entry of the session's
    space id names it or nothing does: an empty name there falls back to the
    title, a later entry of the same id is not asked. (0.9.20 on the same
    dirs: deep8 found, deep9 not, "Fallback title".)"""
    home = str(tmp_path)
    root = os.path.join(home, "desk")
    eight = os.path.join(root, *"abcdefgh")
    touch(os.path.join(eight, "projects", "-deep8", "d8.jsonl"))
    touch(os.path.join(eight, "i", "projects", "-deep9", "d9.jsonl"))
    ws = os.path.join(root, "app1", "ws1")
    touch(os.path.join(ws, "local_s1", ".claude", "projects", "-sessions-x", "t.jsonl"))
    touch(os.path.join(ws, "local_s1.json"), json.dumps({"spaceId": "sp1", "title": " Fallback title "}))
    touch(os.path.join(ws, "spaces.json"), json.dumps({"spaces": [{"id": "sp0", "name": "Zero"}, {"id": "sp1", "name": ""},
                                                                 {"id": "sp1", "name": "Second"}]}))
    env = {"CLAUDE_CONFIG_DIR": os.path.join(home, "none"), "CODEBURN_DESKTOP_SESSIONS_DIR": root}
    rows, _ = found(env, home)
    assert sorted((r[1], r[2]) for r in rows) == [("-deep8", "d8"), ("Fallback title", "t")]


def test_subagent_type_sidecars_of_every_shape(tmp_path):
    """The type comes from `agentType` however the JSON spells the key, and a
    sidecar that is broken, not an object, empty, blank or a directory gives
    none (the workflow default under workflows/)."""
    home = str(tmp_path)
    root = os.path.join(home, ".claude", "projects", "-w")
    sidecars = {
        "escaped": '{"\\u0061gentType": "Plan"}',     # the key written with an escape
        "nested": '{"meta": {"agentType": "x"}, "agentType": "Explore"}',
        "broken": '{"agentType": "Expl',
        "array": '["agentType"]',
        "blank": '{"agentType": "   "}',
        "number": '{"agentType": 7}',
        "empty": "",
    }
    for name, text in sidecars.items():
        touch(os.path.join(root, "s", "subagents", f"agent-{name}.jsonl"))
        touch(os.path.join(root, "s", "subagents", f"agent-{name}.meta.json"), text)
    touch(os.path.join(root, "s", "subagents", "agent-dir.jsonl"))
    os.makedirs(os.path.join(root, "s", "subagents", "agent-dir.meta.json"))
    types = {r[2]: r[3] for r in found({}, home)[0]}
    assert types == {"agent-array": None, "agent-blank": None, "agent-broken": None, "agent-dir": None,
                     "agent-empty": None, "agent-escaped": "Plan", "agent-nested": "Explore", "agent-number": None}
