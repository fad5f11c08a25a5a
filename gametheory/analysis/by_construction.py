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
    ``R`` holds nowhere in the box;
``"undecided"``
    no witness either way, no proof, and too few samples inside ``R`` to
    rest an answer on (fewer than :data:`MIN_REGION_SAMPLES`).

Method. Points of the box (a rational lattice, random rational points and
points on the boundaries of the comparisons, where a tie decides) and points
drawn inside ``R`` itself (:func:`region_points`: the boxes its simple
comparisons cut out, its equalities solved for a parameter, its own
boundaries, and given points such as a model's defaults and sweep grid) are
evaluated in floats to find candidate witnesses, and every witness is
checked in exact rational arithmetic, so "not contained" is always
certified by an exact point. Where no witness exists, containment is
proved symbolically (:func:`~gametheory.analysis.simplify.simplify_condition`
reduces ``R & ~T`` to false within the ranges); where sympy cannot prove it,
the answer rests on the samples and says so (``method = "sampled"``), but
only when at least :data:`MIN_REGION_SAMPLES` samples lie in ``R`` with the
target decided there: a thin region (an equality, a sliver of the box) that
the samples miss is ``"undecided"``, with the count in the note, never
"contained". Unbounded ranges are sampled over a finite stand-in (the
default plus or minus ten times its magnitude, at least 10), and the result
notes it.

:func:`pure_equilibrium_region` and :func:`unique_equilibrium_region` give
the targets of normal-form rules from a :class:`~gametheory.games.symbolic.SymbolicGame`.
"""

from __future__ import annotations

import functools
import itertools
import math
from dataclasses import dataclass, field
from fractions import Fraction

import numpy as np

__all__ = ["RegionRelation", "region_relation", "region_points", "pure_equilibrium_region",
           "unique_equilibrium_region", "RELATIONS", "MIN_REGION_SAMPLES"]

#: The ways a rule's region can lie to a target region (see the module notes).
RELATIONS = ("equal", "contained", "disjoint", "overlaps", "empty", "undecided")

#: Fewest samples inside the rule's region, with the target decided at each, behind a sampled answer.
MIN_REGION_SAMPLES = 16

#: Candidate points drawn inside the rule's region per call (besides the given points).
REGION_SAMPLES = 128

#: Largest number of exact checks of region membership per call (points near the region's boundaries).
EXACT_REGION_CHECKS = 384

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
    samples : int
        Points evaluated.
    in_region : int
        Of them, points inside the rule's region where the target was
        decided (floats clear of every tie band, or exactly).
    """

    relation: str
    method: str
    outside: dict | None = None
    inside: dict | None = None
    note: str = ""
    samples: int = field(default=0, compare=False)
    in_region: int = field(default=0, compare=False)

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
        self.defaults = []
        for p in parameters:
            default = _fraction(p.default)
            span = max(10 * abs(default), Fraction(10))
            self.lows.append(_fraction(p.low) if p.low is not None else default - span)
            self.highs.append(_fraction(p.high) if p.high is not None else default + span)
            self.defaults.append(min(max(default, self.lows[-1]), self.highs[-1]))
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


# ------------------------------------------------- points inside the rule's region
def _fraction(value) -> Fraction:
    """An exact value: floats read as the decimals they print as (0.05 is 1/20), sympy rationals as fractions."""
    if isinstance(value, bool):
        raise TypeError(f"expected a number, got {value!r}")
    if isinstance(value, Fraction):
        return value
    if isinstance(value, (float, np.floating)):
        return Fraction(repr(float(value)))
    if isinstance(value, (int, np.integer)):
        return Fraction(int(value))
    numerator, denominator = getattr(value, "p", None), getattr(value, "q", None)  # a sympy Rational
    if numerator is not None and denominator is not None:
        return Fraction(int(numerator), int(denominator))
    return Fraction(str(value))


def _linear_root(atom, symbol):
    """``symbol``'s value on the boundary of ``atom`` as an expression of the others, if ``atom`` is linear in it."""
    import sympy

    difference = atom.lhs - atom.rhs
    if symbol not in difference.free_symbols:
        return None
    slope = sympy.diff(difference, symbol)
    if symbol in slope.free_symbols or slope == 0:
        return None
    return sympy.cancel(symbol - difference / slope)


def _univariate_bound(atom, index):
    """``(dimension, side, value)`` when ``atom`` bounds one parameter linearly by a rational number, else None."""
    import sympy

    operator = getattr(atom, "rel_op", None)
    if operator not in ("<", "<=", ">", ">=", "=="):
        return None
    difference = sympy.expand(atom.lhs - atom.rhs)
    if len(difference.free_symbols) != 1:
        return None
    symbol = next(iter(difference.free_symbols))
    if symbol not in index:
        return None
    slope = sympy.diff(difference, symbol)
    rest = difference.subs(symbol, 0)
    if not (slope.is_Rational and rest.is_Rational) or slope == 0:
        return None
    value = _fraction(-rest / slope)
    if operator == "==":
        return index[symbol], "both", value
    above = (operator in (">", ">=")) == bool(slope > 0)  # difference >= 0 with a positive slope: a lower bound
    return index[symbol], "low" if above else "high", value


def _region_boxes(region, symbols, box, limit: int = 16):
    """Boxes inside the parameter box whose union holds the region (its simple comparisons, one box per disjunct).

    Only comparisons of one parameter with a number narrow a box; every
    other comparison leaves it whole, so the union always covers the
    region. An empty list means the region has no point in the box.
    """
    import sympy
    from sympy.core import relational
    from sympy.logic import boolalg

    index = {s: j for j, s in enumerate(symbols)}
    full = tuple(zip(box.lows, box.highs))

    def meet(a, b):
        bounds = []
        for j, ((low_a, high_a), (low_b, high_b)) in enumerate(zip(a, b)):
            low, high = max(low_a, low_b), min(high_a, high_b)
            if box.integer[j]:
                low, high = Fraction(math.ceil(low)), Fraction(math.floor(high))
            if low > high:
                return None
            bounds.append((low, high))
        return tuple(bounds)

    def walk(expression):
        if expression is sympy.true:
            return [full]
        if expression is sympy.false:
            return []
        if isinstance(expression, boolalg.And):
            boxes = [full]
            for argument in expression.args:
                parts = walk(argument)
                boxes = [m for a in boxes for b in parts if (m := meet(a, b)) is not None][:limit]
            return boxes
        if isinstance(expression, boolalg.Or):
            return [b for argument in expression.args for b in walk(argument)][:limit]
        bound = _univariate_bound(expression, index) if isinstance(expression, relational.Relational) else None
        if bound is None:
            return [full]
        j, side, value = bound
        low, high = full[j]
        low = max(low, value) if side in ("low", "both") else low
        high = min(high, value) if side in ("high", "both") else high
        narrowed = meet(full, full[:j] + ((low, high),) + full[j + 1:]) if low <= high else None
        return [narrowed] if narrowed is not None else []

    if len(region.atoms(relational.Relational)) <= 40:
        region = sympy.to_nnf(region, simplify=False)
    return walk(region)


def _box_points(bounds, box, rng, count: int) -> list[tuple]:
    """The defaults moved into ``bounds`` (narrowed coordinates at their ends and middle), then random points.

    Random coordinates sit at an end of their interval one time in four
    (ties are where rules fail most often), else on a lattice of the
    interval; every point is exact.
    """
    narrowed = [j for j, (low, high) in enumerate(bounds) if (low, high) != (box.lows[j], box.highs[j])]
    clipped = [min(max(d, low), high) for d, (low, high) in zip(box.defaults, bounds)]
    choices = []
    for j in narrowed:
        low, high = bounds[j]
        middle = Fraction(math.floor((low + high) / 2)) if box.integer[j] else (low + high) / 2
        choices.append(list(dict.fromkeys((clipped[j], low, high, middle))))
    points = []
    for combination in itertools.islice(itertools.product(*choices), 27):
        point = list(clipped)
        for j, value in zip(narrowed, combination):
            point[j] = value
        points.append(tuple(point))
    dims = len(bounds)
    steps = rng.integers(0, box.denominator + 1, size=(count, dims)).tolist()
    ends = rng.random(size=(count, dims)).tolist()
    whole = [int(rng.integers(int(low), int(high) + 1)) if box.integer[j] else 0 for j, (low, high) in
             enumerate(bounds) for _ in range(count)]
    # low + (high - low) * step / denominator as one fraction a / b + c * step / d (Fraction arithmetic is slow).
    terms = [(low.numerator, low.denominator, (high - low) / box.denominator) for low, high in bounds]
    for r in range(count):
        point = []
        for j, (low, high) in enumerate(bounds):
            end = ends[r][j]
            if end < 0.125:
                point.append(low)
            elif end < 0.25:
                point.append(high)
            elif box.integer[j]:
                point.append(Fraction(whole[j * count + r]))
            else:
                a, b, unit = terms[j]
                point.append(Fraction(a * unit.denominator + unit.numerator * steps[r][j] * b, b * unit.denominator))
        points.append(tuple(point))
    return points


def _at(expression, symbols, point):
    """The exact value of ``expression`` at ``point`` (None where it is undefined or not a rational number)."""
    import sympy

    value = expression.xreplace({s: sympy.Rational(v.numerator, v.denominator) for s, v in zip(symbols, point)})
    return _fraction(value) if value.is_Rational else None


def _projections(region, symbols, box, points, per_atom: int = 6) -> tuple[list, list]:
    """Points moved onto the region's equalities (all of them at once) and onto each comparison's boundary.

    An equality of several parameters holds on a thin set that random points
    miss: each point is moved onto it by solving it for one parameter (a
    different one for each equality). Every comparison's boundary, where a
    tie decides, gets a few points too.
    """
    from sympy.core import relational

    atoms = sorted(region.atoms(relational.Relational), key=str)
    roots = {atom: [(j, root) for j, s in enumerate(symbols)
                    if not box.integer[j] and (root := _linear_root(atom, s)) is not None] for atom in atoms}
    equalities = [a for a in atoms if getattr(a, "rel_op", "") == "==" and len((a.lhs - a.rhs).free_symbols) > 1]
    on_equalities = []
    if equalities:
        for point in points:
            moved, fixed = list(point), set()
            for atom in equalities:
                for j, root in roots[atom]:
                    value = None if j in fixed else _at(root, symbols, moved)
                    if value is not None and box.lows[j] <= value <= box.highs[j]:
                        moved[j] = value
                        fixed.add(j)
                        break
                else:
                    break
            else:
                on_equalities.append(tuple(moved))
    bases = on_equalities or list(points)
    on_boundaries = []
    for atom in atoms:
        for j, root in roots[atom][:2]:
            for point in bases[:per_atom]:
                value = _at(root, symbols, point)
                if value is not None and box.lows[j] <= value <= box.highs[j]:
                    on_boundaries.append(point[:j] + (value,) + point[j + 1:])
    return on_equalities, on_boundaries


def _given_points(points, parameters, box) -> list[tuple]:
    """Given points (mappings of parameter names to values; defaults elsewhere) inside the box, as exact tuples."""
    names = [p.name for p in parameters]
    exact = functools.lru_cache(maxsize=None)(_fraction)  # grid points share most of their values
    out = []
    for given in points:
        unknown = sorted(set(given) - set(names))
        if unknown:
            raise ValueError(f"a given point names {unknown}, which are not among the parameters given")
        point = tuple(exact(given[name]) if name in given else d for name, d in zip(names, box.defaults))
        if all(low <= v <= high for v, low, high in zip(point, box.lows, box.highs)):
            out.append(point)
    return out


def _region_candidates(region, symbols, parameters, box, points, count: int, seed: int) -> list[tuple]:
    """Candidate points of the region, most telling first: given points, points on its equalities, in its boxes."""
    rng = np.random.default_rng(seed + 1)
    given = _given_points(points, parameters, box)
    boxes = _region_boxes(region, symbols, box)
    inner = []
    for bounds in boxes:
        inner.extend(_box_points(bounds, box, rng, max(8, count // max(1, len(boxes)))))
    on_equalities, on_boundaries = _projections(region, symbols, box, given + inner[:count])
    return list(dict.fromkeys(given + on_equalities + inner + on_boundaries))


def region_points(region, parameters, *, points=(), count: int = 64, seed: int = 0) -> list[dict]:
    """Exact points inside ``region`` within the parameters' ranges, the given ones first.

    The candidates are the given ``points`` (a model's defaults and sweep
    grid, say), then points drawn inside the region: the boxes its
    comparisons of one parameter with a number cut out (with the defaults
    moved into them), points moved onto its equalities and onto its
    boundaries. Each is checked in exact arithmetic; at most ``count`` are
    returned (fewer when the region is thin or empty within the box).

    Parameters
    ----------
    region : sympy Boolean
    parameters : sequence of Parameter
        Every parameter the region reads, with its range.
    points : iterable of mapping, optional
        ``{name: value}`` points tried first (missing names at their defaults).
    count : int
    seed : int

    Returns
    -------
    list of dict
        ``{name: Fraction}`` per point.

    Examples
    --------
    >>> import sympy
    >>> from gametheory.games.symbolic import Parameter
    >>> x, y = Parameter("x", 5, low=0, high=10), Parameter("y", 5, low=0, high=10)
    >>> inside = region_points(sympy.Eq(x.sympy_symbol, 0) & (y.sympy_symbol <= 1), [x, y], count=3)
    >>> inside[0], all(p["x"] == 0 and p["y"] <= 1 for p in inside), len(inside)
    ({'x': Fraction(0, 1), 'y': Fraction(1, 1)}, True, 3)
    """
    parameters = tuple(parameters)
    symbols, region = _aligned(parameters, region=region)["region"]
    box = _Box(parameters, 1, seed)
    candidates = _region_candidates(region, symbols, parameters, box, points, max(count, REGION_SAMPLES), seed)
    if not candidates:
        return []
    columns = [np.array([float(p[j]) for p in candidates]) for j in range(len(symbols))]
    holds, near = _loose(region, symbols, columns)
    found = []
    for k in np.flatnonzero(holds | near):
        if len(found) >= count:
            break
        try:
            if near[k] and not _exact_truth(region, symbols, candidates[k]):
                continue
        except (ValueError, TypeError, ZeroDivisionError):
            continue
        found.append({s.name: v for s, v in zip(symbols, candidates[k])})
    return found


def _aligned(parameters, **conditions):
    """The parameters' symbols, and each condition checked and written in them: ``{name: (symbols, condition)}``."""
    import sympy

    symbols = [p.sympy_symbol for p in parameters]
    by_name = {s.name: s for s in symbols}
    out = {}
    for name, condition in conditions.items():
        if not isinstance(condition, sympy.logic.boolalg.Boolean):
            raise TypeError(f"{name} must be a sympy condition, got {type(condition).__name__} {condition!r}")
        unknown = sorted({s.name for s in condition.free_symbols} - set(by_name))
        if unknown:
            raise ValueError(f"the conditions read {unknown}, which are not among the parameters given")
        # Only symbols that differ from the parameters' own (assumptions) are replaced: an identity map
        # would still make sympy rebuild and re-simplify every Max and Min of the condition.
        renamed = {s: by_name[s.name] for s in condition.free_symbols if s != by_name[s.name]}
        out[name] = (symbols, condition.xreplace(renamed) if renamed else condition)
    return out


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


def region_relation(region, target, parameters, *, samples: int = 1024, seed: int = 0,
                    points=()) -> RegionRelation:
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
    points : iterable of mapping, optional
        ``{name: value}`` points to try besides the samples (a model's
        defaults and the points of its sweep grid, say); names left out take
        their defaults.

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

    A region of one point is sampled on that point, where a tie decides:

    >>> result = region_relation(sympy.Eq(T, 4), T < 4, [t])
    >>> result.relation, result.outside
    ('disjoint', {'temptation': Fraction(4, 1)})
    """
    import sympy

    parameters = tuple(parameters)
    if not isinstance(samples, int) or isinstance(samples, bool) or samples < 1:
        raise ValueError(f"samples must be a positive integer, got {samples!r}")
    aligned = _aligned(parameters, region=region, target=target)
    (symbols, region), (_, target) = aligned["region"], aligned["target"]
    box = _Box(parameters, samples, seed)
    inner = _region_candidates(region, symbols, parameters, box, points, min(samples, REGION_SAMPLES), seed)
    first_inner = len(box)
    box.extra.extend(inner)
    box.add_boundaries((region, target), symbols)
    columns = box.columns()
    in_region, near_region = _loose(region, symbols, columns)
    in_target, near_target = _loose(target, symbols, columns)
    judge = _Judge(region, target, symbols, box)

    # Which samples lie in the region: clear ones in floats, those in a tie band exactly (the region's own
    # candidates first, since a thin region lies wholly in its tie band).
    member = in_region & ~near_region
    doubtful = np.flatnonzero(near_region)
    doubtful = np.concatenate([doubtful[doubtful >= first_inner], doubtful[doubtful < first_inner]])
    for k in doubtful[:EXACT_REGION_CHECKS]:
        try:
            member[k] = judge.truth("R", k)
        except (ValueError, TypeError, ZeroDivisionError):
            continue
    outside = judge.witness({"R": True, "T": False}, member & (~in_target | near_target), near_target)
    inside = judge.witness({"R": True, "T": True}, member & (in_target | near_target), near_target)
    decided_exactly = sum(1 for (which, k) in judge.memo if which == "T" and member[k] and near_target[k])
    tested = int((member & ~near_target).sum()) + decided_exactly
    note, count = box.note, len(box)

    def thin(relation_if_enough, method, outside=None, inside=None):
        if method == "symbolic" or tested >= MIN_REGION_SAMPLES:
            return RegionRelation(relation_if_enough, method, outside, inside, note, count, tested)
        return RegionRelation("undecided", "", outside, inside,
                              "; ".join(x for x in (note, f"only {tested} of {count} samples lie in the rule's "
                                                    f"region with the target decided there (at least "
                                                    f"{MIN_REGION_SAMPLES} are needed), and sympy proved "
                                                    "nothing") if x), count, tested)

    if outside is None and inside is None:
        boxed_out = not _region_boxes(region, symbols, box)
        if _proved_empty(region, parameters) or (boxed_out and not box.note):
            return RegionRelation("empty", "symbolic", note=note, samples=count)
        if boxed_out:  # empty within the stand-in of an unbounded range, which the note states
            return RegionRelation("empty", "sampled", note=note, samples=count)
        return thin("empty", "sampled")
    if outside is None:
        proved = _proved_empty(sympy.And(region, sympy.Not(target)), parameters)
        missing = judge.witness({"R": False, "T": True}, (in_target | near_target) & ~member, near_target)
        equal = missing is None and proved and _proved_empty(sympy.And(target, sympy.Not(region)), parameters)
        return thin("equal" if equal else "contained", "symbolic" if proved else "sampled", None, inside)
    if inside is None:
        proved = _proved_empty(sympy.And(region, target), parameters)
        return thin("disjoint", "symbolic" if proved else "sampled", outside, None)
    return RegionRelation("overlaps", "exact witness", outside, inside, note, count, tested)


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
