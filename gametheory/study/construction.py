"""Which of a theory's rules agree with the equilibria by construction, and which are certified to be able to fail.

For each outcome rule of a theory, the region where the rule applies (its
condition, minus the regions of the rules before it) is set against the
region where its expectation holds in the model's own game
(:mod:`gametheory.analysis.by_construction`):

* ``equilibrium`` rules: the region where some profile of the outcome is a
  pure Nash equilibrium (normal form) or where some pure subgame-perfect
  plan reaches it (trees);
* ``unique_equilibrium`` rules: where a profile of the outcome is a strict
  equilibrium and no other pure profile is one;
* ``every_equilibrium`` rules of trees: where the outcome's region holds and
  no other outcome's does;
* ``not_equilibrium`` rules: the complement of the equilibrium region.

A rule whose region lies inside that target cannot disagree at any point of
any grid within the declared ranges: it is **by construction**. A rule with
an exact point of its region where its expectation fails (a *witness*) can
fail, and is certified so. The samples include points drawn inside the
rule's own region, the model's default point and its sweep grid's points;
a rule whose region the samples barely reach is left undecided rather than
called by construction. Symmetric models by counts are decided at every
player count the default sweep visits (the default count when it is not
swept). Derived parameters are replaced by their formulas in the structural
variables, so the regions are compared over the inputs.

Solved witnesses
----------------
Continuous and coalitional models, trees judged by perfect Bayesian
equilibrium, and trees too large for symbolic conditions have no symbolic
equilibrium region here; neither do rules the symbolic pass leaves
undecided. For those, points of the rule's region
(:func:`gametheory.analysis.by_construction.region_points`: the default
point moved into the region, the sweep grid's points in it, then samples of
the region) are solved with the model's own solution concept and judged as
the comparison judges them (the sweep's chunk task for the model's kind and
:func:`gametheory.study.judgement.judge_points`, the point-by-point part of
:func:`gametheory.study.compare.compare`). The first point where the rule's
expectation fails is a witness (``method = "solved witness"``); without one
within the budget (:data:`WITNESS_POINTS` points per rule; a count of points,
not of seconds, so the verdict is the same on every machine) the rule stays
undecided (``by_construction`` None) and the note gives the number of
points solved. A comparison passes the points of its own sweep where it saw
a rule fail (:func:`sweep_failures`): such a point is a solved witness
already, and nothing more is solved for that rule.
"""

from __future__ import annotations

import functools
import itertools
from collections import OrderedDict
from dataclasses import dataclass, field, replace
from fractions import Fraction

__all__ = ["RuleVerdict", "rule_verdicts", "sweep_failures", "WITNESS_POINTS"]

#: Verdicts by (model fingerprint, theory): a model loaded again (a class page, a rerun) is not decided again.
_CACHE: "OrderedDict" = OrderedDict()
_CACHE_SIZE = 512

#: Most points of a rule's region solved in search of a witness.
WITNESS_POINTS = 64

#: Points solved together, batch after batch (the last size repeats): small first, since the default point
#: moved into the region and the grid's points come first and most often fail the rule if anything does.
_BATCHES = (1, 3, 4, 8)

#: Most points of the default sweep grid tried (a seeded choice of them beyond).
_GRID_POINTS = 256


@dataclass(frozen=True)
class RuleVerdict:
    """The by-construction verdict on one outcome rule.

    Attributes
    ----------
    rule : int
        The rule's index in the theory.
    relation : str
        How the rule's region lies to the region where its expectation
        holds (:data:`gametheory.analysis.by_construction.RELATIONS`), or
        ``"undecided"``.
    method : str
        ``"symbolic"``, ``"sampled"``, ``"exact witness"``, ``"solved witness"``
        or ``""``.
    by_construction : bool or None
        None where undecided.
    note : str
    witness : dict or None
        An exact point (``{name: Fraction}``) of the rule's region where its
        expectation fails, when one was found.
    points : int
        Points of the rule's region solved in search of a witness (0 when
        the symbolic pass decided).
    """

    rule: int
    relation: str
    method: str
    by_construction: bool | None
    note: str = ""
    witness: dict | None = field(default=None, compare=False)
    points: int = field(default=0, compare=False)

    @property
    def can_fail(self) -> bool:
        """Whether the rule is certified to be able to fail: an exact point of its region where it does."""
        return self.witness is not None


def _combine(relations):
    """One relation from the relations at several player counts (the weakest method)."""
    from ..analysis.by_construction import RegionRelation

    names = {r.relation for r in relations}
    outside = next((r.outside for r in relations if r.outside is not None), None)
    inside = next((r.inside for r in relations if r.inside is not None), None)
    note = "; ".join(dict.fromkeys(r.note for r in relations if r.note))
    if outside is not None and inside is not None:  # holds at one count, fails at another
        return RegionRelation("overlaps", "exact witness", outside, inside, note)
    if "undecided" in names:
        return RegionRelation("undecided", "", outside, inside, note)
    method = "sampled" if any(r.method == "sampled" for r in relations) else relations[0].method
    if names <= {"empty"}:
        return RegionRelation("empty", method, note=note)
    if names <= {"equal", "empty"}:
        return RegionRelation("equal", method, inside=inside, note=note)
    if names <= {"equal", "contained", "empty"}:
        return RegionRelation("contained", method, inside=inside, note=note)
    return RegionRelation("disjoint", method, outside=outside, note=note)


def _verdict(k, rule, relation, note=""):
    """The verdict on rule ``k``: a witness of failure rules out "by construction" whatever the relation."""
    witness = relation.inside if rule.expect == "not_equilibrium" else relation.outside
    if witness is not None:
        decided = False
    elif relation.relation == "undecided":
        decided = None
    elif relation.relation == "empty":
        decided = False
    elif rule.expect == "not_equilibrium":
        decided = relation.disjoint
    else:
        decided = relation.contained
    method = relation.method or ("exact witness" if witness is not None else "")
    text = "; ".join(part for part in (note, relation.note) if part)
    return RuleVerdict(k, relation.relation, method, decided, text, witness)


def _effective_regions(rules):
    import sympy

    before = sympy.false
    for rule in rules:
        yield sympy.And(rule.condition, sympy.Not(before))
        before = sympy.Or(before, rule.condition)


def _inputs(model):
    """The parameters spanning the box (derived ones follow them and are substituted by their formulas)."""
    return getattr(model, "input_parameters", model.parameters)


def _derived_substitution(model) -> dict:
    if not getattr(model, "derived", None):
        return {}
    from ..model.derived import derived_substitution

    return derived_substitution(model)


def _model_points(model) -> list[dict]:
    """The model's default point and the points of its default sweep grid (inputs only), the default first."""
    import numpy as np

    names = {p.name for p in _inputs(model)}
    base = {name: value for name, value in model.defaults.items() if name in names}
    base.update({name: value for name, value in getattr(model, "sweep_fixed", {}).items() if name in names})
    axes = {name: values for name, values in getattr(model, "sweep_axes", {}).items() if name in names}
    points = [dict(base)]
    if axes:
        total = int(np.prod([len(v) for v in axes.values()]))
        grid = itertools.product(*axes.values())
        if total > _GRID_POINTS:  # a seeded choice of the grid's points
            chosen = set(np.random.default_rng(0).choice(total, _GRID_POINTS, replace=False).tolist())
            grid = (p for i, p in enumerate(grid) if i in chosen)
        points.extend({**base, **dict(zip(axes, values))} for values in grid)
    return points


def _with_count(relation, name, n):
    """``relation`` with the player count added to its witnesses (decided at a fixed count)."""
    def add(point):
        return None if point is None else {**point, name: Fraction(n)}

    return replace(relation, outside=add(relation.outside), inside=add(relation.inside))


def _normal_verdicts(model, rules, counts):
    import sympy

    from ..analysis.by_construction import pure_equilibrium_region, region_relation, unique_equilibrium_region

    count_name = model.player_count_parameter
    regions = list(_effective_regions(rules))
    per_rule = [[] for _ in rules]
    derived = _derived_substitution(model)
    points = _model_points(model)
    for n in counts:
        game = model.symbolic_game(**({count_name: n} if count_name else {}))
        parameters = [p for p in _inputs(model) if p.name != count_name]
        fix, at_count = {}, points
        if count_name:
            symbol = next(p.sympy_symbol for p in model.parameters if p.name == count_name)
            fix = {symbol: sympy.Integer(n)}
            at_count = [{k: v for k, v in p.items() if k != count_name} for p in points
                        if Fraction(str(p.get(count_name, n))) == n]
        for k, (rule, region) in enumerate(zip(rules, regions)):
            if rule.expect == "unique_equilibrium":
                target = unique_equilibrium_region(game, rule.matches)
            else:
                target = pure_equilibrium_region(game, rule.matches)
            if derived:
                target = target.xreplace(derived)
                region = region.xreplace(derived)
            relation = region_relation(region.xreplace(fix), target, parameters, points=at_count)
            per_rule[k].append(_with_count(relation, count_name, n) if count_name else relation)
    note = ""
    if count_name:
        note = f"decided at {count_name} = {', '.join(str(n) for n in counts)}"
    shape = model.symbolic_game(**({count_name: counts[0]} if count_name else {})).shape
    if rules and any(r.expect == "unique_equilibrium" for r in rules) and tuple(shape) != (2, 2):
        note = "; ".join(x for x in (note, "uniqueness decided among pure profiles") if x)
    return tuple(_verdict(k, rule, _combine(per_rule[k]), note) for k, rule in enumerate(rules))


def _tree_verdicts(model, rules):
    import sympy

    from ..analysis.by_construction import region_relation
    from ..analysis.tree_conditions import outcome_regions

    groups = {rule.outcome: tuple(rule.profiles) for rule in rules}
    regions = outcome_regions(model.tree_spec, groups)
    derived = _derived_substitution(model)
    points = _model_points(model)
    verdicts = []
    for k, (rule, region) in enumerate(zip(rules, _effective_regions(rules))):
        target = regions[rule.outcome]
        if rule.expect == "every_equilibrium":
            others = [r for name, r in regions.items() if name != rule.outcome
                      and not set(groups[name]) & set(rule.profiles)]
            target = sympy.And(target, *(sympy.Not(r) for r in others))
        if derived:
            target, region = target.xreplace(derived), region.xreplace(derived)
        relation = region_relation(region, target, _inputs(model), points=points)
        verdicts.append(_verdict(k, rule, relation, "pure subgame-perfect plans"))
    return tuple(verdicts)


def _solve_at(model, points):
    """The model solved at ``points`` by the sweep's own chunk task for its kind (one tidy frame)."""
    import numpy as np

    design = {p.name: np.array([float(point[p.name]) for point in points]) for p in _inputs(model)}
    kind = getattr(model, "kind", "normal")
    if kind == "tree":
        from .sweep.trees import tree_task

        task, _ = tree_task(model)
    elif kind != "normal":
        from .sweep.kinds import kind_task

        task, _ = kind_task(model)
    else:
        from .sweep.model_sweep import solve_points

        task = functools.partial(solve_points, model)
    frame = task(design)
    frame.attrs["swept"] = list(design)
    return frame


def _count(n: int) -> str:
    return f"{n} point" if n == 1 else f"{n} points"


def _concept(model) -> str:
    kind = getattr(model, "kind", "normal")
    if kind == "tree":
        return {"spe": "subgame perfection", "pbe": "perfect Bayesian equilibrium"}.get(
            getattr(model, "solution_concept", ""), str(getattr(model, "solution_concept", "")))
    return {"continuous": "certified best-response iteration", "coalitional": "stable coalition structures"}.get(
        kind, "Nash equilibrium")


def _judged_failures(model, frame, rows):
    """The disagreeing rows that are failures of the rule, complete solves first, and per row whether complete.

    A tree or continuous model must have found a certified equilibrium at
    the point (none found is the solver's failure, not the rule's). Where
    the solver says its list may miss equilibria (a perfect Bayesian
    equilibrium inside a continuum of Nash equilibria, say), the
    disagreement is still the comparison's, and the note says so.
    """
    import numpy as np

    failing = rows[~rows["agree"].astype(bool).to_numpy()]
    if getattr(model, "kind", "normal") in ("tree", "continuous"):
        failing = failing[failing["n_equilibria"].to_numpy() > 0]
    if "complete" in frame.columns:
        complete = frame.groupby("point")["complete"].all().reindex(failing["point"].to_numpy()).fillna(False)
        complete = complete.to_numpy(dtype=bool)
    else:
        complete = np.ones(len(failing), dtype=bool)
    order = np.argsort(~complete, kind="stable")
    return failing.iloc[order], complete[order]


def _solved_verdict(model, theory, k, region, verdict):
    """``verdict`` on an undecided rule settled by solving points of its region, or kept undecided with the count."""
    from ..analysis.by_construction import region_points
    from .judgement import judge_points

    derived = _derived_substitution(model)
    if derived:
        region = region.xreplace(derived)
    try:
        points = region_points(region, _inputs(model), points=_model_points(model), count=WITNESS_POINTS)
    except (ValueError, TypeError, NotImplementedError, RecursionError) as error:
        return replace(verdict, note="; ".join(x for x in (verdict.note, f"no points of the region: {error}") if x))
    names = [p.name for p in _inputs(model)]
    sizes = itertools.chain(_BATCHES[:-1], itertools.repeat(_BATCHES[-1]))
    solved, holds = 0, False
    problem = ""
    while solved < len(points):
        batch = points[solved:solved + next(sizes)]
        solved += len(batch)
        try:
            frame = _solve_at(model, batch)
            judged = judge_points(model, frame, theory)
        except (ValueError, TypeError, ArithmeticError, NotImplementedError) as error:
            problem = f"solving failed: {error}"
            break
        table = judged.points.assign(rule=judged.rule_index, agree=judged.agree,
                                     n_equilibria=judged.n_equilibria).reset_index()
        mine = table[table["rule"] == k]
        holds = holds or bool(mine["agree"].astype(bool).any())
        failing, complete = _judged_failures(model, frame, mine)
        if len(failing):
            row = failing.iloc[0]
            witness = {name: Fraction(repr(float(row[name]))) for name in names}
            relation = "overlaps" if holds else "undecided"
            note = (f"fails at a point of its region solved by {_concept(model)} "
                    f"({_count(solved)} solved{'' if holds else '; it held at none of them'})")
            if not complete[0]:
                note += ("; the solver's list of equilibria there may be incomplete (its notes say which), "
                         "so the failure is the comparison's")
            return RuleVerdict(k, relation, "solved witness", False, note, witness, solved)
    if not points:
        reason = "no point of the rule's region was found to solve"
    else:
        reason = (f"no witness among {_count(solved)} of the rule's region solved by {_concept(model)} "
                  f"(budget {WITNESS_POINTS} points)")
    note = "; ".join(x for x in (verdict.note, reason, problem) if x)
    return replace(verdict, note=note, points=solved)


def _symbolic_verdicts(model, rules):
    """The symbolic pass: verdicts where the model's kind has symbolic equilibrium regions, else undecided."""
    kind = getattr(model, "kind", "normal")
    if kind == "normal":
        name = model.player_count_parameter
        counts = [model.defaults[name]] if name else [None]
        if name and name in model.sweep_axes:
            counts = sorted({int(v) for v in model.sweep_axes[name]})
        return _normal_verdicts(model, rules, counts)
    if kind == "tree" and getattr(model, "solution_concept", "") == "spe":
        return _tree_verdicts(model, rules)
    if kind == "tree":
        reason = ("the symbolic regions of trees cover subgame perfection only; this tree is judged by perfect "
                  "Bayesian equilibrium")
    else:
        reason = f"a {kind} model has no symbolic equilibrium region"
    return tuple(RuleVerdict(k, "undecided", "", None, reason) for k in range(len(rules)))


def sweep_failures(model, frame, table) -> dict:
    """Per rule, an exact point of a sweep where the comparison saw it fail (candidates for solved witnesses).

    ``frame`` is the sweep and ``table`` the comparison's per-point table
    (``point``, ``rule``, ``agree``, ``n_equilibria`` and the parameters);
    failures are judged as in the witness search (a certified equilibrium
    found, complete solves first).
    """
    names = [p.name for p in _inputs(model)]
    found = {}
    for k in sorted(set(int(r) for r in table["rule"].to_numpy() if r >= 0)):
        failing, complete = _judged_failures(model, frame, table[table["rule"] == k])
        if len(failing):
            row = failing.iloc[0]
            found[k] = ({name: Fraction(repr(float(row[name]))) for name in names}, bool(complete[0]))
    return found


def _seen_verdict(model, k, point, complete):
    note = f"fails at a point of the sweep's grid solved by {_concept(model)}"
    if not complete:
        note += ("; the solver's list of equilibria there may be incomplete (its notes say which), "
                 "so the failure is the comparison's")
    return RuleVerdict(k, "undecided", "solved witness", False, note, point, 0)


def rule_verdicts(model, theory: str, *, seen=None) -> tuple[RuleVerdict, ...]:
    """The by-construction verdict on each outcome rule of ``theory`` (cached by the model's fingerprint).

    Rules the symbolic pass leaves undecided are searched for a solved
    witness (see the module notes).

    Parameters
    ----------
    model : gametheory.model.Model
    theory : str
    seen : callable, optional
        ``seen() -> {rule: (point, complete)}``: points where a comparison
        already saw rules fail (:func:`sweep_failures`); an undecided rule
        failing there needs no new solve. Called only when some rule is
        undecided and the verdicts are not cached.

    Returns
    -------
    tuple of RuleVerdict, one per rule in order.

    Examples
    --------
    >>> from gametheory.model import load_model
    >>> [(v.relation, v.by_construction) for v in rule_verdicts(load_model("stag_hunt"), "offensive_realism")]
    [('overlaps', False)]

    A tree judged by perfect Bayesian equilibrium has no symbolic region;
    its rules are settled by solving points of their regions:

    >>> verdict = rule_verdicts(load_model("deterrence_signaling"), "defensive_realism")[0]
    >>> verdict.method, verdict.by_construction, verdict.can_fail
    ('solved witness', False, True)
    """
    from ..model.fingerprint import model_fingerprint

    key = (model_fingerprint(model), theory)
    if key in _CACHE:
        _CACHE.move_to_end(key)
        return _CACHE[key]
    rules = tuple(model.theory(theory).rules)
    try:
        result = _symbolic_verdicts(model, rules)
    except (ValueError, TypeError, NotImplementedError, RecursionError) as error:
        result = tuple(RuleVerdict(k, "undecided", "", None, f"not decided symbolically: {error}")
                       for k in range(len(rules)))
    if any(v.by_construction is None for v in result):
        regions = list(_effective_regions(rules))
        failures = seen() if seen is not None else {}
        result = tuple(v if v.by_construction is not None
                       else _seen_verdict(model, k, *failures[k]) if k in failures
                       else _solved_verdict(model, theory, k, regions[k], v)
                       for k, v in enumerate(result))
    _CACHE[key] = result
    while len(_CACHE) > _CACHE_SIZE:
        _CACHE.popitem(last=False)
    return result
