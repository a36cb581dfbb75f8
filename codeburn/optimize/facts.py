"""What the detectors look at, derived once from the scan's columns: the
period's sessions with their totals, the Claude tool uses, the Claude calls
that wrote cache, the user texts and session openers, the project folders
seen (spec commands §4.1). Nothing here reads a log again."""
from __future__ import annotations

import os

import numpy as np

from codeburn.aggregate.arrays import distinct, isin, unique

from codeburn._fast import agg
from codeburn.aggregate.usage import Usage
from codeburn.plainclass import dataclass
from codeburn.providers.claude import optimize_scans
from codeburn.report.isotime import iso_ms
from codeburn.report.sessions import spelled_bounds

CLAUDE = "claude"
HOUR_MS = 3_600_000


@dataclass
class Sessions:
    """One row per session (file) with a call in the period."""
    project: np.ndarray     # project index
    label: list[str]        # project name as shown
    sid: list[str]          # session id
    sidechain: np.ndarray   # bool: a subagent transcript (not user-started)
    claude: np.ndarray      # bool: a Claude Code session
    cost: np.ndarray
    input: np.ndarray
    output: np.ndarray
    reasoning: np.ndarray
    cache_read: np.ndarray
    cache_write: np.ndarray
    estimated: np.ndarray   # bool: some of its tokens were estimated
    first_ts: np.ndarray    # epoch ms of its first call in the period, as the reference picks it (first_day)
    first_day: list[str]    # its first timestamp's date as spelled: YYYY-MM-DD of the least spelling
    turns: np.ndarray
    edit_turns: np.ndarray
    one_shot: np.ndarray
    retries: np.ndarray
    shell: list[set[str]]   # its shell command names (the bash breakdown's keys)

    @property
    def size(self) -> int:
        return int(self.cost.size)

    @property
    def tokens(self) -> np.ndarray:
        return self.input + self.output + self.cache_read + self.cache_write


@dataclass
class Tools:
    """Claude tool uses in the period (the reference's raw session scan)."""
    name: list[str]
    path: list[str | None]
    readonly: np.ndarray    # bool: a read-only shell command
    recent: np.ndarray      # bool: within the recent window
    session: np.ndarray     # session index
    sidechain: np.ndarray   # bool: from a subagent transcript
    # Where each use was read: its file (scan order) and its record's time;
    # the call rows come first, then the rows of records no call row stands
    # for (see scan_order).
    file: np.ndarray
    ts: np.ndarray

    def scan_order(self) -> np.ndarray:
        """The rows in the order the reference's raw scan meets them: file
        by file, by time within a file (a streamed message's earlier
        records, kept apart here, before its last)."""
        return np.lexsort((np.arange(self.file.size), self.ts, self.file))


@dataclass
class Facts:
    now_ms: int
    start_ms: int           # period start (trend baseline start)
    recent_ms: int          # start of the recent window
    sessions: Sessions
    tools: Tools
    all_tool_names: list[str]       # the distinct tool names of the period, every provider (MCP servers called)
    mcp_calls: list[dict[str, int]] # per session: MCP server -> calls (every provider)
    skills: set[str]                # Skill tool invocations (Claude)
    subagents: set[str]             # subagent_type of Agent/Task calls (Claude)
    cache_writes: np.ndarray        # per Claude call with cache writes: tokens
    cache_recent: np.ndarray        # bool per such call
    cache_version: list[str]        # Claude Code version per such call ("" unknown)
    versions: set[str]              # every Claude Code version seen on a call
    commands: set[str]              # slash commands named in user texts
    openers: list[tuple[int, int, str]]   # (hash, chars, project label) of session openers
    opener_files: dict[int, tuple[str, int]]  # hash -> a file holding that opener, and its time (for the preview)
    cwds: list[str]                 # project folders seen (Claude sessions)
    period_cost: float
    calls: int
    cost_rate: float
    turn_caps: list                 # per turn: (session, edit, retries, tokens, capabilities)
    tt: object                      # codeburn.aggregate.turns.TurnTable of the period
    inventory: list[set[str]]       # per session: MCP tools its deferred_tools_delta attachments listed
    invoked: list[set[str]]         # per session: MCP tools it called
    project_path: list[str]         # per session: its project's path
    call_session: np.ndarray        # per call of the period: session, cache writes, cache reads
    call_cw: np.ndarray
    call_cr: np.ndarray
    turn_session: np.ndarray        # per turn: its session


def build(u: Usage, now_ms: int, recent_hours: int, input_share: float,
          cache_write_mult: float, cache_read_discount: float) -> Facts:
    scan, cols = u.scan, u.scan.cols
    strings = scan.strings
    recent_ms = now_ms - recent_hours * HOUR_MS
    start_ms = u.period.start_ms  # (every period is a range: lifetime's starts at 1970-01-01 local, 0 or less)
    from codeburn.aggregate.turns import turn_table

    is_claude_file = np.array([s.provider == CLAUDE for s in scan.sources], dtype=bool)
    # The files the reference's session scan reads: what its scan-fed
    # detectors count (tools, API calls, user texts, folders) comes from them
    # alone, its project-fed ones (sessions, costs) from every file.
    scanned = np.array([s.provider == CLAUDE and optimize_scans(s) and not _stale(s, u.period.start_ms)
                        for s in scan.sources], dtype=bool)
    tt = turn_table(u)
    turn_session = np.full(tt.size, -1, dtype=np.intp)
    turn_session[tt.of_call] = u.session
    sessions = _sessions(u, is_claude_file, tt, turn_session)
    tools, names, skills, subagents, mcp_calls = _tools(u, scanned, recent_ms, sessions)
    line_session, line_side = _line_files(u, scanned, sessions)
    _add_line_tools(u, tools, names, skills, subagents, line_session, line_side, recent_ms)
    claude_call = scanned[cols["file"][u.sel]]
    ver = cols["call_version"][u.sel]
    cache_writes, cache_recent, cache_version = _cache_writes(u, scanned, line_session, recent_ms)
    versions = {strings[v] for v in distinct_ids(ver[claude_call])}
    texts = _user_texts(u, scanned)
    period_cost = float(u.cost.sum())
    tok = float(sessions.input.sum() + sessions.cache_read.sum() + sessions.cache_write.sum())
    cost_rate = period_cost * input_share / tok if tok > 0 and period_cost > 0 else 0.0
    return Facts(
        now_ms=now_ms, start_ms=start_ms, recent_ms=recent_ms, sessions=sessions, tools=tools,
        all_tool_names=names, mcp_calls=mcp_calls, skills=skills, subagents=subagents,
        cache_writes=cache_writes, cache_recent=cache_recent, cache_version=cache_version, versions=versions, commands=texts[0], openers=texts[1],
        opener_files=texts[2], cwds=_cwds(u, scanned), period_cost=period_cost,
        calls=int(u.call_weight().sum()),  # API calls: a supplementary rollup adds none
        cost_rate=cost_rate, turn_caps=_turn_capabilities(u, tt, turn_session, cache_write_mult, cache_read_discount),
        tt=tt, turn_session=turn_session, inventory=_inventory(u, sessions.size),
        invoked=_invoked(u, sessions.size), project_path=[u.projects[p].path for p, _ in u.sessions],
        call_session=u.session, call_cw=cols["cache_write"][u.sel], call_cr=cols["cache_read"][u.sel])


def _file_sessions(u: Usage) -> np.ndarray:
    out = np.full(len(u.scan.sources), -1, dtype=np.intp)
    out[u.scan.cols["file"][u.sel]] = u.session
    return out


def _inventory(u: Usage, n: int) -> list[set[str]]:
    cols, strings = u.scan.cols, u.scan.strings
    out: list[set[str]] = [set() for _ in range(n)]
    if "inv_file" not in cols or not cols["inv_file"].size:
        return out
    sess = _file_sessions(u)[cols["inv_file"]]
    for s, name in zip(sess.tolist(), cols["inv_name"].tolist()):
        if s >= 0:
            out[s].add(strings[name])
    return out


def _invoked(u: Usage, n: int) -> list[set[str]]:
    cols, strings = u.scan.cols, u.scan.strings
    out: list[set[str]] = [set() for _ in range(n)]
    pos = u.call_pos[cols["tool_call"]]
    names = cols["tool_name"]
    mcp_ids = [i for i in distinct_ids(names[pos >= 0]) if mcp_server(strings[i])]
    rows = np.flatnonzero((pos >= 0) & isin(names, mcp_ids))
    for row in rows.tolist():
        out[int(u.session[pos[row]])].add(strings[names[row]])
    return out


def distinct_ids(a: np.ndarray) -> list[int]:
    return [int(v) for v in distinct(a) if v >= 0]


def _first_stamps(u: Usage, n: int) -> tuple[np.ndarray, list[str]]:
    """Per session, the time and date the reference dates it by: its calls'
    least timestamp compared as written (`…T19:30:07-05:00` sorts before
    `…-19T00:16:52Z`, though later), its date that spelling's first ten
    characters, its time what the spelling says."""
    first_ts = agg.group_extreme(u.session, u.times, n)
    days = [iso_ms(int(t))[:10] if t != np.iinfo(np.int64).max else "" for t in first_ts.tolist()]
    for s, ((spelling, ms), _) in spelled_bounds(u).items():
        first_ts[s], days[s] = ms, spelling[:10]
    return first_ts, days


def _sessions(u: Usage, is_claude_file: np.ndarray, tt, turn_session: np.ndarray) -> Sessions:
    scan, cols = u.scan, u.scan.cols
    n = len(u.sessions)
    s = u.session
    f = lambda name: agg.group_sum_f64(s, cols[name][u.sel].astype(np.float64), n)  # noqa: E731
    first_file = _first_files(u)
    first_ts, first_day = _first_stamps(u, n)
    side = sidechain_sessions(u, first_file)
    est = agg.group_sum_f64(s, cols["estimated"][u.sel].astype(np.float64), n) > 0
    count = lambda w: np.bincount(turn_session, weights=w, minlength=n)[:n]  # noqa: E731
    shell = [set() for _ in range(n)]
    pos = u.call_pos[cols["shell_call"]]
    ok = pos >= 0
    for sess, name in zip(s[pos[ok]].tolist(), cols["shell_name"][ok].tolist()):
        shell[sess].add(scan.strings[name])
    return Sessions(
        project=np.array([p for p, _ in u.sessions], dtype=np.intp),
        label=[u.projects[p].name for p, _ in u.sessions], sid=[sid for _, sid in u.sessions],
        sidechain=side, claude=is_claude_file[first_file] if n else np.zeros(0, bool),
        cost=agg.group_sum_f64(s, u.cost, n), input=f("input"), output=f("output"), reasoning=f("reasoning"),
        cache_read=f("cache_read"), cache_write=f("cache_write"), estimated=est, first_ts=first_ts,
        first_day=first_day,
        turns=count(np.ones(tt.size)), edit_turns=count(tt.edit.astype(np.float64)),
        one_shot=count(tt.one_shot.astype(np.float64)), retries=count(tt.retries.astype(np.float64)), shell=shell)


def _first_files(u: Usage) -> np.ndarray:
    """Per session of u: the file of its first selected call."""
    first_file = np.full(len(u.sessions), -1, dtype=np.intp)
    order = np.arange(u.session.size)[::-1]  # the first call's file wins
    first_file[u.session[order]] = u.scan.cols["file"][u.sel][order]
    return first_file


def sidechain_sessions(u: Usage, first_file: np.ndarray | None = None) -> np.ndarray:
    """Per session of u: not user-started, as the reference's behavioural
    views leave such sessions out (its isSidechain): a subagent transcript,
    or a file holding a prompt marked isSidechain."""
    first_file = _first_files(u) if first_file is None else first_file
    side = np.array([u.scan.sources[i].sidechain for i in first_file.tolist()], dtype=bool)
    return side | _inline_sidechain(u)[first_file]


def _inline_sidechain(u: Usage) -> np.ndarray:
    """Per file: it holds a prompt marked isSidechain. Older Claude Code wrote
    a subagent's records into the main transcript; the reference's optimize
    then takes the whole file for a subagent's (spec classifier §3.4)."""
    cols = u.scan.cols
    marked = np.zeros(len(u.scan.sources) + 1, dtype=bool)  # +1: index -1 (no file) stays False
    ut_file = cols.get("ut_file")
    if ut_file is not None and ut_file.size:
        marked[ut_file[(cols["ut_marks"] & 1) != 0]] = True
    return marked


def _tools(u: Usage, is_claude_file: np.ndarray, recent_ms: int, sessions: Sessions):
    scan, cols = u.scan, u.scan.cols
    strings = scan.strings
    pos = u.call_pos[cols["tool_call"]]
    kept = np.flatnonzero(pos >= 0)
    name_ids = cols["tool_name"][kept]
    used = distinct_ids(name_ids)
    all_names = [strings[i] for i in used]   # every tool name of the period (each once)
    p = pos[kept]
    mcp_calls: list[dict[str, int]] = [{} for _ in range(sessions.size)]
    servers = {i: mcp_server(strings[i]) for i in used}
    mcp_rows = isin(name_ids, [i for i, sv in servers.items() if sv])
    for sess, nm in zip(u.session[p[mcp_rows]].tolist(), name_ids[mcp_rows].tolist()):
        server = servers[nm]
        mcp_calls[sess][server] = mcp_calls[sess].get(server, 0) + 1
    # Claude's, but those of a call whose own record optimize dates by its
    # own time (its xt_* rows hold them: a message streamed across a quarter hour)
    claude = is_claude_file[cols["file"][u.sel][p]]
    xt_call = cols.get("xt_call")
    if xt_call is not None and xt_call.size:
        claude &= ~isin(cols["tool_call"][kept], xt_call)
    rows, p = kept[claude], p[claude]
    name = [strings[i] for i in cols["tool_name"][rows].tolist()]
    path = [strings[i] if i >= 0 else None for i in cols["tool_path"][rows].tolist()]
    sess = u.session[p]
    skills = {strings[k] for k, nm in zip(cols["tool_skill"][rows].tolist(), name) if k >= 0 and nm == "Skill"}
    sub_pos = u.call_pos[cols["sub_call"]]
    sub_ok = (sub_pos >= 0)
    if xt_call is not None and xt_call.size:
        sub_ok &= ~isin(cols["sub_call"], xt_call)
    sub_ok[sub_ok] = is_claude_file[cols["file"][u.sel][sub_pos[sub_ok]]]
    subagents = {strings[i] for i in cols["sub_name"][sub_ok].tolist()}
    tools = Tools(name=name, path=path, readonly=cols["tool_readonly"][rows].astype(bool),
                  recent=u.times[p] >= recent_ms, session=sess, sidechain=sessions.sidechain[sess],
                  file=cols["file"][u.sel][p], ts=u.times[p])
    return tools, all_names, skills, subagents, mcp_calls


def _line_files(u: Usage, is_claude_file: np.ndarray, sessions: Sessions) -> tuple[np.ndarray, np.ndarray]:
    """Per file, for the assistant records no call row stands for (the
    scan's xt_*/xw_* columns): the session they count in (-1: none) and
    whether it is a subagent's. The reference reads every Claude Code file:
    a file with no call in the period (all its records there copies of
    messages another file claimed) counts as a session of its own, numbered
    after the report's, unless --project/--exclude were given."""
    n = len(u.scan.sources)
    sess = _file_sessions(u)
    side = np.zeros(n, dtype=bool)
    has = sess >= 0
    side[has] = sessions.sidechain[sess[has]]
    own = is_claude_file & ~has & (not u.filtered)
    sess[own] = sessions.size + np.flatnonzero(own)
    side[own] = (np.array([s.sidechain for s in u.scan.sources], dtype=bool) | _inline_sidechain(u)[:n])[own]
    sess[~is_claude_file] = -1
    return sess, side


def _line_rows(u: Usage, prefix: str, line_session: np.ndarray) -> np.ndarray:
    """The rows of xt_* or xw_* in the period, of files that count."""
    cols = u.scan.cols
    files, ts = cols.get(prefix + "file"), cols.get(prefix + "ts")
    if files is None or not files.size:
        return np.zeros(0, dtype=np.intp)
    return np.flatnonzero((ts >= u.period.start_ms) & (ts <= u.period.end_ms) & (line_session[files] >= 0))


def _add_line_tools(u: Usage, tools: Tools, names: list[str], skills: set[str], subagents: set[str],
                    line_session: np.ndarray, line_side: np.ndarray, recent_ms: int) -> None:
    """The tool uses of records no call row stands for (a streamed
    message's earlier records, a resumed session's copies, an assistant
    record that is no API call), which the reference's raw scan counts as
    it counts the calls' own."""
    cols, strings = u.scan.cols, u.scan.strings
    rows = _line_rows(u, "xt_", line_session)
    if not rows.size:
        return
    name = [strings[i] for i in cols["xt_name"][rows].tolist()]
    files = cols["xt_file"][rows]
    tools.name += name
    tools.path += [strings[i] if i >= 0 else None for i in cols["xt_path"][rows].tolist()]
    tools.readonly = np.concatenate([tools.readonly, cols["xt_readonly"][rows].astype(bool)])
    tools.recent = np.concatenate([tools.recent, cols["xt_ts"][rows] >= recent_ms])
    tools.session = np.concatenate([tools.session, line_session[files]])
    tools.sidechain = np.concatenate([tools.sidechain, line_side[files]])
    tools.file = np.concatenate([tools.file, files])
    tools.ts = np.concatenate([tools.ts, cols["xt_ts"][rows]])
    seen = set(names)
    names += [strings[i] for i in distinct_ids(cols["xt_name"][rows]) if strings[i] not in seen]
    skills |= {strings[k] for k, nm in zip(cols["xt_skill"][rows].tolist(), name) if k >= 0 and nm == "Skill"}
    subagents |= {strings[i] for i in distinct_ids(cols["xt_sub"][rows])}


def _cache_writes(u: Usage, is_claude_file: np.ndarray, line_session: np.ndarray, recent_ms: int):
    """Every Claude record of the period that wrote cache, as the reference
    counts them: its own cache_creation_input_tokens (a streamed message's
    records each theirs; a record without that field, or with only the
    5m/1h split, none). Per record: tokens, recent, Claude Code version."""
    cols, strings = u.scan.cols, u.scan.strings
    lines = cols["call_lines"][u.sel]
    own = np.flatnonzero(is_claude_file[cols["file"][u.sel]] & (lines > 0))
    parts = [(lines[own], cols["cache_write"][u.sel][own], u.times[own], cols["call_version"][u.sel][own])]
    rows = _line_rows(u, "xw_", line_session)
    if rows.size:
        parts.append(tuple(cols[k][rows] for k in ("xw_lines", "xw_cw", "xw_ts", "xw_version")))
    n, cw, ts, ver = (np.concatenate(p) for p in zip(*parts))
    n = n.astype(np.intp)
    version = [strings[v] if v >= 0 else "" for v in np.repeat(ver, n).tolist()]
    return np.repeat(cw.astype(np.int64), n), np.repeat(ts >= recent_ms, n), version


def mcp_server(tool_name: str) -> str | None:
    """`mcp__<server>__<tool>` -> server."""
    parts = tool_name.split("__")
    return parts[1] or None if len(parts) >= 3 and parts[0] == "mcp" else None


def _user_texts(u: Usage, is_claude_file: np.ndarray):
    """Slash commands named in the period's Claude user texts, and each
    file's opener: its first user text in the period, when a person wrote it.
    Every scanned Claude file counts, as the reference's session scan reads
    them, with a call of its own or not (a transcript whose copied messages
    a resumed session's file claimed, a prompt no reply followed); with
    --project/--exclude (ours only) those with a call of a kept project."""
    scan, cols = u.scan, u.scan.cols
    ut_file = cols["ut_file"]
    if not ut_file.size:
        return set(), [], {}
    if u.filtered:
        keep_file = np.zeros(len(scan.sources), dtype=bool)
        keep_file[cols["file"][u.sel]] = True
        keep_file &= is_claude_file
    else:
        keep_file = is_claude_file
    ts = cols["ut_ts"]
    ok = keep_file[ut_file] & (ts >= u.period.start_ms) & (ts <= u.period.end_ms)
    cmd_ok = ok[cols["cmd_text"]] if cols["cmd_text"].size else np.zeros(0, bool)
    commands = {scan.strings[i].strip() for i in cols["cmd_name"][cmd_ok].tolist()}
    rows = np.flatnonzero(ok)
    _, first = unique(ut_file[rows], return_index=True)
    openers, files = [], {}
    project_of = _file_projects(u)
    for r in rows[first].tolist():
        h = int(cols["ut_hash"][r])
        if h == 0 or cols["ut_marks"][r]:
            continue
        fidx = int(ut_file[r])
        openers.append((h, int(cols["ut_len"][r]), project_of.get(fidx, "")))
        files.setdefault(h, (scan.sources[fidx].path, int(ts[r])))
    return commands, openers, files


def _file_projects(u: Usage) -> dict[int, str]:
    """The reference groups openers by the Claude project folder's name."""
    return {i: s.project for i, s in enumerate(u.scan.sources)}


def _stale(src, start_ms: int) -> bool:
    """A file last written before the period starts, which the reference's
    session scan passes over (isFileStaleForRange), whatever its records'
    times say (a copy restored with an older mtime)."""
    try:
        mtime_ns = src.stat.st_mtime_ns if src.stat is not None else os.stat(src.path).st_mtime_ns
    except OSError:
        return False
    return mtime_ns / 1e6 < start_ms


def _cwds(u: Usage, is_claude_file: np.ndarray) -> list[str]:
    """The folders the period's records of the scanned Claude files name,
    as written, in reading order: the reference reads a project's config
    files (.mcp.json, settings, CLAUDE.md) in each (a session that cds into
    a package names it on its later records). A run of records naming one
    folder counts when its times meet the period."""
    cols = u.scan.cols
    if "cwd_file" not in cols:
        return []
    start, end = u.period.start_ms, u.period.end_ms
    text = cols["cwd_text"].tobytes()
    out: dict[str, None] = {}
    for f, first, last, o, n in zip(cols["cwd_file"].tolist(), cols["cwd_first"].tolist(), cols["cwd_last"].tolist(),
                                    cols["cwd_off"].tolist(), cols["cwd_len"].tolist()):
        if is_claude_file[f] and first <= end and last >= start:
            out.setdefault(text[o:o + n].decode("utf-8", "replace"))
    return list(out)


def _turn_capabilities(u: Usage, tt, session: np.ndarray, cw_mult: float, cr_disc: float) -> list:
    """Per turn of a user-started session: (session, edit turn, retries,
    effective tokens, MCP servers and skills it used), for the
    retry-heavy-capabilities detector."""
    scan, cols = u.scan, u.scan.cols
    if not tt.size:
        return []
    n = tt.size
    of_call = tt.of_call
    w = lambda name: agg.group_sum_f64(of_call, cols[name][u.sel].astype(np.float64), n)  # noqa: E731
    eff = w("input") + w("output") + w("cache_write") * cw_mult + w("cache_read") * cr_disc
    caps: list[set[str]] = [set() for _ in range(n)]
    pos = u.call_pos[cols["tool_call"]]
    names = cols["tool_name"]
    servers = {i: mcp_server(scan.strings[i]) for i in distinct_ids(names[pos >= 0])}
    mcp_ids = [i for i, sv in servers.items() if sv]
    ok = np.flatnonzero((pos >= 0) & (isin(names, mcp_ids) | (cols["tool_skill"] >= 0)))
    for row, name, skill in zip(pos[ok].tolist(), names[ok].tolist(), cols["tool_skill"][ok].tolist()):
        t = int(of_call[row])
        server = servers.get(name)
        if server:
            caps[t].add("mcp:" + server)
        if skill >= 0:
            caps[t].add("skill:" + scan.strings[skill])
    # Only turns that used a capability matter to the detector.
    return [(int(session[t]), bool(tt.edit[t]), int(tt.retries[t]), float(eff[t]), caps[t])
            for t in range(n) if caps[t]]
