"""codeburn: where your AI coding money goes.

Reads the session logs AI coding assistants keep on disk, prices every API
call offline and reports spend by day, project, model, tool and session.
"""
from codeburn._version import __version__

__all__ = ["__version__"]
