"""Resolve model ids through our price lookup and through the reference
tool's, and list every disagreement (price tuple or display name).

    python bench/compare_prices.py REF_ROOT [--snapshot PATH] [--fallback PATH] [-v]

REF_ROOT is a checkout of the reference (CodeBurn) with its node_modules
(tsx); its own `getModelCosts` / `getShortModelName` are run on the ids, so
the comparison tests our port against the real rules, not a re-reading of
them. The ids: every key of the reference's price snapshot and gap-fill file
(default: REF_ROOT/src/data/...), each alias, a list of ids real histories
record, and derived spellings of those (vendor / router prefixes, dates,
`@` pins, `[1m]`, `:thinking`, `-TEE`, other letter case). The snapshot is
only read here: it is never copied into codeburn.
"""
from __future__ import annotations

import argparse
import json
import math
import os
import subprocess
import sys
import tempfile

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), ".."))
from codeburn.cost.pricing import PriceTable, short_model_name  # noqa: E402

NODE_SCRIPT = """
import { readFileSync } from 'fs'
const mod = await import(process.argv[2] + '/src/models.ts')
const ids = JSON.parse(readFileSync(process.argv[3], 'utf-8'))
const out = {}
for (const id of ids) {
  const c = mod.getModelCosts(id)
  out[id] = [c ? [c.inputCostPerToken, c.outputCostPerToken, c.cacheWriteCostPerToken, c.cacheReadCostPerToken,
                  c.fastMultiplier, !!c.cacheWriteCostIsExplicit] : null, mod.getShortModelName(id)]
}
process.stdout.write(JSON.stringify(out))
"""

# Ids real session logs carry (Claude Code, Codex, Cursor, Copilot, Gemini CLI,
# Qwen Code, Kimi, Mistral Vibe, OpenCode, Kiro, Droid, OpenClaw, ...).
REAL_WORLD = [
    "claude-opus-4-7", "claude-opus-4-6-20260205", "claude-opus-4-5-20251101", "claude-sonnet-4-6",
    "claude-sonnet-4-5-20250929", "claude-haiku-4-5-20251001", "claude-opus-4-1-20250805", "claude-opus-4-20250514",
    "claude-sonnet-4-20250514", "claude-3-7-sonnet-20250219", "claude-3-5-haiku-20241022", "claude-opus-4-8",
    "claude-opus-5", "claude-sonnet-5", "claude-fable-5", "claude-mythos-5", "claude-opus-4-7[1m]", "<synthetic>",
    "anthropic/claude-sonnet-4.6", "anthropic/claude-opus-4.7", "openrouter/anthropic/claude-opus-4.6",
    "bedrock/anthropic.claude-sonnet-4-5-20250929-v1:0", "us.anthropic.claude-sonnet-4-5-20250929-v1:0",
    "vertex_ai/claude-opus-4-6@20260205", "claude-opus-4-6@20260205", "github_copilot/claude-sonnet-4.5",
    "gpt-5", "gpt-5-codex", "gpt-5.1-codex", "gpt-5.1-codex-max", "gpt-5.1-codex-mini", "gpt-5.2", "gpt-5.2-codex",
    "gpt-5.3-codex", "gpt-5.3-codex-spark", "gpt-5.4", "gpt-5.4-mini", "gpt-5.5", "gpt-5.5-pro", "gpt-5.6",
    "gpt-5.6-sol", "gpt-5.6-terra", "gpt-5.6-luna", "gpt-5.6-codex", "gpt-5.6-codex-max", "gpt-4.1", "gpt-4o",
    "gpt-4o-mini", "o3", "o4-mini", "codex-mini-latest", "azure/gpt-5.4", "openai/gpt-5.5", "gpt-oss-120b",
    "gemini-2.5-pro", "gemini-2.5-flash", "gemini-2.5-flash-lite", "gemini-3-pro-preview", "gemini-3-flash-preview",
    "gemini-3.1-pro-preview", "gemini-3.1-pro", "gemini-3.5-flash", "gemini/gemini-2.5-pro", "gemini-3-flash",
    "kimi-k2-thinking", "kimi-k2-thinking-turbo", "kimi-k2-0905-preview", "kimi-k2-0711-preview", "kimi-k2-turbo-preview",
    "kimi-k2.5", "kimi-k2.6", "kimi-k3", "kimi-latest", "kimi-for-coding", "kimi-code", "kimi-auto", "k3", "k3-agent",
    "k2d6-agent", "moonshot/kimi-k2-thinking", "moonshot/kimi-k2-0905-preview", "moonshot-v1-8k", "moonshot-v1-128k",
    "kimi/k3[1m]", "accounts/fireworks/models/kimi-k2p6", "accounts/fireworks/models/kimi-k2p7-code",
    "mistral-medium-latest", "mistral-large-latest", "mistral-small-latest", "devstral-medium-latest",
    "devstral-small-latest", "devstral-2512", "codestral-latest", "magistral-medium-latest", "mistral/devstral-2512",
    "mistral/mistral-medium-latest", "mistral-vibe-cli-latest", "labs-devstral-small-2512",
    "deepseek-chat", "deepseek-reasoner", "deepseek-v4-flash", "deepseek-v4-pro", "deepseek/deepseek-chat",
    "deepseek-r1", "deepseek-v3.2",
    "qwen3-coder-plus", "qwen3-coder-flash", "qwen3-max", "qwen-auto", "qwen3.5-plus", "qwen3-coder-next",
    "dashscope/qwen3-coder-plus", "qwen/qwen3-coder", "qwen3p7-plus", "coder-model",
    "grok-4", "grok-4-fast", "grok-code-fast-1", "grok-build", "grok-4.20", "grok-4.5", "xai/grok-4", "x-ai/grok-4",
    "glm-4.6", "glm-4.7", "glm-5", "glm-5.1", "GLM-5.2", "glm-5.3", "zai/glm-4.6", "zhipu/glm-4.6",
    "MiniMax-M2", "MiniMax-M2.7", "MiniMax-M3", "minimax/MiniMax-M2", "mimo-v2.5-pro", "xiaomi/mimo-v2-flash",
    "composer-1", "composer-2", "composer-2.5", "cursor-auto", "cursor-agent-auto", "auto", "copilot-auto",
    "copilot-openai-auto", "copilot-anthropic-auto", "kiro-auto", "openclaw-auto", "cline-auto", "warp-auto-powerful",
    "codex-auto-review", "Claude Sonnet 4.6", "Claude Opus 4.7", "claude-4.6-opus-high-thinking",
    "GPT-5.3 Codex (high reasoning)", "Gemini 3.5 Flash (High)", "anthropic--claude-4.6-opus",
    "omniroute:cp/claude-sonnet-4-6", "cline-pass/kimi-k2.6", "cmd/gpt-5.5", "antigravity/gemini-3.1-pro-high",
    "openai-codex:gpt-5.5", "qwen3:32b", "llama3.1:8b", "ollama/qwen3-coder", "some-unknown-model",
]


def derived(ids: list[str]) -> list[str]:
    out = []
    for m in ids:
        out += [f"anthropic/{m}", f"openrouter/{m}", f"{m}-20260101", f"{m}@20260101", f"{m}[1m]",
                f"{m}:thinking", f"{m}-TEE", m.upper(), f"cp/{m}", f"{m}-high"]
    return out


def reference(ref_root: str, ids: list[str]) -> dict:
    with tempfile.TemporaryDirectory() as tmp:
        script, idfile = os.path.join(tmp, "ref.mts"), os.path.join(tmp, "ids.json")
        with open(script, "w") as f:
            f.write(NODE_SCRIPT)
        with open(idfile, "w") as f:
            json.dump(ids, f)
        tsx = os.path.join(ref_root, "node_modules", ".bin", "tsx")
        env = dict(os.environ, CODEBURN_PRICING_SNAPSHOT_ONLY="1")
        run = subprocess.run([tsx, script, os.path.abspath(ref_root), idfile], capture_output=True, text=True,
                             check=True, env=env)
        return json.loads(run.stdout)


def ours(ids: list[str]) -> dict:
    table = PriceTable.default()
    out = {}
    for m in ids:
        c = table.lookup(m)
        out[m] = [None if c is None else [c.input, c.output, c.cache_write, c.cache_read, c.fast_multiplier,
                                          c.cache_write_explicit], short_model_name(m)]
    return out


def same_costs(a: list | None, b: list | None) -> bool:
    """Equal tuples; rates may differ in the last binary digit (a per-million
    figure divided in floats vs rounded once), which moves no cost by a cent."""
    if a is None or b is None:
        return a is b
    return a[5] == b[5] and all(math.isclose(x, y, rel_tol=1e-12) for x, y in zip(a[:5], b[:5]))


def gap_costs(row: list) -> tuple:
    """A gap-fill row as the reference expands it (cache defaults 1.25x / 0.1x input)."""
    inp, out, cw, cr = row[0], row[1], row[2], row[3]
    return (inp, out, inp * 1.25 if cw is None else cw, inp * 0.1 if cr is None else cr, 1, cw is not None)


def main(argv: list[str]) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("ref_root")
    ap.add_argument("--snapshot")
    ap.add_argument("--fallback")
    ap.add_argument("-v", "--verbose", action="store_true", help="list every difference")
    args = ap.parse_args(argv)
    data = os.path.join(args.ref_root, "src", "data")
    ids: list[str] = []
    for path in (args.snapshot or os.path.join(data, "litellm-snapshot.json"),
                 args.fallback or os.path.join(data, "pricing-fallback.json")):
        with open(path) as f:
            ids += list(json.load(f))
    ids += list(PriceTable.default().aliases) + REAL_WORLD + derived(REAL_WORLD)
    ids = list(dict.fromkeys(ids))
    with open(args.fallback or os.path.join(data, "pricing-fallback.json")) as f:
        gap_rows = {gap_costs(row) for row in json.load(f).values()}
    theirs, mine = reference(args.ref_root, ids), ours(ids)
    price_diff = [m for m in ids if not same_costs(theirs[m][0], mine[m][0])]
    gap_only = [m for m in price_diff if mine[m][0] is None and tuple(theirs[m][0]) in gap_rows]
    other = [m for m in price_diff if m not in gap_only]
    name_diff = [m for m in ids if theirs[m][1] != mine[m][1]]
    print(f"{len(ids)} ids: {len(other)} price differences, {len(name_diff)} display-name differences, "
          f"{len(gap_only)} ids the reference prices only from its models.dev/OpenRouter gap-fill file")
    for m in other[: None if args.verbose else 40]:
        print(f"  price {m!r}: ours {mine[m][0]} reference {theirs[m][0]}")
    if args.verbose:
        print("  gap-fill only:", " ".join(sorted({m for m in gap_only})))
    for m in name_diff[: None if args.verbose else 40]:
        print(f"  name  {m!r}: ours {mine[m][1]!r} reference {theirs[m][1]!r}")
    return 1 if other or name_diff else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
