"""Tests for coalition games: core, Shapley value, weighted voting, partitions, balance of power."""

from __future__ import annotations

from fractions import Fraction

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from gametheory.games.coalitional import BalanceOfPower, CoalitionGame, Core, set_partitions

F = Fraction


def glove_game(exact=True):
    one, zero = (1, 0) if exact else (1.0, 0.0)
    return CoalitionGame(["L", "R1", "R2"], lambda s: one if "L" in s and ("R1" in s or "R2" in s) else zero)


def majority_game():
    return CoalitionGame(["A", "B", "C"], lambda s: 1 if len(s) >= 2 else 0)


def check_balanced_certificate(game: CoalitionGame, core: Core):
    """Bondareva-Shapley: weights balance every player and beat v(N) -> the core is empty."""
    weights = core.balanced_weights
    assert weights and all(w > 0 for w in weights.values())
    for player in game.players:
        assert sum(w for coalition, w in weights.items() if player in coalition) == 1
    assert sum(w * game.value(coalition) for coalition, w in weights.items()) > game.grand_value


def check_core_point(game: CoalitionGame, point: dict):
    """Every coalition constraint holds exactly; efficiency holds exactly."""
    assert sum(point.values()) == game.grand_value
    for coalition in game.coalitions():
        assert sum(point[p] for p in coalition) >= game.value(coalition)


# ------------------------------------------------------------ textbook
def test_glove_game_core_and_shapley_value():
    game = glove_game()
    assert game.shapley_value() == {"L": F(2, 3), "R1": F(1, 6), "R2": F(1, 6)}
    core = game.core()
    assert not core.is_empty and core.exact
    assert core.point == {"L": 1, "R1": 0, "R2": 0}
    assert all(isinstance(v, Fraction) for v in core.point.values())
    check_core_point(game, core.point)
    assert core.least_core == 0
    # The core is the single point (1, 0, 0): nearby allocations are outside.
    assert core.contains({"L": 1, "R1": 0, "R2": 0})
    assert not core.contains({"L": F(9, 10), "R1": F(1, 20), "R2": F(1, 20)})
    assert not core.contains((F(2, 3), F(1, 6), F(1, 6)))  # the Shapley value is not in the core
    assert game.is_superadditive() and game.is_monotone() and not game.is_convex()


def test_glove_game_in_float_mode():
    game = glove_game(exact=False)
    assert not game.is_exact
    phi = game.shapley_value()
    assert phi["L"] == pytest.approx(2 / 3, abs=1e-12) and phi["R1"] == pytest.approx(1 / 6, abs=1e-12)
    core = game.core()
    assert not core.is_empty and not core.exact
    assert core.contains(core.point)
    assert core.point["L"] == pytest.approx(1.0, abs=1e-9)
    assert core.contains((1.0 + 1e-12, 0.0, -1e-12))
    assert not core.contains((0.9, 0.05, 0.05))


def test_three_player_majority_game_has_empty_core_with_exact_certificate():
    game = majority_game()
    core = game.core()
    assert core.is_empty and core.point is None and core.exact
    assert core.least_core == F(1, 3)
    check_balanced_certificate(game, core)
    assert core.balanced_weights == {("A", "B"): F(1, 2), ("A", "C"): F(1, 2), ("B", "C"): F(1, 2)}
    assert game.shapley_value() == {"A": F(1, 3), "B": F(1, 3), "C": F(1, 3)}
    assert not core.contains((F(1, 3), F(1, 3), F(1, 3)))
    assert game.is_superadditive() and not game.is_convex()


def test_core_inequalities_are_described():
    core = glove_game().core()
    assert len(core.inequalities) == 2**3 - 2
    text = core.describe()
    assert text[0] == "x[L] + x[R1] + x[R2] = 1"
    assert "x[L] + x[R1] >= 1" in text and "x[R1] + x[R2] >= 0" in text


@pytest.mark.parametrize(
    "quota, weights, expected",
    [
        (51, [49, 49, 2], [F(1, 3)] * 3),
        (3, [2, 1, 1], [F(2, 3), F(1, 6), F(1, 6)]),
        (4, [3, 2, 1, 1], [F(1, 2), F(1, 6), F(1, 6), F(1, 6)]),
        (51, [50, 49, 1], [F(2, 3), F(1, 6), F(1, 6)]),
        (6, [5, 1, 1, 1, 1, 1], [F(5, 6)] + [F(1, 30)] * 5),
    ],
)
def test_shapley_shubik_indices_of_weighted_voting_games(quota, weights, expected):
    game = CoalitionGame.weighted_voting(quota, weights)
    assert game.is_simple()
    assert list(game.shapley_value().values()) == expected


def test_un_security_council_shapley_shubik_index():
    """5 permanent members (weight 7) and 10 others (weight 1), quota 39 (Shapley and Shubik 1954)."""
    weights = [7] * 5 + [1] * 10
    game = CoalitionGame.weighted_voting(39, weights)
    phi = list(game.shapley_value().values())
    assert phi[:5] == [F(421, 2145)] * 5
    assert phi[5:] == [F(4, 2145)] * 10
    assert sum(phi) == 1


def test_minimal_winning_coalitions_of_a_weighted_game():
    game = CoalitionGame.weighted_voting(51, [49, 49, 2], ["A", "B", "C"])
    assert game.minimal_winning_coalitions() == [("A", "B"), ("A", "C"), ("B", "C")]
    assert set(game.winning_coalitions()) == {("A", "B"), ("A", "C"), ("B", "C"), ("A", "B", "C")}
    assert game.weights == {"A": 49, "B": 49, "C": 2}


def test_convex_game_has_shapley_value_in_core():
    # v(S) = |S|**2 is supermodular.
    game = CoalitionGame(4, lambda s: len(s) ** 2)
    assert game.is_convex() and game.is_superadditive()
    core = game.core()
    assert not core.is_empty and core.exact and core.least_core == -3
    phi = game.shapley_value()
    check_core_point(game, phi)
    assert core.contains(phi)


# ------------------------------------------------------------ properties
@st.composite
def exact_games(draw, max_players=4):
    n = draw(st.integers(1, max_players))
    worths = draw(st.lists(st.integers(-5, 10), min_size=2**n - 1, max_size=2**n - 1))
    players = [f"P{i}" for i in range(n)]
    values = {}
    for mask in range(1, 2**n):
        values[tuple(p for i, p in enumerate(players) if mask >> i & 1)] = worths[mask - 1]
    return CoalitionGame(players, values)


@given(exact_games())
def test_shapley_value_is_efficient_exactly(game):
    phi = game.shapley_value()
    assert sum(phi.values()) == game.grand_value
    assert all(isinstance(v, Fraction) for v in phi.values())


@given(exact_games(max_players=3), st.integers(-4, 4))
def test_shapley_value_gives_a_dummy_its_own_worth(base, worth_alone):
    # Add a player whose marginal contribution to every coalition is worth_alone.
    players = list(base.players) + ["Dummy"]
    game = CoalitionGame(
        players, lambda s: (base.value(s - {"Dummy"}) if s - {"Dummy"} else 0) + (worth_alone if "Dummy" in s else 0)
    )
    phi = game.shapley_value()
    assert phi["Dummy"] == worth_alone
    base_phi = base.shapley_value()
    assert all(phi[p] == base_phi[p] for p in base.players)


@given(st.lists(st.integers(-5, 10), min_size=8, max_size=8))
def test_shapley_value_treats_interchangeable_players_equally(table):
    # The worth depends on whether A is in, how many of B and C are in, and whether D is in:
    # B and C are interchangeable.
    def value(s):
        index = ("A" in s) * 4 + ("B" in s) + ("C" in s) + ("D" in s) * 2
        return table[index % 8] if s else 0

    game = CoalitionGame(["A", "B", "C", "D"], value)
    phi = game.shapley_value()
    assert phi["B"] == phi["C"]


@settings(max_examples=60)
@given(exact_games())
def test_core_is_verified_exactly_or_certified_empty(game):
    core = game.core()
    assert core.exact
    if core.is_empty:
        assert core.least_core > 0
        check_balanced_certificate(game, core)
    else:
        assert core.least_core <= 0
        check_core_point(game, core.point)
        assert core.contains(core.point)
        if game.n_players > 1:
            # The least-core value is the largest excess of a proper coalition at the point.
            excesses = [game.excess(c, core.point) for c in game.coalitions() if len(c) < game.n_players]
            assert max(excesses) == core.least_core


@settings(max_examples=40)
@given(st.lists(st.integers(0, 4), min_size=7, max_size=7))
def test_nonnegative_sums_of_unanimity_games_are_convex_with_shapley_in_core(coefficients):
    players = ["A", "B", "C"]
    carriers = [frozenset(p for i, p in enumerate(players) if mask >> i & 1) for mask in range(1, 8)]
    game = CoalitionGame(players, lambda s: sum(c for c, t in zip(coefficients, carriers) if t <= s))
    assert game.is_convex() and game.is_superadditive() and game.is_monotone()
    core = game.core()
    assert not core.is_empty
    assert core.contains(game.shapley_value())
    # Harsanyi dividends: each unanimity game's worth is split equally in its carrier.
    expected = {p: sum(F(c, len(t)) for c, t in zip(coefficients, carriers) if p in t) for p in players}
    assert game.shapley_value() == expected


def test_imputations():
    game = glove_game()
    assert game.has_imputations()
    assert game.is_imputation((F(1, 2), F(1, 4), F(1, 4)))
    assert not game.is_imputation((F(1, 2), F(1, 4), 0))  # not efficient
    assert not game.is_imputation((F(3, 2), F(-1, 4), F(-1, 4)))  # not individually rational
    crowded = CoalitionGame(["A", "B"], {("A",): 2, ("B",): 2, ("A", "B"): 3})
    assert not crowded.has_imputations() and not crowded.is_superadditive()
    assert crowded.core().is_empty


# ----------------------------------------------------------- partitions
def test_set_partitions_counts_are_bell_numbers():
    assert [sum(1 for _ in set_partitions(range(n))) for n in range(7)] == [1, 1, 2, 5, 15, 52, 203]
    blocks = list(set_partitions("abc"))
    assert len(set(blocks)) == 5
    for partition in blocks:
        assert sorted(x for block in partition for x in block) == ["a", "b", "c"]


def test_stable_partitions_under_equal_division():
    # Pairs are worth 6, the grand coalition 6, singletons 0: a pair and a loner are stable.
    game = CoalitionGame(["A", "B", "C"], lambda s: {1: 0, 2: 6, 3: 6}[len(s)])
    stable = game.stable_partitions(division="equal")
    assert [s.partition for s in stable] == [(("A", "B"), ("C",)), (("A", "C"), ("B",)), (("A",), ("B", "C"))]
    assert stable[0].payoffs == {"A": 3, "B": 3, "C": 0}
    grand = game.check_partition([["A", "B", "C"]], division="equal")
    assert not grand.stable
    assert set(grand.blocking) == {("A", "B"), ("A", "C"), ("B", "C")}
    assert grand.payoffs == {"A": 2, "B": 2, "C": 2}


def test_partition_stability_with_proportional_shares_of_power():
    """Resources 4, 3, 2: a winning pair shares the prize in proportion to power."""
    world = BalanceOfPower({"A": 4, "B": 3, "C": 2})
    game = world.game()
    check = game.check_partition([["A", "C"], ["B"]], division="proportional")
    assert check.payoffs == {"A": F(2, 3), "B": 0, "C": F(1, 3)}
    # B and C together split 1 as 3/5, 2/5: both gain, so {B, C} blocks.
    assert ("B", "C") in check.blocking and check.blocking == (("B", "C"),)
    stable = [s.partition for s in game.stable_partitions(division="proportional")]
    assert stable == [(("A",), ("B", "C"))]
    # With Shapley shares inside each coalition every winning pair splits evenly, so no
    # member of a pair gains strictly by switching partner: every pair-plus-loner is stable.
    stable_shapley = [s.partition for s in game.stable_partitions(division="shapley")]
    assert stable_shapley == [(("A", "B"), ("C",)), (("A", "C"), ("B",)), (("A",), ("B", "C"))]


def test_custom_division_rule_and_explicit_weights():
    game = CoalitionGame(["A", "B"], {("A",): 1, ("B",): 1, ("A", "B"): 4})

    def first_takes_all(g, coalition):
        return {p: (g.value(coalition) if k == 0 else 0) for k, p in enumerate(coalition)}

    assert not game.check_partition([["A", "B"]], division=first_takes_all).stable
    assert game.check_partition([["A", "B"]], division="proportional", weights=[1, 3]).payoffs == {"A": 1, "B": 3}
    assert game.check_partition([["A", "B"]], division="equal").stable


# ----------------------------------------------------------- balance of power
def test_balance_of_power_definitions():
    world = BalanceOfPower({"A": 5, "B": 3, "C": 2})
    assert world.total == 10
    assert world.dominant_states() == []
    assert world.essential_states() == ["A"]  # B and C together hold exactly half: not winning
    assert not world.is_winning(["B", "C"]) and world.is_blocking(["B", "C"])
    assert world.is_blocking(["A"]) and not world.is_winning(["A"])
    assert world.winning_coalitions() == [("A", "B"), ("A", "C"), ("A", "B", "C")]
    assert world.minimal_winning_coalitions() == [("A", "B"), ("A", "C")]
    assert world.threatened_states([["A", "B"], ["C"]]) == ["C"]
    assert world.secure_partitions() == [(("A", "B", "C"),), (("A",), ("B", "C")), (("A",), ("B",), ("C",))]
    for partition in world.secure_partitions():
        for block in partition:
            assert not world.is_winning(block) or len(block) == 3


def test_dominant_state_is_essential_and_threatens_everyone():
    world = BalanceOfPower([6, 2, 1, 1], players=["Hegemon", "B", "C", "D"])
    assert world.dominant_states() == ["Hegemon"] and world.essential_states() == ["Hegemon"]
    assert world.minimal_winning_coalitions() == [("Hegemon",)]
    # Only the grand alliance keeps every state secure from a dominant state.
    assert world.secure_partitions() == [(("Hegemon", "B", "C", "D"),)]
    game = world.game()
    assert game.shapley_value() == {"Hegemon": 1, "B": 0, "C": 0, "D": 0}


def test_balance_of_power_game_matches_the_winning_rule():
    world = BalanceOfPower([F(7, 2), 3, 2, 1])
    game = world.game()
    for coalition in game.coalitions():
        assert game.value(coalition) == int(world.is_winning(coalition))
    assert sum(game.shapley_value().values()) == 1


def test_float_resources_at_exactly_half_are_not_winning():
    world = BalanceOfPower([0.1 + 0.2, 0.3])  # 0.30000000000000004 vs 0.3
    assert world.dominant_states() == []
    assert world.is_blocking(["Player 1"]) and not world.is_winning(["Player 1"])
    assert world.essential_states() == ["Player 1", "Player 2"]


# ---------------------------------------------------------------- errors
def test_bad_coalition_values_are_rejected_with_clear_messages():
    with pytest.raises(ValueError, match="missing 1 coalition"):
        CoalitionGame(["A", "B"], {("A",): 0, ("B",): 0})
    with pytest.raises(ValueError, match="unknown player 'Z'"):
        CoalitionGame(["A", "B"], {("A",): 0, ("B",): 0, ("A", "Z"): 1})
    with pytest.raises(ValueError, match="empty coalition must be worth 0"):
        CoalitionGame(["A"], {(): 1, ("A",): 1})
    with pytest.raises(ValueError, match="given twice"):
        CoalitionGame(["A", "B"], {("A",): 0, ("B",): 0, ("A", "B"): 1, ("B", "A"): 1})
    with pytest.raises(ValueError, match=r"worth of coalition \('A',\) is nan"):
        CoalitionGame(["A"], {("A",): float("nan")})
    with pytest.raises(TypeError, match="worth of coalition"):
        CoalitionGame(["A"], {("A",): "lots"})
    with pytest.raises(TypeError, match="boolean"):
        CoalitionGame(["A"], {("A",): True})
    with pytest.raises(TypeError, match="mapping of coalitions"):
        CoalitionGame(["A"], 3)
    with pytest.raises(ValueError, match="duplicate names"):
        CoalitionGame(["A", "A"], lambda s: 0)
    with pytest.raises(ValueError, match="at most 20 players"):
        CoalitionGame(21, lambda s: 0)


def test_bad_weighted_voting_and_power_inputs():
    with pytest.raises(ValueError, match="exceeds the total weight"):
        CoalitionGame.weighted_voting(10, [1, 2, 3])
    with pytest.raises(ValueError, match="quota must be positive"):
        CoalitionGame.weighted_voting(0, [1, 2])
    with pytest.raises(ValueError, match="non-negative"):
        CoalitionGame.weighted_voting(1, [1, -2])
    with pytest.raises(ValueError, match="non-negative"):
        BalanceOfPower([3, -1])
    with pytest.raises(ValueError, match="total resources must be positive"):
        BalanceOfPower([0, 0])
    with pytest.raises(ValueError, match="expected 3"):
        BalanceOfPower([1, 2], players=["A", "B", "C"])
    with pytest.raises(ValueError, match="needs a simple game"):
        CoalitionGame(["A"], {("A",): 2}).winning_coalitions()


def test_bad_partitions_and_division_rules():
    game = majority_game()
    with pytest.raises(ValueError, match="missing"):
        game.check_partition([["A", "B"]])
    with pytest.raises(ValueError, match="overlap"):
        game.check_partition([["A", "B"], ["B", "C"]])
    with pytest.raises(ValueError, match="unknown player"):
        game.check_partition([["A", "B"], ["X"]])
    with pytest.raises(ValueError, match="needs weights"):
        game.check_partition([["A", "B", "C"]], division="proportional")
    with pytest.raises(ValueError, match="division must be"):
        game.check_partition([["A", "B", "C"]], division="nash")
    with pytest.raises(ValueError, match="must return"):
        game.check_partition([["A", "B", "C"]], division=lambda g, c: {"A": 1})
    with pytest.raises(ValueError, match="one share per player"):
        game.core().contains({"A": 1})
