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
from codeburn.providers import (antigravity, claude, cline, cline_cli, codex, copilot, crush, cursor,  # noqa: E402
                                cursor_agent, droid, gemini, goose, ibm_bob, kilo_code, kimi, kimicode, kiro,
                                mistral_vibe, omp, openclaw, opencode, pi, qwen, roo_code)

# The reference's order (its core providers, then the ones it loads lazily):
# sources are read in this order, so it decides the order of sessions, rows
# and ties wherever the reference keeps first-met order (a project's
# sessions of two tools, say), and which claim on a shared key is kept.
PROVIDERS = {m.PROVIDER: m for m in (
    claude, cline, cline_cli, codex, copilot, droid, gemini, ibm_bob, kilo_code, kiro, kimi, kimicode, mistral_vibe,
    openclaw, pi, omp, qwen, roo_code, antigravity, goose, cursor, opencode, cursor_agent, crush)}


def discover(env, home: str, walker, names) -> list:
    """Every named provider's sessions, providers in registry order (Claude
    first: its files claim message ids before anything else is read)."""
    sources = []
    for name, module in PROVIDERS.items():
        if name in names:
            sources.extend(module.discover(env, home, walker))
    return sources


__all__ = ["PROVIDERS", "discover"]
