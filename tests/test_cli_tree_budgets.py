"""`gametheory solve` on trees beyond the solvers' budgets, --method on trees, and the Intuitive Criterion shown."""

from __future__ import annotations

import json
import re
from fractions import Fraction
from pathlib import Path

import pytest
from click.testing import CliRunner

from gametheory.cli import main
from gametheory.io.efg import read_efg

DATA = Path(__file__).parent / "data" / "efg"

# A perfect-information tree whose reduced strategic form (36 x 6) is over the vertex-enumeration budget.
SEVEN_NODES = '''EFG 2 R "" { "P1" "P2" }
""
p "" 2 2 "I0" { "a0_0" "a0_1" "a0_2" } 0
p "" 2 3 "I1" { "a1_0" "a1_1" } 0
p "" 1 3 "I3" { "a3_0" "a3_1" } 0
t "" 1 "" { -1, -1 }
t "" 2 "" { 1, 0 }
p "" 1 4 "I4" { "a4_0" "a4_1" } 0
t "" 3 "" { -1, 1 }
t "" 3
p "" 2 1 "I2" { "a2_0" "a2_1" "a2_2" } 0
p "" 1 1 "I5" { "a5_0" "a5_1" "a5_2" } 0
t "" 4 "" { 0, 1 }
t "" 5 "" { 0, -1 }
t "" 6 "" { 1, -1 }
t "" 4
p "" 1 2 "I6" { "a6_0" "a6_1" "a6_2" } 0
t "" 5
t "" 2
t "" 6
t "" 6
'''

# Three types, three messages, two responses: a sequence form of 10 x 7 = 70 pairs, over the mixed search's budget.
THREE_TYPES = '''EFG 2 R "sig" { "S" "R" }
""
c "" 1 "" { "t0" 3/7 "t1" 1/7 "t2" 3/7 } 0
p "" 1 1 "T0" { "m0" "m1" "m2" } 0
p "" 2 1 "M0" { "r0" "r1" } 0
t "" 1 "" { 1, 3 }
t "" 2 "" { 0, 3 }
p "" 2 2 "M1" { "r0" "r1" } 0
t "" 3 "" { 3, 0 }
t "" 4 "" { 3, 1 }
p "" 2 3 "M2" { "r0" "r1" } 0
t "" 5 "" { 0, 1 }
t "" 6 "" { 0, 0 }
p "" 1 2 "T1" { "m0" "m1" "m2" } 0
p "" 2 1 "M0" { "r0" "r1" } 0
t "" 7 "" { 1, 1 }
t "" 8 "" { 2, 0 }
p "" 2 2 "M1" { "r0" "r1" } 0
t "" 9 "" { 3, 0 }
t "" 10 "" { 3, 1 }
p "" 2 3 "M2" { "r0" "r1" } 0
t "" 11 "" { 3, 2 }
t "" 12 "" { 1, 2 }
p "" 1 3 "T2" { "m0" "m1" "m2" } 0
p "" 2 1 "M0" { "r0" "r1" } 0
t "" 13 "" { 1, 2 }
t "" 14 "" { 2, 2 }
p "" 2 2 "M1" { "r0" "r1" } 0
t "" 15 "" { 2, 1 }
t "" 16 "" { 2, 0 }
p "" 2 3 "M2" { "r0" "r1" } 0
t "" 17 "" { 3, 0 }
t "" 18 "" { 0, 2 }
'''

# Beer-quiche (Cho and Kreps 1987): the weak type prefers quiche, the strong type beer; the receiver duels the weak.
BEER_QUICHE = '''EFG 2 R "Beer-quiche" { "Sender" "Receiver" }
""
c "" 1 "" { "Weak" 1/10 "Strong" 9/10 } 0
p "" 1 1 "Weak" { "Quiche" "Beer" } 0
p "" 2 1 "Quiche" { "Duel" "Not" } 0
t "" 1 "" { 1, 1 }
t "" 2 "" { 3, 0 }
p "" 2 2 "Beer" { "Duel" "Not" } 0
t "" 3 "" { 0, 1 }
t "" 4 "" { 2, 0 }
p "" 1 2 "Strong" { "Quiche" "Beer" } 0
p "" 2 1 "Quiche" { "Duel" "Not" } 0
t "" 5 "" { 0, 0 }
t "" 6 "" { 2, 1 }
p "" 2 2 "Beer" { "Duel" "Not" } 0
t "" 7 "" { 1, 0 }
t "" 8 "" { 3, 1 }
'''


def run(*args):
    result = CliRunner().invoke(main, [str(a) for a in args])
    return result.exit_code, result.output


@pytest.fixture
def efg(tmp_path):
    def write(name, text):
        path = tmp_path / name
        path.write_text(text)
        return path
    return write


def _gambit_regret(path, behavior):
    """pygambit's regret of a JSON behaviour (per player, per information set in the order of its number)."""
    gbt = pytest.importorskip("pygambit")
    game = gbt.read_efg(str(path))
    # pygambit numbers information sets by first appearance; the JSON orders them by their number in the file.
    lines = re.finditer(r'^p "" (\d+) (\d+) "([^"]*)"', path.read_text(), re.M)
    numbers = {(int(m[1]), m[3]): int(m[2]) for m in lines}
    profile = game.mixed_behavior_profile(rational=True)
    for i, (player, blocks) in enumerate(zip(game.players, behavior), 1):
        infosets = sorted(player.infosets, key=lambda s: numbers[i, s.label])
        assert len(infosets) == len(blocks)
        for infoset, block in zip(infosets, blocks):
            for action, p in zip(infoset.actions, block):
                profile[action] = gbt.Rational(str(Fraction(p)))
    return Fraction(str(profile.max_regret())), [Fraction(str(profile.payoff(p))) for p in game.players]


# ---------------------------------------------------------------- Nash beyond the reduced form's budget
def test_nash_of_a_tree_over_the_reduced_form_budget_enumerates_the_sequence_form(efg):
    path = efg("seven.efg", SEVEN_NODES)
    code, output = run("solve", path, "--concept", "nash", "--format", "json")
    assert code == 0, output
    payload = json.loads(output)
    assert payload["concept"] == "nash" and payload["method"] == "sequence_form_enumeration"
    assert payload["complete"] is True and payload["continuum"] is True
    assert any("reduced strategic form is over its budget" in note for note in payload["notes"])
    assert len(payload["equilibria"]) > 1
    tree = read_efg(str(path))
    for e in payload["equilibria"]:
        assert set(e) >= {"behavior", "payoffs", "path"}
        assert [Fraction(r) for r in e["regrets"]] == [0, 0]
        assert sum(Fraction(p) for p in e["path"]) == 1 and len(e["path"]) == len(tree.terminals)
        # Cross-check: pygambit's own regret of the profile is 0 and its payoffs are ours.
        regret, payoffs = _gambit_regret(path, e["behavior"])
        assert regret == 0 and payoffs == [Fraction(v) for v in e["payoffs"]]


def test_text_output_of_the_fallback_says_why(efg):
    code, output = run("solve", efg("seven.efg", SEVEN_NODES), "--concept", "nash")
    assert code == 0, output
    assert "sequence_form_enumeration" in output and "over its budget" in output
    assert "--method lemke_howson" not in output  # the normal-form advice does not apply to a tree


def test_method_lemke_howson_on_a_tree_is_one_equilibrium_by_sequence_form_lemke(efg):
    path = efg("seven.efg", SEVEN_NODES)
    code, output = run("solve", path, "--concept", "nash", "--method", "lemke_howson", "--format", "json")
    assert code == 0, output
    payload = json.loads(output)
    assert payload["method"] == "sequence_form_lemke" and payload["complete"] is False
    (e,) = payload["equilibria"]
    assert [Fraction(r) for r in e["regrets"]] == [0, 0]
    assert _gambit_regret(path, e["behavior"])[0] == 0


@pytest.mark.parametrize("args", [("--concept", "spe", "--method", "lemke_howson"),
                                  ("--concept", "nash", "--method", "vertex_enumeration"),
                                  ("--concept", "pbe", "--method", "support_enumeration")])
def test_a_method_a_tree_does_not_take_is_refused_naming_what_trees_accept(efg, args):
    code, output = run("solve", efg("seven.efg", SEVEN_NODES), *args)
    assert code == 2
    assert "does not apply to this game tree" in output and "--method auto" in output
    assert "--method lemke_howson" in output and "Traceback" not in output


def test_method_lemke_howson_needs_two_players():
    code, output = run("solve", DATA / "entry_perfect_information.efg", "--concept", "nash", "--method",
                       "lemke_howson", "--format", "json")
    tree = read_efg(str(DATA / "entry_perfect_information.efg"))
    if tree.n_players == 2:
        assert code == 0 and json.loads(output)["method"] == "sequence_form_lemke"
    else:
        assert code == 2 and "two-player tree" in output


# ---------------------------------------------------------------- PBE beyond the mixed search's budget
def test_pbe_over_the_sequence_pair_budget_lists_the_pure_pbe_marked_incomplete(efg):
    path = efg("three.efg", THREE_TYPES)
    code, output = run("solve", path, "--concept", "pbe", "--format", "json")
    assert code == 0, output
    payload = json.loads(output)
    assert payload["concept"] == "pbe" and payload["complete"] is False
    assert any("10 x 7 = 70 sequence pairs" in n and "--max-sequence-pairs 70" in n for n in payload["notes"])
    pure_only = json.loads(run("solve", path, "--concept", "pbe", "--pure-only", "--format", "json")[1])
    assert pure_only["complete"] is True
    assert [e["behavior"] for e in payload["equilibria"]] == [e["behavior"] for e in pure_only["equilibria"]]
    assert len(payload["equilibria"]) == 3 and all(e["pure"] for e in payload["equilibria"])
    for e in payload["equilibria"]:
        assert e["max_gap"] == "0" and all(g == "0" for row in e["gaps"] for g in row)
        assert _gambit_regret(path, e["behavior"])[0] == 0  # a PBE is a Nash equilibrium


def test_pbe_with_the_budget_lifted_adds_the_mixed_pbe(efg):
    path = efg("three.efg", THREE_TYPES)
    budgeted = json.loads(run("solve", path, "--concept", "pbe", "--format", "json")[1])
    code, output = run("solve", path, "--concept", "pbe", "--max-sequence-pairs", "0", "--format", "json")
    assert code == 0, output
    payload = json.loads(output)
    assert payload["method"] == "pure_profiles+sequence_form"
    behaviours = [e["behavior"] for e in payload["equilibria"]]
    assert all(e["behavior"] in behaviours for e in budgeted["equilibria"])
    mixed = [e for e in payload["equilibria"] if not e["pure"]]
    assert mixed
    for e in mixed:
        assert all(g == "0" for row in e["gaps"] for g in row)
        assert _gambit_regret(path, e["behavior"])[0] == 0
    assert run("solve", path, "--concept", "pbe", "--max-sequence-pairs", "70", "--format", "json")[1] == output


def test_pbe_profile_budget_names_the_cli_option(efg):
    code, output = run("solve", efg("three.efg", THREE_TYPES), "--concept", "pbe", "--max-profiles", "100")
    assert code == 2
    assert "216 pure behaviour profiles" in output and "--max-profiles 216" in output
    assert "max_profiles=" not in output


@pytest.mark.parametrize("flag", [("--pure-only",), ("--max-sequence-pairs", "10"), ("--max-profiles", "10")])
def test_pbe_options_need_the_pbe_concept(efg, flag):
    code, output = run("solve", efg("three.efg", THREE_TYPES), *flag)
    assert code == 2 and "applies to the perfect Bayesian concept" in output
    code, output = run("solve", "chicken", *flag)
    assert code == 2 and "applies to game trees" in output


# ---------------------------------------------------------------- the Intuitive Criterion and node numbers
def test_beer_quiche_json_gives_the_intuitive_criterion_verdict(efg):
    code, output = run("solve", efg("bq.efg", BEER_QUICHE), "--concept", "pbe", "--format", "json")
    assert code == 0, output
    verdicts = {}
    for e in json.loads(output)["equilibria"]:
        if not e["pure"]:
            continue
        pooled_on = "Quiche" if e["behavior"][0][0] == ["1", "0"] else "Beer"
        verdicts[pooled_on] = e["intuitive_criterion"]
        (test,) = e["intuitive_criterion_tests"]
        if pooled_on == "Quiche":
            # The strong type breaks the quiche pooling at Beer; the weak type is equilibrium-dominated there.
            assert test == {"message": "Beer", "passes": False, "dominated": ["Weak"], "remaining": ["Strong"],
                            "responses": ["Not"], "breaking": ["Strong"]}
        else:
            assert test["message"] == "Quiche" and test["passes"] and test["breaking"] == []
    assert verdicts == {"Quiche": False, "Beer": True}


def test_beer_quiche_text_gives_the_intuitive_criterion_verdict(efg):
    code, output = run("solve", efg("bq.efg", BEER_QUICHE), "--concept", "pbe")
    assert code == 0, output
    assert "Intuitive Criterion: fails: Strong gains from Beer" in output
    assert "Intuitive Criterion: passes at Quiche" in output


def test_intuitive_criterion_is_null_where_it_does_not_apply():
    code, output = run("solve", DATA / "entry_with_outcomes.efg", "--concept", "pbe", "--format", "json")
    assert code == 0, output
    for e in json.loads(output)["equilibria"]:
        assert e["intuitive_criterion"] is None and e["intuitive_criterion_tests"] == []
    assert "Intuitive Criterion" not in run("solve", DATA / "entry_with_outcomes.efg", "--concept", "pbe")[1]


def test_belief_nodes_are_numbered_in_file_order_like_subgame_regrets(efg):
    path = efg("bq.efg", BEER_QUICHE)
    node_lines = BEER_QUICHE.splitlines()[2:]  # one line per node, depth-first
    payload = json.loads(run("solve", path, "--concept", "pbe", "--format", "json")[1])
    for e in payload["equilibria"]:
        quiche, beer = e["beliefs"][1]
        assert quiche["nodes"] == [2, 9] and beer["nodes"] == [5, 12]
        assert all(node_lines[v].startswith('p "" 2 1 "Quiche"') for v in quiche["nodes"])
        assert all(node_lines[v].startswith('p "" 2 2 "Beer"') for v in beer["nodes"])
    spe = json.loads(run("solve", path, "--concept", "nash", "--format", "json")[1])
    assert all(r["node"] == 0 and node_lines[r["node"]].startswith("c ") for e in spe["equilibria"]
               for r in e["subgame_regrets"])
