"""One classification rule: the signalling games' ``classification`` is the tree engine's, on the same behaviour."""

from __future__ import annotations

from fractions import Fraction

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st

from gametheory.games.signaling import SignalingGame
from gametheory.games.signaling.equilibria import _flat
from gametheory.model import load_model
from gametheory.solvers.perfect_bayesian import assess_pbe, classify_supports, perfect_bayesian_equilibria

F = Fraction


def _tree_view(game, e):
    """The tree engine's PBE at the signalling equilibrium's behaviour (None when the tree rejects it)."""
    tree = game.tree() if e.sender.dtype == object else game.tree().as_float()
    equilibrium, _ = assess_pbe(tree, _flat(game, e.sender, e.receiver))
    return equilibrium


@st.composite
def games(draw):
    n_types = draw(st.integers(1, 3))
    n_messages = draw(st.integers(2, 3 if n_types < 3 else 2))  # strategic forms within the enumeration budget
    weights = draw(st.lists(st.integers(0, 4), min_size=n_types, max_size=n_types).filter(any))  # zero priors too
    shape = (n_types, n_messages, 2)
    size = int(np.prod(shape))
    u_s = np.array(draw(st.lists(st.integers(-2, 2), min_size=size, max_size=size)), dtype=object).reshape(shape)
    u_r = np.array(draw(st.lists(st.integers(-2, 2), min_size=size, max_size=size)), dtype=object).reshape(shape)
    return SignalingGame([f"t{k}" for k in range(n_types)], [F(w, sum(weights)) for w in weights],
                         [f"m{k}" for k in range(n_messages)], ["r0", "r1"], u_s, u_r)


@settings(max_examples=15, deadline=None)
@given(games())
def test_signalling_classification_is_the_tree_engines(game):
    for e in game.equilibria(exact=True):
        if not e.is_pbe:
            continue
        view = _tree_view(game, e)
        assert view is not None and all(g == 0 for g in view.gaps)
        if len(game.types) > 1:
            assert e.classification == view.classification
        else:
            assert e.classification in ("pooling", "hybrid") and view.classification is None  # no type draw


def test_library_signalling_model_and_its_tree_classify_alike():
    model = load_model("tests/data/models/deterrence_signaling_strategic_form.toml")
    game = model.signaling_game()
    found = [e for e in game.equilibria() if e.is_pbe]
    assert {e.classification for e in found} == {"pooling", "separating", "hybrid"}
    for e in found:
        assert e.classification == _tree_view(game, e).classification
    # The tree model of the same story: its PBE fall in the same classes.
    tree_classes = {e.classification for e in perfect_bayesian_equilibria(load_model("deterrence_signaling").tree())}
    assert tree_classes == {"pooling", "separating", "hybrid"}


def test_a_type_of_prior_zero_counts_in_both():
    # Types t0 and t1 send m0, the type of prior 0 sends m1: the sender's strategy is classified type by type.
    assert classify_supports([(0,), (0,), (1,)]) == "semi-separating"
    game = SignalingGame(["t0", "t1", "t2"], [F(1, 2), F(1, 2), F(0)], ["m0", "m1"], ["r0", "r1"],
                         [[[1, 0], [0, 0]], [[1, 0], [0, 0]], [[0, 0], [1, 0]]],
                         [[[1, 0], [1, 0]], [[1, 0], [1, 0]], [[1, 0], [1, 0]]])
    found = [e for e in game.equilibria(exact=True) if e.is_pbe and e.is_pure
             and e.sender.tolist() == [[1, 0], [1, 0], [0, 1]]]
    assert found
    for e in found:
        assert e.classification == "semi-separating" == _tree_view(game, e).classification
