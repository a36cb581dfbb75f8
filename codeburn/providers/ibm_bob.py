"""IBM Bob (spec providers §3.1): task folders in the `ibm.bob-code`
globalStorage of the `IBM Bob` and `Bob-IDE` apps (`$XDG_CONFIG_HOME`,
else `~/.config`; macOS `~/Library/Application Support`). Without a
`<model>` tag the model is `ibm-bob-auto`."""
from __future__ import annotations

import os
import sys

from codeburn.providers import clinefamily, labels

PROVIDER = "ibm-bob"
DISPLAY_NAME = "IBM Bob"
KIND = "records"
OUTPUT_HAS_REASONING = False
KEEPS_COST = False
calls_are_turns_there = clinefamily.calls_are_turns_there
EXTENSION = "ibm.bob-code"


def roots(env, home) -> list[str]:
    if sys.platform == "darwin":
        base = os.path.join(home, "Library", "Application Support")
    else:
        base = labels.home_path(env, home, "XDG_CONFIG_HOME", ".config")
    return [os.path.join(base, app, "User", "globalStorage", EXTENSION) for app in ("IBM Bob", "Bob-IDE")]


FAMILY = clinefamily.Family(PROVIDER, DISPLAY_NAME, "ibm-bob-auto", roots)


def discover(env, home, walker):
    return clinefamily.discover(FAMILY, env, home, walker)


def read(source, log):
    return clinefamily.read(FAMILY, source, log)
