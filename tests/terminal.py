"""A program on a real pseudo-terminal, for the dashboard test and bench:
what it draws, how it exits."""
from __future__ import annotations

import fcntl
import os
import pty
import select
import struct
import subprocess
import termios
import time


def run_in_pty(argv: list[str], env: dict, on_output, size: tuple[int, int] = (120, 40),
               timeout: float = 60) -> tuple[int, bytes]:
    """Runs argv on a pseudo-terminal of size (columns, rows). As output
    arrives, on_output(everything so far, write, process) is called until it
    returns True (done sending input); then the program is waited for.
    Returns its exit status and everything it wrote."""
    master, slave = pty.openpty()
    fcntl.ioctl(slave, termios.TIOCSWINSZ, struct.pack("HHHH", size[1], size[0], 0, 0))
    proc = subprocess.Popen(argv, stdin=slave, stdout=slave, stderr=slave, env=env, close_fds=True,
                            start_new_session=True)
    os.close(slave)
    out, done, deadline = b"", False, time.monotonic() + timeout
    try:
        while time.monotonic() < deadline:
            if select.select([master], [], [], 0.01)[0]:
                try:
                    chunk = os.read(master, 65536)
                except OSError:  # EIO: the program closed the terminal
                    break
                if not chunk:
                    break
                out += chunk
            if not done:
                done = on_output(out, lambda b: os.write(master, b), proc)
            elif proc.poll() is not None:
                break
        return proc.wait(timeout=max(1.0, deadline - time.monotonic())), out
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait()
        os.close(master)
