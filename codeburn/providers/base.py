"""What every provider's discovery yields, and the directory walker they share.

A provider is discovery (where a tool keeps its sessions) plus a decoder that
turns a source's bytes into the common call columns. Discovery yields
`Source`s and never reads transcript contents; the walker lists directories
deterministically (sorted), survives unreadable dirs and symlink loops, and
records what it could not list so the report can name it.
"""
from __future__ import annotations

import errno
import os
import re
import stat

from codeburn.plainclass import dataclass, field
from codeburn.read.regular import NOT_REGULAR

# Why a path holding a NUL byte (from a tool's own file or a config:
# nothing a system call accepts; Python raises ValueError) is not read.
NUL_IN_PATH = "a NUL byte in the path"


class FileStat:
    """The fields of a file's stat that codeburn uses (its identity, size
    and times), kept per discovered file until the report is made. An
    os.stat_result holds some 15 number objects, ~600 bytes: 34 MB for a
    history of 56k small sessions; this holds five, ~210 bytes."""

    __slots__ = ("st_dev", "st_ino", "st_size", "st_mtime_ns", "st_ctime_ns")

    def __init__(self, st: os.stat_result):
        self.st_dev, self.st_ino, self.st_size = st.st_dev, st.st_ino, st.st_size
        self.st_mtime_ns, self.st_ctime_ns = st.st_mtime_ns, st.st_ctime_ns

    @classmethod
    def of_row(cls, row: tuple[int, int, int, int, int]) -> "FileStat":
        """From (st_dev, st_ino, st_size, st_mtime_ns, st_ctime_ns)."""
        self = cls.__new__(cls)
        self.st_dev, self.st_ino, self.st_size, self.st_mtime_ns, self.st_ctime_ns = row
        return self

    @property
    def st_mtime(self) -> float:
        # As os.stat computes it from the kernel's (seconds, nanoseconds),
        # so a period's first-day filter decides a file as before.
        sec, ns = divmod(self.st_mtime_ns, 1_000_000_000)
        return sec + ns * 1e-9


def jsonl_file(path: str) -> bool:
    """Whether a path has a JSONL session's name (what a walk asks for)."""
    return path.endswith(".jsonl")


def base_name(path: str) -> str:
    """os.path.basename(path), without its Python frames where paths have a
    single separator (POSIX): discovery asks it of every session file."""
    return path.rpartition(os.sep)[2] if os.altsep is None else os.path.basename(path)


def stat_missing(sources: list["Source"]) -> bool:
    """Takes the stat of each of these sources that has none yet, all at
    once (codeburn._fast.reader.stat_paths: 56k files in 0.09 s against
    0.25-0.35 s one os.stat at a time); False when one could not be
    stat'ed (its stat stays None: the read reports it)."""
    todo = [s for s in sources if s.stat is None]
    whole = True
    for lo in range(0, len(todo), STAT_CHUNK):
        whole = _stat_part(todo[lo:lo + STAT_CHUNK]) and whole
    return whole


# Files stat'ed at a time: the batch's paths and answers are held until it
# is over (at 56k files in one batch, 15 MB more at the run's peak).
STAT_CHUNK = 8192


def _stat_part(todo: list["Source"]) -> bool:
    from codeburn._fast.reader import stat_paths

    rows = stat_paths([s.path for s in todo])
    if rows is None:  # (no batch in this build)
        rows = []
        for s in todo:
            try:
                st = os.stat(s.path)
            except (OSError, ValueError) as exc:  # (a NUL in the path is EINVAL, as stat_paths says)
                rows.append(getattr(exc, "errno", None) or errno.EINVAL)
                continue
            rows.append((st.st_dev, st.st_ino, st.st_size, st.st_mtime_ns, st.st_ctime_ns))
    whole = True
    of_row = FileStat.of_row
    for s, row in zip(todo, rows):
        if row.__class__ is tuple:
            s.stat = of_row(row)
        else:
            whole = False
    return whole


@dataclass(slots=True)
class Source:
    provider: str
    path: str
    project: str          # label: Claude's slug dir name, or a Desktop space name
    session_id: str       # file basename without extension
    project_dir: str      # the dir that groups sessions (slug dir)
    agent_type: str | None = None
    sidechain: bool = False
    desktop: bool = False
    # The file's stat when mtime_filter took it, so the read need not take
    # it again (a dense history has thousands of files); not part of equality.
    stat: FileStat | None = field(default=None, compare=False, repr=False)
    # A records session's place among its store's sessions when the tool
    # lists them otherwise than they were read (Cursor: by ROWID); reports
    # number a store's sessions by it (usage._sessions).
    order: int = field(default=0, compare=False, repr=False)


@dataclass
class Walker:
    """Lists directories; every failure is remembered, never raised."""

    errors: list[tuple[str, str]] = field(default_factory=list)  # (path, reason)
    _seen_dirs: set[tuple[int, int]] = field(default_factory=set)
    # Every folder asked for, there or not: where this run looked for
    # sessions (a kept day of a file gone from one of them still counts:
    # commands.carry; one of a folder no longer searched does not).
    listed: set[str] = field(default_factory=set)
    # Folders listed ahead of their visit (prefetch): path -> (st_dev,
    # st_ino, [(name, kind)]), or None for one that is not there.
    _ahead: dict = field(default_factory=dict)

    def prefetch(self, dirs: list[str]) -> None:
        """Lists `dirs` in one compiled call (no GIL, two threads), so that
        the next `_first_visit` and `entries` of each make no system call: a
        dense Claude history has a `subagents/` folder per session (2,800 at
        2 GB, 0.1 s listed one at a time). A folder that could not be
        listed for another reason than its absence is left to those calls,
        which name what went wrong as always."""
        if not dirs:
            return   # (an empty history loads no compiled reader: tests/test_cli.py)
        from codeburn._fast.reader import list_folders

        rows = list_folders(dirs)
        for d, row in zip(dirs, rows or ()):
            if isinstance(row, tuple):
                self._ahead[d] = row
            elif row == errno.ENOENT:   # (as os.stat: no such folder, or a dangling link)
                self._ahead[d] = None

    def entries(self, d: str, dir_links: bool = True, wanted=None) -> tuple[list[str], list[str]]:
        """(files, dirs) directly in d, sorted by name; symlinks followed once
        (without dir_links, a link to a folder is left out). The directory's
        own entry types say what a plain file or dir is (no stat each: a
        dense history has thousands of sessions); a symlink, or a file
        system that gives no types, is stat'ed. `wanted(path)` says which
        names the caller reads: one of those that is no regular file (a
        FIFO, socket or device, a folder, a dangling or looping link) is
        remembered as an error, so the report names what it could not read;
        other odd entries of a tool's folder are none of our business."""
        self.listed.add(d)
        ahead = self._ahead.pop(d, None)
        try:
            if ahead is not None:
                head = d if d.endswith(os.sep) else d + os.sep   # (as a DirEntry's path)
                listed = sorted((name, head + name, kind) for name, kind in ahead[2])
            else:
                with os.scandir(d) as it:
                    listed = sorted((e.name, e.path, _plain_type(e)) for e in it)
        except FileNotFoundError:
            return [], []
        except NotADirectoryError as exc:
            if os.path.lexists(d):  # a file where the folder should be: worth naming
                self.errors.append((d, exc.strerror or str(exc)))
            return [], []   # (else a file higher up, HOME itself maybe: nothing there to read)
        except OSError as exc:
            self.errors.append((d, exc.strerror or str(exc)))
            return [], []
        except ValueError:
            self._name(d, NUL_IN_PATH)
            return [], []
        files, dirs = [], []
        for _, path, kind in listed:
            if kind is None:
                try:
                    st = os.stat(path)
                except OSError as exc:  # dangling link, permission, vanished
                    if not os.path.islink(path) or (wanted is not None and wanted(path)):
                        self._name(path, exc.strerror or str(exc))
                    continue
                kind = "dir" if stat.S_ISDIR(st.st_mode) else "file" if stat.S_ISREG(st.st_mode) else ""
                if kind == "dir" and not dir_links and os.path.islink(path):
                    continue
            if kind == "dir":
                dirs.append(path)
                if wanted is not None and wanted(path):
                    self._name(path, os.strerror(errno.EISDIR))
            elif kind == "file":
                files.append(path)
            elif wanted is not None and wanted(path):
                self._name(path, NOT_REGULAR)
        return files, dirs

    def _name(self, path: str, reason: str) -> None:
        if (path, reason) not in self.errors:  # (a folder may be listed twice)
            self.errors.append((path, reason))

    def subdirs(self, d: str) -> list[str]:
        out = []
        for sub in self.entries(d)[1]:
            if self._first_visit(sub):
                out.append(sub)
        return out

    def files_below(self, d: str, suffix: str, dir_links: bool = True) -> list[str]:
        """Every regular file ending in suffix under d, depth first, sorted;
        without dir_links, links to folders below d are not followed (as the
        reference walks a subagents tree, where a link to / would be a walk
        of the whole disk). A folder given to `scan` follows them."""
        out: list[str] = []
        if not self._first_visit(d):
            return out
        files, dirs = self.entries(d, dir_links, (lambda p: p.endswith(suffix)) if suffix else None)
        out.extend(p for p in files if p.endswith(suffix))
        for sub in dirs:
            out.extend(self.files_below(sub, suffix, dir_links))
        return out

    def is_file(self, path: str) -> bool:
        """Whether path is a regular file (a link followed); a path that is
        there but cannot be looked at (a folder without search permission)
        is remembered as an error, not taken for absent."""
        try:
            mode = os.stat(path).st_mode
        except (FileNotFoundError, NotADirectoryError) as exc:
            if os.path.islink(path):   # a link there whose target is gone: named, as a dangling session file is
                self._name(path, exc.strerror or str(exc))
            return False
        except OSError as exc:
            self._name(path, exc.strerror or str(exc))
            return False
        except ValueError:
            self._name(path, NUL_IN_PATH)
            return False
        if not stat.S_ISREG(mode):  # a folder or FIFO where the file should be: named, not read
            self._name(path, os.strerror(errno.EISDIR) if stat.S_ISDIR(mode) else NOT_REGULAR)
        return stat.S_ISREG(mode)

    def _first_visit(self, d: str) -> bool:
        # Keyed by (device, inode) so a symlink loop or a second link to the
        # same dir is walked once.
        if d in self._ahead:
            ahead = self._ahead[d]
            key = ahead and (ahead[0], ahead[1])
            if key and key not in self._seen_dirs:
                self._seen_dirs.add(key)
                return True
            del self._ahead[d]   # (not there, or seen: not listed after all)
            return False
        try:
            st = os.stat(d)
        except (FileNotFoundError, NotADirectoryError):
            return False
        except ValueError:
            self._name(d, NUL_IN_PATH)
            return False
        except OSError as exc:  # listed but not to be entered (no search permission), a name too long
            if not any(d.startswith(p + os.sep) for p, _ in self.errors):  # (not again below a folder named)
                self.errors.append((d, exc.strerror or str(exc)))
            return False
        key = (st.st_dev, st.st_ino)
        if key in self._seen_dirs:
            return False
        self._seen_dirs.add(key)
        return True


def _plain_type(entry: os.DirEntry) -> str | None:
    """"file" or "dir" for a regular file or directory that is not a
    symlink, "" for another kind, None when only a stat can tell. (A
    session file answers at the first question: one call, not three.)"""
    try:
        if entry.is_file(follow_symlinks=False):
            return "file"
        if entry.is_dir(follow_symlinks=False):
            return "dir"
        if entry.is_symlink():
            return None
    except OSError:
        return None
    return ""


def mtime_filter(sources: list[Source], since_ms: int | None, stores: bool = False) -> list[Source]:
    """Drops session files (Codex and the other JSONL tools) last written
    before the period starts: they cannot hold a later record (JSONL is
    append-only). Unstat-able files are kept so the read reports them.

    Claude Code's files are all kept, whatever the period, as CodeBurn
    0.9.20 reads them: a file with no record in the period still claims the
    message ids a resumed session copied from it (so the copies do not start
    that session before the period), and a session that linked a pull
    request and spawned subagents lists its project as their zero-cost
    anchor (aggregate/usage._spawn_anchors). The per-file cache and the kept
    scan make a repeat cost what reading the period's files alone did.

    With `stores`, a records source (a store, a task folder, a JSON file) is
    dropped too when its mtime (a SQLite store's or its -wal's, the newer)
    is before the start, as 0.9.20 drops it from a command that reads the
    period once (sessions, models, optimize, compare, yield, export); its
    report, overview and status read a wider history first, which keeps
    it. Such a source may hold records dated after its mtime: Goose's
    zone-less UTC times read as local time west of UTC, a Cline task whose
    files were rewritten in place."""
    if since_ms is None:
        return sources
    from codeburn.providers import PROVIDERS

    kinds = [PROVIDERS[s.provider].KIND for s in sources]
    files = [s for s, kind in zip(sources, kinds) if kind not in ("claude", "records")]
    for s in files:
        s.stat = None  # (taken anew: all at once)
    stat_missing(files)
    keep = []
    for s, kind in zip(sources, kinds):
        if kind == "claude" or (kind == "records" and not stores):
            keep.append(s)  # a store or folder: its mtime need not move when its records do
            continue
        if kind == "records":
            m = _fingerprint_mtime(s.path)
            if m is not None and m * 1000 < since_ms:
                continue
            keep.append(s)
            continue
        if s.stat is not None and s.stat.st_mtime * 1000 < since_ms:
            continue
        keep.append(s)  # (a file that could not be stat'ed too: the read reports it)
    return keep


SQLITE_NAME = re.compile(r"\.(db|sqlite3?|vscdb)$", re.I)


def _fingerprint_mtime(path: str) -> float | None:
    """The mtime 0.9.20 dates a source by: a SQLite store's or its -wal's,
    whichever is newer; else the path's own (a task folder's is the
    folder's)."""
    try:
        m = os.stat(path).st_mtime
    except (OSError, ValueError):
        return None
    if SQLITE_NAME.search(path):
        try:
            m = max(m, os.stat(path + "-wal").st_mtime)
        except (OSError, ValueError):
            pass
    return m


def stamped_paths(path: str) -> list[str]:
    """The files whose stat stamps stand for a source's contents: a folder
    source (a task folder) by the files directly in it, whose writes do not
    move the folder's own mtime; a SQLite store with its write-ahead log."""
    if os.path.isdir(path):
        try:
            return [path] + [os.path.join(path, n) for n in sorted(os.listdir(path))]
        except OSError:
            return [path]
    wal = path + "-wal"
    return [path, wal] if os.path.exists(wal) else [path]
