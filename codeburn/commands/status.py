"""codeburn status: today's and this month's spend, in one line.

Usage:
  codeburn status [options] [--project NAME]... [--exclude NAME]...

Formats:
  text           today and this month in one line
  json           the same as one line of JSON
  menubar-json   the payload menu bar and panel apps read: the --period's
                 totals, top activities, models, projects and sessions,
                 providers, a 365-day daily history and the period's
                 timeline (money in USD)
  waybar         a waybar / i3status-rs custom module's JSON (text, tooltip,
                 class, percentage of the plan used)
  xbar           the xbar / SwiftBar plugin protocol (menu bar line, menu)

Options:
  --format FMT       text, json, menubar-json, waybar or xbar [default: text]
  -p PERIOD, --period PERIOD  menubar-json's period: today, yesterday, week,
                     30days, month, all, lifetime [default: today]
  --day DAY          menubar-json: one day, YYYY-MM-DD, today or yesterday
  --from DATE        menubar-json: first day, YYYY-MM-DD
  --to DATE          menubar-json: last day, YYYY-MM-DD
  --days DAYS        menubar-json: these days only, YYYY-MM-DD,YYYY-MM-DD,…
                     (the panel's multi-day selection)
  --no-timeline      menubar-json: leave out history.timeline (the period's
                     cost and tokens per 15 minutes, hour or day)
  --no-optimize      menubar-json: leave out optimize's findings (faster)
  --scope SCOPE      menubar-json: local, this machine's usage (combined, which
                     adds paired devices, is not supported) [default: local]
  --claude-config-source ID  menubar-json: only the Claude sessions of this
                     source (an id of the payload's claudeConfigs)
  --provider NAME    a provider id (claude, codex, …) or all [default: all]
  --live             Antigravity: ask its running app (127.0.0.1 only) for the
                     usage of its encrypted .pb conversations
  --project NAME     only projects whose name or path contains NAME
  --exclude NAME     leave out projects whose name or path contains NAME
  --jobs N           threads reading files (default: every core)
  --no-cache         read every file again (and keep nothing)
  --timezone TZ      IANA zone for day boundaries (else CODEBURN_TZ, TZ)
  --no-color         no colour even on a terminal
  --strict           exit 1 when any line or file had to be skipped
  --verbose          more detail on stderr
  --traceback        show the full traceback of an error
  -h, --help         show this help
"""
from __future__ import annotations

from codeburn.aggregate import periods
from codeburn.commands.common import check_format, check_providers, emit_warnings
from codeburn.env import Environment
from codeburn.status import ExitStatus

FORMATS = ("text", "json", "menubar-json", "waybar", "xbar")


def run(args: dict, env: Environment) -> ExitStatus:
    fmt = check_format(args["--format"], FORMATS, {"terminal": "text"})
    tz = periods.resolve_zone(args["--timezone"], env.environ)
    now = env.clock()
    if fmt == "menubar-json":
        from codeburn.commands import status_menubar

        return status_menubar.run(args, env, tz, now)
    month = periods.named_period("month", now, tz)
    today = periods.named_period("today", now, tz)
    answer = _answer(args, env, tz, month, today)
    emit_warnings(env, answer["warnings"])
    t, m = answer["today"], answer["month"]
    if fmt == "json":
        from codeburn.report import jsjson

        # The JSON rounds costs to cents, as the reference's does (spec commands §3.2).
        doc = {"currency": "USD", **{k: dict(v, cost=jsjson.js_round2(v["cost"])) for k, v in (("today", t), ("month", m))}}
        doc.update(answer.get("plans") or {})  # codeburn plan: {plan, plans} when one is active
        env.stdout.write(jsjson.dumps(doc, indent=None) + "\n")
    elif fmt in ("waybar", "xbar"):
        from codeburn.report import bars

        render = bars.waybar if fmt == "waybar" else bars.xbar
        env.stdout.write(render(t, m, answer.get("plans") or {}))
    else:
        from codeburn.report.text import money

        env.stdout.write(f"\n  Today  {money(t['cost'])}  {t['calls']} calls    "
                         f"Month  {money(m['cost'])}  {m['calls']} calls\n\n")  # (no digit grouping, as 0.9.20)
    return ExitStatus.ERROR if args["--strict"] and answer["skipped"] else ExitStatus.OK


def _answer(args: dict, env: Environment, tz, month: periods.Period, today: periods.Period) -> dict:
    """Today's and this month's totals (and the active plans' billing
    windows): from the snapshot when nothing they depend on changed
    (codeburn.cache.snapshot), else read, and kept."""
    from codeburn import config
    from codeburn.cache import snapshot
    from codeburn.cost import plans

    active = [p for p in plans.active(config.document(env.home)) if args["--provider"] in ("all", p.provider)]
    start = min(month.start_ms, plans.window_start_ms(active, env.clock(), tz) or month.start_ms,
                periods.history_period(env.clock(), tz).start_ms)  # (a year of history: common.reach)
    return snapshotted(args, env, start, (str(tz), month.start_ms, today.start_ms), snapshot.NAME,
                       lambda sources, walker, _present: _read(args, env, tz, month, today, sources, walker, active))


def _present(found: list) -> list[str]:
    """The providers with a session on disk, however old (the menubar lists
    them at 0): a store counts when it holds a session 0.9.20's discovery
    would list (a provider module's `present(source)`, else any source)."""
    from codeburn.providers import PROVIDERS

    out: set[str] = set()
    for s in found:
        if s.provider not in out:
            test = getattr(PROVIDERS[s.provider], "present", None)
            if test is None or test(s):
                out.add(s.provider)
    return sorted(out)


def snapshotted(args: dict, env: Environment, since_ms: int, context: tuple, name: str, compute,
                also: list | None = None) -> dict:
    """compute(sources, walker, present)'s answer over the sources of the
    selected providers written since since_ms (stores and task folders
    included: providers.base.mtime_filter; `present`: the providers with
    any session on disk, however old), or the answer kept in the snapshot
    `name` when nothing it depends on (those files, the sources in `also`,
    `context`, the filters, the config) changed since it was kept."""
    from codeburn import config
    from codeburn.cache import snapshot
    from codeburn.cache.scanmemo import hint_of
    from codeburn.cache.cachedir import cache_dir
    from codeburn.classify import ruleset
    from codeburn.providers import discover
    from codeburn.providers.base import Walker, mtime_filter

    names = check_providers(args["--provider"])
    walker = Walker()
    found = discover(env.environ, env.home, walker, names)
    present = _present(found)
    sources = mtime_filter(found, since_ms, stores=True)
    # (the rules, and each source's side facts: Kimi's configured model)
    context_key = repr((context, names, present, args["--project"], args["--exclude"],
                        walker.errors, config.load(env.home),  # its dirs, warning and stamp: an edit misses
                        ruleset.digest(ruleset.rules_dir(env.environ)),
                        [hint(s) for s in sources if (hint := hint_of(s.provider))]))
    key = snapshot.key([p for s in sources + (also or []) for p in _inputs(s)], context_key)
    directory = cache_dir(env.environ)
    if not args["--no-cache"] and not args.get("--live"):  # --live asks the app, whatever was kept
        kept = snapshot.read(directory, key, name)
        if kept is not None:
            return kept
    answer = compute(sources, walker, present)
    if not args["--no-cache"] and not answer.pop("not_kept", False):
        snapshot.write(directory, key, answer, name)
    return answer


def _read(args, env, tz, month, today, sources, walker, active: list) -> dict:
    from codeburn.commands.common import load
    from codeburn.cost import plans

    # One read covers both periods and the plans' billing months; categories
    # are not needed, so the keyword databases are not even loaded.
    loaded = load(args, env, month, tz, classify_turns=False, sources=(sources, walker))
    # Today ends now, as the reference's today totals do (periods.until_now);
    # the month runs to the end of today, but on its first day, when it is
    # today alone, it ends now too, and so it does for one tool (its month
    # takes today from the all-tool parse of today, which ends now).
    live = periods.until_now(today, env.clock(), tz)
    month_live = periods.until_now(month, env.clock(), tz, today_only=args["--provider"] == "all")
    later = bool(((loaded.usage.times > live.end_ms) & (loaded.usage.times <= today.end_ms)).any())
    today_calls, month_calls = _filtered(args, loaded.usage, live, month, env.clock(), tz)
    month_totals = _month_totals(args, env, loaded.usage, month_calls, month_live, tz)
    return {"today": _totals(today_calls, live), "month": month_totals,
            "plans": plans.summaries(active, loaded.usage.scan, env.clock(), tz),
            "warnings": loaded.warnings, "skipped": loaded.skipped,
            "not_kept": later}  # calls stamped later today come in as the clock passes them


def _filtered(args: dict, u, live: periods.Period, month: periods.Period, now, tz):
    """(today's calls, the month's calls): u's, or with --project/--exclude
    as 0.9.20's filtered totals take them: today from a read of today alone
    (its projects grouped by today's sessions only); the month's days before
    today by each session's own project (commands.common.named_head), its
    today from the month's read (grouped by the month's sessions: a session
    of today may join a project of the month's there)."""
    if not (args["--project"] or args["--exclude"]):
        return u, u
    from codeburn.aggregate.usage import select_calls
    from codeburn.commands.common import named_head

    today = select_calls(u.scan, live, args["--project"], args["--exclude"], tz)
    return today, named_head(u, u, month, args, now, tz)


def _month_totals(args: dict, env: Environment, u, month_calls, month_live: periods.Period, tz) -> dict:
    """The month's totals, its past days whose files are gone as an earlier
    run kept them (commands.carry)."""
    from codeburn.commands.carry import carry
    from codeburn.aggregate.dayhistory import CALLS

    filtered = month_calls is not u
    head, named, carried, keep_days = carry(u, month_calls if filtered else None, args, env, env.clock(), tz)
    totals = _totals(named if filtered else head, month_live)
    if keep_days is not None:
        keep_days()
    if carried is not None:
        totals["cost"] += carried.cost()
        totals["calls"] += int(carried.total(CALLS))
    return totals


def _totals(usage, period: periods.Period) -> dict:
    """Cost and number of the calls whose selection time falls in the period."""
    from codeburn.report.build import total_cost

    ts = usage.times
    inside = (ts >= period.start_ms) & (ts <= period.end_ms)
    return {"cost": total_cost(usage.cost[inside]), "savings": 0, "calls": int(usage.call_weight()[inside].sum())}


def _inputs(src) -> list[str]:
    """The paths a source is read from: its own, or those its provider names
    (a records module's `stamp_paths`: a store read with the logs beside it)."""
    from codeburn.providers import PROVIDERS

    module = PROVIDERS[src.provider]
    return module.stamp_paths(src) if hasattr(module, "stamp_paths") else [src.path]
