"""Providers: where each AI coding tool keeps its sessions, and how they are read.

The seam, in five steps (Codex is the worked example):

1. `providers/<id>.py` defines `PROVIDER = "<id>"` (the `--provider` value),
   `DISPLAY_NAME` (tables), `KIND` (the reader format that decodes its files)
   and `discover(env, home, walker) -> Iterator[base.Source]`: the tool's own
   env-var overrides, then its default locations, listed with the shared
   `Walker` (sorted, loop-safe, failures recorded). Discovery never reads a
   transcript; fields only the contents know (a Codex session id and cwd)
   are filled in after the read (`scan.scan_sources`).
2. A JSONL format gets a decoder in the compiled reader:
   `_fast/includes/cb_<kind>.h` decodes one line with simdjson On-Demand,
   and the `Scanner` turns the lines into the shared columns: one row per
   priced API call (time, model, input, output, cache write/read, reasoning,
   estimated), one per tool use (canonical names), and one per turn (tool
   flags, retries, the prompt for the classifier). Register the kind in
   `cb_scan.h` (`SourceKind`) and `_fast/reader.pyx` (`KINDS`). Lines that no
   report needs (tool outputs) are recognised from their first bytes and
   skipped unparsed.
3. Native tool names map to Claude Code's in `rules/providers.toml` (a data
   change, no code), so the classifier's tool sets apply to every provider.
4. Register the module in `PROVIDERS` below. Order matters: sources are read
   in registry order, and cross-file dedup keeps the first reader's claim.
5. Tests build the tool's files in a tmp dir and assert exact columns and
   costs (see tests/test_codex.py); `codeburn scan PATH` should recognise the
   format from its first bytes (`discovery.sniff`).

A tool whose files the compiled reader has no format for (SQLite stores,
JSON files, task folders, small JSONL logs) is a records provider instead:
`KIND = "records"` and a `read(source, log)` that yields sessions of
normalized calls (see `providers/records.py` for the contract). The scan
feeds each session to the same Scanner as a file of its own, so steps 3-5
apply unchanged.
"""
from codeburn.providers import claude, codex
from codeburn.providers import (antigravity, cline, cline_cli, crush, cursor, goose, ibm_bob, kilo_code, opencode,
                                roo_code)

PROVIDERS = {claude.PROVIDER: claude, codex.PROVIDER: codex}
# IDE extensions and database-backed tools (records providers)
for _module in (cursor, cline, roo_code, kilo_code, ibm_bob, cline_cli, opencode, goose, crush, antigravity):
    PROVIDERS[_module.PROVIDER] = _module

from codeburn.providers import copilot, droid, gemini, qwen  # noqa: E402  records providers (§1.3-1.6)

PROVIDERS.update({m.PROVIDER: m for m in (gemini, qwen, copilot, droid)})

# Records providers: Pi, OMP, OpenClaw, Kimi Code, legacy Kimi, Mistral Vibe,
# Kiro, Cursor agent transcripts (spec providers §1.7-1.13, §3.4).
from codeburn.providers import cursor_agent, kimi, kimicode, kiro, mistral_vibe, omp, openclaw, pi  # noqa: E402

for _module in (pi, omp, openclaw, kimicode, kimi, mistral_vibe, kiro, cursor_agent):
    PROVIDERS[_module.PROVIDER] = _module


def discover(env, home: str, walker, names) -> list:
    """Every named provider's sessions, providers in registry order (Claude
    first: its files claim message ids before anything else is read)."""
    sources = []
    for name, module in PROVIDERS.items():
        if name in names:
            sources.extend(module.discover(env, home, walker))
    return sources


__all__ = ["PROVIDERS", "discover"]
