"""`codeburn status --format menubar-json`: one read of the last 365 days
(and of the chosen period, when it reaches further back), sliced into the
period and the daily history; kept in its own snapshot, so a panel polling
every few seconds gets its answer without a read while nothing changed."""
from __future__ import annotations

import datetime as dt
import os

from codeburn.aggregate import periods
from codeburn.commands.common import emit_warnings
from codeburn.commands.status import snapshotted
from codeburn.env import Environment
from codeburn.status import ExitStatus

SNAPSHOT = "menubar-v3.json"  # v2: the payload kept as JSON text; v3: deps and a check


def run(args: dict, env: Environment, tz, now: dt.datetime) -> ExitStatus:
    _check_scope(args)
    period, days = _period(args, now, tz)
    history = periods.history_period(now, tz)
    from codeburn import config
    from codeburn.cost import plans

    active = [p for p in plans.active(config.document(env.home)) if args["--provider"] in ("all", p.provider)]
    since = min(period.start_ms, history.start_ms, plans.window_start_ms(active, now, tz) or history.start_ms)
    # One tool's history lists every tool's days, as the reference's does (commands/otherdays.py).
    from codeburn.commands.otherdays import other_sources

    others = other_sources(env, args["--provider"], history)
    context = ("menubar", str(tz), period, sorted(days or ()), history.start_ms, bool(args["--no-optimize"]),
               args["--claude-config-source"], _timeline_tick(args, period, now, tz), _optimize_rules(env))
    answer = snapshotted(args, env, since, context, SNAPSHOT,
                         lambda sources, walker, present: _read(args, env, tz, now, period, days, history, sources,
                                                                walker, active, others, present), others)
    emit_warnings(env, answer["warnings"])
    # The payload is kept serialised (a year of history is most of a repeat's
    # time to write out again); only its first key, the time, is new.
    env.stdout.write('{"generated":"' + _iso(now) + '",' + answer["payload"][1:] + "\n")
    return ExitStatus.ERROR if args["--strict"] and answer["skipped"] else ExitStatus.OK


def _check_scope(args: dict) -> None:
    """--scope and --claude-config-source: what they cannot be."""
    from codeburn.errors import UsageError

    source = args["--claude-config-source"]
    if source is not None and args["--provider"] not in ("all", "claude"):
        raise UsageError(f"--claude-config-source cannot be combined with --provider {args['--provider']}",
                         hint="a Claude config scopes Claude usage only")
    if args["--scope"] != "local":
        raise UsageError(f'unsupported --scope "{args["--scope"]}"',
                         hint="local: codeburn reads this machine's files only, it pairs no devices")


def _period(args: dict, now: dt.datetime, tz) -> tuple[periods.Period, frozenset | None]:
    """The payload's period, and with --days the days it is made of."""
    from codeburn.errors import UsageError

    if args["--days"] is None or not args["--days"].replace(",", "").strip():   # (`--days ''`: none, as 0.9.20)
        return periods.select_period(args["--period"], args["--from"], args["--to"], args["--day"], now, tz,
                                     default="today"), None
    if args["--day"] or args["--from"] or args["--to"]:
        raise UsageError("--days cannot be combined with --day, --from or --to")
    return periods.days_period(args["--days"], tz)


def _today_read(scan, u, frame, period, now, tz, include: list[str], exclude: list[str]):
    """(the read 0.9.20's all-provider day history takes today from,
    whether it left out calls stamped later today): the period's own (the
    days' span with --days) when the period reaches today, else a read of
    today up to now (periods.until_now), as its parse of today stops at the
    clock."""
    from codeburn.aggregate.usage import select_calls

    today = periods.named_period("today", now, tz)
    if period.end_ms >= today.start_ms:
        return (frame if frame is not None else u), False
    read = select_calls(scan, today, include, exclude, tz)
    live = periods.until_now(today, now, tz)
    if live is today or not (read.times > live.end_ms).any():
        return read, False
    return select_calls(scan, live, include, exclude, tz), True   # (read again only when a call is ahead)


def _read(args, env, tz, now, period, days, history, sources, walker, active: list, others: list,
          present: list) -> dict:
    from codeburn.aggregate.usage import select_calls
    from codeburn.classify import ruleset
    from codeburn.commands.common import durable_head, load, named_head, reaching_today, until_now
    from codeburn.cost import currency, plans
    from codeburn.report import menubar
    from codeburn.report.build import build_report, day_sessions, live_sessions
    from codeburn.report.carried import kept_sessions, to_menubar_current, to_menubar_history

    start = min(period.start_ms, history.start_ms, plans.window_start_ms(active, now, tz) or history.start_ms)
    wide = periods.Period(start, max(period.end_ms, history.end_ms), "", "")
    loaded = load(args, env, wide, tz, sources=(sources, walker))
    scan, include, exclude = loaded.usage.scan, args["--project"] or [], args["--exclude"] or []
    # 0.9.20 reads the days' span and keeps the days' calls in the projects that read made.
    frame = select_calls(scan, period, include, exclude, tz) if days is not None else None
    u = select_calls(scan, period, include, exclude, tz, days=days, frame=frame)
    # A period of today alone ends now, its day in the history too (periods.until_now).
    u, later = until_now(u, period, args, now, tz, days=days, frame=frame)
    if later:
        period = periods.until_now(period, now, tz)
        history = periods.Period(history.start_ms, period.end_ms, history.label, history.key)
    configs, scope = _claude_configs(u, env, args["--claude-config-source"])
    if scope is not None:  # one Claude source's sessions: the headline, providers, history and findings
        u = select_calls(scan, period, include, exclude, tz, days=days, files=scope)
    report = build_report(u, now)
    today_from, later_read = _today_read(scan, u, frame, period, now, tz, include, exclude) \
        if args["--provider"] == "all" and scope is None else (None, False)
    if later_read:  # the history's today is that read's, which ends now
        history = periods.until_now(history, now, tz, today_only=False)
    later = later or later_read
    h = select_calls(scan, history, include, exclude, tz, files=scope)
    kept_history = keep_days = None   # (past days whose files are gone, as an earlier run kept them: commands.carry)
    if scope is None and days is None and not (include or exclude):
        from codeburn.commands.carry import carry

        h, _, kept_history, keep_days = carry(h, None, args, env, now, tz)
    today_number = periods.day_number(now.astimezone(tz).date())
    first = _unfiltered_first_seen(scan, args, period, history, now, tz, days, today_number, u) \
        if (include or exclude) and scope is None and args["--provider"] == "all" else None
    providers = _providers(report, "claude" if scope is not None else args["--provider"], present, u, h, today_number,
                           first)
    rules = ruleset.load(ruleset.rules_dir(env.environ))
    shown = currency.active(env.home)

    def make(u, report, providers, kept=None):
        return menubar.payload(report, u, h, providers, env.home, frozenset(rules.tools.get("edit", ())),
                               {"code": shown.code, "symbol": shown.symbol, "rate": shown.rate},
                               filtered=bool(include or exclude), now=None if scope is not None else now,
                               # as 0.9.20: the unscoped all-provider payload only
                               per_pr_and_branch=args["--provider"] == "all" and scope is None,
                               today_from=today_from, reach=reaching_today(u, args, now, tz, days)
                               if scope is None else None, only_days=days, kept=kept)

    # The headline is the reference's day history's (a year of whole days,
    # and today: periods.durable_period); one tool's takes today from its
    # parse of today, which ends now. Its project and session lists, from
    # the period's parse.
    head, cut, later_today = durable_head(u, period, args, now, tz, days, frame) if scope is None else (u, False, False)
    later = later or later_today
    # (filtered: the days before today by the sessions' own projects, common.named_head)
    named = named_head(u, head, period, args, now, tz) if scope is None and days is None else None
    kept_head = None
    if scope is None and days is None:
        from codeburn.commands.carry import carry

        # (filtered, the history's carry above did not run: the day history is kept from here,
        # from a year of every project's files, as a filtered report keeps it)
        head, named, kept_head, keep_filtered = carry(head, named, args, env, now, tz,
                                                      refresh=bool(include or exclude))
        keep_days = keep_days or keep_filtered
    if named is not None:
        head, cut = named, True
    # (the days whose files are gone count in the top lists of the headline's own payload)
    payload = make(u, report, providers, None if cut else kept_head)
    if cut:
        head_report = build_report(head, now)
        head_providers = _providers(head_report, args["--provider"], present, head, h, today_number, first)
        headline = make(head, head_report, head_providers, kept_head)["current"]
        durable = DAY_TOTALS if not (include or exclude) else DAY_TOTALS_FILTERED
        current = payload["current"]
        current.update({k: v for k, v in headline.items() if k in durable})
        current["topProjects"] = _merged_projects(headline["topProjects"], current["topProjects"])
        current["sessions"] = day_sessions(head, now, live=u, kept=kept_sessions(kept_head))
    elif kept_head is not None:   # (the headline is u's own)
        payload["current"]["sessions"] = day_sessions(u, now, kept=kept_sessions(kept_head))
    if kept_head is not None:
        to_menubar_current(payload["current"], kept_head)
    payload["current"]["topProjects"] = menubar.strip_keys(payload["current"]["topProjects"])
    today = now.astimezone(tz).date().isoformat()
    if scope is not None:  # the reference's one-source headline counts the live sessions, no day history
        payload["current"]["sessions"] = live_sessions(u)
    elif include or exclude:  # 0.9.20's days before today come from its day cache: whole days, every project
        whole = _whole_days(scan, history, args, env, now, tz)
        payload["history"]["daily"] = menubar.days_before_whole(whole, payload["history"]["daily"], today)
    # (0.9.20's scan-fed detectors read every project's sessions over the period's whole
    # span, --days' gaps included, and every Claude source's; its project ones the filtered days)
    scanned = select_calls(scan, period, [], [], tz) if include or exclude or days is not None or scope is not None \
        else None
    touched: list[str] = []  # (the findings' config files: the kept payload depends on them too)
    payload["optimize"] = NO_FINDINGS if args["--no-optimize"] else _optimize(u, now, args["--provider"], env,
                                                                              scanned, touched)
    if args["--provider"] != "all" and scope is None:
        from codeburn.commands.otherdays import other_days

        before = [d for d in other_days(others, args, env, history, tz, filtered=False) if d < today]
        if kept_history is not None:  # (and the other tools' days known only from files that are gone)
            before = [d for d in kept_history.listed(before) if d < today]
        daily = payload["history"]["daily"]
        # (its today row comes from the period's own parse: none when the period, or --days, leaves today out)
        if not _covers_today(period, days, now, tz):
            daily = [r for r in daily if r["date"] != today]
        payload["history"]["daily"] = menubar.with_history_days(daily, before)
    if kept_history is not None:
        payload["history"]["daily"] = to_menubar_history(payload["history"]["daily"], kept_history,
                                                         tokens=args["--provider"] == "all")
    if not args.get("--no-timeline"):
        from codeburn.report.sessions import file_titles
        from codeburn.report.timeline import timeline

        payload["history"]["timeline"] = timeline(u, period.start_ms, period.end_ms, _ms(now), file_titles(scan.cols))
    if configs is not None:
        payload["claudeConfigs"] = configs
    if active:  # an addition to the reference's payload: the plan bars of the panel apps
        payload["plans"] = plans.summaries(active, scan, now, tz)["plans"]
    from codeburn.report import jsjson

    if keep_days is not None:  # (the payload made)
        keep_days()
    return {"payload": jsjson.dumps(payload, indent=None), "warnings": loaded.warnings, "skipped": loaded.skipped,
            # calls stamped later than now come in as the clock passes them (the headline's today, the timeline)
            "not_kept": bool(later) or _ahead_of(u, _ms(now)),
            "deps": touched}


def _whole_days(scan, history, args: dict, env, now, tz) -> list[dict]:
    """The day history's rows of every project (a filtered payload shows
    whole days before today, as 0.9.20's day cache keeps them), the days
    whose files are gone as they were kept (commands.carry)."""
    from codeburn.aggregate.usage import select_calls
    from codeburn.commands.carry import carry
    from codeburn.report import menubar
    from codeburn.report.carried import to_menubar_history

    every = select_calls(scan, history, [], [], tz)
    every, _, kept, _ = carry(every, None, {**args, "--project": [], "--exclude": []}, env, now, tz, refresh=False)
    rows = menubar.daily_history(every)
    return rows if kept is None else to_menubar_history(rows, kept, tokens=args["--provider"] == "all")


def _ahead_of(u, now_ms: int) -> bool:
    """Whether a call of the period is stamped later than now (the timeline
    leaves it out until the clock passes it)."""
    return bool(u.sel.size) and int(u.scan.cols["ts"][u.sel].max()) > now_ms


def _covers_today(period, days, now: dt.datetime, tz) -> bool:
    """Whether the period (its --days, if given) holds today."""
    day = now.astimezone(tz).date()
    if days is not None:
        return day in days
    start, end = periods.local_midnight_ms(day, tz), periods.day_end_ms(day, tz)
    return period.start_ms <= end and period.end_ms >= start


def _claude_configs(u, env: Environment, requested: str | None):
    """(claudeConfigs of the period's sessions, or None; with a requested
    source among its options, a bool per scan source marking that source's
    Claude files, else None: an unknown id leaves the payload whole, as the
    reference's does)."""
    import numpy as np

    from codeburn.aggregate.arrays import distinct
    from codeburn.report.claude_configs import Sources

    scan = u.scan
    known = Sources(env.environ, env.home)
    configs = known.selector([scan.sources[f] for f in distinct(scan.cols["file"][u.sel]).tolist()], requested)
    if configs is None or configs["selectedId"] is None:
        return configs, None
    return configs, np.array([known.id_of(s) == requested for s in scan.sources], dtype=bool)


def _timeline_tick(args: dict, period: periods.Period, now: dt.datetime, tz) -> int | str | None:
    """What a kept payload's timeline depends on besides the files: whether
    there is one, and the bucket now is in (its points stop at now)."""
    if args.get("--no-timeline"):
        return "no timeline"
    from codeburn.report.timeline import current_bucket

    return current_bucket(period.start_ms, period.end_ms, _ms(now), tz)


def _ms(now: dt.datetime) -> int:
    return int(now.timestamp() * 1000)


TOP_FINDINGS = 10  # findings the panel lists
# The parts of the payload's `current` that 0.9.20 takes from its day totals
# (a year of whole days, and today until now: common.durable_head) when they
# differ from its parse of the period; the rest (sessions, files, tools,
# models' efficiency, workflow, estimates) from that parse, and topProjects
# from both (_merged_projects). Under --project/--exclude its day totals
# keep no tokens, models or categories per project: those come from the parse.
DAY_TOTALS_FILTERED = ("label", "cost", "calls", "providers", "providerDetails")
DAY_TOTALS = DAY_TOTALS_FILTERED + ("oneShotRate", "inputTokens", "outputTokens", "cacheReadTokens",
                                    "cacheWriteTokens", "cacheHitPercent", "topActivities", "topModels")


def _merged_projects(durable: list[dict], live: list[dict]) -> list[dict]:
    """topProjects as 0.9.20 merges them: a project's cost from the day
    totals (its own from the parse when the day totals lack it), its
    session count the larger of the two rows' and its details the parse's
    row's, a row of the day totals meeting the parse's row kept under the
    same name (menubar.KEY: the shown names of two folders may be alike);
    the day totals' projects first among equals."""
    from codeburn.report.menubar import KEY, TOP_PROJECTS

    parsed: dict[str, dict] = {}
    for r in live:  # matched by its project's name (two folders may be shown alike); one of no project is none
        if r[KEY] is not None:
            parsed.setdefault(r[KEY], r)
    rows = []
    for r in durable:
        seen = parsed.pop(r[KEY], None)
        sessions = max(seen["sessions"], r["sessions"]) if seen else r["sessions"]
        rows.append({**r, "sessions": sessions, "avgCostPerSession": r["cost"] / sessions if sessions else 0,
                     "sessionDetails": seen["sessionDetails"] if seen else []})
    rows += parsed.values()
    rows.sort(key=lambda r: -(r["cost"] + r["savingsUSD"]))
    return rows[:TOP_PROJECTS]


NO_FINDINGS = {"findingCount": 0, "savingsUSD": 0, "topFindings": []}   # --no-optimize, as the reference gives it


def _optimize_rules(env: Environment) -> str:
    """The findings' rules (rules/optimize.toml, the user's if they keep their
    own) as the kept payload depends on them: their text's digest, or why
    they cannot be read."""
    import hashlib

    from codeburn.classify import ruleset
    from codeburn.optimize.rules import RULES_FILE

    try:
        with open(os.path.join(ruleset.rules_dir(env.environ), RULES_FILE), "rb") as f:
            return hashlib.sha256(f.read()).hexdigest()[:16]
    except OSError as exc:
        return exc.strerror or str(exc)


def _optimize(u, now: dt.datetime, provider: str, env: Environment, scanned=None,
              touched: list | None = None) -> dict:
    """`codeburn optimize`'s findings over the period's calls, as the panel
    shows them: how many, what they would save in USD, the first ones. The
    config files and folders it looked at go into `touched`."""
    from codeburn.classify import ruleset
    from codeburn.optimize.analysis import analyze
    from codeburn.optimize.rules import load_rules

    result = analyze(u, now, provider, env.home, env.environ, load_rules(ruleset.rules_dir(env.environ)),
                     scanned=scanned)
    if touched is not None:
        touched.extend(result.touched)
    rate = result.report["summary"]["costRateUSD"]
    return {"findingCount": len(result.findings), "savingsUSD": sum(f.tokens_saved for f in result.findings) * rate,
            "topFindings": [{"title": f.title, "impact": f.impact, "savingsUSD": f.tokens_saved * rate}
                            for f in result.findings[:TOP_FINDINGS]]}


# The order the reference lists its providers in (its built-in ones, then
# those it loads on demand), which is the order of the providers at $0.
REFERENCE_ORDER = (
    "claude", "cline", "cline-cli", "codewhale", "codebuff", "codex", "copilot", "devin", "droid", "dsh", "gemini",
    "hermes", "ibm-bob", "kilo-code", "kiro", "kimi", "kimicode", "lingtai-tui", "mistral-vibe", "mux", "openclaw",
    "openclaude", "open-design", "pi", "omp", "qwen", "quickdesk", "roo-code", "zerostack", "grok",
    "antigravity", "forge", "goose", "cursor", "opencode", "cursor-agent", "crush", "warp", "vercel-gateway", "zcode",
    "zed")


def _providers(report: dict, chosen: str, present: list, u, history=None, today: int | None = None,
               first: dict[str, int] | None = None) -> list[dict]:
    """{id, label, cost} per provider: with every provider, each one with
    spend in the period (in the order they first appear: by day, then
    projects by cost, then as read, as the reference sums its days; or
    `first`'s order) and each other one that has sessions on disk (at 0,
    `present`: however old they are); with one, that one."""
    from codeburn.providers import PROVIDERS

    if chosen != "all":
        return [{"id": chosen, "label": PROVIDERS[chosen].DISPLAY_NAME, "cost": report["overview"]["cost"]}]
    first = _first_seen_providers(u, history, today) if first is None else first
    spent = sorted(report["providers"], key=lambda p: first.get(p["name"], len(first)))
    rows = [{"id": p["name"], "label": p["displayName"], "cost": p["cost"]} for p in spent]
    listed = sorted(PROVIDERS, key=lambda n: REFERENCE_ORDER.index(n) if n in REFERENCE_ORDER else len(REFERENCE_ORDER))
    rows += [{"id": n, "label": PROVIDERS[n].DISPLAY_NAME, "cost": 0} for n in listed
             if n in present and all(r["id"] != n for r in rows)]
    return rows


def _unfiltered_first_seen(scan, args: dict, period, history, now, tz, days, today: int,
                           filtered) -> dict[str, int]:
    """The providers' first-seen order of the period's every project. Under
    --project/--exclude 0.9.20 slices each day entry to the projects kept,
    which keeps the order the whole day met its tools in, but drops a tool
    none of whose projects that day is kept: a tool is first seen on the
    first day it has a call in `filtered` (the period's filtered selection)."""
    from codeburn.aggregate.usage import select_calls
    from codeburn.commands.common import durable_head

    frame = select_calls(scan, period, [], [], tz) if days is not None else None
    every = select_calls(scan, period, [], [], tz, days=days, frame=frame)
    head = durable_head(every, period, {**args, "--project": [], "--exclude": []}, now, tz, days, frame)[0]
    return _first_seen_providers(head, select_calls(scan, history, [], [], tz), today, _days_of_tools(filtered))


def _tool_of_calls(u) -> tuple[list[str], "np.ndarray"]:
    """(the scan's providers, sorted; each selected call's index into them)."""
    import numpy as np

    names = sorted({s.provider for s in u.scan.sources})
    of_file = np.array([names.index(s.provider) for s in u.scan.sources], dtype=np.int64)
    return names, of_file[u.scan.cols["file"][u.sel]]


def _days_of_tools(u) -> "np.ndarray":
    """The (local day, provider) pairs u has calls on, as codes
    (day * providers + provider index, _tool_of_calls' order)."""
    import numpy as np

    names, tool = _tool_of_calls(u)
    return u.day.astype(np.int64) * len(names) + tool if u.sel.size else tool


def _first_seen_providers(u, history=None, today: int | None = None,
                          allowed: "np.ndarray | None" = None) -> dict[str, int]:
    """Provider -> rank of its first call, calls ordered by local day, then
    their project's cost rank, then read order. The reference sums its day
    entries, each built by a parse that walked projects by their cost in
    that parse: a day before today by the day history's (`history`'s days
    before `today`), today by the period's own (or today's alone, when the
    period ends before today: then u holds no call of today). `allowed`:
    the (day, provider) pairs a tool may be first seen on, as _days_of_tools
    codes them over the same scan (the others are passed over, the order
    within a day kept)."""
    import numpy as np
    from codeburn.aggregate.arrays import isin, unique

    from codeburn._fast import agg

    if not u.sel.size:
        return {}
    n = len(u.projects)
    rank = np.empty(n, dtype=np.int64)
    rank[np.argsort(-agg.group_sum_f64(u.project, u.cost, n), kind="stable")] = np.arange(n)
    call_rank = rank[u.project]
    if history is not None and today is not None and history.sel.size:
        past = history.day < today
        m = len(history.projects)
        cost = agg.group_sum_f64(history.project[past], history.cost[past], m)
        order_h = np.argsort(-cost, kind="stable")
        # (joined by the cross-tool grouping key: a folder two tools used is
        # one project named after the tool met first, which may differ
        # between the period's read and the history's)
        from codeburn.aggregate.projects import group_key

        by_project = {group_key(history.projects[int(i)].path, history.projects[int(i)].name): r
                      for r, i in enumerate(order_h.tolist())}
        past_rank = np.array([by_project.get(group_key(p.path, p.name), m + rank[i])
                              for i, p in enumerate(u.projects)], dtype=np.int64)
        call_rank = np.where(u.day < today, past_rank[u.project], call_rank)
    order = np.lexsort((np.arange(u.sel.size), call_rank, u.day))
    names, tool = _tool_of_calls(u)
    if allowed is not None:   # (one test over (day, tool) codes, not one per call in Python)
        tool = np.where(isin(u.day.astype(np.int64) * len(names) + tool, allowed), tool, -1)
    label = tool[order]
    ids, at = unique(label, return_index=True)  # each provider's first place in that order
    if allowed is not None and ids.size and ids[0] < 0:
        ids, at = ids[1:], at[1:]
    return {names[int(ids[i])]: r for r, i in enumerate(np.argsort(at).tolist())}


def _iso(now: dt.datetime) -> str:
    return now.astimezone(dt.timezone.utc).isoformat(timespec="milliseconds").replace("+00:00", "Z")
