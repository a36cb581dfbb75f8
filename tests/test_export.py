"""`codeburn export` on tests/histories.py (clock 2026-03-05 12:00 UTC: Today
holds S2, 7 Days S1, its subagent and S2, 30 Days everything). On the same
files the reference 0.9.20 writes the same CSV files byte for byte (tools
of equal count may be listed in another order) and the same JSON."""
from __future__ import annotations

import csv
import json
import os

import pytest

from tests import histories as h
from tests.histories import cwdless_session, hist  # noqa: F401 (the fixture)
from tests.conftest import assistant_line, usage, user_line
from codeburn.report.export import csv_cell

CSVS = {"summary.csv", "daily.csv", "activity.csv", "models.csv", "records.csv", "projects.csv", "sessions.csv",
        "tools.csv", "mcp.csv", "shell-commands.csv"}



def table(folder, name):
    with open(os.path.join(folder, name), newline="") as f:
        return list(csv.DictReader(f))


def test_csv_folder(run, hist, tmp_path):
    out = tmp_path / "exp.csv"
    r = run("export", "-o", str(out))
    assert r.status == 0, r.stderr
    folder = str(tmp_path / "exp")
    assert r.stdout == f"\n  Exported (Today + 7 Days + 30 Days) to: {folder}\n\n"
    assert set(os.listdir(folder)) == CSVS | {"README.txt", ".codeburn-export"}
    summary = table(folder, "summary.csv")
    assert [(x["Period"], x["Cost (USD)"], x["API Calls"], x["Sessions"], x["Projects"]) for x in summary] == [
        ("Today", "0.05", "2", "1", "1"), ("7 Days", "0.08", "6", "3", "1"), ("30 Days", "0.08", "7", "4", "2")]
    daily = [x for x in table(folder, "daily.csv") if x["Period"] == "7 Days"]
    assert [(x["Date"], x["API Calls"], x["Sessions"], x["Input Tokens"], x["Cache Read Tokens"]) for x in daily] == [
        ("2026-03-03", "4", "2", "1700", "22000"), ("2026-03-05", "2", "1", "2500", "4000")]
    models = {(x["Period"], x["Model"]): x for x in table(folder, "models.csv")}
    sonnet = models[("7 Days", "Sonnet 4.5")]  # one edit turn with a retry (edit, test, edit again)
    assert (sonnet["Edit Turns"], sonnet["One-shot Rate (%)"], sonnet["Retries/Edit"], sonnet["API Calls"]) == ("1", "0", "1", "3")
    assert sonnet["Share (%)"] == "39.73"  # 0.03075 of 0.0774
    haiku = models[("7 Days", "Haiku 4.5")]
    assert (haiku["Edit Turns"], haiku["One-shot Rate (%)"], haiku["Cost/Edit (USD)"]) == ("0", "", "")
    records = table(folder, "records.csv")
    assert len(records) == 7 and [x["sessionId"] for x in records] == [h.S1] * 3 + [h.S2] * 2 + [h.AGENT, h.S3]
    assert records[5]["subagentType"] == "Explore" and records[5]["category"] == "exploration"
    assert (records[0]["project"], records[0]["model"], records[0]["cacheReadTokens"]) == (h.SHOP, h.SONNET, "10000")
    sessions = table(folder, "sessions.csv")
    assert [(x["Session ID"], x["Cost (USD)"], x["model"]) for x in sessions] == [
        (h.S2, "0.05", h.OPUS), (h.S1, "0.03", h.SONNET), (h.AGENT, "0", h.HAIKU), (h.S3, "0", h.SONNET)]
    assert table(folder, "shell-commands.csv") == [{"Command": "npm", "Calls": "1", "Share (%)": "100"}]
    assert os.path.getsize(os.path.join(folder, "mcp.csv")) == 0


def test_json_file(run, hist, tmp_path):
    r = run("export", "-f", "json", "-o", str(tmp_path / "exp"))
    assert r.status == 0, r.stderr
    doc = json.loads((tmp_path / "exp.json").read_text())
    assert list(doc) == ["schema", "generated", "currency", "summary", "periods", "projects", "sessions", "records",
                         "tools", "mcp", "shellCommands"]
    assert doc["schema"] == "codeburn.export.v2" and doc["currency"] == {"code": "USD", "rate": 1, "symbol": "$"}
    assert [p["label"] for p in doc["periods"]] == ["Today", "7 Days", "30 Days"]
    rec = doc["records"][0]
    assert "subagentType" not in rec and "supplementary" not in rec and rec["cost"] == 0.02
    assert doc["records"][5]["subagentType"] == "Explore"
    assert doc["sessions"][0] == {"Project": h.SHOP, "Session ID": h.S2, "Started At": "2026-03-05T10:00:10.000Z",
                                  "Cost (USD)": 0.05, "Saved (USD)": 0, "API Calls": 2, "Turns": 1, "model": h.OPUS}
    # a second export replaces the first; any other file is refused and kept
    assert run("export", "-f", "json", "-o", str(tmp_path / "exp.json")).status == 0
    other = tmp_path / "notes.json"
    other.write_text('{"mine": true}')
    r = run("export", "-f", "json", "-o", str(other))
    assert r.status == 1 and r.stderr.startswith("codeburn: error: refusing to overwrite") and r.stderr.count("\n") == 1
    assert other.read_text() == '{"mine": true}'


def test_slices_keep_the_30_days_project_order_among_equal_costs(run, history, tmp_path):
    """The reference cuts Today and 7 Days out of its 30 days' projects
    (sorted by 30-day cost), so two $0 projects today keep that order: /w/b,
    priced three days ago, before /w/a, read first. 0.9.20 on these files
    (dated 2026-11-26 and -23, TZ=UTC): Today's models zz-model-b, zz-model-a
    (wild stores sweep, seed 42: its Antigravity project before KiloCode's)."""
    a, b = "aaaaaaaa-0000-0000-0000-000000000001", "bbbbbbbb-0000-0000-0000-000000000002"
    history.write("-w-a", f"{a}.jsonl", [
        user_line("hello", ts="2026-03-05T10:00:00.000Z", cwd="/w/a", session=a),
        assistant_line("msg_a1", ts="2026-03-05T10:00:05.000Z", model="zz-model-a", usage=usage(100, 10),
                       cwd="/w/a", session=a)])
    history.write("-w-b", f"{b}.jsonl", [
        user_line("hello", ts="2026-03-02T10:00:00.000Z", cwd="/w/b", session=b),
        assistant_line("msg_b0", ts="2026-03-02T10:00:05.000Z", usage=usage(1000, 100), cwd="/w/b", session=b),
        user_line("again", ts="2026-03-05T11:00:00.000Z", cwd="/w/b", session=b),
        assistant_line("msg_b1", ts="2026-03-05T11:00:05.000Z", model="zz-model-b", usage=usage(200, 20),
                       cwd="/w/b", session=b)])
    assert run("export", "-f", "json", "-o", str(tmp_path / "e")).status == 0
    doc = json.loads((tmp_path / "e.json").read_text())
    models = {p["label"]: [(m["Model"], m["API Calls"], m["Cost (USD)"]) for m in p["models"]] for p in doc["periods"]}
    assert models["Today"] == [("zz-model-b", 1, 0), ("zz-model-a", 1, 0)]
    assert models["7 Days"] == models["30 Days"] == [("Sonnet 4.5", 1, 0), ("zz-model-b", 1, 0), ("zz-model-a", 1, 0)]
    assert [(s["Project"], s["Session ID"]) for s in doc["sessions"]] == [("/w/b", b), ("/w/a", a)]


def test_slices_keep_the_30_days_projects(run, history, tmp_path):
    """A session without a cwd joins the project of its slug dir's session
    with one (/w/app) in the 30 days' read; read alone (Today) it would make
    a project of its slug. The reference slices Today from the 30 days'
    projects, so it stays in /w/app, first among today's $0 projects by its
    30-day cost, though /w/aaa is read first. 0.9.20 on these files (dated
    2026-11-24 and -27, TZ=UTC): Today's models zz-model-y, zz-model-z
    (wild5 sweep, seed 51, New York: an OpenCode session whose Kimi Code
    sibling named the project)."""
    cwdless_session(history)
    assert run("export", "-f", "json", "-o", str(tmp_path / "e")).status == 0
    doc = json.loads((tmp_path / "e.json").read_text())
    models = {p["label"]: [m["Model"] for m in p["models"]] for p in doc["periods"]}
    assert models["Today"] == ["zz-model-y", "zz-model-z"]
    assert models["30 Days"] == ["Sonnet 4.5", "zz-model-y", "zz-model-z"]
    assert [(s["Period"], s["API Calls"], s["Sessions"], s["Projects"]) for s in doc["summary"]] == [
        ("Today", 2, 2, 0), ("7 Days", 3, 3, 1), ("30 Days", 3, 3, 1)]
    assert [p["Project"] for p in doc["projects"]] == ["/w/app", "/w/aaa"]


def test_custom_range_is_one_period(run, hist, tmp_path):
    r = run("export", "--from", "2026-02-20", "--to", "2026-02-28", "-o", str(tmp_path / "feb"))
    assert r.status == 0, r.stderr
    assert "Exported (2026-02-20 to 2026-02-28)" in r.stdout
    summary = table(str(tmp_path / "feb"), "summary.csv")
    assert [(x["Period"], x["API Calls"], x["Sessions"]) for x in summary] == [("2026-02-20 to 2026-02-28", "1", "1")]


def test_guards(run, hist, tmp_path):
    missing = tmp_path / "no" / "such" / "dir"
    r = run("export", "-o", str(missing))
    assert (r.status, r.stderr) == (1, f"codeburn: error: directory {missing.parent} does not exist\n")
    assert not (tmp_path / "no").exists()
    r = run("export", "-f", "json", "-o", str(missing))
    assert r.status == 1 and "does not exist" in r.stderr
    mine = tmp_path / "mine"
    mine.mkdir()
    (mine / "keep.txt").write_text("x")
    r = run("export", "-o", str(mine))
    assert r.status == 1 and "no .codeburn-export marker" in r.stderr and (mine / "keep.txt").exists()
    a_file = tmp_path / "plain"
    a_file.write_text("x")
    assert run("export", "-o", str(a_file)).status == 1 and a_file.read_text() == "x"
    # an earlier export is replaced whole: what else was put in it goes
    assert run("export", "-o", str(tmp_path / "e")).status == 0
    (tmp_path / "e" / "stale.csv").write_text("old")
    assert run("export", "-o", str(tmp_path / "e")).status == 0
    assert not (tmp_path / "e" / "stale.csv").exists()
    assert not [n for n in os.listdir(tmp_path) if n.endswith((".tmp", ".old"))]


def test_no_usage_writes_nothing(run, history, tmp_path):
    r = run("export", "-o", str(tmp_path / "x"))
    assert (r.status, r.stdout) == (0, "\n  No usage data found.\n\n") and not (tmp_path / "x").exists()


@pytest.mark.parametrize("cell, shown", [("=SUM(A1)", "'=SUM(A1)"), ("+1", "'+1"), ("-x", "'-x"), ("@cmd", "'@cmd"),
                                         ("\tx", "'\tx"), ("a,b", '"a,b"'), ('say "hi"', '"say ""hi"""'),
                                         ("=a,b", "\"'=a,b\""), ("plain", "plain"), (None, ""), (0.5, "0.5"), (3, "3")])
def test_csv_cells_are_inert(cell, shown):
    assert csv_cell(cell) == shown


def test_formula_names_from_logs_are_neutralised(run, history, tmp_path):
    history.write("-w", "s.jsonl", [
        user_line("go", ts="2026-03-05T09:00:00.000Z", cwd="/w"),
        assistant_line("x1", ts="2026-03-05T09:00:01.000Z", usage=usage(10, 10), cwd="/w",
                       tools=[("=HYPERLINK(\"http://x\")", {}), ("@SUM", {}), ("-cmd", {})])])
    assert run("export", "-o", str(tmp_path / "e")).status == 0
    text = (tmp_path / "e" / "tools.csv").read_text()
    # equal counts in first-seen order, as the reference's export
    assert text.splitlines()[1:] == ['"\'=HYPERLINK(""http://x"")",1,33.33', "'@SUM,1,33.33", "'-cmd,1,33.33"]


def test_json_writer_escapes_lone_surrogates_per_string():
    """Undecodable bytes in a path come through as lone surrogates; JSON gets
    their \\u escapes (as JSON.stringify writes them), in keys and values,
    in the call rows' fast writer too."""
    from codeburn.report import export

    rows = export.Records({"project": ["/src/caf\udce9", "/src/ok"], "cost": [0.5, 1.0]})
    text = export.to_json({"k\udcff": "v\udcfe", "records": rows})
    assert text == ('{\n  "k\\udcff": "v\\udcfe",\n  "records": [\n    {\n      "project": "/src/caf\\udce9",\n'
                    '      "cost": 0.5\n    },\n    {\n      "project": "/src/ok",\n      "cost": 1\n    }\n  ]\n}')
    assert export.to_csv(rows) == "project,cost\n/src/caf\udce9,0.5\n/src/ok,1\n"
