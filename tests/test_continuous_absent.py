"""Absent players of continuous games: ``present`` conditions in [continuous] models, and what the outputs show.

The reference is the closed form of voluntary contributions to a public good with Cobb-Douglas utility
(Bergstrom, Blume and Varian 1986, sections 2 and 4): every contributor keeps x* = alpha Q / (1 - alpha),
Q = (1 - alpha) W_C / ((1 - alpha) + |C| alpha) over the contributors C, and ally i contributes iff
w_i > x*. An absent ally is left out of the sum, not counted as an ally who gives nothing.
"""

from __future__ import annotations

import json
import math
import pickle
import re
from fractions import Fraction
from pathlib import Path

import numpy as np
import pytest
import sympy
from hypothesis import given, settings
from hypothesis import strategies as st

from gametheory.games.continuous import AbsentPlayer, ContinuousGame, action_regrets, best_response_iteration
from gametheory.model import Model, ModelError, load_model
from gametheory.model.fingerprint import model_fingerprint
from gametheory.model.registry import model_path
from gametheory.serve import payloads
from gametheory.study.sweep import sweep
from gametheory.study.sweep.kinds import ABSENT, equilibria_at_defaults, solve_kind_points

ACTIONS_TOL = 1e-6  # on actions: the iteration stops at steps of 1e-8


def closed_form(incomes, alpha):
    """Bergstrom-Blume-Varian equilibrium contributions, exact (the allies given are the allies present)."""
    alpha = Fraction(alpha)
    order = sorted(range(len(incomes)), key=lambda i: -incomes[i])
    for size in range(len(incomes), 0, -1):
        members = order[:size]
        total = (1 - alpha) * sum(Fraction(incomes[i]) for i in members) / ((1 - alpha) + size * alpha)
        keep = alpha * total / (1 - alpha)
        if all(incomes[i] > keep for i in members) and all(incomes[i] <= keep for i in order[size:]):
            return [Fraction(incomes[i]) - keep if i in members else Fraction(0) for i in range(len(incomes))]
    raise AssertionError("no contributor set")


def ally(k: int, present=None, low=0) -> dict:
    total = "q_1 + q_2 + q_3"
    spec = {"name": f"Ally {k}", "action": f"q_{k}", "low": low, "high": f"income_{k}",
            "payoff": f"alpha * log(income_{k} - q_{k}) + (1 - alpha) * log({total})",
            "meaning": f"defense spending of ally {k}"}
    if present is not None:
        spec["present"] = present
    return spec


SOURCES = [{"citation": "Bergstrom, Theodore, Lawrence Blume, and Hal Varian. 1986. \"On the Private Provision of "
                        "Public Goods.\" Journal of Public Economics 29 (1): 25-49."}]


def public_good(present="income_3 > 0", *, low_3=0, key="three_allies") -> Model:
    """Three allies of a public good built in Python; the third takes part where ``present`` holds."""
    parameters = [{"name": "alpha", "default": "1/2", "low": "1/20", "high": "19/20", "meaning": "weight of consumption"}]
    parameters += [{"name": f"income_{k}", "default": d, "low": 0, "high": 20, "meaning": f"income of ally {k}"}
                   for k, d in ((1, 10), (2, 8), (3, 0))]
    return Model(
        key, "Three allies of a public good", parameters=parameters, sources=SOURCES,
        continuous=[ally(1), ally(2), ally(3, present, low=low_3)],
        outcomes={
            "small_free_rides": {"description": "the poorer ally spends nothing", "condition": "q_2 == 0 and q_1 > 0"},
            "third_spends": {"description": "the third ally spends", "condition": "q_3 > 0"},
        },
        predictions={"defensive_realism": {"summary": "free riding", "rules": [
            {"when": "2 * income_2 <= income_1", "outcome": "small_free_rides"}]}},
    )


MODEL = public_good()


# ------------------------------------------------------------------------------ the game
def test_game_has_two_players_without_the_third_ally_and_three_with_it():
    two = MODEL.continuous_game()
    assert two.players == ("Ally 1", "Ally 2") and two.n_players == 2
    assert two.bounds == ((0.0, 10.0), (0.0, 8.0)) and two.actions == ("q_1", "q_2")
    assert two.absent == (AbsentPlayer("Ally 3", "q_3", 0.0),)
    three = MODEL.continuous_game(income_3=2)
    assert three.players == ("Ally 1", "Ally 2", "Ally 3") and three.absent == ()
    assert three.bounds[2] == (0.0, 2.0)
    # The absent ally's action is a number in the others' payoffs, not a symbol left over.
    assert all(sympy.Symbol("q_3", real=True) not in e.free_symbols for e in two.expressions)


@pytest.mark.parametrize("alpha, incomes", [
    ("1/2", (10, 8, 0)), ("1/2", (10, 2, 0)), ("1/4", (12, 3, 0)), ("3/4", (5, 5, 0)),
    ("1/2", (10, 6, 2)), ("1/4", (12, 3, 7)), ("3/4", (5, 5, 5)), ("1/2", (4, 9, 16)),
])
def test_certificates_of_the_present_allies_vanish_at_the_closed_form(alpha, incomes):
    """Bergstrom, Blume and Varian 1986, section 4: the present allies' regrets are zero at the closed form, and
    best-response iteration finds it; the absent ally has no regret to report."""
    values = {"alpha": Fraction(alpha), **{f"income_{k + 1}": w for k, w in enumerate(incomes)}}
    game = MODEL.continuous_game(**values)
    present = [w for k, w in enumerate(incomes) if k < 2 or w > 0]
    assert game.n_players == len(present)
    expected = closed_form(present, alpha)
    regrets = action_regrets(game, [float(q) for q in expected])
    assert len(regrets) == game.n_players and max(regrets) <= 1e-9
    result = best_response_iteration(game)
    assert result.is_equilibrium and len(result.regrets) == len(result.payoffs) == game.n_players
    assert result.point == pytest.approx([float(q) for q in expected], abs=ACTIONS_TOL)
    assert all(math.isfinite(p) for p in result.payoffs)
    off = [float(q) for q in expected]
    largest = off.index(max(off))
    off[largest] /= 2  # off the equilibrium the certificate refuses: the largest contributor gains by moving
    assert action_regrets(game, off)[largest] > 1e-3


@pytest.mark.slow  # about 0.3 s per example: each builds and solves the first-order conditions of a new game
@settings(max_examples=25, deadline=None)
@given(alpha=st.sampled_from(["1/4", "1/3", "1/2", "2/3", "3/4"]),
       incomes=st.tuples(st.integers(1, 20), st.integers(1, 20), st.sampled_from([0, 0, 1, 3, 7, 12, 20])))
def test_property_regrets_vanish_at_the_closed_form_of_the_allies_present(alpha, incomes):
    """For any incomes, the allies present are those with a positive income (the first two always), the absent
    ally's spending is fixed at 0, and every present ally's regret at the closed form is 0 (within 1e-9)."""
    values = {"alpha": Fraction(alpha), **{f"income_{k + 1}": w for k, w in enumerate(incomes)}}
    game = MODEL.continuous_game(**values)
    present = [w for k, w in enumerate(incomes) if k < 2 or w > 0]
    assert game.n_players == len(present) and len(game.absent) == 3 - len(present)
    expected = [float(q) for q in closed_form(present, alpha)]
    regrets = action_regrets(game, expected)
    assert len(regrets) == len(present) and max(regrets) <= 1e-9
    assert game.action_values(expected).get("q_3", None) == (expected[2] if len(present) == 3 else 0.0)


def test_absent_on_a_wide_interval_and_present_on_a_degenerate_one():
    """The condition alone decides. Absent with income 6 > 0: the two others play their two-ally equilibrium;
    present with income 0: the ally's interval is [0, 0] and its payoff -inf (log 0) is its own business."""
    absent = public_good("income_3 > 7")
    game = absent.continuous_game(income_3=6)
    assert game.players == ("Ally 1", "Ally 2") and game.absent[0].value == 0.0
    assert best_response_iteration(game).point == pytest.approx([4.0, 2.0], abs=ACTIONS_TOL)
    always = public_good("income_3 >= 0")
    game = always.continuous_game(income_3=0)
    assert game.n_players == 3 and game.bounds[2] == (0.0, 0.0)
    assert best_response_iteration(game).payoffs[2] == -math.inf


def test_the_absent_action_is_fixed_at_its_low_bound_in_the_others_payoffs():
    """With the third ally's spending fixed at 3 (its low bound), the others face 3 units of deterrence already
    provided. At alpha = 1/2 and incomes (10, 2), ally 1 maximises ln(10 - q) + ln(q + 3): q_1 = 7/2 and
    Q = 13/2; ally 2 keeps its whole income 2 <= 13/2 and gives nothing."""
    model = public_good("income_3 > 10", low_3=3)
    game = model.continuous_game(income_1=10, income_2=2, income_3=8)
    assert game.absent == (AbsentPlayer("Ally 3", "q_3", 3.0),)
    result = best_response_iteration(game)
    assert result.is_equilibrium
    assert result.point == pytest.approx([3.5, 0.0], abs=ACTIONS_TOL)
    assert game.action_values(result.point) == pytest.approx({"q_1": 3.5, "q_2": 0.0, "q_3": 3.0}, abs=ACTIONS_TOL)
    assert "Ally 3 absent (q_3 fixed at 3)" in result.describe()


def test_no_player_present_is_refused():
    model = public_good("income_3 > 0")
    nobody = Model("nobody", "Nobody", sources=SOURCES, parameters=[{"name": "w", "default": 0, "low": 0, "high": 1, "meaning": "w"}],
                   continuous=[{"name": "A", "action": "x", "low": 0, "high": 1, "payoff": "x", "present": "w > 0"}])
    with pytest.raises(ValueError, match="no player is present"):
        nobody.continuous_game()
    assert model.continuous_game().n_players == 2


def test_undefined_presence_condition_is_a_value_error_naming_the_player():
    model = public_good("1 / income_3 > 0")
    assert model.continuous_game(income_3=1).n_players == 3
    with pytest.raises(ValueError, match=r"presence condition of player 'Ally 3' .* undefined"):
        model.continuous_game(income_3=0)


def test_presence_survives_pickling_and_leaves_the_fingerprint_alone():
    """Process executors pickle the model; resumed sweeps compare its fingerprint, which the compiled
    conditions (a cache) must not change, while the declared condition must."""
    fresh = public_good()
    before = model_fingerprint(fresh)
    assert fresh.continuous_game().n_players == 2  # compiles the presence conditions
    assert model_fingerprint(fresh) == before == model_fingerprint(MODEL)
    assert model_fingerprint(public_good("income_3 > 1")) != before
    copy = pickle.loads(pickle.dumps(MODEL))
    assert copy.continuous_game().players == ("Ally 1", "Ally 2")
    assert copy.continuous_game(income_3=3).n_players == 3
    assert copy.continuous[2].present == "income_3 > 0" and copy.continuous[0].present is None


def test_sympy_presence_condition_for_models_built_in_python():
    income_3 = sympy.Symbol("income_3")
    model = public_good(income_3 > 1)
    assert model.continuous_game(income_3=1).n_players == 2
    assert model.continuous_game(income_3=2).n_players == 3


# ------------------------------------------------------------------------------ refused conditions
@pytest.mark.parametrize("present, words", [
    ("income_3 >", "syntax error"),
    ("income_4 > 0", "income_4"),
    ("q_1 > 0", "reads action variable(s) ['q_1']"),
    ("income_3 + 1", "condition"),
    ("__import__('os').system('true')", None),
    ("", "expected a condition on the parameters as text"),
    (3, "expected a condition on the parameters as text"),
    (True, "expected a condition on the parameters as text"),
    (sympy.Symbol("income_3") + 1, "expected a condition on the parameters"),
    (sympy.Symbol("income_9") > 1, "undeclared name(s) ['income_9']"),
])
def test_malformed_presence_is_refused_with_the_key_path(present, words):
    with pytest.raises(ModelError) as refused:
        public_good(present)
    assert refused.value.key == "continuous.players[2].present", refused.value
    assert words is None or words in str(refused.value), str(refused.value)


def test_presence_is_never_evaluated_as_python(monkeypatch):
    import builtins

    def forbidden(*args, **kwargs):
        raise AssertionError("eval/exec must not run on a presence condition")

    monkeypatch.setattr(builtins, "eval", forbidden)
    monkeypatch.setattr(builtins, "exec", forbidden)
    model = public_good("income_3 > 0 and not (income_1 < 0)")
    assert model._builder.presence(income_3=1) == (True, True, True)
    assert model._builder.presence(income_3=0) == (True, True, False)
    with pytest.raises(ModelError):
        public_good("(lambda: 1)() > 0")


# ------------------------------------------------------------------------------ sweeps and the page
def test_sweep_rows_mix_absent_and_present_points():
    part = {"income_3": np.array([0.0, 2.0, 0.0, 12.0]), "income_2": np.array([8.0, 6.0, 2.0, 8.0])}
    frame = solve_kind_points(MODEL, part, fixed={"income_1": 10})
    assert len(frame) == 4 and frame["certified"].all()
    present = frame["present:Ally 3"].tolist()
    assert present == [False, True, False, True]
    assert frame["present:Ally 1"].all() and frame["present:Ally 2"].all()
    for _, row in frame.iterrows():
        incomes = [row["income_1"], row["income_2"], row["income_3"]]
        here = [k for k in range(3) if k < 2 or incomes[k] > 0]
        expected = closed_form([int(incomes[k]) for k in here], "1/2")
        assert [row[f"q_{k + 1}"] for k in here] == pytest.approx([float(q) for q in expected], abs=ACTIONS_TOL)
        if row["present:Ally 3"]:
            assert math.isfinite(row["payoff:Ally 3"]) and 0 <= row["regret:Ally 3"] <= row["max_regret"]
        else:
            assert row["q_3"] == 0.0  # the fixed value, read by the outcome conditions
            assert math.isnan(row["payoff:Ally 3"]) and math.isnan(row["regret:Ally 3"])
        regrets = [row[f"regret:Ally {k + 1}"] for k in here]
        assert max(regrets) == row["max_regret"] <= 1e-9
        assert all(math.isfinite(row[f"payoff:Ally {k + 1}"]) for k in here)
    # Income 12 for the third ally: it is the richest and contributes; the outcome condition sees it.
    assert frame.iloc[3]["q_3"] > 0 and "third_spends" in frame.iloc[3]["outcome"]
    assert frame.iloc[2]["outcome"] == "small_free_rides"
    assert not frame.isin([-np.inf, np.inf]).any().any()


def test_equilibria_at_defaults_print_absent_for_the_absent_payoff():
    table = equilibria_at_defaults(MODEL)
    assert table.loc[0, "payoff:Ally 3"] == ABSENT == "absent"
    assert table.loc[0, ["q_1", "q_2", "q_3"]].tolist() == pytest.approx([4.0, 2.0, 0.0], abs=ACTIONS_TOL)
    assert table.loc[0, "payoff:Ally 1"] == pytest.approx(math.log(6), abs=1e-9)
    present = equilibria_at_defaults(public_good("income_3 >= 0"))  # present on [0, 0]: its payoff is a number
    assert present.loc[0, "payoff:Ally 3"] == -math.inf


def test_page_payload_says_absent_and_shows_no_infinity():
    payload = payloads.analysis(MODEL, MODEL.values())
    outcomes = payload["outcomes"]
    row = dict(zip(outcomes["columns"], outcomes["rows"][0]))
    assert row["payoff:Ally 3"] == "absent" and row["q_3"] == "0"
    assert (row["q_1"], row["q_2"], row["certified"]) == ("4", "2", "yes")
    assert not _infinite(payload), _infinite(payload)
    present = payloads.analysis(MODEL, MODEL.values(income_3=2))
    row = dict(zip(present["outcomes"]["columns"], present["outcomes"]["rows"][0]))
    assert row["payoff:Ally 3"] not in ("absent", "") and math.isfinite(float(row["payoff:Ally 3"]))


def _infinite(value, where="payload") -> list[str]:
    """Every place of a JSON-like payload holding an infinity, as a number or as text."""
    if isinstance(value, float):
        return [where] if math.isinf(value) else []
    if isinstance(value, str):
        return [where] if re.search(r"(?<![a-z])inf(inity)?(?![a-z])", value.lower()) or "\u221e" in value else []
    if isinstance(value, dict):
        return [w for k, v in value.items() for w in _infinite(v, f"{where}.{k}")]
    if isinstance(value, (list, tuple)):
        return [w for k, v in enumerate(value) for w in _infinite(v, f"{where}[{k}]")]
    return []


# ------------------------------------------------------------------------------ the game type
def test_absent_players_of_a_callable_game_are_recorded_only():
    w = np.array([10.0, 8.0])
    game = ContinuousGame(["A", "B"], [(0, 10), (0, 8)], lambda q: 0.5 * np.log(w - q) + 0.5 * np.log(q.sum()),
                          absent={"C": ("C", 0)})
    result = best_response_iteration(game)
    assert result.point == pytest.approx([4.0, 2.0], abs=ACTIONS_TOL)
    assert game.action_values(result.point) == pytest.approx({"A": 4.0, "B": 2.0, "C": 0.0}, abs=ACTIONS_TOL)
    assert "absent ['C']" in repr(game)


@pytest.mark.parametrize("absent, error, match", [
    ({"A": ("z", 0)}, ValueError, "both a player and absent"),
    ({"C": ("q1", 0)}, ValueError, "also action names of players"),
    ({"C": ("z", float("nan"))}, ValueError, "fixed action of absent player 'C'"),
    ({"C": ("z", "0")}, TypeError, "fixed action of absent player 'C'"),
    ({"C": "z"}, ValueError, "needs \\(action name, fixed value\\)"),
    ({"C": ("", 0)}, ValueError, "action name must be a non-empty string"),
    ({"C": ("z", 0), "D": ("z", 1)}, ValueError, "duplicate action names"),
    ([("C", "z", 0)], TypeError, "absent must map player names"),
])
def test_bad_absent_players_are_refused(absent, error, match):
    q1, q2 = sympy.symbols("q1 q2")
    with pytest.raises(error, match=match):
        ContinuousGame(["A", "B"], [(0, 1), (0, 1)], [q1 - q2, q2 - q1], actions=["q1", "q2"], absent=absent)


def test_symbolic_game_substitutes_absent_actions_it_is_given():
    q1, q2, q3 = sympy.symbols("q1 q2 q3")
    game = ContinuousGame(["A", "B"], [(0, 100), (0, 100)], [q1 * (90 - q1 - q2 - q3), q2 * (90 - q1 - q2 - q3)],
                          actions=["q1", "q2"], absent={"C": ("q3", 30)})
    result = best_response_iteration(game)
    assert result.is_equilibrium and result.point == pytest.approx([20.0, 20.0], abs=ACTIONS_TOL)  # (90 - 30) / 3
    with pytest.raises(ValueError, match="absent players' actions nor given parameters"):
        ContinuousGame(["A", "B"], [(0, 1), (0, 1)], [q1 * q3, q2], actions=["q1", "q2"])

# ------------------------------------------------------------------------------ the library model
LIBRARY = load_model("burden_sharing_continuous")


def test_library_model_has_two_allies_at_the_defaults_and_three_with_a_third_income():
    """Olson and Zeckhauser 1966 as catalogued: income_3 = 0 (the default) is no third ally."""
    assert LIBRARY.continuous[2].present == "income_3 > 0"
    two = LIBRARY.continuous_game()
    assert two.players == ("Ally 1", "Ally 2") and two.absent == (AbsentPlayer("Ally 3", "q_3", 0.0),)
    result = best_response_iteration(two)
    assert result.is_equilibrium and len(result.regrets) == 2 and all(math.isfinite(p) for p in result.payoffs)
    assert result.point == pytest.approx([4.0, 2.0], abs=ACTIONS_TOL)
    assert "Ally 3 absent (q_3 fixed at 0)" in result.describe() and "inf" not in result.describe()
    three = LIBRARY.continuous_game(income_3=2)
    assert three.players == ("Ally 1", "Ally 2", "Ally 3") and three.absent == ()
    expected = closed_form([10, 8, 2], "1/2")
    assert max(action_regrets(three, [float(q) for q in expected])) <= 1e-9


def test_library_sweep_rows_mix_absent_and_present_third_allies():
    frame = sweep(LIBRARY, grid={"income_3": [0, 4, 12]}, fixed={"income_1": 10, "income_2": 8})
    assert frame["present:Ally 3"].tolist() == [False, True, True] and frame["certified"].all()
    absent = frame.iloc[0]
    assert absent["q_3"] == 0.0 and math.isnan(absent["payoff:Ally 3"]) and math.isnan(absent["regret:Ally 3"])
    assert absent["outcome"] == "both_contribute"
    for k, w3 in ((1, 4), (2, 12)):
        row = frame.iloc[k]
        expected = closed_form([10, 8, w3], "1/2")
        assert [row["q_1"], row["q_2"], row["q_3"]] == pytest.approx([float(q) for q in expected], abs=ACTIONS_TOL)
        assert all(math.isfinite(row[f"payoff:{p}"]) for p in LIBRARY.players)
    assert not frame.isin([-np.inf, np.inf]).any().any()


def test_library_page_and_report_table_at_the_defaults_show_absent_not_minus_infinity():
    payload = payloads.analysis(LIBRARY, payloads.parse_values(LIBRARY, []))
    assert not _infinite(payload), _infinite(payload)
    row = dict(zip(payload["outcomes"]["columns"], payload["outcomes"]["rows"][0]))
    assert row["payoff:Ally 3"] == "absent" and (row["q_1"], row["q_2"], row["q_3"]) == ("4", "2", "0")
    table = equilibria_at_defaults(LIBRARY)
    assert table.loc[0, "payoff:Ally 3"] == "absent"


@pytest.mark.parametrize("present, words", [
    ("income_4 > 0", "income_4"),
    ("q_1 > 0", "reads action variable(s) ['q_1']"),
    ("income_3 >", "syntax error"),
    ("income_3", "condition"),
])
def test_malformed_presence_in_a_model_file_names_file_line_and_key(tmp_path, present, words):
    text = Path(model_path("burden_sharing_continuous")).read_text()
    assert text.count('present = "income_3 > 0"') == 1
    path = tmp_path / "burden_sharing_continuous.toml"
    path.write_text(text.replace('present = "income_3 > 0"', f"present = {json.dumps(present)}"))
    line = 1 + text[: text.index('present = "income_3 > 0"')].count("\n")
    with pytest.raises(ModelError) as refused:
        load_model(path)
    message = str(refused.value)
    assert message.startswith(f"{path}:{line}: continuous.players[2].present: "), message
    assert words in message
