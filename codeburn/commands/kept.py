"""A reading command's output, kept for a repeat over unchanged files.

`report` repeats its kept report (codeburn.cache.reportmemo) when nothing it
depends on changed; every other command that reads the history keeps its
own output the same way, each in a file of its own, so a repeat costs
discovery and the files' stats, not the kept scan's load and the group-bys.

What a command keeps is the part of its output made from the calls, as
plain values, before anything that moves with the clock or the terminal:
rendering (colour, width, currency symbol), `generated` stamps, a block's
active state, a budget's progress, git's answers for `yield` are made anew
on every run. The key (reportmemo.key) covers the kept scan's key (every
source's path, project and stat, the rules, this build), the period's
bounds and labels, the zone, the filters, the command's options and the
whole config file (plans, budgets, currency), plus what a command adds
(export: the bounds of each period it slices). Anything else a command
depends on must be in `extra` or made anew; tests/test_kept.py changes each
input and compares the output with a --no-cache run's.

Only the output of a clean scan is kept (codeburn.read.scan: ScanResult.kept_problems).
"""
from __future__ import annotations

import json
import os
from typing import Callable

from codeburn.commands.common import Loaded, config_warnings, find_sources, load
from codeburn.env import Environment
from codeburn.plainclass import dataclass
from codeburn.problems import unreadable_message

# Options that change neither what is read nor what is kept: how, and where to.
NOT_IN_KEY = ("--jobs", "--verbose", "--traceback", "--no-color", "--help", "--output", "--strict", "--no-pager")


@dataclass
class Output:
    doc: object          # the command's kept part: plain values (dicts, lists, str, numbers, bytes)
    warnings: list[str]  # every warning of the run, in the order a fresh run words them
    skipped: int         # what --strict counts

    def status(self, args: dict):
        return Loaded.exit_status(args, self.skipped)


def output(args: dict, env: Environment, name: str, period, tz, make: Callable, classify_turns: bool = True,
           extra=(), usable: Callable | None = None, also: list = (), stores: bool = False,
           reach=None) -> Output:
    """make(loaded) -> (doc, its own warnings[, whether it may be kept]) over
    the period's sources, or the doc kept by the last run of the same
    command over the same files (when usable(doc) says it still holds, if
    given); `also` are sources the doc depends on besides those read (other
    tools' days); `stores`: see providers.base.mtime_filter; `reach`: the
    period whose start decides which files are read, when a durable read
    reaches further back than `period` (commands.common.reach: then stores
    are filtered by it too)."""
    found = find_sources(args, env, reach or period, stores or reach is not None)
    where = key(env, period, tz, args, found[0], command_key(name, args, env, extra), classify_turns,
                f"{name}-v1.cbm", also)
    hit = kept(env, where, found[1])
    if hit is not None and (usable is None or usable(hit[0])):
        return Output(*hit)
    loaded = load(args, env, period, tz, classify_turns=classify_turns, sources=found)
    doc, own, *keepable = make(loaded)
    if not keepable or keepable[0]:
        keep(where, loaded, doc, own)
    return Output(doc, loaded.warnings + own, loaded.skipped)


def command_key(name: str, args: dict, env: Environment, extra=()) -> str:
    """The command, its options (those that may change what it keeps), the
    config file and the command's extra inputs, as one string."""
    from codeburn import config

    options = {k: v for k, v in args.items() if k not in NOT_IN_KEY}
    return json.dumps([name, options, config.document(env.home), list(extra)], sort_keys=True, default=repr)


def key(env: Environment, period, tz, args: dict, sources: list, command: str, classify_turns: bool = True,
        file: str | None = None, also=()) -> tuple[str, str, str] | None:
    """(cache dir, key, file name) of `command` over the sources it reads
    and those it depends on besides (`also`), each stat'ed here, before any
    read; None when its output may not be kept. (The sources read are keyed
    as the kept scan keys them: the read reuses that key, scanmemo.key.)"""
    if args.get("--no-cache") or args.get("--dask"):
        return None
    from codeburn.cache import reportmemo, scanmemo
    from codeburn.cache.cachedir import cache_dir
    from codeburn.cache.filecache import SUBDIR
    from codeburn.classify import ruleset

    digest = ruleset.digest(ruleset.rules_dir(env.environ))
    if not digest:
        return None
    # (`also` first: the last key made is the one the read takes again)
    also_key = scanmemo.key(list(also), digest, classify_turns, tz) if also else ""
    scan_key = scanmemo.key(sources, digest, classify_turns, tz) if also_key is not None else None
    if scan_key is None:
        return None
    scan_key += f"+{also_key}" if also else ""
    k = reportmemo.key(scan_key, command, period, args.get("--project") or [], args.get("--exclude") or [], tz)
    return os.path.join(cache_dir(env.environ), SUBDIR), k, file or reportmemo.NAME


def kept(env: Environment, where: tuple[str, str, str] | None, walker) -> tuple[object, list[str], int] | None:
    """(doc, warnings, skipped) kept under `where`, with this run's warnings
    about the config and unreadable paths, or None."""
    if where is None:
        return None
    from codeburn.cache import reportmemo

    found = reportmemo.load(*where)
    if found is None:
        return None
    doc, problems, own, skipped = found
    warnings = config_warnings(env) + problems + ([unreadable_message(walker.errors)] if walker.errors else [])
    return doc, warnings + own, skipped + len(walker.errors)


def keep(where: tuple[str, str, str] | None, loaded: Loaded, doc, own: list[str]) -> None:
    """Keeps the doc made from a clean scan (its own warnings with it)."""
    result = loaded.result
    if where is None or result is None or result.wait_kept() is None:
        return
    from codeburn.aggregate.projects import ASKED
    from codeburn.cache import reportmemo

    directory, k, file = where
    reportmemo.save(directory, k, doc, result.kept_problems, own, loaded.skipped - result.stats.get("unreadable", 0),
                    file, ASKED)  # (the cwds whose .git entries grouped its projects)
