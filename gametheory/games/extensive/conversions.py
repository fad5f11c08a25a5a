"""Strategies of a game tree: behaviour profiles, the reduced strategic form, Kuhn's theorem.

A *behaviour profile* gives, at each information set, a probability for each
action. It is written either nested, ``behavior[player][k][a]`` (the ``k``-th
information set of the player, in order, and its ``a``-th action), or flat,
indexed by the move number ``tree.action_offsets[h] + a``; functions here
accept both and work on the flat form.

The *reduced strategic form* has one strategy per reduced plan: a choice at
every information set the player's own earlier choices do not exclude (an
excluded one is shown as ``*`` in the plan's label, e.g. ``Attack/*``). By
Kuhn's theorem (perfect recall), every mixed strategy over plans has a
realization-equivalent behaviour strategy and conversely;
:func:`mixed_to_behavior` and :func:`behavior_to_mixed` compute them, exactly
in exact mode.

References
----------
Kuhn, H. W. (1953). Extensive games and the problem of information.
*Contributions to the Theory of Games II*, 193-216.
Osborne, M. J. and Rubinstein, A. (1994). *A Course in Game Theory*, sec. 11.4.
"""

from __future__ import annotations

import itertools
import math
from dataclasses import dataclass
from fractions import Fraction

import numpy as np

from ...numerics import DEFAULT_TOL, is_exact_scalar, to_fraction
from .tree import CHANCE, TERMINAL, GameTree

__all__ = [
    "StrategicForm",
    "reduced_strategic_form",
    "mixed_to_behavior",
    "behavior_to_mixed",
    "check_behavior",
    "nested_behavior",
    "pure_behavior",
    "reach_probabilities",
    "outcome_distribution",
    "expected_payoffs",
    "UNSPECIFIED",
]

#: Label of an information set a reduced plan leaves open (its own earlier choices exclude it).
UNSPECIFIED = "*"

#: Largest number of reduced plans of one player, and of plan profiles, built.
MAX_PLANS = 100_000
MAX_PROFILES = 1_000_000


def _need_numeric(tree: GameTree) -> None:
    if not isinstance(tree, GameTree):
        raise TypeError(f"expected a GameTree, got {type(tree).__name__}")
    if tree.is_symbolic:
        raise ValueError(f"the tree has symbolic payoffs (parameters {list(tree.parameters)}): "
                         "use tree.substitute(...) first")


# ----------------------------------------------------------- behaviour
def check_behavior(tree: GameTree, behavior, *, tol: float | None = None) -> np.ndarray:
    """Validate a behaviour profile and return it in flat form.

    Parameters
    ----------
    tree : GameTree
    behavior : nested sequence or flat array
        ``behavior[player][k][a]`` or a flat array of length
        ``tree.action_offsets[-1]``.
    tol : float, optional
        Slack for float probabilities (non-negative, summing to 1 at each
        information set).

    Returns
    -------
    ndarray
        Flat, read-only: exact (Fraction objects) when every entry is exact,
        else float.

    Examples
    --------
    >>> from gametheory.games.extensive import build_tree, decision, terminal
    >>> tree = build_tree(decision("A", {"x": terminal(1), "y": terminal(0)}))
    >>> check_behavior(tree, [[["1/2", "1/2"]]]).tolist()
    [Fraction(1, 2), Fraction(1, 2)]
    """
    offsets = tree.action_offsets
    total = int(offsets[-1])
    if isinstance(behavior, np.ndarray) and behavior.ndim == 1 and len(behavior) == total:
        values = list(behavior.tolist()) if behavior.dtype != object else list(behavior)
    else:
        if isinstance(behavior, (str, bytes)) or not hasattr(behavior, "__len__") or len(behavior) != tree.n_players:
            raise ValueError(f"a behaviour profile has one entry per player ({tree.n_players}) "
                             f"or is a flat array of {total} probabilities")
        values = []
        for i in range(tree.n_players):
            sets = tree.player_infosets(i)
            given = behavior[i]
            if len(given) != len(sets):
                raise ValueError(f"behaviour of player {tree.players[i]!r} has {len(given)} entries, "
                                 f"expected one per information set ({len(sets)})")
            for k, h in enumerate(sets):
                probs = list(given[k])
                if len(probs) != len(tree.infoset_actions[h]):
                    raise ValueError(f"behaviour of player {tree.players[i]!r} at information set {k + 1} has "
                                     f"{len(probs)} probabilities, expected {len(tree.infoset_actions[h])}")
                values.extend(probs)
    exact = all(is_exact_scalar(v) or isinstance(v, str) for v in values)
    if exact:
        array = np.empty(total, dtype=object)
        array[:] = [to_fraction(v, what="a behaviour probability") for v in values] if total else []
    else:
        array = np.asarray([float(v) for v in values], dtype=float)
    slack = (DEFAULT_TOL if tol is None else tol) * 10
    if tree.n_infosets:
        starts = offsets[:-1]
        sizes = np.diff(offsets)
        sums = np.add.reduceat(array, starts)
        lows = np.minimum.reduceat(array, starts)
        if exact:
            bad = np.flatnonzero((lows < 0) | (sums != 1))
        else:
            bad = np.flatnonzero(~np.isfinite(sums) | (lows < -slack) | (np.abs(sums - 1) > slack * sizes))
        if len(bad):
            h = int(bad[0])
            block = array[offsets[h]:offsets[h + 1]]
            name = f"information set {tree.infosets[h].number} of player {tree.players[tree.infoset_player[h]]!r}"
            shown = [str(p) for p in block] if exact else block.tolist()
            raise ValueError(f"behaviour at {name} is not a probability vector: {shown}")
    array.setflags(write=False)
    return array


def nested_behavior(tree: GameTree, flat) -> tuple:
    """The nested form ``behavior[player][k][a]`` of a flat behaviour profile."""
    offsets = tree.action_offsets
    return tuple(
        tuple(tuple(flat[offsets[h]:offsets[h + 1]].tolist()) for h in tree.player_infosets(i))
        for i in range(tree.n_players)
    )


def pure_behavior(tree: GameTree, choices, *, exact: bool = True) -> np.ndarray:
    """The flat behaviour profile that plays ``choices[h]`` (an action index or label) at information set ``h``.

    ``choices`` is a sequence with one entry per information set, or a mapping
    from information-set indices or names to actions.
    """
    if isinstance(choices, dict):
        chosen = {tree.infoset_index(h): a for h, a in choices.items()}
        missing = [h for h in range(tree.n_infosets) if h not in chosen]
        if missing:
            raise ValueError(f"no choice given at information sets {missing}")
    else:
        if len(choices) != tree.n_infosets:
            raise ValueError(f"give one choice per information set ({tree.n_infosets}), got {len(choices)}")
        chosen = dict(enumerate(choices))
    offsets = tree.action_offsets
    flat = np.empty(int(offsets[-1]), dtype=object) if exact else np.zeros(int(offsets[-1]))
    if exact:
        flat[:] = Fraction(0)
    for h, a in chosen.items():
        actions = tree.infoset_actions[h]
        if isinstance(a, str):
            if a not in actions:
                raise ValueError(f"information set {h} has no action {a!r}; actions are {list(actions)}")
            a = actions.index(a)
        if not 0 <= int(a) < len(actions):
            raise ValueError(f"action index {a} out of range at information set {h}")
        flat[offsets[h] + int(a)] = Fraction(1) if exact else 1.0
    flat.setflags(write=False)
    return flat


def edge_probabilities(tree: GameTree, flat) -> np.ndarray:
    """Probability of the move into each node from its parent (1 at the root)."""
    exact = flat.dtype == object and tree.mode != "float"
    probs = np.empty(tree.n_nodes, dtype=object if exact else float)
    probs[0] = Fraction(1) if exact else 1.0
    if tree.n_nodes == 1:
        return probs
    children = np.arange(1, tree.n_nodes)
    parents = tree.parent[1:]
    mover = tree.node_player[parents]
    decision = mover >= 0
    moves = tree.action_offsets[np.maximum(tree.node_infoset[parents], 0)] + tree.action_index[1:]
    source = flat if exact else np.asarray(flat, dtype=float)
    chance_probs = tree.move_probabilities if exact else np.asarray(tree.move_probabilities, dtype=float)
    values = np.where(decision, source[np.where(decision, moves, 0)] if len(source) else 0, chance_probs[children])
    probs[1:] = values
    return probs


def reach_probabilities(tree: GameTree, behavior) -> np.ndarray:
    """Probability of reaching each node under a behaviour profile (chance included).

    Exact (Fraction objects) when the tree and the profile are exact.
    """
    _need_numeric(tree)
    flat = check_behavior(tree, behavior)
    edge = edge_probabilities(tree, flat)
    reach = edge.copy()
    for start, end in tree.levels[1:]:
        reach[start:end] = reach[tree.parent[start:end]] * edge[start:end]
    return reach


def outcome_distribution(tree: GameTree, behavior) -> np.ndarray:
    """Probability of each terminal node, in the order of ``tree.terminals`` (depth first)."""
    return reach_probabilities(tree, behavior)[tree.terminals]


def expected_payoffs(tree: GameTree, behavior) -> tuple:
    """Each player's expected payoff under a behaviour profile.

    Examples
    --------
    >>> from gametheory.games.extensive import build_tree, chance, terminal
    >>> tree = build_tree(chance({"H": ("1/3", terminal(3, 0)), "T": ("2/3", terminal(0, 3))}))
    >>> expected_payoffs(tree, [[], []])
    (Fraction(1, 1), Fraction(2, 1))
    """
    reach = reach_probabilities(tree, behavior)
    terminals = tree.terminals
    weights = reach[terminals]
    payoffs = tree.payoff_matrix[terminals]
    if weights.dtype != object:
        payoffs = np.asarray(payoffs, dtype=float)
    return tuple(weights.dot(payoffs[:, i]) if len(terminals) else 0 for i in range(tree.n_players))


# --------------------------------------------------- reduced strategic form
@dataclass(frozen=True, eq=False)
class StrategicForm:
    """The reduced strategic form of a tree.

    Attributes
    ----------
    tree : GameTree
    game : NormalFormGame
        One strategy per reduced plan, labelled like ``Attack/Defend``.
    plans : tuple of ndarray
        For each player, an integer array ``(n_plans, n_infosets_of_player)``:
        the action index chosen at each of the player's information sets, or
        ``-1`` where the plan leaves it open.
    consistent : tuple of ndarray
        For each player, a boolean array ``(n_plans, n_moves + 1)``: whether
        the plan makes every own move of the sequence ending with a move
        (column ``m`` for move ``m``, last column for the empty sequence).
    """

    tree: GameTree
    game: object
    plans: tuple
    consistent: tuple


def _player_plans(tree: GameTree, i: int) -> tuple[np.ndarray, np.ndarray]:
    """Reduced plans of player ``i`` and their consistency with the player's sequences."""
    sets = list(tree.player_infosets(i))
    offsets = tree.action_offsets
    n_moves = int(offsets[-1])
    last = tree.last_own_move(i)
    nodes_of = tree._infoset_nodes()
    parent_move = {h: int(last[nodes_of[h][0]]) for h in sets}
    local = {h: k for k, h in enumerate(sets)}
    under: dict[int, list[int]] = {}
    for h in sets:
        under.setdefault(parent_move[h], []).append(h)
    # Partial plans below each move, built from the deepest information sets up
    # (sorted by own depth: the number of own moves before the set).
    own_depth = {}
    for h in sets:
        d, m = 0, parent_move[h]
        while m >= 0:
            d += 1
            owner = int(np.searchsorted(offsets, m, side="right") - 1)
            m = parent_move[owner]
        own_depth[h] = d
    partial: dict[int, list[tuple]] = {}

    def combine(infosets):
        options = []
        for h in infosets:
            choices = []
            for a in range(len(tree.infoset_actions[h])):
                below = partial.get(int(offsets[h]) + a, [()])
                choices.extend((((h, a),) + rest) for rest in below)
            options.append(choices)
        count = math.prod(len(o) for o in options)
        if count > MAX_PLANS:
            raise ValueError(f"player {tree.players[i]!r} has more than {MAX_PLANS} reduced plans; "
                             "the strategic form is too large to build")
        return [tuple(itertools.chain.from_iterable(combo)) for combo in itertools.product(*options)]

    for h in sorted(sets, key=lambda h: -own_depth[h]):
        for a in range(len(tree.infoset_actions[h])):
            m = int(offsets[h]) + a
            if m in under:
                partial[m] = combine(under[m])
    plans_list = combine(under.get(-1, []))
    plans = np.full((len(plans_list), len(sets)), -1, dtype=np.int64)
    for p, plan in enumerate(plans_list):
        for h, a in plan:
            plans[p, local[h]] = a
    # consistent[p, m]: the plan makes move m and every own move before it.
    consistent = np.zeros((len(plans_list), n_moves + 1), dtype=bool)
    consistent[:, n_moves] = True
    for h in sorted(sets, key=lambda h: own_depth[h]):
        before = consistent[:, parent_move[h] if parent_move[h] >= 0 else n_moves]
        for a in range(len(tree.infoset_actions[h])):
            consistent[:, int(offsets[h]) + a] = before & (plans[:, local[h]] == a)
    return plans, consistent


def _plan_label(tree: GameTree, i: int, plan: np.ndarray) -> str:
    sets = tree.player_infosets(i)
    if not len(sets):
        return "(no move)"
    return "/".join(tree.infoset_actions[h][a] if a >= 0 else UNSPECIFIED for h, a in zip(sets, plan.tolist()))


def chance_weights(tree: GameTree, *, exact: bool | None = None) -> np.ndarray:
    """Product of chance probabilities on the path to each node (read-only, cached on the tree).

    Parameters
    ----------
    tree : GameTree
    exact : bool, optional
        Fractions (exact) or floats; default: the tree's mode. Float weights
        of an exact tree are products of its probabilities rounded to floats
        first, the numbers its float copy would give. Exact weights need an
        exact (or symbolic) tree.

    Examples
    --------
    >>> from gametheory.games.extensive import build_tree, chance, terminal
    >>> tree = build_tree(chance({"H": ("1/3", chance({"a": ("1/2", terminal(1)), "b": ("1/2", terminal(0))})),
    ...                           "T": ("2/3", terminal(2))}))
    >>> chance_weights(tree).tolist()[-2:], chance_weights(tree, exact=False).tolist()[-2:]
    ([Fraction(1, 6), Fraction(1, 6)], [0.16666666666666666, 0.16666666666666666])
    """
    if exact is None:
        exact = tree.mode != "float"
    elif exact and tree.mode == "float":
        raise ValueError("exact chance weights need an exact tree: use tree.as_exact() first")
    key = ("chance_weights", bool(exact))
    cached = tree._cache.get(key)
    if cached is not None:
        return cached
    weights = np.empty(tree.n_nodes, dtype=object if exact else float)
    weights[:] = Fraction(1) if exact else 1.0
    probs = tree.move_probabilities
    if not exact:
        probs = np.asarray(probs, dtype=float)
    is_chance_child = np.zeros(tree.n_nodes, dtype=bool)
    is_chance_child[1:] = tree.node_player[tree.parent[1:]] == CHANCE
    for start, end in tree.levels[1:]:
        here = slice(start, end)
        weights[here] = np.where(is_chance_child[here], weights[tree.parent[here]] * probs[here], weights[tree.parent[here]])
    weights.setflags(write=False)
    tree._cache[key] = weights
    return weights


def reduced_strategic_form(tree: GameTree) -> StrategicForm:
    """The reduced strategic form: one strategy per reduced plan of each player.

    Payoffs are expected over chance, exact in exact mode. Plans that differ
    only at information sets their own choices exclude are merged.

    Raises
    ------
    ValueError
        If the tree is symbolic, or the form would have more than
        :data:`MAX_PLANS` plans for a player or :data:`MAX_PROFILES` profiles.

    Examples
    --------
    >>> from gametheory.games.extensive import build_tree, decision, terminal
    >>> tree = build_tree(decision("Challenger", {
    ...     "Attack": decision("Defender", {"Defend": terminal(-1, -1), "Yield": terminal(1, 0)}),
    ...     "Refrain": decision("Challenger", {"Wait": terminal(0, 1), "Ally": terminal(0, 2)})}))
    >>> form = reduced_strategic_form(tree)
    >>> form.game.actions
    (('Attack/*', 'Refrain/Wait', 'Refrain/Ally'), ('Defend', 'Yield'))
    >>> form.game.payoffs[0].tolist()
    [[Fraction(-1, 1), Fraction(1, 1)], [Fraction(0, 1), Fraction(0, 1)], [Fraction(0, 1), Fraction(0, 1)]]
    """
    from ..normal_form import NormalFormGame

    _need_numeric(tree)
    plans, consistent = zip(*(_player_plans(tree, i) for i in range(tree.n_players)))
    shape = tuple(len(p) for p in plans)
    if math.prod(shape) > MAX_PROFILES:
        raise ValueError(f"the reduced strategic form has {math.prod(shape)} profiles (plans per player {list(shape)}), "
                         f"more than {MAX_PROFILES}")
    exact = tree.is_exact
    terminals = tree.terminals
    weights = chance_weights(tree)
    n_moves = int(tree.action_offsets[-1])
    arrays = [np.zeros(shape, dtype=object if exact else float) for _ in range(tree.n_players)]
    if exact:
        for array in arrays:
            array[...] = Fraction(0)
    lasts = [tree.last_own_move(i) for i in range(tree.n_players)]
    for z in terminals.tolist():
        w = weights[z]
        if w == 0:
            continue
        index = np.ix_(*(np.flatnonzero(consistent[i][:, lasts[i][z] if lasts[i][z] >= 0 else n_moves])
                         for i in range(tree.n_players)))
        for i in range(tree.n_players):
            value = tree.payoff_matrix[z, i]
            if value != 0:
                arrays[i][index] += w * value
    labels = [tuple(_plan_label(tree, i, plan) for plan in plans[i]) for i in range(tree.n_players)]
    game = NormalFormGame(arrays, players=tree.players, actions=labels, exact=exact, title=tree.title)
    for p in plans:
        p.setflags(write=False)
    for c in consistent:
        c.setflags(write=False)
    return StrategicForm(tree, game, tuple(plans), tuple(consistent))


def mixed_to_behavior(form: StrategicForm, strategies) -> np.ndarray:
    """Kuhn's realization-equivalent behaviour profile of a mixed profile over reduced plans.

    At an information set the player's own mixed plan reaches with
    probability 0 the behaviour is uniform (it is never used there).
    Returns the flat profile (exact when ``strategies`` are exact).

    Examples
    --------
    >>> from fractions import Fraction as F
    >>> from gametheory.games.extensive import build_tree, decision, terminal
    >>> tree = build_tree(decision("A", {"x": decision("A", {"u": terminal(1), "d": terminal(2)}), "y": terminal(0)}))
    >>> form = reduced_strategic_form(tree)
    >>> form.game.actions[0]
    ('x/u', 'x/d', 'y/*')
    >>> mixed_to_behavior(form, [[F(1, 4), F(1, 4), F(1, 2)]]).tolist()
    [Fraction(1, 2), Fraction(1, 2), Fraction(1, 2), Fraction(1, 2)]
    """
    tree = form.tree
    strategies = form.game.check_strategies(strategies)
    offsets = tree.action_offsets
    n_moves = int(offsets[-1])
    exact = all(s.dtype == object for s in strategies)
    flat = np.empty(n_moves, dtype=object if exact else float)
    nodes_of = tree._infoset_nodes()
    for i in range(tree.n_players):
        sigma = strategies[i]
        realization = sigma.dot(form.consistent[i].astype(np.int64) if not exact else form.consistent[i].astype(object))
        last = tree.last_own_move(i)
        for h in tree.player_infosets(i):
            before = realization[last[nodes_of[h][0]] if last[nodes_of[h][0]] >= 0 else n_moves]
            k = len(tree.infoset_actions[h])
            block = slice(int(offsets[h]), int(offsets[h]) + k)
            if before == 0 if exact else before <= 0:
                flat[block] = [Fraction(1, k)] * k if exact else [1.0 / k] * k
            else:
                flat[block] = realization[block] / before
    flat.setflags(write=False)
    return flat


def behavior_to_mixed(form: StrategicForm, behavior) -> tuple:
    """The mixed profile over reduced plans realization-equivalent to a behaviour profile.

    The probability of a plan is the product of the behaviour probabilities
    of its choices.
    """
    tree = form.tree
    flat = check_behavior(tree, behavior)
    offsets = tree.action_offsets
    exact = flat.dtype == object
    result = []
    for i in range(tree.n_players):
        sets = list(tree.player_infosets(i))
        plans = form.plans[i]
        probs = np.empty(len(plans), dtype=object if exact else float)
        for p, plan in enumerate(plans.tolist()):
            value = Fraction(1) if exact else 1.0
            for h, a in zip(sets, plan):
                if a >= 0:
                    value = value * flat[offsets[h] + a]
            probs[p] = value
        result.append(probs)
    return tuple(result)
