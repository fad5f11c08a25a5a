"""Equilibrium selection in 2x2 coordination games: risk and payoff dominance as conditions on the parameters.

References
----------
J. C. Harsanyi and R. Selten, *A General Theory of Equilibrium Selection in
Games*, MIT Press, 1988 (risk and payoff dominance).
"""

from __future__ import annotations

from dataclasses import dataclass

import sympy

from ..games.symbolic import SymbolicGame
from .conditions import Condition, _labels
from .formatting import _tex
from .mixed import _check_2x2

__all__ = ["SelectionConditions", "selection_conditions"]


@dataclass(frozen=True)
class SelectionConditions:
    """Risk and payoff dominance between two pure equilibria of a 2x2 game.

    Attributes
    ----------
    first, second : tuple of str
        The two profiles (action labels), e.g. ``("C", "C")`` and ``("D", "D")``.
    both_strict : Condition
        When both are strict equilibria (the premise of a coordination game);
        the dominance conditions below are stated under this premise.
    first_risk_dominates, second_risk_dominates : Condition
        Harsanyi-Selten: the product of the two players' deviation losses is
        larger at the risk-dominant equilibrium.
    first_payoff_dominates, second_payoff_dominates : Condition
        Every player is strictly better off at the payoff-dominant equilibrium.
    """

    first: tuple
    second: tuple
    both_strict: Condition
    first_risk_dominates: Condition
    second_risk_dominates: Condition
    first_payoff_dominates: Condition
    second_payoff_dominates: Condition

    def _rows(self):
        a, b = f"({', '.join(self.first)})", f"({', '.join(self.second)})"
        return [
            (f"{a} and {b} are both strict equilibria", self.both_strict),
            (f"{a} risk-dominates {b}", self.first_risk_dominates),
            (f"{b} risk-dominates {a}", self.second_risk_dominates),
            (f"{a} payoff-dominates {b}", self.first_payoff_dominates),
            (f"{b} payoff-dominates {a}", self.second_payoff_dominates),
        ]

    def text(self) -> str:
        lines = [f"{what} iff {c.text()}" for what, c in self._rows()]
        return "\n".join(lines[:1] + ["  " + line for line in lines[1:]])

    def latex(self) -> str:
        return " \\\\\n".join(rf"\text{{{_tex(what)}}} \iff {c.latex()}" for what, c in self._rows())


def selection_conditions(game: SymbolicGame) -> tuple[SelectionConditions, ...]:
    """Risk- and payoff-dominance conditions for the pure equilibria of a 2x2 game.

    The two candidate pairs of pure equilibria in a 2x2 game are the diagonal
    ``{(1,1), (2,2)}`` (coordination games such as the Stag Hunt) and the
    anti-diagonal ``{(1,2), (2,1)}`` (Chicken). A pair is returned when both
    profiles can be strict equilibria somewhere in the declared ranges.

    Under that premise the equilibrium ``e`` risk-dominates ``f`` when the
    product of the players' losses from deviating at ``e`` exceeds the product
    at ``f`` (Harsanyi and Selten 1988, for 2x2 games); ``e`` payoff-dominates
    ``f`` when every player gets strictly more at ``e``. When both players'
    losses are equal at each equilibrium (symmetric games), the product
    comparison is reduced to a comparison of the losses, which is equivalent
    because the losses are positive under the premise.

    Examples
    --------
    >>> from gametheory.games.symbolic import Parameter, SymbolicGame
    >>> import sympy
    >>> R, T, P, S = sympy.symbols("R T P S")
    >>> stag = SymbolicGame([[[R, S], [T, P]], [[R, T], [S, P]]],
    ...                     [Parameter("R", 4), Parameter("T", 3), Parameter("P", 2), Parameter("S", 0)],
    ...                     actions=(["C", "D"], ["C", "D"]))
    >>> s = selection_conditions(stag)[0]  # the diagonal pair; (C, D), (D, C) is the other
    >>> s.both_strict.text(), s.first_risk_dominates.text(), s.first_payoff_dominates.text()
    ('P > S and R > T', 'R + S > P + T', 'R > P')
    """
    _check_2x2(game)
    A, B = game.payoffs
    results = []
    for e, f in (((0, 0), (1, 1)), ((0, 1), (1, 0))):
        losses = {}
        for profile in (e, f):
            r, c = profile
            losses[profile] = (sympy.expand(A[r, c] - A[1 - r, c]), sympy.expand(B[r, c] - B[r, 1 - c]))
        premise = sympy.And(*(sympy.Gt(loss, 0, evaluate=False) for pair in losses.values() for loss in pair))
        both_strict = Condition.derive(premise, game.parameters)
        if both_strict.never:
            continue

        def risk(x, y):
            (x1, x2), (y1, y2) = losses[x], losses[y]
            if sympy.expand(x1 - x2) == 0 and sympy.expand(y1 - y2) == 0:
                return sympy.Gt(x1, y1, evaluate=False)
            return sympy.Gt(x1 * x2, y1 * y2, evaluate=False)

        def payoff(x, y):
            return sympy.And(sympy.Gt(A[x], A[y], evaluate=False), sympy.Gt(B[x], B[y], evaluate=False))

        results.append(
            SelectionConditions(
                _labels(game, e),
                _labels(game, f),
                both_strict,
                Condition.derive(risk(e, f), game.parameters),
                Condition.derive(risk(f, e), game.parameters),
                Condition.derive(payoff(e, f), game.parameters),
                Condition.derive(payoff(f, e), game.parameters),
            )
        )
    return tuple(results)
