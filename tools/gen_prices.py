"""Generate codeburn/data/prices.json from LiteLLM's published price map.

Refresh prices:   python tools/gen_prices.py            (downloads the pinned
                  `litellm` wheel, LITELLM_VERSION, with pip and reads the
                  JSON inside it)
                  python tools/gen_prices.py PATH       (a .json or a .whl)

Output format (spec classifier-and-parser §4.3): per-token USD tuples
`[input, output, cache_write|null, cache_read|null, fast_multiplier|null]`
under "prices" (primary: LiteLLM keys, un-prefixed first, then prefixed keys
under the full key and with the first `vendor/` segment stripped, first write
wins; then manual entries) and "fallback" (gap-fill ids consulted only by the
last-resort case-insensitive lookup), plus "aliases" and "overrides".
"""
from __future__ import annotations

import datetime as dt
import glob
import json
import os
import subprocess
import sys
import tempfile
import zipfile
from decimal import Decimal

HERE = os.path.dirname(os.path.abspath(__file__))
OUT = os.path.join(HERE, "..", "codeburn", "data", "prices.json")
PER_MILLION = Decimal(10**6)  # the tables below are USD per 1M tokens

# The LiteLLM release whose price map is the one the reference tool (CodeBurn
# 0.9.20) bundles: its snapshot was cut from LiteLLM's main branch between the
# 1.97.0 and 1.98.0 releases. Built from 1.97.0 the primary table matches the
# reference's key for key (4,035 of its 4,042 ids, every price equal) except
# the rows MANUAL adds below; 1.96.2 misses 11 ids and 1.98.0 adds 76 and
# reprices 18 (grok-4.20, glm-5.1, ...). Newer releases drift further (1.109.1:
# 505 ids missing, 472 repriced), so costs stop agreeing with the reference.
LITELLM_VERSION = "1.97.0"

# Rows added on top of LiteLLM (USD per 1M tokens; a 5th value is the fast
# multiplier). The reference bundles these: MiniMax M2.7, DeepSeek V4, Mythos 5
# and GPT-5.6 Codex ahead of LiteLLM; GLM-5.1 / GLM-4.7 Flash and the repriced
# Gemini 3.1 Flash Image landed on LiteLLM's main just after 1.97.0.
MANUAL = {
    "MiniMax-M2.7": [0.3, 1.2, 0.375, 0.06, None],
    "MiniMax-M2.7-highspeed": [0.6, 2.4, 0.375, 0.06, None],
    "deepseek-v4-flash": [0.14, 0.28, 0, 0.0028, None],
    "deepseek-v4-pro": [0.435, 0.87, 0, 0.003625, None],
    "claude-mythos-5": [10, 50, 12.5, 1, None],
    "gpt-5.6-codex": [5, 30, 6.25, 0.5, None],
    "gpt-5.6-codex-max": [5, 30, 6.25, 0.5, None],
    "glm-5.1": [1.4, 4.4, 0, 0.26, None],
    "zai/glm-5.1": [1.4, 4.4, 0, 0.26, None],
    "z-ai/glm-5.1": [1.05, 3.5, 0, 0.525, None],
    "openrouter/z-ai/glm-5.1": [1.05, 3.5, 0, 0.525, None],
    "glm-4.7-flash": [0, 0, 0, 0, None],
    "zai/glm-4.7-flash": [0, 0, 0, 0, None],
    "gemini-3.1-flash-image": [0.5, 3, None, None, None],
}

FALLBACK = {
    "claude-opus-4.8": [5, 25, 6.25, 0.5, None],
    "claude-opus-4.7-fast": [30, 150, 37.5, 3, None],
    "claude-opus-4.8-fast": [10, 50, 12.5, 1, None],
    "claude-opus-5-fast": [10, 50, 12.5, 1, None],
    "claude-sonnet-latest": [2, 10, 2.5, 0.2, None],
    "claude-haiku-latest": [1, 5, 1.25, 0.1, None],
    "claude-fable-latest": [10, 50, 12.5, 1, None],
    "gpt-5.3-codex-spark": [1.75, 14, None, 0.175, None],
    # Published list prices of models real histories record that LiteLLM
    # 1.97.0 does not list (the reference gap-fills the same ids).
    "claude-opus-latest": [5, 25, 6.25, 0.5, None],
    "gpt-latest": [5, 30, 6.25, 0.5, None],
    "grok-latest": [2, 6, None, 0.3, None],
    "grok-4.20": [1.25, 2.5, None, 0.2, None],
    "grok-build-0.1": [1, 2, None, 0.2, None],
    "kimi-k3": [3, 15, None, 0.3, None],
    "kimi-k2.7-code-highspeed": [1.9, 8, None, 0.38, None],
    "glm-5-turbo": [1.2, 4, None, 0.24, None],
    "qwen3-coder-next": [0.12, 0.8, None, 0.07, None],
    "qwen3-coder-flash": [0.3, 1.5, None, None, None],
    "qwen3.5-plus": [0.4, 2.4, None, None, None],
    "qwen3.7-plus": [0.5, 3, 0.625, 0.05, None],
    "qwen3.8-max": [2, 6, 2.5, 0.25, None],
}

# Built-in overrides: always win (Cursor's own models).
OVERRIDES = {
    "composer-2.5": [0.5, 2.5, 0.5, 0.2, None],
    "composer-2": [0.5, 2.5, 0.5, 0.2, None],
    "composer-1.5": [3.5, 17.5, 3.5, 0.35, None],
    "composer-1": [1.25, 10, 1.25, 0.125, None],
}

ALIASES = {
    "anthropic--claude-4.6-opus": "claude-opus-4-6", "anthropic--claude-4.6-sonnet": "claude-sonnet-4-6",
    "anthropic--claude-4.5-opus": "claude-opus-4-5", "anthropic--claude-4.5-sonnet": "claude-sonnet-4-5",
    "anthropic--claude-4.5-haiku": "claude-haiku-4-5",
    "claude-haiku-4.5": "claude-haiku-4-5", "claude-sonnet-4.6": "claude-sonnet-4-6",
    "claude-sonnet-4.5": "claude-sonnet-4-5", "claude-opus-4.7": "claude-opus-4-7",
    "claude-opus-4.6": "claude-opus-4-6", "claude-opus-4.5": "claude-opus-4-5",
    "Claude Sonnet 4.6": "claude-sonnet-4-6", "Claude Sonnet 4.5": "claude-sonnet-4-5",
    "Claude Opus 4.6": "claude-opus-4-6",
    "Claude Haiku 4.5": "claude-haiku-4-5",
    "claude-4-opus": "claude-opus-4", "claude-4-sonnet": "claude-sonnet-4",
    "gpt-5-fast": "gpt-5",
    "gemini-3.1-pro": "gemini-3.1-pro-preview", "gemini-3-flash": "gemini-3-flash-preview",
    # auto-model ids of Copilot and Qwen Code, priced as the reference prices them
    "copilot-auto": "claude-sonnet-4-5", "copilot-openai-auto": "gpt-5.3-codex",
    "copilot-anthropic-auto": "claude-sonnet-4-5", "qwen-auto": "claude-sonnet-4-5",
    # Cursor's, Cline's and IBM Bob's auto ids, Cursor's dot-version tier-last names and
    # Antigravity's Gemini tiers (the reference's models.ts aliases)
    "cursor-auto": "claude-sonnet-4-5", "cline-auto": "claude-sonnet-4-5",
    "ibm-bob-auto": "claude-sonnet-4-5", "quickdesk-auto": "claude-sonnet-4-5",
    "claude-4-sonnet-1m": "claude-sonnet-4", "claude-4-sonnet-thinking": "claude-sonnet-4",
    "claude-4.5-sonnet": "claude-sonnet-4-5", "claude-4.5-sonnet-thinking": "claude-sonnet-4-5",
    "claude-4.6-sonnet": "claude-sonnet-4-6", "claude-4.6-sonnet-high": "claude-sonnet-4-6",
    "claude-4.6-sonnet-low": "claude-sonnet-4-6", "claude-4.6-sonnet-thinking": "claude-sonnet-4-6",
    "claude-4.6-sonnet-high-thinking": "claude-sonnet-4-6", "claude-4.5-opus": "claude-opus-4-5",
    "claude-4.5-opus-high": "claude-opus-4-5", "claude-4.5-opus-low": "claude-opus-4-5",
    "claude-4.5-opus-medium": "claude-opus-4-5", "claude-4.5-opus-high-thinking": "claude-opus-4-5",
    "claude-4.6-opus": "claude-opus-4-6", "claude-4.6-opus-fast-mode": "claude-opus-4-6",
    "claude-4.6-opus-high": "claude-opus-4-6", "claude-4.6-opus-low": "claude-opus-4-6",
    "claude-4.6-opus-medium": "claude-opus-4-6", "claude-4.6-opus-high-thinking": "claude-opus-4-6",
    "claude-4.7-opus": "claude-opus-4-7", "claude-opus-4-7-thinking-high": "claude-opus-4-7",
    "claude-4.5-haiku": "claude-haiku-4-5", "claude-4.6-haiku": "claude-haiku-4-5", "gpt-5.2-low": "gpt-5",
    "gpt-5.1-codex-high": "gpt-5.3-codex", "gemini-3.1-pro-high": "gemini-3.1-pro-preview",
    "gemini-3.1-pro-low": "gemini-3.1-pro-preview", "gemini-3-flash-agent": "gemini-3-flash-preview",
    "gemini-3.5-flash-high": "gemini-3.5-flash", "gemini-3.5-flash-medium": "gemini-3.5-flash",
    "gemini-3.5-flash-low": "gemini-3.5-flash", "gemini-3-pro": "gemini-3-pro-preview",
}
# auto-model and bare ids of OpenClaw, Kiro, Cursor agent and Kimi, priced as the reference prices them
ALIASES.update({
    "openclaw-auto": "claude-sonnet-4-5", "kiro-auto": "claude-sonnet-4-5", "cursor-agent-auto": "claude-sonnet-4-5",
    "kimi-auto": "kimi-k2-thinking", "kimi-code": "kimi-k2-thinking", "kimi-for-coding": "kimi-k2-thinking",
    "k3": "kimi-k3", "k3-agent": "kimi-k3", "k2d6-agent": "kimi-k2p6",
})
# Further product, tier and reasoning-effort spellings the reference resolves
# (Cursor, Warp, Codex, IBM Bob, Antigravity, Hermes/ZCode, ...).
ALIASES.update({
    "cursor-auto": "claude-sonnet-4-5", "ibm-bob-auto": "claude-sonnet-4-5", "quickdesk-auto": "claude-sonnet-4-5",
    "cline-auto": "claude-sonnet-4-5", "warp-auto-efficient": "gpt-5.3-codex", "warp-auto-powerful": "claude-opus-4-6",
    "openai-codex:gpt-5.5": "gpt-5.5", "codex-auto-review": "gpt-5.5", "grok-build": "grok-build-0.1",
    "mimo-v2-flash": "xiaomi/mimo-v2-flash", "mimo-v2.5-pro": "xiaomi/mimo-v2.5-pro", "mimo-v2.5": "xiaomi/mimo-v2.5",
    "kat-coder-pro-v1": "kwaipilot/kat-coder-pro",
    "gpt-4.1": "gpt-4.1", "gpt-5.2-low": "gpt-5", "gpt-5.1-codex-high": "gpt-5.3-codex",
    "GLM-5.2": "glm-5p1", "glm-5.2": "glm-5p1", "GLM-5.3": "glm-5p2", "glm-5.3": "glm-5p2",
    "gemini-3.1-pro-high": "gemini-3.1-pro-preview", "gemini-3.1-pro-low": "gemini-3.1-pro-preview",
    "gemini-3-flash-agent": "gemini-3-flash-preview", "gemini-3-pro": "gemini-3-pro-preview",
    "gemini-3.1-flash-image": "gemini-3.1-flash-image-preview",
    "gemini-3.1-flash-lite": "gemini-3.1-flash-lite-preview",
})
ALIASES.update({f"GPT-5.3 Codex ({e} reasoning)": "gpt-5.3-codex" for e in ("low", "medium", "high", "extra high")})
ALIASES.update({f"gemini-3.5-flash-{e}": "gemini-3.5-flash" for e in ("high", "medium", "low")})
ALIASES.update({f"Gemini 3.5 Flash ({e})": "gemini-3.5-flash" for e in ("High", "Medium", "Low")})


def _cursor_claude(target: str, *spellings: str) -> dict:
    return {s: target for s in spellings}


# Cursor's tier-last Claude ids, with effort/thinking/fast suffixes.
ALIASES.update(_cursor_claude("claude-sonnet-4", "claude-4-sonnet-1m", "claude-4-sonnet-thinking"))
ALIASES.update(_cursor_claude("claude-sonnet-4-5", "claude-4.5-sonnet", "claude-4.5-sonnet-thinking"))
ALIASES.update(_cursor_claude(
    "claude-sonnet-4-6", "claude-4.6-sonnet", "claude-4.6-sonnet-high", "claude-4.6-sonnet-low",
    "claude-4.6-sonnet-thinking", "claude-4.6-sonnet-high-thinking", "claude-4-6-sonnet-high",
    "claude-4-6-sonnet-low", "claude-4-6-sonnet-medium", "claude-4-6-sonnet-high-fast"))
ALIASES.update(_cursor_claude(
    "claude-opus-4-5", "claude-4.5-opus", "claude-4.5-opus-high", "claude-4.5-opus-low", "claude-4.5-opus-medium",
    "claude-4.5-opus-high-thinking"))
ALIASES.update(_cursor_claude(
    "claude-opus-4-6", "claude-4.6-opus", "claude-4.6-opus-fast-mode", "claude-4.6-opus-high", "claude-4.6-opus-low",
    "claude-4.6-opus-medium", "claude-4.6-opus-high-thinking"))
ALIASES.update(_cursor_claude(
    "claude-opus-4-7", "claude-4.7-opus", "claude-opus-4-7-thinking-high", "claude-4-7-opus-xhigh",
    "claude-4-7-opus-xhigh-fast"))
ALIASES.update(_cursor_claude("claude-haiku-4-5", "claude-4.5-haiku", "claude-4.6-haiku"))


def per_token(row: list) -> list:
    """Per-million figures -> per-token floats, rounded once from the exact
    decimal quotient (0.2 / 1e6 in binary floats is 2.0000000000000002e-07;
    LiteLLM and the reference store 2e-07)."""
    return [None if v is None else (float(Decimal(str(v)) / PER_MILLION) if i < 4 else v)
            for i, v in enumerate(row)]


def entry(info: dict) -> list | None:
    """LiteLLM entry -> tuple; None without both an input and an output cost."""
    if not isinstance(info, dict):
        return None
    inp, out = info.get("input_cost_per_token"), info.get("output_cost_per_token")
    if not isinstance(inp, (int, float)) or not isinstance(out, (int, float)):
        return None
    cw = info.get("cache_creation_input_token_cost")
    cr = info.get("cache_read_input_token_cost")
    pse = info.get("provider_specific_entry")
    fast = pse.get("fast") if isinstance(pse, dict) else None
    num = lambda v: v if isinstance(v, (int, float)) else None  # noqa: E731
    return [inp, out, num(cw), num(cr), num(fast)]


def build(litellm: dict) -> dict:
    prices: dict[str, list] = {}
    for key, info in litellm.items():  # pass 1: un-prefixed keys
        if "/" not in key and (e := entry(info)):
            prices.setdefault(key, e)
    for key, info in litellm.items():  # pass 2: prefixed keys, full and stripped
        if "/" in key and (e := entry(info)):
            prices.setdefault(key, e)
            prices.setdefault(key.split("/", 1)[1], e)
    for key, row in MANUAL.items():
        prices[key] = per_token(row)
    lower = {k.lower() for k in prices}
    # gap-fill figures are models.dev's per-million prices divided in binary
    # floats (0.4 / 1e6 = 4.0000000000000003e-07), as the reference stores them
    fallback = {k: [None if v is None else (v / 1e6 if i < 4 else v) for i, v in enumerate(row)]
                for k, row in FALLBACK.items() if k.lower() not in lower}
    return {"prices": prices, "fallback": fallback,  # catalog order: the first key wins ties, as in the reference
            "overrides": {k: per_token(v) for k, v in OVERRIDES.items()}, "aliases": ALIASES}


def load_litellm(path: str | None) -> tuple[dict, str]:
    if path and path.endswith(".json"):
        with open(path) as f:
            return json.load(f), os.path.basename(path)
    if not path:
        tmp = tempfile.mkdtemp()
        subprocess.run([sys.executable, "-m", "pip", "download", "--no-deps", "-q", f"litellm=={LITELLM_VERSION}",
                        "-d", tmp], check=True)
        path = glob.glob(os.path.join(tmp, "litellm-*.whl"))[0]
    with zipfile.ZipFile(path) as z:
        name = next(n for n in z.namelist() if n.endswith("model_prices_and_context_window_backup.json")
                    or n.endswith("model_prices_and_context_window.json"))
        return json.loads(z.read(name)), os.path.basename(path)


def main(argv: list[str]) -> int:
    litellm, source = load_litellm(argv[0] if argv else None)
    litellm.pop("sample_spec", None)
    data = build(litellm)
    data["_meta"] = {"source": source, "generated": dt.date.today().isoformat(),
                     "units": "USD per token: [input, output, cache_write, cache_read, fast_multiplier]"}
    with open(OUT, "w") as f:
        json.dump(data, f, separators=(",", ":"), sort_keys=False)
        f.write("\n")
    print(f"{OUT}: {len(data['prices'])} prices, {len(data['fallback'])} fallback, from {source}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
