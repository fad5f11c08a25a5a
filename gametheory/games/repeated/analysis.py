"""Exact analysis of automaton profiles in repeated games.

* :func:`discounted_payoffs` and :func:`outcome_path`: what a profile earns
  and plays, exactly (Fractions), in floats, or as functions of a symbolic
  discount factor.
* :func:`check_spe`: subgame perfection by the one-shot deviation principle,
  checked at every pair of automaton states that some history, on or off the
  equilibrium path, can reach (``states="all"`` checks every pair of states,
  reachable or not, a stronger property).
* :func:`check_nash`: Nash equilibrium, against every strategy of the
  deviator (a best response is an optimal policy of the Markov decision
  problem on the opponent's automaton states, solved exactly by policy
  iteration).
* :func:`spe_discount_set`, :func:`nash_discount_set`: the exact set of
  discount factors in ``[0, 1)`` where the profile is an SPE / a Nash
  equilibrium (an interval, a union of intervals, a point or empty).
* :func:`critical_discount`: the threshold above which the profile is an
  SPE (or Nash equilibrium), as an exact number, or, for a symbolic stage
  game, as a closed form in the stage payoffs.
* :func:`collectively_stable`: Axelrod's collective stability.

Notions, precisely
------------------
A profile of automata is a **subgame perfect equilibrium** iff no player gains
from a one-shot deviation at any state pair reachable by some history
(Mailath and Samuelson 2006, Prop. 2.4.1). It is a **Nash equilibrium** iff
no player gains by any deviation from the initial state pair. A strategy ``B``
is **collectively stable** (Axelrod 1981) iff no strategy ``A`` does better
against ``B`` than ``B`` does against itself, i.e. iff ``(B, B)`` is a Nash
equilibrium of the symmetric repeated game.

References
----------
Axelrod, R. (1981). The emergence of cooperation among egoists. *American
Political Science Review* 75(2), 306-318.
Mailath, G. J. and Samuelson, L. (2006). *Repeated Games and Reputations*.
Oxford University Press, ch. 2.
"""

from __future__ import annotations

import itertools
from dataclasses import dataclass
from fractions import Fraction

import numpy as np

from ...numerics import scaled_tolerance, to_fraction
from .automata import Automaton
from .game import BoundAutomaton, RepeatedGame

__all__ = [
    "Deviation",
    "SPECheck",
    "NashCheck",
    "DiscountThreshold",
    "discounted_payoffs",
    "outcome_path",
    "one_shot_gains",
    "check_spe",
    "check_nash",
    "spe_discount_set",
    "nash_discount_set",
    "critical_discount",
    "parameter_set",
    "collectively_stable",
]

#: Largest number of deviator policies enumerated for a symbolic Nash check.
MAX_POLICIES = 4096


# ----------------------------------------------------------------- helpers
def _bind(game: RepeatedGame, strategies, what: str) -> tuple[BoundAutomaton, BoundAutomaton]:
    if not isinstance(game, RepeatedGame):
        raise TypeError(f"game must be a RepeatedGame, got {type(game).__name__}")
    if isinstance(strategies, Automaton) or len(strategies) != 2:
        raise ValueError(f"strategies must be a pair of automata (one per player), got {strategies!r}")
    bound = (game.bind(strategies[0], 0), game.bind(strategies[1], 1))
    for b in bound:
        b.require_pure(what)
    return bound


def _profile(b0: BoundAutomaton, b1: BoundAutomaton, x) -> tuple[int, int]:
    return (b0.action[x[0]], b1.action[x[1]])


def _successor(b0, b1, x, profile):
    return (int(b0.next[x[0]][profile]), int(b1.next[x[1]][profile]))


def _cycle(b0, b1, x):
    """The state pairs visited from ``x`` until one repeats, and the pair that repeats first."""
    path = []
    while x not in path:
        path.append(x)
        x = _successor(b0, b1, x, _profile(b0, b1, x))
    return path, x


def _rounds(b0, b1, x, horizon):
    """The action profiles of the first ``horizon`` rounds of play from ``x``."""
    for _ in range(horizon):
        profile = _profile(b0, b1, x)
        yield profile
        x = _successor(b0, b1, x, profile)


def _one_shot_deviations(b0, b1, x, shape):
    """Each one-shot deviation at ``x``: the deviator, the profile played and the state pair it leads to."""
    conform = _profile(b0, b1, x)
    for player in range(2):
        for a in range(shape[player]):
            if a == conform[player]:
                continue
            profile = (a, conform[1]) if player == 0 else (conform[0], a)
            yield player, profile, _successor(b0, b1, x, profile)


def _reachable(b0, b1, shape) -> list[tuple[int, int]]:
    """State pairs reachable from the initial pair under some history (any action profiles)."""
    start = (b0.initial, b1.initial)
    seen, frontier = [start], [start]
    while frontier:
        x = frontier.pop()
        for profile in itertools.product(range(shape[0]), range(shape[1])):
            y = _successor(b0, b1, x, profile)
            if y not in seen:
                seen.append(y)
                frontier.append(y)
    return sorted(seen)


def _geometric(delta, length):
    return sum(delta**t for t in range(length))


def _values(states, succ, reward, delta, n_rewards):
    """Normalised discounted value of the deterministic stream from each state.

    ``succ[x]`` is the next state and ``reward[x]`` a tuple of rewards. The
    stream from ``x`` is a prefix of ``m`` states followed by a cycle of
    ``L`` states, worth ``(1-d) sum_{t<m} d^t r_t + d^m (sum_{t<L} d^t
    r_{m+t}) / (1 + d + ... + d^{L-1})``: exact, and a rational function of a
    symbolic ``d`` whose denominator is positive on ``[0, 1]``.
    """
    out = {}
    for x in states:
        path, index, y = [], {}, x
        while y not in index:
            index[y] = len(path)
            path.append(y)
            y = succ[y]
        m = index[y]
        length = len(path) - m
        denominator = _geometric(delta, length)
        values = []
        for i in range(n_rewards):
            prefix = sum(delta**t * reward[path[t]][i] for t in range(m))
            cycle = sum(delta**t * reward[path[m + t]][i] for t in range(length))
            values.append((1 - delta) * prefix + delta**m * cycle / denominator)
        out[x] = tuple(values)
    return out


def _finite_values(states, succ_at, reward, delta, horizon, n_rewards):
    """Unnormalised values ``W[t][x]`` of the remaining rounds ``t..horizon-1``."""
    zero = tuple(0 for _ in range(n_rewards))
    W = [None] * (horizon + 1)
    W[horizon] = {x: zero for x in states}
    for t in range(horizon - 1, -1, -1):
        W[t] = {x: tuple(reward[x][i] + delta * W[t + 1][succ_at(x)][i] for i in range(n_rewards)) for x in states}
    return W


def _labels(game, profile):
    return tuple(game.stage.actions[k][a] for k, a in enumerate(profile))


def _numeric_only(game: RepeatedGame, function: str):
    if game.mode == "symbolic":
        raise ValueError(
            f"{function} needs a numeric discount and numeric stage payoffs, but this game is symbolic "
            f"(discount {game.discount}); use spe_discount_set / nash_discount_set / critical_discount, "
            "or game.with_discount(value)"
        )


def _tolerance(game: RepeatedGame, tol):
    if game.mode == "exact":
        return 0
    return game.stage.tolerance(tol) if hasattr(game.stage, "tolerance") else scaled_tolerance(tol, 1.0)


# ------------------------------------------------------------------ payoffs
def discounted_payoffs(game: RepeatedGame, strategies) -> tuple:
    """Each player's normalised discounted payoff when ``strategies`` play each other.

    Parameters
    ----------
    game : RepeatedGame
    strategies : pair of Automaton
        Pure automata, for the row and the column player.

    Returns
    -------
    tuple
        Two payoffs: Fractions in exact mode, floats, or sympy expressions of
        the discount factor (and stage parameters) in symbolic mode.

    Examples
    --------
    >>> import sympy
    >>> from gametheory import NormalFormGame
    >>> from gametheory.games.repeated import RepeatedGame, strategies as st
    >>> pd = NormalFormGame.from_bimatrix([[3, 0], [5, 1]], [[3, 5], [0, 1]])
    >>> discounted_payoffs(RepeatedGame(pd, Fraction(1, 2)), (st.tit_for_tat(), st.always_defect()))
    (Fraction(1, 2), Fraction(3, 1))
    >>> d = sympy.Symbol("delta")
    >>> [sympy.factor(v) for v in discounted_payoffs(RepeatedGame(pd, d), (st.always_defect(), st.tit_for_tat()))]
    [5 - 4*delta, delta]
    """
    b0, b1 = _bind(game, strategies, "discounted_payoffs")
    x0 = (b0.initial, b1.initial)
    if game.horizon is None:
        path, _ = _cycle(b0, b1, x0)
        succ = {x: _successor(b0, b1, x, _profile(b0, b1, x)) for x in path}
        reward = {x: tuple(game.stage_payoff(i, _profile(b0, b1, x)) for i in range(2)) for x in path}
        return _values([x0], succ, reward, game.discount, 2)[x0]
    total = [0, 0]
    for t, profile in enumerate(_rounds(b0, b1, x0, game.horizon)):
        for i in range(2):
            total[i] = total[i] + game.discount**t * game.stage_payoff(i, profile)
    norm = _geometric(game.discount, game.horizon)
    return tuple(v / norm for v in total)


def outcome_path(game: RepeatedGame, strategies) -> tuple[tuple, tuple]:
    """The equilibrium-path play as ``(prefix, cycle)`` of action-label profiles.

    Over an infinite horizon play is eventually periodic: ``prefix`` once,
    then ``cycle`` forever. Over a finite horizon ``cycle`` is empty and
    ``prefix`` lists every round.

    Examples
    --------
    >>> from gametheory import NormalFormGame
    >>> from gametheory.games.repeated import RepeatedGame, strategies as st
    >>> pd = NormalFormGame.from_bimatrix([[3, 0], [5, 1]], [[3, 5], [0, 1]], actions=(["C", "D"],) * 2)
    >>> outcome_path(RepeatedGame(pd, 0.9), (st.tit_for_tat(), st.always_defect()))
    ((('C', 'D'),), (('D', 'D'),))
    """
    b0, b1 = _bind(game, strategies, "outcome_path")
    x = (b0.initial, b1.initial)
    if game.horizon is not None:
        return tuple(_labels(game, profile) for profile in _rounds(b0, b1, x, game.horizon)), ()
    path, x = _cycle(b0, b1, x)
    m = path.index(x)
    labels = [_labels(game, _profile(b0, b1, y)) for y in path]
    return tuple(labels[:m]), tuple(labels[m:])


# ------------------------------------------------------- one-shot deviations
@dataclass(frozen=True)
class Deviation:
    """A one-shot deviation and what it gains.

    Attributes
    ----------
    player : int
        Who deviates (0 = row, 1 = column).
    states : tuple of str
        The automaton state pair (row's state, column's state) where the
        deviation happens.
    action : str
        The stage action the deviator plays instead.
    gain : number or sympy expression
        Normalised gain (continuation payoff with the deviation minus without
        it); positive means profitable.
    period : int or None
        The round (from 0) in a finite-horizon game, ``None`` otherwise.
    """

    player: int
    states: tuple
    action: str
    gain: object
    period: int | None = None


def one_shot_gains(game: RepeatedGame, strategies, *, states: str = "reachable") -> tuple[Deviation, ...]:
    """Every one-shot deviation's gain, at every checked state pair, for both players.

    Parameters
    ----------
    game : RepeatedGame
        Any mode; in symbolic mode the gains are sympy expressions.
    strategies : pair of Automaton
    states : {"reachable", "all"}
        ``"reachable"`` (default): every state pair that some history (on or
        off the path of play) reaches from the initial pair, the pairs that
        matter for subgame perfection. ``"all"``: every pair of states.

    Returns
    -------
    tuple of Deviation
        One entry per (state pair, player, other action), plus the round in
        finite-horizon games.
    """
    if states not in ("reachable", "all"):
        raise ValueError(f"states must be 'reachable' or 'all', got {states!r}")
    b0, b1 = _bind(game, strategies, "one_shot_gains")
    shape = game.stage.shape
    all_pairs = list(itertools.product(range(len(b0.states)), range(len(b1.states))))
    delta = game.discount
    conform_succ = {x: _successor(b0, b1, x, _profile(b0, b1, x)) for x in all_pairs}
    reward = {x: tuple(game.stage_payoff(i, _profile(b0, b1, x)) for i in range(2)) for x in all_pairs}
    deviations = []

    def record(player, x, profile, gain, period=None):
        states_named = (b0.states[x[0]], b1.states[x[1]])
        action = game.stage.actions[player][profile[player]]
        deviations.append(Deviation(player, states_named, action, gain, period))

    if game.horizon is None:
        checked = _reachable(b0, b1, shape) if states == "reachable" else all_pairs
        V = _values(all_pairs, conform_succ, reward, delta, 2)
        for x in checked:
            for player, profile, y in _one_shot_deviations(b0, b1, x, shape):
                value = (1 - delta) * game.stage_payoff(player, profile) + delta * V[y][player]
                record(player, x, profile, value - V[x][player])
        return tuple(deviations)

    horizon = game.horizon
    W = _finite_values(all_pairs, conform_succ.__getitem__, reward, delta, horizon, 2)
    layer = [(b0.initial, b1.initial)]
    for t in range(horizon):
        checked = sorted(set(layer)) if states == "reachable" else all_pairs
        norm = _geometric(delta, horizon - t)
        following = set()
        for x in checked:
            for profile in itertools.product(range(shape[0]), range(shape[1])):
                following.add(_successor(b0, b1, x, profile))
            for player, profile, y in _one_shot_deviations(b0, b1, x, shape):
                value = game.stage_payoff(player, profile) + delta * W[t + 1][y][player]
                record(player, x, profile, (value - W[t][x][player]) / norm, t)
        layer = list(following)
    return tuple(deviations)


@dataclass(frozen=True)
class SPECheck:
    """Verdict of the one-shot deviation check.

    Attributes
    ----------
    is_spe : bool
    max_gains : tuple
        Each player's largest one-shot deviation gain over the checked state
        pairs (its certificate: at most 0 in exact mode, at most ``tol`` in
        float mode when ``is_spe``; ``0`` when the player has no alternative).
    profitable : tuple of Deviation
        The deviations that gain more than the tolerance (empty when
        ``is_spe``), the most profitable first.
    states_checked : tuple of tuple of str
        The state pairs that were checked.
    tol : float
        Absolute tolerance used (0 in exact mode).
    """

    is_spe: bool
    max_gains: tuple
    profitable: tuple
    states_checked: tuple
    tol: float

    def __bool__(self) -> bool:
        return self.is_spe


def check_spe(game: RepeatedGame, strategies, *, states: str = "reachable", tol: float | None = None) -> SPECheck:
    """Is the automaton profile a subgame perfect equilibrium? (one-shot deviation principle)

    By the one-shot deviation principle (valid with discounting, and in
    finite games), a profile is subgame perfect iff at every state pair
    reachable by some history no player gains by deviating for one round and
    then following their automaton again.

    Parameters
    ----------
    game : RepeatedGame
        With a numeric discount and numeric stage payoffs.
    strategies : pair of Automaton
    states : {"reachable", "all"}
        See :func:`one_shot_gains`. ``"all"`` asks for more than subgame
        perfection: that the profile be an SPE from every initial state pair.
    tol : float, optional
        Float-mode tolerance on gains (scaled by the payoffs); exact mode
        compares exactly.

    Examples
    --------
    >>> from gametheory import NormalFormGame
    >>> from gametheory.games.repeated import RepeatedGame, strategies as st
    >>> pd = NormalFormGame.from_bimatrix([[3, 0], [5, 1]], [[3, 5], [0, 1]], actions=(["C", "D"],) * 2)
    >>> grim = st.grim_trigger()
    >>> check_spe(RepeatedGame(pd, Fraction(1, 2)), (grim, grim)).is_spe
    True
    >>> result = check_spe(RepeatedGame(pd, Fraction(2, 5)), (grim, grim))
    >>> result.is_spe, result.profitable[0].states, result.profitable[0].action, result.profitable[0].gain
    (False, ('c', 'c'), 'D', Fraction(2, 5))
    """
    _numeric_only(game, "check_spe")
    gains = one_shot_gains(game, strategies, states=states)
    slack = _tolerance(game, tol)
    max_gains = tuple(max([d.gain for d in gains if d.player == i], default=0) for i in range(2))
    profitable = sorted((d for d in gains if d.gain > slack), key=lambda d: -d.gain)
    checked = tuple(dict.fromkeys(d.states for d in gains))
    return SPECheck(not profitable, max_gains, tuple(profitable), checked, slack)


# -------------------------------------------------------------------- Nash
@dataclass(frozen=True)
class NashCheck:
    """Verdict of the Nash check against every deviation strategy.

    Attributes
    ----------
    is_nash : bool
    payoffs : tuple
        Each player's payoff from the profile.
    best_payoffs : tuple
        Each player's best payoff against the other's automaton.
    regrets : tuple
        ``best_payoffs - payoffs`` (the certificate: 0 in exact mode at an
        equilibrium, at most ``tol`` in float mode).
    best_responses : tuple of dict
        For each player, an optimal reply as ``{opponent state: action}``
        (stationary, infinite horizon) or ``{(round, opponent state): action}``
        (finite horizon).
    tol : float
    """

    is_nash: bool
    payoffs: tuple
    best_payoffs: tuple
    regrets: tuple
    best_responses: tuple
    tol: float

    def __bool__(self) -> bool:
        return self.is_nash


def _deviator_problem(game, bj: BoundAutomaton, player):
    """Successor and reward of the deviator's MDP on the opponent's states."""
    shape = game.stage.shape

    def profile(a, y):
        return (a, bj.action[y]) if player == 0 else (bj.action[y], a)

    def succ(y, a):
        return int(bj.next[y][profile(a, y)])

    def reward(y, a):
        return game.stage_payoff(player, profile(a, y))

    return range(len(bj.states)), range(shape[player]), succ, reward


def _best_reply(game, bj, player, slack):
    """Optimal value at the opponent's initial state and an optimal policy (exact policy iteration)."""
    ys, actions, succ, reward = _deviator_problem(game, bj, player)
    delta = game.discount
    if game.horizon is None:
        policy = {y: max(actions, key=lambda a: reward(y, a)) for y in ys}
        while True:
            V = _values(ys, {y: succ(y, policy[y]) for y in ys}, {y: (reward(y, policy[y]),) for y in ys}, delta, 1)
            changed = False
            for y in ys:
                best_q = V[y][0]
                for a in actions:
                    q = (1 - delta) * reward(y, a) + delta * V[succ(y, a)][0]
                    if q > best_q + slack:
                        best_q, policy[y], changed = q, a, True
            if not changed:
                return V[bj.initial][0], {bj.states[y]: game.stage.actions[player][policy[y]] for y in ys}
    horizon = game.horizon
    W = {y: 0 for y in ys}
    plan = {}
    for t in range(horizon - 1, -1, -1):
        new = {}
        for y in ys:
            q = {a: reward(y, a) + delta * W[succ(y, a)] for a in actions}
            a_best = max(actions, key=lambda a: q[a])
            new[y] = q[a_best]
            plan[(t, bj.states[y])] = game.stage.actions[player][a_best]
        W = new
    return W[bj.initial] / _geometric(delta, horizon), plan


def check_nash(game: RepeatedGame, strategies, *, tol: float | None = None) -> NashCheck:
    """Is the automaton profile a Nash equilibrium of the repeated game?

    Each player's best reply to the other's automaton is found over *all*
    strategies: it is an optimal policy of the Markov decision problem whose
    states are the opponent's automaton states (with the round, over a finite
    horizon), solved exactly by policy iteration (backward induction over a
    finite horizon).

    Examples
    --------
    >>> from gametheory import NormalFormGame
    >>> from gametheory.games.repeated import RepeatedGame, strategies as st
    >>> pd = NormalFormGame.from_bimatrix([[3, 0], [5, 1]], [[3, 5], [0, 1]], actions=(["C", "D"],) * 2)
    >>> tft = st.tit_for_tat()
    >>> check_nash(RepeatedGame(pd, Fraction(3, 5)), (tft, tft)).regrets
    (Fraction(1, 8), Fraction(1, 8))
    >>> check_nash(RepeatedGame(pd, Fraction(2, 3)), (tft, tft)).is_nash
    True
    """
    _numeric_only(game, "check_nash")
    b = _bind(game, strategies, "check_nash")
    slack = _tolerance(game, tol)
    payoffs = discounted_payoffs(game, strategies)
    best, policies = [], []
    for player in range(2):
        value, policy = _best_reply(game, b[1 - player], player, slack)
        best.append(max(value, payoffs[player]))
        policies.append(policy)
    regrets = tuple(best[i] - payoffs[i] for i in range(2))
    return NashCheck(all(r <= slack for r in regrets), tuple(payoffs), tuple(best), regrets, tuple(policies), slack)


def collectively_stable(game: RepeatedGame, strategy: Automaton, *, tol: float | None = None) -> bool:
    """Axelrod's collective stability: no strategy does better against ``strategy`` than it does itself.

    Axelrod (1981, Definition) calls ``B`` collectively stable when no ``A``
    has ``V(A | B) > V(B | B)``: that is, ``(B, B)`` is a Nash equilibrium of
    the symmetric repeated game, checked here against every strategy ``A``.

    Raises
    ------
    ValueError
        If the stage game is not symmetric.

    Examples
    --------
    >>> from gametheory import NormalFormGame
    >>> from gametheory.games.repeated import RepeatedGame, strategies as st
    >>> pd = NormalFormGame.from_bimatrix([[3, 0], [5, 1]], [[3, 5], [0, 1]])
    >>> [collectively_stable(RepeatedGame(pd, w), st.tit_for_tat()) for w in (Fraction(3, 5), Fraction(2, 3))]
    [False, True]
    """
    _numeric_only(game, "collectively_stable")
    A, B = game.stage.payoffs
    symmetric = A.shape[0] == A.shape[1] and (
        np.array_equal(A, B.T) if game.mode == "exact" else np.allclose(A, B.T, rtol=0, atol=_tolerance(game, tol))
    )
    if not symmetric:
        raise ValueError("collective stability needs a symmetric stage game (column payoffs = transposed row payoffs)")
    return check_nash(game, (strategy, strategy), tol=tol).is_nash


# ------------------------------------------------- sets of discount factors
def _delta_game(game: RepeatedGame):
    import sympy

    if game.mode == "symbolic" and isinstance(game.discount, sympy.Symbol):
        symbol = game.discount
    else:
        symbol = sympy.Symbol("delta", nonnegative=True)
    if game.mode == "float":
        exact = game.stage.as_exact()
        return RepeatedGame(exact, symbol, horizon=game.horizon, roles=_roles(game)), symbol
    return game.with_discount(symbol), symbol


def _roles(game):
    roles = game._roles
    return roles if roles[0] is not None else None


def _nash_conditions(game: RepeatedGame, strategies) -> list:
    """Expressions ``deviation value - profile value`` (SPE-style ``<= 0`` conditions) for every deviator policy."""
    if game.horizon is not None:
        raise ValueError("Nash sets of discount factors are computed for infinite horizons only; use check_nash at given values")
    b = _bind(game, strategies, "nash_discount_set")
    payoffs = discounted_payoffs(game, strategies)
    conditions = []
    for player in range(2):
        bj = b[1 - player]
        ys, actions, succ, reward = _deviator_problem(game, bj, player)
        count = len(actions) ** len(ys)
        if count > MAX_POLICIES:
            raise ValueError(
                f"the opponent automaton {bj.automaton.name!r} has {len(ys)} states: {count} deviator policies "
                f"exceed the limit {MAX_POLICIES} for symbolic Nash sets; use check_nash at given discount factors"
            )
        for choice in itertools.product(actions, repeat=len(ys)):
            V = _values([bj.initial], {y: succ(y, choice[y]) for y in ys}, {y: (reward(y, choice[y]),) for y in ys},
                        game.discount, 1)
            conditions.append(V[bj.initial][0] - payoffs[player])
    return conditions


def _sign_polynomial(expression):
    """A polynomial with the sign of ``expression`` wherever it is defined: its numerator times its denominator."""
    import sympy

    numerator, denominator = sympy.fraction(sympy.cancel(sympy.together(sympy.sympify(expression))))
    return sympy.expand(numerator * denominator)


def _solve_set(conditions, symbol, low=0, high=1, low_closed=True, high_closed=False):
    """The set of ``symbol`` in the interval ``low..high`` (default ``[0, 1)``) where every expression is ``<= 0``."""
    import sympy

    result = sympy.Interval(low, high, not low_closed, not high_closed)
    seen = set()
    for expression in conditions:
        polynomial = _sign_polynomial(expression)
        if polynomial in seen:
            continue
        seen.add(polynomial)
        if polynomial.free_symbols - {symbol}:
            raise ValueError(
                f"the condition {expression} depends on parameters {sorted(map(str, polynomial.free_symbols - {symbol}))}; "
                "substitute numbers for them, or use critical_discount for a closed form"
            )
        if polynomial.is_number:
            if polynomial > 0:
                return sympy.S.EmptySet
            continue
        piece = _nonpositive_set(polynomial, symbol, low, high, low_closed, high_closed)
        # For the discount factor, points where the denominator vanishes
        # cannot occur in [0, 1): the value formulas' denominators are
        # 1 + d + ... + d^(L-1).
        result = result.intersect(piece)
        if result is sympy.S.EmptySet:
            return result
    return result


def _nonpositive_set(expression, symbol, low=0, high=1, low_closed=True, high_closed=False):
    """Exact subset of the interval ``low..high`` where a polynomial with rational coefficients is ``<= 0``.

    Real roots are isolated exactly (``CRootOf``); the sign between
    consecutive roots is read at an interior point, where the polynomial
    cannot vanish. ``low`` / ``high`` may be infinite.
    """
    import sympy

    low, high = sympy.sympify(low), sympy.sympify(high)
    polynomial = sympy.Poly(expression, symbol, domain="QQ")

    def inside(r):
        return (r > low or (low_closed and r == low)) and (r < high or (high_closed and r == high))

    roots = sorted({r for r in polynomial.real_roots() if inside(r)}, key=lambda r: sympy.N(r, 50))

    def nonpositive(point) -> bool:
        value = polynomial.as_expr().subs(symbol, point)
        return bool(sympy.N(value, 50) <= 0) if not value.is_Rational else bool(value <= 0)

    def between(left, right):
        if left.is_infinite and right.is_infinite:
            return sympy.Integer(0)
        if left.is_infinite:
            return right - 1
        if right.is_infinite:
            return left + 1
        return (left + right) / 2

    result = sympy.FiniteSet(*roots)
    cuts = [low] + [r for r in roots if r != low and r != high] + [high]
    for left, right in zip(cuts, cuts[1:]):
        if nonpositive(between(left, right)):
            result = result.union(sympy.Interval(left, right, left_open=True, right_open=True))
    for end, closed in ((low, low_closed), (high, high_closed)):
        if closed and end.is_finite and nonpositive(end):
            result = result.union(sympy.FiniteSet(end))
    return result


def parameter_set(game: RepeatedGame, strategies, parameter: str, *, notion: str = "spe", **values):
    """The exact set of values of one stage parameter at which the profile is an SPE (or Nash equilibrium).

    The discount factor is the game's (a number); the other parameters are
    fixed at ``values`` (defaults otherwise). The search runs over the
    parameter's declared range. This answers "how low can the common threat
    fall before cooperation stops being sustainable at this discount factor?".

    Parameters
    ----------
    game : RepeatedGame
        With a :class:`~gametheory.games.symbolic.SymbolicGame` stage and a
        numeric discount factor.
    strategies : pair of Automaton
    parameter : str
        The stage parameter that varies.
    notion : {"spe", "nash"}
    **values
        Values of the other parameters.

    Returns
    -------
    sympy Set

    Examples
    --------
    >>> import sympy
    >>> from gametheory.games.symbolic import Parameter, SymbolicGame
    >>> from gametheory.games.repeated import RepeatedGame, strategies as st
    >>> T = sympy.Symbol("T")
    >>> pd = SymbolicGame([[[3, 0], [T, 1]], [[3, T], [0, 1]]], [Parameter("T", 5, low=3, high=10)])
    >>> grim = st.grim_trigger()
    >>> parameter_set(RepeatedGame(pd, Fraction(3, 5)), (grim, grim), "T")
    Interval(3, 6)
    """
    import sympy

    from ..symbolic import SymbolicGame

    if notion not in ("spe", "nash"):
        raise ValueError(f"notion must be 'spe' or 'nash', got {notion!r}")
    stage = game.stage
    if not isinstance(stage, SymbolicGame):
        raise TypeError("parameter_set needs a RepeatedGame whose stage is a SymbolicGame")
    if _is_symbolic_number(game.discount):
        raise ValueError(f"parameter_set needs a numeric discount factor, got {game.discount}")
    declared = stage.parameter(parameter)
    if parameter in values:
        raise ValueError(f"{parameter!r} is the varying parameter; do not also give it a value")
    others = {p.name: values.get(p.name, p.default) for p in stage.parameters if p.name != parameter}
    unknown = sorted(set(values) - set(others))
    if unknown:
        raise ValueError(f"unknown parameter(s) {unknown}; parameters are {[p.name for p in stage.parameters]}")
    fixed = stage.substitute(**others)
    discount = to_fraction(game.discount, what="discount")
    one = RepeatedGame(fixed, sympy.Rational(discount.numerator, discount.denominator), horizon=game.horizon,
                       roles=_roles(game))
    if notion == "spe":
        conditions = [d.gain for d in one_shot_gains(one, strategies)]
    else:
        conditions = _nash_conditions(one, strategies)
    symbol = fixed.symbols[parameter]
    low = -sympy.oo if declared.low is None else sympy.nsimplify(declared.low)
    high = sympy.oo if declared.high is None else sympy.nsimplify(declared.high)
    return _solve_set(conditions, symbol, low, high, low.is_finite, high.is_finite)


def _is_symbolic_number(value) -> bool:
    return type(value).__module__.startswith("sympy") and not value.is_number


def spe_discount_set(game: RepeatedGame, strategies, *, states: str = "reachable"):
    """The exact set of discount factors in ``[0, 1)`` at which the profile is an SPE.

    The stage payoffs must be numbers (floats are read as exact decimals).
    The answer is a sympy set: an interval, a union of intervals, a single
    point, or empty.

    Examples
    --------
    >>> from gametheory import NormalFormGame
    >>> from gametheory.games.repeated import RepeatedGame, strategies as st
    >>> pd = NormalFormGame.from_bimatrix([[3, 0], [5, 1]], [[3, 5], [0, 1]])
    >>> spe_discount_set(RepeatedGame(pd), (st.grim_trigger(), st.grim_trigger()))
    Interval.Ropen(1/2, 1)
    >>> spe_discount_set(RepeatedGame(pd), (st.tit_for_tat(), st.tit_for_tat()))
    EmptySet
    >>> knife_edge = NormalFormGame.from_bimatrix([[3, 0], [4, 1]], [[3, 4], [0, 1]])
    >>> spe_discount_set(RepeatedGame(knife_edge), (st.tit_for_tat(), st.tit_for_tat()))
    {1/3}
    """
    symbolic, symbol = _delta_game(game)
    _require_numeric_stage(symbolic, "spe_discount_set")
    gains = one_shot_gains(symbolic, strategies, states=states)
    return _solve_set([d.gain for d in gains], symbol)


def nash_discount_set(game: RepeatedGame, strategies):
    """The exact set of discount factors in ``[0, 1)`` at which the profile is a Nash equilibrium.

    Every stationary deterministic policy of the deviator on the opponent's
    states is compared with the profile (an optimal reply can always be
    chosen among them).

    Examples
    --------
    >>> from gametheory import NormalFormGame
    >>> from gametheory.games.repeated import RepeatedGame, strategies as st
    >>> pd = NormalFormGame.from_bimatrix([[3, 0], [5, 1]], [[3, 5], [0, 1]])
    >>> nash_discount_set(RepeatedGame(pd), (st.tit_for_tat(), st.tit_for_tat()))
    Interval.Ropen(2/3, 1)
    """
    symbolic, symbol = _delta_game(game)
    _require_numeric_stage(symbolic, "nash_discount_set")
    return _solve_set(_nash_conditions(symbolic, strategies), symbol)


def _require_numeric_stage(game, function):
    from ..symbolic import SymbolicGame

    if isinstance(game.stage, SymbolicGame):
        raise ValueError(
            f"{function} needs numeric stage payoffs; for symbolic payoffs use critical_discount "
            "(a closed form) or substitute values with stage.game(**values)"
        )


# ------------------------------------------------------- critical thresholds
@dataclass(frozen=True)
class DiscountThreshold:
    """Where a profile is an SPE (or Nash equilibrium) as a function of the discount factor.

    Attributes
    ----------
    notion : str
        ``"spe"`` or ``"nash"``.
    critical : sympy expression or None
        The threshold ``d*``: the profile is an equilibrium for every
        discount factor in ``(d*, 1)`` (and at ``d*`` when ``attained``), and
        not just below ``d*``. ``None`` when it is not an equilibrium for all
        discount factors close to 1.
    attained : bool or None
        Whether ``d*`` itself belongs to the set.
    discount_set : sympy Set or None
        The exact set of discount factors in ``[0, 1)`` (numeric stage
        payoffs); ``None`` for symbolic payoffs.
    lower_bounds, upper_bounds : tuple of sympy expressions
        Symbolic payoffs only: the conditions ``delta >= bound`` and
        ``delta <= bound`` that bind; ``critical`` is the ``Max`` of the lower
        bounds when there is no binding upper bound.
    assumptions : tuple of sympy relations
        Symbolic payoffs only: sign conditions on the stage parameters under
        which the closed form holds (all true at ``reference``).
    reference : dict
        Symbolic payoffs only: the parameter values used to decide signs.
    """

    notion: str
    critical: object
    attained: bool | None
    discount_set: object = None
    lower_bounds: tuple = ()
    upper_bounds: tuple = ()
    assumptions: tuple = ()
    reference: dict | None = None


def critical_discount(game: RepeatedGame, strategies, *, notion: str = "spe", at: dict | None = None) -> DiscountThreshold:
    """The discount factor above which the profile is an SPE (``notion="spe"``) or a Nash equilibrium.

    With numeric stage payoffs the answer is read off the exact set
    (:func:`spe_discount_set` / :func:`nash_discount_set`). With a
    :class:`~gametheory.games.symbolic.SymbolicGame` stage it is a closed form
    in the stage parameters: each condition is reduced to ``delta >= bound``
    or ``delta <= bound``, using the signs of its coefficients at the
    reference point ``at`` (default: the parameters' defaults), and those sign
    conditions are returned as ``assumptions``.

    Raises
    ------
    ValueError
        For an unknown ``notion``, or when a symbolic condition is not linear
        in the discount factor after removing factors that are positive on
        ``(0, 1)``.

    Examples
    --------
    >>> import sympy
    >>> from gametheory.games.symbolic import Parameter, SymbolicGame
    >>> from gametheory.games.repeated import RepeatedGame, strategies as st
    >>> T, R, P, S = sympy.symbols("T R P S", real=True)
    >>> pd = SymbolicGame([[[R, S], [T, P]], [[R, T], [S, P]]],
    ...                   [Parameter("T", 5), Parameter("R", 3), Parameter("P", 1), Parameter("S", 0)])
    >>> grim = st.grim_trigger()
    >>> critical_discount(RepeatedGame(pd), (grim, grim)).critical
    (R - T)/(P - T)
    """
    if notion not in ("spe", "nash"):
        raise ValueError(f"notion must be 'spe' or 'nash', got {notion!r}")
    from ..symbolic import SymbolicGame

    if not isinstance(game.stage, SymbolicGame):
        found = spe_discount_set(game, strategies) if notion == "spe" else nash_discount_set(game, strategies)
        critical, attained = _top_interval(found)
        return DiscountThreshold(notion, critical, attained, found)
    symbolic, symbol = _delta_game(game)
    if notion == "spe":
        conditions = [d.gain for d in one_shot_gains(symbolic, strategies)]
    else:
        conditions = _nash_conditions(symbolic, strategies)
    reference = game.stage.values(**(at or {}))
    return _symbolic_threshold(notion, conditions, symbol, game.stage, reference)


def _top_interval(found):
    import sympy

    pieces = found.args if isinstance(found, sympy.Union) else (found,)
    for piece in pieces:
        if isinstance(piece, sympy.Interval) and piece.end == 1 and piece.measure > 0:
            return piece.start, not piece.left_open
    return None, None


def _symbolic_threshold(notion, conditions, symbol, stage, reference):
    import sympy

    subs = {stage.symbols[name]: sympy.nsimplify(value) for name, value in reference.items()}

    def at_reference(expression):
        value = sympy.sympify(expression).xreplace(subs)
        if value.free_symbols - {symbol}:
            raise ValueError(f"cannot evaluate {expression} at the reference point {reference}")
        return value

    def sign(expression):
        value = sympy.nsimplify(at_reference(expression))
        return int(bool(value > 0)) - int(bool(value < 0))

    lower, upper, assumptions = [], [], []
    feasible = True

    def assume(relation):
        if relation is not sympy.true and relation not in assumptions:
            assumptions.append(relation)

    seen = set()
    for expression in conditions:
        key = _sign_polynomial(expression)
        if key in seen or key == 0:
            continue
        seen.add(key)
        roots = []
        for factor, _power in sympy.factor_list(key)[1]:
            if symbol not in factor.free_symbols:
                s = sign(factor)
                if s == 0:
                    raise ValueError(f"the factor {factor} of a condition vanishes at the reference point {reference}")
                assume(factor > 0 if s > 0 else factor < 0)
                continue
            plain = sympy.Dummy("x")
            polynomial = sympy.Poly(factor.xreplace({symbol: plain}), plain)
            found = sympy.roots(polynomial)
            if sum(found.values()) < polynomial.degree():
                raise ValueError(f"cannot solve the condition {sympy.factor(expression)} <= 0 for {symbol} in closed form")
            candidates = [r.xreplace({plain: symbol}) for r in found]
            for root in candidates:
                value = complex(sympy.N(at_reference(root)))
                if abs(value.imag) < 1e-12 and 0 < value.real < 1:
                    roots.append((value.real, sympy.factor(sympy.simplify(root))))
        condition = sympy.lambdify(symbol, at_reference(key))
        if not roots:
            if float(condition(0.5)) > 0:
                feasible = False
            continue
        if len({round(r, 12) for r, _ in roots}) > 1:
            raise ValueError(
                f"the condition {sympy.factor(expression)} <= 0 changes sign more than once in (0, 1) at the "
                "reference point; substitute numbers for the stage parameters and use the exact discount set"
            )
        value, root = roots[0]
        holds_below = float(condition(value / 2)) <= 0
        holds_above = float(condition((value + 1) / 2)) <= 0
        if holds_below and holds_above:
            continue
        if not holds_below and not holds_above:
            feasible = False
            continue
        assume(root > 0)
        assume(root < 1)
        target = lower if holds_above else upper
        if all(sympy.simplify(root - b) != 0 for b in target):
            target.append(root)
    lower, upper = tuple(lower), tuple(upper)
    result = dict(lower_bounds=lower, upper_bounds=upper, assumptions=tuple(assumptions), reference=reference)
    if not feasible or upper:
        # Empty, or upper bounds below 1 rule out discount factors close to 1.
        return DiscountThreshold(notion, None, None, None, **result)
    critical = sympy.Max(*lower) if lower else sympy.Integer(0)
    return DiscountThreshold(notion, critical, True, None, **result)
