"""Pinned results of the three-player extended deterrence model (models/extended_deterrence_triad.toml).

Sources: Huth (1988), Extended Deterrence and the Prevention of War, Yale UP (the
attacker-defender-protege triad); Zagare and Kilgour (2000), Perfect Deterrence,
Cambridge UP, ch. 5, for the deterrence threshold in the reduced form of the
project's catalog (entries 14 and 15: the challenger attacks iff the expected
backing < (c_DC - c_SQ)/(c_DC - c_DD), 1/3 at c_DC = 4, c_SQ = 3, c_DD = 1);
Zagare and Kilgour (2003), ISQ 47(4), for the deterrence-versus-restraint dilemma
in their Tripartite Crisis Game (read from the abstract only); Snyder (1984),
World Politics 36(4), for entrapment. The game tree, the protege's emboldening
threshold (L + g)/(L + 2g - k_P) and the pledge-scope threshold (k_D - v_I)/a
are ours.

The game is the strategic form of a three-move tree (protege, challenger,
defender), so it has Nash equilibria resting on non-credible plans off the
path. ``subgame_perfect`` derives the subgame-perfect profile independently,
by backward induction over the game's own payoffs, and the tests check that
the certified solvers list it (regrets exactly 0 in exact arithmetic).
"""

from fractions import Fraction

import numpy as np
import pytest
import sympy

from gametheory.analysis import pure_equilibrium_conditions, thresholds
from gametheory.model import load_model
from gametheory.solvers import pure_equilibria, solve

KEY = "extended_deterrence_triad"
DETERRENCE = Fraction(1, 3)  # (c_DC - c_SQ)/(c_DC - c_DD) = (4 - 3)/(4 - 1)
EMBOLDENING = Fraction(4, 5)  # (L + g)/(L + 2g - k_P) = (4 + 4)/(4 + 8 - 2)
PLANS = {  # (fight if the protege is attacked, fight if it started the war) -> plan label
    (True, True): "Fight_both",
    (True, False): "Fight_if_attacked",
    (False, True): "Fight_if_protege_starts",
    (False, False): "Abandon_both",
}


@pytest.fixture(scope="module")
def model():
    return load_model(KEY)


@pytest.fixture(scope="module")
def along_credibility(model):
    """Cut points and regimes of the pure equilibria along p_Def, other parameters at their defaults."""
    return thresholds(model.symbolic_game(), "credibility")


def _strict(first, second, what):
    assert first != second, f"payoff tie at {what}: choose a point off the cut points"
    return first > second


def subgame_perfect(model, **values):
    """The subgame-perfect profile, by backward induction over the payoffs of ``model.game(**values)``.

    The defender (uncommitted kind) moves last at two nodes (the protege attacked, the protege
    started the war); the challenger moves after a restrained protege; the protege moves first.
    """
    game = model.game(**values)
    pay = game.payoff_profile
    defender, challenger, protege = 1, 0, 2
    fight_attacked = _strict(pay(("Challenge", "Fight_both", "Restrain"))[defender],
                             pay(("Challenge", "Abandon_both", "Restrain"))[defender], "defender, attacked")
    fight_started = _strict(pay(("Refrain", "Fight_both", "Provoke"))[defender],
                            pay(("Refrain", "Abandon_both", "Provoke"))[defender], "defender, protege started")
    plan = PLANS[fight_attacked, fight_started]
    challenge = _strict(pay(("Challenge", plan, "Restrain"))[challenger],
                        pay(("Refrain", plan, "Restrain"))[challenger], "challenger")
    move = "Challenge" if challenge else "Refrain"
    provoke = _strict(pay((move, plan, "Provoke"))[protege], pay((move, plan, "Restrain"))[protege], "protege")
    return (move, plan, "Provoke" if provoke else "Restrain")


def _pure(model, **values):
    """All pure equilibria, each certified with regrets exactly 0."""
    result = pure_equilibria(model.game(**values))
    assert result.exact
    assert all(e.regrets == (0, 0, 0) for e in result.equilibria)
    return {e.pure_profile for e in result.equilibria}


@pytest.mark.parametrize(
    "credibility, expected",
    [
        (Fraction(1, 5), ("Challenge", "Abandon_both", "Restrain")),
        (Fraction(3, 10), ("Challenge", "Abandon_both", "Restrain")),
        (Fraction(2, 5), ("Refrain", "Abandon_both", "Restrain")),
        (Fraction(1, 2), ("Refrain", "Abandon_both", "Restrain")),
    ],
)
def test_deterrence_threshold_both_sides(model, credibility, expected):
    """Zagare and Kilgour (2000), ch. 5 reduced form; catalog entries 14-15: under an informal pledge the
    challenger attacks a restrained protege iff p_Def < (c_DC - c_SQ)/(c_DC - c_DD) = 1/3; the
    subgame-perfect profile is a certified pure equilibrium on each side."""
    assert (credibility < DETERRENCE) == (expected[0] == "Challenge")
    assert subgame_perfect(model, credibility=credibility) == expected
    assert expected in _pure(model, credibility=credibility)


def test_deterrence_threshold_symbolically(model):
    """Zagare and Kilgour (2000), ch. 5 reduced form; catalog entry 14: the condition under which the challenger
    attacks an abandoned, restrained protege is p_Def <= (c_DC - c_SQ)/(c_DC - c_DD), for several payoffs."""
    conditions = {c.labels: c.nash for c in pure_equilibrium_conditions(model.symbolic_game())}
    attack = conditions[("Challenge", "Abandon_both", "Restrain")]
    deterred = conditions[("Refrain", "Abandon_both", "Restrain")]
    for wins, status_quo, conflict in ((4, 3, 1), (6, 4, 1), (5, 4, 2), (9, 8, 1)):
        cut = Fraction(wins - status_quo, wins - conflict)
        assert cut < Fraction(1, 2)  # below the protege's preemption point and its emboldening point
        for p in (cut - Fraction(1, 50), cut, cut + Fraction(1, 50)):
            point = {"credibility": p, "challenger_wins": wins, "challenger_status_quo": status_quo,
                     "challenger_conflict": conflict}
            assert attack.holds(**point) == (p <= cut), point
            assert deterred.holds(**point) == (p >= cut), point


def test_cut_points_on_credibility(model, along_credibility):
    """Zagare and Kilgour (2003), deterrence versus restraint (our tree): along p_Def the pure equilibria change at
    the deterrence threshold 1/3 and at the emboldening threshold 4/5, and the subgame-perfect profile of each
    regime (below 1/3: attack; between: deterrence and restraint; above 4/5: the protege provokes) is there."""
    result = along_credibility
    cuts = [c.value for c in result.cut_points]
    assert sympy.Rational(1, 3) in cuts and sympy.Rational(4, 5) in cuts
    seen = set()
    for regime in result.regimes:
        if regime.is_point:
            continue
        middle = Fraction(str(sympy.nsimplify((regime.low + regime.high) / 2)))
        expected = subgame_perfect(model, credibility=middle)
        assert expected in regime.pure, (regime.interval_text("p_Def"), expected)
        seen.add(expected)
    assert seen == {
        ("Challenge", "Abandon_both", "Restrain"),
        ("Refrain", "Abandon_both", "Restrain"),
        ("Refrain", "Abandon_both", "Provoke"),
    }


@pytest.mark.parametrize("credibility", [Fraction(3, 4), Fraction(79, 100), Fraction(81, 100), Fraction(9, 10)])
def test_emboldening_threshold_both_sides(model, credibility):
    """Snyder (1984) moral hazard, threshold ours: the protege provokes iff p_Def > (L + g)/(L + 2g - k_P) = 4/5,
    even under a defensive pledge (the committed defender is then entrapped); checked in the symbolic condition
    and in the certified pure equilibria."""
    profile = subgame_perfect(model, credibility=credibility)
    assert (profile[2] == "Provoke") == (credibility > EMBOLDENING)
    assert profile in _pure(model, credibility=credibility)
    conditions = {c.labels: c.nash for c in pure_equilibrium_conditions(model.symbolic_game())}
    assert conditions[("Refrain", "Abandon_both", "Provoke")].holds(credibility=credibility) == (credibility >= EMBOLDENING)


def test_offensive_pledge_entraps_and_defensive_pledge_restrains(model):
    """Snyder (1984) on entrapment; Zagare and Kilgour (2003) deterrence versus restraint (our encoding): under a
    formal treaty (a = 3) a defensive pledge deters the challenger and restrains the protege at any credibility
    below 4/5, while an offensive pledge (s = 1) emboldens the protege to start a war the uncommitted defender
    fights, at any credibility: the defender's payoff falls from 0 to -k_D."""
    for credibility in (Fraction(1, 5), Fraction(1, 2), Fraction(3, 4)):
        defensive = subgame_perfect(model, credibility=credibility, audience_cost=3, pledge_scope=0)
        offensive = subgame_perfect(model, credibility=credibility, audience_cost=3, pledge_scope=1)
        assert defensive == ("Refrain", "Fight_if_attacked", "Restrain")
        assert offensive == ("Refrain", "Fight_both", "Provoke")
        game_d = model.game(credibility=credibility, audience_cost=3, pledge_scope=0)
        game_o = model.game(credibility=credibility, audience_cost=3, pledge_scope=1)
        assert game_d.payoff_profile(defensive)[1] == 0
        assert game_o.payoff_profile(offensive)[1] == -3
        assert game_o.payoff_profile(offensive)[2] > game_d.payoff_profile(defensive)[2]
        assert defensive in _pure(model, credibility=credibility, audience_cost=3, pledge_scope=0)
        assert offensive in _pure(model, credibility=credibility, audience_cost=3, pledge_scope=1)
        assert model.predicted_rule("defensive_realism", credibility=credibility, audience_cost=3,
                                    pledge_scope=1).outcome == "entrapment"
        assert model.predicted_rule("defensive_realism", credibility=credibility, audience_cost=3,
                                    pledge_scope=0).outcome == "deterrence_holds"


def test_pledge_scope_threshold(model):
    """Our encoding: the uncommitted defender backs a protege that started the war iff v_I + s a >= k_D, i.e.
    s >= (k_D - v_I)/a = 2/3 at a = 3 (symbolic cut point, both sides by backward induction)."""
    result = thresholds(model.symbolic_game(), "pledge_scope", audience_cost=3)
    assert [c.value for c in result.cut_points] == [sympy.Rational(2, 3)]
    below = subgame_perfect(model, audience_cost=3, pledge_scope=Fraction(3, 5))
    above = subgame_perfect(model, audience_cost=3, pledge_scope=Fraction(7, 10))
    assert below == ("Refrain", "Fight_if_attacked", "Restrain")
    assert above == ("Refrain", "Fight_both", "Provoke")


def test_informal_pledge_is_cheap_talk(model):
    """Fearon-style cheap talk, as in the two-player model: with no audience cost the pledge's scope changes
    nothing (the game is the same), and deterrence rests on credibility alone."""
    for credibility in (Fraction(1, 5), Fraction(1, 2), Fraction(9, 10)):
        defensive = model.game(credibility=credibility, pledge_scope=0)
        offensive = model.game(credibility=credibility, pledge_scope=1)
        assert all(np.array_equal(a, b) for a, b in zip(defensive.payoffs, offensive.payoffs))


def test_same_threshold_as_the_two_player_reduction(along_credibility):
    """Catalog entry 14: the triad keeps the two-player model's deterrence threshold (both 1/3 at the defaults)."""
    two_player = thresholds(load_model("extended_deterrence").symbolic_game(), "credibility")
    assert sympy.Rational(1, 3) in [c.value for c in two_player.cut_points]
    assert sympy.Rational(1, 3) in [c.value for c in along_credibility.cut_points]


@pytest.mark.parametrize("values", [{}, {"credibility": Fraction(1, 5), "audience_cost": 3, "pledge_scope": 1}])
def test_all_equilibria_certified(model, values):
    """Every equilibrium the general n-player solver returns is certified (regrets exactly 0, probability
    vectors), ties off the path are reported as degeneracy, and the subgame-perfect profile is listed."""
    game = model.game(**values)
    result = solve(game)
    assert result.method == "polynomial_enumeration" and result.exact
    assert result.degenerate  # unreached decision nodes leave players indifferent
    for equilibrium in result.equilibria:
        assert equilibrium.regrets == (0, 0, 0)
        for strategy in equilibrium.strategies:
            assert sum(strategy) == 1 and min(strategy) >= 0
    assert subgame_perfect(model, **values) in {e.pure_profile for e in result.pure}


@pytest.mark.parametrize(
    "values, outcome",
    [
        ({"credibility": 0.2}, "deterrence_fails"),
        ({"credibility": 0.5}, "deterrence_holds"),
        ({"credibility": 0.9}, "protege_provokes"),
        ({"credibility": 0.2, "audience_cost": 3}, "deterrence_holds"),
        ({"credibility": 0.2, "audience_cost": 3, "pledge_scope": 1}, "entrapment"),
        ({"credibility": 0.4, "challenger_conflict": 3.5}, "deterrence_fails"),
    ],
)
def test_defensive_realism_matches_the_subgame_perfect_outcome(model, values, outcome):
    """Snyder (1984); Huth (1988); Zagare and Kilgour (2000, 2003) as encoded: the rule that applies names the
    outcome of the subgame-perfect profile (a dissatisfied challenger, c_DD > c_SQ, attacks at any credibility)."""
    rule = model.predicted_rule("defensive_realism", **values)
    assert rule.outcome == outcome
    exact = {k: Fraction(str(v)) for k, v in values.items()}
    profile = subgame_perfect(model, **exact)
    patterns = model.outcomes[outcome]
    assert any(all(p == "*" or p == a for p, a in zip(pattern, profile)) for pattern in patterns), (profile, patterns)


@pytest.mark.slow
def test_default_sweep_regimes(model):
    """The default sweep (offensive pledge fixed, about 10 s) lists each point's subgame-perfect profile among its
    certified equilibria: deterrence failing (p_Def = 0.2, a = 0), holding (0.5, 0), the protege provoking
    (0.9, 0) and entrapment (a = 3)."""
    from gametheory.study.sweep import sweep

    frame = sweep(model, grid=model.sweep_axes, fixed=model.sweep_fixed)
    assert frame["max_regret"].max() <= 1e-9
    assert frame["point"].nunique() == 6
    for (credibility, audience_cost), rows in frame.groupby(["credibility", "audience_cost"]):
        values = {"credibility": Fraction(str(credibility)), "audience_cost": Fraction(str(audience_cost)),
                  "pledge_scope": 1}
        assert ",".join(subgame_perfect(model, **values)) in set(rows["outcome"].astype(str))
