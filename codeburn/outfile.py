"""Files the user asks for (`-o PATH`): written whole or not at all, with
the permissions any new file of theirs gets. Unlike the cache writer, a
failure here is the command's failure (exit 1, the reason named)."""
from __future__ import annotations

import os
import tempfile


def write_text(path: str, text: str) -> None:
    """Writes through a temporary file beside `path` and a rename, so a
    reader of `path` (a mailer, a web server) never sees half a report.
    Failure (exit 1, one line) when it cannot: a folder of that name, a
    name too long, no such folder, no permission, a full disk."""
    from codeburn.errors import Failure

    try:
        _write(path, text)
    except OSError as exc:
        raise Failure(f"cannot write {path}: {exc.strerror or exc}") from exc


def _write(path: str, text: str) -> None:
    path = os.path.realpath(path)  # a symlink is written through (its target replaced), not replaced by a file
    directory = os.path.dirname(path)
    fd, tmp = tempfile.mkstemp(prefix=".codeburn-", suffix=".tmp", dir=directory)
    try:
        with os.fdopen(fd, "w", encoding="utf-8", errors="backslashreplace", newline="") as f:
            f.write(text)
            f.flush()
            os.fsync(f.fileno())
        os.chmod(tmp, 0o666 & ~_umask())  # mkstemp makes it 0600
        os.replace(tmp, path)
    except BaseException:
        try:
            os.unlink(tmp)
        except OSError:
            pass
        raise


def _umask() -> int:
    mask = os.umask(0o022)
    os.umask(mask)
    return mask
