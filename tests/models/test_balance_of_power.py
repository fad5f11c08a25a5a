"""Published results of the balance-of-power model (Waltz 1979; Niou, Ordeshook and Rose 1989)."""

import itertools
from fractions import Fraction

import numpy as np
import pytest

from gametheory.games.coalitional import set_partitions
from gametheory.model import load_model

MODEL = load_model("balance_of_power")
NAMES = ("power_britain", "power_france", "power_germany", "power_russia")


def test_defaults_winning_and_secure_structures():
    """Niou, Ordeshook and Rose 1989, ch. 3: a coalition wins with more than half the resources;
    at (4, 3, 5, 4) no state is dominant or essential and several structures keep every state secure."""
    world = MODEL.balance_of_power()
    assert world.resources == {"Britain": 4, "France": 3, "Germany": 5, "Russia": 4}
    assert world.dominant_states() == [] and world.essential_states() == []
    assert world.minimal_winning_coalitions() == [("Britain", "Germany"), ("Britain", "France", "Russia"), ("Germany", "Russia")]
    secure = world.secure_partitions()
    assert (("Britain",), ("France",), ("Germany",), ("Russia",)) in secure
    assert world.is_blocking(["Britain", "Russia"]) and not world.is_winning(["Britain", "Russia"])


def test_dominant_state_leaves_only_the_grand_coalition_secure():
    """Waltz 1979, ch. 6; Niou, Ordeshook and Rose 1989, ch. 4: a state with more than half the resources
    wins alone; no alliance structure other than the grand coalition keeps every state secure."""
    world = MODEL.balance_of_power(power_germany=12)
    assert world.dominant_states() == ["Germany"]
    assert world.secure_partitions() == [(("Britain", "France", "Germany", "Russia"),)]
    assert str(MODEL.predict("defensive_realism", power_germany=12)) == "hegemony"


def test_state_with_exactly_half_blocks_and_is_essential():
    """Niou, Ordeshook and Rose 1989, ch. 3: a state with exactly half cannot be beaten nor win alone."""
    world = MODEL.balance_of_power(power_germany=11)  # 11 of 22
    assert world.dominant_states() == [] and world.essential_states() == ["Germany"]
    assert world.is_blocking(["Germany"]) and not world.is_winning(["Germany"])
    assert str(MODEL.predict("defensive_realism", power_germany=11)) == "blocked"


def minimum_winning(resources):
    """Winning coalitions (sum > half) of minimum total resources, positive members only."""
    players = list(resources)
    total = sum(resources.values())
    winning = [c for k in range(1, len(players) + 1) for c in itertools.combinations(players, k)
               if 2 * sum(resources[p] for p in c) > total and all(resources[p] > 0 for p in c)]
    least = min(sum(resources[p] for p in c) for c in winning)
    return {c for c in winning if sum(resources[p] for p in c) == least}


@pytest.mark.parametrize("germany, russia", [(5, 4), (2, 9), (7, 1), (12, 0), (6, 6)])
def test_stable_structures_hold_a_minimum_resource_winning_coalition(germany, russia):
    """Riker 1962, ch. 2 (size principle); Gamson 1961: with gains divided in proportion to power, a
    structure is stable (no coalition all of whose members gain) iff one of its blocks is a winning
    coalition of minimum total resources (joined, perhaps, by states without resources, which gain
    nothing either way). Checked against every partition."""
    values = {"power_germany": germany, "power_russia": russia}
    game = MODEL.coalition_game(**values)
    resources = MODEL.coalition_resources(**values)
    stable = {s.partition for s in game.stable_partitions(division=MODEL.division)}
    for s in game.stable_partitions(division=MODEL.division):
        assert s.blocking == ()
        assert sum(s.payoffs.values()) == 1  # the winning block divides the spoils
    smallest = minimum_winning(resources)
    for partition in set_partitions(game.players):
        holds = any(tuple(p for p in block if resources[p] > 0) in smallest for block in partition)
        assert (partition in stable) == holds, partition
        if not holds:
            assert game.check_partition(partition, division=MODEL.division).blocking


def test_prediction_regimes_match_the_engine_over_the_default_grid():
    """Waltz 1979, ch. 6: balance exactly when no state holds more than half of all resources."""
    axes = MODEL.sweep_axes
    g, r = np.meshgrid(np.asarray(axes["power_germany"]), np.asarray(axes["power_russia"]), indexing="ij")
    predicted = MODEL.predict("defensive_realism", power_germany=g, power_russia=r)
    for (i, j), label in np.ndenumerate(predicted):
        values = {"power_germany": Fraction(g[i, j]).limit_denominator(4), "power_russia": Fraction(r[i, j]).limit_denominator(4)}
        world = MODEL.balance_of_power(**values)
        expected = "hegemony" if world.dominant_states() else (
            "blocked" if any(2 * v == world.total for v in world.resources.values()) else "balance")
        assert label == expected, values


def test_all_zero_resources_are_refused():
    with pytest.raises(ValueError, match="total resources must be positive"):
        MODEL.coalition_game(**dict.fromkeys(NAMES, 0))


def test_mearsheimers_potential_hegemon_rule_can_fail():
    """Mearsheimer 2001, ch. 8: the others balance against a potential hegemon (our cut-off: Germany at least half
    again the next state, short of half the total). With proportional division the stable structures hold a
    winning coalition of least resources, which includes Germany at (4, 3, 6, 4) (G + F = 9 against
    B + F + R = 11): the rule fails there; at (4, 3, 8, 2) (B + F + R = 9 < G + F = 11) the others balance."""
    from gametheory.study.compare import compare
    from gametheory.study.sweep import sweep

    assert all(rule.independent for rule in MODEL.theory("offensive_realism").rules)
    frame = sweep(MODEL, grid={"power_germany": [6, 8], "power_russia": [2, 4]}, progress=False)
    points = compare(MODEL, frame, "offensive_realism").points.set_index(["power_germany", "power_russia"])
    assert points.loc[(6, 4), "predicted"] == "potential_hegemon_balanced" and not points.loc[(6, 4), "agree"]
    assert points.loc[(8, 2), "agree"]
    world = MODEL.balance_of_power(power_germany=6)
    assert ("France", "Germany") in world.minimal_winning_coalitions()
