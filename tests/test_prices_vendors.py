"""Exact per-token prices across vendors, from the published per-million
figures (LiteLLM 1.97.0's model_prices_and_context_window.json unless noted),
resolved through every lookup rule: dated and pinned ids, vendor prefixes,
Bedrock region prefixes, aliases, gap-fill rows, the cache defaults (write
1.25x input when no write rate is published, read 0.1x input) and the fast
multiplier. The reference (CodeBurn 0.9.20) resolves each id to the same
tuple (bench/compare_prices.py runs it on these and ~6,000 more ids)."""
from decimal import Decimal

import pytest

from codeburn.cost.pricing import PriceTable, calculate_cost, short_model_name

T = PriceTable.default()


def per_token(usd_per_million) -> float:
    """The float a price map stores for a per-million figure ('0.15' -> 1.5e-07)."""
    return float(Decimal(str(usd_per_million)) / 10**6)


# id, (input, output, cache write or None, cache read or None) USD per 1M tokens, fast multiplier
PUBLISHED = [
    # Anthropic: dated, pinned, vendor- and region-prefixed spellings
    ("claude-opus-4-6-20260205", (5, 25, 6.25, 0.5), 6),
    ("claude-opus-4-6@20260205", (5, 25, 6.25, 0.5), 6),
    ("vertex_ai/claude-opus-4-6", (5, 25, 6.25, 0.5), 1),  # Vertex's row carries no fast rate
    ("anthropic/claude-sonnet-4-5", (3, 15, 3.75, 0.3), 1),
    ("claude-haiku-4.5", (1, 5, 1.25, 0.1), 1),  # alias of claude-haiku-4-5
    ("claude-4.6-opus-high-thinking", (5, 25, 6.25, 0.5), 6),  # Cursor's spelling, alias
    ("claude-opus-4-1-20250805", (15, 75, 18.75, 1.5), 1),
    ("us.anthropic.claude-sonnet-4-5-20250929-v1:0", (3.3, 16.5, 4.125, 0.33), 1),  # Bedrock US region
    ("bedrock/us.anthropic.claude-sonnet-4-5-20250929-v1:0", (3.3, 16.5, 4.125, 0.33), 1),
    # OpenAI, Codex models
    ("gpt-5-codex", (1.25, 10, None, 0.125), 1),
    ("gpt-5.1-codex-max", (1.25, 10, None, 0.125), 1),
    ("gpt-5.3-codex", (1.75, 14, None, 0.175), 1),
    ("copilot-openai-auto", (1.75, 14, None, 0.175), 1),  # alias of gpt-5.3-codex
    ("gpt-5.5", (5, 30, None, 0.5), 1),
    ("codex-auto-review", (5, 30, None, 0.5), 1),  # alias of gpt-5.5
    ("gpt-5.6-codex", (5, 30, 6.25, 0.5), 1),  # not in LiteLLM yet: gpt-5.6's list price
    ("codex-mini-latest", (1.5, 6, None, 0.375), 1),
    ("azure/gpt-5.4", (2.5, 15, None, 0.25), 1),
    # Google Gemini
    ("gemini-2.5-pro", (1.25, 10, None, 0.125), 1),
    ("gemini/gemini-2.5-flash", (0.3, 2.5, None, 0.03), 1),
    ("gemini-3-flash-preview", (0.5, 3, None, 0.05), 1),
    ("gemini-3.1-pro-high", (2, 12, None, 0.2), 1),  # Antigravity's id, alias of gemini-3.1-pro-preview
    # Moonshot / Kimi
    ("kimi-k2-thinking", (0.6, 2.5, None, 0.15), 1),
    ("moonshot/kimi-k2-thinking", (0.6, 2.5, None, 0.15), 1),
    ("kimi-k2-thinking-turbo", (1.15, 8, None, 0.15), 1),
    ("kimi-k2-0905-preview", (0.6, 2.5, None, 0.15), 1),
    ("moonshot/kimi-k2.5", (0.6, 3, None, 0.1), 1),
    ("kimi-for-coding", (0.6, 2.5, None, 0.15), 1),  # alias of kimi-k2-thinking
    ("moonshot-v1-8k", (0.2, 2, None, None), 1),
    ("k3", (3, 15, None, 0.3), 1),  # alias of kimi-k3, a gap-fill row (Moonshot's list price)
    # Mistral
    ("mistral/devstral-2512", (0.4, 2, None, None), 1),
    ("devstral-2512", (0.4, 2, None, None), 1),
    ("mistral-medium-latest", (1.5, 7.5, None, None), 1),
    ("mistral/codestral-latest", (1, 3, None, None), 1),
    # bare codestral-latest is the stripped key of codestral/codestral-latest,
    # LiteLLM's $0 row for Mistral's free Codestral endpoint (first write wins)
    ("codestral-latest", (0, 0, None, None), 1),
    # DeepSeek: an explicit $0 cache write is kept, not replaced by 1.25x input
    ("deepseek-chat", (0.28, 0.42, None, 0.028), 1),
    ("deepseek/deepseek-chat", (0.28, 0.42, 0, 0.028), 1),
    ("deepseek-v4-flash", (0.14, 0.28, 0, 0.0028), 1),  # DeepSeek's list price, ahead of LiteLLM
    # Qwen
    ("qwen-auto", (3, 15, 3.75, 0.3), 1),  # Qwen Code's auto model, priced as claude-sonnet-4-5
    ("openrouter/qwen/qwen3-coder-plus", (1, 5, None, None), 1),
    # xAI Grok
    # LiteLLM lists xai/grok-4 at $3/$15, but Replicate's replicate/xai/grok-4
    # ($7.20/$36) comes first in its map and its stripped key takes the name
    # (first write wins), in the reference's bundle as here
    ("xai/grok-4", (7.2, 36, None, None), 1),
    ("x-ai/grok-4", (3, 15, None, None), 1),  # OpenRouter's spelling
    ("grok-code-fast-1", (0.2, 1.5, None, 0.02), 1),
    # Z.ai GLM on Fireworks, and the reference's GLM-5.2 alias to it
    ("accounts/fireworks/models/glm-5p1", (1.4, 4.4, None, 0.26), 1),
    ("GLM-5.2", (1.4, 4.4, None, 0.26), 1),
]


@pytest.mark.parametrize("model,rates,fast", PUBLISHED, ids=[p[0] for p in PUBLISHED])
def test_published_price(model, rates, fast):
    inp, out, cw, cr = rates
    c = T.lookup(model)
    assert c is not None
    assert c.input == per_token(inp) and c.output == per_token(out)
    assert c.cache_write == (per_token(inp) * 1.25 if cw is None else per_token(cw))
    assert c.cache_write_explicit == (cw is not None)
    assert c.cache_read == (per_token(inp) * 0.1 if cr is None else per_token(cr))
    assert c.fast_multiplier == fast


def test_a_million_of_each_token_kind():
    """One million tokens of each kind on kimi-k2-thinking-turbo: $1.15 + $8 +
    1.25 x $1.15 written + $0.15 read; fast mode is 1x (no fast rate)."""
    c = T.lookup("kimi-k2-thinking-turbo")
    expected = 1.15 + 8 + 1.4375 + 0.15
    assert calculate_cost(c, 1e6, 1e6, 1e6, 1e6) == pytest.approx(expected, rel=1e-12)
    assert calculate_cost(c, 1e6, 1e6, 1e6, 1e6, fast=True) == pytest.approx(expected, rel=1e-12)


@pytest.mark.parametrize("model", ["claude-opus-4.8:batch", "gpt-5:batch", "some-unknown-model", "qwen3:32b"])
def test_unpriced(model):
    """Ids priced by the reference only from its models.dev / OpenRouter batch
    gap-fill (README, Prices) and unknown or local ids stay unpriced."""
    assert T.lookup(model) is None


# Display names as CodeBurn 0.9.20's getShortModelName gives them for the same ids
NAMES = [
    ("glm-5.3", "GLM-5.3"), ("zai/glm-5.3", "GLM-5.3"), ("GLM-5.2", "GLM-5.2"),
    ("accounts/fireworks/models/qwen3p7-plus", "Qwen 3.7 Plus"), ("gemini-2.5-flash-lite", "Gemini 2.5 Flash"),
    ("gpt-5.6-sol", "GPT-5.6 Sol"), ("claude-3-opus-20240229", "claude-3-opus"), ("some-model-20250101", "some-model"),
    ("openrouter/foo/bar", "bar"), ("mimo-v2.5-pro", "MiMo v2.5 Pro"), ("grok-4.5-build", "Grok 4.5 (build)"),
    ("warp-auto-powerful", "Opus 4.6"), ("claude-4.6-opus-high-thinking", "Opus 4.6"),
    ("moonshot/kimi-k2-thinking-turbo", "Kimi K2 Thinking Turbo"), ("MiniMax-M3", "MiniMax M3"),
    ("cline-pass/qwen3.7-max", "Qwen 3.7 Max"),
]


@pytest.mark.parametrize("model,name", NAMES, ids=[n[0] for n in NAMES])
def test_display_name(model, name):
    assert short_model_name(model) == name
