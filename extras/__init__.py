"""Desktop integrations shipped with codeburn (as package data): the GNOME
Shell extension and the xbar / SwiftBar plugin. `codeburn menubar` says
where they are and how to install them."""
