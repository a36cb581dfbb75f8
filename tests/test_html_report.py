"""`report --format html | markdown`: one self-contained page (overview,
inline SVG charts, the text report's tables) and markdown for chat, on the
fixed history of tests/dash_history.py; the page is checked in a real
headless Chromium where one is installed."""
from __future__ import annotations

import os
import re
import stat

import pytest

from tests import dash_history as h
from tests.browser import Chromium, find_chromium

EXTERNAL = ("<script", "<link", "<img", "<iframe", "<object", "<embed", "url(", "@import")


@pytest.fixture
def dash(history, tmp_path):
    codex = str(tmp_path / "codex")
    h.write(history, codex)
    return {"CODEX_HOME": codex}


@pytest.fixture
def artifacts(tmp_path_factory):
    """Where a test leaves files for a person to look at: $CODEBURN_TEST_ARTIFACTS, else pytest's temp dir."""
    d = os.environ.get("CODEBURN_TEST_ARTIFACTS") or str(tmp_path_factory.mktemp("artifacts"))
    os.makedirs(d, exist_ok=True)
    return d


def charts(page: str) -> dict[str, str]:
    return {m.group(1): m.group(0) for m in re.finditer(r'<svg [^>]*data-chart="([a-z]+)".*?</svg>', page, re.S)}


def write_html(run, dash, tmp_path, *extra) -> tuple[str, str]:
    out = str(tmp_path / "report.html")
    r = run("report", "-p", "lifetime", "--format", "html", "-o", out, *extra, env=dash)
    assert r.status == 0, r.stderr
    assert r.stdout == ""
    with open(out, encoding="utf-8") as f:
        return out, f.read()


def test_html_page_is_self_contained_and_escaped(run, dash, tmp_path):
    _, page = write_html(run, dash, tmp_path)
    assert page.startswith("<!DOCTYPE html>")
    lowered = page.lower()
    assert [x for x in EXTERNAL if x in lowered] == []
    assert re.findall(r"<[^>]*\s(?:src|href|on[a-z]+)\s*=", lowered) == []  # no attribute that loads or runs
    # Every log-derived string is text, never markup.
    assert h.EVIL_PROJECT not in page and h.EVIL_SERVER not in page and "<b>bold</b>" not in page
    assert "&lt;img src=x onerror=alert(1)&gt;&quot;&amp;|" in page
    assert "&lt;svg onload=alert(2)&gt;" in page
    assert "no price known for model &#x27;claude-&lt;b&gt;bold&lt;/b&gt;-x&#x27;" in page
    # The overview, by hand: 3.00 + 2.50 + 1.00 + 1.25 + 1.50
    # 5 sessions: b1 ran yesterday and today, counted on both days as
    # CodeBurn 0.9.20 counts overview sessions (report.build.day_sessions).
    assert '<td class="big">$9.25</td><td class="big">6</td><td class="big">5</td>' in page


def test_html_charts_have_one_bar_per_row(run, dash, tmp_path):
    _, page = write_html(run, dash, tmp_path)
    report = run("report", "-p", "lifetime", "--format", "json", env=dash).json
    found = charts(page)
    assert sorted(found) == ["activities", "daily", "models", "projects"]
    count = {name: svg.count("<rect") for name, svg in found.items()}
    assert count == {"daily": 4, "activities": len(report["activities"]), "models": 5, "projects": 4}
    # Column heights are proportional to each day's cost (the largest, $3.00, is the full height).
    heights = [float(x) for x in re.findall(r'<rect [^>]*height="([0-9.]+)"', found["daily"])]
    full = max(heights)
    assert [x / full for x in heights] == pytest.approx([c / 3.0 for c in h.DAY_COST.values()], abs=0.001)


def test_html_tables_are_the_text_reports(run, dash, tmp_path):
    _, page = write_html(run, dash, tmp_path)
    titles = re.findall(r"<h2>([^<]+)</h2><table>", page)
    assert titles == ["Daily", "By project", "By provider", "By activity", "By model", "Core tools",
                      "Shell commands", "MCP servers", "Skills", "Subagents", "Top sessions", "Optimize: top findings"]
    assert ('<tr><td>2026-03-04</td><td class="n">$2.25</td><td class="n">2</td><td class="n">2</td></tr>'
            in page)
    assert '<tr><td>Codex</td><td class="n">$1.25</td><td class="n">1</td><td class="n">1</td></tr>' in page


def test_output_file_is_replaced_whole_with_the_users_permissions(run, dash, tmp_path):
    # a new file gets the umask's permissions; a file replaced keeps its own
    # (as `>` keeps them: a private 0600 report must not become readable)
    out = tmp_path / "report.html"
    old_mask = os.umask(0o027)
    try:
        write_html(run, dash, tmp_path)
        assert stat.S_IMODE(os.stat(out).st_mode) == 0o640
        os.chmod(out, 0o600)
        write_html(run, dash, tmp_path)
    finally:
        os.umask(old_mask)
    assert stat.S_IMODE(os.stat(out).st_mode) == 0o600
    assert sorted(os.listdir(tmp_path)) == sorted(["claude", "codex", "home", "report.html"])
    assert out.read_text().startswith("<!DOCTYPE html>")


def test_unwritable_output_is_one_error_line_and_no_file(run, dash, tmp_path):
    target = tmp_path / "missing" / "report.html"
    r = run("report", "--format", "html", "-o", str(target), env=dash)
    assert r.status == 1
    assert r.stderr.splitlines()[-1].startswith("codeburn: error: cannot write ")
    assert r.stderr.splitlines()[-1].endswith(": No such file or directory")
    assert not target.exists()


def test_empty_period_page(run, tmp_path):
    out = tmp_path / "empty.html"
    r = run("report", "--format", "html", "-o", str(out))
    assert r.status == 0
    page = out.read_text()
    assert "No usage found in this period." in page and "<svg" not in page


def test_plan_lines_as_in_the_text_report(run, dash, tmp_path):
    assert run("plan", "set", "custom", "--monthly-usd", "20", env=dash).status == 0  # every provider
    text = run("report", "-p", "lifetime", env=dash).stdout
    line = next(x.strip() for x in text.splitlines() if "budget (" in x)
    assert line.startswith("Custom (all): $9.25 API-equivalent / $20.00 budget (46.3%, under)")
    _, page = write_html(run, dash, tmp_path)
    assert f"<p>{line}</p>" in page
    md = run("report", "-p", "lifetime", "--format", "md", env=dash).stdout
    assert md.splitlines()[6] == line


def test_markdown_for_chat(run, dash):
    r = run("report", "-p", "lifetime", "--format", "md", env=dash)
    assert r.status == 0
    lines = r.stdout.splitlines()
    assert lines[:5] == ["## codeburn · Lifetime", "", "**Cost** $9.25 · **Calls** 6 · **Sessions** 5 · **Cache hit** 0.0%",
                         "", "Tokens: in 3.0M · out 200.0K · cache read 0 · cache write 0"]
    daily = lines.index("### Daily")
    assert lines[daily + 2:daily + 8] == [
        "| date | cost | calls | turns |", "| --- | ---: | ---: | ---: |",
        "| 2026-03-01 | $3.00 | 1 | 1 |", "| 2026-03-03 | $2.50 | 1 | 1 |",
        "| 2026-03-04 | $2.25 | 2 | 2 |", "| 2026-03-05 | $1.50 | 2 | 2 |"]
    # Markup in names is escaped, and a | in a name does not open a cell.
    evil = next(x for x in lines if x.startswith("| \\<img"))
    assert evil == '| \\<img src=x onerror=alert(1)\\>"\\&\\| | $0.00 | 1 | 1 | $0.00 |'
    assert "| \\<svg onload=alert(2)\\> | 1 |" in lines
    assert r.stdout == run("report", "-p", "lifetime", "--format", "markdown", env=dash).stdout


@pytest.fixture(scope="module")
def chromium():
    binary = find_chromium()
    if not binary:
        pytest.skip("no Chromium installed (Debian: apt-get install chromium)")
    browser = Chromium(binary)
    yield browser
    browser.close()


def test_html_in_a_real_browser(run, dash, tmp_path, chromium, artifacts):
    out, _ = write_html(run, dash, tmp_path)
    url = "file://" + out
    load = chromium.load(url)
    assert load.errors() == []
    assert load.requests == [url]  # nothing fetched but the page itself
    bars = chromium.evaluate("Object.fromEntries([...document.querySelectorAll('svg[data-chart]')]"
                             ".map(s => [s.dataset.chart, s.querySelectorAll('rect').length]))")
    assert bars == {"daily": 4, "activities": bars["activities"], "models": 5, "projects": 4}
    assert bars["activities"] >= 1
    # Drawn, not just present: the tallest daily bar is as tall as the plot.
    heights = chromium.evaluate("[...document.querySelectorAll('svg[data-chart=daily] rect')]"
                                ".map(r => Math.round(r.getBBox().height))")
    assert heights == [146, 122, 110, 73]   # 146 px for $3.00, in proportion: 2.50, 2.25, 1.50
    assert chromium.evaluate("document.querySelectorAll('script, img, [onerror], [onload]').length") == 0
    text = chromium.evaluate("document.body.textContent")
    assert h.EVIL_PROJECT in text and h.EVIL_SERVER in text
    shot = os.path.join(artifacts, "report.png")
    chromium.screenshot(shot)
    with open(shot, "rb") as f:
        assert f.read(8) == b"\x89PNG\r\n\x1a\n"
    print(f"screenshot: {shot}")


def test_escaping_of_log_text():
    from codeburn.report.markup import esc, md

    # Controls and bidi overrides show escaped, as in the text report; markup is text.
    assert esc('\x1b[31m\u202e<b a="1">&') == '\\x1b[31m\\u202e&lt;b a=&quot;1&quot;&gt;&amp;'
    assert md("a|b\n*c* [x](http://e) <i> `t`") == "a\\|b\\\\n\\*c\\* \\[x\\](http://e) \\<i\\> \\`t\\`"


def test_summaries_carry_optimizes_first_findings(run, dash, tmp_path):
    from codeburn.report.markup import esc, md

    found = run("optimize", "-p", "lifetime", "--format", "json", env=dash).json["findings"]
    titles = [f["title"] for f in found][:5]
    assert titles, "the fixed history has findings"
    _, page = write_html(run, dash, tmp_path)
    table = page[page.index("<h2>Optimize: top findings</h2>"):]
    assert re.findall(r"<tr><td>([^<]*)</td>", table) == [esc(t) for t in titles]
    text = run("report", "-p", "lifetime", "--format", "md", env=dash).stdout
    rows = text[text.index("### Optimize: top findings"):].splitlines()[4:4 + len(titles)]
    assert [r.split(" | ")[0][2:] for r in rows] == [md(t) for t in titles]
    # The JSON report stays the reference's: no optimize key.
    assert "optimize" not in run("report", "-p", "lifetime", "--format", "json", env=dash).json
