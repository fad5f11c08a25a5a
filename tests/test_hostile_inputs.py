"""Hostile inputs: every file format and every command that can be asked for unbounded work.

Each case runs the real ``gametheory`` command in a subprocess, in a fresh
folder, and asserts what a user must see: a non-zero exit with one line naming
the problem, no traceback, an answer within ten seconds, and no file written.
Requests that are legitimate but large (long horizons, big automata, all
equilibria of a game beyond enumeration) must instead answer within the same
ten seconds: with the result, or with one certified equilibrium and a note
saying that the solver fell back.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest

GAMETHEORY = shutil.which("gametheory") or str(Path(sys.executable).parent / "gametheory")
TIME_LIMIT = 10.0


# ------------------------------------------------------------------ helpers
def files_under(folder: Path) -> dict:
    return {p: p.stat().st_mtime_ns for p in folder.rglob("*") if p.is_file() and not p.is_symlink()}


def run_cli(args, cwd: Path):
    start = time.monotonic()
    try:
        proc = subprocess.run([GAMETHEORY, *map(str, args)], cwd=cwd, capture_output=True, text=True,
                              timeout=TIME_LIMIT, stdin=subprocess.DEVNULL)
    except subprocess.TimeoutExpired:
        pytest.fail(f"gametheory {' '.join(map(str, args))} gave no answer within {TIME_LIMIT} s")
    return proc, time.monotonic() - start


def assert_refused(args, cwd: Path, *fragments: str):
    """Non-zero exit, one line naming the problem, no traceback, in time, nothing written."""
    before = files_under(cwd)
    proc, elapsed = run_cli(args, cwd)
    output = proc.stdout + proc.stderr
    assert proc.returncode != 0, f"exit 0 for {args}: {output[-500:]}"
    assert "Traceback" not in output, output[-2000:]
    lines = [line for line in output.splitlines() if line.strip()]
    assert len(lines) == 1, f"expected one line, got {len(lines)}: {output[:1000]}"
    for fragment in fragments:
        assert fragment.lower() in lines[0].lower(), lines[0]
    assert elapsed < TIME_LIMIT
    assert files_under(cwd) == before, "a file was written"
    return lines[0]


def assert_answers(args, cwd: Path, *fragments: str):
    """Exit 0 within the time limit, no traceback, nothing written; the output mentions ``fragments``."""
    before = files_under(cwd)
    proc, elapsed = run_cli(args, cwd)
    output = proc.stdout + proc.stderr
    assert proc.returncode == 0, output[-2000:]
    assert "Traceback" not in output
    for fragment in fragments:
        assert fragment.lower() in output.lower(), (fragment, output[-2000:])
    assert elapsed < TIME_LIMIT
    assert files_under(cwd) == before, "a file was written"
    return proc.stdout


def nfg(shape, payoffs=None, *, zero=False) -> str:
    import itertools
    import math

    n = len(shape)
    count = math.prod(shape) * n
    if payoffs is None:
        values = ["0"] * count if zero else [str((7 * k * k + 3 * k) % 19 - 9) for k in range(count)]
    else:
        values = list(itertools.islice(itertools.cycle(payoffs), count))
    players = " ".join(f'"P{i + 1}"' for i in range(n))
    return f'NFG 1 R "hostile" {{ {players} }} {{ {" ".join(map(str, shape))} }}\n\n{" ".join(values)}\n'


@pytest.fixture
def work(tmp_path):
    folder = tmp_path / "work"
    folder.mkdir()
    return folder


def write(folder: Path, name: str, text: str) -> Path:
    path = folder / name
    path.write_text(text)
    return path


def chain_automaton(n: int) -> str:
    """An automaton of ``n`` states that cooperates ``n - 1`` rounds and then defects for ever."""
    lines = [f'name = "Chain{n}"', 'initial = "s0"']
    for k in range(n):
        target = f"s{min(k + 1, n - 1)}"
        lines.append(f'[states.s{k}]\nplay = "{"C" if k < n - 1 else "D"}"\non = {{ "*" = "{target}" }}')
    return "\n".join(lines) + "\n"


def nested(depth: int, key: str = "a") -> str:
    return f"{key} = " + "[" * depth + "]" * depth + "\n"


# ------------------------------------------------------------ numbers as text
def test_parameter_value_with_a_huge_exponent(work):
    assert_refused(["solve", "alliance_peacetime_costs", "--set", "war_cost=1e999999999"], work, "war_cost")


def test_nfg_payoff_with_a_fortran_exponent(work):
    path = write(work, "fortran.nfg", nfg((2, 2), ["1D400", "0"]))
    assert_refused(["solve", path], work, "fortran.nfg")


def test_efg_payoff_with_a_huge_exponent(work):
    text = ('EFG 2 R "hostile" { "A" "B" }\n""\n\n'
            'p "" 1 1 "" { "L" "R" } 0\n'
            't "" 1 "" { 1e999999999, 0 }\n'
            't "" 2 "" { 0, 1 }\n')
    path = write(work, "huge.efg", text)
    assert_refused(["solve", path], work, "huge.efg")


# ----------------------------------------------------------- endless streams
@pytest.mark.parametrize("suffix", ["nfg", "efg"])
def test_file_that_never_ends(work, suffix):
    if not os.path.exists("/dev/zero"):
        pytest.skip("no /dev/zero")
    link = work / f"zero.{suffix}"
    link.symlink_to("/dev/zero")
    assert_refused(["solve", link], work, f"zero.{suffix}")


def test_fifo_with_a_writer_that_never_stops(work):
    if not hasattr(os, "mkfifo"):
        pytest.skip("no FIFOs here")
    fifo = work / "stream.nfg"
    os.mkfifo(fifo)
    stop = threading.Event()

    def writer():
        try:
            with open(fifo, "w") as handle:
                handle.write('NFG 1 R "endless" { "A" "B" } { 2 2 }\n\n')
                while not stop.is_set():
                    handle.write("1 " * 4096)
        except (BrokenPipeError, OSError):
            pass

    thread = threading.Thread(target=writer, daemon=True)
    thread.start()
    try:
        assert_refused(["solve", fifo], work, "stream.nfg")
    finally:
        stop.set()
        # Release a writer still waiting for a reader.
        try:
            descriptor = os.open(fifo, os.O_RDONLY | os.O_NONBLOCK)
            os.close(descriptor)
        except OSError:
            pass
        thread.join(5)


# ---------------------------------------------------------- declared sizes
def test_nfg_header_with_a_hundred_thousand_players(work):
    players = " ".join(f'"P{k}"' for k in range(100_000))
    path = write(work, "players.nfg", f'NFG 1 R "many" {{ {players} }} {{ {" ".join(["2"] * 100_000)} }}\n\n0 0\n')
    assert_refused(["solve", path], work, "players.nfg")


def test_nfg_header_with_10_to_the_30_strategies(work):
    path = write(work, "strategies.nfg", f'NFG 1 R "wide" {{ "A" "B" }} {{ {10**30} 2 }}\n\n0 0\n')
    assert_refused(["solve", path], work, "strategies.nfg")


# ------------------------------------------------------------ deep nesting
@pytest.mark.parametrize("depth", [10_000, 100_000])
@pytest.mark.parametrize("command", [["solve"], ["models", "show"]])
def test_model_toml_nested_deep(work, depth, command):
    path = write(work, "deep_model.toml", nested(depth))
    assert_refused([*command, path], work, "deep_model.toml")


def test_automaton_toml_nested_deep(work):
    path = write(work, "deep_automaton.toml", 'name = "deep"\n' + nested(10_000, "states"))
    assert_refused(["repeated", "alliance_burden_sharing_repeated", "--strategies", f"{path},grim"], work,
                   "deep_automaton.toml")


def test_compare_with_a_deeply_nested_model_file(work):
    path = write(work, "deep_sweep.toml", nested(50_000))
    assert_refused(["compare", path, "-o", work / "out", "-q", "--no-figures"], work, "deep_sweep.toml")


def test_compare_with_a_sweep_grid_too_large(work):
    text = (Path(__file__).resolve().parent.parent / "models" / "balancing_bandwagoning.toml").read_text()
    marker = "[sweep.axes.aggressive_intent]\nfrom = 0\nto = 1\npoints = 41"
    assert marker in text
    path = write(work, "huge_grid.toml", text.replace(marker, marker.replace("41", str(10**11))))
    assert_refused(["compare", path, "-o", work / "out", "-q", "--no-figures"], work, "points")


# --------------------------------------------------- symmetric (counts) models
def counts_model(players: int) -> str:
    text = (Path(__file__).resolve().parent.parent / "models" / "buck_passing.toml").read_text()
    block = "[parameters.n_powers]\nsymbol = \"n\"\ndefault = 3\nrange = [2, 5]"
    assert block in text
    return text.replace(block, f"[parameters.n_powers]\nsymbol = \"n\"\ndefault = {players}\nrange = [2, {10**9}]")


@pytest.mark.parametrize("players", [1_000_000, 10**9])
def test_models_show_on_a_symmetric_model_with_a_huge_player_count(work, players):
    path = write(work, "huge_counts.toml", counts_model(players))
    assert_refused(["models", "show", path], work, "MAX_COUNTS_ENTRIES", "n_powers")


def test_models_show_refuses_a_huge_player_count_given_with_set(work):
    assert_refused(["models", "show", "buck_passing", "--set", "n_powers=1000000"], work, "n_powers")


@pytest.mark.parametrize("command", ["explain", "conditions", "solve"])
def test_sixty_players(work, command):
    path = write(work, "sixty.toml", counts_model(60))
    assert_refused([command, path], work, "MAX_COUNTS_ENTRIES")


# ---------------------------------------------------------- large games
def test_three_players_with_fifteen_actions_each(work):
    path = write(work, "g15.nfg", nfg((15, 15, 15)))
    assert_answers(["solve", path], work, "logit")
    line = assert_refused(["solve", path, "--method", "polynomial_enumeration"], work, "MAX_SUPPORT_PROFILES")
    assert "TiB" not in line


def test_all_zero_200_by_200_game(work):
    path = write(work, "zero200.nfg", nfg((200, 200), zero=True))
    assert_refused(["solve", path], work, "200 x 200")


def test_support_enumeration_on_a_200_by_200_game(work):
    path = write(work, "g200.nfg", nfg((200, 200)))
    line = assert_refused(["solve", path, "--method", "support_enumeration"], work, "MAX_SUPPORT_PAIRS")
    assert "C long" not in line


def test_all_equilibria_of_a_30_by_30_exact_game(work):
    path = write(work, "g30.nfg", nfg((30, 30)))
    assert_refused(["solve", path, "--exact"], work, "30 x 30", "lemke_howson")


@pytest.mark.parametrize("shape", [(4, 4, 4), (2,) * 8])
def test_all_equilibria_of_n_player_games_fall_back(work, shape):
    path = write(work, "n_player.nfg", nfg(shape))
    output = assert_answers(["solve", path], work, "logit")
    assert "not every equilibrium was enumerated" in output or "other equilibria may exist" in output


# ----------------------------------------------------------- repeated games
def test_repeated_game_over_ten_thousand_rounds(work):
    output = assert_answers(["repeated", "alliance_burden_sharing_repeated", "--strategies", "grim,tft",
                             "--horizon", "10000"], work, "Subgame perfect")
    assert "x 10000" in output


def test_repeated_game_with_a_thousand_state_automaton(work):
    path = write(work, "chain1000.toml", chain_automaton(1000))
    output = assert_answers(["repeated", "alliance_burden_sharing_repeated", "--strategies", f"{path},grim",
                             "--solve-for", "cost"], work, "Subgame perfect")
    assert "MAX_SET_CONDITIONS" in output


def test_repeated_discount_factor_at_or_above_one(work):
    assert_refused(["repeated", "alliance_burden_sharing_repeated", "--delta", "1.5"], work, "below 1")


# ------------------------------------------------- model numbers out of range
MODELS = Path(__file__).resolve().parent.parent / "models"


def edited_model(work: Path, key: str, old: str, new: str) -> Path:
    text = (MODELS / f"{key}.toml").read_text()
    assert text.count(old) == 1
    return write(work, f"{key}_edited.toml", text.replace(old, new))


@pytest.mark.parametrize("key, old, new", [
    ("alliance_reliability", 'war_reliable = ["value_opposed"', "war_reliable = [nan"),
    ("alliance_reliability", 'war_reliable = ["value_opposed"', "war_reliable = [1e400"),
    ("balance_of_power", 'Britain = "power_britain"', "Britain = nan"),
])
def test_non_finite_number_in_a_model_file_names_its_place(work, key, old, new):
    path = edited_model(work, key, old, new)
    line = (path.read_text().split(new)[0]).count("\n") + 1
    assert_refused(["models", "show", path], work, f"{path.name}:{line}", "not finite")


@pytest.mark.parametrize("key, old, new", [
    ("alliance_reliability", 'war_reliable = ["value_opposed"', 'war_reliable = ["10**400"'),
    ("balance_of_power", 'Britain = "power_britain"', 'Britain = "10**400"'),
])
def test_sweep_of_exact_values_beyond_the_float_range(work, key, old, new):
    """Exact payoffs and resources solve, but a results table holds floats: the sweep says so, no traceback."""
    path = edited_model(work, key, old, new)
    proc, _ = run_cli(["sweep", path, "-o", work / "table.csv"], work)
    output = proc.stdout + proc.stderr
    assert proc.returncode != 0 and "Traceback" not in output, output[-2000:]
    assert "beyond the float range of a results table" in output
    assert not (work / "table.csv").exists()
