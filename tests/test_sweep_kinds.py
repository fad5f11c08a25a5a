"""Sweeps of continuous and coalitional models: rows, certificates, outcome conditions, resume, the main job."""

from __future__ import annotations

import itertools
import textwrap
from fractions import Fraction

import numpy as np
import pandas as pd
import pytest

from gametheory.games.coalitional import set_partitions
from gametheory.games.continuous import action_regrets
from gametheory.model import ModelError, load_model
from gametheory.study.report import compare_models
from gametheory.study.sweep import SweepInterrupted, sweep
from gametheory.study.sweep import kinds
from gametheory.study.sweep.kinds import (
    ACTION_TOL,
    NO_EQUILIBRIUM,
    coalition_features,
    outcome_table,
    solve_kind_points,
    system_features,
)

BURDEN = load_model("burden_sharing_continuous")
POWER = load_model("balance_of_power")


# ---------------------------------------------------------------- continuous
def test_olson_zeckhauser_equilibrium_at_10_8_in_a_sweep_row():
    """Olson and Zeckhauser 1966, pp. 268-270; Bergstrom, Blume and Varian 1986: at alpha = 1/2 and
    incomes (10, 8) the allies spend (4, 2): both keep alpha Q / (1 - alpha) = 6, the larger spends
    a larger share of its income (40% against 25%)."""
    frame = sweep(BURDEN, grid={"income_2": [8, 2], "alpha": [0.5]}, fixed={"income_1": 10, "income_3": 0})
    assert len(frame) == 2 and frame["point"].tolist() == [0, 1]
    row = frame.iloc[0]
    assert (row["income_1"], row["income_2"], row["income_3"], row["alpha"]) == (10.0, 8.0, 0.0, 0.5)
    assert [row["q_1"], row["q_2"], row["q_3"]] == pytest.approx([4.0, 2.0, 0.0], abs=1e-6)
    assert row["q_1"] / 10 > row["q_2"] / 8  # the exploitation of the great by the small
    # The certificate: the row's regrets, and an independent recomputation at the exact equilibrium.
    # The third ally is absent (income_3 = 0): no payoff, no regret, its spending fixed at 0.
    assert not row["present:Ally 3"] and np.isnan(row["payoff:Ally 3"]) and np.isnan(row["regret:Ally 3"])
    regrets = [row[f"regret:{p}"] for p in BURDEN.players if row[f"present:{p}"]]
    assert row["certified"] and row["converged"] and max(regrets) == row["max_regret"] <= 1e-9
    game = BURDEN.continuous_game(income_1=10, income_2=8, income_3=0, alpha=Fraction(1, 2))
    assert max(action_regrets(game, [4, 2])) <= 1e-12
    assert action_regrets(game, [3.0, 2.0])[0] > 1e-3  # off the equilibrium the certificate refuses
    assert row[f"payoff:{BURDEN.players[0]}"] == pytest.approx(0.5 * np.log(6) + 0.5 * np.log(6), abs=1e-9)
    assert row["outcome"] == "both_contribute" and row["n_equilibria"] == 1
    # Incomes (10, 2): the small ally free-rides, the large keeps alpha w_1 = 5 and spends 5.
    free = frame.iloc[1]
    assert [free["q_1"], free["q_2"]] == pytest.approx([5.0, 0.0], abs=1e-6)
    assert free["outcome"] == "small_free_rides"


def test_outcome_conditions_use_the_action_tolerance():
    """A computed equilibrium action within ACTION_TOL (relative) of 0 counts as 0, one beyond it does not."""
    holds = BURDEN.outcome_holds("small_free_rides", tol=ACTION_TOL, q_1=5.0, q_2=np.array([5e-7, 2e-6, 0.0]), q_3=0.0)
    assert holds.tolist() == [True, False, True]
    # Exact comparisons with tol=0; equal shares at equal incomes satisfy both_contribute (>=).
    assert BURDEN.outcome_holds("both_contribute", tol=0, q_1=2.0, q_2=np.array([2.0, 2.5]), q_3=0.0,
                                income_1=8, income_2=8).tolist() == [True, False]
    with pytest.raises(ValueError, match=r"names \['q_1', 'q_2'\]"):
        BURDEN.outcome_holds("small_free_rides")
    with pytest.raises(ValueError, match="no testable outcome 'nothing'"):
        BURDEN.outcome_holds("nothing", q_1=1, q_2=1, q_3=0)


def test_uncertified_points_are_labelled_and_never_count_as_an_outcome():
    frame = solve_kind_points(BURDEN, {"income_2": np.array([4.0, 8.0])})
    frame.loc[1, "certified"] = False
    labels = kinds.outcome_labels(BURDEN, frame, certified=frame["certified"])
    assert labels.tolist() == ["small_free_rides", NO_EQUILIBRIUM]


def test_resume_of_an_interrupted_continuous_sweep_gives_the_clean_rows(tmp_path, monkeypatch):
    grid = {"income_2": [0, 3, 6, 9], "alpha": [0.25, 0.5]}
    clean = sweep(BURDEN, grid=grid, chunk_size=3)
    solved = []
    original = kinds._continuous_rows

    def interrupted(model, values, tol):
        if len(solved) == 5:  # Ctrl-C while the second chunk runs
            raise KeyboardInterrupt
        solved.append(dict(values))
        return original(model, values, tol)

    monkeypatch.setattr(kinds, "_continuous_rows", interrupted)
    folder = tmp_path / "run"
    with pytest.raises(SweepInterrupted, match="resume=True"):
        sweep(BURDEN, grid=grid, chunk_size=3, directory=folder)
    assert len(list(folder.glob("chunk-*.parquet"))) == 1
    def counted(model, values, tol):
        solved.append(dict(values))
        return original(model, values, tol)

    monkeypatch.setattr(kinds, "_continuous_rows", counted)
    solved.clear()
    resumed = sweep(BURDEN, grid=grid, chunk_size=3, directory=folder, resume=True)
    assert len(solved) == 8 - 3  # the finished chunk is read back, not solved again
    pd.testing.assert_frame_equal(resumed, clean)
    # A changed outcome condition is another sweep: resuming it is refused.
    text = _model_path("burden_sharing_continuous").read_text()
    changed_path = tmp_path / "burden_sharing_continuous.toml"
    changed_path.write_text(text.replace('condition = "q_2 == 0 and q_1 > 0"', 'condition = "q_2 == 0"'))
    changed = load_model(changed_path)
    with pytest.raises(ValueError, match="different sweep"):
        sweep(changed, grid=grid, chunk_size=3, directory=folder, resume=True)


def _model_path(key):
    from gametheory.model import model_directories

    for folder in model_directories():
        path = folder / f"{key}.toml"
        if path.exists():
            return path
    raise AssertionError(f"no model file {key}")


# --------------------------------------------------------------- coalitional
def test_coalitional_rows_are_the_stable_structures_with_their_features():
    frame = sweep(POWER, grid={"power_germany": [5, 11, 12], "power_russia": [4]})
    for point, germany in enumerate((5, 11, 12)):
        values = {"power_germany": germany}
        game = POWER.coalition_game(**values)
        expected = [s.partition for s in game.stable_partitions(division=POWER.division)]
        rows = frame[frame["point"] == point]
        assert rows["n_equilibria"].eq(len(expected)).all() and len(rows) == len(expected) > 0
        assert rows["structure"].tolist() == [" | ".join("+".join(b) for b in p) for p in expected]
        resources = POWER.coalition_resources(**values)
        total = sum(resources.values())
        for partition, (_, row) in zip(expected, rows.iterrows()):
            # Certificate: no coalition blocks the structure (checked again by the engine).
            assert row["blocking"] == 0 and not game.check_partition(partition, division=POWER.division).blocking
            wins = [b for b in partition if 2 * sum(resources[p] for p in b) > total]
            assert row["winning_blocks"] == len(wins) == 1
            assert row["winning_power"] == sum(resources[p] for p in wins[0])
            assert row["winning_size"] == len(wins[0])
            assert row["threatened_states"] == 4 - len(wins[0])
            for p in POWER.players:
                assert row[f"in_winning_{p}"] == (p in wins[0])
            # Proportional division: the winning block shares its worth 1 by power.
            assert row[f"share:{wins[0][0]}"] == pytest.approx(resources[wins[0][0]] / row["winning_power"], abs=1e-12)
            # Riker/Gamson: a stable structure's winning coalition has the fewest resources.
            assert row["winning_power"] == row["least_winning_power"]
    first = frame[frame["point"] == 0].iloc[0]
    assert (first["dominant_states"], first["essential_states"], first["outcome"]) == (0, 0, "balance")
    assert set(frame.loc[frame["point"] == 1, "outcome"]) == {"blocked"}
    assert set(frame.loc[frame["point"] == 2, "outcome"]) == {"hegemony"}


def test_system_features_match_a_direct_count():
    """Dominant, essential and secure counts recomputed from the definitions over every coalition and partition."""
    for germany, russia in itertools.product((0, 5, 11, 12), (0, 4, 9)):
        values = {"power_germany": germany, "power_russia": russia}
        resources = POWER.coalition_resources(**values)
        total = sum(resources.values())
        states = list(resources)
        wins = [set(c) for k in range(1, 5) for c in itertools.combinations(states, k)
                if 2 * sum(resources[p] for p in c) > total]
        features = system_features(POWER, values)
        assert features["dominant_states"] == sum(2 * resources[p] > total for p in states)
        assert features["essential_states"] == sum(all(p in w for w in wins) for p in states)
        assert features["least_winning_power"] == min(sum(resources[p] for p in w) for w in wins)
        secure = sum(all(set(b) == set(states) or set(b) not in wins for b in partition)
                     for partition in set_partitions(states))
        assert features["secure_structures"] == secure
        assert features["stable_structures"] == len(coalition_features(POWER, values))


def test_a_point_without_stable_structures_has_one_placeholder_row(tmp_path):
    """Resources (1, 1, 1, 2) with gains divided by the Shapley value: every structure is blocked
    (the core-stable structures of this hedonic game do not exist); with D dominant some are stable."""
    text = textwrap.dedent('''
        key = "no_stable"
        title = "No stable structure"
        summary = "Three small states and a larger one; gains divided by the Shapley value."
        [[sources]]
        citation = "Test, A. 2024. A source for the tests. Journal 1: 1-2."
        [parameters.d]
        default = 2
        range = [0, 10]
        meaning = "resources of D"
        [coalitional]
        players = ["A", "B", "C", "D"]
        resources = { A = 1, B = 1, C = 1, D = "d" }
        division = "shapley"
        [outcomes.d_wins]
        description = "D is in the winning coalition"
        condition = "in_winning_D == 1"
        [predictions.defensive_realism]
        rules = [{ outcome = "d_wins", expect = "every_equilibrium" }]
        ''')
    path = tmp_path / "no_stable.toml"
    path.write_text(text)
    model = load_model(path)
    game = model.coalition_game()
    assert game.stable_partitions(division="shapley") == []
    for partition in set_partitions(game.players):  # the engine's claim, partition by partition
        assert game.check_partition(partition, division="shapley").blocking
    frame = sweep(model, grid={"d": [2, 6]})
    rows = frame[frame["point"] == 0]
    assert len(rows) == 1 and not rows["certified"].iloc[0] and rows["n_equilibria"].iloc[0] == 0
    assert rows["outcome"].iloc[0] == kinds.NO_STABLE and np.isnan(rows["winning_size"].iloc[0])
    assert rows["dominant_states"].iloc[0] == 0 and rows["stable_structures"].iloc[0] == 0
    dominant = frame[frame["point"] == 1]  # d = 6 of 9 wins alone
    assert len(dominant) > 0 and dominant["certified"].all() and (dominant["dominant_states"] == 1).all()
    from gametheory.study.compare import compare

    points = compare(model, frame).points
    # every_equilibrium needs a stable structure: none at d = 2; D wins in each at d = 6.
    assert points["agree"].tolist() == [False, True] and points["n_equilibria"].tolist()[0] == 0


# ------------------------------------------------------------ model format
HEAD = """
key = "kind_outcomes"
title = "Kind outcomes"
summary = "A test model."
[[sources]]
citation = "Test, A. 2024. A source for the tests. Journal 1: 1-2."
[parameters.big]
default = 4
range = [0, 10]
meaning = "resources of the big state"
[coalitional]
players = ["Big", "Mid", "Small"]
resources = { Big = "big", Mid = 3, Small = 2 }
[outcomes.hegemony]
description = "Big wins alone"
condition = "dominant_states == 1 and in_winning_Big == 1"
[predictions.defensive_realism]
rules = [{ when = "big > 5", outcome = "hegemony", expect = "every_equilibrium" }]
"""


@pytest.mark.parametrize(
    "old, new, key, words",
    [
        ('condition = "dominant_states == 1 and in_winning_Big == 1"', 'condition = "dominant == 1"',
         "outcomes.hegemony.condition", "dominant"),
        ('condition = "dominant_states == 1 and in_winning_Big == 1"', 'condition = "winning_size + 1"',
         "outcomes.hegemony.condition", "expected a condition"),
        ('condition = "dominant_states == 1 and in_winning_Big == 1"', 'condition = "__import__(1) == 1"',
         "outcomes.hegemony.condition", "not allowed"),
        ('condition = "dominant_states == 1 and in_winning_Big == 1"', 'conditon = "dominant_states == 1"',
         "outcomes.hegemony.conditon", "did you mean 'condition'"),
        ('description = "Big wins alone"\n', '', "outcomes.hegemony.description", "missing required key"),
        ('expect = "every_equilibrium"', 'expect = "sometimes"', "rules[0].expect", "every_equilibrium"),
    ],
)
def test_testable_outcome_errors_name_the_key(tmp_path, old, new, key, words):
    assert old in HEAD
    path = tmp_path / "kind_outcomes.toml"
    path.write_text(textwrap.dedent(HEAD.replace(old, new, 1)))
    with pytest.raises(ModelError) as caught:
        load_model(path)
    assert key in str(caught.value) and words in str(caught.value)


def test_expectations_are_kind_specific(tmp_path):
    path = tmp_path / "kind_outcomes.toml"
    path.write_text(textwrap.dedent(HEAD))
    model = load_model(path)
    assert model.theory("defensive_realism").rules[0].expect == "every_equilibrium"
    assert model.outcome_conditions == {"hegemony": "dominant_states == 1 and in_winning_Big == 1"}
    # A continuous model cannot expect every or a unique equilibrium (iteration finds one).
    text = _model_path("burden_sharing_continuous").read_text()
    for expect in ("every_equilibrium", "unique_equilibrium"):
        bad = tmp_path / "burden_sharing_continuous.toml"
        bad.write_text(text.replace('outcome = "small_free_rides", note', f'outcome = "small_free_rides", expect = "{expect}", note', 1))
        with pytest.raises(ModelError, match=r"rules\[0\]\.expect.*\['equilibrium', 'not_equilibrium'\]"):
            load_model(bad)
    # An outcome described in words only can be named, but not tested beyond the default.
    words = tmp_path / "words.toml"
    words.write_text(textwrap.dedent(HEAD.replace(
        '[outcomes.hegemony]\ndescription = "Big wins alone"\ncondition = "dominant_states == 1 and in_winning_Big == 1"',
        '[outcomes]\nhegemony = "Big wins alone"')))
    with pytest.raises(ModelError, match="described in words only"):
        load_model(words)


def test_kind_sweeps_refuse_a_frame_without_their_columns():
    frame = sweep(POWER, grid={"power_germany": [5]})
    with pytest.raises(ValueError, match=r"lacks columns \['alpha'.*'q_1'"):
        outcome_table(BURDEN, frame)


def test_processes_executor_gives_the_serial_rows():
    grid = {"power_germany": [0, 4, 8, 12], "power_russia": [2, 11]}
    serial = sweep(POWER, grid=grid, chunk_size=3)
    parallel = sweep(POWER, grid=grid, chunk_size=3, executor="processes", workers=2)
    pd.testing.assert_frame_equal(serial, parallel)


# ------------------------------------------------------------ the main job
def test_compare_models_covers_both_kinds(tmp_path):
    summary, reports = compare_models(["burden_sharing_continuous", "balance_of_power"], tmp_path, progress=False)
    table = summary.set_index("model")
    burden, power = reports
    assert not burden.skipped and not power.skipped
    # Default grids: 11 incomes x 3 weights; 25 x 25 resources. Every point has a prediction.
    assert table.loc["burden_sharing_continuous", "points"] == 33 == table.loc["burden_sharing_continuous", "predicted"]
    assert table.loc["balance_of_power", "points"] == 625 == table.loc["balance_of_power", "predicted"]
    # Defensive realism reads the sizes only (an ally under half its partner's income free-rides, comparable
    # allies both contribute), while the equilibrium has the small ally free-ride iff w_2 <= alpha w_1: the
    # rule fails exactly where the two cut-offs disagree. Balance of power agrees everywhere; offensive
    # realism's buck-passing fails exactly where both allies contribute.
    own = burden.comparisons["defensive_realism"].points
    w1, w2, alpha = own["income_1"], own["income_2"], own["alpha"]
    free_rides = w2 <= alpha * w1 + 1e-9
    expected = (2 * w2 <= w1) == free_rides
    assert (own["agree"].astype(bool) == expected).all() and expected.sum() == 28
    assert table.loc["burden_sharing_continuous", "agreement"] == pytest.approx(28 / 33)
    assert table.loc["balance_of_power", "agreement"] == 1.0
    rival = burden.comparisons["offensive_realism"].points
    w1, w2, alpha = rival["income_1"], rival["income_2"], rival["alpha"]
    both = w2 > alpha * w1 + 1e-9
    assert (rival["agree"].astype(bool) == ~both).all() and both.sum() == 16
    assert table.loc["burden_sharing_continuous", "agreement: offensive realism"] == pytest.approx(17 / 33)
    # Every row's certificate holds; the regimes are the outcome labels.
    assert burden.frame["certified"].all() and (burden.frame["max_regret"] <= 1e-9).all()
    # Regimes are built from the model's outcome labels ('a + b' where a structure lies in two outcomes,
    # 'x | y' where equilibria differ); all three of defensive realism's outcomes occur on the grid.
    regimes = set(power.comparisons["defensive_realism"].points["regime"])
    parts = {label for regime in regimes for option in regime.split(" | ") for label in option.split(" + ")}
    assert parts == {"balance", "blocked", "hegemony", "potential_hegemon_balanced"}
    assert {"balance", "blocked", "hegemony"} <= regimes
    for key in ("burden_sharing_continuous", "balance_of_power"):
        for name in ("sweep.parquet", "points.csv", "by_rule.md", "equilibria_at_defaults.tex", "regime_map.png"):
            assert (tmp_path / key / name).stat().st_size > 0, (key, name)
    defaults = pd.read_csv(tmp_path / "burden_sharing_continuous" / "equilibria_at_defaults.csv")
    assert defaults.loc[0, ["q_1", "q_2"]].tolist() == pytest.approx([4.0, 2.0], abs=1e-6)
