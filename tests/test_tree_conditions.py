"""Symbolic subgame perfection of declared trees: conditions per plan, regions and thresholds per outcome."""

from __future__ import annotations

import tomllib
from fractions import Fraction

import pytest
import sympy

from gametheory.model.tree_spec import parse_tree
from gametheory.analysis.tree_conditions import outcome_intervals, outcome_regions, spe_conditions, substitute

ENTRY = """
[tree]
players = ["Entrant", "Incumbent"]
root = "entrant"
[tree.nodes.entrant]
player = "Entrant"
actions = { Enter = "incumbent", Stay = "out" }
[tree.nodes.incumbent]
player = "Incumbent"
actions = { Fight = "war", Accommodate = "share" }
[tree.outcomes]
out = [0, "monopoly"]
war = ["-entry_cost", "-fight_cost"]
share = ["duopoly", "duopoly"]
"""
SYMBOLS = {name: sympy.Symbol(name) for name in ("monopoly", "entry_cost", "fight_cost", "duopoly")}


def entry_spec():
    return parse_tree(tomllib.loads(ENTRY)["tree"], SYMBOLS)


def test_entry_deterrence_fails_when_fighting_costs_more_than_sharing():
    """Selten's chain-store stage game: the threat to fight is not credible when -fight_cost < duopoly."""
    plans = spe_conditions(entry_spec())
    as_dict = {tuple(p.plan.values()): p for p in plans}
    enter = as_dict[("Enter", "Accommodate")]
    assert enter.path == {"share": 1}
    assert enter.holds({"monopoly": 5, "entry_cost": 1, "fight_cost": 2, "duopoly": 1})
    assert not enter.holds({"monopoly": 5, "entry_cost": 1, "fight_cost": -3, "duopoly": 1})
    stay = as_dict[("Stay", "Fight")]
    assert stay.holds({"monopoly": 5, "entry_cost": 1, "fight_cost": -3, "duopoly": 1})
    assert not stay.holds({"monopoly": 5, "entry_cost": 1, "fight_cost": 2, "duopoly": 1})


def test_regions_agree_with_the_numeric_solver_at_exact_points():
    """The symbolic regions give exactly the outcomes of the pure SPE that backward induction finds."""
    from gametheory.solvers.subgame_perfection import solve_tree

    spec = entry_spec()
    regions = outcome_regions(spec)
    for fight_cost in (Fraction(-3), Fraction(-1), Fraction(1, 2), Fraction(2)):
        values = {"monopoly": 5, "entry_cost": 1, "fight_cost": fight_cost, "duopoly": 1}
        symbolic = {name for name, region in regions.items() if bool(substitute(region, values))}
        result = solve_tree(spec.build(values), concept="spe")
        names = [name for name, _ in spec.outcomes]
        numeric = set()
        for equilibrium in result.equilibria:
            path = equilibrium.to_dict()["path"]
            reached = {name for name, p in zip(_terminal_names(spec), path) if Fraction(p) == 1}
            numeric |= reached & set(names)
        assert symbolic == numeric, fight_cost


def _terminal_names(spec):
    """Terminal outcome names in the built tree's level order."""
    tree = spec.build({"monopoly": 5, "entry_cost": 1, "fight_cost": 2, "duopoly": 1})
    return [tree.node_labels[v] for v in tree.terminals]


def test_thresholds_along_one_parameter_are_exact_intervals():
    intervals = outcome_intervals(entry_spec(), "fight_cost", {"monopoly": 5, "entry_cost": 1, "duopoly": 1},
                                  bounds=(-10, 10))
    assert intervals["share"] == sympy.Interval(-1, 10)  # fighting costs at least as much as sharing gives
    assert intervals["out"] == sympy.Interval(-10, -1)  # fighting pays the incumbent: the threat deters


def test_too_many_pure_profiles_is_refused():
    nodes = {f"n{k}": {"player": "A", "actions": {"a": "end", "b": "end2", "c": "end3"}} for k in range(10)}
    root = {"player": "B", "actions": {f"go{k}": f"n{k}" for k in range(10)}}
    table = {"players": ["A", "B"], "root": "r", "nodes": {"r": root, **nodes},
             "outcomes": {"end": [0, 0], "end2": [1, 0], "end3": [0, 1]}}
    with pytest.raises(ValueError, match="pure behaviour profiles"):
        spe_conditions(parse_tree(table, {}))
