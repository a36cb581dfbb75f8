"""Model-name sweep: a few hundred model ids as real tools write them, in a
Claude Code history (one assistant call per id) and a Codex history (one
rollout per OpenAI-style id), reported by CodeBurn 0.9.20 and by us; prints
every difference in the model rows of `report` (models[]: name, calls,
tokens, cost within 0.5%, order) and of `models` (per provider, first raw id,
label and category: calls, tokens, cost, Codex credits, order; also
`--by-task`), and in `unpricedModels`.

Usage: python bench/model_names_sweep.py [--keep DIR] [--dump FILE] [--only claude|codex]
       python bench/model_names_sweep.py --labels REF_ROOT

`--labels` checks the `models` command's label of every id for every
provider (codeburn.aggregate.model_labels) against the reference's own provider
modules, run with tsx from a CodeBurn checkout with its node_modules.

Needs $CODEBURN_HEAD (eval "$(bash /work/shared/tools/reference.sh /work/ref --env)").
Ours is `python -m codeburn` of the active venv. Each run gets a fresh copy
of the HOME and its own cache dir, TZ=UTC. `--dump` writes both tools' rows
as JSON (the tests pin literals taken from the reference's side of it)."""
from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
import tempfile

DAY = "2026-11-20"
CWD = "/home/dev/src/sweep"
SESSION = "5e1f0000-2222-4c2b-9d3e-bbbbbbbbbbbb"
COST_TOL = 0.005

CLAUDE = [
    # Claude Code's own ids: dated, undated, 1M-context and thinking spellings
    "claude-opus-4-7", "claude-opus-4-7[1m]", "claude-opus-4-6", "claude-opus-4-6[1m]", "claude-opus-4-5-20251101",
    "claude-opus-4-5", "claude-opus-4-1-20250805", "claude-opus-4-1", "claude-opus-4-20250514", "claude-opus-4-0",
    "claude-sonnet-4-6", "claude-sonnet-4-6[1m]", "claude-sonnet-4-5-20250929", "claude-sonnet-4-5-20250929[1m]",
    "claude-sonnet-4-5", "claude-sonnet-4-20250514", "claude-sonnet-4-20250514[1m]", "claude-sonnet-4-0",
    "claude-haiku-4-5-20251001", "claude-haiku-4-5", "claude-3-5-haiku-20241022", "claude-3-5-haiku-latest",
    "claude-3-5-sonnet-20241022", "claude-3-5-sonnet-20240620", "claude-3-5-sonnet-latest",
    "claude-3-7-sonnet-20250219", "claude-3-7-sonnet-latest", "claude-3-opus-20240229", "claude-3-haiku-20240307",
    "claude-3-sonnet-20240229", "claude-sonnet-4-5-thinking", "claude-opus-4-6-thinking",
    "claude-sonnet-4-20250514-thinking", "claude-3-7-sonnet-20250219-thinking", "claude-opus-4-5-thinking",
    "claude-opus-4-8", "claude-opus-5", "claude-sonnet-5", "claude-haiku-5", "claude-fable-5", "claude-mythos-5",
    "claude-sonnet-latest", "claude-opus-latest", "claude-haiku-latest", "claude-instant-1.2", "claude-2.1",
    "<synthetic>",
    # Vertex (`@date`) and Bedrock (`region.anthropic.…-v1:0`) spellings
    "claude-sonnet-4-5@20250929", "claude-opus-4-1@20250805", "claude-3-5-haiku@20241022", "claude-sonnet-4@20250514",
    "claude-opus-4-6@default", "claude-haiku-4-5@20251001", "claude-3-7-sonnet@20250219",
    "us.anthropic.claude-sonnet-4-5-20250929-v1:0", "us.anthropic.claude-opus-4-1-20250805-v1:0",
    "us.anthropic.claude-sonnet-4-20250514-v1:0", "us.anthropic.claude-3-7-sonnet-20250219-v1:0",
    "us.anthropic.claude-3-5-haiku-20241022-v1:0", "us.anthropic.claude-haiku-4-5-20251001-v1:0",
    "us.anthropic.claude-opus-4-6-v1", "eu.anthropic.claude-sonnet-4-5-20250929-v1:0",
    "apac.anthropic.claude-sonnet-4-20250514-v1:0", "global.anthropic.claude-sonnet-4-5-20250929-v1:0",
    "anthropic.claude-opus-4-6-v1", "anthropic.claude-3-5-sonnet-20241022-v2:0", "anthropic.claude-sonnet-4-6",
    "bedrock/us.anthropic.claude-sonnet-4-5-20250929-v1:0", "vertex_ai/claude-sonnet-4-5@20250929",
    "vertex_ai/claude-opus-4-1@20250805", "vertex_ai/claude-3-5-sonnet-v2@20241022",
    # vendor / router prefixed and third-party spellings
    "anthropic/claude-sonnet-4-5", "anthropic/claude-opus-4-6", "anthropic/claude-opus-4.6", "anthropic/claude-sonnet-4.5",
    "anthropic/claude-3.5-sonnet", "anthropic/claude-3.7-sonnet", "anthropic/claude-haiku-4.5",
    "openrouter/anthropic/claude-sonnet-4.5", "openrouter/anthropic/claude-opus-4.1", "openrouter/anthropic/claude-sonnet-4",
    "claude-sonnet-4.5", "claude-opus-4.6", "claude-haiku-4.5", "claude-opus-4.7", "claude-4-sonnet", "claude-4-opus",
    "claude-4.5-sonnet", "claude-4.6-opus-high-thinking", "claude-4-7-opus-xhigh", "Claude Sonnet 4.5", "Claude Opus 4.6",
    "anthropic--claude-4.6-opus", "cp/claude-sonnet-4-5", "omniroute:claude-sonnet-4-5",
    "litellm_proxy/claude-sonnet-4-5", "github_copilot/claude-sonnet-4", "claude-sonnet-4-5:thinking",
]

OPENAI = [
    "gpt-5", "gpt-5-2025-08-07", "gpt-5-codex", "gpt-5.1", "gpt-5.1-2025-11-13", "gpt-5.1-codex", "gpt-5.1-codex-max",
    "gpt-5.1-codex-mini", "gpt-5.2", "gpt-5.2-codex", "gpt-5.2-pro", "gpt-5.3-codex", "gpt-5.3-codex-spark", "gpt-5.4",
    "gpt-5.4-mini", "gpt-5.4-nano", "gpt-5.4-pro", "gpt-5.5", "gpt-5.5-pro", "gpt-5.6", "gpt-5.6-codex", "gpt-5.6-sol",
    "gpt-5-mini", "gpt-5-mini-2025-08-07", "gpt-5-nano", "gpt-5-pro", "gpt-5-chat-latest", "gpt-5.1-chat-latest",
    "gpt-4.1", "gpt-4.1-mini", "gpt-4.1-nano", "gpt-4.1-2025-04-14", "gpt-4o", "gpt-4o-2024-08-06", "gpt-4o-mini",
    "gpt-4-turbo", "gpt-4", "gpt-3.5-turbo", "o1", "o1-mini", "o1-pro", "o3", "o3-mini", "o3-pro", "o3-2025-04-16",
    "o4-mini", "o4-mini-2025-04-16", "o3-deep-research", "codex-mini-latest", "gpt-oss-120b", "gpt-oss-20b",
    "openai/gpt-oss-120b", "openai/gpt-5", "openai/gpt-5-mini", "openai/gpt-5.1-codex", "azure/gpt-5", "azure/gpt-4.1",
    "openrouter/openai/gpt-5", "openrouter/openai/gpt-4o", "gpt-5-fast", "gpt-5.2-low", "gpt-5.1-codex-high",
    "codex-auto-review", "gpt-latest", "gpt-oss:20b", "gpt-5-codex-high", "gpt-5.3-codex-xhigh",
]

OTHERS = [
    # Gemini
    "gemini-2.5-pro", "gemini-2.5-flash", "gemini-2.5-flash-lite", "gemini-2.5-pro-preview-06-05",
    "gemini-2.5-flash-preview-05-20", "gemini-2.0-flash", "gemini-2.0-flash-001", "gemini-1.5-pro",
    "gemini-3-pro-preview", "gemini-3-pro", "gemini-3-flash-preview", "gemini-3-flash", "gemini-3.1-pro-preview",
    "gemini-3.1-pro", "gemini-3.5-flash", "gemini-3.1-flash-lite-preview", "gemini/gemini-2.5-pro",
    "vertex_ai/gemini-2.5-pro", "google/gemini-2.5-pro", "openrouter/google/gemini-2.5-flash", "gemini-exp-1206",
    "antigravity/gemini-3-pro", "gemini-3.1-pro-high",
    # Qwen
    "qwen3-coder-plus", "qwen3-coder", "qwen3-coder-480b-a35b-instruct", "qwen3-coder-flash", "qwen3-max",
    "qwen3-235b-a22b", "qwen/qwen3-coder", "qwen-max", "qwen-plus", "qwen2.5-coder-32b-instruct", "qwen3.5-plus",
    "qwen3.7-max", "qwen3-coder-next", "dashscope/qwen3-coder-plus", "openrouter/qwen/qwen3-coder",
    "accounts/fireworks/models/qwen3-coder-480b-a35b-instruct", "qwen3:32b", "qwen2.5-coder:7b",
    "cline-pass/qwen3.7-max", "accounts/fireworks/models/qwen3p7-plus", "qwen-auto",
    # Kimi / Moonshot
    "kimi-k2", "kimi-k2-0905-preview", "kimi-k2-0711-preview", "kimi-k2-turbo-preview", "kimi-k2-thinking",
    "kimi-k2-thinking-turbo", "kimi-k2.5", "kimi-k2.6", "kimi-k3", "moonshotai/kimi-k2", "moonshotai/kimi-k2-instruct",
    "moonshot/kimi-k2-0905-preview", "kimi-latest", "moonshot-v1-8k", "kimi-for-coding",
    "accounts/fireworks/models/kimi-k2-instruct", "accounts/fireworks/models/kimi-k2p6",
    "groq/moonshotai/kimi-k2-instruct", "kimi/k3[1m]", "k3", "kimi-k2:cloud", "kimi-k2-instruct-0905",
    # GLM
    "glm-4.5", "glm-4.5-air", "glm-4.6", "glm-4.7", "glm-4.7-flash", "glm-5", "glm-5.1", "GLM-5.2", "glm-5.2", "GLM-5.3",
    "glm-5.3", "glm-5-turbo", "zai/glm-4.6", "z-ai/glm-4.6", "openrouter/z-ai/glm-4.6", "zhipu/glm-4.6", "glm-4.6:cloud",
    "accounts/fireworks/models/glm-4p6", "accounts/fireworks/models/glm-5p1", "GLM-4.6", "zai-org/GLM-4.6",
    # DeepSeek
    "deepseek-chat", "deepseek-reasoner", "deepseek-v3", "deepseek-v3.1", "deepseek-v3.2", "deepseek-r1",
    "deepseek-r1-0528", "deepseek-coder", "deepseek-v4-pro", "deepseek-v4-flash", "deepseek/deepseek-chat",
    "deepseek/deepseek-r1", "openrouter/deepseek/deepseek-chat-v3.1", "accounts/fireworks/models/deepseek-v3p1",
    "deepseek-ai/DeepSeek-V3", "deepseek-r1:14b", "deepseek-ai/DeepSeek-V3.1-TEE", "accounts/fireworks/models/deepseek-v4-pro",
    # Grok
    "grok-4", "grok-4-0709", "grok-4-fast", "grok-4-fast-reasoning", "grok-code-fast-1", "grok-code-fast", "grok-3",
    "grok-3-mini", "grok-4.20", "grok-4.5", "grok-4.5-build", "grok-build", "grok-composer-2.5-fast", "xai/grok-4",
    "x-ai/grok-code-fast-1", "openrouter/x-ai/grok-4", "grok-latest",
    # Mistral / Devstral
    "devstral-small-2505", "devstral-medium-2507", "devstral-small-latest", "devstral-2512", "codestral-latest",
    "codestral-2508", "mistral-large-latest", "mistral-medium-2508", "mistral-small-latest", "magistral-medium-latest",
    "mistral/devstral-medium-2507", "mistralai/devstral-small", "labs-devstral-small-2512", "mistral-medium-3.1",
    # MiniMax, MiMo and others
    "MiniMax-M2", "minimax-m2", "MiniMax-M2.1", "MiniMax-M2.5", "MiniMax-M2.7", "MiniMax-M2.7-highspeed", "MiniMax-M3",
    "minimax/minimax-m2", "mimo-v2-flash", "xiaomi/mimo-v2-flash", "mimo-v2.5-pro", "kat-coder-pro-v1",
    "composer-1", "composer-2", "composer-1.5", "cursor-auto", "copilot-auto", "copilot-openai-auto", "auto",
    "llama-3.3-70b-versatile", "meta-llama/llama-4-maverick", "groq/llama-3.3-70b-versatile",
    "cerebras/qwen-3-coder-480b", "together_ai/Qwen/Qwen3-Coder-480B-A35B-Instruct-FP8", "llama3.1:8b",
    "ollama/qwen3:32b", "big-pickle", "sonic", "my-custom-model", "foo/bar-baz", "acme-coder-7b", "local-model-q4_0",
    "warp-auto-efficient", "kiro-auto", "cline-auto", "Gemini 3.5 Flash (High)", "GPT-5.3 Codex (high reasoning)",
    # other letter case, free-tier and vendor-path spellings
    "CLAUDE-SONNET-4-5", "Claude-Opus-4-6", "claude-opus-4-6-fast", "claude-opus-4-7-20260101",
    "claude-sonnet-4-5-20250929-v1:0", "anthropic.claude-haiku-4-5-20251001-v1:0", "gpt-5.2-codex-max",
    "gpt-5-codex-latest", "gpt-4.5-preview", "chatgpt-4o-latest", "GPT-5", "Gemini 2.5 Pro",
    "gemini-2.5-pro-exp-03-25", "models/gemini-2.5-pro", "gemini-2.5-flash-image", "qwen3-coder-30b-a3b-instruct",
    "Qwen/Qwen3-Coder-480B-A35B-Instruct", "moonshotai/Kimi-K2-Instruct", "kimi-k2-instruct", "z-ai/glm-4.5-air:free",
    "openrouter/qwen/qwen3-coder:free", "deepseek/deepseek-chat-v3-0324:free", "x-ai/grok-4-fast:free",
    "mistral-large-2411", "codestral-2501", "minimax/minimax-m2:free", "anthropic/claude-3-haiku", "claude-3-haiku",
    "llama-3.1-405b-instruct", "accounts/fireworks/models/llama-v3p1-405b-instruct", "qwen/qwen3-235b-a22b-2507",
    "openai/gpt-oss-20b:free", "nvidia/llama-3.3-nemotron-super-49b-v1",
]

CODEX = OPENAI + ["kimi/k3[1m]", "gpt-oss:120b", "qwen3-coder", "deepseek-chat", "claude-sonnet-4-5",
                  "gemini-2.5-pro", "o3-mini-high", "gpt-5-codex-mini", "my-custom-model"]


# ids only some tools write: Droid's custom-model wrapper, Cursor's and Gemini's own
TOOL_IDS = ["custom:GLM-5.1-[Proxy]-0", "custom:claude-sonnet-4-5-20250929-[Anthropic]-0", "custom:gpt-5-codex-[OpenAI]-1",
            "claude-sonnet-4-5-20250929-2", "custom:Kimi-K2-[Moonshot]", "default", "gemini-auto", "cursor-agent-auto",
            "gemini-pro-agent", "gemini-3.1-pro-low", "claude-4-sonnet-thinking", "claude-4.5-opus-high-thinking",
            "mistral-medium-3.5", "mistral-vibe-cli-latest", "devstral", "local", "devstral-small",
            "copilot/gpt-5-mini", "github-copilot/claude-sonnet-4-5", "openai:gpt-5.5", "anthropic:claude-opus-4-6",
            "gpt-5.4-mini-2026-01-01", "gpt-4o-mini-2024-07-18", "bad\x1b[31mred", "x" * 250]

LABELS_SCRIPT = """
import { readFileSync } from 'fs'
const root = process.argv[2]
const models = await import(root + '/src/models.ts')
const index = await import(root + '/src/providers/index.ts')
const [names, ids] = JSON.parse(readFileSync(process.argv[3], 'utf-8'))
const out = {}
for (const name of names) {
  const p = await index.getProvider(name)
  if (!p) continue
  out[name] = ids.map(m => models.sanitizeModelForDisplay(models.fallbackRawModelDisplayName(p.modelDisplayName(m), m)))
}
process.stdout.write(JSON.stringify(out))
"""


def check_labels(ref_root: str) -> int:
    from codeburn.aggregate.model_labels import model_label
    from codeburn.providers import PROVIDERS

    ids = list(dict.fromkeys(CLAUDE + OPENAI + OTHERS + CODEX + TOOL_IDS))
    names = list(PROVIDERS)
    with tempfile.TemporaryDirectory() as tmp:
        script, idfile = os.path.join(tmp, "labels.mts"), os.path.join(tmp, "ids.json")
        with open(script, "w") as f:
            f.write(LABELS_SCRIPT)
        with open(idfile, "w") as f:
            json.dump([names, ids], f)
        tsx = os.path.join(ref_root, "node_modules", ".bin", "tsx")
        env = dict(os.environ, CODEBURN_PRICING_SNAPSHOT_ONLY="1")
        theirs = json.loads(subprocess.run([tsx, script, os.path.abspath(ref_root), idfile], capture_output=True,
                                           text=True, check=True, env=env).stdout)
    bad = 0
    for name in names:
        if name not in theirs:
            print(f"{name}: not a provider of the reference")
            continue
        for m, label in zip(ids, theirs[name]):
            if model_label(name, m) != label:
                bad += 1
                print(f"{name} {m!r}: ours {model_label(name, m)!r} ref {label!r}")
    print(f"{len(ids)} ids x {len(theirs)} providers: {bad} label differences")
    return 1 if bad else 0


def tokens(i: int) -> tuple[int, int, int, int]:
    """Distinct counts per call (input, output, cache write, cache read)."""
    return 1000 + 7 * i, 200 + 3 * i, 5000 + 11 * i, 20000 + 13 * i


def ts(i: int) -> str:
    return f"{DAY}T{10 + i // 3600:02d}:{i // 60 % 60:02d}:{i % 60:02d}.000Z"


def claude_lines(ids: list[str]) -> list[dict]:
    lines = [{"parentUuid": None, "isSidechain": False, "userType": "external", "cwd": CWD, "sessionId": SESSION,
              "version": "2.1.3", "gitBranch": "main", "type": "user",
              "message": {"role": "user", "content": "explain the model table"}, "uuid": "u-0", "timestamp": ts(0)}]
    for i, model in enumerate(ids, 1):
        inp, out, cw, cr = tokens(i)
        usage = {"input_tokens": inp, "cache_creation_input_tokens": cw, "cache_read_input_tokens": cr,
                 "output_tokens": out, "service_tier": "standard"}
        message = {"model": model, "id": f"msg_{i:04d}", "type": "message", "role": "assistant",
                   "content": [{"type": "text", "text": f"answer {i}"}], "stop_reason": "end_turn",
                   "stop_sequence": None, "usage": usage}
        lines.append({"parentUuid": None, "isSidechain": False, "userType": "external", "cwd": CWD,
                      "sessionId": SESSION, "version": "2.1.3", "gitBranch": "main", "message": message,
                      "requestId": f"req_{i:04d}", "type": "assistant", "uuid": f"a-{i}", "timestamp": ts(i)})
    return lines


def _codex_line(t: str, kind: str, payload: dict) -> dict:
    return {"timestamp": t, "type": kind, "payload": payload}


def codex_rollout(i: int, model: str) -> list[dict]:
    """One session, one turn on `model`; token counts as Codex writes them
    (cached input inside input, reasoning inside output)."""
    sid = f"0196a1b2-3c4d-7e8f-9a0b-{i:012d}"
    inp, out, _, cr = tokens(i)
    usage = {"input_tokens": inp + cr, "cached_input_tokens": cr, "output_tokens": out,
             "reasoning_output_tokens": out // 4, "total_tokens": inp + cr + out}
    t0 = ts(i)
    return [
        _codex_line(t0, "session_meta", {"id": sid, "session_id": sid, "timestamp": t0, "cwd": CWD,
                                         "originator": "codex_cli_rs", "cli_version": "0.130.0",
                                         "model_provider": "openai", "model": model}),
        _codex_line(t0, "event_msg", {"type": "task_started", "turn_id": f"turn-{i}"}),
        _codex_line(t0, "turn_context", {"turn_id": f"turn-{i}", "cwd": CWD, "model": model}),
        _codex_line(t0, "response_item", {"type": "message", "role": "user",
                                          "content": [{"type": "input_text", "text": "explain the model table"}]}),
        _codex_line(t0, "event_msg", {"type": "token_count", "info": {"total_token_usage": usage,
                                                                      "last_token_usage": usage}}),
    ]


def write_home(home: str, only: str | None) -> None:
    if only in (None, "claude"):
        proj = os.path.join(home, ".claude", "projects", "-home-dev-src-sweep")
        os.makedirs(proj, exist_ok=True)
        with open(os.path.join(proj, f"{SESSION}.jsonl"), "w", encoding="utf-8") as f:
            for rec in claude_lines(list(dict.fromkeys(CLAUDE + OPENAI + OTHERS))):
                f.write(json.dumps(rec, separators=(",", ":")) + "\n")
    if only in (None, "codex"):
        day = os.path.join(home, ".codex", "sessions", *DAY.split("-"))
        os.makedirs(day, exist_ok=True)
        for i, model in enumerate(dict.fromkeys(CODEX), 1):
            name = f"rollout-{DAY}T10-00-{i:02d}-0196a1b2-3c4d-7e8f-9a0b-{i:012d}.jsonl"
            with open(os.path.join(day, name), "w", encoding="utf-8") as f:
                for rec in codex_rollout(i, model):
                    f.write(json.dumps(rec, separators=(",", ":")) + "\n")


def run(exe: list[str], args: list[str], home: str) -> dict:
    work = tempfile.mkdtemp(prefix="names-")
    h = os.path.join(work, "home")
    shutil.copytree(home, h, symlinks=True)
    env = {k: v for k, v in os.environ.items() if not k.startswith(("CODEBURN_", "CLAUDE_", "CODEX_", "XDG_"))}
    env.update(HOME=h, TZ="UTC", CODEBURN_CACHE_DIR=os.path.join(work, "cache"), NO_COLOR="1",
               CODEBURN_PRICING_SNAPSHOT_ONLY="1")
    p = subprocess.run(exe + args, env=env, capture_output=True, text=True, cwd=work, timeout=600)
    shutil.rmtree(work, ignore_errors=True)
    if p.returncode != 0:
        raise SystemExit(f"{' '.join(exe + args)} failed ({p.returncode}): {p.stderr[:500]}")
    return json.loads(p.stdout)


def report_rows(doc: dict) -> dict:
    return {r["name"]: {"calls": r["calls"], "tokens": [r["inputTokens"], r["outputTokens"], r["cacheReadTokens"],
                                                        r["cacheWriteTokens"]], "cost": r["cost"]}
            for r in doc.get("models", [])}


def models_rows(doc) -> dict:
    rows = doc if isinstance(doc, list) else doc.get("rows", doc.get("models", []))
    return {(r["provider"], r["model"], r["modelDisplayName"], r["category"]): {
        "calls": r["calls"], "credits": [r["credits"] and round(r["credits"], 9), r["creditsIncomplete"]],
        "tokens": [r["inputTokens"], r["outputTokens"], r["cacheReadTokens"], r["cacheWriteTokens"]],
        "cost": r["costUSD"]} for r in rows}


def compare(ours: dict, ref: dict, label: str) -> list[str]:
    out = []
    if set(ours) == set(ref) and list(ours) != list(ref):
        i = next(i for i, (a, b) in enumerate(zip(ours, ref)) if a != b)
        out.append(f"{label} row order: ours {list(ours)[i:i + 3]} ref {list(ref)[i:i + 3]}")
    for key in list(ref) + [k for k in ours if k not in ref]:
        a, b = ours.get(key), ref.get(key)
        if a is None or b is None:
            side = "ref" if a is None else "ours"
            out.append(f"{label} {key}: only {side} {json.dumps(b or a)}")
            continue
        bad = [f for f in ("calls", "tokens", "credits") if f in b and a[f] != b[f]]
        if abs(a["cost"] - b["cost"]) > COST_TOL * max(abs(b["cost"]), 1e-9) and not (a["cost"] == b["cost"] == 0):
            bad.append("cost")
        if bad:
            out.append(f"{label} {key}: " + ", ".join(f"{f} ours {a[f]} ref {b[f]}" for f in bad))
    return out


def unpriced(doc: dict) -> list:
    return sorted((m["model"], m["calls"], m["tokens"]) for m in doc.get("unpricedModels") or [])


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--keep")
    ap.add_argument("--dump")
    ap.add_argument("--only", choices=["claude", "codex"])
    ap.add_argument("--labels", metavar="REF_ROOT")
    a = ap.parse_args()
    if a.labels:
        return check_labels(a.labels)
    ref = os.environ.get("CODEBURN_HEAD")
    if not ref:
        print("set $CODEBURN_HEAD first", file=sys.stderr)
        return 2
    home = a.keep or tempfile.mkdtemp(prefix="names-home-")
    if not os.path.isdir(os.path.join(home, ".claude")) and not os.path.isdir(os.path.join(home, ".codex")):
        write_home(home, a.only)
    ours_exe, ref_exe = [sys.executable, "-m", "codeburn"], ref.split()
    diffs, dump = [], {}
    for prov in ([a.only] if a.only else ["claude", "codex", "all"]):
        rep = ["report", "--format", "json", "-p", "all", "--provider", prov]
        mod = ["models", "--format", "json", "-p", "all", "--provider", prov, "--min-cost", "0"]
        ro, rr = run(ours_exe, rep, home), run(ref_exe, rep, home)
        mo, mr = run(ours_exe, mod, home), run(ref_exe, mod, home)
        if prov == "all":  # one row per model and task category, grouped by model
            diffs += compare(models_rows(run(ours_exe, mod + ["--by-task"], home)),
                             models_rows(run(ref_exe, mod + ["--by-task"], home)), "[all models --by-task]")
        dump[prov] = {"report": {"ours": report_rows(ro), "ref": report_rows(rr)},
                      "models": {"ours": {" | ".join(map(str, k)): v for k, v in models_rows(mo).items()},
                                 "ref": {" | ".join(map(str, k)): v for k, v in models_rows(mr).items()}},
                      "unpriced": {"ours": unpriced(ro), "ref": unpriced(rr)}}
        diffs += compare(report_rows(ro), report_rows(rr), f"[{prov} report]")
        diffs += compare(models_rows(mo), models_rows(mr), f"[{prov} models]")
        if unpriced(ro) != unpriced(rr):
            diffs.append(f"[{prov} unpriced] ours {unpriced(ro)} ref {unpriced(rr)}")
    n_claude = len(dict.fromkeys(CLAUDE + OPENAI + OTHERS))
    print(f"ids: {n_claude} in the Claude history, {len(dict.fromkeys(CODEX))} in the Codex history; home {home}")
    for line in diffs:
        print(line)
    print(f"{len(diffs)} differences")
    if a.dump:
        with open(a.dump, "w", encoding="utf-8") as f:
            json.dump(dump, f, indent=1, ensure_ascii=False, default=str)
    return 0


if __name__ == "__main__":
    sys.exit(main())
