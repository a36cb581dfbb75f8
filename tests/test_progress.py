"""The progress line: silent for a second, then redrawn in place, cleared at the end."""
import io

from codeburn.read.progress import Progress


def test_progress_waits_a_second_then_redraws_and_clears():
    now = [100.0]
    out = io.StringIO()
    p = Progress(out, files=4, total_bytes=2_000_000_000, clock=lambda: now[0])
    now[0] = 100.5
    p.update(1, 500_000_000)
    assert out.getvalue() == ""           # under a second: nothing
    now[0] = 101.0
    p.update(2, 1_000_000_000)
    assert out.getvalue() == "\r  reading 2/4 files  1.0 GB / 2.0 GB  1,000 MB/s "
    now[0] = 101.1
    p.update(3, 1_100_000_000)             # under 0.2 s since the last line: not redrawn
    p.done()
    assert out.getvalue().endswith("\r\033[K")


def test_a_quick_run_prints_nothing():
    out = io.StringIO()
    p = Progress(out, files=1, total_bytes=10)
    p.update(1, 10)
    p.done()
    assert out.getvalue() == ""
