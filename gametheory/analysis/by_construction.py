"""Whether a prediction rule can fail: its region against the predicted outcome's equilibrium region.

A theory's rule says: where condition ``R`` holds, outcome ``o`` is an
equilibrium (or the unique one, or not one). If, within the parameters'
declared ranges, ``R`` lies inside the region ``E`` where ``o`` is an
equilibrium of the model's own game, the rule agrees with the equilibria at
every point of every grid: its agreement is true *by construction* (most
often because ``R`` restates ``E``). Such a rule checks the encoding and
the solvers, not the theory. :func:`region_relation` decides how ``R`` and
a target region lie to each other:

``"equal"``
    ``R`` and the target coincide (proved symbolically both ways);
``"contained"``
    ``R`` lies inside the target;
``"disjoint"``
    ``R`` and the target share no point;
``"overlaps"``
    neither: there are points of ``R`` inside and outside the target;
``"empty"``
    ``R`` holds nowhere in the box.

Method. Points of the box (a rational lattice, random rational points and
points on the boundaries of the comparisons, where a tie decides) are evaluated in floats to find candidate witnesses, and every witness is
checked in exact rational arithmetic, so "not contained" is always
certified by an exact point. Where no witness exists, containment is
proved symbolically (:func:`~gametheory.analysis.simplify.simplify_condition`
reduces ``R & ~T`` to false within the ranges); where sympy cannot prove it,
the answer rests on the samples and says so (``method = "sampled"``).
Unbounded ranges are sampled over a finite stand-in (the default plus or
minus ten times its magnitude, at least 10), and the result notes it.

:func:`pure_equilibrium_region` and :func:`unique_equilibrium_region` give
the targets of normal-form rules from a :class:`~gametheory.games.symbolic.SymbolicGame`.
"""

from __future__ import annotations

import itertools
from dataclasses import dataclass, field
from fractions import Fraction

import numpy as np

__all__ = ["RegionRelation", "region_relation", "pure_equilibrium_region", "unique_equilibrium_region",
           "RELATIONS"]

#: The ways a rule's region can lie to a target region (see the module notes).
RELATIONS = ("equal", "contained", "disjoint", "overlaps", "empty")

_LATTICE_DENOMINATOR = 64


@dataclass(frozen=True)
class RegionRelation:
    """How a rule's region lies to a target region within the parameter box.

    Attributes
    ----------
    relation : str
        One of :data:`RELATIONS`.
    method : str
        ``"symbolic"`` (proved) or ``"sampled"`` (no counterexample among
        the samples, not proved); a relation refuted by a witness is
        ``"exact witness"``.
    outside : dict or None
        An exact point (``{name: Fraction}``) of the rule's region outside
        the target, when one was found.
    inside : dict or None
        An exact point of the rule's region inside the target.
    note : str
    """

    relation: str
    method: str
    outside: dict | None = None
    inside: dict | None = None
    note: str = ""
    samples: int = field(default=0, compare=False)

    @property
    def contained(self) -> bool:
        """The rule's region lies inside the target (``equal`` included; an empty region is not)."""
        return self.relation in ("equal", "contained")

    @property
    def disjoint(self) -> bool:
        """The rule's region and the target share no point (an empty region excluded)."""
        return self.relation == "disjoint"


#: Largest number of comparisons in ``R & ~T`` that sympy is asked to simplify (beyond: the answer is sampled).
MAX_SYMBOLIC_ATOMS = 60


class _Box:
    """Sample points of the parameters' box, kept as integer steps so each is exact on demand."""

    def __init__(self, parameters, samples: int, seed: int):
        rng = np.random.default_rng(seed)
        self.lows, self.highs, self.integer, unbounded = [], [], [], []
        for p in parameters:
            default = Fraction(repr(p.default)) if isinstance(p.default, float) else Fraction(p.default)
            span = max(10 * abs(default), Fraction(10))
            self.lows.append(Fraction(p.low) if p.low is not None else default - span)
            self.highs.append(Fraction(p.high) if p.high is not None else default + span)
            self.integer.append(bool(getattr(p, "integer", False)))
            if p.low is None or p.high is None:
                unbounded.append(p.name)
        dims = len(self.lows)
        self.denominator = _LATTICE_DENOMINATOR * 16
        per_axis = min(9, max(2, int(round(min(samples, 4096) ** (1 / max(1, dims))))))
        lattice = np.array(list(itertools.islice(itertools.product(
            *(np.linspace(0, self.denominator, per_axis).round().astype(np.int64) for _ in range(dims))), samples)),
            dtype=np.int64).reshape(-1, dims)
        random = rng.integers(0, self.denominator + 1, size=(samples, dims))
        self.steps = np.concatenate([lattice, random])
        for j in range(dims):
            if self.integer[j]:  # integer parameters: steps that land on integers
                low, high = int(self.lows[j]), int(self.highs[j])
                values = np.rint(low + (high - low) * self.steps[:, j] / self.denominator)
                self.steps[:, j] = values.astype(np.int64)
        self.note = ("unbounded range(s) of " + ", ".join(unbounded) + " sampled over the default +- 10 times its "
                     "magnitude") if unbounded else ""

        self.extra: list[tuple] = []

    def __len__(self):
        return len(self.steps) + len(self.extra)

    def add_boundaries(self, conditions, symbols, per_atom: int = 8, max_pairs: int = 48) -> None:
        """Add exact points on the comparisons' boundaries (ties are where containment fails most often).

        For each comparison linear in some parameter (at most ``max_pairs``
        comparison-parameter pairs), that parameter is set to the root at a
        few sample points; the root is found in floats and read back as the
        nearest fraction of small denominator, and kept inside the range.
        The point need not lie exactly on the boundary: every witness is
        checked exactly anyway.
        """
        import sympy
        from sympy.core import relational

        atoms = set()
        for condition in conditions:
            atoms |= condition.atoms(relational.Relational)
        chosen = np.arange(0, len(self.steps), max(1, len(self.steps) // per_atom))[:per_atom]
        rows = [list(self.exact(k)) for k in chosen]
        base = [column[chosen] for column in self.columns()]
        roots = []  # (parameter index, root expression): one compiled function for all of them
        for atom in sorted(atoms, key=str):
            difference = atom.lhs - atom.rhs
            for j, symbol in enumerate(symbols):
                if len(roots) >= max_pairs:
                    break
                if symbol not in difference.free_symbols or self.integer[j]:
                    continue
                slope = sympy.diff(difference, symbol)
                if symbol not in slope.free_symbols:
                    roots.append((j, symbol - difference / slope))
        if not roots:
            return
        function = sympy.lambdify(symbols, [expression for _, expression in roots], modules="numpy")
        with np.errstate(all="ignore"):
            results = function(*base)
        for (j, _), values in zip(roots, results):
            values = np.broadcast_to(np.asarray(values, dtype=float), (len(chosen),))
            for row, value in zip(rows, values):
                if not np.isfinite(value):
                    continue
                exact = Fraction(float(value)).limit_denominator(10 ** 9)
                if self.lows[j] <= exact <= self.highs[j]:
                    self.extra.append(tuple(row[:j] + [exact] + row[j + 1:]))

    def columns(self):
        out = []
        for j in range(len(self.lows)):
            if self.integer[j]:
                column = self.steps[:, j].astype(float)
            else:
                low, high = float(self.lows[j]), float(self.highs[j])
                column = low + (high - low) * self.steps[:, j] / self.denominator
            out.append(np.concatenate([column, np.array([float(p[j]) for p in self.extra])]))
        return out

    def exact(self, k) -> tuple:
        if k >= len(self.steps):
            return self.extra[k - len(self.steps)]
        row = []
        for j in range(len(self.lows)):
            if self.integer[j]:
                row.append(Fraction(int(self.steps[k, j])))
            else:
                row.append(self.lows[j] + (self.highs[j] - self.lows[j]) * Fraction(int(self.steps[k, j]),
                                                                                   self.denominator))
        return tuple(row)


def _exact_truth(condition, symbols, point) -> bool:
    import sympy

    value = condition.xreplace({s: sympy.Rational(v.numerator, v.denominator) for s, v in zip(symbols, point)})
    if value in (sympy.true, sympy.false):
        return bool(value)
    simplified = sympy.simplify(value)
    if simplified in (sympy.true, sympy.false):
        return bool(simplified)
    raise ValueError(f"condition {condition} could not be decided at {point}")


def _loose(condition, symbols, columns):
    """Float truth of ``condition`` at the samples, and where a comparison is within a tie band (checked exactly)."""
    import sympy
    from sympy.core import relational

    count = len(columns[0]) if columns else 0
    atoms = sorted(condition.atoms(relational.Relational), key=str)
    if not atoms or not symbols:
        try:
            value = bool(condition)
        except TypeError:
            value = False
        return np.full(count, value), np.zeros(count, dtype=bool)
    truth = sympy.lambdify(symbols, condition, modules="numpy", dummify=False)
    sides = sympy.lambdify(symbols, [a.lhs - a.rhs for a in atoms], modules="numpy", dummify=False)
    with np.errstate(all="ignore"):
        holds = np.broadcast_to(np.asarray(truth(*columns), dtype=bool), (count,))
        near = np.zeros(count, dtype=bool)
        for difference in sides(*columns):
            difference = np.broadcast_to(np.asarray(difference, dtype=float), (count,))
            near |= ~(np.abs(difference) > 1e-7)  # NaN counts as near: decided exactly
    return holds, near


class _Judge:
    """Exact truth of the region and the target at sample points, computed once per point."""

    def __init__(self, region, target, symbols, box):
        self.conditions = {"R": region, "T": target}
        self.symbols, self.box, self.memo = symbols, box, {}

    def truth(self, which, k) -> bool:
        key = (which, int(k))
        if key not in self.memo:
            self.memo[key] = _exact_truth(self.conditions[which], self.symbols, self.box.exact(k))
        return self.memo[key]

    def witness(self, wanted, candidates, near, limit=48):
        """An exact point where region and target have the wanted truth values, or None."""
        order = np.concatenate([np.flatnonzero(candidates & ~near), np.flatnonzero(near)])
        for k in order[:limit]:
            try:
                if all(self.truth(which, k) == value for which, value in wanted.items()):
                    return {s.name: v for s, v in zip(self.symbols, self.box.exact(k))}
            except (ValueError, TypeError, ZeroDivisionError):
                continue
        return None


def _proved_empty(condition, parameters) -> bool:
    import sympy
    from sympy.core import relational

    from .simplify import simplify_condition

    if len(condition.atoms(relational.Relational)) > MAX_SYMBOLIC_ATOMS:
        return False
    try:
        return simplify_condition(condition, parameters) is sympy.false
    except (TypeError, ValueError, NotImplementedError, RecursionError, AttributeError):
        return False


def region_relation(region, target, parameters, *, samples: int = 1024, seed: int = 0) -> RegionRelation:
    """How ``region`` lies to ``target`` within the parameters' declared ranges.

    Parameters
    ----------
    region, target : sympy Boolean
        Conditions on the parameters (relations joined by and/or/not).
    parameters : sequence of Parameter
        Every parameter the conditions read, with its range (the box).
    samples : int
        Random rational points, besides a lattice of the box.
    seed : int
        Seed of the random points (the answer is reproducible).

    Returns
    -------
    RegionRelation

    Examples
    --------
    >>> import sympy
    >>> from gametheory.games.symbolic import Parameter
    >>> t = Parameter("temptation", 3, low=0, high=8)
    >>> T = t.sympy_symbol
    >>> result = region_relation(T < 4, T <= 4, [t])
    >>> result.relation, result.method
    ('contained', 'symbolic')
    >>> result = region_relation(T > 2, T >= 4, [t])
    >>> result.relation, result.method, result.outside
    ('overlaps', 'exact witness', {'temptation': Fraction(3, 1)})
    """
    import sympy

    parameters = tuple(parameters)
    if not isinstance(samples, int) or samples < 1:
        raise ValueError(f"samples must be a positive integer, got {samples!r}")
    for name, condition in (("region", region), ("target", target)):
        if not isinstance(condition, sympy.logic.boolalg.Boolean):
            raise TypeError(f"{name} must be a sympy condition, got {type(condition).__name__} {condition!r}")
    symbols = [p.sympy_symbol for p in parameters]
    by_name = {s.name: s for s in symbols}
    unknown = sorted({s.name for s in (region.free_symbols | target.free_symbols)} - set(by_name))
    if unknown:
        raise ValueError(f"the conditions read {unknown}, which are not among the parameters given")
    region = region.xreplace({s: by_name[s.name] for s in region.free_symbols})
    target = target.xreplace({s: by_name[s.name] for s in target.free_symbols})
    box = _Box(parameters, samples, seed)
    box.add_boundaries((region, target), symbols)
    columns = box.columns()
    in_region, near_region = _loose(region, symbols, columns)
    in_target, near_target = _loose(target, symbols, columns)
    near = near_region | near_target
    judge = _Judge(region, target, symbols, box)
    loose_region = in_region | near
    outside = judge.witness({"R": True, "T": False}, loose_region & (~in_target | near), near)
    inside = judge.witness({"R": True, "T": True}, loose_region & (in_target | near), near)
    note, count = box.note, len(box)
    if outside is None and inside is None:
        empty = _proved_empty(region, parameters)
        return RegionRelation("empty", "symbolic" if empty else "sampled", note=note, samples=count)
    if outside is None:
        proved = _proved_empty(sympy.And(region, sympy.Not(target)), parameters)
        missing = judge.witness({"R": False, "T": True}, (in_target | near) & (~in_region | near), near)
        equal = missing is None and proved and _proved_empty(sympy.And(target, sympy.Not(region)), parameters)
        relation = "equal" if equal else "contained"
        return RegionRelation(relation, "symbolic" if proved else "sampled", None, inside, note, count)
    if inside is None:
        proved = _proved_empty(sympy.And(region, target), parameters)
        return RegionRelation("disjoint", "symbolic" if proved else "sampled", outside, None, note, count)
    return RegionRelation("overlaps", "exact witness", outside, inside, note, count)


# ------------------------------------------------- normal-form target regions
def _nash(game, profile, strict: bool):
    import sympy

    parts = []
    for i in range(game.n_players):
        current = game.payoffs[i][profile]
        for b in range(game.shape[i]):
            if b == profile[i]:
                continue
            deviation = game.payoffs[i][profile[:i] + (b,) + profile[i + 1:]]
            parts.append(sympy.Gt(current, deviation) if strict else sympy.Ge(current, deviation))
    return sympy.And(*parts)


def _members(game, matches):
    for profile in itertools.product(*(range(m) for m in game.shape)):
        labels = tuple(game.actions[k][a] for k, a in enumerate(profile))
        yield profile, bool(matches(labels))


def pure_equilibrium_region(game, matches):
    """Where some pure profile accepted by ``matches(labels)`` is a Nash equilibrium of ``game``.

    Parameters
    ----------
    game : SymbolicGame
    matches : callable
        ``matches(labels) -> bool`` on a profile's action labels (a rule's
        ``matches``).

    Returns
    -------
    sympy Boolean (unsimplified)

    Examples
    --------
    >>> import sympy
    >>> from gametheory.games.symbolic import Parameter, SymbolicGame
    >>> T = sympy.Symbol("T")
    >>> pd = SymbolicGame([[[3, 0], [T, 1]], [[3, T], [0, 1]]],
    ...                   [Parameter("T", 4, low=0, high=10)], actions=(["C", "D"], ["C", "D"]))
    >>> pure_equilibrium_region(pd, lambda labels: labels == ("C", "C"))
    3 >= T
    """
    import sympy

    return sympy.Or(*(_nash(game, profile, False) for profile, member in _members(game, matches) if member))


def unique_equilibrium_region(game, matches):
    """Where a profile accepted by ``matches`` is a strict equilibrium and no other pure profile is one.

    In a 2x2 game this is exactly where the game's only equilibrium (mixed
    ones included) lies in the outcome: a strict pure equilibrium that is
    the only pure one leaves no room for a mixed equilibrium. In larger
    games it is the pure part of that claim (mixed equilibria are not
    excluded symbolically).
    """
    import sympy

    members = list(_members(game, matches))
    strict = sympy.Or(*(_nash(game, profile, True) for profile, member in members if member))
    others = [sympy.Not(_nash(game, profile, False)) for profile, member in members if not member]
    # An outcome of several profiles: a second equilibrium inside it breaks uniqueness too.
    inside = [profile for profile, member in members if member]
    pairs = [sympy.And(_nash(game, a, False), _nash(game, b, False)) for a, b in itertools.combinations(inside, 2)]
    return sympy.And(strict, *others, *(sympy.Not(p) for p in pairs))
