"""Chunked sweep execution: executors agree, chunks persist, interrupted sweeps resume exactly."""

from __future__ import annotations

import functools
import os
import signal
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from gametheory.study.sweep import SweepInterrupted, grid, run_chunks, samples
from gametheory.study.sweep.design import design_size
from sweep_tasks import killing_task, square_task

TESTS = Path(__file__).parent
ROOT = TESTS.parent


def small_design():
    return grid({"x": np.arange(40.0), "y": [0.0, 1.0]})


def test_grid_order_and_size():
    design = grid({"a": [1, 2, 3], "b": [10, 20]})
    assert design_size(design) == 6
    assert design["a"].tolist() == [1, 1, 2, 2, 3, 3]
    assert design["b"].tolist() == [10, 20] * 3


@pytest.mark.parametrize("method", ["random", "lhs"])
def test_samples_are_seeded_and_in_range(method):
    a = samples({"p": (0.2, 0.4), "n": (2, 6)}, 500, seed=7, method=method, integer=["n"])
    b = samples({"p": (0.2, 0.4), "n": (2, 6)}, 500, seed=7, method=method, integer=["n"])
    c = samples({"p": (0.2, 0.4), "n": (2, 6)}, 500, seed=8, method=method, integer=["n"])
    assert all(np.array_equal(a[k], b[k]) for k in a)
    assert not np.array_equal(a["p"], c["p"])
    assert a["p"].min() >= 0.2 and a["p"].max() <= 0.4
    assert set(np.unique(a["n"])) <= {2.0, 3.0, 4.0, 5.0, 6.0}


def test_latin_hypercube_fills_every_stratum():
    design = samples({"p": (0.0, 1.0), "q": (0.0, 1.0)}, 50, seed=3, method="lhs")
    for values in design.values():
        assert sorted(np.floor(values * 50).astype(int).tolist()) == list(range(50))


@pytest.mark.parametrize(
    "call, message",
    [
        (lambda: grid({}), "non-empty"),
        (lambda: grid({"x": []}), "empty"),
        (lambda: grid({"x": [1, float("nan")]}), "NaN"),
        (lambda: grid({"x": "abc"}), "sequence of numbers"),
        (lambda: samples({"x": (1, 0)}, 5), "low <= high"),
        (lambda: samples({"x": (0, 1)}, 0), "positive integer"),
        (lambda: samples({"x": (0, 1)}, 5, method="sobolish"), "unknown sampling method"),
        (lambda: samples({"x": (0, 1)}, 5, integer=["z"]), "not in ranges"),
    ],
)
def test_design_errors(call, message):
    with pytest.raises((ValueError, TypeError), match=message):
        call()


def test_serial_in_memory_matches_direct_computation():
    design = small_design()
    frame = run_chunks(square_task, design, chunk_size=7, progress=False)
    expected = square_task(design)
    pd.testing.assert_frame_equal(frame, expected)


def test_processes_and_serial_give_identical_rows(tmp_path):
    design = small_design()
    serial = run_chunks(square_task, design, chunk_size=9, progress=False)
    parallel = run_chunks(square_task, design, chunk_size=9, executor="processes", workers=2, progress=False,
                          directory=tmp_path / "p")
    pd.testing.assert_frame_equal(serial, parallel)
    assert len(list((tmp_path / "p").glob("chunk-*.parquet"))) == 9


def test_dask_local_cluster_gives_identical_rows():
    pytest.importorskip("distributed")
    design = small_design()
    serial = run_chunks(square_task, design, chunk_size=20, progress=False)
    distributed = run_chunks(square_task, design, chunk_size=20, executor="dask", workers=2, progress=False)
    pd.testing.assert_frame_equal(serial, distributed)


def test_existing_results_are_never_overwritten(tmp_path):
    design = small_design()
    run_chunks(square_task, design, chunk_size=10, directory=tmp_path, progress=False)
    with pytest.raises(FileExistsError, match="resume=True"):
        run_chunks(square_task, design, chunk_size=10, directory=tmp_path, progress=False)


def test_resume_refuses_a_different_sweep(tmp_path):
    design = small_design()
    run_chunks(square_task, design, chunk_size=10, directory=tmp_path, progress=False, spec={"model": "a"})
    with pytest.raises(ValueError, match="different sweep"):
        run_chunks(square_task, design, chunk_size=10, directory=tmp_path, progress=False, resume=True,
                   spec={"model": "b"})
    # The chunk size is not part of a sweep's identity: a resume may cut the rest differently.
    resumed = run_chunks(square_task, design, chunk_size=7, directory=tmp_path, progress=False, resume=True,
                         spec={"model": "a"})
    pd.testing.assert_frame_equal(resumed, run_chunks(square_task, design, progress=False))


def test_runner_argument_errors(tmp_path):
    design = small_design()
    with pytest.raises(ValueError, match="unknown executor"):
        run_chunks(square_task, design, executor="threads")
    with pytest.raises(ValueError, match="needs the directory"):
        run_chunks(square_task, design, resume=True)
    with pytest.raises(ValueError, match="scheduler"):
        run_chunks(square_task, design, scheduler="tcp://127.0.0.1:1")
    with pytest.raises(ValueError, match="chunk_size"):
        run_chunks(square_task, design, chunk_size=0)
    with pytest.raises(ValueError, match="same length"):
        run_chunks(square_task, {"x": np.arange(3.0), "y": np.arange(4.0)})


def test_killed_worker_process_then_resume_gives_the_clean_rows(tmp_path):
    """A worker process is killed with SIGKILL mid-sweep; resuming loses and duplicates nothing."""
    design = small_design()
    clean = run_chunks(square_task, design, chunk_size=8, progress=False)
    task = functools.partial(killing_task, kill_marker=str(tmp_path / "killed"), kill_at=20.0)
    folder = tmp_path / "results"
    with pytest.raises(Exception) as failure:
        run_chunks(task, design, chunk_size=8, executor="processes", workers=2, directory=folder, progress=False)
    assert "terminated abruptly" in str(failure.value) or "BrokenProcessPool" in type(failure.value).__name__
    assert (tmp_path / "killed").exists()
    survivors = len(list(folder.glob("chunk-*.parquet")))
    assert survivors < 10
    resumed = run_chunks(task, design, chunk_size=8, executor="processes", workers=2, directory=folder,
                         resume=True, progress=False)
    pd.testing.assert_frame_equal(resumed, clean)


def test_ctrl_c_in_the_main_process_then_resume(tmp_path):
    """SIGINT to a running sweep keeps its finished chunks; resume completes it exactly."""
    folder = tmp_path / "results"
    script = textwrap.dedent(
        f"""
        import functools, sys
        sys.path.insert(0, {str(TESTS)!r})
        from gametheory.study.sweep import grid, run_chunks
        from sweep_tasks import killing_task
        design = grid({{"x": list(range(40)), "y": [0.0, 1.0]}})
        task = functools.partial(killing_task, kill_marker="/nonexistent/never", kill_at=-1.0, delay=0.2)
        run_chunks(task, design, chunk_size=4, directory={str(folder)!r}, progress=False)
        """
    )
    process = subprocess.Popen([sys.executable, "-c", script], stderr=subprocess.PIPE, text=True, cwd=ROOT)
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline and len(list(folder.glob("chunk-*.parquet"))) < 3:
        time.sleep(0.05)
    process.send_signal(signal.SIGINT)
    _, stderr = process.communicate(timeout=60)
    assert process.returncode != 0
    assert "resume=True" in stderr
    finished = len(list(folder.glob("chunk-*.parquet")))
    assert 3 <= finished < 20
    design = small_design()
    task = functools.partial(killing_task, kill_marker="/nonexistent/never", kill_at=-1.0)
    resumed = run_chunks(task, design, chunk_size=4, directory=folder, resume=True, progress=False)
    pd.testing.assert_frame_equal(resumed, run_chunks(square_task, design, chunk_size=4, progress=False))


def test_an_unpicklable_task_is_refused_before_any_worker_starts():
    local = lambda part: square_task(part)  # noqa: E731 - lambdas cannot be pickled
    with pytest.raises(TypeError, match="cannot be sent to worker processes"):
        run_chunks(local, small_design(), executor="processes", workers=2, progress=False)


def test_no_worker_process_outlives_a_failed_sweep(tmp_path):
    """After a worker crash the pool is shut down: no child process is left running."""
    import multiprocessing

    task = functools.partial(killing_task, kill_marker=str(tmp_path / "killed"), kill_at=5.0)
    with pytest.raises(Exception):
        run_chunks(task, small_design(), chunk_size=8, executor="processes", workers=2, progress=False)
    deadline = time.monotonic() + 10
    while multiprocessing.active_children() and time.monotonic() < deadline:
        time.sleep(0.05)
    assert multiprocessing.active_children() == []


def test_workers_exit_when_the_main_process_is_killed(tmp_path):
    """SIGKILL of the sweep's main process: its worker processes notice and exit, and resume is exact."""
    import psutil

    folder = tmp_path / "results"
    script = textwrap.dedent(
        f"""
        import functools, sys
        sys.path.insert(0, {str(TESTS)!r})
        from gametheory.study.sweep import grid, run_chunks
        from sweep_tasks import killing_task
        design = grid({{"x": list(range(40)), "y": [0.0, 1.0]}})
        task = functools.partial(killing_task, kill_marker="/nonexistent/never", kill_at=-1.0, delay=0.3)
        run_chunks(task, design, chunk_size=4, executor="processes", workers=2, directory={str(folder)!r},
                   progress=False)
        """
    )
    process = subprocess.Popen([sys.executable, "-c", script], cwd=ROOT)
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline and len(list(folder.glob("chunk-*.parquet"))) < 2:
        time.sleep(0.05)
    workers = psutil.Process(process.pid).children(recursive=True)
    assert workers
    process.kill()
    process.wait(timeout=30)
    gone, alive = psutil.wait_procs(workers, timeout=15)
    assert not alive, f"worker processes outlived the killed sweep: {[p.pid for p in alive]}"
    design = small_design()
    task = functools.partial(killing_task, kill_marker="/nonexistent/never", kill_at=-1.0)
    resumed = run_chunks(task, design, chunk_size=4, directory=folder, resume=True, progress=False)
    pd.testing.assert_frame_equal(resumed, run_chunks(square_task, design, chunk_size=4, progress=False))
    assert not list(folder.glob("*.tmp"))
