"""A third, independent writer of Claude Code, Claude Desktop and Codex
histories, for shapes the other generators (gen_shapes, gen_wild, gen_mixed)
do not write: sidechain files at a project dir's root, Claude Desktop
sessions resolved every way the spec allows, times without a zone or with a
compact offset, usage numbers as floats and partial 5m/1h splits, assistant
content that is not a list, streamed ids whose last line lost its usage or
model, provider-prefixed model ids, work across several zones' midnights;
Codex lines over 32 KiB (read by the reference's field scanner), a second
session_meta in one rollout, odd turn_context models, char-estimated calls,
symlinked and nested rollouts, and config dirs named by CLAUDE_CONFIG_DIR and
CODEX_HOME.

Usage: python bench/gen_wild3.py HOME [--seed N] [--only fam1,fam2] [--now ISO]

Families (default: all): rootagents desktop zoneless numbers content stream
models midnight | cx-big cx-meta cx-model cx-zoneless cx-layout cx-estimate
cx-tokens; opt-in: oddnums cx-meta-odd. HOME/wild-env.json names the environment the sweep passes on
(bench/wild3_sweep.py)."""
from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import random
import zoneinfo

UTC = dt.timezone.utc


class W:
    """Shared state of one run: the rng, `now`, and where each tool lives."""

    def __init__(self, home: str, seed: int, now: dt.datetime):
        self.home, self.rng, self.now = home, random.Random(seed), now
        self.seed = seed
        self.env: dict = {}
        # Every third seed names the config dirs through the environment.
        if seed % 3 == 0:
            self.claude = os.path.join(home, "cfg", "claude-main")
            self.codex = os.path.join(home, "cfg", "codex-home")
            self.env = {"CLAUDE_CONFIG_DIR": "{home}/cfg/claude-main", "CODEX_HOME": "{home}/cfg/codex-home"}
        else:
            self.claude = os.path.join(home, ".claude")
            self.codex = os.path.join(home, ".codex")
        self.n = 0

    def uid(self, prefix: str = "") -> str:
        self.n += 1
        return f"{prefix}{self.rng.getrandbits(64):016x}{self.n:04d}"

    def sid(self) -> str:
        h = f"{self.rng.getrandbits(128):032x}"
        return f"{h[:8]}-{h[8:12]}-4{h[13:16]}-8{h[17:20]}-{h[20:32]}"

    def ago(self, days: float, minutes: float = 0) -> dt.datetime:
        return self.now - dt.timedelta(days=days, minutes=minutes)


def z(t: dt.datetime) -> str:
    t = t.astimezone(UTC)
    return t.strftime("%Y-%m-%dT%H:%M:%S.") + f"{t.microsecond // 1000:03d}Z"


def dump(rec) -> str:
    return rec if isinstance(rec, str) else json.dumps(rec, ensure_ascii=False, separators=(",", ":"))


def jsonl(path: str, recs, eol: str = "\n") -> None:
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path, "w", encoding="utf-8", newline="") as f:
        for r in recs:
            f.write(dump(r) + eol)


def jwrite(path: str, value) -> None:
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path, "w", encoding="utf-8") as f:
        f.write(value if isinstance(value, str) else json.dumps(value))


def slug(cwd: str) -> str:
    return "".join(c if c.isalnum() else "-" for c in cwd)


# ---------------------------------------------------------------- Claude records

def cc_user(ts, sid, content, cwd=None, **extra) -> dict:
    rec = {"type": "user", "sessionId": sid, "timestamp": ts, "uuid": "u" + ts,
           "message": {"role": "user", "content": content}}
    if cwd is not None:
        rec["cwd"] = cwd
    rec.update(extra)
    return rec


def cc_asst(ts, sid, mid, model, usage, content=None, cwd=None, **extra) -> dict:
    msg = {"type": "message", "role": "assistant", "model": model,
           "content": content if content is not None else [{"type": "text", "text": "ok"}], "usage": usage}
    if mid is not None:
        msg["id"] = mid
    rec = {"type": "assistant", "sessionId": sid, "timestamp": ts, "message": msg}
    if cwd is not None:
        rec["cwd"] = cwd
    rec.update(extra)
    return rec


def tool(name, tid, **inp) -> dict:
    return {"type": "tool_use", "id": tid, "name": name, "input": inp}


def usage(w: W, big=False) -> dict:
    r = w.rng
    u = {"input_tokens": r.randint(1, 4000), "output_tokens": r.randint(1, 3000)}
    if r.random() < 0.7:
        c5, c1 = r.choice([0, 800, r.randint(0, 30000)]), r.choice([0, 0, 1500])
        u["cache_creation_input_tokens"] = c5 + c1
        u["cache_creation"] = {"ephemeral_5m_input_tokens": c5, "ephemeral_1h_input_tokens": c1}
    u["cache_read_input_tokens"] = r.choice([0, r.randint(1000, 90000)])
    if big:
        u["cache_read_input_tokens"] = r.randint(200001, 600000)
    return u


SONNET = "claude-sonnet-4-5-20250929"
OPUS = "claude-opus-4-6"
PROMPTS = ["fix the failing test in cart.ts", "add an export button to the report page",
           "refactor the parser into smaller modules", "why does the build fail on CI?",
           "run the test suite and fix what breaks", "explain this regex", "write docs for the API",
           "git push the branch and open a PR", "deploy to staging", "thanks, looks good"]


def turn(w: W, t: dt.datetime, sid: str, cwd, model=SONNET, prompt=None, ncalls=None, ts=z, extra=None) -> list:
    """One prompt and its calls, a second or more apart, tools drawn at random."""
    r = w.rng
    extra = extra or {}
    recs = [cc_user(ts(t), sid, prompt or r.choice(PROMPTS), cwd, **extra)]
    for i in range(ncalls or r.randint(1, 3)):
        t = t + dt.timedelta(seconds=r.randint(2, 90))
        k = r.random()
        if k < 0.3:
            c = [tool("Edit", w.uid("toolu_"), file_path="/repo/src/a.ts", old_string="a", new_string="b")]
        elif k < 0.5:
            c = [tool("Bash", w.uid("toolu_"), command=r.choice(["npm test", "git status", "pytest -q"]))]
        elif k < 0.65:
            c = [tool("Read", w.uid("toolu_"), file_path="/repo/src/b.ts")]
        else:
            c = [{"type": "text", "text": "done"}]
        recs.append(cc_asst(ts(t), sid, w.uid("msg_"), model, usage(w), c, cwd, **extra))
    return recs


def project(w: W, cwd: str) -> str:
    return os.path.join(w.claude, "projects", slug(cwd))


# ---------------------------------------------------------------- Claude families

def rootagents(w: W) -> None:
    """Older Claude Code wrote each subagent's sidechain as agent-<id>.jsonl
    right in the project dir (spec P §1.1 Files: every *.jsonl there is a
    session); beside it, jsonl files in folders that are not `subagents`
    (not read) and a folder named like a transcript."""
    cwd = "/home/dev/src/rootagents"
    pdir = project(w, cwd)
    sid = w.sid()
    t = w.ago(2, 300)
    main = turn(w, t, sid, cwd, prompt="investigate the flaky login test", ncalls=2)
    spawn = w.uid("toolu_")
    main.append(cc_asst(z(t + dt.timedelta(minutes=5)), sid, w.uid("msg_"), SONNET, usage(w),
                        [tool("Task", spawn, subagent_type="Explore", description="d", prompt="p")], cwd))
    jsonl(os.path.join(pdir, sid + ".jsonl"), main)
    for k in range(2):
        aid = f"{w.rng.getrandbits(32):08x}"
        ta = t + dt.timedelta(minutes=6 + k)
        recs = [cc_user(z(ta), sid, "search the code for login handlers", cwd, isSidechain=True, agentId=aid)]
        for j in range(2):
            recs.append(cc_asst(z(ta + dt.timedelta(seconds=10 * (j + 1))), sid, w.uid("msg_"), "claude-haiku-4-5-20251001",
                                usage(w), [tool("Grep", w.uid("toolu_"), pattern="login")], cwd,
                                isSidechain=True, agentId=aid))
        jsonl(os.path.join(pdir, f"agent-{aid}.jsonl"), recs)
    # not read: a jsonl below a folder that is not `subagents`
    jsonl(os.path.join(pdir, sid, "tool-results", "x.jsonl"),
          turn(w, t, sid, cwd, prompt="never counted", ncalls=1))
    os.makedirs(os.path.join(pdir, "odd.jsonl"), exist_ok=True)


def desktop(w: W) -> None:
    """Claude Desktop local-agent-mode (spec P §1.1): the project is the
    space's name, else the first selected folder's basename, else the
    trimmed title, else the slug; spaces.json or the session json missing or
    broken; a `projects` dir at another depth."""
    root = os.path.join(w.home, ".config", "Claude", "local-agent-mode-sessions")
    ws = os.path.join(root, "app-1", "ws-1")
    jwrite(os.path.join(ws, "spaces.json"), {"spaces": [{"id": "sp-a", "name": "Research Space"},
                                                        {"id": "sp-b", "name": ""}]})
    metas = [
        {"spaceId": "sp-a", "title": "T1"},                                  # space name
        {"spaceId": "sp-b", "userSelectedFolders": ["/home/dev/notes/"]},   # empty name: folder, trailing /
        {"spaceId": "sp-zzz", "title": "  Trip plan  "},                    # unknown space: title
        {"userSelectedFolders": [7, "/x/y"], "title": "Numbers first"},     # folder not a string: title
        {"userSelectedFolders": ["C:\\Users\\dev\\Docs"]},                  # a Windows folder
        "{not json",                                                         # broken: slug
        None,                                                                # no session json: slug
        {"title": "   "},                                                    # blank title: slug
    ]
    for i, meta in enumerate(metas):
        lid = f"local_{w.rng.getrandbits(40):010x}"
        if meta is not None:
            jwrite(os.path.join(ws, lid + ".json"), meta if isinstance(meta, str) else json.dumps(meta))
        cwd = w.rng.choice([f"/sessions/{lid[6:]}", "/home/dev/notes", None])
        sid = w.sid()
        recs = turn(w, w.ago(w.rng.choice([0.2, 1, 3, 9]), i * 7), sid, cwd, model=OPUS, ncalls=2)
        jsonl(os.path.join(ws, lid, ".claude", "projects", "-sessions-" + lid[6:], sid + ".jsonl"), recs)
    # a second workspace whose spaces.json is broken
    ws2 = os.path.join(root, "app-1", "ws-2")
    jwrite(os.path.join(ws2, "spaces.json"), "[broken")
    lid = "local_deadbeef01"
    jwrite(os.path.join(ws2, lid + ".json"), {"spaceId": "sp-a", "title": "Fallback title"})
    sid = w.sid()
    jsonl(os.path.join(ws2, lid, ".claude", "projects", "-s", sid + ".jsonl"), turn(w, w.ago(1, 40), sid, None))
    # a projects dir at a depth the layout does not name: the slug is the project
    sid = w.sid()
    jsonl(os.path.join(root, "other", "projects", "-odd-slug", sid + ".jsonl"), turn(w, w.ago(4), sid, None))


def _zoneless(t: dt.datetime) -> str:
    return t.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%S.") + f"{t.microsecond // 1000:03d}"


def _compact_offset(t: dt.datetime) -> str:
    return t.astimezone(dt.timezone(dt.timedelta(hours=5, minutes=30))).strftime("%Y-%m-%dT%H:%M:%S+0530")


def _space(t: dt.datetime) -> str:
    return z(t).replace("T", " ")


def zoneless(w: W) -> None:
    """Times as other writers spell them: no zone, a compact +0530 offset, a
    space for the T, a lowercase z, a bare date."""
    cwd = "/home/dev/src/zoneless"
    spells = [_zoneless, _compact_offset, _space, lambda t: z(t).lower().replace("t", "T", 1),
              lambda t: t.astimezone(UTC).strftime("%Y-%m-%d")]
    for k, sp in enumerate(spells):
        sid = w.sid()
        recs = turn(w, w.ago(0, 90 + 240 * k), sid, cwd, ts=sp, ncalls=2)
        recs += turn(w, w.ago(3, 90 + 240 * k), sid, cwd, ts=sp, ncalls=1)
        jsonl(os.path.join(project(w, cwd), sid + ".jsonl"), recs)


NUMBERS = [{"input_tokens": 1e3, "output_tokens": 2.5e2},
           {"input_tokens": 10, "output_tokens": 10, "cache_creation_input_tokens": 500,
            "cache_creation": {"ephemeral_5m_input_tokens": None, "ephemeral_1h_input_tokens": 300}},
           {"input_tokens": 10, "output_tokens": 10, "cache_creation": {"ephemeral_1h_input_tokens": 900}},
           {"input_tokens": 10, "output_tokens": 10, "cache_creation_input_tokens": 70,
            "cache_creation": {"ephemeral_5m_input_tokens": 20, "ephemeral_1h_input_tokens": 30}},
           {"input_tokens": 10, "output_tokens": 10, "server_tool_use": {"web_search_requests": 2.0}},
           {"input_tokens": 0, "output_tokens": 0}]
# Kept apart (family `oddnums`, not written by default): counts no real tool
# writes, which 0.9.20 adds as JavaScript does (strings concatenate, fractions
# and signs kept) and we skip with a warning (README, reference faults).
ODD_NUMBERS = [{"input_tokens": 12.5, "output_tokens": 100}, {"input_tokens": "120", "output_tokens": 40},
               {"input_tokens": -50, "output_tokens": 60}, {"input_tokens": True, "output_tokens": 7},
               {"input_tokens": 10, "output_tokens": 10, "cache_creation_input_tokens": 0,
                "cache_creation": {"ephemeral_5m_input_tokens": "200", "ephemeral_1h_input_tokens": 100}},
               {"input_tokens": 10, "output_tokens": 10, "cache_read_input_tokens": 1.75},
               {"input_tokens": 10, "output_tokens": 10, "server_tool_use": {"web_search_requests": "2"}}]


def numbers(w: W, odd=NUMBERS, cwd="/home/dev/src/numbers") -> None:
    """Usage counts written as floats (1e3, 2.0), null and partial parts of
    the 5m/1h split, a split whose sum is above the legacy total."""
    sid = w.sid()
    recs = [cc_user(z(w.ago(1, 200)), sid, "count the tokens", cwd)]
    for i, u in enumerate(odd):
        recs.append(cc_asst(z(w.ago(1, 199 - i)), sid, w.uid("msg_"), SONNET, u, cwd=cwd))
    jsonl(os.path.join(project(w, cwd), sid + ".jsonl"), recs)


def content(w: W) -> None:
    """Assistant content that is a string, null or an object; tool_use blocks
    with null, string or list input (one with no name makes the reference drop
    the whole file, README: not written here); user content with images,
    tool results beside text, compact summaries, slash commands, null."""
    cwd = "/home/dev/src/content"
    sid = w.sid()
    t = w.ago(2, 30)

    def at(k):
        return z(t + dt.timedelta(seconds=20 * k))

    img = {"type": "image", "source": {"type": "base64", "media_type": "image/png", "data": "iVBORw0KGgo="}}
    recs = [
        cc_user(at(0), sid, [img, {"type": "text", "text": "what is wrong in this screenshot of the build"}], cwd),
        cc_asst(at(1), sid, w.uid("msg_"), SONNET, usage(w), "plain string content", cwd),
        cc_asst(at(2), sid, w.uid("msg_"), SONNET, usage(w), None, cwd),
        cc_asst(at(3), sid, w.uid("msg_"), SONNET, usage(w), {"type": "text", "text": "an object"}, cwd),
        cc_user(at(4), sid, [{"type": "tool_result", "tool_use_id": "x", "content": [{"type": "text", "text": "ok"}]},
                             {"type": "text", "text": "[Request interrupted by user for tool use]"}], cwd),
        cc_asst(at(5), sid, w.uid("msg_"), SONNET, usage(w), [
            {"type": "tool_use", "id": w.uid("toolu_"), "name": "Bash", "input": None},
            {"type": "tool_use", "id": w.uid("toolu_"), "name": "Edit", "input": "file_path=/x"},
            {"type": "tool_use", "id": w.uid("toolu_"), "name": "Read", "input": ["/x"]}], cwd),
        cc_user(at(6), sid, "This session is being continued from a previous conversation that ran out of "
                "context. The conversation is summarized below: we fixed the build.", cwd, isCompactSummary=True,
                isVisibleInTranscriptOnly=True),
        cc_asst(at(7), sid, w.uid("msg_"), SONNET, usage(w), [tool("Write", w.uid("toolu_"), file_path="/r/n.md")], cwd),
        cc_user(at(8), sid, "<command-message>review is running…</command-message>\n<command-name>/review</command-name>\n"
                "<command-args>PR 12</command-args>", cwd),
        cc_asst(at(9), sid, w.uid("msg_"), SONNET, usage(w), [tool("Bash", w.uid("toolu_"), command="gh pr view 12")], cwd),
        cc_user(at(10), sid, "<local-command-stdout>Total cost: $0.12</local-command-stdout>", cwd),
        cc_user(at(11), sid, None, cwd),
        {"type": "user", "sessionId": sid, "timestamp": at(12), "message": {"content": "no role here, fix it"}},
        cc_asst(at(13), sid, w.uid("msg_"), SONNET, usage(w), [tool("Edit", w.uid("toolu_"), file_path="/r/a.py")], cwd),
        {"type": "assistant", "sessionId": sid, "timestamp": at(14),
         "message": {"id": w.uid("msg_"), "role": "user", "model": SONNET, "usage": usage(w), "content": []}},
        cc_asst(at(15), sid, w.uid("msg_"), SONNET, usage(w),
                [{"type": "server_tool_use", "id": "srvtoolu_1", "name": "web_search", "input": {"query": "x"}},
                 {"type": "web_search_tool_result", "tool_use_id": "srvtoolu_1", "content": []}], cwd),
    ]
    recs[-1]["message"]["usage"]["server_tool_use"] = {"web_search_requests": 1}
    jsonl(os.path.join(project(w, cwd), sid + ".jsonl"), recs)


def stream(w: W) -> None:
    """Streamed ids (one line per block, spec P §1.1): the last line lost its
    usage, or its model; two ids interleaved; an id streamed across local
    midnight; an id in both a subagent file and its parent."""
    cwd = "/home/dev/src/stream"
    sid = w.sid()
    pdir = project(w, cwd)
    t = w.ago(1, 100)
    a, b, c, d, e = (w.uid("msg_") for _ in range(5))

    def at(k):
        return z(t + dt.timedelta(seconds=5 * k))

    recs = [cc_user(at(0), sid, "stream me some changes", cwd),
            cc_asst(at(1), sid, a, SONNET, usage(w), [{"type": "thinking", "thinking": "hm"}], cwd),
            cc_asst(at(2), sid, a, SONNET, None, [tool("Edit", w.uid("toolu_"), file_path="/r/x.ts")], cwd),
            cc_asst(at(3), sid, b, OPUS, usage(w), [{"type": "text", "text": "one"}], cwd),
            cc_asst(at(4), sid, b, "", usage(w), [tool("Bash", w.uid("toolu_"), command="npm test")], cwd),
            cc_asst(at(5), sid, c, SONNET, usage(w), [{"type": "text", "text": "c1"}], cwd),
            cc_asst(at(6), sid, d, SONNET, usage(w), [{"type": "text", "text": "d1"}], cwd),
            cc_asst(at(7), sid, c, SONNET, usage(w), [tool("Read", w.uid("toolu_"), file_path="/r/y.ts")], cwd),
            cc_asst(at(8), sid, d, SONNET, usage(w), [tool("Grep", w.uid("toolu_"), pattern="q")], cwd)]
    # across midnight (local to several zones): first line yesterday, last today
    mid = w.now.astimezone(UTC).replace(hour=0, minute=0, second=0, microsecond=0)
    recs.append(cc_user(z(mid - dt.timedelta(minutes=3)), sid, "one more edit before bed", cwd))
    recs.append(cc_asst(z(mid - dt.timedelta(minutes=2)), sid, e, SONNET, usage(w), [{"type": "text", "text": "e"}], cwd))
    recs.append(cc_asst(z(mid + dt.timedelta(minutes=2)), sid, e, SONNET, usage(w),
                        [tool("Edit", w.uid("toolu_"), file_path="/r/z.ts")], cwd))
    jsonl(os.path.join(pdir, sid + ".jsonl"), recs)
    # the subagent repeats one of its parent's ids
    aid = "abc123def4567890"
    sub = [cc_user(at(20), sid, "look around", cwd, isSidechain=True, agentId=aid),
           cc_asst(at(21), sid, c, SONNET, usage(w), [tool("Glob", w.uid("toolu_"), pattern="*")], cwd,
                   isSidechain=True, agentId=aid),
           cc_asst(at(22), sid, w.uid("msg_"), SONNET, usage(w), None, cwd, isSidechain=True, agentId=aid)]
    jsonl(os.path.join(pdir, sid, "subagents", f"agent-{aid}.jsonl"), sub)


MODELS = ["us.anthropic.claude-sonnet-4-5-20250929-v1:0", "global.anthropic.claude-opus-4-5-20251101-v1:0",
          "eu.anthropic.claude-3-7-sonnet-20250219-v1:0", "apac.anthropic.claude-haiku-4-5-20251001-v1:0",
          "anthropic.claude-opus-4-1-20250805-v1:0", "vertex_ai/claude-sonnet-4@20250514",
          "claude-opus-4-1@20250805", "bedrock/anthropic.claude-sonnet-4-5-20250929-v1:0",
          "arn:aws:bedrock:us-east-1:123456789012:inference-profile/us.anthropic.claude-sonnet-4-20250514-v1:0",
          "claude-sonnet-4-5-thinking", "claude-opus-4-6-20260101", "claude-haiku-4-5", "claude-sonnet-4.5",
          "claude-4-sonnet-20250514", "claude-3-5-sonnet-latest", "openrouter/anthropic/claude-sonnet-4.5",
          "claude-opus-4-6[1m]", "claude-sonnet-4-6", "claude-3-opus-20240229", "claude-instant-1.2",
          "  claude-sonnet-4-5-20250929", "CLAUDE-OPUS-4-6"]


def models(w: W) -> None:
    """Model ids as Bedrock, Vertex, gateways and old releases spell them,
    some with 200k+ input (no long-context tier in the reference)."""
    cwd = "/home/dev/src/models"
    sid = w.sid()
    recs = [cc_user(z(w.ago(5, 500)), sid, "try every model", cwd)]
    for i, m in enumerate(MODELS):
        u = usage(w, big=i % 3 == 0)
        if i % 4 == 1:
            u["speed"] = "fast"
        recs.append(cc_asst(z(w.ago(5, 499 - i)), sid, w.uid("msg_"), m, u, cwd=cwd))
    jsonl(os.path.join(project(w, cwd), sid + ".jsonl"), recs)


ZONES = ["America/New_York", "Asia/Kolkata", "Pacific/Chatham", "America/St_Johns", "Europe/Berlin", "UTC"]


def midnight(w: W) -> None:
    """A session a few minutes either side of today's and yesterday's
    midnight in each of several zones, and one across the month's start."""
    cwd = "/home/dev/src/midnight"
    for zone in ZONES:
        tz = zoneinfo.ZoneInfo(zone)
        local = w.now.astimezone(tz)
        for back in (0, 1):
            mid = (local - dt.timedelta(days=back)).replace(hour=0, minute=0, second=0, microsecond=0)
            if mid.astimezone(UTC) + dt.timedelta(minutes=10) > w.now:
                continue
            sid = w.sid()
            recs = turn(w, mid - dt.timedelta(minutes=6), sid, cwd, ncalls=3)
            recs += turn(w, mid + dt.timedelta(minutes=1), sid, cwd, ncalls=1)
            jsonl(os.path.join(project(w, cwd), sid + ".jsonl"), recs)
    first = w.now.astimezone(UTC).replace(day=1, hour=0, minute=0, second=0, microsecond=0)
    sid = w.sid()
    recs = turn(w, first - dt.timedelta(minutes=30), sid, cwd, ncalls=3)
    jsonl(os.path.join(project(w, cwd), sid + ".jsonl"), recs)


# ---------------------------------------------------------------- Codex

def cx(ts, typ, payload) -> dict:
    return {"timestamp": ts, "type": typ, "payload": payload}


def cx_usage(inp, cached, out, reas, total=None) -> dict:
    return {"input_tokens": inp, "cached_input_tokens": cached, "output_tokens": out,
            "reasoning_output_tokens": reas, "total_tokens": inp + out if total is None else total}


class Rollout:
    """Builds one rollout with running totals kept right."""

    def __init__(self, w: W, t: dt.datetime, cwd="/home/dev/work/ledger", model="gpt-5-codex", ts=z, **meta):
        self.w, self.t, self.ts = w, t, ts
        self.sid = meta.pop("sid", None) or w.sid()
        self.total = [0, 0, 0, 0]
        payload = {"id": self.sid, "timestamp": ts(t), "cwd": cwd, "originator": "codex_cli_rs",
                   "cli_version": "0.64.0", "model_provider": "openai"}
        if model:
            payload["model"] = model
        payload.update(meta)
        self.recs = [cx(ts(t), "session_meta", payload)]
        self.n = 0

    def tick(self, s=3) -> str:
        self.t += dt.timedelta(seconds=s)
        return self.ts(self.t)

    def prompt(self, text, model=None, turn_context=True):
        self.n += 1
        tid = f"turn-{self.n}"
        self.recs.append(cx(self.tick(), "event_msg", {"type": "task_started", "turn_id": tid}))
        if turn_context:
            self.recs.append(cx(self.tick(1), "turn_context", {"turn_id": tid, "cwd": "/x", "model": model,
                                                               "approval_policy": "never"}))
        self.recs.append(cx(self.tick(1), "response_item", {"type": "message", "role": "user", "content": [
            {"type": "input_text", "text": text}]}))
        return self

    def call(self, inp, cached, out, reas=0, shape="both", **extra):
        last = cx_usage(inp, cached, out, reas)
        self.total = [a + b for a, b in zip(self.total, (inp, cached, out, reas))]
        total = cx_usage(*self.total)
        info = {"total_token_usage": total, "last_token_usage": last}
        if shape == "total":
            del info["last_token_usage"]
        elif shape == "last":
            del info["total_token_usage"]
        info.update(extra)
        self.recs.append(cx(self.tick(), "event_msg", {"type": "token_count", "info": info}))
        return self

    def tool(self, name, args, kind="function_call"):
        cid = self.w.uid("call_")
        if kind == "function_call":
            self.recs.append(cx(self.tick(), "response_item", {"type": "function_call", "name": name,
                                                               "arguments": args, "call_id": cid}))
            self.recs.append(cx(self.tick(1), "response_item", {"type": "function_call_output", "call_id": cid,
                                                                "output": "ok"}))
        else:
            self.recs.append(cx(self.tick(), "response_item", {"type": "custom_tool_call", "name": name,
                                                               "input": args, "call_id": cid}))
        return self

    def done(self):
        self.recs.append(cx(self.tick(), "event_msg", {"type": "task_complete", "turn_id": f"turn-{self.n}",
                                                       "duration_ms": 9000}))
        return self

    def write(self, root: str | None = None, name: str | None = None) -> str:
        t0 = dt.datetime.fromisoformat(self.recs[0]["payload"]["timestamp"].replace("Z", "+00:00")) \
            if self.recs[0]["payload"].get("timestamp", "").endswith("Z") else self.w.now
        base = name or "rollout-%s-%s.jsonl" % (t0.strftime("%Y-%m-%dT%H-%M-%S"), self.sid)
        d = root or os.path.join(self.w.codex, "sessions", t0.strftime("%Y"), t0.strftime("%m"), t0.strftime("%d"))
        path = os.path.join(d, base)
        jsonl(path, self.recs)
        return path


BIG = 40 * 1024


def cx_big(w: W) -> None:
    """Lines over 32 KiB, which the reference reads with its field scanner
    rather than JSON.parse: a prompt whose first text block is short and whose
    second is a long paste; a long first block with escapes; a function call
    with long arguments (its file and command); a patch over several files
    with a long diff; an exec custom tool with a long program calling
    mcp-cli; a long turn_context; a long assistant message before a
    char-estimated call; a long session_meta."""
    r = Rollout(w, w.ago(1, 600), base_instructions={"text": "You are Codex. " + "x" * BIG})
    r.prompt("fix the failing build", model="gpt-5-codex")
    r.recs[-1]["payload"]["content"].append({"type": "input_text", "text": "pasted log: " + "E" * BIG})
    r.tool("exec_command", json.dumps({"cmd": "cat > /r/gen.py <<'EOF'\n" + "print(1)\n" * 5000 + "EOF",
                                       "workdir": "/r"}))
    r.tool("exec_command", json.dumps({"cmd": "pytest -q"}))
    r.call(9000, 4000, 800, 200)
    diff = "".join(f"-old {i}\n+new {i}\n" for i in range(2500))
    r.recs.append(cx(r.tick(), "event_msg", {"type": "patch_apply_end", "call_id": "c1", "success": False,
                                             "changes": {"/r/a.py": {"type": "update", "unified_diff": diff},
                                                         "/r/b.py": {"type": "add", "unified_diff": "+x\n"}}}))
    r.tool("exec_command", json.dumps({"cmd": "pytest -q"}))
    r.recs.append(cx(r.tick(), "event_msg", {"type": "patch_apply_end", "call_id": "c2", "success": True,
                                             "changes": {"/r/a.py": {"type": "update", "unified_diff": diff}}}))
    r.call(12000, 9000, 400, 0).done()
    r.prompt("\u00e9t\u00e9 \"quoted\" \\ back\tslash " + "\u00fc" * 20000 + " tail", model="gpt-5-codex")
    r.tool("exec", "const r = await tools.exec_command({cmd: 'mcp-cli call github get_issue 12'});\n// "
           + "pad " * 10000, kind="custom_tool_call")
    r.call(3000, 0, 100, 0).done()
    r.n += 1
    r.recs.append(cx(r.tick(), "event_msg", {"type": "task_started", "turn_id": "turn-x"}))
    r.recs.append(cx(r.tick(), "turn_context", {"turn_id": "turn-x", "cwd": "/r", "model": "gpt-5.1-codex-max",
                                                "user_instructions": "AGENTS.md: " + "rule. " * 8000}))
    r.recs.append(cx(r.tick(), "response_item", {"type": "message", "role": "user",
                                                 "content": [{"type": "input_text", "text": "summarise"}]}))
    r.recs.append(cx(r.tick(), "response_item", {"type": "message", "role": "assistant",
                                                 "content": [{"type": "output_text", "text": "s" * BIG}]}))
    r.recs.append(cx(r.tick(), "event_msg", {"type": "token_count", "info": None}))
    r.done().write()
    # a write_file call whose long arguments are an object, not a string
    r2 = Rollout(w, w.ago(3, 50), model=None)
    r2.prompt("write the fixture", model="gpt-5")
    r2.tool("write_file", {"path": "/r/fixture.json", "content": "y" * BIG})
    r2.tool("read_file", json.dumps({"file_path": "/r/fixture.json"}))
    r2.call(5000, 0, 300).done().write()


def cx_meta(w: W) -> None:
    """A rollout holding a second session_meta (an id change mid-file), one
    whose session_id is empty or null, a forked_from_id of null, and a model
    given by session_meta only."""
    r = Rollout(w, w.ago(4, 100), session_id=None, forked_from_id=None)
    r.prompt("null ids", model="gpt-5").call(3000, 0, 200).call(3000, 0, 200).done()
    r.write()
    # a resumed rollout: its own meta, then a copy of an earlier meta and history
    r = Rollout(w, w.ago(6, 10), model="gpt-5")
    r.prompt("resume base").call(7000, 2000, 500).done()
    r.write()
    r2 = Rollout(w, w.ago(5, 10), model="gpt-5")
    r2.recs += r.recs
    r2.prompt("resumed work").call(1000, 0, 10).done()
    r2.write()


def cx_meta_odd(w: W) -> None:
    """Not written by default (README, left): a session_id of "" (0.9.20's
    session id is then "", one for every such file) and a second
    session_meta naming another session_id mid-file (0.9.20 splits the
    rollout's calls between the two ids; one session here)."""
    r = Rollout(w, w.ago(2, 400), model="gpt-5.2", session_id="")
    r.prompt("first part", turn_context=False).call(4000, 1000, 300).done()
    second = w.sid()
    r.recs.append(cx(r.tick(60), "session_meta", {"id": second, "session_id": second, "timestamp": z(r.t),
                                                  "cwd": "/home/dev/work/other", "model": "o3"}))
    r.prompt("second part", turn_context=False).call(2000, 0, 100).done()
    r.prompt("third part", model="gpt-5-mini").call(1000, 500, 50).done()
    r.write()


def cx_model(w: W) -> None:
    """turn_context models that are empty, null or a number; a model on the
    token_count payload (a number there too), on info.model_name only."""
    r = Rollout(w, w.ago(1, 300), model="gpt-5.1-codex")
    r.prompt("empty model", model="").call(1000, 0, 100).done()
    r.prompt("null model", model=None).call(1000, 0, 100).done()
    r.prompt("number model", model=5).call(1000, 0, 100).done()
    r.prompt("info model_name").call(1000, 0, 100, model_name="gpt-4.1").done()
    r.prompt("payload model").call(1000, 0, 100)
    r.recs[-1]["payload"]["model"] = "o4-mini"
    r.prompt("payload model number").call(1000, 0, 100)
    r.recs[-1]["payload"]["model"] = 42
    r.done().write()


def cx_zoneless(w: W) -> None:
    """Codex times without a zone or with a compact offset, and a fork whose
    replay is spelled with an offset (the reference compares fork times as
    strings)."""
    r = Rollout(w, w.ago(0, 200), ts=_zoneless)
    r.prompt("zoneless codex").call(5000, 100, 300).done()
    r.write(name=f"rollout-zl-{r.sid}.jsonl")
    p = Rollout(w, w.ago(2, 200))
    p.prompt("parent work").call(8000, 1000, 400).call(9000, 8000, 100).done()
    p.write()
    f = Rollout(w, w.ago(1, 30), ts=_compact_offset, forked_from_id=p.sid)
    # the replay, re-spelled with an offset at the fork's time
    for rec in p.recs[1:]:
        rec = json.loads(json.dumps(rec))
        rec["timestamp"] = _compact_offset(f.t + dt.timedelta(seconds=1))
        f.recs.append(rec)
    f.total = list(p.total)
    f.t += dt.timedelta(seconds=30)
    f.prompt("fork work").call(2000, 0, 100).done()
    f.write(name=f"rollout-fk-{f.sid}.jsonl")


def cx_layout(w: W) -> None:
    """A symlinked rollout and day dir, an archive with folders in it, a
    folder named like a rollout, an upper-case name, a .jsonl.bak."""
    r = Rollout(w, w.ago(3, 700))
    r.prompt("the real file").call(6000, 0, 600).done()
    real = r.write(root=os.path.join(w.home, "elsewhere"))
    day = os.path.join(w.codex, "sessions", "2026", "11", "20")
    os.makedirs(day, exist_ok=True)
    os.symlink(real, os.path.join(day, os.path.basename(real)))
    r = Rollout(w, w.ago(4, 700))
    r.prompt("in a linked day dir").call(2500, 0, 250).done()
    r.write(root=os.path.join(w.home, "elsewhere-day"))
    os.symlink(os.path.join(w.home, "elsewhere-day"), os.path.join(w.codex, "sessions", "2026", "11", "19"))
    r = Rollout(w, w.ago(5, 700))
    r.prompt("archived in a folder").call(3000, 0, 300).done()
    r.write(root=os.path.join(w.codex, "archived_sessions", "2026", "11", "21"))
    os.makedirs(os.path.join(w.codex, "archived_sessions", "rollout-dir.jsonl"), exist_ok=True)
    r = Rollout(w, w.ago(6, 700))
    r.prompt("upper case").call(3100, 0, 310).done()
    r.write(name=f"ROLLOUT-{r.sid}.jsonl")
    r = Rollout(w, w.ago(6, 600))
    r.prompt("backup").call(3200, 0, 320).done()
    r.write(name=f"rollout-{r.sid}.jsonl.bak")


def cx_estimate(w: W) -> None:
    """Turns with no token counts (info null): the reference estimates a call
    from the prompt's and the answer's lengths in UTF-16 units (emoji count
    two), the session's model or gpt-5; several per turn; none when nothing
    was said."""
    r = Rollout(w, w.ago(1, 900), model=None)
    r.prompt("estimate this 😀😀 " + "é" * 30, turn_context=False)
    r.recs.append(cx(r.tick(), "response_item", {"type": "message", "role": "assistant", "content": [
        {"type": "output_text", "text": "answer 🚀" * 7}, {"type": "text", "text": "more"},
        {"type": "refusal", "text": "ignored"}]}))
    r.recs.append(cx(r.tick(), "event_msg", {"type": "token_count", "info": None}))
    r.recs.append(cx(r.tick(), "event_msg", {"type": "token_count", "info": None}))
    r.recs.append(cx(r.tick(), "response_item", {"type": "message", "role": "assistant",
                                                 "content": "a plain string answer"}))
    r.recs.append(cx(r.tick(), "event_msg", {"type": "token_count", "info": None}))
    r.done()
    r.prompt("then a model", model="gpt-5.1-codex-mini")
    r.recs.append(cx(r.tick(), "response_item", {"type": "message", "role": "assistant", "content": [
        {"type": "output_text", "text": "x" * 41}]}))
    r.recs.append(cx(r.tick(), "event_msg", {"type": "token_count"}))
    r.call(100, 0, 10).done()
    r.write()


def cx_tokens(w: W) -> None:
    """Token counts other writers emit: cache writes (priced only where the
    model has a cache-write rate), a total without total_tokens, a last
    without a total twice, totals as floats, cached above input."""
    r = Rollout(w, w.ago(2, 900), model="gpt-5.5")
    r.prompt("cache writes").call(10000, 2000, 500, 100)
    r.recs[-1]["payload"]["info"]["last_token_usage"]["cache_write_input_tokens"] = 3000
    r.recs[-1]["payload"]["info"]["total_token_usage"]["cache_write_input_tokens"] = 3000
    r.done()
    r.prompt("no total_tokens").call(4000, 0, 400)
    del r.recs[-1]["payload"]["info"]["total_token_usage"]["total_tokens"]
    r.call(4000, 0, 400, shape="last").call(4100, 0, 410, shape="last").done()
    r.prompt("floats").call(3000, 1000, 300)
    info = r.recs[-1]["payload"]["info"]
    for k in ("input_tokens", "output_tokens"):
        info["last_token_usage"][k] = float(info["last_token_usage"][k])
    r.call(200, 900, 20).done()
    r.write()


def oddnums(w: W) -> None:
    numbers(w, ODD_NUMBERS, "/home/dev/src/oddnums")


FAMILIES = {"rootagents": rootagents, "desktop": desktop, "zoneless": zoneless, "numbers": numbers,
            "content": content, "stream": stream, "models": models, "midnight": midnight,
            "cx-big": cx_big, "cx-meta": cx_meta, "cx-model": cx_model, "cx-zoneless": cx_zoneless,
            "cx-layout": cx_layout, "cx-estimate": cx_estimate, "cx-tokens": cx_tokens}
OPT_IN = {"oddnums": oddnums, "cx-meta-odd": cx_meta_odd}  # differences left (README)


def main(argv=None) -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("home")
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--only", default="")
    ap.add_argument("--now", default="")
    a = ap.parse_args(argv)
    now = dt.datetime.fromisoformat(a.now) if a.now else \
        dt.datetime.now(UTC).replace(second=0, microsecond=0) - dt.timedelta(minutes=20)
    w = W(os.path.abspath(a.home), a.seed, now)
    names = [n for n in a.only.split(",") if n] or list(FAMILIES)
    for n in names:
        {**FAMILIES, **OPT_IN}[n](w)
    os.makedirs(w.home, exist_ok=True)
    with open(os.path.join(w.home, "wild-env.json"), "w") as f:
        json.dump(w.env, f)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
