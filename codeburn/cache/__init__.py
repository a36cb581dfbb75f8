"""What codeburn keeps between runs, under its own cache directory (cachedir):
decoded files (filecache), records providers' sessions (recordcache), the last
scan whole (scanmemo), classified turns (turnmemo) and the last outputs
(reportmemo, snapshot). Every file here is written atomically, some in a
thread of their own (later)."""
