"""Pinned results of the probabilistic-commitment tree (models/probabilistic_commitment.toml).

Source: Benson (2012), Constructing International Security: Alliances,
Deterrence, and Moral Hazard (Cambridge UP): unconditional commitments deter
challengers but embolden proteges; deterrent commitments (void if the protege
provokes) and probabilistic ones limit the moral hazard. The tree and its
closed forms are ours:

- the challenger is deterred from attacking a restrained protege iff
  q >= 1 - c_C/W (1/2 at the defaults);
- it backs down before a provoking protege iff q (1 - d) >= 1 - c_C/(W + g)
  (2/3 at the defaults): the protege then provokes unpunished (moral hazard);
- in between, under compellent terms (d = 0), the challenger is deterred and
  the protege restrains itself: q in [1/2, 2/3] at the defaults.

Judged by subgame perfection; every equilibrium is certified with zero regret
in every subgame, exactly.
"""

from fractions import Fraction

import pytest
import sympy

from gametheory.analysis.tree_conditions import outcome_intervals
from gametheory.model import load_model

from model_helpers import default_sweep, independent_comparisons, spe_plays

KEY = "probabilistic_commitment"


@pytest.fixture(scope="module")
def model():
    return load_model(KEY)


def _groups(model, **values) -> set[str]:
    """The model's named outcome each SPE reaches (with probability 1); each SPE certified exactly."""
    found = set()
    for reached in spe_plays(model, **values):
        (name,) = [n for n, members in model.outcomes.items() if sum(reached.get(m, 0) for m in members) == 1]
        found.add(name)
    return found


def _cuts(values) -> tuple[Fraction, Fraction]:
    """(deterrence cut 1 - c_C/W, emboldening cut 1 - c_C/(W + g)), by hand."""
    w, c, g = (Fraction(values[n]) for n in ("challenger_gain", "challenger_war_cost", "protege_claim"))
    return 1 - c / w, 1 - c / (w + g)


def _rational(x: Fraction) -> sympy.Rational:
    return sympy.Rational(x.numerator, x.denominator)


def test_the_model_is_a_tree_judged_by_subgame_perfection(model):
    assert model.kind == "tree" and model.solution_concept == "spe"
    assert model.tree().players == ("Protege", "Challenger")
    assert _cuts(model.defaults) == (Fraction(1, 2), Fraction(2, 3))


@pytest.mark.parametrize("q, d, expected", [
    (Fraction(1), Fraction(0), {"moral_hazard"}),       # unconditional compellent: deters and emboldens
    (Fraction(1), Fraction(1), {"peace"}),              # unconditional deterrent: deters without emboldening
    (Fraction(7, 12), Fraction(0), {"peace"}),          # probabilistic compellent: deters, protege cautious
    (Fraction(3, 4), Fraction(1, 2), {"peace"}),        # partly conditional: q (1 - d) = 3/8 < 2/3
    (Fraction(2, 5), Fraction(0), {"deterrence_fails"}),
    (Fraction(0), Fraction(1), {"deterrence_fails"}),
])
def test_bensons_typology(model, q, d, expected):
    assert _groups(model, commitment_probability=q, conditionality=d) == expected


@pytest.mark.parametrize("changes", [
    {},
    pytest.param({"challenger_gain": 5, "challenger_war_cost": 1, "protege_claim": 3, "protege_loss": 8},
                 marks=pytest.mark.slow),
    pytest.param({"challenger_gain": 8, "challenger_war_cost": 3, "protege_claim": 1, "protege_loss": 6},
                 marks=pytest.mark.slow),
])
def test_cut_points_come_out_of_subgame_perfection_symbolically(model, changes):
    """Along q, compellent terms: war on [0, q*], peace on [q*, q_P], moral hazard on [q_P, 1]; deterrent terms:
    war on [0, q*], peace on [q*, 1]. Below q* the war comes anyway, and the protege presses its claim in it iff
    q >= c_P/(g + c_P) (its expected gain q g covers the war it would otherwise fight unprovoked)."""
    values = {**model.defaults, **changes}
    deter, embolden = _cuts(values)
    assert 0 < deter < embolden < 1
    g, c, loss = (Fraction(values[n]) for n in ("protege_claim", "protege_war_cost", "protege_loss"))
    assert (c + loss) / (g + loss) >= embolden  # the protege would not start a war on purpose (next test)
    groups = {**model.outcomes, "war": model.outcomes["deterrence_fails"] + model.outcomes["provoked_war"]}
    compellent = outcome_intervals(model.tree_spec, "commitment_probability", {**values, "conditionality": 0},
                                   bounds=(0, 1), groups=groups)
    assert compellent["war"] == sympy.Interval(0, _rational(deter)), changes
    assert compellent["peace"] == sympy.Interval(_rational(deter), _rational(embolden)), changes
    assert compellent["moral_hazard"] == sympy.Interval(_rational(embolden), 1), changes
    presses = c / (g + c)
    if presses < deter:
        assert compellent["provoked_war"] == sympy.Interval(_rational(presses), _rational(deter)), changes
        assert compellent["deterrence_fails"] == sympy.Interval(0, _rational(presses)), changes
    else:
        assert compellent["deterrence_fails"] == compellent["war"], changes
    deterrent = outcome_intervals(model.tree_spec, "commitment_probability", {**values, "conditionality": 1},
                                  bounds=(0, 1), groups=groups)
    assert deterrent["war"] == sympy.Interval(0, _rational(deter)), changes
    assert deterrent["peace"] == sympy.Interval(_rational(deter), 1), changes
    assert deterrent["moral_hazard"] == sympy.EmptySet, changes


def test_a_protege_sure_enough_of_support_starts_a_war_on_purpose(model):
    """Between q* and q_P the challenger resists a provocation; the protege still provokes when its expected war,
    q g - c_P - (1 - q) L, is positive: q >= (c_P + L)/(g + L). With g = 3, W = 5, c_C = 1 (and L = 4) that is
    6/7, below q_P = 7/8: the emboldened protege drags its patron into a war for its claim (entrapment)."""
    values = {"challenger_gain": 5, "challenger_war_cost": 1, "protege_claim": 3}
    assert _groups(model, commitment_probability=Fraction(13, 15), **values) == {"provoked_war"}
    assert _groups(model, commitment_probability=Fraction(5, 6), **values) == {"peace"}
    assert _groups(model, commitment_probability=Fraction(9, 10), **values) == {"moral_hazard"}
    intervals = outcome_intervals(model.tree_spec, "commitment_probability",
                                  {**model.defaults, **values, "conditionality": 0}, bounds=(0, 1),
                                  groups=model.outcomes)
    assert intervals["peace"] == sympy.Interval(sympy.Rational(4, 5), sympy.Rational(6, 7))
    assert intervals["moral_hazard"] == sympy.Interval(sympy.Rational(7, 8), 1)


def test_conditionality_removes_the_moral_hazard_exactly_at_its_cut_point(model):
    """An unconditional commitment (q = 1) emboldens iff 1 - d >= 2/3, i.e. d <= 1/3."""
    intervals = outcome_intervals(model.tree_spec, "conditionality", {**model.defaults, "commitment_probability": 1},
                                  bounds=(0, 1), groups=model.outcomes)
    assert intervals["moral_hazard"] == sympy.Interval(0, sympy.Rational(1, 3))
    assert intervals["peace"] == sympy.Interval(sympy.Rational(1, 3), 1)


def test_the_comparison_is_independent_and_can_fail(model):
    frame = default_sweep(model, "spe")
    comparisons = independent_comparisons(model, frame, ("defensive_realism", "classical_deterrence"))
    for theory, comparison in comparisons.items():
        assert 0 < comparison.independent_agreement < 1, theory
    # where the classical view fails: firm compellent commitments embolden the protege
    classical = comparisons["classical_deterrence"]
    assert classical.independent_agreement < comparisons["defensive_realism"].independent_agreement
