"""GitHub Copilot in JetBrains IDEs (spec providers §4.2): the plugin keeps
each chat store as a Nitrite database (an H2 MVStore file of
Java-serialized documents) under
`<root>/<ide>/<kind>/<store id>/copilot-*-nitrite.db`, root =
`$CODEBURN_COPILOT_JETBRAINS_DIR`, else `$XDG_CONFIG_HOME/github-copilot`
(an absolute one), else `~/.config/github-copilot`; kinds
`chat-agent-sessions`, `chat-sessions`, `chat-edit-sessions`.

The store records no token counts. As the reference does, it is searched as
bytes: each assistant turn is a `{"__first__":{"type":"Subgraph",…}}`
document whose reply is the `text` of its `Markdown` records (ask mode) or
the `reply` of its `AgentRound` records (agent mode), reached by undoing one
level of JSON escaping at a time; output = ceil(reply length / 4), input 0,
a failed turn (an error marker and no reply) $0. Plugins up to 1.5 kept a
whole session in one outer document instead: read only when no turn
document is found. Every turn is dated by the store file's mtime; its
prompt is its conversation's title; its model the one named in it, else
the first known model named anywhere in the store (by the list's order),
else `copilot-anthropic-auto`. Project: the plugin's `projectName` (written
into the chat or edit store of the same store id, so looked up across the
kinds), else the git repository of a `file://` path the conversation names,
else `copilot-jetbrains`.

The file is read through bounded windows (nitrite_scan), three passes at
most: the store's facts (titles, models, project name), the turn documents
(with the conversation each one follows), and, for old stores only, the
outer documents; what one document says is jetbrains_doc's.
"""
from __future__ import annotations

import os
import re
from collections import deque
from functools import lru_cache
from typing import Iterator, Mapping

from codeburn.lazyre import lazy
from codeburn.providers import jetbrains_doc as doc
from codeburn.providers import nitrite_scan as scan
from codeburn.providers.base import Walker
from codeburn.providers.records import Call, ReadLog, Session, estimate_tokens
from codeburn.read.regular import open_fd

KINDS = {"chat-agent-sessions": "copilot-agent-sessions-nitrite.db", "chat-sessions": "copilot-chat-nitrite.db",
         "chat-edit-sessions": "copilot-edit-sessions-nitrite.db"}
DEFAULT_PROJECT = "copilot-jetbrains"
DEFAULT_MODEL = "copilot-anthropic-auto"
DEFAULT_TITLES = {"New Agent Session", "New Session", "New Chat"}
GUID = rb"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}"
GUID_RE = lazy(GUID)
GUID_TAIL_RE = lazy(rb"-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}")  # a literal first: a fast search
CONVERSATION_RE = lazy(rb"\$(" + GUID + rb")[\x00-\xff]{0,8}name")
TITLE_SPAN = 400
TITLE_RE = lazy(rb"value[^\n\r]{1,6}?([\x20-\x7e]{3,80}?)t\x00\x06source")
PROJECT_NAME_RE = lazy(rb"projectNamet([\x00-\xff])([\x00-\xff])")  # then a u16-long Java string
TURN_RE = lazy(rb'\{"__first__":\{"type":"Subgraph"')
OLD_DOC_RE = lazy(rb'[\x00-\x1f\x7f-\xff]\{"[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-'
                        rb'[0-9a-fA-F]{12}":\{"type":"Value"')


# --- where ---------------------------------------------------------------------

def root(env: Mapping[str, str], home: str) -> str:
    override = env.get("CODEBURN_COPILOT_JETBRAINS_DIR")
    if override:
        return override
    xdg = env.get("XDG_CONFIG_HOME") or ""
    if xdg.startswith(("/", "\\")) or re.match(r"^[A-Za-z]:[\\/]", xdg):
        return os.path.join(xdg, "github-copilot")
    return os.path.join(home, ".config", "github-copilot")


def stores(base: str, walker: Walker) -> list[tuple[str, str]]:
    """(store id, .db path) of every store under the root, IDE by IDE,
    kind by kind: the kind's own file name, else any `*-nitrite.db`."""
    out = []
    for ide in walker.subdirs(base):
        for kind, name in KINDS.items():
            for store in walker.subdirs(os.path.join(ide, kind)):
                db = _store_file(walker, store, name)
                if db:
                    out.append((os.path.basename(store), db))
    return out


def _store_file(walker: Walker, store: str, name: str) -> str | None:
    files = walker.entries(store)[0]
    known = os.path.join(store, name)
    if known in files:
        return known
    return next((f for f in files if f.endswith("-nitrite.db")), None)


def layout_root(path: str) -> str | None:
    """The root above a store file lying at <root>/<ide>/<kind>/<id>/, else None."""
    kind_dir = os.path.dirname(os.path.dirname(os.path.abspath(path)))
    return os.path.dirname(os.path.dirname(kind_dir)) if os.path.basename(kind_dir) in KINDS else None


def sniff(path: str, head: bytes) -> bool:
    return scan.is_mvstore(head) and (path.endswith("-nitrite.db") or b"com.github.copilot" in head)


# --- read -------------------------------------------------------------------------

class Turn:
    """An assistant turn: its reply kept as its length (UTF-16 units, as
    JavaScript counts it) and SHA-256, not its text (a store holds
    thousands of replies)."""
    __slots__ = ("units", "digest", "model", "errored", "conversation", "title", "project")

    def __init__(self, reply: str, model: str, errored: bool, conversation: str, title: str, project: str):
        self.units = len(reply.encode("utf-16-le", "surrogatepass")) // 2
        # hashlib loads OpenSSL (~4 MB resident): imported here, by a history
        # that has JetBrains turns, not by every command's start-up
        import hashlib

        self.digest = hashlib.sha256(reply.encode("utf-8", "surrogatepass")).hexdigest()
        self.model, self.errored = model, errored
        self.conversation, self.title, self.project = conversation, title, project


def read_store(path: str, store_id: str, siblings: tuple, log: ReadLog) -> Iterator[Session]:
    """The sessions (one per conversation) of one store; `siblings` are the
    stores of the same id, in discovery order, this one among them: where
    its project name is looked up, and, without one, where its
    conversations may have been labelled first."""
    got = _store_turns(path, log)
    if got is None:
        return
    turns, facts, mtime_ms = got
    named = project_name(siblings or (path,))
    labels = {} if named else _earlier_labels(path, store_id, siblings)
    yield from _sessions(turns, facts, store_id, named, labels, mtime_ms)


def _store_turns(path: str, log: ReadLog) -> tuple[list[Turn], "Facts", int] | None:
    try:
        fd = open_fd(path)
    except OSError as exc:
        log.cannot_read(path, exc.strerror or str(exc))
        return None
    try:
        st = os.fstat(fd)
        if not scan.is_mvstore(os.pread(fd, len(scan.MVSTORE_HEADER), 0)):
            log.skip("bad_store", f"{path}: not an H2 MVStore file")
            return None
        facts = _facts(fd, st.st_size)
        return _turns(fd, st.st_size, facts, path, log), facts, (st.st_mtime_ns + 500_000) // 1_000_000  # Node's stats.mtime: rounded
    except OSError as exc:
        log.cannot_read(path, exc.strerror or str(exc))
        return None
    finally:
        os.close(fd)


def _earlier_labels(path: str, store_id: str, siblings: tuple) -> dict[str, str]:
    """The project each conversation's first turn has in the stores of this
    id listed before this one: the reference labels a Copilot session by
    its first call wherever that was read, and the session of a
    conversation found in two stores is then one. (Its problems are the
    other store's own read's to report.)"""
    labels: dict[str, str] = {}
    for other in siblings:
        if other == path:
            break
        got = _store_turns(other, ReadLog())
        for t in got[0] if got else ():
            labels.setdefault(t.conversation or store_id, t.project or DEFAULT_PROJECT)
    return labels


def _sessions(turns: list[Turn], facts: "Facts", store_id: str, named: str | None, labels: dict[str, str],
              ts: int) -> Iterator[Session]:
    by_conversation: dict[str, Session] = {}   # labelled by its first turn's project, as the reference groups it
    nth: dict[tuple[str, str], int] = {}
    for t in turns:
        conv = t.conversation or store_id
        digest = t.digest[:12]
        n = nth[conv, digest] = nth.get((conv, digest), 0) + 1
        call = Call(ts, t.model or facts.model or DEFAULT_MODEL, output=0 if t.errored else estimate_tokens(t.units),
                    estimated=True, key=f"copilot:jb:{conv}:{digest}:{n}", prompt=t.title)
        session = by_conversation.get(conv)
        if session is None:
            project = named or labels.get(conv) or t.project or DEFAULT_PROJECT
            session = by_conversation[conv] = Session(conv, project, [])
        session.calls.append(call)
    yield from by_conversation.values()


# --- pass 1: what the whole store says ----------------------------------------------

class Facts:
    """Conversation titles by id (first-seen order), the store's model
    (the best-ranked name found anywhere) and whether it holds `AgentRound`
    text at all (the old layout's sign)."""

    def __init__(self):
        self.titles: dict[bytes, str] = {}
        self.rank = len(doc.MODELS)
        self.agent_rounds = False

    @property
    def model(self) -> str:
        return doc.model_id(doc.MODELS[self.rank]) if self.rank < len(doc.MODELS) else ""


def _facts(fd: int, size: int) -> Facts:
    facts = Facts()
    conv_at = 0
    for w in scan.windows(fd, size):
        facts.rank = min(facts.rank, doc.model_rank(w.buf, w.lo - w.base, w.hi - w.base))
        for m in w.matches(CONVERSATION_RE, conv_at):
            _title(facts.titles, m.group(1), w.buf[m.start():m.start() + TITLE_SPAN])
            conv_at = w.base + m.end()
        facts.agent_rounds = facts.agent_rounds or b"AgentRound" in w.buf
    return facts


def _title(titles: dict[bytes, str], conv: bytes, span: bytes) -> None:
    """A conversation record's title; a later record of it (the title as
    renamed) replaces it, except that a default title never replaces a real one."""
    m = TITLE_RE.search(span)
    if not m:
        return
    title = re.sub(rb"^[^A-Za-z0-9]*", b"", m.group(1)).decode("ascii").strip(" ")
    if not title:
        return
    old = titles.get(conv)
    if old and old not in DEFAULT_TITLES and title in DEFAULT_TITLES:
        return
    titles[conv] = title


@lru_cache(maxsize=64)
def _project_name_at(path: str, size: int, mtime_ns: int) -> str | None:
    """The first plausible `projectName` value (a Java string of 1-128
    bytes holding no control character) in the store."""
    try:
        fd = open_fd(path)
    except OSError:
        return None
    try:
        at = 0
        for w in scan.windows(fd, size):
            for m in w.matches(PROJECT_NAME_RE, at):
                at = w.base + m.end()
                n = m.group(1)[0] << 8 | m.group(2)[0]
                if 1 <= n <= 128:
                    value = w.buf[m.end():m.end() + n].decode("utf-8", "replace")
                    if value and not re.search(r"[\x00-\x1f]", value):
                        return value
    except OSError:
        return None
    finally:
        os.close(fd)
    return None


def project_name(paths: tuple) -> str | None:
    """The project the plugin recorded in the first of these stores that names one."""
    for path in paths:
        try:
            st = os.stat(path)
        except OSError:
            continue
        name = _project_name_at(path, st.st_size, st.st_mtime_ns)
        if name:
            return name
    return None


# --- pass 2 (and 3): the turns --------------------------------------------------------

def _turns(fd: int, size: int, facts: Facts, path: str, log: ReadLog) -> list[Turn]:
    ids = set(facts.titles)
    turns: list[Turn] = []
    seen: set[tuple[str, str]] = set()
    repos: dict[bytes, str] = {}
    for conv, chunk in _documents(fd, size, scan.Documents(TURN_RE), ids, path, log):
        turn = _turn(chunk, conv, facts, repos)
        if turn is None:
            continue
        if not turn.errored:
            if (conv, turn.digest) in seen:
                continue    # the store keeps copies of a reply
            seen.add((conv, turn.digest))
        turns.append(turn)
    if not turns and facts.agent_rounds:
        for conv, chunk in _documents(fd, size, scan.Documents(OLD_DOC_RE, skip=1), ids, path, log):
            reply = doc.reply(chunk) if b"AgentRound" in chunk else ""
            if reply:
                turn = Turn(reply, doc.model(chunk), False, conv, _title_of(facts, conv), doc.project(chunk, repos))
                if (conv, turn.digest) not in seen:
                    seen.add((conv, turn.digest))
                    turns.append(turn)
    _share_projects(turns)
    return turns


def _documents(fd: int, size: int, docs: scan.Documents, ids: set, path: str, log: ReadLog
               ) -> Iterator[tuple[str, bytes]]:
    """(conversation, bytes) of each document: the conversation is the one
    whose id last occurs anywhere before the document starts. (Ids cannot
    overlap one another, so each window's own matches are all of them.)"""
    current, pending = "", deque()   # pending: (offset, id) of ids not yet passed by a document
    for w in scan.windows(fd, size):
        pending.extend((w.base + at, guid) for at, guid in _guids(w) if guid in ids)
        for offset, chunk in docs.feed(w):
            current = _conversation_at(pending, offset, current)
            yield from _checked(current, offset, chunk, docs.limit, path, log)
    for offset, chunk in docs.finish():
        yield from _checked(_conversation_at(pending, offset, current), offset, chunk, docs.limit, path, log)


def _guids(w: scan.Window) -> Iterator[tuple[int, bytes]]:
    """(buffer offset, id) of every id-shaped string whose first dash lies
    in the window (found from its dashes: much faster than from its first
    hex digit)."""
    i, end = w.lo - w.base, w.hi - w.base
    while True:
        m = GUID_TAIL_RE.search(w.buf, i)
        if m is None or m.start() >= end:
            return
        full = GUID_RE.match(w.buf, m.start() - 8) if m.start() >= 8 else None
        if full:
            yield full.start(), full.group()
            i = full.end()
        else:
            i = m.start() + 1


def _conversation_at(pending: deque, offset: int, current: str) -> str:
    while pending and pending[0][0] < offset:
        current = pending.popleft()[1].decode()
    return current


def _checked(conv: str, offset: int, chunk: bytes | None, limit: int, path: str, log: ReadLog
             ) -> Iterator[tuple[str, bytes]]:
    if chunk is None:
        log.skip("bad_record", f"{path}: a document over {limit:,} bytes at byte {offset}")
    else:
        yield conv, chunk


def _title_of(facts: Facts, conv: str) -> str:
    return facts.titles.get(conv.encode(), "")


def _turn(chunk: bytes, conv: str, facts: Facts, repos: dict) -> Turn | None:
    reply = doc.reply(chunk)
    model = doc.model(chunk)
    if not reply:
        if doc.ERROR_RE.search(chunk):   # a failed turn: an error marker and no reply
            return Turn("", model, True, conv, _title_of(facts, conv), doc.project(chunk, repos))
        return None                  # steps or progress only
    return Turn(reply, model, False, conv, _title_of(facts, conv), doc.project(chunk, repos))


def _share_projects(turns: list[Turn]) -> None:
    """A conversation names its files in one turn, usually the first: that
    project is every turn's of the conversation."""
    first: dict[str, str] = {}
    for t in turns:
        if t.project:
            first.setdefault(t.conversation, t.project)
    for t in turns:
        t.project = t.project or first.get(t.conversation, "")
