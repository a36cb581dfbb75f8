"""Which scan columns each step reads after the scan, for commands that let
the others go as soon as the scan is over (ScanResult.keep_only): optimize's
inputs, the classifier's, the pull-request links are a third of a dense
history's columns. Here, not beside the code that reads them, because a
command names them before the read starts, when neither numpy nor that code
is imported yet; tests run the report with every column held and compare.
"""
from __future__ import annotations

# The token columns a call's price reads (agg.price_rows' order).
PRICED = ("input", "output", "cache_write", "cache_1h", "cache_read", "web_search", "reasoning")

# usage.select_calls: the period, projects, sessions, spawn anchors, prices.
SELECT = ("ts", "file", "model", "link_file", "link_record", "tool_call", "tool_name", "given_cost", "weight", "fast",
          *PRICED)

# report.build.build_report (and Usage.unpriced_ids) over selected, priced calls.
REPORT = ("ts", "file", "model", "turn", "input", "output", "cache_read", "cache_write", "estimated", "weight",
          "tool_call", "tool_name", "shell_call", "shell_name", "sub_call", "sub_name", "turn_ts", "turn_flags",
          "turn_retries", "turn_category", "turn_skill", "raw_call", "raw_off", "raw_len", "raw_text")
