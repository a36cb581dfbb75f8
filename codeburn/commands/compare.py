from __future__ import annotations

from codeburn.aggregate import periods
from codeburn.commands import kept
from codeburn.commands.common import (LAST_OPTIONS, PERIOD_OPTIONS, PROJECT_OPTIONS, PROVIDER_OPTION,
                                      READ_OPTIONS, STRICT_OPTION, check_format, emit_warnings, load)
from codeburn.env import Environment
from codeburn.errors import Failure, UsageError
from codeburn.status import ExitStatus

FORMATS = ("text", "json")

__doc__ = """codeburn compare: two models side by side, from your own history.

Usage:
  codeburn compare [options] [--project NAME]... [--exclude NAME]...

For each model: one-shot rate, retry rate, self-correction rate, cost per
call and per edit turn, output tokens per call and cache hit rate, with the
better of the two; one-shot rate per task category; working style
(delegation, planning, tools per turn, fast mode). A turn counts for the
model of its first call. Name the models with --model-a and --model-b (raw
id or display name, e.g. "Opus 4.6"); without them a terminal offers a
list by cost, and otherwise the two costliest models are compared.
`--format json` without the two models lists every model's stats.

Options:
""" + PERIOD_OPTIONS.format(default="all") + """\
  --model-a MODEL             the first model (raw id or display name)
  --model-b MODEL             the second model
  --format FMT                text or json [default: text]
  --no-color                  no colour even on a terminal
""" + PROVIDER_OPTION + PROJECT_OPTIONS + READ_OPTIONS + STRICT_OPTION + LAST_OPTIONS


def run(args: dict, env: Environment) -> ExitStatus:
    fmt = check_format(args["--format"], FORMATS, {"tui": "text"})
    want_a, want_b = args["--model-a"], args["--model-b"]
    if bool(want_a) != bool(want_b):
        raise UsageError("--model-a and --model-b go together", hint="give both, or neither to pick")
    tz = periods.resolve_zone(args["--timezone"], env.environ)
    period = periods.select_period(args["--period"], args["--from"], args["--to"], None, env.clock(), tz, "all")
    if not want_a and fmt == "text" and env.interactive:  # the user picks from the stats: nothing kept
        return _picked(args, env, period, tz)
    color = env.color(args["--no-color"])
    # The output is kept as written (for this format and colour): a repeat imports no report code.
    out = kept.output(args, env, "compare", period, tz,
                      lambda loaded: (_kept_doc(loaded, period, args, fmt, color), []), extra=[color], stores=True)
    emit_warnings(env, out.warnings)
    if "error" in out.doc:
        raise Failure(out.doc["error"])
    env.stdout.write(out.doc["text"])
    return out.status(args)


_NONE = "\n  Comparing needs two models with calls in this period; found {}.\n\n"


def _tables(u, period: periods.Period):
    """(turns, calls, primary model per turn, stats per model) of the period."""
    from codeburn.aggregate.turns import turn_table
    from codeburn.report import compare

    t = turn_table(u)
    c = compare.calls(u, t)
    primary = compare.primary_models(c, t.size)
    return t, c, primary, compare.model_stats(u, t, c, primary, _self_corrections(u, period))


def _kept_doc(loaded, period: periods.Period, args: dict, fmt: str, color: bool) -> dict:
    """{"text": the output} or {"error": a model not found}, for
    codeburn.commands.kept: with --format json and without the two models,
    every model's stats; else the two named, or the two costliest."""
    from codeburn.report import compare, jsjson

    t, c, primary, stats = _tables(loaded.usage, period)
    if not args["--model-a"] and fmt == "json":
        return {"text": jsjson.dumps(stats) + "\n"}
    try:
        pair = _named(stats, args["--model-a"], args["--model-b"]) if args["--model-a"] else \
            ((stats[0], stats[1]) if len(stats) >= 2 else None)
    except Failure as exc:
        return {"error": exc.message}
    if pair is None:
        return {"text": _NONE.format(len(stats))}
    doc = compare.report(pair[0], pair[1], t, c, primary, period.label, args["--provider"])
    return {"text": jsjson.dumps(doc) + "\n" if fmt == "json" else compare.render(doc, color)}


def _picked(args: dict, env: Environment, period: periods.Period, tz) -> ExitStatus:
    """compare on a terminal without --model-a/-b: the user picks the two."""
    loaded = load(args, env, period, tz, stores=True)
    from codeburn.report import compare

    t, c, primary, stats = _tables(loaded.usage, period)
    emit_warnings(env, loaded.warnings)
    pair = _chosen(stats, env)
    if pair is None:
        env.stdout.write(_NONE.format(len(stats)))
        return loaded.status(args)
    doc = compare.report(pair[0], pair[1], t, c, primary, period.label, args["--provider"])
    env.stdout.write(compare.render(doc, env.color(args["--no-color"])))
    return loaded.status(args)


def _self_corrections(u, period: periods.Period) -> dict[str, int]:
    """Found by the scan itself (codeburn.classify.selfcorrect): no second read."""
    from codeburn.classify import selfcorrect

    return selfcorrect.count(u.scan.cols, u.scan.strings, period.start_ms, period.end_ms)


def _named(stats: list[dict], a: str, b: str) -> tuple[dict, dict]:
    from codeburn.report.compare import find_model

    found = []
    for name in (a, b):
        s = find_model(stats, name)
        if s is None:
            known = ", ".join(x["model"] for x in stats[:8]) or "none"
            raise Failure(f'model not found: "{name}" (models with calls in this period: {known})')
        found.append(s)
    return found[0], found[1]


def _chosen(stats: list[dict], env: Environment) -> tuple[dict, dict] | None:
    """The user picks from the models by cost (on a terminal)."""
    if len(stats) < 2:
        return None
    from codeburn.cost.pricing import short_model_name
    from codeburn.report.text import money
    from codeburn.safetext import pad

    from codeburn.report import table

    env.stdout.write("\nModels by cost:\n")
    for i, s in enumerate(stats, 1):
        name = table.cells([short_model_name(s["model"])])[0]  # from the logs: escaped and clipped
        env.stdout.write(f"  {i:>2}. {pad(name, 24)} {money(s['cost']):>10}  {s['calls']:,} calls\n")
    picks = [_pick(env, stats, label, default) for label, default in (("first", 1), ("second", 2))]
    if picks[0] == picks[1]:
        raise UsageError("pick two different models")
    return stats[picks[0] - 1], stats[picks[1] - 1]


def _pick(env: Environment, stats: list[dict], label: str, default: int) -> int:
    env.stdout.write(f"Number of the {label} model [{default}]: ")
    env.stdout.flush()
    answer = env.stdin.readline().strip()
    if not answer:
        return default
    if not answer.isdigit() or not 1 <= int(answer) <= len(stats):
        raise UsageError(f'no model number "{answer}"', hint=f"a number from 1 to {len(stats)}")
    return int(answer)
