"""Antigravity's `.pb` conversations through the running language server
(`--live`, spec providers §4.1 step 3), against a real fake server: a Python
process whose command line carries `language_server`, `--https_server_port`,
`--csrf_token` and `--app_data_dir` (so the `ps` discovery finds it),
serving HTTPS on 127.0.0.1 with the self-signed certificate in
tests/data/antigravity-language-server.pem, and recording every request.

Expected numbers come from §4.1's formulas and the price table (input,
response + thinking priced as output, the model's tier stripped). CodeBurn
0.9.20 finds the same fake server by the same `ps` discovery (the IDE's by
lsof) and, run on the same homes (`report --format json -p all --provider
antigravity`), gives the same numbers, noted [0.9.20] below; stopped, it
serves the same calls from its cache, as codeburn does."""
from __future__ import annotations

import datetime as dt
import io
import json
import os
import shutil
import socket
import subprocess
import sys
import time

import pytest

from codeburn.cli import main
from codeburn.env import Environment
from codeburn.providers import antigravity, antigravity_live as live

CERT = os.path.join(os.path.dirname(__file__), "data", "antigravity-language-server.pem")
TOKEN = "5f0c1d2e-3a4b-4c5d-8e9f-a0b1c2d3e4f5"
NOW = dt.datetime(2026, 11, 25, 12, 0, tzinfo=dt.timezone.utc)
A = "8f14e45f-ceea-467f-a5bb-1c2f3a4b5c6d"          # two responses and two without usage
B = "c0ffee00-1111-4222-8333-944455556666"          # one response, counts as JSON numbers
MTIME = 1_795_000_000                               # 2026-11-18T08:26:40Z

FAKE_SERVER = r'''
import json, ssl, sys, time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

def arg(name):
    return sys.argv[sys.argv.index("--" + name) + 1] if "--" + name in sys.argv else None

config = json.load(open(arg("config")))
token = config.get("expect_token") or arg("csrf_token") or arg("extension_server_csrf_token")

class Handler(BaseHTTPRequestHandler):
    def do_POST(self):
        body = self.rfile.read(int(self.headers.get("Content-Length") or 0))
        with open(arg("record"), "a") as f:
            f.write(json.dumps({"path": self.path, "token": self.headers.get("X-Codeium-Csrf-Token"),
                                "type": self.headers.get("Content-Type"), "body": body.decode()}) + "\n")
        if self.headers.get("X-Codeium-Csrf-Token") != token:
            return self.answer(403, b"forbidden")
        if self.path.endswith("/GetAvailableModels"):
            return self.answer(200, json.dumps(config.get("models", {})).encode())
        got = config.get("cascades", {}).get(json.loads(body or b"{}").get("cascadeId"), {})
        if "sleep" in got:
            time.sleep(got["sleep"])
        if "raw" in got:
            return self.answer(got.get("status", 200), got["raw"].encode())
        self.answer(got.get("status", 200), json.dumps(got.get("json", {})).encode())

    def answer(self, status, data):
        self.send_response(status)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    def log_message(self, *args):
        pass

if config.get("listen", True):
    server = ThreadingHTTPServer(("127.0.0.1", config.get("listen_port", int(arg("https_server_port") or 0))),
                                 Handler)
    ctx = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    ctx.load_cert_chain(arg("cert"))
    server.socket = ctx.wrap_socket(server.socket, server_side=True)
    print("ready", server.server_address[1], flush=True)
    server.serve_forever()
else:
    print("ready 0", flush=True)
    time.sleep(120)
'''

MODELS = {"models": {
    "MODEL_PLACEHOLDER_M37": {"model": "MODEL_PLACEHOLDER_M37", "displayName": "Gemini 3.1 Pro (High)"},
    "gemini-3-flash": {"model": "MODEL_PLACEHOLDER_M18", "displayName": "Gemini 3 Flash"},
}}


def usage(model, inp, out, thinking=None, response=None, rid=None, numbers=False):
    u = {"model": model, "inputTokens": inp, "outputTokens": out, "apiProvider": "API_PROVIDER_GOOGLE_GEMINI"}
    if thinking is not None:
        u["thinkingOutputTokens"] = thinking
    if response is not None:
        u["responseOutputTokens"] = response
    if rid:
        u["responseId"] = rid
    return u if numbers else {k: str(v) if isinstance(v, int) else v for k, v in u.items()}


CASCADES = {
    A: {"json": {"generatorMetadata": [
        {"stepIndices": [1], "chatModel": {"model": "MODEL_PLACEHOLDER_M37",
                                            "usage": usage("MODEL_PLACEHOLDER_M37", 12000, 900, 200, 700, "r1"),
                                            "chatStartMetadata": {"createdAt": "2026-11-25T10:00:00Z"}}},
        {"stepIndices": [2]},                                                          # no usage
        {"chatModel": {"usage": usage("MODEL_PLACEHOLDER_M18", 3000, 500, None, 500, "r2"),
                       "chatStartMetadata": {"createdAt": "2026-11-25T10:05:00.500Z"}}},
        {"chatModel": {"usage": usage("MODEL_PLACEHOLDER_M18", 0, 0)}},                 # nothing counted
        {"chatModel": {"usage": usage("gemini-3-flash-agent", 800, 40, None, 40)}},     # no time, no id
    ]}},
    B: {"json": {"response": {"generatorMetadata": [
        {"chatModel": {"usage": usage("MODEL_PLACEHOLDER_M37", 500, 60, 10, 50, "rb1", numbers=True),
                       "chatStartMetadata": {"createdAt": "2026-11-25T11:00:00.250Z"}}}]}}},
}
# per call: (input, output, reasoning, cost); cost = input and response+thinking at the tierless model's price
CALL_A1 = (12000, 700, 200, 12000 * 2e-6 + 900 * 12e-6)      # gemini-3.1-pro-high -> gemini-3.1-pro
CALL_A2 = (3000, 500, 0, 3000 * 5e-7 + 500 * 3e-6)           # gemini-3-flash
CALL_A3 = (800, 40, 0, 800 * 5e-7 + 40 * 3e-6)               # gemini-3-flash-agent -> gemini-3-flash
CALL_B1 = (500, 50, 10, 500 * 2e-6 + 60 * 12e-6)
ALL = (CALL_A1, CALL_A2, CALL_A3, CALL_B1)


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class FakeServer:
    def __init__(self, tmp, home, app="antigravity", token=TOKEN, cascades=None, port_flag="https_server_port",
                 **config):
        self.record = os.path.join(tmp, f"requests-{app}.jsonl")
        open(self.record, "w").close()
        cfg = os.path.join(tmp, f"config-{app}.json")
        with open(cfg, "w") as f:
            json.dump({"models": MODELS, "cascades": CASCADES if cascades is None else cascades, **config}, f)
        script = os.path.join(tmp, "language_server_linux_x64.py")
        with open(script, "w") as f:
            f.write(FAKE_SERVER)
        self.port = free_port()
        argv = [sys.executable, script, "--enable_lsp", f"--{port_flag}", str(self.port), "--csrf_token", token,
                "--app_data_dir", os.path.join(home, ".gemini", app), "--cert", CERT, "--config", cfg,
                "--record", self.record]
        self.proc = subprocess.Popen(argv, stdout=subprocess.PIPE, text=True)
        line = self.proc.stdout.readline().split()
        assert line[:1] == ["ready"], "the fake language server did not start"
        self.listening = int(line[1])

    def requests(self) -> list[dict]:
        with open(self.record) as f:
            return [json.loads(line) for line in f]

    def stop(self):
        if self.proc.poll() is None:
            self.proc.terminate()
            self.proc.wait(10)
        self.proc.stdout.close()


@pytest.fixture(autouse=True)
def patient_timeouts(monkeypatch):
    """Timeouts long enough for a host under load (a test that is about
    timeouts sets its own): the fake server is a Python process of its own."""
    monkeypatch.setattr(live, "RPC_TIMEOUT_S", 30.0)
    monkeypatch.setattr(live, "PS_TIMEOUT_S", 30.0)


@pytest.fixture(autouse=True)
def live_off_after():
    """A run in this process leaves --live set until the next run; the
    tests after these (which read without the CLI) start with it off."""
    yield
    live.configure(os.environ, False)


@pytest.fixture
def servers():
    started = []
    yield started
    for s in started:
        s.stop()


@pytest.fixture
def home(tmp_path):
    h = tmp_path / "home"
    for name in (A, B):
        write_pb(str(h), "antigravity", "conversations", name)
    return str(h)


def write_pb(home, app, sub, name, data=b"\x8a\x1f\x03encrypted-looking bytes\x00\xff" * 4):
    d = os.path.join(home, ".gemini", app, sub)
    os.makedirs(d, exist_ok=True)
    path = os.path.join(d, name + ".pb")
    with open(path, "wb") as f:
        f.write(data)
    os.utime(path, (MTIME, MTIME))
    return path


def run(tmp_path, home, *argv):
    environ = {"HOME": home, "TZ": "UTC", "CODEBURN_CACHE_DIR": str(tmp_path / "cache"),
               "PATH": os.environ.get("PATH", "/usr/bin:/bin")}
    out, err = io.StringIO(), io.StringIO()
    env = Environment(stdout=out, stderr=err, environ=environ, home=home, clock=lambda: NOW, cwd=str(tmp_path))
    status = main(["report", "--format", "json", "-p", "all", "--provider", "antigravity", *argv], env)
    return int(status), (json.loads(out.getvalue()) if out.getvalue() else None), err.getvalue()


def overview(report) -> tuple:
    o = report["overview"]
    return o["calls"], o["tokens"]["input"], o["tokens"]["output"], round(o["cost"], 10)


def expected(*calls) -> tuple:
    # the report's output is the response part (reasoning is priced as output, not counted in it)
    return (len(calls), sum(c[0] for c in calls), sum(c[1] for c in calls),
            round(sum(c[3] for c in calls), 10))


def test_live_reads_the_pb_conversations(tmp_path, home, servers):
    servers.append(server := FakeServer(str(tmp_path), home))
    status, report, err = run(tmp_path, home, "--live")
    assert status == 0, err
    assert overview(report) == expected(*ALL) == (4, 16300, 1290, 0.04004)   # [0.9.20] the same, same 3 requests
    assert report["warnings"] == []
    got = server.requests()
    assert {r["token"] for r in got} == {TOKEN} and {r["type"] for r in got} == {"application/json"}
    prefix = "/exa.language_server_pb.LanguageServerService/"
    assert [(r["path"], r["body"]) for r in got] == [
        (prefix + "GetAvailableModels", "{}"),
        (prefix + "GetCascadeTrajectoryGeneratorMetadata", json.dumps({"cascadeId": A})),
        (prefix + "GetCascadeTrajectoryGeneratorMetadata", json.dumps({"cascadeId": B})),
    ]
    models = {m["name"]: m["calls"] for m in report["models"]}
    assert models == {"Gemini 3.1 Pro": 2, "Gemini 3 Flash": 2}   # display names (ids: test_calls_as_kept)
    assert {p["name"] for p in report["projects"]} == {"antigravity"}   # encrypted: no workspace URI to name one


def test_calls_as_kept(tmp_path, home, servers):
    """The exact calls (time, model, counts, key) in the kept file; a call
    without a time gets the file's mtime, the first time it was seen."""
    servers.append(FakeServer(str(tmp_path), home))
    assert run(tmp_path, home, "--live")[0] == 0
    kept = {}
    for name in (A, B):
        with open(tmp_path / "cache" / live.KEPT_DIR / f"{name}.json") as f:
            kept[name] = json.load(f)
    t = lambda iso: int(dt.datetime.fromisoformat(iso.replace("Z", "+00:00")).timestamp() * 1000)
    assert [c[:5] + [c[6]] for c in kept[A]["calls"]] == [
        [t("2026-11-25T10:00:00Z"), "gemini-3.1-pro-high", 12000, 700, 200, f"antigravity:{A}:r1"],
        [t("2026-11-25T10:05:00.500Z"), "gemini-3-flash", 3000, 500, 0, f"antigravity:{A}:r2"],
        [MTIME * 1000, "gemini-3-flash-agent", 800, 40, 0, f"antigravity:{A}:4"],
    ]
    assert [round(c[5], 12) for c in kept[A]["calls"] + kept[B]["calls"]] == [round(c[3], 12) for c in ALL]
    assert (kept[A]["size"], kept[A]["mtime_ns"]) == (os.path.getsize(kept[A]["path"]), MTIME * 10 ** 9)


def test_no_live_contacts_nothing(tmp_path, home, servers):
    servers.append(server := FakeServer(str(tmp_path), home))
    status, report, err = run(tmp_path, home)
    assert status == 0
    assert server.requests() == []
    assert overview(report) == (0, 0, 0, 0.0)
    pb = os.path.join(home, ".gemini", "antigravity", "conversations", A + ".pb")
    assert report["warnings"] == [f"2 paths could not be read: {pb}: {antigravity.NOT_READ} (and 1 more)"]
    assert not os.path.exists(tmp_path / "cache" / live.KEPT_DIR)
    assert status == 0 and run(tmp_path, home, "--strict")[0] == 1      # what it could not count is skipped input


def test_kept_calls_are_served_later(tmp_path, home, servers):
    servers.append(server := FakeServer(str(tmp_path), home))
    assert overview(run(tmp_path, home, "--live")[1]) == expected(*ALL)
    server.stop()
    status, report, err = run(tmp_path, home)                 # app closed, no --live: what was read stays
    assert (status, overview(report), report["warnings"]) == (0, expected(*ALL), [])
    status, report, _ = run(tmp_path, home, "--live")          # unchanged files: nothing to ask
    assert (overview(report), report["warnings"]) == (expected(*ALL), [])
    pb = os.path.join(home, ".gemini", "antigravity", "conversations", A + ".pb")
    with open(pb, "ab") as f:                                  # the conversation went on
        f.write(b"more")
    status, report, _ = run(tmp_path, home)
    assert overview(report) == expected(*ALL)
    assert report["warnings"] == [f"1 path could not be read: {pb}: {antigravity.CHANGED}"]
    status, report, _ = run(tmp_path, home, "--live")          # and the app is not running
    assert overview(report) == expected(*ALL)
    assert report["warnings"] == [
        f"1 {antigravity.NOT_REFRESHED}; first at {pb} (no running antigravity language server found)"]


def test_live_refreshes_a_changed_conversation(tmp_path, home, servers):
    servers.append(first := FakeServer(str(tmp_path), home))
    run(tmp_path, home, "--live")
    first.stop()
    more = json.loads(json.dumps(CASCADES))
    more[B]["json"]["response"]["generatorMetadata"].append(
        {"chatModel": {"usage": usage("MODEL_PLACEHOLDER_M37", 1000, 100, 0, 100, "rb2"),
                       "chatStartMetadata": {"createdAt": "2026-11-25T11:30:00Z"}}})
    write_pb(home, "antigravity", "conversations", B, b"longer now" * 10)
    servers.append(second := FakeServer(str(tmp_path), home, cascades=more))
    status, report, err = run(tmp_path, home, "--live")
    assert overview(report) == expected(*ALL, (1000, 100, 0, 1000 * 2e-6 + 100 * 12e-6))
    assert [json.loads(r["body"]).get("cascadeId") for r in second.requests()] == [None, B]   # A is unchanged


@pytest.mark.parametrize("case, answer, reason", [
    ("bad csrf", {"expect_token": "another-token-0123456789"}, "HTTP 403 from 127.0.0.1:{port} (CSRF token refused)"),
    ("malformed json", {"cascades": {A: {"raw": "{\"generatorMetadata\": [tru"}}}, "the answer is not JSON"),
    ("server error", {"cascades": {A: {"status": 500, "raw": "oops"}}}, "HTTP 500 from 127.0.0.1:{port}"),
])
def test_a_failed_answer_is_one_warning(tmp_path, home, servers, case, answer, reason):
    cascades = answer.pop("cascades", CASCADES)
    servers.append(server := FakeServer(str(tmp_path), home, cascades={**CASCADES, **cascades}, **answer))
    status, report, err = run(tmp_path, home, "--live")
    assert status == 0, err
    pb = os.path.join(home, ".gemini", "antigravity", "conversations", A + ".pb")
    method = "GetCascadeTrajectoryGeneratorMetadata"
    if case == "bad csrf":   # refused once: not asked again (B is named with the same reason)
        assert overview(report) == (0, 0, 0, 0.0)
        assert report["warnings"] == [f"2 {antigravity.NOT_REFRESHED}; first at {pb} (GetAvailableModels: "
                                      + reason.format(port=server.port) + ")"]
        assert len(server.requests()) == 1    # the model map, the first request
    else:                    # only A's answer is bad: B is read
        assert overview(report) == expected(CALL_B1)
        assert report["warnings"] == [f"1 {antigravity.NOT_REFRESHED}; first at {pb} ({method}: "
                                      + reason.format(port=server.port) + ")"]
    assert "codeburn: warning: " in err


def test_timeout(tmp_path, home, servers, monkeypatch):
    monkeypatch.setattr(live, "RPC_TIMEOUT_S", 0.5)
    servers.append(server := FakeServer(str(tmp_path), home, cascades={**CASCADES, A: {"sleep": 20, "json": {}}}))
    started = time.monotonic()
    status, report, err = run(tmp_path, home, "--live")
    assert time.monotonic() - started < 15            # one timeout (not the server's 20 s), and B not asked after it
    pb = os.path.join(home, ".gemini", "antigravity", "conversations", A + ".pb")
    assert report["warnings"] == [f"2 {antigravity.NOT_REFRESHED}; first at {pb} (GetCascadeTrajectoryGenerator"
                                  f"Metadata: no answer from 127.0.0.1:{server.port} within 0.5 s)"]
    assert overview(report) == (0, 0, 0, 0.0)


def test_refused(tmp_path, home, servers):
    """A server process on the list whose port nobody listens on."""
    servers.append(server := FakeServer(str(tmp_path), home, listen=False))
    status, report, err = run(tmp_path, home, "--live")
    assert status == 0
    pb = os.path.join(home, ".gemini", "antigravity", "conversations", A + ".pb")
    assert report["warnings"] == [f"2 {antigravity.NOT_REFRESHED}; first at {pb} (GetAvailableModels: "
                                  f"connection refused by 127.0.0.1:{server.port})"]


def test_cli_files_ask_the_cli_server(tmp_path, servers):
    """`antigravity-cli` conversations and implicit files go to the server
    started for that app's data dir; the project label is the app's."""
    home = str(tmp_path / "home")
    write_pb(home, "antigravity-cli", "implicit", B)
    servers.append(FakeServer(str(tmp_path), home, app="antigravity"))     # another app's: not this one
    servers.append(cli := FakeServer(str(tmp_path), home, app="antigravity-cli",
                                     token="cli-token-abcdefghijklmnop"))
    status, report, err = run(tmp_path, home, "--live")
    assert overview(report) == expected(CALL_B1) == (1, 500, 50, 0.00172)   # [0.9.20] the same
    assert report["warnings"] == []
    assert [r["token"] for r in cli.requests()] == ["cli-token-abcdefghijklmnop"] * 2
    assert servers[0].requests() == []
    assert [p["name"] for p in report["projects"]] == ["antigravity-cli"]


def test_named_port_silent_then_what_it_listens_on(tmp_path, home, servers):
    """A server whose command line names a port nobody answers on (the
    extension host's, say) is asked on the ports it does listen on."""
    servers.append(FakeServer(str(tmp_path), home, port_flag="extension_server_port", listen_port=0))
    status, report, err = run(tmp_path, home, "--live")
    assert (overview(report), report["warnings"]) == (expected(*ALL), [])   # [0.9.20] 0 calls, no warning


def test_ide_server_port_is_found_by_what_it_listens_on(tmp_path, servers):
    """The IDE's language server gets an ephemeral port: its command line
    names the extension host's; the one it listens on is found (/proc)."""
    home = str(tmp_path / "home")
    write_pb(home, "antigravity-ide", "conversations", A)
    servers.append(ide := FakeServer(str(tmp_path), home, app="antigravity-ide", port_flag="extension_server_port",
                                     listen_port=0))
    assert ide.listening != ide.port
    assert live.listening_ports(ide.proc.pid) == [ide.listening]
    if shutil.which("lsof"):           # the way on macOS, where there is no /proc
        assert live._lsof_ports(ide.proc.pid) == [ide.listening]
    status, report, err = run(tmp_path, home, "--live")
    assert overview(report) == expected(CALL_A1, CALL_A2, CALL_A3) == (3, 15800, 1240, 0.03832)   # [0.9.20]
    assert report["warnings"] == []


def test_status_line_log_skips_conversations_read_live(tmp_path, home, servers):
    servers.append(FakeServer(str(tmp_path), home))
    run(tmp_path, home, "--live")
    log = tmp_path / "cache" / "antigravity-statusline.jsonl"
    log.write_text("".join(json.dumps({"at": "2026-11-25T10:30:00Z", "conversationId": conv, "model": "gemini-3-flash",
                                       "usage": {"inputTokens": 100, "outputTokens": 10}}) + "\n"
                           for conv in (A, "other-conversation")))
    status, report, _ = run(tmp_path, home)
    assert overview(report) == expected(*ALL, (100, 10, 0, 100 * 5e-7 + 10 * 3e-6))


def test_scan_accepts_pb_paths(tmp_path, home, servers):
    servers.append(FakeServer(str(tmp_path), home))
    run(tmp_path, home, "--live")
    pb = os.path.join(home, ".gemini", "antigravity", "conversations", B + ".pb")
    environ = {"HOME": home, "TZ": "UTC", "CODEBURN_CACHE_DIR": str(tmp_path / "cache")}
    out, err = io.StringIO(), io.StringIO()
    env = Environment(stdout=out, stderr=err, environ=environ, home=home, clock=lambda: NOW, cwd=str(tmp_path))
    assert main(["scan", "--format", "json", pb], env) == 0, err.getvalue()
    assert overview(json.loads(out.getvalue())) == expected(CALL_B1)
    assert json.loads(out.getvalue())["warnings"] == []
    other = write_pb(home, "antigravity", "conversations", "0badc0de-0000-4000-8000-000000000000")
    out, err = io.StringIO(), io.StringIO()
    env = Environment(stdout=out, stderr=err, environ=environ, home=home, clock=lambda: NOW, cwd=str(tmp_path))
    assert main(["scan", "--format", "json", pb, other], env) == 0, err.getvalue()
    report = json.loads(out.getvalue())
    assert overview(report) == expected(CALL_B1)
    assert report["warnings"] == [f"1 {antigravity.NOT_READ_GIVEN}; first at {other}"]


def test_a_warm_repeat_is_kept_whole(tmp_path, home):
    """The notices of a run without --live do not stop the scan from being
    kept (codeburn.cache.scanmemo): the repeat reads nothing and says the same."""
    from codeburn.cache import filecache, scanmemo

    first = run(tmp_path, home)
    assert os.path.exists(tmp_path / "cache" / filecache.SUBDIR / scanmemo.NAME)
    assert run(tmp_path, home) == first


def test_server_discovery_lines():
    line = ("/usr/share/antigravity/resources/app/extensions/antigravity/bin/language_server_linux_x64 --enable_lsp "
            "--extension_server_port=40123 --csrf_token 'abcdefghijklmnop1234' --app_data_dir \"/home/u/.gemini/"
            "antigravity-ide\"")
    assert live.parse_process(7, line) == live.Server(7, 40123, "abcdefghijklmnop1234", "antigravity-ide",
                                                       "/home/u/.gemini/antigravity-ide")
    assert live.parse_process(7, line.replace("antigravity", "windsurf")) is None   # not Antigravity's
    assert live.parse_process(7, line.replace("abcdefghijklmnop1234", "short")) is None
    assert live.parse_process(7, "language_server antigravity --https_server_port 70000 --csrf_token "
                                 "abcdefghijklmnop1234") is None
    servers = [live.Server(1, 1, "t" * 16, None), live.Server(2, 2, "t" * 16, "antigravity-cli")]
    assert live.server_for("antigravity", servers).pid == 1
    assert live.server_for("antigravity-cli", servers).pid == 2
    assert live.server_for("antigravity-ide", servers) is None
    two = [live.Server(3, 3, "t" * 16, "antigravity-cli", "/home/v/.gemini/antigravity-cli"), servers[1],
           live.Server(4, 4, "t" * 16, "antigravity-cli", "~/.gemini/antigravity-cli")]
    assert live.server_for("antigravity-cli", two).pid == 3                   # no home known: the first
    assert live.server_for("antigravity-cli", two, "/home/v").pid == 3
    assert live.server_for("antigravity-cli", two, os.path.expanduser("~")).pid == 4   # ~ as the user's home


def test_counts_and_output_rule():
    assert [live.count(v) for v in ("12", 12, "12abc", "-5", "x", None, True, 1.5e20)] == [12, 12, 12, 0, 0, 0, 0, 0]
    # Beyond the reference (which takes responseOutputTokens as given): the `.db` rule, so a
    # response without the split keeps its output, and a split that disagrees with the total is fixed.
    # [0.9.20] on these two entries (createdAt added): output 0 + 3, cost 20 * 5e-7 + 7 * 3e-6 = 3.1e-05;
    # codeburn: output 7 + 5 (reasoning 4), cost 20 * 5e-7 + 16 * 3e-6 = 5.8e-05.
    (c,) = live.calls_of("x", [{"chatModel": {"usage": {"model": "gemini-3-flash", "inputTokens": "10",
                                                        "outputTokens": "7"}}}], {})
    assert (c.output, c.reasoning) == (7, 0)
    (c,) = live.calls_of("x", [{"chatModel": {"usage": {"model": "gemini-3-flash", "inputTokens": "10",
                                                        "outputTokens": "9", "thinkingOutputTokens": "4",
                                                        "responseOutputTokens": "3"}}}], {})
    assert (c.output, c.reasoning) == (5, 4)
    assert live.calls_of("x", ["junk", {"chatModel": []}, {"chatModel": {"usage": "x"}}], {}) == []
    assert live.model_map({"response": {"models": {"k": {"model": "M", "displayName": "Gemini 3.5 Flash (Low)"},
                                                   "bad": "x"}}}) == {"M": "gemini-3.5-flash-low"}


def test_pb_sniffed_for_scan(tmp_path):
    assert antigravity.sniff(str(tmp_path / "conversations" / "x.pb"), b"\x00")
    assert antigravity.sniff(str(tmp_path / A) + ".pb", b"\x00")
    assert not antigravity.sniff(str(tmp_path / "model.pb"), b"\x00")        # some other tool's protobuf


def run_command(tmp_path, home, argv):
    environ = {"HOME": home, "TZ": "UTC", "CODEBURN_CACHE_DIR": str(tmp_path / "cache"),
               "PATH": os.environ.get("PATH", "/usr/bin:/bin")}
    out, err = io.StringIO(), io.StringIO()
    env = Environment(stdout=out, stderr=err, environ=environ, home=home, clock=lambda: NOW, cwd=str(tmp_path))
    return int(main(argv, env)), out.getvalue(), err.getvalue()


def test_status_live_asks_past_its_snapshot(tmp_path, home, servers):
    """status keeps its answer while the files are unchanged; --live asks
    the app all the same, and the default run after it sees the new calls."""
    status, out, _ = run_command(tmp_path, home, ["status", "--format", "json", "--provider", "antigravity"])
    assert (status, json.loads(out)["month"]["calls"]) == (0, 0)
    servers.append(server := FakeServer(str(tmp_path), home))
    status, out, err = run_command(tmp_path, home, ["status", "--format", "json", "--provider", "antigravity",
                                                    "--live"])
    assert json.loads(out)["month"]["calls"] == 4, err
    assert len(server.requests()) == 3
    server.stop()
    status, out, err = run_command(tmp_path, home, ["status", "--format", "json", "--provider", "antigravity"])
    assert (json.loads(out)["month"]["calls"], json.loads(out)["month"]["cost"]) == (4, 0.04)   # cents


def test_live_is_an_option_of_the_reading_commands(tmp_path, home):
    for argv in (["export", "-f", "json", "-o", str(tmp_path / "x.json")], ["models"], ["sessions"], ["optimize"],
                 ["overview"], ["today"], ["month"]):
        status, _, err = run_command(tmp_path, home, [*argv, "--live", "--provider", "antigravity"])
        assert status == 0, (argv, err)   # no server running: a warning, not an error


def test_db_store_without_usage_rows_is_asked(tmp_path, servers):
    """As the reference does: a `.db` store whose gen_metadata has no usage
    goes to the server too (and, without --live, is not warned about)."""
    from tests.records_util import make_db

    home = str(tmp_path / "home")
    d = os.path.join(home, ".gemini", "antigravity", "conversations")
    make_db(os.path.join(d, B + ".db"), "CREATE TABLE gen_metadata (idx INTEGER PRIMARY KEY, data BLOB);", {})
    status, report, err = run(tmp_path, home)
    assert (overview(report), report["warnings"]) == ((0, 0, 0, 0.0), [])
    servers.append(FakeServer(str(tmp_path), home))
    status, report, err = run(tmp_path, home, "--live")
    assert (overview(report), report["warnings"]) == (expected(CALL_B1), [])


def test_any_json_answer_is_safe():
    """Whatever JSON the server sends, the answer is read or ignored, never raised on."""
    from hypothesis import given, settings, strategies as st

    leaf = st.one_of(st.none(), st.booleans(), st.integers(-2 ** 70, 2 ** 70), st.floats(allow_nan=True),
                     st.text(max_size=8), st.sampled_from(["12", "-1", "1e3", "MODEL_PLACEHOLDER_M1"]))
    keys = st.sampled_from(["generatorMetadata", "response", "chatModel", "usage", "model", "inputTokens",
                            "outputTokens", "thinkingOutputTokens", "responseOutputTokens", "responseId",
                            "chatStartMetadata", "createdAt", "models", "displayName", "x"])
    doc = st.recursive(leaf, lambda inner: st.one_of(st.lists(inner, max_size=4),
                                                     st.dictionaries(keys, inner, max_size=5)), max_leaves=25)

    @settings(max_examples=400, deadline=None)
    @given(doc)
    def check(answer):
        calls = live.calls_of("c", live.generator_metadata(answer), live.model_map(answer))
        assert all(c.input >= 0 and c.output >= 0 and c.reasoning >= 0 for c in calls)

    check()


def test_kept_files_damaged_or_of_deleted_conversations(tmp_path, home, servers):
    servers.append(FakeServer(str(tmp_path), home))
    run(tmp_path, home, "--live")
    kept = tmp_path / "cache" / live.KEPT_DIR
    (kept / f"{A}.json").write_text('{"version": 1, "cascade": "' + A + '", "calls": [[1, 2')   # torn
    status, report, _ = run(tmp_path, home)
    assert overview(report) == expected(CALL_B1)                 # A is as if never read live, and named so
    pb_a = os.path.join(home, ".gemini", "antigravity", "conversations", A + ".pb")
    assert report["warnings"] == [f"1 path could not be read: {pb_a}: {antigravity.NOT_READ}"]
    os.remove(os.path.join(home, ".gemini", "antigravity", "conversations", B + ".pb"))
    run(tmp_path, home)
    assert (kept / f"{B}.json").exists()                         # only a --live run forgets
    run(tmp_path, home, "--live")
    assert sorted(os.listdir(kept)) == [f"{A}.json"]
    assert live.entry_path("../x").startswith(str(kept)) and live.entry_path(".hidden") != str(kept / ".hidden.json")


def test_the_server_of_this_home_is_asked_not_another_accounts(tmp_path, home, servers):
    """Two language servers of the same app in the process list (another
    home's, a second account of the same user): this home's is asked."""
    other_home = str(tmp_path / "other-home")
    other_tmp = tmp_path / "other"
    other_tmp.mkdir()
    servers.append(other := FakeServer(str(other_tmp), other_home, token="other-token-abcdefghijklmnop"))
    servers.append(mine := FakeServer(str(tmp_path), home))
    status, report, err = run(tmp_path, home, "--live")
    assert status == 0 and overview(report) == expected(*ALL)
    assert other.requests() == [] and len(mine.requests()) == 3
