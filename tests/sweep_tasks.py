"""Picklable sweep tasks for the runner tests (worker processes import this module)."""

from __future__ import annotations

import os
import signal
import time
from pathlib import Path

import numpy as np
import pandas as pd


def square_task(part: dict[str, np.ndarray]) -> pd.DataFrame:
    """Two rows per point: a deterministic function of the parameters."""
    x = part["x"]
    n = len(x)
    point = np.repeat(np.arange(n), 2)
    branch = np.tile([0, 1], n)
    value = np.repeat(x, 2) ** 2 + branch * np.repeat(part["y"], 2)
    return pd.DataFrame({"point": point, "branch": branch, "x": np.repeat(x, 2), "value": value})


def killing_task(part: dict[str, np.ndarray], *, kill_marker: str, kill_at: float, delay: float = 0.0) -> pd.DataFrame:
    """Like square_task, but the worker running the chunk containing ``x == kill_at``
    kills itself with SIGKILL the first time (a real crash of a worker process)."""
    if delay:
        time.sleep(delay)
    marker = Path(kill_marker)
    if np.any(part["x"] == kill_at) and not marker.exists():
        marker.write_text("killed")
        os.kill(os.getpid(), signal.SIGKILL)
    return square_task(part)


def slow_square_task(part: dict[str, np.ndarray], *, seconds_per_point: float = 0.002) -> pd.DataFrame:
    """square_task at a known cost per point, so that time-sized chunks and kills land mid-sweep."""
    time.sleep(seconds_per_point * len(part["x"]))
    return square_task(part)
