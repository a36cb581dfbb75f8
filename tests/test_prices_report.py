"""End to end: a Kimi Code history (spec providers §1.10) whose requests
name Moonshot models by their many spellings is priced as the reference
(CodeBurn 0.9.20) prices the same files. Its numbers were obtained by running
`codeburn report --format json --provider kimicode` on build()'s files; each
row is also the published per-million prices (LiteLLM 1.97.0) times the
tokens, written out below."""
from __future__ import annotations

import os

import pytest

from tests.provider_files import checked_report, models_of, overview, report, write_json, write_jsonl

T = 1793354400000    # 2026-10-30T10:00:00Z in ms

# model the request names, (input, output, cache read, cache write) tokens of its usage record
REQUESTS = [
    ("kimi-k2-thinking-turbo", (12000, 3000, 40000, 0)),
    ("kimi-k2-0905-preview", (8000, 1000, 20000, 500)),
    ("moonshot/kimi-k2-thinking", (5000, 2000, 10000, 0)),
    ("kimi-for-coding", (1000, 400, 0, 0)),
    ("moonshot/kimi-k2.5", (2000, 500, 6000, 0)),
    ("kimi-latest", (3000, 600, 0, 0)),
]


def build(home: str, requests=None) -> None:
    sess = os.path.join(home, ".kimi-code", "sessions", "wd_pricing_0123456789ab", "session_p1")
    write_json(os.path.join(sess, "state.json"), {"createdAt": "2026-10-30T10:00:00Z",
                                                  "updatedAt": "2026-10-30T10:30:00Z",
                                                  "workDir": "/home/dev/pricing", "agents": {"main": {}}})
    wire = [{"type": "metadata", "protocol_version": "1.4", "created_at": T},
            {"type": "turn.prompt", "input": "price every model", "time": T + 1000}]
    for i, (model, (inp, out, read, write)) in enumerate(requests or REQUESTS):
        t = T + 2000 + i * 60000
        wire += [{"type": "llm.request", "model": model, "modelAlias": "default", "turnStep": f"1.{i + 1}",
                  "time": t},
                 {"type": "usage.record", "model": "default", "usage": {"inputOther": inp, "output": out,
                                                                        "inputCacheRead": read,
                                                                        "inputCacheCreation": write},
                  "time": t + 1000}]
    write_jsonl(os.path.join(sess, "agents", "main", "wire.jsonl"), wire)


def usd(inp, out, write, read, tokens) -> float:
    """Per-million prices times (input, output, cache read, cache write) tokens."""
    i, o, r, w = tokens
    return (i * inp + o * out + r * read + w * write) / 1e6


# Moonshot's published per-million prices; no cache-write rate is listed, so
# writes cost 1.25x input
TURBO = usd(1.15, 8, 1.4375, 0.15, REQUESTS[0][1])
K2_0905 = usd(0.6, 2.5, 0.75, 0.15, REQUESTS[1][1])
THINKING = usd(0.6, 2.5, 0.75, 0.15, REQUESTS[2][1]) + usd(0.6, 2.5, 0.75, 0.15, REQUESTS[3][1])
K2_5 = usd(0.6, 3, 0.75, 0.1, REQUESTS[4][1])
LATEST = usd(2, 5, 2.5, 0.15, REQUESTS[5][1])  # kimi-latest: moonshot/kimi-latest's row

# CodeBurn 0.9.20 on build()'s files
REPORT = {"calls": 6, "sessions": 1, "input": 31000, "output": 7500, "cacheRead": 76000, "cacheWrite": 500,
          "cost": 0.077875}
MODELS = {"Kimi K2 Thinking Turbo": (1, 0.0438), "Kimi K2 Thinking": (2, 0.0111), "Kimi K2": (1, 0.010675),
          "Kimi Latest": (1, 0.009), "Kimi K2.5": (1, 0.0033)}


def test_the_reference_numbers_are_the_published_prices():
    assert [TURBO, THINKING, K2_0905, LATEST, K2_5] == pytest.approx([c for _, c in MODELS.values()], rel=1e-12)
    assert TURBO + K2_0905 + THINKING + K2_5 + LATEST == pytest.approx(REPORT["cost"], rel=1e-12)


def test_kimicode_history_priced_as_the_reference(tmp_path):
    home = str(tmp_path)
    build(home)
    d = checked_report(home, "kimicode", REPORT)
    assert models_of(d) == MODELS


# $0 rows: a LiteLLM $0 stub, a subscription SKU, a name that only looks
# quantised, an unknown id, a local quantised model, Warp Auto (an alias with a
# price), Grok Composer (a subscription SKU)
ZERO_REQUESTS = [("codestral-latest", (1000, 100, 0, 0)), ("auto", (1000, 100, 0, 0)),
                 ("foo-q5_k_m", (1000, 100, 0, 0)), ("some-unknown-model", (1000, 100, 0, 0)),
                 ("llama-q4_k", (1000, 100, 0, 0)), ("kimi-k2-thinking", (1000, 100, 0, 0)),
                 ("warp-auto-powerful", (10, 1, 0, 0)), ("grok-composer-2.5-fast", (10, 1, 0, 0))]
# CodeBurn 0.9.20 on the same files: the stub and the unknown ids are listed as
# unpriced, the local model and the subscription SKUs are not
ZERO_REPORT = {"calls": 8, "sessions": 1, "input": 6020, "output": 602, "cacheRead": 0, "cacheWrite": 0,
               "cost": 0.000925}
UNPRICED = [{"model": "codestral-latest", "calls": 1, "tokens": 1100},
            {"model": "foo-q5_k_m", "calls": 1, "tokens": 1100},
            {"model": "some-unknown-model", "calls": 1, "tokens": 1100}]


def test_unpriced_models_as_the_reference(tmp_path):
    home = str(tmp_path)
    build(home, ZERO_REQUESTS)
    status, d, err = report(home, "kimicode")
    assert status == 0 and overview(d) == ZERO_REPORT
    assert d["unpricedModels"] == UNPRICED
    assert d["warnings"] == [f"no price known for model '{u['model']}' (1 calls): counted at $0" for u in UNPRICED]
    assert err.splitlines() == [f"codeburn: warning: {w}" for w in d["warnings"]]
    assert {m["name"]: (m["calls"], round(m["cost"], 9)) for m in d["models"] if m["cost"]} == {
        "Kimi K2 Thinking": (1, 0.00085), "Opus 4.6": (1, 0.000075)}
