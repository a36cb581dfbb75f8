"""A headless Chromium driven over the DevTools protocol on a pipe
(--remote-debugging-pipe: commands on fd 3, events and answers on fd 4,
each message JSON ended by a NUL), so tests need no websocket library.
Used to load a page and see what a reader would: console messages,
exceptions, every request the page made, the DOM, a screenshot."""
from __future__ import annotations

import base64
import fcntl
import json
import os
import select
import shutil
import subprocess
import tempfile
import time
from dataclasses import dataclass, field

TIMEOUT_S = 60.0


def find_chromium() -> str | None:
    for name in ("chromium", "chromium-browser", "google-chrome", "google-chrome-stable"):
        path = shutil.which(name)
        if path:
            return path
    return None


@dataclass
class PageLoad:
    console: list[dict] = field(default_factory=list)     # Runtime.consoleAPICalled
    exceptions: list[dict] = field(default_factory=list)  # Runtime.exceptionThrown
    log: list[dict] = field(default_factory=list)         # Log.entryAdded (network, security, …)
    requests: list[str] = field(default_factory=list)     # every URL the page asked for
    failed: list[dict] = field(default_factory=list)      # Network.loadingFailed

    def errors(self) -> list[str]:
        out = [f"console.{c['type']}: {c['args']}" for c in self.console if c["type"] in ("error", "assert")]
        out += [f"exception: {e['exceptionDetails']}" for e in self.exceptions]
        out += [f"log {e['entry']['level']}: {e['entry']['text']}" for e in self.log
                if e["entry"]["level"] == "error"]
        out += [f"request failed: {f}" for f in self.failed]
        return out


def _above_4(fd: int) -> int:
    """fd moved above 4, so that making fds 3 and 4 of the child closes none of the pipe ends."""
    high = fcntl.fcntl(fd, fcntl.F_DUPFD_CLOEXEC, 10)
    os.close(fd)
    return high


class Chromium:
    def __init__(self, binary: str):
        self.profile = tempfile.mkdtemp(prefix="codeburn-chromium-")
        cmd_r, self._cmd_w = os.pipe()
        self._out_r, out_w = os.pipe()
        cmd_r, out_w = _above_4(cmd_r), _above_4(out_w)
        args = [binary, "--headless", "--no-sandbox", "--disable-gpu", "--no-first-run", "--no-default-browser-check",
                "--disable-extensions", "--disable-background-networking", "--disable-sync",
                f"--user-data-dir={self.profile}", "--remote-debugging-pipe", "about:blank"]
        # The browser reads commands on fd 3 and writes on fd 4: the child
        # moves the pipe ends there before exec (they are above 4, so neither
        # is overwritten; everything else Python opens is close-on-exec).
        self.proc = subprocess.Popen(args, stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL,
                                     stderr=subprocess.DEVNULL, close_fds=False,
                                     preexec_fn=lambda: (os.dup2(cmd_r, 3), os.dup2(out_w, 4)))
        os.close(cmd_r)
        os.close(out_w)
        self._buf = b""
        self._next_id = 0
        self.events: list[dict] = []
        self.session = self._attach()

    def _send(self, method: str, params: dict | None = None, session: str | None = None) -> dict:
        self._next_id += 1
        msg = {"id": self._next_id, "method": method, "params": params or {}}
        if session:
            msg["sessionId"] = session
        os.write(self._cmd_w, json.dumps(msg).encode() + b"\0")
        while True:
            reply = self._read()
            if reply.get("id") == self._next_id:
                if "error" in reply:
                    raise RuntimeError(f"{method}: {reply['error']}")
                return reply.get("result", {})
            self.events.append(reply)

    def _read(self) -> dict:
        deadline = time.monotonic() + TIMEOUT_S
        while b"\0" not in self._buf:
            left = deadline - time.monotonic()
            if left <= 0 or not select.select([self._out_r], [], [], left)[0]:
                raise TimeoutError("no answer from chromium")
            chunk = os.read(self._out_r, 1 << 16)
            if not chunk:
                raise RuntimeError("chromium closed its pipe")
            self._buf += chunk
        msg, self._buf = self._buf.split(b"\0", 1)
        return json.loads(msg)

    def _attach(self) -> str:
        targets = self._send("Target.getTargets")["targetInfos"]
        page = next(t for t in targets if t["type"] == "page")
        return self._send("Target.attachToTarget", {"targetId": page["targetId"], "flatten": True})["sessionId"]

    def call(self, method: str, params: dict | None = None) -> dict:
        return self._send(method, params, self.session)

    def load(self, url: str, width: int = 800, height: int = 1000) -> PageLoad:
        for domain in ("Runtime", "Log", "Network", "Page"):
            self.call(f"{domain}.enable")
        self.call("Emulation.setDeviceMetricsOverride",
                  {"width": width, "height": height, "deviceScaleFactor": 1, "mobile": False})
        self.events.clear()
        self.call("Page.navigate", {"url": url})
        deadline = time.monotonic() + TIMEOUT_S
        while not any(e.get("method") == "Page.loadEventFired" for e in self.events):
            if time.monotonic() > deadline:
                raise TimeoutError(f"{url} did not load")
            self.events.append(self._read())
        self.evaluate("1")  # let events queued before the load event arrive
        return self._page_load()

    def _page_load(self) -> PageLoad:
        out = PageLoad()
        for e in self.events:
            m, p = e.get("method"), e.get("params", {})
            if m == "Runtime.consoleAPICalled":
                out.console.append({"type": p["type"], "args": [a.get("value") for a in p.get("args", [])]})
            elif m == "Runtime.exceptionThrown":
                out.exceptions.append(p)
            elif m == "Log.entryAdded":
                out.log.append(p)
            elif m == "Network.requestWillBeSent":
                out.requests.append(p["request"]["url"])
            elif m == "Network.loadingFailed":
                out.failed.append(p)
        return out

    def evaluate(self, expression: str):
        result = self.call("Runtime.evaluate", {"expression": expression, "returnByValue": True})
        if "exceptionDetails" in result:
            raise RuntimeError(f"{expression}: {result['exceptionDetails']}")
        return result["result"].get("value")

    def screenshot(self, path: str) -> None:
        data = self.call("Page.captureScreenshot", {"format": "png", "captureBeyondViewport": True})["data"]
        with open(path, "wb") as f:
            f.write(base64.b64decode(data))

    def close(self) -> None:
        try:
            self._send("Browser.close")
        except (RuntimeError, OSError, TimeoutError):
            pass
        try:
            self.proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            self.proc.wait()
        for fd in (self._cmd_w, self._out_r):
            os.close(fd)
        shutil.rmtree(self.profile, ignore_errors=True)
