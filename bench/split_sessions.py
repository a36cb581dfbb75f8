"""A history of many small sessions, made from a Claude corpus by cutting each
session file into files of a few lines.

    python bench/split_sessions.py SOURCE_DIR OUT_DIR [--lines 8]

SOURCE_DIR is a Claude config dir (with projects/), e.g. from
`gen_corpus.py --dense`; OUT_DIR gets projects/<slug>/<session>-NNNN.jsonl,
each holding the next --lines lines of the session (subagent transcripts are
left out). The shape is the one where per-file costs (discovery, a stat, an
open, cache bookkeeping) outweigh per-byte ones: `gen_corpus.py --dense
--size 500MB` cut at 8 lines gives 56,687 files of ~11 KB.
"""
from __future__ import annotations

import argparse
import os


def split(source: str, out: str, lines: int) -> int:
    """Writes the pieces; returns how many files it wrote."""
    written = 0
    projects = os.path.join(source, "projects")
    for slug in sorted(os.listdir(projects)):
        src_dir, out_dir = os.path.join(projects, slug), os.path.join(out, "projects", slug)
        names = sorted(n for n in os.listdir(src_dir) if n.endswith(".jsonl"))
        os.makedirs(out_dir, exist_ok=True)
        for name in names:
            with open(os.path.join(src_dir, name), "rb") as f:
                rows = f.read().splitlines(keepends=True)
            for k in range(0, len(rows), lines):
                with open(os.path.join(out_dir, f"{name[:-len('.jsonl')]}-{k // lines:04d}.jsonl"), "wb") as g:
                    g.writelines(rows[k:k + lines])
                written += 1
    return written


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("source")
    ap.add_argument("out")
    ap.add_argument("--lines", type=int, default=8)
    a = ap.parse_args()
    print(f"{split(a.source, a.out, a.lines)} files")


if __name__ == "__main__":
    main()
