"""Generate a large Cursor IDE store for benchmarks.

    python bench/gen_cursor.py HOME --bubbles 500000 --size 2GB [--seed 7] [--end-date 2026-11-20]
        [--vocabulary plain|dense]

Writes HOME/.config/Cursor/User/globalStorage/state.vscdb (the global store)
and HOME/.config/Cursor/User/workspaceStorage/<hash>/{workspace.json,state.vscdb}
for a few workspaces, shaped like Cursor writes them: table
`cursorDiskKV(key TEXT UNIQUE ON CONFLICT REPLACE, value BLOB)` with

- `bubbleId:<composer>:<bubble>` rows (one per chat bubble: user type 1,
  assistant type 2) whose JSON carries `text`, `richText`, `codeBlocks`,
  `tokenCount` (mostly {0,0} like current builds, real counts in ~10% of
  conversations), `modelInfo`, `createdAt`, `requestId` and the context
  fields that make real bubbles several KB (padded so the file reaches
  --size);
- `composerData:<composer>` rows (context meter in ~half the conversations);
- `agentKv:blob:<id>` rows: the agent stream (system, user, assistant with
  tool calls, tool output) for ~a third of the conversations, plus a few
  binary blobs;
- a few tool sub-composer rows whose composer id holds a newline.

Conversations overlap in time (a few open at once), so their bubbles
interleave by ROWID as in a real store. Spread over the 5 months before
--end-date, plus 5% older than 6 months. Deterministic for a given seed.
"""
from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import random
import sqlite3
import time
import uuid

MODELS = ["claude-4.5-sonnet-thinking", "gpt-5", "default", "claude-4.6-sonnet", "composer-1", "gpt-5.1-codex-high"]
LANGS = ["typescript", "python", "plaintext", "rust", "go", "json", "shellscript"]
# The words of prompts and replies. DENSE is almost all category keywords
# (every prompt matches several roles many times over: ~14 classifier
# matches per prompt); PLAIN is ordinary developer prose where those
# keywords come at about the rate they do in real prompts (~1 word in 15).
DENSE = ("the function returns a value when the test fails because the cache is stale so we refactor "
         "module update config deploy build error fix add feature review component state query index").split()
PLAIN = ("the a an of to in on for with that this it is are was be can should would could we you I our your "
         "please now then also just still only when where why how what which there here so but and or not "
         "look check see show explain tell keep use using make sure about into from after before because if "
         "function method class value values return returns list dict map string number field fields type "
         "types file files line lines page view layout screen button form input output request response user "
         "users data table column row rows query handler route server client api endpoint token session cache "
         "state props hook component module package import export config settings option options path folder "
         "date time format log logs message messages result results item items name names id key keys loop "
         "array object async await promise callback event events render style css html json yaml schema model "
         "models store load save read write open close send get set call calls run runs works working seems").split()
KEYWORDS = ("fix bug error test refactor add create implement deploy docker rename debug feature crash "
            "issue spec extract failing broken new").split()
VOCABULARIES = {"plain": (PLAIN, KEYWORDS, 1 / 15), "dense": (DENSE, DENSE, 0.0)}


def parse_size(text: str) -> int:
    units = {"KB": 1 << 10, "MB": 1 << 20, "GB": 1 << 30}
    for unit, mult in units.items():
        if text.upper().endswith(unit):
            return int(float(text[:-2]) * mult)
    return int(text)


VOCABULARY = VOCABULARIES["plain"]


def words(rng: random.Random, n: int) -> str:
    common, keywords, rate = VOCABULARY
    return " ".join(rng.choice(keywords if rate and rng.random() < rate else common) for _ in range(n))


def bubble(rng, cid, kind, created, model, real_tokens, pad) -> dict:
    text = words(rng, rng.randint(5, 60) if kind == 1 else rng.randint(20, 400))
    code = [] if kind == 1 or rng.random() < 0.6 else [
        {"uri": {"path": f"/src/f{rng.randint(1, 99)}.ts"}, "languageId": rng.choice(LANGS),
         "content": words(rng, rng.randint(10, 120)), "codeBlockIdx": i} for i in range(rng.randint(1, 3))]
    tokens = {"inputTokens": rng.randint(500, 20000), "outputTokens": rng.randint(50, 3000)} if real_tokens \
        else {"inputTokens": 0, "outputTokens": 0}
    value = {"_v": 3, "type": kind, "bubbleId": str(uuid.UUID(int=rng.getrandbits(128))), "text": text,
             "richText": "" if kind == 2 else json.dumps({"root": {"children": [{"text": text}]}}),
             "codeBlocks": code, "tokenCount": tokens, "createdAt": created,
             "requestId": "" if kind == 1 else f"req-{cid}-{rng.getrandbits(32):08x}",
             "isAgentic": True, "capabilitiesRan": {}, "unifiedMode": 2,
             "context": {"fileSelections": [], "notepads": [], "terminalFiles": [], "padding": "x" * pad}}
    if kind == 2:
        value["modelInfo"] = {"modelName": model}
    return value


def main(argv=None) -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("home")
    ap.add_argument("--bubbles", type=int, default=500_000)
    ap.add_argument("--size", default="2GB")
    ap.add_argument("--seed", type=int, default=7)
    ap.add_argument("--end-date", default="2026-11-20")
    ap.add_argument("--vocabulary", choices=sorted(VOCABULARIES), default="plain",
                    help="plain: keywords at about the rate of real prompts; dense: almost every word one "
                         "(the store the first measurements used)")
    a = ap.parse_args(argv)
    global VOCABULARY
    VOCABULARY = VOCABULARIES[a.vocabulary]
    rng = random.Random(a.seed)
    user = os.path.join(a.home, ".config", "Cursor", "User")
    os.makedirs(os.path.join(user, "globalStorage"), exist_ok=True)
    path = os.path.join(user, "globalStorage", "state.vscdb")
    if os.path.exists(path):
        os.remove(path)
    end = dt.datetime.fromisoformat(a.end_date).replace(tzinfo=dt.timezone.utc)
    per_bubble = parse_size(a.size) // max(a.bubbles, 1)
    pad_mean = max(per_bubble - 1500, 0)
    conn = sqlite3.connect(path)
    conn.executescript("PRAGMA journal_mode=OFF; PRAGMA synchronous=OFF;"
                       "CREATE TABLE ItemTable (key TEXT UNIQUE ON CONFLICT REPLACE, value BLOB);"
                       "CREATE TABLE cursorDiskKV (key TEXT UNIQUE ON CONFLICT REPLACE, value BLOB);")
    t0 = time.time()
    composers: list[str] = []
    open_convs: list[dict] = []
    written = 0
    rows = []
    while written < a.bubbles:
        while len(open_convs) < 4:
            cid = str(uuid.UUID(int=rng.getrandbits(128)))
            composers.append(cid)
            old = rng.random() < 0.05
            start = end - dt.timedelta(days=rng.uniform(190, 400) if old else rng.uniform(0, 150))
            open_convs.append({"cid": cid, "left": rng.randint(10, 200), "t": start, "model": rng.choice(MODELS),
                               "real": rng.random() < 0.1, "agent": rng.random() < 0.33, "n": 0})
        conv = rng.choice(open_convs)
        conv["t"] += dt.timedelta(seconds=rng.uniform(5, 300))
        kind = 1 if conv["n"] % 2 == 0 else 2
        created = conv["t"].strftime("%Y-%m-%dT%H:%M:%S.") + f"{conv['t'].microsecond // 1000:03d}Z"
        value = bubble(rng, conv["cid"], kind, created, conv["model"], conv["real"],
                       int(rng.expovariate(1 / pad_mean)) if pad_mean else 0)
        rows.append((f"bubbleId:{conv['cid']}:{value['bubbleId']}", json.dumps(value, separators=(",", ":"))))
        if conv["agent"] and kind == 2:
            rows.extend(agent_rows(rng, value["requestId"], conv["model"]))
        conv["n"] += 1
        conv["left"] -= 1
        written += 1
        if conv["left"] == 0:
            open_convs.remove(conv)
            meta = {"composerId": conv["cid"], "createdAt": int(conv["t"].timestamp() * 1000) - 60_000}
            if rng.random() < 0.5:
                meta["contextTokensUsed"] = rng.randint(2000, 150_000)
            rows.append((f"composerData:{conv['cid']}", json.dumps(meta)))
        if rng.random() < 0.002:   # a tool sub-composer row: not a conversation
            rows.append((f"bubbleId:task-call_{rng.getrandbits(32):x}\nfc_{rng.getrandbits(32):x}:{uuid.uuid4()}",
                         json.dumps({"type": 2, "text": "sub", "createdAt": created})))
        if len(rows) >= 5000:
            conn.executemany("INSERT INTO cursorDiskKV VALUES (?, ?)", rows)
            rows.clear()
    conn.executemany("INSERT INTO cursorDiskKV VALUES (?, ?)", rows)
    conn.commit()
    conn.close()
    workspaces(rng, user, composers)
    print(f"{path}: {a.bubbles} bubbles, {len(composers)} conversations, "
          f"{os.path.getsize(path) / (1 << 30):.2f} GB in {time.time() - t0:.0f} s")


def agent_rows(rng, request_id, model) -> list[tuple[str, bytes | str]]:
    key = lambda: f"agentKv:blob:{rng.getrandbits(64):016x}"  # noqa: E731
    out = [(key(), json.dumps({"role": "user", "content": words(rng, 30),
                               "providerOptions": {"cursor": {"requestId": request_id}}})),
           (key(), json.dumps({"role": "assistant", "providerOptions": {"cursor": {"modelName": model}},
                               "content": [{"type": "text", "text": words(rng, 40)},
                                           {"type": "tool-call", "toolName": "Shell",
                                            "args": {"command": "npm test && git status"}}]})),
           (key(), json.dumps({"role": "tool", "content": [{"type": "tool-result", "content": words(rng, 80)}]}))]
    if rng.random() < 0.05:
        # binary (protobuf) blobs: a field tag first, never '{'
        out.append((key(), b"\x0a" + bytes(rng.getrandbits(8) for _ in range(63))))
    return out


def workspaces(rng, user: str, composers: list[str]) -> None:
    """Three workspaces share two thirds of the conversations; the rest stay unmapped."""
    for i in range(3):
        d = os.path.join(user, "workspaceStorage", f"{rng.getrandbits(64):016x}")
        os.makedirs(d, exist_ok=True)
        with open(os.path.join(d, "workspace.json"), "w") as f:
            json.dump({"folder": f"file:///home/dev/project-{i}"}, f)
        mine = [c for j, c in enumerate(composers) if j % 3 == i and j % 9 < 6]
        conn = sqlite3.connect(os.path.join(d, "state.vscdb"))
        conn.execute("CREATE TABLE ItemTable (key TEXT UNIQUE ON CONFLICT REPLACE, value BLOB)")
        conn.execute("INSERT INTO ItemTable VALUES ('composer.composerData', ?)",
                     (json.dumps({"allComposers": [{"composerId": c} for c in mine]}),))
        conn.commit()
        conn.close()


if __name__ == "__main__":
    main()
