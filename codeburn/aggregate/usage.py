"""Scan columns -> priced, period-sliced, labelled calls.

Everything every report panel needs is derived here once, as numpy arrays
over the kept calls: cost, local day, project, session, display model. The
panels themselves (report/build.py) are group-bys of these labels.
"""
from __future__ import annotations

import datetime as dt
from functools import cached_property

import numpy as np

from codeburn._fast import agg
from codeburn.aggregate import columns
from codeburn.aggregate.arrays import distinct, isin, positions
from codeburn.aggregate.periods import Period, day_number, local_day_numbers
from codeburn.aggregate.projects import Project, assign_projects
from codeburn.cost import pricing
from codeburn.plainclass import dataclass
from codeburn.read.scan import ScanResult

SYNTHETIC = "<synthetic>"
SPAWN_TOOLS = ("Agent", "Task")  # the tools whose use spawns a subagent


@dataclass
class Usage:
    # The per-call labels are int32 (4 bytes a call each, not 8: the
    # compiled group-bys take int32 or int64 alike).
    scan: ScanResult
    period: Period
    sel: np.ndarray            # indices of the calls in the report
    cost: np.ndarray           # USD per selected call
    day: np.ndarray            # local day number per selected call (int32)
    project: np.ndarray        # project index per selected call (int32)
    session: np.ndarray        # session index per selected call (int32)
    model_label: np.ndarray    # display-model index per selected call (int32)
    projects: list[Project]
    sessions: list[tuple[int, str]]   # (project index, session id)
    model_names: list[str]     # display names, indexed by model_label
    unpriced: dict[str, list[int]]   # display model -> [calls, tokens] (usage but no price)
    call_pos: np.ndarray       # call row -> position in sel, or -1 (int32)
    tz: dt.tzinfo
    times: np.ndarray          # epoch ms that put each selected call in the period
    # Projects listed with no call in the period, for a Claude session that
    # linked a pull request and spawned subagents (see _spawn_anchors).
    anchors: frozenset = frozenset()
    # Per project, its place in an enclosing period's project order (None:
    # none): export's shorter periods are the reference's slices of its
    # 30 days, whose projects keep that order among equal costs.
    project_ties: np.ndarray | None = None
    # --project / --exclude were given: a file with no call in the period
    # (no project) cannot be said to pass them.
    filtered: bool = False
    # Per source, its project index (-1: none), for a slice that keeps
    # these projects (select_calls' `frame`).
    file_project: np.ndarray | None = None
    # The calls whose tokens a headline totals, when they are not these
    # (a filtered headline's: commands.common.named_head).
    token_head: "Usage | None" = None
    # Per source, whether its session began on a day the filters dropped
    # (named_head's; such a session counts on no past day).
    unstarted: np.ndarray | None = None

    def tokens(self, name: str) -> np.ndarray:
        """A column over the selected calls. When every call is selected
        (a lifetime report) that is the column itself, read-only, not a
        copy: at 476k calls each copy is 3.8 MB of peak memory."""
        return rows_of(self.scan.cols[name], self.sel)

    def unpriced_ids(self) -> list[tuple[str, int]]:
        """(raw model id, calls) behind each unpriced display row, in the
        rows' order (most tokens first): the ids a user would alias or price."""
        if not self.unpriced:
            return []
        ids = self.tokens("model")
        used = distinct(ids)
        calls = self.calls(positions(used, ids), used.size)  # (no per-call weights or inverse held at once)
        rows = sorted(self.unpriced.items(), key=lambda kv: (-kv[1][1], -kv[1][0], kv[0]))
        rank = {name: i for i, (name, _) in enumerate(rows)}
        out = [(rank[d], self.scan.strings[int(i)], int(c)) for i, c in zip(used.tolist(), calls.tolist())
               if (d := pricing.short_model_name(self.scan.strings[int(i)])) in rank]
        return [(raw, c) for _, raw, c in sorted(out)]

    def call_weight(self) -> np.ndarray:
        """1 per selected call, 0 for a supplementary one (see `calls`)."""
        weight = self.scan.cols.get("weight")
        if weight is None:
            return np.ones(self.sel.size, dtype=np.int64)
        return weight[self.sel].astype(np.int64)

    @cached_property
    def _light_weights(self) -> np.ndarray | None:
        """The selected calls' weights when some call is supplementary, else
        None (the usual case: every call counts one, a plain count will do)."""
        weight = self.scan.cols.get("weight")
        if weight is None:
            return None
        w = rows_of(weight, self.sel)
        return w if (w != 1).any() else None

    def total_calls(self) -> int:
        """API calls among the selected calls (see `calls`)."""
        w = self._light_weights
        return int(self.sel.size if w is None else w.sum(dtype=np.int64))

    @cached_property
    def walk_ranks(self) -> np.ndarray:
        """Each selected call's place in the reference's walk over them
        (report.sessions.walk_order), for the panels that list names in the
        order that walk first meets them; worked out once per report."""
        from codeburn.report.sessions import session_rank

        return agg.walk_ranks(labels(self.session), session_rank(self))

    def calls(self, label: np.ndarray, n: int, pos: np.ndarray | None = None) -> np.ndarray:
        """API calls per group of the selected calls (or of those at `pos`):
        a supplementary call (Copilot's token rollups) adds tokens and cost
        but no call."""
        w = self._light_weights
        if w is None:
            return agg.group_count(labels(label), n)
        if pos is not None:
            w = w[pos]
        ok = (label >= 0) & (label < n)
        return np.bincount(label[ok], weights=w[ok], minlength=n).astype(np.int64)


def labels(a: np.ndarray) -> np.ndarray:
    """A label array as the compiled group-bys take it: itself when it is
    contiguous int32 or int64, else a contiguous np.intp copy."""
    if a.dtype in (np.int32, np.int64) and a.flags.c_contiguous:
        return a
    return np.ascontiguousarray(a, dtype=np.intp)


def project_ranks(u: Usage, project_cost: np.ndarray | None = None) -> np.ndarray:
    """Each project's place by cost (descending; `project_cost` per project,
    else the period's), equal costs in u.project_ties' order if set, else as
    read."""
    if project_cost is None:
        project_cost = agg.group_sum_f64(u.project, u.cost, len(u.projects))
    ties = np.arange(len(u.projects)) if u.project_ties is None else u.project_ties
    project_rank = np.empty(len(u.projects), dtype=np.intp)
    project_rank[np.lexsort((ties, -project_cost))] = np.arange(len(u.projects))
    return project_rank


def rows_of(col: np.ndarray, sel: np.ndarray) -> np.ndarray:
    """col[sel]; when sel is every row (it is sorted and distinct), the
    column itself, read-only, instead of a copy."""
    if sel.size != col.size:
        return col[sel]
    view = col.view()
    view.flags.writeable = False
    return view


def select_calls(scan: ScanResult, period: Period, include: list[str], exclude: list[str],
                 tz: dt.tzinfo, provider: str | None = None, days: frozenset[dt.date] | None = None,
                 files: np.ndarray | None = None, frame: Usage | None = None,
                 calls: np.ndarray | None = None) -> Usage:
    """The calls of `period` (and of one `provider`'s sources, when given:
    the same calls a read of only that provider's sources would give; of
    those local `days` only, when given; of the sources `files` marks (a
    bool per source), when given; of the call rows `calls` marks, when
    given). With `frame` (a wider selection of the
    same scan) only the frame's files count (its filters hold; `include` and
    `exclude` are not applied again) and the calls keep its projects (names,
    paths, indices and, among equal costs, order), as a slice of the
    reference's read keeps the projects that read made."""
    cols = scan.cols
    # Every provider's call counts by its own time: a turn that straddles the
    # period's edge keeps only its calls inside (the reference slices provider
    # turns by call, as it does Claude's); a call with no readable time is in
    # no period.
    ts = cols["ts"]
    in_range = (ts >= period.start_ms) & (ts <= period.end_ms)
    if days is not None:  # sliced by call like a period's edges
        wanted = np.array(sorted(day_number(d) for d in days), dtype=np.int64)
        at = np.flatnonzero(in_range)
        in_range[at[~isin(local_day_numbers(ts[at], tz), wanted)]] = False
    if provider is not None:
        in_range &= np.array([s.provider == provider for s in scan.sources], dtype=bool)[cols["file"]]
    if files is not None:
        in_range &= files[cols["file"]]
    if calls is not None:
        in_range &= calls
    file_active = np.zeros(len(scan.sources), dtype=bool)
    file_active[cols["file"][in_range]] = True
    anchors = _spawn_anchors(scan, file_active) if provider in (None, "claude") else np.zeros_like(file_active)
    if files is not None:
        anchors &= files
    if frame is not None:  # the frame's files only (its filters), in its projects
        in_frame = np.zeros(len(scan.sources), dtype=bool)
        in_frame[cols["file"][frame.sel]] = True
        projects = frame.projects
        proj_of_file = np.where(in_frame | anchors, frame.file_project, -1).astype(np.int32)
        proj_ok = np.ones(len(projects), dtype=bool)
        anchors &= proj_of_file >= 0
    else:
        proj_of_file, projects = _assigned_projects(scan, file_active | anchors)
        proj_ok = project_filter(projects, include, exclude)
    anchor_projects = frozenset(p for p in proj_of_file[anchors].tolist() if p >= 0 and proj_ok[p])
    keep_file = file_active & (proj_of_file >= 0)
    if keep_file.any():
        keep_file[keep_file] = proj_ok[proj_of_file[keep_file]]
    sel = np.flatnonzero(in_range & keep_file[cols["file"]])
    files = rows_of(cols["file"], sel)
    session_of_file, sessions = _sessions(scan, proj_of_file, keep_file)
    model_ids = rows_of(cols["model"], sel)
    cost, unpriced = price_calls(scan, sel)
    names, model_label = _display_models(scan.strings, model_ids)
    call_pos = np.full(ts.size, -1, dtype=np.int32)
    call_pos[sel] = np.arange(sel.size, dtype=np.int32)
    ties = None
    if frame is not None:  # equal costs keep the frame's order
        ties = project_ranks(frame)
    return Usage(scan, period, sel, cost, local_day_numbers(rows_of(ts, sel), tz).astype(np.int32), proj_of_file[files],
                 session_of_file[files], model_label, projects, sessions, names, unpriced, call_pos, tz, rows_of(ts, sel),
                 anchor_projects, ties, filtered=bool(include or exclude), file_project=proj_of_file)


def _assigned_projects(scan: ScanResult, active: np.ndarray) -> tuple[np.ndarray, list]:
    """(project per source, projects) of the sources marked active
    (projects.assign_projects). Kept on the scan for the next selection with
    the same sources active: a command selects its period, then its
    headline's and its day history's, and these are mostly the same files
    (0.02 s a time at 3.7k files). The array is read-only, as it is shared."""
    key = active.tobytes()
    memo = getattr(scan, "_assigned", None)
    if memo is not None and memo[0] == key and memo[1] is scan.sources and memo[2] is scan.cwd:
        return memo[3], memo[4]
    sources = scan.sources
    out, projects = assign_projects(
        [s.project for s in sources], [s.project_dir for s in sources], scan.cwd,
        [s.desktop for s in sources], active.tolist(),
        [s.provider == "claude" for s in sources], provider_order(sources))
    proj_of_file = np.asarray(out, dtype=np.int32)
    proj_of_file.flags.writeable = False
    scan._assigned = (key, sources, scan.cwd, proj_of_file, projects)
    return proj_of_file, projects


def _spawn_anchors(scan: ScanResult, file_active: np.ndarray) -> np.ndarray:
    """Per source: a Claude session (not a subagent's) with no call in the
    period that has a pull-request link record and spawned a subagent. The
    reference keeps such a session as a zero-cost anchor for its subagents'
    PR attribution, and so lists its project (0 calls, 0 sessions) and runs
    optimize's detectors for it, whatever the period."""
    cols = scan.cols
    n = len(scan.sources)
    link_file, link_record = cols.get("link_file"), cols.get("link_record")
    if link_file is None or not link_file.size or not cols["tool_call"].size:
        return np.zeros(n, dtype=bool)
    linked = np.zeros(n, dtype=bool)
    linked[link_file[link_record == 1]] = True
    # Spawned: a call of the file used an Agent or Task tool (its subagent_type
    # or none), as the reference keeps every such tool_use id of the file's turns.
    rows = np.flatnonzero(linked[cols["file"][cols["tool_call"]]])
    name_ids = cols["tool_name"][rows]
    spawn_ids = [i for i in distinct(name_ids).tolist() if i >= 0 and scan.strings[i] in SPAWN_TOOLS]
    spawned = np.zeros(n, dtype=bool)
    spawned[cols["file"][cols["tool_call"][rows[isin(name_ids, spawn_ids)]]]] = True
    claude = np.array([s.provider == "claude" and not s.sidechain for s in scan.sources], dtype=bool)
    return linked & spawned & claude & ~file_active


def provider_order(sources) -> list[int] | None:
    """The sources in the order the reference meets them when it makes
    projects: tool by tool in its registry's order (providers.PROVIDERS),
    each tool's as read; None when that is the sources' own order. (A
    records tool's sessions come after the files in a scan: Cline's task
    in a Codex folder names the project there, as Cline comes first.)"""
    from codeburn.providers import PROVIDERS

    rank = {name: k for k, name in enumerate(PROVIDERS)}
    keys = [rank.get(s.provider, len(rank)) for s in sources]
    if all(a <= b for a, b in zip(keys, keys[1:])):
        return None
    return sorted(range(len(sources)), key=keys.__getitem__)


def project_filter(projects: list[Project], include: list[str], exclude: list[str]) -> np.ndarray:
    """--project / --exclude: case-insensitive substring of the name or path."""
    def hit(p: Project, pats: list[str]) -> bool:
        return any(q.lower() in p.name.lower() or q.lower() in p.path.lower() for q in pats)
    return np.array([(not include or hit(p, include)) and not (exclude and hit(p, exclude))
                     for p in projects], dtype=bool)


def _sessions(scan: ScanResult, proj_of_file: np.ndarray, keep_file: np.ndarray):
    """A session is (project, session id, tool): two tools' sessions of one
    id in one project stay two, as 0.9.20 keys them; a Claude file is a session of its
    own, as 0.9.20 makes one per file (the same file name under two config
    dirs is two sessions of one id). Sessions are numbered in reading order,
    except that Claude files with no cwd come last: they join a project
    keyed by a cwd only when its slug groups are folded in, after the
    sessions that made it (spec classifier §3.9), which is where CodeBurn
    0.9.20 lists them. Another tool's sessions come grouped by their label:
    0.9.20 makes a project of each label and appends a merged project's
    later label's sessions after the earlier's (a Codex worktree's sessions,
    named by its repository, and the repository's own)."""
    wanted = keep_file.tobytes()
    memo = getattr(scan, "_sessions", None)  # (as _assigned_projects: a command selects the same files again)
    if memo is not None and memo[0] == wanted and memo[1] is proj_of_file and memo[2] is scan.sources:
        return memo[3], memo[4]
    index: dict[tuple[int, str, str, str], int] = {}
    sources, cwd = scan.sources, scan.cwd
    kept = _label_groups(sources, _store_order(sources, np.flatnonzero(keep_file)))
    by_tool = provider_order([sources[i] for i in kept.tolist()])
    if by_tool is not None:  # tool by tool, as the projects are made
        kept = kept[np.array(by_tool, dtype=np.intp)]
    # (Python ints and lists, not numpy scalars, file by file: at 56k files
    # the loop over numpy's took 0.14 s of profile)
    kept_list = kept.tolist()
    late = [sources[i].provider == "claude" and not cwd[i] for i in kept_list]
    order = [i for i, x in zip(kept_list, late) if not x] + [i for i, x in zip(kept_list, late) if x]
    project = proj_of_file.tolist()
    numbers = [-1] * len(sources)
    for i in order:
        src = sources[i]
        key = (project[i], src.session_id, src.provider, src.path if src.provider == "claude" else "")
        numbers[i] = index.setdefault(key, len(index))
    out = np.array(numbers, dtype=np.int32)
    out.flags.writeable = False
    scan._sessions = (wanted, proj_of_file, scan.sources, out, [k[:2] for k in index])
    return out, scan._sessions[4]


def _label_groups(sources: list, kept: np.ndarray) -> np.ndarray:
    """`kept` with each other tool's sessions of one label (provider,
    project label) moved up behind the first of them, the rest in order."""
    first: dict[tuple[str, str], int] = {}
    keys = []
    for pos, i in enumerate(kept.tolist()):
        s = sources[i]
        at = pos if s.provider == "claude" else first.setdefault((s.provider, s.project), pos)
        keys.append((at, pos))
    if all(a == p for a, p in keys):
        return kept
    return kept[np.array(sorted(range(len(keys)), key=keys.__getitem__), dtype=np.intp)]


def _store_order(sources: list, kept: np.ndarray) -> np.ndarray:
    """`kept` (ascending) with each store's sessions in the order the tool
    lists them (Source.order; a store's sessions are read one after
    another), every other source where it was read."""
    if not any(sources[i].order for i in kept.tolist()):
        return kept
    first: dict[tuple[str, str], int] = {}
    keys = [(first.setdefault((sources[i].provider, sources[i].path), i), sources[i].order, i) for i in kept.tolist()]
    return np.array([k[2] for k in sorted(keys)], dtype=kept.dtype)


# The token columns a call's price reads, in agg.price_rows' order (the
# columns select_calls reads are listed in aggregate/columns.py).
PRICED_COLUMNS = columns.PRICED


def _column(cols: dict, name: str, dtype) -> np.ndarray:
    """A call column as the compiled kernels take it (itself when it already is)."""
    return np.ascontiguousarray(cols[name], dtype=dtype)


def price_calls(scan: ScanResult, sel: np.ndarray) -> tuple[np.ndarray, dict[str, list[int]]]:
    """USD per call (spec §4.2), vectorised over the model table."""
    cols = scan.cols
    model_ids = rows_of(cols["model"], sel)
    used = distinct(model_ids)
    names = [scan.strings[i] for i in used]
    p_in, p_out, p_cw, p_cr, p_fast, known = pricing.price_vectors(names)
    lut = np.zeros(max(int(used.max()) + 1, 1) if used.size else 1, dtype=np.int32)
    lut[used] = np.arange(used.size)
    m = lut[model_ids]
    reasoning_billed = bills_reasoning(scan)
    cost = agg.price_rows(np.ascontiguousarray(sel, dtype=np.intp), np.ascontiguousarray(m, dtype=np.int32),
                          *(_column(cols, name, np.int64) for name in PRICED_COLUMNS),
                          _column(cols, "fast", np.uint8), _column(cols, "file", np.int32), reasoning_billed,
                          p_in, p_out, p_cw, p_cr, p_fast, known.view(np.uint8), pricing.WEB_SEARCH_USD)
    if "given_cost" in cols:  # the tool's own cost, kept for KEEPS_COST providers
        given = rows_of(cols["given_cost"], sel)
        has_given = given >= 0
        if has_given.any():
            cost = np.where(has_given, given, cost)
    return cost, _unpriced(scan, sel, m, names, cost)


def bills_reasoning(scan: ScanResult) -> np.ndarray:
    """Per source: 1.0 where reasoning tokens are priced on top of output
    (every provider whose output count does not already hold them, spec
    providers §0.4), else 0.0."""
    from codeburn.providers import PROVIDERS

    adds = {name: 0.0 if getattr(mod, "OUTPUT_HAS_REASONING", True) else 1.0 for name, mod in PROVIDERS.items()}
    return np.array([adds.get(s.provider, 0.0) for s in scan.sources], dtype=np.float64)


def _unpriced(scan, sel, m, names, cost) -> dict[str, list[int]]:
    """Models with usage but $0 cost and no billable price, as the report's
    model list names them (display names: `Haiku 5`, `bar-baz` for
    `foo/bar-baz`). A display row with any cost is priced, even where one of
    its raw ids is not; local models, subscription SKUs and `<synthetic>`
    are $0 by right and not listed, nor is a model of no name (the
    reference's findUnpricedModels). Only the calls of names that could be
    listed are summed."""
    display = [pricing.short_model_name(n) for n in names]
    groups = sorted({d for d in display if d and d != SYNTHETIC and pricing.unpriced_name(d)})
    if not groups:
        return {}
    index = {d: i for i, d in enumerate(groups)}
    of_name = np.array([index.get(d, -1) for d in display], dtype=np.int32)
    # Only a group with nothing spent is listed: its calls and tokens are
    # summed over those groups' calls alone (a display name that is no price
    # key, "Sonnet 4.5", usually has priced ids, and most calls, behind it).
    group = of_name[m]
    listed = group >= 0
    free = np.bincount(group[listed], weights=cost[listed], minlength=len(groups)) <= 0
    pos = np.flatnonzero(listed)
    pos = pos[free[group[pos]]]
    label = group[pos]
    cols = scan.cols
    rows = sel[pos]
    tokens = cols["input"][rows] + cols["output"][rows] + cols["cache_write"][rows] + cols["cache_read"][rows]
    weight = cols["weight"][rows] if "weight" in cols else None
    calls = np.bincount(label, weights=weight, minlength=len(groups)).astype(np.int64)
    tok = np.bincount(label, weights=tokens, minlength=len(groups))
    return {name: [int(calls[i]), int(tok[i])] for i, name in enumerate(groups)
            if free[i] and (calls[i] > 0 or tok[i] > 0)}


def _display_models(strings: list[str], model_ids: np.ndarray) -> tuple[list[str], np.ndarray]:
    used = distinct(model_ids)
    display = [pricing.short_model_name(strings[i]) for i in used]
    names = sorted(set(display))
    pos = {n: i for i, n in enumerate(names)}
    if not used.size:
        return names, np.zeros(0, dtype=np.int32)
    lo = int(used[0])
    lut = np.zeros(int(used[-1]) - lo + 1, dtype=np.int32)  # raw model id - lo -> display index
    lut[used - lo] = [pos[d] for d in display]
    return names, agg.span_lookup(labels(model_ids), lo, lut)
