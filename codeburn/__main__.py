"""`python -m codeburn` and the `codeburn` console script."""
import os
import sys


def main() -> int:
    # numpy's OpenBLAS starts a thread per core that spins for a while; we
    # never multiply matrices, and on a 2-core machine those threads took
    # 0.1 s of CPU per run from the reader's (measured on 535 MB).
    os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")
    from codeburn.cli import main as cli_main

    # Names from undecodable file names reach text output as lone
    # surrogates: escape them instead of failing in a strict locale.
    for stream in (sys.stdout, sys.stderr):
        try:
            stream.reconfigure(errors="backslashreplace")
        except (AttributeError, ValueError):
            pass

    status = cli_main()
    try:
        sys.stdout.flush()
    except BrokenPipeError:
        # `codeburn … | head`: the reader left; exit quietly, and keep Python
        # from complaining when it flushes stdout again at exit.
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
    return status


if __name__ == "__main__":
    sys.exit(main())
