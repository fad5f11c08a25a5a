"""Bayesian games through their strategic form: payoffs, certified equilibria read per type, posteriors."""

import itertools
from fractions import Fraction
from pathlib import Path

import numpy as np
import pytest

from gametheory.games.bayesian import BayesianGame, strategic_form_payoffs
from gametheory.equilibrium import certify
from gametheory.model import Model, load_model
from gametheory.numerics import DEFAULT_TOL

DATA = Path(__file__).parent / "data" / "models"
F = Fraction


def deterrence(p=F(1, 3), gain=2):
    """Challenger (one type) vs a Defender that is Resolved with probability p."""
    u_c = np.array([[[-1, gain], [0, 0]], [[-1, gain], [0, 0]]], dtype=object).reshape(1, 2, 2, 2)
    u_d = np.array([[[1, -1], [2, 2]], [[-2, -1], [2, 2]]], dtype=object).reshape(1, 2, 2, 2)
    return BayesianGame.independent(
        [u_c, u_d], [[1], [p, 1 - p]], players=["Challenger", "Defender"],
        types=[["-"], ["Resolved", "Irresolute"]], actions=[["Challenge", "Wait"], ["Fight", "Concede"]],
    )


def test_strategic_form_payoffs_by_hand():
    game = deterrence().strategic_form()
    assert game.is_exact
    assert game.actions[1] == ("Fight/Fight", "Fight/Concede", "Concede/Fight", "Concede/Concede")
    # Challenger against Fight/Concede: 1/3 * (-1) + 2/3 * 2 = 1
    assert game.payoff_profile(("Challenge", "Fight/Concede")) == (F(1), F(1, 3) * 1 + F(2, 3) * -1)
    assert game.payoff_profile(("Challenge", "Concede/Fight")) == (F(1, 3) * 2 + F(2, 3) * -1, F(1, 3) * -1 + F(2, 3) * -2)
    assert game.payoff_profile(("Wait", "Concede/Concede")) == (0, 2)


def test_equilibria_are_certified_and_read_per_type():
    bayesian = deterrence()
    equilibria = bayesian.equilibria()
    assert equilibria
    for e in equilibria:
        assert e.equilibrium.regrets == (0, 0)
        for table in e.behaviour:
            assert all(sum(row) == 1 for row in table)
    separating = [e for e in equilibria if e.describe() ==
                  "Challenger: Challenge; Defender[Resolved]: Fight; Defender[Irresolute]: Concede"]
    assert len(separating) == 1
    posterior = separating[0].posterior("Defender")
    assert posterior == {"Fight": {"Resolved": 1, "Irresolute": 0}, "Concede": {"Resolved": 0, "Irresolute": 1}}
    assert separating[0].action_probabilities("Defender")["Resolved"] == {"Fight": 1, "Concede": 0}


def test_pooling_posterior_is_the_prior_and_off_path_is_none():
    bayesian = deterrence()
    form = bayesian.strategic_form()
    pooling = bayesian.equilibrium_from(certify(form, [[0, 1], [1, 0, 0, 0]]))
    assert pooling.describe() == "Challenger: Wait; Defender[Resolved]: Fight; Defender[Irresolute]: Fight"
    assert pooling.posterior("Defender") == {"Fight": {"Resolved": F(1, 3), "Irresolute": F(2, 3)}, "Concede": None}


def _interim_check(bayesian, equilibrium, tol):
    """Each type's played actions are best responses to its interim beliefs (independent of the strategic form)."""
    prior = np.asarray(bayesian.prior, dtype=float)
    payoffs = [np.asarray(u, dtype=float) for u in bayesian.payoffs]
    behaviour = [np.asarray(b, dtype=float) for b in equilibrium.behaviour]
    n = bayesian.n_players
    n_types = prior.shape
    n_actions = tuple(len(a) for a in bayesian.actions)
    for i in range(n):
        for t_i in range(n_types[i]):
            values = np.zeros(n_actions[i])
            for t in itertools.product(*(range(k) for k in n_types)):
                if t[i] != t_i or prior[t] == 0:
                    continue
                for a in itertools.product(*(range(m) for m in n_actions)):
                    weight = prior[t] * np.prod([behaviour[j][t[j], a[j]] for j in range(n) if j != i])
                    values[a[i]] += weight * payoffs[i][t + a]
            if values.any() or prior.sum() > 0:
                played = behaviour[i][t_i] > tol
                assert np.all(values[played] >= values.max() - tol * max(1.0, np.abs(values).max()))


@pytest.mark.parametrize("seed", range(8))
def test_random_bayesian_games_equilibria_are_interim_optimal(seed):
    rng = np.random.default_rng(seed)
    n_types, n_actions = (2, 2), (2, 2)
    shape = n_types + n_actions
    payoffs = [rng.integers(-5, 6, shape).astype(object) for _ in range(2)]
    p, q = F(int(rng.integers(1, 4)), 4), F(int(rng.integers(1, 4)), 4)
    bayesian = BayesianGame.independent(payoffs, [[p, 1 - p], [q, 1 - q]])
    assert bayesian.marginal_prior(0).tolist() == [p, 1 - p]
    equilibria = bayesian.equilibria()
    assert equilibria  # every finite game has an equilibrium
    for e in equilibria:
        assert max(e.equilibrium.regrets) == 0
        _interim_check(bayesian, e, DEFAULT_TOL)


def test_float_bayesian_game():
    bayesian = deterrence(p=0.25, gain=2.0)
    assert not bayesian.is_exact
    for e in bayesian.equilibria():
        assert max(e.equilibrium.regrets) <= e.equilibrium.tol
        _interim_check(bayesian, e, 1e-7)


@pytest.mark.parametrize(
    "prior, error, words",
    [
        ([[F(1, 2), F(1, 3)]], ValueError, "sum to 5/6, expected 1"),
        ([[F(3, 2), F(-1, 2)]], ValueError, "is -1/2, expected a number in [0, 1]"),
        ([[0.5, 0.6]], ValueError, "sum to 1.1"),
        ([["a", "b"]], TypeError, "must be a number"),
        ([[1]], ValueError, "prior has shape (1, 1), expected (1, 2)"),
    ],
)
def test_bad_priors(prior, error, words):
    u = [np.zeros((1, 2, 2, 2), dtype=object)] * 2
    with pytest.raises(error) as caught:
        BayesianGame(u, prior)
    assert words in str(caught.value)


def test_bad_payoff_shapes():
    with pytest.raises(ValueError, match="expected 4 \\(one type axis and one action axis per player\\)"):
        BayesianGame([np.zeros((2, 2, 2))] * 2, [[1, 0]])


def test_strategic_form_size_is_bounded():
    with pytest.raises(ValueError, match="above the limit"):
        strategic_form_payoffs([np.zeros((12, 1, 3, 1))], np.ones((12, 1)) / 12, (12, 1), (3, 1))


# ------------------------------------------------------- through a model file
def test_model_with_types():
    model = load_model(DATA / "deterrence_types.toml")
    assert model.is_bayesian
    assert model.types == ((), ("Resolved", "Irresolute"))
    bayesian = model.bayesian_game()
    assert bayesian.strategic_form() == deterrence().strategic_form().replace(title=bayesian.strategic_form().title)
    assert model.game() == bayesian.strategic_form()
    # the symbolic strategic form agrees with the numeric one at other values
    values = {"p_resolved": F(3, 4), "gain": 5}
    assert model.symbolic_game().game(**values) == model.bayesian_game(**values).strategic_form()
    arrays = model.payoff_arrays(p_resolved=np.array([0.25, 0.75]))
    assert arrays[0].shape == (2, 2, 4)
    assert np.allclose(arrays[0][1], np.asarray(model.game(p_resolved=0.75).payoffs[0], dtype=float))


@pytest.mark.parametrize("p, expected", [(F(1, 2), "Challenge"), (F(5, 6), "Wait")])
def test_model_prediction_threshold_matches_equilibrium(p, expected):
    """Deterrence holds iff p > B/(B+1) (2/3 at B = 2) when each defender type plays its dominant action."""
    model = load_model(DATA / "deterrence_types.toml")
    rule = model.predicted_rule("defensive_realism", p_resolved=p)
    assert rule.matches((expected, "Fight/Concede"))
    bayesian = model.bayesian_game(p_resolved=p)
    sequential = [e for e in bayesian.equilibria()
                  if e.equilibrium.is_pure and e.equilibrium.pure_profile[1] == "Fight/Concede"]
    assert [e.equilibrium.pure_profile[0] for e in sequential] == [expected]


def test_model_prior_outside_unit_interval_at_values():
    model = Model(
        "typed", "Typed",
        parameters=[{"name": "q", "default": F(1, 4), "low": 0, "high": 1, "meaning": "m"}],
        players=[{"name": "A", "actions": ["X", "Y"]},
                 {"name": "B", "actions": ["X", "Y"], "types": ["H", "L"], "prior": ["2*q", "1 - 2*q"]}],
        payoffs={t: {"X,X": [1, 1], "X,Y": [0, 0], "Y,X": [0, 0], "Y,Y": [1, 1]} for t in ("H", "L")},
        sources=[{"citation": "test"}],
        predictions={"defensive_realism": {"rules": [{"outcome": "X,*"}]}},
    )
    assert model.game().shape == (2, 4)
    with pytest.raises(ValueError, match="prior probability of type 'H' of player 'B' is 3/2"):
        model.game(q=F(3, 4))
