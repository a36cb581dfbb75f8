"""Compiled kernels. Import errors here mean the package was not built.

The reader imports no numpy (its column getters do, when called), so
decoding threads can start while the rest of the program is still being
imported; `codeburn._fast.agg` is imported where it is used."""
try:
    from codeburn._fast.reader import TS_NONE, Scanner, parse_iso_ms
except ImportError as exc:  # pragma: no cover - only on a broken install
    raise ImportError(
        "codeburn's compiled kernels are missing; install the package with "
        "`pip install .` (a C++ compiler is needed) instead of running from the source tree"
    ) from exc

__all__ = ["Scanner", "TS_NONE", "parse_iso_ms"]
