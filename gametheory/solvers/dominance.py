"""Iterated elimination of strictly dominated strategies, step by step.

An action is strictly dominated when some other pure action, or (with
``mixed=True``) some mixture of the player's other remaining actions, gives a
strictly higher payoff against every remaining profile of the other players.
Such an action is never played in any Nash equilibrium, so removing it, and
repeating in the smaller game, keeps every equilibrium. The result records
each elimination with its dominating strategy and the payoff comparisons, so
the derivation can be shown to a class.

Strict elimination is order independent: whatever order is used, the same
actions survive. The order used here is deterministic: pure dominators are
looked for first (players in order, actions in order, the dominator with the
largest margin), mixed dominators only when no pure one exists. Weak
dominance is deliberately not offered: its outcome depends on the order of
elimination and it can remove equilibria.
"""

from __future__ import annotations

import itertools
import math
from dataclasses import dataclass
from fractions import Fraction

import numpy as np

from ..games.normal_form import NormalFormGame
from ..numerics import format_value

__all__ = ["iterated_dominance", "DominanceResult", "DominanceStep"]


@dataclass(frozen=True)
class DominanceStep:
    """One elimination: ``player``'s ``action`` is strictly dominated by ``dominator``.

    Attributes
    ----------
    player : str
        Name of the player whose action is removed.
    player_index : int
    action : str
        Label of the removed action.
    action_index : int
        Index of the removed action in the original game.
    dominator : dict
        The dominating strategy as ``{label: probability}`` over the player's
        remaining actions (one entry with probability 1 for a pure dominator).
    margin : number
        The smallest payoff advantage of the dominator over the removed
        action, over all remaining profiles of the other players (positive;
        exact in exact mode).
    comparisons : tuple
        For each remaining profile of the other players, in order:
        ``(their action labels, dominator's payoff, removed action's payoff)``.
    opponents : tuple of str
        Names of the other players, in the order of the labels in
        ``comparisons``.
    """

    player: str
    player_index: int
    action: str
    action_index: int
    dominator: dict
    margin: object
    comparisons: tuple
    opponents: tuple

    @property
    def is_mixed(self) -> bool:
        """Whether the dominator is a proper mixture of two or more actions."""
        return len(self.dominator) > 1

    def dominator_text(self, digits: int = 4) -> str:
        """The dominator in words: ``D`` or ``1/2 T + 1/2 M``."""
        if not self.is_mixed:
            return next(iter(self.dominator))
        return " + ".join(f"{format_value(p, digits=digits)} {label}" for label, p in self.dominator.items())

    def describe(self, digits: int = 4) -> str:
        """One sentence, e.g. ``Column: D strictly dominates C (5 > 3 against Row's C, 1 > 0 against Row's D)``."""
        parts = []
        for labels, better, worse in self.comparisons:
            against = " and ".join(f"{name}'s {label}" for name, label in zip(self.opponents, labels))
            where = f" against {against}" if against else ""
            parts.append(f"{format_value(better, digits=digits)} > {format_value(worse, digits=digits)}{where}")
        separator = ", " if len(self.opponents) <= 1 else "; "
        return f"{self.player}: {self.dominator_text(digits)} strictly dominates {self.action} ({separator.join(parts)})"


@dataclass(frozen=True, eq=False)
class DominanceResult:
    """The outcome of :func:`iterated_dominance`.

    Attributes
    ----------
    game : NormalFormGame
        The original game.
    reduced : NormalFormGame
        The game restricted to the surviving actions.
    steps : tuple of DominanceStep
        The eliminations, in the order they were made.
    surviving : tuple of tuple of str
        Each player's surviving action labels, in the game's order.
    surviving_indices : tuple of tuple of int
        The same as indices into the original game's actions.
    mixed : bool
        Whether mixed dominators were considered.
    exact : bool
        Whether the comparisons were made in exact arithmetic.
    """

    game: NormalFormGame
    reduced: NormalFormGame
    steps: tuple
    surviving: tuple
    surviving_indices: tuple
    mixed: bool
    exact: bool

    @property
    def solved(self) -> bool:
        """True when one action survives for every player (the game is dominance solvable)."""
        return all(len(s) == 1 for s in self.surviving)

    def describe(self, digits: int = 4) -> str:
        """The derivation in words, one numbered line per elimination."""
        kind = "pure and mixed" if self.mixed else "pure"
        lines = [f"Iterated elimination of strictly dominated strategies ({kind} dominators):"]
        if not self.steps:
            lines.append("  No action is strictly dominated.")
        for k, step in enumerate(self.steps, 1):
            lines.append(f"  {k}. {step.describe(digits)}")
        survivors = "; ".join(f"{p}: {', '.join(a)}" for p, a in zip(self.game.players, self.surviving))
        lines.append(f"Surviving actions: {survivors}.")
        if self.solved:
            profile = ", ".join(a[0] for a in self.surviving)
            lines.append(f"The game is dominance solvable: ({profile}) is its unique Nash equilibrium.")
        return "\n".join(lines)

    def __repr__(self) -> str:
        return f"<DominanceResult: {len(self.steps)} eliminations, surviving {[list(s) for s in self.surviving]}>"


# ------------------------------------------------------------------ helpers
def _player_matrix(payoff: np.ndarray, player: int, kept: list[list[int]]) -> np.ndarray:
    """Player's payoffs restricted to ``kept``: rows = own actions, columns = others' profiles."""
    sub = payoff[np.ix_(*kept)]
    return np.moveaxis(sub, player, 0).reshape(len(kept[player]), -1)


def _exact_maximin(D: list[list[Fraction]]) -> tuple[list[Fraction], Fraction]:
    """Optimal mixture of the rows of ``D`` against its worst column, exactly.

    Solves the zero-sum game ``D`` (rows maximise) by the simplex method with
    Bland's rule in rational arithmetic, on ``max 1'y : M y <= 1, y >= 0``
    with ``M = D - min(D) + 1 > 0``; the row mixture is read from the duals.
    """
    k, P = len(D), len(D[0])
    low = min(min(row) for row in D)
    shift = 1 - low
    # Tableau rows: [M | I | 1]; columns 0..P-1 are y, P..P+k-1 the slacks.
    rows = [[D[r][p] + shift for p in range(P)] + [Fraction(int(r == s)) for s in range(k)] + [Fraction(1)]
            for r in range(k)]
    objective = [Fraction(-1)] * P + [Fraction(0)] * k + [Fraction(0)]
    basis = [P + r for r in range(k)]
    while True:
        entering = next((j for j in range(P + k) if objective[j] < 0), None)
        if entering is None:
            break
        candidates = [r for r in range(k) if rows[r][entering] > 0]
        best = min(rows[r][-1] / rows[r][entering] for r in candidates)
        row = min((r for r in candidates if rows[r][-1] / rows[r][entering] == best), key=lambda r: basis[r])
        pivot = rows[row][entering]
        rows[row] = [v / pivot for v in rows[row]]
        for r in range(k):
            if r != row and rows[r][entering] != 0:
                factor = rows[r][entering]
                rows[r] = [a - factor * b for a, b in zip(rows[r], rows[row])]
        factor = objective[entering]
        objective = [a - factor * b for a, b in zip(objective, rows[row])]
        basis[row] = entering
    duals = objective[P:P + k]
    total = sum(duals)
    sigma = [d / total for d in duals]
    return sigma, 1 / total - shift


def _float_maximin(D: np.ndarray) -> tuple[np.ndarray, float]:
    from scipy.optimize import linprog

    unscaled = D
    k, P = D.shape
    cost = np.zeros(k + 1)
    cost[-1] = -1.0  # maximise the margin
    # HiGHS refuses coefficients above 1e15 and drops those below 1e-9: the program is posed on D times a
    # power of two that brings its largest entry into [0.5, 1) (exact, so the optimal mixtures are D's).
    size = float(np.abs(D).max())
    if size > 0.0:
        D = D * 2.0 ** -math.frexp(size)[1]
    A_ub = np.hstack([-D.T, np.ones((P, 1))])
    A_eq = np.hstack([np.ones((1, k)), np.zeros((1, 1))])
    result = linprog(cost, A_ub=A_ub, b_ub=np.zeros(P), A_eq=A_eq, b_eq=[1.0],
                     bounds=[(0, None)] * k + [(None, None)], method="highs")
    if result.status != 0:
        raise RuntimeError(f"the dominance linear program failed: {result.message}")
    sigma = np.clip(result.x[:k], 0.0, None)
    sigma[sigma < 1e-12] = 0.0
    sigma = sigma / sigma.sum()
    return sigma, float(np.min(sigma @ unscaled))


def _find_step(payoffs, kept, mixed: bool, exact: bool, slack: float):
    """The next elimination as ``(player, action, {dominator index: probability})``, or None."""
    n = len(payoffs)
    matrices = [_player_matrix(payoffs[i], i, kept) for i in range(n)]
    slacks = [slack] * n
    if not exact:
        for i, U in enumerate(matrices):
            if U.size and float(U.max()) - float(U.min()) == math.inf:
                # Payoffs spread wider than the largest float: differences are taken of the payoffs times
                # 1/4 (exact), against a quarter of the slack, so none overflows and every verdict is kept.
                matrices[i], slacks[i] = U * 0.25, slack * 0.25
    for i in range(n):
        U, slack = matrices[i], slacks[i]
        if U.shape[0] < 2:
            continue
        # margins[b, a] = min over opponent profiles of U[b] - U[a]
        margins = (U[:, None, :] - U[None, :, :]).min(axis=2)
        for a in range(U.shape[0]):
            column = [margins[b, a] if b != a else None for b in range(U.shape[0])]
            better = [b for b, value in enumerate(column) if value is not None and value > slack]
            if better:
                b = max(better, key=lambda b: (column[b], -b))
                one = Fraction(1) if exact else 1.0
                return i, a, {b: one}
    if not mixed:
        return None
    for i in range(n):
        U, slack = matrices[i], slacks[i]
        if U.shape[0] < 3:
            continue  # with one other action a mixture is that pure action
        for a in range(U.shape[0]):
            others = [b for b in range(U.shape[0]) if b != a]
            D = U[others] - U[a]
            if exact:
                sigma, margin = _exact_maximin([list(row) for row in D])
            else:
                sigma, margin = _float_maximin(np.asarray(D, dtype=float))
            if margin > slack:
                return i, a, {b: p for b, p in zip(others, sigma) if p != 0}
    return None


def iterated_dominance(
    game: NormalFormGame,
    *,
    mixed: bool = True,
    exact: bool | None = None,
    tol: float | None = None,
) -> DominanceResult:
    """Iterated elimination of strictly dominated strategies, with each step recorded.

    Parameters
    ----------
    game : NormalFormGame
        Any number of players.
    mixed : bool
        Also remove actions strictly dominated by a mixture of the player's
        other remaining actions (found by a linear program). Default True.
        With ``False`` only pure dominators count.
    exact : bool, optional
        Compare payoffs in rational arithmetic; default: exact when the game's
        payoffs are exact. Exact mode solves the dominance linear program by
        an exact simplex method in :class:`~fractions.Fraction`, so no
        floating-point verdict is ever trusted for an exact game; float mode
        uses :func:`scipy.optimize.linprog` (HiGHS).
    tol : float, optional
        Float mode only: a dominator must win by more than the scaled
        tolerance (see :mod:`gametheory.numerics`) against every profile.

    Returns
    -------
    DominanceResult
        The original and reduced games, the steps, the survivors and a
        :meth:`~DominanceResult.describe` that prints the derivation.

    Raises
    ------
    TypeError
        If ``game`` is not a NormalFormGame.

    Notes
    -----
    A strictly dominated action is never played in a Nash equilibrium
    (by pure or, with ``mixed=True``, by mixed dominators), so the reduced game
    has exactly the equilibria of the original. The mixed test for action
    ``a`` solves ``max_sigma min_p sum_b sigma_b (u(b, p) - u(a, p))`` over
    mixtures ``sigma`` of the other remaining actions; ``a`` is strictly
    dominated exactly when the optimum is positive. For more than two players
    ``p`` runs over the others' pure profiles, as usual.

    Weak dominance is not offered: its result depends on the elimination
    order and it can remove Nash equilibria.

    References
    ----------
    M. J. Osborne and A. Rubinstein, *A Course in Game Theory* (1994),
    section 4.2.

    Examples
    --------
    >>> from gametheory import NormalFormGame
    >>> pd = NormalFormGame.from_bimatrix([[3, 0], [5, 1]], [[3, 5], [0, 1]],
    ...                                   actions=(["C", "D"], ["C", "D"]))
    >>> print(iterated_dominance(pd).describe())
    Iterated elimination of strictly dominated strategies (pure and mixed dominators):
      1. Row: D strictly dominates C (5 > 3 against Column's C, 1 > 0 against Column's D)
      2. Column: D strictly dominates C (1 > 0 against Row's D)
    Surviving actions: Row: D; Column: D.
    The game is dominance solvable: (D, D) is its unique Nash equilibrium.

    A pure strategy dominated only by a mixture:

    >>> g = NormalFormGame.from_bimatrix([[3, 0], [0, 3], [1, 1]], [[0, 0], [0, 0], [0, 0]],
    ...                                  actions=(["T", "M", "B"], ["L", "R"]))
    >>> result = iterated_dominance(g)
    >>> result.steps[0].describe()
    "Row: 1/2 T + 1/2 M strictly dominates B (3/2 > 1 against Column's L, 3/2 > 1 against Column's R)"
    >>> result.surviving
    (('T', 'M'), ('L', 'R'))
    >>> iterated_dominance(g, mixed=False).steps
    ()
    """
    if not isinstance(game, NormalFormGame):
        raise TypeError(f"iterated_dominance() takes a NormalFormGame, got {type(game).__name__}")
    if not isinstance(mixed, bool):
        raise TypeError(f"mixed must be True or False, got {mixed!r}")
    exact = game.is_exact if exact is None else bool(exact)
    work = game.as_exact() if exact else game.as_float()
    slack = 0 if exact else work.tolerance(tol)
    kept = [list(range(m)) for m in game.shape]
    steps = []
    while True:
        found = _find_step(work.payoffs, kept, mixed, exact, slack)
        if found is None:
            break
        i, a, weights = found
        others = [k for k in range(game.n_players) if k != i]
        U = _player_matrix(work.payoffs[i], i, kept)
        dominator_row = sum(p * U[b] for b, p in weights.items())
        profiles = list(itertools.product(*(kept[k] for k in others)))
        comparisons = tuple(
            (tuple(work.actions[k][x] for k, x in zip(others, profile)), better, worse)
            for profile, better, worse in zip(profiles, dominator_row, U[a])
        )
        with np.errstate(over="ignore"):  # a margin beyond the largest float is inf
            margin = min(better - worse for _, better, worse in comparisons)
        actions = work.actions[i]
        steps.append(DominanceStep(
            player=work.players[i],
            player_index=i,
            action=actions[kept[i][a]],
            action_index=kept[i][a],
            dominator={actions[kept[i][b]]: p for b, p in sorted(weights.items())},
            margin=margin,
            comparisons=comparisons,
            opponents=tuple(work.players[k] for k in others),
        ))
        del kept[i][a]
    return DominanceResult(
        game=game,
        reduced=game.restrict(kept),
        steps=tuple(steps),
        surviving=tuple(tuple(game.actions[i][a] for a in k) for i, k in enumerate(kept)),
        surviving_indices=tuple(tuple(k) for k in kept),
        mixed=mixed,
        exact=exact,
    )
