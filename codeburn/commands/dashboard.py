"""`codeburn dashboard`, and a bare `codeburn` (or `--format tui`) on a
terminal: the interactive dashboard over the whole history, read once."""
from __future__ import annotations

import io
import threading
import time

from codeburn.aggregate import periods
from codeburn.env import Environment
from codeburn.errors import UsageError
from codeburn.status import ExitStatus

# The tab a command opens on when -p does not say.
START_TAB = {"today": "today", "month": "month", "scan": "lifetime"}
PROGRESS_EVERY_S = 0.05


def run(args: dict, env: Environment, tz) -> ExitStatus:
    command = next((c for c in START_TAB if args.get(c)), None)
    provider = args["--provider"]
    refresh = refresh_seconds(args["--refresh"])
    tab = START_TAB.get(command) or args["--period"] or "week"
    # Importing Textual takes longer than the 0.3 s a first frame may (0.27 s
    # of CPU): a plain frame is drawn before, and the read starts meanwhile.
    from codeburn.dashboard import preframe

    preframe.draw(env.stdout, tab, provider)
    try:
        from codeburn.commands.common import check_providers, emit_warnings  # loads the provider registry

        check_providers(provider)
        read = Prefetch(reader(args, env, tz, args.get("<path>") if command == "scan" else None))
        from codeburn.dashboard.app import Dashboard  # Textual: imported here and nowhere else
        from codeburn.dashboard.model import no_kept_days

        app = Dashboard(read, tz, env.clock, tab=tab, provider=None if provider == "all" else provider,
                        refresh_s=refresh, include=args.get("--project") or [], exclude=args.get("--exclude") or [],
                        run_command=command_runner(env), plan_source=plan_source(env),
                        kept_days=kept_days_source(args, env) if command != "scan" else no_kept_days)
        import gc

        gc.enable()  # (off for one-shot commands: see cli.main) the dashboard lives on, refreshing
        app.run()
    finally:
        preframe.erase(env.stdout)
    if app.model is not None:
        emit_warnings(env, app.model.snapshot.warnings)
    return ExitStatus.OK


def refresh_seconds(value: str | None) -> int:
    """--refresh SECS: how often the dashboard reads appended logs; 0 never."""
    if value is None:
        return 60
    if not value.isdigit():
        raise UsageError(f'invalid --refresh "{value}"', hint="a whole number of seconds, 0 for never")
    return int(value)


def reader(args: dict, env: Environment, tz, paths: list[str] | None):
    """A function reading the whole history (every provider, every day)
    into a Snapshot; run again, it reuses the file cache, so only appended
    bytes are decoded. Nothing is written to the terminal the dashboard owns."""
    from codeburn.dashboard.model import Snapshot

    quiet = Environment(stdout=io.StringIO(), stderr=io.StringIO(), environ=env.environ, home=env.home,
                        clock=env.clock)
    every_provider = dict(args, **{"--provider": "all"})

    def read(progress, cancelled=None) -> Snapshot:  # a scan, once started, runs to its end
        from codeburn.commands.common import load

        period = periods.named_period("lifetime", env.clock(), tz)
        loaded = load(every_provider, quiet, period, tz, paths,
                      progress=lambda _env, sources: _Progress(progress, sources))
        return Snapshot(loaded.usage.scan, loaded.warnings, loaded.skipped)

    return read


class Prefetch:
    """The first read, started at once in a thread of its own; the app's
    worker then waits for it (hearing its progress) instead of starting
    one. Later calls (refreshes) read again."""

    def __init__(self, read):
        self.read, self.listener, self.last = read, None, None
        self.result, self.error = None, None
        self.thread: threading.Thread | None = threading.Thread(target=self._run, name="codeburn-read", daemon=True)
        self.thread.start()

    def _run(self) -> None:
        try:
            self.result = self.read(self._progress)
        except BaseException as exc:  # handed to the app's worker, which shows it
            self.error = exc

    def _progress(self, *state) -> None:
        self.last = state
        if self.listener is not None:
            self.listener(*state)

    def __call__(self, progress, cancelled=lambda: False):
        if self.thread is None:
            return self.read(progress)
        self.listener = progress
        if self.last is not None:
            progress(*self.last)
        while self.thread.is_alive():  # q during the read: the app's worker stops waiting
            self.thread.join(0.05)
            if cancelled():
                return None
        self.thread = None
        if self.error is not None:
            raise self.error
        return self.result


class _Progress:
    """Hears of each file the scan reads and passes (files done, files,
    bytes done, bytes) on, at most every PROGRESS_EVERY_S."""

    def __init__(self, report, sources: list):
        self.report, self.files, self.last = report, len(sources), 0.0
        from codeburn.read.regular import file_size

        self.total = sum(file_size(s.path) for s in sources)

    def update(self, files_done: int, bytes_done: int) -> None:
        now = time.monotonic()
        if now - self.last >= PROGRESS_EVERY_S:
            self.last = now
            self.report(files_done, self.files, bytes_done, self.total)

    def done(self) -> None:
        self.report(self.files, self.files, self.total, self.total)


def kept_days_source(args: dict, env: Environment):
    """A tab's past days whose files are gone, as the report's headline
    counts them (commands.carry). The every-tool tabs keep the day history
    too, as the reading commands do (0.9.20's dashboard keeps its own): at
    most once a day while the files are as they were (carry's digest), so
    someone who only ever opens the dashboard still has a deleted
    session's days."""
    def kept(usage, provider, now, tz):
        from codeburn.commands.carry import carry

        options = {"--no-cache": args.get("--no-cache"), "--provider": provider or "all",
                   "--project": args.get("--project") or [], "--exclude": args.get("--exclude") or []}
        _, _, carried, keep = carry(usage, None, options, env, now, tz, refresh=provider is None)
        if keep is not None:
            keep()
        return carried

    return kept


def plan_source(env: Environment):
    """The summaries of the plans set with `codeburn plan`, from the
    dashboard's own read (no second read)."""
    def summaries(scan, now, tz) -> list[dict]:
        from codeburn import config
        from codeburn.cost import plans

        return [plans.usage(p, scan, now, tz) for p in plans.active(config.document(env.home))]

    return summaries


def command_runner(env: Environment):
    """Runs another codeburn command (optimize, compare) for the `o` and `c`
    keys and returns what it printed, or None when this codeburn has no such
    command."""
    def run(argv: list[str]) -> str | None:
        from codeburn import cli

        if argv[0] not in cli.COMMANDS:
            return None
        out = io.StringIO()
        cli.main(argv, Environment(stdout=out, stderr=out, environ=env.environ, home=env.home, clock=env.clock))
        return out.getvalue()

    return run
