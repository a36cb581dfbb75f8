"""The figures of past days whose files are gone (commands.carry) added
to a headline: the report's overview and day rows, `overview`'s totals
and days, status's month, the menubar's headline and day history. Under
--project/--exclude a headline's tokens stay those of the files there are
(0.9.20's day history has no tokens per project); the day rows count the
kept projects' turns and tokens, as they count the live days' (README,
parity: the reference's filtered days show none)."""
from __future__ import annotations

from codeburn.aggregate.dayhistory import (CACHE_READ, CACHE_WRITE, CALLS, COST, EDITS, INPUT, ONE_SHOT, OUTPUT,
                                           SESSIONS, TURNS, Carried)
from codeburn.aggregate.periods import day_iso

NOTE = "includes {} preserved from expired session logs"
# (a report's token keys, and the kept figure each adds to)
TOKENS = (("input", INPUT), ("output", OUTPUT), ("cacheRead", CACHE_READ), ("cacheWrite", CACHE_WRITE))
MENUBAR_TOKENS = tuple((f"{key}Tokens", i) for key, i in TOKENS)   # (the menubar payload's spelling)


def to_overview(ov: dict, carried: Carried) -> None:
    """report's `overview` (its sessions are the caller's: build.day_sessions)."""
    from codeburn.report.build import cache_hit_percent

    ov["cost"] += carried.cost()
    ov["netCost"] = ov["cost"] - ov.get("proxiedCost", 0)
    ov["calls"] += int(carried.total(CALLS))
    tok = ov["tokens"]
    for key, i in TOKENS:
        tok[key] += int(carried.total(i))
    ov["cacheHitPercent"] = cache_hit_percent(tok["input"], tok["cacheRead"])


def to_daily(rows: list[dict], carried: Carried) -> list[dict]:
    """report's `daily` rows, a kept day added to its row (or a row of its own)."""
    from codeburn.report.build import one_shot_rate

    by_date = {r["date"]: r for r in rows}
    for day, f in carried.by_day().items():
        date = day_iso(day)
        row = by_date.get(date)
        if row is None:
            row = by_date[date] = {"date": date, "cost": 0.0, "savings": 0, "calls": 0, "turns": 0,
                                   "editTurns": 0, "oneShotTurns": 0, "oneShotRate": None}
        row["cost"] += f[COST]
        row["calls"] += int(f[CALLS])
        row["turns"] += int(f[TURNS])
        row["editTurns"] += int(f[EDITS])
        row["oneShotTurns"] += int(f[ONE_SHOT])
        row["oneShotRate"] = one_shot_rate(row["oneShotTurns"], row["editTurns"])
    return [by_date[d] for d in sorted(by_date)]


def to_overview_doc(doc: dict, carried: Carried) -> None:
    """`overview`'s totals, days and costliest days (its tool shares are of the total)."""
    from codeburn.report.build import cache_hit_percent
    from codeburn.report.overview import share, top_days

    totals = doc["totals"]
    totals["cost"] += carried.cost()
    totals["calls"] += int(carried.total(CALLS))
    split = totals["tokenSplit"]
    for key, i in TOKENS:
        split[key] += int(carried.total(i))
    totals["tokens"] = sum(split.values())
    totals["cacheHitPercent"] = cache_hit_percent(split["input"], split["cacheRead"])
    by_date = {d["date"]: d for d in doc["daily"]}
    for day, f in carried.by_day().items():
        date = day_iso(day)
        row = by_date.setdefault(date, {"date": date, "cost": 0.0, "tokens": 0, "providers": []})
        row["cost"] += f[COST]
        row["tokens"] += int(f[INPUT] + f[OUTPUT] + f[CACHE_READ] + f[CACHE_WRITE])
        row["providers"] = sorted(set(row["providers"]) | carried.providers_of(day))
    doc["daily"] = [by_date[d] for d in sorted(by_date)]
    doc["topDays"] = top_days(doc["daily"])
    for p in doc["providers"]:
        p["share"] = share(p["cost"], totals["cost"])
    if carried.expired > 0:   # (none when every gone file's calls are read again elsewhere: a warm run equals a cold one)
        doc["carriedCost"] = carried.expired


def to_menubar_current(current: dict, carried: Carried) -> None:
    """The menubar payload's headline (its sessions are the caller's) and
    the cost of each tool."""
    from codeburn.providers import PROVIDERS

    current["cost"] += carried.cost()
    current["calls"] += int(carried.total(CALLS))
    if not carried.filtered:
        for key, i in MENUBAR_TOKENS:
            current[key] += int(carried.total(i))
        denom = current["inputTokens"] + current["cacheReadTokens"]
        current["cacheHitPercent"] = current["cacheReadTokens"] / denom * 100 if denom else 0
    per: dict[str, float] = {}
    for e in carried.entries:
        per[e.provider] = per.get(e.provider, 0.0) + e.figs[COST]
    rows = current["providerDetails"]
    for provider, cost in per.items():
        row = next((r for r in rows if r["id"] == provider), None)
        if row is None:   # (after the tools with spend, before those listed at $0)
            at = next((i for i, r in enumerate(rows) if r["cost"] == 0), len(rows))
            row = {"id": provider, "label": PROVIDERS[provider].DISPLAY_NAME, "cost": 0.0}
            rows.insert(at, row)
        row["cost"] += cost
    current["providers"] = {r["label"].lower(): r["cost"] for r in rows}


def to_menubar_history(daily: list[dict], carried: Carried, tokens: bool = True) -> list[dict]:
    """The menubar payload's day history rows (a kept day's top models are
    its files' that are there; one with none there lists none)."""
    by_date = {r["date"]: r for r in daily}
    for day, f in carried.by_day().items():
        date = day_iso(day)
        row = by_date.setdefault(date, {"date": date, "cost": 0.0, "savingsUSD": 0, "calls": 0, "inputTokens": 0,
                                        "outputTokens": 0, "cacheReadTokens": 0, "cacheWriteTokens": 0,
                                        "topModels": []})
        row["cost"] += f[COST]
        row["calls"] += int(f[CALLS])
        if tokens:
            for key, i in MENUBAR_TOKENS:
                row[key] += int(f[i])
            row["topModels"] = _top_models(row["topModels"], [e for e in carried.entries if e.day == day])
    return [by_date[d] for d in sorted(by_date)]


def _top_models(shown: list[dict], entries: list) -> list[dict]:
    """A day row's top models with those of its kept entries added (the
    costliest first, those already shown first among equals)."""
    from codeburn.report.menubar import HISTORY_MODELS, SYNTHETIC

    rows = {m["name"]: dict(m) for m in shown}
    for e in entries:
        for name, cost, calls, inp, out in e.models:
            row = rows.setdefault(name, {"name": name, "cost": 0.0, "savingsUSD": 0, "calls": 0, "inputTokens": 0,
                                         "outputTokens": 0})
            row["cost"] += cost
            row["calls"] += calls
            row["inputTokens"] += inp
            row["outputTokens"] += out
    ranked = sorted(rows.values(), key=lambda m: -m["cost"])   # (stable: the shown order among equals)
    # (a kept day's models less those its files there are hold: none left is no row)
    return [m for m in ranked if m["name"] != SYNTHETIC and (m["calls"] > 0 or m["cost"] > 1e-12)][:HISTORY_MODELS]


def kept_projects(carried: Carried | None) -> dict[str, list]:
    """{project name: [cost, sessions, folder]} of the kept days (the
    menubar's top projects, as 0.9.20's day history keys them by name)."""
    out: dict[str, list] = {}
    for e in carried.entries if carried is not None else ():
        row = out.setdefault(e.name, [0.0, 0, e.folder])
        row[0] += e.figs[COST]
        row[1] += int(e.figs[SESSIONS])
    return out


def kept_sessions(carried: Carried | None) -> int:
    return int(carried.total(SESSIONS)) if carried is not None else 0
