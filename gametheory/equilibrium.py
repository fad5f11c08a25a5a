"""Certified equilibria and the one result type every solver returns.

An :class:`Equilibrium` is never a bare strategy profile: it carries its
certificate, each player's regret (the gain from the best unilateral
deviation), computed from the game itself. In exact mode the regrets are
:class:`~fractions.Fraction` zeros; in float mode they are within the stated
tolerance. :func:`certify` is the single place that builds one, and it refuses
a profile that is not an equilibrium.
"""

from __future__ import annotations

import math
from contextlib import nullcontext
from dataclasses import dataclass, field
from fractions import Fraction
from operator import mul

import numpy as np

from .games.normal_form import NormalFormGame
from .numerics import format_value, json_value, scaled_tolerance

__all__ = ["Equilibrium", "SolveResult", "certify", "certify_float", "NotAnEquilibriumError"]


class NotAnEquilibriumError(ValueError):
    """Raised by :func:`certify` when a profile's regret exceeds the tolerance."""


def _gains(game, player: int, regret, slack) -> NotAnEquilibriumError:
    """The error naming the player who gains ``regret`` by deviating, above the tolerance ``slack``."""
    return NotAnEquilibriumError(
        f"not an equilibrium: player {game.players[player]!r} gains {format_value(regret)} "
        f"by deviating (tolerance {format_value(slack)})"
    )


@dataclass(frozen=True, eq=False)
class Equilibrium:
    """A Nash equilibrium of ``game`` with its certificate.

    Attributes
    ----------
    game : NormalFormGame
    strategies : tuple of ndarray
        One probability vector per player, in the game's action order
        (``Fraction`` entries in exact mode).
    payoffs : tuple
        Each player's expected payoff.
    regrets : tuple
        Each player's best deviation gain: exactly 0 in exact mode, at most
        ``tol`` in float mode.
    supports : tuple of tuple of int
        Indices of the actions each player plays with positive probability.
    tol : float
        The absolute payoff tolerance the certificate was checked against
        (0 in exact mode).
    """

    game: NormalFormGame
    strategies: tuple
    payoffs: tuple
    regrets: tuple
    supports: tuple
    tol: float

    @property
    def is_exact(self) -> bool:
        return all(s.dtype == object for s in self.strategies)

    @property
    def is_pure(self) -> bool:
        return all(len(s) == 1 for s in self.supports)

    @property
    def max_regret(self):
        return max(self.regrets)

    @property
    def pure_profile(self) -> tuple[str, ...] | None:
        """Action labels of a pure equilibrium, ``None`` for a mixed one."""
        if not self.is_pure:
            return None
        return tuple(self.game.actions[i][s[0]] for i, s in enumerate(self.supports))

    def strategy_dict(self) -> dict[str, dict[str, object]]:
        """``{player: {action: probability}}`` in the game's own words."""
        return {
            player: {action: p for action, p in zip(self.game.actions[i], self.strategies[i])}
            for i, player in enumerate(self.game.players)
        }

    def as_float(self) -> tuple[np.ndarray, ...]:
        return tuple(np.asarray(s, dtype=float) for s in self.strategies)

    def describe(self, digits: int = 4) -> str:
        """One line in the model's words, e.g. ``Row: C; Column: 2/3 C + 1/3 D``."""
        parts = []
        for i, player in enumerate(self.game.players):
            terms = [
                self.game.actions[i][a] if len(self.supports[i]) == 1
                else f"{format_value(self.strategies[i][a], digits=digits)} {self.game.actions[i][a]}"
                for a in self.supports[i]
            ]
            parts.append(f"{player}: {' + '.join(terms)}")
        return "; ".join(parts)

    def to_dict(self) -> dict:
        """JSON-ready form: probabilities per player in action order, exact values as strings."""
        return {
            "strategies": [[json_value(p) for p in s] for s in self.strategies],
            "payoffs": [json_value(v) for v in self.payoffs],
            "regrets": [json_value(v) for v in self.regrets],
            "supports": [[self.game.actions[i][a] for a in s] for i, s in enumerate(self.supports)],
            "pure": self.is_pure,
        }

    def same_as(self, other: "Equilibrium", tol: float = 1e-6) -> bool:
        """Whether two equilibria are the same profile (within ``tol`` for floats)."""
        return all(
            np.allclose(np.asarray(a, dtype=float), np.asarray(b, dtype=float), atol=tol)
            for a, b in zip(self.strategies, other.strategies)
        )

    def __repr__(self) -> str:
        return f"<Equilibrium {self.describe()} | max regret {format_value(self.max_regret)}>"


def certify(game: NormalFormGame, strategies, *, tol: float | None = None, clean: bool = True) -> Equilibrium:
    """Build a certified :class:`Equilibrium` of ``game`` from a strategy profile.

    Parameters
    ----------
    game : NormalFormGame
    strategies : sequence of array_like
        One probability vector per player. Exact (Fraction or int) vectors
        give an exact certificate.
    tol : float, optional
        Relative tolerance (see :func:`gametheory.numerics.scaled_tolerance`)
        for float profiles; default :data:`~gametheory.numerics.DEFAULT_TOL`.
    clean : bool
        In float mode, set probabilities within tolerance of 0 to 0 and
        renormalise, so supports are unambiguous.

    Raises
    ------
    NotAnEquilibriumError
        If some player's regret exceeds the tolerance (or is non-zero in exact
        mode).
    """
    strategies = game.check_strategies(strategies, tol=tol)
    # An exact certificate needs exact payoffs too: a float game is checked within tolerance.
    exact = game.is_exact and all(s.dtype == object for s in strategies)
    if not exact and not clean and game.n_players == 2:
        return _certify_float_pair(game, strategies, tol)
    if not exact:
        strategies = tuple(np.asarray(s, dtype=float) for s in strategies)
        if clean:
            cleaned = []
            for i, s in enumerate(strategies):
                s = np.where(s > game.tolerance(tol) / game.payoff_scale, s, 0.0)
                total = s.sum()
                if total == 0:
                    raise ValueError(
                        f"the tolerance {format_value(game.tolerance(tol))} cleans away every probability of the "
                        f"strategy {strategies[i].tolist()} of player {game.players[i]!r}; certify with a smaller tol"
                    )
                cleaned.append(s / total)
            strategies = tuple(cleaned)
    slack = Fraction(0) if exact else game.tolerance(tol)
    payoffs, regrets = [], []
    for i in range(game.n_players):
        values = game.deviation_payoffs(i, strategies)
        value = values.dot(strategies[i])
        regret = (max(values) if exact else values.max()) - value
        if not exact:
            value, regret = float(value), max(float(regret), 0.0)
        if regret > slack:
            raise _gains(game, i, regret, slack)
        payoffs.append(value)
        regrets.append(regret)
    supports = tuple(
        tuple(int(a) for a in np.flatnonzero([p != 0 for p in s] if exact else s != 0)) for s in strategies
    )
    for s in strategies:
        s.setflags(write=False)
    return Equilibrium(game, tuple(strategies), tuple(payoffs), tuple(regrets), supports, float(slack))


def certify_float(game: NormalFormGame, strategies, *, tol: float | None = None, clean: bool = True) -> Equilibrium:
    """:func:`certify` of a float profile of a game with any number of players, in a few array operations.

    The checks, the cleaning, the certificate and the errors are those of
    :func:`certify`: each strategy must be a probability vector within
    ``scaled_tolerance(tol, 1)`` (``ValueError`` otherwise), probabilities
    within tolerance of 0 are set to 0 when ``clean`` is true, and each
    player's regret, the best pure payoff against the others' mixed
    strategies less the expected payoff, is computed on the game's payoffs
    and must be within :meth:`NormalFormGame.tolerance`
    (:class:`NotAnEquilibriumError` otherwise, naming the first player in
    order who gains). Only the order of the floating-point sums differs, so
    payoffs and regrets agree with :func:`certify` up to rounding.

    Where :meth:`NormalFormGame.deviation_payoffs` contracts one player's
    payoffs with one ``tensordot`` per other player, here every player's
    payoff against the others' strategies comes at once: at each pure
    profile the product of the others' probabilities (one gather and one
    product over a layout cached per game shape), times the payoff, summed
    by the player's own action (one ``bincount``). A profile that is not
    made of float vectors of the right lengths goes to :func:`certify`
    itself.

    Examples
    --------
    >>> game = NormalFormGame([[[[1, 0], [0, 0]], [[0, 0], [0, 1]]]] * 3)
    >>> e = certify_float(game, [np.array([1.0, 0.0])] * 3)
    >>> e.supports, e.payoffs, e.regrets
    (((0,), (0,), (0,)), (1.0, 1.0, 1.0), (0.0, 0.0, 0.0))
    """
    shape = game.shape
    n = len(shape)
    if len(strategies) != n or not all(
        isinstance(s, np.ndarray) and s.dtype.kind == "f" and s.shape == (size,) for s, size in zip(strategies, shape)
    ):
        return certify(game, strategies, tol=tol, clean=clean)
    simplex = scaled_tolerance(tol, 1.0)
    flat = np.concatenate(strategies, dtype=float).tolist()
    isfinite = math.isfinite
    lists, start = [], 0
    for size in shape:
        lists.append(flat[start:start + size])
        start += size
    for i, s in enumerate(lists):
        total = sum(s)  # NaN or infinite if some probability is
        if not isfinite(total) or min(s) < -simplex or abs(total - 1) > simplex * len(s):
            game.check_strategies(strategies, tol=tol)  # raises the error naming the player
            return certify(game, strategies, tol=tol, clean=clean)
    slack = game.tolerance(tol)
    if clean:
        threshold = slack / game.payoff_scale
        for i, s in enumerate(lists):
            s = [p if p > threshold else 0.0 for p in s]
            total = sum(s)
            if total == 0:  # only with a tolerance so loose that it cleans a whole strategy away
                return certify(game, strategies, tol=tol, clean=clean)
            lists[i] = [p / total for p in s]
        flat = [p for s in lists for p in s]
        array = np.array(flat)
        array.setflags(write=False)
        arrays, start = [], 0
        for size in shape:
            arrays.append(array[start:start + size])
            start += size
    else:
        arrays = [np.asarray(s, dtype=float) for s in strategies]
    index, target = _deviation_layout(shape)
    others = np.array(flat + [1.0])[index].prod(axis=1)
    stacked = np.stack(game.float_payoffs()).reshape(n, -1)
    values = np.bincount(target, weights=(stacked * others).ravel(), minlength=len(flat)).tolist()
    payoffs, regrets, supports, start = [], [], [], 0
    for i, s in enumerate(lists):
        own = values[start:start + len(s)]
        start += len(s)
        support = tuple(a for a, p in enumerate(s) if p != 0)
        if not support:  # an all-zero vector passes the simplex check only under a very loose tolerance
            return certify(game, strategies, tol=tol, clean=clean)
        value = sum([own[a] * s[a] for a in support]) if len(support) > 1 else own[support[0]] * s[support[0]]
        regret = max(max(own) - value, 0.0)
        if regret > slack:
            raise _gains(game, i, regret, slack)
        payoffs.append(value)
        regrets.append(regret)
        supports.append(support)
    if not clean:
        for s in arrays:
            s.setflags(write=False)
    return _equilibrium(game, tuple(arrays), tuple(payoffs), tuple(regrets), tuple(supports), float(slack))


_DEVIATION_LAYOUTS: dict = {}


def _deviation_layout(shape: tuple) -> tuple:
    """Index arrays of :func:`certify_float` for one game shape, made once.

    With the players' strategies laid end to end (and a 1 appended),
    ``index[i, k, p]`` picks player ``k``'s probability of its action in
    pure profile ``p`` (the appended 1 for ``k == i``), and ``target[i, p]``
    (flattened) is the position of player ``i``'s own action in profile
    ``p`` in the same layout.
    """
    layout = _DEVIATION_LAYOUTS.get(shape)
    if layout is None:
        n = len(shape)
        offsets = np.cumsum((0,) + tuple(shape[:-1]))
        position = np.indices(shape).reshape(n, -1) + offsets[:, None]
        index = np.repeat(position[None], n, axis=0)
        index[np.arange(n), np.arange(n)] = sum(shape)
        layout = (index, position.ravel())
        for array in layout:
            array.setflags(write=False)
        _DEVIATION_LAYOUTS[shape] = layout
    return layout


def _certify_float_pair(game: NormalFormGame, strategies, tol) -> Equilibrium:
    """:func:`certify` of a float two-player profile: the same checks in fewer array operations."""
    x, y = (np.asarray(s, dtype=float) for s in strategies)
    A, B = game.float_payoffs()
    slack = game.tolerance(tol)
    payoffs, regrets = [], []
    for i, values, own in ((0, A @ y, x), (1, x @ B, y)):
        value = float(values.dot(own))
        regret = max(float(values.max()) - value, 0.0)
        if regret > slack:
            raise _gains(game, i, regret, slack)
        payoffs.append(value)
        regrets.append(regret)
    supports = (tuple(np.flatnonzero(x).tolist()), tuple(np.flatnonzero(y).tolist()))
    x.setflags(write=False)
    y.setflags(write=False)
    return Equilibrium(game, (x, y), tuple(payoffs), tuple(regrets), supports, float(slack))


def certify_float_pairs(game: NormalFormGame, X: np.ndarray, Y: np.ndarray, *,
                        tol: float | None = None) -> list:
    """:func:`certify` (with ``clean=False``) of many float profiles of a two-player game at once.

    Row ``k`` of ``X`` and of ``Y`` is one profile. Each profile gets the
    checks :func:`certify` makes (probability vectors within tolerance, each
    player's regret within :meth:`NormalFormGame.tolerance`), computed in a
    few array operations over all profiles; the result lists a certified
    :class:`Equilibrium` for each profile that passes and ``None`` for each
    that does not.
    """
    if game.n_players != 2 or X.ndim != 2 or Y.ndim != 2 or len(X) != len(Y):
        raise ValueError("certify_float_pairs() takes a two-player game and two stacks of strategies")
    m, n = game.shape
    X, Y = np.asarray(X, dtype=float), np.asarray(Y, dtype=float)
    if X.shape[1] != m or Y.shape[1] != n:
        raise ValueError(f"strategies of shape {X.shape[1:]} and {Y.shape[1:]} do not fit a game of shape {game.shape}")
    simplex = scaled_tolerance(tol, 1.0)
    # A NaN or infinite probability makes its row's sum NaN or infinite (and a finite sum is near 1); both
    # players' least probabilities are at least -simplex when the least of the two is.
    reduce_add = np.add.reduce
    ok = ((np.abs(reduce_add(X, axis=1) - 1) <= simplex * m) & (np.abs(reduce_add(Y, axis=1) - 1) <= simplex * n)
          & (np.minimum.reduce(np.concatenate((X, Y), axis=1), axis=1, initial=0.0) >= -simplex))
    A, B = game.float_payoffs()
    slack = game.tolerance(tol)
    # Rows already refused may hold NaN or infinities: their regrets are NaN, quietly.
    with np.errstate(invalid="ignore", over="ignore") if not ok.all() else nullcontext():
        values_a, values_b = Y @ A.T, X @ B
        payoff_a = np.einsum("ki,ki->k", values_a, X)
        payoff_b = np.einsum("kj,kj->k", values_b, Y)
        regret_a = np.maximum(values_a.max(axis=1) - payoff_a, 0.0)
        regret_b = np.maximum(values_b.max(axis=1) - payoff_b, 0.0)
    ok &= np.maximum(regret_a, regret_b) <= slack  # NaN (a refused row) propagates and compares False
    X.setflags(write=False)
    Y.setflags(write=False)
    rows = zip(ok.tolist(), X, Y, payoff_a.tolist(), payoff_b.tolist(), regret_a.tolist(), regret_b.tolist(),
               _row_supports(X), _row_supports(Y))
    return [
        _equilibrium(game, (x, y), (pa, pb), (ra, rb), (sx, sy), slack) if good else None
        for good, x, y, pa, pb, ra, rb, sx, sy in rows
    ]


def _row_supports(S: np.ndarray) -> list:
    """Each row's support (the positions of its nonzero entries, a tuple), from one ``nonzero`` over all rows."""
    rows, columns = S.nonzero()
    columns = columns.tolist()
    supports, start = [], 0
    for end in np.add.accumulate(np.bincount(rows, minlength=len(S))).tolist():
        supports.append(tuple(columns[start:end]))
        start = end
    return supports


def certify_small_pairs(game: NormalFormGame, profiles, *, tol: float | None = None, unit=None,
                        payoffs=None) -> list:
    """:func:`certify_float_pairs` for profiles given as pairs of lists of floats, on Python floats.

    For tiny games (a few actions each) this beats the per-call cost of
    numpy; the checks are the same: probability vectors within tolerance,
    each player's regret within :meth:`NormalFormGame.tolerance`. Each
    profile is ``(x, y)``, or a longer tuple whose first two entries are
    ``x`` and ``y``.

    ``unit``, if given, is the two players' payoff matrices mapped onto
    [0, 1] (nested lists, as ``game.normalized()`` has them): a profile whose
    regret on them exceeds ``scaled_tolerance(tol, 1)`` is refused too (the
    check float solvers make on the normalised game, without building it); a
    player's matrix may be ``None`` where the certificate implies the check.
    The certificate itself is always computed on ``game``; ``payoffs``, if
    given, is its two payoff matrices as nested lists (``A.tolist()`` and
    ``B.tolist()`` of :meth:`NormalFormGame.float_payoffs`), saving the
    conversion.
    """
    m, n = game.shape
    if payoffs is None:
        A, B = game.float_payoffs()
        A, B_T = A.tolist(), B.T.tolist()
    else:
        A, B_T = payoffs[0], list(zip(*payoffs[1]))
    simplex = scaled_tolerance(tol, 1.0)
    slack = game.tolerance(tol)
    if unit is not None:
        unit_a, unit_b = unit[0], None if unit[1] is None else list(zip(*unit[1]))
    certified = []
    isfinite = math.isfinite
    lowest, simplex_m, simplex_n = -simplex, simplex * m, simplex * n
    passed, flat = [], []
    for profile in profiles:
        x, y = profile[0], profile[1]
        if len(x) != m or len(y) != n:
            certified.append(None)
            continue
        total_x, total_y = sum(x), sum(y)
        # A NaN or infinite probability makes its sum NaN or infinite.
        if (not (isfinite(total_x) and isfinite(total_y)) or min(x) < lowest or min(y) < lowest
                or abs(total_x - 1) > simplex_m or abs(total_y - 1) > simplex_n):
            certified.append(None)
            continue
        support_x = [i for i, p in enumerate(x) if p != 0]
        support_y = [j for j, q in enumerate(y) if q != 0]
        if unit is not None and ((unit_a is not None and _regret(unit_a, x, y, support_x, support_y)[1] > simplex)
                                 or (unit_b is not None
                                     and _regret(unit_b, y, x, support_y, support_x)[1] > simplex)):
            certified.append(None)
            continue
        payoff_a, regret_a = _regret(A, x, y, support_x, support_y)
        payoff_b, regret_b = _regret(B_T, y, x, support_y, support_x)
        if regret_a > slack or regret_b > slack:
            certified.append(None)
            continue
        passed.append((len(certified), (payoff_a, payoff_b), (regret_a, regret_b),
                       (tuple(support_x), tuple(support_y))))
        certified.append(None)
        flat += x
        flat += y
    if passed:
        # One read-only array holds every certified profile (the strategies are views of it): one array
        # costs less than two per equilibrium.
        strategies = np.array(flat, dtype=float)
        strategies.flags.writeable = False
        start = 0
        for k, values, regrets, supports in passed:
            certified[k] = _equilibrium(game, (strategies[start:start + m], strategies[start + m:start + m + n]),
                                        values, regrets, supports, slack)
            start += m + n
    return certified


def _regret(payoffs, own: list, other: list, own_support: list, other_support: list) -> tuple:
    """A player's expected payoff and regret (at least 0) with ``payoffs[own action][other's action]`` as lists
    (or tuples).

    Sums run over the supports only, left to right (written out for supports
    of up to three actions): the terms left out are exact zeros, so the
    values are those of the full sums.
    """
    k = len(other_support)
    if k == 1:
        j = other_support[0]
        q = other[j]
        values = [line[j] * q for line in payoffs]
    elif k == 2:
        j, h = other_support
        q, r = other[j], other[h]
        values = [line[j] * q + line[h] * r for line in payoffs]
    elif k == 3:
        j, h, g = other_support
        q, r, t = other[j], other[h], other[g]
        values = [line[j] * q + line[h] * r + line[g] * t for line in payoffs]
    else:
        values = [sum(map(mul, line, other)) for line in payoffs]
    k = len(own_support)
    if k == 1:
        i = own_support[0]
        payoff = values[i] * own[i]
    elif k == 2:
        i, h = own_support
        payoff = values[i] * own[i] + values[h] * own[h]
    else:
        payoff = sum([values[i] * own[i] for i in own_support])
    best = max(values)
    return payoff, best - payoff if best > payoff else 0.0


def _equilibrium(game, strategies, payoffs, regrets, supports, tol) -> "Equilibrium":
    """An :class:`Equilibrium` from fields already computed and checked by a certifier here.

    Sets the fields directly: the frozen dataclass's ``__init__`` assigns each
    through ``object.__setattr__``, which costs as much as certifying a
    2 x 2 profile.
    """
    equilibrium = object.__new__(Equilibrium)
    equilibrium.__dict__.update(game=game, strategies=strategies, payoffs=payoffs, regrets=regrets,
                                supports=supports, tol=tol)
    return equilibrium


@dataclass(frozen=True, eq=False)
class SolveResult:
    """What every solver returns.

    Attributes
    ----------
    game : NormalFormGame
    equilibria : tuple of Equilibrium
        For all-equilibria methods, every extreme equilibrium (vertex of the
        equilibrium set); for one-equilibrium methods, the one found.
    method : str
        The algorithm that produced the list (e.g. ``"vertex_enumeration"``).
    complete : bool
        True when the list is guaranteed to hold every equilibrium (all
        extreme equilibria when ``continuum`` is True).
    degenerate : bool or None
        Whether the game is degenerate (a mixed strategy with support size k
        has more than k pure best responses); None when the method does not
        determine it.
    continuum : bool or None
        Whether the equilibrium set contains a continuum (then the listed
        equilibria are the extreme points of its convex pieces); None when the
        method does not determine it.
    notes : tuple of str
        Anything a careful reader should know about this solve.
    exact : bool
        Whether the equilibria were computed in exact arithmetic.
    components : tuple of tuple of int, or None
        For two-player all-equilibria methods: the maximal Nash subsets
        (convex pieces of the equilibrium set), each given as the indices
        into ``equilibria`` of its extreme equilibria. Any convex combination
        of the row strategies of one piece, paired with any convex
        combination of its column strategies, is an equilibrium.
    """

    game: NormalFormGame
    equilibria: tuple
    method: str
    complete: bool
    degenerate: bool | None = None
    continuum: bool | None = None
    notes: tuple = field(default_factory=tuple)
    exact: bool = False
    components: tuple | None = None

    def __len__(self) -> int:
        return len(self.equilibria)

    def __iter__(self):
        return iter(self.equilibria)

    def __getitem__(self, index):
        return self.equilibria[index]

    @property
    def pure(self) -> tuple:
        return tuple(e for e in self.equilibria if e.is_pure)

    @property
    def mixed(self) -> tuple:
        return tuple(e for e in self.equilibria if not e.is_pure)

    def to_dict(self) -> dict:
        """JSON-ready summary; the ``equilibria`` key lists each equilibrium's ``to_dict()``."""
        return {
            "game": self.game.title,
            "players": list(self.game.players),
            "actions": [list(a) for a in self.game.actions],
            "method": self.method,
            "exact": self.exact,
            "complete": self.complete,
            "degenerate": self.degenerate,
            "continuum": self.continuum,
            "notes": list(self.notes),
            "equilibria": [e.to_dict() for e in self.equilibria],
        }

    def describe(self, digits: int = 4) -> str:
        """Plain-text listing for terminals and class demos."""
        lines = [f"{len(self.equilibria)} equilibri{'um' if len(self.equilibria) == 1 else 'a'} "
                 f"({self.method}{', exact' if self.exact else ''})"]
        for k, e in enumerate(self.equilibria, 1):
            payoffs = ", ".join(format_value(v, digits=digits) for v in e.payoffs)
            lines.append(f"  {k}. {e.describe(digits)}  -> payoffs ({payoffs})")
        if self.degenerate:
            lines.append("  The game is degenerate" + (
                "; the equilibria above are the extreme points of a continuum of equilibria."
                if self.continuum else "."))
        if not self.complete:
            lines.append("  This list is not guaranteed to contain every equilibrium.")
        lines.extend(f"  Note: {note}" for note in self.notes)
        return "\n".join(lines)

    def _repr_html_(self) -> str:
        """Jupyter's display: a table of the equilibria with their certificates (:func:`gametheory.display.result_html`)."""
        from .display import result_html

        return result_html(self)

    def __repr__(self) -> str:
        return f"<SolveResult {self.method}: {len(self.equilibria)} equilibria, complete={self.complete}, degenerate={self.degenerate}>"


def solve_result(game, equilibria: tuple, method: str, complete: bool, *, degenerate=None, continuum=None,
                 notes: tuple = (), exact: bool = False, components=None) -> SolveResult:
    """A :class:`SolveResult` built without the frozen dataclass's per-field ``__init__`` (see :func:`_equilibrium`)."""
    result = object.__new__(SolveResult)
    result.__dict__.update(game=game, equilibria=equilibria, method=method, complete=complete,
                           degenerate=degenerate, continuum=continuum, notes=notes, exact=exact,
                           components=components)
    return result
