"""The protobuf wire format, just enough to pick fields out of a message
without its schema (Antigravity's `gen_metadata` rows). Never raises on any
byte string: decoding stops at the first malformed field and keeps what
came before it, as protobuf readers that tolerate truncation do."""
from __future__ import annotations

from codeburn.jstext import JS_MAX_SAFE
from codeburn.lazyre import lazy

VARINT, FIXED64, BYTES, FIXED32 = 0, 1, 2, 5
MAX_VARINT_BYTES = 11          # 77 bits: more is not a varint
MAX_SAFE = JS_MAX_SAFE        # JavaScript's safe integers (the reference's limit)
CONTROL = lazy("[\x00-\x08\x0e-\x1f\x7f\ufffd]")


def varint(data: bytes, pos: int) -> tuple[int, int] | None:
    """(value, next position) of the varint at pos, or None."""
    value = shift = 0
    end = min(len(data), pos + MAX_VARINT_BYTES)
    while pos < end:
        byte = data[pos]
        pos += 1
        value |= (byte & 0x7F) << shift
        if byte < 0x80:
            return value, pos
        shift += 7
    return None


def fields(data: bytes) -> list[tuple[int, int, int | bytes]]:
    """(field number, wire type, value) in order: an int for a varint, the
    bytes for the other wire types. Groups and unknown wire types end it."""
    out: list[tuple[int, int, int | bytes]] = []
    pos, n = 0, len(data)
    while pos < n:
        key = varint(data, pos)
        if key is None:
            break
        number, wire = key[0] >> 3, key[0] & 7
        pos = key[1]
        if number <= 0 or number > MAX_SAFE:
            break
        if wire == VARINT:
            got = varint(data, pos)
            if got is None:
                break
            out.append((number, wire, got[0]))
            pos = got[1]
        elif wire in (FIXED64, FIXED32):
            size = 8 if wire == FIXED64 else 4
            if pos + size > n:
                break
            out.append((number, wire, data[pos:pos + size]))
            pos += size
        elif wire == BYTES:
            got = varint(data, pos)
            if got is None or got[0] > MAX_SAFE or got[1] + got[0] > n:
                break
            pos = got[1]
            out.append((number, wire, data[pos:pos + got[0]]))
            pos += got[0]
        else:
            break
    return out


def first(fs: list, number: int):
    """The first field with that number, or None."""
    return next((f for f in fs if f[0] == number), None)


def submessage(field) -> list:
    """The fields of a length-delimited field (empty for anything else)."""
    return fields(field[2]) if field is not None and field[1] == BYTES else []


def text(field) -> str | None:
    """A length-delimited field as text: None when empty, or when it holds
    control characters or invalid UTF-8 (then it is a message, not text)."""
    if field is None or field[1] != BYTES or not field[2]:
        return None
    s = field[2].decode("utf-8", "replace")
    return None if CONTROL.search(s) else s


def positive(field) -> int:
    """A varint field as a count: 0 unless a positive safe integer."""
    if field is None or field[1] != VARINT:
        return 0
    return field[2] if 0 < field[2] <= MAX_SAFE else 0
