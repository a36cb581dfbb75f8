"""The menubar payload's `claudeConfigs`: the Claude sources a panel can
switch between, each Claude config dir and Claude Desktop's sessions root,
as {id, label, path}. Listed when there are two or more: the sources of the
period's Claude sessions, and, when a second source is possible at all (two
config dirs, or a Claude Desktop root on disk), every source that has a
project dir, data in the period or not. Ids and labels are the reference's
(`claude-config:` / `claude-desktop:` and 16 hex digits of the path's
SHA-256; "Default Claude" for ~/.claude, else the folder's name without its
leading dot, numbered when two are alike), so a panel's saved choice names
the same source in both tools.
"""
from __future__ import annotations

import hashlib
import os
from typing import Mapping

from codeburn.providers import claude
from codeburn.providers.base import Walker
from codeburn.report.collate import locale_key


class Sources:
    """The Claude sources of one environment: which one a session file
    belongs to, and the selector over a period's files."""

    def __init__(self, environ: Mapping[str, str], home: str):
        dirs = _config_dirs(environ, home)
        self.configs = dict(zip(dirs, _labels(dirs, home)))
        self.desktops = list(dict.fromkeys(os.path.abspath(d) for d in claude.desktop_roots(environ, home)))

    def id_of(self, src) -> str | None:
        """The id of the source a Claude session file was found under."""
        option = _option_of(src, self.configs, self.desktops) if src.provider == "claude" else None
        return option["id"] if option is not None else None

    def selector(self, sources: list, selected: str | None = None) -> dict | None:
        """{selectedId, options} over `sources` (the period's session files),
        or None when fewer than two sources are known; `selected` is kept
        only when it names one of the options."""
        options: dict[str, dict] = {}
        for src in sources:
            option = _option_of(src, self.configs, self.desktops) if src.provider == "claude" else None
            if option is not None:
                options.setdefault(option["id"], option)
        if len(self.configs) > 1 or any(os.path.isdir(d) for d in self.desktops):
            for option in _discovered(self.configs, self.desktops):
                options.setdefault(option["id"], option)
        if len(options) < 2:
            return None
        return {"selectedId": selected if selected in options else None,
                "options": sorted(options.values(), key=lambda o: locale_key(o["label"]))}


def selector(sources: list, environ: Mapping[str, str], home: str) -> dict | None:
    """Sources(environ, home).selector(sources): nothing selected."""
    return Sources(environ, home).selector(sources)


def _config_dirs(environ: Mapping[str, str], home: str) -> list[str]:
    """The Claude config dirs read, absolute and normalised, each once."""
    return list(dict.fromkeys(os.path.abspath(d) for d in claude.config_dirs(environ, home)))


def _labels(dirs: list[str], home: str) -> list[str]:
    base = [_label(d, home) for d in dirs]
    seen: dict[str, int] = {}
    out = []
    for label in base:
        if base.count(label) > 1:
            seen[label] = seen.get(label, 0) + 1
            label = f"{label} {seen[label]}"
        out.append(label)
    return out


def _label(path: str, home: str) -> str:
    if path == os.path.abspath(os.path.join(home, ".claude")):
        return "Default Claude"
    name = os.path.basename(path)
    return (name[1:] if name.startswith(".") else name).strip() or path


def _config_option(path: str, label: str) -> dict:
    return {"id": "claude-config:" + _digest(path), "label": label, "path": path}


def _desktop_option(root: str) -> dict:
    return {"id": "claude-desktop:" + _digest(root), "label": "Claude Desktop", "path": root}


def _digest(path: str) -> str:
    return hashlib.sha256(path.encode("utf-8", "surrogateescape")).hexdigest()[:16]


def _option_of(src, configs: dict[str, str], desktops: list[str]) -> dict | None:
    """The source a session file was found under: the Desktop root holding
    it, or the config dir above its `projects/<slug>` dir."""
    if src.desktop:
        path = os.path.abspath(src.path)
        for root in desktops:
            if path.startswith(root.rstrip(os.sep) + os.sep):
                return _desktop_option(root)
        return None
    config = os.path.dirname(os.path.dirname(os.path.abspath(src.project_dir or "")))
    return _config_option(config, configs[config]) if config in configs else None


def _discovered(configs: dict[str, str], desktops: list[str]) -> list[dict]:
    """Every source with at least one project dir on disk."""
    walker = Walker()
    out = [_config_option(d, label) for d, label in configs.items()
           if walker.subdirs(os.path.join(d, "projects"))]
    for root in desktops:
        if any(walker.subdirs(projects) for projects in claude.desktop_project_dirs(root, walker)):
            out.append(_desktop_option(root))
    return out
