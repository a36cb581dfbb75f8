"""classify/widths.py: a pattern's top-level alternatives and the bytes their
matches span, checked against matches Python's `re` finds."""
import re

import pytest

from codeburn.classify.ruleset import load, python_regex
from codeburn.classify.widths import UNBOUNDED, alternatives, split_alternatives


@pytest.mark.parametrize("regex, parts", [
    (r"\b(fix|bug)\b", [r"\b(?:fix)\b", r"\b(?:bug)\b"]),
    (r"\bgit\s+(?:push|pull)\b", [r"\bgit\s+(?:push)\b", r"\bgit\s+(?:pull)\b"]),
    (r"\b(make\s+(?:a|me)|new)\b", [r"\b(?:make\s+(?:a|me))\b", r"\b(?:new)\b"]),
    (r"\.(py|[|)]s)\b", [r"\.(?:py)\b", r"\.(?:[|)]s)\b"]),
    (r"a|b", [r"a|b"]),  # a top-level bar: kept whole
    (r"(a|b)(c|d)", [r"(a|b)(c|d)"]),  # two groups: kept whole
    (r"(?<n>a|b)", [r"(?<n>a|b)"]),  # a named group: kept whole
    (r"\(x|y\)", [r"\(x|y\)"]),
    (r"https?:\/\/\S+", [r"https?:\/\/\S+"]),
    (r"\b(foo|bar)+\b", [r"\b(foo|bar)+\b"]),  # a repeated group: "foobar" matches it, neither part
    (r"\b(foo|bar){2}", [r"\b(foo|bar){2}"]),
    (r"\b(foo|bar)?x", [r"\b(foo|bar)?x"]),
    (r"(a|b)x\1", [r"(a|b)x\1"]),  # a back reference names the group
])
def test_split_alternatives(regex, parts):
    assert split_alternatives(regex) == parts


@pytest.mark.parametrize("regex, least, most, newline", [
    (r"\bfix\b", 3, 3, False),
    (r"caf\u00e9", 5, 5, False),  # é is two bytes in UTF-8
    (r"scrip?t", 5, 6, False),
    (r"set\s*up", 5, UNBOUNDED, True),
    (r"a\s", 2, 4, True),  # \s holds U+3000 (three bytes) and U+FEFF
    (r"x\S{2}", 3, 9, False),
    (r"[a-c\u00e9]{1,3}", 1, 6, False),
    (r"[^a]", 1, 4, True),
    (r"\d+", 1, UNBOUNDED, True),  # a category: not worked out, assumed to hold \n
    (r"a.b", 3, 6, True),
])
def test_widths(regex, least, most, newline):
    (alt,) = alternatives(regex)
    assert (alt.least, alt.most, alt.newline) == (least, most, newline)


def test_bundled_rules_widths_bound_every_match():
    """For every alternative of the bundled rules, each match `re` finds in
    a varied text spans between `least` and `most` bytes, and holds '\\n'
    only if `newline` says it may."""
    text = ("Fix the bug: set up  a NEW build, clean\nup the api /v1/x, npm  test; git\tpush; "
            "what if we look into https://e.io/p?q=1 — café stack\u3000trace; run foo.py; db users "
            "not\nworking, status code 404, write me a test.py, make the page")
    seen = 0
    for p in load().category_patterns:
        for alt in alternatives(p.regex):
            for m in re.finditer(python_regex(alt.regex), text, re.IGNORECASE | re.ASCII):
                size = len(m.group(0).encode())
                assert alt.least <= size <= alt.most, (alt.regex, m.group(0))
                assert alt.newline or "\n" not in m.group(0), alt.regex
                seen += 1
    assert seen >= 20
