"""Categories of turns already classified, kept beside the file cache.

A turn's category is a function of its tool flags and its prompt (the rules
fixed): the keyword scan only reads the prompt, and which roles it looks for
follows from the flags. So a warm run, whose turns are those of the last
run, looks each (flags, prompt hash) up here and skips the Hyperscan scan
of a batch whose turns are all known (35 ms of a 0.28 s warm report at
535 MB). The file is named by the rules digest and this module's version,
so edited rules or a changed classifier never meet old entries; a damaged
file is named in a warning and rebuilt.
"""
from __future__ import annotations

import os
import struct
import zlib

import numpy as np

from codeburn.cache.cachedir import open_kept, write_atomic

VERSION = 2          # bump when the classifier decides differently for the same inputs (2: ASCII-only caseless)
MAGIC = b"CBTURN01"
HEAD = struct.Struct("<8sQI")  # magic, entries, crc of keys and categories
SPREAD = np.uint64(0x9E3779B97F4A7C15)  # spreads the flags over the key's bits


def turn_keys(flags: np.ndarray, text_hash: np.ndarray) -> np.ndarray:
    """One 64-bit key per turn from its tool flags and prompt hash."""
    return text_hash.astype(np.uint64) ^ (flags.astype(np.uint64) * SPREAD)


class TurnMemo:
    def __init__(self, directory: str, digest: str, root: str | None = None):
        self.path = os.path.join(directory, f"turns-{digest}-v{VERSION}.cbm")
        self.root = root  # the cache dir above `directory`, kept 0700 with it
        self.keys = np.zeros(0, np.uint64)   # sorted, distinct
        self.cats = np.zeros(0, np.int8)
        self.seen_keys: list[np.ndarray] = []  # this run's turns: what the next file keeps
        self.seen_cats: list[np.ndarray] = []
        self.missed = False
        self.corrupt = False
        self._read()

    def _read(self) -> None:
        try:
            with open_kept(self.path) as f:
                data = f.read()
        except OSError:
            return
        try:
            magic, n, crc = HEAD.unpack_from(data)
            body = memoryview(data)[HEAD.size:]
            if magic != MAGIC or len(body) != n * 9 or zlib.crc32(body) != crc:
                raise ValueError("not a turn memo")
            keys = np.frombuffer(body[:n * 8], np.uint64)
            cats = np.frombuffer(body[n * 8:], np.int8)
            if n and (np.any(keys[1:] <= keys[:-1]) or cats.min() < 0):
                raise ValueError("keys out of order or a negative category")
        except (ValueError, struct.error):
            self.corrupt = True
            return
        self.keys, self.cats = keys, cats

    def lookup(self, keys: np.ndarray) -> tuple[np.ndarray, bool]:
        """(category per key, whether every key was known)."""
        if not self.keys.size:
            return np.zeros(keys.size, np.int8), not keys.size
        at = np.minimum(np.searchsorted(self.keys, keys), self.keys.size - 1)
        known = self.keys[at] == keys
        return self.cats[at], bool(known.all())

    def remember(self, keys: np.ndarray, cats: np.ndarray, missed: bool) -> None:
        self.seen_keys.append(keys)
        self.seen_cats.append(cats)
        self.missed = self.missed or missed

    def save(self) -> None:
        """Keeps this run's turns, when any was new (or the file was bad)."""
        if not (self.missed or self.corrupt):
            return
        keys = np.concatenate(self.seen_keys) if self.seen_keys else np.zeros(0, np.uint64)
        cats = np.concatenate(self.seen_cats) if self.seen_cats else np.zeros(0, np.int8)
        keys, first = np.unique(keys, return_index=True)
        body = keys.astype("<u8").tobytes() + cats[first].astype(np.int8).tobytes()
        write_atomic(self.path, [HEAD.pack(MAGIC, keys.size, zlib.crc32(body)), body], root=self.root)

    def warnings(self) -> list[str]:
        if not self.corrupt:
            return []
        from codeburn.read.scan import shown

        return [f"1 cache file could not be used (corrupt), rebuilt: {shown(self.path)}"]
