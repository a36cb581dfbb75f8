"""What a match's end offset says about its start, pattern by pattern.

The classifier needs each role's leftmost match start only to order the
roles that compete (categories.ORDERED); every other role needs presence.
Hyperscan finds matches without start-of-match tracking at about three
times the speed, reporting only where they end. A pattern whose matches are
between `least` and `most` bytes long started between end - most and
end - least, so an ordering is decided without the starts whenever those
ranges do not overlap. Top-level alternatives are split into patterns of
their own to keep the ranges narrow (`\\b(fix|set\\s*up)\\b`: `fix` is 3 bytes
whatever `set\\s*up` spans).
"""
from __future__ import annotations

import re
from re import _constants as sre  # type: ignore[attr-defined]
from re import _parser as sre_parse  # type: ignore[attr-defined]

from codeburn.classify.ruleset import python_regex
from codeburn.plainclass import dataclass

UNBOUNDED = 1 << 40


@dataclass(frozen=True)
class Alternative:
    regex: str  # the rules' own flavour, as Pattern.regex
    least: int  # bytes a match spans at least
    most: int  # and at most (UNBOUNDED)
    newline: bool  # a match can hold '\n' (so can run across the arena's separator)


def alternatives(regex: str) -> list[Alternative]:
    """The pattern as one Alternative per top-level alternative."""
    out = []
    for alt in split_alternatives(regex):
        tree = sre_parse.parse(python_regex(alt), re.IGNORECASE | re.ASCII)
        least, most = _width(tree)
        out.append(Alternative(alt, least, most, _newline(tree)))
    return out


def split_alternatives(regex: str) -> list[str]:
    """`pre(a|b)post` -> [`pre(?:a)post`, `pre(?:b)post`] when the pattern has
    one top-level group, not repeated, and its top level holds no `|`; else
    [regex].
    The group is never referred to by number (the classifier uses no
    captures), so it can become non-capturing."""
    depth, i, in_class, group, bars, end = 0, 0, False, None, [], None
    while i < len(regex):
        c = regex[i]
        if c == "\\":
            i += 2
            continue
        if in_class:
            in_class = c != "]"
        elif c == "[":
            in_class = True
            if regex.startswith("]", i + 1) or regex.startswith("^]", i + 1):
                i += 2  # a leading ] is a member
        elif c == "(":
            if depth == 0:
                if group is not None:
                    return [regex]
                group = i
            depth += 1
        elif c == ")":
            depth -= 1
            if depth == 0:
                end = i
        elif c == "|":
            if depth == 0:
                return [regex]
            if depth == 1:
                bars.append(i)
        i += 1
    if group is None or end is None or not bars or regex.startswith("(?", group) and not regex.startswith(
            "(?:", group) or regex[end + 1:end + 2] in ("*", "+", "?", "{"):  # (a|b)+ is not (a)+ or (b)+
        return [regex]
    if re.search(r"\\(?:[1-9]|k<)", regex):  # a back reference needs the group it names
        return [regex]
    body = group + (3 if regex.startswith("(?:", group) else 1)
    pieces, prev = [], body
    for b in bars + [end]:
        pieces.append(regex[prev:b])
        prev = b + 1
    return [f"{regex[:group]}(?:{p}){regex[end + 1:]}" for p in pieces]


def _utf8(code: int) -> int:
    return 1 if code < 0x80 else 2 if code < 0x800 else 3 if code < 0x10000 else 4


def _width(items) -> tuple[int, int]:
    least = most = 0
    for op, av in items:
        a, b = _item_width(op, av)
        least, most = least + a, min(most + b, UNBOUNDED)
    return least, most


def _item_width(op, av) -> tuple[int, int]:
    if op is sre.LITERAL:
        return _utf8(av), _utf8(av)
    if op is sre.IN:
        sizes = []
        for o, v in av:
            if o is sre.LITERAL:
                sizes.append(_utf8(v))
            elif o is sre.RANGE:
                sizes += [_utf8(v[0]), _utf8(v[1])]
            else:  # NEGATE, CATEGORY: any size
                return 1, 4
        return min(sizes), max(sizes)
    if op is sre.AT:
        return 0, 0
    if op is sre.SUBPATTERN:
        return _width(av[-1])
    if op is sre.BRANCH:
        widths = [_width(b) for b in av[1]]
        return min(w[0] for w in widths), max(w[1] for w in widths)
    if op in (sre.MAX_REPEAT, sre.MIN_REPEAT):
        lo, hi, sub = av
        a, b = _width(sub)
        return a * lo, UNBOUNDED if hi == sre.MAXREPEAT or b >= UNBOUNDED else min(b * hi, UNBOUNDED)
    if op in (sre.NOT_LITERAL, sre.ANY, sre.CATEGORY):
        return 1, 4
    return 0, UNBOUNDED  # anything else (back references, ...): no bound


def _newline(items) -> bool:
    """Whether some element may match '\\n' (conservative: unknown -> True)."""
    for op, av in items:
        if op is sre.LITERAL:
            if av == 10:
                return True
        elif op is sre.IN:
            if _class_newline(av):
                return True
        elif op is sre.SUBPATTERN:
            if _newline(av[-1]):
                return True
        elif op is sre.BRANCH:
            if any(_newline(b) for b in av[1]):
                return True
        elif op in (sre.MAX_REPEAT, sre.MIN_REPEAT):
            if _newline(av[2]):
                return True
        elif op is not sre.AT:
            return True
    return False


def _class_newline(members) -> bool:
    negate = bool(members) and members[0][0] is sre.NEGATE
    listed = False
    for o, v in members[1:] if negate else members:
        if o is sre.LITERAL:
            listed |= v == 10
        elif o is sre.RANGE:
            listed |= v[0] <= 10 <= v[1]
        else:  # a category (\d, \w, ...): not worked out
            return True
    return listed != negate
