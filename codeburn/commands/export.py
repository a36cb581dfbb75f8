from __future__ import annotations

import os

from codeburn.aggregate import periods
from codeburn.commands import kept
from codeburn.commands.common import (LAST_OPTIONS, PROJECT_OPTIONS, PROVIDER_OPTION, READ_OPTIONS, STRICT_OPTION,
                                      check_format, emit_warnings)
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
    chosen = [(main.label, main)] if custom else [(label, periods.named_period(name, now, tz)) for label, name in SLICES]
    out = kept.output(args, env, "export", main, tz, lambda loaded: (_files(loaded, chosen, args, env, tz, now, fmt), []),
                      extra=[[label, p.start_ms, p.end_ms, p.label, p.key] for label, p in chosen], stores=True)
    emit_warnings(env, out.warnings)
    if out.doc.get("empty"):
        env.stdout.write("\n  No usage data found.\n\n")
        return out.status(args)
    stamp = now.astimezone(tz).date().isoformat()
    generated = _iso(now).encode()
    target = _write_json(out.doc, args["--output"] or f"codeburn-{stamp}.json", generated) if fmt == "json" else \
        _write_csv(out.doc, args["--output"] or f"codeburn-{stamp}", generated)
    labels = " + ".join(label for label, _ in chosen)
    env.stdout.write(f"\n  Exported ({labels}) to: {target}\n\n")
    return out.status(args)


# Written where the `generated` stamp goes, then split there: the files'
# bytes are kept (codeburn.commands.kept) and each run puts its own stamp in.
# The stamp is the first thing after constant text in both files, so the
# first occurrence is it, whatever the history holds.
STAMP = "@codeburn-generated@"


def _files(loaded, chosen: list, args: dict, env: Environment, tz, now, fmt: str) -> dict:
    """The export's bytes: {"json": [before, after] the stamp} or {"csv":
    {file name: bytes}, "readme": [before, after]}, or {"empty": True} for
    a CSV export of nothing."""
    from codeburn import config
    from codeburn.cost import currency
    from codeburn.report import export

    tables = export.Tables([_period(label, p, loaded.usage, args, tz, now) for label, p in chosen],
                           currency.from_setting(config.document(env.home).get("currency")))
    if fmt == "json":
        return {"json": _split(export.to_json(tables.document(STAMP)))}
    if all(not p.u.sel.size for p in tables.periods):
        return {"empty": True}
    return {"csv": {f"{name}.csv": _utf8(export.to_csv(rows)) for name, rows in tables.csv_files().items()},
            "readme": _split(export.readme(tables, STAMP))}


def _split(text: str) -> list[bytes]:
    head, _, tail = text.partition(STAMP)
    return [_utf8(head), _utf8(tail)]


def _utf8(text: str) -> bytes:
    """UTF-8, a lone surrogate (a byte of a file or folder name that is not
    UTF-8) written as its escape, `\\udcff`, as every file we write has it
    (outfile.write_text), rather than failing the whole export."""
    return text.encode("utf-8", "backslashreplace")


def _period(label: str, period: periods.Period, u, args: dict, tz, now):
    """One period's calls, turns and report, sliced from the one read."""
    from codeburn.aggregate.turns import turn_table
    from codeburn.aggregate.usage import select_calls
    from codeburn.report import build, export

    if period != u.period:
        # The reference slices its Today and 7 Days from its 30 days' projects:
        # each keeps that read's project (name, path) and, among equal costs,
        # its place there.
        u = select_calls(u.scan, period, args["--project"] or [], args["--exclude"] or [], tz, frame=u)
    return export.Period(label, u, turn_table(u), build.build_report(u, now))


def _iso(now) -> str:
    import datetime as dt

    return now.astimezone(dt.timezone.utc).isoformat(timespec="milliseconds").replace("+00:00", "Z")


def _write_csv(doc: dict, output: str, generated: bytes) -> str:
    from codeburn.files import check_parent, replace_dir
    from codeburn.report import export

    folder = os.path.abspath(output)
    if folder.lower().endswith(".csv"):
        folder = folder[:-4]
    folder = os.path.realpath(folder)  # a symlinked export folder is written through, the link kept
    check_parent(folder)
    if os.path.isfile(folder) or (os.path.exists(folder) and not os.path.isdir(folder)):
        raise Failure(f"refusing to overwrite the file {folder}: give a directory path")
    if os.path.isdir(folder) and not os.path.isfile(os.path.join(folder, export.MARKER)):
        raise Failure(f"refusing to replace the directory {folder}: it has no {export.MARKER} marker "
                      "(not an earlier export); remove it or pick another -o path")
    head, tail = doc["readme"]
    replace_dir(folder, {export.MARKER: b"", "README.txt": bytes(head) + generated + bytes(tail), **doc["csv"]})
    return folder


def _write_json(doc: dict, output: str, generated: bytes) -> str:
    from codeburn.files import check_parent, replace_file

    target = os.path.realpath(output if output.lower().endswith(".json") else output + ".json")  # (through a link)
    check_parent(target)
    if os.path.isdir(target):
        raise Failure(f"refusing to overwrite the directory {target}: give a file path")
    if os.path.exists(target) and not _is_export(target):
        raise Failure(f"refusing to overwrite {target}: it is not a codeburn export; "
                      "remove it or pick another -o path")
    head, tail = doc["json"]
    replace_file(target, [head, generated, tail])  # (a kept tail is a view into the kept file: not copied)
    return target


def _is_export(path: str) -> bool:
    """An earlier export names its schema in its first 4 KB."""
    try:
        with open(path, "rb") as f:
            head = f.read(4096)
    except OSError:
        return False
    return b'"schema": "codeburn.export.v' in head
