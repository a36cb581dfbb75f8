"""Cache files written in a thread of their own while the command goes on
(the kept scan): the report is made meanwhile. Each such thread is not a
daemon, so a process that ends first waits for it and no file is left half
made; a command waits for all of them at its end (cli.main), so that a
second command in the same process finds the files.
"""
from __future__ import annotations

import threading

_PENDING: list["Later"] = []


class Later:
    """fn(*args) run in a thread of its own; result() waits for it."""

    def __init__(self, fn, *args, name: str | None = None):
        self._value = None
        self._error: BaseException | None = None
        self._thread = threading.Thread(target=self._run, args=(fn, args), name=name)
        self._thread.start()
        _PENDING[:] = [p for p in _PENDING if p._thread.is_alive()]  # a dashboard writes once per refresh
        _PENDING.append(self)

    def _run(self, fn, args) -> None:
        try:
            self._value = fn(*args)
        except BaseException as exc:  # handed to whoever asks (result)
            self._error = exc

    def result(self):
        """Waits for fn: what it returned, or raises what it raised."""
        self._thread.join()
        if self in _PENDING:
            _PENDING.remove(self)
        if self._error is not None:
            raise self._error
        return self._value


def finish_pending() -> None:
    """Waits for every write started and not yet waited for."""
    while _PENDING:
        try:
            _PENDING[0].result()
        except OSError:
            pass  # only a cache: not kept
