"""Model files: every built-in model validates, and every malformed file gets a precise error."""

from pathlib import Path

import numpy as np
import pytest

from gametheory.model import ModelError, list_models, load_model
from gametheory.model.loader import model_from_dict

DATA = Path(__file__).parent / "data"
BAD = DATA / "bad_models"

# file -> (key path, words of the message, line or None where the loader cannot place it)
BAD_MODELS = {
    "toml_syntax.toml": ("", "invalid TOML: Expected '=' after a key", 23),
    "missing_payoff.toml": ("payoffs", "missing the payoffs for profile(s) 'D,D'", 27),
    "unknown_name_in_payoff.toml": ('payoffs."C,D"[1]', "unknown name 'tempation'", 29),
    "default_out_of_range.toml": ("parameters.sucker.default", "is 12, outside its range [0, 10]", 23),
    "wrong_type_range.toml": ("parameters.sucker.range", "expected a list, got text '0 to 10'", 24),
    "typo_default.toml": ("parameters.sucker.defualt", "unknown key 'defualt' (did you mean 'default'?)", 23),
    "duplicate_action.toml": ("players[1].actions", "duplicate action labels: ['C']", 15),
    "prediction_unknown_action.toml": (
        "predictions.defensive_realism.rules[0].outcome", "player 'B' has no action 'X'", 34),
    "code_injection.toml": ('payoffs."C,C"[0]', "only the named functions", 28),
    "unknown_theory.toml": ("predictions.ofensive_realism", "did you mean 'offensive_realism'?", 36),
    "huge_exponent.toml": ('payoffs."D,D"[0]', "exponent 387420489 exceeds the limit", 31),
    "condition_not_boolean.toml": ("predictions.defensive_realism.rules[0].when", "expected a condition", 34),
    "missing_sources.toml": ("sources", "missing required key 'sources'", None),
    "unknown_top_key.toml": ("payofs", "did you mean 'payoffs'?", 27),
    "wrong_payoff_count.toml": ('payoffs."C,C"', "expected 2 payoffs (one per player), got 1", 28),
    "range_reversed.toml": ("parameters.reward.range", "low 10 is above high 0", 19),
    "division_by_zero.toml": ('payoffs."D,C"[0]', "division by zero", 30),
    "prior_not_one.toml": ("players[1].prior", "sum to sucker/10 + 1/2, expected 1", 17),
    "boolean_payoff.toml": ('payoffs."D,D"[0]', "expected a number or an expression, got bool", 31),
    "meaning_missing.toml": ("parameters.reward.meaning", "missing required key 'meaning'", 17),
    "sweep_axis_out_of_range.toml": ("sweep.axes.sucker", "sweep value of parameter 'sucker' is 15.0, outside its range [0, 10]", 36),
    "sweep_unknown_parameter.toml": ("sweep.axes.suckr", "'suckr' is not a declared parameter", 36),
    "alliance_unknown_kind.toml": ("alliance.pledge", "expected one or a list of ['defensive'", 37),
    "signaling_missing_payoff.toml": ("signaling.payoffs.Weak", "missing the payoffs for Weak: Quiet,Fight", 33),
    "signaling_prior_not_one.toml": ("signaling.prior", "sum to 2*p_strong, expected 1", 23),
    "signaling_typo_key.toml": ("signaling.resposes", "did you mean 'responses'?", 25),
    "signaling_unknown_message.toml": ('signaling.payoffs.Weak."Shout,Fight"', "no message 'Shout'", 36),
    "signaling_with_players.toml": ("players[0]", "a [signaling] model declares its players", 19),
}


def test_corpus_is_complete():
    assert len(BAD_MODELS) >= 12
    assert sorted(BAD_MODELS) == sorted(p.name for p in BAD.glob("*.toml"))


@pytest.mark.parametrize("name", sorted(BAD_MODELS))
def test_bad_model_error_names_file_key_and_line(name):
    key, words, line = BAD_MODELS[name]
    path = BAD / name
    with pytest.raises(ModelError) as caught:
        load_model(path)
    error = caught.value
    message = str(error)
    assert error.file == str(path)
    assert error.key == key
    assert error.line == line
    assert words in message
    where = f"{path}:{line}" if line else str(path)
    assert message.startswith(f"{where}: {key + ': ' if key else ''}")
    assert "\n" not in message


def test_code_in_a_model_file_is_never_run(tmp_path, monkeypatch):
    marker = tmp_path / "pwned"
    text = (BAD / "code_injection.toml").read_text().replace("echo hacked", f"touch {marker}")
    path = tmp_path / "injection.toml"
    path.write_text(text)
    with pytest.raises(ModelError, match="only the named functions"):
        load_model(path)
    assert not marker.exists()


def test_missing_file_and_unknown_key():
    with pytest.raises(FileNotFoundError, match="does not exist"):
        load_model("no/such/model.toml")
    with pytest.raises(ValueError, match="no built-in model 'chiken' \\(did you mean 'chicken'\\?\\)"):
        load_model("chiken")


def test_model_from_dict_names_the_file():
    with pytest.raises(ModelError, match="^my.toml: title: missing required key 'title'"):
        model_from_dict({"key": "x", "summary": "", "sources": [], "predictions": {}}, file="my.toml")


# ------------------------------------------------------- every built-in model
BUILTIN = list_models()


def test_builtin_models_include_the_examples():
    assert {"stag_hunt", "chicken"} <= set(BUILTIN)


@pytest.mark.parametrize("key", BUILTIN)
def test_builtin_model_validates(key):
    model = load_model(key)
    if model.kind != "normal":
        pytest.skip(f"{key} is a {model.kind} model (tests/test_model_kinds.py)")
    assert model.key == key
    assert model.sources and all(s.citation.strip() for s in model.sources)
    assert "defensive_realism" in model.predictions
    for p in model.parameters:
        assert p.meaning.strip()
        assert p.low is not None and p.high is not None, f"{key}: give {p.name} a finite range so sweeps can cover it"
    game = model.game()
    assert game.is_exact
    # corners of the parameter box give valid games
    for corner in ("low", "high"):
        values = {p.name: getattr(p, corner) for p in model.parameters}
        corner_game = model.game(**values)
        if model.player_count_parameter is None:
            assert corner_game.shape == game.shape
    # bad values are refused, naming the parameter
    p = model.parameters[0]
    with pytest.raises(ValueError, match=p.name):
        model.game(**{p.name: p.high + 1})
    with pytest.raises(ValueError, match="unknown parameter"):
        model.game(no_such_parameter=1)
    # every theory's prediction evaluates, scalar and vectorised, and they agree
    rng = np.random.default_rng(7)
    arrays = {
        p.name: rng.integers(int(p.low), int(p.high) + 1, 50).astype(float) if p.integer
        else rng.uniform(float(p.low), float(p.high), 50)
        for p in model.parameters
    }
    for theory in model.predictions:
        predicted = model.predict(theory, **arrays)
        assert predicted.shape == (50,)
        for k in range(0, 50, 7):
            rule = model.predicted_rule(theory, **{name: float(a[k]) for name, a in arrays.items()})
            assert predicted[k] == (rule.outcome if rule else "")


def test_documented_example_is_a_valid_model():
    """The complete annotated example of docs/model-format.md loads and behaves as described."""
    import re
    import tomllib

    text = (Path(__file__).parent.parent / "docs" / "model-format.md").read_text()
    blocks = [b for b in re.findall(r"```toml\n(.*?)```", text, flags=re.S) if b.startswith("key = ")]
    assert len(blocks) == 1
    model = model_from_dict(tomllib.loads(blocks[0]), file="docs/model-format.md")
    assert model.key == "alliance_support"
    assert model.game().payoff_profile(("Support", "Support")) == (1, 1)
    assert model.predicted_rule("defensive_realism").outcome == "alliance_holds"
    assert model.predict("defensive_realism", war_cost=np.array([0.5, 9.0]), abandonment_cost=0).tolist() == [
        "alliance_holds", "Abandon,*"]


def test_a_model_without_defensive_realism_is_valid_and_the_comparison_says_so(tmp_path):
    """A model need not state what defensive realism predicts: it loads, and the comparison says it has no such rule."""
    from gametheory.study.report import compare_models

    path = Path(__file__).parent / "data" / "models" / "no_defensive_realism.toml"
    model = load_model(path)
    assert "defensive_realism" not in model.predictions and "offensive_realism" in model.predictions
    summary, reports = compare_models([path], tmp_path / "out", progress=False, figures=False)
    assert reports[0].skipped.startswith("declares no defensive realism predictions")


def test_a_model_with_no_predictions_at_all_is_valid():
    from gametheory.model.loader import model_from_dict

    model = model_from_dict({"key": "game", "title": "A game", "summary": "", "sources": [{"citation": "ours"}],
                             "players": [{"name": "A", "actions": ["x", "y"]}, {"name": "B", "actions": ["x", "y"]}],
                             "payoffs": {"x,x": [1, 1], "x,y": [0, 0], "y,x": [0, 0], "y,y": [1, 1]}})
    assert model.predictions == {}
