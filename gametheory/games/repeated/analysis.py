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
* :func:`collectively_stable`: Axelrod's collective stability.

The sets of discount factors where a profile is an equilibrium, and the
critical thresholds, are in :mod:`gametheory.games.repeated.discount`.

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

from ...numerics import scaled_tolerance
from .automata import Automaton
from .game import BoundAutomaton, RepeatedGame

__all__ = [
    "Deviation",
    "SPECheck",
    "NashCheck",
    "discounted_payoffs",
    "outcome_path",
    "one_shot_gains",
    "check_spe",
    "check_nash",
    "collectively_stable",
    "MAX_POLICIES",
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
    >>> from fractions import Fraction
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
