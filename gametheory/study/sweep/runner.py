"""Chunked, resumable execution of a sweep over a parameter design.

The design (``{name: array}``) is cut into chunks of consecutive points. Each
chunk is handed to a task function that returns a tidy
:class:`pandas.DataFrame`; chunks run serially, on local worker processes, or
on a Dask cluster, chosen by one argument. Rows come back in point order
whatever the executor.

Chunks are sized by time: the runner measures how long points take and sizes
the next chunk so that one finishes every few seconds (``checkpoint_seconds``),
so a sweep killed at any moment has lost at most that much work. A fixed
``chunk_size`` may be given instead.

When a results directory is given, it is a :class:`~gametheory.study.sweep.store.ResultStore`:
locked against a second writer, fingerprinted against another sweep, each
finished chunk written there atomically and durably as soon as it completes.
An interrupted sweep (Ctrl-C, ``kill -9``, a crashed worker) resumes with
``resume=True`` and ends with exactly the rows a clean run gives: none lost,
none duplicated, none from another run.
"""

from __future__ import annotations

import hashlib
import json
import os
import time
import warnings
from collections.abc import Callable, Mapping
from concurrent.futures import FIRST_COMPLETED, Future
from pathlib import Path

import numpy as np

from .design import design_size
from .store import MANIFEST, RESULT_FORMAT, ResultStore, StoreLockedError

__all__ = [
    "run_chunks",
    "SweepInterrupted",
    "SweepStoreWarning",
    "StoreLockedError",
    "EXECUTORS",
    "chunk_bounds",
    "MANIFEST",
    "DEFAULT_CHECKPOINT_SECONDS",
]

#: Executors :func:`run_chunks` accepts.
EXECUTORS = ("serial", "processes", "dask")

#: Aim of time-sized chunks: a finished chunk (a checkpoint) every this many seconds.
DEFAULT_CHECKPOINT_SECONDS = 3.0

#: Most points in one time-sized chunk (bounds the memory a chunk's rows take).
MAX_CHUNK_POINTS = 1_000_000


class SweepInterrupted(KeyboardInterrupt):
    """The sweep was interrupted; finished chunks are on disk and ``resume=True`` continues it."""


class SweepStoreWarning(UserWarning):
    """Chunks in a results folder were set aside and recomputed (damaged, foreign or stale)."""


def chunk_bounds(n_points: int, chunk_size: int) -> list[tuple[int, int]]:
    """``[(start, stop), ...]`` covering ``range(n_points)`` in chunks of ``chunk_size``."""
    _check_chunk_size(chunk_size)
    return [(start, min(start + chunk_size, n_points)) for start in range(0, n_points, chunk_size)]


def _check_chunk_size(chunk_size) -> None:
    if not isinstance(chunk_size, int) or isinstance(chunk_size, bool) or chunk_size < 1:
        raise ValueError(f"chunk_size must be a positive integer, got {chunk_size!r}")


def sweep_fingerprint(design: Mapping[str, np.ndarray], spec: Mapping) -> str:
    """Digest of a sweep: its design, its task description and the result format of this package."""
    from ... import __version__

    digest = hashlib.sha256()
    digest.update(json.dumps({"spec": spec, "format": RESULT_FORMAT, "version": __version__},
                             sort_keys=True, default=str).encode())
    for name in sorted(design):
        digest.update(name.encode())
        digest.update(np.ascontiguousarray(design[name], dtype=float).tobytes())
    return digest.hexdigest()


def _chunk_design(design: Mapping[str, np.ndarray], start: int, stop: int) -> dict[str, np.ndarray]:
    return {name: np.asarray(values[start:stop]) for name, values in design.items()}


def _timed_task(task: Callable, part: Mapping[str, np.ndarray], start: int):
    """Run ``task`` on one chunk, make its ``point`` column global, and time it."""
    began = time.perf_counter()
    frame = task(part)
    if "point" in frame.columns:
        frame["point"] = frame["point"].to_numpy() + start
    return frame, time.perf_counter() - began


class _Planner:
    """Hands out the ranges of points still to run, sized by a fixed count or by time."""

    def __init__(self, n_points: int, done: list[tuple[int, int]], chunk_size: int | None,
                 first_chunk: int, seconds: float):
        self.gaps = _gaps(n_points, done)
        self.fixed = chunk_size
        self.size = chunk_size or max(1, first_chunk)
        self.seconds = seconds

    def __bool__(self) -> bool:
        return bool(self.gaps)

    def next_range(self) -> tuple[int, int]:
        start, stop = self.gaps[0]
        if self.fixed:  # fixed chunks keep the grid of a run started with the same size
            stop = min(stop, (start // self.fixed + 1) * self.fixed)
        else:
            stop = min(stop, start + self.size)
        if stop == self.gaps[0][1]:
            self.gaps.pop(0)
        else:
            self.gaps[0] = (stop, self.gaps[0][1])
        return start, stop

    def observe(self, points: int, seconds: float) -> None:
        """Resize the next chunks from the rate just measured (within a factor 4 of the last size)."""
        if self.fixed or points < 1:
            return
        rate = points / max(seconds, 1e-4)
        wanted = rate * self.seconds
        self.size = int(min(MAX_CHUNK_POINTS, max(1, self.size / 4, min(wanted, self.size * 4))))


def _gaps(n_points: int, done: list[tuple[int, int]]) -> list[tuple[int, int]]:
    gaps, position = [], 0
    for start, stop in sorted(done):
        if start > position:
            gaps.append((position, start))
        position = max(position, stop)
    if position < n_points:
        gaps.append((position, n_points))
    return gaps


def run_chunks(
    task: Callable,
    design: Mapping[str, np.ndarray],
    *,
    chunk_size: int | None = None,
    first_chunk: int = 1024,
    checkpoint_seconds: float = DEFAULT_CHECKPOINT_SECONDS,
    executor: str = "serial",
    workers: int | None = None,
    scheduler: str | None = None,
    directory: str | os.PathLike | None = None,
    resume: bool = False,
    restart_if_different: bool = False,
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
    chunk_size : int, optional
        Points per chunk. Default: sized by time (see ``checkpoint_seconds``).
    first_chunk : int
        Points in the first time-sized chunk, before any rate is measured.
    checkpoint_seconds : float
        Aim of time-sized chunks: one finishes (and is on disk) about every
        this many seconds per worker.
    executor : {"serial", "processes", "dask"}
        Where chunks run: in this process, on ``workers`` local processes, or
        on a Dask cluster (a local one with ``workers`` processes, or the
        scheduler at ``scheduler``, e.g. ``"tcp://10.0.0.5:8786"``).
    directory : path, optional
        The results folder, where finished chunks are written as they
        complete (see :mod:`gametheory.study.sweep.store`). Needed to resume.
    resume : bool
        Continue the sweep recorded in ``directory``: verified finished
        chunks are read back, the rest are run. The model, design and options
        (``spec``) must be those of the interrupted run.
    restart_if_different : bool
        With ``resume``: when ``directory`` holds another sweep (the model,
        design or options changed), discard its chunks and start afresh
        instead of refusing.
    progress : bool
        Show a progress bar (points done and rate) on stderr.
    spec : mapping, optional
        JSON-able description of the task (model fingerprint, options); with
        the design and the package's result format it makes the sweep's
        fingerprint.

    Returns
    -------
    pandas.DataFrame
        The chunks' frames in point order. ``frame.attrs["sweep_notes"]``
        lists chunks that were set aside and recomputed (damaged, foreign or
        stale); each is also issued as a :class:`SweepStoreWarning`.

    Raises
    ------
    SweepInterrupted
        On Ctrl-C; finished chunks stay in ``directory``.
    StoreLockedError
        When another process is writing to ``directory``.
    FileExistsError, ValueError
        When ``directory`` holds finished chunks and ``resume`` is not given,
        or holds a different sweep.
    """
    import pandas as pd

    if executor not in EXECUTORS:
        raise ValueError(f"unknown executor {executor!r}; choose one of {list(EXECUTORS)}")
    if scheduler is not None and executor != "dask":
        raise ValueError("a scheduler address is only used with executor='dask'")
    if resume and directory is None:
        raise ValueError("resume=True needs the directory of the interrupted sweep")
    if workers is not None and (not isinstance(workers, int) or isinstance(workers, bool) or workers < 1):
        raise ValueError(f"workers must be a positive integer, got {workers!r}")
    if chunk_size is not None:
        _check_chunk_size(chunk_size)
    _check_chunk_size(first_chunk)
    if not (isinstance(checkpoint_seconds, (int, float)) and 0 < checkpoint_seconds < float("inf")):
        raise ValueError(f"checkpoint_seconds must be a positive number, got {checkpoint_seconds!r}")
    n_points = design_size(design)
    spec = json.loads(json.dumps(dict(spec or {}), default=str))
    store = None
    if directory is not None:
        manifest = {
            "fingerprint": sweep_fingerprint(design, spec),
            "n_points": n_points,
            "parameters": sorted(design),
            "spec": spec,
            "format": RESULT_FORMAT,
        }
        store = ResultStore(Path(directory), manifest)
    with store if store is not None else _no_store():
        frames = store.open(resume=resume, restart_if_different=restart_if_different) if store else {}
        notes = list(store.notes) if store else []
        for note in notes:
            warnings.warn(note, SweepStoreWarning, stacklevel=2)
        planner = _Planner(n_points, list(frames), chunk_size, first_chunk, checkpoint_seconds)

        from tqdm.auto import tqdm

        bar = tqdm(total=n_points, unit="pt", unit_scale=True, desc=description, disable=not progress, leave=True)
        bar.update(sum(stop - start for start, stop in frames))

        def record(start: int, stop: int, frame) -> None:
            if store is not None:
                store.write(start, stop, frame)
            frames[(start, stop)] = frame
            bar.update(stop - start)

        try:
            if planner:
                _run(executor, task, design, planner, workers, scheduler, record)
        except KeyboardInterrupt:
            if store is None:
                raise SweepInterrupted("sweep interrupted; no results directory was given, so nothing was kept") from None
            done = sum(stop - start for start, stop in frames)
            raise SweepInterrupted(
                f"sweep interrupted after {done} of {n_points} points; finished chunks are in {store.directory}; "
                "run again with resume=True"
            ) from None
        finally:
            bar.close()

    parts = [frames[bounds] for bounds in sorted(frames)]
    result = pd.concat(parts, ignore_index=True) if parts else pd.DataFrame()
    result.attrs["sweep_notes"] = notes
    return result


class _no_store:
    def __enter__(self):
        return None

    def __exit__(self, *exc):
        return None


def _run(executor, task, design, planner, workers, scheduler, record) -> None:
    """Submit ranges as the planner hands them out, keeping a bounded window in flight."""
    if executor == "serial":
        while planner:
            start, stop = planner.next_range()
            frame, seconds = _timed_task(task, _chunk_design(design, start, stop), start)
            record(start, stop, frame)
            planner.observe(stop - start, seconds)
        return
    runner = _ProcessPool(task, workers) if executor == "processes" else _DaskCluster(workers, scheduler)
    with runner:
        running: dict = {}
        while planner or running:
            while planner and len(running) < 2 * runner.workers:
                start, stop = planner.next_range()
                running[runner.submit(task, _chunk_design(design, start, stop), start)] = (start, stop)
            for future in runner.wait_first(running):
                start, stop = running.pop(future)
                frame, seconds = future.result()
                record(start, stop, frame)
                planner.observe(stop - start, seconds)


class _ProcessPool:
    """Local worker processes that exit with the sweep and are stopped on failure or interrupt."""

    def __init__(self, task, workers):
        import pickle

        try:
            pickle.dumps(task)
        except Exception as error:  # pickling errors come in many types
            raise TypeError(
                f"the sweep task cannot be sent to worker processes ({type(error).__name__}: {error}); "
                "use a module-level function or functools.partial of one, or executor='serial'"
            ) from None
        self.workers = workers or (os.cpu_count() or 1)

    def __enter__(self):
        from concurrent.futures import ProcessPoolExecutor

        self.pool = ProcessPoolExecutor(max_workers=self.workers, initializer=_exit_with_parent,
                                        initargs=(os.getpid(),))
        return self

    def submit(self, task, part, start) -> Future:
        return self.pool.submit(_timed_task, task, part, start)

    @staticmethod
    def wait_first(running):
        from concurrent.futures import wait

        done, _ = wait(running, return_when=FIRST_COMPLETED)
        return done

    def __exit__(self, exc_type, *exc):
        if exc_type is not None:
            # Interrupted or failed: stop the workers now rather than letting
            # them finish chunks nobody will record (and keep the interpreter
            # from waiting on them at exit).
            for process in list(getattr(self.pool, "_processes", {}).values()):
                if process.is_alive():
                    process.terminate()
        self.pool.shutdown(wait=True, cancel_futures=True)


class _DaskCluster:
    """A Dask client: a local cluster of ``workers`` processes, or the scheduler at an address."""

    def __init__(self, workers, scheduler):
        self.requested = workers
        self.scheduler = scheduler

    def __enter__(self):
        from distributed import Client, LocalCluster

        self.cluster = None
        if self.scheduler is None:
            self.cluster = LocalCluster(n_workers=self.requested or min(os.cpu_count() or 1, 4),
                                        threads_per_worker=1, processes=True, dashboard_address=None)
            self.client = Client(self.cluster)
        else:
            self.client = Client(self.scheduler)
        self.workers = self.requested or max(1, len(self.client.scheduler_info().get("workers", {})))
        return self

    def submit(self, task, part, start):
        return self.client.submit(_timed_task, task, part, start, pure=False)

    @staticmethod
    def wait_first(running):
        from distributed import wait

        return wait(list(running), return_when="FIRST_COMPLETED").done

    def __exit__(self, *exc):
        self.client.close()
        if self.cluster is not None:
            self.cluster.close()


def _exit_with_parent(parent: int) -> None:
    """In a worker process: exit as soon as the sweep's main process is gone (e.g. killed)."""
    import threading

    def watch() -> None:
        while True:
            time.sleep(0.5)
            if os.getppid() != parent:
                os._exit(1)

    threading.Thread(target=watch, daemon=True, name="exit-with-parent").start()
