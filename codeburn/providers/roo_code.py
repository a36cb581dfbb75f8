"""Roo Code (spec providers §3.1): task folders in the
`rooveterinaryinc.roo-cline` globalStorage of VS Code, Code - Insiders and
VSCodium."""
from __future__ import annotations

from codeburn.providers import clinefamily

PROVIDER = "roo-code"
DISPLAY_NAME = "Roo Code"
KIND = "records"
OUTPUT_HAS_REASONING = False
KEEPS_COST = False
calls_are_turns_there = clinefamily.calls_are_turns_there

FAMILY = clinefamily.Family(PROVIDER, DISPLAY_NAME, "cline-auto",
                            lambda env, home: clinefamily.vscode_storage(home, "rooveterinaryinc.roo-cline"))


def discover(env, home, walker):
    return clinefamily.discover(FAMILY, env, home, walker)


def read(source, log):
    return clinefamily.read(FAMILY, source, log)
