"""Repeated alliance models (models/*repeated*.toml) and the ``gametheory repeated`` command."""

from __future__ import annotations

import json
from fractions import Fraction

import pytest
import sympy
from click.testing import CliRunner

from gametheory.cli import main
from gametheory.model import load_model
from gametheory.games.repeated import RepeatedGame
from gametheory.games.repeated import analysis as an
from gametheory.games.repeated import discount as dc
from gametheory.games.repeated import strategies as st

GRIM = (st.grim_trigger(), st.grim_trigger())


def test_burden_sharing_threshold_closed_form_and_relative_gains():
    """Grim trigger: delta* = (T-R)/(T-P) = (cost - benefit + k cost)/(benefit + k cost), rising in k."""
    model = load_model("alliance_burden_sharing_repeated")
    result = dc.critical_discount(RepeatedGame(model.symbolic_game()), GRIM)
    b, c, k = (model.symbolic_game().symbols[n] for n in ("benefit", "cost", "relative_gains"))
    assert sympy.simplify(result.critical - (c - b + k * c) / (b + k * c)) == 0
    thresholds = []
    for weight in (0, Fraction(1, 2), 1, 2):
        game = RepeatedGame(model.game(relative_gains=weight))
        found = dc.critical_discount(game, GRIM).critical
        assert found == result.critical.subs({b: 3, c: 4, k: sympy.nsimplify(weight)})
        thresholds.append(found)
    assert thresholds == sorted(thresholds) and thresholds[0] == sympy.Rational(1, 3)
    # With these payoffs T + S = R + P, so Axelrod's two TFT conditions coincide.
    tft = dc.critical_discount(RepeatedGame(model.game()), (st.tit_for_tat(),) * 2, notion="nash")
    assert tft.critical == thresholds[0]


def test_dissolution_threat_threshold():
    """Cooperation under grim trigger needs threat >= cost/(effectiveness (1 + delta)) (and <= cost/effectiveness)."""
    model = load_model("alliance_dissolution_repeated")
    symbolic = model.symbolic_game()
    for delta in (Fraction(3, 5), Fraction(1, 2), Fraction(9, 10)):
        found = dc.parameter_set(RepeatedGame(symbolic, delta), GRIM, "threat")
        low = Fraction(4) / (3 * (1 + delta))
        assert found == sympy.Interval(sympy.Rational(low.numerator, low.denominator), sympy.Rational(4, 3))
    # Against the definition (one-shot deviations) on both sides of each end.
    for threat, holds in [(Fraction(5, 6), True), (Fraction(4, 5), False), (Fraction(4, 3), True), (Fraction(3, 2), False)]:
        game = RepeatedGame(model.game(threat=threat), Fraction(3, 5))
        assert an.check_spe(game, GRIM).is_spe == holds


def test_dissolution_over_time_as_the_threat_recedes():
    """A receding threat h_t = 1.2 (0.95)^t: cooperation stops being sustainable exactly when h_t < 5/6."""
    model = load_model("alliance_dissolution_repeated")
    delta = Fraction(3, 5)
    threshold = Fraction(5, 6)
    threat = Fraction(6, 5)
    verdicts = []
    for _ in range(15):
        game = RepeatedGame(model.game(threat=threat), delta)
        verdicts.append((an.check_spe(game, GRIM).is_spe, threat >= threshold))
        threat *= Fraction(19, 20)
    assert all(spe == expected for spe, expected in verdicts)
    assert verdicts[0] == (True, True) and verdicts[-1] == (False, False)


def invoke(*args):
    return CliRunner().invoke(main, list(args))


def test_cli_text_output():
    result = invoke("repeated", "alliance_burden_sharing_repeated", "--strategies", "grim,tft", "--delta", "0.6")
    assert result.exit_code == 0, result.output
    assert "Discounted payoffs (normalised): Ally A 2, Ally B 2" in result.output
    assert "Subgame perfect: no" in result.output and "Nash equilibrium: yes" in result.output
    grim = invoke("repeated", "alliance_dissolution_repeated", "--strategies", "grim", "--solve-for", "threat")
    assert grim.exit_code == 0, grim.output
    assert "SPE for threat in: [5/6, 4/3]" in grim.output
    assert "SPE closed form: delta >= (cost - effectiveness*threat)/(effectiveness*threat)" in grim.output


def test_cli_json_output():
    result = invoke("repeated", "alliance_dissolution_repeated", "--strategies", "grim,grim", "--delta", "3/5",
                    "--set", "threat=4/5", "--format", "json")
    assert result.exit_code == 0, result.output
    data = json.loads(result.output)
    assert data["spe"]["holds"] is False and data["spe"]["witness"]["action"] == "Free-ride"
    assert data["spe"]["witness"]["gain"] == "4/25"
    assert data["thresholds"]["spe"]["critical"] == "2/3"
    assert data["payoffs"] == {"Ally A": "4/5", "Ally B": "4/5"}


def test_cli_strategy_from_a_toml_file(tmp_path):
    path = tmp_path / "two_strikes.toml"
    path.write_text(
        'name = "Two strikes"\ninitial = "ok"\n'
        '[states.ok]\nplay = "C"\non = { "*,C" = "ok", "*,D" = "warned" }\n'
        '[states.warned]\nplay = "C"\non = { "*,C" = "ok", "*,D" = "out" }\n'
        '[states.out]\nplay = "D"\n',
        encoding="utf-8",
    )
    result = invoke("repeated", "alliance_burden_sharing_repeated", "--strategies", f"{path},alld", "--format", "json")
    assert result.exit_code == 0, result.output
    data = json.loads(result.output)
    assert data["strategies"]["Ally A"] == "Two strikes"
    assert data["path"]["prefix"] == [["Contribute", "Free-ride"], ["Contribute", "Free-ride"]]


@pytest.mark.parametrize(
    "args, message",
    [
        (["alliance_burden_sharing_repeated", "--strategies", "nice"], "unknown strategy 'nice'"),
        (["stag_hunt"], "no 'discount' parameter: give --delta"),
        (["alliance_burden_sharing_repeated", "--delta", "1"], "the discount factor must be below 1"),
        (["alliance_burden_sharing_repeated", "--solve-for", "threat"], "no parameter 'threat'"),
        (["alliance_burden_sharing_repeated", "--strategies", "grim,tft,alld"], "one or two strategies"),
    ],
)
def test_cli_errors_are_one_line(args, message):
    result = invoke("repeated", *args)
    assert result.exit_code == 2
    assert message in result.output and len(result.output.strip().splitlines()) == 1
