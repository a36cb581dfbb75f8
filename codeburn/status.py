"""Process exit statuses."""
from enum import IntEnum


class ExitStatus(IntEnum):
    OK = 0
    ERROR = 1         # runtime failure
    USAGE = 2         # the user's command line was wrong
    INTERRUPTED = 130  # Ctrl-C
