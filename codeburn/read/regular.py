"""Input files are read only when they are regular files.

A FIFO, socket or device where a tool's log, sidecar or store was expected
would block a plain open() or read() for ever (a FIFO with no writer) or
never end (/dev/zero): such a path is opened without blocking to find out
what it is, and refused as "not a regular file", which the reader names in
its one warning like any other file it could not read.
"""
from __future__ import annotations

import errno
import os
import stat
from typing import BinaryIO

NOT_REGULAR = "not a regular file"
_FLAGS = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_CLOEXEC", 0) | getattr(os, "O_BINARY", 0)


def file_size(path: str) -> int:
    """The size of `path` (what stat says: no open), 0 when it cannot be
    stat'ed (the read names it then)."""
    try:
        return os.stat(path).st_size
    except (OSError, ValueError):
        return 0


def open_fd(path: str, blocking: bool = True) -> int:
    """A descriptor of `path` opened for reading; OSError when it cannot be,
    is a folder (EISDIR) or is no regular file (strerror NOT_REGULAR).
    Reads then block as usual (a network or FUSE file system may honour
    O_NONBLOCK on a regular file), unless not `blocking` (a sniff of a
    file in /sys that never ends: tracefs' trace_pipe is "regular")."""
    fd = os.open(path, _FLAGS)
    try:
        check(os.fstat(fd).st_mode, path)
        if blocking and hasattr(os, "set_blocking"):
            os.set_blocking(fd, True)
    except BaseException:
        os.close(fd)
        raise
    return fd


def open_regular(path: str, blocking: bool = True) -> BinaryIO:
    """`path` opened for reading in binary mode (OSError as open_fd)."""
    fd = open_fd(path, blocking)
    try:
        return os.fdopen(fd, "rb")
    except BaseException:
        os.close(fd)
        raise


def is_special(path: str) -> bool:
    """Whether something other than a regular file or a folder is at `path`
    (following links); False when nothing is there."""
    try:
        mode = os.stat(path).st_mode
    except (OSError, ValueError):
        return False
    return special(mode)


def special(mode: int) -> bool:
    """Whether a mode is neither a regular file's nor a folder's (a FIFO,
    a socket, a device)."""
    return not (stat.S_ISREG(mode) or stat.S_ISDIR(mode))


def check(mode: int, path: str) -> None:
    """OSError unless `mode` is a regular file's (EISDIR for a folder)."""
    if stat.S_ISDIR(mode):
        raise IsADirectoryError(errno.EISDIR, os.strerror(errno.EISDIR), path)
    if not stat.S_ISREG(mode):
        raise OSError(errno.EINVAL, NOT_REGULAR, path)


def io_message(err: int) -> str:
    """The reason shown for a compiled read's error code (an errno, or the
    reader's own code for a path that is no regular file)."""
    from codeburn._fast.reader import IO_NOT_REGULAR

    return NOT_REGULAR if err == IO_NOT_REGULAR else os.strerror(err)
