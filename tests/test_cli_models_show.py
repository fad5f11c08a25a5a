"""`gametheory models show` marks the structural parameters a theory's rules and historical cases read."""

from click.testing import CliRunner

from gametheory.cli.main import main
from gametheory.model import load_model


def test_structural_parameters_are_marked_with_their_mapping():
    result = CliRunner().invoke(main, ["models", "show", "chain_ganging"], env={"COLUMNS": "400"})
    assert result.exit_code == 0, result.output
    rows = {line.split("|")[0].strip(): line for line in result.output.splitlines() if "|" in line}
    model = load_model("chain_ganging")
    structural = [p.name for p in model.parameters if p.structural]
    assert structural == ["offense_dominance"]
    assert "[structural; mapping: Christensen and Snyder 1990" in rows["offense_dominance"]
    assert all("[structural" not in rows[p.name] for p in model.parameters if not p.structural)
    assert "Structural parameters are the observables the theories speak of" in result.output


def test_a_model_without_structural_parameters_has_no_note():
    result = CliRunner().invoke(main, ["models", "show", "stag_hunt"])
    assert result.exit_code == 0, result.output
    assert "[structural" not in result.output and "Structural parameters" not in result.output
