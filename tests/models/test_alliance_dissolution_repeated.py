"""Pinned results of the alliance-dissolution model (models/alliance_dissolution_repeated.toml).

Sources: Walt (1997), "Why Alliances Endure or Collapse", Survival 39(1), pp. 156-179 (a receding
threat as the main cause of collapse); Keohane (1984), McCalla (1996) and Wallander (2000) for the
institutionalist counter-claim; Axelrod (1984) for grim trigger. The public-good stage game and
its threat scaling are ours. The repeated game's thresholds are tested in tests/test_repeated_models.py.
"""

from fractions import Fraction

import pytest

from gametheory.games.repeated import RepeatedGame, check_spe, strategies
from gametheory.model import load_model
from gametheory.solvers import solve
from gametheory.study.construction import rule_verdicts

KEY = "alliance_dissolution_repeated"


@pytest.fixture(scope="module")
def model():
    return load_model(KEY)


@pytest.mark.parametrize("threat, expected", [
    (Fraction(2), ("Contribute", "Contribute")),   # h e = 6 > c = 4: contributing dominant
    (Fraction(1), ("Free-ride", "Free-ride")),     # h e = 3 < 4 < 2 h e: Prisoner's Dilemma
    (Fraction(1, 2), ("Free-ride", "Free-ride")),  # 2 h e = 3 < 4: dissolution
])
def test_stage_game_by_threat_level(model, threat, expected):
    """The stage game's unique equilibrium at e = 3, c = 4: contribution iff h e > c, with exact certificates."""
    (equilibrium,) = solve(model.game(threat=threat))
    assert equilibrium.pure_profile == expected
    assert equilibrium.regrets == (0, 0)


@pytest.mark.parametrize("threat, holds", [(Fraction(5, 6), True), (Fraction(4, 5), False)])
def test_grim_trigger_holds_down_to_the_threshold(model, threat, holds):
    """Axelrod (1984); our encoding: grim trigger is subgame perfect iff delta >= c/(h e) - 1, i.e. at
    delta = 3/5 iff h >= h* = c/(e (1 + delta)) = 5/6 (up to c/e = 4/3)."""
    grim = strategies.grim_trigger()
    assert check_spe(RepeatedGame(model.game(threat=threat), Fraction(3, 5)), (grim, grim)).is_spe is holds


def test_rules_read_the_threat_and_can_fail(model):
    """The threat is the structural variable; Walt's, the institutionalists' and the defensive-realist rules
    read only it and none holds by construction. A witness against Walt (1997): at h = 2/5 < 1/2 with
    effective contributions (e = 10, c = 1) contributing stays dominant: the alliance does not hollow out."""
    assert [p.name for p in model.parameters if p.structural] == ["threat"]
    for theory in model.predictions:
        assert all(rule.independent for rule in model.theory(theory).rules)
        assert all(v.by_construction is False for v in rule_verdicts(model, theory))
    (equilibrium,) = solve(model.game(threat=Fraction(2, 5), effectiveness=10, cost=1))
    assert equilibrium.pure_profile == ("Contribute", "Contribute")
    assert equilibrium.regrets == (0, 0)
    assert model.predicted_rule("balance_of_threat", threat=Fraction(2, 5)).outcome == "hollow_alliance"
