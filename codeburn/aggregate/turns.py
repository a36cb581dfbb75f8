"""The turns of a report: every turn with at least one call in the period,
with the facts the reader and classifier computed over the whole turn
(category, edits, retries, skill; spec classifier §1.5, §2) and what the
period kept of it (cost, day, primary model).
"""
from __future__ import annotations

import numpy as np

from codeburn._fast import agg
from codeburn.aggregate.arrays import unique
from codeburn.aggregate.periods import local_day_numbers
from codeburn.aggregate.usage import SYNTHETIC, Usage, labels, rows_of
from codeburn.classify.categories import CATEGORIES, LABELS
from codeburn.classify.ruleset import TOOL_FLAGS
from codeburn.plainclass import dataclass

TS_NONE = -(2 ** 63)  # the reader's mark for a call or prompt without a usable time (_fast/reader.pyx)


@dataclass
class TurnTable:
    of_call: np.ndarray    # per selected call: its row in this table
    call_day: np.ndarray   # per selected call: its own local day
    day: np.ndarray        # per turn: local day number
    cost: np.ndarray       # per turn: USD of its calls in the period
    category: np.ndarray   # per turn: index into CATEGORIES
    edit: np.ndarray       # per turn: bool, an edit tool ran (a "edit turn")
    one_shot: np.ndarray   # per turn: edit turn with no retry
    retries: np.ndarray    # per turn
    skill: np.ndarray      # per turn: interned skill name id, -1 for none
    primary: np.ndarray    # per turn: display-model index of its first non-synthetic call, -1 for none
    edit_cost: np.ndarray  # per turn: USD of its non-synthetic calls
    counts: np.ndarray     # per turn: 1 when it holds an API call, 0 for supplementary tokens only (records.Call)
    first_day: np.ndarray  # per turn: local day of its first call in the period
    prompt_day: np.ndarray  # per turn: local day of its prompt (a provider turn: its first call), -1 for none
    whole: np.ndarray      # per turn: bool, every call of it is in the period
    untimed: np.ndarray    # per turn: bool, a call of it has no time (so is in no period)
    cut: np.ndarray        # per turn: bool, the period left out a dated call of it

    @property
    def size(self) -> int:
        return int(self.day.size)


def category_label(index: int) -> str:
    return LABELS[CATEGORIES[index]]


def turn_table(u: Usage, lean: bool = False) -> TurnTable:
    """u's turns; `lean`: only what the day rows count (days, edit and
    one-shot flags, counts), the rest left empty (the day history's pass,
    made after a report's output: 5 MB less at 476k calls)."""
    cols = u.scan.cols
    turn_ids, first, of_call = unique(rows_of(cols["turn"], u.sel), return_index=True, return_inverse=True)
    of_call = of_call.reshape(-1).astype(np.int32)  # (4 bytes a call; turns are int32 rows)
    n = turn_ids.size
    day, first_day, prompt_day, whole, untimed, cut = _days(u, turn_ids, first, of_call)
    del first
    flags = cols["turn_flags"][turn_ids]
    retries = cols["turn_retries"][turn_ids]
    edit = (flags & TOOL_FLAGS["edit"]) != 0
    if lean:
        none = np.zeros(0, dtype=np.int32)
        return TurnTable(of_call=of_call, call_day=u.day, day=day, cost=none.astype(np.float64), category=none,
                         edit=edit, one_shot=edit & (retries == 0), retries=none, skill=none, primary=none,
                         edit_cost=none.astype(np.float64), counts=(u.calls(of_call, n) > 0).astype(np.int32),
                         first_day=first_day, prompt_day=prompt_day, whole=whole, untimed=untimed, cut=cut)
    primary, edit_cost = _primary_models(u, of_call, n)
    return TurnTable(
        of_call=of_call, call_day=u.day, day=day,
        cost=agg.group_sum_f64(of_call, u.cost, n),
        category=cols["turn_category"][turn_ids].astype(np.int32), edit=edit, one_shot=edit & (retries == 0),
        retries=retries.astype(np.int32), skill=cols["turn_skill"][turn_ids], primary=primary, edit_cost=edit_cost,
        counts=(u.calls(of_call, n) > 0).astype(np.int32), first_day=first_day, prompt_day=prompt_day, whole=whole,
        untimed=untimed, cut=cut)


def _days(u: Usage, turn_ids: np.ndarray, first: np.ndarray, of_call: np.ndarray):
    """A turn's day is that of its prompt's timestamp, unless the period cut
    some of its calls off (or it has no prompt): then it is re-anchored to
    its first call inside the period (spec commands §2.4). So a prompt sent at
    23:59 whose calls run after midnight stays on the prompt's day; a prompt
    outside the period never files a turn under a day the report lacks.
    Also returns each turn's first in-period call's day, its prompt's day
    (-1 without one), whether the period holds all of it, whether a call
    of it has no time (in no period: the turn is not whole either) and
    whether the period left out a dated call of it."""
    cols = u.scan.cols
    first_day = u.day[first]
    if not turn_ids.size:
        none = np.zeros(0, dtype=bool)
        return first_day, first_day, first_day, none, none, none
    n = int(turn_ids.max()) + 1
    rows = agg.group_count(cols["turn"], n)[turn_ids]
    timed = agg.group_count(cols["turn"][cols["ts"] != TS_NONE], n)[turn_ids]
    kept = agg.group_count(of_call, turn_ids.size)
    whole, untimed, cut = rows == kept, timed < rows, timed > kept
    prompt_ts = cols["turn_ts"][turn_ids]  # TS_NONE (no prompt time) is below every period start
    has_prompt = prompt_ts > TS_NONE
    prompt_day = np.full(turn_ids.size, -1, dtype=np.int32)
    prompt_day[has_prompt] = local_day_numbers(prompt_ts[has_prompt], u.tz)
    use_prompt = whole & (prompt_ts >= u.period.start_ms) & (prompt_ts <= u.period.end_ms)
    day = first_day.copy()
    day[use_prompt] = prompt_day[use_prompt]
    return day, first_day, prompt_day, whole, untimed, cut


def _primary_models(u: Usage, of_call: np.ndarray, n: int) -> tuple[np.ndarray, np.ndarray]:
    """Model credited with a turn's edits: its first call whose display name
    is not <synthetic>; and the cost of those non-synthetic calls."""
    synthetic = u.model_names.index(SYNTHETIC) if SYNTHETIC in u.model_names else -1
    real = (u.model_label != synthetic).view(np.uint8)
    # Selected calls are in row order, and a turn's rows are in call order.
    return agg.group_first(of_call, labels(u.model_label), n, real), agg.group_sum_f64(of_call, u.cost, n, real)


def daily_row_days(t: TurnTable, start_day: int, today: int) -> tuple[np.ndarray, np.ndarray]:
    """Per turn: the past day (before `today`) the report's daily rows count
    it on, -1 for none; and whether they count it on `today` too.

    CodeBurn 0.9.20 builds those rows from a day history read once over every
    past day, whatever the period (a turn on its prompt's day, or on its first
    call's when it runs on into today), plus today's own read (a turn cut at
    midnight counts there again, re-anchored to today). So a turn whose prompt
    came before the period counts on none of its days, and one that runs past
    midnight into today counts twice (measured on such shapes dated around
    today). The past read's turn is the turn's calls before today, dated by
    the first of them in the log's order: a turn whose times go back (a call
    written without a zone, read as local time, before one with a zone)
    counts on that earlier day too. A turn with a call that has no time
    is sliced by both reads as a turn without a prompt is, re-anchored to
    its dated calls (measured: a prompt at 23:59, a call after midnight and
    one with no time count on the call's day, today's read included)."""
    has_prompt = (t.prompt_day >= 0) & ~t.untimed
    cut_start = t.cut & (~has_prompt | (t.prompt_day < start_day))
    last_day = agg.group_extreme(t.of_call, t.call_day, t.size, largest=True)  # (every turn has a call)
    into_today = last_day >= today
    past_first = _first_day_before(t, today)
    has_past = past_first >= 0
    before_today = cut_start | has_past
    anchor = np.where(has_prompt & ~into_today, t.prompt_day, past_first)
    past = np.where(before_today & ~cut_start & (anchor >= start_day) & (anchor < today), anchor, -1)
    on_today = into_today & (cut_start | has_past | ~has_prompt | (t.prompt_day == today))
    return past, on_today


def _first_day_before(t: TurnTable, today: int) -> np.ndarray:
    """Per turn, the day of its first call (in row order) dated before
    `today`; -1 when it has none."""
    before = (t.call_day < today).view(np.uint8)
    return agg.group_first(t.of_call, labels(t.call_day), t.size, before).astype(np.int64)
