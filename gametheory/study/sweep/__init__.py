"""Parameter sweeps: designs, chunked resumable execution in a trustworthy results folder, and model sweeps."""

from .design import design_size, grid, samples
from .model_sweep import MIXED, solve_points, sweep, sweep_design
from .runner import EXECUTORS, SweepInterrupted, SweepStoreWarning, run_chunks
from .store import StoreLockedError

__all__ = [
    "sweep",
    "sweep_design",
    "solve_points",
    "MIXED",
    "grid",
    "samples",
    "design_size",
    "run_chunks",
    "SweepInterrupted",
    "SweepStoreWarning",
    "StoreLockedError",
    "EXECUTORS",
]
