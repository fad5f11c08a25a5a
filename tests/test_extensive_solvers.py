"""Solving game trees: backward induction, subgame decomposition, Nash through the strategic form.

Textbook trees are pinned exactly; random trees check the certificates and
compare backward induction with a brute-force search over pure profiles and
with the subgame decomposition; rendering and the step-by-step explanation
are checked on the same trees.
"""

import itertools
import json
import time
from fractions import Fraction

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from gametheory.equilibrium import NotAnEquilibriumError
from gametheory.games.extensive import (
    GameTree,
    build_tree,
    certify_tree,
    chance,
    decision,
    explain_backward_induction,
    pure_behavior,
    subgame_roots,
    terminal,
    tree_figure,
    tree_text,
    tree_tikz,
)
from gametheory.solvers.backward_induction import backward_induction
from gametheory.solvers.subgame_perfection import solve_tree, subgame_perfect_equilibria

from test_extensive_tree import entry_game, random_tree


def chain_store(markets=2):
    """Selten (1978): entrants arrive one by one; the monopolist fights or shares."""
    players = ["Monopolist"] + [f"Entrant {k + 1}" for k in range(markets)]

    def stage(k, totals):
        if k == markets:
            return terminal(*totals)

        def add(monopolist, entrant):
            new = list(totals)
            new[0] += monopolist
            new[k + 1] += entrant
            return new

        return decision(players[k + 1], {
            "In": decision("Monopolist", {"Fight": stage(k + 1, add(0, 0)), "Share": stage(k + 1, add(2, 2))}),
            "Out": stage(k + 1, add(5, 1)),
        })

    return build_tree(stage(0, [0] * (markets + 1)), players=players, title="Chain store")


def centipede(stages=6):
    """Rosenthal (1981): the pot grows; taking at stage k gives the taker k + 2 and the other k."""
    node = terminal(stages + 2, stages) if stages % 2 == 0 else terminal(stages, stages + 2)
    for k in reversed(range(stages)):
        mover = "1" if k % 2 == 0 else "2"
        take = terminal(k + 2, k) if mover == "1" else terminal(k, k + 2)
        node = decision(mover, {"Take": take, "Pass": node})
    return build_tree(node, players=["1", "2"], title="Centipede")


def selten_horse():
    """Selten (1975), Figure 1: no proper subgame, so every Nash equilibrium is subgame perfect."""
    return build_tree(decision("1", {
        "R": decision("2", {"R": terminal(1, 1, 1),
                            "L": decision("3", {"R": terminal(4, 4, 0), "L": terminal(0, 0, 1)}, infoset="3")}),
        "L": decision("3", {"R": terminal(3, 2, 2), "L": terminal(0, 0, 0)}, infoset="3")}),
        players=["1", "2", "3"], title="Selten's horse")


# --------------------------------------------------------------- pinned
def test_entry_deterrence_spe_and_nash():
    tree = entry_game()
    spe = solve_tree(tree)
    assert spe.method == "backward_induction" and spe.complete and not spe.continuum
    assert [e.choices() for e in spe] == [{("Challenger", 1): "Attack", ("Defender", 1): "Yield"}]
    (e,) = spe.equilibria
    assert e.payoffs == (1, 0) and e.regrets == (0, 0)
    assert e.path.tolist() == [0, 1, 0]
    assert e.subgame_regrets.tolist() == [[0, 0], [0, 0]]
    nash = solve_tree(tree, "nash")
    assert [e.to_dict()["behavior"] for e in nash] == [
        [[["1", "0"]], [["0", "1"]]], [[["0", "1"]], [["1", "0"]]], [[["0", "1"]], [["1/2", "1/2"]]]]
    # The threat is a Nash equilibrium but not subgame perfect.
    with pytest.raises(NotAnEquilibriumError, match="Defender' gains 1 by deviating in the subgame after Attack"):
        certify_tree(tree, nash[1].behavior, concept="spe")


def test_chain_store_paradox():
    tree = chain_store(3)
    result = solve_tree(tree)
    assert len(result) == 1 and result.complete
    (e,) = result.equilibria
    assert e.payoffs == (6, 2, 2, 2)  # every entrant enters and the monopolist shares every time
    choices = e.choices()
    assert all(v == "In" for (player, _), v in choices.items() if player.startswith("Entrant"))
    assert all(v == "Share" for (player, _), v in choices.items() if player == "Monopolist")
    assert e.max_subgame_regret == 0


def test_centipede_unravels():
    tree = centipede(6)
    (e,) = solve_tree(tree).equilibria
    assert set(e.choices().values()) == {"Take"}
    assert e.payoffs == (2, 0)
    assert e.path.tolist()[0] == 1
    text = explain_backward_induction(tree)
    assert text.count("chooses Take") == 6
    assert "Path of play: Take. Payoffs (2, 0)." in text


def test_selten_horse_has_no_proper_subgame():
    tree = selten_horse()
    assert subgame_roots(tree).tolist() == [0]
    spe = solve_tree(tree)
    assert spe.method == "subgame_decomposition"
    payoffs = {tuple(e.payoffs) for e in spe}
    assert payoffs == {(1, 1, 1), (3, 2, 2)}
    for e in spe:
        assert e.is_exact and e.regrets == (0, 0, 0)


def test_subgame_decomposition_discards_the_incredible_threat():
    # The entrant, once in, plays a simultaneous-move game with the incumbent.
    tree = build_tree(decision("Entrant", {
        "Out": terminal(0, 2),
        "In": decision("Entrant", {
            "Fight": decision("Incumbent", {"Fight": terminal(-2, -1), "Accommodate": terminal(-3, 1)}, infoset="i"),
            "Accommodate": decision("Incumbent", {"Fight": terminal(-1, -2), "Accommodate": terminal(3, 1)},
                                    infoset="i")})}))
    spe = solve_tree(tree)
    assert [e.payoffs for e in spe] == [(3, 1)]
    nash_payoffs = {e.payoffs for e in solve_tree(tree, "nash")}
    assert (0, 2) in nash_payoffs  # staying out against the threat is Nash, not subgame perfect


def test_mixed_subgame_equilibrium_is_combined_exactly():
    # Matching pennies after entry: the subgame's only equilibrium is mixed, worth 0 to the entrant.
    tree = build_tree(decision("A", {
        "Out": terminal(Fraction(-1, 2), 0),
        "In": decision("A", {"H": decision("B", {"h": terminal(1, -1), "t": terminal(-1, 1)}, infoset="b"),
                             "T": decision("B", {"h": terminal(-1, 1), "t": terminal(1, -1)}, infoset="b")})}))
    (e,) = solve_tree(tree).equilibria
    assert e.nested == (((0, 1), (Fraction(1, 2), Fraction(1, 2))), ((Fraction(1, 2), Fraction(1, 2)),))
    assert e.payoffs == (0, 0)
    assert e.subgame_regrets.tolist() == [[0, 0], [0, 0]]


def test_ties_give_every_pure_spe_and_flag_mixing():
    tree = build_tree(decision("A", {"L": decision("B", {"l": terminal(1, 1), "r": terminal(2, 1)}),
                                     "R": terminal(1, 0)}))
    result = backward_induction(tree)
    assert result.complete and result.continuum
    got = sorted(tuple(sorted(e.choices().items())) for e in result)
    assert got == sorted([
        ((("A", 1), "L"), (("B", 1), "l")),
        ((("A", 1), "R"), (("B", 1), "l")),
        ((("A", 1), "L"), (("B", 1), "r")),
    ])
    assert "indifferent" in explain_backward_induction(tree)


def test_backward_induction_refuses_imperfect_information():
    with pytest.raises(ValueError, match="perfect information"):
        backward_induction(selten_horse())
    with pytest.raises(ValueError, match="unknown solution concept"):
        solve_tree(entry_game(), "trembling")


def test_float_trees_and_exact_switch():
    tree = entry_game().as_float()
    (e,) = solve_tree(tree).equilibria
    assert not e.is_exact and e.payoffs == (1.0, 0.0)
    (exact,) = solve_tree(tree, exact=True).equilibria
    assert exact.is_exact and exact.payoffs == (1, 0)


def test_result_json_shape():
    tree = build_tree(chance({"Strong": ("1/3", decision("S", {"x": terminal(1, 0), "y": terminal(0, 1)}, infoset="s")),
                              "Weak": ("2/3", decision("S", {"x": terminal(0, 1), "y": terminal(2, 0)}, infoset="w"))}),
                      players=["S", "R"])
    data = solve_tree(tree).to_dict()
    json.dumps(data)
    assert data["concept"] == "spe"
    (e,) = data["equilibria"]
    assert e["behavior"] == [[["1", "0"], ["0", "1"]], []]
    assert e["payoffs"] == ["5/3", "0"]
    assert e["path"] == ["1/3", "0", "0", "2/3"]


# ------------------------------------------------------------ properties
def _brute_force_pure_spe(tree):
    options = [range(len(a)) for a in tree.infoset_actions]
    found = set()
    for combo in itertools.product(*options):
        try:
            certify_tree(tree, pure_behavior(tree, combo), concept="spe")
        except NotAnEquilibriumError:
            continue
        found.add(combo)
    return found


def _choices(e):
    offsets = e.tree.action_offsets
    return tuple(int(np.flatnonzero([p == 1 for p in e.behavior[offsets[h]:offsets[h + 1]]])[0])
                 for h in range(e.tree.n_infosets))


@pytest.mark.parametrize("seed", range(25))
def test_backward_induction_finds_exactly_the_pure_spe(seed):
    tree = random_tree(seed, depth=4 if seed % 2 else 3, imperfect=False, values=range(0, 3))
    if np.prod([len(a) for a in tree.infoset_actions]) > 1500:
        pytest.skip("too many pure profiles for the brute-force reference")
    result = backward_induction(tree)
    assert result.complete
    assert {_choices(e) for e in result} == _brute_force_pure_spe(tree)
    decomposition = subgame_perfect_equilibria(tree)
    assert {_choices(e) for e in decomposition if e.is_pure} == {_choices(e) for e in result}


@settings(max_examples=40)
@given(seed=st.integers(0, 100_000), n_players=st.integers(1, 4), exact=st.booleans())
def test_backward_induction_has_zero_subgame_regret(seed, n_players, exact):
    tree = random_tree(seed, n_players=n_players, depth=5, imperfect=False, exact=exact)
    result = backward_induction(tree, max_equilibria=50)
    assert len(result) >= 1
    for e in result:
        assert e.subgame_roots.tolist() == subgame_roots(tree).tolist()
        if exact:
            assert e.subgame_regrets.tolist() == [[0] * n_players] * len(e.subgame_roots)
        else:
            assert e.max_subgame_regret <= e.tol
        assert sum(e.path.tolist()) == pytest.approx(1)


@settings(max_examples=15)
@given(seed=st.integers(0, 100_000))
def test_subgame_decomposition_is_certified_on_random_imperfect_trees(seed):
    tree = random_tree(seed, depth=4, imperfect=True)
    result = solve_tree(tree, max_equilibria=20)
    assert len(result) >= 1
    for e in result:
        assert e.is_exact and np.all(e.subgame_regrets == 0)
        assert sum(e.path.tolist()) == 1


def test_explanation_agrees_with_the_solver():
    for seed in range(10):
        tree = random_tree(seed, depth=4, imperfect=False)
        text = explain_backward_induction(tree)
        first = backward_induction(tree).equilibria
        values = {tuple(e.payoffs) for e in first}
        payoffs_line = text.splitlines()[-1] if not text.splitlines()[-1].startswith("There") else text.splitlines()[-2]
        assert any(("(" + ", ".join(str(v) for v in p) + ")") in payoffs_line for p in values)


# ------------------------------------------------------------- scale
def _bushy_arrays(n, seed=0, players=2):
    rng = np.random.default_rng(seed)
    levels, current, count = [np.array([-1])], np.array([0]), 1
    while count < n:
        k = rng.integers(0, 4, size=len(current))
        k[0] = max(k[0], 1)
        if count + k.sum() > n:
            break
        children = np.repeat(current, k)
        levels.append(children)
        current = np.arange(count, count + len(children))
        count += len(children)
    parent = np.concatenate(levels)
    has_children = np.bincount(parent[1:], minlength=len(parent)) > 0
    player = np.where(has_children, rng.integers(0, players, len(parent)), -2)
    return parent, player, rng.random((len(parent), players))


def test_backward_induction_on_a_large_array_tree():
    parent, player, payoffs = _bushy_arrays(100_000)
    tree = GameTree.from_arrays(parent, player, payoffs)
    (e,) = backward_induction(tree).equilibria
    assert e.max_subgame_regret <= e.tol
    assert float(sum(e.path)) == pytest.approx(1)


@pytest.mark.slow
def test_a_million_node_tree_is_built_and_solved():
    """Correctness at the size of the speed goal; the time itself is measured by benchmarks/bench_extensive.py."""
    parent, player, payoffs = _bushy_arrays(1_000_000, seed=1)
    tree = GameTree.from_arrays(parent, player, payoffs)
    result = backward_induction(tree)
    assert tree.n_nodes > 900_000 and len(result) == 1
    assert result.equilibria[0].max_subgame_regret == 0


# ------------------------------------------------------------ rendering
def test_text_rendering_marks_the_path():
    tree = entry_game()
    (e,) = solve_tree(tree).equilibria
    text = tree_text(tree, e)
    assert "|=> Attack *: Defender" in text and "`=> Yield *: (1, 0)" in text and "`-- Refrain: (0, 1)" in text
    assert tree_text(tree).startswith("Entry deterrence\nChallenger")
    assert str(tree) == "Entry deterrence: game tree of 2 players (Challenger, Defender), 5 nodes, perfect information, exact payoffs"


def test_tikz_draws_information_sets_dashed():
    tikz = tree_tikz(selten_horse())
    assert tikz.count(r"\draw[dashed]") == 1
    assert tikz.startswith(r"\begin{tikzpicture}") and tikz.endswith(r"\end{tikzpicture}")


def test_figure_renders_to_png(tmp_path):
    import matplotlib

    matplotlib.use("Agg")
    tree = build_tree(chance({"Strong": ("1/3", decision("S", {"x": terminal(1, 0), "y": terminal(0, 1)}, infoset="s")),
                              "Weak": ("2/3", decision("S", {"x": terminal(0, 1), "y": terminal(2, 0)}, infoset="w"))}),
                      players=["S", "R"], title="Figure test")
    horse = selten_horse()
    spe = solve_tree(horse)
    fig = tree_figure(horse, spe[0])
    path = tmp_path / "horse.png"
    fig.savefig(path, dpi=80)
    assert path.stat().st_size > 1000
    fig2 = tree_figure(tree, solve_tree(tree)[0])
    assert fig2.axes[0].get_title() == "Figure test"
