"""Progress of a long read on a terminal's stderr: files and bytes done and
the rate, redrawn in place. Silent for the first second (most runs end
sooner) and whenever stderr is not a terminal (pipelines, cron)."""
from __future__ import annotations

import time
from typing import TextIO

DELAY_S = 1.0
EVERY_S = 0.2


class Progress:
    def __init__(self, stream: TextIO, files: int, total_bytes: int, clock=time.monotonic):
        self.stream, self.files, self.total = stream, files, total_bytes
        self.clock = clock
        self.start = self.last = clock()
        self.shown = False

    def update(self, files_done: int, bytes_done: int) -> None:
        now = self.clock()
        if now - self.start < DELAY_S or now - self.last < EVERY_S:
            return
        self.last = now
        rate = bytes_done / max(now - self.start, 1e-9) / 1e6
        self.stream.write(f"\r  reading {files_done:,}/{self.files:,} files  {_mb(bytes_done)} / {_mb(self.total)}"
                          f"  {rate:,.0f} MB/s ")
        self.stream.flush()
        self.shown = True

    def done(self) -> None:
        if self.shown:  # leave the terminal as it was
            self.stream.write("\r\033[K")
            self.stream.flush()


def _mb(n: int) -> str:
    return f"{n / 1e9:.1f} GB" if n >= 1e9 else f"{n / 1e6:.0f} MB"
