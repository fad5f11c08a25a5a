"""The results folder of a sweep: a store that never serves another run's rows.

A sweep with a ``directory`` keeps every finished chunk there, so that an
interrupted run resumes where it stopped. A research tool must never turn
that convenience into a wrong headline, so the folder is guarded:

- **One writer.** An exclusive lock (``.lock``, an operating-system file lock
  released when its process ends, however it ends) is held for the whole
  sweep; a second writer is refused with a message naming the holder.
- **One sweep.** The manifest (``sweep.json``) records a fingerprint of
  everything that changes the rows: the design, the model as declared (labels,
  kinds, payoffs, parameters, outcomes), the solver options, and the result
  format of this version of the package. Every chunk carries the same
  fingerprint and its point range inside its own Parquet metadata, so a chunk
  copied from another folder, written by another version, or renamed is
  recognised as foreign.
- **Whole chunks.** A chunk is written to a temporary file, flushed to disk
  (``fsync``), renamed into place atomically, and the folder entry is flushed
  too. On resume every chunk is read back and checked (readable, its
  fingerprint, its point range, its row count, its points inside its range);
  a chunk that fails is set aside and recomputed, and the result says so.

Chunk files are named by their point range, ``chunk-<start>-<stop>.parquet``
(stop exclusive), so chunks of any size can sit side by side: the runner
sizes them by time, not by a fixed number of points.
"""

from __future__ import annotations

import json
import os
import socket
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path

__all__ = ["ResultStore", "StoreLockedError", "RESULT_FORMAT", "MANIFEST", "LOCK"]

#: Version of the layout of sweep results (columns, chunk files, manifest).
#: Raise it whenever a change to the engine changes the rows a sweep writes, so
#: that no folder written before the change is resumed after it.
RESULT_FORMAT = 2

MANIFEST = "sweep.json"
LOCK = ".lock"
_METADATA_KEY = b"gametheory.sweep"


class StoreLockedError(RuntimeError):
    """Another process is writing to the results folder."""


@dataclass
class ResultStore:
    """A locked results folder holding the chunks of one sweep.

    Use as a context manager: entering takes the lock (or raises
    :class:`StoreLockedError`), leaving releases it.

    Parameters
    ----------
    directory : path
    manifest : dict
        JSON-able description of the sweep; its ``"fingerprint"`` identifies
        the sweep.
    """

    directory: Path
    manifest: dict
    notes: list[str] = field(default_factory=list)
    _lock_file: object = None

    def __post_init__(self):
        self.directory = Path(self.directory)
        if "fingerprint" not in self.manifest:
            raise ValueError("a sweep manifest needs a 'fingerprint'")

    @property
    def fingerprint(self) -> str:
        return self.manifest["fingerprint"]

    # ------------------------------------------------------------ locking
    def __enter__(self) -> "ResultStore":
        self.directory.mkdir(parents=True, exist_ok=True)
        self._lock_file = acquire_lock(self.directory)
        return self

    def __exit__(self, *exc) -> None:
        release_lock(self._lock_file)
        self._lock_file = None

    # ------------------------------------------------------------ opening
    def open(self, *, resume: bool, restart_if_different: bool = False) -> dict[tuple[int, int], object]:
        """Check the folder for this sweep; return the verified finished chunks.

        Parameters
        ----------
        resume : bool
            Continue the sweep recorded here. Without it a folder holding
            finished chunks is refused (results are never overwritten).
        restart_if_different : bool
            When the folder holds another sweep (a changed model, design or
            option), discard its chunks with a note and start afresh instead
            of refusing.

        Returns
        -------
        dict
            ``{(start, stop): DataFrame}`` of the chunks that passed every check.
        """
        self._require_lock()
        for stale in self.directory.glob("chunk-*.tmp"):
            stale.unlink()  # a chunk being written when an earlier run was killed
        manifest_path = self.directory / MANIFEST
        files = sorted(self.directory.glob("chunk-*.parquet"))
        existing = self._read_manifest(manifest_path) if manifest_path.exists() else None
        if existing is None and files:
            if not restart_if_different:
                raise ValueError(
                    f"{self.directory} has {len(files)} chunk files but no readable {MANIFEST}; "
                    "refusing to mix results: choose another directory"
                )
            self._discard(files, "had no manifest")
            files = []
        if existing is not None and existing.get("fingerprint") != self.fingerprint and files:
            if not (resume and restart_if_different):
                if not resume:
                    raise FileExistsError(
                        f"{self.directory} holds {len(files)} finished chunks of another sweep; "
                        "choose another directory"
                    )
                changed = sorted(k for k in set(existing) | set(self.manifest)
                                 if k != "fingerprint" and existing.get(k) != self.manifest.get(k))
                raise ValueError(
                    f"{self.directory} holds a different sweep (differs in {changed or ['fingerprint']}); "
                    "resume needs the same model, design and options"
                )
            self._discard(files, "belonged to another version of the sweep (the model, design or options changed)")
            files = []
        if files and not resume:
            raise FileExistsError(
                f"{self.directory} holds {len(files)} finished chunks of an earlier sweep; "
                "pass resume=True to continue it, or choose another directory"
            )
        _write_durably(manifest_path, json.dumps(self.manifest, indent=2, sort_keys=True).encode())
        return self._verified_chunks(files)

    def _read_manifest(self, path: Path) -> dict | None:
        try:
            manifest = json.loads(path.read_text())
        except (OSError, UnicodeDecodeError, json.JSONDecodeError):
            return None
        return manifest if isinstance(manifest, dict) else None

    def _discard(self, files, reason: str) -> None:
        for path in files:
            path.unlink(missing_ok=True)
        self.notes.append(f"{len(files)} chunk file(s) in {self.directory} {reason}; recomputed")

    def _verified_chunks(self, files) -> dict[tuple[int, int], object]:
        chunks: dict[tuple[int, int], object] = {}
        n_points = self.manifest.get("n_points")
        for path in files:
            problem, bounds, frame = self._check_chunk(path, n_points)
            if problem is None:
                overlapping = [b for b in chunks if b[0] < bounds[1] and bounds[0] < b[1]]
                if overlapping:
                    problem = f"overlaps chunk {overlapping[0][0]}-{overlapping[0][1]}"
            if problem is not None:
                path.unlink(missing_ok=True)
                self.notes.append(f"chunk {path.name} {problem}; recomputed")
                continue
            chunks[bounds] = frame
        return chunks

    def _check_chunk(self, path: Path, n_points):
        """``(problem or None, (start, stop), frame)`` for one chunk file."""
        bounds = _bounds_from_name(path.name)
        if bounds is None:
            return "has a name this version does not write", None, None
        start, stop = bounds
        if not (0 <= start < stop) or (n_points is not None and stop > n_points):
            return f"covers points {start}-{stop}, outside the design", bounds, None
        try:
            import pyarrow.parquet as pq

            table = pq.read_table(path)
            raw = (table.schema.metadata or {}).get(_METADATA_KEY)
            meta = json.loads(raw) if raw is not None else None
        except Exception as error:  # pyarrow reports damage through many exception types
            return f"is unreadable ({type(error).__name__}: {str(error).splitlines()[0][:120]})", bounds, None
        if not isinstance(meta, dict) or meta.get("fingerprint") != self.fingerprint:
            return "was written by another sweep", bounds, None
        if (meta.get("start"), meta.get("stop")) != bounds:
            return f"records points {meta.get('start')}-{meta.get('stop')}, not those of its name", bounds, None
        if meta.get("rows") != table.num_rows:
            return f"has {table.num_rows} rows where {meta.get('rows')} were written", bounds, None
        frame = table.to_pandas()
        if "point" in frame.columns and len(frame):
            points = frame["point"].to_numpy()
            if points.min() < start or points.max() >= stop:
                return "holds points outside its range", bounds, None
        return None, bounds, frame

    # ------------------------------------------------------------ writing
    def write(self, start: int, stop: int, frame) -> None:
        """Write one finished chunk atomically and durably."""
        import pyarrow as pa
        import pyarrow.parquet as pq

        self._require_lock()
        table = pa.Table.from_pandas(frame, preserve_index=False)
        meta = {"fingerprint": self.fingerprint, "start": int(start), "stop": int(stop), "rows": table.num_rows,
                "format": RESULT_FORMAT}
        table = table.replace_schema_metadata({**(table.schema.metadata or {}), _METADATA_KEY: json.dumps(meta)})
        path = self.directory / chunk_name(start, stop)
        tmp = path.with_name(f"{path.name}.{os.getpid()}.tmp")
        pq.write_table(table, tmp)
        _fsync_file(tmp)
        os.replace(tmp, path)
        _fsync_directory(self.directory)

    def finished_count(self) -> int:
        return len(list(self.directory.glob("chunk-*.parquet")))

    def _require_lock(self) -> None:
        if self._lock_file is None:
            raise RuntimeError("the results folder is used without holding its lock (use the store as a context manager)")


def chunk_name(start: int, stop: int) -> str:
    """File name of the chunk holding points ``start`` to ``stop - 1``."""
    return f"chunk-{start:012d}-{stop:012d}.parquet"


def _bounds_from_name(name: str) -> tuple[int, int] | None:
    parts = name.removesuffix(".parquet").split("-")
    if len(parts) != 3 or parts[0] != "chunk" or not all(p.isdigit() and len(p) == 12 for p in parts[1:]):
        return None
    return int(parts[1]), int(parts[2])


def _write_durably(path: Path, data: bytes) -> None:
    tmp = path.with_name(f"{path.name}.{os.getpid()}.tmp")
    with open(tmp, "wb") as handle:
        handle.write(data)
        handle.flush()
        os.fsync(handle.fileno())
    os.replace(tmp, path)
    _fsync_directory(path.parent)


def _fsync_file(path: Path) -> None:
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def _fsync_directory(directory: Path) -> None:
    if sys.platform == "win32":  # directories cannot be opened for fsync there
        return
    fd = os.open(directory, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


# ---------------------------------------------------------------- the lock
def acquire_lock(directory: Path):
    """Take the exclusive lock of ``directory``; the open lock file is the handle.

    The lock is the operating system's (``flock`` on POSIX, ``msvcrt.locking``
    on Windows): it is released when the holding process ends, even by
    ``kill -9``, so a crashed run never leaves the folder locked.

    Raises
    ------
    StoreLockedError
        Naming the holder (process, host, start time, command) when another
        process holds the lock.
    """
    path = Path(directory) / LOCK
    handle = open(path, "a+")
    try:
        _lock(handle)
    except OSError:
        handle.seek(0)
        holder = handle.read().strip()
        handle.close()
        raise StoreLockedError(f"{directory} is in use by another sweep ({_describe_holder(holder)}); "
                               "wait for it to finish or choose another folder") from None
    handle.seek(0)
    handle.truncate()
    handle.write(json.dumps({
        "pid": os.getpid(),
        "host": socket.gethostname(),
        "started": time.strftime("%Y-%m-%d %H:%M:%S"),
        "command": " ".join(sys.argv)[:300],
    }))
    handle.flush()
    return handle


def release_lock(handle) -> None:
    if handle is None:
        return
    try:
        handle.seek(0)
        handle.truncate()
        _unlock(handle)
    finally:
        handle.close()


def _describe_holder(text: str) -> str:
    try:
        holder = json.loads(text)
        return (f"process {holder['pid']} on {holder['host']}, started {holder['started']}, "
                f"command: {holder['command'] or '(python)'}")
    except (ValueError, KeyError, TypeError):
        return "holder unknown"


if sys.platform == "win32":  # pragma: no cover - exercised on Windows only
    import msvcrt

    def _lock(handle) -> None:
        handle.seek(0)
        msvcrt.locking(handle.fileno(), msvcrt.LK_NBLCK, 1)

    def _unlock(handle) -> None:
        handle.seek(0)
        msvcrt.locking(handle.fileno(), msvcrt.LK_UNLCK, 1)
else:
    import fcntl

    def _lock(handle) -> None:
        fcntl.flock(handle.fileno(), fcntl.LOCK_EX | fcntl.LOCK_NB)

    def _unlock(handle) -> None:
        fcntl.flock(handle.fileno(), fcntl.LOCK_UN)
