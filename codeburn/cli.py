"""codeburn — where your AI coding money goes.

Usage:
  codeburn [report] [options] [--project NAME]... [--exclude NAME]...
  codeburn today [options] [--project NAME]... [--exclude NAME]...
  codeburn month [options] [--project NAME]... [--exclude NAME]...
  codeburn dashboard [options] [--project NAME]... [--exclude NAME]...
  codeburn scan [options] [--project NAME]... [--exclude NAME]... [--] [<path>...]
  codeburn models [options]
  codeburn status [options]
  codeburn rules (explain | check) [options]
  codeburn cache (info | clear) [options]
  codeburn optimize [options]
  codeburn sessions [options]
  codeburn overview [options]
  codeburn export [options]
  codeburn plan [show | set <id> | reset] [options]
  codeburn budget [options]
  codeburn currency [<code>] [options]
  codeburn blocks [options]
  codeburn compare [options]
  codeburn menubar [options]
  codeburn yield [options]
  codeburn -h | --help
  codeburn --version

Commands:
  report   spend over a period (default: the last 7 days and today)
  today    same as `report -p today`
  month    same as `report -p month`
  dashboard the interactive dashboard, also a bare `codeburn` on a terminal
           (keys: ←/→ or 1-6 period, p provider, ? help, q quit)
  scan     report over the given files and folders instead of the
           default log locations (default period: lifetime)
  models   tokens and cost per model (`codeburn models --help`)
  status   today's and this month's spend in one line (`--format json`)
  rules    explain a classification, check the rules files
           (`codeburn rules --help`)
  cache    show or clear codeburn's cache (`codeburn cache --help`)
  optimize token waste and its fixes, health grade (`codeburn optimize --help`)
  sessions spend per session (`codeburn sessions --help`)
  overview a plain-text summary of this month, to paste anywhere
  export   usage tables as CSV files or one JSON file (`codeburn export --help`)
  plan     a subscription plan against your spend (`codeburn plan --help`)
  budget   daily, weekly and monthly limits; --check exits 1 when over
  currency the currency text output shows amounts in (no network)
  blocks   Claude's 5-hour billing windows, burn rate and projection
  compare  two models side by side (`codeburn compare --help`)
  menubar  where the GNOME Shell extension and the xbar plugin are
  yield    spend that shipped to main, was reverted or abandoned (git)

Options:
  -p PERIOD, --period PERIOD  today, yesterday, week, 30days, month, all (6 months),
                              lifetime
  --from DATE                 first day, YYYY-MM-DD
  --to DATE                   last day, YYYY-MM-DD
  --day DAY                   one day: YYYY-MM-DD, today or yesterday
  --provider NAME             a provider id (claude, codex, …) or all [default: all]
  --live                      Antigravity: ask its running app (127.0.0.1 only) for
                              the usage of its encrypted .pb conversations
  --project NAME              only projects whose name or path contains NAME
  --exclude NAME              leave out projects whose name or path contains NAME
  --jobs N                    threads reading files (default: every core)
  --no-cache                  read every file again (and keep nothing)
  --dask ADDRESS              decode the files on a Dask cluster: a scheduler's
                              address, or local[:N] (N worker processes);
                              needs `pip install 'codeburn[dask]'`
  --timezone TZ               IANA zone for day boundaries (else CODEBURN_TZ, TZ)
  --format FMT                text, json, html, markdown (md) or tui (the dashboard);
                              default: the dashboard for a bare `codeburn` on a
                              terminal, else text
  -o FILE, --output FILE      write the report to FILE (atomically) instead of stdout
  --refresh SECS              dashboard: read appended logs every SECS seconds,
                              0 never [default: 60]
  --no-color                  no colour even on a terminal
  --strict                    exit 1 when any line or file had to be skipped
  --verbose                   more detail on stderr
  --traceback                 show the full traceback of an error
"""
from __future__ import annotations

import gc
import os
import re
import sys
from typing import Sequence

from codeburn._version import __version__
from codeburn.env import Environment
from codeburn.errors import Failure, UsageError
from codeburn.safetext import visible
from codeburn.status import ExitStatus

COMMANDS = ("report", "today", "month", "dashboard", "scan", "models", "status", "rules", "cache")
# The rest of the command set, each with a usage text of its own.
MORE_COMMANDS = ("optimize", "sessions", "overview", "export", "plan", "budget", "currency", "blocks", "compare",
                 "menubar", "yield")
COMMANDS += MORE_COMMANDS
# Commands with a usage text of their own: name -> module under codeburn.commands.
OWN_USAGE = {"models": "models", "status": "status", "rules": "rules", "cache": "cache"}
OWN_USAGE.update({name: name for name in MORE_COMMANDS})
OWN_USAGE["yield"] = "yield_"  # a keyword: its module is yield_


def _command_module(argv: Sequence[str]):
    """The module of the command argv names (commands come first), if it has its own usage."""
    import importlib

    name = OWN_USAGE.get(argv[0]) if argv and not argv[0].startswith("-") else None
    return importlib.import_module(f"codeburn.commands.{name}") if name else None


def _hoisted(argv: list[str]) -> list[str]:
    """argv with the options written before a command (`codeburn --timezone
    UTC status`, the form the reference's help shows; `codeburn -p today
    sessions`) moved after it, where the command's usage reads them (they
    ran `report` before). --timezone and --verbose, which 0.9.20 takes for
    every command, are dropped where the command has no use for them; any
    other option stays, so the command's usage names one it does not take.
    argv itself when no command follows the options."""
    options = _options(__doc__)
    lead: list[tuple[str, list[str]]] = []   # (option, its words)
    i = 0
    while i < len(argv) and argv[i].startswith("-") and argv[i] not in ("-", "--"):
        name, width = _option_at(argv, i, options)
        lead.append((name, argv[i:i + width]))
        i += width
    if not lead or i == len(argv) or argv[i] not in COMMANDS:
        return argv
    module = _command_module(argv[i:])
    usage = module.__doc__ if module is not None else __doc__
    program = ("--timezone", "--verbose")
    return argv[i:] + [w for option, words in lead if option not in program or option in usage for w in words]


def _options(doc: str) -> dict[str, tuple[str, int]]:
    """Each option of a usage text, by its long and its short name ->
    (its key, whether it takes a value)."""
    from docopt import parse_options

    out = {}
    for o in parse_options(doc):
        for name in (o.short, o.longer):
            if name:
                out[name] = (o.longer or o.short, o.argcount)
    return out


def _option_at(argv: Sequence[str], i: int, options: dict) -> tuple[str, int]:
    """(the name of the option word argv[i] gives, how many words it takes):
    its value inline (`--period=week`, `-pweek`) or the next word."""
    word = argv[i]
    name = word.split("=", 1)[0] if word.startswith("--") else word[:2]
    inline = "=" in word if word.startswith("--") else len(word) > 2
    takes = name in options and options[name][1]
    return name, 2 if takes and not inline and i + 1 < len(argv) else 1


# Options whose empty value is a mistake (`--from "$FROM"` with FROM unset),
# refused as 0.9.20 refuses them, not read as absent.
NOT_EMPTY = ("--period", "--from", "--to", "--day")


def parse(argv: Sequence[str], doc: str = __doc__, help_hint: str = "codeburn --help") -> dict:
    from docopt import DocoptExit, docopt

    _exact_long_options(argv, doc, help_hint)
    argv = _last_wins(argv, doc)
    narrowed, absent = _narrowed(doc, argv)
    try:
        # --help and --version are ours to print, so they go to env.stdout.
        args = docopt(narrowed, argv=list(argv), default_help=False)
    except DocoptExit as exc:
        # docopt exits 1 on a usage error; ours is 2 with a one-line message.
        raise UsageError(_usage_message(argv), hint=f"see `{help_hint}`") from exc
    for key, value in absent.items():
        args.setdefault(key, value)
    for key in NOT_EMPTY:
        if args.get(key) == "":
            raise UsageError(f'invalid {key} ""', hint=f"see `{help_hint}`")
    return args


def _exact_long_options(argv: Sequence[str], doc: str, help_hint: str) -> None:
    """Refuses a long option the usage does not name whole: docopt takes a
    unique prefix (`--form` for --format, `sessions --by` for --by-pr), so a
    typo in a script would quietly run something else."""
    names = _options(doc)
    i = 0
    while i < len(argv) and argv[i] != "--":
        word = argv[i]
        if word.startswith("--"):
            name, width = _option_at(argv, i, names)
            if name not in names and name not in ("--help", "--version"):
                raise UsageError(f'unknown option "{name}"', hint=f"see `{help_hint}`")
            i += width
        else:
            i += 1


REPEATABLE = re.compile(r"\[(--?[\w-]+)[^\]]*\]\.\.\.")  # `[--project NAME]...` in a usage line


def _last_wins(argv: Sequence[str], doc: str) -> list[str]:
    """argv with an option given more than once kept at its last place
    (`-p week -p today` is today), as the reference's parser takes it, where
    docopt refuses it; options the usage repeats (`--project NAME...`) keep
    every place. An option is met by its exact name, long or short, its
    value inline (`--period=week`, `-pweek`) or the next word; `--` ends
    the options."""
    names = _options(doc)
    repeatable = {names[n][0] for n in REPEATABLE.findall(doc) if n in names}
    places: dict[str, list[tuple[int, int]]] = {}
    i = 0
    while i < len(argv) and argv[i] != "--":
        if not argv[i].startswith("-"):
            i += 1
            continue
        name, width = _option_at(argv, i, names)
        if name in names:
            places.setdefault(names[name][0], []).append((i, width))
        i += width
    dropped = {j for key, at in places.items() if key not in repeatable
               for start, width in at[:-1] for j in range(start, start + width)}
    return [w for j, w in enumerate(argv) if j not in dropped] if dropped else list(argv)


def _narrowed(doc: str, argv: Sequence[str]) -> tuple[str, dict]:
    """`doc` with only the usage lines that can match argv, and the keys
    (with their unmatched values) of the lines left out.

    docopt's set-up is quadratic in the size of the usage patterns: the
    main usage, 22 lines that each expand [options], cost 60-110 ms a run.
    A line whose first word after the program is a command absent from
    argv can never match it, so leaving it out changes nothing but the
    time; its commands and arguments are added back unmatched."""
    head, sep, rest = doc.partition("Usage:\n")
    usage, blank, tail = rest.partition("\n\n")
    lines = usage.splitlines()
    if not sep or len(lines) < 8:
        return doc, {}
    words = set(argv)
    keep, absent = [], {}
    for line in lines:
        tokens = line.split()
        command = tokens[1] if len(tokens) > 1 else ""
        if command[:1].isalpha() and command not in words:
            for token in tokens[1:]:
                name = token.strip("[]().|")
                if name.startswith("<"):
                    absent.setdefault(name, [] if "..." in token else None)
                elif (name.isalpha() and name.islower() and name != "options") or name == "--":  # a command word
                    absent.setdefault(name, False)
        else:
            keep.append(line)
    return head + sep + "\n".join(keep) + blank + tail, absent


def _usage_message(argv: Sequence[str]) -> str:
    first = next((a for a in argv if not a.startswith("-")), None)
    if first and first not in COMMANDS:
        return f'unknown command "{first}"'
    return "invalid arguments: " + " ".join(argv)


def _aliases(argv: list[str]) -> list[str]:
    """`-V` for --version, `help [COMMAND]` for `[COMMAND] --help`, and a
    trailing `--` with nothing after it ignored (but by `scan`, whose paths
    follow it), as 0.9.20 takes them."""
    if argv == ["-V"]:
        return ["--version"]
    if argv[:1] == ["help"] and len(argv) <= 2:
        return argv[1:] + ["--help"]
    if argv[-1:] == ["--"] and argv[:1] != ["scan"]:
        return argv[:-1]
    return argv


def _asks_help(argv: Sequence[str]) -> bool:
    """-h or --help given to a command (or to none: the report): its usage
    is the answer, as `codeburn --help` promises for each command."""
    return any(a in ("-h", "--help") for a in argv)


def _live(args: dict, env: Environment) -> None:
    """`--live` is the only way a run contacts anything (Antigravity's app,
    on loopback); every run sets it afresh, on or off (the providers are not
    imported for that alone: a fresh import starts off)."""
    if args.get("--live") or "codeburn.providers" in sys.modules:
        from codeburn.providers import antigravity_live

        antigravity_live.configure(env.environ, bool(args.get("--live")))


def main(argv: Sequence[str] | None = None, env: Environment | None = None) -> int:
    # A command is over in seconds and makes few reference cycles, while the
    # cyclic collector's full passes walk every object (the sources, the
    # imported modules): 15 ms of a dense 524 MB first run, 50-110 ms at
    # 2.1 GB. So it is off for the command (the dashboard, which lives on,
    # turns it back on) and restored after.
    from codeburn.cache import cachedir

    collecting = gc.isenabled()
    gc.disable()
    env = env or Environment()
    try:
        with cachedir.run_environ(env.environ):  # scratch copies go to this run's cache dir
            return _main(argv, env)
    finally:
        if collecting:
            gc.enable()


def _main(argv: Sequence[str] | None, env: Environment) -> int:
    argv = _hoisted(_aliases(list(sys.argv[1:] if argv is None else argv)))
    traceback = "--traceback" in argv
    try:
        from codeburn.cost import currency

        currency.use(env.home)  # text output shows amounts in the user's display currency
        module = _command_module(argv)
        if _asks_help(argv):  # whatever else is given (`rules --help` matches no usage line)
            env.stdout.write((module.__doc__ if module is not None else __doc__).lstrip())
            return ExitStatus.OK
        if module is not None:
            args = parse(argv, module.__doc__, f"codeburn {argv[0]} --help")
            _live(args, env)
            return int(module.run(args, env))
        args = parse(argv)
        _live(args, env)
        if args["--version"]:
            env.stdout.write(__version__ + "\n")
            return ExitStatus.OK
        from codeburn.commands import report

        return int(report.run(args, env))
    except UsageError as exc:
        hint = f" ({exc.hint})" if exc.hint else ""
        env.stderr.write(visible(f"codeburn: error: {exc.message}{hint}") + "\n")
        return ExitStatus.USAGE
    except Failure as exc:
        env.stderr.write(visible(f"codeburn: error: {exc.message}") + "\n")
        return ExitStatus.ERROR
    except BrokenPipeError:
        return ExitStatus.OK
    except KeyboardInterrupt:
        return ExitStatus.INTERRUPTED
    except OSError as exc:  # the system's answer, named plainly (a read-only cache dir, a folder gone)
        if traceback:
            raise
        where = f"{os.fsdecode(exc.filename)}: " if exc.filename else ""
        env.stderr.write(visible(f"codeburn: error: {where}{exc.strerror or exc}") + "\n")
        return ExitStatus.ERROR
    except Exception as exc:  # a runtime failure: one line unless asked for more
        if traceback:
            raise
        env.stderr.write(visible(f"codeburn: error: {type(exc).__name__}: {exc} (run with --traceback for details)")
                         + "\n")
        return ExitStatus.ERROR
    finally:
        _finish_saves()


def _finish_saves() -> None:
    """A kept scan is written while the report is
    made (codeburn.cache.later): the command is over only once they are."""
    later = sys.modules.get("codeburn.cache.later")
    if later is not None:
        later.finish_pending()