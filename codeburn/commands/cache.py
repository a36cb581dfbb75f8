"""codeburn cache: what codeburn keeps in its cache directory.

Usage:
  codeburn cache info [options]
  codeburn cache clear [options]

  info   the cache directory, its files and their sizes
  clear  delete every file codeburn wrote there (nothing else) but the
         day history

The directory is CODEBURN_CACHE_DIR, else $XDG_CACHE_HOME/codeburn, else
~/.cache/codeburn. It holds the compiled keyword databases (rules-*.hsdb)
and the decoded form of every complete session file with the categories
of their turns (files-v29/pack.cbp, files-v29/turns-*.cbm), the decoded
calls of every other provider's sources (records-v1/*.cbr) and the last
status and menubar figures (status-v2.json, menubar-v3.json); all are
rebuilt on demand after a clear. The day history (days-v1-*.cbm, one per
time zone: what each file held on each past day) is kept by a clear: once
a session file is deleted it is all that counts that file's days.

Options:
  --format FMT   text or json [default: text]
  --no-color     no colour even on a terminal
  --verbose      more detail on stderr
  --traceback    show the full traceback of an error
  -h, --help     show this help
"""
from __future__ import annotations

import os

from codeburn.cache.filecache import OLD_SUBDIRS, SUBDIR
from codeburn.cache.recordcache import SUBDIR as RECORDS_SUBDIR
from codeburn.cache.snapshot import NAME as STATUS_SNAPSHOT
from codeburn.commands.common import check_format
from codeburn.commands.status_menubar import SNAPSHOT as MENUBAR_SNAPSHOT
from codeburn.env import Environment
from codeburn.safetext import visible
from codeburn.status import ExitStatus

OURS = (".hsdb", ".cbp", ".cbm", ".cbr", ".tmp")  # what `clear` may delete: only files codeburn writes
OUR_NAMES = (STATUS_SNAPSHOT, MENUBAR_SNAPSHOT, "menubar-v1.json")  # our JSON files (and an older one), by name
SUBDIRS = ("", SUBDIR, RECORDS_SUBDIR, *OLD_SUBDIRS)


def run(args: dict, env: Environment) -> ExitStatus:
    from codeburn.cache.cachedir import cache_dir

    fmt = check_format(args["--format"], ("text", "json"))
    directory = cache_dir(env.environ)
    files = _files(directory)
    if args["clear"]:
        files = [(p, s) for p, s in files if not _day_history(p)]
        for path, _ in files:
            os.remove(path)
        for sub in (SUBDIR, RECORDS_SUBDIR, *OLD_SUBDIRS):
            try:
                os.rmdir(os.path.join(directory, sub))
            except OSError:
                pass  # absent, or holds files that are not ours
        removed = sum(size for _, size in files)
        env.stdout.write(visible(f"removed {len(files)} files ({removed:,} bytes) from {directory}") + "\n")
        return ExitStatus.OK
    if fmt == "json":
        from codeburn.report import jsjson

        env.stdout.write(jsjson.dumps({"directory": directory, "files": [
            {"name": os.path.relpath(p, directory), "bytes": s} for p, s in files],
            "bytes": sum(s for _, s in files)}) + "\n")
    else:
        env.stdout.write(visible(f"{directory}: {len(files)} files, {sum(s for _, s in files):,} bytes") + "\n")
        dbs = [(p, s) for p, s in files if p.endswith(".hsdb")]
        for path, size in dbs:
            env.stdout.write(f"  {visible(os.path.basename(path))}  {size:,}\n")
        for path, size in files:
            if not path.endswith(".hsdb"):
                env.stdout.write(f"  {visible(os.path.relpath(path, directory))}  {size:,}\n")
    return ExitStatus.OK


def _day_history(path: str) -> bool:
    from codeburn.cache.cachedir import DAY_HISTORY_PREFIX

    return os.path.basename(path).startswith(DAY_HISTORY_PREFIX)


def _files(directory: str) -> list[tuple[str, int]]:
    out = []
    for sub in SUBDIRS:
        d = os.path.join(directory, sub)
        try:
            names = sorted(os.listdir(d))
        except OSError:
            continue
        for name in names:
            path = os.path.join(d, name)
            if (name.endswith(OURS) or (not sub and name in OUR_NAMES)) and os.path.isfile(path):
                out.append((path, os.path.getsize(path)))
    return out
