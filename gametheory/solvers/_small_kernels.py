"""Every basis of both best-response polytopes of a small float game, as straight-line Python.

:mod:`._basis_minors` solves every basis of both polytopes through minors of
the payoff matrices, with index templates run by numpy. For games of a few
actions each, numpy's per-call cost outweighs the arithmetic, and a loop
over the templates on Python floats (:func:`._basis_minors.solve_bases_python`)
pays for every index lookup. Here the same templates are written out once
per game shape as the source of one Python function (compiled on first use
and cached, as :mod:`dataclasses` writes ``__init__`` methods): each minor is
one expression in local variables, and each basis tests its label values one
at a time, stopping at the first that makes it infeasible. The floating-point
operations are those of the templates (Laplace expansion along the first
row, summed left to right; each value one division by the determinant), so
the labels, the feasibility, the singularity rule, the rounding rule (a
numerator within its rounding bound takes the exact value of its minor) and
the degeneracy test decide as :func:`._basis_minors.solve_bases` does. Label
tolerances below the singularity rule's run a second variant of each kernel
(compiled on first use), which decides a basis the rule calls singular
exactly; the basis kernel leaves a regular one of those to the vertex kernel,
which solves it exactly. A player whose payoffs spread
wider than the largest float (a map whose spread is inf) is mapped from
payoffs times 1/4, an exact power of two, so that nothing overflows.

The function of shape ``m x n`` takes the two players' payoffs as nested
lists (``A``: the row player's, ``B``: the column player's), how each is
mapped onto ``[1, 2]`` for the polytopes (``map_a`` and ``map_b``: ``(low,
spread, scale)``, a payoff ``v`` becoming ``1 + ((v - low) / spread) *
scale``, the operations of :func:`._bimatrix.prepare`), and the label
tolerances ``eps_p`` and ``eps_q``. It returns ``None`` when the game is
degenerate (a feasible basis of either polytope has a non-basic label within
its tolerance), else one ``(x, y, I, J)`` per support pair whose two bases
are feasible, in basis order: ``x`` and ``y`` normalised to probability
vectors (lists of floats; a pure basis's determinant is a payoff in
``[1, 2]``, so the mapped payoffs must lie there), ``I`` and ``J`` their
supports. Its source is :func:`kernel_source`; the 4 x 4 kernel takes about
20 ms to compile, once per process.

Examples
--------
>>> find = kernel(2, 2)
>>> identity = (0.0, 1.0, 1.0)  # payoffs already on [0, 1]
>>> find([[1.0, 0.0], [0.0, 1.0]], [[1.0, 0.0], [0.0, 1.0]], identity, identity, 1e-10, 1e-10)
[([0.0, 1.0], [0.0, 1.0], (1,), (1,)), ([1.0, 0.0], [1.0, 0.0], (0,), (0,)), ([0.5, 0.5], [0.5, 0.5], (0, 1), (0, 1))]
>>> find([[1.0, 1.0], [0.0, 1.0]], [[1.0, 0.0], [0.0, 1.0]], identity, identity, 1e-10, 1e-10) is None  # a tie
True

References
----------
B. von Stengel, "Computing equilibria for two-person games", Handbook of Game
Theory vol. 3, ch. 45, 2002 (best-response polytopes and their labels).
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from functools import lru_cache

from ._basis_minors import _FINE, _SINGULAR, minor_keys, templates
from ._exact_minors import ExactMinors, rounding_bound

__all__ = ["KERNEL_SHAPES", "kernel", "vertex_kernel", "kernel_source"]

#: Shapes with a written-out kernel: up to four actions each (a 4 x 4 game has 69 support pairs and
#: 210 minors, about where numpy's kernel on the templates would be as fast).
KERNEL_SHAPES = frozenset((m, n) for m in range(1, 5) for n in range(1, 5))


def _regular(det: float, A: list, B: list, map_a: tuple, map_b: tuple, norm_at: tuple) -> bool:
    """The singularity rule of :func:`._basis_minors.solve_bases` for a basis whose determinant is below the
    bound: regular unless ``|det|`` is below ``1e-11`` times the product of its rows' norms.

    The rows are those of the payoffs mapped onto [1, 2] (recomputed here,
    in the kernel's operations, since a determinant this small is rare): the
    norms of ``B``'s columns, then of ``A``'s rows, then 1 (the padding), as
    :func:`._basis_minors.solve_bases_python` computes them.
    """
    row, column = ([[1.0 + ((v - low) / spread) * scale for v in line] for line in matrix]
                   for matrix, (low, spread, scale) in ((A, map_a), (B, map_b)))
    norms = [math.sqrt(sum([v * v for v in line])) for line in zip(*column)]
    norms += [math.sqrt(sum([v * v for v in line])) for line in row] + [1.0]
    hadamard = 1.0
    for k in norm_at:
        hadamard *= norms[k]
    return not abs(det) < _SINGULAR * hadamard


def _difference(first: float, second: float, spread: float) -> float:
    """``(first - second) / spread``, two payoffs of one player over the spread that maps them, rounded once
    (the value :meth:`._exact_minors.ExactMinors.minor` gives): zero exactly when they are equal, else a
    nonzero float of the exact sign (a quotient below the smallest float keeps its sign)."""
    if first == second:
        return 0.0
    (p, q), (r, t), (u, w) = first.as_integer_ratio(), second.as_integer_ratio(), spread.as_integer_ratio()
    value = ((p * t - r * q) * w) / (q * t * u)  # integer division: correctly rounded
    return value if value else (5e-324 if first > second else -5e-324)


def _within_range(A: list, B: list, map_a: tuple, map_b: tuple) -> tuple:
    """The payoffs and maps of a game with a player whose payoffs spread wider than the largest float (the
    map's spread is inf): that player's payoffs times 1/4, an exact power of two, and the same map of them
    (:func:`~gametheory.games.normal_form.onto_unit_interval`), so that no difference overflows."""
    out = []
    for matrix, (low, spread, scale) in ((A, map_a), (B, map_b)):
        if spread == _INF:
            high = max(map(max, matrix))
            matrix, low = [[v * 0.25 for v in line] for line in matrix], low * 0.25
            spread = high * 0.25 - low
        out.append((matrix, (low, spread, scale)))
    (A, map_a), (B, map_b) = out
    return A, B, map_a, map_b


_INF = math.inf


def kernel_source(m: int, n: int, vertices: bool = False, fine: bool = False) -> str:
    """The Python source of the ``m x n`` kernel (see the module's docstring), written from the templates of
    :func:`._basis_minors.templates`; with ``vertices=True``, that of the vertex kernel (see
    :func:`vertex_kernel`); with ``fine=True``, the variant for label tolerances below the singularity
    rule's, where a basis that rule calls singular is decided exactly (singular only if its determinant
    is zero), which the other variant calls on such tolerances."""
    t = templates(m, n)
    size = t.size
    names = {}
    for i in range(m):
        for j in range(n):
            names[i * n + j] = f"c{i}_{j}"  # C_P = [B; 1], row-major
            names[t.q_start + j * m + i] = f"r{i}_{j}"  # C_Q = [A^T; 1], row-major
    ones = set(t.ones.tolist())

    def term(index: int) -> str:
        negative, index = index >= size, index % size
        name = "1.0" if index in ones else names[index]
        return f"-{name}" if negative else name

    function = f"{'vertices' if vertices else 'kernel'}_{m}x{n}{'_fine' if fine else ''}"
    lines = [f"def {function}(A, B, map_a, map_b, eps_p, eps_q):"]
    if not fine:
        lines += [f"    if (eps_p < {_FINE!r} or eps_q < {_FINE!r}) and map_a[2] == 1.0 and map_b[2] == 1.0:",
                  "        return _fine(A, B, map_a, map_b, eps_p, eps_q)"]
    lines += ["    if map_a[1] == _INF or map_b[1] == _INF:",
              "        A, B, map_a, map_b = _within_range(A, B, map_a, map_b)"]
    for matrix, letter, mapping in (("A", "r", "map_a"), ("B", "c", "map_b")):
        lines.append(f"    low, spread, scale = {mapping}")
        for i in range(m):
            entries = [f"{letter}{i}_{j}" for j in range(n)]
            lines.append(f"    {', '.join(entries)}, = {matrix}[{i}]")
            for name in entries:
                lines.append(f"    {name} = 1.0 + (({name} - low) / spread) * scale")
    # Every minor, order by order: Laplace expansion along the first row, summed left to right.
    for factors, k, _, start, stop in t.levels:
        for offset, column_factors in enumerate(factors.T.tolist()):
            target = start + offset
            names[target] = f"w{target}"
            parts = []
            for p in range(k):
                a, b = column_factors[p], column_factors[k + p]
                factor = [names[x] for x in (a, b) if x not in ones]
                product = "*".join(factor) if factor else "1.0"
                parts.append(("" if p == 0 else " + " if p % 2 == 0 else " - ") + product)
            lines.append(f"    w{target} = {''.join(parts)}")
    lines.append("    low_p, low_q = -eps_p, -eps_q")
    # The rounding bounds of each polytope's numerators by basis order, where its payoffs span [1, 2] (scale
    # 1: P's payoffs are B's, Q's are A's); elsewhere -1.0, so that no numerator is within them.
    orders = list(range(2, max(len(I) for I, _ in t.supports) + 2))  # a coordinate's order k, a slack's k + 1
    for side, mapping in (("p", "map_b"), ("q", "map_a")):
        names_side = ", ".join(f"under_{side}{r}, round_{side}{r}" for r in orders)
        bounds = ", ".join(f"{-rounding_bound(r)!r}, {rounding_bound(r)!r}" for r in orders)
        lines.append(f"    if {mapping}[2] == 1.0:")
        lines.append(f"        {names_side}, = {bounds},")
        lines.append("    else:")
        lines.append(f"        {names_side}, = {', '.join(['1.0, -1.0'] * len(orders))},")
        if vertices:
            # The determinants below which the rounding of a numerator within its bound could decide a
            # label (4 bound / eps; see _basis_lines), by the basis's largest order: once per call here, where
            # many numerators are within their bounds (the basis kernel asks as it meets one).
            eps = f"eps_{side}"
            limits = ", ".join(f"limit_{side}{r}" for r in orders)
            lines.append(f"    if {eps}:")
            lines.append(f"        {limits}, = {', '.join(f'4.0 * round_{side}{r} / {eps}' for r in orders)},")
            lines.append("    else:")
            lines.append(f"        {limits}, = {', '.join(['_INF'] * len(orders))},")
    lines.append("    vertices_p, vertices_q = [], []" if vertices else "    found = []")
    lines.append("    exact = None")
    keys = minor_keys(m, n)
    coordinates_x = []
    for s, (I, J) in enumerate(t.supports):
        k = len(I)
        lines.append(f"    # support pair {s}: rows {I}, columns {J}")
        if not vertices:
            lines.append("    feasible = False")
        for side in (0, 1):
            column_index = 2 * s + side
            det_at = int(t.det_index[column_index])
            det = term(det_at)
            assert det.isidentifier()  # a minor's name, never negated
            value_at = [int(v) for v in t.value_index[:n if side == 0 else m, column_index]]
            basis = _Basis(side, k, I, J, det, [term(v) for v in value_at], [keys.get(v % size) for v in value_at],
                           float(t.singular_bound[column_index]), tuple(int(v) for v in t.norm_index[:, column_index]),
                           t.value_weights[:len(value_at), column_index].tolist(), int(t.basis_labels[column_index]))
            if k == 1:  # a pure basis's determinant is a payoff in [1, 2]: neither zero nor singular
                lines += _basis_lines(basis, "    ", det, m, n, vertices, coordinates_x, fine=fine)
            elif not fine:
                lines.append(f"    if {det}:")
                lines += _basis_lines(basis, "        ", det, m, n, vertices, coordinates_x, singular=True)
            else:
                # A basis the singularity rule calls singular is decided exactly: singular if its determinant
                # is zero, else solved exactly (the vertex kernel) or left to the vertex kernel (the basis
                # kernel), since its float values may be far off.
                lines.append(f"    if {det} >= {basis.bound!r} or {det} <= {-basis.bound!r} "
                             f"or _regular({det}, A, B, map_a, map_b, {basis.norm_at!r}):")
                lines += _basis_lines(basis, "        ", det, m, n, vertices, coordinates_x, fine=True)
                lines.append("    else:")
                lines.append("        exact = exact or _exact(A, B, map_a, map_b)")
                if vertices:
                    lines.append(f"        exact_det = exact.minor{keys[det_at]!r}")
                    lines.append("        if exact_det:")
                    lines += _basis_lines(basis, "            ", "exact_det", m, n, vertices, coordinates_x,
                                          settled=True)
                else:
                    lines.append(f"        if exact.minor{keys[det_at]!r}:")
                    lines.append("            return None")
    lines.append("    return vertices_p, vertices_q" if vertices else "    return found")
    return "\n".join(lines) + "\n"


@dataclass(frozen=True)
class _Basis:
    """What the source of one basis is written from: its polytope (0: P, 1: Q), order, support pair,
    determinant's name, value terms and their minors, singularity bound and norm indices, label weights and
    labels."""

    side: int
    k: int
    I: tuple
    J: tuple
    det: str
    values: list
    keys: list
    bound: float
    norm_at: tuple
    weights: list
    labels: int


def _exact_source(key: tuple, m: int, n: int, near: bool = True) -> tuple:
    """The source of the exact value of the minor ``key`` (side, R, S) and whether it needs ``exact`` (the
    :class:`._exact_minors.ExactMinors`): a payoff row against the row of ones is the difference of two
    payoffs, whose sign and zero a float subtraction gets exactly (see :func:`_difference`). ``near``: the
    minor is a numerator computed within its rounding bound (see :meth:`._exact_minors.ExactMinors.near`)."""
    side, R, S = key
    if len(R) == 2 and R[1] == (m if side == 0 else n):
        if side == 0:  # C_P's row i is B's row i
            first, second, spread = f"B[{R[0]}][{S[0]}]", f"B[{R[0]}][{S[1]}]", "map_b[1]"
        else:  # C_Q's row j is A's column j
            first, second, spread = f"A[{S[0]}][{R[0]}]", f"A[{S[1]}][{R[0]}]", "map_a[1]"
        return f"_difference({first}, {second}, {spread})", False
    return f"exact.{'near' if near else 'minor'}{key!r}", True


def _basis_lines(b: _Basis, indent: str, det: str, m: int, n: int, vertices: bool, coordinates_x: list, *,
                 singular: bool = False, settled: bool = False, fine: bool = False) -> list:
    """The source of one basis: its values over ``det``, the feasibility tests, the singularity rule (with
    ``singular``) and the degeneracy test or the vertex. With ``settled``, every value is the exact minor
    over ``det`` (the exact determinant); with ``fine``, the fine variant's bounds. ``coordinates_x`` carries
    P's coordinates to Q's basis."""
    eps = "eps_q" if b.side else "eps_p"
    low = f"low_{eps[-1]}"
    letter = "b" if b.side else "a"
    # A value the templates negate is kept as the quotient of the minor itself, ``t``, the value being ``-t``
    # (the same float: division is symmetric in sign), so its test is ``t <= eps``. A numerator within its
    # rounding bound takes the exact value (see ._basis_minors): the vertex kernel settles it at once; the
    # basis kernel lets such a value pass the feasibility tests and settles the basis's values together
    # once every other value has passed.
    # Only where the rounding could decide a label (as ._basis_minors._classify): otherwise a value within the
    # bound is within eps / 4 and its exact value within eps.
    if vertices:
        decisive = f"-limit_{eps[-1]}{b.k + 1} < {det} < limit_{eps[-1]}{b.k + 1}"
    else:
        decisive = f"4.0 * round_{eps[-1]}{b.k + 1} > {eps} * abs({det})"
    lines, quotients, true, near, settle = [], [], [], [], []
    for p, (value, key) in enumerate(zip(b.values, b.keys)):
        name = f"{letter}{p}"
        quotients.append(name)
        negated = value.startswith("-")
        numerator = value.lstrip("-")
        source = _exact_source(key, m, n, near=False)[0] if settled and value != "1.0" else numerator
        lines.append(f"{indent}{name} = {source} / {det}")
        true.append(f"-{name}" if negated else name)
        if value == "1.0":
            continue  # 1 / det with det in [1, 2]: never below -eps
        # A coordinate's numerator has order k, a slack's k + 1; at fine tolerances every value of the basis
        # takes the larger bound (as ._basis_minors._classify: more values exact, more accurate points).
        order = b.k if p < b.k and not fine else b.k + 1
        within = f"under_{eps[-1]}{order} <= {numerator} <= round_{eps[-1]}{order}"
        test = f"{name} <= {eps}" if negated else f"{name} >= {low}"
        if settled:
            lines.append(f"{indent}if {test}:")
        elif vertices:
            source, needs = _exact_source(key, m, n, near=not fine)
            lines.append(f"{indent}if {within} and {decisive}:")
            if needs:
                lines.append(f"{indent}    exact = exact or _exact(A, B, map_a, map_b)")
            lines.append(f"{indent}    {name} = {source} / {det}")
            lines.append(f"{indent}if {test}:")
        else:
            near.append(within)
            settle.append((name, key, within))
            lines.append(f"{indent}if {test} or {within}:")
        indent += "    "
    if singular:
        # A singular basis is infeasible: the rule matters only where the values would be feasible.
        lines.append(f"{indent}if {det} >= {b.bound!r} or {det} <= {-b.bound!r} "
                     f"or _regular({det}, A, B, map_a, map_b, {b.norm_at!r}):")
        indent += "    "
    passes = [f"{name} <= {eps}" if value.startswith("-") else f"{name} >= {low}"
              for name, value in zip(quotients, b.values) if value != "1.0"]
    tests = [f"{name} >= {low}" if value.startswith("-") else f"{name} <= {eps}"
             for name, value in zip(quotients, b.values)]
    support, d = (b.J, n) if b.side else (b.I, m)
    if vertices:
        # The basis's labels, and each non-basic label whose value is within eps (as Batch.solved).
        labels = " + ".join([str(b.labels)] + [f"({w} if {test} else 0)" for w, test in zip(b.weights, tests)])
        point = ["0.0"] * d
        for p, a in enumerate(support):
            point[a] = true[p]
        lines.append(f"{indent}vertices_{'q' if b.side else 'p'}.append(({labels}, [{', '.join(point)}]))")
        return lines
    if b.side == 0:
        tail = ["feasible = True"]
        coordinates_x[:] = true[:b.k]
    else:
        x, y = ["0.0"] * m, ["0.0"] * n
        for p, i in enumerate(b.I):
            x[i] = f"{coordinates_x[p]} / total_x"
        for p, j in enumerate(b.J):
            y[j] = f"{true[p]} / total_y"
        tail = ["if feasible:",
                f"    total_x = {' + '.join(coordinates_x)}",
                f"    total_y = {' + '.join(true[:b.k])}",
                f"    found.append(([{', '.join(x)}], [{', '.join(y)}], {b.I!r}, {b.J!r}))"]
    ties = " or ".join(tests)
    if near:
        # Some numerator within its bound: settle them all exactly, then test the basis again.
        lines.append(f"{indent}if ({' or '.join(near)}) and {decisive}:")
        if any(_exact_source(key, m, n)[1] for _, key, _ in settle):
            lines.append(f"{indent}    exact = exact or _exact(A, B, map_a, map_b)")
        for name, key, within in settle:
            lines.append(f"{indent}    if {within}:")
            lines.append(f"{indent}        {name} = {_exact_source(key, m, n, near=not fine)[0]} / {det}")
        lines.append(f"{indent}    settled = {' and '.join(passes)}")
        lines.append(f"{indent}else:")
        lines.append(f"{indent}    settled = True")
        lines.append(f"{indent}if settled:")
        lines.append(f"{indent}    if {ties}:")
        lines.append(f"{indent}        return None")
        lines += [f"{indent}    {line}" for line in tail]
    else:
        lines.append(f"{indent}if {ties}:")
        lines.append(f"{indent}    return None")
        lines += [f"{indent}{line}" for line in tail]
    return lines


@lru_cache(maxsize=None)
def _compiled(m: int, n: int, vertices: bool, fine: bool = False):
    if (m, n) not in KERNEL_SHAPES:
        raise ValueError(f"no written-out kernel for {m} x {n} games")

    def first_fine(*arguments):
        # The fine variant, compiled on first use.
        return _compiled(m, n, vertices, True)(*arguments)

    namespace = {"_regular": _regular, "_within_range": _within_range, "_INF": _INF, "_difference": _difference,
                 "_exact": ExactMinors.from_maps, "_fine": first_fine}
    kind = "vertex kernel" if vertices else "basis kernel"
    exec(compile(kernel_source(m, n, vertices, fine), f"<{kind} {m}x{n}{' fine' if fine else ''}>", "exec"),
         namespace)
    return namespace[f"{'vertices' if vertices else 'kernel'}_{m}x{n}{'_fine' if fine else ''}"]


@lru_cache(maxsize=None)
def kernel(m: int, n: int):
    """The compiled kernel of shape ``m x n`` (a shape of :data:`KERNEL_SHAPES`), built on first use."""
    return _compiled(m, n, False)


@lru_cache(maxsize=None)
def vertex_kernel(m: int, n: int):
    """The compiled vertex kernel of shape ``m x n``, built on first use: for a degenerate game.

    It takes the arguments of :func:`kernel` and returns two lists, one per
    polytope (``P``: the row player's, ``Q``: the column player's), of
    ``(labels, point)`` for each feasible basis in basis order: the bitmask of
    its labels (those of the basis and every other within ``eps``, as
    :meth:`._basis_minors.Batch.solved` gives them) and its point in the
    polytope's coordinates (a list of floats, not normalised).
    """
    return _compiled(m, n, True)
