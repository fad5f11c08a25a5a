"""The machinery under :mod:`.analysis`: play of a pure automaton profile, values of its payoff streams.

Everything here is linear in what it visits. A pure profile moves
deterministically on state pairs, so from any pair play is a prefix followed by
a cycle; values are found by walking each pair's successor chain once and
propagating backwards (cycle detection makes infinite horizons exact), and a
finite horizon of ``H`` rounds costs one pass over the cycle, not ``H`` steps.

Finite-horizon checks in exact arithmetic are done on integers: with the
discount ``p/q`` and payoffs over the common denominator ``D``, the value of the
remaining rounds scaled by ``D q^(rounds left - 1)`` is an integer, so long
horizons need no fraction reductions (each would cost a gcd of numbers with
thousands of digits); a fraction is built only for what is reported.

The work has documented budgets (:data:`MAX_STATE_PAIRS`,
:data:`MAX_FINITE_NODES`, :data:`MAX_SYMBOLIC_DEGREE`): above them a
``ValueError`` says what was too large, before the work starts.
"""

from __future__ import annotations

import itertools
import math
from fractions import Fraction

__all__ = ["MAX_STATE_PAIRS", "MAX_FINITE_NODES", "MAX_SYMBOLIC_DEGREE", "MAX_SYMBOLIC_ROUNDS"]

#: Largest number of automaton state pairs an analysis visits.
MAX_STATE_PAIRS = 250_000

#: Largest number of (round, state pair) nodes a finite-horizon check visits.
MAX_FINITE_NODES = 2_000_000

#: Largest degree in a symbolic discount factor (prefix plus cycle length, or number of rounds).
MAX_SYMBOLIC_DEGREE = 12

#: Most rounds of a finite horizon analysed with a symbolic discount factor (exact sets of discount
#: factors): the conditions are polynomials of that degree, whose real roots sympy isolates slowly.
MAX_SYMBOLIC_ROUNDS = 10

#: Largest number of (round, state pair) nodes of a finite-horizon check with symbolic stage payoffs.
MAX_SYMBOLIC_NODES = 4_000


def is_symbolic(value) -> bool:
    """True for a sympy expression that is not a number (a symbolic discount factor)."""
    return type(value).__module__.startswith("sympy") and not value.is_number


class Stepper:
    """A pure profile of bound automata as plain lookup tables."""

    def __init__(self, b0, b1):
        self.a0, self.a1 = b0.action, b1.action
        self.n0, self.n1 = b0.next.tolist(), b1.next.tolist()
        self.start = (b0.initial, b1.initial)
        self.sizes = (len(b0.states), len(b1.states))

    def profile(self, x):
        return (self.a0[x[0]], self.a1[x[1]])

    def succ(self, x, profile):
        return (self.n0[x[0]][profile[0]][profile[1]], self.n1[x[1]][profile[0]][profile[1]])

    def conform(self, x):
        return self.succ(x, self.profile(x))


def cycle(step: Stepper, x):
    """The state pairs from ``x`` until one repeats, and the index where the cycle starts."""
    path, index = [], {}
    while x not in index:
        index[x] = len(path)
        path.append(x)
        x = step.conform(x)
    return path, index[x]


def reachable(step: Stepper, shape) -> list:
    """State pairs reachable from the initial pair under some history, within :data:`MAX_STATE_PAIRS`."""
    profiles = list(itertools.product(range(shape[0]), range(shape[1])))
    seen, frontier = {step.start}, [step.start]
    while frontier:
        x = frontier.pop()
        for profile in profiles:
            y = step.succ(x, profile)
            if y not in seen:
                seen.add(y)
                if len(seen) > MAX_STATE_PAIRS:
                    raise ValueError(
                        f"the automata ({step.sizes[0]} and {step.sizes[1]} states) reach more than "
                        f"{MAX_STATE_PAIRS} state pairs, the limit of the analysis (MAX_STATE_PAIRS)"
                    )
                frontier.append(y)
    return sorted(seen)


def check_pairs(step: Stepper) -> None:
    """Refuse, up front, an analysis of every state pair above :data:`MAX_STATE_PAIRS`."""
    count = step.sizes[0] * step.sizes[1]
    if count > MAX_STATE_PAIRS:
        raise ValueError(
            f"the automata have {step.sizes[0]} x {step.sizes[1]} = {count} state pairs, above the limit "
            f"{MAX_STATE_PAIRS} of the analysis (MAX_STATE_PAIRS); use states='reachable'"
        )


def geometric(delta, length: int):
    """``1 + delta + ... + delta**(length - 1)``, in closed form for a numeric ``delta``."""
    if is_symbolic(delta):
        return sum(delta**t for t in range(length))
    if delta == 1:
        return length if not isinstance(delta, float) else float(length)
    return (1 - delta**length) / (1 - delta)


def _horner(rewards, delta, i):
    total = 0
    for r in reversed(rewards):
        total = r[i] + delta * total
    return total


def values(states, succ, reward, delta, n_rewards):
    """Normalised discounted value of the deterministic stream from each state of ``states``.

    ``succ[x]`` is the next state and ``reward[x]`` a tuple of rewards (both
    given for every state the streams pass through). The stream from ``x`` is
    a prefix of ``m`` states followed by a cycle of ``L`` states, worth
    ``(1-d) sum_{t<m} d^t r_t + d^m (sum_{t<L} d^t r_{m+t}) / (1 + d + ...
    + d^{L-1})``: exact, and for a symbolic ``d`` a rational function whose
    denominator is positive on ``[0, 1]`` (its degree is limited by
    :data:`MAX_SYMBOLIC_DEGREE`). For a numeric ``d`` each state is visited
    once: a cycle's first state gets the formula, every other state
    ``(1-d) r + d V(next)``.
    """
    out = {}
    if is_symbolic(delta):
        for x in states:
            path, index, y = [], {}, x
            while y not in index:
                index[y] = len(path)
                path.append(y)
                y = succ[y]
                if len(path) > MAX_SYMBOLIC_DEGREE:
                    raise ValueError(
                        f"play runs through more than {MAX_SYMBOLIC_DEGREE} state pairs before it repeats: the "
                        f"conditions would be polynomials of degree above {MAX_SYMBOLIC_DEGREE} in the discount "
                        "factor (MAX_SYMBOLIC_DEGREE); give a numeric discount factor"
                    )
            m = index[y]
            length = len(path) - m
            denominator = geometric(delta, length)
            result = []
            for i in range(n_rewards):
                prefix = sum(delta**t * reward[path[t]][i] for t in range(m))
                loop = sum(delta**t * reward[path[m + t]][i] for t in range(length))
                result.append((1 - delta) * prefix + delta**m * loop / denominator)
            out[x] = tuple(result)
        return out
    done = {}
    for x in states:
        if x in done:
            continue
        path, index, y = [], {}, x
        while y not in done and y not in index:
            index[y] = len(path)
            path.append(y)
            y = succ[y]
        if y in index:
            m = index[y]
            loop = path[m:]
            denominator = geometric(delta, len(loop))
            done[y] = tuple(_horner([reward[z] for z in loop], delta, i) / denominator for i in range(n_rewards))
            tail = path[:m] + loop[1:]
        else:
            tail = path
        for z in reversed(tail):
            after = done[succ[z]]
            done[z] = tuple((1 - delta) * reward[z][i] + delta * after[i] for i in range(n_rewards))
    for x in states:
        out[x] = done[x]
    return out


def finite_total(rewards, m, delta, horizon, i):
    """Unnormalised ``sum_{t<horizon} delta^t r_t`` of a stream with prefix ``rewards[:m]`` and cycle ``rewards[m:]``.

    The cycle is summed once and repeated in closed form: ``O(len(rewards))``
    arithmetic, whatever the horizon.
    """
    if horizon <= len(rewards):
        return _horner(rewards[:horizon], delta, i)
    prefix, loop = rewards[:m], rewards[m:]
    length = len(loop)
    repeats, rest = divmod(horizon - m, length)
    one = _horner(loop, delta, i)
    z = delta**length
    if is_symbolic(delta):
        block = sum(z**k for k in range(repeats)) if repeats <= MAX_SYMBOLIC_DEGREE else (1 - z**repeats) / (1 - z)
    else:
        block = repeats if z == 1 else (1 - z**repeats) / (1 - z)
    return _horner(prefix, delta, i) + delta**m * (one * block + z**repeats * _horner(loop[:rest], delta, i))


# ---------------------------------------------------------- finite horizons
def layers(step: Stepper, shape, horizon: int, states: str, limit: int):
    """The state pairs checked in each round: ``(ids, sets)`` with ``sets[ids[t]]`` the pairs of round ``t``.

    With ``states="reachable"`` round ``t`` holds the pairs some history of
    ``t`` rounds reaches; the sequence of sets is eventually periodic, so each
    distinct set is computed once. Refuses more than ``limit`` (round, pair)
    nodes before the backward pass starts.
    """
    if states == "all":
        check_pairs(step)
        every = tuple(itertools.product(range(step.sizes[0]), range(step.sizes[1])))
        sets, ids = [every], [0] * horizon
    else:
        profiles = list(itertools.product(range(shape[0]), range(shape[1])))
        sets, known, following, ids = [], {}, {}, []
        current = frozenset([step.start])
        for _ in range(horizon):
            key = known.get(current)
            if key is None:
                key = known[current] = len(sets)
                sets.append(tuple(sorted(current)))
            ids.append(key)
            if key not in following:
                following[key] = frozenset(step.succ(x, p) for x in current for p in profiles)
                if len(following[key]) > MAX_STATE_PAIRS:
                    raise ValueError(f"more than {MAX_STATE_PAIRS} state pairs are reachable in one round, the "
                                     "limit of the analysis (MAX_STATE_PAIRS)")
            current = following[key]
    nodes = sum(len(sets[k]) for k in ids)
    if nodes > limit:
        raise ValueError(
            f"checking {horizon} rounds visits {nodes} (round, state pair) nodes, above the limit {limit}; "
            "use fewer rounds (--horizon) or an infinite horizon"
        )
    return ids, sets


def exact_scale(game):
    """``(p, q, D)``: the discount ``p/q`` and the common denominator ``D`` of the stage payoffs."""
    delta = Fraction(game.discount)
    denominators = [Fraction(v).denominator for table in game.stage.payoffs for v in table.flat]
    return delta.numerator, delta.denominator, math.lcm(*denominators)


def finite_rows(game, step: Stepper, states: str):
    """Every one-shot deviation of a finite-horizon game, from the last round back.

    Yields ``(player, x, profile, t, num, den)``: the deviator, the state
    pair, the profile played, the round and the normalised gain ``num / den``
    (``den`` a positive integer in exact mode, where ``num`` is an integer;
    ``den = 1`` otherwise).
    """
    shape = game.stage.shape
    horizon = game.horizon
    symbolic_stage = game.mode == "symbolic"
    if symbolic_stage and is_symbolic(game.discount) and horizon > MAX_SYMBOLIC_ROUNDS:
        raise ValueError(
            f"exact discount sets over {horizon} rounds need polynomials of degree {horizon} in the discount factor; "
            f"they are computed up to {MAX_SYMBOLIC_ROUNDS} rounds (MAX_SYMBOLIC_ROUNDS)"
        )
    limit = MAX_SYMBOLIC_NODES if symbolic_stage else MAX_FINITE_NODES
    ids, sets = layers(step, shape, horizon, states, limit)
    exact = game.mode == "exact"
    if exact:
        p, q, D = exact_scale(game)
        payoff = [[[int(Fraction(v) * D) for v in row] for row in table.tolist()] for table in game.stage.payoffs]
    else:
        p = game.discount
        payoff = None

    def stage(player, profile):
        if exact:
            return payoff[player][profile[0]][profile[1]]
        return game.stage_payoff(player, profile)

    after = {}
    Q = 1
    M = 1 if exact else 0
    for t in range(horizon - 1, -1, -1):
        if exact:
            if t < horizon - 1:
                Q *= q
                M = Q + p * M
            scale = Q
            den = D * M
        else:
            # A symbolic discount keeps the expanded sum, which sympy cancels quickly.
            M = geometric(p, horizon - t) if is_symbolic(p) else 1 + p * M
            scale = 1
        now = {}
        for x in sets[ids[t]]:
            conform = step.profile(x)
            nxt = step.succ(x, conform)
            own = tuple(stage(i, conform) * scale + p * after.get(nxt, (0, 0))[i] for i in range(2))
            now[x] = own
            for player in range(2):
                for a in range(shape[player]):
                    if a == conform[player]:
                        continue
                    profile = (a, conform[1]) if player == 0 else (conform[0], a)
                    y = step.succ(x, profile)
                    value = stage(player, profile) * scale + p * after.get(y, (0, 0))[player]
                    if exact:
                        yield player, x, profile, t, value - own[player], den
                    else:
                        yield player, x, profile, t, (value - own[player]) / M, 1
        after = now


def finite_best_reply(game, bj, player):
    """Optimal value over a finite horizon against ``bj`` and an optimal plan, by backward induction."""
    shape = game.stage.shape
    ys = range(len(bj.states))
    actions = range(shape[player])
    nxt = bj.next.tolist()
    horizon = game.horizon
    if horizon * len(bj.states) > MAX_FINITE_NODES:
        raise ValueError(
            f"the best reply over {horizon} rounds against {len(bj.states)} states visits more than "
            f"{MAX_FINITE_NODES} nodes (MAX_FINITE_NODES); use fewer rounds (--horizon)"
        )

    def profile(a, y):
        return (a, bj.action[y]) if player == 0 else (bj.action[y], a)

    exact = game.mode == "exact"
    if exact:
        p, q, D = exact_scale(game)
        table = [[int(Fraction(v) * D) for v in row] for row in game.stage.payoffs[player].tolist()]
    else:
        p = game.discount
    W = {y: 0 for y in ys}
    plan = {}
    Q, M = 1, 1
    for t in range(horizon - 1, -1, -1):
        if exact and t < horizon - 1:
            Q *= q
            M = Q + p * M
        new = {}
        for y in ys:
            best_a, best_q = None, None
            for a in actions:
                pr = profile(a, y)
                if exact:
                    value = table[pr[0]][pr[1]] * Q + p * W[nxt[y][pr[0]][pr[1]]]
                else:
                    value = game.stage_payoff(player, pr) + p * W[nxt[y][pr[0]][pr[1]]]
                if best_q is None or value > best_q:
                    best_a, best_q = a, value
            new[y] = best_q
            plan[(t, bj.states[y])] = game.stage.actions[player][best_a]
        W = new
    if exact:
        return Fraction(W[bj.initial], D * M), plan
    return W[bj.initial] / geometric(game.discount, horizon), plan
