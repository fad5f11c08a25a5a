"""The ``gametheory`` command line: solve, JSON output, one-line errors, lazy commands."""

from __future__ import annotations

import importlib.util
import json
import subprocess
import sys
from fractions import Fraction
from pathlib import Path

import click
import pytest
from click.testing import CliRunner

from gametheory import NormalFormGame, __version__
from gametheory import cli
from gametheory.io.nfg import read_nfg, write_nfg
from gametheory.solvers import METHODS

DATA = Path(__file__).parent / "data"
REPO = Path(__file__).resolve().parent.parent


def solver_available(method: str) -> bool:
    module = {"pure": "pure", "polynomial_enumeration": "polynomial"}.get(method, method)
    return importlib.util.find_spec(f"gametheory.solvers.{module}") is not None


def needs(method: str):
    return pytest.mark.skipif(not solver_available(method), reason=f"solver module for {method!r} not written yet")


def run(*args: str):
    """Invoke the CLI in-process, the way the console script does (standalone mode)."""
    return CliRunner().invoke(cli.main, [str(a) for a in args], prog_name="gametheory")


def parse_probability(value, exact: bool):
    if exact:
        assert isinstance(value, str), f"exact probabilities are strings like '1/3', got {value!r}"
        return Fraction(value)
    assert isinstance(value, float)
    return value


def check_json_certificates(game: NormalFormGame, payload: dict, exact: bool) -> None:
    """Every equilibrium in the JSON is a probability profile with zero regret (exact) or within tol."""
    assert isinstance(payload["equilibria"], list) and payload["equilibria"]
    assert "degenerate" in payload
    for item in payload["equilibria"]:
        strategies = [[parse_probability(p, exact) for p in s] for s in item["strategies"]]
        assert [len(s) for s in strategies] == list(game.shape)
        assert len(item["payoffs"]) == game.n_players
        regrets = game.regrets(strategies)
        expected = game.expected_payoffs(strategies)
        if exact:
            assert all(r == 0 for r in regrets)
            assert [Fraction(v) for v in item["payoffs"]] == list(expected)
        else:
            assert max(float(r) for r in regrets) <= game.tolerance()
            assert all(abs(float(a) - float(b)) <= game.tolerance() for a, b in zip(item["payoffs"], expected))


def test_method_choices_match_the_dispatcher():
    assert cli.METHOD_CHOICES == ("auto", *METHODS)


def test_version():
    result = run("--version")
    assert result.exit_code == 0
    assert result.output.strip() == f"gametheory, version {__version__}"


def test_no_arguments_prints_help():
    result = run()
    assert result.exit_code == 0
    assert "solve" in result.output and "Usage:" in result.output


def test_solve_pure_text_output_marks_best_responses():
    result = run("solve", DATA / "gambit_pd.nfg", "--method", "pure")
    assert result.exit_code == 0, result.output
    out = result.output
    assert "Two person Prisoner's Dilemma game" in out
    # Defection (strategy 2) is the best response in every column and row.
    assert "10*, 0" in out and "1*, 1*" in out and "0, 10*" in out
    assert "1 equilibrium (pure_equilibria, exact)" in out
    assert "Player 1: 2; Player 2: 2  -> payoffs (1, 1)" in out


def test_solve_pure_json():
    result = run("solve", DATA / "alliance_outcome.nfg", "--method", "pure", "--format", "json")
    assert result.exit_code == 0, result.output
    payload = json.loads(result.output)
    game = read_nfg(DATA / "alliance_outcome.nfg")
    assert payload["players"] == list(game.players)
    assert payload["actions"] == [list(a) for a in game.actions]
    check_json_certificates(game, payload, exact=True)
    # Balance is dominant for the small state and Restrain is the great power's best reply.
    assert [item["strategies"] for item in payload["equilibria"]] == [[["1", "0"], ["1", "0"]]]
    assert payload["equilibria"][0]["payoffs"] == ["10/3", "1"]


def test_solve_three_player_pure_json():
    result = run("solve", DATA / "gambit_2x2x2.nfg", "--method", "pure", "--format", "json")
    assert result.exit_code == 0, result.output
    payload = json.loads(result.output)
    game = read_nfg(DATA / "gambit_2x2x2.nfg")
    check_json_certificates(game, payload, exact=True)


@needs("lemke_howson")
def test_decimal_file_gives_float_json_unless_exact():
    result = run("solve", DATA / "decimal_header.nfg", "--method", "lemke_howson", "--format", "json")
    assert result.exit_code == 0, result.output
    payload = json.loads(result.output)
    assert payload["exact"] is False
    check_json_certificates(read_nfg(DATA / "decimal_header.nfg"), payload, exact=False)
    result = run("solve", DATA / "decimal_header.nfg", "--method", "lemke_howson", "--format", "json", "--exact")
    assert result.exit_code == 0, result.output
    payload = json.loads(result.output)
    assert payload["exact"] is True
    check_json_certificates(read_nfg(DATA / "decimal_header.nfg", exact=True), payload, exact=True)
    assert any("/" in p for p in payload["equilibria"][0]["strategies"][0])  # a mixed equilibrium


@needs("lemke_howson")
def test_lemke_howson_json_exact():
    result = run("solve", DATA / "gambit_shapley1974_fig3.nfg", "--method", "lemke_howson", "--exact", "--format", "json")
    assert result.exit_code == 0, result.output
    payload = json.loads(result.output)
    assert payload["method"] == "lemke_howson"
    assert len(payload["equilibria"]) == 1
    check_json_certificates(read_nfg(DATA / "gambit_shapley1974_fig3.nfg"), payload, exact=True)


@needs("vertex_enumeration")
def test_auto_two_player_mixed_equilibrium_as_fractions(tmp_path):
    path = tmp_path / "pennies.nfg"
    write_nfg(NormalFormGame.from_bimatrix([[1, -1], [-1, 1]], actions=(["H", "T"], ["H", "T"])), path)
    result = run("solve", path, "--format", "json")
    assert result.exit_code == 0, result.output
    payload = json.loads(result.output)
    assert [item["strategies"] for item in payload["equilibria"]] == [[["1/2", "1/2"], ["1/2", "1/2"]]]
    assert payload["equilibria"][0]["payoffs"] == ["0", "0"]
    assert payload["degenerate"] is False


@needs("vertex_enumeration")
def test_auto_text_lists_all_three_equilibria_of_battle_of_the_sexes(tmp_path):
    path = tmp_path / "bos.nfg"
    game = NormalFormGame.from_bimatrix([[3, 0], [0, 2]], [[2, 0], [0, 3]], players=("Ally", "Partner"),
                                        actions=(["Opera", "Fight"], ["Opera", "Fight"]))
    write_nfg(game, path)
    result = run("solve", path)
    assert result.exit_code == 0, result.output
    assert "3 equilibria" in result.output
    assert "Ally: 3/5 Opera + 2/5 Fight; Partner: 2/5 Opera + 3/5 Fight" in result.output
    result = run("solve", path, "--format", "json")
    check_json_certificates(game, json.loads(result.output), exact=True)


@needs("vertex_enumeration")
def test_degenerate_game_is_flagged(tmp_path):
    path = tmp_path / "degenerate.nfg"
    game = NormalFormGame.from_bimatrix([[1, 1], [0, 0]], [[1, 1], [1, 1]])
    write_nfg(game, path)
    payload = json.loads(run("solve", path, "--format", "json").output)
    assert payload["degenerate"] is True
    check_json_certificates(game, payload, exact=True)


@needs("vertex_enumeration")
@pytest.mark.parametrize("method", ["vertex_enumeration", "support_enumeration"])
def test_float_mode_and_tolerance(method, tmp_path):
    if not solver_available(method):
        pytest.skip(f"solver module for {method!r} not written yet")
    path = tmp_path / "float.nfg"
    game = NormalFormGame.from_bimatrix([[0.3, 0.1], [0.0, 0.2]], [[0.1, 0.0], [0.0, 0.3]], exact=False)
    write_nfg(game, path)
    result = run("solve", path, "--method", method, "--tol", "1e-8", "--format", "json")
    assert result.exit_code == 0, result.output
    payload = json.loads(result.output)
    assert payload["exact"] is False
    check_json_certificates(read_nfg(path), payload, exact=False)


@needs("polynomial_enumeration")
def test_auto_three_player_game():
    result = run("solve", DATA / "gambit_2x2x2.nfg", "--format", "json")
    assert result.exit_code == 0, result.output
    check_json_certificates(read_nfg(DATA / "gambit_2x2x2.nfg"), json.loads(result.output), exact=True)


# ------------------------------------------------------------------ errors
ERRORS = [
    (["solve", "no/such/file.nfg"], "Error: no such game file: 'no/such/file.nfg'"),
    (["solve", str(DATA / "malformed" / "truncated_payoffs.nfg")], "line 5, column 1: the file ends after 6 payoffs"),
    (["solve", str(DATA / "malformed" / "unterminated_string.nfg")], "line 2, column 1: unterminated string"),
    (["solve", str(DATA)], "is a directory, expected a game file"),
    (["solve", str(DATA / "gambit_pd.nfg"), "--method", "simplex"], "Invalid value for '--method': 'simplex'"),
    (["solve", str(DATA / "gambit_pd.nfg"), "--format", "xml"], "Invalid value for '--format'"),
    (["solve", str(DATA / "gambit_pd.nfg"), "--tol", "-1"], "Invalid value for '--tol'"),
    (["solve", str(DATA / "gambit_pd.nfg"), "--tol", "abc"], "Invalid value for '--tol'"),
    (["solve", str(DATA / "gambit_pd.nfg"), "--frobnicate"], "No such option '--frobnicate'"),
    (["solve"], "Missing argument 'GAME_FILE'"),
    (["transmogrify"], "No such command 'transmogrify'"),
]


@pytest.mark.parametrize(("args", "fragment"), ERRORS)
def test_errors_are_one_line_with_status_2(args, fragment):
    result = run(*args)
    assert result.exit_code == 2, result.output
    assert result.stdout == ""
    assert result.stderr.startswith("Error: ")
    assert result.stderr.count("\n") == 1
    assert fragment in result.stderr
    assert "Traceback" not in result.stderr


@needs("lemke_howson")
def test_method_that_does_not_apply_is_a_one_line_error():
    result = run("solve", DATA / "gambit_2x2x2.nfg", "--method", "lemke_howson")
    assert result.exit_code == 2
    assert result.stderr.count("\n") == 1
    assert "gambit_2x2x2.nfg" in result.stderr and "two-player" in result.stderr


def test_console_script_subprocess_error_has_no_traceback():
    env_path = str(REPO)
    process = subprocess.run(
        [sys.executable, "-c", "import sys; from gametheory.cli import main; sys.exit(main())",
         "solve", str(DATA / "malformed" / "bad_number.nfg")],
        capture_output=True, text=True, cwd=env_path, env={"PYTHONPATH": env_path, "PATH": ""}, timeout=60,
    )
    assert process.returncode == 2
    assert process.stdout == ""
    assert process.stderr.splitlines() == [
        f"Error: {DATA / 'malformed' / 'bad_number.nfg'}, line 3, column 3: expected the payoff of player 2 "
        "at profile (1, 2) (an integer like -3, a ratio like 10/3 or a decimal like 0.25), got 'three'"
    ]


def test_load_game_argument_reads_nfg_files():
    game = cli.load_game_argument(str(DATA / "gambit_e02.nfg"))
    assert game == read_nfg(DATA / "gambit_e02.nfg")
    with pytest.raises(cli.GameArgumentError, match="no such game file"):
        cli.load_game_argument("missing.nfg")


# --------------------------------------------------------- extending the CLI
def test_lazy_commands_are_imported_on_demand(monkeypatch, tmp_path):
    module = tmp_path / "extra_cli_command.py"
    module.write_text(
        "import click\n"
        "@click.command()\n"
        "@click.argument('game')\n"
        "def shape(game):\n"
        "    '''Print the shape of GAME.'''\n"
        "    from gametheory.cli import load_game_argument\n"
        "    click.echo(load_game_argument(game).shape)\n"
    )
    monkeypatch.syspath_prepend(str(tmp_path))
    monkeypatch.setitem(cli.LAZY_COMMANDS, "shape", "extra_cli_command:shape")
    sys.modules.pop("extra_cli_command", None)
    result = run("shape", DATA / "gambit_e02.nfg")
    assert result.exit_code == 0, result.output
    assert result.output.strip() == "(3, 2)"
    assert "shape" in run("--help").output
    assert run("shape", "missing.nfg").exit_code == 2


def test_lazy_command_must_be_a_click_command(monkeypatch):
    monkeypatch.setitem(cli.LAZY_COMMANDS, "broken", "json:dumps")
    with pytest.raises(TypeError, match="is not a click command"):
        cli.main.get_command(click.Context(cli.main), "broken")


def test_short_help_is_each_commands_own():
    # ``gametheory --help`` lists SHORT_HELP without importing the commands: it must say what they say.
    assert set(cli.SHORT_HELP) == set(cli.LAZY_COMMANDS), "every built-in command needs its SHORT_HELP line"
    context = click.Context(cli.main)
    for name in cli.LAZY_COMMANDS:
        command = cli.main.get_command(context, name)
        assert not command.short_help and not command.deprecated and not command.hidden, name
        assert cli.SHORT_HELP[name] == command.get_short_help_str(10**6), (
            f"SHORT_HELP[{name!r}] in gametheory/cli/main.py differs from the command's help; copy its first sentence")


@pytest.mark.parametrize("width", [40, 80, 120])
def test_help_lists_commands_as_click_does(width):
    # The same listing as click's own, which imports every command to ask for its help.
    context = click.Context(cli.main, terminal_width=width, max_content_width=width)
    lazy, eager = click.HelpFormatter(width=width), click.HelpFormatter(width=width)
    cli.main.format_commands(context, lazy)
    click.Group.format_commands(cli.main, context, eager)
    assert lazy.getvalue() == eager.getvalue()
    assert all(name in lazy.getvalue() for name in cli.LAZY_COMMANDS)


def test_help_imports_no_command():
    code = ("import sys; sys.argv = ['gametheory', '--help']\n"
            "from gametheory.cli import main\n"
            "try:\n    main()\nexcept SystemExit:\n    pass\n"
            "print(sorted(m for m in sys.modules if m.startswith('gametheory') or m == 'numpy'))")
    process = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=REPO,
                             env={"PYTHONPATH": str(REPO), "PATH": ""}, timeout=60)
    assert process.returncode == 0, process.stderr
    assert "Commands:" in process.stdout and "solve" in process.stdout
    loaded = process.stdout.strip().splitlines()[-1]
    assert loaded == str(["gametheory", "gametheory.cli", "gametheory.cli.common", "gametheory.cli.main"])


def test_cli_start_does_not_import_heavy_modules():
    code = "import sys, gametheory.cli; print(sorted(m for m in ('numpy', 'scipy', 'sympy', 'pandas') if m in sys.modules))"
    process = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=REPO,
                             env={"PYTHONPATH": str(REPO), "PATH": ""}, timeout=60)
    assert process.returncode == 0, process.stderr
    assert process.stdout.strip() == "[]"


@needs("vertex_enumeration")
@pytest.mark.parametrize("name", ["gambit_pd.nfg", "gambit_e02.nfg", "gambit_shapley1974_fig3.nfg",
                                  "alliance_outcome.nfg", "decimal_header.nfg"])
def test_auto_json_matches_pygambit_enummixed(name):
    """The CLI's equilibria of each two-player test file equal pygambit's exact extreme equilibria (as sets)."""
    gbt = pytest.importorskip("pygambit")
    path = DATA / name
    result = run("solve", path, "--exact", "--format", "json")
    assert result.exit_code == 0, result.output
    payload = json.loads(result.output)
    check_json_certificates(read_nfg(path, exact=True), payload, exact=True)
    mine = {tuple(tuple(Fraction(p) for p in s) for s in item["strategies"]) for item in payload["equilibria"]}
    assert len(mine) == len(payload["equilibria"])
    game = gbt.read_nfg(str(path))
    theirs = {
        tuple(tuple(Fraction(str(profile[s])) for s in player.strategies) for player in game.players)
        for profile in gbt.nash.enummixed_solve(game, rational=True).equilibria
    }
    assert mine == theirs
