"""Checks the model tests share: certified plays of a tree model, a signalling game's PBE, independent comparisons.

Each helper asserts the certificate of everything it returns (exactly zero
regret, in every subgame or at every information set), so a test built on it
checks certificates, not just counts.
"""

from __future__ import annotations

from gametheory.model.kinds.tree import reached_outcomes
from gametheory.solvers.perfect_bayesian import signaling_structure
from gametheory.study.sweep.trees import solve_tree_model


def spe_plays(model, *, require_equilibria: bool = True, **values) -> list[dict]:
    """The tree outcomes each SPE of a tree model reaches at the values (``{outcome: probability}``).

    Asserts that the model is solved by subgame perfection, exactly, that
    each SPE has zero regret in every subgame and (unless
    ``require_equilibria`` is False) that there is one.
    """
    result = solve_tree_model(model, **values)
    assert result.concept == "spe" and result.exact
    if require_equilibria:
        assert result.equilibria
    plays = []
    for equilibrium in result:
        assert equilibrium.max_subgame_regret == 0  # no gain from deviating in any subgame, exactly
        plays.append(reached_outcomes(equilibrium))
    return plays


def spe_pure_outcomes(model, *, require_equilibria: bool = True, **values) -> list[str]:
    """The tree outcome each SPE reaches, asserting that it reaches one with probability 1 (see :func:`spe_plays`)."""
    outcomes = []
    for reached in spe_plays(model, require_equilibria=require_equilibria, **values):
        ((outcome, probability),) = reached.items()
        assert probability == 1
        outcomes.append(outcome)
    return outcomes


def pbe_plays(model, **values) -> list[dict]:
    """The play of every PBE of a tree model at the values (each certified: zero gap at every information set,
    exactly), each play a whole one (its outcomes' probabilities sum to 1)."""
    result = solve_tree_model(model, **values)
    assert result.concept == "pbe" and result.equilibria
    plays = []
    for equilibrium in result:
        assert equilibrium.max_gap == 0
        reached = reached_outcomes(equilibrium)
        assert sum(reached.values()) == 1
        plays.append(reached)
    return plays


def signaling_pbe(model, **values) -> list[tuple]:
    """Every PBE of a signalling tree at the values as (equilibrium, sender's messages by type, receiver's responses).

    Messages and responses are ``{label: probability}`` with the positive
    probabilities only; each PBE is certified exactly (zero gap at every
    information set).
    """
    result = solve_tree_model(model, **values)
    assert result.concept == "pbe" and result.exact
    tree, offsets = result.tree, result.tree.action_offsets
    s = signaling_structure(tree)
    found = []
    for e in result:
        assert e.max_gap == 0 and all(g == 0 for g in e.gaps)  # the certificate, exactly
        sender = {}
        for t, node in zip(s.types, s.sender_nodes):
            h = int(tree.node_infoset[node])
            sender[t] = {m: p for m, p in zip(s.messages, e.behavior[offsets[h]:offsets[h + 1]].tolist()) if p}
        receiver = {m: {r: p for r, p in zip(s.responses, e.behavior[offsets[h]:offsets[h + 1]].tolist()) if p}
                    for m, h in zip(s.messages, s.receiver_infosets)}
        found.append((e, sender, receiver))
    return found


def assert_gambit_certifies_every_equilibrium(model, **values) -> None:
    """pygambit (independent) certifies every equilibrium of a tree model at the values (there is one at least):
    zero regret in pygambit's copy of the tree by its own computation, with our expected payoffs."""
    from tree_helpers import assert_gambit_certifies, gambit_game_from_efg

    result = solve_tree_model(model, **values)
    tree = result.tree
    game = gambit_game_from_efg(tree)
    assert result.equilibria
    for equilibrium in result:
        assert_gambit_certifies(game, tree, equilibrium)


def default_sweep(model, concept: str):
    """The model's sweep over its default grid, every point solved by ``concept`` with exactly zero regret."""
    from gametheory.study.sweep import sweep

    frame = sweep(model, grid=model.sweep_axes, fixed=model.sweep_fixed)
    assert set(frame["concept"]) == {concept} and (frame["max_regret"] == 0).all()
    return frame


def independent_comparisons(model, frame, theories) -> dict:
    """``{theory: comparison}`` of each theory with the sweep ``frame``.

    Asserts, per theory, that none of its rules holds by construction and
    that the comparison has points where the verdict is independent of the
    rules' construction.
    """
    from gametheory.study.compare import compare
    from gametheory.study.construction import rule_verdicts

    comparisons = {}
    for theory in theories:
        assert not any(v.by_construction for v in rule_verdicts(model, theory)), theory
        comparison = compare(model, frame, theory)
        assert comparison.independent_points > 0, theory
        comparisons[theory] = comparison
    return comparisons
