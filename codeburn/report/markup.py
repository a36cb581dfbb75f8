"""Escaping for the markup renderers. Everything a log holds (project names
and paths, model, tool, command, server and agent names, session ids, the
file names in warnings) may be hostile, so each goes through one of these
on its way into HTML, SVG or markdown."""
from __future__ import annotations

import html
import re

# C0/C1 controls (but tab and newline), DEL, and lone surrogates left by
# undecodable file names: none belongs in a document or encodes as UTF-8.
_UNSAFE = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f\ud800-\udfff]")
# CommonMark lets any ASCII punctuation be backslash-escaped; these are the
# ones that start markup inside a table cell (emphasis, code, links, images,
# raw HTML, entities, cell separators, strikethrough).
_MD_SPECIAL = re.compile(r"([\\`*_\[\]<>|~&!#])")


def clean(value: object) -> str:
    return _UNSAFE.sub("\ufffd", str(value))


def esc(value: object) -> str:
    """Text as HTML/SVG character data or a double-quoted attribute value."""
    return html.escape(clean(value), quote=True)


def md(value: object) -> str:
    """Text as literal markdown inside a table cell or a line: markup
    characters are backslash-escaped and line breaks become spaces."""
    one_line = re.sub(r"[\r\n\t]+", " ", clean(value))
    return _MD_SPECIAL.sub(r"\\\1", one_line)
