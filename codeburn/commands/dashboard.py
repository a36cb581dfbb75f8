"""`codeburn dashboard`, and a bare `codeburn` (or `--format tui`) on a
terminal: the interactive dashboard over the whole history, read once."""
from __future__ import annotations

import io
import os
import time

from codeburn import periods
from codeburn.commands.common import check_providers, emit_warnings, load
from codeburn.env import Environment
from codeburn.errors import UsageError
from codeburn.status import ExitStatus

# The tab a command opens on when -p does not say.
START_TAB = {"today": "today", "month": "month", "scan": "lifetime"}
PROGRESS_EVERY_S = 0.05


def run(args: dict, env: Environment, tz) -> ExitStatus:
    from codeburn.dashboard.app import Dashboard  # Textual: imported here and nowhere else

    command = next((c for c in START_TAB if args.get(c)), None)
    provider = args["--provider"]
    check_providers(provider)
    app = Dashboard(reader(args, env, tz, args.get("<path>") if command == "scan" else None), tz, env.clock,
                    tab=START_TAB.get(command) or args["--period"] or "week",
                    provider=None if provider == "all" else provider, refresh_s=refresh_seconds(args["--refresh"]),
                    include=args.get("--project") or [], exclude=args.get("--exclude") or [],
                    run_command=command_runner(env))
    app.run()
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

    def read(progress) -> Snapshot:
        period = periods.named_period("lifetime", env.clock(), tz)
        loaded = load(every_provider, quiet, period, tz, paths,
                      progress=lambda _env, sources: _Progress(progress, sources))
        return Snapshot(loaded.usage.scan, loaded.warnings, loaded.skipped)

    return read


class _Progress:
    """Hears of each file the scan reads and passes (files done, files,
    bytes done, bytes) on, at most every PROGRESS_EVERY_S."""

    def __init__(self, report, sources: list):
        self.report, self.files, self.last = report, len(sources), 0.0
        self.total = sum(_size(s.path) for s in sources)

    def update(self, files_done: int, bytes_done: int) -> None:
        now = time.monotonic()
        if now - self.last >= PROGRESS_EVERY_S:
            self.last = now
            self.report(files_done, self.files, bytes_done, self.total)

    def done(self) -> None:
        self.report(self.files, self.files, self.total, self.total)


def _size(path: str) -> int:
    try:
        return os.stat(path).st_size
    except OSError:
        return 0


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
