from __future__ import annotations

from codeburn import config
from codeburn.aggregate import periods
from codeburn.commands.common import LAST_OPTIONS, READ_OPTIONS, check_format, emit_warnings
from codeburn.cost import budgets
from codeburn.env import Environment
from codeburn.status import ExitStatus

FORMATS = ("text", "json")

__doc__ = """codeburn budget: daily, weekly and monthly spend limits.

Usage:
  codeburn budget [options]

With no option, or with --list, the budgets set. The options
`--daily`, `--weekly` and `--monthly` set limits (amounts in the display
currency, see `codeburn currency`), kept as `budget` in
~/.config/codeburn/config.json, and `--remove` takes one away. With
`--check`, today's, the week's (today and the 7 days before) and this
month's spend are read once, each budget is shown as OK (below 80%), WARN
or OVER, and the exit status is 1 when any is over: for cron jobs and CI.

Options:
""" + """\
  --daily AMOUNT              set the daily budget
  --weekly AMOUNT             set the weekly budget
  --monthly AMOUNT            set the monthly budget
  --list                      list the budgets
  --remove PERIOD             remove the daily, weekly or monthly budget
  --check                     spend against every budget; exit 1 when one is over
  --format FMT                text or json (--check) [default: text]
""" + READ_OPTIONS + LAST_OPTIONS


def run(args: dict, env: Environment) -> ExitStatus:
    fmt = check_format(args["--format"], FORMATS)
    amounts = {t: budgets.check_amount(args[f"--{t}"], f"--{t}") for t in budgets.TIERS if args[f"--{t}"] is not None}
    if args["--remove"]:
        config.update(env.home, lambda doc: budgets.remove(doc, args["--remove"]))
        env.stdout.write(f"\n  Removed the {args['--remove']} budget.\n  Config: {config.path(env.home)}\n\n")
        return ExitStatus.OK
    if args["--check"]:
        return _check(args, env, fmt)
    if amounts:
        config.update(env.home, lambda doc: budgets.set_amounts(doc, amounts))
        env.stdout.write("\n  Budget saved.")
    env.stdout.write(_list(env))
    return ExitStatus.OK


def _list(env: Environment) -> str:
    from codeburn.cost.currency import active

    set_ = budgets.entries(config.document(env.home))
    if not set_:
        return (f"\n  No budgets set.\n  Config: {config.path(env.home)}\n"
                "  Add one with: codeburn budget --monthly AMOUNT\n\n")
    money = active(env.home).format
    return "\n  Budgets:\n" + "".join(f"    {t}: {money(a, converted=True)}\n" for t, a in set_) + \
        f"  Config: {config.path(env.home)}\n\n"


def _check(args: dict, env: Environment, fmt: str) -> ExitStatus:
    from codeburn.cost.currency import active

    set_ = budgets.entries(config.document(env.home))
    if not set_:
        env.stdout.write("\n  No budgets set.\n  Add one with: codeburn budget --monthly AMOUNT\n\n")
        return ExitStatus.OK
    cur = active(env.home)
    rows, warnings = check(args, env, set_, cur)
    emit_warnings(env, warnings)
    if fmt == "json":
        from codeburn.report import jsjson

        usd = [dict(r, spent=r["spent"] / cur.rate, budget=r["budget"] / cur.rate, projected=r["projected"] / cur.rate)
               for r in rows]
        env.stdout.write(jsjson.dumps({"currency": "USD", "budgets": usd}) + "\n")
    else:
        money = lambda x: cur.format(x, converted=True)  # noqa: E731
        env.stdout.write("\n" + "".join(budgets.check_line(r, money) + "\n" for r in rows) + "\n")
    return ExitStatus.ERROR if any(r["state"] == "over" for r in rows) else ExitStatus.OK


def check(args: dict, env: Environment, set_: list, cur) -> tuple[list[dict], list[str]]:
    """Each budget's status from one read reaching back to the earliest
    period start (spend of every provider and project)."""
    from codeburn.commands import kept

    tz = periods.resolve_zone(args["--timezone"], env.environ)
    now = env.clock()
    spans = {t: periods.named_period(budgets.PERIOD_OF[t], now, tz) for t, _ in set_}
    wide = periods.Period(min(p.start_ms for p in spans.values()), max(p.end_ms for p in spans.values()), "", "budget")
    out = kept.output({**args, "--provider": "all", "--project": [], "--exclude": []}, env, "budget", wide, tz,
                      lambda loaded: (_spent(loaded.usage, spans), []), classify_turns=False,
                      extra=[[t, p.start_ms, p.end_ms] for t, p in spans.items()])
    rows = []
    for tier, amount in set_:
        spent = cur.convert(out.doc[tier])
        rows.append(budgets.status(tier, spent, amount, *budgets.progress(tier, spans[tier].start_ms, now, tz)))
    return rows, out.warnings


def _spent(u, spans: dict) -> dict:
    """USD spent per budget tier over its period (the kept part of --check)."""
    from codeburn.report.build import total_cost

    return {tier: total_cost(u.cost[(u.times >= p.start_ms) & (u.times <= p.end_ms)]) for tier, p in spans.items()}
