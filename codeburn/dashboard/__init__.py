"""The interactive dashboard. Only `codeburn dashboard` (or a bare
`codeburn` on a terminal) imports this package's Textual parts, so the
other commands never pay for importing Textual."""
