"""Scale-out: the decoding of a scan's session files on a Dask cluster.

`--dask ADDRESS` (a scheduler's address, or `local[:N]` for a LocalCluster
of N worker processes) hands the decoding of Claude Code and Codex files to
the cluster; everything after it (cross-file dedup in discovery order,
turns, the classifier, pricing, every report) runs in this process exactly
as for a local scan, so the numbers are the same to the cent.

What a task does is what a reading thread does locally (codeburn.read.decoding):
one file, or one part of a large Claude Code file (the lines that start in
a byte range; parts are joined here with DecodedFile.append), decoded by the
compiled reader into a DecodedFile, shipped back as its dumps() bytes (about
1-2 % of the file). The merge is DecodedFile.loads + Scanner.adopt per file,
in discovery order. A partial that does not load fails the run: a smaller
total is never reported silently.

- Paths are what the workers can open: local or shared (NFS) paths, or
  fsspec URLs (`s3://…`, `gs://…`, `file://…`) where the backend is
  installed on the workers, which copy a remote file to a local temporary
  file before reading it (remote files are not split into parts).
- The per-file cache is not used (the workers have none of their own).
- A worker that dies has its tasks run again elsewhere (Dask reschedules
  them); a file that cannot be read is a warning in the report, as locally.
- Records providers' sources (stores, JSON files) are read here, not on
  the cluster.
"""
from __future__ import annotations

import os
import tempfile
import threading

from codeburn._fast import Scanner
from codeburn._fast.reader import DecodedFile, local_zone
from codeburn.errors import Failure, UsageError
from codeburn.providers import PROVIDERS
from codeburn.read.decoding import NATIVE_KINDS, make_scanner

PART_BYTES = 64 << 20      # a local Claude Code file of two or more of these is split into parts
BATCH_BYTES = 64 << 20     # small files decoded together: about this many bytes a task
BATCH_FILES = 1024         # ...and at most this many files
BATCHES_PER_WORKER = 2     # batches in flight per worker ahead of the merge (bounds the cluster's memory)
INSTALL_HINT = "pip install 'codeburn[dask]'"


class ScaleOutError(Failure):
    """The cluster's work could not be merged, or no cluster reached: one
    line, exit 1."""


def is_url(path: str) -> bool:
    return "://" in path and not path.startswith("file://")


def local_path(path: str) -> str:
    return path[len("file://"):] if path.startswith("file://") else path


# --- on the workers -----------------------------------------------------------

def decode_task(rules, path: str, idx: int, kind: str, session: str, start: int, stop: int, zone=None) -> bytes:
    """One file (or the lines of a Claude Code file that start in
    [start, stop); stop < 0: to its end), decoded as the local threads
    decode it, as DecodedFile.dumps() bytes."""
    return decode_batch(rules, [(path, idx, kind, session, start, stop)], zone)[0]


def decode_batch(rules, items: list[tuple], zone=None) -> list[bytes]:
    """decode_task over several files with one reader; `zone`: where times
    without a zone are local (the command's, periods.local_times)."""
    from codeburn._fast.reader import set_local_zone

    set_local_zone(zone)
    scanner = make_scanner(rules, keep_prompts=False)
    return [_decode(scanner, *item) for item in items]


def _decode(scanner, path: str, idx: int, kind: str, session: str, start: int, stop: int) -> bytes:
    with _readable(path) as local:
        if kind == "codex":
            decoded = scanner.decode_codex(local, idx, session)
        elif start or stop >= 0:
            decoded = scanner.decode_part(local, idx, start, stop)
        else:
            decoded = scanner.decode_file(local, idx)
        return decoded.dumps()


class _readable:
    """A local path for `path`: itself, or a temporary copy of a URL."""

    def __init__(self, path: str):
        self.path, self.tmp = path, None

    def __enter__(self) -> str:
        if not is_url(self.path):
            return local_path(self.path)
        import fsspec

        fd, self.tmp = tempfile.mkstemp(prefix="codeburn-", suffix=".jsonl")
        try:
            with os.fdopen(fd, "wb") as out, fsspec.open(self.path, "rb") as src:
                while chunk := src.read(8 << 20):
                    out.write(chunk)
        except OSError:
            pass  # the reader then reports the file as unreadable, as locally
        except Exception as exc:  # fsspec backends raise their own errors
            raise OSError(f"{self.path}: {exc}") from exc
        return self.tmp

    def __exit__(self, *exc) -> None:
        if self.tmp:
            try:
                os.unlink(self.tmp)
            except OSError:
                pass


# --- here -----------------------------------------------------------------------

def connect(address: str):
    """(client, cluster or None) for --dask ADDRESS; `local[:N]` starts a
    LocalCluster of N worker processes (default 2)."""
    try:
        from distributed import Client, LocalCluster
    except ImportError:
        raise UsageError("--dask needs Dask's distributed scheduler", hint=INSTALL_HINT) from None
    if address == "local" or address.startswith("local:"):
        n = address.partition(":")[2] or "2"
        if not n.isdigit() or int(n) < 1:
            raise UsageError(f'invalid --dask "{address}"', hint="local or local:N with N >= 1 workers")
        cluster = LocalCluster(n_workers=int(n), threads_per_worker=1, processes=True, dashboard_address=None)
        return Client(cluster), cluster
    try:
        return Client(address, timeout="10s"), None
    except (OSError, TimeoutError, ValueError) as exc:
        raise ScaleOutError(f"cannot reach the Dask scheduler at {address}: {exc}") from None


class ClusterDecoders:
    """The interface of codeburn.read.parallel.Queued (`idx in`, adopt, close)
    over a Dask client. The files (and parts of large files) are cut into
    batches of about BATCH_BYTES in discovery order, a task each (a task per
    small file would leave the scheduler, at a few hundred tasks a second,
    the bottleneck on histories of many small sessions); batches are
    submitted a window ahead of the merge and adopted file by file, in order."""

    def __init__(self, client, sources, rules, part_bytes: int = PART_BYTES, cluster=None):
        self.client, self.cluster = client, cluster
        self.sources = sources
        workers = max(1, len(client.scheduler_info().get("workers", {})))
        self.window = BATCHES_PER_WORKER * workers
        self.part_bytes = part_bytes
        self.batches: list[list[tuple]] = []          # task items, in discovery order
        self.where: dict[int, list[tuple[int, int]]] = {}  # file -> (batch, position) of each part
        self._plan()
        self.left = [len(b) for b in self.batches]   # items of each batch not yet adopted
        self.futures: dict[int, object] = {}          # batch -> its future, while in flight
        self.results: dict[int, list] = {}            # batch -> its blobs, once fetched
        self.next = 0
        self.lock = threading.Lock()
        self.zone = local_zone()  # the command's (periods.local_times), for the workers
        self.rules = client.scatter(rules, broadcast=True)
        self._fill()

    def _plan(self) -> None:
        batch, size = [], 0
        for idx, src in enumerate(self.sources):
            kind = PROVIDERS[src.provider].KIND
            if kind not in NATIVE_KINDS:
                continue
            ranges, nbytes = self._ranges(src.path) if kind == "claude" else ([(0, -1)], self._size(src.path))
            for a, b in ranges:
                if batch and (size + nbytes > BATCH_BYTES or len(batch) >= BATCH_FILES or len(ranges) > 1):
                    self.batches.append(batch)
                    batch, size = [], 0
                self.where.setdefault(idx, []).append((len(self.batches), len(batch)))
                batch.append((src.path, idx, kind, src.session_id, a, b))
                size += nbytes if len(ranges) == 1 else self.part_bytes
        if batch:
            self.batches.append(batch)

    def __contains__(self, idx: int) -> bool:
        return idx in self.where

    def _fill(self) -> None:
        while self.next < len(self.batches) and len(self.futures) < self.window:
            self.futures[self.next] = self.client.submit(decode_batch, self.rules, self.batches[self.next], self.zone,
                                                         pure=False)
            self.next += 1

    @staticmethod
    def _size(path: str) -> int:
        if is_url(path):
            return 0
        try:
            return os.stat(local_path(path)).st_size
        except OSError:
            return 0  # the worker reports it

    def _ranges(self, path: str) -> tuple[list[tuple[int, int]], int]:
        """Byte ranges of a local file's parts (the whole file when small or
        remote), and its size."""
        size = self._size(path)
        n = size // self.part_bytes if size >= 2 * self.part_bytes else 1
        cuts = [k * self.part_bytes for k in range(n)]
        return [(a, cuts[k + 1] if k + 1 < n else -1) for k, a in enumerate(cuts)], size

    def _blob(self, batch: int, pos: int) -> bytes:
        with self.lock:
            future = self.futures[batch]
        if batch not in self.results:
            self.results[batch] = future.result()  # a task's own exception is raised here
        blob = self.results[batch][pos]
        self.left[batch] -= 1
        if not self.left[batch]:  # every file of the batch adopted: let the cluster forget it
            with self.lock:
                self.futures.pop(batch).release()
                self.results.pop(batch)
                self._fill()
        return blob

    def adopt(self, main: Scanner, idx: int):
        places = self.where[idx]
        parts = []
        for k, (batch, pos) in enumerate(places):
            decoded = DecodedFile.loads(self._blob(batch, pos))
            if decoded is None:
                raise ScaleOutError(f"a partial result from the cluster did not load: {self.sources[idx].path} "
                                    f"(part {k + 1} of {len(places)})")
            parts.append(decoded)
        whole = parts[0]
        if len(parts) > 1:
            whole.append(parts[1:])
        got = main.adopt(whole, idx)
        if got is None:  # a Codex rollout whose calls depend on other files: read here, in order
            src = self.sources[idx]
            with _readable(src.path) as local:
                got = main.scan_file(local, idx, "codex", src.session_id)
        return got

    def close(self) -> None:
        for f in self.futures.values():
            f.cancel()
        self.futures.clear()
        self.client.close()
        if self.cluster is not None:
            self.cluster.close()


def start(address: str, sources, rules, part_bytes: int | None = None) -> ClusterDecoders:
    client, cluster = connect(address)
    try:
        return ClusterDecoders(client, sources, rules, part_bytes or PART_BYTES, cluster)
    except BaseException:
        client.close()
        if cluster is not None:
            cluster.close()
        raise
