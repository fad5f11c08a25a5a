"""Sweeps of tree models: the game tree at each point, solved by the model's solution concept.

A tree model (``[tree]`` in its file) is judged by subgame perfection or by
perfect Bayesian equilibrium (:attr:`gametheory.model.Model.solution_concept`),
never by the Nash equilibria of its strategic form. At each point of the
design the tree is built at exact parameter values and solved exactly, one
row per equilibrium. Columns:

``point``, one column per parameter, ``equilibrium``
    As in normal-form sweeps.
``outcome``
    The model's named outcomes the equilibrium's play reaches with
    probability 1, in declaration order joined by ``" + "``; the tree outcome
    itself when the play ends in one outcome that no named outcome groups;
    :data:`~gametheory.study.sweep.kinds.NO_OUTCOME` when the play is spread
    over several.
``path``
    The play as text: each tree outcome reached with its probability.
``reaches:<outcome>``
    Per named outcome, whether the play reaches it with probability 1.
``payoff:<player>``, ``max_regret``
    Expected payoffs and the certificate: the largest gain from deviating in
    any subgame (SPE) or at any information set under the beliefs (PBE).
``certified``, ``n_equilibria``, ``complete``, ``concept``
    Every returned equilibrium is certified; ``complete`` is False where the
    solver says its list may miss equilibria (the notes of the result).

How a chunk is solved
---------------------
The tree's structure is the same at every point; only its payoffs and chance
probabilities move. Each model's structure is read once (from its tree at the
defaults) together with its payoff and probability formulas compiled into
exact arithmetic (:class:`TreeTemplate`); each point's tree is then built from
those arrays without sympy.

Trees of perfect information judged by subgame perfection are solved for
the whole chunk at once (:func:`batch_backward_induction`): the exact payoffs
of every point form object arrays of fractions, and backward induction is one
maximum per decision node over all points together, ties detected exactly as
the per-point solver detects them (:func:`gametheory.solvers.backward_induction.backward_induction_values`).
Where no mover is indifferent anywhere in the tree, the point's one pure SPE
is certified there and then: each player's best-response value in every
subgame is computed over the batch and the largest gain from deviating must
be exactly zero. Points with a tie (several pure SPE), with a formula that is
not rational in the parameters, or whose values the model refuses go to the
per-point solver, so the rows are the same as solving every point alone.
"""

from __future__ import annotations

import functools
import weakref
from collections.abc import Mapping
from fractions import Fraction
from typing import NamedTuple

import numpy as np

from ...model.fingerprint import model_fingerprint
from ...games.extensive.tree import CHANCE, GameTree
from ...numerics import DEFAULT_TOL, format_value, to_fraction
from ...solvers.tree_concepts import solve_tree_by_concept
from .design import design_size
from .kinds import NO_OUTCOME, _exact, _parameter_values, beyond_float_range

__all__ = ["solve_tree_model", "tree_task", "solve_tree_points", "tree_equilibria_table", "TREE_FIRST_CHUNK",
           "TreeTemplate", "tree_template", "batch_backward_induction", "BatchSolution"]

#: Points in the first chunk of a tree sweep (each point is a tree solved exactly, a few milliseconds).
TREE_FIRST_CHUNK = 32


def solve_tree_model(model, *, tol: float | None = None, **values):
    """The equilibria of a tree model at ``values`` (defaults otherwise) under its solution concept.

    Returns
    -------
    gametheory.games.extensive.equilibrium.TreeSolveResult
    """
    return solve_tree_by_concept(_tree_at(model, values), model.solution_concept, tol=tol)


def tree_task(model, *, fixed: Mapping | None = None, tol: float | None = None):
    """The chunk task and the resume specification of a tree model's sweep."""
    fixed = dict(fixed or {})
    task = functools.partial(solve_tree_points, model, fixed=fixed, tol=tol)
    spec = {
        "model": model.key,
        "kind": model.kind,
        "concept": model.solution_concept,
        "model_fingerprint": model_fingerprint(model),
        "fixed": fixed,
        "tol": tol if tol is not None else DEFAULT_TOL,
    }
    return task, spec


# ------------------------------------------------------------ the template
class _NotRational(Exception):
    """A formula step outside exact rational arithmetic: the point is built by the model's own (sympy) route."""


def _compile(expression):
    """A sympy expression as a closure over ``{name: int or Fraction}`` giving its exact value.

    Sums, products, integer powers, rational constants and parameters only:
    they are closed over the rationals, so the value is the one sympy gives
    after substituting rationals. Anything else raises :class:`_NotRational`
    at compile time.
    """
    if expression.is_Rational:
        constant = Fraction(int(expression.p), int(expression.q))
        return lambda point: constant
    if expression.is_Symbol:
        name = expression.name
        return lambda point: point[name]
    if expression.is_Add or expression.is_Mul:
        parts = [_compile(arg) for arg in expression.args]
        if expression.is_Add:
            def add(point):
                total = 0
                for part in parts:
                    total = total + part(point)
                return total
            return add

        def multiply(point):
            product = 1
            for part in parts:
                product = product * part(point)
            return product
        return multiply
    if expression.is_Pow and expression.exp.is_Integer:
        base, exponent = _compile(expression.base), int(expression.exp)

        def power(point):
            value = base(point)
            if exponent < 0 and value == 0:
                raise _NotRational  # sympy's complex infinity: the model's route names the error
            return Fraction(value) ** exponent
        return power
    name = type(expression).__name__
    if name in ("Max", "Min"):
        parts = [_compile(arg) for arg in expression.args]
        pick = max if name == "Max" else min
        return lambda point: pick(part(point) for part in parts)
    if name == "Abs":
        inner = _compile(expression.args[0])
        return lambda point: abs(inner(point))
    if name == "Piecewise":
        pieces = [(_compile(value), _compile_condition(condition)) for value, condition in expression.args]

        def piecewise(point):
            for value, condition in pieces:
                if condition(point):
                    return value(point)
            raise _NotRational  # no piece applies: sympy leaves it undefined
        return piecewise
    raise _NotRational


_RELATIONS = {
    "StrictLessThan": lambda a, b: a < b, "LessThan": lambda a, b: a <= b,
    "StrictGreaterThan": lambda a, b: a > b, "GreaterThan": lambda a, b: a >= b,
    "Equality": lambda a, b: a == b, "Unequality": lambda a, b: a != b,
}


def _compile_condition(condition):
    """A sympy condition (comparisons joined by and, or, not) as a closure giving its exact truth."""
    if condition is True or getattr(condition, "is_Boolean", False) and condition == True:  # noqa: E712 (sympy true)
        return lambda point: True
    if condition is False or getattr(condition, "is_Boolean", False) and condition == False:  # noqa: E712
        return lambda point: False
    name = type(condition).__name__
    if name in _RELATIONS:
        left, right, relation = _compile(condition.lhs), _compile(condition.rhs), _RELATIONS[name]
        return lambda point: relation(left(point), right(point))
    if name in ("And", "Or"):
        parts = [_compile_condition(arg) for arg in condition.args]
        if name == "And":
            return lambda point: all(part(point) for part in parts)
        return lambda point: any(part(point) for part in parts)
    if name == "Not":
        inner = _compile_condition(condition.args[0])
        return lambda point: not inner(point)
    raise _NotRational


class TreeTemplate:
    """A tree model's tree structure and its payoff and probability formulas compiled to exact arithmetic.

    The structure (nodes in level order, players, information sets, labels)
    comes from the model's tree at its defaults: a ``[tree]`` table fixes it,
    the parameters move only payoffs and chance probabilities. ``tree_at``
    builds the tree at checked parameter values from these arrays, and
    ``exact_values`` gives the payoffs and probabilities alone (for the
    batched solver); both return ``None`` where a formula leaves the
    rationals, where the model's own route is taken.

    Attributes
    ----------
    tree : GameTree
        The tree at the defaults (structure, labels, title).
    compiled : bool
        Whether every payoff and probability formula is rational in the
        parameters (sums, products, integer powers).
    """

    def __init__(self, model):
        spec = model.tree_spec
        tree = model.tree()
        self.tree = tree
        nodes, outcomes = spec.node_map, spec.outcome_map
        labels = tree.node_labels
        first_child = tree.first_child
        self.terminals = tree.terminals
        self.chance_children = []
        expressions = [outcomes[labels[v]] for v in self.terminals.tolist()]
        probabilities = []
        for c in np.flatnonzero(tree.node_player == CHANCE).tolist():
            moves = nodes[labels[c]].moves
            if tuple(a for a, _, _ in moves) != tree.actions_at(c):
                raise ValueError(f"chance node {labels[c]!r}: the tree's actions differ from the declaration")
            for a, (_, _, probability) in enumerate(moves):
                self.chance_children.append(int(first_child[c]) + a)
                probabilities.append(probability)
        try:
            self._payoffs = [[_compile(e) for e in row] for row in expressions]
            self._probabilities = [_compile(p) for p in probabilities]
            self.compiled = True
        except _NotRational:
            self.compiled = False
        self.n_players = tree.n_players
        self.has_chance = bool(self.chance_children)
        self._actions = {h: tree.infoset_actions[h] for h in range(tree.n_infosets)}
        self._labels = {h: tree.infoset_labels[h] for h in range(tree.n_infosets)}
        self._chance_actions = {c: tree.actions_at(c) for c in np.flatnonzero(tree.node_player == CHANCE).tolist()}

    def exact_values(self, checked: Mapping):
        """``(payoff rows of the terminals, chance-move probabilities)`` as fractions, or None (see the class)."""
        if not self.compiled:
            return None
        point = {name: to_fraction(value) for name, value in checked.items()}
        try:
            payoffs = [[Fraction(f(point)) for f in row] for row in self._payoffs]
            probabilities = [Fraction(f(point)) for f in self._probabilities]
        except (_NotRational, ZeroDivisionError, KeyError):
            return None
        return payoffs, probabilities

    def tree_at(self, checked: Mapping):
        """The model's tree at checked parameter values, from the template's arrays (None: see the class)."""
        values = self.exact_values(checked)
        if values is None:
            return None
        payoffs, probabilities = values
        tree = self.tree
        matrix = np.empty((tree.n_nodes, self.n_players), dtype=object)
        matrix[:] = Fraction(0)
        matrix[self.terminals] = np.array(payoffs, dtype=object).reshape(len(self.terminals), self.n_players)
        moves = None
        if self.has_chance:
            moves = np.empty(tree.n_nodes, dtype=object)
            moves[:] = Fraction(0)
            moves[self.chance_children] = np.array(probabilities, dtype=object)
        return GameTree.from_arrays(
            tree.parent, tree.node_player, matrix, infoset=tree.node_infoset, players=tree.players,
            actions=self._actions, infoset_labels=self._labels, probabilities=moves,
            chance_actions=self._chance_actions, node_labels=tree.node_labels, exact=None, title=tree.title,
        )


_TEMPLATES: "weakref.WeakKeyDictionary" = weakref.WeakKeyDictionary()


def tree_template(model) -> TreeTemplate | None:
    """The :class:`TreeTemplate` of a tree model, made once per model object (None where it cannot be made)."""
    try:
        return _TEMPLATES[model]
    except KeyError:
        pass
    except TypeError:  # an object that cannot be weakly referenced: no cache
        return _make_template(model)
    template = _TEMPLATES[model] = _make_template(model)
    return template


def _make_template(model):
    try:
        return TreeTemplate(model)
    except (ValueError, TypeError, KeyError, AttributeError):  # the model's own route reports the problem
        return None


def _tree_at(model, values: Mapping):
    """The model's tree at ``values``: from the template where it applies, else the model's own route."""
    template = tree_template(model)
    if template is not None:
        try:
            checked = model.values(**values)
            tree = template.tree_at(checked)
        except (ValueError, TypeError):
            tree = None
        if tree is not None:
            return tree
    return model.tree(**values)


# ------------------------------------------------------- batched solving
class BatchSolution(NamedTuple):
    """Backward induction over a batch of points of one perfect-information tree (exact).

    ``values`` (points, nodes, players), ``choice`` (points, nodes; ``-1``
    off decision nodes) and ``reach`` (points, nodes: the probability that
    play reaches each node) are object arrays of fractions. ``tied`` marks
    the points where some mover has several best children somewhere in the
    tree; ``regret`` is each point's certificate: the largest gain any player
    has from deviating in any subgame (exactly 0 for a subgame-perfect plan).
    """

    values: np.ndarray
    choice: np.ndarray
    reach: np.ndarray
    tied: np.ndarray
    regret: np.ndarray


def batch_backward_induction(tree, payoffs: np.ndarray, probabilities: np.ndarray | None = None) -> BatchSolution:
    """Backward induction on one tree structure over a batch of exact payoff vectors.

    Parameters
    ----------
    tree : GameTree
        Perfect information; only its structure is read.
    payoffs : object ndarray, shape (points, nodes, players)
        Exact payoffs (rows of terminal nodes are read).
    probabilities : object ndarray, shape (points, nodes), optional
        Chance-move probabilities per point (needed when the tree has chance nodes).

    Returns
    -------
    BatchSolution

    Notes
    -----
    At every decision node the mover takes the first child with the largest
    payoff, and the number of such children is counted exactly, as
    :func:`~gametheory.solvers.backward_induction.backward_induction_values`
    does at one point (Zermelo 1913; Kuhn 1953). Chance nodes pass up the
    expectation. The certificate is independent of the pass: under the
    chosen plan, each player's best value in every subgame (maximising at
    the player's own nodes, following the plan elsewhere) less the plan's
    value, maximised over subgames and players.

    Examples
    --------
    >>> from fractions import Fraction as F
    >>> from gametheory.games.extensive import build_tree, decision, terminal
    >>> tree = build_tree(decision("Challenger", {
    ...     "Attack": decision("Defender", {"Defend": terminal(-1, -1), "Yield": terminal(1, 0)}),
    ...     "Refrain": terminal(0, 1)}))
    >>> payoffs = np.array([tree.payoff_matrix, tree.payoff_matrix], dtype=object)
    >>> payoffs[1, 3] = [F(-1), F(1)]          # at the second point the defender prefers to fight
    >>> solution = batch_backward_induction(tree, payoffs)
    >>> solution.choice[:, :2].tolist(), solution.tied.tolist(), solution.regret.tolist()
    ([[0, 1], [1, 0]], [False, False], [Fraction(0, 1), Fraction(0, 1)])
    """
    player = tree.node_player.tolist()
    first_child = tree.first_child.tolist()
    n_children = tree.n_children.tolist()
    n_points, n, m = payoffs.shape
    if not tree.is_perfect_information:
        raise ValueError("batched backward induction needs a tree of perfect information")
    values = np.array(payoffs, dtype=object, copy=True)
    choice = np.full((n_points, n), -1, dtype=np.int64)
    tied = np.zeros(n_points, dtype=bool)
    rows = np.arange(n_points)
    zero = np.empty((n_points, m), dtype=object)
    zero[:] = Fraction(0)
    for v in range(n - 1, -1, -1):
        count = n_children[v]
        if not count:
            continue
        first, who = first_child[v], player[v]
        if who >= 0:
            own = values[:, first:first + count, who]
            best = own.max(axis=1)
            is_best = own == best[:, None]
            first_best = is_best.argmax(axis=1)
            tied |= is_best.sum(axis=1) > 1
            values[:, v] = values[rows, first + first_best]
            choice[:, v] = first_best
        else:
            expected = zero.copy()
            for c in range(first, first + count):
                expected = expected + values[:, c] * probabilities[:, c, None]
            values[:, v] = expected
    # The play's reach of each node, parents before children (level order).
    reach = np.empty((n_points, n), dtype=object)
    reach[:] = Fraction(0)
    reach[:, 0] = Fraction(1)
    for v in range(n):
        count = n_children[v]
        if not count:
            continue
        first = first_child[v]
        if player[v] >= 0:
            reach[rows, first + choice[:, v]] = reach[:, v]
        else:
            for c in range(first, first + count):
                reach[:, c] = reach[:, v] * probabilities[:, c]
    # Certificate: each player's best-response value in every subgame, against the plan.
    regret = np.empty(n_points, dtype=object)
    regret[:] = Fraction(0)
    for i in range(m):
        best = np.array(payoffs[:, :, i], dtype=object, copy=True)
        for v in range(n - 1, -1, -1):
            count = n_children[v]
            if not count:
                continue
            first, who = first_child[v], player[v]
            if who == i:
                best[:, v] = best[:, first:first + count].max(axis=1)
            elif who >= 0:
                best[:, v] = best[rows, first + choice[:, v]]
            else:
                total = np.full(n_points, Fraction(0), dtype=object)
                for c in range(first, first + count):
                    total = total + best[:, c] * probabilities[:, c]
                best[:, v] = total
        inner = np.flatnonzero(np.asarray(n_children) > 0)
        gain = (best[:, inner] - values[:, inner, i]).max(axis=1)
        regret = np.maximum(regret, gain)
    return BatchSolution(values, choice, reach, tied, regret)


# ------------------------------------------------------------------ rows
def _row(model, k: int, reached: Mapping, payoffs, regret, n_equilibria: int, complete: bool, concept: str) -> dict:
    """One tidy row (see the module notes) from an equilibrium's reached outcomes, payoffs and certificate."""
    groups = model.outcomes
    certain = {name for name, p in reached.items() if p == 1}
    reaches = {name: sum((reached.get(m, 0) for m in members), 0) == 1 for name, members in groups.items()}
    named = [name for name, hit in reaches.items() if hit]
    if named:
        outcome = " + ".join(named)
    elif certain:
        outcome = next(iter(certain))
    else:
        outcome = NO_OUTCOME
    row = {"equilibrium": k, "outcome": outcome,
           "path": "; ".join(f"{name}: {format_value(p)}" for name, p in reached.items())}
    row.update({f"reaches:{name}": hit for name, hit in reaches.items()})
    row.update({f"payoff:{player}": float(v) for player, v in zip(model.players, payoffs)})
    row.update({"max_regret": float(regret), "certified": True, "n_equilibria": n_equilibria,
                "complete": bool(complete), "concept": concept})
    return row


def _rows(model, result) -> list[dict]:
    from ...model.kinds.tree import reached_outcomes

    rows = []
    for k, equilibrium in enumerate(result.equilibria):
        regret = getattr(equilibrium, "max_subgame_regret", None)
        if regret is None:
            regret = max(equilibrium.gaps, default=0)
        rows.append(_row(model, k, reached_outcomes(equilibrium), equilibrium.payoffs, regret,
                         len(result.equilibria), result.complete, result.concept))
    return rows


def _batched_rows(model, template, points: list, checked: list) -> dict:
    """``{point: rows}`` for the points solved in one batch; points left out go to the per-point solver."""
    values = [template.exact_values(c) for c in checked]
    usable = [k for k, v in enumerate(values) if v is not None]
    if not usable:
        return {}
    tree = template.tree
    n_points, n, m = len(usable), tree.n_nodes, tree.n_players
    payoffs = np.empty((n_points, n, m), dtype=object)
    payoffs[:] = Fraction(0)
    payoffs[:, template.terminals] = np.array([values[k][0] for k in usable], dtype=object).reshape(
        n_points, len(template.terminals), m)
    probabilities = None
    if template.has_chance:
        probabilities = np.empty((n_points, n), dtype=object)
        probabilities[:] = Fraction(0)
        probabilities[:, template.chance_children] = np.array([values[k][1] for k in usable], dtype=object)
        # A chance node's probabilities must be a distribution; elsewhere the model's route reports the problem.
        valid = np.ones(n_points, dtype=bool)
        for c in np.flatnonzero(tree.node_player == CHANCE).tolist():
            block = probabilities[:, tree.first_child[c]:tree.first_child[c] + tree.n_children[c]]
            valid &= (block >= 0).all(axis=1) & (block.sum(axis=1) == 1)
        if not valid.all():
            keep = np.flatnonzero(valid)
            usable = [usable[k] for k in keep.tolist()]
            payoffs, probabilities = payoffs[keep], probabilities[keep]
            if not usable:
                return {}
    solution = batch_backward_induction(tree, payoffs, probabilities)
    labels = tree.node_labels
    terminals = template.terminals.tolist()
    out = {}
    for j, k in enumerate(usable):
        if solution.tied[j] or solution.regret[j] != 0:
            continue  # several pure SPE (or a plan the certificate refuses): the per-point solver lists them
        reached: dict = {}
        for v in terminals:
            probability = solution.reach[j, v]
            if probability:
                reached[labels[v]] = reached.get(labels[v], 0) + probability
        out[points[k]] = [_row(model, 0, reached, solution.values[j, 0].tolist(), solution.regret[j], 1, True, "spe")]
    return out


def solve_tree_points(model, part: Mapping[str, np.ndarray], *, fixed: Mapping | None = None, tol: float | None = None,
                      batch: bool = True):
    """Solve a tree model at every point of one chunk; tidy rows (see the module notes).

    Parameters
    ----------
    batch : bool
        Solve perfect-information trees judged by subgame perfection for the
        whole chunk at once (the default); ``False`` solves every point on its
        own. The rows are the same.

    Examples
    --------
    >>> import numpy as np
    >>> from gametheory.model import load_model
    >>> rows = solve_tree_points(load_model("extended_deterrence"), {"credibility": np.array([0.0, 0.5])})
    >>> rows[["credibility", "outcome", "path"]].to_string(index=False)
    ' credibility          outcome               path\\n         0.0 deterrence_fails concession_soft: 1\\n         0.5 deterrence_holds      status_quo: 1'
    """
    import pandas as pd

    fixed = dict(fixed or {})
    n_points = design_size(part)
    exact_values = []
    for point in range(n_points):
        values = {name: part[name][point] for name in part}
        values.update(fixed)
        exact_values.append((values, _exact(model, values)))
    batched: dict = {}
    template = tree_template(model) if batch else None
    if (template is not None and template.compiled and model.solution_concept == "spe"
            and template.tree.is_perfect_information):
        points, checked = [], []
        for point, (_, exact) in enumerate(exact_values):
            try:
                checked.append(model.values(**exact))
            except (ValueError, TypeError):
                continue  # the per-point route raises the model's error
            points.append(point)
        batched = _batched_rows(model, template, points, checked)
    rows: dict[str, list] = {}
    for point, (values, exact) in enumerate(exact_values):
        found = batched.get(point)
        if found is None:
            result = solve_tree_model(model, tol=tol, **exact)
            try:
                found = _rows(model, result)
            except OverflowError:
                raise beyond_float_range(model, exact) from None
        parameters = _parameter_values(model, values)
        for row in found:
            for key, value in {"point": point, **parameters, **row}.items():
                rows.setdefault(key, []).append(value)
    return pd.DataFrame(rows)


def tree_equilibria_table(model, *, tol: float | None = None):
    """The equilibria of a tree model at its default parameters, one row each, for reports."""
    import pandas as pd

    result = solve_tree_model(model, tol=tol)
    table = pd.DataFrame(_rows(model, result))
    keep = ["equilibrium", "outcome", "path"] + [f"payoff:{p}" for p in model.players] + ["max_regret", "concept"]
    return table[keep]
