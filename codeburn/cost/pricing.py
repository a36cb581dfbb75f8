"""Model prices, name resolution and display names (spec classifier-and-parser §4).

Prices ship as package data (`data/prices.json`, made by tools/gen_prices.py
from LiteLLM's price map). Lookups are memoised per model string: a history
has a handful of distinct models, so resolution cost does not matter, only
exactness does.
"""
from __future__ import annotations

import json
import re
from functools import lru_cache
from importlib import resources

from codeburn.plainclass import dataclass

WEB_SEARCH_USD = 0.01
ONE_HOUR_CACHE_FACTOR = 1.6  # 1-hour cache writes cost 1.6x the 5-minute rate
EXTRA_NAMESPACES = {"cp", "cline-pass", "cline-free", "cmd", "antigravity", "litellm_proxy", "openai_like",
                    "zhipu", "mimo", "kimi"}
ROUTER_PREFIXES = re.compile(r"^(?:omniroute:|cp/|cline-pass/|cline-free/|cmd/|antigravity/)", re.I)
DATE_SUFFIX = re.compile(r"-\d{8}$")
PIN_SUFFIX = re.compile(r"@.*$")
BRACKET_SUFFIX = re.compile(r"\[[^\]]*\]$")
VARIANT_SUFFIX = re.compile(r":(?:thinking|cloud)$", re.I)
TEE_SUFFIX = re.compile(r"-TEE$", re.I)
CLAUDE_FAMILY = re.compile(r"^claude-(opus|sonnet|haiku)-(\d+)(?:-(\d+))?")
LOCAL_SUFFIX = re.compile(r"[-_](?:q[2-8](?:_[a-z0-9]+)?|bf16|fp16|gguf|f16|f32)$", re.I)
FLAT_RATE_LEAVES = {"auto", "auto-genius", "kimi-for-coding-highspeed"}
FLAT_RATE_DISPLAY = re.compile(r"^(?:grok composer|warp auto)\b", re.I)

# Display names for ids the Claude family pattern does not cover; matched
# exactly or as `key-…`, longest key first. The table is the reference tool's
# (CodeBurn 0.9.20), so model rows carry the same names (`o4-mini` stays
# `o4-mini`; `gpt-5-codex` is `GPT-5`; `gemini-2.5-flash-lite` is
# `Gemini 2.5 Flash`; ids it does not list show as their canonical id).
SHORT_NAMES = {
    "claude-fable-5": "Fable 5", "claude-mythos-5": "Mythos 5", "claude-3-7-sonnet": "Sonnet 3.7",
    "claude-3-5-sonnet": "Sonnet 3.5", "claude-3-5-haiku": "Haiku 3.5", "gpt-4o-mini": "GPT-4o Mini",
    "gpt-4o": "GPT-4o", "gpt-4.1-nano": "GPT-4.1 Nano", "gpt-4.1-mini": "GPT-4.1 Mini", "gpt-4.1": "GPT-4.1",
    "codex-auto-review": "Codex Auto Review", "gpt-5.5-pro": "GPT-5.5 Pro", "gpt-5.5": "GPT-5.5",
    "gpt-5.4-pro": "GPT-5.4 Pro", "gpt-5.4-nano": "GPT-5.4 Nano", "gpt-5.4-mini": "GPT-5.4 Mini",
    "gpt-5.4": "GPT-5.4", "gpt-5.3-codex-spark": "GPT-5.3 Codex Spark", "gpt-5.3-codex": "GPT-5.3 Codex",
    "gpt-5.3": "GPT-5.3", "gpt-5.2-pro": "GPT-5.2 Pro", "gpt-5.2-low": "GPT-5.2 Low", "gpt-5.2": "GPT-5.2",
    "gpt-5.1-codex-mini": "GPT-5.1 Codex Mini", "gpt-5.1-codex": "GPT-5.1 Codex", "gpt-5.1": "GPT-5.1",
    "gpt-5-pro": "GPT-5 Pro", "gpt-5-nano": "GPT-5 Nano", "gpt-5-mini": "GPT-5 Mini", "gpt-5": "GPT-5",
    "gemini-3.5-flash": "Gemini 3.5 Flash", "gemini-3.1-pro-preview": "Gemini 3.1 Pro",
    "gemini-3-flash-preview": "Gemini 3 Flash", "gemini-2.5-pro": "Gemini 2.5 Pro",
    "gemini-2.5-flash": "Gemini 2.5 Flash", "kimi-k2-thinking-turbo": "Kimi K2 Thinking Turbo",
    "kimi-k2-thinking": "Kimi K2 Thinking", "kimi-k3": "Kimi K3", "kimi-k2p6": "Kimi K2.6",
    "kimi-k2p7-code": "Kimi K2.7 Code", "kimi-thinking-preview": "Kimi Thinking", "kimi-k2.6": "Kimi K2.6",
    "kimi-k2.5": "Kimi K2.5", "kimi-k2p5": "Kimi K2.5", "kimi-k2-instruct": "Kimi K2 Instruct",
    "kimi-k2-0905": "Kimi K2", "kimi-k2": "Kimi K2", "kimi-latest": "Kimi Latest", "moonshot-v1": "Moonshot v1",
    "deepseek-v4-pro": "DeepSeek v4 Pro", "deepseek-v4-flash": "DeepSeek v4 Flash",
    "deepseek-coder-max": "DeepSeek Coder Max", "deepseek-coder": "DeepSeek Coder", "deepseek-r1": "DeepSeek R1",
    "o4-mini": "o4-mini", "o3": "o3", "MiniMax-M2.7-highspeed": "MiniMax M2.7 Highspeed",
    "MiniMax-M2.7": "MiniMax M2.7", "glm-5p1": "GLM-5.2", "grok-build-0.1": "Grok Build",
    "grok-composer-2.5-fast": "Grok Composer 2.5 Fast", "glm-5p2": "GLM-5.2", "qwen3p7-plus": "Qwen 3.7 Plus",
    "gpt-5.6-sol": "GPT-5.6 Sol", "gpt-5.6-terra": "GPT-5.6 Terra", "gpt-5.6-luna": "GPT-5.6 Luna",
    "grok-4.5": "Grok 4.5", "grok-4.5-build": "Grok 4.5 (build)", "qwen3.7-max": "Qwen 3.7 Max",
    "mimo-v2.5-pro": "MiMo v2.5 Pro", "mimo-v2.5": "MiMo v2.5", "mimo-v2-flash": "MiMo v2 Flash",
    "minimax-m3": "MiniMax M3", "MiniMax-M3": "MiniMax M3",
}
_SHORT_BY_LENGTH = sorted(SHORT_NAMES.items(), key=lambda kv: len(kv[0]), reverse=True)

# Display names of the auto-model ids some providers record (the reference's
# autoModelNames), shown as they are, before any alias is resolved.
AUTO_NAMES = {
    "copilot-auto": "Copilot (auto)", "copilot-openai-auto": "Copilot (OpenAI)",
    "copilot-anthropic-auto": "Copilot (Anthropic)", "qwen-auto": "Qwen (auto)",
    "cursor-auto": "Cursor (auto)", "cursor-agent-auto": "Cursor (auto)", "ibm-bob-auto": "IBM Bob (auto)",
    "kiro-auto": "Kiro (auto)", "quickdesk-auto": "Quick Desktop (auto)", "cline-auto": "Cline (auto)",
    "openclaw-auto": "OpenClaw (auto)", "kimi-auto": "Kimi (auto)", "codex-auto-review": "Codex Auto Review",
    "glm-5.3": "GLM-5.3", "GLM-5.3": "GLM-5.3",  # before aliasing: it prices as the GLM-5.2 sibling
}


@dataclass(frozen=True, slots=True)
class ModelCosts:
    """USD per token (web search: per request)."""

    input: float
    output: float
    cache_write: float
    cache_read: float
    fast_multiplier: float = 1.0
    web_search: float = WEB_SEARCH_USD
    cache_write_explicit: bool = True

    @classmethod
    def from_tuple(cls, t: list) -> "ModelCosts":
        inp, out = float(t[0]), float(t[1])
        cw = t[2] if len(t) > 2 else None
        cr = t[3] if len(t) > 3 else None
        fast = t[4] if len(t) > 4 else None
        return cls(inp, out, inp * 1.25 if cw is None else float(cw), inp * 0.1 if cr is None else float(cr),
                   1.0 if fast is None else float(fast), WEB_SEARCH_USD, cw is not None)


def _safe(n) -> float:
    return float(n) if isinstance(n, (int, float)) and n == n and 0 < n < float("inf") else 0.0


def calculate_cost(costs: ModelCosts | None, input: float, output: float, cache_write_total: float,
                   cache_read: float, web_search: float = 0, fast: bool = False, one_hour: float = 0) -> float:
    """Spec §4.2: the fast multiplier scales the whole sum, web search included."""
    if costs is None:
        return 0.0
    mult = costs.fast_multiplier if fast else 1.0
    h1 = _safe(one_hour)
    cw = max(_safe(cache_write_total), h1)
    m5 = max(0.0, cw - h1)
    return mult * (_safe(input) * costs.input + _safe(output) * costs.output + m5 * costs.cache_write
                   + h1 * costs.cache_write * ONE_HOUR_CACHE_FACTOR + _safe(cache_read) * costs.cache_read
                   + _safe(web_search) * costs.web_search)


class PriceTable:
    def __init__(self, data: dict, overrides: dict | None = None):
        self.prices: dict[str, list] = data["prices"]
        self.fallback: dict[str, list] = data.get("fallback", {})
        self.builtin_overrides: dict[str, list] = data.get("overrides", {})
        self.aliases: dict[str, str] = data.get("aliases", {})
        self.user_overrides: dict[str, list] = dict(overrides or {})
        # the built-in overrides replace a catalog row in place (or join at the end),
        # so prefix matching and case folding see them like any other key
        self._primary = {**self.prices, **self.builtin_overrides}
        self.namespaces = ({k.split("/", 1)[0].lower() for k in (*self._primary, *self.fallback) if "/" in k}
                           | EXTRA_NAMESPACES) - {"ollama"}
        self._ci = _lower_index(self._primary, self.fallback)
        self._user_ci = _lower_index(self.user_overrides, {}, priced_only=False)
        self._memo: dict[str, ModelCosts | None] = {}

    @classmethod
    def default(cls) -> "PriceTable":
        return _default_table()

    # --- name forms (spec §4.4 notation) ---
    @staticmethod
    def with_prefix(model: str) -> str:
        return DATE_SUFFIX.sub("", PIN_SUFFIX.sub("", model))

    def canonical_name(self, model: str) -> str:
        name = BRACKET_SUFFIX.sub("", DATE_SUFFIX.sub("", PIN_SUFFIX.sub("", model)))
        if "/" in name and name.split("/", 1)[0].lower() in self.namespaces:
            name = name.split("/", 1)[1]
        return name

    def resolve_alias(self, name: str) -> str:
        """Exact alias first, then the lower-cased name against the table as written."""
        return self.aliases.get(name) or self.aliases.get(name.lower()) or name

    def model_id(self, model: str) -> str:
        """The id a model row is kept under: the alias-resolved canonical
        name, and for a path id (`accounts/fireworks/models/<slug>`,
        `openrouter/x-ai/grok-4`) that of its last segment, so every spelling
        of one model shares a row while display names stay cosmetic."""
        resolved = self.resolve_alias(self.canonical_name(model))
        leaf = resolved.rsplit("/", 1)[-1]
        return self.resolve_alias(self.canonical_name(leaf)) if "/" in resolved and leaf else resolved

    # --- lookup ---
    def lookup(self, model: str) -> ModelCosts | None:
        if model not in self._memo:
            row = self._find(model)
            self._memo[model] = None if row is None else ModelCosts.from_tuple(row)
        return self._memo[model]

    def _price(self, key: str) -> list | None:
        return self._primary.get(key)

    def _user(self, *keys: str) -> list | None:
        return next((self.user_overrides[k] for k in keys if k in self.user_overrides), None)

    def _find(self, model: str) -> list | None:
        prefixed = self.with_prefix(model)
        cname = self.canonical_name(model)
        canonical = self.resolve_alias(cname)
        if (row := self._user(model, prefixed, cname, canonical)) is not None:  # 1. user override
            return row
        if canonical != cname and prefixed == cname and self._price(canonical):  # 2. explicit alias
            return self._price(canonical)
        for key in (prefixed, canonical):  # 3-4. exact keys
            if self._price(key):
                return self._price(key)
        if (row := self._router_peeled(model)) is not None:  # 5.
            return row
        cuts = _dash_prefixes(canonical)
        for table in (self.user_overrides, self._primary):
            for key in cuts:  # 6-7. longest key that prefixes the name (user overrides first)
                if key in table:
                    return table[key]
        for index in (self._user_ci, self._ci):  # 8-9. case-insensitive, then gap-fill
            for key in (canonical.lower(), prefixed.lower()):
                if key in index:
                    return index[key]
        return self._variant(prefixed, canonical)  # 10.

    def _variant(self, prefixed: str, canonical: str) -> list | None:
        """Retry without a `:thinking`/`:cloud`/`-TEE` suffix, the prefixed form first."""
        tried = None
        for name in (prefixed, canonical):
            stripped = _strip_variant(name)
            if stripped is not None and stripped != tried:
                tried = stripped
                if (row := self._find(stripped)) is not None:
                    return row
        return None

    def _router_peeled(self, model: str) -> list | None:
        candidates, last = [model], model
        while (peeled := ROUTER_PREFIXES.sub("", last)) != last and peeled:
            candidates.append(peeled)
            last = peeled
        candidates.append(self.canonical_name(last))
        for c in dict.fromkeys(candidates):
            aliased = self.resolve_alias(c)
            if (row := self._user(c, aliased)) is not None:
                return row
            row = self._price(aliased) or self._price(c)
            if row:
                return row
        return None


def _dash_prefixes(name: str) -> list[str]:
    """The keys a table key must equal to prefix `name` as lookup's step 6-7
    reads it (the whole name, or its start up to a "-"), longest first: at
    most one key of each length can, so the longest of these found in a
    table is the longest matching key (this walked all ~2,000 keys, by
    length, for each name no earlier step priced)."""
    return [name] + [name[:i] for i in range(len(name) - 1, -1, -1) if name[i] == "-"]


def _strip_variant(name: str) -> str | None:
    stripped = VARIANT_SUFFIX.sub("", name)
    if stripped == name:
        stripped = TEE_SUFFIX.sub("", name)
    return stripped if stripped != name else None


def _lower_index(primary: dict, gap_fill: dict, priced_only: bool = True) -> dict:
    """Lower-cased key -> row, first key wins, the primary table before the
    gap-fill. $0 stubs stay out: a case-mismatched id must not price at a
    silent $0 (it stays unknown and is named in the warning)."""
    index: dict[str, list] = {}
    for table in (primary, gap_fill):
        for k, v in table.items():
            if not priced_only or v[0] or v[1]:
                index.setdefault(k.lower(), v)
    return index


@lru_cache(maxsize=1)
def _default_table() -> PriceTable:
    with resources.files("codeburn.data").joinpath("prices.json").open("rb") as f:
        return PriceTable(json.load(f))


def price_vectors(models: list[str], table: PriceTable | None = None):
    """Per-model price arrays for vectorised costing: (input, output,
    cache_write, cache_read, fast_multiplier, known) indexed like `models`."""
    import numpy as np

    table = table or PriceTable.default()
    costs = [table.lookup(m) for m in models]
    col = lambda f: np.array([f(c) if c else 0.0 for c in costs], dtype=np.float64)  # noqa: E731
    known = np.array([c is not None for c in costs], dtype=bool)
    return (col(lambda c: c.input), col(lambda c: c.output), col(lambda c: c.cache_write),
            col(lambda c: c.cache_read), col(lambda c: c.fast_multiplier), known)


def looks_local(model: str) -> bool:
    """Local-model names (no API price expected): Ollama / LM Studio `:` tags
    or a quantisation suffix (`-q4`, `_q8_0`, `-bf16`, `.gguf`-style `-gguf`)."""
    return (":" in model and not model.startswith("http")) or LOCAL_SUFFIX.search(model) is not None


def billable(costs: ModelCosts | None) -> bool:
    """A price with some non-zero rate; LiteLLM's $0 stubs mean "listed, price unknown"."""
    return costs is not None and (costs.input > 0 or costs.output > 0 or costs.cache_write > 0
                                  or costs.cache_read > 0)


# Codex subscription credits per 1M tokens (input, cached input, output): the
# published rates of the models that have them. Activity ids use their model's.
CODEX_CREDITS = {"gpt-5.5": (125, 12.5, 750), "gpt-5.4": (62.5, 6.25, 375), "gpt-5.4-mini": (18.75, 1.875, 113)}
CODEX_CREDIT_MODELS = {"codex-auto-review": "gpt-5.5"}


def codex_credit_rate(model: str) -> tuple[float, float, float] | None:
    """A Codex model's credit rates, suffixes tolerated (`gpt-5.5-codex`)."""
    m = (CODEX_CREDIT_MODELS.get(model) or CODEX_CREDIT_MODELS.get(model.lower()) or model).lower()
    if "5.4" in m:
        return CODEX_CREDITS["gpt-5.4-mini" if "mini" in m else "gpt-5.4"]
    return CODEX_CREDITS["gpt-5.5"] if "5.5" in m else None


def codex_credits(model: str, input: float, cached: float, output: float) -> float | None:
    """Credits for Codex usage (non-cached input, cached input, billed output),
    None for a model without a credit rate."""
    rate = codex_credit_rate(model)
    if rate is None:
        return None
    return _safe(input) / 1e6 * rate[0] + _safe(cached) / 1e6 * rate[1] + _safe(output) / 1e6 * rate[2]


def expected_free(model: str) -> bool:
    """$0 is this model's right cost: a local model, or a subscription SKU
    with no rate (an alias may give one a price: then it bears cost)."""
    return looks_local(model) or (is_flat_rate(model) and not billable(PriceTable.default().lookup(model)))


def unpriced_name(model: str) -> bool:
    """A model (or display) name with usage at $0 that is a pricing gap:
    no billable price, and neither a local model nor a subscription SKU."""
    return not (looks_local(model) or is_flat_rate(model) or billable(PriceTable.default().lookup(model)))


def is_flat_rate(model: str) -> bool:
    """Subscription SKUs ($0 is their right cost, not a missing price): Warp's
    `auto`, `auto-genius`, Kimi's highspeed plan, Grok Composer and Warp Auto
    ids, also as display names."""
    leaf = DATE_SUFFIX.sub("", PIN_SUFFIX.sub("", model.strip())).rsplit("/", 1)[-1].lower()
    return leaf in FLAT_RATE_LEAVES or leaf.startswith(("grok-composer-", "warp-auto-")) \
        or FLAT_RATE_DISPLAY.match(model.strip()) is not None


def _known_short_name(name: str) -> str | None:
    m = CLAUDE_FAMILY.match(name)
    if m:
        family, major, minor = m.group(1).capitalize(), m.group(2), m.group(3)
        return f"{family} {major}.{minor}" if minor else f"{family} {major}"
    return next((label for key, label in _SHORT_BY_LENGTH if name == key or name.startswith(key + "-")), None)


@lru_cache(maxsize=4096)
def short_model_name(model: str) -> str:
    """Display name (spec §4.7): 'claude-opus-4-7' -> 'Opus 4.7'."""
    return _short_name(model, PriceTable.default(), set())


def _short_name(model: str, table: PriceTable, seen: set) -> str:
    if model in AUTO_NAMES:
        return AUTO_NAMES[model]
    if model in seen:  # a path that leads back to itself: show the leaf
        leaf = model.rsplit("/", 1)[-1]
        return _known_short_name(leaf) or leaf
    seen.add(model)
    stripped = table.canonical_name(model)
    if stripped in AUTO_NAMES:
        return AUTO_NAMES[stripped]
    if stripped != model and stripped not in table.aliases and stripped.lower() not in table.aliases:
        if known := _known_short_name(stripped):  # the vendor-stripped id's own name, unless it is an alias
            return known
    canonical = table.resolve_alias(stripped)
    if known := _known_short_name(canonical):
        return known
    if "/" in canonical:  # path ids (accounts/fireworks/models/<slug>): name the leaf
        leaf = canonical.rsplit("/", 1)[1]
        if not leaf or leaf in seen or leaf == stripped:
            return _known_short_name(leaf) or leaf
        return _short_name(leaf, table, seen)
    return canonical
