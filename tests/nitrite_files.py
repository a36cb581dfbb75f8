"""Copilot JetBrains stores for the tests: Nitrite (H2 MVStore) files laid out
as the plugin lays them out, holding Java-serialized documents: strings as
TC_STRING (0x74, a 2-byte length, UTF-8), each assistant turn's response as
the nested-escaped `{"__first__":{"type":"Subgraph",…}}` JSON the plugin
writes, conversation records (id, name, title, source), the `projectName`
field of 1.12+ plugins, and the single outer document of plugins up to 1.5.
"""
from __future__ import annotations

import json
import os

HEADER = b"H:2,block:2,blockSize:1000,chunk:1,created:19a4f0c2b10,format:1,version:1,fletcher:5e0c2a11\n"
ENTITY = b"com.github.copilot.agent.session.persistence.nitrite.entity.NtAgentTurn"
STREAM = b"\xac\xed\x00\x05sr\x00\x27org.dizitart.no2.collection.NitriteDocument\x00\x00\x00\x00\x00\x00\x00\x01\x02\x00\x00xp"
KIND_FILES = {"chat-agent-sessions": "copilot-agent-sessions-nitrite.db", "chat-sessions": "copilot-chat-nitrite.db",
              "chat-edit-sessions": "copilot-edit-sessions-nitrite.db"}


def jstring(text: str) -> bytes:
    """A Java-serialized string: TC_STRING, else TC_LONGSTRING past 64 KiB."""
    raw = text.encode("utf-8")
    if len(raw) < 1 << 16:
        return b"t" + len(raw).to_bytes(2, "big") + raw
    return b"|" + len(raw).to_bytes(8, "big") + raw


def compact(value) -> str:
    return json.dumps(value, ensure_ascii=False, separators=(",", ":"))


def document(*pairs) -> bytes:
    """A serialized document of key/value string pairs, with the stream header."""
    body = b"".join(jstring(k) + (v if isinstance(v, bytes) else jstring(v)) for k, v in pairs)
    return STREAM + b"w\x04\x00\x00\x00" + bytes([len(pairs)]) + body + b"x"


def conversation(guid: str, title: str) -> bytes:
    """A conversation (chat tab) record: its id, then its name's value."""
    return (jstring(guid) + jstring("name") + b"sr\x00\x0ecom.github.NameL\x00\x00xp" + jstring("value")
            + jstring(title) + jstring("source") + jstring("copilot") + b"x")


def value(record: dict) -> dict:
    return {"type": "Value", "value": compact(record)}


def ask_turn(text: str, model: str | None = None, files: tuple = (), error: bool = False) -> str:
    """An ask-mode response: the reply is a Markdown record's `text`."""
    entries = {}
    if text:
        entries["5d1c0e6a-1b2c-4d3e-8f40-000000000001"] = value(
            {"type": "Markdown", "data": compact({"text": text, "annotations": []})})
    if model:
        entries["5d1c0e6a-1b2c-4d3e-8f40-00000000000f"] = value({"type": "ModelInfo", "data": compact({"id": model})})
    if files:
        entries["5d1c0e6a-1b2c-4d3e-8f40-00000000000e"] = value(
            {"type": "References", "data": compact([{"uri": f"file://{f}"} for f in files])})
    outer = {"__first__": {"type": "Subgraph", "value": compact(entries)}}
    if error:
        outer["__error__"] = value({"type": "Error", "message": "Sorry, an error occurred while generating a response"})
    return compact(outer)


def agent_turn(prompt: str, replies: list[str], model: str | None = None, error: bool = False) -> str:
    """An agent-mode response: the user's prompt as a Markdown record (not
    the reply) and one AgentRound record per round."""
    entries = {"a7e0b1c2-0000-4000-8000-000000000000": value(
        {"type": "Markdown", "data": compact({"text": prompt, "annotations": []})})}
    for n, reply in enumerate(replies, 1):
        tools = [] if reply else [{"name": "read_file", "arguments": "{}"}]
        entries[f"a7e0b1c2-0000-4000-8000-{n:012d}"] = value(
            {"type": "AgentRound", "data": compact({"roundId": n, "reply": reply, "toolCalls": tools})})
    if model:
        entries["a7e0b1c2-0000-4000-8000-0000000000ff"] = value({"type": "ModelInfo", "data": compact({"id": model})})
    outer = {"__first__": {"type": "Subgraph", "value": compact(entries)}}
    if error:
        outer["__status__"] = {"type": "Value", "value": compact({"status": "error"})}
    return compact(outer)


def turn_document(conversation_id: str, response: str) -> bytes:
    return document(("conversationId", conversation_id), ("response", jstring(response)))


def old_session(guid: str, replies: list[str], model: str | None = None, files: tuple = ()) -> bytes:
    """The one outer document of a session in a ≤1.5 plugin's store: a
    framing byte, then UUID-keyed Value entries, AgentRound ones among them."""
    entries = {f"{guid[:24]}{0:012x}": value({"type": "References",
                                              "data": compact([f"file://{f}" for f in files])})}
    for n, reply in enumerate(replies, 1):
        entries[f"{guid[:24]}{n:012x}"] = value(
            {"type": "AgentRound", "data": compact({"roundId": n, "reply": reply, "toolCalls": []})})
    if model:
        entries[f"{guid[:24]}{255:012x}"] = {"type": "Value", "value": compact({"model": model})}
    return b"\x81" + compact(entries).encode("utf-8")


def project_field(name: str) -> bytes:
    return jstring("projectName") + jstring(name) + jstring("user") + jstring("dev")


def store_bytes(*parts: bytes) -> bytes:
    """An MVStore file: the header block, then a chunk of the parts."""
    head = HEADER.ljust(4096, b"\x00")
    chunk = b"chunk:1,block:2,len:1,map:7,max:1f40,next:3,pages:4,root:4000012d8,time:1a2,version:1\n"
    return head + chunk + b"\n".join([ENTITY, *parts]) + b"\x00" * 64


def write_store(root: str, ide: str, kind: str, store_id: str, data: bytes, mtime: float | None = None) -> str:
    folder = os.path.join(root, ide, kind, store_id)
    os.makedirs(folder, exist_ok=True)
    path = os.path.join(folder, KIND_FILES[kind])
    with open(path, "wb") as f:
        f.write(data)
    if mtime is not None:
        os.utime(path, (mtime, mtime))
    return path


# --- the fake homes the reference was run on ----------------------------------------

CONV_A = "0b9e6f3c-1d2e-4f50-9a61-7c8d9e0f1a2b"
CONV_B = "1c2d3e4f-5a6b-4c7d-8e9f-0a1b2c3d4e5f"
CONV_C = "2d3e4f5a-6b7c-4d8e-9f0a-1b2c3d4e5f60"
CONV_OLD = "3e4f5a6b-7c8d-4e9f-8a0b-1c2d3e4f5a6b"
DAY = 86400
T0 = 1795168800  # 2026-11-20T10:00:00Z
REPLY_A = ["I'll start by reading the cart module.", "", "Done: the cart total now includes tax — 3 files changed."]
REPLY_B = "Regions split when they grow past hbase.hregion.max.filesize; naïve über 中文 text."
REPLY_C = "Gradle's configuration cache is off; enable it in gradle.properties."
REPLY_OLD = ["Scanning the repository layout first.", "", "The checkout flow starts in app/cart/Checkout.kt."]
REPLY_EDIT = "Renamed the helper and updated its two callers."


def write_jetbrains_home(home: str) -> str:
    """Four stores in two IDEs: an agent store (a conversation renamed from
    its default title, a reply stored twice, failed agent and ask turns, an
    ask turn in a second conversation), the chat store of the same id that
    names the project, a ≤1.5 store naming a file in a git repository, and
    an edit store with no conversation record or model. Returns the root."""
    root = os.path.join(home, ".config", "github-copilot")
    repo = os.path.join(home, "src", "shop")
    os.makedirs(os.path.join(repo, ".git"), exist_ok=True)
    agent_a = agent_turn("refactor the cart service", REPLY_A, model="claude-sonnet-4.5")
    write_store(root, "iu", "chat-agent-sessions", "store-a", store_bytes(
        document(("model", "claude-sonnet-4.5")),
        conversation(CONV_A, "New Agent Session"),
        turn_document(CONV_A, agent_a),
        conversation(CONV_A, "Refactor the cart service"),
        turn_document(CONV_A, agent_a),
        turn_document(CONV_A, agent_turn("also add tests", [""], error=True)),
        conversation(CONV_B, "Explain HBase regions"),
        turn_document(CONV_B, ask_turn(REPLY_B, model="gpt-4.1")),
        turn_document(CONV_B, ask_turn("", error=True))), T0)
    write_store(root, "iu", "chat-sessions", "store-a", store_bytes(
        project_field("web-api"),
        conversation(CONV_C, "Why is the build slow"),
        turn_document(CONV_C, ask_turn(REPLY_C))), T0 + 3600)
    write_store(root, "py", "chat-agent-sessions", "store-b", store_bytes(
        conversation(CONV_OLD, "Understanding the checkout flow"),
        old_session(CONV_OLD, REPLY_OLD, model="gpt-4.1", files=(os.path.join(repo, "app", "cart", "Checkout.kt"),))),
        T0 + DAY)
    write_store(root, "py", "chat-edit-sessions", "store-c", store_bytes(
        turn_document("x", ask_turn(REPLY_EDIT, files=(os.path.join(repo, "app", "cart", "Cart.kt"),)))), T0 + 2 * DAY)
    return root


CONV_D = "4a5b6c7d-8e9f-4a0b-9c1d-2e3f4a5b6c7d"
CONV_E = "5b6c7d8e-9f0a-4b1c-8d2e-3f4a5b6c7d8e"
CONV_F = "6c7d8e9f-0a1b-4c2d-9e3f-4a5b6c7d8e9f"
CONV_UP = "7d8e9f0a-1b2c-4d3e-8f4a-5b6c7d8e9f0a"
CONV_CUT = "8e9f0a1b-2c3d-4e4f-9a5b-6c7d8e9f0a1b"
T1 = 1794990600  # 2026-11-18T08:30:00Z
REPLY_D = 'Use csv.reader: it handles "quoted, commas" and \\ backslashes. 😀 done'
TITLE_D = "Why does the importer drop rows with quoted commas in them"   # 58 bytes: its length byte is ':'
TITLE_E = "Make the retry helper respect Retry-After headers please"      # 56 bytes: '8', read into the title


def write_jetbrains_edge_home(home: str, repo_name: str) -> str:
    """Stores with the shapes that trip a reader: quotes, backslashes and an
    emoji in a reply, a title whose length byte is printable, a conversation
    id named inside another's turn, a title set back to a default, the same
    reply in two conversations, %-escaped file URIs, a ≤1.5 store with
    upper-case ids, a store cut mid-document, a non-ASCII project name, and a
    file of random bytes where a store should be. Returns the root."""
    root = os.path.join(home, ".config", "github-copilot")
    repo, spaced = os.path.join(home, "work", repo_name), os.path.join(home, "work", "space repo")
    for r in (repo, spaced):
        os.makedirs(os.path.join(r, ".git"), exist_ok=True)
    write_store(root, "ic", "chat-sessions", "s-1", store_bytes(
        conversation(CONV_D, TITLE_D),
        conversation(CONV_E, TITLE_E),
        turn_document(CONV_D, ask_turn(REPLY_D, files=(os.path.join(repo, "lib", "imp.py"),))),
        turn_document(CONV_E, agent_turn("retry", [f"Reading {CONV_D} context first.",
                                                   "Patched retry.py to honour Retry-After."], model="gpt-5-mini")),
        turn_document(CONV_D, ask_turn(REPLY_D)),
        turn_document(CONV_D, ask_turn("Second answer with %20 path", files=(
            "/nonexistent/x%20y/z.py", os.path.join(spaced, "a.py").replace(" ", "%20")))),
        conversation(CONV_E, "New Chat"),
        conversation(CONV_F, "Same reply elsewhere"),
        turn_document(CONV_F, ask_turn("Patched retry.py to honour Retry-After.", model="o3"))), T1)
    write_store(root, "ic", "chat-agent-sessions", "s-2", store_bytes(
        conversation(CONV_UP, "Upper"),
        old_session(CONV_UP.upper(), ["An uppercase-UUID reply with enough words."], model="claude-opus-4.5")), T1 + 60)
    write_store(root, "ic", "chat-edit-sessions", "s-3", store_bytes(
        conversation(CONV_CUT, "Cut"),
        turn_document(CONV_CUT, ask_turn("A whole reply before the cut.")),
        turn_document(CONV_CUT, ask_turn("This reply is cut off in the middle of its text")))[:-120], T1 + 120)
    write_store(root, "ws", "chat-sessions", "s-4", store_bytes(
        project_field("проект-café"), turn_document("x", ask_turn("ok then", model="gemini-2.5-pro"))), T1 + 180)
    write_store(root, "ws", "chat-agent-sessions", "s-5", bytes(range(256)) * 20, T1 + 240)
    return root


CONV_G = "9a0b1c2d-3e4f-4a5b-8c6d-7e8f9a0b1c2d"


def write_shared_conversation_home(home: str) -> str:
    """One conversation in two stores of one id, no projectName: the agent
    store (read first) names no file, the chat store names a file in a git
    repository; a second conversation only in the chat store, likewise."""
    root = os.path.join(home, ".config", "github-copilot")
    repo = os.path.join(home, "src", "ledger")
    os.makedirs(os.path.join(repo, ".git"), exist_ok=True)
    write_store(root, "iu", "chat-agent-sessions", "st", store_bytes(
        conversation(CONV_G, "Audit the ledger"),
        turn_document(CONV_G, ask_turn("The ledger totals are computed nightly.", model="gpt-4.1"))), T0)
    write_store(root, "iu", "chat-sessions", "st", store_bytes(
        conversation(CONV_G, "Audit the ledger"),
        turn_document(CONV_G, ask_turn("Fixed the rounding in ledger/sum.py.", model="gpt-4.1",
                                       files=(os.path.join(repo, "ledger", "sum.py"),))),
        conversation(CONV_A, "Ledger tests"),
        turn_document(CONV_A, ask_turn("Added two tests for the rounding.", model="gpt-4.1",
                                       files=(os.path.join(repo, "tests", "t.py"),)))), T0 + 60)
    return root
