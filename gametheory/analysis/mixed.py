"""The completely mixed equilibrium of a symbolic 2x2 game in closed form (indifference conditions)."""

from __future__ import annotations

from dataclasses import dataclass
from fractions import Fraction

import sympy

from ..games.symbolic import SymbolicGame
from .conditions import Condition, _check_symbolic, _substitution
from .formatting import _expr_text, _latex_names, _tex

__all__ = ["MixedClosedForm", "mixed_equilibrium_2x2"]


def _check_2x2(game, what="game"):
    _check_symbolic(game, what)
    if game.shape != (2, 2):
        raise ValueError(f"{what} must be a 2x2 game (two players, two actions each), got shape {game.shape}")


def _between_zero_and_one(numerator, denominator):
    """``0 < numerator/denominator < 1`` without dividing (so no case is lost to a zero denominator)."""
    rest = denominator - numerator
    return sympy.Or(
        sympy.And(sympy.Gt(numerator, 0, evaluate=False), sympy.Gt(rest, 0, evaluate=False)),
        sympy.And(sympy.Lt(numerator, 0, evaluate=False), sympy.Lt(rest, 0, evaluate=False)),
    )


@dataclass(frozen=True)
class MixedClosedForm:
    """The completely mixed equilibrium of a 2x2 game, in closed form.

    Attributes
    ----------
    game : SymbolicGame
    probabilities : tuple of tuple of sympy.Expr
        Each player's probabilities of their two actions.
    exists : Condition
        When this is the (unique) completely mixed equilibrium: both
        probabilities strictly inside (0, 1), which also rules out a zero
        denominator.
    continuum : Condition
        When a player is indifferent between their actions whatever the
        other does (the degenerate case: a continuum of equilibria may exist
        and the formulas do not apply).
    derivation : tuple of str
        The two indifference equations and their solutions, in plain text.
    """

    game: SymbolicGame
    probabilities: tuple
    exists: Condition
    continuum: Condition
    derivation: tuple
    derivation_latex: tuple

    def at(self, **values) -> tuple | None:
        """The equilibrium strategies at these values (exact when the values are), or None if it does not exist."""
        if not self.exists.holds(**values):
            return None
        substitution = _substitution(self.game.parameters, values)
        return tuple(tuple(_number(sympy.simplify(p.subs(substitution))) for p in ps) for ps in self.probabilities)

    def text(self) -> str:
        lines = list(self.derivation)
        lines.append(f"This completely mixed equilibrium exists iff {self.exists.text()}")
        if not self.continuum.never:
            lines.append(f"Degenerate (a player always indifferent) iff {self.continuum.text()}")
        return "\n".join(lines)

    def latex(self) -> str:
        lines = list(self.derivation_latex)
        lines.append(rf"\text{{exists}} \iff {self.exists.latex()}")
        if not self.continuum.never:
            lines.append(rf"\text{{degenerate}} \iff {self.continuum.latex()}")
        return " \\\\\n".join(lines)


def _number(value):
    """Fraction for rational sympy numbers, float otherwise."""
    if value.is_Rational:
        return Fraction(int(value.p), int(value.q))
    return float(value)


def mixed_equilibrium_2x2(game: SymbolicGame) -> MixedClosedForm:
    """The completely mixed equilibrium of a 2x2 game, derived by indifference.

    The column player's probability ``q`` of their first action must make
    the row player indifferent between the two rows, and the row player's
    ``p`` must make the column player indifferent between the two columns:

    ``q = (A22 - A12) / (A11 - A12 - A21 + A22)``,
    ``p = (B22 - B21) / (B11 - B12 - B21 + B22)``.

    Examples
    --------
    >>> from gametheory.games.symbolic import Parameter, SymbolicGame
    >>> import sympy
    >>> R, T, P, S = sympy.symbols("R T P S")
    >>> stag = SymbolicGame([[[R, S], [T, P]], [[R, T], [S, P]]],
    ...                     [Parameter("R", 4), Parameter("T", 3), Parameter("P", 2), Parameter("S", 0)],
    ...                     actions=(["C", "D"], ["C", "D"]))
    >>> m = mixed_equilibrium_2x2(stag)
    >>> m.probabilities[1][0]
    (P - S)/(P + R - S - T)
    >>> m.at()
    ((Fraction(2, 3), Fraction(1, 3)), (Fraction(2, 3), Fraction(1, 3)))
    """
    _check_2x2(game)
    A, B = game.payoffs
    row, column = game.players
    (r1, r2), (c1, c2) = game.actions
    q_den = sympy.expand(A[0, 0] - A[0, 1] - A[1, 0] + A[1, 1])
    q_num = sympy.expand(A[1, 1] - A[0, 1])
    p_den = sympy.expand(B[0, 0] - B[0, 1] - B[1, 0] + B[1, 1])
    p_num = sympy.expand(B[1, 1] - B[1, 0])
    q = sympy.factor(sympy.cancel(q_num / q_den)) if q_den != 0 else sympy.nan
    p = sympy.factor(sympy.cancel(p_num / p_den)) if p_den != 0 else sympy.nan
    exists = sympy.And(_between_zero_and_one(q_num, q_den), _between_zero_and_one(p_num, p_den))
    continuum = sympy.Or(
        sympy.And(sympy.Eq(A[0, 0], A[1, 0], evaluate=False), sympy.Eq(A[0, 1], A[1, 1], evaluate=False)),
        sympy.And(sympy.Eq(B[0, 0], B[0, 1], evaluate=False), sympy.Eq(B[1, 0], B[1, 1], evaluate=False)),
    )
    probabilities = ((p, sympy.factor(1 - p)), (q, sympy.factor(1 - q)))
    derivation, derivation_latex = [], []
    names = _latex_names(game.parameters)
    for who, other, payoffs, acts, var, value in (
        (column, row, A, (r1, r2), "q", q),
        (row, column, B.T, (c1, c2), "p", p),
    ):
        left = _mix_text(payoffs[0, 0], payoffs[0, 1], var)
        right = _mix_text(payoffs[1, 0], payoffs[1, 1], var)
        derivation.append(
            f"{who} makes {other} indifferent between {acts[0]} and {acts[1]}: {left} = {right} => {var} = {_expr_text(value)}"
        )
        x = sympy.Symbol(var)
        left_l = sympy.latex(payoffs[0, 0] * x + payoffs[0, 1] * (1 - x), symbol_names=names)
        right_l = sympy.latex(payoffs[1, 0] * x + payoffs[1, 1] * (1 - x), symbol_names=names)
        derivation_latex.append(
            rf"\text{{{_tex(who)} makes {_tex(other)} indifferent: }} {left_l} = {right_l} \Rightarrow {var} = "
            + sympy.latex(value, symbol_names=names)
        )
    return MixedClosedForm(
        game,
        probabilities,
        Condition.derive(exists, game.parameters),
        Condition.derive(continuum, game.parameters),
        tuple(derivation),
        tuple(derivation_latex),
    )


def _mix_term(value, var) -> str:
    """``4q``, ``R*q``, ``(x**2)*q``, ``(-1)(1-q)``: a payoff times a probability, as written on a board."""
    text = _expr_text(value)
    if value.is_number:
        return f"({text}){var}" if value < 0 or not value.is_Rational or "/" in text else f"{text}{var}"
    if value.is_Symbol:
        return f"{text}*{var}"
    return f"({text})*{var}"


def _mix_text(first, second, var) -> str:
    """``4q + 0(1-q)`` with the payoffs as written."""
    return f"{_mix_term(first, var)} + {_mix_term(second, '(1-' + var + ')')}"
