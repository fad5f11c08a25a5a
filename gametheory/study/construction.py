"""Which of a theory's rules agree with the equilibria by construction.

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
any grid within the declared ranges: it is **by construction**. Symmetric
models by counts are decided at every player count the default sweep
visits (the default count when it is not swept). Continuous and
coalitional models, and trees judged by perfect Bayesian equilibrium,
have no symbolic equilibrium region here; their rules are reported as
undecided (``by_construction`` missing), never as independent
evidence by default. Derived parameters are replaced by their formulas in
the structural variables, so the regions are compared over the inputs.
"""

from __future__ import annotations

from collections import OrderedDict
from dataclasses import dataclass

__all__ = ["RuleVerdict", "rule_verdicts"]

#: Verdicts by (model fingerprint, theory): a model loaded again (a class page, a rerun) is not decided again.
_CACHE: "OrderedDict" = OrderedDict()
_CACHE_SIZE = 512


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
        ``"symbolic"``, ``"sampled"``, ``"exact witness"`` or ``""``.
    by_construction : bool or None
        None where undecided.
    note : str
    """

    rule: int
    relation: str
    method: str
    by_construction: bool | None
    note: str = ""


def _combine(relations):
    """One relation from the relations at several player counts (the weakest method)."""
    from ..analysis.by_construction import RegionRelation

    names = {r.relation for r in relations}
    method = "sampled" if any(r.method == "sampled" for r in relations) else relations[0].method
    if "overlaps" in names or ({"equal", "contained"} & names and "disjoint" in names):
        witness = next((r for r in relations if r.outside is not None), relations[0])
        return RegionRelation("overlaps", "exact witness", witness.outside, witness.inside, witness.note)
    if names <= {"empty"}:
        return RegionRelation("empty", method, note=relations[0].note)
    if names <= {"equal", "empty"}:
        return RegionRelation("equal", method, note=relations[0].note)
    if names <= {"equal", "contained", "empty"}:
        return RegionRelation("contained", method, note=relations[0].note)
    return RegionRelation("disjoint", method, note=relations[0].note)


def _verdict(k, rule, relation, note=""):
    if relation.relation == "empty":
        decided = False
    elif rule.expect == "not_equilibrium":
        decided = relation.disjoint
    else:
        decided = relation.contained
    text = "; ".join(part for part in (note, relation.note) if part)
    return RuleVerdict(k, relation.relation, relation.method, decided, text)


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


def _normal_verdicts(model, rules, counts):
    import sympy

    from ..analysis.by_construction import pure_equilibrium_region, region_relation, unique_equilibrium_region

    count_name = model.player_count_parameter
    regions = list(_effective_regions(rules))
    per_rule = [[] for _ in rules]
    derived = _derived_substitution(model)
    for n in counts:
        game = model.symbolic_game(**({count_name: n} if count_name else {}))
        parameters = [p for p in _inputs(model) if p.name != count_name]
        fix = {}
        if count_name:
            symbol = next(p.sympy_symbol for p in model.parameters if p.name == count_name)
            fix = {symbol: sympy.Integer(n)}
        for k, (rule, region) in enumerate(zip(rules, regions)):
            if rule.expect == "unique_equilibrium":
                target = unique_equilibrium_region(game, rule.matches)
            else:
                target = pure_equilibrium_region(game, rule.matches)
            if derived:
                target = target.xreplace(derived)
            per_rule[k].append(region_relation(region.xreplace(fix), target, parameters))
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
    verdicts = []
    for k, (rule, region) in enumerate(zip(rules, _effective_regions(rules))):
        target = regions[rule.outcome]
        if rule.expect == "every_equilibrium":
            others = [r for name, r in regions.items() if name != rule.outcome
                      and not set(groups[name]) & set(rule.profiles)]
            target = sympy.And(target, *(sympy.Not(r) for r in others))
        relation = region_relation(region, target.xreplace(derived) if derived else target, _inputs(model))
        verdicts.append(_verdict(k, rule, relation, "pure subgame-perfect plans"))
    return tuple(verdicts)


def rule_verdicts(model, theory: str) -> tuple[RuleVerdict, ...]:
    """The by-construction verdict on each outcome rule of ``theory`` (cached by the model's fingerprint).

    Parameters
    ----------
    model : gametheory.model.Model
    theory : str

    Returns
    -------
    tuple of RuleVerdict, one per rule in order.

    Examples
    --------
    >>> from gametheory.model import load_model
    >>> [(v.relation, v.by_construction) for v in rule_verdicts(load_model("stag_hunt"), "offensive_realism")]
    [('overlaps', False)]
    """
    from ..model.fingerprint import model_fingerprint

    key = (model_fingerprint(model), theory)
    if key in _CACHE:
        _CACHE.move_to_end(key)
        return _CACHE[key]
    rules = tuple(model.theory(theory).rules)
    kind = getattr(model, "kind", "normal")
    try:
        if kind == "normal":
            name = model.player_count_parameter
            counts = [model.defaults[name]] if name else [None]
            if name and name in model.sweep_axes:
                counts = sorted({int(v) for v in model.sweep_axes[name]})
            result = _normal_verdicts(model, rules, counts)
        elif kind == "tree" and getattr(model, "solution_concept", "") == "spe":
            result = _tree_verdicts(model, rules)
        elif kind == "tree":
            result = tuple(RuleVerdict(k, "undecided", "", None, "the symbolic regions of trees cover subgame "
                                       "perfection only; this tree is judged by perfect Bayesian equilibrium")
                           for k in range(len(rules)))
        else:
            result = tuple(RuleVerdict(k, "undecided", "", None,
                                       f"a {kind} model has no symbolic equilibrium region")
                           for k in range(len(rules)))
    except (ValueError, TypeError, NotImplementedError, RecursionError) as error:
        result = tuple(RuleVerdict(k, "undecided", "", None, f"not decided: {error}") for k in range(len(rules)))
    _CACHE[key] = result
    while len(_CACHE) > _CACHE_SIZE:
        _CACHE.popitem(last=False)
    return result
