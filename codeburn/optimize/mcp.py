"""MCP tool coverage from Claude Code's deferred-tool inventory (spec
commands §4.3 mcp-low-coverage, mcp-project-scope): which servers were
loaded in which sessions, how many of their tools were ever called, and
what their unused schema cost in cache writes and reads."""
from __future__ import annotations

import json
import os

import numpy as np

from codeburn.optimize.facts import Facts
from codeburn.plainclass import dataclass

CONNECTOR = "claude_ai_"


@dataclass
class Coverage:
    server: str
    inventory: set[str]
    invoked: set[str]        # tools called that are in the inventory
    invocations: int
    loaded_sessions: int
    limits: dict             # rules/optimize.toml [mcp-low-coverage]

    @property
    def available(self) -> int:
        return len(self.inventory)

    @property
    def ratio(self) -> float:
        return len(self.invoked) / len(self.inventory) if self.inventory else 0.0

    @property
    def unused(self) -> list[str]:
        return sorted(self.inventory - self.invoked)

    def low(self) -> bool:
        r = self.limits
        return self.available > r["min_tools"] and self.loaded_sessions >= r["min_sessions"] \
            and self.ratio < r["low_coverage"]


def _parts(fqn: str):
    p = fqn.split("__")
    return (p[1], "__".join(p[2:])) if len(p) >= 3 and p[0] == "mcp" and p[1] else (None, None)


def coverage(f: Facts, limits: dict) -> dict[str, Coverage]:
    inv: dict[str, set] = {}
    loaded: dict[str, int] = {}
    for items in f.inventory:
        servers = set()
        for fqn in items:
            server, tool = _parts(fqn)
            if server and tool:
                inv.setdefault(server, set()).add(fqn)
                servers.add(server)
        for s in servers:
            loaded[s] = loaded.get(s, 0) + 1
    calls: dict[str, int] = {}
    for per in f.mcp_calls:
        for s, n in per.items():
            calls[s] = calls.get(s, 0) + n
    invoked: dict[str, set] = {}
    for items in f.invoked:
        for fqn in items:
            server, _ = _parts(fqn)
            if server:
                invoked.setdefault(server, set()).add(fqn)
    return {s: Coverage(s, tools, invoked.get(s, set()) & tools, calls.get(s, 0), loaded.get(s, 0), limits)
            for s, tools in inv.items()}


def any_inventory(f: Facts) -> bool:
    return any(f.inventory)


def schema_cost(f: Facts, schema: np.ndarray, cw_mult: float, cr_disc: float) -> float:
    """Effective input tokens of `schema` tokens per session (0: not
    loaded), charged on each call at most its own cache write and read."""
    per_call = schema[f.call_session]
    cw = np.minimum(per_call, f.call_cw).sum()
    cr = np.minimum(per_call, f.call_cr).sum()
    return float(cw) * cw_mult + float(cr) * cr_disc


def local_server_names(ctx) -> set[str]:
    """Configured server names (settings, .mcp.json, ~/.claude.json)."""
    names = set(ctx.config.mcp_servers(ctx.facts.cwds))
    try:
        with open(os.path.join(ctx.config.home, ".claude.json"), "rb") as fh:
            user = json.loads(fh.read(64 << 20))
    except (OSError, ValueError, RecursionError):
        user = None
    if isinstance(user, dict):
        projects = user.get("projects") if isinstance(user.get("projects"), dict) else {}
        for container in [user.get("mcpServers")] + [p.get("mcpServers") for p in projects.values()
                                                     if isinstance(p, dict)]:
            if isinstance(container, dict):
                names |= {n.replace(":", "_") for n in container}
    return names
