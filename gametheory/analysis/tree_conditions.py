"""Where each subgame-perfect plan holds: symbolic conditions on a tree model's parameters.

For a declared tree (:class:`~gametheory.model.tree_spec.TreeSpec`) whose
payoffs and chance probabilities are expressions of named parameters, every
pure behaviour profile (one action at every information set) is checked for
subgame perfection symbolically: in every proper subgame, no player gains by
switching to any other pure plan of that subgame. The result is, for each
profile, a conjunction of polynomial inequalities in the parameters, and
grouped by outcome, the region of the parameter space in which some pure
subgame-perfect equilibrium reaches that outcome. Along one parameter (the
others fixed) the regions become intervals with exact cut points: the
thresholds a teacher writes on the board and a test pins against the source.

Only pure equilibria are covered; mixed subgame-perfect equilibria (for
instance on a boundary where a player is indifferent, or in a subgame with
only mixed equilibria) are found by the numeric solvers
(:func:`gametheory.solvers.subgame_perfection.solve_tree`), and the result
says when a boundary is an indifference.

References
----------
Selten, R. (1975). Reexamination of the perfectness concept for equilibrium
points in extensive games. *International Journal of Game Theory* 4, 25-55.
"""

from __future__ import annotations

import itertools
from collections.abc import Mapping
from dataclasses import dataclass

import sympy

__all__ = ["PlanCondition", "spe_conditions", "outcome_regions", "outcome_intervals", "substitute",
           "conditions_report", "interval_text", "MAX_PURE_PROFILES"]

#: Most pure behaviour profiles checked symbolically (the product of the action counts of all information sets).
MAX_PURE_PROFILES = 20_000


@dataclass(frozen=True)
class PlanCondition:
    """A pure behaviour profile and the condition under which it is subgame perfect.

    Attributes
    ----------
    plan : dict
        ``{information set: action}`` (an unnamed decision node is its own
        information set, named by the node).
    path : dict
        ``{outcome name: probability}`` (sympy expressions) of the play the
        plan induces from the root.
    condition : sympy Boolean
        Subgame perfection of the plan, as inequalities in the parameters
        (``True`` where it always holds, ``False`` where it never does).
    """

    plan: dict
    path: dict
    condition: object

    def holds(self, values: Mapping) -> bool:
        """Whether the plan is subgame perfect at exact parameter ``values``."""
        return bool(substitute(self.condition, values))


class _Tree:
    """The declared tree's structure, indexed for the symbolic walk."""

    def __init__(self, spec):
        self.spec = spec
        self.nodes = spec.node_map
        self.outcomes = spec.outcome_map
        self.players = spec.players
        self.infoset = {name: (node.information_set or name) for name, node in self.nodes.items()
                        if node.player is not None}
        self.infoset_player = {self.infoset[name]: node.player for name, node in self.nodes.items()
                               if node.player is not None}
        self.infoset_actions = {}
        for name, node in self.nodes.items():
            if node.player is not None:
                self.infoset_actions.setdefault(self.infoset[name], tuple(a for a, _, _ in node.moves))
        self.below = self._subtrees()

    def _subtrees(self) -> dict[str, frozenset]:
        """Decision and chance nodes below (and including) each node."""
        order, stack = [], [self.spec.root]
        while stack:
            name = stack.pop()
            order.append(name)
            stack.extend(t for _, t, _ in self.nodes[name].moves if t in self.nodes)
        below: dict[str, frozenset] = {}
        for name in reversed(order):
            members = {name}
            for _, target, _ in self.nodes[name].moves:
                if target in self.nodes:
                    members |= below[target]
            below[name] = frozenset(members)
        return below

    def subgame_roots(self) -> list[str]:
        """Nodes whose subtree cuts no information set (the roots of proper subgames and the root)."""
        members: dict[str, set] = {}
        for name, h in self.infoset.items():
            members.setdefault(h, set()).add(name)
        roots = []
        for name, subtree in self.below.items():
            if all(members[self.infoset[n]] <= subtree for n in subtree if n in self.infoset):
                roots.append(name)
        return roots

    def values(self, start: str, plan: Mapping) -> tuple:
        """Each player's expected payoff from ``start`` when everyone follows ``plan`` (sympy)."""
        totals = [sympy.Integer(0)] * len(self.players)
        stack = [(start, sympy.Integer(1))]
        while stack:
            name, weight = stack.pop()
            node = self.nodes[name]
            if node.player is None:
                branches = [(t, weight * p) for _, t, p in node.moves]
            else:
                chosen = plan[self.infoset[name]]
                branches = [(t, weight) for a, t, _ in node.moves if a == chosen]
            for target, w in branches:
                if target in self.nodes:
                    stack.append((target, w))
                else:
                    totals = [total + w * payoff for total, payoff in zip(totals, self.outcomes[target])]
        return tuple(sympy.expand(t) for t in totals)

    def path(self, plan: Mapping) -> dict:
        reached: dict[str, sympy.Expr] = {}
        stack = [(self.spec.root, sympy.Integer(1))]
        while stack:
            name, weight = stack.pop()
            node = self.nodes[name]
            for action, target, probability in node.moves:
                if node.player is None:
                    w = weight * probability
                elif action == plan[self.infoset[name]]:
                    w = weight
                else:
                    continue
                if target in self.nodes:
                    stack.append((target, w))
                else:
                    reached[target] = sympy.simplify(reached.get(target, 0) + w)
        return {k: v for k, v in reached.items() if v != 0}


#: Plans and regions already derived, by tree declaration (a comparison asks once per theory).
_PLANS: dict = {}
_REGIONS: dict = {}
_CACHE_SIZE = 64


def _remember(cache: dict, key, value):
    if len(cache) >= _CACHE_SIZE:
        cache.pop(next(iter(cache)))
    cache[key] = value
    return value


def spe_conditions(spec) -> list[PlanCondition]:
    """Every pure behaviour profile of a declared tree with the condition for it to be subgame perfect.

    The derivation is kept per declaration (a :class:`~gametheory.model.tree_spec.TreeSpec`
    is immutable), so asking again, as each theory of a model does, costs a
    look-up; the returned list and its plans are fresh copies.

    Parameters
    ----------
    spec : gametheory.model.tree_spec.TreeSpec

    Returns
    -------
    list of PlanCondition
        In the order of the profiles (information sets in the file's order,
        actions in each set's order); profiles that are never subgame perfect
        are left out.

    Raises
    ------
    ValueError
        When the tree has more than :data:`MAX_PURE_PROFILES` pure profiles.
    """
    try:
        found = _PLANS.get(spec)
    except TypeError:  # a declaration holding something unhashable: derive it every time
        return list(_spe_conditions(spec))
    if found is None:
        found = _remember(_PLANS, spec, tuple(_spe_conditions(spec)))
    return [PlanCondition(dict(c.plan), dict(c.path), c.condition) for c in found]


def _spe_conditions(spec) -> list[PlanCondition]:
    tree = _Tree(spec)
    infosets = list(tree.infoset_actions)
    count = 1
    for h in infosets:
        count *= len(tree.infoset_actions[h])
    if count > MAX_PURE_PROFILES:
        raise ValueError(f"the tree has {count} pure behaviour profiles; symbolic conditions are limited to "
                         f"{MAX_PURE_PROFILES} (gametheory.analysis.tree_conditions.MAX_PURE_PROFILES): solve it at "
                         "parameter values instead")
    roots = tree.subgame_roots()
    # In each subgame only the moves outside its proper subgames need checking: the plan is already an
    # equilibrium of every proper subgame, so a deviation that also changes play inside one gains no more
    # there than the plan's own play gives (the argument of Selten 1975 for subgame perfection).
    own = {}
    for root in roots:
        inner = set().union(*(tree.below[t] for t in roots if t != root and t in tree.below[root]))
        own[root] = {i: [h for h in infosets if tree.infoset_player[h] == player and
                         any(n in tree.below[root] and n not in inner for n, g in tree.infoset.items() if g == h)]
                     for i, player in enumerate(tree.players)}
    results = []
    for actions in itertools.product(*(tree.infoset_actions[h] for h in infosets)):
        plan = dict(zip(infosets, actions))
        inequalities = []
        for root in roots:
            base = tree.values(root, plan)
            for i, sets in own[root].items():
                seen = set()
                for deviation in itertools.product(*(tree.infoset_actions[h] for h in sets)):
                    changed = dict(plan, **dict(zip(sets, deviation)))
                    if changed == plan:
                        continue
                    gain = sympy.expand(tree.values(root, changed)[i] - base[i])
                    if gain in seen:
                        continue
                    seen.add(gain)
                    inequalities.append(gain <= 0)
        condition = sympy.And(*inequalities)
        if condition is sympy.false:
            continue
        results.append(PlanCondition(plan, tree.path(plan), condition))
    return results


def outcome_regions(spec, groups: Mapping[str, tuple] | None = None) -> dict[str, object]:
    """For each outcome group, where some pure SPE reaches it with probability 1.

    ``groups`` maps a name to tree outcome names (a model's ``[outcomes]``);
    default: each tree outcome on its own. Returns ``{name: sympy Boolean}``.
    """
    groups = dict(groups) if groups is not None else {name: (name,) for name, _ in spec.outcomes}
    try:
        key = (spec, tuple((name, tuple(members)) for name, members in groups.items()))
        found = _REGIONS.get(key)
    except TypeError:
        return _outcome_regions(spec, groups)
    if found is None:
        found = _remember(_REGIONS, key, _outcome_regions(spec, groups))
    return dict(found)


def _outcome_regions(spec, groups: dict) -> dict[str, object]:
    plans = spe_conditions(spec)
    regions = {}
    for name, members in groups.items():
        clauses = []
        for plan in plans:
            mass = sympy.simplify(sum((p for outcome, p in plan.path.items() if outcome in members), sympy.Integer(0)))
            if mass == 1:
                clauses.append(plan.condition)
            elif mass != 0:
                clauses.append(sympy.And(plan.condition, sympy.Eq(mass, 1)))
        regions[name] = sympy.Or(*clauses)
    return regions


def outcome_intervals(spec, parameter: str, values: Mapping, *, bounds=(None, None),
                      groups: Mapping[str, tuple] | None = None) -> dict[str, object]:
    """Along one parameter, the set on which some pure SPE reaches each outcome group.

    The other parameters take ``values`` (exact); the result maps each group
    to a sympy set (an interval or a union of intervals) within ``bounds``.

    Examples
    --------
    In the extended-deterrence tree the challenger is deterred exactly when the
    defender's credibility reaches (c_DC - c_SQ)/(c_DC - c_DD) = 1/3 at
    c_DC = 4, c_SQ = 3, c_DD = 1 (see ``tests/test_tree_conditions.py``).
    """
    low, high = bounds
    domain = sympy.Interval(sympy.nsimplify(low) if low is not None else -sympy.oo,
                            sympy.nsimplify(high) if high is not None else sympy.oo)
    result = {}
    for name, region in outcome_regions(spec, groups).items():
        condition = substitute(region, {k: v for k, v in values.items() if k != parameter})
        if condition in (sympy.true, sympy.false):
            result[name] = domain if condition is sympy.true else sympy.EmptySet
            continue
        real = sympy.Symbol(parameter, real=True)
        condition = condition.xreplace({s: real for s in condition.free_symbols if s.name == parameter})
        result[name] = sympy.Intersection(condition.as_set(), domain)
    return result


def substitute(expression, values: Mapping):
    """``expression`` with its parameters, matched by name, replaced by exact ``values``."""
    return expression.xreplace({s: sympy.nsimplify(values[s.name]) for s in expression.free_symbols
                                if s.name in values})


def interval_text(interval) -> str:
    """A sympy set of one parameter as mathematics: ``[1/3, 1]``, ``(0, 2] or [3, 4]``, ``nowhere``."""
    if interval is sympy.EmptySet or interval == sympy.EmptySet:
        return "nowhere"
    if isinstance(interval, sympy.Union):
        return " or ".join(interval_text(part) for part in interval.args)
    if isinstance(interval, sympy.FiniteSet):
        return "{" + ", ".join(sympy.sstr(v) for v in interval) + "}"
    if isinstance(interval, sympy.Interval):
        if interval.start == interval.end:
            return "{" + sympy.sstr(interval.start) + "}"
        return (("(" if interval.left_open else "[") + sympy.sstr(interval.start) + ", " + sympy.sstr(interval.end)
                + (")" if interval.right_open else "]"))
    return sympy.sstr(interval)


def conditions_report(model, *, along: str | None = None, values: Mapping | None = None, latex: bool = False) -> str:
    """For a tree model judged by subgame perfection: which pure plans reach each outcome, and when.

    Each plan's condition is simplified within the parameters' declared
    ranges; with ``along``, the set of that parameter's values on which some
    pure SPE reaches each outcome (the others at ``values`` or their defaults).
    """
    from .formatting import _condition_latex, _condition_text
    from .simplify import simplify_condition

    spec = model.tree_spec
    groups = model.outcomes or {name: (name,) for name, _ in spec.outcomes}
    plans = spe_conditions(spec)
    lines = [f"{model.title}: the pure subgame-perfect plans and where each holds"]
    for name, members in groups.items():
        lines.append(f"{name} (the play ends in {' or '.join(members)}):")
        found = False
        for plan in plans:
            mass = sympy.simplify(sum((p for o, p in plan.path.items() if o in members), sympy.Integer(0)))
            if mass == 0:
                continue
            condition = simplify_condition(plan.condition, model.parameters)
            if condition is sympy.false:
                continue
            found = True
            shown = _condition_latex(condition, model.parameters) if latex else _condition_text(condition)
            moves = ", ".join(f"{h}: {a}" for h, a in plan.plan.items())
            share = "" if mass == 1 else f" (with probability {sympy.sstr(mass)})"
            lines.append(f"  {moves}{share}")
            lines.append(f"    when {shown}")
        if not found:
            lines.append("  never")
    if along is not None:
        known = {p.name: p for p in model.parameters}
        if along not in known:
            raise ValueError(f"unknown parameter {along!r}; parameters are {sorted(known)}")
        others = {k: v for k, v in model.values(**dict(values or {})).items() if k != along}
        intervals = outcome_intervals(spec, along, others, bounds=(known[along].low, known[along].high), groups=groups)
        fixed = ", ".join(f"{k}={sympy.sstr(sympy.nsimplify(v))}" for k, v in others.items())
        lines.append(f"Along {along} (the others at {fixed}), some pure SPE reaches:")
        lines += [f"  {name}: {along} in {interval_text(interval)}" for name, interval in intervals.items()]
    return "\n".join(lines)
