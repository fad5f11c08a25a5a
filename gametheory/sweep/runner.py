"""Chunked, resumable execution of a sweep over a parameter design.

The design (``{name: array}``) is cut into chunks of consecutive points. Each
chunk is handed to a task function that returns a tidy
:class:`pandas.DataFrame`; chunks run serially, on local worker processes, or
on a Dask cluster, chosen by one argument. When a results directory is given,
each finished chunk is written there (Parquet, atomically) as soon as it
completes, so an interrupted sweep (Ctrl-C, a killed process) resumes with
``resume=True`` and ends with exactly the rows a clean run gives: none lost,
none duplicated. Rows come back in point order whatever the executor.
"""

from __future__ import annotations

import hashlib
import json
import os
import time
from collections.abc import Callable, Mapping
from pathlib import Path

import numpy as np

from .design import design_size

__all__ = ["run_chunks", "SweepInterrupted", "EXECUTORS", "chunk_bounds"]

#: Executors :func:`run_chunks` accepts.
EXECUTORS = ("serial", "processes", "dask")

MANIFEST = "sweep.json"


class SweepInterrupted(KeyboardInterrupt):
    """The sweep was interrupted; finished chunks are on disk and ``resume=True`` continues it."""


def chunk_bounds(n_points: int, chunk_size: int) -> list[tuple[int, int]]:
    """``[(start, stop), ...]`` covering ``range(n_points)`` in chunks of ``chunk_size``."""
    if not isinstance(chunk_size, int) or isinstance(chunk_size, bool) or chunk_size < 1:
        raise ValueError(f"chunk_size must be a positive integer, got {chunk_size!r}")
    return [(start, min(start + chunk_size, n_points)) for start in range(0, n_points, chunk_size)]


def _fingerprint(design: Mapping[str, np.ndarray], spec: Mapping) -> str:
    digest = hashlib.sha256()
    digest.update(json.dumps(spec, sort_keys=True, default=str).encode())
    for name in sorted(design):
        digest.update(name.encode())
        digest.update(np.ascontiguousarray(design[name], dtype=float).tobytes())
    return digest.hexdigest()


def _chunk_path(directory: Path, index: int) -> Path:
    return directory / f"chunk-{index:06d}.parquet"


def _prepare_directory(directory: Path, manifest: dict, resume: bool) -> set[int]:
    """Create or check the results directory; return the indices of finished chunks."""
    directory.mkdir(parents=True, exist_ok=True)
    manifest_path = directory / MANIFEST
    for stale in directory.glob("chunk-*.parquet.*.tmp"):
        stale.unlink()  # a chunk being written when an earlier run was killed
    finished = {int(p.stem.split("-")[1]) for p in directory.glob("chunk-*.parquet")}
    if manifest_path.exists():
        try:
            existing = json.loads(manifest_path.read_text())
        except (OSError, json.JSONDecodeError) as error:
            raise ValueError(f"{manifest_path}: unreadable sweep manifest ({error})") from None
        if not resume:
            if finished:
                raise FileExistsError(
                    f"{directory} holds {len(finished)} finished chunks of an earlier sweep; "
                    "pass resume=True to continue it, or choose another directory"
                )
        elif existing != manifest:
            changed = sorted(k for k in set(existing) | set(manifest) if existing.get(k) != manifest.get(k))
            raise ValueError(
                f"{directory} holds a different sweep (differs in {changed}); "
                "resume needs the same model, design, options and chunk size"
            )
    elif finished:
        raise ValueError(f"{directory} has chunk files but no {MANIFEST}; refusing to mix results")
    tmp = manifest_path.with_suffix(".json.tmp")
    tmp.write_text(json.dumps(manifest, indent=2, sort_keys=True))
    os.replace(tmp, manifest_path)
    return finished if resume else set()


def _write_chunk(directory: Path, index: int, frame) -> None:
    path = _chunk_path(directory, index)
    tmp = path.with_name(path.name + f".{os.getpid()}.tmp")
    frame.to_parquet(tmp, index=False)
    os.replace(tmp, path)


def _read_chunk(directory: Path, index: int):
    import pandas as pd

    return pd.read_parquet(_chunk_path(directory, index))


def _chunk_design(design: Mapping[str, np.ndarray], start: int, stop: int) -> dict[str, np.ndarray]:
    return {name: np.asarray(values[start:stop]) for name, values in design.items()}


def _shifted_task(task: Callable, part: Mapping[str, np.ndarray], start: int):
    """Run ``task`` on one chunk and make its ``point`` column global."""
    frame = task(part)
    if "point" in frame.columns:
        frame["point"] = frame["point"].to_numpy() + start
    return frame


def run_chunks(
    task: Callable,
    design: Mapping[str, np.ndarray],
    *,
    chunk_size: int = 50_000,
    executor: str = "serial",
    workers: int | None = None,
    scheduler: str | None = None,
    directory: str | os.PathLike | None = None,
    resume: bool = False,
    progress: bool = True,
    spec: Mapping | None = None,
    description: str = "sweep",
):
    """Run ``task`` over ``design`` chunk by chunk and concatenate the results.

    Parameters
    ----------
    task : callable
        ``task(chunk_design) -> DataFrame``; must be picklable (a module-level
        function or a :func:`functools.partial` of one) for the ``processes``
        and ``dask`` executors. A ``point`` column, if present, holds point
        indices local to the chunk and is shifted to global indices.
    design : mapping
        ``{parameter: 1-d array}``, all of one length.
    chunk_size : int
        Points per chunk (the unit of work, of progress and of resumption).
    executor : {"serial", "processes", "dask"}
        Where chunks run: in this process, on ``workers`` local processes, or
        on a Dask cluster (a local one with ``workers`` processes, or the
        scheduler at ``scheduler``, e.g. ``"tcp://10.0.0.5:8786"``).
    directory : path, optional
        Where finished chunks are written as they complete. Needed to resume.
    resume : bool
        Continue the sweep recorded in ``directory``: finished chunks are read
        back, the rest are run. The model, design, options (``spec``) and
        chunk size must be those of the interrupted run.
    progress : bool
        Show a progress bar (points done and rate) on stderr.
    spec : mapping, optional
        JSON-able description of the task (model, options) used to recognise
        the same sweep on resume.

    Returns
    -------
    pandas.DataFrame
        The chunks' frames in point order.

    Raises
    ------
    SweepInterrupted
        On Ctrl-C; finished chunks stay in ``directory``.
    """
    import pandas as pd

    if executor not in EXECUTORS:
        raise ValueError(f"unknown executor {executor!r}; choose one of {list(EXECUTORS)}")
    if scheduler is not None and executor != "dask":
        raise ValueError("a scheduler address is only used with executor='dask'")
    if resume and directory is None:
        raise ValueError("resume=True needs the directory of the interrupted sweep")
    if workers is not None and (not isinstance(workers, int) or workers < 1):
        raise ValueError(f"workers must be a positive integer, got {workers!r}")
    n_points = design_size(design)
    bounds = chunk_bounds(n_points, chunk_size)
    folder = Path(directory) if directory is not None else None
    finished: set[int] = set()
    if folder is not None:
        manifest = {
            "fingerprint": _fingerprint(design, dict(spec or {})),
            "n_points": n_points,
            "chunk_size": chunk_size,
            "parameters": sorted(design),
            "spec": json.loads(json.dumps(dict(spec or {}), default=str)),
        }
        finished = _prepare_directory(folder, manifest, resume)
    frames: dict[int, object] = {}
    pending = [k for k in range(len(bounds)) if k not in finished]

    from tqdm.auto import tqdm

    bar = tqdm(total=n_points, unit="pt", unit_scale=True, desc=description, disable=not progress, leave=True)
    bar.update(sum(bounds[k][1] - bounds[k][0] for k in finished))

    def record(index: int, frame) -> None:
        if folder is not None:
            _write_chunk(folder, index, frame)
        else:
            frames[index] = frame
        start, stop = bounds[index]
        bar.update(stop - start)

    try:
        if executor == "serial":
            for k in pending:
                start, stop = bounds[k]
                record(k, _shifted_task(task, _chunk_design(design, start, stop), start))
        elif executor == "processes":
            _run_processes(task, design, bounds, pending, workers, record)
        else:
            _run_dask(task, design, bounds, pending, workers, scheduler, record)
    except KeyboardInterrupt:
        if folder is None:
            raise SweepInterrupted("sweep interrupted; no results directory was given, so nothing was kept") from None
        done = len(list(folder.glob("chunk-*.parquet")))
        raise SweepInterrupted(
            f"sweep interrupted after {done} of {len(bounds)} chunks; finished chunks are in {folder}; "
            "run again with resume=True"
        ) from None
    finally:
        bar.close()

    parts = []
    for k in range(len(bounds)):
        parts.append(_read_chunk(folder, k) if folder is not None else frames[k])
    if not parts:
        return pd.DataFrame()
    return pd.concat(parts, ignore_index=True)


def _run_processes(task, design, bounds, pending, workers, record) -> None:
    from concurrent.futures import FIRST_COMPLETED, ProcessPoolExecutor, wait

    import pickle

    workers = workers or min(os.cpu_count() or 1, max(len(pending), 1))
    try:
        pickle.dumps(task)
    except Exception as error:  # pickling errors come in many types
        raise TypeError(
            f"the sweep task cannot be sent to worker processes ({type(error).__name__}: {error}); "
            "use a module-level function or functools.partial of one, or executor='serial'"
        ) from None
    pool = ProcessPoolExecutor(max_workers=workers, initializer=_exit_with_parent, initargs=(os.getpid(),))
    finished = False
    try:
        # Submit a bounded window of chunks so memory stays flat on long sweeps.
        queue = list(pending)
        running = {}
        while queue or running:
            while queue and len(running) < 2 * workers:
                k = queue.pop(0)
                start, stop = bounds[k]
                running[pool.submit(_shifted_task, task, _chunk_design(design, start, stop), start)] = k
            done, _ = wait(running, return_when=FIRST_COMPLETED)
            for future in done:
                k = running.pop(future)
                record(k, future.result())
        finished = True
    finally:
        if not finished:
            # Interrupted or failed: stop the workers now rather than letting
            # them finish chunks nobody will record (and keep the interpreter
            # from waiting on them at exit).
            for process in list(getattr(pool, "_processes", {}).values()):
                if process.is_alive():
                    process.terminate()
        pool.shutdown(wait=True, cancel_futures=True)


def _exit_with_parent(parent: int) -> None:
    """In a worker process: exit as soon as the sweep's main process is gone (e.g. killed)."""
    import threading

    def watch() -> None:
        while True:
            time.sleep(0.5)
            if os.getppid() != parent:
                os._exit(1)

    threading.Thread(target=watch, daemon=True, name="exit-with-parent").start()


def _run_dask(task, design, bounds, pending, workers, scheduler, record) -> None:
    from distributed import Client, LocalCluster, as_completed

    cluster = None
    if scheduler is None:
        cluster = LocalCluster(
            n_workers=workers or min(os.cpu_count() or 1, 4),
            threads_per_worker=1,
            processes=True,
            dashboard_address=None,
        )
        client = Client(cluster)
    else:
        client = Client(scheduler)
    try:
        futures = {}
        for k in pending:
            start, stop = bounds[k]
            futures[client.submit(_shifted_task, task, _chunk_design(design, start, stop), start, pure=False)] = k
        for future in as_completed(list(futures)):
            record(futures[future], future.result())
    finally:
        client.close()
        if cluster is not None:
            cluster.close()

