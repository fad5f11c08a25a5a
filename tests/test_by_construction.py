"""The by-construction detector: region relations, equilibrium regions, verdicts on the model library."""

from __future__ import annotations

from fractions import Fraction
from pathlib import Path

import numpy as np
import pytest
import sympy
from hypothesis import given, settings
from hypothesis import strategies as st

import gametheory as gt
from gametheory.analysis.by_construction import (
    pure_equilibrium_region,
    region_relation,
    unique_equilibrium_region,
)
from gametheory.games.symbolic import Parameter
from gametheory.model import Model, load_model
from gametheory.study.construction import rule_verdicts

DATA = Path(__file__).parent / "data" / "models"
X = Parameter("x", 1, low=0, high=10)
Y = Parameter("y", 1, low=0, high=10)
x, y = X.sympy_symbol, Y.sympy_symbol


def _holds(condition, point) -> bool:
    return bool(condition.xreplace({sympy.Symbol(k, **s.assumptions0): sympy.Rational(v.numerator, v.denominator)
                                    for k, v in point.items() for s in condition.free_symbols if s.name == k}))


@pytest.mark.parametrize("region, target, relation, method", [
    (x < 4, x <= 4, "contained", "symbolic"),          # the restated equilibrium condition
    (x <= 4, x <= 4, "equal", "symbolic"),
    (x > 6, x < 5, "disjoint", "symbolic"),
    (x > 11, x < 5, "empty", "symbolic"),
])
def test_relations_decided_symbolically(region, target, relation, method):
    result = region_relation(region, target, [X, Y])
    assert (result.relation, result.method) == (relation, method)


def test_a_containment_sympy_cannot_prove_says_it_rests_on_samples():
    result = region_relation(sympy.And(x + y > 3, x < 2), y > 1, [X, Y])
    assert result.relation == "contained" and result.method in ("symbolic", "sampled")


def test_an_overlap_is_certified_by_exact_witnesses():
    region, target = x + y > 4, 2 * x >= y
    result = region_relation(region, target, [X, Y])
    assert result.relation == "overlaps" and result.method == "exact witness"
    assert all(isinstance(v, Fraction) for v in result.outside.values())
    assert _holds(region, result.outside) and not _holds(target, result.outside)
    assert _holds(region, result.inside) and _holds(target, result.inside)


def test_a_tie_on_the_boundary_is_found_exactly():
    # Outside only on the line x = 5 (a strict target): floats alone would miss it.
    result = region_relation(x >= 5, x > 5, [X])
    assert result.relation == "overlaps" and result.outside == {"x": Fraction(5)}


def test_unbounded_ranges_are_sampled_over_a_stated_stand_in():
    free = Parameter("z", 2)
    z = free.sympy_symbol
    result = region_relation(z > 100, z > 50, [free])
    assert result.relation == "empty" or result.contained
    assert "unbounded" in result.note and "z" in result.note
    assert region_relation(z > 3, z > 5, [free]).relation == "overlaps"


def test_bad_input_is_refused_with_a_clear_message():
    with pytest.raises(ValueError, match="not among the parameters"):
        region_relation(x > 1, sympy.Symbol("w") > 0, [X])
    with pytest.raises(TypeError, match="sympy condition"):
        region_relation("x > 1", x > 0, [X])
    with pytest.raises(ValueError, match="samples"):
        region_relation(x > 1, x > 0, [X], samples=0)


@settings(max_examples=40, deadline=None)
@given(st.fractions(0, 10, max_denominator=8), st.fractions(0, 10, max_denominator=8), st.booleans(), st.booleans())
def test_one_dimensional_thresholds_match_interval_arithmetic(a, b, strict_region, strict_target):
    region = x < a if strict_region else x <= a
    target = x < b if strict_target else x <= b
    result = region_relation(region, target, [X])
    region_empty = strict_region and a == 0
    if region_empty:
        assert result.relation == "empty"
        return
    contained = a < b or (a == b and (strict_region or not strict_target))
    assert result.contained == contained, (a, b, strict_region, strict_target, result)
    if not contained:  # the witness is exact and really lies outside the target
        assert _holds(region, result.outside) and not _holds(target, result.outside)


def _pure_equilibria(game):
    return {tuple(game.actions[k][int(np.argmax(s))] for k, s in enumerate(e.strategies))
            for e in gt.solve(game) if all(max(s) == 1 for s in e.strategies)}


@pytest.mark.parametrize("key", ["stag_hunt", "crisis_bully", "chicken"])
def test_equilibrium_regions_agree_with_the_solver_at_exact_points(key):
    model = load_model(key)
    game = model.symbolic_game()
    rng = np.random.default_rng(7)
    profiles = [("C", "C"), ("D", "D")] if key == "stag_hunt" else [tuple(a[0] for a in model.actions)]
    for _ in range(25):
        values = {}
        for p in model.parameters:
            low = Fraction(p.low) if p.low is not None else Fraction(-10)
            high = Fraction(p.high) if p.high is not None else Fraction(10)
            values[p.name] = low + (high - low) * Fraction(int(rng.integers(0, 9)), 8)
        pure = _pure_equilibria(model.game(**values))
        result = gt.solve(model.game(**values))
        substitution = {p.sympy_symbol: sympy.Rational(values[p.name].numerator, values[p.name].denominator)
                        for p in model.parameters}
        for profile in profiles:
            region = pure_equilibrium_region(game, lambda labels, profile=profile: labels == profile)
            assert bool(region.xreplace(substitution)) == (profile in pure), (values, profile)
            unique = unique_equilibrium_region(game, lambda labels, profile=profile: labels == profile)
            if bool(unique.xreplace(substitution)):
                assert len(result) == 1 and pure == {profile}, (values, profile)


def test_the_library_verdicts_on_restated_and_independent_rules():
    stag = load_model("stag_hunt")
    assert [v.by_construction for v in rule_verdicts(stag, "defensive_realism")] == [True, True]
    verdict = rule_verdicts(stag, "offensive_realism")[0]
    assert verdict.relation == "overlaps" and verdict.by_construction is False
    # Rules that restate the equilibrium conditions exactly (the two-ally expected-cost form of the
    # alliance dilemma, kept as a test model) are found equal to the equilibrium regions, by construction ...
    restated = rule_verdicts(load_model(DATA / "alliance_security_dilemma_expected_costs.toml"), "defensive_realism")
    assert [(v.relation, v.by_construction) for v in restated] == [("equal", True), ("equal", True)]
    # ... while the library's three-player alliance game (with the adversary) has rules that can fail.
    assert not any(v.by_construction for v in rule_verdicts(load_model("alliance_security_dilemma"), "defensive_realism"))
    # Chain-ganging's rules read the offense-defense balance only, and can fail.
    chain = rule_verdicts(load_model("chain_ganging"), "defensive_realism")
    assert not any(v.by_construction for v in chain)
    # Coalitional models have no symbolic region: undecided, never silently by construction.
    assert {v.relation for v in rule_verdicts(load_model("balance_of_power"), "defensive_realism")} == {"undecided"}


def test_not_equilibrium_rules_are_by_construction_when_disjoint():
    model = Model(
        "t", "T", parameters=[{"name": "temptation", "default": 3, "low": 0, "high": 10, "meaning": "T"}],
        players={"A": ["C", "D"], "B": ["C", "D"]},
        payoffs={"C,C": [4, 4], "C,D": [0, "temptation"], "D,C": ["temptation", 0], "D,D": [2, 2]},
        sources=[{"citation": "Jervis, Robert. 1978. Cooperation under the Security Dilemma."}],
        predictions={"defensive_realism": {"rules": [
            {"when": "temptation > 4", "outcome": "C,C", "expect": "not_equilibrium"},
            {"when": "temptation > 2", "outcome": "C,C", "expect": "not_equilibrium"},
        ]}},
    )
    first, second = rule_verdicts(model, "defensive_realism")
    assert first.relation == "disjoint" and first.by_construction is True
    # The second rule applies on (2, 4]: C,C is an equilibrium there, the rule can (and does) fail.
    assert second.relation == "contained" and second.by_construction is False
