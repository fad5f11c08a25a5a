"""Historical cases: the case files, their validation against the models, the command and the predictions shown.

The predictions ``gametheory cases`` shows are checked against an independent
route: the model's game built at the coded point in exact arithmetic and
solved directly (Nash equilibria of the strategic form for simultaneous games,
the tree solver under the model's concept for trees), with every equilibrium's
certificate checked, and each theory's rules decided at the point by exact
substitution into their conditions.
"""

from __future__ import annotations

import io
import json
import shutil
from fractions import Fraction
from pathlib import Path

import pytest
from click.testing import CliRunner
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from gametheory.cli.main import main
from gametheory.model import load_model
from gametheory.study.case_tables import case_table
from gametheory.study.cases import (
    CaseError,
    case_directories,
    coded_point,
    evaluate_case,
    list_cases,
    load_case,
    load_cases,
    sensitivity,
)

BAD = Path(__file__).parent / "data" / "cases"

#: Cases the library must hold (issue: NATO, the Warsaw Pact, 1914, the 1930s, SEATO, NATO after 1991, Walt's Middle East).
REQUIRED = ("nato_1949", "warsaw_pact_1955", "july_1914", "buck_passing_1930s", "seato_1977", "nato_after_1991")
WALT_1987 = ("baghdad_pact_1955", "egypt_soviet_1955", "united_arab_republic_1958", "jordan_1970",
             "arab_coalition_1967", "egypt_realignment_1972")

CASES = list_cases()


@pytest.fixture(scope="module")
def results():
    """Every built-in case evaluated once (the command and the cross-checks read the same results)."""
    return {case.key: evaluate_case(case) for case in load_cases()}


# ------------------------------------------------------------------ the files
def test_the_library_has_the_required_cases():
    assert len(CASES) >= 12, CASES
    missing = [key for key in REQUIRED if key not in CASES]
    assert not missing, f"missing cases {missing}"
    walt = [key for key in WALT_1987 if key in CASES]
    assert len(walt) >= 4, f"cases from Walt 1987: {walt}"
    assert case_directories(), "no cases/ directory"


@pytest.mark.parametrize("key", CASES)
def test_case_loads_and_validates_against_its_model(key):
    case = load_case(key)
    model = load_model(case.model)
    structural = {p.name for p in model.parameters if getattr(p, "structural", False)}
    assert case.coding, "a case codes at least one structural parameter"
    assert {c.parameter for c in case.coding} <= structural
    outcomes = set(model.outcomes) | set(getattr(model, "outcome_conditions", {}))
    assert case.record.outcome in outcomes
    for item in list(case.coding) + [case.record]:
        assert item.source in case.sources
        assert item.where.strip() or (not item.settled and item.note.strip()), item
    assert case.summary.strip() and case.period.strip()


def test_cases_are_ordered_by_year():
    years = [case.year for case in load_cases()]
    assert years == sorted(years)


def test_unsettled_codings_are_reported(tmp_path):
    text = (BAD / "unknown_source.toml").read_text().replace('source = "snyder_1990"',
                                                                'source = "christensen_snyder_1990"')
    text = text.replace('key = "unknown_source"', 'key = "unsettled"').replace(
        'where = "pp. 137-168"\n\n[record]', 'settled = false\nnote = "the sources disagree"\n\n[record]', 1)
    path = tmp_path / "unsettled.toml"
    path.write_text(text)
    case = load_case(path)
    assert case.unsettled == ("offense_dominance",)
    result = evaluate_case(case)
    table = case_table([result])
    assert set(table["settled"]) == {"no: offense_dominance"}


# ------------------------------------------------------------- bad case files
MALFORMED = [
    ("unknown_model.toml", "model", 6, "no built-in model 'chain_gangs'"),
    ("unknown_parameter.toml", "coding.offense_dominanse", 12, "has no parameter 'offense_dominanse'"),
    ("payoff_parameter.toml", "coding.war_cost", 12, "not a structural parameter"),
    ("out_of_range.toml", "coding.offense_dominance.value", 13, "outside the range [0, 1]"),
    ("unknown_outcome.toml", "record.outcome", 18, "has no outcome 'chain_gangs'"),
    ("unknown_source.toml", "coding.offense_dominance.source", 14, "not in the case's [sources]"),
    ("missing_where.toml", "coding.offense_dominance.where", 12, "says where in the source"),
    ("unknown_key.toml", "perod", 4, "did you mean 'period'?"),
]


@pytest.mark.parametrize("name, key, line, reason", MALFORMED)
def test_malformed_case_names_file_case_and_key(name, key, line, reason):
    path = BAD / name
    with pytest.raises(CaseError) as caught:
        load_case(path)
    message = str(caught.value)
    assert message.startswith(f"{path}:{line}: case '{path.stem}': {key}: "), message
    assert reason in message and "\n" not in message
    assert caught.value.case == path.stem and caught.value.key == key and caught.value.line == line


@pytest.mark.parametrize("name, key, line, reason", MALFORMED + [("bad_toml.toml", "", 13, "invalid TOML")])
def test_malformed_case_on_the_command_line_is_one_line(name, key, line, reason):
    path = BAD / name
    result = CliRunner().invoke(main, ["cases", "--case", str(path)], standalone_mode=True)
    assert result.exit_code == 2, result.output
    lines = result.output.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith(f"Error: {path}:{line}: "), result.output
    assert reason in lines[0] and key in lines[0]
    assert "Traceback" not in result.output


def test_bad_toml_names_line_and_column():
    with pytest.raises(CaseError, match=r"bad_toml\.toml:13: invalid TOML \(column 13\)"):
        load_case(BAD / "bad_toml.toml")


def test_unknown_case_key_suggests_the_nearest():
    result = CliRunner().invoke(main, ["cases", "--case", "july_1915"])
    assert result.exit_code == 2
    assert "no built-in case 'july_1915' (did you mean 'july_1914'?)" in result.output


def test_a_case_file_is_data_never_code(tmp_path):
    text = (BAD / "out_of_range.toml").read_text().replace("value = 1.5", 'value = "__import__(\'os\')"')
    path = tmp_path / "out_of_range.toml"
    path.write_text(text)
    with pytest.raises(CaseError, match=r"coding\.offense_dominance\.value: .*not a number|coding\.offense_dominance\.value"):
        load_case(path)


def test_missing_file_and_model_path_are_one_line_errors(tmp_path):
    result = CliRunner().invoke(main, ["cases", "--case", str(tmp_path / "absent.toml")])
    assert result.exit_code == 2 and result.output.strip() == f"Error: {tmp_path / 'absent.toml'}: the case file does not exist"
    text = (BAD / "unknown_model.toml").read_text().replace('model = "chain_gangs"', 'model = "models/chain_ganging.toml"')
    path = tmp_path / "unknown_model.toml"
    path.write_text(text)
    with pytest.raises(CaseError, match=r"unknown_model\.toml:6: case 'unknown_model': model: .* is not a model key"):
        load_case(path)


def test_key_must_name_the_file(tmp_path):
    path = tmp_path / "other_name.toml"
    path.write_text((BAD / "unknown_model.toml").read_text())
    with pytest.raises(CaseError, match=r"other_name\.toml:2: case 'unknown_model': key: the key 'unknown_model' differs"):
        load_case(path)


def test_long_decimal_is_refused(tmp_path):
    text = (BAD / "out_of_range.toml").read_text().replace("value = 1.5", 'value = "1/3"')
    path = tmp_path / "out_of_range.toml"
    path.write_text(text)
    with pytest.raises(CaseError, match="not a short decimal"):
        load_case(path)


# ----------------------------------------------------------------- the command
@pytest.mark.parametrize("output_format", ["text", "csv", "latex"])
def test_command_prints_every_case(output_format, results):
    result = CliRunner().invoke(main, ["cases", "--format", output_format])
    assert result.exit_code == 0, result.output
    output = result.output
    if output_format == "csv":
        import pandas as pd

        table = pd.read_csv(io.StringIO(output), keep_default_na=False)
        assert set(table["case"]) == set(CASES)
        expected = sum(max(1, len(r.theories)) for r in results.values())
        assert len(table) == expected
        for row in table.itertuples():
            verdict = {v.theory: v for v in results[row.case].theories}.get(row.theory)
            assert row.record == results[row.case].case.record.outcome
            assert row.equilibria_match == results[row.case].equilibria_record
            if verdict is not None:
                assert row.theory_match == verdict.record
                assert str(row.predicted) == verdict.predicted
    elif output_format == "latex":
        for label in ("tab:cases", "tab:cases-theories", "tab:cases-coding"):
            assert rf"\label{{{label}}}" in output
        assert r"\begin{longtable}" in output and r"\begin{description}" in output
        for key in CASES:
            assert rf"\textbf{{{key.replace('_', chr(92) + '_')}}}" in output
    else:
        for result_ in results.values():
            assert f"[{result_.case.key}]" in output
            assert f"record: {result_.case.record.outcome} [" in output
        assert f"{len(CASES)} cases." in output


@pytest.mark.parametrize("output_format", ["text", "csv", "latex"])
def test_command_with_one_case(output_format, results):
    result = CliRunner().invoke(main, ["cases", "--case", "july_1914", "--format", output_format])
    assert result.exit_code == 0, result.output
    assert "july" in result.output
    others = [key for key in CASES if key != "july_1914"]
    shown = result.output.replace("\\_", "_")
    assert not any(f"{key}" in shown.split() or f"[{key}]" in shown for key in others)
    if output_format == "text":
        assert "equilibria: chain_gang (Attack,Commit,Commit); max regret 0" in result.output
        assert "1 case." in result.output


def test_command_with_several_cases():
    result = CliRunner().invoke(main, ["cases", "--case", "july_1914", "--case", "buck_passing_1930s"])
    assert result.exit_code == 0, result.output
    assert "[july_1914]" in result.output and "[buck_passing_1930s]" in result.output
    assert "2 cases." in result.output


def test_command_is_listed():
    result = CliRunner().invoke(main, ["--help"])
    assert "cases" in result.output


# ------------------------------------------- predictions against direct solving
def _direct_normal(model, point):
    """Pure equilibria (labels) and the named outcomes each realises, solved exactly from the game itself."""
    import gametheory as gt

    game = model.game(**{n: (int(v) if isinstance(v, Fraction) and v.denominator == 1 else v) for n, v in point.items()})
    solved = gt.solve(game)
    assert solved.equilibria, "no equilibrium found"
    labels = []
    for equilibrium in solved.equilibria:
        assert max(equilibrium.regrets) <= 1e-9, equilibrium.regrets  # the certificate
        profile = equilibrium.pure_profile if equilibrium.is_pure else None
        labels.append(",".join(profile) if profile else "mixed")
    return labels


def _matches(profile: str, patterns) -> bool:
    parts = tuple(profile.split(","))
    return any(len(p) == len(parts) and all(a in ("*", b) for a, b in zip(p, parts)) for p in patterns)


def _direct_tree(model, point):
    from gametheory.model.kinds.tree import reached_outcomes
    from gametheory.study.sweep.trees import solve_tree_model

    solved = solve_tree_model(model, **{n: (int(v) if isinstance(v, Fraction) and v.denominator == 1 else v)
                                        for n, v in point.items()})
    found = []
    for equilibrium in solved.equilibria:
        regret = getattr(equilibrium, "max_subgame_regret", None)
        regret = max(equilibrium.gaps, default=0) if regret is None else regret
        assert regret == 0, regret  # exact: the certificate is exactly zero
        reached = reached_outcomes(equilibrium)
        found.append(tuple(name for name, members in model.outcomes.items()
                           if sum((reached.get(m, 0) for m in members), 0) == 1))
    return found


@pytest.mark.parametrize("key", CASES)
def test_equilibria_shown_equal_direct_solving(key, results):
    result = results[key]
    model = load_model(result.case.model)
    point, _ = coded_point(result.case, model)
    recorded = result.case.record.outcome
    for equilibrium in result.equilibria:
        assert equilibrium.max_regret <= 1e-9
    if model.kind == "normal":
        labels = _direct_normal(model, point)
        pure = sorted(label for label in labels if label != "mixed")
        assert sorted(e.label for e in result.equilibria if e.label != "mixed") == pure
        direct = [recorded in model.outcomes and label != "mixed" and _matches(label, model.outcomes[recorded])
                  for label in labels]
        if "mixed" not in labels and all(e.label != "mixed" for e in result.equilibria):
            assert len(labels) == len(result.equilibria)
        for equilibrium in result.equilibria:
            expected = tuple(n for n, patterns in model.outcomes.items()
                             if equilibrium.label != "mixed" and _matches(equilibrium.label, patterns))
            assert equilibrium.outcomes == expected
        if result.equilibria_record == "all":
            assert all(direct)
        elif result.equilibria_record == "none":
            assert not any(direct)
        else:
            assert any(direct)
    elif model.kind == "tree":
        direct = _direct_tree(model, point)
        assert sorted(direct) == sorted(e.outcomes for e in result.equilibria)
        hits = [recorded in outcomes for outcomes in direct]
        assert result.equilibria_record == ("all" if all(hits) else "some" if any(hits) else "none")
    elif model.kind == "continuous":
        from gametheory.games.continuous import best_response_iteration

        solved = best_response_iteration(model.continuous_game(**point))
        assert solved.is_equilibrium  # certified by every player's regret
        actions = dict(zip(model.action_variables, solved.point))
        holds = tuple(n for n in model.outcome_conditions
                      if bool(model.outcome_holds(n, tol=1e-6, **{k: float(v) for k, v in point.items()}, **actions)))
        assert [e.outcomes for e in result.equilibria] == [holds]
        assert result.equilibria_record == ("all" if recorded in holds else "none")
    else:
        pytest.skip(f"{model.kind} models: the sweep's own certified rows are the reference")


@pytest.mark.parametrize("key", CASES)
def test_theories_shown_equal_the_rules_decided_exactly(key, results):
    import sympy

    result = results[key]
    model = load_model(result.case.model)
    point, _ = coded_point(result.case, model)
    substitution = {p.sympy_symbol: sympy.Rational(point[p.name].numerator, point[p.name].denominator)
                    if isinstance(point[p.name], Fraction) else sympy.Float(point[p.name]) for p in model.parameters}
    assert [v.theory for v in result.theories] == list(model.predictions)
    for verdict in result.theories:
        rules = model.theory(verdict.theory).rules
        applying = -1
        for k, rule in enumerate(rules):
            condition = sympy.nsimplify(rule.condition, rational=True) if rule.condition.atoms(sympy.Float) \
                else rule.condition
            if bool(condition.xreplace(substitution)):
                applying = k
                break
        assert verdict.rule == applying, (verdict.theory, verdict.rule, applying)
        if applying >= 0:
            assert verdict.predicted == rules[applying].outcome
            assert verdict.expect == rules[applying].expect
            assert verdict.record in ("match", "miss")
        else:
            assert verdict.record == "no prediction"


# ------------------------------------------------------------------ packaging
def test_the_wheel_is_told_to_carry_the_cases():
    import tomllib

    project = tomllib.loads((Path(__file__).resolve().parent.parent / "pyproject.toml").read_text())
    build = project["tool"]["hatch"]["build"]["targets"]
    assert build["wheel"]["force-include"].get("cases") == "gametheory/cases"
    assert "cases" in build["sdist"]["include"]


@pytest.mark.slow
def test_wheel_contains_every_case(tmp_path):
    import subprocess
    import sys
    import zipfile

    repo = Path(__file__).resolve().parent.parent
    process = subprocess.run([sys.executable, "-m", "pip", "wheel", "--no-deps", "--quiet", "--wheel-dir",
                              str(tmp_path), str(repo)], capture_output=True, text=True, timeout=600)
    assert process.returncode == 0, process.stdout + process.stderr
    (wheel,) = tmp_path.glob("gametheory-*.whl")
    names = set(zipfile.ZipFile(wheel).namelist())
    assert {f"gametheory/cases/{key}.toml" for key in CASES} <= names


# ------------------------------------------------------------------ properties
_TEMPLATE = (BAD / "out_of_range.toml").read_text()


def _toml_float(x: float) -> str:
    if x != x:
        return "nan"
    if x in (float("inf"), float("-inf")):
        return "inf" if x > 0 else "-inf"
    return repr(x)


def _case_text(value_toml: str, key: str = "out_of_range") -> str:
    return _TEMPLATE.replace("value = 1.5", f"value = {value_toml}").replace('key = "out_of_range"', f'key = "{key}"')


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(value=st.one_of(
    st.text(max_size=30).map(json.dumps),  # a TOML basic string
    st.booleans().map(lambda b: "true" if b else "false"),
    st.integers(min_value=-10**30, max_value=10**30).map(str),
    st.floats(allow_nan=True, allow_infinity=True).map(_toml_float),
    st.sampled_from(["[1, 2]", "{ a = 1 }", "1e999999", '"9/0"', '"1' + "0" * 2000 + '"', "0.30000000000000004"]),
))
def test_any_coded_value_is_accepted_in_range_or_refused_in_one_line(tmp_path, value):
    path = tmp_path / "out_of_range.toml"
    path.write_text(_case_text(value))
    try:
        case = load_case(path)
    except CaseError as error:
        message = str(error)
        assert "\n" not in message and message.startswith(f"{path}:")
        assert "coding.offense_dominance" in message or "invalid TOML" in message
        return
    (coding,) = case.coding
    assert 0 <= coding.value <= 1  # accepted values lie in the parameter's range


@settings(max_examples=12, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(o=st.integers(min_value=0, max_value=20).map(lambda k: Fraction(k, 20)))
def test_equilibria_at_any_coded_point_equal_direct_solving(tmp_path, o):
    path = tmp_path / "july_1914.toml"
    path.write_text(Path(load_case("july_1914").file).read_text().replace("value = 0.8", f"value = {float(o)!r}"))
    result = evaluate_case(load_case(path))
    model = load_model("chain_ganging")
    point, _ = coded_point(result.case, model)
    assert point["offense_dominance"] == o
    labels = _direct_normal(model, point)
    assert sorted(e.label for e in result.equilibria if e.label != "mixed") == sorted(
        label for label in labels if label != "mixed")
    chain_gang = [e.label == "Attack,Commit,Commit" for e in result.equilibria]
    assert result.equilibria_record == ("all" if all(chain_gang) else "some" if any(chain_gang) else "none")
    (defensive, offensive) = result.theories
    assert defensive.rule == (0 if o > Fraction(1, 2) else 1 if o < Fraction(1, 2) else -1)
    assert offensive.rule == 0 and offensive.record == "miss"


@pytest.mark.slow
@pytest.mark.skipif(shutil.which("pdflatex") is None, reason="needs pdflatex")
def test_latex_output_compiles(tmp_path):
    import subprocess

    result = CliRunner().invoke(main, ["cases", "--format", "latex"])
    assert result.exit_code == 0, result.output
    (tmp_path / "cases.tex").write_text(result.output)
    (tmp_path / "doc.tex").write_text("\\documentclass{article}\\usepackage{booktabs}\\usepackage{rotating}"
                                      "\\usepackage{longtable}\\begin{document}\\input{cases.tex}\\end{document}\n")
    for _ in range(2):  # longtable settles its column widths on the second run
        process = subprocess.run(["pdflatex", "-interaction=nonstopmode", "-halt-on-error", "doc.tex"],
                                 cwd=tmp_path, capture_output=True, text=True, timeout=120)
        assert process.returncode == 0, process.stdout[-2000:]
    assert (tmp_path / "doc.pdf").stat().st_size > 0


def test_a_model_the_engine_refuses_at_the_point_is_a_one_line_error(monkeypatch, tmp_path):
    import gametheory.study.sweep as sweep_module

    def refuse(*args, **kwargs):
        raise ValueError("the game exceeds the enumeration budget")

    monkeypatch.setattr(sweep_module, "sweep", refuse)
    path = tmp_path / "july_1914.toml"  # a case file not evaluated before in this process
    path.write_text(Path(load_case("july_1914").file).read_text())
    result = CliRunner().invoke(main, ["cases", "--case", str(path)])
    assert result.exit_code == 2
    assert result.output.strip().endswith(
        "case 'july_1914': model 'chain_ganging' cannot be solved at the coded point: the game exceeds the "
        "enumeration budget")
    assert len(result.output.strip().splitlines()) == 1


# ----------------------------------------------------------------- sensitivity
def test_sensitivity_at_the_coded_value_is_the_case_verdict_and_each_value_is_a_case(tmp_path, results):
    case = load_case("nato_1949")
    (moved, *_) = [s for s in sensitivity(case, points=5) if s.parameter == "aggregate_power"]
    assert moved.values == (0.0, 0.25, 0.5, 0.75, 0.8, 1.0)
    assert moved.verdicts[moved.values.index(0.8)] == results["nato_1949"].equilibria_record
    text = Path(case.file).read_text()
    for value, verdict in zip(moved.values, moved.verdicts):
        path = tmp_path / "nato_1949.toml"
        path.write_text(text.replace("[coding.aggregate_power]\nvalue = 0.8", f"[coding.aggregate_power]\nvalue = {value!r}"))
        assert evaluate_case(load_case(path)).equilibria_record == verdict, value
    assert not moved.robust and moved.describe().startswith("none at 0, 0.25; ")


def test_settled_codings_are_not_varied():
    assert sensitivity(load_case("july_1914")) == ()


@pytest.mark.parametrize("output_format", ["text", "csv"])
def test_command_with_sensitivity(output_format):
    result = CliRunner().invoke(main, ["cases", "--case", "nato_1949", "--case", "july_1914", "--sensitivity",
                                       "--format", output_format])
    assert result.exit_code == 0, result.output
    if output_format == "text":
        assert "aggregate_power (coded 0.8): none at 0, 0.25; some at 0.5; all at 0.75, 0.8, 1" in result.output
        assert "none to vary" in result.output
    else:
        import pandas as pd

        table = pd.read_csv(io.StringIO(result.output), keep_default_na=False)
        assert set(table.loc[table["case"] == "july_1914", "sensitivity"]) == {""}
        assert all("aggregate_power: none at 0, 0.25" in text for text in table.loc[table["case"] == "nato_1949",
                                                                                     "sensitivity"])


@pytest.mark.parametrize("key", CASES)
def test_theory_matches_the_record_by_the_profiles_both_outcomes_hold(key, results):
    """'match' recomputed from the concrete profiles (or tree outcomes) of the prediction and of the record."""
    import itertools

    result = results[key]
    model = load_model(result.case.model)
    point, _ = coded_point(result.case, model)
    recorded = result.case.record.outcome
    if model.kind == "normal":
        game = model.game(**{n: (int(v) if isinstance(v, Fraction) and v.denominator == 1 else v)
                             for n, v in point.items()})
        everything = [",".join(p) for p in itertools.product(*game.actions)]

        def members(patterns):
            return {profile for profile in everything if _matches(profile, patterns)}
    elif model.kind == "tree":
        def members(names):
            return set(names)
    else:
        members = None
    for verdict in result.theories:
        if verdict.rule < 0:
            continue
        rule = model.theory(verdict.theory).rules[verdict.rule]
        if members is None:
            shared = rule.outcome == recorded
        else:
            shared = bool(members(rule.profiles) & members(model.outcomes[recorded]))
        positive = rule.expect in ("equilibrium", "unique_equilibrium", "every_equilibrium")
        assert verdict.record == ("match" if shared == positive else "miss"), verdict


def test_derived_parameters_follow_the_coded_structural_values():
    from gametheory.study.cases import Case, Coding, Record

    model = load_model(BAD / "models" / "derived_toy.toml")
    case = Case("toy", "A toy", "2000", 2000, "derived_toy", "Test.",
                (Coding("threat", Fraction(1, 4), "x", "p. 1"),), Record("defect", "x", "p. 1"), {"x": "X"})
    point, defaulted = coded_point(case, model)
    assert point == {"threat": Fraction(1, 4), "pressure": Fraction(1, 2)} and defaulted == ()
    result = evaluate_case(case, model=model)
    # At the default pressure (2) mutual cooperation would be an equilibrium too; at 2 x 1/4 it is not.
    assert [e.label for e in result.equilibria] == ["D,D"] and result.equilibria_record == "all"
    assert [(v.predicted, v.record) for v in result.theories] == [("defect", "match")]
