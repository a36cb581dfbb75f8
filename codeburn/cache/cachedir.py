"""Where codeburn keeps what it computes once and reuses (compiled keyword
databases, decoded files, turn categories, the last status answer), and how
it writes there: atomically, 0600 files in 0700 directories. A light
module: the fast `status` path imports it without numpy."""
from __future__ import annotations

import contextlib
import os
import stat
import threading
from typing import Mapping

from codeburn.read.regular import open_regular

PRIVATE_FILE = 0o600   # every file codeburn writes
PRIVATE_DIR = 0o700    # every directory it makes


def cache_dir(env: Mapping[str, str]) -> str:
    """CODEBURN_CACHE_DIR, else $XDG_CACHE_HOME/codeburn, else ~/.cache/codeburn
    (the HOME of `env`, so a run with its own environment has its own cache)."""
    if env.get("CODEBURN_CACHE_DIR"):
        return env["CODEBURN_CACHE_DIR"]
    home = env.get("HOME") or os.path.expanduser("~")
    return os.path.join(env.get("XDG_CACHE_HOME") or os.path.join(home, ".cache"), "codeburn")


# The environment of the command being run (cli.py sets it): where the
# readers that need scratch space beside the caches (a store's private copy,
# Cursor's spill files) put it, without an environment handed down to them.
_RUN_ENVIRON: Mapping[str, str] | None = None


@contextlib.contextmanager
def run_environ(environ: Mapping[str, str]):
    """scratch_dir() follows `environ` within (one command's run)."""
    global _RUN_ENVIRON
    before, _RUN_ENVIRON = _RUN_ENVIRON, environ
    try:
        yield
    finally:
        _RUN_ENVIRON = before


# The day history (codeburn.cache.daystore): one file per time zone.
DAY_HISTORY_PREFIX = "days-v1-"


def day_history_path(directory: str, zone: str) -> str:
    """The zone's readable name and a CRC of its whole key (zlib, not
    hashlib: the empty-history answer asks for it, and loads no OpenSSL)."""
    import re
    import zlib

    raw = zone.encode("utf-8", "surrogateescape")
    name = re.sub(r"[^A-Za-z0-9+-]+", "_", zone)[:40]
    return os.path.join(directory, f"{DAY_HISTORY_PREFIX}{name}-{zlib.crc32(raw):08x}.cbm")


def scratch_dir() -> str:
    """The cache dir of the running command (of the process's environment
    when none was set: library use)."""
    return cache_dir(_RUN_ENVIRON if _RUN_ENVIRON is not None else os.environ)


def open_kept(path: str):
    """A file of ours opened for reading (binary), as open() would; OSError
    when it is no regular file (a FIFO or a device put there would block a
    read for ever), which every reader here takes as a miss."""
    return open_regular(path, blocking=False)


def file_stamp(path: str) -> str:
    """A file's stat as a kept answer's key holds it ("-" when there is
    none): a rewrite, a growth, a chmod (ctime) all change it."""
    try:
        st = os.stat(path)
    except (OSError, ValueError):  # (a path a record names may hold a NUL: no file)
        return "-"
    return f"{st.st_dev}:{st.st_ino}:{st.st_size}:{st.st_mtime_ns}:{st.st_ctime_ns}"


def build_stamp() -> str:
    """What a kept answer depends on besides the version string: the
    compiled reader (a rebuild may decode differently or add columns) and
    the price table (kept reports hold costs). The reader is found, not
    loaded: status answers from its snapshot without it."""
    from importlib.machinery import EXTENSION_SUFFIXES

    package = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
    # (the file an import would load: the first suffix there, in import's order)
    reader = next((path for suffix in EXTENSION_SUFFIXES
                   if os.path.exists(path := os.path.join(package, "_fast", "reader" + suffix))), "")
    parts = []
    for path in (reader, os.path.join(package, "data", "prices.json")):
        try:
            st = os.stat(path)
            parts.append(f"{st.st_size}:{st.st_mtime_ns}")
        except (OSError, ValueError):
            parts.append("-")
    return ",".join(parts)


def write_atomic(target: str, parts: list[bytes], root: str | None = None) -> bool:
    """Writes `parts` to `target` (write_private); whether it was written.
    Nothing when it cannot be written: everything kept here is only a cache,
    and a read-only or full cache dir costs work next time, nothing more."""
    try:
        write_private(target, parts, root)
    except OSError:
        return False
    return True


def write_private(target: str, parts: list[bytes], root: str | None = None) -> None:
    """Writes `parts` to `target` through a temporary file and a rename, so
    a reader sees the old file or the new one, never half of one. The file
    is 0600 and its directories, from `root` (default: the target's own
    directory) down, 0700 whatever the umask: decoded sessions and prompts'
    categories are as private as the logs they come from. Raises OSError."""
    out = AtomicFile(target, root)
    for p in parts:
        out.write(p)
    if not out.commit():
        raise out.error or OSError(f"{target}: not written")


class AtomicFile:
    """A file written piece by piece (a large one need not be held in
    memory) that replaces `target` in one rename at commit(), as
    write_private writes (0600, 0700 directories from `root` down, never
    through a link). A write that fails drops the file: later writes and
    the commit do nothing, and `error` says why."""

    def __init__(self, target: str, root: str | None = None):
        self.target, self.root = target, root
        self.tmp = f"{target}.{os.getpid()}.{threading.get_ident()}.tmp"
        self.f = None
        self.failed = False
        self.error: OSError | None = None
        self.size = 0  # bytes written so far

    def write(self, data) -> bool:
        """Appends data; False once the file cannot be written."""
        if self.failed:
            return False
        try:
            if self.f is None:
                self.f = self._open()
            self.f.write(data)
        except OSError as exc:
            self.abort(exc)
            return False
        self.size += len(data)
        return True

    def write_at(self, offset: int, data) -> bool:
        """Overwrites bytes already written at `offset` (a header whose
        checksum is known only at the end), then goes on at the end."""
        if self.failed or self.f is None or offset + len(data) > self.size:
            return False
        try:
            self.f.seek(offset)
            self.f.write(data)
            self.f.seek(0, os.SEEK_END)
        except OSError as exc:
            self.abort(exc)
            return False
        return True

    def raw_fd(self) -> int | None:
        """The file's descriptor, everything written so far flushed to it,
        for writes of someone else's at its position (which then owes
        `size` the bytes it wrote); None once the file failed."""
        if self.failed or not self.write(b""):
            return None
        try:
            self.f.flush()
        except OSError as exc:
            self.abort(exc)
            return None
        return self.f.fileno()

    def _open(self):
        directory = os.path.dirname(self.target) or "."
        private_dirs(directory, self.root or directory)
        # O_EXCL|O_NOFOLLOW: never through a link or a file someone else put there.
        flags = os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_CLOEXEC", 0) \
            | getattr(os, "O_BINARY", 0)
        fd = os.open(self.tmp, flags, PRIVATE_FILE)
        f = os.fdopen(fd, "wb")
        _restrict(f.fileno(), PRIVATE_FILE)
        return f

    def commit(self) -> bool:
        """Puts the file in place; whether it is there."""
        if self.failed or (self.f is None and not self.write(b"")):
            return False
        try:
            self.f.close()
            os.replace(self.tmp, self.target)
        except OSError as exc:
            self.abort(exc)
            return False
        return True

    def abort(self, error: OSError | None = None) -> None:
        self.failed = True
        self.error = self.error or error
        try:
            if self.f is not None:
                self.f.close()  # flushes what is buffered: fails again when the disk is full
        except OSError:
            pass
        try:
            os.unlink(self.tmp)
        except OSError:
            pass


def remove_stale_temps(directory: str) -> int:
    """Removes the temporary files (AtomicFile's `<target>.<pid>.<thread>.tmp`)
    that processes no longer running left in `directory`: a process killed
    while it wrote a pack or a records entry (written as the source is read,
    up to hundreds of MB) left its file for good. A file of this process, of
    a live one or of another user's is left alone; POSIX only (there a pid
    is asked with signal 0, which sends nothing). How many went."""
    if os.name != "posix":
        return 0
    try:
        names = os.listdir(directory)
    except OSError:
        return 0
    gone = 0
    for name in names:
        parts = name.rsplit(".", 3)
        if len(parts) != 4 or parts[3] != "tmp" or not parts[1].isdigit() or not parts[2].isdigit():
            continue
        pid = int(parts[1])
        if pid == os.getpid() or _running(pid):
            continue
        try:
            os.remove(os.path.join(directory, name))
            gone += 1
        except OSError:
            pass
    return gone


def _running(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except (PermissionError, OverflowError, OSError):
        return True  # someone else's, or not a pid we can ask about: not ours to remove
    return True


def private_dirs(directory: str, root: str) -> None:
    """Makes `directory` exist with every missing parent 0700, and tightens
    `root` and each directory between it and `directory` to 0700 when group
    or others could reach them (a cache dir made by an earlier version, or
    under a loose umask). A directory owned by someone else, or shared on
    purpose (sticky bit, as /tmp), is left as it is."""
    missing = []
    d = os.path.abspath(directory)
    while not os.path.isdir(d):
        missing.append(d)
        parent = os.path.dirname(d)
        if parent == d:
            break
        d = parent
    for d in reversed(missing):
        try:
            os.mkdir(d, PRIVATE_DIR)
        except FileExistsError:
            continue  # made meanwhile (another run): tightened below when it is ours
        os.chmod(d, PRIVATE_DIR)  # the umask may have taken bits off (or 000 left them all)
    for d in _between(os.path.abspath(root), os.path.abspath(directory)):
        _tighten(d)


def _between(root: str, directory: str) -> list[str]:
    """root, and each directory under it down to `directory` (just root when
    `directory` is not under it)."""
    rel = os.path.relpath(directory, root)
    if rel == "." or rel.startswith(os.pardir):
        return [root]
    out, d = [root], root
    for part in rel.split(os.sep):
        d = os.path.join(d, part)
        out.append(d)
    return out


def _tighten(d: str) -> None:
    try:
        st = os.stat(d)
        # (a file where a folder should be is the user's mistake, not ours to change)
        if stat.S_ISDIR(st.st_mode) and st.st_mode & 0o077 and not st.st_mode & stat.S_ISVTX and _owned(st):
            os.chmod(d, PRIVATE_DIR)
    except OSError:
        pass  # not ours to change, or gone: the files in it are still 0600


def _owned(st: os.stat_result) -> bool:
    return not hasattr(os, "geteuid") or st.st_uid == os.geteuid()


def _restrict(fd: int, mode: int) -> None:
    if hasattr(os, "fchmod"):
        os.fchmod(fd, mode)
