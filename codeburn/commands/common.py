"""What every reporting command shares: option checks, and the pipeline
discover -> mtime pre-filter -> scan -> select the period's calls."""
from __future__ import annotations

import os

from codeburn.aggregate import periods
from codeburn.env import Environment
from codeburn.errors import UsageError
from codeburn.plainclass import dataclass
from codeburn.providers import PROVIDERS
from codeburn.providers.base import Walker, mtime_filter


# The one option that lets a run contact anything (providers/antigravity_live.py).
LIVE_OPTION = """\
  --live                      Antigravity: ask its running app (127.0.0.1 only) for
                              the usage of its encrypted .pb conversations
"""
# Option lines that the usage texts of the reading commands share (docopt
# reads the options from each module's __doc__, so they are joined there).
PERIOD_OPTIONS = """\
  -p PERIOD, --period PERIOD  today, yesterday, week, 30days, month, all (6 months),
                              lifetime [default: {default}]
  --from DATE                 first day, YYYY-MM-DD
  --to DATE                   last day, YYYY-MM-DD
"""
PROVIDER_OPTION = """\
  --provider NAME             a provider id (claude, codex, …) or all [default: all]
""" + LIVE_OPTION
PROJECT_OPTIONS = """\
  --project NAME              only projects whose name or path contains NAME
  --exclude NAME              leave out projects whose name or path contains NAME
"""
READ_OPTIONS = """\
  --jobs N                    threads reading files (default: every core)
  --no-cache                  read every file again (and keep nothing)
  --timezone TZ               IANA zone for day boundaries (else CODEBURN_TZ, TZ)
"""
LAST_OPTIONS = """\
  --verbose                   more detail on stderr
  --traceback                 show the full traceback of an error
  -h, --help                  show this help
"""
STRICT_OPTION = """\
  --strict                    exit 1 when any line or file had to be skipped
"""


@dataclass
class Loaded:
    usage: object      # codeburn.aggregate.usage.Usage
    warnings: list[str]
    skipped: int = 0   # lines, records and files left out (broken or unreadable)
    result: object = None  # the codeburn.read.scan.ScanResult

    def status(self, args: dict):
        """--strict: a run that had to leave anything out fails (exit 1)."""
        return self.exit_status(args, self.skipped)

    @staticmethod
    def exit_status(args: dict, skipped: int):
        from codeburn.status import ExitStatus

        return ExitStatus.ERROR if args.get("--strict") and skipped else ExitStatus.OK


def check_format(value: str, formats: tuple[str, ...], aliases: dict[str, str] | None = None) -> str:
    fmt = (aliases or {}).get(value, value)
    if fmt not in formats:
        raise UsageError(f'unknown format "{value}"', hint="valid values: " + ", ".join(formats))
    return fmt


def terminal_width(env: Environment) -> int | None:
    """The cells of a line: stdout's, when it is a terminal, else $COLUMNS;
    None when neither says."""
    if env.stdout_isatty:
        try:
            return os.get_terminal_size(env.stdout.fileno()).columns
        except (OSError, ValueError, AttributeError):
            pass
    cols = env.environ.get("COLUMNS", "")
    return int(cols) if cols.isdigit() and int(cols) > 0 else None


def check_providers(value: str) -> list[str]:
    if value == "all":
        return list(PROVIDERS)
    if value not in PROVIDERS:
        raise UsageError(f'unknown provider "{value}"', hint="valid values: all, " + ", ".join(PROVIDERS))
    return [value]


def load(args: dict, env: Environment, period: periods.Period, tz, paths: list[str] | None = None,
         classify_turns: bool = True, sources: tuple | None = None, progress=None, keep=None,
         stores: bool = False) -> Loaded:
    """The period's calls from the default log locations, or from `paths`,
    or from `sources` (already discovered and filtered, with their walker).
    Without classify_turns the turns get no category (cheaper start).
    `progress(env, sources)` makes what hears of each file read (default:
    a line on a terminal's stderr). With `keep` (column names, see
    aggregate/columns.py) the scan holds only those once it is over."""
    from codeburn._fast.reader import fix_mmap_threshold
    from codeburn.classify import ruleset
    from codeburn.read import discovery

    providers = check_providers(args["--provider"])
    jobs = jobs_option(args.get("--jobs"), env)
    warnings = config_warnings(env)
    if sources is not None:
        sources, walker = sources
    elif paths:
        walker = Walker()
        sources = [s for s in discovery.discover_paths(paths, walker, warnings, env.home) if s.provider in providers]
        sources = mtime_filter(sources, period.start_ms)
    else:
        sources, walker = find_sources(args, env, period, stores)
    fix_mmap_threshold()  # steadier, lower RSS (see _fast/includes/cb_alloc.h)
    rules = ruleset.load(ruleset.rules_dir(env.environ))
    cache = None if args.get("--dask") else file_cache(args, env)  # dask workers have no cache of their own
    with periods.local_times(tz):
        result = _kept_scan(sources, rules, classify_turns, cache, walker, warnings, tz)
        if result is None:
            result = _scan(args, env, sources, rules, classify_turns, cache, walker, warnings, jobs, progress, keep)
        elif keep is not None:
            result.keep_only(keep)  # (the same columns as a read gives)
    result.rules = rules
    result.searched = walker.listed   # (commands.carry: the folders a kept day's file must be under)
    fix_mmap_threshold(report_block_bytes(len(result.cols["ts"])))
    from codeburn.aggregate.usage import select_calls

    usage = select_calls(result, period, args.get("--project") or [], args.get("--exclude") or [], tz)
    s = result.stats
    skipped = sum(s.get(k, 0) for k in ("invalid", "bad_number", "too_large", "not_session", "unreadable",
                                        "records_skipped"))
    return Loaded(usage, result.warnings, skipped, result)


def until_now(u, period, args: dict, now, tz, today_only: bool = True, days=None, frame=None):
    """(u, whether calls were left out): a period of today alone (or, not
    today_only, any period running into today) without its calls stamped
    after now (periods.until_now), as the reference's headline reads it.
    An answer that left calls out is not kept: they count once the clock
    passes them."""
    live = periods.until_now(period, now, tz, today_only)
    if live is period or not u.sel.size or int(u.times.max()) <= live.end_ms:
        return u, False
    from codeburn.aggregate.usage import select_calls

    return select_calls(u.scan, live, args["--project"] or [], args["--exclude"] or [], tz, days=days,
                        frame=frame), True


def durable_head(u, period, args: dict, now, tz, days=None, frame=None):
    """(calls, moved, later): the calls 0.9.20's headline totals and day
    rows take (report's JSON, overview, the menubar; periods.durable_period:
    whole days of its day history and today), whether they are other than
    `u`'s, and whether one tool's headline left out calls stamped later
    today (until_now: it takes today from the all-tool parse of today, which
    ends now). The lists stay `u`'s, the period's parse. `days` and `frame`
    as u was selected with them (the menubar's --days)."""
    head_period = periods.durable_period(period, now, tz)
    head = u
    if head_period is not period:
        from codeburn.aggregate.usage import select_calls

        head = select_calls(u.scan, head_period, args["--project"] or [], args["--exclude"] or [], tz, days=days,
                            frame=frame)
    later = False
    if args["--provider"] != "all":
        head, later = until_now(head, head_period, args, now, tz, today_only=False, days=days, frame=frame)
    return head, head is not u, later


def named_head(u, head, period, args: dict, now, tz):
    """With --project/--exclude, the calls whose cost and count 0.9.20's
    filtered headline and day rows take, or None without filters: of the
    days before today, those of the sessions whose own project (the name
    a session carries itself, as its day history keys it, and the folder of
    the costliest project with a call of that name that day) the filters keep,
    whichever project the session was grouped into; of today, `head`'s
    (the filtered projects' calls, as its live parse of today has them).
    Its tokens stay `head`'s (token_head): the day history keeps no tokens
    per project, so 0.9.20 takes them from the filtered parse. Two tools in
    one folder are one project named after the first; a filter that
    matches only the other's name keeps only the other's past calls there."""
    include, exclude = args.get("--project") or [], args.get("--exclude") or []
    if not (include or exclude):
        return None
    import numpy as np

    from codeburn.aggregate.arrays import distinct
    from codeburn.aggregate.projects import Project, own_name
    from codeburn.aggregate.usage import project_filter, project_ranks, select_calls

    scan = u.scan
    head_period = periods.durable_period(period, now, tz)
    today = int(periods.local_day_numbers(np.array([int(now.timestamp() * 1000)]), tz)[0])
    # The day history is made from a parse of the year before today, its
    # projects costliest first: a day's entry of a name takes the folder of
    # the first of them with a call of that name that day.
    history = periods.history_period(now, tz)
    before_today = periods.Period(history.start_ms, periods.local_midnight_ms(now.astimezone(tz).date(), tz) - 1, "", "")
    every = select_calls(scan, before_today, [], [], tz)
    files = scan.cols["file"][every.sel]
    name_of = np.full(len(scan.sources), -1, dtype=np.int64)
    ids: dict[str, int] = {}   # own project name -> its number
    for f in distinct(files).tolist():
        src = scan.sources[f]
        name_of[f] = ids.setdefault(own_name(src.project, scan.cwd[f], src.desktop), len(ids))
    names = list(ids)
    past = (every.times >= head_period.start_ms) & (every.times <= head_period.end_ms)
    name_p = name_of[files[past]]
    key = every.day[past].astype(np.int64) * len(names) + name_p
    pairs, one, at = np.unique(key, return_index=True, return_inverse=True)
    at = at.reshape(-1)
    rank = project_ranks(every)
    first = np.full(pairs.size, np.iinfo(np.int64).max, dtype=np.int64)
    np.minimum.at(first, at, rank[every.file_project[files[past]]].astype(np.int64))
    by_rank = np.argsort(rank)
    entries = [Project(names[n], every.projects[by_rank[r]].path) for n, r in zip(name_p[one].tolist(), first.tolist())]
    kept = project_filter(entries, include, exclude)
    mask = np.zeros(scan.cols["ts"].size, dtype=bool)
    mask[every.sel[past][kept[at]]] = True
    mask[head.sel[head.day >= today]] = True
    named = select_calls(scan, head_period, [], [], tz, calls=mask)
    named.token_head = head
    named.unstarted = _start_day_dropped(len(scan.sources), files[past], every.day[past], kept[at])
    return named


def _start_day_dropped(n: int, files, days, kept):
    """Per source: its calls of the period's past days begin on a day whose
    entry the filters dropped (0.9.20 counts a session on the day it began
    only, so there on no day at all; build.day_session_counts)."""
    import numpy as np

    from codeburn._fast import agg

    if not files.size:
        return np.zeros(n, dtype=bool)
    label = np.ascontiguousarray(files, dtype=np.intp)
    first = agg.group_extreme(label, np.ascontiguousarray(days, dtype=np.int64), n)
    on_first = days == first[files]
    began_kept = agg.group_any(label, (on_first & kept).view(np.uint8), n)
    present = np.bincount(files, minlength=n) > 0
    return present & ~began_kept


def reaching_today(u, args: dict, now, tz, days=None):
    """The calls from u's period's start to the end of today, when the
    period ends before today (a past --day, --from/--to): 0.9.20's day
    history takes a turn with its calls before today, so one prompted on the
    period's last day whose calls ran past midnight counts on that day,
    with their cost (build.daily, day_category_sums). With --days (`days`)
    always: the span's calls of the days not listed count too (a turn
    prompted on a listed day runs on through them; one prompted on a day
    not listed that ran into today counts there again). None otherwise."""
    today = now.astimezone(tz).date()
    if not days and u.period.end_ms > periods.local_midnight_ms(today, tz):
        return None
    from codeburn.aggregate.usage import select_calls

    # (not cut to --days' frame: a file whose calls all ran past the span
    # holds a turn prompted on its last day)
    wide = periods.Period(u.period.start_ms, periods.history_period(now, tz).end_ms, u.period.label, u.period.key)
    return select_calls(u.scan, wide, args.get("--project") or [], args.get("--exclude") or [], tz)


def reach(period, now, tz):
    """The period whose start decides which files a durable read takes (a
    file or store last written before it is not read): the earlier of the
    period's start and its day history's, as 0.9.20 reads a year of history
    before the period (report, overview, status)."""
    start = min(period.start_ms, periods.history_period(now, tz).start_ms)
    return period if start == period.start_ms else periods.Period(start, period.end_ms, period.label, period.key)


def report_block_bytes(calls: int) -> int:
    """glibc's mmap threshold for the report made after a scan. Its numpy
    temporaries are a column long (8 bytes a call): as mappings, each is
    zeroed page by page by the kernel, used once and unmapped (at 2.1 GB,
    476k calls, 25k of the run's 228k page faults); from the heap they
    reuse one another's pages. Peak RSS stayed the same (+-2 MB on 500 MB
    and 2.1 GB histories). The next scan puts the low threshold back."""
    return max(1 << 20, min(32 << 20, calls * 9))


def _kept_scan(sources, rules, classify_turns: bool, cache, walker, warnings: list[str], tz):
    """The kept result of a scan of exactly these sources (codeburn.cache.scanmemo),
    or None; with a file cache only (--no-cache reads everything)."""
    if cache is None:
        return None
    from codeburn.cache import scanmemo

    cache.result_key = scanmemo.key(sources, rules.digest, classify_turns, tz)
    kept = scanmemo.load(cache.dir, cache.result_key) if cache.result_key else None
    if kept is None:
        return None
    from codeburn.read import scan as scanning

    return scanning.from_memo(sources, kept, walker.errors, warnings)


def _scan(args: dict, env: Environment, sources, rules, classify_turns: bool, cache, walker, warnings: list[str],
          jobs: int, progress=None, keep=None):
    """The read: threads start at once, numpy, the classifier and the report
    code are imported while they read (0.1 s of a cold start, measured)."""
    if args.get("--dask"):
        from codeburn.read import scaleout

        decoders = scaleout.start(args["--dask"], sources, rules, _part_bytes(env))
    else:
        from codeburn.read import decoding

        decoders = decoding.start(sources, rules, jobs, cache)
    try:
        from codeburn.cost import pricing
        from codeburn.read import scan as scanning

        pricing.PriceTable.default()  # read now, while the threads read, not after them
    except BaseException:
        decoders.close()
        raise
    return scanning.scan_sources(sources, walker.errors, warnings, rules=rules, environ=env.environ,
                                 classify_turns=classify_turns, progress=(progress or _progress)(env, sources),
                                 cache=cache, decoders=decoders, jobs=jobs,
                                 result_key=cache.result_key if cache is not None else None, keep=keep)


def config_warnings(env: Environment) -> list[str]:
    """The config file's warning, if it has one, and one about a display
    currency with no known rate."""
    from codeburn import config
    from codeburn.cost import currency

    code = currency.rateless(config.document(env.home).get("currency"))
    rateless = (f"currency {code} in the config has no known rate: amounts are shown in USD "
                f"(give one: codeburn currency {code} --rate R)") if code else None
    return [w for w in [config.load(env.home).warning, rateless] if w]


def find_sources(args: dict, env: Environment, period: periods.Period, stores: bool = False) -> tuple[list, Walker]:
    """(sources in the default log locations that may hold the period's
    calls, their walker); checks --provider and --jobs first. `stores`:
    see providers.base.mtime_filter."""
    from codeburn.read import discovery

    providers = check_providers(args["--provider"])
    jobs_option(args.get("--jobs"), env)
    walker = Walker()
    sources = discovery.discover_default(env.environ, env.home, walker, providers)
    return mtime_filter(sources, period.start_ms, stores), walker


def jobs_option(value: str | None, env: Environment) -> int:
    """--jobs N: threads reading files; default every core (CODEBURN_JOBS overrides)."""
    from codeburn.read.parallel import default_jobs

    if value is None:
        return default_jobs(env.environ)
    if not value.isdigit() or int(value) < 1:
        raise UsageError(f'invalid --jobs "{value}"', hint="a whole number of at least 1")
    return int(value)


def _part_bytes(env: Environment) -> int | None:
    """CODEBURN_DASK_PART_BYTES: the size of a large file's parts on a cluster."""
    value = env.environ.get("CODEBURN_DASK_PART_BYTES", "")
    return int(value) if value.isdigit() and int(value) > 0 else None


def file_cache(args: dict, env: Environment):
    """The per-file cache, unless --no-cache."""
    if args.get("--no-cache"):
        return None
    from codeburn.cache.cachedir import cache_dir
    from codeburn.cache.filecache import FileCache
    from codeburn.classify import ruleset

    # (the decoders read the rules' tool and command tables: a pack of other rules is not used)
    return FileCache(cache_dir(env.environ), ruleset.digest(ruleset.rules_dir(env.environ)) or "unreadable")


def _progress(env: Environment, sources: list):
    """A progress line on stderr, only when stderr is a terminal."""
    if not env.stderr_isatty:
        return None
    from codeburn.read.progress import Progress

    total = 0
    for s in sources:
        try:
            total += os.stat(s.path).st_size
        except OSError:
            pass
    return Progress(env.stderr, len(sources), total)


def unpriced_warnings(usage) -> list[str]:
    """One warning per model with usage but no price (most tokens first, as
    the report's unpricedModels)."""
    return [f"no price known for model {model!r} ({calls} calls): counted at $0" for model, calls in usage.unpriced_ids()]


def emit_warnings(env: Environment, warnings: list[str]) -> None:
    """Each warning on one stderr line, log-derived text in it escaped."""
    from codeburn.safetext import visible

    for w in warnings:
        env.stderr.write(f"codeburn: warning: {visible(w)}\n")
