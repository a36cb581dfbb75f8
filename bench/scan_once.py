"""Child process for the reader benchmark: scan a corpus with the compiled
reader only (discovery + read + dedup, no report), print bytes scanned."""
import sys

from codeburn.providers.base import Walker
from codeburn.providers import claude
from codeburn.scan import scan_sources

if __name__ == "__main__":
    root = sys.argv[1]
    walker = Walker()
    sources = list(claude.discover({"CLAUDE_CONFIG_DIR": root}, "/nonexistent", walker))
    result = scan_sources(sources)
    print(result.stats["bytes"], result.stats["calls"])
