"""The coalition (characteristic-function) game: worths, the core, the Shapley value and stable partitions."""

from __future__ import annotations

import math
from collections.abc import Iterable, Iterator, Mapping
from fractions import Fraction

from ...numerics import is_exact_scalar, scaled_tolerance
from .sets import _check_players, _members, _number, _popcount, _solve_exact, set_partitions
from .solutions import Core, PartitionStability, _allocation

__all__ = ["CoalitionGame"]


# -------------------------------------------------------------------- game
class CoalitionGame:
    """A transferable-utility game in characteristic-function form.

    Parameters
    ----------
    players : sequence of str, or int
        Player names (or a number ``n`` for ``"Player 1"`` .. ``"Player n"``).
    value : mapping or callable
        The worth of every coalition. A mapping has one entry per non-empty
        coalition, keyed by any collection of player names (a frozenset, a
        tuple, or a single name for a one-player coalition); the empty
        coalition may be omitted and, if given, must be 0. A callable gets a
        ``frozenset`` of names and returns the worth.
    exact : bool, optional
        ``True`` stores :class:`~fractions.Fraction` worths, ``False`` floats,
        ``None`` (default) exact when every worth is an int or a fraction.
    weights : mapping or sequence, optional
        Non-negative weights (power, votes) used by the ``"proportional"``
        division rule; set by :meth:`weighted_voting` and
        :meth:`BalanceOfPower.game`.

    Raises
    ------
    ValueError
        Missing coalitions, unknown players in a key, the same coalition
        twice, a non-zero worth of the empty coalition, NaN or infinity.
    TypeError
        Non-numeric worths, a value that is neither mapping nor callable.

    Examples
    --------
    The glove game: ``L`` owns a left glove, ``R1`` and ``R2`` right gloves,
    and a pair is worth 1.

    >>> glove = CoalitionGame(["L", "R1", "R2"],
    ...     lambda s: 1 if "L" in s and ("R1" in s or "R2" in s) else 0)
    >>> glove.shapley_value()
    {'L': Fraction(2, 3), 'R1': Fraction(1, 6), 'R2': Fraction(1, 6)}
    >>> glove.core().point
    {'L': Fraction(1, 1), 'R1': Fraction(0, 1), 'R2': Fraction(0, 1)}
    >>> glove.is_superadditive(), glove.is_convex()
    (True, False)
    """

    __slots__ = ("_players", "_values", "_exact", "_weights")

    def __init__(self, players, value, *, exact: bool | None = None, weights=None):
        players = _check_players(players)
        n = len(players)
        index = {p: i for i, p in enumerate(players)}
        raw: list = [None] * (1 << n)
        if isinstance(value, Mapping):
            for key, worth in value.items():
                mask = self._key_mask(key, index)
                if raw[mask] is not None:
                    raise ValueError(f"coalition {self._names(mask, players)} is given twice in value")
                raw[mask] = (worth,)
            if raw[0] is None:
                raw[0] = (0,)
            missing = [mask for mask in range(1, 1 << n) if raw[mask] is None]
            if missing:
                shown = ", ".join(str(self._names(m, players)) for m in missing[:5])
                more = f" and {len(missing) - 5} more" if len(missing) > 5 else ""
                raise ValueError(f"value is missing {len(missing)} coalition(s): {shown}{more}; every coalition needs a worth")
            raw = [entry[0] for entry in raw]
        elif callable(value):
            raw = [0] + [value(frozenset(players[i] for i in _members(mask, n))) for mask in range(1, 1 << n)]
        else:
            raise TypeError(f"value must be a mapping of coalitions to worths or a function, got {type(value).__name__}")
        if exact is None:
            exact = all(is_exact_scalar(v) for v in raw)
        values = tuple(
            _number(v, exact, f"worth of coalition {self._names(mask, players)}") for mask, v in enumerate(raw)
        )
        if values[0] != 0:
            raise ValueError(f"the empty coalition must be worth 0, got {raw[0]!r}")
        self._players = players
        self._values = values
        self._exact = bool(exact)
        self._weights = None if weights is None else self._check_weights(weights, players, self._exact)

    # ------------------------------------------------------------- input
    @staticmethod
    def _key_mask(key, index) -> int:
        if isinstance(key, str):
            key = (key,)
        if not isinstance(key, Iterable):
            raise TypeError(f"coalition keys must be collections of player names, got {key!r}")
        mask = 0
        for name in key:
            if name not in index:
                raise ValueError(f"coalition {key!r} names unknown player {name!r}; players are {list(index)}")
            if mask >> index[name] & 1:
                raise ValueError(f"coalition {key!r} names player {name!r} twice")
            mask |= 1 << index[name]
        return mask

    @staticmethod
    def _names(mask: int, players) -> tuple[str, ...]:
        return tuple(players[i] for i in _members(mask, len(players)))

    @staticmethod
    def _check_weights(weights, players, exact: bool) -> tuple:
        if isinstance(weights, Mapping):
            missing = [p for p in players if p not in weights]
            if missing or len(weights) != len(players):
                raise ValueError(f"weights must give one weight per player {list(players)}, missing {missing}")
            weights = [weights[p] for p in players]
        weights = list(weights)
        if len(weights) != len(players):
            raise ValueError(f"weights has {len(weights)} entries, expected {len(players)} (one per player)")
        exact = exact and all(is_exact_scalar(w) for w in weights)
        checked = tuple(_number(w, exact, f"weight of player {p!r}") for p, w in zip(players, weights))
        negative = [p for p, w in zip(players, checked) if w < 0]
        if negative:
            raise ValueError(f"weights must be non-negative; negative for {negative}")
        return checked

    def _mask(self, coalition) -> int:
        index = {p: i for i, p in enumerate(self._players)}
        return self._key_mask(coalition, index)

    # --------------------------------------------------- named constructors
    @classmethod
    def weighted_voting(cls, quota, weights, players=None) -> "CoalitionGame":
        """The weighted voting game ``[quota; w_1, ..., w_n]``.

        A coalition wins (worth 1) when its total weight is at least
        ``quota``, and loses (worth 0) otherwise. The Shapley value of this
        simple game is the Shapley-Shubik power index.

        Examples
        --------
        >>> g = CoalitionGame.weighted_voting(51, [49, 49, 2], ["A", "B", "C"])
        >>> g.shapley_value()
        {'A': Fraction(1, 3), 'B': Fraction(1, 3), 'C': Fraction(1, 3)}
        """
        weights = list(weights) if not isinstance(weights, Mapping) else weights
        if players is None:
            players = list(weights) if isinstance(weights, Mapping) else len(weights)
        players = _check_players(players)
        exact = all(is_exact_scalar(w) for w in (weights.values() if isinstance(weights, Mapping) else weights))
        exact = exact and is_exact_scalar(quota)
        checked = cls._check_weights(weights, players, exact)
        quota = _number(quota, exact, "quota")
        if quota <= 0:
            raise ValueError(f"quota must be positive, got {quota}")
        if quota > sum(checked):
            raise ValueError(f"quota {quota} exceeds the total weight {sum(checked)}: no coalition could win")
        n = len(players)
        tol = 0 if exact else scaled_tolerance(None, float(sum(checked)))
        values = {
            cls._names(mask, players): int(sum(checked[i] for i in _members(mask, n)) >= quota - tol)
            for mask in range(1, 1 << n)
        }
        return cls(players, values, exact=True, weights=checked)

    # -------------------------------------------------------- properties
    @property
    def players(self) -> tuple[str, ...]:
        return self._players

    @property
    def n_players(self) -> int:
        return len(self._players)

    @property
    def is_exact(self) -> bool:
        return self._exact

    @property
    def weights(self) -> dict | None:
        """Player weights for proportional division, if the game has them."""
        return None if self._weights is None else dict(zip(self._players, self._weights))

    @property
    def grand_value(self):
        """``v(N)``, the worth of the grand coalition."""
        return self._values[-1]

    def value(self, coalition) -> object:
        """The worth ``v(S)`` of a coalition given as a collection of names."""
        return self._values[self._mask(coalition)]

    def coalitions(self) -> Iterator[tuple[str, ...]]:
        """Every non-empty coalition, as a tuple of names in player order."""
        for mask in range(1, 1 << self.n_players):
            yield self._names(mask, self._players)

    def to_dict(self) -> dict[frozenset, object]:
        """``{frozenset(S): v(S)}`` for every coalition, the empty one included."""
        return {frozenset(self._names(m, self._players)): v for m, v in enumerate(self._values)}

    def tolerance(self, tol: float | None = None) -> float:
        """Absolute tolerance on worths (0 in exact mode)."""
        if self._exact:
            return 0
        return scaled_tolerance(tol, max(1.0, max(abs(v) for v in self._values)))

    def subgame(self, coalition) -> "CoalitionGame":
        """The game restricted to the members of ``coalition``."""
        mask = self._mask(coalition)
        if mask == 0:
            raise ValueError("subgame() needs a non-empty coalition")
        members = _members(mask, self.n_players)
        names = [self._players[i] for i in members]
        values = {}
        for sub in range(1, 1 << len(members)):
            full = sum(1 << members[k] for k in range(len(members)) if sub >> k & 1)
            values[self._names(full, self._players)] = self._values[full]
        weights = None if self._weights is None else [self._weights[i] for i in members]
        return CoalitionGame(names, values, exact=self._exact, weights=weights)

    def __repr__(self) -> str:
        kind = "exact" if self._exact else "float"
        return f"<CoalitionGame: {self.n_players} players {list(self._players)}, {kind}>"

    def __eq__(self, other) -> bool:
        if not isinstance(other, CoalitionGame):
            return NotImplemented
        return (self._players, self._values, self._exact, self._weights) == (
            other._players,
            other._values,
            other._exact,
            other._weights,
        )

    def __hash__(self) -> int:
        return hash((self._players, self._values, self._exact, self._weights))

    # ------------------------------------------------------------ checks
    def is_superadditive(self, *, tol: float | None = None) -> bool:
        """``v(S | T) >= v(S) + v(T)`` for all disjoint coalitions ``S``, ``T``."""
        slack = self.tolerance(tol)
        v = self._values
        full = (1 << self.n_players) - 1
        for s in range(1, full + 1):
            rest = full & ~s
            t = rest
            while t:
                if t > s and v[s | t] < v[s] + v[t] - slack:
                    return False
                t = (t - 1) & rest
        return True

    def is_convex(self, *, tol: float | None = None) -> bool:
        """Supermodularity: ``v(S | T) + v(S & T) >= v(S) + v(T)`` for all ``S``, ``T``.

        Checked through increasing marginal contributions:
        ``v(S+i+j) - v(S+j) >= v(S+i) - v(S)``.
        """
        slack = self.tolerance(tol)
        v = self._values
        n = self.n_players
        for s in range(1 << n):
            outside = [i for i in range(n) if not s >> i & 1]
            for a in range(len(outside)):
                for b in range(a + 1, len(outside)):
                    i, j = 1 << outside[a], 1 << outside[b]
                    if v[s | i | j] - v[s | j] < v[s | i] - v[s] - slack:
                        return False
        return True

    def is_monotone(self, *, tol: float | None = None) -> bool:
        """``v(S) <= v(T)`` whenever ``S`` is a subset of ``T``."""
        slack = self.tolerance(tol)
        v = self._values
        return all(
            v[s] <= v[s | 1 << i] + slack for s in range(1 << self.n_players) for i in range(self.n_players)
        )

    def is_simple(self) -> bool:
        """Worths in {0, 1}, monotone, and the grand coalition wins."""
        return all(v in (0, 1) for v in self._values) and self.grand_value == 1 and self.is_monotone(tol=0)

    def winning_coalitions(self) -> list[tuple[str, ...]]:
        """Coalitions of worth 1 in a simple game."""
        self._require_simple("winning_coalitions")
        return [self._names(m, self._players) for m, v in enumerate(self._values) if v == 1]

    def minimal_winning_coalitions(self) -> list[tuple[str, ...]]:
        """Winning coalitions none of whose members can leave without it losing."""
        self._require_simple("minimal_winning_coalitions")
        v = self._values
        return [
            self._names(m, self._players)
            for m in range(1, 1 << self.n_players)
            if v[m] == 1 and all(v[m & ~(1 << i)] == 0 for i in _members(m, self.n_players))
        ]

    def _require_simple(self, what: str) -> None:
        if not self.is_simple():
            raise ValueError(f"{what}() needs a simple game (worths 0/1, monotone, grand coalition winning)")

    # -------------------------------------------------------- allocations
    def is_imputation(self, allocation, *, tol: float | None = None) -> bool:
        """Efficient (shares sum to ``v(N)``) and individually rational (``x_i >= v({i})``)."""
        x = _allocation(self._players, allocation)
        slack = 0 if self._exact and all(is_exact_scalar(v) for v in x) else self.tolerance(tol)
        if abs(sum(x) - self.grand_value) > slack:
            return False
        return all(x[i] >= self._values[1 << i] - slack for i in range(self.n_players))

    def has_imputations(self) -> bool:
        """``sum(v({i})) <= v(N)``: the imputation set is non-empty."""
        return sum(self._values[1 << i] for i in range(self.n_players)) <= self.grand_value + self.tolerance()

    def excess(self, coalition, allocation):
        """``v(S) - x(S)``: how much coalition ``S`` could gain by leaving ``x``."""
        x = _allocation(self._players, allocation)
        mask = self._mask(coalition)
        return self._values[mask] - sum(x[i] for i in _members(mask, self.n_players))

    def shapley_value(self) -> dict[str, object]:
        """The Shapley value ``{player: value}`` (exact Fractions for exact games).

        ``phi_i = sum over S not containing i of |S|! (n-|S|-1)! / n! * (v(S+i) - v(S))``.
        It is efficient, symmetric, gives dummies their worth alone, and is
        additive. For a simple game it is the Shapley-Shubik power index.
        """
        n = self.n_players
        v = self._values
        total = math.factorial(n)
        weights = [Fraction(math.factorial(s) * math.factorial(n - s - 1), total) for s in range(n)]
        if not self._exact:
            weights = [float(w) for w in weights]
        phi = [Fraction(0) if self._exact else 0.0 for _ in range(n)]
        for s in range(1 << n):
            size = _popcount(s)
            for i in range(n):
                if not s >> i & 1:
                    phi[i] += weights[size] * (v[s | 1 << i] - v[s])
        return dict(zip(self._players, phi))

    # --------------------------------------------------------------- core
    def core(self, *, tol: float | None = None) -> Core:
        """The core: its inequalities, whether it is empty, a point or a certificate.

        Solves the least-core linear program ``min t`` subject to
        ``x(S) + t >= v(S)`` for every proper coalition and ``x(N) = v(N)``
        with scipy's HiGHS. The core is non-empty when ``t <= 0``. In exact
        mode the optimal vertex is recomputed exactly from its tight
        constraints and verified in Fractions; an empty core is certified
        exactly by balanced weights from the dual solution.

        Returns
        -------
        Core

        Examples
        --------
        >>> majority = CoalitionGame.weighted_voting(2, [1, 1, 1], ["A", "B", "C"])
        >>> core = majority.core()
        >>> core.is_empty, core.least_core
        (True, Fraction(1, 3))
        >>> sorted(core.balanced_weights.items())
        [(('A', 'B'), Fraction(1, 2)), (('A', 'C'), Fraction(1, 2)), (('B', 'C'), Fraction(1, 2))]
        """
        n = self.n_players
        proper = list(range(1, (1 << n) - 1))
        inequalities = tuple((self._names(m, self._players), self._values[m]) for m in proper)
        if n == 1:
            point = {self._players[0]: self.grand_value}
            zero = Fraction(0) if self._exact else 0.0
            return Core(self._players, inequalities, self.grand_value, False, point, zero, None, self._exact)

        import numpy as np
        from scipy.optimize import linprog

        values = [float(v) for v in self._values]
        a_ub = np.zeros((len(proper), n + 1))
        for row, m in enumerate(proper):
            for i in _members(m, n):
                a_ub[row, i] = -1.0
            a_ub[row, n] = -1.0
        b_ub = np.array([-values[m] for m in proper])
        a_eq = np.array([[1.0] * n + [0.0]])
        b_eq = np.array([values[-1]])
        cost = np.zeros(n + 1)
        cost[n] = 1.0
        result = linprog(cost, A_ub=a_ub, b_ub=b_ub, A_eq=a_eq, b_eq=b_eq, bounds=[(None, None)] * (n + 1), method="highs")
        if result.status != 0:  # pragma: no cover - the LP is always feasible and bounded for n >= 2
            raise RuntimeError(f"the least-core linear program failed: {result.message}")
        slack = self.tolerance(tol)
        x_float = result.x[:n]
        t_float = result.x[n]

        if self._exact:
            vertex = self._exact_vertex(proper, result.x, slack_float=max(1e-7, 1e-7 * max(1.0, max(map(abs, values)))))
            if vertex is not None:
                x, t = vertex[:n], vertex[n]
                if t <= 0:
                    point = dict(zip(self._players, x))
                    return Core(self._players, inequalities, self.grand_value, False, point, t, None, True)
                weights = self._exact_balanced_weights(proper, result)
                if weights is not None:
                    return Core(self._players, inequalities, self.grand_value, True, None, t, weights, True)
            # Exact recovery failed: report the float solution, marked inexact.
        empty = t_float > slack
        point = None if empty else dict(zip(self._players, (float(v) + 0.0 for v in x_float)))
        weights = None
        if empty:
            marginals = -np.asarray(result.ineqlin.marginals)
            mu = float(result.eqlin.marginals[0])
            if abs(mu) > 0:
                weights = {
                    self._names(m, self._players): float(lam / mu)
                    for m, lam in zip(proper, marginals)
                    if lam > 1e-12
                }
        return Core(self._players, inequalities, self.grand_value, bool(empty), point, float(t_float) + 0.0, weights, False)

    def _exact_vertex(self, proper, solution, *, slack_float: float) -> list[Fraction] | None:
        """Recompute the LP's optimal vertex exactly from its tight constraints and verify it."""
        n = self.n_players
        v = self._values
        rows: list[list[Fraction]] = [[Fraction(1)] * n + [Fraction(0)]]
        rhs: list[Fraction] = [v[-1]]
        candidates = []
        for m in proper:
            lhs = sum(solution[i] for i in _members(m, n)) + solution[n]
            if abs(lhs - float(v[m])) <= slack_float:
                candidates.append(m)
        for m in candidates:
            rows.append([Fraction(1 if m >> i & 1 else 0) for i in range(n)] + [Fraction(1)])
            rhs.append(v[m])
        # Keep a maximal independent subset so the exact system is square or consistent.
        exact = _solve_exact(rows, rhs)
        if exact is None:
            return None
        x, t = exact[:n], exact[n]
        if sum(x) != v[-1]:
            return None
        if any(sum(x[i] for i in _members(m, n)) + t < v[m] for m in proper):
            return None
        # Optimality of t: it must match the float optimum closely.
        if abs(float(t) - solution[n]) > slack_float * 10:
            return None
        return exact

    def _exact_balanced_weights(self, proper, result) -> dict | None:
        """Exact balanced weights certifying an empty core, from the LP dual's support."""
        n = self.n_players
        v = self._values
        marginals = [-float(m) for m in result.ineqlin.marginals]
        support = [m for m, lam in zip(proper, marginals) if lam > 1e-9]
        if not support:
            return None
        rows = [[Fraction(1 if m >> i & 1 else 0) for m in support] for i in range(n)]
        delta = _solve_exact(rows, [Fraction(1)] * n)
        if delta is None or any(d < 0 for d in delta):
            return None
        if sum(d * v[m] for d, m in zip(delta, support)) <= v[-1]:
            return None
        return {self._names(m, self._players): d for d, m in zip(delta, support) if d != 0}

    # --------------------------------------------------- partition stability
    def _shares(self, division, weights) -> dict[int, list]:
        """Each coalition's division of its own worth, keyed by mask."""
        n = self.n_players
        shares: dict[int, list] = {}
        if isinstance(division, str):
            if division not in ("equal", "proportional", "shapley"):
                raise ValueError(f"division must be 'equal', 'proportional', 'shapley' or a function, got {division!r}")
            if division == "proportional":
                if weights is None:
                    weights = self._weights
                else:
                    weights = self._check_weights(weights, self._players, self._exact)
                if weights is None:
                    raise ValueError("division='proportional' needs weights: pass weights= or build the game with them")
        elif not callable(division):
            raise TypeError(f"division must be a rule name or a function, got {type(division).__name__}")
        for mask in range(1, 1 << n):
            members = _members(mask, n)
            worth = self._values[mask]
            if division == "equal":
                size = Fraction(len(members)) if self._exact else float(len(members))
                shares[mask] = [worth / size] * len(members)
            elif division == "proportional":
                total = sum(weights[i] for i in members)
                if total == 0:
                    size = Fraction(len(members)) if self._exact else float(len(members))
                    shares[mask] = [worth / size] * len(members)
                else:
                    shares[mask] = [worth * weights[i] / total for i in members]
            elif division == "shapley":
                shares[mask] = list(self.subgame(self._names(mask, self._players)).shapley_value().values())
            else:
                names = self._names(mask, self._players)
                given = division(self, names)
                if not isinstance(given, Mapping) or set(given) != set(names):
                    raise ValueError(f"division({names}) must return {{member: share}} for exactly {list(names)}, got {given!r}")
                shares[mask] = [_number(given[p], self._exact, f"share of {p!r} in {names}") for p in names]
        return shares

    def _partition_masks(self, partition) -> list[int]:
        if isinstance(partition, str) or not isinstance(partition, Iterable):
            raise TypeError(f"partition must be a collection of coalitions, got {partition!r}")
        masks = [self._mask(block) for block in partition]
        covered = 0
        for block, mask in zip(partition, masks):
            if mask == 0:
                raise ValueError(f"partition has an empty block: {partition!r}")
            if covered & mask:
                raise ValueError(f"partition blocks overlap: {partition!r}")
            covered |= mask
        if covered != (1 << self.n_players) - 1:
            missing = self._names(((1 << self.n_players) - 1) & ~covered, self._players)
            raise ValueError(f"partition must cover every player; missing {list(missing)}")
        return masks

    def _stability(self, masks, shares, slack) -> PartitionStability:
        n = self.n_players
        payoff = [None] * n
        for mask in masks:
            for k, i in enumerate(_members(mask, n)):
                payoff[i] = shares[mask][k]
        blocking = []
        for mask in range(1, 1 << n):
            members = _members(mask, n)
            if all(shares[mask][k] > payoff[i] + slack for k, i in enumerate(members)):
                blocking.append(self._names(mask, self._players))
        partition = tuple(self._names(m, self._players) for m in masks)
        return PartitionStability(partition, dict(zip(self._players, payoff)), tuple(blocking))

    def check_partition(self, partition, *, division="shapley", weights=None, tol: float | None = None) -> PartitionStability:
        """Is a coalition structure stable against coalitional deviations?

        Each block ``S`` of the partition divides its own worth ``v(S)`` among
        its members by the division rule. A coalition ``T`` *blocks* the
        partition when every member of ``T`` would get strictly more (beyond
        ``tol`` in float mode) by forming ``T`` and dividing ``v(T)`` by the
        same rule. The partition is stable when no coalition blocks: the
        core-stability notion of hedonic games (Bogomolnaia and Jackson 2002)
        with preferences induced by the division rule.

        Parameters
        ----------
        partition : collection of collections of player names
        division : {'shapley', 'equal', 'proportional'} or callable
            ``'shapley'``: the Shapley value of the coalition's subgame;
            ``'equal'``: ``v(S) / |S|`` each; ``'proportional'``: shares
            proportional to ``weights`` (equal split if all weights are 0);
            a callable ``division(game, coalition) -> {member: share}``.
        weights : mapping or sequence, optional
            For ``'proportional'``; default the game's own weights.
        tol : float, optional

        Returns
        -------
        PartitionStability
        """
        masks = self._partition_masks(partition)
        return self._stability(masks, self._shares(division, weights), self.tolerance(tol))

    def stable_partitions(self, *, division="shapley", weights=None, tol: float | None = None) -> list[PartitionStability]:
        """Every stable coalition structure (see :meth:`check_partition`).

        Enumerates all Bell(n) partitions (n <= 10 supported: 115975).

        Examples
        --------
        >>> g = CoalitionGame(["A", "B", "C"], lambda s: {1: 0, 2: 6, 3: 6}[len(s)])
        >>> [s.partition for s in g.stable_partitions(division="equal")]
        [(('A', 'B'), ('C',)), (('A', 'C'), ('B',)), (('A',), ('B', 'C'))]
        """
        if self.n_players > 10:
            raise ValueError(f"stable_partitions() enumerates every partition; at most 10 players, got {self.n_players}")
        shares = self._shares(division, weights)
        slack = self.tolerance(tol)
        found = []
        for partition in set_partitions(range(self.n_players)):
            masks = [sum(1 << i for i in block) for block in partition]
            result = self._stability(masks, shares, slack)
            if result.stable:
                found.append(result)
        return found
