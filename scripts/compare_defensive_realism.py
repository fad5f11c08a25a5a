"""Do the equilibria of the alliance models agree with defensive realism?

Method. For every model in the built-in library (models/*.toml), sweep the
parameter grid its file declares, solve every point for all its (extreme)
Nash equilibria with certificates, and evaluate at each point what defensive
realism predicts there (the rules declared in the model file, each citing its
source). A prediction agrees with the equilibria when the predicted outcome is
an equilibrium (or the unique one, or not one, as the rule says). Rival
theories declared by a model (offensive realism, balance of threat, ...) are
compared the same way.

Output. A summary table on standard output (model, points, agreement with
defensive realism, where it fails) and, in the results folder (default
./results), per model: the tidy sweep (Parquet), the per-point comparison,
agreement by prediction rule and the divergences (CSV, Markdown, LaTeX), the
equilibria at the default parameters (exact), the regime map and, for 2x2
models, the best-response diagram (PNG, PDF); and summary.{csv,md,tex}.

Usage: python scripts/compare_defensive_realism.py [--output DIR] [--executor processes] [MODEL ...]
(the same as `gametheory compare`; `--help` lists every option).
"""

from gametheory.cli.study import compare

if __name__ == "__main__":
    compare(prog_name="compare_defensive_realism.py")
