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
