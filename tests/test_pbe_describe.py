"""PBE text output on deep trees: information sets named briefly, so the text stays linear in the tree."""

from __future__ import annotations

from gametheory.games.extensive import build_tree, chance, decision, terminal
from gametheory.solvers.perfect_bayesian import perfect_bayesian_equilibria


def deep_tree(depth: int):
    """Nature lets play continue ``depth`` times before player A and then B move (unlabelled sets)."""
    node = decision("A", {"x": decision("B", {"l": terminal(1, 0), "r": terminal(0, 1)}), "y": terminal(0, 0)})
    for _ in range(depth):
        node = chance({"continue": ("1/2", node), "end": ("1/2", terminal(0, 0))})
    return build_tree(node)


def test_describe_names_deep_information_sets_briefly():
    tree = deep_tree(60)
    result = perfect_bayesian_equilibria(tree)
    assert len(result) == 2
    text = result[0].describe()
    assert "(after ..., continue, continue, continue (depth 60))" in text
    assert "(after ..., continue, continue, x (depth 61))" in text
    assert max(len(line) for line in text.splitlines()) < 120  # the full path would be 600 characters
    for e in result:
        assert all(g == 0 for g in e.gaps)


def test_describe_text_does_not_grow_with_depth():
    short, long = (len(perfect_bayesian_equilibria(deep_tree(d))[0].describe()) for d in (20, 80))
    assert long == short  # names are bounded: the text does not grow with the depth at all here

