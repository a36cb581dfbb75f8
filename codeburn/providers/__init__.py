"""Providers: where each AI coding tool keeps its sessions.

How to add a provider: write `providers/<id>.py` with `PROVIDER = "<id>"`,
`DISPLAY_NAME` (shown in tables), `KIND` (the reader format, see
`codeburn._fast.reader.KINDS`) and `discover(env, home, walker)` yielding `base.Source`s, give its format a
decoder that fills the same columns as Claude Code's (JSONL decoders live
in the compiled reader), and register it in `PROVIDERS` below.
"""
from codeburn.providers import claude, codex

PROVIDERS = {claude.PROVIDER: claude, codex.PROVIDER: codex}

__all__ = ["PROVIDERS"]
