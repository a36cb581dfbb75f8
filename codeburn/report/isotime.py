"""Epoch milliseconds as text, without numpy (renderers of kept outputs use it)."""
from __future__ import annotations

import datetime as dt

EPOCH = dt.datetime(1970, 1, 1, tzinfo=dt.timezone.utc)


def iso_ms(ms: int) -> str:
    """Epoch milliseconds as the logs (and Date#toISOString) write them: UTC, milliseconds, Z."""
    when = EPOCH + dt.timedelta(milliseconds=ms)  # exact, unlike ms / 1000 for far-off dates
    return when.isoformat(timespec="milliseconds").replace("+00:00", "Z")
