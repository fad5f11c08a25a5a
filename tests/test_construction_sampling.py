"""The by-construction detector on thin regions and on models without symbolic regions.

Two honesty checks. A rule whose region is thin (an equality, a sliver of the
box) must be sampled inside that region, and never called "contained" on the
strength of samples that missed it. A rule of a model without a symbolic
equilibrium region (coalitional, continuous, trees judged by perfect
Bayesian equilibrium) is settled by solving points of its region with the
model's own solution concept: a failing point is a witness, otherwise the
rule stays undecided with the number of points tried, and the audit does not
count it as a prediction that can fail.
"""

from __future__ import annotations

from collections import OrderedDict
from fractions import Fraction
from pathlib import Path

import pytest
import sympy

from gametheory.analysis.by_construction import MIN_REGION_SAMPLES, region_points, region_relation
from gametheory.games.symbolic import Parameter
from gametheory.model import load_model
from gametheory.study import construction
from gametheory.study.audit import independent_share, model_audit
from gametheory.study.compare import compare
from gametheory.study.construction import WITNESS_POINTS, rule_verdicts
from gametheory.study.sweep import sweep

DATA = Path(__file__).parent / "data" / "models"
X = Parameter("x", 5, low=0, high=10)
Y = Parameter("y", 5, low=0, high=10)
Z = Parameter("z", 5, low=0, high=10)
x, y, z = X.sympy_symbol, Y.sympy_symbol, Z.sympy_symbol


@pytest.fixture
def fresh_cache(monkeypatch):
    """Verdicts decided afresh (the cache is keyed by the model, not by the detector's budget)."""
    monkeypatch.setattr(construction, "_CACHE", OrderedDict())


def _holds(condition, point) -> bool:
    by_name = {s.name: s for s in condition.free_symbols}
    return bool(condition.xreplace({by_name[k]: sympy.Rational(v.numerator, v.denominator)
                                    for k, v in point.items() if k in by_name}))


def _solved_agreement(model, theory, point):
    """Whether the comparison agrees with the theory at ``point`` (an independent sweep of that one point)."""
    inputs = {p.name for p in model.input_parameters}
    frame = sweep(model, grid={name: [float(value)] for name, value in point.items() if name in inputs})
    table = compare(model, frame, theory).points
    assert len(table) == 1
    return int(table["rule"].iloc[0]), bool(table["agree"].iloc[0])


# ------------------------------------------------------------------ region_relation on thin regions
def test_an_equality_of_several_parameters_is_sampled_on_its_line():
    # x + y = 3 with z at most 1/100: random points of the box never land there.
    region = sympy.And(sympy.Eq(x + y, 3), z <= Fraction(1, 100))
    result = region_relation(region, x >= 1, [X, Y, Z])
    assert result.relation == "overlaps" and result.method == "exact witness"
    assert _holds(region, result.outside) and not _holds(x >= 1, result.outside)
    assert _holds(region, result.inside) and _holds(x >= 1, result.inside)
    assert result.in_region >= MIN_REGION_SAMPLES


def test_a_thin_box_is_sampled_inside_and_a_containment_there_rests_on_enough_samples():
    region = sympy.And(x <= Fraction(1, 20), y < Fraction(1, 10), z + x * y > 1)
    result = region_relation(region, z > Fraction(9, 10), [X, Y, Z])
    assert result.contained and result.in_region >= MIN_REGION_SAMPLES
    # ... and a failure in the sliver's corner is found exactly.
    failing = region_relation(region, z > 2, [X, Y, Z])
    assert failing.relation == "overlaps" and _holds(region, failing.outside) and failing.outside["z"] <= 2


def test_a_region_the_samples_cannot_reach_is_undecided_never_contained():
    # Rational points of the circle x^2 + y^2 = 2 exist ((1, 1), (7/5, 1/5)), and at (7/5, 1/5) the rule
    # fails (x > 1), but no sample lands on the circle: nothing may be claimed.
    region = sympy.Eq(x ** 2 + y ** 2, 2)
    result = region_relation(region, x <= 1, [X, Y])
    assert result.relation == "undecided" and result.method == ""
    assert "samples lie in the rule's region" in result.note and result.in_region < MIN_REGION_SAMPLES
    assert not result.contained and not result.disjoint


def test_given_points_are_tried_first_and_witness_a_thin_region():
    # The circle again, with the point (7/5, 1/5) given: an exact witness.
    region = sympy.Eq(x ** 2 + y ** 2, 2)
    result = region_relation(region, x <= 1, [X, Y], points=[{"x": 1.4, "y": 0.2}, {"x": 1, "y": 1}])
    assert result.outside == {"x": Fraction(7, 5), "y": Fraction(1, 5)}
    assert result.inside == {"x": Fraction(1), "y": Fraction(1)}
    with pytest.raises(ValueError, match="not among the parameters"):
        region_relation(region, x <= 1, [X, Y], points=[{"w": 1}])


def test_region_points_lie_in_the_region_exactly():
    region = sympy.And(sympy.Eq(x + 2 * y, 3), z < Fraction(1, 10))
    points = region_points(region, [X, Y, Z], points=[{"x": 1, "y": 1, "z": 0}], count=20)
    assert len(points) == 20 and points[0] == {"x": 1, "y": 1, "z": 0}
    assert all(_holds(region, p) and all(isinstance(v, Fraction) for v in p.values()) for p in points)
    assert all(0 <= v <= 10 for p in points for v in p.values())
    assert region_points(sympy.And(x > 11, y < 1), [X, Y]) == []


# ------------------------------------------------------------------ the two library defects, as test models
def test_an_equality_rule_of_a_tree_is_not_by_construction(fresh_cache):
    # deterrence at ties = local balance = audience cost = 0 fails at low credibility (the soft defender concedes)
    model = load_model(DATA / "thin_equality_deterrence.toml")
    (verdict,) = rule_verdicts(model, "defensive_realism")
    assert verdict.by_construction is False and verdict.can_fail
    assert verdict.relation == "overlaps" and verdict.method == "exact witness"
    witness = verdict.witness
    assert witness["ties"] == witness["local_balance"] == witness["audience_cost"] == 0
    assert witness["credibility"] < Fraction(1, 3)  # below the deterrence threshold (c_DC - c_SQ)/(c_DC - c_DD)
    assert _solved_agreement(model, "defensive_realism", witness) == (0, False)
    # At credibility 0 the only subgame-perfect play is the soft defender's concession.
    point = {**witness, "credibility": Fraction(0)}
    frame = sweep(model, grid={name: [float(v)] for name, v in point.items()})
    assert set(frame["outcome"]) == {"deterrence_fails"} and set(frame["path"]) == {"concession_soft: 1"}


def test_a_thin_box_rule_is_not_by_construction_and_fails_at_the_default_moved_into_it(fresh_cache):
    model = load_model(DATA / "thin_box_weak_state.toml")
    (verdict,) = rule_verdicts(model, "defensive_realism")
    assert verdict.by_construction is False and verdict.method == "exact witness"
    witness = verdict.witness
    assert witness["small_state_power"] <= Fraction(1, 20) and witness["partner_power"] < Fraction(1, 10)
    assert _solved_agreement(model, "defensive_realism", witness) == (0, False)
    # The default threat, with the small state and the partner as weak as the rule says: balancing, not bandwagoning.
    default = {**{p.name: p.default for p in model.input_parameters}, "small_state_power": 0.05, "partner_power": 0}
    assert _solved_agreement(model, "defensive_realism", default) == (0, False)


# ------------------------------------------------------------------ solved witnesses
def test_a_coalitional_rule_that_can_fail_gets_a_solved_witness(fresh_cache):
    model = load_model(DATA / "coalition_witness.toml")
    (verdict,) = rule_verdicts(model, "offensive_realism")
    assert verdict.method == "solved witness" and verdict.by_construction is False and verdict.can_fail
    assert 1 <= verdict.points <= WITNESS_POINTS and "stable coalition structures" in verdict.note
    region = model.theory("offensive_realism").rules[0].condition
    assert _holds(region, verdict.witness)
    assert _solved_agreement(model, "offensive_realism", verdict.witness) == (0, False)


def test_rules_true_by_definition_stay_undecided_with_the_points_tried(fresh_cache, monkeypatch):
    model = load_model(DATA / "coalition_witness.toml")
    monkeypatch.setattr(construction, "WITNESS_POINTS", 6)
    first, second = rule_verdicts(model, "defensive_realism")
    assert first.relation == "undecided" and first.by_construction is None and not first.can_fail
    assert first.points == 6 and "no witness among 6 points of the rule's region" in first.note
    assert "budget 6 points" in first.note
    # The equality region is reached only through the sweep grid's points (germany 8 = britain + france + russia 1).
    assert 1 <= second.points <= 6 and second.by_construction is None


def test_the_budget_counts_points_so_the_verdict_does_not_depend_on_the_machine(fresh_cache, monkeypatch):
    model = load_model(DATA / "coalition_witness.toml")
    monkeypatch.setattr(construction, "WITNESS_POINTS", 1)
    first, _ = rule_verdicts(model, "defensive_realism")
    assert first.by_construction is None and first.points == 1 and "no witness among 1 point " in first.note
    assert " s;" not in first.note and "budget 1 points" in first.note


def test_the_audit_counts_only_certified_rules_and_lists_undecided_ones_apart(fresh_cache, tmp_path):
    model = load_model(DATA / "coalition_witness.toml")
    audit = model_audit(model)
    assert (audit.rules, audit.independent, audit.certified, audit.undecided) == (3, 3, 1, 2)
    assert audit.undecided_rules == ("defensive_realism #0", "defensive_realism #1")
    assert audit.has_independent_prediction
    # Without the rule that can fail, undecided rules alone do not make the model count.
    text = (DATA / "coalition_witness.toml").read_text()
    only_undecided = text[:text.index("[predictions.offensive_realism]")] + text[text.index("[sweep.axes"):]
    (tmp_path / "only_undecided.toml").write_text(only_undecided.replace('"coalition_witness"', '"only_undecided"'))
    undecided = model_audit(load_model(tmp_path / "only_undecided.toml"))
    assert (undecided.independent, undecided.certified, undecided.undecided) == (2, 0, 2)
    assert not undecided.has_independent_prediction
    assert independent_share([audit, undecided]) == 0.5


def test_the_headline_says_how_many_of_its_points_come_from_undecided_rules(fresh_cache):
    model = load_model(DATA / "coalition_witness.toml")
    frame = sweep(model, grid={"power_germany": [2, 8, 10], "power_russia": [1, 4]})
    main = compare(model, frame, "defensive_realism")
    assert main.undecided_rules == 2
    assert main.independent_points > 0 and main.undecided_points == main.independent_points
    rival = compare(model, frame, "offensive_realism")
    assert rival.undecided_rules == 0 and rival.undecided_points == 0
    summary = main.summary()
    assert summary["undecided_rules"] == 2 and summary["undecided_points"] == main.undecided_points
    assert list(summary)[:5] == ["model", "theory", "points", "independent_points", "independent_agreement"]


def test_a_comparison_settles_undecided_rules_with_the_failures_its_sweep_shows(fresh_cache, monkeypatch):
    model = load_model(DATA / "coalition_witness.toml")
    monkeypatch.setattr(construction, "_solved_verdict", lambda *args: pytest.fail("solved again"))
    frame = sweep(model, grid={"power_germany": [6, 7], "power_russia": [1, 2]})  # the rule fails at three points
    rival = compare(model, frame, "offensive_realism")
    (verdict,) = rival.verdicts
    assert verdict.method == "solved witness" and verdict.by_construction is False and verdict.points == 0
    assert "sweep's grid" in verdict.note
    assert _solved_agreement(model, "offensive_realism", verdict.witness) == (0, False)
