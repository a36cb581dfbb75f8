"""The turn classifier in a process of its own, beside the reading
process's classifying thread, for scans with a large store to classify
(a multi-GB Cursor `state.vscdb`).

Why a process: once such a store's pages are in, classifying its prompts
(~1.3 CPU-s at 2.5 GB) is the read's critical path, one batch at a time on
one thread, while the second core is partly idle. A second thread would
not help: the Hyperscan binding takes the GIL back for every match it
reports (2.3 M there). A helper has an interpreter of its own; the
reading process writes it every other batch over a pipe and reads the
categories back (read.scan._TurnClassifier), so both cores classify.

The protocol is frames of length-prefixed parts on the helper's stdin and
stdout: first the patterns (no files are read: the helper classifies with
exactly the rules the reader loaded), then one frame per batch, answered
by one frame of categories (int8, one per turn) or an error. Anything
unexpected (the helper cannot start, dies, answers out of turn) makes
classify() return None: the caller classifies that batch and the rest
itself, and the report is the same.
"""
from __future__ import annotations

import json
import os
import struct
import sys
import time
from typing import Mapping

import numpy as np

from codeburn.classify.ruleset import Pattern, RuleSet

MAGIC = b"CBCLS1"
COUNT = struct.Struct("<I")
LENGTH = struct.Struct("<Q")
# The environment a helper's Matcher.build reads (where compiled databases are kept).
ENV_KEYS = ("CODEBURN_CACHE_DIR", "XDG_CACHE_HOME", "HOME")
# A batch is written and answered in milliseconds (the first after the
# helper's start-up, ~0.3 s; a hundred times slower on a starved host is
# still 2 s); a helper silent this long is taken for hung and ended, and
# the batch it held waits no longer than that for the reading process.
ANSWER_SECONDS = 20.0
# The columns of a batch as the reader's Scanner.turns_since gives them.
DTYPES = (np.uint32, np.uint8, np.int64, np.int32)  # flags, class, offset, length


def wanted(environ: Mapping[str, str], jobs: int) -> bool:
    """Whether a scan may classify in a helper: CODEBURN_CLASSIFY_PROCESS=0
    never, 1 always (tests), else with more than one job (the helper is one
    core's work)."""
    setting = environ.get("CODEBURN_CLASSIFY_PROCESS", "")
    if setting in ("0", "1"):
        return setting == "1"
    return jobs > 1


def forced(environ: Mapping[str, str]) -> bool:
    return environ.get("CODEBURN_CLASSIFY_PROCESS", "") == "1"


class Offload:
    """The reading process's side: one helper, asked one batch at a time,
    in order, from one thread. Its pipes are non-blocking and every batch
    has ANSWER_SECONDS in all to be written and answered: a helper that
    stops reading, stalls mid-answer or answers nonsense is ended, never
    waited on."""

    def __init__(self, proc):
        self.proc = proc
        for fd in (proc.stdin.fileno(), proc.stdout.fileno()):
            os.set_blocking(fd, False)
        _widen(proc.stdin.fileno())

    @classmethod
    def start(cls, rules: RuleSet, environ: Mapping[str, str]) -> "Offload | None":
        """A helper for these rules, already loading its databases while
        the caller goes on; None when it cannot be started (or this system
        has no poll() to bound the waits)."""
        import select
        import subprocess

        if not sys.executable or not hasattr(select, "poll"):
            return None
        config = json.dumps({
            "digest": rules.digest,
            "patterns": [[p.id, p.role, p.regex, p.where] for p in rules.category_patterns],
            "env": {k: environ[k] for k in ENV_KEYS if environ.get(k)},
        }).encode()
        try:
            proc = subprocess.Popen([sys.executable, "-m", "codeburn.classify.offload"], stdin=subprocess.PIPE,
                                    stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, close_fds=True,
                                    env=_child_env())
        except (OSError, ValueError):
            return None
        helper = cls(proc)
        if not helper._send(_frame([MAGIC, config]), time.monotonic() + ANSWER_SECONDS):
            return None
        return helper

    def classify(self, flags: np.ndarray, cls: np.ndarray, off: np.ndarray, ln: np.ndarray,
                 arenas: list[tuple[bytes, int]]) -> np.ndarray | None:
        """The batch's categories (int8 per turn), or None (and the helper
        ended) on any failure."""
        if self.proc is None:
            return None
        deadline = time.monotonic() + ANSWER_SECONDS
        n = int(flags.size)
        header = json.dumps({"n": n, "bases": [int(base) for _, base in arenas]}).encode()
        columns = [np.ascontiguousarray(a, dtype=t) for a, t in zip((flags, cls, off, ln), DTYPES)]
        if not self._send(_frame([header, *columns, *(arena for arena, _ in arenas)]), deadline):
            return None
        answer = self._answer(n, deadline)
        if answer is None:
            self.close()
            return None
        return answer

    def _answer(self, n: int, deadline: float) -> np.ndarray | None:
        """The categories of a batch of n turns, read as "ok" and n valid
        category indexes, within the deadline; None for anything else."""
        from codeburn.classify.categories import CATEGORIES

        head = self._recv(COUNT.size + LENGTH.size, deadline)
        if head is None or COUNT.unpack_from(head)[0] != 2 or LENGTH.unpack_from(head, COUNT.size)[0] != 2:
            return None
        status = self._recv(2 + LENGTH.size, deadline)
        if status is None or status[:2] != b"ok" or LENGTH.unpack_from(status, 2)[0] != n:
            return None
        body = self._recv(n, deadline)
        if body is None:
            return None
        categories = np.frombuffer(body, dtype=np.int8).copy()
        if n and (int(categories.min()) < 0 or int(categories.max()) >= len(CATEGORIES)):
            return None
        return categories

    def _send(self, chunks: list, deadline: float) -> bool:
        """Writes every chunk before the deadline; False (the helper ended)
        if it went away or stopped reading."""
        fd = self.proc.stdin.fileno()
        for chunk in chunks:
            view = memoryview(chunk).cast("B")
            while view.nbytes:
                try:
                    done = os.write(fd, view)
                except BlockingIOError:
                    done = 0
                except OSError:   # (a broken pipe: the helper is gone)
                    self.close()
                    return False
                view = view[done:]
                if view.nbytes and not _wait(fd, "out", deadline):
                    self.close()
                    return False
        return True

    def _recv(self, n: int, deadline: float) -> bytes | None:
        """Exactly n bytes of the answer before the deadline, else None."""
        fd = self.proc.stdout.fileno()
        out = bytearray()
        while len(out) < n:
            try:
                got = os.read(fd, n - len(out))
            except BlockingIOError:
                got = None
            except OSError:
                return None
            if got == b"":   # (the helper closed its end)
                return None
            if got:
                out += got
            elif not _wait(fd, "in", deadline):
                return None
        return bytes(out)

    def close(self) -> None:
        """Ends the helper: its input closes, so it exits; one that does not
        within a second is killed."""
        import subprocess

        proc, self.proc = self.proc, None
        if proc is None:
            return
        for stream in (proc.stdin, proc.stdout):
            try:
                stream.close()
            except OSError:
                pass
        try:
            proc.wait(timeout=1)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()

    def __del__(self):
        if getattr(self, "proc", None) is not None:
            self.close()


# A pipe this large takes a batch (about a megabyte of prompts) in a write
# or two: with the default 64 KiB, writing one cost ~30 waits for the helper
# to drain it (1.6 s of system time over a 2.5 GB Cursor store).
PIPE_BYTES = 1 << 20


def _widen(fd: int) -> None:
    """The pipe's buffer to PIPE_BYTES where the system allows (Linux)."""
    import fcntl

    try:
        fcntl.fcntl(fd, getattr(fcntl, "F_SETPIPE_SZ", 1031), PIPE_BYTES)
    except OSError:
        pass   # (over /proc/sys/fs/pipe-max-size, or not Linux: the default, slower)


def _frame(parts: list) -> list:
    """A frame's chunks: the count, then each part's length and bytes."""
    out = [COUNT.pack(len(parts))]
    for part in parts:
        view = memoryview(part).cast("B")
        out += [LENGTH.pack(view.nbytes), view]
    return out


def _wait(fd: int, way: str, deadline: float) -> bool:
    """Whether fd became readable ("in") or writable ("out"), or its other
    end closed, before the deadline."""
    import select

    left = deadline - time.monotonic()
    if left <= 0:
        return False
    poller = select.poll()
    poller.register(fd, (select.POLLIN if way == "in" else select.POLLOUT) | select.POLLHUP | select.POLLERR)
    try:
        return bool(poller.poll(max(1, int(left * 1000))))
    except (OSError, ValueError):
        return False


def _child_env() -> dict[str, str]:
    """The helper runs this very package: the interpreter's path to it goes
    first on its PYTHONPATH (the user's own sys.path changes do not reach
    a child otherwise)."""
    env = dict(os.environ)
    here = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
    env["PYTHONPATH"] = os.pathsep.join([here] + ([env["PYTHONPATH"]] if env.get("PYTHONPATH") else []))
    env.pop("PYTHONSTARTUP", None)
    return env


def _write_frame(stream, parts: list) -> None:
    for chunk in _frame(parts):
        stream.write(chunk)
    stream.flush()


def _read_exact(stream, n: int) -> bytes | None:
    data = stream.read(n) if n else b""
    return data if len(data) == n else None


# The most parts and bytes a frame may declare (a batch is a few MB).
MAX_PARTS = 64
MAX_PART_BYTES = 1 << 30


def _read_frame(stream) -> list[bytes] | None:
    """The parts of the next frame (the helper's input); None at the end of
    the stream, on a torn frame, or on one declaring more than it may."""
    try:
        head = _read_exact(stream, COUNT.size)
        if head is None or COUNT.unpack(head)[0] > MAX_PARTS:
            return None
        parts = []
        for _ in range(COUNT.unpack(head)[0]):
            size = _read_exact(stream, LENGTH.size)
            if size is None or LENGTH.unpack(size)[0] > MAX_PART_BYTES:
                return None
            part = _read_exact(stream, LENGTH.unpack(size)[0])
            if part is None:
                return None
            parts.append(part)
        return parts
    except (OSError, ValueError, OverflowError, MemoryError):
        return None


def serve(inp, out) -> int:
    """The helper's loop: the rules, then a batch per frame until the input ends."""
    from codeburn.classify.categories import categorize, class_matchers

    first = _read_frame(inp)
    if not first or len(first) != 2 or first[0] != MAGIC:
        return 2
    config = json.loads(first[1])
    rules = RuleSet([Pattern(*p) for p in config["patterns"]], {}, "", {}, config["digest"])
    matchers = class_matchers(rules, config["env"])
    while (parts := _read_frame(inp)) is not None:
        try:
            header = json.loads(parts[0])
            n = header["n"]
            flags, cls, off, ln = (np.frombuffer(p, dtype=t, count=n) for p, t in zip(parts[1:5], DTYPES))
            arenas = list(zip(parts[5:], header["bases"]))
            categories = categorize(matchers, flags, cls, off, ln, arenas)
            _write_frame(out, [b"ok", np.ascontiguousarray(categories, dtype=np.int8)])
        except Exception as exc:  # the reading process classifies this batch itself
            _write_frame(out, [b"error", repr(exc).encode()])
    return 0


def main() -> int:
    # The answers go to the pipe the reading process holds; anything else
    # this interpreter might print goes to stderr, not into the answers.
    out = os.fdopen(os.dup(1), "wb")
    os.dup2(2, 1)
    try:
        return serve(sys.stdin.buffer, out)
    except (KeyboardInterrupt, BrokenPipeError):
        return 0


if __name__ == "__main__":
    sys.exit(main())
