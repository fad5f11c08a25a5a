"""Published results of the continuous burden-sharing model (Olson and Zeckhauser 1966)."""

from fractions import Fraction

import pytest

from gametheory.games.continuous import action_regrets, best_response_iteration
from gametheory.model import load_model

MODEL = load_model("burden_sharing_continuous")


def closed_form(incomes, alpha):
    """Bergstrom-Blume-Varian equilibrium: contributors keep x* = alpha Q / (1 - alpha)."""
    alpha = Fraction(alpha)
    order = sorted(range(len(incomes)), key=lambda i: -incomes[i])
    for size in range(len(incomes), 0, -1):
        members = order[:size]
        total = (1 - alpha) * sum(Fraction(incomes[i]) for i in members) / ((1 - alpha) + size * alpha)
        keep = alpha * total / (1 - alpha)
        if all(incomes[i] > keep for i in members) and all(incomes[i] <= keep for i in order[size:]):
            return [Fraction(incomes[i]) - keep if i in members else Fraction(0) for i in range(len(incomes))]
    raise AssertionError("no contributor set")


@pytest.mark.parametrize(
    "incomes, expected",
    [
        ((10, 8, 0), (4, 2, 0)),
        ((10, 2, 0), (5, 0, 0)),
        ((10, 6, 2), (Fraction(14, 3), Fraction(2, 3), 0)),
    ],
)
def test_published_equilibria_by_best_response_iteration(incomes, expected):
    """Olson and Zeckhauser 1966, pp. 268-270; catalog entry 5 worked numbers at alpha = 1/2:
    incomes (10, 8) -> (4, 2), (10, 2) -> (5, 0), (10, 6, 2) -> (14/3, 2/3, 0)."""
    game = MODEL.continuous_game(alpha="1/2", income_1=incomes[0], income_2=incomes[1], income_3=incomes[2])
    result = best_response_iteration(game)
    assert result.is_equilibrium
    assert max(result.regrets) <= result.tol
    # An ally with income 0 is absent: no player of the game, its spending fixed at 0.
    assert game.n_players == (3 if incomes[2] > 0 else 2)
    actions = game.action_values(result.point)
    assert [actions[f"q_{k}"] for k in (1, 2, 3)] == pytest.approx([float(q) for q in expected], abs=1e-6)
    assert closed_form(incomes, "1/2") == [Fraction(q) for q in expected]


def test_exploitation_of_the_great_by_the_small():
    """Olson and Zeckhauser 1966, p. 269: the larger ally bears a disproportionate share of the burden.
    Burdens q_i / w_i at (10, 6, 2): 46.7%, 11.1%, 0%."""
    game = MODEL.continuous_game(income_1=10, income_2=6, income_3=2)
    point = best_response_iteration(game).point
    burdens = [q / w for q, w in zip(point, (10, 6, 2))]
    assert burdens == pytest.approx([7 / 15, 1 / 9, 0], abs=1e-6)
    assert burdens[0] > burdens[1] > burdens[2]


@pytest.mark.parametrize("alpha, incomes", [("1/4", (12, 3, 7)), ("3/4", (5, 5, 5)), ("3/4", (20, 1, 1))])
def test_iteration_matches_closed_form_and_is_certified(alpha, incomes):
    """Bergstrom, Blume and Varian 1986, section 4: the closed form, on and off the worked numbers."""
    game = MODEL.continuous_game(alpha=alpha, income_1=incomes[0], income_2=incomes[1], income_3=incomes[2])
    result = best_response_iteration(game)
    assert result.is_equilibrium
    expected = [float(q) for q in closed_form(incomes, alpha)]
    assert result.point == pytest.approx(expected, abs=1e-6)
    assert max(action_regrets(game, expected)) <= 1e-9
    # Off the equilibrium the certificate refuses: the first ally gains by moving.
    off = list(expected)
    off[0] = expected[0] / 2
    assert action_regrets(game, off)[0] > 1e-3


def test_predictions_match_equilibrium_free_riding():
    """Two allies (income_3 = 0): the smaller free-rides iff w_2 <= alpha w_1 (closed form above), which at
    alpha = 1/2 is Olson and Zeckhauser's rule as encoded (w_2 at most half of w_1)."""
    for w2 in (3, 5, 6, 10):
        predicted = str(MODEL.predict("defensive_realism", income_2=w2))
        point = best_response_iteration(MODEL.continuous_game(income_2=w2)).point
        free_rides = point[1] <= 1e-6
        assert (predicted == "small_free_rides") == free_rides, w2


def test_rules_read_sizes_only_and_can_fail():
    """The incomes are the structural variables and every rule reads only them. At alpha = 1/4, w_2 = 4
    (less than half of w_1 = 10) the smaller ally still contributes (4 > alpha w_1 = 5/2): the free-riding
    rule fails there, with the equilibrium certified by its regrets and the closed form."""
    assert {p.name for p in MODEL.parameters if p.structural} == {"income_1", "income_2", "income_3"}
    for theory in MODEL.predictions:
        assert all(rule.independent for rule in MODEL.theory(theory).rules)
    assert str(MODEL.predict("defensive_realism", income_2=4, alpha=Fraction(1, 4))) == "small_free_rides"
    game = MODEL.continuous_game(income_2=4, alpha=Fraction(1, 4))
    point = best_response_iteration(game).point
    expected = closed_form((10, 4, 0), Fraction(1, 4))
    assert all(abs(float(q) - float(e)) < 1e-6 for q, e in zip(point, expected))
    assert expected[1] > 0
    assert max(action_regrets(game, point)) < 1e-6
