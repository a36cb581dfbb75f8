#!/bin/sh
# Installs the CodeBurn GNOME Shell extension for the current user (GNOME 45+)
# and enables it. Needs the codeburn command on PATH (or set its path in the
# extension's preferences). Log out and in again on Wayland for a first install.
set -eu
here=$(cd "$(dirname "$0")" && pwd)
uuid=codeburn@codeburn.dev
dest="${XDG_DATA_HOME:-$HOME/.local/share}/gnome-shell/extensions/$uuid"
mkdir -p "$dest/schemas"
cp "$here/$uuid/"*.js "$here/$uuid/metadata.json" "$here/$uuid/stylesheet.css" "$dest/"
cp "$here/$uuid/schemas/"*.gschema.xml "$dest/schemas/"
glib-compile-schemas "$dest/schemas"
if command -v gnome-extensions >/dev/null 2>&1; then
  gnome-extensions enable "$uuid" || echo "installed in $dest; enable it after logging in again: gnome-extensions enable $uuid"
else
  echo "installed in $dest; enable it with the Extensions app"
fi
