"""Memory-growth check: scan the same corpus many times in one process and
print the resident set after each pass. A leak in the compiled reader (an
arena not freed, a Python object kept per line) shows as RSS that climbs
with the pass number; a sound reader settles after the first pass.

    python bench/repeat_scan.py CORPUS_DIR [PASSES] [--codex] [--jobs N] [--cache DIR]

--jobs N decodes with N threads; --cache DIR reads through the file cache
kept in DIR (pass 1 fills it, later passes load the decoded files).
The allocator is set up as the CLI sets it (fixed mmap threshold);
--glibc-default leaves glibc's sliding threshold, to see what that costs.
"""
from __future__ import annotations

import gc
import resource
import sys

from codeburn._fast.reader import fix_mmap_threshold
from codeburn.cache.filecache import FileCache
from codeburn.providers import claude, codex
from codeburn.providers.base import Walker
from codeburn.read.scan import scan_sources


def rss_mb() -> float:
    """Current (not peak) resident set, from /proc: the peak cannot fall, so
    it would hide whether memory is handed back between passes."""
    with open("/proc/self/statm") as f:
        pages = int(f.read().split()[1])
    return pages * 4096 / 2**20


def peak_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # KiB on Linux


def sources_of(root: str, use_codex: bool) -> list:
    walker = Walker()
    if use_codex:
        return list(codex.discover({"CODEX_HOME": root}, "/nonexistent", walker))
    return list(claude.discover({"CLAUDE_CONFIG_DIR": root}, "/nonexistent", walker))


def option(argv: list[str], name: str) -> str | None:
    return argv[argv.index(name) + 1] if name in argv else None


def main(argv: list[str]) -> int:
    if not argv or argv[0].startswith("-"):
        print(__doc__)
        return 0 if argv[:1] in (["-h"], ["--help"]) else 2
    root = argv[0]
    passes = int(argv[1]) if len(argv) > 1 and argv[1].isdigit() else 10
    jobs = int(option(argv, "--jobs") or 1)
    cache_dir = option(argv, "--cache")
    if "--glibc-default" not in argv:
        fix_mmap_threshold()
    sources = sources_of(root, "--codex" in argv)
    readings = []
    for n in range(1, passes + 1):
        cache = FileCache(cache_dir) if cache_dir else None
        result = scan_sources(sources, jobs=jobs, cache=cache)  # saves the cache itself
        del cache
        calls = result.stats["calls"]
        del result
        gc.collect()
        readings.append(rss_mb())
        if n == 1:
            first_peak = peak_mb()
        print(f"pass {n:3d}: {calls} calls, RSS {readings[-1]:.1f} MB", flush=True)
    # RSS swings by several MB between passes as the allocator keeps or
    # returns freed blocks, so single readings say little. A sound reader
    # never holds more after a pass than it needed during the first one; a
    # leak passes that bound sooner or later, and the overall peak keeps rising.
    later = readings[1:]
    if later:
        print(f"peak during pass 1 {first_peak:.1f} MB; after passes 2-{passes}: "
              f"highest {max(later):.1f} MB, last {later[-1]:.1f} MB; "
              f"peak of the whole run {peak_mb():.1f} MB")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
