"""The float Lemke-Howson path of a small game, as straight-line Python.

:func:`.lemke_howson._small_float_path` pivots two dictionaries kept as lists
of Python floats; on a game of a few actions each, most of its time goes to
building lists (one list comprehension per updated row) and to indexing.
Here the same path is written out once per game shape as the source of one
Python function (compiled on first use and cached, as :mod:`dataclasses`
writes ``__init__`` methods, and as :mod:`._small_kernels` does for support
enumeration): every dictionary entry is a local variable, the ratio test for
each entering column is written out row by row, and each pivot (an entering
column and a pivot row) is its own block of assignments. The floating-point
operations are those of the list loop, in the same order (the pivot row
divided by the pivot, then ``t - f * l`` for each other row with ``f != 0``,
and ``-f / pivot`` in the entering column), and so are the thresholds and the
tie test, so the pivots and the end are the list loop's. Ties (and a column
with no positive entry) are handed back to the caller through two
functions, which apply the lexicographic rule (or raise), so that rule lives
in one place.

The function of shape ``m x n`` takes the two payoff matrices as nested
lists ``A`` and ``B`` (``m`` rows of ``n`` floats each), their least entries
``low_a`` and ``low_b`` (the dictionaries hold ``v - low + 1``), the dropped
label, the pivot limit, and the two functions ``tie(slack, rows, column,
threshold, basis, position)`` (the row the lexicographic rule picks: ``rows``
is the dictionary as a list of rows, ``column`` the entering column) and
``no_row(label)`` (raises). It returns ``(basis_p, rhs_p, basis_q, rhs_q,
pivots)``, each polytope's basic labels and right-hand sides at the end of
the path, or ``None`` when the path is longer than the limit. Its source is
:func:`kernel_source`.

Examples
--------
>>> path = kernel(2, 2)
>>> def tie(*args): raise AssertionError("no tie in this game")
>>> def no_row(label): raise AssertionError("bounded polytopes")
>>> # The battle of the sexes, dropping label 0: the path ends at (first action, first action).
>>> basis_p, rhs_p, basis_q, rhs_q, pivots = path([[2.0, 0.0], [0.0, 1.0]], [[1.0, 0.0], [0.0, 2.0]], 0.0, 0.0,
...                                               0, 100, tie, no_row)
>>> basis_p, rhs_p  # x_0 = 1 / (1 + 1) basic; the slack of the second column action (label 3) is 1/2
([0, 3], [0.5, 0.5])
>>> basis_q, rhs_q, pivots  # y_0 (label 2) = 1 / (2 + 1); the second row's slack is 2/3
([2, 1], [0.3333333333333333, 0.6666666666666667], 2)

References
----------
C. E. Lemke and J. T. Howson, "Equilibrium points of bimatrix games", SIAM
Journal on Applied Mathematics 12 (1964), 413-423.
B. von Stengel, "Computing equilibria for two-person games", Handbook of Game
Theory vol. 3, ch. 45, 2002 (the path on the two best-response polytopes).
"""

from __future__ import annotations

from functools import lru_cache

__all__ = ["KERNEL_SHAPES", "kernel", "kernel_source"]

#: Shapes with a written-out path: up to four actions each (the source grows
#: as ``m^2 n^2``; the 4 x 4 function compiles in about 15 ms).
KERNEL_SHAPES = frozenset((m, n) for m in range(1, 5) for n in range(1, 5))


def _side(lines: list, name: str, rows: int, columns: int, slack: str, basis: str, position: str, indent: str):
    """The body of one pivot on one polytope's dictionary ``name`` (``rows`` x ``columns + 1``, rhs last)."""
    rhs = columns

    def cell(r: int, k: int) -> str:
        return f"{name}{r}_{k}"

    lines.append(f"{indent}j = {position}[entering]")
    for j in range(columns):
        lines.append(f"{indent}{'if' if j == 0 else 'elif'} j == {j}:")
        body = indent + "    "
        column = [cell(r, j) for r in range(rows)]
        if rows == 1:
            lines.append(f"{body}threshold = 1e-12 * max(1.0, {column[0]}, -{column[0]})")
        else:
            lines.append(f"{body}threshold = 1e-12 * max(1.0, {', '.join(column)}, -min({', '.join(column)}))")
        # The ratio test of the list loop, row by row: the least ratio and the runner-up.
        lines.append(f"{body}best = second = INFINITY")
        lines.append(f"{body}row = -1")
        for r in range(rows):
            lines += [f"{body}if {cell(r, j)} > threshold:",
                      f"{body}    ratio = {cell(r, rhs)} / {cell(r, j)}",
                      f"{body}    if ratio < best:",
                      f"{body}        second = best",
                      f"{body}        best = ratio",
                      f"{body}        row = {r}",
                      f"{body}    elif ratio < second:",
                      f"{body}        second = ratio"]
        dictionary = ", ".join("[" + ", ".join(cell(r, k) for k in range(columns + 1)) + "]" for r in range(rows))
        lines += [f"{body}if row < 0:",
                  f"{body}    no_row(entering)",
                  f"{body}if second <= best + 1e-11 * (1.0 + abs(best)):",
                  f"{body}    row = tie({slack}, [{dictionary}], [{', '.join(column)}], threshold, {basis}, {position})"]
        for row in range(rows):
            lines.append(f"{body}{'if' if row == 0 else 'elif'} row == {row}:")
            inner = body + "    "
            lines.append(f"{inner}head = {cell(row, j)}")
            others = [k for k in range(columns + 1) if k != j]
            for k in others:
                lines.append(f"{inner}{cell(row, k)} = {cell(row, k)} / head")
            for r in range(rows):
                if r == row:
                    continue
                lines.append(f"{inner}factor = {cell(r, j)}")
                lines.append(f"{inner}if factor != 0.0:")
                for k in others:
                    lines.append(f"{inner}    {cell(r, k)} = {cell(r, k)} - factor * {cell(row, k)}")
                lines.append(f"{inner}    {cell(r, j)} = -factor / head")
            lines.append(f"{inner}{cell(row, j)} = 1.0 / head")
    lines += [f"{indent}leaving = {basis}[row]",
              f"{indent}{basis}[row] = entering",
              f"{indent}{position}[entering] = -1",
              f"{indent}{position}[leaving] = j"]


def kernel_source(m: int, n: int) -> str:
    """The source of the path function of shape ``m x n`` (see the module's docstring)."""
    function = f"lemke_howson_{m}x{n}"
    lines = [f"def {function}(A, B, low_a, low_b, label, max_pivots, tie, no_row):"]
    for matrix, name in (("A", "a"), ("B", "b")):
        rows = ", ".join("(" + ", ".join(f"{name}{i}_{j}" for j in range(n)) + ",)" for i in range(m))
        lines.append(f"    {rows}, = {matrix}")
    # P (row player's polytope): row r is the slack of B^T x <= 1 for column action r,
    # entries B[k][r] shifted; Q (column player's): row r for row action r, entries A[r][k].
    for r in range(n):
        for k in range(m):
            lines.append(f"    p{r}_{k} = b{k}_{r} - low_b + 1.0")
        lines.append(f"    p{r}_{m} = 1.0")
    for r in range(m):
        for k in range(n):
            lines.append(f"    q{r}_{k} = a{r}_{k} - low_a + 1.0")
        lines.append(f"    q{r}_{n} = 1.0")
    lines += [f"    basis_p = list(range({m}, {m + n}))",
              f"    basis_q = list(range({m}))",
              f"    position_p = list(range({m})) + [-1] * {n}",
              f"    position_q = [-1] * {m} + list(range({n}))",
              f"    slack_p = range({m}, {m + n})",
              f"    slack_q = range({m})",
              f"    side = 0 if label < {m} else 1",
              "    entering = label",
              "    pivots = 0",
              "    while True:",
              "        if pivots >= max_pivots:",
              "            return None",
              "        if side == 0:"]
    _side(lines, "p", n, m, "slack_p", "basis_p", "position_p", " " * 12)
    lines.append("        else:")
    _side(lines, "q", m, n, "slack_q", "basis_q", "position_q", " " * 12)
    lines += ["        pivots += 1",
              "        if leaving == label:",
              "            break",
              "        entering = leaving",
              "        side = 1 - side",
              f"    return (basis_p, [{', '.join(f'p{r}_{m}' for r in range(n))}], "
              f"basis_q, [{', '.join(f'q{r}_{n}' for r in range(m))}], pivots)"]
    return "\n".join(lines) + "\n"


@lru_cache(maxsize=None)
def kernel(m: int, n: int):
    """The compiled path function of shape ``m x n`` (a shape of :data:`KERNEL_SHAPES`), built on first use."""
    if (m, n) not in KERNEL_SHAPES:
        raise ValueError(f"no written-out Lemke-Howson path for shape {m} x {n}")
    namespace = {"INFINITY": float("inf")}
    exec(compile(kernel_source(m, n), f"<lemke_howson {m}x{n}>", "exec"), namespace)
    return namespace[f"lemke_howson_{m}x{n}"]
