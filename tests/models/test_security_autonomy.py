"""Published hypotheses of the security-autonomy model (Morrow 1991), in our three-player encoding."""

from fractions import Fraction

from gametheory.equilibrium import certify
from gametheory.model import load_model
from gametheory.solvers import pure_equilibria

MODEL = load_model("security_autonomy")


def alliances(**values) -> set:
    """Which alliances form in some pure equilibrium (exact certificates checked)."""
    game = MODEL.game(**values)
    result = pure_equilibria(game)
    formed = set()
    for equilibrium in result.equilibria:
        assert all(r == 0 for r in equilibrium.regrets)
        minor, major, peer = equilibrium.pure_profile
        if minor == "Ask_major" and major == "Accept":
            formed.add("asymmetric")
        elif minor == "Ask_peer" and peer == "Accept":
            formed.add("symmetric")
    return formed


def test_catalog_numbers_asymmetric_forms_symmetric_does_not():
    """Morrow 1991, H1 (asymmetric alliances form more easily); catalog entry 9 with sigma = theta = 1:
    major (-1 security, +3 autonomy) gets +2, minor (+4, -2) gets +2: the asymmetric alliance forms;
    symmetric partners (+1, -1.5) get -0.5 each: no symmetric alliance."""
    game = MODEL.game()
    assert game.payoff_profile(("Ask_major", "Accept", "Refuse")) == (2, 2, 0)
    assert game.payoff_profile(("Ask_peer", "Refuse", "Accept")) == (Fraction(-1, 2), 0, Fraction(-1, 2))
    assert alliances() == {"asymmetric"}
    assert str(MODEL.predict("security_autonomy")) == "asymmetric_alliance"
    assert str(MODEL.predict("defensive_realism")) == "no_alliance"


def test_symmetric_alliance_needs_a_high_threat():
    """Capability aggregation (Walt 1987, ch. 2) vs Morrow 1991: a symmetric alliance forms only when the
    weight on security exceeds theta * 1.5 / 1 = 1.5 (both threshold sides checked)."""
    assert "symmetric" not in alliances(security_weight="7/5")
    assert "symmetric" in alliances(security_weight="8/5")
    assert str(MODEL.predict("defensive_realism", security_weight=1.6)) == "symmetric_alliance"


def test_capability_change_breaks_alliances_and_asymmetric_ones_last_longer():
    """Morrow 1991, H2 (a larger change in capabilities makes a break likelier) and H1 (asymmetric
    alliances last longer): the minor keeps the asymmetric alliance while 4 (1 - change) >= 2, i.e. a
    change up to 1/2; at a security weight of 2 the symmetric alliance (2 (1 - change) > 1.5) breaks
    already beyond a change of 1/4."""
    assert "asymmetric" in alliances(capability_change="1/2")
    assert "asymmetric" not in alliances(capability_change="3/5")
    assert str(MODEL.predict("security_autonomy", capability_change=0.6)) == "asymmetric_alliance"  # the rule names it
    assert MODEL.predicted_rule("security_autonomy", capability_change="3/5").expect == "not_equilibrium"
    assert "symmetric" in alliances(security_weight=2, capability_change="1/5")
    assert "symmetric" not in alliances(security_weight=2, capability_change="3/10")
    assert "asymmetric" in alliances(security_weight=2, capability_change="3/10")


def test_major_refuses_when_autonomy_is_worth_less_than_the_commitment():
    """Morrow 1991: the major power allies only for an autonomy gain worth its security cost."""
    assert "asymmetric" not in alliances(major_autonomy_gain="1/2")
    game = MODEL.game(major_autonomy_gain="1/2")
    # Accepting is not a best reply for the major when asked.
    refused = certify(game, [[1, 0, 0], [0, 1], [0, 1]])
    assert all(r == 0 for r in refused.regrets)
