"""The [signaling] kind of model: sender types with a prior, messages, receiver responses."""

from fractions import Fraction
from pathlib import Path

import numpy as np
import pytest

from gametheory.model import Model, ModelError, load_model
from gametheory.games.signaling import SignalingGame, pure_pbe
from gametheory.solvers import solve

SOURCE = [{"citation": "Cho, I.-K. and Kreps, D. M. 1987. Signaling games and stable equilibria. QJE 102(2): 179-221."}]


def beer_quiche(**changes):
    """Cho and Kreps' beer-quiche game as a signalling model, with the prior of Weak as a parameter."""
    spec = {
        "sender": "Sender",
        "receiver": "Receiver",
        "types": ["Weak", "Strong"],
        "prior": ["p_weak", "1 - p_weak"],
        "messages": ["Beer", "Quiche"],
        "responses": ["Duel", "Not"],
        "payoffs": {
            "Weak": {"Beer,Duel": [0, 1], "Beer,Not": [2, 0], "Quiche,Duel": ["preference", 1],
                     "Quiche,Not": ["2 + preference", 0]},
            "Strong": {"Beer,Duel": ["preference", 0], "Beer,Not": ["2 + preference", 1], "Quiche,Duel": [0, 0],
                       "Quiche,Not": [2, 1]},
        },
        "meanings": {"Beer": "a strong breakfast"},
    }
    spec.update(changes.pop("signaling", {}))
    arguments = dict(
        parameters=[
            {"name": "p_weak", "default": Fraction(1, 10), "low": 0, "high": 1, "meaning": "prior of the weak type"},
            {"name": "preference", "default": 1, "low": 0, "high": 5, "meaning": "value of the preferred breakfast"},
        ],
        signaling=spec,
        sources=SOURCE,
        outcomes={"beer_pooling": ["Beer/Beer,*"], "quiche_pooling": ["Quiche/Quiche,*"]},
        predictions={"defensive_realism": {"rules": [{"outcome": "beer_pooling"}]}},
    )
    arguments.update(changes)
    return Model("beer_quiche", "Beer and quiche", **arguments)


def direct_game(p_weak=Fraction(1, 10), preference=1):
    return SignalingGame(
        ["Weak", "Strong"], [p_weak, 1 - p_weak], ["Beer", "Quiche"], ["Duel", "Not"],
        [[[0, 2], [preference, 2 + preference]], [[preference, 2 + preference], [0, 2]]],
        [[[1, 0], [1, 0]], [[0, 1], [0, 1]]], players=("Sender", "Receiver"),
    )


def test_signaling_game_matches_the_direct_construction():
    model = beer_quiche()
    assert model.is_signaling and not model.is_bayesian and model.kind == "normal"
    assert model.players == ("Sender", "Receiver")
    assert model.actions == (("Beer", "Quiche"), ("Duel", "Not"))
    assert model.types == (("Weak", "Strong"), ())
    assert model.action_meanings[0] == {"Beer": "a strong breakfast"}
    for values in ({}, {"p_weak": Fraction(1, 2), "preference": 3}):
        game = model.signaling_game(**values)
        expected = direct_game(**values)
        assert game.is_exact
        assert (game.sender_payoff == expected.sender_payoff).all()
        assert (game.receiver_payoff == expected.receiver_payoff).all()
        assert game.prior == expected.prior
    described = [e.describe() for e in pure_pbe(model.signaling_game())]
    assert described == [e.describe() for e in pure_pbe(direct_game())]


def test_game_is_the_strategic_form_and_solves_with_certificates():
    model = beer_quiche()
    game = model.game()
    strategic = model.signaling_game().strategic_form()
    assert game.actions == strategic.actions == (("Beer/Beer", "Beer/Quiche", "Quiche/Beer", "Quiche/Quiche"),
                                                 ("Duel/Duel", "Duel/Not", "Not/Duel", "Not/Not"))
    assert all((a == b).all() for a, b in zip(game.payoffs, strategic.payoffs))
    result = solve(game)
    assert result.exact and result.complete
    assert all(e.regrets == (0, 0) for e in result)
    # float mode: same labels, payoffs within the tolerance
    floats = model.game(exact=False, p_weak=0.3)
    exact = model.game(p_weak=Fraction(3, 10))
    assert all(np.allclose(np.asarray(a, dtype=float), np.asarray(b, dtype=float)) for a, b in zip(floats.payoffs, exact.payoffs))


def test_payoff_arrays_and_predictions_over_arrays():
    model = beer_quiche()
    sender, receiver = model.payoff_arrays(p_weak=np.array([0.1, 0.5]))
    assert sender.shape == (2, 4, 4)
    expected = np.asarray(model.game(exact=False, p_weak=0.5).payoffs[0], dtype=float)
    assert np.allclose(sender[1], expected)
    assert model.predict("defensive_realism", p_weak=np.array([0.1, 0.9])).tolist() == ["beer_pooling", "beer_pooling"]


def test_sweep_and_compare_run_on_a_signalling_model():
    from gametheory.study.compare import compare
    from gametheory.study.sweep import sweep

    model = beer_quiche()
    frame = sweep(model, grid={"p_weak": [0.1, 0.3, 0.7]})
    assert frame["point"].nunique() == 3
    assert frame["max_regret"].max() <= 1e-9
    assert "Sender:Beer/Beer" in frame.columns
    # pooling on beer is an equilibrium at a low prior of the weak type
    assert compare(model, frame).points["agree"].iloc[0]


def test_prior_outside_zero_one_at_the_values_is_rejected():
    model = beer_quiche(signaling={"prior": ["2 * p_weak", "1 - 2 * p_weak"]})
    assert model.signaling_game(p_weak=Fraction(1, 4)).prior == (Fraction(1, 2), Fraction(1, 2))
    with pytest.raises(ValueError, match="prior probability of type 'Weak' is 3/2"):
        model.signaling_game(p_weak=Fraction(3, 4))
    with pytest.raises(ValueError, match="prior probability of type 'Weak'"):
        model.game(p_weak=Fraction(3, 4))


def test_bad_values_are_named():
    model = beer_quiche()
    with pytest.raises(ValueError, match="unknown parameter"):
        model.signaling_game(nothing=1)
    with pytest.raises(ValueError, match="preference"):
        model.signaling_game(preference=9)


def test_outcome_patterns_name_plans():
    model = beer_quiche()
    assert model.outcomes["beer_pooling"] == (("Beer/Beer", "*"),)
    with pytest.raises(ModelError, match="no action 'Beer'") as caught:
        beer_quiche(outcomes={"beer": ["Beer,*"]})
    assert caught.value.key == "outcomes.beer[0]"


def test_structure_errors():
    with pytest.raises(ModelError, match="remove \\['players'\\]"):
        beer_quiche(players={"A": ["x", "y"]})
    with pytest.raises(ModelError, match="sum to"):
        beer_quiche(signaling={"prior": ["p_weak", "p_weak"]})
    with pytest.raises(ModelError, match="no response 'Fight'") as caught:
        beer_quiche(signaling={"payoffs": {"Weak": {"Beer,Fight": [0, 0]}, "Strong": {}}})
    assert caught.value.key == 'signaling.payoffs.Weak."Beer,Fight"'
    with pytest.raises(ModelError, match="no type 'Brave'"):
        beer_quiche(signaling={"payoffs": {"Brave": {}}})
    with pytest.raises(ModelError, match="different names"):
        beer_quiche(signaling={"receiver": "Sender"})
    spec = {"sender": "S", "receiver": "R", "types": ["a"], "prior": [1], "messages": ["m"], "payoffs": {}}
    with pytest.raises(ModelError, match="needs 'responses'"):
        Model("x", "x", signaling=spec, sources=SOURCE, predictions=beer_quiche().predictions)
    with pytest.raises(ModelError, match="above the limit"):
        beer_quiche(signaling={"types": [f"t{k}" for k in range(5)], "prior": ["1/5"] * 5,
                               "messages": [f"m{k}" for k in range(5)]})


def test_signalling_builders_refuse_other_models():
    with pytest.raises(TypeError, match="not a signalling model"):
        load_model("chicken").signaling_game()


def test_a_model_rebuilt_from_its_signaling_spec_is_the_same_game():
    model = beer_quiche()
    again = Model("again", "Again", parameters=model.parameters, signaling=model.signaling, sources=SOURCE,
                  predictions={"defensive_realism": {"rules": [{"outcome": "*,*"}]}})
    assert all((a == b).all() for a, b in zip(again.game().payoffs, model.game().payoffs))


def test_a_signalling_model_loads_from_its_file():
    """The strategic-form encoding of Fearon's signalling game, kept as test data for the [signaling] kind."""
    model = load_model(Path(__file__).parent / "data" / "models" / "deterrence_signaling_strategic_form.toml")
    assert model.is_signaling
    assert model.signaling.messages == ("Nothing", "Sink", "Tie")
    assert model.game().shape == (9, 8)
