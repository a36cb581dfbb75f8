"""Child process for the reader benchmark: scan a corpus with the compiled
reader (discovery + read + dedup + turn classification, no report) and
print bytes scanned and calls. `--no-classify` leaves the keyword matcher
out, so the two runs side by side give the classifier's cost."""
import sys

from codeburn.providers import claude
from codeburn.providers.base import Walker
from codeburn.read.scan import scan_sources

if __name__ == "__main__":
    root = sys.argv[1]
    walker = Walker()
    sources = list(claude.discover({"CLAUDE_CONFIG_DIR": root}, "/nonexistent", walker))
    result = scan_sources(sources, classify_turns="--no-classify" not in sys.argv[2:])
    print(result.stats["bytes"], result.stats["calls"])
