"""Shared fixtures: small Claude Code histories written the way Claude Code
writes them (key order, streaming duplicates, tool-result user lines), and
an in-process runner for the CLI."""
from __future__ import annotations

import ctypes
import datetime as dt
import io
import json
import os
import subprocess
import sys
from dataclasses import dataclass, field

import pytest

from codeburn.cli import main
from codeburn.env import Environment

# The child processes the tests start inherit this environment: a CI's
# FORCE_COLOR would colour the text they compare (env.Environment.color).
os.environ.pop("FORCE_COLOR", None)

SESSION = "7c1e2a90-1111-4c2b-9d3e-aaaaaaaaaaaa"


def pytest_addoption(parser):
    parser.addoption("--runslow", action="store_true", default=False, help="run slow (multi-GB, huge-line) tests")


def pytest_collection_modifyitems(config, items):
    if config.getoption("--runslow"):
        return
    skip = pytest.mark.skip(reason="slow: use --runslow")
    for item in items:
        if "slow" in item.keywords:
            item.add_marker(skip)


def user_line(text=None, *, ts, cwd="/home/dev/src/shopfront", session=SESSION, content=None, **extra) -> dict:
    msg_content = content if content is not None else text
    rec = {"parentUuid": None, "isSidechain": False, "userType": "external", "cwd": cwd, "sessionId": session,
           "version": "2.1.3", "gitBranch": "main", "type": "user",
           "message": {"role": "user", "content": msg_content}, "uuid": f"u-{ts}", "timestamp": ts}
    rec.update(extra)
    return rec


def tool_result_line(tool_id: str, output: str, *, ts, cwd="/home/dev/src/shopfront", session=SESSION) -> dict:
    return user_line(ts=ts, cwd=cwd, session=session,
                     content=[{"tool_use_id": tool_id, "type": "tool_result", "content": output}],
                     toolUseResult={"stdout": output, "interrupted": False})


def assistant_line(msg_id, *, ts, model="claude-sonnet-4-5-20250929", usage=None, tools=(), text=None,
                   cwd="/home/dev/src/shopfront", session=SESSION, sidechain=False) -> dict:
    content = []
    if text:
        content.append({"type": "text", "text": text})
    for i, (name, inp) in enumerate(tools):
        content.append({"type": "tool_use", "id": f"toolu_{msg_id}_{i}", "name": name, "input": inp})
    message = {"model": model, "id": msg_id, "type": "message", "role": "assistant", "content": content,
               "stop_reason": "tool_use" if tools else "end_turn", "stop_sequence": None}
    if usage is not None:
        message["usage"] = usage
    return {"parentUuid": None, "isSidechain": sidechain, "userType": "external", "cwd": cwd, "sessionId": session,
            "version": "2.1.3", "gitBranch": "main", "message": message, "requestId": f"req_{msg_id}",
            "type": "assistant", "uuid": f"a-{msg_id}-{ts}", "timestamp": ts}


def usage(inp=0, out=0, cw=0, cr=0, **extra) -> dict:
    u = {"input_tokens": inp, "cache_creation_input_tokens": cw, "cache_read_input_tokens": cr, "output_tokens": out,
         "service_tier": "standard"}
    u.update(extra)
    return u


def dumps(rec) -> str:
    return json.dumps(rec, separators=(",", ":"), ensure_ascii=False)


def as_bytes(r) -> bytes:
    """A record as one line: dicts are serialised, str/bytes written as given."""
    if isinstance(r, bytes):
        return r
    return (r if isinstance(r, str) else dumps(r)).encode()


def reader_vouches(path, data: bytes) -> tuple:
    """(what the reader hands the cache for `data` written at `path`
    (DecodedFile.settled), what it should be: the file's stat key and
    zlib's CRC-32 of its first and last 4 KiB)."""
    import zlib

    from codeburn._fast.reader import Scanner

    with open(path, "wb") as f:
        f.write(data)
    st = os.stat(path)
    return (Scanner().decode_file(str(path), 0).settled,
            ((st.st_dev, st.st_ino, st.st_size, st.st_mtime_ns), (zlib.crc32(data[:4096]), zlib.crc32(data[-4096:]))))


def adopted_view(decoded, rules):
    """What a main reader makes of one decoded file (codeburn._fast
    DecodedFile): its counts, first cwd, errno, every column with ids turned
    back into strings, and the prompt arenas. Equal views, equal reports."""
    from codeburn.classify.prompt_classes import text_classes
    from codeburn.read.scan import make_scanner

    main = make_scanner(rules)
    stats, cwd, err = main.adopt(decoded, 0)
    strings = main.strings()
    cols = {k: v.tolist() for k, v in main.columns().items()}
    for k in ("model", "tool_name", "shell_name", "sub_name", "turn_skill"):
        cols[k] = [strings[i] if i >= 0 else None for i in cols[k]]
    texts = [main.take_texts(c) for c in range(len(text_classes()[1]))]
    return stats, cwd, err, cols, texts


@dataclass
class History:
    """A Claude config dir under tmp_path: `projects/<slug>/<session>.jsonl`."""

    root: str
    files: list[str] = field(default_factory=list)

    def write(self, slug: str, name: str, records: list, tail: str | bytes = "", subdir: str = "") -> str:
        d = os.path.join(self.root, "projects", slug, subdir)
        os.makedirs(d, exist_ok=True)
        path = os.path.join(d, name)
        with open(path, "wb") as f:
            for r in records:
                f.write(as_bytes(r) + b"\n")
            f.write(tail.encode() if isinstance(tail, str) else tail)
        self.files.append(path)
        return path


@pytest.fixture
def history(tmp_path) -> History:
    root = tmp_path / "claude"
    root.mkdir()
    return History(str(root))


NOW = dt.datetime(2026, 3, 5, 12, 0, tzinfo=dt.timezone.utc)


@dataclass
class Run:
    status: int
    stdout: str
    stderr: str

    @property
    def json(self):
        return json.loads(self.stdout)


@pytest.fixture(scope="session")
def shared_cache(tmp_path_factory) -> str:
    """One cache dir for the session's CLI runs: the compiled keyword
    databases are built once, not per test (tests of the cache itself set
    CODEBURN_CACHE_DIR to a dir of their own)."""
    return str(tmp_path_factory.mktemp("xdg-cache"))


@pytest.fixture
def run(tmp_path, history, shared_cache):
    """Runs the CLI in-process with CLAUDE_CONFIG_DIR = the history, a fixed clock, TZ=UTC."""
    home = tmp_path / "home"
    home.mkdir()

    def _run(*argv, env=None, now=NOW, cwd=None) -> Run:
        environ = {"CLAUDE_CONFIG_DIR": history.root, "TZ": "UTC", "HOME": str(home), "XDG_CACHE_HOME": shared_cache}
        environ.update(env or {})
        out, err = io.StringIO(), io.StringIO()
        e = Environment(stdout=out, stderr=err, environ=environ, home=str(home), clock=lambda: now,
                        cwd=str(cwd or tmp_path))
        status = main(list(argv), e)
        return Run(int(status), out.getvalue(), err.getvalue())

    return _run


# Root reads every file whatever its mode (CI runs as root). A child that
# drops CAP_DAC_OVERRIDE and CAP_DAC_READ_SEARCH from its bounding set before
# exec never has them, so mode 000 denies it as it would any user. (Running
# the child as `nobody` instead fails where Python lives under /root, 0700.)
PR_CAPBSET_DROP = 24
DAC_CAPS = (1, 2)  # CAP_DAC_OVERRIDE, CAP_DAC_READ_SEARCH


def _drop_dac_override() -> None:
    """Runs in the child, before exec."""
    libc = ctypes.CDLL(None, use_errno=True)
    for cap in DAC_CAPS:
        if libc.prctl(PR_CAPBSET_DROP, cap, 0, 0, 0) != 0:
            raise OSError(ctypes.get_errno(), "prctl(PR_CAPBSET_DROP)")


def _dac_caps_kept_across_exec() -> bool:
    """Inheritable or ambient DAC capabilities would survive the drop."""
    with open("/proc/self/status") as f:
        sets = dict(line.split(":\t", 1) for line in f if line.startswith(("CapInh", "CapAmb")))
    return any(int(v, 16) & sum(1 << c for c in DAC_CAPS) for v in sets.values())


def run_denied(tmp_path, *argv, env: dict) -> Run:
    """`python -m codeburn *argv` in a child to which file modes apply even
    when the tests run as root; cwd tmp_path, HOME tmp_path/home, TZ=UTC, no
    CLAUDE_/CODEX_/CODEBURN_ variable but `env`. Skips where root's DAC
    override cannot be given up."""
    preexec = None
    if os.geteuid() == 0:
        if not sys.platform.startswith("linux"):
            pytest.skip("root ignores file modes; dropping that right needs Linux capabilities")
        if _dac_caps_kept_across_exec():
            pytest.skip("inheritable or ambient CAP_DAC_* would keep root's DAC override in the child")
        preexec = _drop_dac_override
    environ = {k: v for k, v in os.environ.items() if not k.startswith(("CLAUDE_", "CODEX_", "CODEBURN_"))}
    environ.update(HOME=str(tmp_path / "home"), TZ="UTC", CODEX_HOME=str(tmp_path / "none"),
                   CODEBURN_DESKTOP_SESSIONS_DIR=str(tmp_path / "none"), **env)
    try:
        p = subprocess.run([sys.executable, "-m", "codeburn", *argv], env=environ, capture_output=True,
                           text=True, cwd=str(tmp_path), preexec_fn=preexec)
    except subprocess.SubprocessError as exc:  # the prctl failed (no CAP_SETPCAP)
        pytest.skip(f"could not drop CAP_DAC_OVERRIDE in the child: {exc}")
    return Run(p.returncode, p.stdout, p.stderr)


@pytest.fixture
def user_rules(tmp_path) -> str:
    """A rules dir of the user's own: the bundled rules plus one comment
    line, so their digest differs and their Hyperscan databases are
    compiled into the cache dir (the bundled rules' ship with the build)."""
    import shutil

    from codeburn.classify import ruleset

    rules = tmp_path / "user-rules"
    shutil.copytree(ruleset.rules_dir({"CODEBURN_RULES_DIR": ""}), rules,
                    ignore=shutil.ignore_patterns("*.py", "__pycache__"))
    with open(rules / "categories.toml", "a") as f:
        f.write("\n# the user's copy\n")
    return str(rules)
