"""Antigravity's running language server, asked for usage only on request
(`--live`, spec providers §4.1 step 3), and what it answered, kept.

Antigravity's `.pb` conversation files are encrypted (AES-GCM, with a key
inside the app), so their usage can only be had from the app itself: its
language server answers `GetCascadeTrajectoryGeneratorMetadata` for a
cascade id with one `generatorMetadata[]` entry per model response (the
same ChatModel message the `.db` stores keep in `gen_metadata`, as JSON).

Nothing here touches the network unless the command line said `--live`
(cli.py calls configure()): then the server is found in the process list
(`ps -ww -eo pid=,uid=,args=`, this user's processes: a `language_server` …
`antigravity` command line
with `--https_server_port`/`--extension_server_port`, `--csrf_token`/
`--extension_server_csrf_token` and `--app_data_dir`), and asked over
HTTPS on 127.0.0.1 and nowhere else. Its certificate is self-signed, so it
is not verified; the CSRF token from its command line is the credential.
Every request has a short timeout; a server that cannot be reached or
refuses the token is not asked again in that run. (Windows, whose process
list the reference reads with PowerShell, is not supported: no `ps`.)

What a live read returned is kept in `<cache dir>/antigravity-live-v1/
<cascade id>.json` (written atomically), with the size and mtime of the
file it was read for. Every later run serves it, `--live` or not (those calls
happened; forgetting them when the app is closed would make the totals
shrink): a conversation whose file changed since is served as it was and
named in a warning, one never read live is named in another.
"""
from __future__ import annotations

import json
import os
import re
import time
from typing import Mapping

from codeburn.lazyre import lazy
from codeburn.plainclass import dataclass, field
from codeburn.providers.records import Call, ts_ms
from codeburn.read.regular import open_regular

KEPT_DIR = "antigravity-live-v1"      # under the cache dir: <cascade id>.json per conversation
KEPT_VERSION = 1
SAFE_NAME = lazy(r"[A-Za-z0-9_-][A-Za-z0-9._-]{0,127}")
RPC_PREFIX = "/exa.language_server_pb.LanguageServerService/"
LOOPBACK = "127.0.0.1"             # the only host ever contacted
RPC_TIMEOUT_S = 3.0                # connect, send and each read
PS_TIMEOUT_S = 3.0
MAX_RESPONSE_BYTES = 16 << 20
APPS = ("antigravity", "antigravity-cli", "antigravity-ide")

PORT_FLAGS = ("https_server_port", "extension_server_port", "https-server-port", "extension-server-port")
TOKEN_FLAGS = ("csrf_token", "extension_server_csrf_token", "csrf-token", "extension-server-csrf-token")
APP_FLAGS = ("app_data_dir", "app-data-dir")
TOKEN_SHAPE = lazy(r"[A-Za-z0-9._~:/+=-]{16,}")
LEADING_INT = lazy(r"\s*([+-]?\d+)")


class LiveError(Exception):
    """Why the live read of a conversation failed (one line, for the warning).
    `server_down`: the server cannot be asked at all (unreachable, silent,
    refusing the token), not just about this conversation."""

    def __init__(self, message: str, server_down: bool = True):
        super().__init__(message)
        self.server_down = server_down


# ---- the opt-in ------------------------------------------------------------

@dataclass
class _Setting:
    live: bool = False
    environ: Mapping[str, str] = field(default_factory=lambda: dict(os.environ))


SETTING = _Setting()


def configure(environ: Mapping[str, str], live: bool) -> None:
    """The run's choice (cli.py, from `--live`) and environment (its cache
    dir). Each run starts over: no server or answer of an earlier one is kept."""
    global SETTING, _SESSION
    SETTING = _Setting(live, environ)
    _SESSION = None


def use_environ(environ: Mapping[str, str]) -> None:
    """The environment discovery runs in (where the cache dir is); the
    opt-in stays. Each discovery (a dashboard refresh) lists the servers
    again: one that was down may be up now."""
    global _SESSION
    SETTING.environ = environ
    _SESSION = None


# ---- finding the server ----------------------------------------------------------

@dataclass(frozen=True)
class Server:
    pid: int
    port: int                     # from the command line; 0: not given (the IDE's is ephemeral)
    token: str
    app: str | None               # antigravity, antigravity-cli, antigravity-ide, or None
    data_dir: str | None = None   # its --app_data_dir, as given


def flag(line: str, names: tuple[str, ...]) -> str | None:
    """The value of `--name value`, `--name=value` or a quoted value."""
    for name in names:
        m = re.search(rf"--{re.escape(name)}(?:=|\s+)(?:\"([^\"]+)\"|'([^']+)'|(\S+))", line, re.I)
        value = m and (m.group(1) or m.group(2) or m.group(3))
        if value and not value.startswith("--"):
            return value
    return None


def app_of(value: str | None) -> str | None:
    """Which app a data dir belongs to (most specific name first)."""
    low = (value or "").replace("\\", "/").lower()
    return next((a for a in reversed(APPS) if a in low), None)


def parse_process(pid: int, args: str) -> Server | None:
    """The language server a process's command line describes, or None."""
    low = args.lower()
    if "language_server" not in low or "antigravity" not in low:
        return None
    port, token = flag(args, PORT_FLAGS), flag(args, TOKEN_FLAGS)
    if port is None or token is None or not TOKEN_SHAPE.fullmatch(token) or not port.isdigit():
        return None
    if int(port) > 65535:
        return None
    data_dir = flag(args, APP_FLAGS)
    return Server(pid, int(port), token, app_of(data_dir), data_dir)


def list_servers() -> list[Server]:
    """Every Antigravity language server of this user in the process list
    (another user's server, its token visible to all in `ps`, holds that
    user's conversations: never asked)."""
    from codeburn import safeexec

    try:
        out = safeexec.run(["ps", "-ww", "-eo", "pid=,uid=,args="], "/", SETTING.environ, PS_TIMEOUT_S).text
    except safeexec.ExecError as exc:
        raise LiveError(f"the process list could not be read ({exc})") from None
    found, me = [], os.getuid()
    for line in out.splitlines():
        m = re.match(r"\s*(\d+)\s+(\d+)\s+(.+)", line)
        server = m and int(m.group(2)) == me and parse_process(int(m.group(1)), m.group(3))
        if server:
            found.append(server)
    return found


def server_for(app: str, servers: list[Server], home: str | None = None) -> Server | None:
    """The server of an app's files: the one started for its data dir (this
    home's `~/.gemini/<app>` first: another home's server of the same app,
    a second account's, holds other conversations), else (for the plain
    app) one started without a data dir."""
    mine = [s for s in servers if s.app == app]
    if home and len(mine) > 1:
        own = os.path.realpath(os.path.join(home, ".gemini", app))
        mine.sort(key=lambda s: not (s.data_dir and os.path.realpath(os.path.expanduser(s.data_dir)) == own))
    return next(iter(mine), None) or (
        next((s for s in servers if s.app is None), None) if app == "antigravity" else None)


def listening_ports(pid: int) -> list[int]:
    """The TCP ports a process listens on (Linux /proc; else lsof)."""
    try:
        fds = os.listdir(f"/proc/{pid}/fd")
    except OSError:            # no /proc (macOS), or the process is gone
        return _lsof_ports(pid)
    inodes = {link[8:-1] for link in map(_link, (f"/proc/{pid}/fd/{fd}" for fd in fds)) if link.startswith("socket:[")}
    ports = []
    for table in ("/proc/net/tcp", "/proc/net/tcp6"):
        try:
            with open(table, encoding="ascii") as f:
                rows = [r.split() for r in f.read().splitlines()[1:]]
        except OSError:
            continue
        ports += [int(r[1].rsplit(":", 1)[1], 16) for r in rows if len(r) > 9 and r[3] == "0A" and r[9] in inodes]
    return sorted(set(ports))


def _link(path: str) -> str:
    try:
        return os.readlink(path)
    except OSError:            # closed since it was listed
        return ""


def _lsof_ports(pid: int) -> list[int]:
    from codeburn import safeexec

    try:
        out = safeexec.run(["lsof", "-a", "-iTCP", "-sTCP:LISTEN", "-P", "-n", "-p", str(pid)], "/",
                           SETTING.environ, PS_TIMEOUT_S).text
    except safeexec.ExecError:
        return []
    return sorted({int(m.group(1)) for m in re.finditer(r":(\d+)\s+\(LISTEN\)", out)})


# ---- one request ------------------------------------------------------------------

def post(port: int, token: str, method: str, body: dict, timeout: float | None = None):
    """POST a JSON body to the language server on 127.0.0.1:port; its JSON answer."""
    import http.client
    import socket
    import ssl

    timeout = RPC_TIMEOUT_S if timeout is None else timeout
    ctx = ssl.create_default_context()
    ctx.check_hostname = False          # a self-signed certificate on loopback: the CSRF token is the check
    ctx.verify_mode = ssl.CERT_NONE
    data = json.dumps(body).encode()
    conn = http.client.HTTPSConnection(LOOPBACK, port, timeout=timeout, context=ctx)
    try:
        conn.request("POST", RPC_PREFIX + method, data, {
            "Content-Type": "application/json", "Connect-Protocol-Version": "1", "X-Codeium-Csrf-Token": token})
        resp = conn.getresponse()
        raw = resp.read(MAX_RESPONSE_BYTES + 1)
    except (socket.timeout, TimeoutError):
        raise LiveError(f"{method}: no answer from {LOOPBACK}:{port} within {timeout:g} s") from None
    except ConnectionRefusedError:
        raise LiveError(f"{method}: connection refused by {LOOPBACK}:{port}") from None
    except (OSError, http.client.HTTPException) as exc:
        raise LiveError(f"{method}: {LOOPBACK}:{port}: {type(exc).__name__}: {exc}") from None
    finally:
        conn.close()
    if resp.status in (401, 403):
        raise LiveError(f"{method}: HTTP {resp.status} from {LOOPBACK}:{port} (CSRF token refused)")
    if resp.status != 200:
        raise LiveError(f"{method}: HTTP {resp.status} from {LOOPBACK}:{port}", server_down=False)
    if len(raw) > MAX_RESPONSE_BYTES:
        raise LiveError(f"{method}: answer over {MAX_RESPONSE_BYTES >> 20} MB", server_down=False)
    try:
        return json.loads(raw)
    except ValueError:
        raise LiveError(f"{method}: the answer is not JSON", server_down=False) from None


# ---- the answers -------------------------------------------------------------------

def model_map(answer) -> dict[str, str]:
    """GetAvailableModels: the model id each internal model name reports as
    (`models` or `response.models`: key -> {model, displayName})."""
    from codeburn.providers.antigravity import canonical_model

    models = _inner(answer, "models")
    if not isinstance(models, dict):
        return {}
    return {info["model"]: canonical_model(key, info.get("displayName") if isinstance(info.get("displayName"), str)
                                           else None)
            for key, info in models.items() if isinstance(info, dict) and isinstance(info.get("model"), str)}


def generator_metadata(answer) -> list:
    got = _inner(answer, "generatorMetadata")
    return got if isinstance(got, list) else []


def _inner(answer, key: str):
    if not isinstance(answer, dict):
        return None
    response = answer.get("response")
    if isinstance(response, dict) and response.get(key) is not None:
        return response[key]
    return answer.get(key)


def count(value) -> int:
    """A token count as the server writes it (a decimal string, or a number)."""
    if isinstance(value, bool):
        return 0
    if isinstance(value, (int, float)):
        return int(value) if value == value and 0 < value < 2 ** 53 else 0
    m = LEADING_INT.match(value) if isinstance(value, str) else None
    n = int(m.group(1)) if m else 0
    return n if 0 < n < 2 ** 53 else 0


def calls_of(cascade: str, metadata: list, models: dict[str, str]) -> list[Call]:
    """One call per entry with usage: input, response output, thinking as
    reasoning (priced as output), in the order the server lists them.
    Output follows the `.db` rule: the response part, else the total."""
    from codeburn.providers.antigravity import canonical_model, price

    calls, seen = [], set()
    for i, entry in enumerate(metadata):
        chat = entry.get("chatModel") if isinstance(entry, dict) else None
        usage = chat.get("usage") if isinstance(chat, dict) else None
        if not isinstance(usage, dict):
            continue
        tokens_in, total = count(usage.get("inputTokens")), count(usage.get("outputTokens"))
        response, thinking = count(usage.get("responseOutputTokens")), count(usage.get("thinkingOutputTokens"))
        if tokens_in == 0 and total == 0:
            continue
        if response == 0 and thinking == 0:
            response = total
        elif total > 0 and response + thinking != total and total >= thinking:
            response = total - thinking
        raw = usage.get("model") if isinstance(usage.get("model"), str) else "unknown"
        model = canonical_model(models.get(raw, raw), None)
        rid = usage.get("responseId") if isinstance(usage.get("responseId"), str) and usage.get("responseId") \
            else str(i)
        key = f"antigravity:{cascade}:{rid}"
        if key in seen:
            continue
        seen.add(key)
        start = chat.get("chatStartMetadata")
        when = start.get("createdAt") if isinstance(start, dict) else None
        calls.append(Call(ts_ms=ts_ms(when) if isinstance(when, str) else None, model=model, input=tokens_in,
                          output=response, reasoning=thinking, cost=price(model, tokens_in, response + thinking),
                          key=key))
    return calls


# ---- the run's server connection ----------------------------------------------

class _Session:
    """The servers of this run: listed once, each app's resolved once, one
    that failed not asked again (its reason given for every later file)."""

    def __init__(self):
        self.servers: list[Server] | None = None
        self.resolved: dict[str, tuple[int, str] | LiveError] = {}
        self.models: dict[tuple[int, str], dict[str, str]] = {}
        self.requests = 0

    def endpoint(self, app: str) -> tuple[int, str]:
        got = self.resolved.get(app)
        if got is None:
            try:
                got = self._resolve(app)
            except LiveError as exc:
                got = exc
            self.resolved[app] = got
        if isinstance(got, LiveError):
            raise got
        return got

    def _resolve(self, app: str) -> tuple[int, str]:
        """The (port, token) that answers for an app, found by asking
        GetAvailableModels (its answer is the model map): the port on the
        server's command line, else one it listens on. The IDE's server
        listens on a port of its own choosing (its command line names the
        extension host's), so for it only the latter."""
        if self.servers is None:
            self.servers = list_servers()
        server = server_for(app, self.servers, SETTING.environ.get("HOME") or os.path.expanduser("~"))
        if server is None:
            raise LiveError(f"no running {app} language server found")
        first_error = None
        named = server.port if server.port and app != "antigravity-ide" else None
        for port in [named] if named else []:
            try:
                return self._probe(port, server.token)
            except LiveError as exc:
                first_error = exc
        for port in listening_ports(server.pid):
            if port != named:
                try:
                    return self._probe(port, server.token)
                except LiveError:
                    continue
        raise first_error or LiveError(f"the {app} language server (pid {server.pid}) answers on no port it "
                                       "listens on")

    def _probe(self, port: int, token: str) -> tuple[int, str]:
        """(port, token) when the server there answers; an answer that is
        an HTTP error or not JSON still is one (the model names are then its raw ones)."""
        try:
            self.models[(port, token)] = model_map(self._ask((port, token), "GetAvailableModels", {}))
        except LiveError as exc:
            if exc.server_down:
                raise
            self.models[(port, token)] = {}
        return port, token

    def _ask(self, endpoint: tuple[int, str], method: str, body: dict):
        self.requests += 1
        return post(endpoint[0], endpoint[1], method, body)

    def fetch(self, app: str, cascade: str) -> list[Call]:
        endpoint = self.endpoint(app)
        try:
            answer = self._ask(endpoint, "GetCascadeTrajectoryGeneratorMetadata", {"cascadeId": cascade})
        except LiveError as exc:
            if exc.server_down:
                self.resolved[app] = exc      # not asked again this run (each file would wait its timeout)
            raise
        return calls_of(cascade, generator_metadata(answer), self.models[endpoint])


_SESSION: _Session | None = None


def session() -> _Session:
    global _SESSION
    if _SESSION is None:
        _SESSION = _Session()
    return _SESSION


# ---- what was read live, kept -------------------------------------------------------

def kept_dir() -> str:
    from codeburn.cache.cachedir import cache_dir

    return os.path.join(cache_dir(SETTING.environ), KEPT_DIR)


def entry_path(cascade: str) -> str:
    """One file per conversation, so a read writes only its own (a first
    --live run over hundreds of conversations writes each once)."""
    import hashlib

    name = cascade if SAFE_NAME.fullmatch(cascade) else \
        hashlib.sha256(cascade.encode("utf-8", "surrogatepass")).hexdigest()   # never a path of its own
    return os.path.join(kept_dir(), name + ".json")


def entry(cascade: str) -> dict | None:
    """What the last live read of this conversation kept: {cascade, path,
    size, mtime_ns, read_at, calls}; None when there is none (or it is
    damaged, of another layout or of another conversation)."""
    return _load(entry_path(cascade), cascade)


def _load(path: str, cascade: str | None = None) -> dict | None:
    try:
        with open_regular(path) as f:
            doc = json.loads(f.read())
    except (OSError, ValueError):
        return None
    ok = isinstance(doc, dict) and doc.get("version") == KEPT_VERSION and isinstance(doc.get("cascade"), str) \
        and (cascade is None or doc["cascade"] == cascade) and isinstance(doc.get("calls"), list) \
        and all(isinstance(c, list) and len(c) == 7 for c in doc["calls"])
    return doc if ok else None


def fresh(kept: dict | None, st: os.stat_result) -> bool:
    """Whether a kept read is of the file as it is now."""
    return kept is not None and kept.get("size") == st.st_size and kept.get("mtime_ns") == st.st_mtime_ns


def calls_from(kept: dict) -> list[Call]:
    out = []
    for ts, model, tin, tout, reasoning, cost, key in kept["calls"]:
        out.append(Call(ts_ms=ts if isinstance(ts, int) and not isinstance(ts, bool) else None, model=str(model),
                        input=count(tin), output=count(tout), reasoning=count(reasoning),
                        cost=cost if isinstance(cost, (int, float)) and not isinstance(cost, bool) else None,
                        key=str(key)))
    return out


def keep(cascade: str, path: str, st: os.stat_result, calls: list[Call]) -> None:
    """Keeps a live read. A call without a time keeps the one it had in the
    previous read, else gets the file's mtime (the first time it was seen),
    so re-reads never move it."""
    from codeburn.cache.cachedir import cache_dir, write_atomic

    before = {c[6]: c[0] for c in (entry(cascade) or {}).get("calls", [])}
    first_seen = st.st_mtime_ns // 1_000_000
    for c in calls:
        if c.ts_ms is None:
            c.ts_ms = before.get(c.key) if isinstance(before.get(c.key), int) else first_seen
    doc = {"version": KEPT_VERSION, "cascade": cascade, "path": path, "size": st.st_size,
           "mtime_ns": st.st_mtime_ns, "read_at": int(time.time()),
           "calls": [[c.ts_ms, c.model, c.input, c.output, c.reasoning, c.cost, c.key] for c in calls]}
    write_atomic(entry_path(cascade), [json.dumps(doc).encode()], cache_dir(SETTING.environ))


def _all_kept() -> list[tuple[str, dict]]:
    d = kept_dir()
    try:
        names = sorted(n for n in os.listdir(d) if n.endswith(".json"))
    except OSError:
        return []
    return [(os.path.join(d, n), doc) for n in names if (doc := _load(os.path.join(d, n))) is not None]


def held_conversations() -> set[str]:
    """Cascade ids with calls read live (their status-line snapshots are not counted)."""
    return {doc["cascade"] for _, doc in _all_kept() if doc["calls"] and os.path.exists(str(doc.get("path")))}


def forget_deleted() -> None:
    """With --live: drops what was kept for conversations whose file is gone
    (as the app forgets them; only our own files are removed)."""
    for path, doc in _all_kept():
        if not os.path.exists(str(doc.get("path"))):
            try:
                os.remove(path)
            except OSError:
                pass


def stamp_extra(path: str) -> str:
    """With --live, a file due a request (its kept read is not of this very
    file) is never the same, so it is read again and the app asked."""
    if not SETTING.live:
        return ""
    try:
        due = not fresh(entry(_cascade(path)), os.stat(path))
    except OSError:
        due = False
    return f"live {time.time_ns()}" if due else ""


def _cascade(path: str) -> str:
    name = os.path.basename(path)
    return name[:-3] if name.lower().endswith((".db", ".pb")) else name
