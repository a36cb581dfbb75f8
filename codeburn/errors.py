"""Errors a user can cause (exit 2, one line) versus runtime failures (exit 1)."""
from __future__ import annotations


class UsageError(Exception):
    """A mistake in the command line or its environment: one line and a hint."""

    def __init__(self, message: str, hint: str | None = None):
        super().__init__(message)
        self.message = message
        self.hint = hint


class Failure(Exception):
    """A runtime failure the user can act on (a file that cannot be written,
    a refused overwrite): one line, exit 1, no traceback."""

    def __init__(self, message: str):
        super().__init__(message)
        self.message = message
