"""Everything the symbolic analysis says about a game at once (:func:`analyze`).

References
----------
R. Jervis, "Cooperation under the Security Dilemma", *World Politics* 30(2),
1978, 167-214 (the Stag Hunt / Prisoner's Dilemma payoffs R, T, P, S).
"""

from __future__ import annotations

from dataclasses import dataclass

from ..games.symbolic import SymbolicGame
from .conditions import _check_symbolic, dominance_conditions, pure_equilibrium_conditions
from .mixed import MixedClosedForm, mixed_equilibrium_2x2
from .selection import selection_conditions

__all__ = ["Analysis", "analyze"]


@dataclass(frozen=True)
class Analysis:
    """All symbolic conditions of a game, for ``gametheory conditions``."""

    game: SymbolicGame
    profiles: tuple
    dominance: tuple
    mixed: MixedClosedForm | None
    selection: tuple

    def text(self) -> str:
        lines = []
        if self.game.title:
            lines.append(self.game.title)
        if self.game.parameters:
            lines.append("Parameters (conditions are simplified within these ranges):")
            for p in self.game.parameters:
                meaning = f" -- {p.meaning}" if p.meaning else ""
                lines.append(f"  {p.name} in {p.bounds_text()}, default {p.default}{meaning}")
        lines.append("Pure Nash equilibria:")
        lines.extend(f"  {c.text()}" for c in self.profiles)
        shown = [d for d in self.dominance if not (d.strict.never and d.weak.never)]
        lines.append("Dominance:" if shown else "Dominance: no action ever dominates another.")
        lines.extend(f"  {d.text()}" for d in shown)
        if self.mixed is not None:
            lines.append("Completely mixed equilibrium (p, q = probability of the first action of Row, Column):")
            lines.extend(f"  {line}" for line in self.mixed.text().splitlines())
        for s in self.selection:
            lines.append("Equilibrium selection:")
            lines.extend(f"  {line}" for line in s.text().splitlines())
        return "\n".join(lines)

    def _repr_latex_(self) -> str:
        """Jupyter shows the conditions typeset as mathematics."""
        from ..display import latex_math

        return latex_math(self.latex())

    def latex(self) -> str:
        lines = [r"\begin{align*}"]
        body = [c.latex() for c in self.profiles]
        body += [d.latex() for d in self.dominance if not (d.strict.never and d.weak.never)]
        if self.mixed is not None:
            body.append(self.mixed.latex())
        body += [s.latex() for s in self.selection]
        lines.append(" \\\\\n".join("& " + b.replace(" \\\\\n", " \\\\\n& ") for b in body))
        lines.append(r"\end{align*}")
        return "\n".join(lines)


def analyze(game: SymbolicGame) -> Analysis:
    """Every symbolic condition of ``game``: pure equilibria, dominance, and for 2x2 games the mixed equilibrium and selection.

    Examples
    --------
    >>> from gametheory.games.symbolic import Parameter, SymbolicGame
    >>> import sympy
    >>> T = sympy.Symbol("T")
    >>> pd = SymbolicGame([[[3, 0], [T, 1]], [[3, T], [0, 1]]],
    ...                   [Parameter("T", 4, low=0, high=10)], actions=(["C", "D"], ["C", "D"]))
    >>> print(analyze(pd).text().splitlines()[3])
      (C, C) is a Nash equilibrium iff T <= 3
    """
    _check_symbolic(game, "game")
    is_2x2 = game.shape == (2, 2)
    return Analysis(
        game,
        pure_equilibrium_conditions(game),
        dominance_conditions(game),
        mixed_equilibrium_2x2(game) if is_2x2 else None,
        selection_conditions(game) if is_2x2 else (),
    )
