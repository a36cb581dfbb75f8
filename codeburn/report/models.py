"""`codeburn models`: tokens and cost per model (spec commands §8), as rows
and as table, markdown, JSON and CSV text."""
from __future__ import annotations

import csv
import io
import math

import numpy as np

from codeburn._fast import agg
from codeburn.aggregate.arrays import distinct, unique
from codeburn.aggregate import model_labels
from codeburn.aggregate.model_labels import model_label
from codeburn.aggregate.turns import TurnTable, category_label
from codeburn.aggregate.usage import SYNTHETIC, Usage, bills_reasoning
from codeburn.classify.categories import CATEGORIES
from codeburn.cost import pricing
from codeburn.plainclass import dataclass, field
from codeburn.providers import PROVIDERS
from codeburn.report import jsjson, table
from codeburn.report.collate import locale_key
from codeburn.report.jsjson import js_fixed
from codeburn.safetext import csv_cell, md_cell, md_code

EMPTY = "No model usage found for the selected period."

MAIN_AGENT = "(main)"   # --by-agent's row for calls no subagent made
UNPRICED_EMPTY = "No unpriced models found for the selected period."
UNPRICED_HINT = ("These models have no price in codeburn's table (codeburn/data/prices.json): their calls count "
                 "at $0. A local model or a subscription SKU is $0 by right and not listed.")


@dataclass
class Row:
    provider: str
    model: str                 # the row's id (pricing.PriceTable.model_id)
    category: str | None       # with --by-task
    input: int = 0
    output: int = 0
    cache_write: int = 0
    cache_read: int = 0
    cost: float = 0.0
    calls: int = 0
    top_category: str | None = None
    top_share: float | None = None
    savings: float = 0.0
    by_category: dict[str, float] = field(default_factory=dict)
    raw_model: str = ""        # the first raw id the row met, which JSON shows as the reference does
    credits: float | None = None        # Codex subscription credits, None when no raw id has a rate
    credits_incomplete: bool = False    # some raw ids of the row have a credit rate, others not
    raw_shown: bool = False    # --unpriced: text shows the raw id (what a price would be keyed by)
    agent: str | None = None   # with --by-agent: the subagent type, or MAIN_AGENT

    @property
    def key(self) -> tuple:
        return (self.provider, self.model, self.category, self.agent)

    @property
    def total(self) -> int:
        return self.input + self.output + self.cache_write + self.cache_read

    @property
    def provider_display(self) -> str:
        return PROVIDERS[self.provider].DISPLAY_NAME if self.provider in PROVIDERS else self.provider

    @property
    def model_display(self) -> str:
        """The provider's own label for the row's first raw id (model_labels);
        the raw id itself, control characters shown as `?`, under --unpriced."""
        if self.raw_shown:
            return model_labels.shown(self.raw_model)
        return self.label

    @property
    def label(self) -> str:
        """The provider's own label for the row's first raw id (JSON's
        modelDisplayName, under --unpriced too: 0.9.20 shows raw ids in its
        table, markdown and CSV only)."""
        return model_label(self.provider, self.raw_model or self.model)


def model_rows(u: Usage, t: TurnTable, task: str | None, by: str | None, min_cost: float,
               top: int | None, unpriced: bool = False) -> list[Row]:
    """One row per (provider, model[, category or agent]) over the period's
    calls (`by`: None, "task" or "agent"); a call's category is its whole
    turn's, its agent its file's subagent type (MAIN_AGENT for any other
    file). With `unpriced`, only the rows of models that price at $0 with
    no known rate, most tokens first, `top` counted after that choice."""
    cols = u.scan.cols
    call_cat = t.category[t.of_call]
    keep = np.ones(u.sel.size, dtype=bool)
    if task is not None:
        wanted = CATEGORIES.index(task) if task in CATEGORIES else -1
        keep = call_cat == wanted
    raw_ids = cols["model"][u.sel]
    providers = [s.provider for s in u.scan.sources]
    file_of = cols["file"][u.sel]
    table = pricing.PriceTable.default()
    canon = {int(i): table.model_id(u.scan.strings[int(i)]) for i in distinct(raw_ids)}
    from codeburn.report.sessions import walk_order

    # The reference's walk decides which raw id names a row folding several
    # (openclaw-auto and claude-sonnet-4-5 are one canonical model) and the
    # order of rows of equal cost.
    pos = walk_order(u, np.flatnonzero(keep))
    agents = [(s.agent_type or MAIN_AGENT) if s.provider == "claude" else MAIN_AGENT for s in u.scan.sources]
    keys = [(providers[f], canon[m], CATEGORIES[c] if by == "task" else None, agents[f] if by == "agent" else None)
            for f, m, c in zip(file_of[pos].tolist(), raw_ids[pos].tolist(), call_cat[pos].tolist())]
    rows = _bucket(u, pos, keys, call_cat[pos], by is None)
    first_raw: dict[tuple, str] = {}
    for k, m in zip(keys, raw_ids[pos].tolist()):
        first_raw.setdefault(k, u.scan.strings[int(m)])
    for r in rows:
        r.raw_model = first_raw[r.key]
    _codex_credits(u, rows, pos, keys, raw_ids[pos].tolist())
    ordered = _grouped_order(rows) if by else sorted(rows, key=lambda r: -(r.cost + r.savings))
    kept = [r for r in ordered if r.cost >= min_cost or r.savings >= min_cost]
    if unpriced:
        kept = _unpriced_rows(kept)
    return kept[:top] if top is not None else kept


def _unpriced_rows(rows: list[Row]) -> list[Row]:
    """The rows of models with usage, nothing spent and no billable price
    (neither local nor a subscription SKU), ranked as the report's
    `unpricedModels` list: most tokens, then most calls, then by raw id;
    every row of a model where its first listed row ranks."""
    listed = [r for r in rows if r.raw_model and r.raw_model != SYNTHETIC and (r.calls > 0 or r.total > 0)
              and r.cost <= 0 and pricing.unpriced_name(r.raw_model)]
    rank: dict[str, int] = {}
    for r in sorted(listed, key=lambda r: (-r.total, -r.calls, r.raw_model.encode("utf-16-be"))):
        rank.setdefault(r.raw_model, len(rank))
    out = sorted((r for r in rows if r.raw_model in rank), key=lambda r: rank[r.raw_model])
    for r in out:
        r.raw_shown = True
    return out


def _bucket(u: Usage, pos: np.ndarray, keys: list[tuple], cats: np.ndarray, top: bool) -> list[Row]:
    """Sums per key, in the order keys first appear (ties keep that order)."""
    index: dict[tuple, int] = {}
    label = np.array([index.setdefault(k, len(index)) for k in keys], dtype=np.intp)
    n = len(index)
    tokens = np.stack([u.tokens(name)[pos] for name in ("input", "output", "cache_write", "cache_read")]) \
        if pos.size else np.zeros((4, 0), np.int64)
    if pos.size:  # output as billed: with the reasoning of providers that count it apart
        tokens[1] += u.tokens("reasoning")[pos] * bills_reasoning(u.scan)[u.scan.cols["file"][u.sel][pos]].astype(np.int64)
    tok = agg.group_sum_i64(label, np.ascontiguousarray(tokens), n)
    cost = agg.group_sum_f64(label, np.ascontiguousarray(u.cost[pos]), n)
    calls = u.calls(label, n, pos)
    rows = [Row(p, m, c, int(tok[0, i]), int(tok[1, i]), int(tok[2, i]), int(tok[3, i]), float(cost[i]),
                int(calls[i]), agent=a) for i, (p, m, c, a) in enumerate(index)]
    _top_categories(rows, keys, label, cats, u.cost[pos], top)
    return rows


def _codex_credits(u: Usage, rows: list[Row], pos: np.ndarray, keys: list[tuple], raws: list[int]) -> None:
    """Credits of Codex rows: each raw id's token sums at its own rate
    (pricing.codex_credits), added up per row in the order the ids appear."""
    mine = [i for i, k in enumerate(keys) if k[0] == "codex"]
    if not mine:
        return
    index: dict[tuple, int] = {}
    label = np.array([index.setdefault((keys[i], raws[i]), len(index)) for i in mine], dtype=np.intp)
    sums = _credit_sums(u, pos[mine], label, len(index))
    by_key = {r.key: r for r in rows}
    started: set[tuple] = set()
    for j, (key, raw) in enumerate(index):
        row, credits = by_key[key], pricing.codex_credits(u.scan.strings[raw], sums[0][j], sums[1][j], sums[2][j])
        if key not in started:
            started.add(key)
            row.credits = credits
            continue
        if (row.credits is not None) != (credits is not None):
            row.credits_incomplete = True
        if credits is not None:
            row.credits = (row.credits or 0.0) + credits


def _credit_sums(u: Usage, at: np.ndarray, label: np.ndarray, n: int) -> list[np.ndarray]:
    """Non-cached input, cached input and billed output per label of the
    selected calls at `at`."""
    billed = u.tokens("output")[at] + u.tokens("reasoning")[at] * bills_reasoning(u.scan)[
        u.scan.cols["file"][u.sel][at]].astype(np.int64)
    return [np.bincount(label, weights=w, minlength=n) for w in (u.tokens("input")[at], u.tokens("cache_read")[at],
                                                                  billed)]


def codex_credits_total(u: Usage) -> float:
    """Codex subscription credits of the period's calls (the menubar's codexCredits)."""
    codex = np.array([s.provider == "codex" for s in u.scan.sources], dtype=bool)
    at = np.flatnonzero(codex[u.scan.cols["file"][u.sel]]) if codex.any() else np.zeros(0, np.intp)
    if not at.size:
        return 0
    ids, label = unique(u.scan.cols["model"][u.sel][at], return_inverse=True)
    sums = _credit_sums(u, at, label.reshape(-1), ids.size)
    credits = [pricing.codex_credits(u.scan.strings[int(m)], sums[0][j], sums[1][j], sums[2][j])
               for j, m in enumerate(ids.tolist())]
    return sum(c for c in credits if c is not None)


def _top_categories(rows: list[Row], keys: list[tuple], label: np.ndarray, cats: np.ndarray,
                    cost: np.ndarray, top: bool) -> None:
    """Each (provider, model)'s costliest category and its share of the
    model's cost (`top`: the default view; a breakdown's rows have none)."""
    per_model: dict[tuple, dict[str, float]] = {}
    for (p, m, _, _), c, x in zip(keys, cats.tolist(), cost.tolist()):
        d = per_model.setdefault((p, m), {})
        d[CATEGORIES[c]] = d.get(CATEGORIES[c], 0.0) + x
    for r in rows:
        d = per_model.get((r.provider, r.model), {})
        r.by_category = d
        if top and d:
            top = max(d, key=lambda k: d[k])  # first of equal costs, as insertion order
            total = sum(d.values())
            r.top_category, r.top_share = top, (d[top] / total if total > 0 else 0.0)


def _grouped_order(rows: list[Row]) -> list[Row]:
    """Grouped by model (model total cost desc, then provider, then display
    name as JavaScript's localeCompare orders them), within a group by cost desc."""
    total = {(r.provider, r.model): sum(r.by_category.values()) for r in rows}
    return sorted(rows, key=lambda r: (-total[(r.provider, r.model)], locale_key(r.provider),
                                       locale_key(r.model_display), -(r.cost + r.savings)))


# --- text --------------------------------------------------------------------

def fmt_tokens(n: float) -> str:
    """The reference's formatTokens: `?` for what is not finite, 0 below
    zero, a whole number under a thousand (a float count, 902.0, is 902)."""
    if not math.isfinite(n):
        return "?"
    if n < 0:
        return "0"
    if n >= 1_000_000:
        return js_fixed(n / 1e6, 1) + "M"
    if n >= 1_000:
        return js_fixed(n / 1e3, 1) + "K"
    return str(math.floor(n + 0.5))  # Math.round


def fmt_cost(x: float) -> str:
    """The reference's formatCost: a USD amount in the display currency
    (codeburn currency), as every text output shows amounts."""
    from codeburn.cost import currency

    return currency.DISPLAY.format(x)


def _task_cell(r: Row, by: str | None) -> str:
    if by == "agent":
        return r.agent or ""
    if by == "task":
        return category_label(CATEGORIES.index(r.category)) if r.category else ""
    if r.top_category is None:
        return "-"
    return f"{category_label(CATEGORIES.index(r.top_category))} ({int(r.top_share * 100 + 0.5)}%)"


def _cells(r: Row, by: str | None) -> dict[str, str]:
    return {"provider": r.provider_display, "model": r.model_display, "task": _task_cell(r, by),
            "input": fmt_tokens(r.input), "output": fmt_tokens(r.output), "cacheWrite": fmt_tokens(r.cache_write),
            "cacheRead": fmt_tokens(r.cache_read), "total": fmt_tokens(r.total), "cost": fmt_cost(r.cost),
            "saved": fmt_cost(r.savings) if r.savings > 0 else "-"}


def _totals(rows: list[Row]) -> Row:
    t = Row("", "", None)
    for r in rows:
        t.input += r.input
        t.output += r.output
        t.cache_write += r.cache_write
        t.cache_read += r.cache_read
        t.cost += r.cost
        t.savings += r.savings
    return t


COLUMNS = [("provider", "Provider"), ("model", "Model"), ("task", "Top Task"), ("input", "Input"),
           ("output", "Output"), ("cacheWrite", "Cache Write"), ("cacheRead", "Cache Read"), ("total", "Total"),
           ("cost", "Cost"), ("saved", "Saved")]
# Dropped in this order when the terminal is too narrow.
DROP_ORDER = (("cacheWrite", "cacheRead"), ("input", "output"), ("task",), ("saved",))
LEFT = ("provider", "model", "task")
THIRD_HEADER = {None: "Top Task", "task": "Task", "agent": "Agent"}


def _headers(by: str | None) -> list[tuple[str, str]]:
    return [(k, THIRD_HEADER[by] if k == "task" else h) for k, h in COLUMNS]


def render_table(rows: list[Row], by: str | None, totals: bool, width: int, unpriced: bool = False) -> str:
    if not rows:
        return (UNPRICED_EMPTY if unpriced else EMPTY) + "\n"
    cols = _headers(by)
    if not any(r.savings > 0 for r in rows):
        cols = [c for c in cols if c[0] != "saved"]
    body: list[list[str] | None] = []
    prev = None
    for r in rows:
        cells = _cells(r, by)
        group = (r.provider, r.model)
        if by and group == prev:
            cells["provider"] = cells["model"] = ""
        elif by and prev is not None:
            body.append(None)  # a rule between model groups
        prev = group
        body.append(cells)
    if totals:
        t = _cells(_totals(rows), by)
        t.update(provider="", model="Total", task="", total=fmt_tokens(_totals(rows).total))
        body.extend([None, t])
    for drop in DROP_ORDER:
        if _width(cols, body) <= width:
            break
        cols = [c for c in cols if c[0] not in drop]
    return _format(cols, body) + (UNPRICED_HINT + "\n" if unpriced else "")


def _shown(cols, body) -> list[list[str] | None]:
    """Header and rows as printed (escaped, clipped: report.table); None = a rule."""
    return [table.cells([h for _, h in cols])] + [None if row is None else table.cells([row[k] for k, _ in cols])
                                                   for row in body]


def _width(cols, body) -> int:
    return sum(table.widths(_shown(cols, body))) + 2 * len(cols)


def _format(cols, body) -> str:
    shown = _shown(cols, body)
    widths = table.widths(shown)
    right = [k not in LEFT for k, _ in cols]
    rule = "  " + "  ".join("-" * w for w in widths)
    out = [rule if row is None else table.line(row, widths, right).rstrip() for row in shown]
    out.insert(1, rule)
    return "\n".join(out) + "\n"


def render_markdown(rows: list[Row], by: str | None, totals: bool, unpriced: bool = False) -> str:
    if not rows:
        return (UNPRICED_EMPTY if unpriced else EMPTY) + "\n"
    header = [h for _, h in _headers(by)]
    lines = ["| " + " | ".join(header) + " |", "| --- | --- | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |"]
    for r in rows:
        c = {k: md_cell(v) for k, v in _cells(r, by).items()}
        c["model"] = md_code(r.model_display)
        lines.append("| " + " | ".join(c[k] for k, _ in COLUMNS) + " |")
    if totals:
        t = _totals(rows)
        cells = ["", "**Total**", ""] + [f"**{fmt_tokens(v)}**" for v in (t.input, t.output, t.cache_write,
                                                                         t.cache_read, t.total)]
        cells += [f"**{fmt_cost(t.cost)}**", f"**{fmt_cost(t.savings)}**" if t.savings > 0 else "-"]
        lines.append("| " + " | ".join(cells) + " |")
    return "\n".join(lines) + "\n"


def render_json(rows: list[Row]) -> str:
    return jsjson.dumps([{
        "provider": r.provider, "providerDisplayName": r.provider_display, "model": r.raw_model or r.model,
        "modelDisplayName": r.label, "category": r.category or r.top_category,
        "agentType": r.agent, "topCategory": r.top_category, "topCategoryShare": r.top_share,
        "inputTokens": r.input, "outputTokens": r.output, "cacheWriteTokens": r.cache_write,
        "cacheReadTokens": r.cache_read, "totalTokens": r.total, "calls": r.calls, "costUSD": r.cost,
        "savingsUSD": r.savings, "savingsBaselineModel": "", "credits": r.credits,
        "creditsIncomplete": r.credits_incomplete,
    } for r in rows]) + "\n"


def render_csv(rows: list[Row], by: str | None) -> str:
    task_cols = [by] if by else ["top_task", "top_task_share"]
    header = ["provider", "model", *task_cols, "input_tokens", "output_tokens", "cache_write_tokens",
              "cache_read_tokens", "total_tokens", "calls", "cost_usd", "savings_usd", "savings_baseline_model"]
    buf = io.StringIO()
    w = csv.writer(buf, lineterminator="\n")
    w.writerow(header)
    for r in rows:
        if by:
            task = [csv_cell(_task_cell(r, by))]
        else:
            task = [category_label(CATEGORIES.index(r.top_category)) if r.top_category else "",
                    js_fixed(r.top_share, 4) if r.top_share is not None else ""]
        w.writerow([csv_cell(r.provider_display), csv_cell(r.model_display), *task, r.input, r.output,
                    r.cache_write, r.cache_read, r.total, r.calls, js_fixed(r.cost, 6), js_fixed(r.savings, 6), ""])
    return buf.getvalue()
