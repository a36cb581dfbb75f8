"""`codeburn blocks`: Claude's 5-hour billing windows, as ccusage's `blocks`
reports them. A block starts at the (UTC) hour of its first call and takes
every later call within 5 hours of that start, unless 5 hours pass without
a call; a silence longer than that is shown as a gap. The block that is
still open (its last call less than 5 hours ago and its 5 hours not over)
is active: it gets a burn rate and a projection to its end.
"""
from __future__ import annotations

import math
from typing import TYPE_CHECKING

from codeburn.report.isotime import iso_ms

if TYPE_CHECKING:
    from codeburn.aggregate.usage import Usage

# (numpy and the usage code are imported by spans() only: a repeat of
# `codeburn blocks` renders kept spans without them, codeburn.commands.kept)

HOUR_MS = 3_600_000
BLOCK_MS = 5 * HOUR_MS
PROVIDER = "claude"


def blocks(u: Usage, now_ms: int) -> list[dict]:
    """Blocks and gaps in time order over the period's Claude calls."""
    return at(spans(u), now_ms)


def spans(u: Usage) -> list[dict]:
    """The blocks and gaps before the clock is looked at: each block with
    what its active state needs (its first call, its input and output
    tokens) under "_clock" (codeburn.commands.kept keeps these)."""
    import numpy as np

    from codeburn.report.build import TOKEN_FIELDS

    claude = np.array([s.provider == PROVIDER for s in u.scan.sources], dtype=bool)
    keep = claude[u.scan.cols["file"][u.sel]] if u.sel.size else np.zeros(0, bool)
    sel_ts = u.scan.cols["ts"][u.sel]
    order = np.flatnonzero(keep)
    order = order[np.argsort(sel_ts[order], kind="stable")]
    ts = sel_ts[order]
    if not ts.size:
        return []
    tokens = np.stack([u.tokens(k)[order] for k in TOKEN_FIELDS])
    cost = u.cost[order]
    models = u.scan.cols["model"][u.sel][order]
    silences = np.flatnonzero(np.diff(ts) > BLOCK_MS) + 1  # a call after 5 quiet hours opens a block
    out: list[dict] = []
    i = 0
    while i < ts.size:
        start = int(ts[i]) // HOUR_MS * HOUR_MS
        end = int(np.searchsorted(ts, start + BLOCK_MS, side="right"))
        nxt = silences[np.searchsorted(silences, i, side="right"):]
        if nxt.size and nxt[0] < end:
            end = int(nxt[0])
        block = _block(u, start, ts[i:end], tokens[:, i:end], cost[i:end], models[i:end])
        gap_at = int(ts[i - 1]) + BLOCK_MS if out and int(ts[i]) - int(ts[i - 1]) > BLOCK_MS else None
        # by start time, as ccusage lists them: a gap that ends in the hour the block is floored to comes after it
        if gap_at is not None and gap_at <= start:
            out.append(_gap(gap_at, int(ts[i])))
        out.append(block)
        if gap_at is not None and gap_at > start:
            out.append(_gap(gap_at, int(ts[i])))
        i = end
    return out


def _block(u: Usage, start: int, ts, tokens, cost, models) -> dict:
    from codeburn.aggregate.usage import SYNTHETIC

    names = []
    for m in dict.fromkeys(models.tolist()):
        name = u.scan.strings[m]
        if name and name != SYNTHETIC:
            names.append(name)
    t_in, t_out, t_cr, t_cw = (int(x) for x in tokens.sum(axis=1))
    total = t_in + t_out + t_cr + t_cw
    last = int(ts[-1])
    return {
        "id": iso_ms(start), "startTime": iso_ms(start), "endTime": iso_ms(start + BLOCK_MS),
        "actualEndTime": iso_ms(last), "isActive": False, "isGap": False, "entries": int(ts.size),
        "tokenCounts": {"inputTokens": t_in, "outputTokens": t_out, "cacheCreationInputTokens": t_cw,
                        "cacheReadInputTokens": t_cr},
        "totalTokens": total, "costUSD": float(cost.sum()), "models": names, "burnRate": None, "projection": None,
        "_clock": [start, int(ts[0]), last, t_in + t_out],
    }


def at(rows: list[dict], now_ms: int) -> list[dict]:
    """The rows of spans() as they stand at now_ms: the block still open
    is active, with its burn rate and projection."""
    out = []
    for r in rows:
        if "_clock" not in r:
            out.append(r)
            continue
        start, first, last, in_out = r["_clock"]
        r = {k: v for k, v in r.items() if k != "_clock"}
        r["isActive"] = active = now_ms - last < BLOCK_MS and now_ms < start + BLOCK_MS
        if active:
            total, spent = r["totalTokens"], r["costUSD"]
            r["burnRate"] = burn = _burn_rate(first, last, total, in_out, spent)
            r["projection"] = _projection(burn, start + BLOCK_MS, now_ms, total, spent) if burn else None
        out.append(r)
    return out


def overlapping(rows: list[dict], start_ms: int, end_ms: int) -> list[dict]:
    """The blocks that overlap [start_ms, end_ms] (a block runs 5 hours from
    its start), and the gaps between two of them (a gap ends at the call
    that opens the next block, which starts at that call's hour)."""
    from codeburn._fast.reader import parse_iso_ms

    def bounds(r):
        return parse_iso_ms(r["startTime"]), parse_iso_ms(r["endTime"])

    starts = {b[0] for r in rows if not r["isGap"] and (b := bounds(r))[0] <= end_ms and b[1] > start_ms}
    first = min(starts, default=0)

    def kept(r) -> bool:
        begin, end = bounds(r)
        return end // HOUR_MS * HOUR_MS in starts and first < begin if r["isGap"] else begin in starts

    return [r for r in rows if kept(r)]


def _burn_rate(first: int, last: int, tokens: int, in_out: int, cost: float) -> dict | None:
    """Per minute (tokens) and per hour (cost) between the block's first and
    last call; none for a block with a single instant."""
    minutes = (last - first) / 60_000
    if minutes <= 0:
        return None
    return {"tokensPerMinute": tokens / minutes, "tokensPerMinuteForIndicator": in_out / minutes,
            "costPerHour": cost / minutes * 60}


def _projection(burn: dict, end_ms: int, now_ms: int, tokens: int, cost: float) -> dict:
    """Where the block ends up if the burn rate holds for its whole minutes
    left (ccusage projects over the rounded minutes)."""
    left = math.floor(max(0.0, (end_ms - now_ms) / 60_000) + 0.5)
    return {"totalTokens": math.floor(tokens + burn["tokensPerMinute"] * left + 0.5),
            "totalCost": math.floor((cost + burn["costPerHour"] / 60 * left) * 100 + 0.5) / 100,
            "remainingMinutes": left}


def _gap(start: int, end: int) -> dict:
    return {"id": f"gap-{iso_ms(start)}", "startTime": iso_ms(start), "endTime": iso_ms(end), "actualEndTime": None,
            "isActive": False, "isGap": True, "entries": 0,
            "tokenCounts": {"inputTokens": 0, "outputTokens": 0, "cacheCreationInputTokens": 0,
                            "cacheReadInputTokens": 0},
            "totalTokens": 0, "costUSD": 0, "models": [], "burnRate": None, "projection": None}


def render(rows: list[dict], tz, color: bool = False) -> str:
    import datetime as dt

    from codeburn.report.text import Out, money, tokens

    out = Out(color)
    out.line()
    if not rows:
        out.line("  No Claude usage found in this period.")
        out.line()
        return "".join(out.parts)
    local = lambda iso: dt.datetime.fromisoformat(iso.replace("Z", "+00:00")).astimezone(tz).strftime(  # noqa: E731
        "%Y-%m-%d %H:%M")
    table = []
    for b in rows:
        if b["isGap"]:
            table.append([local(b["startTime"]), f"gap to {local(b['endTime'])}", "", "", "", ""])
            continue
        rate = money(b["burnRate"]["costPerHour"]) + "/h" if b["burnRate"] else ""
        table.append([local(b["startTime"]), "ACTIVE" if b["isActive"] else "ended",
                      ", ".join(_short(m) for m in b["models"]), tokens(b["totalTokens"]), money(b["costUSD"]), rate])
    out.table("Claude 5-hour blocks", ["start", "status", "models", "tokens", "cost", "burn rate"], table, left=3)
    active = next((b for b in rows if b["isActive"]), None)
    if active and active["projection"]:
        p = active["projection"]
        out.line(f"  Active block: {money(active['costUSD'])} so far; at this rate {money(p['totalCost'])} and "
                 f"{tokens(p['totalTokens'])} tokens by {local(active['endTime'])} ({p['remainingMinutes']} min left)")
        out.line()
    return "".join(out.parts)


def _short(model: str) -> str:
    from codeburn.cost.pricing import short_model_name

    return short_model_name(model)
