from __future__ import annotations

import os

from codeburn import periods
from codeburn.commands.common import LAST_OPTIONS, PROJECT_OPTIONS, PROVIDER_OPTION, READ_OPTIONS, STRICT_OPTION, check_format, emit_warnings, load
from codeburn.env import Environment
from codeburn.errors import Failure
from codeburn.status import ExitStatus

FORMATS = ("csv", "json")
# Label of each period sliced from the 30-day read, and its named period.
SLICES = (("Today", "today"), ("7 Days", "week"), ("30 Days", "30days"))

__doc__ = """codeburn export: the usage tables as CSV files or one JSON file.

Usage:
  codeburn export [options] [--project NAME]... [--exclude NAME]...

Without --from/--to, three periods are exported from one read of the last
30 days: Today, 7 Days and 30 Days; the detail tables (records, projects,
sessions, tools, MCP servers, shell commands) cover 30 Days. With --from
and/or --to, that one range.

CSV (default): PATH is a directory (a trailing .csv is dropped; default
./codeburn-YYYY-MM-DD) holding summary, daily, activity, models, records,
projects, sessions, tools, mcp and shell-commands .csv, a README.txt and a
.codeburn-export marker. An existing directory is replaced only when it has
that marker. JSON: one file (.json added when missing; default
./codeburn-YYYY-MM-DD.json), replaced only when it is an earlier export.
Cells beginning with =, +, -, @, tab or CR get a leading ' so spreadsheets
show them as text. Everything is written to a temporary name first and
renamed into place; a PATH in a directory that does not exist is refused.

Options:
""" + """\
  -f FMT, --format FMT        csv or json [default: csv]
  -o PATH, --output PATH      where to write (see above)
  --from DATE                 first day, YYYY-MM-DD
  --to DATE                   last day, YYYY-MM-DD
""" + PROVIDER_OPTION + PROJECT_OPTIONS + READ_OPTIONS + STRICT_OPTION + LAST_OPTIONS


def run(args: dict, env: Environment) -> ExitStatus:
    fmt = check_format(args["--format"], FORMATS)
    tz = periods.resolve_zone(args["--timezone"], env.environ)
    now = env.clock()
    custom = bool(args["--from"] or args["--to"])
    main = periods.custom_period(args["--from"], args["--to"], now, tz) if custom else \
        periods.named_period("30days", now, tz)
    loaded = load(args, env, main, tz)
    from codeburn import config, currency
    from codeburn.report import export

    chosen = [(main.label, main)] if custom else [(label, periods.named_period(name, now, tz)) for label, name in SLICES]
    tables = export.Tables([_period(label, p, loaded.usage, args, tz, now) for label, p in chosen],
                           currency.from_setting(config.document(env.home).get("currency")))
    emit_warnings(env, loaded.warnings)
    if fmt == "csv" and all(not p.u.sel.size for p in tables.periods):
        env.stdout.write("\n  No usage data found.\n\n")
        return loaded.status(args)
    stamp = now.astimezone(tz).date().isoformat()
    generated = _iso(now)
    target = _write_json(tables, args["--output"] or f"codeburn-{stamp}.json", generated) if fmt == "json" else \
        _write_csv(tables, args["--output"] or f"codeburn-{stamp}", generated)
    labels = " + ".join(p.label for p in tables.periods)
    env.stdout.write(f"\n  Exported ({labels}) to: {target}\n\n")
    return loaded.status(args)


def _period(label: str, period: periods.Period, u, args: dict, tz, now):
    """One period's calls, turns and report, sliced from the one read."""
    from codeburn.report import build, export
    from codeburn.turns import turn_table
    from codeburn.usage import select_calls

    if period != u.period:
        u = select_calls(u.scan, period, args["--project"] or [], args["--exclude"] or [], tz)
    return export.Period(label, u, turn_table(u), build.build_report(u, now))


def _iso(now) -> str:
    import datetime as dt

    return now.astimezone(dt.timezone.utc).isoformat(timespec="milliseconds").replace("+00:00", "Z")


def _write_csv(tables, output: str, generated: str) -> str:
    from codeburn.files import check_parent, replace_dir
    from codeburn.report import export

    folder = os.path.abspath(output)
    if folder.lower().endswith(".csv"):
        folder = folder[:-4]
    check_parent(folder)
    if os.path.isfile(folder) or (os.path.exists(folder) and not os.path.isdir(folder)):
        raise Failure(f"refusing to overwrite the file {folder}: give a directory path")
    if os.path.isdir(folder) and not os.path.isfile(os.path.join(folder, export.MARKER)):
        raise Failure(f"refusing to replace the directory {folder}: it has no {export.MARKER} marker "
                      "(not an earlier export); remove it or pick another -o path")
    files = {export.MARKER: b"", "README.txt": export.readme(tables, generated).encode()}
    files.update({f"{name}.csv": export.to_csv(rows).encode() for name, rows in tables.csv_files().items()})
    replace_dir(folder, files)
    return folder


def _write_json(tables, output: str, generated: str) -> str:
    from codeburn.files import check_parent, replace_file
    from codeburn.report import export

    target = os.path.abspath(output if output.lower().endswith(".json") else output + ".json")
    check_parent(target)
    if os.path.isdir(target):
        raise Failure(f"refusing to overwrite the directory {target}: give a file path")
    if os.path.exists(target) and not _is_export(target):
        raise Failure(f"refusing to overwrite {target}: it is not a codeburn export; "
                      "remove it or pick another -o path")
    replace_file(target, export.to_json(tables.document(generated)).encode())
    return target


def _is_export(path: str) -> bool:
    """An earlier export names its schema in its first 4 KB."""
    try:
        with open(path, "rb") as f:
            head = f.read(4096)
    except OSError:
        return False
    return b'"schema": "codeburn.export.v' in head
