"""Compiled kernels. Import errors here mean the package was not built."""
try:
    from codeburn._fast.reader import TS_NONE, Scanner, parse_iso_ms
    from codeburn._fast import agg
except ImportError as exc:  # pragma: no cover - only on a broken install
    raise ImportError(
        "codeburn's compiled kernels are missing; install the package with "
        "`pip install .` (a C++ compiler is needed) instead of running from the source tree"
    ) from exc

__all__ = ["Scanner", "TS_NONE", "parse_iso_ms", "agg"]
