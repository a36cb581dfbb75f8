"""Generate codeburn/data/prices.json from LiteLLM's published price map.

Refresh prices:   python tools/gen_prices.py            (downloads the newest
                  `litellm` wheel with pip and reads the JSON inside it)
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

HERE = os.path.dirname(os.path.abspath(__file__))
OUT = os.path.join(HERE, "..", "codeburn", "data", "prices.json")
PER_MILLION = 1e6  # the tables below are USD per 1M tokens (divide: 5 / 1e6 is exactly 5e-06, 5 * 1e-6 is not)

# Models the reference prices that LiteLLM may not list (yet), and the fast-mode
# multipliers (LiteLLM's provider_specific_entry.fast) the reference bundles.
MANUAL = {
    "claude-opus-5": [5, 25, 6.25, 0.5, 2],
    "claude-opus-4-8": [5, 25, 6.25, 0.5, 2],
    "claude-opus-4-7": [5, 25, 6.25, 0.5, 6],
    "claude-opus-4-6": [5, 25, 6.25, 0.5, 6],
    "claude-sonnet-5": [2, 10, 2.5, 0.2, None],
    "claude-fable-5": [10, 50, 12.5, 1, None],
    "claude-mythos-5": [10, 50, 12.5, 1, None],
    "claude-opus-4-1": [15, 75, 18.75, 1.5, None],
    "claude-opus-4": [15, 75, 18.75, 1.5, None],
    "claude-sonnet-4": [3, 15, 3.75, 0.3, None],
    "claude-3-7-sonnet": [3, 15, None, 0.3, None],
    "claude-3-5-sonnet": [3, 15, None, 0.3, None],
    "claude-3-5-haiku": [1, 5, None, None, None],
    "claude-3-opus": [15, 75, None, None, None],
    "claude-3-haiku": [0.25, 1.25, None, None, None],
    "gpt-5.6": [5, 30, 6.25, 0.5, None],
    "gpt-5.6-sol": [5, 30, 6.25, 0.5, None],
    "gpt-5.6-codex": [5, 30, 6.25, 0.5, None],
    "gpt-5.6-terra": [2, 12, 2.5, 0.2, None],
    "gpt-5.6-luna": [0.2, 1.2, 0.25, 0.02, None],
    "gpt-5.5": [5, 30, None, 0.5, None],
    "gpt-5.5-pro": [30, 180, None, 3, None],
    "gpt-5.4": [2.5, 15, None, 0.25, None],
    "gpt-5.4-mini": [0.75, 4.5, None, 0.075, None],
    "gpt-5.3-codex": [1.75, 14, None, 0.175, None],
    "gemini-3.5-flash": [1.5, 9, None, 0.15, None],
}
# Keys whose fast multiplier LiteLLM carries under dated ids too.
FAST_PREFIXES = {"claude-opus-4-6": 6, "claude-opus-4-7": 6, "claude-opus-4-8": 2, "claude-opus-5": 2}

FALLBACK = {
    "claude-opus-4.8": [5, 25, 6.25, 0.5, None],
    "claude-opus-4.7-fast": [30, 150, 37.5, 3, None],
    "claude-opus-4.8-fast": [10, 50, 12.5, 1, None],
    "claude-opus-5-fast": [10, 50, 12.5, 1, None],
    "claude-sonnet-latest": [2, 10, 2.5, 0.2, None],
    "claude-haiku-latest": [1, 5, 1.25, 0.1, None],
    "claude-fable-latest": [10, 50, 12.5, 1, None],
    "gpt-5.3-codex-spark": [1.75, 14, None, 0.175, None],
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
    "Claude Opus 4.7": "claude-opus-4-7", "Claude Opus 4.6": "claude-opus-4-6", "Claude Opus 4.5": "claude-opus-4-5",
    "Claude Haiku 4.5": "claude-haiku-4-5",
    "claude-4-opus": "claude-opus-4", "claude-4-sonnet": "claude-sonnet-4",
    "gpt-5-fast": "gpt-5",
    "gemini-3.1-pro": "gemini-3.1-pro-preview", "gemini-3-flash": "gemini-3-flash-preview",
    # auto-model ids of Copilot and Qwen Code, priced as the reference prices them
    "copilot-auto": "claude-sonnet-4-5", "copilot-openai-auto": "gpt-5.3-codex",
    "copilot-anthropic-auto": "claude-sonnet-4-5", "qwen-auto": "claude-sonnet-4-5",
}
# auto-model and bare ids of OpenClaw, Kiro, Cursor agent and Kimi, priced as the reference prices them
ALIASES.update({
    "openclaw-auto": "claude-sonnet-4-5", "kiro-auto": "claude-sonnet-4-5", "cursor-agent-auto": "claude-sonnet-4-5",
    "kimi-auto": "kimi-k2-thinking", "kimi-code": "kimi-k2-thinking", "kimi-for-coding": "kimi-k2-thinking",
    "k3": "kimi-k3", "k3-agent": "kimi-k3", "k2d6-agent": "kimi-k2p6",
})


def per_token(row: list) -> list:
    return [None if v is None else (v / PER_MILLION if i < 4 else v) for i, v in enumerate(row)]


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
    for key, e in prices.items():
        base = key.rsplit("/", 1)[-1]  # vendor/claude-opus-4-6 carries the same multiplier
        for prefix, fast in FAST_PREFIXES.items():
            if (base == prefix or base.startswith(prefix + "-") or base.startswith(prefix + "@")) \
                    and e[4] is None and "fast" not in base:
                e[4] = fast
    lower = {k.lower() for k in prices}
    fallback = {k: per_token(v) for k, v in FALLBACK.items() if k.lower() not in lower}
    return {"prices": dict(sorted(prices.items())), "fallback": fallback,
            "overrides": {k: per_token(v) for k, v in OVERRIDES.items()}, "aliases": ALIASES}


def load_litellm(path: str | None) -> tuple[dict, str]:
    if path and path.endswith(".json"):
        with open(path) as f:
            return json.load(f), os.path.basename(path)
    if not path:
        tmp = tempfile.mkdtemp()
        subprocess.run([sys.executable, "-m", "pip", "download", "--no-deps", "-q", "litellm", "-d", tmp], check=True)
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
