"""JSON numbers as JavaScript's JSON.stringify prints them."""
import json

import numpy as np
import pytest

from codeburn.report import jsjson
from codeburn.report.jsjson import dumps, js_number


@pytest.mark.parametrize("x,text", [
    (0.0, "0"), (5.0, "5"), (-3.0, "-3"), (0.1, "0.1"), (0.021, "0.021"), (1e-7, "1e-7"), (1.5e-6, "0.0000015"),
    (1e-6, "0.000001"), (2.5e-05, "0.000025"), (123.456, "123.456"), (1e21, "1e+21"), (1.2345e22, "1.2345e+22"),
    (12345678901234567890.0, "12345678901234567000"), (0.30000000000000004, "0.30000000000000004"),
    (float("nan"), "null"), (7, "7"), (True, "true"),
])
def test_js_number(x, text):
    assert js_number(x) == text


def test_dumps_matches_json_layout():
    obj = {"a": [1, 2.5, {"b": None}], "c": "é\"", "d": [], "e": {}}
    assert dumps(obj) == json.dumps(obj, indent=2, ensure_ascii=False)
    assert dumps(obj, indent=None) == json.dumps(obj, separators=(",", ":"), ensure_ascii=False)


@pytest.mark.parametrize("doc", [
    [{"a": 1, "b": "x\u2028\ud800y", "c": 1e-7, "d": True, "e": None, "f": -0.0, "g": 1e21}],
    [{"a": [1, 2]}, {"b": {}}, {}, {"c": np.float64(1.5)}, 3, [{"x": 1}], {"y": {"z": [1]}}],
    {"rows": [{"k": i, "v": i / 7} for i in range(50)], "empty": [], "nested": [[{"a": 1}]]},
    [{"a": 1, "b": 2}, {"b": 2, "a": 1}, {"a": 1}],
])
def test_rows_are_written_as_every_list_is(doc, monkeypatch):
    """The one-string-per-row writer of lists of dicts gives the same text
    as the general writer, mixed and nested rows included."""
    fast = jsjson.dumps(doc)
    monkeypatch.setattr(jsjson, "_write_rows", lambda rows, out, indent, level: jsjson._write_items(
        [("", v) for v in rows], "[", "]", out, indent, level))
    assert fast == jsjson.dumps(doc)
