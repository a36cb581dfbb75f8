"""The GNOME Shell extension and the xbar plugin shipped in extras/ (issue
19): metadata and schema checked here; the extension's payload-to-menu
logic (model.js) runs under gjs where it is installed (Debian: gjs); a
headless GNOME Shell run is a slow test."""
from __future__ import annotations

import json
import os
import shutil
import subprocess
import xml.etree.ElementTree as ET

import pytest

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
EXT = os.path.join(ROOT, "extras", "gnome-shell", "codeburn@codeburn.dev")
SCHEMA_ID = "org.gnome.shell.extensions.codeburn"


def _metadata() -> dict:
    with open(os.path.join(EXT, "metadata.json"), encoding="utf-8") as f:
        return json.load(f)


def test_metadata():
    meta = _metadata()
    assert meta["uuid"] == os.path.basename(EXT)
    assert meta["settings-schema"] == SCHEMA_ID
    assert meta["shell-version"] and all(v.isdigit() and int(v) >= 45 for v in meta["shell-version"])
    assert meta["name"] and meta["description"]
    for name in ("extension.js", "prefs.js", "model.js", "stylesheet.css"):
        assert os.path.isfile(os.path.join(EXT, name)), name


def test_schema_keys():
    tree = ET.parse(os.path.join(EXT, "schemas", SCHEMA_ID + ".gschema.xml"))
    schema = tree.getroot().find("schema")
    assert schema.get("id") == SCHEMA_ID and schema.get("path") == "/org/gnome/shell/extensions/codeburn/"
    keys = {k.get("name"): k.findtext("default") for k in schema.findall("key")}
    assert keys == {"refresh-seconds": "30", "period": "'today'", "compact": "false",
                    "budget-alert-usd": "0", "cli-path": "'codeburn'"}


def test_schema_compiles_strictly():
    tool = shutil.which("glib-compile-schemas")
    if not tool:
        pytest.skip("glib-compile-schemas is not installed (Debian: libglib2.0-bin)")
    p = subprocess.run([tool, "--strict", "--dry-run", os.path.join(EXT, "schemas")], capture_output=True, text=True)
    assert p.returncode == 0, p.stderr


def test_model_under_gjs():
    gjs = shutil.which("gjs")
    if not gjs:
        pytest.skip("gjs is not installed (Debian: gjs)")
    p = subprocess.run([gjs, "-m", os.path.join(ROOT, "tests", "gjs", "model_test.js")],
                       capture_output=True, text=True, timeout=60)
    assert p.returncode == 0, p.stdout + p.stderr
    assert p.stdout.strip().endswith("26 passed, 0 failed")


def test_install_script_lays_the_extension_out(tmp_path):
    if not shutil.which("glib-compile-schemas"):
        pytest.skip("glib-compile-schemas is not installed (Debian: libglib2.0-bin)")
    env = dict(os.environ, HOME=str(tmp_path), XDG_DATA_HOME=str(tmp_path / "data"), PATH="/usr/bin:/bin")
    p = subprocess.run(["sh", os.path.join(ROOT, "extras", "gnome-shell", "install.sh")], env=env,
                       capture_output=True, text=True)
    assert p.returncode == 0, p.stderr
    dest = tmp_path / "data" / "gnome-shell" / "extensions" / "codeburn@codeburn.dev"
    assert sorted(os.listdir(dest)) == ["extension.js", "metadata.json", "model.js", "prefs.js", "schemas",
                                        "stylesheet.css"]
    assert (dest / "schemas" / "gschemas.compiled").is_file()


def test_xbar_plugin_is_two_lines_and_executable():
    path = os.path.join(ROOT, "extras", "xbar", "codeburn.1m.sh")
    with open(path, encoding="utf-8") as f:
        lines = f.read().splitlines()
    assert len(lines) == 2 and lines[0] == "#!/bin/sh" and lines[1].endswith("exec codeburn status --format xbar")
    assert os.access(path, os.X_OK)


@pytest.mark.slow
def test_headless_gnome_shell_enables_the_extension(tmp_path):
    """Starts a headless GNOME Shell with the extension installed and enabled
    and checks it reaches the ENABLED state with no error in the log."""
    shell, run_session = shutil.which("gnome-shell"), shutil.which("dbus-run-session")
    if not shell or not run_session or not shutil.which("gnome-extensions"):
        pytest.skip("needs gnome-shell, gnome-extensions and dbus-run-session (not installed on this machine)")
    data = tmp_path / "data"
    env = dict(os.environ, HOME=str(tmp_path), XDG_DATA_HOME=str(data), XDG_RUNTIME_DIR=str(tmp_path))
    subprocess.run(["sh", os.path.join(ROOT, "extras", "gnome-shell", "install.sh")], env=env, check=False)
    script = ("gnome-shell --headless --virtual-monitor 1280x800 & sleep 8; "
              "gnome-extensions enable codeburn@codeburn.dev; sleep 3; "
              "gnome-extensions info codeburn@codeburn.dev; kill %1")
    p = subprocess.run([run_session, "sh", "-c", script], env=env, capture_output=True, text=True, timeout=120)
    assert "State: ENABLED" in p.stdout or "State: ACTIVE" in p.stdout, p.stdout + p.stderr
    assert "codeburn" not in p.stderr.lower() or "error" not in p.stderr.lower()
