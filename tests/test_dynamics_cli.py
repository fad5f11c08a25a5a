"""The ``gametheory dynamics`` command: rest points with stability and certificates, portraits, one-line errors."""

import pytest
from click.testing import CliRunner

from gametheory.cli.main import main
from gametheory.dynamics import rest_points
from gametheory.model import load_model


def _run(*args):
    return CliRunner().invoke(main, ["dynamics", *args])


def test_lists_every_rest_point_with_stability_and_certificate():
    result = _run("stag_hunt", "--set", "temptation=3")
    assert result.exit_code == 0, result.output
    found = rest_points(load_model("stag_hunt").game(temptation=3))
    for point in found:
        assert point.describe() in result.output
    assert result.output.count("asymptotically stable  ESS") == len(found.ess) == 2
    assert "ESS certificate: strict Nash equilibrium: every other action earns at least 1 less" in result.output
    assert "2/3 C + 1/3 D\n     unstable; Nash equilibrium" in result.output


def test_hawk_dove_mixed_ess_certificate():
    result = _run("chicken")
    assert result.exit_code == 0, result.output
    assert "1/2 C + 1/2 D\n     asymptotically stable  ESS" in result.output
    assert "negative definite inside the support" in result.output


@pytest.mark.parametrize("kind", ["replicator", "best-response", "logit"])
def test_writes_the_phase_portrait(tmp_path, kind):
    figure = tmp_path / "portrait.png"
    result = _run("stag_hunt", "--kind", kind, "-o", str(figure))
    assert result.exit_code == 0, result.output
    assert figure.stat().st_size > 10_000
    assert f"Phase portrait ({kind} dynamics) written to" in result.output


def test_two_populations_on_request():
    result = _run("chicken", "--populations", "2")
    assert result.exit_code == 0, result.output
    assert "two populations" in result.output
    assert "Row" in result.output or ";" in result.output


@pytest.mark.parametrize("args, message", [
    (["chiken"], "did you mean 'chicken'"),
    (["chicken", "--set", "war=abc"], "--set war"),
    (["chicken", "-o", "out.txt"], "must end in one of .png"),
    (["chicken", "--kind", "fictitious"], "'--kind'"),
    (["chicken", "--noise", "0"], "--noise"),
])
def test_errors_are_one_line(args, message):
    result = CliRunner().invoke(main, ["dynamics", *args])
    assert result.exit_code == 2
    assert message in result.output
    assert "Traceback" not in result.output


def test_no_portrait_for_games_it_cannot_draw(tmp_path):
    game = tmp_path / "three_by_two.nfg"
    game.write_text('NFG 1 R "3x2" { "P1" "P2" } { 3 2 }\n\n1 0 2 1 0 3 4 1 0 0 1 2\n')
    listed = _run(str(game))
    assert listed.exit_code == 0, listed.output
    assert "3x2, two populations" in listed.output
    result = _run(str(game), "-o", str(tmp_path / "x.png"))
    assert result.exit_code == 2
    assert "a phase portrait needs a 2x2 game or a symmetric game with 3 actions" in result.output
    assert _run(str(game), "--populations", "1").exit_code == 2


def test_symmetric_games_of_more_players():
    result = _run("buck_passing", "--set", "n_powers=4")
    assert result.exit_code == 0, result.output
    assert "4 players with two actions, one population" in result.output
    assert "asymptotically stable  ESS; Nash equilibrium" in result.output
    assert "ESS certificate: g falls from + to - through x = " in result.output
    refused = _run("buck_passing", "-o", "x.png")
    assert refused.exit_code == 2 and "no phase portrait for 3-player games" in refused.output
