"""Escaping for the markup renderers. Everything a log holds (project names
and paths, model, tool, command, server and agent names, session ids, the
file names in warnings) may be hostile, so each goes through one of these
on its way into HTML, SVG or markdown."""
from __future__ import annotations

import html
import re

from codeburn.safetext import visible

# CommonMark lets any ASCII punctuation be backslash-escaped; these are the
# ones that start markup inside a table cell (emphasis, code, links, images,
# raw HTML, entities, cell separators, strikethrough).
_MD_SPECIAL = re.compile(r"([\\`*_\[\]<>|~&!#])")


def clean(value: object) -> str:
    """Controls, bidi overrides and undecodable bytes shown escaped (`\\x1b`),
    as the text report shows them: a page then reads as the log holds it."""
    return visible(str(value))


def esc(value: object) -> str:
    """Text as HTML/SVG character data or a double-quoted attribute value."""
    return html.escape(clean(value), quote=True)


def md(value: object) -> str:
    """Text as literal markdown inside a table cell or a line: markup
    characters are backslash-escaped (line breaks are already `\\n`)."""
    return _MD_SPECIAL.sub(r"\\\1", clean(value))
