"""Pinned results of the trust and reassurance model (models/trust_reassurance.toml).

Source: Kydd (2005), Trust and Mistrust in International Relations, Princeton
UP (the Assurance game with trustworthy and untrustworthy types); closed form
and worked numbers as reconstructed in the project's literature catalog,
entry 13 (Kydd's notation unverified): trustworthy types cooperate in
equilibrium iff p >= p* = (P - S)/((R - T_a) + (P - S)); R = 4, T_a = 3,
P = 2, S = 0 give p* = 2/3; all-defect is always an equilibrium.
"""

import itertools
from fractions import Fraction

import pytest
import sympy

from gametheory.analysis import pure_equilibrium_conditions, thresholds
from gametheory.equilibrium import NotAnEquilibriumError, certify
from gametheory.model import load_model
from gametheory.solvers import solve

KEY = "trust_reassurance"
P_STAR = Fraction(2, 3)
COOPERATE = ("C/D", "C/D")  # each state: cooperate if trustworthy, defect if not
DEFECT = ("D/D", "D/D")


@pytest.fixture(scope="module")
def model():
    return load_model(KEY)


def _p_star(reward, temptation, punishment, sucker):
    return Fraction(punishment - sucker, (reward - temptation) + (punishment - sucker))


def _pure(game, profile):
    """The pure mixed-strategy vectors of ``profile`` (plan labels) in ``game``."""
    return [[Fraction(int(label == chosen)) for label in game.actions[i]] for i, chosen in enumerate(profile)]


def test_trust_threshold_is_two_thirds(model):
    """Kydd (2005); catalog entry 13: p* = (P - S)/((R - T_a) + (P - S)) = 2/3 at R = 4, T_a = 3, P = 2, S = 0."""
    d = model.defaults
    assert _p_star(d["reward"], d["reward"] - d["restraint_margin"], d["punishment"], d["punishment"] - d["sucker_loss"]) == P_STAR
    condition = {c.labels: c.nash for c in pure_equilibrium_conditions(model.symbolic_game())}[COOPERATE]
    assert condition.holds(trust=P_STAR) and not condition.holds(trust=P_STAR - Fraction(1, 10**6))


@pytest.mark.slow
def test_trust_threshold_cut_point(model):
    """Kydd (2005); catalog entry 13: the equilibrium set changes at p* = 2/3 (the cut point found by gametheory.analysis.thresholds)."""
    result = thresholds(model.symbolic_game(), "trust")
    assert sympy.Rational(2, 3) in [c.value for c in result.cut_points]
    for regime in result.regimes:
        if regime.high < sympy.Rational(2, 3) and regime.low > 0:
            assert COOPERATE not in regime.pure and DEFECT in regime.pure
        elif regime.low >= sympy.Rational(2, 3):
            assert COOPERATE in regime.pure and DEFECT in regime.pure


@pytest.mark.parametrize(
    "reward, temptation, punishment, sucker",
    [(4, 3, 2, 0), (4, 0, 2, 0), (6, 5, 3, 1), (9, 2, 4, 3), (5, 4, 5, 0)],
)
def test_cooperation_equilibrium_exactly_above_p_star(model, reward, temptation, punishment, sucker):
    """Kydd (2005); catalog entry 13: cooperation by the trustworthy types is an equilibrium exactly when p >= p* (exact, both sides and at p*)."""
    values = {"reward": reward, "restraint_margin": reward - temptation, "punishment": punishment,
              "sucker_loss": punishment - sucker, "greed_margin": 1}
    cut = _p_star(reward, temptation, punishment, sucker)
    condition = {c.labels: c.nash for c in pure_equilibrium_conditions(model.symbolic_game())}[COOPERATE]
    for trust in (cut - Fraction(1, 100), cut, cut + Fraction(1, 100)):
        if not 0 < trust <= 1:
            continue
        game = model.game(trust=trust, **values)
        assert condition.holds(trust=trust, **values) == (trust >= cut)
        if trust >= cut:
            equilibrium = certify(game, _pure(game, COOPERATE))
            assert equilibrium.regrets == (0, 0)
        else:
            with pytest.raises(NotAnEquilibriumError):
                certify(game, _pure(game, COOPERATE))
        # all-defect is an equilibrium at every level of trust
        assert certify(game, _pure(game, DEFECT)).regrets == (0, 0)


@pytest.mark.parametrize("trust, cooperates", [(Fraction(4, 5), True), (Fraction(1, 2), False)])
def test_catalog_points_with_the_solver(model, trust, cooperates):
    """Catalog entry 13: with p = 0.8 trustworthy types cooperate; with p = 0.5 everyone defects (complete exact solve, regrets 0)."""
    result = solve(model.game(trust=trust))
    assert result.exact and result.complete
    assert all(e.regrets == (0, 0) for e in result)
    pure = {e.pure_profile for e in result.pure}
    assert (COOPERATE in pure) is cooperates
    assert DEFECT in pure
    if not cooperates:
        assert pure == {DEFECT} and len(result.equilibria) == 1


def test_beliefs_cooperation_reveals_trustworthiness(model):
    """Kydd (2005): in the cooperative equilibrium cooperation reveals a trustworthy type and defection an untrustworthy one (the spiral's updating)."""
    game = model.bayesian_game(trust=Fraction(4, 5))
    wanted = ("State A[Trustworthy]: C; State A[Untrustworthy]: D; "
              "State B[Trustworthy]: C; State B[Untrustworthy]: D")
    (equilibrium,) = [e for e in game.equilibria() if e.describe() == wanted]
    assert equilibrium.equilibrium.regrets == (0, 0)
    for player in ("State A", "State B"):
        assert equilibrium.posterior(player) == {
            "C": {"Trustworthy": 1, "Untrustworthy": 0},
            "D": {"Trustworthy": 0, "Untrustworthy": 1},
        }


def test_mixed_equilibrium_between_the_two(model):
    """Kydd (2005) reconstruction: above p* a third, mixed equilibrium separates the two basins (trustworthy types cooperate with probability (P - S)/(p((R - T_a) + (P - S)))."""
    trust = Fraction(4, 5)
    result = solve(model.game(trust=trust))
    (mixed,) = result.mixed
    game = mixed.game
    cooperate = game.actions[0].index("C/D")
    # indifference of the trustworthy type: q p (R - T_a) = (1 - q p)(P - S) with q = weight on C/D
    assert mixed.strategies[0][cooperate] == Fraction(2, (1 + 2)) / trust
    assert mixed.regrets == (0, 0)


def test_type_definitions_hold_at_every_parameter_value(model):
    """Kydd (2005): the trustworthy type prefers mutual cooperation to exploiting a cooperator (T_a < R), the
    untrustworthy type the reverse (T_u > R), and being exploited is worse than mutual defection (S < P).
    The ranges of the margins make this hold by construction: at the corners of every range, the
    untrustworthy type's defection is strictly dominant and the trustworthy type's game is an assurance game."""
    bounds = {p.name: (p.low, p.high) for p in model.parameters}
    for name in ("restraint_margin", "greed_margin", "sucker_loss"):
        assert bounds[name][0] > 0
    names = ["reward", "restraint_margin", "greed_margin", "punishment", "sucker_loss"]
    for corner in itertools.product(*(bounds[n] for n in names)):
        values = dict(zip(names, corner))
        R, P = Fraction(values["reward"]), Fraction(values["punishment"])
        T_a, T_u, S = R - Fraction(values["restraint_margin"]), R + Fraction(values["greed_margin"]), P - Fraction(values["sucker_loss"])
        assert T_a < R < T_u and S < P
        # the payoff tables use exactly these values: in the strategic form (ex ante, over its own type),
        game = model.game(trust=Fraction(1, 2), **values)
        plans = game.actions[0]
        row = plans.index("D/D")
        column = game.actions[1].index("C/C")
        # always defecting against a state that always cooperates earns p T_a + (1 - p) T_u, here p = 1/2
        assert game.payoffs[0][row, column] == (T_a + T_u) / 2
    # the untrustworthy types defect in every equilibrium at the defaults, at any trust
    for trust in (Fraction(1, 10), Fraction(1, 2), Fraction(9, 10)):
        for e in solve(model.game(trust=trust)).pure:
            assert all(plan.endswith("/D") for plan in e.pure_profile)


def test_rules_read_trust_only_and_can_fail(model):
    """Glaser 2010 (trust above 1/2: cooperation) fails where p* = l/(m + l) exceeds the trust: at m = 1/2,
    l = 2, p* = 4/5, and at trust 3/5 the trustworthy types do not cooperate. Offensive realism's uniqueness
    fails wherever trust reaches p*."""
    rule = model.predicted_rule("defensive_realism", trust=Fraction(3, 5), restraint_margin=Fraction(1, 2))
    assert rule.outcome == "trust_cooperation" and rule.expect == "equilibrium"
    result = solve(model.game(trust=Fraction(3, 5), restraint_margin=Fraction(1, 2)))
    assert all(e.regrets == (0, 0) for e in result)
    assert COOPERATE not in {e.pure_profile for e in result.pure}
    assert COOPERATE in {e.pure_profile for e in solve(model.game(trust=Fraction(4, 5))).pure}
    assert model.predicted_rule("offensive_realism", trust=Fraction(4, 5)).outcome == "all_defect"
    assert model.predicted_rule("bayesian_realism", trust=Fraction(1, 5)).expect == "not_equilibrium"
    assert model.predicted_rule("bayesian_realism", trust=0) is None
    assert [p.name for p in model.parameters if p.structural] == ["trust"]
