"""codeburn.lazyre: a pattern compiled at its first use answers as the
compiled pattern does, and importing the providers compiles none."""
from __future__ import annotations

import re
import subprocess
import sys
import threading

from codeburn.lazyre import lazy


def test_a_lazy_pattern_answers_as_the_compiled_one():
    p, q = lazy(r"(\d+)-(\w+)", re.I), re.compile(r"(\d+)-(\w+)", re.I)
    assert p._compiled is None
    text = "12-ab 7-X nothing 3-c"
    assert p.search(text).groups() == q.search(text).groups() == ("12", "ab")
    assert p.findall(text) == q.findall(text)
    assert [m.span() for m in p.finditer(text)] == [m.span() for m in q.finditer(text)]
    assert p.sub("#", text) == q.sub("#", text) and p.split(text) == q.split(text)
    assert p.match("nope") is None and p.fullmatch("1-a").group(2) == "a"
    assert (p.pattern, p.flags, p.groups) == (q.pattern, q.flags, q.groups)
    assert "search" in vars(p)            # found on the object from now on
    assert repr(p) == "lazy('(\\\\d+)-(\\\\w+)')"


def test_bytes_patterns_and_threads_at_first_use():
    p = lazy(rb'[\\"{}]')
    hits = []

    def use():
        hits.append(p.search(b'ab"c').start())

    threads = [threading.Thread(target=use) for _ in range(8)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert hits == [2] * 8


def test_importing_the_providers_compiles_none_of_their_lazy_patterns():
    code = ("from codeburn.providers import PROVIDERS, cursor_agent, jetbrains_doc, nitrite_scan\n"
            "from codeburn.lazyre import LazyPattern\n"
            "import codeburn.providers as pkg, sys\n"
            "lazy = [v for m in list(sys.modules.values()) if m and m.__name__.startswith('codeburn.providers')\n"
            "        for v in vars(m).values() if isinstance(v, LazyPattern)]\n"
            "print(len(lazy), sum(v._compiled is not None for v in lazy))\n")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout.split()
    assert int(out[0]) >= 30 and out[1] == "0"
