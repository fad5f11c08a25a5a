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
from . import _streams
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
    "MAX_REPORTED_DEVIATIONS",
]


#: Largest number of deviator policies enumerated for a symbolic Nash check.
MAX_POLICIES = 256

#: Most profitable deviations listed by :func:`check_spe` (all are counted).
MAX_REPORTED_DEVIATIONS = 100


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


def _one_shot_deviations(step, x, shape):
    """Each one-shot deviation at ``x``: the deviator, the profile played and the state pair it leads to."""
    conform = step.profile(x)
    for player in range(2):
        for a in range(shape[player]):
            if a == conform[player]:
                continue
            profile = (a, conform[1]) if player == 0 else (conform[0], a)
            yield player, profile, step.succ(x, profile)


_geometric = _streams.geometric
_values = _streams.values


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
    step = _streams.Stepper(b0, b1)
    path, m = _streams.cycle(step, step.start)
    reward = [tuple(game.stage_payoff(i, step.profile(x)) for i in range(2)) for x in path]
    if game.horizon is None:
        succ = {x: step.conform(x) for x in path}
        return _values([step.start], succ, dict(zip(path, reward)), game.discount, 2)[step.start]
    norm = _geometric(game.discount, game.horizon)
    return tuple(_streams.finite_total(reward, m, game.discount, game.horizon, i) / norm for i in range(2))


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
    step = _streams.Stepper(b0, b1)
    path, m = _streams.cycle(step, step.start)
    labels = [_labels(game, step.profile(y)) for y in path]
    if game.horizon is not None:
        if game.horizon <= len(labels):
            return tuple(labels[:game.horizon]), ()
        loop = labels[m:]
        extra = game.horizon - m
        return tuple(labels[:m]) + tuple(loop) * (extra // len(loop)) + tuple(loop[:extra % len(loop)]), ()
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
    step = _streams.Stepper(b0, b1)
    deviations = []

    def record(player, x, profile, gain, period=None):
        states_named = (b0.states[x[0]], b1.states[x[1]])
        action = game.stage.actions[player][profile[player]]
        deviations.append(Deviation(player, states_named, action, gain, period))

    if game.horizon is None:
        for player, x, profile, gain in _infinite_rows(game, step, states):
            record(player, x, profile, gain)
        return tuple(deviations)
    exact = game.mode == "exact"
    rows = sorted(_streams.finite_rows(game, step, states), key=lambda row: (row[3], row[1], row[0], row[2]))
    for player, x, profile, t, num, den in rows:
        record(player, x, profile, Fraction(num, den) if exact else num, t)
    return tuple(deviations)


def _infinite_rows(game, step, states):
    """``(player, x, profile, gain)`` for every one-shot deviation at every checked pair, infinite horizon."""
    shape = game.stage.shape
    if states == "all":
        _streams.check_pairs(step)
        checked = list(itertools.product(range(step.sizes[0]), range(step.sizes[1])))
    else:
        checked = _streams.reachable(step, shape)
    delta = game.discount
    succ = {x: step.conform(x) for x in checked}
    reward = {x: tuple(game.stage_payoff(i, step.profile(x)) for i in range(2)) for x in checked}
    V = _values(checked, succ, reward, delta, 2)
    for x in checked:
        for player, profile, y in _one_shot_deviations(step, x, shape):
            value = (1 - delta) * game.stage_payoff(player, profile) + delta * V[y][player]
            yield player, x, profile, value - V[x][player]


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
    n_profitable : int
        How many deviations gain more than the tolerance; ``profitable``
        lists the :data:`MAX_REPORTED_DEVIATIONS` most profitable of them
        when there are more (long finite horizons).
    """

    is_spe: bool
    max_gains: tuple
    profitable: tuple
    states_checked: tuple
    tol: float
    n_profitable: int | None = None

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
    if states not in ("reachable", "all"):
        raise ValueError(f"states must be 'reachable' or 'all', got {states!r}")
    slack = _tolerance(game, tol)
    if game.horizon is not None and game.mode == "exact":
        return _check_spe_finite_exact(game, strategies, states)
    gains = one_shot_gains(game, strategies, states=states)
    max_gains = tuple(max([d.gain for d in gains if d.player == i], default=0) for i in range(2))
    profitable = sorted((d for d in gains if d.gain > slack), key=lambda d: -d.gain)
    checked = tuple(dict.fromkeys(d.states for d in gains))
    return SPECheck(not profitable, max_gains, tuple(profitable[:MAX_REPORTED_DEVIATIONS]), checked, slack,
                    len(profitable))


def _check_spe_finite_exact(game, strategies, states):
    """The one-shot deviation check of a finite horizon on scaled integers (see :mod:`._streams`).

    Signs are read off integer numerators; gains are ordered by their
    correctly rounded float values and compared exactly where floats tie, so
    fractions with thousands of digits are built only for the certificate
    and the reported deviations.
    """
    import heapq

    b0, b1 = _bind(game, strategies, "check_spe")
    step = _streams.Stepper(b0, b1)
    best = [None, None]
    heap, count, first_round = [], 0, {}
    for serial, row in enumerate(_streams.finite_rows(game, step, states)):
        player, x, profile, t, num, den = row
        first_round[x] = t
        key = num / den
        current = best[player]
        if current is None or key > current[0] or (key == current[0] and num * current[2] > current[1] * den):
            best[player] = (key, num, den)
        if num > 0:
            count += 1
            item = (key, serial, row)
            if len(heap) < MAX_REPORTED_DEVIATIONS + 1:
                heapq.heappush(heap, item)
            elif key >= heap[0][0]:
                heapq.heapreplace(heap, item)

    def deviation(row):
        player, x, profile, t, num, den = row
        return Deviation(player, (b0.states[x[0]], b1.states[x[1]]), game.stage.actions[player][profile[player]],
                         Fraction(num, den), t)

    profitable = sorted((deviation(item[2]) for item in heap), key=lambda d: (-d.gain, d.period))
    max_gains = tuple(Fraction(0) if b is None else Fraction(b[1], b[2]) for b in best)
    checked = tuple((b0.states[x[0]], b1.states[x[1]]) for x in sorted(first_round, key=lambda x: (first_round[x], x)))
    return SPECheck(count == 0, max_gains, tuple(profitable[:MAX_REPORTED_DEVIATIONS]), checked, 0, count)


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
    if game.horizon is not None:
        return _streams.finite_best_reply(game, bj, player)
    ys, actions, succ, reward = _deviator_problem(game, bj, player)
    delta = game.discount
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
