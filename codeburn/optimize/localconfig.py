"""The local configuration optimize reads (never writes): MCP server
settings, CLAUDE.md files with their @-imports, ~/.claude/{agents,skills,
commands}, shell profiles. A file that exists but cannot be used (unreadable,
invalid JSON, not an object) is named in a warning; the detectors that need
it are told so and skip (spec commands §4.3)."""
from __future__ import annotations

import json
import os
import re

from codeburn.jstext import JS_SPACE
from codeburn.plainclass import dataclass, field

# JavaScript's /^@(\.\.?\/[^\s]+|\/[^\s]+)/gm: a line also starts after \r,
# U+2028 and U+2029, and \s is its white space (jstext.JS_SPACE), not Python's.
_JS_NONSPACE = "[^" + re.escape(JS_SPACE) + "]"
IMPORT_RE = re.compile(r"(?:^|(?<=[\r\u2028\u2029]))@(\.\.?/" + _JS_NONSPACE + "+|/" + _JS_NONSPACE + "+)", re.M)


@dataclass
class McpServer:
    name: str               # as configured
    mtime_ms: float         # of the newest config file naming it
    always_load: list[str] = field(default_factory=list)   # files where it has "alwaysLoad": true


@dataclass(frozen=True)
class EnvSetting:
    value: str
    path: str
    scope: str   # "user settings", "project local settings", "shell profile", … (named in explanations)


def string_of(v) -> str | None:
    """String(v) of a JSON string, number or boolean; None for anything else."""
    if isinstance(v, bool):
        return "true" if v else "false"
    if isinstance(v, str):
        return v
    if isinstance(v, (int, float)):
        from codeburn.report.jsjson import js_number

        return js_number(v)
    return None


@dataclass
class LocalConfig:
    home: str
    warnings: list[str] = field(default_factory=list)
    _json: dict = field(default_factory=dict)       # path -> object or None, each file read once
    _text: dict = field(default_factory=dict)       # path -> text or None, likewise
    # Every file and folder looked at (absent ones too), in order: what a kept answer depends on.
    touched: dict = field(default_factory=dict)

    def _note(self, path: str, why: str) -> None:
        # (read as absent, as the reference reads a file it cannot parse: the other files still count)
        self.warnings.append(f"optimize: {path}: {why}; read as absent")

    def read_json(self, path: str) -> dict | None:
        """A config file's object; None if it is absent (silently) or broken (named)."""
        if path not in self._json:
            self.touched[path] = None
            self._json[path] = self._read_json(path)
        return self._json[path]

    def _read_json(self, path: str) -> dict | None:
        try:
            with open(path, "rb") as f:
                raw = f.read(16 << 20)
        except (FileNotFoundError, ValueError):  # (a project path with a NUL byte names no file)
            return None
        except OSError as exc:
            if os.path.isdir(path):
                self._note(path, "is a directory")
            else:
                self._note(path, exc.strerror or str(exc))
            return None
        try:
            value = json.loads(raw.decode("utf-8"))
        except (UnicodeDecodeError, ValueError, RecursionError):
            self._note(path, "not valid JSON")
            return None
        if not isinstance(value, dict):
            self._note(path, "not a JSON object")
            return None
        return value

    def settings_paths(self, cwds: list[str]) -> list[str]:
        paths = [os.path.join(self.home, ".claude", "settings.json"),
                 os.path.join(self.home, ".claude", "settings.local.json")]
        for cwd in cwds:
            paths += [os.path.join(cwd, ".mcp.json"), os.path.join(cwd, ".claude", "settings.json"),
                      os.path.join(cwd, ".claude", "settings.local.json")]
        return paths

    def mcp_servers(self, cwds: list[str]) -> dict[str, McpServer]:
        """Configured servers by normalized name (':' -> '_', as tool names
        spell them); the newest file's entry names a server."""
        out: dict[str, McpServer] = {}
        for path in self.settings_paths(cwds):
            config = self.read_json(path)
            if config is None:
                continue
            servers = config.get("mcpServers")
            if not isinstance(servers, dict):
                continue
            try:
                mtime = os.stat(path).st_mtime * 1000
            except OSError:
                mtime = 0
            for name, entry in servers.items():
                key = name.replace(":", "_")
                old = out.get(key)
                if old is None or old.mtime_ms < mtime:
                    out[key] = McpServer(name, mtime, old.always_load if old else [])
                if isinstance(entry, dict) and entry.get("alwaysLoad") is True:
                    out[key].always_load.append(path)
        return out

    def env_setting(self, name: str, cwds: list[str], profiles: list[str]) -> EnvSetting | None:
        """An `env` entry of the settings files, most specific first
        (project local > project > user local > user: the one that takes
        effect), else an assignment in one of the shell `profiles`; a number
        or a boolean as JavaScript's String() writes it."""
        scopes = []
        for cwd in cwds:
            scopes += [("project local settings", os.path.join(cwd, ".claude", "settings.local.json")),
                       ("project settings", os.path.join(cwd, ".claude", "settings.json"))]
        scopes += [("user local settings", os.path.join(self.home, ".claude", "settings.local.json")),
                   ("user settings", os.path.join(self.home, ".claude", "settings.json"))]
        for scope, path in scopes:
            config = self.read_json(path)
            env = config.get("env") if config else None
            value = string_of(env.get(name)) if isinstance(env, dict) else None
            if value is not None:
                return EnvSetting(value, path, scope)
        line = re.compile(rf"^\s*(?:export\s+)?{re.escape(name)}\s*=\s*['\"]?([^'\"\s]+)['\"]?", re.M)
        for profile in profiles:
            path = os.path.join(self.home, profile)
            text = self.read_text(path)
            m = line.search(text) if text is not None else None
            if m:
                return EnvSetting(m[1], path, "shell profile")
        return None

    def exists(self, path: str) -> bool:
        """Whether a config file is there (looked at: a kept answer depends on it)."""
        self.touched[path] = None
        return os.path.exists(path)

    def read_text(self, path: str) -> str | None:
        """A text file's contents; None if it is absent (silently) or cannot be read (named once)."""
        if path not in self._text:
            self.touched[path] = None
            self._text[path] = self._read_text(path)
        return self._text[path]

    def _read_text(self, path: str) -> str | None:
        try:
            with open(path, "rb") as f:
                return f.read(16 << 20).decode("utf-8", "replace")
        except (FileNotFoundError, ValueError):  # (a path with a NUL byte names no file)
            return None
        except OSError as exc:
            self._note(path, "is a directory" if os.path.isdir(path) else exc.strerror or str(exc))
            return None

    def claude_md_lines(self, path: str, max_depth: int) -> tuple[int, int]:
        """(lines, imported files) of a CLAUDE.md with its @-imports expanded
        (depth-limited, each file once)."""
        return self._expand(path, set(), 0, max_depth)

    def _expand(self, path: str, seen: set[str], depth: int, max_depth: int) -> tuple[int, int]:
        if depth > max_depth or path in seen:
            return 0, 0
        seen.add(path)
        text = self.read_text(path)
        if text is None:
            return 0, 0
        lines, imported = len(text.split("\n")), 0
        folder = os.path.dirname(path)
        for m in IMPORT_RE.finditer(text):
            raw = m[1]
            target = raw if raw.startswith("/") else os.path.normpath(os.path.join(folder, raw))
            if not os.path.exists(target):
                continue
            n, k = self._expand(target, seen, depth + 1, max_depth)
            lines += n
            imported += 1 + k
        return lines, imported

    def shell_limit(self, profiles: list[str]) -> int | None:
        pat = re.compile(r"^\s*export\s+BASH_MAX_OUTPUT_LENGTH\s*=\s*['\"]?([0-9]+)['\"]?", re.M)
        for name in profiles:
            path = os.path.join(self.home, name)
            text = self.read_text(path)
            if text is None:
                continue
            m = pat.search(text)
            if m:
                return int(m[1])
        return None

    def markdown_names(self, sub: str) -> list[str]:
        d = os.path.join(self.home, ".claude", sub)
        self.touched[d] = None
        try:
            entries = sorted(os.listdir(d))
        except OSError:
            return []
        return [e[:-3] for e in entries if e.endswith(".md")]

    def skill_names(self) -> list[str]:
        d = os.path.join(self.home, ".claude", "skills")
        self.touched[d] = None
        try:
            entries = sorted(os.listdir(d))
        except OSError:
            return []
        self.touched.update(dict.fromkeys(os.path.join(d, e, "SKILL.md") for e in entries))
        return [e for e in entries if os.path.exists(os.path.join(d, e, "SKILL.md"))]


