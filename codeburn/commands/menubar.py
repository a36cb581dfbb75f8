"""codeburn menubar: where the desktop integrations are, and how to install them.

Usage:
  codeburn menubar [options]

The GNOME Shell extension and the xbar / SwiftBar plugin ship inside the
package; they read `codeburn status --format menubar-json` (GNOME) and
`codeburn status --format xbar` (xbar, SwiftBar). waybar and i3status-rs
use `codeburn status --format waybar` directly.

Options:
  --format FMT    text or json (the paths) [default: text]
  -h, --help      show this help
"""
from __future__ import annotations

import os
from importlib import resources

from codeburn.commands.common import check_format
from codeburn.env import Environment
from codeburn.status import ExitStatus

UUID = "codeburn@codeburn.dev"


def locations() -> dict:
    extras = str(resources.files("codeburn.extras"))
    gnome = os.path.join(extras, "gnome-shell")
    return {"gnomeExtension": os.path.join(gnome, UUID), "gnomeInstall": os.path.join(gnome, "install.sh"),
            "xbarPlugin": os.path.join(extras, "xbar", "codeburn.1m.sh")}


def run(args: dict, env: Environment) -> ExitStatus:
    fmt = check_format(args["--format"], ("text", "json"))
    where = locations()
    if fmt == "json":
        from codeburn.report import jsjson

        env.stdout.write(jsjson.dumps(where) + "\n")
        return ExitStatus.OK
    env.stdout.write(f"""
  GNOME Shell (45 or later): today's spend in the top panel
    extension  {where['gnomeExtension']}
    install    sh {where['gnomeInstall']}
               (then log out and in on Wayland; settings in the Extensions app)

  macOS menu bar: xbar or SwiftBar
    plugin     {where['xbarPlugin']}
    install    copy it into the plugin folder (xbar: ~/Library/Application Support/xbar/plugins)
               and make it executable; `1m` in its name refreshes it every minute

  waybar / i3status-rs custom module
    "custom/codeburn": {{"exec": "codeburn status --format waybar", "return-type": "json", "interval": 60}}

""")
    return ExitStatus.OK
