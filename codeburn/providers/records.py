"""The seam for every provider the compiled reader has no format of its own
for: its module reads a source (a JSON file, a SQLite store, a task folder,
a JSONL log) and yields `Session`s of normalized `Call`s (the reference's
ParsedProviderCall, spec providers §0.1). The scan feeds them into the same
Scanner as Claude Code and Codex files, so tool flags, shell commands,
retries, turns, the classifier, dedup, pricing and every report work for
them unchanged.

A records provider module (`providers/<id>.py`) defines:

- `PROVIDER` (the `--provider` id), `DISPLAY_NAME`, `KIND = "records"`;
- `OUTPUT_HAS_REASONING`: True when the tool's output count already holds
  its reasoning tokens (claude, codex, copilot); otherwise reasoning is
  priced as extra output (spec providers §0.4);
- `KEEPS_COST`: True for the reference's cost allow-list (§0.4:
  mistral-vibe, antigravity, kiro, cline-cli, …): a call's own `cost`, when
  given, is reported instead of the token price;
- `discover(env, home, walker) -> Iterator[base.Source]`: the tool's env
  overrides, then its default locations, listed with the shared Walker;
  never reads contents (a source may be a file or a directory);
- `read(source, log) -> Iterable[Session]`: the calls of one source, in
  the order the tool wrote them. Problems go to `log` (`ReadLog`), never
  raised: a broken line or record is skipped and counted, an unreadable
  source named;
- optionally `sniff(path, head) -> bool`: whether a file given to
  `codeburn scan` is this tool's (head: its first 64 KiB).

Tool names are the tool's own: `rules/providers.toml` maps them to the
canonical names per provider (a data change). MCP tools are named
`mcp__<server>__<tool>`. A shell tool carries its command line in
`Tool.command`; the reader extracts the command names the way it does for
Claude Code.
"""
from __future__ import annotations

from codeburn.jstext import JS_DATE_MAX_MS
from codeburn.plainclass import dataclass, field

TS_NONE = None  # a call without a usable timestamp: outside every period


@dataclass(slots=True)
class Tool:
    name: str                      # the tool's own name (mapped by rules/providers.toml)
    command: str | None = None     # shell command line, for shell tools
    file: str | None = None        # file path, for edit/read tools (drives retry detection)
    skill: str | None = None       # skill name, for a Skill tool
    subagent: str | None = None    # subagent type, for an Agent/Task tool


@dataclass(slots=True)
class Call:
    """One priced API call. Token counts follow Anthropic semantics: `input`
    excludes cache reads and writes (subtract them first for tools whose
    input includes cached tokens)."""
    ts_ms: int | None              # epoch milliseconds; None: no usable timestamp
    model: str
    input: int = 0
    output: int = 0
    cache_write: int = 0
    cache_read: int = 0
    reasoning: int = 0
    web_search: int = 0
    cost: float | None = None      # the tool's own USD (used only when the module KEEPS_COST)
    estimated: bool = False        # tokens estimated from text length (ceil(chars / 4))
    fast: bool = False
    key: str | None = None         # dedup key; one set is shared by every non-Claude provider
    turn: str | None = None        # consecutive calls with the same turn id form one turn; None: a turn of its own
    prompt: str = ""               # the user message that opened the call's turn (first call's counts)
    tools: list[Tool] = field(default_factory=list)
    # Tokens and cost that count, but not as an API call of their own (no
    # call, turn, edit or retry weight): Copilot's shutdown rollups, their
    # residuals and the store rows paired with a per-turn call (spec §1.4.a).
    supplementary: bool = False
    # The subagent the call ran in, when the tool says so per call rather than
    # with an Agent/Task tool (Copilot's subagent.started events); several
    # (a tuple) where the tool gives a call every one its trace ran (OTel).
    subagent: str | tuple[str, ...] | None = None
    # The time as the log spells it, for the tools whose spelling the
    # reference shows in sessions and export (Qwen, Droid, Mistral Vibe,
    # Copilot's events); the reader keeps it when it is not canonical.
    raw_ts: str | None = None
    # The call's tool sequence, for retries only, when the tool gives one per
    # message (Goose): each step a list of tools with their files and
    # commands; None: retries see `tools` (the module's TOOL_STEPS).
    steps: list[list[Tool]] | None = None


@dataclass(slots=True)
class Session:
    session_id: str
    project: str                   # the project label the reference shows
    calls: list[Call]
    cwd: str | None = None         # the project's path, when the tool records one
    order: int = 0                 # where the tool lists it among its store's sessions (Source.order)


class ReadLog:
    """What a records provider could not read, tallied per kind for the
    report's warnings (one line per kind, naming the first place)."""

    KINDS = {
        "invalid": "invalid JSON lines or records skipped",
        "bad_record": "records of an unexpected shape skipped",
        "bad_store": "stores that could not be read skipped",
        "wal_ignored": "write-ahead logs ignored, their rows unread (not a valid log)",
    }

    def __init__(self) -> None:
        self.counts: dict[str, list] = {}     # kind -> [count, first place]
        self.unreadable: list[tuple[str, str]] = []

    def skip(self, kind: str, where: str, n: int = 1) -> None:
        """n records of `kind` skipped; `where` is a path, or path:line."""
        entry = self.counts.setdefault(kind, [0, where])
        entry[0] += n

    def cannot_read(self, path: str, reason: str) -> None:
        self.unreadable.append((path, reason))

    def merge(self, other: "ReadLog") -> None:
        for kind, (count, where) in other.counts.items():
            self.skip(kind, where, count)
        self.unreadable.extend(other.unreadable)

    @property
    def skipped(self) -> int:
        return sum(c for c, _ in self.counts.values()) + len(self.unreadable)


def ts_ms(value) -> int | None:
    """Epoch ms of an ISO-8601 string, or of a number of seconds (< 1e12) or
    milliseconds; None when it is neither."""
    if isinstance(value, bool) or value is None:
        return None
    if isinstance(value, (int, float)):
        if value != value or value <= 0:
            return None
        ms = int(value * 1000) if value < 1e12 else int(value)
        return ms if ms <= JS_DATE_MAX_MS else None
    if isinstance(value, str) and value:
        from codeburn._fast.reader import TS_NONE as NONE, parse_iso_ms

        ms = parse_iso_ms(value)
        return None if ms == NONE else int(ms)
    return None


def js_date_ms(value) -> int | None:
    """Epoch ms as `new Date(value)` reads a record's time: an ISO-8601
    string, or a number taken as milliseconds whatever its size (a number of
    seconds is then a day in January 1970, which no period holds); None
    when it is neither."""
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        if value != value or value in (float("inf"), float("-inf")) or abs(value) > JS_DATE_MAX_MS:
            return None
        return int(value)
    return ts_ms(value)


def estimate_tokens(chars: int) -> int:
    """The reference's char-based estimate: ceil(chars / 4) (spec providers §0.8)."""
    return -(-max(chars, 0) // 4)


def tape_sessions(tape: bytes):
    """The sessions of a records tape (codeburn/_fast/includes/cb_tape.h)
    as Session objects: what a provider that reads into a tape gives
    read() callers (the scan replays the tape itself)."""
    import struct

    at = 0

    def take(fmt):
        nonlocal at
        v = struct.unpack_from(fmt, tape, at)
        at += struct.calcsize(fmt)
        return v[0]

    def text():
        nonlocal at
        n = take("=I")
        at += n
        return tape[at - n:at].decode("utf-8", "surrogatepass")

    while at < len(tape):
        if tape[at:at + 1] != b"S":
            raise ValueError("malformed records tape")
        at += 1
        sid, project = text(), text()
        order = take("=q")
        calls = []
        for _ in range(take("=I")):
            ts, flags = take("=q"), take("=B")
            prompt = text() if flags & 1 else ""
            model = text()
            tin, tout = take("=q"), take("=q")
            key = text() if flags & 4 else None
            tools = []
            for _ in range(take("=I")):
                name = text()
                tools.append(Tool(name, command=text() if take("=B") else None))
            calls.append(Call(ts_ms=None if ts == -(2 ** 63) else ts, model=model, input=tin, output=tout,
                              estimated=bool(flags & 2), key=key, prompt=prompt, tools=tools))
        yield Session(sid, project, calls, order=order)
