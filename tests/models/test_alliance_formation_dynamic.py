"""Pinned results of the three-period alliance formation and dissolution tree
(models/alliance_formation_dynamic.toml).

Source: Walt (1997), "Why Alliances Endure or Collapse", Survival 39(1):
156-179: alliances decay as the common threat recedes; institutionalisation
can keep them alive (the counter-claim of Wallander 2000). The three-period
game and its thresholds are ours:

- an alliance in place at the last period survives iff the less exposed
  partner still gains: min(e_A, e_B) h_3 >= c (1 - iota) (h_3 >= 1 at the
  defaults, 1/2 at iota = 1/2);
- with the alliance re-formed in period 3 anyway (h_3 = 2), it is kept through
  a dip in period 2 iff e_B h_2 - c (1 - iota) + delta f >= 0 (h_2 >= 3/4,
  where a myopic ally would need h_2 >= 1): the formation cost makes allies
  ride out a passing dip.

Judged by subgame perfection on a tree of perfect information; every
equilibrium is certified with zero regret in every subgame, exactly.
"""

from fractions import Fraction

import pytest

from gametheory.analysis.tree_conditions import outcome_intervals
from gametheory.model import load_model

from model_helpers import default_sweep, independent_comparisons, spe_pure_outcomes

KEY = "alliance_formation_dynamic"


@pytest.fixture(scope="module")
def model():
    return load_model(KEY)


def _plays(model, **values) -> set[str]:
    return set(spe_pure_outcomes(model, **values))


def test_the_model_is_a_perfect_information_tree_of_three_periods(model):
    assert model.kind == "tree" and model.solution_concept == "spe"
    tree = model.tree()
    assert not tree.has_chance and tree.players == ("State A", "State B")
    assert len(tree.terminals) == 27  # three moves a period (allied, rebuffed, apart), three periods


def test_an_alliance_forms_against_a_high_threat_and_dissolves_as_it_recedes(model):
    """Walt (1997): threat path 2, 5/4, 1/2: formed in period 1, kept in period 2, dissolved in period 3."""
    assert _plays(model, threat_2=Fraction(5, 4)) == {"allied_allied_apart"}
    assert _plays(model, threat_1=Fraction(1, 4), threat_2=Fraction(1, 4), threat_3=2) == {"apart_apart_allied"}


STEP = Fraction(1, 100)


def _sides(model, name, cut, **values) -> tuple[set[str], set[str], set[str]]:
    """The SPE plays just below, at and just above a cut point of one parameter (the tree is too large for the
    symbolic conditions, which enumerate pure plans: 2**26 here)."""
    return tuple(_plays(model, **{**values, name: cut + offset}) for offset in (-STEP, 0, STEP))


@pytest.mark.parametrize("changes", [
    {},
    {"institutionalization": Fraction(1, 2)},
    {"institutionalization": Fraction(1, 4), "maintenance_cost": 3, "exposure_b": Fraction(5, 2)},
    {"exposure_a": 2, "exposure_b": 4, "maintenance_cost": Fraction(5, 2)},   # here A is the less exposed
])
def test_the_alliance_survives_the_last_period_exactly_while_the_threat_covers_its_upkeep(model, changes):
    """Along h_3: the alliance formed in period 1 is kept at the end iff h_3 >= c (1 - iota)/min(e_A, e_B)."""
    values = {**model.defaults, **changes}
    cut = Fraction(values["maintenance_cost"]) * (1 - Fraction(values["institutionalization"])) \
        / min(Fraction(values["exposure_a"]), Fraction(values["exposure_b"]))
    assert 0 < cut < 2
    below, at, above = _sides(model, "threat_3", cut, **changes)
    assert below == {"allied_allied_apart"}, changes
    assert at == {"allied_allied_apart", "allied_allied_allied"}, changes  # the less exposed state is indifferent on the cut point
    assert above == {"allied_allied_allied"}, changes


def test_institutionalisation_keeps_the_alliance_after_the_threat_recedes(model):
    """The institutionalist counter-claim: at h_3 = 1/2 the alliance dissolves for iota < 1/2 and persists above."""
    below, at, above = _sides(model, "institutionalization", Fraction(1, 2))
    assert below == {"allied_allied_apart"} and above == {"allied_allied_allied"}
    assert at == below | above


def test_the_formation_cost_keeps_allies_together_through_a_passing_dip(model):
    """Threat path 2, h_2, 2: kept through period 2 iff h_2 >= (c - delta f)/e_B = 3/4; dissolved and re-formed
    below. A myopic ally would leave below c/e_B = 1, and without a formation cost the cut point is 1."""
    below, at, above = _sides(model, "threat_2", Fraction(3, 4), threat_3=2)
    assert below == {"allied_apart_allied"} and above == {"allied_allied_allied"} and at == below | above
    assert _plays(model, threat_2=Fraction(7, 8), threat_3=2) == {"allied_allied_allied"}  # below the myopic cut
    below, at, above = _sides(model, "threat_2", Fraction(1), threat_3=2, formation_cost=0)
    assert below == {"allied_apart_allied"} and above == {"allied_allied_allied"} and at == below | above
    # with half the weight on the future the dip must be shallower: (c - delta f)/e_B = 7/8
    below, at, above = _sides(model, "threat_2", Fraction(7, 8), threat_3=2, discount=Fraction(1, 2))
    assert below == {"allied_apart_allied"} and above == {"allied_allied_allied"} and at == below | above


def test_symbolic_conditions_refuse_the_tree_by_name(model):
    """The symbolic plan enumeration is bounded; the refusal says so and points at solving at values."""
    with pytest.raises(ValueError, match="pure behaviour profiles"):
        outcome_intervals(model.tree_spec, "threat_3", model.defaults, bounds=(0, 2), groups=model.outcomes)


def test_the_comparison_is_independent_and_can_fail(model):
    frame = default_sweep(model, "spe")
    for theory, comparison in independent_comparisons(model, frame, ("defensive_realism", "balance_of_threat", "liberal_institutionalism")).items():
        assert 0 < comparison.independent_agreement < 1, theory
