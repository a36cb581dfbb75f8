"""Providers: where each AI coding tool keeps its sessions.

How to add a provider: write `providers/<id>.py` with `PROVIDER = "<id>"`,
`DISPLAY_NAME` (shown in tables) and `discover(env, home, walker)` yielding `base.Source`s, give its format a
decoder that fills the same columns as Claude Code's (JSONL decoders live
in the compiled reader), and register it in `PROVIDERS` below.
"""
from codeburn.providers import claude

PROVIDERS = {claude.PROVIDER: claude}

__all__ = ["PROVIDERS"]
