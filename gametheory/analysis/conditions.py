"""Conditions on the parameters under which each pure profile is a Nash equilibrium and one action dominates another.

Given a :class:`~gametheory.games.symbolic.SymbolicGame`, sympy derives the conditions
(:func:`pure_equilibrium_conditions`, :func:`dominance_conditions`), simplified within the
parameters' declared ranges (:func:`gametheory.analysis.simplify.simplify_condition`). Every
result renders as plain text (``.text()``) and LaTeX (``.latex()``).
"""

from __future__ import annotations

import itertools
from dataclasses import dataclass

import sympy
from sympy.logic.boolalg import Boolean, BooleanFalse, BooleanTrue

from ..games.symbolic import SymbolicGame
from .formatting import _condition_latex, _condition_text, _is_false, _is_true, _tex
from .simplify import _exact, simplify_condition

__all__ = ["Condition", "DominanceCondition", "ProfileCondition", "dominance_conditions", "pure_equilibrium_conditions"]


def _substitution(parameters, values: dict, *, check: bool = True) -> dict:
    known = {p.name: p for p in parameters}
    unknown = sorted(set(values) - set(known))
    if unknown:
        raise ValueError(f"unknown parameter(s) {unknown}; parameters are {sorted(known)}")
    result = {}
    for p in parameters:
        value = values.get(p.name, p.default)
        if check and not isinstance(value, sympy.Basic):
            value = p.check(value)
        result[p.sympy_symbol] = _exact(value)
    return result


def _truth(expr) -> bool:
    if _is_true(expr):
        return True
    if _is_false(expr):
        return False
    simplified = sympy.simplify(expr)
    if isinstance(simplified, (BooleanTrue, BooleanFalse)):
        return bool(simplified)
    raise ValueError(f"condition {expr} could not be decided at the given values")


@dataclass(frozen=True)
class Condition:
    """A condition on a game's parameters, with plain-text and LaTeX renderings.

    Attributes
    ----------
    expression : sympy Boolean
        The simplified condition (``sympy.true`` / ``sympy.false`` when it
        always / never holds within the declared ranges).
    parameters : tuple of Parameter
        The parameters (with ranges) the condition is about.
    unsimplified : sympy Boolean
        The condition as derived, before simplification.
    """

    expression: Boolean
    parameters: tuple
    unsimplified: Boolean

    @classmethod
    def derive(cls, expression, parameters) -> "Condition":
        parameters = tuple(parameters)
        return cls(simplify_condition(expression, parameters), parameters, expression)

    @property
    def always(self) -> bool:
        """True when the condition holds everywhere in the declared ranges."""
        return _is_true(self.expression)

    @property
    def never(self) -> bool:
        """True when the condition holds nowhere in the declared ranges."""
        return _is_false(self.expression)

    def holds(self, **values) -> bool:
        """Whether the condition holds at these parameter values (defaults for the rest).

        Values are validated against the declared ranges; exact values
        (int, Fraction, decimal strings) give an exact answer. This evaluates
        the simplified condition, the one that is rendered.
        """
        return _truth(self.expression.subs(_substitution(self.parameters, values)))

    def holds_as_derived(self, **values) -> bool:
        """Like :meth:`holds`, evaluating the condition as derived (before simplification).

        Within the declared ranges the two always agree; the tests check it.
        """
        return _truth(self.unsimplified.subs(_substitution(self.parameters, values)))

    def text(self) -> str:
        """Plain text: ``R >= T and P > S``, ``always``, ``never``."""
        return _condition_text(self.expression)

    def latex(self) -> str:
        """LaTeX, using each parameter's declared symbol."""
        return _condition_latex(self.expression, self.parameters)

    def __str__(self) -> str:
        return self.text()


def _labels(game, profile) -> tuple:
    """The action labels of a profile of action indices."""
    return tuple(game.actions[k][a] for k, a in enumerate(profile))


@dataclass(frozen=True)
class ProfileCondition:
    """When a pure profile is a Nash equilibrium (and a strict one)."""

    profile: tuple  # action indices
    labels: tuple  # action labels
    nash: Condition
    strict: Condition

    def text(self) -> str:
        return f"({', '.join(self.labels)}) is a Nash equilibrium iff {self.nash.text()}"

    def latex(self) -> str:
        labels = ", ".join(rf"\text{{{_tex(label)}}}" for label in self.labels)
        return rf"({labels}) \text{{ is a Nash equilibrium}} \iff {self.nash.latex()}"


def pure_equilibrium_conditions(game: SymbolicGame) -> tuple[ProfileCondition, ...]:
    """For each pure profile, the condition under which it is a Nash equilibrium.

    A profile is an equilibrium when no player gains by a unilateral
    deviation: the conjunction of ``u_i(a) >= u_i(b, a_-i)`` over players
    ``i`` and actions ``b``. The strict version (``>``) is given too.

    Parameters
    ----------
    game : SymbolicGame
        Any number of players and actions.

    Returns
    -------
    tuple of ProfileCondition
        In lexicographic order of the profiles.

    Examples
    --------
    >>> from gametheory.games.symbolic import Parameter, SymbolicGame
    >>> import sympy
    >>> T = sympy.Symbol("T")
    >>> pd = SymbolicGame([[[3, 0], [T, 1]], [[3, T], [0, 1]]],
    ...                   [Parameter("T", 4, low=0, high=10)], actions=(["C", "D"], ["C", "D"]))
    >>> for c in pure_equilibrium_conditions(pd):
    ...     print(c.text())
    (C, C) is a Nash equilibrium iff T <= 3
    (C, D) is a Nash equilibrium iff never
    (D, C) is a Nash equilibrium iff never
    (D, D) is a Nash equilibrium iff always
    """
    _check_symbolic(game, "game")
    results = []
    for profile in itertools.product(*(range(m) for m in game.shape)):
        weak, strict = [], []
        for i in range(game.n_players):
            current = game.payoffs[i][profile]
            for b in range(game.shape[i]):
                if b == profile[i]:
                    continue
                deviation = game.payoffs[i][profile[:i] + (b,) + profile[i + 1 :]]
                weak.append(sympy.Ge(current, deviation, evaluate=False))
                strict.append(sympy.Gt(current, deviation, evaluate=False))
        results.append(
            ProfileCondition(
                profile,
                _labels(game, profile),
                Condition.derive(sympy.And(*weak), game.parameters),
                Condition.derive(sympy.And(*strict), game.parameters),
            )
        )
    return tuple(results)


def _check_symbolic(game, what):
    if not isinstance(game, SymbolicGame):
        raise TypeError(f"{what} must be a SymbolicGame, got {type(game).__name__}")


@dataclass(frozen=True)
class DominanceCondition:
    """When ``player``'s action ``action`` dominates its action ``other``."""

    player: str
    action: str
    other: str
    strict: Condition
    weak: Condition

    def text(self) -> str:
        return (f"{self.player}: {self.action} strictly dominates {self.other} iff {self.strict.text()}; "
                f"weakly iff {self.weak.text()}")

    def latex(self) -> str:
        return (rf"\text{{{_tex(self.player)}: {_tex(self.action)} strictly dominates {_tex(self.other)}}} \iff {self.strict.latex()}"
                rf"; \text{{ weakly}} \iff {self.weak.latex()}")


def _payoffs_against_others(game, i, a, b):
    """Player ``i``'s payoffs from actions ``a`` and ``b`` against each profile of the others' actions, in order."""
    others = [range(m) for k, m in enumerate(game.shape) if k != i]
    for rest in itertools.product(*others):
        yield game.payoffs[i][rest[:i] + (a,) + rest[i:]], game.payoffs[i][rest[:i] + (b,) + rest[i:]]


def dominance_conditions(game: SymbolicGame) -> tuple[DominanceCondition, ...]:
    """For each player and ordered pair of actions, when one dominates the other.

    Action ``a`` strictly dominates ``b`` when it pays more against every
    profile of the others' actions; it weakly dominates ``b`` when it pays at
    least as much against every profile and more against at least one.

    Examples
    --------
    >>> from gametheory.games.symbolic import Parameter, SymbolicGame
    >>> import sympy
    >>> T = sympy.Symbol("T")
    >>> pd = SymbolicGame([[[3, 0], [T, 1]], [[3, T], [0, 1]]],
    ...                   [Parameter("T", 4, low=0, high=10)], actions=(["C", "D"], ["C", "D"]))
    >>> d = dominance_conditions(pd)[1]
    >>> d.player, d.action, d.other, d.strict.text(), d.weak.text()
    ('Row', 'D', 'C', 'T > 3', 'T >= 3')
    """
    _check_symbolic(game, "game")
    results = []
    for i in range(game.n_players):
        for a, b in itertools.permutations(range(game.shape[i]), 2):
            pairs = list(_payoffs_against_others(game, i, a, b))
            greater = [sympy.Gt(with_a, with_b, evaluate=False) for with_a, with_b in pairs]
            at_least = [sympy.Ge(with_a, with_b, evaluate=False) for with_a, with_b in pairs]
            results.append(
                DominanceCondition(
                    game.players[i],
                    game.actions[i][a],
                    game.actions[i][b],
                    Condition.derive(sympy.And(*greater), game.parameters),
                    Condition.derive(sympy.And(sympy.And(*at_least), sympy.Or(*greater)), game.parameters),
                )
            )
    return tuple(results)
