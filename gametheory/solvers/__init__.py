"""Equilibrium solvers: one module per algorithm, one result type.

Each solver is a function taking a :class:`~gametheory.games.normal_form.NormalFormGame`
and returning a :class:`~gametheory.equilibrium.SolveResult` whose equilibria
all carry certificates. :func:`solve` picks the right algorithm for the game.
"""

from __future__ import annotations

import functools
import importlib
import math
import numbers
import sys
import types

import dataclasses

from ..equilibrium import SolveResult, certify
from ..games.normal_form import NormalFormGame

# Solver modules are imported on first use: scipy and sympy stay unloaded
# until an algorithm that needs them runs.
_LAZY = {
    "pure_equilibria": "pure",
    "support_enumeration": "support_enumeration",
    "vertex_enumeration": "vertex_enumeration",
    "lemke_howson": "lemke_howson",
    "polynomial_enumeration": "polynomial",
    "iterated_dominance": "dominance",
    "DominanceResult": "dominance",
    "DominanceStep": "dominance",
    "logit_solve": "logit",
    "logit_qre": "logit",
    "trace_logit": "logit",
    "QuantalResponseEquilibrium": "logit",
    "LogitBranch": "logit",
    "LogitTracingError": "logit",
    "logit_qre_batch": "logit_batch",
    "LogitBatchResult": "logit_batch",
    "enumeration_work": "budget",
    "DEFAULT_ENUMERATION_BUDGET": "budget",
}


def __getattr__(name: str):
    module = _LAZY.get(name)
    if module is None:
        raise AttributeError(f"module 'gametheory.solvers' has no attribute {name!r}")
    value = getattr(importlib.import_module(f"{__name__}.{module}"), name)
    globals()[name] = value
    return value


class _SolversPackage(types.ModuleType):
    """The package object: a solver function keeps its name when its module of the same name is imported.

    Importing ``gametheory.solvers.lemke_howson`` makes the import system set the
    package attribute ``lemke_howson`` to the submodule, which would hide the
    function of that name for every later caller; the function is stored instead.
    """

    def __setattr__(self, name, value):
        if (isinstance(value, types.ModuleType) and _LAZY.get(name) == name
                and value.__name__ == f"{__name__}.{name}" and hasattr(value, name)):
            value = getattr(value, name)
        super().__setattr__(name, value)


sys.modules[__name__].__class__ = _SolversPackage


__all__ = [
    "solve",
    "METHODS",
    "pure_equilibria",
    "support_enumeration",
    "vertex_enumeration",
    "lemke_howson",
    "polynomial_enumeration",
    "iterated_dominance",
    "DominanceResult",
    "DominanceStep",
    "logit_solve",
    "logit_qre",
    "trace_logit",
    "QuantalResponseEquilibrium",
    "LogitBranch",
    "LogitTracingError",
    "logit_qre_batch",
    "LogitBatchResult",
    "enumeration_work",
    "DEFAULT_ENUMERATION_BUDGET",
]

#: Solvers selectable by name in :func:`solve` and on the command line.
METHODS = ("pure", "support_enumeration", "vertex_enumeration", "lemke_howson", "polynomial_enumeration")

#: Methods :func:`solve` accepts beyond :data:`METHODS` (not yet offered on the command line).
EXTRA_METHODS = ("logit",)

#: Solver function of each method in :data:`METHODS` that is not named like it.
_FUNCTIONS = {"pure": "pure_equilibria", "logit": "logit_solve"}

_BUDGET_DEFAULT = object()

# Solver function of each method once looked up (a submodule import can rebind
# the package attribute of the same name to the module, so not globals()).
_SOLVERS: dict = {}

#: Two-player methods whose float mode runs on a prepared game (``<method>_result`` in :mod:`._bimatrix_solve`).
_BIMATRIX = ("vertex_enumeration", "support_enumeration")


def solve(
    game: NormalFormGame,
    method: str = "auto",
    *,
    exact: bool | None = None,
    tol: float | None = None,
    enumeration_budget: float | None = _BUDGET_DEFAULT,
) -> SolveResult:
    """Solve ``game`` for its Nash equilibria.

    Parameters
    ----------
    game : NormalFormGame
    method : str
        ``"auto"`` (default) chooses a complete method: vertex enumeration for
        two players (every extreme equilibrium, degenerate games included),
        polynomial enumeration for more players, pure equilibria for one
        player. For three or more players it first estimates the work of
        enumeration (:func:`~gametheory.solvers.budget.enumeration_work`);
        above ``enumeration_budget`` it finds one equilibrium by logit tracing
        instead (:func:`~gametheory.solvers.logit.logit_solve`), and the
        result says so (``complete=False`` and a note). Any key of
        :data:`METHODS` forces that algorithm, and so does ``"logit"``: one
        equilibrium, the limit of the logit QRE principal branch, for games
        of any size.
    exact : bool, optional
        Rational arithmetic; default: exact when the game's payoffs are exact.
    tol : float, optional
        Tolerance for float mode (see :mod:`gametheory.numerics`).
    enumeration_budget : float or None, optional
        Largest estimated enumeration work ``"auto"`` attempts for games of
        three or more players; default
        :data:`~gametheory.solvers.budget.DEFAULT_ENUMERATION_BUDGET`.
        ``None`` lifts the budget: every equilibrium is enumerated, however
        long it takes.

    Examples
    --------
    >>> from gametheory import NormalFormGame, solve
    >>> stag_hunt = NormalFormGame.from_bimatrix([[4, 0], [3, 2]], [[4, 3], [0, 2]],
    ...                                          actions=(["Stag", "Hare"], ["Stag", "Hare"]))
    >>> result = solve(stag_hunt)
    >>> [e.describe() for e in result]  # doctest: +NORMALIZE_WHITESPACE
    ['Row: Stag; Column: Stag', 'Row: 2/3 Stag + 1/3 Hare; Column: 2/3 Stag + 1/3 Hare', 'Row: Hare; Column: Hare']

    A game too large to enumerate gets one certified equilibrium and a note:

    >>> import numpy as np
    >>> rng = np.random.default_rng(7)
    >>> big = NormalFormGame([rng.integers(-9, 10, size=(2,) * 8) for _ in range(8)])
    >>> result = solve(big)
    >>> result.method, result.complete, len(result), bool(result[0].max_regret <= result[0].tol)
    ('logit', False, 1, True)
    >>> "enumeration_budget=None" in result.notes[0]
    True
    """
    if (method == "auto" and exact is None and enumeration_budget is _BUDGET_DEFAULT and type(game) is NormalFormGame
            and not game.is_exact and game.shape in _SMALL_TWO_PLAYER):
        # The common call on a small float two-player game, with the choices made below already known.
        return _float_two_player().solve_float(game, "vertex_enumeration", tol)
    if not isinstance(game, NormalFormGame):
        raise TypeError(f"solve() takes a NormalFormGame, got {type(game).__name__}")
    if not isinstance(method, str):
        raise TypeError(f"method must be a string, got {method!r}")
    fallback_note = None
    if method == "auto":
        if game.n_players == 1:
            method = "pure"
        elif game.n_players == 2:
            method = "vertex_enumeration"
        else:
            method = "polynomial_enumeration"
            fallback_note = _over_budget(game, exact, enumeration_budget)
            if fallback_note is not None:
                method = "logit"
    elif enumeration_budget is not _BUDGET_DEFAULT:
        raise ValueError(f"enumeration_budget applies to method='auto' only, not to method={method!r}")
    if method not in METHODS + EXTRA_METHODS:
        raise ValueError(f"unknown method {method!r}; choose 'auto' or one of {list(METHODS + EXTRA_METHODS)}")

    def run(work: NormalFormGame) -> SolveResult:
        function = _SOLVERS.get(method)
        if function is None:
            name = _FUNCTIONS.get(method, method)
            function = _SOLVERS[method] = getattr(importlib.import_module(f"{__name__}.{_LAZY[name]}"), name)
        if method == "pure":
            return function(work, tol=tol)
        return function(work, exact=exact, tol=tol)

    if exact or (exact is None and game.is_exact):
        result = run(game)
    elif method in _BIMATRIX and game.n_players == 2 and _within_default_limits(method, game.shape):
        # Float mode decides with every player's payoffs on [0, 1], so one
        # tolerance means the same for every player whatever their payoff
        # scales; the two-player solvers do that internally and certify each
        # equilibrium once, on the game as given.
        result = _float_two_player().solve_float(game, method, tol)
    else:
        # The same for the other solvers: solve the normalised game, then
        # certify each equilibrium on the game as given.
        result = run(game.normalized())
        equilibria = tuple(certify(game, e.strategies, tol=tol, clean=False) for e in result.equilibria)
        result = dataclasses.replace(result, game=game, equilibria=equilibria)
    if fallback_note is not None:
        result = dataclasses.replace(result, notes=(fallback_note,) + tuple(result.notes))
    return result


def _float_two_player():
    """The two-player float path's module (imported on first use, then kept)."""
    module = _SOLVERS.get("_bimatrix_solve")
    if module is None:
        module = _SOLVERS["_bimatrix_solve"] = importlib.import_module(f"{__name__}._bimatrix_solve")
    return module


#: Two-player shapes well within every default limit (up to 12 x 12; the vertex bound first refuses 14 x 15):
#: ``solve(game)`` of a float game of one of these shapes goes straight to vertex enumeration's float path,
#: the call the general dispatch below would make.
_SMALL_TWO_PLAYER = frozenset((m, n) for m in range(1, 13) for n in range(1, 13))


@functools.lru_cache(maxsize=256)
def _within_default_limits(method: str, shape: tuple[int, int]) -> bool:
    """Whether the public two-player solver would accept a float game of this shape with its default limits.

    Above them :func:`solve` calls the public function, which refuses the
    game with its own message.
    """
    m, n = shape
    if method == "support_enumeration":
        from .support_enumeration import MAX_SUPPORT_PAIRS

        return math.comb(m + n, m) <= MAX_SUPPORT_PAIRS
    from .vertex_enumeration import MAX_VERTEX_BOUND, check_vertex_budget

    try:
        check_vertex_budget(m, n, False, MAX_VERTEX_BOUND, method)
    except ValueError:
        return False
    return True


def _over_budget(game: NormalFormGame, exact, budget) -> str | None:
    """The fallback note when enumerating ``game`` is estimated to exceed ``budget``, else ``None``."""
    from .budget import DEFAULT_ENUMERATION_BUDGET, enumeration_work

    if budget is None:
        return None
    if budget is _BUDGET_DEFAULT:
        budget = DEFAULT_ENUMERATION_BUDGET
    if isinstance(budget, bool) or not isinstance(budget, numbers.Real) or not budget >= 0:
        raise ValueError(f"enumeration_budget must be a non-negative number or None, got {budget!r}")
    symbolic = bool(exact) or (exact is None and game.is_exact)
    work = enumeration_work(game.shape, exact=symbolic)
    if work <= budget:
        return None
    shape = "x".join(str(m) for m in game.shape)
    return (
        f"not every equilibrium was enumerated: the estimated work of {'exact ' if symbolic else ''}polynomial "
        f"enumeration for this {shape} game ({work:.3g} units) is over the budget of {budget:.3g} "
        "(see gametheory.solvers.budget), so one equilibrium was found by logit tracing instead; "
        "pass enumeration_budget=None to solve() to enumerate every equilibrium, however long it takes"
    )
