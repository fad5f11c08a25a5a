"""Cross-checks of the game-tree engine against pygambit (an independent implementation).

- .efg round trips both ways (pygambit reads our files, we read pygambit's);
- every equilibrium we return is an equilibrium by pygambit's own regret, with
  pygambit's expected payoffs and realization probabilities;
- our Nash equilibria (reduced strategic form) give the same outcome
  distributions as pygambit's enummixed on the tree, and pygambit's
  sequence-form LCP equilibrium is among them;
- the Gambit catalogue's trees read the same in both.
"""

import io
from fractions import Fraction
from pathlib import Path

import numpy as np
import pytest

gbt = pytest.importorskip("pygambit")

from gametheory.games.extensive import reduced_strategic_form  # noqa: E402
from gametheory.io.efg import format_efg, parse_efg, read_efg  # noqa: E402
from gametheory.solvers.subgame_perfection import solve_tree  # noqa: E402

from test_extensive_solvers import centipede, chain_store, selten_horse  # noqa: E402
from test_extensive_tree import entry_game, random_tree  # noqa: E402

CATALOG = Path(gbt.__file__).parent / "catalog_data"


def to_gambit(tree):
    return gbt.read_efg(io.StringIO(format_efg(tree)))


def fraction(value):
    return Fraction(str(value))


def gambit_profile(game, equilibrium):
    """Our behaviour profile as a pygambit profile.

    Information sets are matched through their nodes (both list nodes depth
    first), not through their numbers, which pygambit may renumber.
    """
    tree = equilibrium.tree
    profile = game.mixed_behavior_profile(rational=True)
    nodes = list(game.nodes)
    rank = tree.preorder_rank
    offsets = tree.action_offsets
    for h, info in enumerate(tree.infosets):
        infoset = nodes[int(rank[info.nodes[0]])].infoset
        for a, action in enumerate(infoset.actions):
            profile[action] = gbt.Rational(str(equilibrium.behavior[offsets[h] + a]))
    return profile


def outcome_payoffs(node, game):
    try:
        outcome = node.outcome
        return None if outcome is None else [fraction(outcome[p]) for p in game.players]
    except KeyError:  # pygambit raises when no outcome is attached
        return None


def gambit_terminals(game):
    return [node for node in game.nodes if node.is_terminal]


def check_against_gambit(tree, result):
    game = to_gambit(tree)
    for e in result:
        profile = gambit_profile(game, e)
        assert fraction(profile.max_regret()) == 0
        for i, player in enumerate(game.players):
            assert fraction(profile.payoff(player)) == e.payoffs[i]
        assert [fraction(profile.realiz_prob(n)) for n in gambit_terminals(game)] == e.path.tolist()


def _trees():
    yield entry_game()
    yield chain_store(2)
    yield centipede(5)
    yield selten_horse()
    for seed in range(12):
        yield random_tree(seed, depth=3 + seed % 2, imperfect=seed % 3 != 0, chance_nodes=seed % 2 == 0,
                          n_players=2 if seed % 4 else 3)


@pytest.mark.parametrize("tree", list(_trees()), ids=lambda t: t.title)
def test_our_equilibria_have_zero_regret_by_gambit(tree):
    check_against_gambit(tree, solve_tree(tree, "spe", max_equilibria=30))
    if tree.n_players == 2 and sum(reduced_strategic_form(tree).game.shape) <= 40:
        check_against_gambit(tree, solve_tree(tree, "nash", max_equilibria=30))


def _distribution_set(rows):
    return {tuple(row) for row in rows}


@pytest.mark.parametrize("seed", range(20))
def test_nash_outcome_distributions_match_gambit(seed):
    tree = random_tree(seed, depth=3, imperfect=True, chance_nodes=seed % 2 == 0, values=range(-5, 6))
    if np.prod(reduced_strategic_form(tree).game.shape) > 64:
        pytest.skip("strategic form too large for a quick enummixed in pygambit")
    ours = solve_tree(tree, "nash")
    game = to_gambit(tree)
    terminals = gambit_terminals(game)
    theirs = gbt.nash.enummixed_solve(game, rational=True)
    gambit_paths = set()
    for profile in theirs.equilibria:
        behavior = profile.as_behavior()
        gambit_paths.add(tuple(fraction(behavior.realiz_prob(n)) for n in terminals))
    our_paths = _distribution_set(e.path.tolist() for e in ours)
    assert our_paths == gambit_paths
    lcp = gbt.nash.lcp_solve(game, rational=True, use_strategic=False)
    for profile in lcp.equilibria:
        path = tuple(fraction(profile.realiz_prob(n)) for n in terminals)
        payoffs = tuple(fraction(profile.payoff(p)) for p in game.players)
        assert payoffs in {e.payoffs for e in ours}
        assert path in our_paths or ours.continuum


@pytest.mark.parametrize("seed", range(8))
def test_gambit_reads_our_files_and_we_read_gambits(seed):
    tree = random_tree(seed, depth=4, n_players=1 + seed % 3)
    game = to_gambit(tree)
    assert len(list(game.nodes)) == tree.n_nodes
    assert [tuple(outcome_payoffs(n, game) or [0] * tree.n_players)
            for n in gambit_terminals(game)] == [tree.payoffs_at(v) for v in tree.terminals]
    back = parse_efg(game.to_efg())
    assert back == tree


def test_gambit_built_tree_reads_back():
    game = gbt.Game.new_tree(players=["Sender", "Receiver"], title="built in pygambit")
    game.append_move(game.root, game.players.chance, ["Strong", "Weak"])
    game.set_chance_probs(game.root.infoset, [gbt.Rational(2, 3), gbt.Rational(1, 3)])
    strong, weak = list(game.root.children)
    game.append_move(strong, "Sender", ["Beer", "Quiche"])
    game.append_move(weak, "Sender", ["Beer", "Quiche"])
    for sender in (strong, weak):
        for k, node in enumerate(sender.children):
            game.append_move(node, "Receiver", ["Duel", "Not"])
    beer = [list(s.children)[0] for s in (strong, weak)]
    quiche = [list(s.children)[1] for s in (strong, weak)]
    game.set_infoset(beer[1], beer[0].infoset)
    game.set_infoset(quiche[1], quiche[0].infoset)
    count = 0
    for node in game.nodes:
        if node.is_terminal:
            count += 1
            game.set_outcome(node, game.add_outcome(f"o{count}", [count, -count]))
    tree = parse_efg(game.to_efg())
    assert tree.players == ("Sender", "Receiver")
    assert [len(info.nodes) for info in tree.infosets] == [1, 1, 2, 2]
    assert [tree.payoffs_at(v) for v in tree.terminals] == [(k, -k) for k in range(1, 9)]
    result = solve_tree(tree, "nash")
    check_against_gambit(tree, result)


def _catalog():
    return sorted(CATALOG.rglob("*.efg"))


@pytest.mark.parametrize("path", _catalog(), ids=lambda p: str(p.relative_to(CATALOG)))
def test_gambit_catalogue_trees(path):
    game = gbt.read_efg(str(path))
    if not game.is_perfect_recall:
        with pytest.raises(ValueError, match=r"line \d+, column \d+: the game does not have perfect recall"):
            read_efg(path)
        return
    tree = read_efg(path)
    assert tree.n_nodes == len(list(game.nodes))
    assert tree.players == tuple(p.label for p in game.players)
    assert tree.n_infosets == sum(len(list(p.infosets)) for p in game.players)
    # Terminal payoffs: Gambit adds the outcomes along the path, so do we.
    gambit_payoffs = []
    for node in gambit_terminals(game):
        total = [Fraction(0)] * len(tree.players)
        current = node
        while current is not None:
            payoffs = outcome_payoffs(current, game)
            if payoffs is not None:
                total = [t + x for t, x in zip(total, payoffs)]
            current = current.parent
        gambit_payoffs.append(tuple(total))
    ours = [tuple(Fraction(x) if tree.is_exact else x for x in tree.payoffs_at(v)) for v in tree.terminals]
    assert np.allclose(np.asarray(ours, dtype=float), np.asarray(gambit_payoffs, dtype=float))
    if tree.n_players == 2 and tree.n_nodes < 60:
        check_against_gambit(tree, solve_tree(tree, "spe", max_equilibria=20))


def test_a_tree_model_with_a_shared_outcome_is_written_for_gambit():
    """Outcomes that end several plays become distinct node labels, which Gambit requires."""
    import tempfile

    from gametheory.io.efg import format_efg, parse_efg
    from gametheory.model import load_model

    tree = load_model("extended_deterrence").tree()
    text = format_efg(tree)
    assert '"status_quo"' in text and '"status_quo #2"' in text
    path = Path(tempfile.mkdtemp()) / "deterrence.efg"
    path.write_text(text)
    game = gbt.read_efg(str(path))
    assert len(game.players) == 2
    assert parse_efg(text).n_nodes == tree.n_nodes
