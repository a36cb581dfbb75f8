"""Model labels of the `models` command: each tool names its models its own
way there, as the reference (CodeBurn 0.9.20) does. Codex matches its short
table by prefix (so `gpt-5-mini` reads "GPT-5" in that table while the
report's model list says "GPT-5 Mini"), Cursor Agent marks estimates,
Droid strips its `custom:…-[Proxy]-0` wrapper first, and so on. A label a
tool does not have (or one equal to the raw id) falls back to the shared
display name of `pricing.short_model_name`.

Every rule is data below: a provider's exact labels (`special`), an
optional wrapper to strip, its own table and how the table's keys match.
"""
from __future__ import annotations

import re

from codeburn.cost.pricing import short_model_name
from codeburn.plainclass import dataclass, field

CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f]")
MAX_LABEL = 200
DROID_WRAPPER = [(re.compile(p), "") for p in (r"^custom:", r"\[.*?\]", r"-\d+$", r"-+$", r"^-")]
# Droid names only these families itself; anything else keeps its stripped id
DROID_NAMED = re.compile(r"opus|sonnet|haiku|^gpt-|^o3|^o4|^gemini", re.I)

CURSOR_TABLE = {
    "claude-4.5-opus-high-thinking": "Opus 4.5 (Thinking)", "claude-4-opus": "Opus 4",
    "claude-4-sonnet-thinking": "Sonnet 4 (Thinking)", "claude-4.5-sonnet-thinking": "Sonnet 4.5 (Thinking)",
    "claude-4.6-sonnet": "Sonnet 4.6", "composer-1": "Composer 1", "grok-code-fast-1": "Grok Code Fast",
    "gemini-3-pro": "Gemini 3 Pro", "gpt-5.1-codex-high": "GPT-5.1 Codex", "gpt-5": "GPT-5", "gpt-4.1": "GPT-4.1",
}
OPENAI_SHORT = {"gpt-5.5": "GPT-5.5", "gpt-5.4-mini": "GPT-5.4 Mini", "gpt-5.4": "GPT-5.4",
                "gpt-4o-mini": "GPT-4o Mini", "gpt-4o": "GPT-4o"}


@dataclass(frozen=True)
class Labels:
    table: dict[str, str] = field(default_factory=dict)
    match: str = "exact"        # exact | prefix (key or key-…) | startswith | contains
    special: dict[str, str] = field(default_factory=dict)   # exact ids, before anything else
    strip: str | None = None    # "vendor": drop a leading `x/` first; "droid": its wrapper (_droid)
    suffix: str = ""            # appended to every label but the special ones


RULES: dict[str, Labels] = {
    "codex": Labels({"codex-auto-review": "Codex Auto Review", **OPENAI_SHORT, "gpt-5.3-codex-spark":
                     "GPT-5.3 Codex Spark", "gpt-5.3-codex": "GPT-5.3 Codex", "gpt-5.2-low": "GPT-5.2 Low",
                     "gpt-5.2": "GPT-5.2", "gpt-5": "GPT-5"}, "prefix"),
    "cursor": Labels({**CURSOR_TABLE, "gpt-5.2-low": "GPT-5.2 Low", "gpt-5.2": "GPT-5.2",
                      "cursor-auto": "Cursor (auto)"}),
    "cursor-agent": Labels({**CURSOR_TABLE, "default": "Auto (Sonnet est.)"}, special={"cursor-agent-auto":
                                                                                       "Cursor (auto)"},
                           suffix=" (est.)"),
    "antigravity": Labels({
        "gemini-pro-agent": "Gemini Pro", "gemini-3-pro": "Gemini 3 Pro", "gemini-3.1-pro-high": "Gemini 3.1 Pro",
        "gemini-3.1-pro-low": "Gemini 3.1 Pro (Low)", "gemini-3-flash": "Gemini 3 Flash",
        "gemini-3-flash-agent": "Gemini 3 Flash", "gemini-3.5-flash": "Gemini 3.5 Flash",
        "gemini-3.5-flash-high": "Gemini 3.5 Flash", "gemini-3.5-flash-medium": "Gemini 3.5 Flash",
        "gemini-3.5-flash-low": "Gemini 3.5 Flash", "Gemini 3.5 Flash (High)": "Gemini 3.5 Flash",
        "Gemini 3.5 Flash (Medium)": "Gemini 3.5 Flash", "Gemini 3.5 Flash (Low)": "Gemini 3.5 Flash",
        "gemini-3.1-flash-image": "Gemini 3.1 Flash", "gemini-3.1-flash-lite": "Gemini 3.1 Flash Lite",
        "claude-opus-4-6-thinking": "Opus 4.6", "claude-sonnet-4-6": "Sonnet 4.6"}),
    "gemini": Labels({"gemini-3-flash-preview": "Gemini 3 Flash", "gemini-3.5-flash": "Gemini 3.5 Flash",
                      "gemini-3.1-pro-preview": "Gemini 3.1 Pro", "gemini-2.5-pro": "Gemini 2.5 Pro",
                      "gemini-2.5-flash": "Gemini 2.5 Flash", "gemini-2.0-flash": "Gemini 2.0 Flash"},
                     special={"gemini-auto": "Gemini (auto)"}),
    "goose": Labels(dict(OPENAI_SHORT)),
    "copilot": Labels({"gpt-4.1-nano": "GPT-4.1 Nano", "gpt-4.1-mini": "GPT-4.1 Mini", "gpt-4.1": "GPT-4.1",
                       "gpt-4o-mini": "GPT-4o Mini", "gpt-4o": "GPT-4o", "gpt-5-mini": "GPT-5 Mini", "gpt-5": "GPT-5",
                       "claude-sonnet-4-5": "Sonnet 4.5", "claude-sonnet-4": "Sonnet 4",
                       "copilot-openai-auto": "Copilot (OpenAI auto)",
                       "copilot-anthropic-auto": "Copilot (Anthropic auto)"}, "contains"),
    "pi": Labels({**OPENAI_SHORT, "gpt-5": "GPT-5"}, "startswith"),
    "omp": Labels({**OPENAI_SHORT, "gpt-5": "GPT-5"}, "startswith"),
    "kiro": Labels({"claude-sonnet-4-6": "Sonnet 4.6", "claude-sonnet-4-5": "Sonnet 4.5", "claude-sonnet-4": "Sonnet 4",
                    "claude-haiku-4-5": "Haiku 4.5", "claude-3-7-sonnet": "Sonnet 3.7",
                    "claude-3-5-sonnet": "Sonnet 3.5", "claude-3-5-haiku": "Haiku 3.5"}, "prefix",
                   special={"kiro-auto": "Kiro (auto)"}),
    "mistral-vibe": Labels({"mistral-medium-3.5": "Mistral Medium 3.5", "mistral-vibe-cli-latest": "Mistral Vibe CLI",
                            "devstral-small": "Devstral Small", "devstral-small-latest": "Devstral Small",
                            "devstral": "Devstral", "local": "Local"}),
    "opencode": Labels(strip="vendor"),
    "droid": Labels(strip="droid"),
}


def model_label(provider: str, model: str) -> str:
    """The `models` command's label for a raw model id of `provider`."""
    rule = RULES.get(provider)
    label = _own_label(rule, model) if rule else None
    if label is None or label == model:
        label = short_model_name(model)
    return shown(label)


def shown(label: str) -> str:
    """A label as printed: control characters as `?`, MAX_LABEL characters at most."""
    return CONTROL.sub("?", label)[:MAX_LABEL]


def _own_label(rule: Labels, model: str) -> str | None:
    if model in rule.special:
        return rule.special[model]
    if rule.strip == "droid":
        return _droid(model)
    name = re.sub(r"^[^/]+/", "", model) if rule.strip == "vendor" else model
    hit = _lookup(rule, name)
    if hit is None:
        return short_model_name(name) + rule.suffix if (rule.suffix or name != model) else None
    return hit + rule.suffix


def _lookup(rule: Labels, name: str) -> str | None:
    if rule.match == "exact":
        return rule.table.get(name)
    for key, label in sorted(rule.table.items(), key=lambda kv: len(kv[0]), reverse=True):
        if (rule.match == "prefix" and (name == key or name.startswith(key + "-"))) \
                or (rule.match == "startswith" and name.startswith(key)) or (rule.match == "contains" and key in name):
            return label
    return None


def _droid(model: str) -> str:
    name = model
    for pattern, repl in DROID_WRAPPER:
        name = pattern.sub(repl, name)
    return short_model_name(name) if DROID_NAMED.search(name) else name
