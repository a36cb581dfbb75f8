"""Model display names, model rows and prices across the model ids real tools
write (Claude Code with bedrock/vertex/router spellings, Codex with OpenAI
ids and a few others). Every expected value below comes from CodeBurn 0.9.20
run on the files these tests write (`report --format json -p all` and
`models --format json -p all --min-cost 0`, HOME holding the same
`.claude` / `.codex` trees, TZ=UTC); bench/model_names_sweep.py runs the
wider sweep (338 + 76 ids) the same way."""
from __future__ import annotations

import datetime as dt
import json
import os

import pytest

from codeburn.aggregate.model_labels import model_label
from codeburn.cost.pricing import codex_credits, short_model_name
from tests.conftest import assistant_line, usage, user_line
from tests.provider_fixtures import write_droid

NOW = dt.datetime(2026, 11, 26, 12, 0, tzinfo=dt.timezone.utc)
DAY = "2026-11-20"
CWD = "/home/dev/src/names"
SESSION = "5e1f0000-2222-4c2b-9d3e-cccccccccccc"

CLAUDE_IDS = [
    "claude-opus-4-7", "claude-opus-4-6[1m]", "claude-sonnet-4-5-20250929", "claude-sonnet-4-5-20250929[1m]",
    "claude-sonnet-4-20250514[1m]", "claude-haiku-4-5-20251001", "claude-3-5-haiku-20241022",
    "claude-3-7-sonnet-20250219", "claude-opus-4-1@20250805", "us.anthropic.claude-sonnet-4-5-20250929-v1:0",
    "anthropic/claude-opus-4.6", "openrouter/anthropic/claude-sonnet-4.5", "claude-4.6-opus-high-thinking",
    "claude-sonnet-4-5-thinking", "claude-haiku-5", "claude-instant-1.2", "<synthetic>",
    "gpt-5-mini", "gpt-5.1-codex-max", "o4-mini", "gpt-oss-120b",
    "gemini-2.5-pro", "gemini-3-pro-preview", "vertex_ai/gemini-2.5-pro",
    "qwen3-coder-plus", "dashscope/qwen3-coder-plus", "accounts/fireworks/models/qwen3-coder-480b-a35b-instruct",
    "qwen3-coder-480b-a35b-instruct", "kimi-k2", "moonshotai/kimi-k2", "kimi-k2-thinking",
    "accounts/fireworks/models/kimi-k2p6", "GLM-5.2", "accounts/fireworks/models/glm-5p1", "glm-4.6",
    "openrouter/z-ai/glm-4.6", "deepseek-v4-pro", "accounts/fireworks/models/deepseek-v4-pro", "deepseek-chat",
    "grok-4", "xai/grok-4", "openrouter/x-ai/grok-4", "grok-code-fast-1", "devstral-medium-2507",
    "mistralai/devstral-small", "MiniMax-M2.7", "cerebras/qwen-3-coder-480b", "meta-llama/llama-4-maverick",
    "foo/bar-baz", "my-custom-model", "qwen3:32b", "ollama/qwen3:32b", "codestral-latest", "composer-1",
    "copilot-auto",
]
CODEX_IDS = [
    "gpt-5", "gpt-5-codex", "gpt-5-mini", "gpt-5-nano", "gpt-5.1-codex-max", "gpt-5.4-nano", "gpt-5.5-pro",
    "gpt-5.3-codex-spark", "o3-mini-high", "gpt-4o-2024-08-06", "openrouter/openai/gpt-4o", "codex-mini-latest",
    "kimi/k3[1m]", "gpt-oss:20b", "qwen3-coder",
]


def tokens(i: int) -> tuple[int, int, int, int]:
    """Distinct counts per call (input, output, cache write, cache read)."""
    return 1000 + 7 * i, 200 + 3 * i, 5000 + 11 * i, 20000 + 13 * i


def ts(i: int) -> str:
    return f"{DAY}T10:{i // 60:02d}:{i % 60:02d}.000Z"


def claude_lines(ids: list[str]) -> list[dict]:
    lines = [user_line("explain the model table", ts=ts(0), cwd=CWD, session=SESSION)]
    for i, model in enumerate(ids, 1):
        inp, out, cw, cr = tokens(i)
        lines.append(assistant_line(f"msg_{i:04d}", ts=ts(i), model=model, usage=usage(inp, out, cw, cr),
                                    text=f"answer {i}", cwd=CWD, session=SESSION))
    return lines


def codex_lines(i: int, model: str) -> list[dict]:
    """One Codex session with one turn on `model` (cached input inside input)."""
    sid = f"0196a1b2-3c4d-7e8f-9a0b-{i:012d}"
    inp, out, _, cr = tokens(i)
    counts = {"input_tokens": inp + cr, "cached_input_tokens": cr, "output_tokens": out,
              "reasoning_output_tokens": out // 4, "total_tokens": inp + cr + out}
    t = ts(i)
    line = lambda kind, payload: {"timestamp": t, "type": kind, "payload": payload}  # noqa: E731
    return [line("session_meta", {"id": sid, "session_id": sid, "timestamp": t, "cwd": CWD,
                                  "originator": "codex_cli_rs", "cli_version": "0.130.0", "model_provider": "openai",
                                  "model": model}),
            line("event_msg", {"type": "task_started", "turn_id": f"turn-{i}"}),
            line("turn_context", {"turn_id": f"turn-{i}", "cwd": CWD, "model": model}),
            line("response_item", {"type": "message", "role": "user",
                                   "content": [{"type": "input_text", "text": "explain the model table"}]}),
            line("event_msg", {"type": "token_count", "info": {"total_token_usage": counts,
                                                               "last_token_usage": counts}})]


def _jsonl(path: str, records: list[dict]) -> None:
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path, "w", encoding="utf-8") as f:
        f.writelines(json.dumps(r, separators=(",", ":")) + "\n" for r in records)


def write_home(home: str, extra: tuple[str, ...] = ()) -> None:
    """`.claude/projects/…` and `.codex/sessions/YYYY/MM/DD/…` under home
    (`extra` ids: more Claude calls after CLAUDE_IDS')."""
    _jsonl(os.path.join(home, ".claude", "projects", "-home-dev-src-names", f"{SESSION}.jsonl"),
           claude_lines(CLAUDE_IDS + list(extra)))
    day = os.path.join(home, ".codex", "sessions", *DAY.split("-"))
    for i, model in enumerate(CODEX_IDS, 1):
        _jsonl(os.path.join(day, f"rollout-{DAY}T10-00-{i:02d}-0196a1b2-3c4d-7e8f-9a0b-{i:012d}.jsonl"),
               codex_lines(i, model))


@pytest.fixture
def names_run(tmp_path, run):
    def _run(*argv, extra=(), now=NOW):
        home = str(tmp_path / "names")
        if not os.path.isdir(home):
            write_home(home, extra)
        env = {"CLAUDE_CONFIG_DIR": os.path.join(home, ".claude"), "CODEX_HOME": os.path.join(home, ".codex")}
        r = run(*argv, env=env, now=now)
        assert r.status == 0, r.stderr
        return r.json
    return _run


def report_rows(doc: dict) -> dict:
    return {m["name"]: (m["calls"], m["inputTokens"], m["outputTokens"], m["cacheReadTokens"],
                        m["cacheWriteTokens"], m["cost"]) for m in doc["models"]}


def models_rows(rows: list) -> dict:
    return {(r["provider"], r["model"], r["modelDisplayName"]): (r["calls"], r["totalTokens"], r["costUSD"])
            for r in rows}


def approx_rows(expected: dict) -> dict:
    return {k: (*v[:-1], pytest.approx(v[-1], rel=1e-9, abs=1e-15)) for k, v in expected.items()}


# --- CodeBurn 0.9.20's output on write_home()'s files -------------------------

# report models[]: display name -> (calls, input, output, cache read, cache write, cost)
REPORT_MODELS = {
    "Opus 4.1": (1, 1063, 227, 20117, 5099, 0.15875175),
    "Opus 4.6": (3, 3182, 678, 60338, 15286, 0.1585665),
    "grok-4": (3, 3861, 969, 61599, 16353, 0.15535146),
    "GPT-5.5 Pro": (1, 1049, 221, 20091, 0, 0.131523),
    "Sonnet 4.5": (4, 4231, 899, 80429, 20363, 0.12666795),
    "Opus 4.7": (1, 1007, 203, 20013, 5011, 0.05143525),
    "GPT-4o": (2, 2147, 463, 40273, 0, 0.04019575),
    "Copilot (auto)": (1, 1385, 365, 20715, 5605, 0.03686325),
    "GLM-5.2": (2, 2469, 601, 40871, 10737, 0.03551721),
    "us.anthropic.claude-sonnet-4-5-20250929-v1:0": (1, 1070, 230, 20130, 5110, 0.03504765),
    "Sonnet 3.7": (1, 1056, 224, 20104, 5088, 0.0316392),
    "Sonnet 4.20250514": (1, 1035, 215, 20065, 5055, 0.03130575),
    "Gemini 2.5 Pro": (2, 2322, 538, 40598, 10506, 0.029772874999999997),
    "gemini-3-pro-preview": (1, 1161, 269, 20299, 5253, 0.022742299999999997),
    "GPT-5.1 Codex": (2, 2168, 472, 40312, 5209, 0.020608062500000003),
    "DeepSeek v4 Pro": (2, 2525, 625, 40975, 10825, 0.018943818624999997),
    "o4-mini": (1, 1140, 260, 20260, 5220, 0.015147),
    "composer-1": (1, 1378, 362, 20702, 5594, 0.01492275),
    "o3": (1, 1063, 227, 20117, 0, 0.01323245),
    "Kimi K3": (1, 1091, 239, 20169, 0, 0.012908699999999999),
    "Kimi K2.6": (1, 1224, 296, 20416, 5352, 0.01196886),
    "GPT-5": (2, 2021, 409, 40039, 0, 0.011621125000000001),
    "codex-mini-latest": (1, 1084, 236, 20156, 0, 0.0106005),
    "Haiku 3.5": (1, 1049, 221, 20091, 5077, 0.010509349999999999),
    "Haiku 4.5": (1, 1042, 218, 20078, 5066, 0.0104723),
    "Kimi K2 Thinking": (1, 1217, 293, 20403, 5341, 0.008528899999999999),
    "GPT-5.3 Codex Spark": (1, 1056, 224, 20104, 0, 0.0085022),
    "glm-4.6": (2, 2497, 613, 40923, 10781, 0.00822457),
    "Kimi K2": (2, 2413, 577, 40767, 10649, 0.006089325),
    "qwen3-coder-480b-a35b-instruct": (2, 2385, 565, 40715, 10605, 0.0049362074999999995),
    "devstral-medium-2507": (1, 1308, 332, 20572, 5484, 0.00475208),
    "MiniMax M2.7": (1, 1322, 338, 20598, 5506, 0.00410283),
    "GPT-5 Mini": (2, 2147, 463, 40273, 5198, 0.004093950000000001),
    "deepseek-chat": (1, 1273, 317, 20507, 5429, 0.002963926),
    "grok-code-fast-1": (1, 1301, 329, 20559, 5473, 0.00253313),
    "gpt-oss-120b": (1, 1147, 263, 20273, 5231, 0.0016147575000000003),
    "GPT-5.4 Nano": (1, 1042, 218, 20078, 0, 0.0008824600000000001),
    "GPT-5 Nano": (1, 1028, 212, 20052, 0, 0.00023646000000000002),
    "Haiku 5": (1, 1105, 245, 20195, 5165, 0),
    "claude-instant-1.2": (1, 1112, 248, 20208, 5176, 0),
    "<synthetic>": (1, 1119, 251, 20221, 5187, 0),
    "qwen3-coder-plus": (2, 2357, 553, 40663, 10561, 0),
    "devstral-small": (1, 1315, 335, 20585, 5495, 0),
    "qwen-3-coder-480b": (1, 1329, 341, 20611, 5517, 0),
    "llama-4-maverick": (1, 1336, 344, 20624, 5528, 0),
    "bar-baz": (1, 1343, 347, 20637, 5539, 0),
    "my-custom-model": (1, 1350, 350, 20650, 5550, 0),
    "qwen3:32b": (2, 2721, 709, 41339, 11133, 0),
    "codestral-latest": (1, 1371, 359, 20689, 5583, 0),
    "gpt-oss:20b": (1, 1098, 242, 20182, 0, 0),
    "qwen3-coder": (1, 1105, 245, 20195, 0, 0),
}
# unpricedModels: $0 display rows whose name has no price; `Kimi K2` and
# `Sonnet 4.5` merge priced and unpriced ids and are not listed; local tags
# (`qwen3:32b`) and `<synthetic>` are $0 by right
UNPRICED = [{"model": "qwen3-coder-plus", "calls": 2, "tokens": 54134},
            {"model": "codestral-latest", "calls": 1, "tokens": 28002},
            {"model": "my-custom-model", "calls": 1, "tokens": 27900},
            {"model": "bar-baz", "calls": 1, "tokens": 27866},
            {"model": "llama-4-maverick", "calls": 1, "tokens": 27832},
            {"model": "qwen-3-coder-480b", "calls": 1, "tokens": 27798},
            {"model": "devstral-small", "calls": 1, "tokens": 27730},
            {"model": "claude-instant-1.2", "calls": 1, "tokens": 26744},
            {"model": "Haiku 5", "calls": 1, "tokens": 26710},
            {"model": "qwen3-coder", "calls": 1, "tokens": 21545}]
# `models` rows: (provider, first raw id, label) -> (calls, total tokens, cost). Path
# ids share the row of their leaf (three spellings of grok-4, GLM-5.2 with
# accounts/fireworks/models/glm-5p1); Codex labels from its own prefix table.
MODELS_ROWS = {
    ("claude", "claude-opus-4-1@20250805", "Opus 4.1"): (1, 26506, 0.15875175),
    ("claude", "claude-opus-4-6[1m]", "Opus 4.6"): (3, 79484, 0.1585665),
    ("claude", "grok-4", "grok-4"): (3, 82782, 0.15535146),
    ("codex", "gpt-5.5-pro", "GPT-5.5"): (1, 21361, 0.131523),
    ("claude", "claude-sonnet-4-5-20250929", "Sonnet 4.5"): (3, 80980, 0.10003050000000001),
    ("claude", "claude-opus-4-7", "Opus 4.7"): (1, 26234, 0.05143525),
    ("claude", "GLM-5.2", "GLM-5.2"): (2, 54678, 0.03551721),
    ("claude", "us.anthropic.claude-sonnet-4-5-20250929-v1:0", "us.anthropic.claude-sonnet-4-5-20250929-v1:0"):
        (1, 26540, 0.03504765),
    ("claude", "claude-sonnet-4-5-thinking", "Sonnet 4.5"): (1, 26676, 0.0323061),
    ("claude", "claude-3-7-sonnet-20250219", "Sonnet 3.7"): (1, 26472, 0.0316392),
    ("claude", "claude-sonnet-4-20250514[1m]", "Sonnet 4.20250514"): (1, 26370, 0.03130575),
    ("claude", "claude-sonnet-4-5-20250929[1m]", "Sonnet 4.5"): (1, 26336, 0.0311946),
    ("codex", "gpt-4o-2024-08-06", "GPT-4o"): (1, 21430, 0.0301375),
    ("claude", "gemini-2.5-pro", "Gemini 2.5 Pro"): (2, 53964, 0.029772874999999997),
    ("claude", "gemini-3-pro-preview", "gemini-3-pro-preview"): (1, 26982, 0.022742299999999997),
    ("claude", "deepseek-v4-pro", "DeepSeek v4 Pro"): (2, 54950, 0.018943818624999997),
    ("claude", "o4-mini", "o4-mini"): (1, 26880, 0.015147),
    ("claude", "composer-1", "composer-1"): (1, 28036, 0.01492275),
    ("claude", "gpt-5.1-codex-max", "GPT-5.1 Codex"): (1, 26846, 0.0146561875),
    ("codex", "o3-mini-high", "o3"): (1, 21407, 0.01323245),
    ("codex", "kimi/k3[1m]", "Kimi K3"): (1, 21499, 0.012908699999999999),
    ("claude", "accounts/fireworks/models/kimi-k2p6", "Kimi K2.6"): (1, 27288, 0.01196886),
    ("codex", "codex-mini-latest", "codex-mini-latest"): (1, 21476, 0.0106005),
    ("claude", "claude-3-5-haiku-20241022", "Haiku 3.5"): (1, 26438, 0.010509349999999999),
    ("claude", "claude-haiku-4-5-20251001", "Haiku 4.5"): (1, 26404, 0.0104723),
    ("codex", "openrouter/openai/gpt-4o", "GPT-4o"): (1, 21453, 0.010058250000000001),
    ("claude", "kimi-k2-thinking", "Kimi K2 Thinking"): (1, 27254, 0.008528899999999999),
    ("codex", "gpt-5.3-codex-spark", "GPT-5.3 Codex Spark"): (1, 21384, 0.0085022),
    ("claude", "glm-4.6", "glm-4.6"): (2, 54814, 0.00822457),
    ("claude", "kimi-k2", "Kimi K2"): (2, 54406, 0.006089325),
    ("codex", "gpt-5.1-codex-max", "GPT-5.1 Codex"): (1, 21315, 0.005951875000000001),
    ("codex", "gpt-5-codex", "GPT-5"): (1, 21246, 0.005830750000000001),
    ("codex", "gpt-5", "GPT-5"): (1, 21223, 0.005790375),
    ("claude", "accounts/fireworks/models/qwen3-coder-480b-a35b-instruct", "qwen3-coder-480b-a35b-instruct"):
        (2, 54270, 0.0049362074999999995),
    ("claude", "devstral-medium-2507", "devstral-medium-2507"): (1, 27696, 0.00475208),
    ("claude", "MiniMax-M2.7", "MiniMax M2.7"): (1, 27764, 0.00410283),
    ("claude", "deepseek-chat", "deepseek-chat"): (1, 27526, 0.002963926),
    ("claude", "gpt-5-mini", "GPT-5 Mini"): (1, 26812, 0.002919725),
    ("claude", "grok-code-fast-1", "grok-code-fast-1"): (1, 27662, 0.00253313),
    ("claude", "gpt-oss-120b", "gpt-oss-120b"): (1, 26914, 0.0016147575000000003),
    ("codex", "gpt-5-mini", "GPT-5"): (1, 21269, 0.001174225),
    ("codex", "gpt-5.4-nano", "GPT-5.4"): (1, 21338, 0.0008824600000000001),
    ("codex", "gpt-5-nano", "GPT-5"): (1, 21292, 0.00023646000000000002),
    ("claude", "claude-haiku-5", "Haiku 5"): (1, 26710, 0),
    ("claude", "claude-instant-1.2", "claude-instant-1.2"): (1, 26744, 0),
    ("claude", "<synthetic>", "<synthetic>"): (1, 26778, 0),
    ("claude", "qwen3-coder-plus", "qwen3-coder-plus"): (2, 54134, 0),
    ("claude", "mistralai/devstral-small", "devstral-small"): (1, 27730, 0),
    ("claude", "cerebras/qwen-3-coder-480b", "qwen-3-coder-480b"): (1, 27798, 0),
    ("claude", "meta-llama/llama-4-maverick", "llama-4-maverick"): (1, 27832, 0),
    ("claude", "foo/bar-baz", "bar-baz"): (1, 27866, 0),
    ("claude", "my-custom-model", "my-custom-model"): (1, 27900, 0),
    ("claude", "qwen3:32b", "qwen3:32b"): (2, 55902, 0),
    ("claude", "codestral-latest", "codestral-latest"): (1, 28002, 0),
    ("codex", "gpt-oss:20b", "gpt-oss:20b"): (1, 21522, 0),
    ("codex", "qwen3-coder", "qwen3-coder"): (1, 21545, 0),
}

# getShortModelName of each id on its own (the report's model name)
SHORT = {
    "claude-opus-4-7": "Opus 4.7", "claude-opus-4-6[1m]": "Opus 4.6", "claude-sonnet-4-5-20250929": "Sonnet 4.5",
    "claude-sonnet-4-5-20250929[1m]": "Sonnet 4.5", "claude-sonnet-4-20250514[1m]": "Sonnet 4.20250514",
    "claude-haiku-4-5-20251001": "Haiku 4.5", "claude-3-5-haiku-20241022": "Haiku 3.5",
    "claude-3-7-sonnet-20250219": "Sonnet 3.7", "claude-opus-4-1@20250805": "Opus 4.1",
    "us.anthropic.claude-sonnet-4-5-20250929-v1:0": "us.anthropic.claude-sonnet-4-5-20250929-v1:0",
    "anthropic/claude-opus-4.6": "Opus 4.6", "openrouter/anthropic/claude-sonnet-4.5": "Sonnet 4.5",
    "claude-4.6-opus-high-thinking": "Opus 4.6", "claude-sonnet-4-5-thinking": "Sonnet 4.5",
    "claude-haiku-5": "Haiku 5", "claude-instant-1.2": "claude-instant-1.2", "<synthetic>": "<synthetic>",
    "gpt-5-mini": "GPT-5 Mini", "gpt-5.1-codex-max": "GPT-5.1 Codex", "o4-mini": "o4-mini",
    "gpt-oss-120b": "gpt-oss-120b", "gemini-2.5-pro": "Gemini 2.5 Pro", "gemini-3-pro-preview": "gemini-3-pro-preview",
    "vertex_ai/gemini-2.5-pro": "Gemini 2.5 Pro", "qwen3-coder-plus": "qwen3-coder-plus",
    "dashscope/qwen3-coder-plus": "qwen3-coder-plus",
    "accounts/fireworks/models/qwen3-coder-480b-a35b-instruct": "qwen3-coder-480b-a35b-instruct",
    "qwen3-coder-480b-a35b-instruct": "qwen3-coder-480b-a35b-instruct", "kimi-k2": "Kimi K2",
    "moonshotai/kimi-k2": "Kimi K2", "kimi-k2-thinking": "Kimi K2 Thinking",
    "accounts/fireworks/models/kimi-k2p6": "Kimi K2.6", "GLM-5.2": "GLM-5.2",
    "accounts/fireworks/models/glm-5p1": "GLM-5.2", "glm-4.6": "glm-4.6", "openrouter/z-ai/glm-4.6": "glm-4.6",
    "deepseek-v4-pro": "DeepSeek v4 Pro", "accounts/fireworks/models/deepseek-v4-pro": "DeepSeek v4 Pro",
    "deepseek-chat": "deepseek-chat", "grok-4": "grok-4", "xai/grok-4": "grok-4", "openrouter/x-ai/grok-4": "grok-4",
    "grok-code-fast-1": "grok-code-fast-1", "devstral-medium-2507": "devstral-medium-2507",
    "mistralai/devstral-small": "devstral-small", "MiniMax-M2.7": "MiniMax M2.7",
    "cerebras/qwen-3-coder-480b": "qwen-3-coder-480b", "meta-llama/llama-4-maverick": "llama-4-maverick",
    "foo/bar-baz": "bar-baz", "my-custom-model": "my-custom-model", "qwen3:32b": "qwen3:32b",
    "ollama/qwen3:32b": "qwen3:32b", "codestral-latest": "codestral-latest", "composer-1": "composer-1",
    "copilot-auto": "Copilot (auto)", "gpt-5": "GPT-5", "gpt-5-codex": "GPT-5", "gpt-5-nano": "GPT-5 Nano",
    "gpt-5.4-nano": "GPT-5.4 Nano", "gpt-5.5-pro": "GPT-5.5 Pro", "gpt-5.3-codex-spark": "GPT-5.3 Codex Spark",
    "o3-mini-high": "o3", "gpt-4o-2024-08-06": "GPT-4o", "openrouter/openai/gpt-4o": "GPT-4o",
    "codex-mini-latest": "codex-mini-latest", "kimi/k3[1m]": "Kimi K3", "gpt-oss:20b": "gpt-oss:20b",
    "qwen3-coder": "qwen3-coder",
}

# the `models` command's label per provider: fallbackRawModelDisplayName of the
# provider's modelDisplayName, sanitised (control characters as `?`, 200 chars)
LABELS = {
    ("codex", "gpt-5-mini"): "GPT-5", ("codex", "gpt-5-mini-2025-08-07"): "GPT-5",
    ("codex", "gpt-5.5-pro"): "GPT-5.5", ("codex", "gpt-5.4-nano"): "GPT-5.4", ("codex", "o3-mini-high"): "o3",
    ("codex", "gpt-5.6"): "gpt-5.6", ("codex", "gpt-5.1-codex-max"): "GPT-5.1 Codex",
    ("codex", "codex-auto-review"): "Codex Auto Review", ("claude", "gpt-5-mini"): "GPT-5 Mini",
    ("droid", "claude-sonnet-4-5"): "Sonnet 4", ("droid", "claude-sonnet-4-5-20250929"): "Sonnet 4.5",
    ("droid", "custom:GLM-5.1-[Proxy]-0"): "GLM-5.1", ("droid", "custom:claude-opus-4-6-[Anthropic]-0"): "Opus 4.6",
    ("droid", "gpt-5-codex"): "GPT-5",
    ("cursor-agent", "default"): "Auto (Sonnet est.) (est.)", ("cursor-agent", "cursor-agent-auto"): "Cursor (auto)",
    ("cursor-agent", "claude-4.5-sonnet-thinking"): "Sonnet 4.5 (Thinking) (est.)",
    ("cursor-agent", "gpt-5.2"): "GPT-5.2 (est.)", ("cursor", "gpt-5.2-low"): "GPT-5.2 Low",
    ("cursor", "claude-4.6-opus-high-thinking"): "Opus 4.6",
    ("copilot", "claude-sonnet-4.5"): "Sonnet 4", ("copilot", "claude-sonnet-4-6"): "Sonnet 4",
    ("copilot", "gpt-5-mini"): "GPT-5 Mini", ("copilot", "copilot-openai-auto"): "Copilot (OpenAI auto)",
    ("kiro", "kiro-auto"): "Kiro (auto)", ("kiro", "claude-sonnet-4-5-20250929"): "Sonnet 4.5",
    ("kiro", "claude-opus-4-6"): "Opus 4.6", ("gemini", "gemini-auto"): "Gemini (auto)",
    ("gemini", "gemini-2.0-flash"): "Gemini 2.0 Flash", ("gemini", "gemini-3-pro-preview"): "gemini-3-pro-preview",
    ("pi", "gpt-5-mini"): "GPT-5", ("omp", "gpt-4o-2024-08-06"): "GPT-4o", ("goose", "gpt-5.4-mini"): "GPT-5.4 Mini",
    ("mistral-vibe", "devstral"): "Devstral", ("mistral-vibe", "local"): "Local",
    ("antigravity", "gemini-3.1-pro-low"): "Gemini 3.1 Pro (Low)",
    ("antigravity", "claude-opus-4-6-thinking"): "Opus 4.6",
    ("opencode", "anthropic/claude-sonnet-4-5"): "Sonnet 4.5", ("opencode", "openrouter/x-ai/grok-4"): "grok-4",
    ("qwen", "qwen-auto"): "Qwen (auto)", ("crush", "bad\x1b[31mred"): "bad?[31mred",
    ("claude", "x" * 250): "x" * 200,
}


def test_report_model_rows_as_the_reference(names_run):
    doc = names_run("report", "--format", "json", "-p", "all")
    assert report_rows(doc) == approx_rows(REPORT_MODELS)
    # most expensive first; equal costs ($0) in the order the reference first
    # meets them (projects by cost, then sessions and calls as read)
    assert list(report_rows(doc)) == list(REPORT_MODELS)
    assert doc["unpricedModels"] == UNPRICED
    assert (doc["overview"]["calls"], doc["overview"]["sessions"]) == (70, 16)
    assert doc["overview"]["cost"] == pytest.approx(1.2537756071249997, rel=1e-9)


def test_unpriced_warnings_name_the_raw_ids(names_run):
    doc = names_run("report", "--format", "json", "-p", "all")
    unpriced = [w for w in doc["warnings"] if w.startswith("no price known")]
    assert unpriced[:3] == ["no price known for model 'dashscope/qwen3-coder-plus' (1 calls): counted at $0",
                            "no price known for model 'qwen3-coder-plus' (1 calls): counted at $0",
                            "no price known for model 'codestral-latest' (1 calls): counted at $0"]
    assert "no price known for model 'foo/bar-baz' (1 calls): counted at $0" in unpriced
    assert len(unpriced) == 11


def test_models_rows_as_the_reference(names_run):
    rows = names_run("models", "--format", "json", "-p", "all", "--min-cost", "0")
    assert models_rows(rows) == approx_rows(MODELS_ROWS)
    assert list(models_rows(rows)) == list(MODELS_ROWS)
    # Codex subscription credits: only the GPT-5.4 / 5.5 families have a rate
    credits = {r["model"]: (r["credits"], r["creditsIncomplete"]) for r in rows if r["provider"] == "codex"}
    assert {m: c for m, c in credits.items() if c != (None, False)} == {
        "gpt-5.5-pro": (pytest.approx(0.5480125, rel=1e-12), False),
        "gpt-5.4-nano": (pytest.approx(0.2723625, rel=1e-12), False)}


def test_models_by_task_order(names_run):
    """Rows grouped by model total cost; equal totals by provider, then label
    as JavaScript's localeCompare orders them (`bar-baz` before `Haiku 5`)."""
    rows = names_run("models", "--format", "json", "-p", "all", "--min-cost", "0", "--by-task")
    assert len(rows) == 56
    assert [r["modelDisplayName"] for r in rows if r["costUSD"] == 0] == [
        "<synthetic>", "bar-baz", "claude-instant-1.2", "codestral-latest", "devstral-small", "Haiku 5",
        "llama-4-maverick", "my-custom-model", "qwen-3-coder-480b", "qwen3-coder-plus", "qwen3:32b", "gpt-oss:20b",
        "qwen3-coder"]


def test_codex_credits_at_the_published_rates():
    """Credits per 1M tokens: GPT-5.5 125 / 12.5 / 750, GPT-5.4 62.5 / 6.25 /
    375, GPT-5.4 Mini 18.75 / 1.875 / 113 (input, cached input, output)."""
    assert codex_credits("gpt-5.5-codex", 1e6, 2e6, 1e5) == pytest.approx(125 + 25 + 75)
    assert codex_credits("codex-auto-review", 1e6, 0, 0) == pytest.approx(125)
    assert codex_credits("gpt-5.4", 2e6, 1e6, 1e6) == pytest.approx(125 + 6.25 + 375)
    assert codex_credits("GPT-5.4-Mini", 1e6, 1e6, 1e6) == pytest.approx(18.75 + 1.875 + 113)
    assert codex_credits("gpt-5", 1e6, 1e6, 1e6) is None


def test_pricing_coverage_over_display_names(names_run):
    """Calls that should cost something: not `<synthetic>`, not local-looking
    display names (`qwen3:32b`, and the Bedrock id whose `:0` looks like a
    tag), not subscription SKUs without a rate (`auto`, Grok Composer; Warp
    Auto has one). 55 of those 66 calls are priced: CodeBurn 0.9.20 gives
    0.8333333333333334 on these files dated today (the same tokens)."""
    extra = ("auto", "warp-auto-powerful", "grok-composer-2.5-fast", "llama3.1:8b")
    doc = names_run("status", "--format", "menubar-json", extra=extra,
                    now=dt.datetime(2026, 11, 20, 23, 0, tzinfo=dt.timezone.utc))
    assert doc["current"]["calls"] == 74
    assert doc["current"]["pricingCoverage"] == 55 / 66
    # the Codex rows' credits (gpt-5.5-pro's and gpt-5.4-nano's); the reference: 0.8203750000000001
    assert doc["current"]["codexCredits"] == pytest.approx(0.5480125 + 0.2723625, rel=1e-12)


def test_droid_models_label_and_report_name(tmp_path, run):
    """Droid records `claude-sonnet-4-5` (its settings' id with the trailing
    number stripped); its own label strips once more: "Sonnet 4" in `models`,
    "Sonnet 4.5" in the report (CodeBurn 0.9.20 on write_droid's files)."""
    home = str(tmp_path / "droid")
    write_droid(home)
    env = {"FACTORY_DIR": os.path.join(home, ".factory")}
    rows = run("models", "--format", "json", "-p", "all", "--min-cost", "0", env=env, now=NOW).json
    assert models_rows(rows) == approx_rows({("droid", "claude-sonnet-4-5", "Sonnet 4"): (4, 146422, 0.1952568),
                                             ("droid", "gpt", "gpt"): (2, 13008, 0)})
    doc = run("report", "--format", "json", "-p", "all", env=env, now=NOW).json
    assert {m["name"]: (m["calls"], m["cost"]) for m in doc["models"]} == {
        "Sonnet 4.5": (4, pytest.approx(0.1952568, rel=1e-9)), "gpt": (2, 0)}


@pytest.mark.parametrize("model", list(SHORT))
def test_display_name(model):
    assert short_model_name(model) == SHORT[model]


@pytest.mark.parametrize("provider, model", list(LABELS))
def test_models_label(provider, model):
    assert model_label(provider, model) == LABELS[(provider, model)]


def test_overview_unpriced_line(tmp_path, run):
    """CodeBurn 0.9.20's `overview -p all` on write_home()'s files (its next
    line, a hint naming `model-alias` / `model-flat-rate`, is left out: codeburn
    has no such commands)."""
    home = str(tmp_path / "names")
    write_home(home)
    env = {"CLAUDE_CONFIG_DIR": os.path.join(home, ".claude"), "CODEX_HOME": os.path.join(home, ".codex")}
    r = run("overview", "-p", "all", "--no-color", env=env, now=NOW)
    assert r.status == 0, r.stderr
    assert "  Unpriced   10 models at $0: qwen3-coder-plus (54,134 tok), codestral-latest (28,002 tok), " \
           "my-custom-model (27,900 tok) +7 more\n" in r.stdout
