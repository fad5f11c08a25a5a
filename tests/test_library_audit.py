"""The model library's predictions can fail: most models carry an independent prediction certified to fail somewhere."""

from __future__ import annotations

import pytest
from click.testing import CliRunner

from gametheory.model import list_models, load_model
from gametheory.study.audit import independent_share, library_audit, model_audit
from gametheory.study.compare import compare
from gametheory.study.construction import rule_verdicts
from gametheory.study.sweep import sweep

#: Share of built-in models that must carry at least one independent prediction that is not by construction.
REQUIRED_SHARE = 0.9


@pytest.fixture(scope="module")
def audits():
    return library_audit()


@pytest.mark.slow
def test_the_audit_covers_every_built_in_model_and_adds_up(audits):
    assert [a.key for a in audits] == list_models()
    for audit in audits:
        model = load_model(audit.key)
        assert audit.rules == sum(len(t.rules) for t in model.predictions.values())
        assert audit.directions == sum(len(t.directions) for t in model.predictions.values())
        assert audit.independent + audit.by_construction <= audit.rules
        assert audit.undecided <= audit.independent and audit.independent_directions <= audit.directions
        # Certified and undecided rules are apart: a rule with a witness of failure is decided.
        assert audit.certified + audit.undecided <= audit.independent
        assert len(audit.undecided_rules) == audit.undecided
        assert audit.has_independent_prediction == (audit.certified > 0)


def test_the_audit_counts_rules_as_the_comparison_does():
    for key in ("chain_ganging", "stag_hunt"):
        model = load_model(key)
        audit = model_audit(model)
        counted = by_construction = 0
        for name, theory in model.predictions.items():
            frame = sweep(model, grid={p.name: [float(p.default)] for p in model.input_parameters[:1]})
            comparison = compare(model, frame, name)
            counted += sum(comparison.counts_as_independent(k) for k in range(len(theory.rules)))
            by_construction += sum(v.by_construction is True for v in rule_verdicts(model, name))
        assert (audit.independent, audit.by_construction) == (counted, by_construction)


@pytest.mark.slow
def test_models_audit_prints_the_table_and_the_share(audits):
    from gametheory.cli.main import main

    result = CliRunner().invoke(main, ["models", "audit"])
    assert result.exit_code == 0, result.output
    lines = result.output.splitlines()
    assert lines[0].split("|")[0].strip() == "model" and "by construction" in lines[0]
    for audit in audits:
        row = next(line for line in lines if line.strip().startswith(audit.key + " "))
        cells = [cell.strip() for cell in row.split("|")]
        assert cells[1:7] == [str(audit.rules), str(audit.independent), str(audit.certified),
                              str(audit.by_construction), str(audit.undecided),
                              f"{audit.independent_directions}/{audit.directions}"]
    assert f"of {len(audits)} models" in lines[-1]


# The guard itself runs by default (deciding every rule of the library, solved witnesses included, takes
# about a minute). Only certified rules count: an undecided rule is not a prediction known to be able to fail.
def test_most_models_carry_an_independent_prediction_that_is_not_by_construction(audits):
    share = independent_share(audits)
    missing = sorted(a.key for a in audits if not a.has_independent_prediction)
    assert share >= REQUIRED_SHARE, f"share {share:.2f}; models without a certified one: {missing}"


@pytest.mark.slow
def test_every_solved_witness_is_a_point_where_the_comparison_disagrees(audits):
    # Checked independently of the detector: a sweep of the witness point alone, then the comparison.
    checked = 0
    for audit in audits:
        model = load_model(audit.key)
        inputs = {p.name for p in model.input_parameters}
        for name in model.predictions:
            for verdict in rule_verdicts(model, name):
                if verdict.method != "solved witness":
                    continue
                grid = {key: [float(value)] for key, value in verdict.witness.items() if key in inputs}
                table = compare(model, sweep(model, grid=grid), name).points
                assert (int(table["rule"].iloc[0]), bool(table["agree"].iloc[0])) == (verdict.rule, False), \
                    (audit.key, name, verdict)
                checked += 1
    assert checked > 0
