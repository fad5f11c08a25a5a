"""Parameter sweeps: designs, chunked resumable execution, and model sweeps."""

from .design import design_size, grid, samples
from .model_sweep import MIXED, solve_points, sweep, sweep_design
from .runner import EXECUTORS, SweepInterrupted, run_chunks

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
    "EXECUTORS",
]
