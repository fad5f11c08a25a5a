"""Parameter sweeps: designs, chunked resumable execution, and model sweeps."""

from .design import design_size, grid, samples
from .runner import EXECUTORS, SweepInterrupted, run_chunks

__all__ = ["grid", "samples", "design_size", "run_chunks", "SweepInterrupted", "EXECUTORS"]
