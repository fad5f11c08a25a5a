"""Tree sweeps solved in batches: the same rows as solving every point alone, exactly.

The batched path (:func:`gametheory.study.sweep.trees.batch_backward_induction`)
and the tree template (structure and compiled formulas shared by every point)
are checked against the model's own route (``model.tree(**values)`` solved
by its solution concept) on every tree model's default sweep grid, against
the per-point backward-induction solver on the same points (ties and chance
nodes included), and on random trees of perfect information.
"""

from fractions import Fraction

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from gametheory.games.extensive import GameTree
from gametheory.games.extensive.tree import CHANCE, TERMINAL
from gametheory.model import list_models, load_model
from gametheory.solvers.backward_induction import backward_induction, backward_induction_values
from gametheory.study.sweep import trees
from gametheory.study.sweep.design import design_size, grid
from gametheory.study.sweep.kinds import _exact

from test_extensive_tree import random_tree

TREE_MODELS = [key for key in list_models() if getattr(load_model(key), "kind", "") == "tree"]
SPE_MODELS = [key for key in TREE_MODELS if load_model(key).solution_concept == "spe"]
PI_MODELS = [key for key in SPE_MODELS if load_model(key).tree().is_perfect_information]


def _default_grid(model):
    design = grid(model.sweep_axes)
    fixed = {name: float(value) for name, value in model.sweep_fixed.items()}
    return design, fixed


def _points(model):
    design, fixed = _default_grid(model)
    for point in range(design_size(design)):
        values = {name: design[name][point] for name in design}
        values.update(fixed)
        yield _exact(model, values)


def _same_frame(a, b):
    assert list(a.columns) == list(b.columns)
    assert (a.dtypes == b.dtypes).all()
    assert a.equals(b)


def _same_tree(a, b):
    assert a == b
    assert a.mode == b.mode == "exact"
    assert a.node_labels == b.node_labels
    assert a.infoset_labels == b.infoset_labels and a.infoset_actions == b.infoset_actions
    assert a.title == b.title and a.players == b.players
    assert [a.actions_at(int(c)) for c in np.flatnonzero(a.node_player == CHANCE)] == \
        [b.actions_at(int(c)) for c in np.flatnonzero(b.node_player == CHANCE)]
    assert all(type(x) is type(y) for x, y in zip(a.payoff_matrix.ravel(), b.payoff_matrix.ravel()))


def _reference(model, design, fixed, monkeypatch):
    """The rows of the model's own route: no template, no batch."""
    with monkeypatch.context() as patch:
        patch.setattr(trees, "tree_template", lambda model: None)
        return trees.solve_tree_points(model, design, fixed=fixed, batch=False)


def test_the_library_has_batched_tree_models():
    assert len(PI_MODELS) >= 3
    assert any(load_model(key).tree().has_chance for key in PI_MODELS)


@pytest.mark.parametrize("key", TREE_MODELS)
def test_template_tree_is_the_models_tree_at_every_grid_point(key):
    model = load_model(key)
    template = trees.tree_template(model)
    assert template is not None and template.compiled
    for values in _points(model):
        _same_tree(template.tree_at(model.values(**values)), model.tree(**values))


#: Grids where most points tie (each solved alone, three times over here): a slow check.
_TIED_GRIDS = {"alliance_formation_dynamic"}


@pytest.mark.parametrize("key", [pytest.param(k, marks=pytest.mark.slow) if k in _TIED_GRIDS else k for k in PI_MODELS])
def test_batched_sweep_equals_the_models_own_route_on_its_grid(key, monkeypatch):
    model = load_model(key)
    design, fixed = _default_grid(model)
    batched = trees.solve_tree_points(model, design, fixed=fixed)
    _same_frame(batched, _reference(model, design, fixed, monkeypatch))
    _same_frame(batched, trees.solve_tree_points(model, design, fixed=fixed, batch=False))
    assert batched["certified"].all() and (batched["max_regret"] == 0).all()


@pytest.mark.slow
@pytest.mark.parametrize("key", sorted(set(TREE_MODELS) - set(PI_MODELS)))
def test_sweep_with_the_template_equals_the_models_own_route(key, monkeypatch):
    """Trees with information sets (subgame decomposition, PBE): per point, trees built from the template."""
    model = load_model(key)
    design, fixed = _default_grid(model)
    _same_frame(trees.solve_tree_points(model, design, fixed=fixed), _reference(model, design, fixed, monkeypatch))


def test_one_tree_with_information_sets_through_the_template(monkeypatch):
    """A fast stand-in for the slow test above: the first points of a subgame-decomposition model."""
    model = load_model(next(k for k in SPE_MODELS if k not in PI_MODELS))
    design, fixed = _default_grid(model)
    design = {name: values[:12] for name, values in design.items()}
    _same_frame(trees.solve_tree_points(model, design, fixed=fixed), _reference(model, design, fixed, monkeypatch))


def _batch_inputs(model):
    template = trees.tree_template(model)
    checked = [model.values(**values) for values in _points(model)]
    values = [template.exact_values(c) for c in checked]
    tree = template.tree
    n, m = tree.n_nodes, tree.n_players
    payoffs = np.empty((len(values), n, m), dtype=object)
    payoffs[:] = Fraction(0)
    payoffs[:, template.terminals] = np.array([v[0] for v in values], dtype=object).reshape(
        len(values), len(template.terminals), m)
    probabilities = None
    if template.has_chance:
        probabilities = np.empty((len(values), n), dtype=object)
        probabilities[:] = Fraction(0)
        probabilities[:, template.chance_children] = np.array([v[1] for v in values], dtype=object)
    return template, checked, payoffs, probabilities


@pytest.mark.parametrize("key", PI_MODELS)
def test_batch_backward_induction_matches_the_per_point_solver(key):
    """Choices, values, ties and the play at every grid point, against backward induction one point at a time."""
    model = load_model(key)
    template, checked, payoffs, probabilities = _batch_inputs(model)
    solution = trees.batch_backward_induction(template.tree, payoffs, probabilities)
    decision = template.tree.node_player >= 0
    for j, values in enumerate(checked):
        tree = template.tree_at(values)
        expected_values, choice, ties = backward_induction_values(tree)
        assert solution.values[j].tolist() == expected_values.tolist()
        assert solution.choice[j][decision].tolist() == choice[decision].tolist()
        assert bool(solution.tied[j]) == bool((ties > 1).any())
        assert solution.regret[j] == 0 and isinstance(solution.regret[j], Fraction)
        if not solution.tied[j]:
            (equilibrium,) = backward_induction(tree)
            assert solution.reach[j, tree.terminals].tolist() == list(equilibrium.path)
            assert equilibrium.max_subgame_regret == solution.regret[j]


def test_grids_hold_both_tie_points_and_points_without_ties():
    """The checks above meet ties (per-point fallback) and chance nodes, not only clean points."""
    tied = clean = chance_points = 0
    for key in PI_MODELS:
        template, _, payoffs, probabilities = _batch_inputs(load_model(key))
        solution = trees.batch_backward_induction(template.tree, payoffs, probabilities)
        tied += int(solution.tied.sum())
        clean += int((~solution.tied).sum())
        if template.has_chance:
            chance_points += int((~solution.tied).sum())
    assert tied > 0 and clean > 0 and chance_points > 0


def test_rows_at_tie_points_list_every_pure_spe():
    for key in sorted(PI_MODELS, key=lambda k: k in _TIED_GRIDS):
        model = load_model(key)
        template, _, payoffs, probabilities = _batch_inputs(model)
        solution = trees.batch_backward_induction(template.tree, payoffs, probabilities)
        if solution.tied.any() and not solution.tied.all():
            break
    design, fixed = _default_grid(model)
    frame = trees.solve_tree_points(model, design, fixed=fixed)
    tied_points = np.flatnonzero(solution.tied)
    assert len(tied_points) < len(solution.tied)
    counts = frame.groupby("point")["n_equilibria"].first()
    # At a tie point the per-point solver lists several pure SPE, or one if the tie lies off every choice
    # that changes the plan; at other points exactly one.
    assert (counts.loc[np.flatnonzero(~solution.tied)] == 1).all()
    assert (counts.loc[tied_points] >= 1).all() and (counts.loc[tied_points] > 1).any()


def test_batch_refuses_imperfect_information():
    model = load_model(next(k for k in SPE_MODELS if k not in PI_MODELS))
    tree = model.tree()
    payoffs = np.array([tree.payoff_matrix], dtype=object)
    with pytest.raises(ValueError, match="perfect information"):
        trees.batch_backward_induction(tree, payoffs, np.array([tree.move_probabilities], dtype=object))


# ------------------------------------------------------------ random trees
def _restructured(tree, payoffs, probabilities):
    """The tree's structure with new exact payoffs and chance probabilities."""
    chance_actions = {int(c): tree.actions_at(int(c)) for c in np.flatnonzero(tree.node_player == CHANCE)}
    return GameTree.from_arrays(
        tree.parent, tree.node_player, payoffs, infoset=tree.node_infoset, players=tree.players,
        actions={h: tree.infoset_actions[h] for h in range(tree.n_infosets)},
        probabilities=probabilities if chance_actions else None, chance_actions=chance_actions, exact=True,
    )


@settings(max_examples=20)
@given(seed=st.integers(0, 10_000), points=st.integers(1, 4), spread=st.integers(1, 4))
def test_batch_equals_per_point_on_random_perfect_information_trees(seed, points, spread):
    """Random trees (chance nodes, small integer payoffs, so ties are common) at several payoff draws."""
    tree = random_tree(seed, depth=3 + seed % 2, imperfect=False, n_players=1 + seed % 3)
    rng = np.random.default_rng(seed)
    n, m = tree.n_nodes, tree.n_players
    terminal = tree.node_player == TERMINAL
    payoffs = np.empty((points, n, m), dtype=object)
    payoffs[:] = Fraction(0)
    probabilities = np.empty((points, n), dtype=object)
    probabilities[:] = Fraction(0)
    for j in range(points):
        draw = rng.integers(-spread, spread + 1, size=(int(terminal.sum()), m))
        payoffs[j, terminal] = np.array([[Fraction(int(x), 2) for x in row] for row in draw], dtype=object)
        for c in np.flatnonzero(tree.node_player == CHANCE).tolist():
            first, k = int(tree.first_child[c]), int(tree.n_children[c])
            weights = rng.integers(0, 3, size=k)
            weights[0] += 1  # a distribution, zero-probability moves allowed
            for a in range(k):
                probabilities[j, first + a] = Fraction(int(weights[a]), int(weights.sum()))
    solution = trees.batch_backward_induction(tree, payoffs, probabilities)
    decision = tree.node_player >= 0
    for j in range(points):
        alone = _restructured(tree, payoffs[j], probabilities[j])
        values, choice, ties = backward_induction_values(alone)
        assert solution.values[j].tolist() == values.tolist()
        assert solution.choice[j][decision].tolist() == choice[decision].tolist()
        assert bool(solution.tied[j]) == bool((ties > 1).any())
        assert solution.regret[j] == 0
        result = backward_induction(alone)
        if not solution.tied[j]:
            (equilibrium,) = result
            assert list(equilibrium.payoffs) == solution.values[j, 0].tolist()
            assert solution.reach[j, alone.terminals].tolist() == list(equilibrium.path)
        else:
            assert result.continuum


def test_compiled_formulas_refuse_irrational_steps():
    import sympy

    x = sympy.Symbol("x")
    with pytest.raises(trees._NotRational):
        trees._compile(sympy.sqrt(x))
    exact = trees._compile(sympy.Max(x / 3, 1 - x) + sympy.Piecewise((x ** 2, x > sympy.Rational(1, 2)), (-x, True)))
    assert exact({"x": Fraction(3, 4)}) == Fraction(9, 16) + Fraction(1, 4)
    assert exact({"x": Fraction(1, 4)}) == Fraction(3, 4) - Fraction(1, 4)


def test_sweep_in_small_chunks_equals_one_point_at_a_time():
    """Through the sweep runner, chunks of 16 points batched apiece: the rows of solving each point alone."""
    from gametheory.study.sweep import sweep

    model = load_model(next(k for k in PI_MODELS if load_model(k).tree().has_chance))
    design, fixed = _default_grid(model)
    frame = sweep(model, grid=model.sweep_axes, fixed=model.sweep_fixed, chunk_size=16, progress=False)
    _same_frame(frame.reset_index(drop=True), trees.solve_tree_points(model, design, fixed=fixed, batch=False))
