"""The flat arrays that describe a game tree: their encoding, checks and conversions.

A :class:`~gametheory.games.extensive.tree.GameTree` keeps its nodes in level
order in flat numpy arrays (see :mod:`gametheory.games.extensive.tree`). This
module holds what those arrays mean and how input becomes them: the codes of
chance and terminal nodes, the validation of the arrays given to
:meth:`GameTree.from_arrays <gametheory.games.extensive.tree.GameTree.from_arrays>`
(level order, players, information sets, action labels), the conversion of
payoffs and chance probabilities to one mode (float, exact or symbolic), and
the small vectorised helpers the tree's queries share. It knows nothing of the
tree type itself, so every module of the package can use it.

Examples
--------
>>> checked = validate_arrays([-1, 0, 0, 1, 1], [0, 1, -2, -2, -2], [[1, 1], [0, 3], [2, 0]])
>>> checked.n_children.tolist(), checked.players, checked.infoset_actions
([2, 2, 0, 0, 0], ('Player 1', 'Player 2'), (('1', '2'), ('1', '2')))
"""

from __future__ import annotations

import math
import numbers
from collections import Counter
from collections.abc import Mapping, Sequence
from fractions import Fraction
from typing import NamedTuple

import numpy as np

from ...numerics import is_exact_scalar, to_fraction

__all__ = ["CHANCE", "TERMINAL", "default_actions", "validate_arrays", "ValidatedArrays", "tree_values"]


#: ``node_player`` value of chance nodes.
CHANCE = -1
#: ``node_player`` value of terminal nodes.
TERMINAL = -2

_DEFAULT_ACTIONS: dict[int, tuple[str, ...]] = {}


def default_actions(k: int) -> tuple[str, ...]:
    """Labels ``"1", ..., "k"`` (Gambit's default action names), shared per ``k``."""
    labels = _DEFAULT_ACTIONS.get(k)
    if labels is None:
        labels = _DEFAULT_ACTIONS[k] = tuple(str(a + 1) for a in range(k))
    return labels


class ValidatedArrays(NamedTuple):
    """The checked arrays of a tree in level order (see :func:`validate_arrays`)."""

    parent: np.ndarray
    n_children: np.ndarray
    player: np.ndarray
    node_infoset: np.ndarray
    payoffs: np.ndarray
    players: tuple
    infoset_player: np.ndarray
    infoset_actions: tuple
    infoset_labels: tuple


def validate_arrays(
    parent,
    player,
    payoffs,
    *,
    infoset=None,
    players: Sequence[str] | None = None,
    actions=None,
    infoset_labels=None,
) -> ValidatedArrays:
    """Check the flat arrays of a tree and number its information sets.

    The arguments are those of :meth:`GameTree.from_arrays
    <gametheory.games.extensive.tree.GameTree.from_arrays>`, which documents
    them. Information sets get their canonical indices (grouped by player,
    then by id), payoffs of terminal nodes only are spread to one row per
    node, and missing action labels default to ``"1"``, ``"2"``, ...

    Raises
    ------
    ValueError, TypeError
        If the arrays do not describe a tree in level order, or the players,
        information sets or action labels are inconsistent; the message names
        the node or information set.
    """
    parent = _int_array(parent, "parent")
    n = len(parent)
    if n == 0:
        raise ValueError("a game tree needs at least one node (the root)")
    if parent[0] != -1:
        raise ValueError(f"parent[0] must be -1 (node 0 is the root), got {parent[0]}")
    if n > 1:
        rest = parent[1:]
        if rest.min() < 0:
            bad = 1 + int(np.argmax(rest < 0))
            raise ValueError(f"node {bad} has parent {parent[bad]}: only the root (node 0) has no parent")
        if np.any(rest >= np.arange(1, n)):
            bad = 1 + int(np.argmax(rest >= np.arange(1, n)))
            raise ValueError(f"node {bad} has parent {parent[bad]}: nodes must come after their parents (level order)")
        if np.any(np.diff(rest) < 0):
            bad = 2 + int(np.argmax(np.diff(rest) < 0))
            raise ValueError(
                f"node {bad} has parent {parent[bad]} after a node with parent {parent[bad - 1]}: "
                "nodes must be in level order (parents non-decreasing, children of a node consecutive)"
            )
    n_children = np.bincount(parent[1:], minlength=n).astype(np.int64) if n > 1 else np.zeros(1, np.int64)
    player = _int_array(player, "player")
    if len(player) != n:
        raise ValueError(f"player has {len(player)} entries, expected one per node ({n})")
    if player.min() < TERMINAL:
        bad = int(np.argmax(player < TERMINAL))
        raise ValueError(f"player[{bad}] is {player[bad]}: expected a player index, -1 (chance) or -2 (terminal)")
    leaf = n_children == 0
    mismatch = leaf != (player == TERMINAL)
    if mismatch.any():
        bad = int(np.argmax(mismatch))
        if leaf[bad]:
            raise ValueError(f"node {bad} has no children but is not marked terminal (player {player[bad]})")
        raise ValueError(f"node {bad} is marked terminal but has {n_children[bad]} children")
    n_players = int(player.max()) + 1 if player.max() >= 0 else 0
    payoffs = np.asarray(payoffs, dtype=object if not isinstance(payoffs, np.ndarray) else None)
    if payoffs.ndim != 2:
        raise ValueError(f"payoffs must have shape (nodes, players) or (terminal nodes, players), got {payoffs.shape}")
    if players is None:
        n_players = max(n_players, payoffs.shape[1])
        players = tuple(f"Player {i + 1}" for i in range(n_players))
    players = _player_names(players)
    if n_players > len(players):
        raise ValueError(f"player indices go up to {n_players - 1} but only {len(players)} players are named")
    n_players = len(players)
    terminals = np.flatnonzero(leaf)
    if payoffs.shape[1] != n_players:
        raise ValueError(f"payoffs have {payoffs.shape[1]} columns, expected one per player ({n_players})")
    if payoffs.shape[0] == len(terminals) and payoffs.shape[0] != n:
        full = np.zeros((n, n_players), dtype=payoffs.dtype if payoffs.dtype != object else object)
        if payoffs.dtype == object:
            full[:] = 0
        full[terminals] = payoffs
        payoffs = full
    elif payoffs.shape[0] != n:
        raise ValueError(
            f"payoffs have {payoffs.shape[0]} rows, expected one per node ({n}) or per terminal node ({len(terminals)})"
        )

    decision = player >= 0
    if infoset is None:
        ids = np.where(decision, np.arange(n), -1)
    else:
        ids = _int_array(infoset, "infoset")
        if len(ids) != n:
            raise ValueError(f"infoset has {len(ids)} entries, expected one per node ({n})")
        if np.any(ids[decision] < 0):
            bad = int(np.flatnonzero(decision & (ids < 0))[0])
            raise ValueError(f"decision node {bad} has information set {ids[bad]}: expected a non-negative id")
    # Canonical information-set indices: grouped by player, then by id.
    dec_nodes = np.flatnonzero(decision)
    if infoset is None:
        # Perfect information: one set per decision node, grouped by player, then by node.
        order = np.argsort(player[dec_nodes], kind="stable")
        unique_keys = np.stack([player[dec_nodes][order], dec_nodes[order]])
        inverse = np.empty(len(dec_nodes), dtype=np.int64)
        inverse[order] = np.arange(len(dec_nodes))
    elif len(dec_nodes):
        movers, set_ids = player[dec_nodes], ids[dec_nodes]
        low, high = int(set_ids.min()), int(set_ids.max())
        if (high - low + 1) * (int(movers.max()) + 1) < 2**62:
            # One integer per (player, id), in the same order: a flat sort, much faster than unique rows.
            span = high - low + 1
            unique_flat, inverse = np.unique(movers * span + (set_ids - low), return_inverse=True)
            unique_keys = np.stack([unique_flat // span, unique_flat % span + low])
        else:
            unique_keys, inverse = np.unique(np.stack([movers, set_ids]), axis=1, return_inverse=True)
        inverse = inverse.ravel()
    else:
        unique_keys, inverse = np.zeros((2, 0), np.int64), np.zeros(0, np.int64)
    # One id must belong to one player.
    if infoset is not None and unique_keys.shape[1] and len(np.unique(unique_keys[1])) != unique_keys.shape[1]:
        values, counts = np.unique(unique_keys[1], return_counts=True)
        bad = int(values[np.argmax(counts > 1)])
        owners = sorted({players[int(p)] for p in unique_keys[0][unique_keys[1] == bad]})
        raise ValueError(f"information set {bad} holds nodes of several players: {owners}")
    node_infoset = np.full(n, -1, dtype=np.int64)
    node_infoset[dec_nodes] = inverse
    infoset_player = unique_keys[0].astype(np.int64)
    infoset_ids = unique_keys[1]

    def per_id(values, what):
        if values is None:
            return None
        if isinstance(values, Mapping):
            return values
        values = list(values)
        return {k: v for k, v in enumerate(values)}

    given_actions = per_id(actions, "actions")
    given_labels = per_id(infoset_labels, "infoset_labels")
    # Number of children must agree within an information set.
    k_children = n_children[dec_nodes]
    k_min = np.full(len(infoset_ids), np.iinfo(np.int64).max)
    k_max = np.zeros(len(infoset_ids), np.int64)
    np.minimum.at(k_min, inverse, k_children)
    np.maximum.at(k_max, inverse, k_children)
    if np.any(k_min != k_max):
        h = int(np.argmax(k_min != k_max))
        raise ValueError(
            f"information set {int(infoset_ids[h])} of player {players[infoset_player[h]]!r} has nodes with "
            f"different numbers of actions ({int(k_min[h])} and {int(k_max[h])})"
        )
    if given_actions is None and given_labels is None:
        infoset_actions = [default_actions(k) for k in k_min.tolist()]
        labels = ("",) * len(infoset_ids)
    else:
        infoset_actions, labels = [], []
        checked: dict = {}  # tuples of labels already checked (many sets share one in large trees)
        for key, k in zip(infoset_ids.tolist(), k_min.tolist()):
            if given_actions is not None and key in given_actions:
                given = given_actions[key]
                try:
                    acts = checked.get(given) if type(given) is tuple else None
                except TypeError:  # an unhashable label: _action_labels names it
                    acts = None
                if acts is None:
                    acts = _action_labels(given, f"actions of information set {key}")
                    checked[acts] = acts  # strings only, once checked
                if len(acts) != k:
                    raise ValueError(f"information set {key} has {len(acts)} action labels, but its nodes have {k} children")
            else:
                acts = default_actions(k)
            infoset_actions.append(acts)
            label = "" if given_labels is None else given_labels.get(key, "")
            if not isinstance(label, str):
                raise TypeError(f"the name of information set {key} must be a str, got {label!r}")
            labels.append(label)
    return ValidatedArrays(
        parent, n_children, player, node_infoset, payoffs, players, infoset_player,
        tuple(infoset_actions), tuple(labels),
    )


def tree_values(parent, first_child, n_children, player, payoffs, probabilities, players, node_labels, exact):
    """The tree's mode and its payoffs and chance probabilities, checked and converted to that mode.

    The mode is ``"symbolic"`` when some payoff holds a sympy parameter,
    ``"exact"`` when ``exact`` is true or (``exact`` being ``None``) every
    payoff and probability is an int or a fraction, ``"float"`` otherwise.

    Returns
    -------
    mode : str
    payoffs : ndarray, shape (n, n_players)
        Read-only; zero rows at non-terminal nodes.
    probabilities : ndarray, shape (n,)
        Read-only; the probability of the move into each child of a chance node, 0 elsewhere.

    Raises
    ------
    ValueError, TypeError
        If a payoff is not a finite number (or a sympy expression), the
        chance probabilities are missing, negative or do not sum to 1.
    """
    n = len(parent)
    chance_nodes = np.flatnonzero(player == CHANCE)

    # Payoffs and probabilities: decide the mode, then convert.
    terminals = np.flatnonzero(player == TERMINAL)
    payoffs = np.asarray(payoffs)
    if payoffs.shape != (n, len(players)):
        raise ValueError(f"payoff matrix has shape {payoffs.shape}, expected {(n, len(players))}")
    if len(chance_nodes):
        if probabilities is None:
            raise ValueError(f"the tree has chance nodes ({len(chance_nodes)}) but no probabilities were given")
        probabilities = np.asarray(probabilities, dtype=object if not isinstance(probabilities, np.ndarray) else None)
        if probabilities.shape != (n,):
            raise ValueError(f"probabilities must have one entry per node ({n}), got shape {probabilities.shape}")
    chance_children = (
        np.flatnonzero(np.isin(parent, chance_nodes)) if len(chance_nodes) else np.zeros(0, np.int64)
    )
    symbolic = False
    all_fractions = False  # every terminal payoff a Fraction already: kept as it is
    if payoffs.dtype == object:
        sample = payoffs[terminals].ravel()
        # The types seen decide for most trees in one pass over C-level calls (trees of a million nodes).
        kinds = set(map(type, sample.tolist()))
        all_fractions = kinds <= {Fraction}
        if kinds <= {Fraction, int}:
            all_exact = True
        else:
            symbolic = any(_is_sympy(v) and not getattr(v, "is_number", False) for v in sample)
            all_exact = all(is_exact_scalar(v) or (_is_sympy(v) and getattr(v, "is_Rational", False)) for v in sample)
    else:
        all_exact = payoffs.dtype.kind in "iu"
    if len(chance_children):
        probs_given = probabilities[chance_children]
        if probs_given.dtype == object:
            all_exact = all_exact and all(is_exact_scalar(p) or isinstance(p, str) for p in probs_given)
        else:
            all_exact = all_exact and probs_given.dtype.kind in "iu"
    if symbolic:
        if exact is False:
            raise ValueError("payoffs contain symbolic parameters: substitute values before asking for float payoffs")
        mode = "symbolic"
    else:
        mode = "exact" if (exact if exact is not None else all_exact) else "float"
    
    def where(v, i):
        label = f" ({node_labels[v]!r})" if node_labels is not None and node_labels[v] else ""
        return f"payoff of player {players[i]!r} at terminal node {v}{label}"

    if mode == "float":
        if payoffs.dtype == object:
            values = np.zeros((n, len(players)))
            for v in terminals.tolist():
                for i in range(len(players)):
                    values[v, i] = _float(payoffs[v, i], where(v, i))
        else:
            if payoffs.dtype.kind not in "iuf":
                raise TypeError(f"payoffs must be numbers, got dtype {payoffs.dtype}")
            values = np.zeros((n, len(players)))
            values[terminals] = payoffs[terminals]
        bad = ~np.isfinite(values)
        if bad.any():
            v, i = (int(x) for x in np.argwhere(bad)[0])
            raise ValueError(f"{where(v, i)} is {values[v, i]}, expected a finite number")
    elif all_fractions:
        values = np.empty((n, len(players)), dtype=object)
        values[:] = Fraction(0)
        values[terminals] = payoffs[terminals]
    else:
        values = np.empty((n, len(players)), dtype=object)
        values[:] = Fraction(0)
        for v in terminals.tolist():
            for i in range(len(players)):
                value = payoffs[v, i]
                if mode == "symbolic" and _is_sympy(value) and not getattr(value, "is_Rational", False):
                    if getattr(value, "is_number", False):
                        value = _float(value, where(v, i)) if not value.is_real else value
                    values[v, i] = value
                else:
                    values[v, i] = to_fraction(value, what=where(v, i)) if not isinstance(value, np.generic) \
                        else to_fraction(value.item(), what=where(v, i))
    values = _readonly(values)

    # Chance probabilities, validated per chance node.
    if len(chance_nodes):
        exact_probs = mode != "float"
        probs = np.zeros(n, dtype=object if exact_probs else float)
        for v in chance_children.tolist():
            what = f"probability of the move to node {v} at chance node {int(parent[v])}"
            p = probabilities[v]
            if isinstance(p, np.generic):
                p = p.item()
            if exact_probs:
                p = to_fraction(p, what=what)
            else:
                p = _float(p, what)
            if p < 0:
                raise ValueError(f"{what} is {p}, expected a non-negative number")
            probs[v] = p
        starts_c = first_child[chance_nodes]
        for c, start in zip(chance_nodes.tolist(), starts_c.tolist()):
            total = sum(probs[start:start + int(n_children[c])].tolist())
            if exact_probs:
                if total != 1:
                    raise ValueError(f"probabilities at chance node {c} sum to {total}, expected 1")
            elif abs(total - 1) > 1e-9 * int(n_children[c]):
                raise ValueError(f"probabilities at chance node {c} sum to {total!r}, expected 1")
        probs = _readonly(probs)
    else:
        probs = _readonly(np.zeros(n, dtype=object if mode != "float" else float))
    return mode, values, probs


# ------------------------------------------------------------------ helpers
def _readonly(array: np.ndarray) -> np.ndarray:
    array.setflags(write=False)
    return array


def _is_sympy(value) -> bool:
    return type(value).__module__.startswith("sympy")


def _ranges(counts: np.ndarray) -> np.ndarray:
    """``[0..c0-1, 0..c1-1, ...]`` for the given counts."""
    total = int(counts.sum())
    if total == 0:
        return np.zeros(0, dtype=np.int64)
    starts = np.cumsum(counts) - counts
    return np.arange(total, dtype=np.int64) - np.repeat(starts, counts)


def _group_sum(values: np.ndarray, starts: np.ndarray, counts: np.ndarray) -> np.ndarray:
    """Sums of ``values[s:s+c]`` over groups that are non-empty and consecutive.

    The children of the non-terminal nodes of one level are such groups:
    level order puts them one after the other.
    """
    base = int(starts[0])
    end = int(starts[-1] + counts[-1])
    return np.add.reduceat(values[base:end], starts - base)


def _int_array(values, what: str) -> np.ndarray:
    array = np.asarray(values)
    if array.ndim != 1:
        raise ValueError(f"{what} must be a one-dimensional array, got shape {array.shape}")
    if array.dtype.kind not in "iu":
        if array.dtype.kind == "f" and array.size and np.all(np.isfinite(array)) and np.all(array == np.round(array)):
            array = array.astype(np.int64)
        elif array.dtype == object and all(isinstance(v, numbers.Integral) and not isinstance(v, bool) for v in array):
            array = array.astype(np.int64)
        elif array.size == 0:
            array = array.astype(np.int64)
        else:
            raise TypeError(f"{what} must hold integers, got dtype {array.dtype}")
    return array.astype(np.int64, copy=False)


def _player_names(players) -> tuple[str, ...]:
    if isinstance(players, str) or not isinstance(players, Sequence):
        raise TypeError(f"players must be a sequence of names, got {players!r}")
    players = tuple(players)
    for name in players:
        if not isinstance(name, str) or not name.strip():
            raise ValueError(f"player names must be non-empty strings, got {name!r}")
    duplicates = _duplicates(players)
    if duplicates:
        raise ValueError(f"duplicate player names: {duplicates}")
    return players


def _duplicates(names: tuple) -> list:
    """The names that occur more than once, sorted (one pass: nodes with a million actions are read)."""
    if len(set(names)) == len(names):
        return []
    counts = Counter(names)
    return sorted(name for name, count in counts.items() if count > 1)


def _action_labels(labels, what: str) -> tuple[str, ...]:
    if isinstance(labels, str) or not isinstance(labels, Sequence):
        raise TypeError(f"{what} must be a sequence of labels, got {labels!r}")
    labels = tuple(labels)
    if not labels:
        raise ValueError(f"{what} is empty: a node needs at least one action")
    for label in labels:
        if not isinstance(label, str) or not label.strip():
            raise ValueError(f"{what} must be non-empty strings, got {label!r}")
    duplicates = _duplicates(labels)
    if duplicates:
        raise ValueError(f"{what} has duplicate labels: {duplicates}")
    return labels


def _float(value, what: str) -> float:
    if isinstance(value, (bool, np.bool_)):
        raise TypeError(f"{what} must be a number, got the boolean {value!r}")
    try:
        result = float(value)
    except (TypeError, ValueError):
        raise TypeError(f"{what} is not a number: {value!r}") from None
    except OverflowError:
        raise ValueError(f"{what} is too large for floating point") from None
    if not math.isfinite(result):
        raise ValueError(f"{what} is {result}, expected a finite number")
    return result
