"""The database-backed stores, written as real SQLite files with each tool's
schema and varied the ways those schemas allow: an independent check on the
SQLite readers (spec providers §2.1-§2.7, §4.1; errata), apart from
bench/gen_cursor.py and bench/gen_wild_others.py.

Usage: python bench/gen_wild_stores.py HOME [--seed N] [--only cursor,opencode,...] [--broken] [--deliberate]

Stores: Cursor's global `state.vscdb` (chat, agent, real-token, meter and
legacy conversations, tool sub-composer rows, binary agent blobs) with its
`workspaceStorage` project maps; OpenCode `opencode*.db` (two stores, rollup
columns in one) and KiloCode's `kilo*.db`; Goose `sessions.db`; Crush
`crush.db` per project through `projects.json` (either registry shape);
Copilot's `session-store.db` (narrow and wide tables) beside the CLI's
event logs of the same sessions, and VS Code's `agent-traces.db`;
Antigravity `.db` conversations (protobuf `gen_metadata` rows).

What varies: NULL columns, numbers stored as TEXT or REAL where a column's
type lets them stay so, JSON with optional fields missing or null, ms and s
timestamps, several workspaces and projects, empty tables, extra unknown
columns and tables, unicode, databases left in WAL mode with a `-wal`
file still holding rows. `--broken` adds a store of each failure kind
(truncated, not a database, unknown schema). `--deliberate` adds the
shapes on which codeburn and 0.9.20 differ knowingly (README, wild stores
sweep): Crush's current `{"projects": [...]}` registry, paths with a
trailing `/`, OpenCode messages without `time_created`, sessions with
neither directory nor title. Times fall in
the last ~40 days (a few today), so every period has rows. A seed names a
history."""
from __future__ import annotations

import argparse
import json
import os
import random
import shutil
import sqlite3
import struct
import uuid
from datetime import datetime, timedelta, timezone

NOW = datetime.now(timezone.utc).replace(microsecond=0)
DELIBERATE = False   # --deliberate
WORDS = ("fix the failing test in the parser", "refactor the cache layer", "add a retry to the upload",
         "why does the build break on CI?", "explain this function", "déployer la branche ✨", "重构数据库层",
         "debug the crash in the 🚀 launcher", "write docs for the flags", "review this change for bugs",
         "implement the feature flag", "rename the module", "\"quoted\" \\ back\\slash\ttab")
SHELL = ["npm test && git status", "cd src && pytest -q", "FOO=1 make build | tee log", "git log --oneline -3",
         "cargo test; ls -la", "python -m mypy ."]


class R:
    """The seeded choices every writer draws from."""

    def __init__(self, seed: int):
        self.r = random.Random(seed)

    def pick(self, seq):
        return self.r.choice(seq)

    def p(self, prob: float) -> bool:
        return self.r.random() < prob

    def n(self, lo: int, hi: int) -> int:
        return self.r.randint(lo, hi)

    def uid(self) -> str:
        return str(uuid.UUID(int=self.r.getrandbits(128), version=4))

    def hexid(self, k: int = 12) -> str:
        return "".join(self.r.choice("0123456789abcdef") for _ in range(k))

    def when(self, days: int = 40) -> datetime:
        if self.p(0.2):
            return NOW - timedelta(seconds=self.n(2 * 3600, 5 * 3600))
        return NOW - timedelta(seconds=self.n(5 * 3600, days * 86400))

    def tok(self, hi: int = 20000) -> int:
        return 0 if self.p(0.07) else self.n(1, hi)

    def text(self) -> str:
        return self.pick(WORDS)


def ms(t: datetime) -> int:
    return int(t.timestamp() * 1000)


def iso_ms(t: datetime) -> str:
    return t.strftime("%Y-%m-%dT%H:%M:%S.") + f"{t.microsecond // 1000:03d}Z"


def dumps(r: R, obj) -> str:
    return json.dumps(obj, ensure_ascii=r.p(0.5), separators=(",", ":") if r.p(0.5) else (", ", ": "))


def trailing(path: str) -> str:
    """A path with a trailing `/`, or without it unless --deliberate (0.9.20
    renames such a tool project to its last folder: README, reference faults)."""
    return path if DELIBERATE else path.rstrip("/")


def mkdir(path: str) -> str:
    os.makedirs(path, exist_ok=True)
    return path


class Store:
    """A SQLite file being written. `wal` leaves it in WAL mode with rows
    still in the `-wal` file (the file pair is copied while the writer is
    open, as a backup of a running tool would find it)."""

    def __init__(self, path: str, wal: bool = False):
        mkdir(os.path.dirname(path))
        for suffix in ("", "-wal", "-shm", "-journal"):
            if os.path.exists(path + suffix):
                os.remove(path + suffix)
        self.path, self.wal = path, wal
        self.work = path + ".writing" if wal else path
        self.db = sqlite3.connect(self.work)
        if wal:
            self.db.execute("PRAGMA journal_mode=WAL")
            self.db.execute("PRAGMA wal_autocheckpoint=0")

    def script(self, sql: str) -> None:
        self.db.executescript(sql)

    def rows(self, sql: str, rows) -> None:
        self.db.executemany(sql, rows)

    def close(self, after_checkpoint=None) -> None:
        """Commits; a WAL store first checkpoints what it has, then takes
        `after_checkpoint` rows (they stay in the -wal file)."""
        self.db.commit()
        if not self.wal:
            self.db.close()
            return
        self.db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        if after_checkpoint:
            after_checkpoint(self)
            self.db.commit()
        shutil.copyfile(self.work, self.path)
        shutil.copyfile(self.work + "-wal", self.path + "-wal")
        self.db.close()
        for suffix in ("", "-wal", "-shm"):
            if os.path.exists(self.work + suffix):
                os.remove(self.work + suffix)


# ------------------------------------------------------------------ Cursor §2.1

CURSOR_MODELS = ["claude-4.5-sonnet-thinking", "gpt-5", "default", "claude-4.6-opus", "composer-1", None, ""]
LANGS = ["typescript", "python", "plaintext", "rust", "shellscript", "", None]


def cursor_bubble(r: R, kind: int, t: datetime, model, shape: str, request_id: str) -> dict:
    b = {"_v": r.pick([2, 3]), "type": kind, "bubbleId": r.uid()}
    if not (shape == "legacy" and r.p(0.3)):
        b["text"] = r.text() + (" " + r.text() * r.n(0, 8) if kind == 2 else "")
    if r.p(0.05):
        b["text"] = None
    if shape == "real":
        b["tokenCount"] = {"inputTokens": r.tok(30000), "outputTokens": r.tok(3000)}
        if r.p(0.2):
            b["tokenCount"]["inputTokens"] = float(b["tokenCount"]["inputTokens"])
    elif shape != "legacy" or r.p(0.5):
        b["tokenCount"] = {"inputTokens": 0, "outputTokens": 0}
    stamp = r.pick(["iso", "iso", "iso", "iso", "iso", "iso", "iso", "none", "num"])
    if stamp == "iso":
        b["createdAt"] = iso_ms(t)
    elif stamp == "num":
        b["createdAt"] = ms(t)
    if kind == 2:
        if model is not None or r.p(0.5):
            b["modelInfo"] = {"modelName": model} if r.p(0.9) else {}
        if request_id:
            b["requestId"] = request_id
        if r.p(0.4):
            b["codeBlocks"] = [{"languageId": r.pick(LANGS), "content": "x = 1", "codeBlockIdx": i}
                               for i in range(r.n(1, 3))]
    else:
        b["requestId"] = ""
        if r.p(0.3):
            b["richText"] = json.dumps({"root": {"children": [{"text": b.get("text")}]}})
    if r.p(0.2):
        b["unknownFutureField"] = {"nested": [1, 2, 3]}
    return b


def cursor_agent_rows(r: R, request_id: str, model, orphan: bool) -> list:
    rows = []
    if r.p(0.5):
        rows.append({"role": "system", "content": "You are a coding agent. " * r.n(1, 20)})
    user = {"role": "user", "content": r.pick([r.text(), [{"type": "text", "text": r.text()}],
                                               json.dumps([{"type": "text", "text": r.text()}])])}
    user["providerOptions"] = {"cursor": {"requestId": request_id}}
    rows.append(user)
    blocks = [{"type": "text", "text": r.text() * r.n(1, 4)}]
    for _ in range(r.n(0, 3)):
        name = r.pick(["Shell", "Read", "Edit", "Grep", "Shell", "mcp_github_list"])
        blocks.append({"type": "tool-call", "toolCallId": r.hexid(8), "toolName": name,
                       "args": {"command": r.pick(SHELL)} if name == "Shell" else {"path": "src/a.ts"}})
    asst = {"role": "assistant", "content": blocks}
    if model or r.p(0.3):
        asst["providerOptions"] = {"cursor": {"modelName": model or "gpt-5"}}
    rows.append(asst)
    if r.p(0.6):
        rows.append({"role": "tool", "content": [{"type": "tool-result", "content": "ok " * r.n(1, 200)}]})
    if orphan and r.p(0.5):
        rows.append({"role": "assistant", "content": ""})
    return rows


def gen_cursor(r: R, home: str, wal: bool) -> None:
    user = os.path.join(home, ".config", "Cursor", "User")
    st = Store(os.path.join(user, "globalStorage", "state.vscdb"), wal=wal)
    st.script("CREATE TABLE ItemTable (key TEXT UNIQUE ON CONFLICT REPLACE, value BLOB);"
              "CREATE TABLE cursorDiskKV (key TEXT UNIQUE ON CONFLICT REPLACE, value BLOB);")
    kv, agent, late, composers = [], [], [], []
    for c in range(r.n(4, 9)):
        cid = r.uid()
        composers.append(cid)
        shape = r.pick(["chat", "agent", "real", "meter", "legacy", "agent"])
        model = r.pick(CURSOR_MODELS)
        t = r.when(40) if not r.p(0.08) else NOW - timedelta(days=r.n(200, 260))
        turns = r.n(0, 5)
        for i in range(turns):
            t += timedelta(seconds=r.n(10, 900))
            rid = r.uid() if shape in ("agent", "meter") or r.p(0.2) else ""
            for kind in (1, 2):
                if kind == 1 and r.p(0.1):
                    continue
                b = cursor_bubble(r, kind, t + timedelta(seconds=kind * 3), model, shape, rid if kind == 2 else "")
                row = (f"bubbleId:{cid}:{b['bubbleId']}", dumps(r, b))
                if r.p(0.3):
                    row = (row[0], row[1].encode())
                (late if wal and r.p(0.25) else kv).append(row)
            if rid and shape in ("agent", "meter"):
                agent.extend(cursor_agent_rows(r, rid, model, False))
        if shape == "meter" or r.p(0.3):
            meta = {"composerId": cid, "_v": 10}
            k = r.n(0, 3)
            if k == 0:
                meta["promptTokenBreakdown"] = {"totalUsedTokens": r.n(1000, 150000)}
            elif k == 1:
                meta["contextTokensUsed"] = r.n(1000, 150000)
            elif k == 2:
                meta["promptTokenBreakdown"] = {"totalUsedTokens": 0}
                meta["contextTokensUsed"] = r.n(1000, 90000)
            if r.p(0.8):
                meta["createdAt"] = ms(t - timedelta(minutes=30)) if r.p(0.8) else None
            kv.append((f"composerData:{cid}", dumps(r, meta)))
        if r.p(0.15):  # a tool sub-composer row: not a conversation
            kv.append((f"bubbleId:task-{r.hexid(6)}\ncall_{r.hexid(6)}:{r.uid()}",
                       json.dumps({"type": 2, "text": "sub result", "createdAt": iso_ms(t)})))
    for _ in range(r.n(0, 2)):  # requests no bubble names
        agent.extend(cursor_agent_rows(r, r.uid(), r.pick(CURSOR_MODELS), True))
    agent_kv = [(f"agentKv:blob:{r.hexid(64)}", dumps(r, a)) for a in agent]
    for _ in range(r.n(0, 3)):
        agent_kv.insert(r.n(0, len(agent_kv)), (f"agentKv:blob:{r.hexid(64)}", b"\x0a\x12" + bytes(r.n(0, 255) for _ in range(30))))
    rows = kv + agent_kv
    r.r.shuffle(rows) if r.p(0.3) else None
    st.rows("INSERT INTO cursorDiskKV VALUES (?, ?)", rows)
    st.rows("INSERT INTO ItemTable VALUES (?, ?)", [("workbench.panel.state", "{}")])
    st.close(lambda s: s.rows("INSERT INTO cursorDiskKV VALUES (?, ?)", late))
    cursor_workspaces(r, user, composers)


def cursor_workspaces(r: R, user: str, composers: list) -> None:
    folders = ["file:///home/dev/web-app", "file:///home/dev/my%20project", "file:///home/dev/%C3%BCn%C3%AF",
               "vscode-remote://ssh-remote+box/srv/api", "file:///home/dev/web-app"]
    left = list(composers)
    r.r.shuffle(left)
    for i in range(r.n(1, 4)):
        d = mkdir(os.path.join(user, "workspaceStorage", r.hexid(32)))
        if r.p(0.9):
            with open(os.path.join(d, "workspace.json"), "w") as f:
                json.dump({"folder": r.pick(folders)} if r.p(0.9) else {"workspace": "file:///x.code-workspace"}, f)
        mine = [left.pop() for _ in range(min(len(left), r.n(0, 3)))]
        if r.p(0.15):
            continue
        st = Store(os.path.join(d, "state.vscdb"), wal=r.p(0.2))
        st.script("CREATE TABLE ItemTable (key TEXT UNIQUE ON CONFLICT REPLACE, value BLOB)")
        key = r.pick(["composer.composerData", "composer.composerHeaders"])
        doc = {"allComposers": [{"composerId": c, "name": r.text(), "lastUpdatedAt": 1} for c in mine],
               "selectedComposerIds": mine[:1]}
        st.rows("INSERT INTO ItemTable VALUES (?, ?)", [(key, json.dumps(doc))])
        st.close()


# ------------------------------------------------------------------ OpenCode §2.2 (and KiloCode)

OC_TOOLS = ["bash", "read", "edit", "write", "glob", "grep", "task", "fetch", "todo", "skill", "patch",
            "clickup_clickup_get_task", "mcp__gh__issue", "webfetch", "_odd", "tail_"]


def oc_store(r: R, path: str, rollup: bool, wal: bool) -> None:
    st = Store(path, wal=wal)
    extra = ", cost REAL, tokens_input INTEGER, tokens_output INTEGER, tokens_reasoning INTEGER, " \
            "tokens_cache_read INTEGER, tokens_cache_write INTEGER, model TEXT" if rollup else ""
    st.script(f"""
    CREATE TABLE session (id TEXT PRIMARY KEY, project_id TEXT NOT NULL DEFAULT 'global', parent_id TEXT,
      slug TEXT, directory TEXT, title TEXT, version TEXT, share_url TEXT, summary_additions INTEGER,
      time_created INTEGER, time_updated INTEGER, time_compacting INTEGER, time_archived INTEGER{extra});
    CREATE TABLE message (id TEXT PRIMARY KEY, session_id TEXT NOT NULL, time_created INTEGER,
      time_updated INTEGER, data TEXT NOT NULL);
    CREATE TABLE part (id TEXT PRIMARY KEY, message_id TEXT NOT NULL, session_id TEXT NOT NULL,
      time_created INTEGER, time_updated INTEGER, data TEXT NOT NULL);
    CREATE TABLE project (id TEXT PRIMARY KEY, worktree TEXT);
    CREATE TABLE todo (session_id TEXT, content TEXT);""")
    sessions, messages, parts, late = [], [], [], []
    roots: list[str] = []
    for s in range(r.n(0, 5)):
        sid, t = f"ses_{r.hexid(16)}", r.when()
        parent = r.pick(roots) if roots and r.p(0.35) else None
        if parent is None:
            roots.append(sid)
        directory = r.pick(["/home/dev/oc-app", "/home/dev/ünï app", "", None, trailing("/srv/x/")])
        title = r.pick([r.text(), None, ""]) if directory or DELIBERATE else r.text()
        row = [sid, "p1", parent, "slug", directory, title, "1.0.9", None, 0,
               ms(t), ms(t), None, ms(t) if r.p(0.1) else None]
        if rollup:
            row += [r.pick([0.0, round(r.r.random(), 4), None]), r.tok(), r.tok(900), r.tok(100), r.tok(9000),
                    r.pick([r.tok(900), None]),
                    r.pick([json.dumps({"id": "claude-sonnet-4-5", "providerID": "anthropic"}), None, "not json",
                            json.dumps({"id": "gpt-5"})])]
        sessions.append(row)
        prompt_seen = False
        for i in range(r.n(0, 6)):
            t += timedelta(seconds=r.n(5, 900))
            role = "user" if (i % 2 == 0 and r.p(0.9)) else r.pick(["assistant", "assistant", "model", "system"])
            mid = f"msg_{ms(t):x}{r.hexid(8)}"
            stamp = r.pick([ms(t), ms(t), ms(t), ms(t) // 1000] + ([None] if DELIBERATE else []))
            data = {"role": role, "time": {"created": ms(t)}, "sessionID": sid}
            if role != "user":
                data["modelID"] = r.pick(["claude-sonnet-4-5", "gpt-5", "zz-unknown-model-9", None])
                if r.p(0.2):
                    data["model"] = "gpt-5-mini"
                data["providerID"] = "anthropic"
                data["cost"] = r.pick([0, round(r.r.random() / 20, 5)])
                form = r.n(0, 5)
                if form <= 2:
                    data["tokens"] = {"input": r.tok(), "output": r.tok(900), "reasoning": r.tok(200),
                                      "cache": {"read": r.tok(20000), "write": r.tok(900)}}
                    if r.p(0.2):
                        del data["tokens"]["cache"]
                    if r.p(0.15):
                        data["tokens"]["reasoning"] = None
                elif form == 3:
                    data["usage"] = {"input_tokens": r.tok(), "output_tokens": r.tok(400),
                                     "cache_read_input_tokens": r.tok(5000)}
                elif form == 4:
                    data["tokens"] = {"input": 0, "output": 0, "reasoning": 0, "cache": {"read": 0, "write": 0}}
            item = (mid, sid, stamp, stamp, dumps(r, data) if r.p(0.97) else "{torn")
            (late if wal and r.p(0.3) else messages).append(item)
            if role == "user":
                prts = [{"type": "text", "text": r.text()}] if r.p(0.85) or prompt_seen else []
                prompt_seen = True
            else:
                prts = r.pick([[], [{"type": "step-start"}], [{"type": "text", "text": "   "}],
                               [{"type": "text", "text": "done"}], [{"type": "reasoning", "text": "hm"}]])
                for _ in range(r.n(0, 2)):
                    name = r.pick(OC_TOOLS)
                    inp = {"command": r.pick(SHELL)} if name == "bash" else (
                        {"name": "pdf"} if name == "skill" else {"subagent_type": "general", "filePath": "/a"})
                    prts.append({"type": r.pick(["tool", "tool-call", "tool_call"]), "tool": name,
                                 "callID": r.hexid(6), "state": {"status": "completed", "input": inp}})
                if r.p(0.3):
                    prts.append({"type": "step-finish", "tokens": {"input": 1}, "cost": 0})
            for j, p in enumerate(prts):
                parts.append((f"prt_{mid}_{j:02d}", mid, sid, stamp, stamp, dumps(r, p)))
    if sessions:
        st.rows(f"INSERT INTO session VALUES ({','.join('?' * len(sessions[0]))})", sessions)
    st.rows("INSERT INTO message VALUES (?,?,?,?,?)", messages)
    st.rows("INSERT INTO part VALUES (?,?,?,?,?,?)", parts)
    st.close(lambda s: s.rows("INSERT INTO message VALUES (?,?,?,?,?)", late))


def gen_opencode(r: R, home: str, wal: bool) -> None:
    data = os.path.join(home, ".local", "share", "opencode")
    oc_store(r, os.path.join(data, "opencode.db"), rollup=r.p(0.6), wal=wal)
    if r.p(0.5):
        oc_store(r, os.path.join(data, "opencode-beta.db"), rollup=r.p(0.5), wal=False)
    if r.p(0.3):   # not one of OpenCode's: the prefix does not match
        oc_store(r, os.path.join(data, "other.db"), rollup=False, wal=False)


def gen_kilo(r: R, home: str, wal: bool) -> None:
    oc_store(r, os.path.join(home, ".local", "share", "kilo", "kilo.db"), rollup=r.p(0.5), wal=wal)


# ------------------------------------------------------------------ Goose §2.3

def gen_goose(r: R, home: str, wal: bool) -> None:
    st = Store(os.path.join(home, ".local", "share", "goose", "sessions", "sessions.db"), wal=wal)
    st.script("""
    CREATE TABLE schema_version (version INTEGER PRIMARY KEY, applied_at TIMESTAMP DEFAULT CURRENT_TIMESTAMP);
    CREATE TABLE sessions (id TEXT PRIMARY KEY, name TEXT NOT NULL DEFAULT '', description TEXT NOT NULL DEFAULT '',
      session_type TEXT NOT NULL DEFAULT 'user', working_dir TEXT NOT NULL, created_at TIMESTAMP DEFAULT
      CURRENT_TIMESTAMP, updated_at TIMESTAMP DEFAULT CURRENT_TIMESTAMP, extension_data TEXT DEFAULT '{}',
      total_tokens INTEGER, input_tokens INTEGER, output_tokens INTEGER, accumulated_total_tokens INTEGER,
      accumulated_input_tokens INTEGER, accumulated_output_tokens INTEGER, schedule_id TEXT, recipe_json TEXT,
      user_recipe_values_json TEXT, provider_name TEXT, model_config_json TEXT);
    CREATE TABLE messages (id INTEGER PRIMARY KEY AUTOINCREMENT, message_id TEXT, session_id TEXT NOT NULL,
      role TEXT NOT NULL, content_json TEXT NOT NULL, created_timestamp INTEGER NOT NULL,
      timestamp TIMESTAMP DEFAULT CURRENT_TIMESTAMP, tokens INTEGER, metadata_json TEXT);
    INSERT INTO schema_version (version) VALUES (6);""")
    for i in range(r.n(0, 5)):
        t = r.when()
        sid = f"{t:%Y%m%d}_{i + 1}"
        tin, tout = r.pick([r.tok(), r.tok(), None, 0]), r.pick([r.tok(5000), r.tok(5000), None, 0])
        created = r.pick([t.strftime("%Y-%m-%d %H:%M:%S"), t.strftime("%Y-%m-%dT%H:%M:%SZ"),
                          t.strftime("%Y-%m-%d %H:%M:%S")])
        updated = r.pick([(t + timedelta(minutes=7)).strftime("%Y-%m-%d %H:%M:%S"), None, ""])
        cfg = r.pick([json.dumps({"model_name": r.pick(["gpt-5", "claude-sonnet-4-5", "zz-unknown-model-9"]),
                                  "context_limit": None, "temperature": None}), None, "{}", "{broken",
                      json.dumps({"model_name": "gpt-4o", "reasoning": True}).encode()])
        st.rows("INSERT INTO sessions (id, name, working_dir, created_at, updated_at, accumulated_input_tokens, "
                "accumulated_output_tokens, accumulated_total_tokens, provider_name, model_config_json) "
                "VALUES (?,?,?,?,?,?,?,?,?,?)",
                [(sid, r.text(), r.pick(["/home/dev/goose-app", "/home/dev/ünï", "", trailing("/srv/x/")]), created,
                  updated, tin, tout, (tin or 0) + (tout or 0), "openai", cfg)])
        base = int(t.timestamp())
        if r.p(0.85):
            content = [{"type": "text", "text": r.text()}] if r.p(0.9) else [{"type": "image", "data": "x"}]
            st.rows("INSERT INTO messages (message_id, session_id, role, content_json, created_timestamp) "
                    "VALUES (?,?,?,?,?)", [(r.hexid(8), sid, "user", json.dumps(content), base)])
        for k in range(r.n(0, 4)):
            items = [{"type": "text", "text": "on it"}] if r.p(0.5) else []
            for _ in range(r.n(0, 2)):
                name = r.pick(["developer__shell", "developer__text_editor", "developer__read_file",
                               "github__create_issue", "computercontroller__shell", "developer__list_directory",
                               "plainname", ""])
                items.append({"type": "toolRequest", "id": r.hexid(6), "toolCall": {"status": "success", "value": {
                    "name": name, "arguments": {"command": r.pick(SHELL), "file_path": "/a.py"}}}})
            st.rows("INSERT INTO messages (message_id, session_id, role, content_json, created_timestamp) "
                    "VALUES (?,?,?,?,?)", [(r.hexid(8), sid, "assistant", json.dumps(items), base + k + 1)])
    st.close()


# ------------------------------------------------------------------ Crush §2.4

def gen_crush(r: R, home: str, wal: bool) -> None:
    entries = []
    for p in range(r.n(1, 3)):
        path = os.path.join(home, "src", r.pick(["crush-app", "ünï", "web.site"]) + str(p))
        absolute = r.p(0.5)
        data_dir = os.path.join(path, ".crush") if absolute else ".crush"
        entries.append({"path": path, "data_dir": data_dir, "last_accessed": iso_ms(r.when())})
        st = Store(os.path.join(path, ".crush", "crush.db"), wal=wal and p == 0)
        st.script("""
        CREATE TABLE goose_db_version (id INTEGER PRIMARY KEY, version_id INTEGER, is_applied INTEGER, tstamp TEXT);
        CREATE TABLE sessions (id TEXT PRIMARY KEY, parent_session_id TEXT, title TEXT NOT NULL,
          message_count INTEGER NOT NULL DEFAULT 0, prompt_tokens INTEGER NOT NULL DEFAULT 0,
          completion_tokens INTEGER NOT NULL DEFAULT 0, cost REAL NOT NULL DEFAULT 0.0,
          updated_at INTEGER NOT NULL, created_at INTEGER NOT NULL, summary_message_id TEXT, todos TEXT);
        CREATE TABLE messages (id TEXT PRIMARY KEY, session_id TEXT NOT NULL, role TEXT NOT NULL, parts TEXT NOT NULL
          DEFAULT '[]', model TEXT, created_at INTEGER NOT NULL, updated_at INTEGER NOT NULL, finished_at INTEGER,
          provider TEXT, is_summary_message INTEGER DEFAULT 0);
        CREATE TABLE files (id TEXT PRIMARY KEY, session_id TEXT, path TEXT, content TEXT, version INTEGER);""")
        ids = []
        for s in range(r.n(0, 4)):
            sid, t = r.uid(), r.when()
            parent = r.pick(ids) if ids and r.p(0.3) else None
            ids.append(sid)
            secs = int(t.timestamp())
            st.rows("INSERT INTO sessions (id, parent_session_id, title, message_count, prompt_tokens, "
                    "completion_tokens, cost, updated_at, created_at) VALUES (?,?,?,?,?,?,?,?,?)",
                    [(sid, parent, r.text(), 3, r.tok(), r.tok(3000), r.pick([0.0, round(r.r.random(), 4)]),
                      r.pick([secs, secs, secs + 0.5]), secs - 60)])
            for k in range(r.n(0, 4)):
                st.rows("INSERT INTO messages (id, session_id, role, parts, model, created_at, updated_at, provider) "
                        "VALUES (?,?,?,?,?,?,?,?)",
                        [(r.uid(), sid, r.pick(["user", "assistant"]), "[]",
                          r.pick(["claude-sonnet-4-5", "gpt-5", "", None, "zz-unknown-model-9"]), secs, secs,
                          "anthropic")])
        st.close()
    shape = r.n(0, 2) if DELIBERATE else r.n(1, 2)
    doc = {"projects": entries} if shape == 0 else ({f"p{i}": e for i, e in enumerate(entries)} if shape == 1
                                                     else entries)
    reg = mkdir(os.path.join(home, ".local", "share", "crush"))
    with open(os.path.join(reg, "projects.json"), "w", encoding="utf-8") as f:
        f.write(dumps(r, doc))


# ------------------------------------------------------------------ Copilot §2.5, §2.6 (+ §1.4.a logs)

def gen_copilot(r: R, home: str, wal: bool) -> None:
    state = os.path.join(home, ".copilot", "session-state")
    sids = [r.uid() for _ in range(r.n(1, 3))]
    store_rows: dict[str, list] = {}
    for sid in sids:
        t = r.when()
        model = r.pick(["gpt-5", "claude-sonnet-4.5", "gpt-5-mini"])
        ev = [{"type": "session.start", "timestamp": iso_ms(t), "data": {"sessionId": sid, "selectedModel": model}}]
        rows = store_rows.setdefault(sid, [])
        usage = {"inputTokens": 0, "outputTokens": 0, "cacheReadTokens": 0, "cacheWriteTokens": 0}
        for i in range(r.n(1, 4)):
            t += timedelta(minutes=r.n(1, 20))
            ev.append({"type": "user.message", "timestamp": iso_ms(t), "data": {"content": r.text()}})
            out = r.tok(900)
            ev.append({"type": "assistant.message", "timestamp": iso_ms(t + timedelta(seconds=4)),
                       "data": {"messageId": f"m{i}-{r.hexid(4)}", "content": "ok", "outputTokens": out,
                                "toolRequests": [{"toolCallId": "call_" + r.hexid(6), "name": "bash",
                                                  "arguments": {"command": r.pick(SHELL)}}]}})
            cr, cw, inp = r.tok(5000), r.tok(1000), r.tok(3000)
            usage["inputTokens"] += cr + cw + inp
            usage["cacheReadTokens"] += cr
            usage["cacheWriteTokens"] += cw
            usage["outputTokens"] += out
            if r.p(0.8):
                rows.append((sid, model, cr + cw + inp, cr, cw, r.tok(100),
                             r.pick([(t + timedelta(seconds=3)).strftime("%Y-%m-%d %H:%M:%S"),
                                     (t + timedelta(seconds=3)).strftime("%Y-%m-%d %H:%M:%S.%f")[:-3], None]),
                             r.n(0, 10 ** 9), 1.0, r.pick(["user", "agent", "compaction", None]), r.tok(300)))
        if r.p(0.7):
            ev.append({"type": "session.shutdown", "timestamp": iso_ms(t + timedelta(minutes=1)),
                       "data": {"shutdownType": "routine", "sessionStartTime": ms(t - timedelta(hours=1)),
                                "modelMetrics": {model: {"requests": {"count": 2, "cost": 1}, "usage": usage}}}})
        d = mkdir(os.path.join(state, sid))
        with open(os.path.join(d, "events.jsonl"), "w", encoding="utf-8") as f:
            f.write("\n".join(json.dumps(e) for e in ev) + "\n")
        if r.p(0.6):
            with open(os.path.join(d, "workspace.yaml"), "w") as f:
                f.write(f"id: {sid}\ncwd: {r.pick(['/home/dev/cli-app', '/home/dev/ünï'])}\n")
    if r.p(0.9):
        copilot_store(r, os.path.join(home, ".copilot", "session-store.db"), sids, store_rows, wal)
    if r.p(0.8):
        agent_traces(r, os.path.join(home, ".config", "Code", "User", "globalStorage", "github.copilot-chat",
                                     "agent-traces.db"), wal)


def copilot_store(r: R, path: str, sids: list, store_rows: dict, wal: bool) -> None:
    st = Store(path, wal=wal)
    wide = r.p(0.6)
    st.script("CREATE TABLE sessions (id TEXT PRIMARY KEY, cwd TEXT, repository TEXT, branch TEXT, summary TEXT,"
              " created_at TEXT DEFAULT (datetime('now')), updated_at TEXT DEFAULT (datetime('now')));"
              "CREATE TABLE assistant_usage_events (id INTEGER PRIMARY KEY AUTOINCREMENT, session_id TEXT NOT NULL,"
              " model TEXT, input_tokens INTEGER DEFAULT 0, cache_read_tokens INTEGER DEFAULT 0,"
              " cache_write_tokens INTEGER DEFAULT 0, reasoning_tokens INTEGER DEFAULT 0,"
              " created_at TEXT DEFAULT (datetime('now'))" +
              (", total_nano_aiu INTEGER, request_multiplier REAL, initiator TEXT, output_tokens INTEGER,"
               " api_call_id TEXT" if wide else "") + ");"
              "CREATE TABLE turns (id INTEGER PRIMARY KEY, session_id TEXT, user_message TEXT);")
    extra = sids + [r.uid()]
    for sid in extra:
        t = r.when()
        st.rows("INSERT INTO sessions (id, cwd, repository, created_at) VALUES (?,?,?,?)",
                [(sid, r.pick(["/home/dev/api", None, trailing("/srv/ünï/")]), r.pick(["acme/web.git", None, "acme/api"]),
                  t.strftime("%Y-%m-%d %H:%M:%S"))])
        rows = store_rows.get(sid) or [(sid, r.pick(["gpt-5", ""]), 900, 100, 0, 0,
                                        t.strftime("%Y-%m-%d %H:%M:%S"), 5, 1.0, "user", 20)]
        for row in rows:
            cols = "session_id, model, input_tokens, cache_read_tokens, cache_write_tokens, reasoning_tokens, created_at"
            vals = row[:7]
            if wide:
                cols += ", total_nano_aiu, request_multiplier, initiator, output_tokens"
                vals = row
            st.rows(f"INSERT INTO assistant_usage_events ({cols}) VALUES ({','.join('?' * len(vals))})", [vals])
    st.close()


def agent_traces(r: R, path: str, wal: bool) -> None:
    st = Store(path, wal=wal)
    st.script("CREATE TABLE spans (span_id TEXT PRIMARY KEY, trace_id TEXT NOT NULL, parent_span_id TEXT,"
              " name TEXT, operation_name TEXT, start_time_ms INTEGER, end_time_ms INTEGER, status_code INTEGER,"
              " response_model TEXT, input_tokens INTEGER, output_tokens INTEGER);"
              "CREATE TABLE span_attributes (id INTEGER PRIMARY KEY AUTOINCREMENT, span_id TEXT NOT NULL,"
              " key TEXT NOT NULL, value TEXT);"
              "CREATE TABLE span_events (id INTEGER PRIMARY KEY, span_id TEXT, name TEXT);")

    def span(trace, op, t, attrs, model=None):
        sp = r.hexid(16)
        st.rows("INSERT INTO spans (span_id, trace_id, name, operation_name, start_time_ms, response_model) "
                "VALUES (?,?,?,?,?,?)", [(sp, trace, op, op, t, model)])
        st.rows("INSERT INTO span_attributes (span_id, key, value) VALUES (?,?,?)",
                [(sp, k, v if isinstance(v, str) or v is None else str(v)) for k, v in attrs.items()])

    for _ in range(r.n(0, 3)):
        conv = r.uid()
        repo = r.pick(["https://github.com/acme/web.git", "acme/api", None, "git@github.com:a/ünï.git"])
        for turn in range(r.n(1, 3)):
            trace, t = r.hexid(32), r.when()
            stamp = r.pick([ms(t), ms(t), ms(t) // 1000])
            base = {"gen_ai.conversation.id": conv, "github.copilot.chat.turn.id": f"turn-{turn}"}
            if repo:
                base["github.copilot.git.repository"] = repo
            attrs = dict(base, **{"gen_ai.usage.input_tokens": r.tok(), "gen_ai.usage.output_tokens": r.tok(900)})
            if r.p(0.5):
                attrs["gen_ai.usage.cache_read.input_tokens"] = r.tok(5000)
            if r.p(0.3):
                attrs["gen_ai.usage.cache_creation.input_tokens"] = r.tok(500)
            if r.p(0.6):
                attrs["gen_ai.response.model"] = r.pick(["gpt-5", "claude-sonnet-4.5", "zz-unknown-model-9"])
            elif r.p(0.5):
                attrs["gen_ai.request.model"] = "gpt-5-mini"
            span(trace, "chat", stamp, attrs, r.pick([None, "gpt-4.1"]))
            for _ in range(r.n(0, 2)):
                name = r.pick(["run_in_terminal", "read_file", "github-mcp-server-list_issues", "replace_string_in_file"])
                span(trace, "execute_tool", stamp + 1, dict(base, **{
                    "gen_ai.tool.name": name, "gen_ai.tool.call.arguments": json.dumps({"command": r.pick(SHELL)})}))
    st.close()


# ------------------------------------------------------------------ Antigravity §2.7, §4.1

def varint(n: int) -> bytes:
    out = bytearray()
    while True:
        b = n & 0x7F
        n >>= 7
        out.append(b | (0x80 if n else 0))
        if not n:
            return bytes(out)


def pb(field: int, value) -> bytes:
    if isinstance(value, int):
        return varint(field << 3) + varint(value)
    data = value.encode() if isinstance(value, str) else value
    return varint(field << 3 | 2) + varint(len(data)) + data


def ag_row(r: R, t: datetime) -> bytes:
    usage = b""
    inp, thinking, response = r.tok(40000), r.pick([0, r.tok(2000)]), r.tok(3000)
    total = thinking + response if r.p(0.7) else response + r.n(0, 50)
    usage += pb(2 if r.p(0.85) else 1, inp) + pb(3, total)
    if r.p(0.8):
        usage += pb(9, response) + pb(10, thinking)
    if r.p(0.9):
        usage += pb(11, f"resp_{r.hexid(10)}")
    msg = pb(4, usage)
    kind = r.n(0, 3)
    if kind == 0:
        msg += pb(19, r.pick(["gemini-3.1-pro-high", "claude-sonnet-4-5", "MODEL_PLACEHOLDER_M26", "gemini-2.5-flash"]))
    elif kind == 1:
        msg += pb(21, r.pick(["Gemini 3.1 Pro (High)", "Claude Sonnet 4.5 (Thinking)", "GPT-OSS 120B (Medium)"]))
    elif kind == 2:
        msg += pb(20, pb(1, "model_enum") + pb(2, "MODEL_PLACEHOLDER_M8"))
    stamp = r.n(0, 2)
    if stamp == 0:
        msg += pb(9, pb(4, iso_ms(t)))
    elif stamp == 1:
        msg += pb(9, pb(4, pb(1, int(t.timestamp())) + pb(2, 5000)))
    return pb(1, msg)


def gen_antigravity(r: R, home: str, wal: bool) -> None:
    for app in r.r.sample(["antigravity", "antigravity-cli", "antigravity-ide"], r.n(1, 3)):
        for _ in range(r.n(1, 2)):
            t = r.when()
            st = Store(os.path.join(home, ".gemini", app, "conversations", f"{r.uid()}.db"), wal=wal and r.p(0.5))
            st.script("CREATE TABLE gen_metadata (idx INTEGER PRIMARY KEY, data BLOB);"
                      "CREATE TABLE trajectory_metadata_blob (id INTEGER PRIMARY KEY, data BLOB);"
                      "CREATE TABLE steps (idx INTEGER PRIMARY KEY, data BLOB);")
            rows = []
            for i in range(r.n(0, 4)):
                t += timedelta(seconds=r.n(10, 600))
                rows.append((i, ag_row(r, t)))
            st.rows("INSERT INTO gen_metadata VALUES (?, ?)", rows)
            if r.p(0.7):
                uri = r.pick(["file:///home/dev/ag-app", "file:///home/dev/%C3%BCn%C3%AF", trailing("file:///srv/x/")])
                st.rows("INSERT INTO trajectory_metadata_blob VALUES (?, ?)", [(1, b"\x0a\x10" + uri.encode() + b"\x12\x00")])
            st.close()


# ------------------------------------------------------------------ failure kinds

def gen_broken(r: R, home: str) -> None:
    """One store of each kind a report must survive (each named in one
    warning; the rest of the report unchanged)."""
    data = mkdir(os.path.join(home, ".local", "share", "opencode"))
    with open(os.path.join(data, "opencode-junk.db"), "wb") as f:
        f.write(b"this is not a database at all\n" * 50)
    src = os.path.join(data, "opencode-cut.db")
    oc_store(R(r.n(0, 999)), src, rollup=False, wal=False)
    size = os.path.getsize(src)
    with open(src, "r+b") as f:
        f.truncate(max(size // 2, 1024))
    st = Store(os.path.join(data, "opencode-future.db"))
    st.script("CREATE TABLE sessions_v2 (id TEXT); CREATE TABLE message (id TEXT);")
    st.close()


GENERATORS = {"cursor": gen_cursor, "opencode": gen_opencode, "kilo": gen_kilo, "goose": gen_goose,
              "crush": gen_crush, "copilot": gen_copilot, "antigravity": gen_antigravity}


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("home")
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--only", default="")
    ap.add_argument("--broken", action="store_true")
    ap.add_argument("--deliberate", action="store_true")
    a = ap.parse_args()
    global DELIBERATE
    DELIBERATE = a.deliberate
    only = set(filter(None, a.only.split(",")))
    for name, fn in GENERATORS.items():
        if not only or name in only:
            r = R(a.seed * 7919 + sum(map(ord, name)))
            fn(r, a.home, r.p(0.4))
    if a.broken:
        gen_broken(R(a.seed), a.home)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
