"""Prices, lookup and display names (spec classifier-and-parser §4)."""
import pytest

from codeburn.cost.pricing import PriceTable, calculate_cost, looks_local, short_model_name

T = PriceTable.default()


def cost(model, *args, **kw):
    return calculate_cost(T.lookup(model), *args, **kw)


def test_worked_example():
    assert cost("claude-sonnet-4-5", 1000, 500, 2000, 10000) == pytest.approx(0.021, rel=1e-12)


def test_one_hour_cache_writes():
    assert cost("claude-opus-4-7", 0, 0, 1_000_000, 0) == pytest.approx(6.25, rel=1e-12)
    assert cost("claude-opus-4-7", 0, 0, 1_000_000, 0, one_hour=1_000_000) == pytest.approx(10.0, rel=1e-12)
    assert cost("claude-opus-4-7", 0, 0, 100_000, 0, one_hour=60_000) == pytest.approx(0.85, rel=1e-12)
    assert cost("claude-opus-4-7", 0, 0, 60_120, 0, one_hour=60_120) == pytest.approx(0.6012, rel=1e-12)
    assert cost("claude-opus-4-7", 0, 0, 60_120, 0) == pytest.approx(0.37575, rel=1e-12)


def test_fast_mode_and_web_search():
    std = cost("claude-opus-4-7", 1000, 100, 0, 0, 3)
    assert std == pytest.approx(0.005 + 0.0025 + 0.03, rel=1e-12)
    assert cost("claude-opus-4-7", 1000, 100, 0, 0, 3, fast=True) == pytest.approx(6 * std, rel=1e-12)
    assert cost("claude-opus-4-8", 1000, 100, 0, 0, fast=True) == pytest.approx(2 * 0.0075, rel=1e-12)
    assert cost("claude-sonnet-4-5", 1000, 0, 0, 0, fast=True) == pytest.approx(0.003, rel=1e-12)


def test_invalid_numbers_count_zero():
    assert cost("claude-sonnet-4-5", -5, float("nan"), 0, float("inf")) == 0.0


@pytest.mark.parametrize("model,rates", [
    ("claude-opus-4-7", (5, 25, 6.25, 0.5, 6)),
    ("claude-sonnet-4-5-20250929", (3, 15, 3.75, 0.3, 1)),
    ("claude-sonnet-4-6@20250929", (3, 15, 3.75, 0.3, 1)),
    ("claude-opus-4-6-20260205", (5, 25, 6.25, 0.5, 6)),
    ("anthropic/claude-opus-4-6", (5, 25, 6.25, 0.5, 6)),
    ("claude-3-5-haiku-20241022", (1, 5, 1.25, 0.1, 1)),
    ("claude-4-opus", (15, 75, 18.75, 1.5, 1)),
    ("claude-opus-4-8-foo", (5, 25, 6.25, 0.5, 2)),
    ("claude-haiku-4.5", (1, 5, 1.25, 0.1, 1)),
    ("Claude Sonnet 4.6", (3, 15, 3.75, 0.3, 1)),
    ("gpt-5", (1.25, 10, 1.5625, 0.125, 1)),
    ("gpt-5-fast", (1.25, 10, 1.5625, 0.125, 1)),
    ("claude-sonnet-latest", (2, 10, 2.5, 0.2, 1)),
])
def test_lookup(model, rates):
    c = T.lookup(model)
    assert c is not None, model
    got = (c.input * 1e6, c.output * 1e6, c.cache_write * 1e6, c.cache_read * 1e6, c.fast_multiplier)
    assert got == pytest.approx(rates, rel=1e-9)


def test_unknown_model_costs_nothing():
    assert T.lookup("mystery-model-9") is None
    assert cost("mystery-model-9", 1000, 1000, 0, 0) == 0.0
    assert T.lookup("<synthetic>") is None


@pytest.mark.parametrize("model,name", [
    ("claude-opus-4-7", "Opus 4.7"), ("claude-sonnet-4-5-20250929", "Sonnet 4.5"), ("claude-sonnet-4-20250514", "Sonnet 4"),
    ("claude-haiku-4-5-20251001", "Haiku 4.5"), ("claude-opus-9-9-20300101", "Opus 9.9"),
    ("claude-3-7-sonnet-20250219", "Sonnet 3.7"), ("claude-3-5-haiku-20241022", "Haiku 3.5"),
    ("gpt-4o-mini", "GPT-4o Mini"), ("gpt-5.3-codex-high", "GPT-5.3 Codex"), ("claude-fable-5", "Fable 5"),
    ("anthropic/claude-opus-4-6", "Opus 4.6"), ("<synthetic>", "<synthetic>"), ("mystery-model-9", "mystery-model-9"),
])
def test_display_names(model, name):
    assert short_model_name(model) == name


def test_local_looking_names():
    assert looks_local("qwen3.6:35b-a3b-bf16") and looks_local("llama-3-8b-q4") and not looks_local("claude-opus-4-7")


def test_prefix_step_takes_the_longest_key_ending_at_a_dash():
    """Lookup step 6-7 reads only the name's starts that end at a "-" (or
    the whole name); it must pick what a walk of every key, longest first,
    picks: the longest key equal to the name or followed in it by "-"."""
    from codeburn.cost.pricing import _dash_prefixes

    keys = sorted(T._primary, key=len, reverse=True)

    def by_walk(name):
        return next((k for k in keys if name == k or name.startswith(k + "-")), None)

    def by_cuts(name):
        return next((k for k in _dash_prefixes(name) if k in T._primary), None)

    names = ["", "-", "--x", "claude-opus-4-8-foo", "gpt-5-codex-experimental-x1", "claude-sonnet-4-5-2025-x",
             "mystery-model-9"]
    names += [k + tail for k in list(T._primary)[::7] for tail in ("", "-", "-20991231", "x", "--y")]
    assert [by_cuts(n) for n in names] == [by_walk(n) for n in names]
    assert by_cuts("claude-opus-4-8-foo") == "claude-opus-4-8"
