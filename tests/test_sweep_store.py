"""The results folder as a trustworthy store: one writer, one sweep, whole chunks, nothing stale.

Each test ends in one of two states: the result equals a clean run, or the
command refuses with a message saying why.
"""

from __future__ import annotations

import functools
import json
import os
import random
import signal
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from gametheory.model import load_model
from gametheory.model.fingerprint import model_fingerprint
from gametheory.study.sweep import grid, run_chunks, sweep
from gametheory.study.sweep.runner import StoreLockedError, SweepStoreWarning
from gametheory.study.sweep.store import MANIFEST, acquire_lock, chunk_name, release_lock
from sweep_tasks import slow_square_task, square_task

TESTS = Path(__file__).parent
ROOT = TESTS.parent
MODELS = ROOT / "models"


def design(n: int = 40):
    return grid({"x": np.arange(float(n)), "y": [0.0, 1.0]})


def clean_rows(n: int = 40):
    return run_chunks(square_task, design(n), progress=False)


def chunks(folder: Path) -> list[Path]:
    return sorted(folder.glob("chunk-*.parquet"))


def spawn(code: str) -> subprocess.Popen:
    env = {**os.environ, "PYTHONPATH": os.pathsep.join([str(TESTS), str(ROOT)])}
    return subprocess.Popen([sys.executable, "-c", textwrap.dedent(code)], env=env, stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, text=True)


def wait_for(predicate, seconds: float = 20.0) -> None:
    deadline = time.monotonic() + seconds
    while not predicate():
        if time.monotonic() > deadline:
            raise AssertionError("condition not reached in time")
        time.sleep(0.02)


# ------------------------------------------------------------------ one writer
def test_a_second_writer_is_refused_with_the_holder_named(tmp_path):
    folder = tmp_path / "run"
    holder = spawn(f"""
        import functools
        from sweep_tasks import slow_square_task
        from gametheory.study.sweep import grid, run_chunks
        import numpy as np
        design = grid({{"x": np.arange(40.0), "y": [0.0, 1.0]}})
        run_chunks(functools.partial(slow_square_task, seconds_per_point=0.02), design, chunk_size=4,
                   directory={str(folder)!r}, progress=False)
    """)
    try:
        wait_for(lambda: len(chunks(folder)) >= 1)
        for spec in ({}, {"model": "another sweep"}):  # the same sweep and a different one alike
            with pytest.raises(StoreLockedError, match=f"in use by another sweep \\(process {holder.pid} on "):
                run_chunks(square_task, design(), directory=folder, resume=True, progress=False, spec=spec)
        assert holder.wait(timeout=60) == 0, holder.stderr.read()
    finally:
        holder.kill()
    resumed = run_chunks(square_task, design(), directory=folder, resume=True, progress=False)
    pd.testing.assert_frame_equal(resumed, clean_rows())


def test_the_lock_dies_with_its_process(tmp_path):
    holder = spawn(f"""
        import time
        from pathlib import Path
        from gametheory.study.sweep.store import acquire_lock
        handle = acquire_lock(Path({str(tmp_path)!r}))
        print("locked", flush=True)
        time.sleep(60)
    """)
    assert holder.stdout.readline().strip() == "locked"
    with pytest.raises(StoreLockedError, match=str(holder.pid)):
        acquire_lock(tmp_path)
    holder.send_signal(signal.SIGKILL)
    holder.wait(timeout=10)
    release_lock(acquire_lock(tmp_path))  # free again: a crashed run never leaves the folder locked


def test_two_compare_runs_on_one_results_folder(tmp_path):
    """`gametheory compare` into a folder another comparison is writing: refused, non-zero exit."""
    from gametheory.study.report import compare_models

    output = tmp_path / "results"
    output.mkdir()
    handle = acquire_lock(output)
    try:
        with pytest.raises(StoreLockedError, match="in use by another sweep"):
            compare_models(["stag_hunt"], output, progress=False, figures=False)
        result = subprocess.run([sys.executable, "-m", "gametheory", "compare", "stag_hunt", "-o", str(output),
                                 "--no-figures", "-q"], capture_output=True, text=True, timeout=120,
                                env={**os.environ, "PYTHONPATH": str(ROOT)})
    finally:
        release_lock(handle)
    assert result.returncode != 0
    assert "in use by another sweep" in result.stderr and "Traceback" not in result.stderr
    assert not (output / "summary.csv").exists()


# ------------------------------------------------------------------ one sweep
def _stag_hunt_text() -> str:
    return (MODELS / "stag_hunt.toml").read_text()


def _edited(name: str) -> str:
    """stag_hunt.toml with one declared thing changed (every other line as it was)."""
    text = _stag_hunt_text()
    replacements = {
        "action label": [('actions = ["C", "D"]', 'actions = ["Restrain", "D"]'), ("{ C = ", "{ Restrain = "),
                         ('"C,C"', '"Restrain,Restrain"'), ('"C,D"', '"Restrain,D"'), ('"D,C"', '"D,Restrain"')],
        "player name": [('name = "State A"', 'name = "State Alpha"')],
        "payoff": [('"D,D" = ["punishment", "punishment"]', '"D,D" = ["punishment", "punishment + 1/2"]')],
        "parameter range": [("range = [0, 10]", "range = [0, 12]")],
        "outcome": [('arms_race = ["D,D"]', 'arms_race = ["D,D", "D,C"]')],
        "title": [('title = "', 'title = "Edited: ')],
    }[name]
    for old, new in replacements:
        assert old in text, old
        text = text.replace(old, new)
    return text


@pytest.mark.parametrize("edit", ["action label", "player name", "payoff", "parameter range", "outcome", "title"])
def test_every_model_edit_changes_the_fingerprint_and_stale_chunks_are_recomputed(edit, tmp_path):
    original_path = tmp_path / "stag_hunt.toml"
    original_path.write_text(_stag_hunt_text())
    edited_text = _edited(edit)
    assert edited_text != _stag_hunt_text()
    original = load_model(original_path)
    folder = tmp_path / "run"
    points = {"temptation": [1.0, 3.0, 5.0], "sucker": [0.0, 1.0]}
    sweep(original, grid=points, directory=folder)

    original_path.write_text(edited_text)
    edited = load_model(original_path)
    assert model_fingerprint(edited) != model_fingerprint(original)
    with pytest.raises(ValueError, match="different sweep"):
        sweep(edited, grid=points, directory=folder, resume=True)
    with pytest.warns(SweepStoreWarning, match="another version of the sweep"):
        reused = sweep(edited, grid=points, directory=folder, resume=True, restart_if_different=True)
    fresh = sweep(edited, grid=points)
    pd.testing.assert_frame_equal(reused, fresh, check_categorical=False)


def test_compare_on_an_old_results_folder_after_renaming_an_action(tmp_path):
    """The wrong-headline case: a renamed action must not be judged on chunks of the old labels."""
    from gametheory.study.report import compare_models

    path = tmp_path / "sh.toml"
    path.write_text(_stag_hunt_text())
    output = tmp_path / "out"
    compare_models([path], output, progress=False, figures=False)
    path.write_text(_edited("action label"))
    with pytest.warns(SweepStoreWarning, match="another version of the sweep"):
        reused, reports = compare_models([path], output, progress=False, figures=False)
    fresh, _ = compare_models([path], tmp_path / "fresh", progress=False, figures=False)
    pd.testing.assert_frame_equal(reused, fresh)
    assert any("another version of the sweep" in note for note in reports[0].notes)


def test_the_fingerprint_is_the_same_in_another_process():
    here = model_fingerprint(load_model("stag_hunt"))
    result = subprocess.run(
        [sys.executable, "-c", "from gametheory.model import load_model; from gametheory.model.fingerprint import "
         "model_fingerprint; print(model_fingerprint(load_model('stag_hunt')))"],
        capture_output=True, text=True, env={**os.environ, "PYTHONPATH": str(ROOT), "PYTHONHASHSEED": "123"},
        timeout=60)
    assert result.stdout.strip() == here


def test_the_result_format_and_solver_options_are_part_of_a_sweep(tmp_path, monkeypatch):
    folder = tmp_path / "run"
    model = load_model("stag_hunt")
    points = {"temptation": [1.0, 5.0]}
    sweep(model, grid=points, directory=folder)
    with pytest.raises(ValueError, match="different sweep"):
        sweep(model, grid=points, directory=folder, resume=True, tol=1e-6)
    from gametheory.study.sweep import runner

    monkeypatch.setattr(runner, "RESULT_FORMAT", runner.RESULT_FORMAT + 1)
    with pytest.raises(ValueError, match="different sweep"):
        sweep(model, grid=points, directory=folder, resume=True)


# ------------------------------------------------------------------ whole chunks
def _damage(path: Path, how: str, other: Path) -> None:
    data = path.read_bytes()
    if how == "truncated":
        path.write_bytes(data[: len(data) // 2])
    elif how == "empty":
        path.write_bytes(b"")
    elif how == "garbage":
        path.write_bytes(os.urandom(len(data)))
    elif how == "foreign":  # a chunk of another sweep over the same points
        path.write_bytes(other.read_bytes())
    elif how == "renamed":  # a valid chunk under the name of another range
        start, stop = (int(p) for p in path.name.removesuffix(".parquet").split("-")[1:])
        path.rename(path.with_name(chunk_name(start, stop + 1)))
    elif how == "old name":
        path.rename(path.with_name("chunk-000001.parquet"))
    else:
        raise AssertionError(how)


@pytest.mark.parametrize("how", ["truncated", "empty", "garbage", "foreign", "renamed", "old name"])
def test_a_damaged_or_foreign_chunk_is_recomputed_with_a_note(how, tmp_path):
    folder, other = tmp_path / "run", tmp_path / "other"
    run_chunks(square_task, design(), chunk_size=10, directory=folder, progress=False)
    run_chunks(square_task, design(), chunk_size=10, directory=other, progress=False, spec={"model": "other"})
    victim = chunks(folder)[2]
    _damage(victim, how, other / victim.name)
    with pytest.warns(SweepStoreWarning) as caught:
        resumed = run_chunks(square_task, design(), chunk_size=10, directory=folder, resume=True, progress=False)
    pd.testing.assert_frame_equal(resumed, clean_rows())
    assert resumed.attrs["sweep_notes"] and "recomputed" in str(caught[0].message)
    assert len(chunks(folder)) == 8


def test_chunks_are_flushed_to_disk_before_they_count(tmp_path, monkeypatch):
    synced = []
    real = os.fsync

    def counting(fd):
        synced.append(fd)
        return real(fd)

    monkeypatch.setattr(os, "fsync", counting)
    run_chunks(square_task, design(), chunk_size=20, directory=tmp_path, progress=False)
    # manifest (file + folder) and each of the 4 chunks (file + folder)
    assert len(synced) == 2 + 4 * 2
    assert not list(tmp_path.glob("*.tmp"))


# ------------------------------------------------------------------ checkpoints by time
def test_chunks_are_sized_by_time(tmp_path):
    task = functools.partial(slow_square_task, seconds_per_point=0.001)
    folder = tmp_path / "run"
    frame = run_chunks(task, design(300), first_chunk=2, checkpoint_seconds=0.1, directory=folder, progress=False)
    pd.testing.assert_frame_equal(frame, clean_rows(300))
    sizes = [int(p.name.split("-")[2].split(".")[0]) - int(p.name.split("-")[1]) for p in chunks(folder)]
    assert sizes[0] == 2 and max(sizes) >= 16  # grown from the first probe towards ~100 points (0.1 s)
    assert max(sizes[1:]) <= 2 * 4 ** 3  # never more than 4x the previous chunk


def test_kill_9_at_random_moments_then_resume_gives_the_clean_rows(tmp_path):
    """Kill the sweep's process at seeded random moments, resume each time, until it completes.

    Each run is killed a random moment after it has written a new chunk, so
    the kills land mid-chunk and mid-write however slow the machine is, and
    every run makes progress.
    """
    folder = tmp_path / "run"
    code = f"""
        import functools
        import numpy as np
        from sweep_tasks import slow_square_task
        from gametheory.study.sweep import grid, run_chunks
        design = grid({{"x": np.arange(300.0), "y": [0.0, 1.0]}})
        task = functools.partial(slow_square_task, seconds_per_point=0.002)
        run_chunks(task, design, first_chunk=8, checkpoint_seconds=0.05, directory={str(folder)!r},
                   resume=True, progress=False)
    """
    rng = random.Random(2026)
    kills = 0
    for attempt in range(60):
        before = len(chunks(folder)) if folder.exists() else 0
        process = spawn(code)
        try:
            wait_for(lambda: process.poll() is not None or (folder.exists() and len(chunks(folder)) > before),
                     seconds=120)
            if process.poll() is None:
                time.sleep(rng.uniform(0.0, 0.3))
            if process.poll() is not None:
                break  # finished before the kill
            process.send_signal(signal.SIGKILL)
            process.wait(timeout=30)
            kills += 1
        finally:
            process.kill()
    else:
        raise AssertionError("the sweep never completed")
    assert process.returncode == 0, process.stderr.read()
    assert kills >= 2
    manifest = json.loads((folder / MANIFEST).read_text())
    assert manifest["n_points"] == 600
    resumed = run_chunks(square_task, design(300), directory=folder, resume=True, progress=False)
    pd.testing.assert_frame_equal(resumed, clean_rows(300))
