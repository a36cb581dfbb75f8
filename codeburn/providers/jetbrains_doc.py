"""What one turn document of a Copilot JetBrains store says (spec providers
§4.2): its reply, the model it names and the git repository of the files it
names. A document is bytes as the store holds them (read as the reference
reads the file: one byte, one latin1 character).
"""
from __future__ import annotations

import os
import posixpath
import re

from codeburn.jstext import JS_SPACE
from codeburn.lazyre import lazy
from codeburn.providers import logfiles
from codeburn.providers import nitrite_scan as scan

# Model names the plugin writes, most particular first (gpt-4.1-mini before gpt-4.1).
MODELS = ("claude-opus-4.5", "claude-opus-4.1", "claude-opus-4", "claude-sonnet-4.5", "claude-sonnet-4",
          "gpt-5.3-codex", "gpt-5.3", "gpt-5.2", "gpt-5.1", "gpt-5-mini", "gpt-5", "gpt-4.1-mini", "gpt-4.1-nano",
          "gpt-4.1", "gpt-4o-mini", "gpt-4o", "gemini-2.5-pro", "gemini-2.0-flash", "o3-mini", "o4-mini", "o3")
MODEL_RANK = {m.encode(): i for i, m in enumerate(MODELS)}
MODEL_RE = lazy(rb"(?<![A-Za-z0-9])(?:" + b"|".join(re.escape(m.encode()) for m in MODELS) + rb")(?![A-Za-z0-9])")
MODEL_STARTS = (b"claude-", b"gpt-", b"gemini-", b"o3", b"o4")   # how every name begins: found by plain search
ERROR_RE = lazy(rb'error occurred|"isError":true|\\+"status\\+":\\+"(?:error|failed)\\+"', re.I)
FILE_RE = lazy(rb'file://(/[^"\\]+)[\\"]')
ESCAPES_RE = lazy(rb"(?:%[0-9A-Fa-f]{2})+")
UNESCAPE_RE = lazy(rb'\\([\\"])')
ESCAPE_DEPTH = 8


# --- the model -------------------------------------------------------------------

def model_id(name: str) -> str:
    """Claude names are written with dots (claude-opus-4.5); prices know them with dashes."""
    return name.replace(".", "-") if name.startswith("claude-") else name


def model_rank(buf: bytes, lo: int, hi: int) -> int:
    """The best rank of a model name starting in buf[lo:hi] (len(MODELS)
    if none). Every place a name may start is tried: no name can start
    inside another, so this is what one search of all names finds."""
    best = len(MODELS)
    for start in MODEL_STARTS:
        at = buf.find(start, lo, hi + len(start) - 1)
        while at >= 0 and best:
            m = MODEL_RE.match(buf, at)
            if m:
                best = min(best, MODEL_RANK[m.group()])
            at = buf.find(start, at + 1, hi + len(start) - 1)
    return best


def model(chunk: bytes) -> str:
    rank = model_rank(chunk, 0, len(chunk))
    return model_id(MODELS[rank]) if rank < len(MODELS) else ""



# --- a document's reply ----------------------------------------------------------------

def reply(chunk: bytes) -> str:
    """The reply text of a turn document: the records appear bare after some
    levels of unescaping; at the first level where they do, agent mode's
    `AgentRound` replies (its `Markdown` records are the user's prompt), else
    ask mode's `Markdown` texts. Decoded as UTF-8, as the plugin wrote it."""
    s = chunk
    for _ in range(ESCAPE_DEPTH):
        agent = b'"type":"AgentRound"' in s
        if agent or b'"type":"Markdown"' in s:
            texts = _record_strings(s, b'"type":"AgentRound"', "reply") if agent else \
                _record_strings(s, b'"type":"Markdown"', "text")
            units = "\n".join(texts).strip(JS_SPACE).encode("utf-16-le", "surrogatepass")[0::2]
            return units.decode("utf-8", "replace")   # each code unit's low byte, as latin1 re-encoding gives
        unescaped = b"".join(UNESCAPE_RE.split(s))   # each \\ or \" as its second byte, in one pass
        if unescaped == s:
            break
        s = unescaped
    return ""


def _record_strings(s: bytes, marker: bytes, field: str) -> list[str]:
    """The distinct non-empty `field` strings of the records `marker` opens:
    each record's `"data":"…"` (within 200 bytes) is a JSON document written
    as an escaped string, read to its closing quote and parsed twice."""
    out: list[str] = []
    for m in re.finditer(re.escape(marker), s):
        key = s.find(b'"data":"', m.start(), m.start() + 208)
        if key < 0:
            continue
        start = key + 8
        end = scan.STRING_BODY.match(s, start).end()
        if end < len(s) and s[end] != 0x22:
            end = len(s)   # a last lone backslash: no closing quote
        try:
            doc = logfiles.parse_json(logfiles.parse_json('"' + s[start:end].decode("latin-1") + '"'))
        except (ValueError, TypeError):
            continue
        text = doc.get(field) if isinstance(doc, dict) else None
        if isinstance(text, str) and text and text not in out:
            out.append(text)
    return out


# --- the repository of its files --------------------------------------------------------------

def project(chunk: bytes, repos: dict) -> str:
    """The repository (nearest folder above with a `.git`) of the first
    `file://` path in the document whose folder is in one; '' when none."""
    dirs: dict[bytes, None] = {}
    for m in FILE_RE.finditer(chunk):
        path = _uri_decoded(m.group(1))
        folder = path[:path.rfind(b"/")]
        if folder.startswith(b"/"):
            dirs.setdefault(folder)
    for folder in dirs:
        if folder not in repos:
            repos[folder] = _git_root(folder)   # per read: repositories come and go between runs
        repo = repos[folder]
        if repo:
            return repo
    return ""


def _git_root(folder: bytes) -> str:
    cur = folder
    for _ in range(40):
        if not cur or cur == b"/":
            break
        if os.path.exists(posixpath.normpath(cur + b"/.git")):
            return _js_basename(cur).decode("utf-8", "replace")
        parent = _js_dirname(cur)
        if parent == cur:
            break
        cur = parent
    return ""


def _js_basename(path: bytes) -> bytes:
    stripped = path.rstrip(b"/")
    return stripped[stripped.rfind(b"/") + 1:] if stripped else b""


def _js_dirname(path: bytes) -> bytes:
    """Node's path.posix.dirname: up to the last slash before the final
    name, trailing slashes ignored, slashes before it kept."""
    end = len(path.rstrip(b"/"))
    cut = path.rfind(b"/", 1, end) if end > 1 else -1
    if cut < 1:
        return b"/" if path.startswith(b"/") else b"."
    return path[:cut]


def _uri_decoded(raw: bytes) -> bytes:
    """%XX escapes decoded as decodeURIComponent does: every '%' must begin
    an escape and each run of escapes be UTF-8, else the path stays as it is."""
    runs = ESCAPES_RE.findall(raw)
    if not runs or raw.count(b"%") != sum(len(r) // 3 for r in runs):
        return raw
    from urllib.parse import unquote_to_bytes   # (urllib and ipaddress: 4 ms a run that reads no escape)

    try:
        return ESCAPES_RE.sub(lambda m: _utf8(unquote_to_bytes(m.group())), raw)
    except UnicodeDecodeError:
        return raw


def _utf8(data: bytes) -> bytes:
    data.decode("utf-8")   # raises when the escaped bytes are not UTF-8
    return data
