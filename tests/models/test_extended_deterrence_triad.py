"""Pinned results of the three-player extended deterrence tree (models/extended_deterrence_triad.toml).

Sources: Huth (1988), Extended Deterrence and the Prevention of War, Yale UP (the
attacker-defender-protege triad); Zagare and Kilgour (2000), Perfect Deterrence,
Cambridge UP, ch. 5, for the deterrence threshold in the reduced form of the
project's catalog (entries 14 and 15: the challenger attacks iff the expected
backing < (c_DC - c_SQ)/(c_DC - c_DD), 1/3 at c_DC = 4, c_SQ = 3, c_DD = 1);
Zagare and Kilgour (2003), ISQ 47(4), for the deterrence-versus-restraint dilemma
in their Tripartite Crisis Game (read from the abstract only); Snyder (1984),
World Politics 36(4), for entrapment. The game tree, the protege's emboldening
threshold (L + g)/(L + 2g - k_P) and the pledge-scope threshold (k_D - v_I)/a
are ours.

The model is the sequential game (protege, challenger, defender), judged by
subgame perfection; the thresholds come out of backward induction exactly and
symbolically. The tree's strategic form keeps Nash equilibria that rest on the
uncommitted defender's empty promise to fight; the tests check they are gone,
and cross-check the model against the same game with the defender's kind drawn
at the start (information sets for the protege and the challenger), solved for
perfect Bayesian equilibria.
"""

from fractions import Fraction

import pytest
import sympy

from gametheory.analysis.tree_conditions import outcome_intervals, outcome_regions, substitute
from gametheory.model import load_model
from gametheory.model.kinds.tree import reached_outcomes
from gametheory.solvers import solve
from gametheory.study.sweep.trees import solve_tree_model

from model_helpers import assert_gambit_certifies_every_equilibrium, spe_plays

KEY = "extended_deterrence_triad"
DETERRENCE = Fraction(1, 3)  # (c_DC - c_SQ)/(c_DC - c_DD) = (4 - 3)/(4 - 1)
EMBOLDENING = Fraction(4, 5)  # (L + g)/(L + 2g - k_P) = (4 + 4)/(4 + 8 - 2)


@pytest.fixture(scope="module")
def model():
    return load_model(KEY)


def _outcomes(model, **values) -> set[str]:
    """The named outcome groups some SPE reaches with probability 1 (each SPE certified exactly)."""
    reached_groups = set()
    for reached in spe_plays(model, require_equilibria=False, **values):
        assert sum(reached.values()) == 1
        groups = {name for name, members in model.outcomes.items()
                  if sum((reached.get(m, 0) for m in members), 0) == 1}
        reached_groups.add(frozenset(groups))
    return reached_groups


@pytest.fixture(scope="module")
def regions(model):
    """Where some pure SPE reaches each outcome group, as conditions on all the parameters (computed once)."""
    return outcome_regions(model.tree_spec, model.outcomes)


def _interval(model, regions, parameter, bounds, **values):
    """Along ``parameter`` (the others at the defaults and ``values``), the set where each group is reached; the
    same computation as :func:`outcome_intervals`, on regions derived once."""
    fixed = {k: v for k, v in {**model.defaults, **values}.items() if k != parameter}
    domain = sympy.Interval(*bounds)
    intervals = {}
    for name, region in regions.items():
        condition = substitute(region, fixed)
        if condition in (sympy.true, sympy.false):
            intervals[name] = domain if condition is sympy.true else sympy.EmptySet
            continue
        real = sympy.Symbol(parameter, real=True)
        condition = condition.xreplace({s: real for s in condition.free_symbols if s.name == parameter})
        intervals[name] = sympy.Intersection(condition.as_set(), domain)
    return intervals


def test_the_shortcut_agrees_with_outcome_intervals(model, regions):
    assert _interval(model, regions, "credibility", (0, 1)) == outcome_intervals(
        model.tree_spec, "credibility", model.defaults, bounds=(0, 1), groups=model.outcomes)


def _by_hand(p, *, c_sq=3, c_dc=4, c_dd=1, k_d=3, v=1, a=0, s=0, k_p=2, g=4, loss=4) -> set[str]:
    """Backward induction from the payoff formulas of the model's summary (strict preferences only)."""
    fight_attacked = -k_d > -v - a
    fight_started = -k_d > -v - s * a
    assert -k_d != -v - a and -k_d != -v - s * a
    backing = 1 if fight_attacked else p
    attack = backing * c_dd + (1 - backing) * c_dc
    assert attack != c_sq
    challenged = attack > c_sq
    restrain = (-backing * k_p - (1 - backing) * loss) if challenged else 0
    started = 1 if fight_started else p
    provoke = started * (g - k_p) - (1 - started) * (loss + g)
    assert provoke != restrain
    if provoke > restrain:
        return {"protege_provokes"} | ({"entrapment"} if fight_started else set())
    return {"deterrence_fails"} if challenged else {"deterrence_holds"}


def test_the_model_is_a_tree_judged_by_subgame_perfection(model):
    assert model.kind == "tree" and model.solution_concept == "spe"
    tree = model.tree()
    assert tree.players == ("Challenger", "Defender", "Protege") and tree.has_chance


@pytest.mark.parametrize("credibility, outcome", [
    (Fraction(0), "deterrence_fails"),
    (Fraction(1, 5), "deterrence_fails"),
    (Fraction(3, 10), "deterrence_fails"),
    (Fraction(2, 5), "deterrence_holds"),
    (Fraction(1, 2), "deterrence_holds"),
    (Fraction(3, 4), "deterrence_holds"),
    (Fraction(79, 100), "deterrence_holds"),
    (Fraction(81, 100), "protege_provokes"),
    (Fraction(9, 10), "protege_provokes"),
])
def test_both_thresholds_both_sides(model, credibility, outcome):
    """Zagare and Kilgour (2000), ch. 5 reduced form (catalog entries 14-15), deterrence at 1/3; our emboldening
    threshold 4/5 (Snyder's moral hazard): under an informal pledge the SPE play is deterrence failing below 1/3,
    holding between, and the protege provoking above 4/5, as backward induction by hand says."""
    assert _outcomes(model, credibility=credibility) == {frozenset({outcome})}
    assert _by_hand(credibility) == {outcome}


def test_on_each_threshold_both_plays_are_subgame_perfect(model):
    assert _outcomes(model, credibility=DETERRENCE) == {frozenset({"deterrence_fails"}),
                                                        frozenset({"deterrence_holds"})}
    assert _outcomes(model, credibility=EMBOLDENING) == {frozenset({"deterrence_holds"}),
                                                         frozenset({"protege_provokes"})}


@pytest.mark.parametrize("wins, status_quo, conflict", [(4, 3, 1), (6, 4, 1), (5, 4, 2), (9, 8, 1)])
def test_deterrence_threshold_symbolically(model, regions, wins, status_quo, conflict):
    """Catalog entry 14: along p_Def the SPE fails to deter on [0, (c_DC - c_SQ)/(c_DC - c_DD)] and deters from
    there up to the emboldening threshold 4/5 (the cuts chosen below 1/2, where an attacked protege would rather
    strike first)."""
    cut = sympy.Rational(wins - status_quo, wins - conflict)
    intervals = _interval(model, regions, "credibility", (0, 1), challenger_wins=wins, challenger_status_quo=status_quo,
                          challenger_conflict=conflict)
    assert intervals["deterrence_fails"] == sympy.Interval(0, cut)
    assert intervals["deterrence_holds"] == sympy.Interval(cut, sympy.Rational(4, 5))


@pytest.mark.parametrize("loss, aims, war_cost", [(4, 4, 2), (2, 3, 1), (6, 5, 4), (1, 6, 3)])
def test_emboldening_threshold_symbolically(model, regions, loss, aims, war_cost):
    """Ours (Snyder 1984's moral hazard): the protege provokes on [(L + g)/(L + 2g - k_P), 1], even under a
    defensive pledge (the committed kind is then entrapped), and is deterred-and-restrained from 1/3 up to it."""
    cut = sympy.Rational(loss + aims, loss + 2 * aims - war_cost)
    intervals = _interval(model, regions, "credibility", (0, 1), protege_defeat=loss, protege_war_aims=aims,
                          protege_war_cost=war_cost)
    assert intervals["protege_provokes"] == sympy.Interval(cut, 1)
    assert intervals["deterrence_holds"] == sympy.Interval(sympy.Rational(1, 3), cut)


def test_offensive_pledge_entraps_and_defensive_pledge_restrains(model):
    """Snyder (1984) on entrapment; Zagare and Kilgour (2003) deterrence versus restraint (our encoding): under a
    formal treaty (a = 3) a defensive pledge deters the challenger and restrains the protege below 4/5, while an
    offensive pledge (s = 1) emboldens the protege to start a war the uncommitted defender fights, at any
    credibility: the defender's payoff falls from 0 to -k_D."""
    for credibility in (Fraction(0), Fraction(1, 5), Fraction(1, 2), Fraction(3, 4)):
        assert _outcomes(model, credibility=credibility, audience_cost=3, pledge_scope=0) == {
            frozenset({"deterrence_holds"})}
        assert _outcomes(model, credibility=credibility, audience_cost=3, pledge_scope=1) == {
            frozenset({"protege_provokes", "entrapment"})}
        assert _by_hand(credibility, a=3, s=1) == {"protege_provokes", "entrapment"}
        (offensive,) = solve_tree_model(model, credibility=credibility, audience_cost=3, pledge_scope=1)
        (defensive,) = solve_tree_model(model, credibility=credibility, audience_cost=3, pledge_scope=0)
        assert offensive.payoffs[1] == -3 and defensive.payoffs[1] == 0
        assert offensive.payoffs[2] > defensive.payoffs[2]  # the protege gains what its patron pays


def test_pledge_scope_threshold(model, regions):
    """Ours: the uncommitted defender backs a protege that started the war iff v_I + s a >= k_D, i.e.
    s >= (k_D - v_I)/a = 2/3 at a = 3; symbolically and at points on both sides."""
    intervals = _interval(model, regions, "pledge_scope", (0, 1), audience_cost=3)
    assert intervals["entrapment"] == sympy.Interval(sympy.Rational(2, 3), 1)
    assert intervals["deterrence_holds"] == sympy.Interval(0, sympy.Rational(2, 3))
    assert _outcomes(model, audience_cost=3, pledge_scope=Fraction(3, 5)) == {frozenset({"deterrence_holds"})}
    assert _outcomes(model, audience_cost=3, pledge_scope=Fraction(7, 10)) == {
        frozenset({"protege_provokes", "entrapment"})}


def test_informal_pledge_is_cheap_talk(model):
    """With no audience cost the pledge's scope changes nothing: the trees are the same."""
    for credibility in (Fraction(1, 5), Fraction(1, 2), Fraction(9, 10)):
        defensive = model.tree(credibility=credibility, pledge_scope=0)
        offensive = model.tree(credibility=credibility, pledge_scope=1)
        assert defensive.payoff_matrix.tolist() == offensive.payoff_matrix.tolist()


def test_same_threshold_as_the_two_player_reduction(model, regions):
    """Catalog entry 14: the triad keeps the two-player model's deterrence threshold (both 1/3 at the defaults)."""
    two = load_model("extended_deterrence")
    pair = outcome_intervals(two.tree_spec, "credibility", two.defaults, bounds=(0, 1), groups=two.outcomes)
    triad = _interval(model, regions, "credibility", (0, 1))
    assert pair["deterrence_holds"].inf == triad["deterrence_holds"].inf == sympy.Rational(1, 3)


def test_the_strategic_form_admits_the_empty_promise_the_tree_excludes(model):
    """At p_Def = 1/5 the strategic form has a Nash equilibrium in which the challenger refrains because the
    uncommitted defender 'would' fight for an attacked protege (v_I + a = 1 < k_D = 3: it would not);
    subgame perfection removes it and deterrence fails."""
    from gametheory.games.extensive import reduced_strategic_form

    game = reduced_strategic_form(model.tree(credibility=Fraction(1, 5))).game
    assert game.actions[1] == ("Fight/Fight", "Fight/Abandon", "Abandon/Fight", "Abandon/Abandon")
    result = solve(game)
    assert result.exact
    for equilibrium in result:
        assert equilibrium.regrets == (0, 0, 0)
    nash = {e.pure_profile for e in result.pure}
    assert ("Refrain", "Fight/Abandon", "Restrain") in nash  # deterrence "holds" by an empty promise
    assert ("Challenge", "Abandon/Abandon", "Restrain") in nash
    assert _outcomes(model, credibility=Fraction(1, 5)) == {frozenset({"deterrence_fails"})}


def _kind_drawn_first(model, **values):
    """The same game with chance choosing the defender's kind at the start; the protege and the challenger do
    not see it (information sets), the committed kind fights with no choice."""
    from gametheory.games.extensive import build_tree, chance, decision, terminal

    v = {**model.defaults, **values}
    pay = {name: [substitute(x, v) for x in payoffs] for name, payoffs in model.tree_spec.outcomes}

    def leaf(name):
        return terminal(*(Fraction(str(x)) for x in pay[name]), label=name)

    def branch(committed: bool):
        suffix = "c" if committed else "u"
        attacked = leaf("defended_by_committed") if committed else decision(
            "Defender", {"Fight": leaf("defended"), "Abandon": leaf("protege_abandoned")}, label="attacked")
        started = leaf("entrapped_committed") if committed else decision(
            "Defender", {"Fight": leaf("entrapped"), "Abandon": leaf("provoker_abandoned")}, label="started")
        challenger = decision("Challenger", {"Challenge": attacked, "Refrain": leaf("status_quo")},
                              infoset="challenger", label=f"challenger_{suffix}")
        return decision("Protege", {"Restrain": challenger, "Provoke": started}, infoset="protege",
                        label=f"protege_{suffix}")

    p = Fraction(v["credibility"])
    root = chance({"Committed": (p, branch(True)), "Uncommitted": (1 - p, branch(False))}, label="kind")
    return build_tree(root, players=model.players, exact=True)


@pytest.mark.parametrize("values", [
    {"credibility": Fraction(1, 5)}, {"credibility": Fraction(2, 5)}, {"credibility": Fraction(9, 10)},
    {"credibility": Fraction(1, 2), "audience_cost": 3, "pledge_scope": 1},
])
def test_drawing_the_kind_first_gives_the_same_play_by_perfect_bayesian_equilibrium(model, values):
    """The notes' claim: nobody sees the kind before the defender acts, so the PBE plays of the tree with the kind
    drawn at the start are the SPE plays of the model."""
    from gametheory.solvers.tree_concepts import solve_tree_by_concept

    pbe = solve_tree_by_concept(_kind_drawn_first(model, **values), "pbe", exact=True)
    assert pbe.equilibria
    plays = set()
    for equilibrium in pbe:
        assert max(equilibrium.gaps, default=0) == 0
        plays.add(frozenset(reached_outcomes(equilibrium).items()))
    spe = {frozenset(reached_outcomes(e).items()) for e in solve_tree_model(model, **values)}
    assert plays == spe


def test_with_the_kind_drawn_first_an_inconsistent_off_path_belief_adds_a_play(model):
    """Why the model draws the kind where the defender acts. At p_Def = 1/2 an attacked protege is indifferent
    between restraint and provocation (g (1 - 2 p_Def) = 0). With the kind drawn first, a perfect Bayesian
    equilibrium lets the protege provoke while the unreached challenger 'would' attack a restrained protege,
    sustained only by a belief that the defender is committed with probability at most 1/3. The protege does
    not know the kind, so its restraint cannot carry news of it: the consistent belief is the prior 1/2, at
    which attacking does not pay. Subgame perfection in the model's timing excludes that play, and so does the
    perfect Bayesian equilibrium with beliefs pinned by Bayes' rule off the path where the profile allows; only
    the weak PBE (beliefs pinned on the path only) admits it."""
    from gametheory.solvers.perfect_bayesian import WEAK_PBE, perfect_bayesian_equilibria
    from gametheory.solvers.tree_concepts import solve_tree_by_concept

    half = Fraction(1, 2)
    tree = _kind_drawn_first(model, credibility=half)
    spe = {frozenset(reached_outcomes(e).items()) for e in solve_tree_model(model, credibility=half)}
    assert spe == {frozenset({("status_quo", 1)})}
    consistent = {frozenset(reached_outcomes(e).items()) for e in solve_tree_by_concept(tree, "pbe", exact=True)}
    assert consistent == spe
    extra = [e for e in perfect_bayesian_equilibria(tree, exact=True, weak=True)
             if frozenset(reached_outcomes(e).items()) not in spe]
    assert extra
    for equilibrium in extra:
        assert equilibrium.concept == WEAK_PBE
        assert reached_outcomes(equilibrium) == {"entrapped_committed": half, "provoker_abandoned": half}
        region = equilibrium.belief_at("challenger")
        prior = (half, half)
        assert any(sum(c * mu for c, mu in zip(row, prior)) < 0 for row in region.constraints)


@pytest.mark.parametrize(
    "values, outcome, holds",
    [
        ({"audience_cost": 3}, "deterrence_holds", True),
        ({"audience_cost": 3, "pledge_scope": 1}, "entrapment", True),
        # the pledge's cost does not outweigh the uncommitted patron's war: v_I + s a = 2 < k_D = 3
        ({"audience_cost": 2, "pledge_scope": 0.5}, "entrapment", False),
        # a patron believed committed beyond 4/5 emboldens the protege under a defensive pledge too
        ({"audience_cost": 3, "credibility": 0.9}, "deterrence_holds", False),
    ],
)
def test_snyders_rules_read_the_treatys_terms_and_can_fail(model, values, outcome, holds):
    """Snyder (1984), Benson (2012) as encoded: the rules read only the audience cost and the pledge's scope,
    and the subgame-perfect outcome (certified) agrees with them at some points and not at others."""
    assert {p.name for p in model.parameters if p.structural} == {"audience_cost", "pledge_scope"}
    assert model.predicted_rule("defensive_realism", **values).outcome == outcome
    exact = {k: Fraction(str(v)) for k, v in values.items()}
    assert any(outcome in groups for groups in _outcomes(model, **exact)) == holds


def test_no_rule_is_true_by_construction(model):
    from gametheory.study.construction import rule_verdicts

    for theory in model.predictions:
        assert all(rule.independent for rule in model.theory(theory).rules)
        assert all(v.by_construction is False for v in rule_verdicts(model, theory)), theory


def test_default_sweep_shows_every_regime_and_the_comparison_can_fail(model):
    """The default sweep (offensive pledge fixed) shows deterrence failing, holding, the protege provoking and
    entrapment, every point solved by subgame perfection with zero regret; classical deterrence (firmer is
    always safer) fails where the firm offensive pledge entraps."""
    from gametheory.study.compare import compare
    from gametheory.study.sweep import sweep

    frame = sweep(model, grid=model.sweep_axes, fixed=model.sweep_fixed)
    assert set(frame["concept"]) == {"spe"} and (frame["max_regret"] == 0).all()
    assert frame["point"].nunique() == 21 * 4
    outcomes = set(frame["outcome"])
    assert {"deterrence_fails", "deterrence_holds", "protege_provokes", "protege_provokes + entrapment"} <= outcomes
    assert compare(model, frame, "classical_deterrence").agreement < 1


def test_cross_check_with_pygambit(model):
    """pygambit (independent): at the defaults every equilibrium we return has zero regret in the tree by
    pygambit's own computation, with the same expected payoffs."""
    pytest.importorskip("pygambit")
    assert_gambit_certifies_every_equilibrium(model)
