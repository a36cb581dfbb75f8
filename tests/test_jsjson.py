"""JSON numbers as JavaScript's JSON.stringify prints them."""
import json

import pytest

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
