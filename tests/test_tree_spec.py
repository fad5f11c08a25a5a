"""The [tree] table of model files: sequential games declared as data, checked on load."""

from __future__ import annotations

import tomllib
from fractions import Fraction

import pytest
import sympy

from gametheory.model.expressions import ModelError
from gametheory.model.tree_spec import MAX_TREE_NODES, parse_tree

DETERRENCE = """
[tree]
players = ["Challenger", "Defender"]
root = "nature"

[tree.nodes.nature]
chance = { Resolved = "credibility", Irresolute = "1 - credibility" }
actions = { Resolved = "challenge_resolved", Irresolute = "challenge_irresolute" }

[tree.nodes.challenge_resolved]
player = "Challenger"
information_set = "challenger"
actions = { Challenge = "defend_resolved", "Status quo" = "status_quo" }

[tree.nodes.challenge_irresolute]
player = "Challenger"
information_set = "challenger"
actions = { Challenge = "defend_irresolute", "Status quo" = "status_quo" }

[tree.nodes.defend_resolved]
player = "Defender"
actions = { Defend = "war_resolved", Concede = "concession_resolved" }

[tree.nodes.defend_irresolute]
player = "Defender"
actions = { Defend = "war_irresolute", Concede = "concession_irresolute" }

[tree.outcomes]
status_quo = ["c_sq", 0]
war_resolved = ["c_dd", -1]
concession_resolved = ["c_dc", -3]
war_irresolute = ["c_dd", -3]
concession_irresolute = ["c_dc", -1]
"""

SYMBOLS = {name: sympy.Symbol(name) for name in ("credibility", "c_sq", "c_dd", "c_dc")}


def table(text: str = DETERRENCE) -> dict:
    return tomllib.loads(text)["tree"]


def test_a_declared_tree_parses_and_builds_an_exact_tree():
    spec = parse_tree(table(), SYMBOLS)
    assert spec.players == ("Challenger", "Defender")
    assert len(spec.plays()) == 6  # status quo is reached from both challenger nodes
    tree = spec.build({"credibility": Fraction(1, 3), "c_sq": 3, "c_dd": 1, "c_dc": 4})
    assert tree.n_players == 2
    assert len(tree.infosets) == 3  # the challenger's (two nodes) and one per defender type


def _edit(old: str, new: str) -> dict:
    assert old in DETERRENCE
    return table(DETERRENCE.replace(old, new, 1))


@pytest.mark.parametrize(
    "old, new, key, fragment",
    [
        ('root = "nature"', 'root = "start"', "tree.root", "names no node"),
        ('"Status quo" = "status_quo" }', '"Status quo" = "nowhere" }', "tree.nodes.challenge_resolved.actions.Status quo",
         "neither a node nor an outcome"),
        ('player = "Defender"', 'player = "Protege"', "tree.nodes.defend_resolved.player", "not one of the tree's players"),
        ('"1 - credibility"', '"1 - credibility/2"', "tree.nodes.nature.chance", "sum to"),
        ('"1 - credibility"', '"__import__(1)"', "tree.nodes.nature.chance.Irresolute", ""),
        ('status_quo = ["c_sq", 0]', 'status_quo = ["c_sq"]', "tree.outcomes.status_quo", "one per player"),
        ('Concede = "concession_irresolute" }', 'Concede = "defend_resolved" }',
         "tree.nodes.defend_irresolute.actions.Concede", "already reached from"),
        ('actions = { Challenge = "defend_irresolute", "Status quo" = "status_quo" }',
         'actions = { Attack = "defend_irresolute", "Status quo" = "status_quo" }',
         "tree.nodes.challenge_irresolute.information_set", "their actions are the same"),
        ('player = "Challenger"\ninformation_set = "challenger"\nactions = { Challenge = "defend_resolved"',
         'player = "Defender"\ninformation_set = "challenger"\nactions = { Challenge = "defend_resolved"',
         "tree.nodes.challenge_irresolute.information_set", "one player moves in an information set"),
        ('[tree.nodes.defend_irresolute]', '[tree.nodes.orphan]\nplayer = "Defender"\nactions = { X = "status_quo" }\n\n'
         '[tree.nodes.defend_irresolute]', "tree.nodes", "cannot be reached from the root"),
        ('chance = { Resolved = "credibility", Irresolute = "1 - credibility" }',
         'chance = { Irresolute = "1 - credibility", Resolved = "credibility" }', "tree.nodes.nature.chance",
         "in the actions' order"),
        ('[tree.nodes.nature]', '[tree.nodes.nature]\nplayer = "Challenger"', "tree.nodes.nature", "not both"),
    ],
)
def test_malformed_trees_are_refused_with_the_key_path(old, new, key, fragment):
    with pytest.raises(ModelError) as info:
        parse_tree(_edit(old, new), SYMBOLS)
    assert info.value.key == key
    assert fragment in str(info.value)


def test_the_size_of_a_declared_tree_is_bounded():
    depth = MAX_TREE_NODES // 2 + 10
    nodes = {f"n{k}": {"player": "A", "actions": {"stop": "end", "go": f"n{k + 1}" if k + 1 < depth else "end"}}
             for k in range(depth)}
    with pytest.raises(ModelError, match="more than 20000 nodes"):
        parse_tree({"players": ["A"], "root": "n0", "nodes": nodes, "outcomes": {"end": [0]}}, {})


def test_a_deep_chain_parses_and_builds_without_recursion():
    depth = 5000
    nodes = {f"n{k}": {"player": "A" if k % 2 else "B",
                       "actions": {"stop": "end", "go": f"n{k + 1}" if k + 1 < depth else "end"}}
             for k in range(depth)}
    spec = parse_tree({"players": ["A", "B"], "root": "n0", "nodes": nodes, "outcomes": {"end": [1, 0]}}, {})
    assert spec.build({}).n_nodes == 2 * depth + 1
