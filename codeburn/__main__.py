"""`python -m codeburn` and the `codeburn` console script."""
import atexit
import os
import sys
import threading

EXIT_INTERRUPTED = 130  # codeburn.status.ExitStatus.INTERRUPTED, without importing the package yet


def main() -> int:
    # numpy's OpenBLAS starts a thread per core that spins for a while; we
    # never multiply matrices, and on a 2-core machine those threads took
    # 0.1 s of CPU per run from the reader's (measured on 535 MB).
    os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")
    # A closed stdout or stderr (`codeburn … >&-`) is None to Python: what
    # would go there goes nowhere, as when the reader of a pipe has left.
    if sys.stdout is None:
        sys.stdout = open(os.devnull, "w")
    if sys.stderr is None:
        sys.stderr = open(os.devnull, "w")
    try:
        from codeburn.cli import main as cli_main
    except KeyboardInterrupt:  # Ctrl-C while the modules load: the usual quiet exit
        _leave(EXIT_INTERRUPTED)
        return EXIT_INTERRUPTED

    # Names from undecodable file names reach text output as lone
    # surrogates: escape them instead of failing in a strict locale.
    for stream in (sys.stdout, sys.stderr):
        try:
            stream.reconfigure(errors="backslashreplace")
        except (AttributeError, ValueError):
            pass

    status = cli_main()
    try:
        try:
            sys.stdout.flush()
        except BrokenPipeError:
            # `codeburn … | head`: the reader left; exit quietly, and keep Python
            # from complaining when it flushes stdout again at exit.
            os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        _leave(status)
    except KeyboardInterrupt:  # Ctrl-C as the command ends: it is over, quietly
        os._exit(EXIT_INTERRUPTED)
    return status


def _leave(status: int) -> None:
    """Ends the process now that the command is over and its files are
    written: the interpreter's own teardown (a last full pass of the cyclic
    collector, every module's objects freed one by one) took 35-60 ms of a
    dense 524 MB report and more at 2 GB, for memory the system takes back
    at once. Exit handlers still run. A thread that is not a daemon is
    still at work (nothing of ours is, once the command returns): then the
    usual exit waits for it."""
    if any(t.is_alive() and not t.daemon for t in threading.enumerate() if t is not threading.main_thread()):
        return
    atexit._run_exitfuncs()
    for stream in (sys.stdout, sys.stderr):
        try:
            stream.flush()
        except (OSError, ValueError):
            pass
    os._exit(status)


if __name__ == "__main__":
    sys.exit(main())
