"""rules/optimize.toml: the thresholds and lists of the detectors (read
before the scan starts; nothing heavy is imported here)."""
from __future__ import annotations

import os
import tomllib

RULES_FILE = "optimize.toml"


def load_rules(rules_dir: str) -> dict:
    with open(os.path.join(rules_dir, RULES_FILE), "rb") as f:
        return tomllib.load(f)
