"""Writing the files a user asked for (exports, the settings file): through a
temporary file in the same directory and a rename, so a reader sees the old
file or the new one, never half of one. Unlike the cache writer
(cachedir.write_atomic), a failure here is the user's business: it raises
Failure naming the path, and the old file is left untouched."""
from __future__ import annotations

import os
import shutil
import stat
import tempfile

from codeburn.errors import Failure
from codeburn.read.regular import special


def check_parent(path: str) -> None:
    """A path in a directory that does not exist is refused, not created:
    a typo in -o must not leave a new directory tree behind."""
    parent = os.path.dirname(os.path.abspath(path))
    if not os.path.isdir(parent):
        raise Failure(f"directory {parent} does not exist")


def replace_file(path: str, data, mode: int | None = None) -> None:
    """`path` now holds `data` (bytes, or a list of bytes-like parts written
    one after the other). `mode`: the new file's permissions (else those of
    the file it replaces, else the umask's default, as for any file the user
    creates). A path that names no regular file or folder (a device, a
    FIFO, /dev/stdout) is written to as it is: a rename would put a plain
    file in the place of /dev/null."""
    parts = data if isinstance(data, list) else [data]
    try:
        st = os.stat(path)
    except OSError:
        st = None
    if st is not None and special(st.st_mode):
        _write_in_place(path, parts)
        return
    if mode is None and st is not None and stat.S_ISREG(st.st_mode):
        mode = stat.S_IMODE(st.st_mode)  # a private report stays private
    directory = os.path.dirname(os.path.abspath(path))
    try:
        fd, tmp = tempfile.mkstemp(prefix="." + os.path.basename(path) + ".", suffix=".tmp", dir=directory)
    except OSError as exc:
        raise Failure(f"cannot write {path}: {exc.strerror or exc}") from None
    try:
        with os.fdopen(fd, "wb") as f:
            os.fchmod(f.fileno(), mode if mode is not None else 0o666 & ~_umask())
            for part in parts:
                f.write(part)
            f.flush()
            os.fsync(f.fileno())
        os.replace(tmp, path)
    except OSError as exc:
        _discard(tmp)
        raise Failure(f"cannot write {path}: {exc.strerror or exc}") from None


def replace_dir(path: str, files: dict[str, bytes]) -> None:
    """`path` becomes a directory holding exactly `files`: they are written
    into a sibling temporary directory which then takes the place of the old
    one, so a failed write leaves the old directory as it was."""
    parent = os.path.dirname(os.path.abspath(path))
    try:
        tmp = tempfile.mkdtemp(prefix="." + os.path.basename(path) + ".", suffix=".tmp", dir=parent)
    except OSError as exc:
        raise Failure(f"cannot write {path}: {exc.strerror or exc}") from None
    try:
        os.chmod(tmp, 0o777 & ~_umask())
        for name, data in files.items():
            with open(os.path.join(tmp, name), "wb") as f:
                f.write(data)
    except OSError as exc:
        shutil.rmtree(tmp, ignore_errors=True)
        raise Failure(f"cannot write {path}: {exc.strerror or exc}") from None
    old = None
    try:
        if os.path.isdir(path):
            old = tempfile.mkdtemp(prefix="." + os.path.basename(path) + ".", suffix=".old", dir=parent)
            os.rename(path, os.path.join(old, "x"))
        os.rename(tmp, path)
    except OSError as exc:
        if old and not os.path.exists(path):
            os.rename(os.path.join(old, "x"), path)  # put the old one back
        shutil.rmtree(tmp, ignore_errors=True)
        raise Failure(f"cannot write {path}: {exc.strerror or exc}") from None
    finally:
        if old:
            shutil.rmtree(old, ignore_errors=True)


def _write_in_place(path: str, parts: list) -> None:
    try:
        with open(path, "wb") as f:
            for part in parts:
                f.write(part)
    except OSError as exc:
        raise Failure(f"cannot write {path}: {exc.strerror or exc}") from None


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


def _discard(path: str) -> None:
    try:
        os.unlink(path)
    except OSError:
        pass
