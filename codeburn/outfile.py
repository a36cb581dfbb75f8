"""Files the user asks for (`-o PATH`): written whole or not at all, with
the permissions of the file they replace (else those any new file of
theirs gets). Unlike the cache writer, a failure here is the command's
failure (exit 1, the reason named)."""
from __future__ import annotations

import os


def write_text(path: str, text: str) -> None:
    """Writes through a temporary file beside `path` and a rename, so a
    reader of `path` (a mailer, a web server) never sees half a report; a
    symlink is written through (its target replaced), and a device or FIFO
    (/dev/stdout, a named pipe) is written to as it is (files.replace_file).
    Failure (exit 1, one line) when it cannot: a folder of that name, a
    name too long, no such folder, no permission, a full disk."""
    from codeburn.errors import Failure
    from codeburn.files import replace_file
    from codeburn.read.regular import is_special

    if os.path.isdir(path):
        raise Failure(f"cannot write {path}: Is a directory")
    target = path if is_special(path) else os.path.realpath(path)
    replace_file(target, text.encode("utf-8", "backslashreplace"))
