"""Nash equilibria of two-player game trees through the sequence form.

A *sequence* of a player is the list of the player's own moves on the path to
a node; under perfect recall it is named by its last move (or is empty). A
*realization plan* ``x`` gives each sequence the probability that the
player's own choices make all its moves; the plans of player 1 are the
points of ``{x >= 0 : E x = e}``, one equation for the empty sequence
(``x[0] = 1``) and one per information set ``h`` (the probabilities of the
moves at ``h`` sum to that of the sequence leading to ``h``); likewise
``{y >= 0 : F y = f}`` for player 2. Expected payoffs are bilinear,
``x^T A y`` and ``x^T B y``, where ``A[s, t]`` sums the chance probability
times the payoff over the terminal nodes reached by the sequences ``s`` and
``t``. The form is linear in the size of the tree, whereas the reduced
strategic form can be exponential.

An equilibrium is a solution of a linear complementarity problem (LCP):
``x`` and ``y`` are plans, and with free dual vectors ``p`` and ``q``
(values at information sets) ``E^T p - A y >= 0`` is complementary to ``x``
and ``F^T q - B^T x >= 0`` to ``y``. :func:`sequence_form_lemke` solves it
with Lemke's algorithm as in Koller, Megiddo and von Stengel (1996): costs
(a constant above every payoff minus the payoff) make the problem a
minimisation with non-negative matrices; the free variables are brought into
the basis first, together with a pure starting plan of each player; the
covering vector is 1 on every other slack, so the primary ray starts at the
pure pair; and complementary pivoting with a lexicographic ratio test (exact
mode: integer rows over a common denominator, no rounding; float mode:
tolerances) ends at an equilibrium. Trees of up to a hundred or so sequences
pivot a dictionary on Python lists built directly at the starting basis
(:mod:`gametheory.solvers._sequence_lemke`), larger ones a numpy tableau;
both take the same pivots. Float mode on an exact tree reads its numbers as
floats (those of its float copy) without copying the tree.
:func:`sequence_form_enumeration` lists
every extreme equilibrium of small trees by support enumeration over
sequences: a support pair with equal numbers of free mixing parameters fixes
the plans by linear equations, which are solved exactly and kept when the
certificate shows no profitable deviation.

Every equilibrium returned is converted to behaviour (move probability =
``x[s a] / x[s]``; at an information set the player's own plan excludes,
``x[s] = 0``, the behaviour is uniform, a convention that does not affect
Nash equilibrium) and certified by
:func:`~gametheory.games.extensive.equilibrium.certify_tree`, which computes
each player's best response on the tree itself, independently of the
sequence form: regrets are exactly 0 in exact mode.

References
----------
Koller, D., Megiddo, N. and von Stengel, B. (1996). Efficient computation of
equilibria for extensive two-person games. *Games and Economic Behavior* 14,
247-259.
von Stengel, B. (1996). Efficient computation of behavior strategies. *Games
and Economic Behavior* 14, 220-246.
Lemke, C. E. (1965). Bimatrix equilibrium points and mathematical
programming. *Management Science* 11, 681-689.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from fractions import Fraction

import numpy as np

from ..games.extensive.equilibrium import _SMALL_TREE, TreeSolveResult, _certify, _fields, certify_tree
from ..games.extensive.tree import TERMINAL, GameTree
from ..numerics import scaled_tolerance
from ._sequence_lemke import (SMALL_SEQUENCES, SMALL_SEQUENCES_EXACT, LemkeRayError, _integer_costs, _leaf_sequences,
                              check_start, float_lemke, sequence_structure)
from ._sequence_lemke_exact import exact_lemke

__all__ = [
    "SequenceForm",
    "sequence_form",
    "sequence_form_lemke",
    "sequence_form_enumeration",
    "realization_to_behavior",
    "behavior_to_realization",
    "LemkeRayError",
]

#: Largest number of feasible bases visited per polyhedron by :func:`sequence_form_enumeration`.
MAX_SUPPORT_PAIRS = 200_000

#: Exact operations (tableau entries scanned or updated, vertex pairs matched) :func:`sequence_form_enumeration` may
#: spend, some seconds (0.4-1 million a second measured): a larger tableau costs more per basis than bases count.
MAX_ENUMERATION_OPERATIONS = 3_000_000

#: Pivot limit of Lemke's algorithm, as a multiple of the number of LCP rows.
MAX_PIVOTS_PER_ROW = 50


# ------------------------------------------------------------ the form
@dataclass(frozen=True, eq=False)
class SequenceForm:
    """The sequence form of a two-player tree.

    Attributes
    ----------
    tree : GameTree
    exact : bool
        Fractions (exact) or floats.
    sequences : tuple of two tuples of int
        For each player, the move number (``tree.action_offsets[h] + a``) that
        ends each sequence; ``-1`` for the empty sequence (always first).
    infosets : tuple of two tuples of int
        For each player, the information sets in the order of the rows
        ``1, 2, ...`` of ``E`` (row 0 is the empty sequence).
    parent : tuple of two ndarrays
        For each player and information set (in that order), the index of the
        sequence that leads to it.
    A, B : ndarray, shape (n1, n2)
        Expected payoffs of players 1 and 2 per pair of sequences.
    E, e, F, f : ndarray
        Constraint matrices and right-hand sides of the plans.
    """

    tree: GameTree
    exact: bool
    sequences: tuple
    infosets: tuple
    parent: tuple
    A: np.ndarray
    B: np.ndarray
    E: np.ndarray
    e: np.ndarray
    F: np.ndarray
    f: np.ndarray

    @property
    def sizes(self) -> tuple[int, int]:
        """Number of sequences of each player."""
        return len(self.sequences[0]), len(self.sequences[1])

    def sequence_label(self, player: int, index: int) -> str:
        """The moves of a sequence, e.g. ``"Attack, Hold"`` (``"∅"`` for the empty one)."""
        tree = self.tree
        move = self.sequences[player][index]
        labels = []
        last = tree.last_own_move(player)
        offsets = tree.action_offsets
        nodes_of = tree._infoset_nodes()
        while move >= 0:
            h = int(np.searchsorted(offsets, move, side="right") - 1)
            labels.append(tree.infoset_actions[h][move - int(offsets[h])])
            move = int(last[nodes_of[h][0]])
        return ", ".join(reversed(labels)) if labels else "\u2205"

    def payoffs(self, x, y) -> tuple:
        """``(x^T A y, x^T B y)`` for realization plans ``x`` and ``y``."""
        x, y = np.asarray(x), np.asarray(y)
        return x.dot(self.A).dot(y), x.dot(self.B).dot(y)


def _check_two_player(tree) -> None:
    if not isinstance(tree, GameTree):
        raise TypeError(f"expected a GameTree, got {type(tree).__name__}")
    if tree.is_symbolic:
        raise ValueError(f"the tree has symbolic payoffs (parameters {list(tree.parameters)}): "
                         "use tree.substitute(...) first")
    if tree.n_players != 2:
        raise ValueError(f"the sequence form is for two-player trees; this tree has {tree.n_players} players "
                         f"{list(tree.players)}")


def _in_mode(tree: GameTree, exact: bool | None) -> tuple[GameTree, bool]:
    """The tree to read and the arithmetic: a float tree is copied for exact mode, while float mode reads an
    exact tree's numbers as floats (the numbers of its float copy) without copying it."""
    if exact is None:
        return tree, tree.is_exact
    if exact and not tree.is_exact:
        return tree.as_exact(), True
    return tree, bool(exact)


def sequence_form(tree: GameTree, *, exact: bool | None = None) -> SequenceForm:
    """The sequence form ``(A, B, E, e, F, f)`` of a two-player tree (chance moves allowed).

    Parameters
    ----------
    tree : GameTree
        Two players, perfect recall (checked when the tree was built).
    exact : bool, optional
        Exact (Fraction) matrices; default: the tree's mode. Float matrices of
        an exact tree are built from its numbers read as floats (no copy).

    Examples
    --------
    >>> from gametheory.games.extensive import build_tree, decision, terminal
    >>> tree = build_tree(decision("A", {
    ...     "In": decision("B", {"Fight": terminal(-1, -1), "Yield": terminal(1, 0)}),
    ...     "Out": terminal(0, 2)}))
    >>> form = sequence_form(tree)
    >>> [form.sequence_label(0, s) for s in range(3)], form.E.tolist()
    (['∅', 'In', 'Out'], [[1, 0, 0], [-1, 1, 1]])
    >>> form.A.tolist()
    [[Fraction(0, 1), Fraction(0, 1), Fraction(0, 1)], [Fraction(0, 1), Fraction(-1, 1), Fraction(1, 1)], [Fraction(0, 1), Fraction(0, 1), Fraction(0, 1)]]
    """
    _check_two_player(tree)
    tree, exact = _in_mode(tree, exact)
    from ..games.extensive.conversions import chance_weights

    offsets = tree.action_offsets
    # Small trees read the structure lists shared with the float route; larger ones take numpy passes.
    small = tree.n_nodes <= _SMALL_TREE
    st = sequence_structure(tree) if small else None
    sequences, infosets, parents, constraints, index_of = [], [], [], [], []
    for i in range(2):
        sets = list(tree.player_infosets(i))
        base = int(offsets[sets[0]]) if sets else 0
        count = int(offsets[sets[-1] + 1]) - base if sets else 0
        seq = (-1,) + tuple(range(base, base + count))
        if small:
            parent = np.array(st["parent"][i], dtype=np.int64)
        else:
            last, first_nodes = tree.last_own_move(i), [int(tree._infoset_nodes()[h][0]) for h in sets]
            parent = np.array([0 if last[v] < 0 else 1 + int(last[v]) - base for v in first_nodes], dtype=np.int64)
            index_of.append((last, base))
        E = np.zeros((1 + len(sets), len(seq)), dtype=np.int64)
        E[0, 0] = 1
        for k, h in enumerate(sets):
            E[1 + k, parent[k]] = -1
            E[1 + k, 1 + int(offsets[h]) - base:1 + int(offsets[h + 1]) - base] = 1
        sequences.append(seq)
        infosets.append(tuple(sets))
        parent.setflags(write=False)
        parents.append(parent)
        E.setflags(write=False)
        constraints.append(E)
    if small:
        leaves = np.array(st["leaves"], dtype=np.int64)
        rows = list(np.array(st["leaf_sequences"], dtype=np.int64).reshape(-1, 2).T)
    else:
        leaves = np.flatnonzero(tree.node_player == TERMINAL)
        rows = [np.where(index_of[i][0][leaves] < 0, 0, index_of[i][0][leaves] + 1 - index_of[i][1]) for i in range(2)]
    weights = chance_weights(tree, exact=exact)[leaves]
    shape = (len(sequences[0]), len(sequences[1]))
    payoff = tree.payoff_matrix[leaves]
    matrices = []
    for i in range(2):
        if exact:
            M = np.empty(shape, dtype=object)
            M[...] = Fraction(0)
            for s, t, w, u in zip(rows[0].tolist(), rows[1].tolist(), weights.tolist(), payoff[:, i].tolist()):
                if w != 0 and u != 0:
                    M[s, t] += w * u
        else:
            M = np.zeros(shape)
            np.add.at(M, (rows[0], rows[1]), np.asarray(weights, float) * np.asarray(payoff[:, i], float))
        M.setflags(write=False)
        matrices.append(M)
    vectors = []
    for E in constraints:
        v = np.zeros(E.shape[0], dtype=np.int64)
        v[0] = 1
        v.setflags(write=False)
        vectors.append(v)
    return SequenceForm(tree, exact, tuple(sequences), tuple(infosets), tuple(parents), matrices[0], matrices[1],
                        constraints[0], vectors[0], constraints[1], vectors[1])


# ------------------------------------------------- plans and behaviour
def realization_to_behavior(form: SequenceForm, x, y) -> np.ndarray:
    """The flat behaviour profile of a pair of realization plans.

    The probability of move ``a`` at information set ``h`` is
    ``x[s a] / x[s]`` for the sequence ``s`` leading to ``h``. Where the
    player's own plan excludes ``h`` (``x[s] = 0``) the behaviour is uniform;
    this does not change the outcome or any player's payoff.
    """
    tree = form.tree
    offsets = tree.action_offsets
    flat = np.empty(int(offsets[-1]), dtype=object if form.exact else float)
    for i, plan in enumerate((x, y)):
        plan = list(plan)
        sets = form.infosets[i]
        base = int(offsets[sets[0]]) if sets else 0
        for k, h in enumerate(sets):
            start, end = int(offsets[h]), int(offsets[h + 1])
            reach = plan[int(form.parent[i][k])]
            block = plan[1 + start - base:1 + end - base]
            if (reach == 0) if form.exact else reach <= 0:
                flat[start:end] = [Fraction(1, end - start) if form.exact else 1.0 / (end - start)] * (end - start)
            elif form.exact:
                flat[start:end] = [Fraction(b) / reach for b in block]
            else:
                values = np.maximum(np.asarray(block, float), 0.0)
                flat[start:end] = values / values.sum() if values.sum() > 0 else 1.0 / (end - start)
    flat.setflags(write=False)
    return flat


def behavior_to_realization(form: SequenceForm, behavior) -> tuple[np.ndarray, np.ndarray]:
    """The realization plans ``(x, y)`` of a flat behaviour profile."""
    tree = form.tree
    offsets = tree.action_offsets
    plans = []
    for i in range(2):
        sets = form.infosets[i]
        base = int(offsets[sets[0]]) if sets else 0
        plan = np.empty(len(form.sequences[i]), dtype=object if form.exact else float)
        plan[0] = Fraction(1) if form.exact else 1.0
        # Parents come before children in the order of own depth.
        for k in _top_down(form, i):
            h = sets[k]
            start, end = int(offsets[h]), int(offsets[h + 1])
            plan[1 + start - base:1 + end - base] = [plan[form.parent[i][k]] * behavior[m] for m in range(start, end)]
        plans.append(plan)
    return plans[0], plans[1]


def _own_depths(form: SequenceForm, i: int) -> list[int]:
    """Number of own moves before each of the player's information sets."""
    sets = form.infosets[i]
    offsets = form.tree.action_offsets
    base = int(offsets[sets[0]]) if sets else 0
    owner = {}
    for k, h in enumerate(sets):
        for m in range(int(offsets[h]), int(offsets[h + 1])):
            owner[1 + m - base] = k
    depth: dict[int, int] = {}

    def of(target):
        k = target
        chain = []
        while k not in depth:
            s = int(form.parent[i][k])
            if s == 0:
                depth[k] = 0
                break
            chain.append(k)
            k = owner[s]
        while chain:
            k2 = chain.pop()
            depth[k2] = depth[owner[int(form.parent[i][k2])]] + 1
        return depth[target]

    return [of(k) for k in range(len(sets))]


def _top_down(form: SequenceForm, i: int) -> list[int]:
    depths = _own_depths(form, i)
    return sorted(range(len(depths)), key=lambda k: depths[k])


# ---------------------------------------------------------------- Lemke
class _Tableau:
    """Rows of a dictionary ``basic = rhs - sum(T[j] * nonbasic_j)``.

    Exact mode keeps each row as integers over a positive row denominator, so
    pivots never round and ratio tests compare integer quotients; float mode
    keeps one float array. Only the rows with a non-zero entry in the
    entering column change at a pivot, which keeps the work proportional to
    the sparsity of the tree.
    """

    def __init__(self, matrix, exact: bool, tol: float):
        self.exact = exact
        self.tol = tol
        if exact:
            self.T = matrix if matrix.dtype == object else matrix.astype(object)
            self.den = [1] * matrix.shape[0]
        else:
            self.T = np.asarray(matrix, dtype=float)
        self.n_rows = matrix.shape[0]

    def value(self, i, j):
        return Fraction(self.T[i, j], self.den[i]) if self.exact else self.T[i, j]

    def nonzero(self, j) -> np.ndarray:
        column = self.T[:, j]
        if self.exact:
            return (column != 0).nonzero()[0]
        return (np.abs(column) > self.tol).nonzero()[0]

    def pivot(self, r: int, c: int) -> None:
        T = self.T
        rows = self.nonzero(c)
        rows = rows[rows != r]
        if self.exact:
            head = T[r, c]
            # Row r becomes T[r] / head (denominator |head|, sign folded into the numerators).
            if head < 0:
                T[r] = -T[r]
                head = -head
            self.den[r] = head
            self._reduce(r)
            pivot_row = T[r]
            head = T[r, c]
            for i in rows.tolist():
                factor = T[i, c]
                T[i] = T[i] * head - pivot_row * factor
                self.den[i] = self.den[i] * head
                self._reduce(i)
        else:
            T[r] /= T[r, c]
            if len(rows):
                T[rows] -= T[rows, c][:, None] * T[r]
            T[rows, c] = 0.0
            T[r, c] = 1.0

    def _reduce(self, i: int) -> None:
        g = math.gcd(self.den[i], *self.T[i].tolist())
        if g > 1:
            self.T[i] = self.T[i] // g
            self.den[i] //= g

    def ratio(self, i, rhs_col, j):
        """``rhs_i / T[i, j]`` (denominators cancel)."""
        if self.exact:
            return Fraction(self.T[i, rhs_col], self.T[i, j])
        return self.T[i, rhs_col] / self.T[i, j]


def _lexmin(tab: _Tableau, candidates: list[int], entering: int | None, columns: list[int]) -> int:
    """The row of the lexicographic minimum of (rhs, then the perturbation columns) over ``T[i, entering]``.

    With ``entering=None`` the row values themselves are compared (the most
    negative perturbed right-hand side, where the covering variable enters).
    Exact mode compares the quotients by cross-multiplying integers (every
    divisor is positive), so no fraction is built.
    """
    if tab.exact:
        T = tab.T
        for col in columns:
            if len(candidates) == 1:
                break
            best_num = best_den = None
            kept: list[int] = []
            for i in candidates:
                num = T[i, col]
                den = tab.den[i] if entering is None else T[i, entering]
                if best_num is None:
                    best_num, best_den, kept = num, den, [i]
                    continue
                left, right = num * best_den, best_num * den
                if left < right:
                    best_num, best_den, kept = num, den, [i]
                elif left == right:
                    kept.append(i)
            candidates = kept
    else:
        tol = tab.tol
        for col in columns:
            if len(candidates) == 1:
                break
            ratios = [tab.ratio(i, col, entering) if entering is not None else tab.value(i, col) for i in candidates]
            best = min(ratios)
            candidates = [i for i, r in zip(candidates, ratios) if r <= best + tol]
    if len(candidates) != 1:
        raise RuntimeError("lexicographic ratio test left a tie: the pivoting rows are dependent")
    return candidates[0]


def _lemke(form: SequenceForm, tol: float, start=(None, None)):
    """Lemke's algorithm on the sequence-form LCP; returns the plans ``(x, y)`` and the pivot count."""
    exact = form.exact
    n1, n2 = form.sizes
    m1, m2 = form.E.shape[0], form.F.shape[0]
    n = n1 + n2 + m1 + m2
    # Costs: a constant above every payoff minus the payoff, weighted like A and B, so both are >= 0.
    tree = form.tree
    from ..games.extensive.conversions import chance_weights

    leaves = np.flatnonzero(tree.node_player == TERMINAL)
    weights = chance_weights(tree, exact=exact)[leaves]  # cached on the tree by sequence_form
    rows_x, rows_y = _leaf_sequences(form, leaves)
    costs = []
    if exact:
        for i in range(2):
            costs.append(_integer_costs(form.sizes, rows_x, rows_y, weights, tree.payoff_matrix[leaves, i]))
    else:
        W = np.zeros(form.sizes)
        np.add.at(W, (rows_x, rows_y), np.asarray(weights, float))
        for i, M in enumerate((form.A, form.B)):
            values = np.asarray(tree.payoff_matrix[leaves, i], dtype=float)
            top = (max(values.tolist()) if len(values) else 0) + 1
            K = W * float(top) - M
            costs.append(K / max(1.0, float(np.abs(K).max(initial=0.0))))
    K, L = costs
    # Columns: x, y, p, q, w_x, w_y, artificial (equality rows), z0, rhs.
    cx, cy, cp, cq = 0, n1, n1 + n2, n1 + n2 + m1
    cwx, cwy, cart = n, n + n1, n + n1 + n2
    cz, crhs = cart + m1 + m2, cart + m1 + m2 + 1
    # The integer blocks are laid out in int64 (or float) first; exact mode then
    # turns them into Python ints, and the cost blocks (Python ints of any size) go in last.
    T = np.zeros((n, crhs + 1), dtype=np.int64 if exact else float)
    E, F = form.E, form.F
    rx, ry, rp, rq = 0, n1, n1 + n2, n1 + n2 + m1
    # w_x = K y - E^T p ; w_y = L^T x - F^T q  (rows: w - K y + E^T p = 0).
    T[rx:rx + n1, cp:cp + m1] = E.T
    T[rx:rx + n1, cwx:cwx + n1] = np.eye(n1, dtype=np.int64)
    T[ry:ry + n2, cq:cq + m2] = F.T
    T[ry:ry + n2, cwy:cwy + n2] = np.eye(n2, dtype=np.int64)
    T[rp:rp + m1, cx:cx + n1] = E
    T[rp:rp + m1, cart:cart + m1] = np.eye(m1, dtype=np.int64)
    T[rq:rq + m2, cy:cy + n2] = F
    T[rq:rq + m2, cart + m1:cart + m1 + m2] = np.eye(m2, dtype=np.int64)
    T[rp, crhs] = 1
    T[rq, crhs] = 1
    if exact:
        T = T.astype(object)
    T[rx:rx + n1, cy:cy + n2] = -K
    T[ry:ry + n2, cx:cx + n1] = -L.T
    tab = _Tableau(T, exact, tol)
    basis = list(range(cwx, cwx + n1)) + list(range(cwy, cwy + n2)) + list(range(cart, cart + m1 + m2))
    offsets = tree.action_offsets

    def chosen_sequence(i, k, choice):
        h = form.infosets[i][k]
        base = int(offsets[form.infosets[i][0]])
        return 1 + int(offsets[h]) - base + choice

    # Phase 0: a pure plan of each player (``start``, default the first action everywhere) becomes
    # basic in the equality rows (top down), then the free values p, q in the rows of its sequences
    # (bottom up); the artificial columns never enter again.
    for i, (col_x, col_w, col_p, row_eq, row_w) in enumerate(((cx, cwx, cp, rp, rx), (cy, cwy, cq, rq, ry))):
        order = _top_down(form, i)
        choice = start[i] if start[i] is not None else [0] * len(order)
        picks = {k: chosen_sequence(i, k, choice[k]) for k in order}
        for k in [-1] + order:
            row, col = row_eq + k + 1, col_x + (0 if k < 0 else picks[k])
            tab.pivot(row, col)
            basis[row] = col
        for k in reversed([-1] + order):
            s = 0 if k < 0 else picks[k]
            row, col = row_w + s, col_p + k + 1
            tab.pivot(row, col)
            basis[row] = col
    free = set(range(cp, cp + m1 + m2))
    lex_columns = [crhs] + list(basis)
    # Covering column: basic slack w_i = rhs_i + z0 on the rows of slacks (the unchosen sequences).
    for r in range(n):
        if cwx <= basis[r] < cart:
            tab.T[r, cz] = -tab.den[r] if exact else -1.0
    rhs_value = [tab.value(r, crhs) for r in range(n)]
    slack_rows = [r for r in range(n) if cwx <= basis[r] < cart]
    pivots = 0
    if slack_rows and min(rhs_value[r] for r in slack_rows) < (0 if exact else -tol):
        # Primary ray: z0 enters in the row of the most negative slack (lexicographically).
        low = min(rhs_value[r] for r in slack_rows)
        candidates = [r for r in slack_rows if rhs_value[r] <= low + (0 if exact else tol)]
        r = _lexmin(tab, candidates, None, lex_columns)
        leaving = basis[r]
        tab.pivot(r, cz)
        basis[r] = cz
        pivots = 1
        limit = MAX_PIVOTS_PER_ROW * n + 10
        while True:
            entering = cwx + leaving if leaving < n1 + n2 else leaving - cwx  # the complement
            rows = tab.nonzero(entering)
            candidates = [int(i) for i in rows if basis[i] not in free and
                          (tab.T[i, entering] > 0 if exact else tab.T[i, entering] > tol)]
            if not candidates:
                raise LemkeRayError("Lemke's algorithm reached a secondary ray on the sequence-form LCP")
            r = _lexmin(tab, candidates, entering, lex_columns)
            leaving = basis[r]
            tab.pivot(r, entering)
            basis[r] = entering
            pivots += 1
            if leaving == cz:
                break
            if pivots > limit:
                raise RuntimeError(f"Lemke's algorithm exceeded {limit} pivots")
    x = [Fraction(0) if exact else 0.0] * n1
    y = [Fraction(0) if exact else 0.0] * n2
    for r, var in enumerate(basis):
        if cx <= var < cx + n1:
            x[var - cx] = tab.value(r, crhs)
        elif cy <= var < cy + n2:
            y[var - cy] = tab.value(r, crhs)
    return x, y, pivots


def sequence_form_lemke(tree: GameTree, *, exact: bool | None = None, tol: float | None = None,
                        start=None) -> TreeSolveResult:
    """One Nash equilibrium of a two-player tree by Lemke's algorithm on the sequence form.

    Parameters
    ----------
    tree : GameTree
        Two players; chance moves and information sets allowed (perfect recall).
    exact : bool, optional
        Exact rational pivoting (default: the tree's mode). Float mode pivots
        in floating point with tolerance ``tol`` and certifies the result
        within the scaled tolerance; on an exact tree it reads the payoffs
        and probabilities as floats, and the result refers to the tree given.
    tol : float, optional
        Float-mode tolerance (see :mod:`gametheory.numerics`).
    start : pair of sequences, optional
        For each player, the action index taken at each of the player's
        information sets (in order) by the pure starting plan; default the
        first action everywhere. Different starts may end at different
        equilibria.

    Returns
    -------
    TreeSolveResult
        ``concept="nash"``, one certified :class:`TreeEquilibrium`, method
        ``"sequence_form_lemke"``, ``complete=False``.

    Raises
    ------
    ValueError, TypeError
        For trees that are not two-player, numeric trees.

    Examples
    --------
    >>> from gametheory.games.extensive import build_tree, chance, decision, terminal
    >>> tree = build_tree(chance({
    ...     "High": ("1/2", decision("A", {"Raise": decision("B", {"Call": terminal(2, -2), "Fold": terminal(1, -1)},
    ...                                                       infoset="b"),
    ...                                   "Check": terminal(1, -1)}, infoset="high")),
    ...     "Low": ("1/2", decision("A", {"Raise": decision("B", {"Call": terminal(-2, 2), "Fold": terminal(1, -1)},
    ...                                                      infoset="b"),
    ...                                  "Check": terminal(-1, 1)}, infoset="low"))}))
    >>> result = sequence_form_lemke(tree)
    >>> result[0].payoffs, result[0].regrets
    ((Fraction(1, 3), Fraction(-1, 3)), (Fraction(0, 1), Fraction(0, 1)))
    """
    return _solve_lemke(tree, exact, tol, start, None)


def _solve_lemke(tree: GameTree, exact: bool | None, tol: float | None, start, route: str | None) -> TreeSolveResult:
    """:func:`sequence_form_lemke` with the route forced: ``"lists"``, ``"arrays"`` or ``None`` (Python lists up
    to ``SMALL_SEQUENCES`` sequences, ``SMALL_SEQUENCES_EXACT`` in exact mode, numpy beyond)."""
    _check_two_player(tree)
    tree, exact = _in_mode(tree, exact)
    start = check_start(tree, start)
    if route is None:
        limit = SMALL_SEQUENCES_EXACT if exact else SMALL_SEQUENCES
        route = "lists" if sum(map(len, tree.infoset_actions)) + 2 <= limit else "arrays"
    if route == "lists":
        if exact:
            flat, pivots = exact_lemke(tree, start, MAX_PIVOTS_PER_ROW)
        else:
            flat, pivots = float_lemke(tree, scaled_tolerance(tol, 1.0), start, MAX_PIVOTS_PER_ROW)
        if exact:
            behavior = np.empty(len(flat), dtype=object)
            behavior[:] = flat
        else:
            behavior = np.array(flat, dtype=float)
        behavior.setflags(write=False)
    else:
        form = sequence_form(tree, exact=exact)
        x, y, pivots = _lemke(form, 0.0 if exact else scaled_tolerance(tol, 1.0), start)
        behavior = realization_to_behavior(form, x, y)
    equilibrium = _certify(tree, behavior, "nash", tol)  # a flat profile built from the realization plans
    return _fields(TreeSolveResult, tree=tree, concept="nash", equilibria=(equilibrium,), method="sequence_form_lemke",
                   complete=False, continuum=None, notes=(f"{pivots} complementary pivots",), exact=exact)


# ---------------------------------------------------------- enumeration
def _best_values(form: SequenceForm, own: int, other_plan) -> list:
    """Values ``p`` at ``own``'s information sets (row order of its ``E``) against the other's plan: best responses bottom up."""
    M = form.A if own == 0 else form.B.T
    E = form.E if own == 0 else form.F
    sets = form.infosets[own]
    offsets = form.tree.action_offsets
    base = int(offsets[sets[0]]) if sets else 0
    payoff = [sum((M[s, t] * other_plan[t] for t in range(len(other_plan)) if other_plan[t] != 0), Fraction(0))
              for s in range(M.shape[0])]
    below: dict[int, list[int]] = {}
    for k in range(len(sets)):
        below.setdefault(int(form.parent[own][k]), []).append(k)
    p = [None] * E.shape[0]

    def continuation(s):
        return payoff[s] + sum((p[1 + k] for k in below.get(s, [])), Fraction(0))

    depths = _own_depths(form, own)
    for k in sorted(range(len(sets)), key=lambda k: -depths[k]):
        h = sets[k]
        p[1 + k] = max(continuation(1 + m - base) for m in range(int(offsets[h]), int(offsets[h + 1])))
    p[0] = continuation(0)
    return p


def _pure_plan(form: SequenceForm, i: int) -> list:
    """The realization plan of the first action everywhere."""
    flat = np.zeros(int(form.tree.action_offsets[-1]), dtype=object)
    flat[:] = Fraction(0)
    for h in range(form.tree.n_infosets):
        flat[int(form.tree.action_offsets[h])] = Fraction(1)
    return list(behavior_to_realization(form, flat)[i])


class _Polyhedron:
    """``H = {(v, w): G (v, w) = g, v >= 0, slack >= 0}`` for one player's best-response polyhedron.

    For ``own`` = the player whose payoff constraints are listed: variables
    are the other player's plan ``v`` (non-negative), ``own``'s values ``w``
    (free) and the slacks ``E^T w - M v`` (non-negative), with the other's
    plan equations. Vertices are found by a breadth-first search over
    feasible bases (every basis of a degenerate vertex is visited).
    """

    def __init__(self, form: SequenceForm, own: int, max_bases: int, budget: "_Budget"):
        other = 1 - own
        M = form.A if own == 0 else form.B.T
        E_own = form.E if own == 0 else form.F
        E_other = form.F if own == 0 else form.E
        n_own, n_other = M.shape
        m_own, m_other = E_own.shape[0], E_other.shape[0]
        self.n_own, self.n_other, self.m_own = n_own, n_other, m_own
        cols = n_other + m_own + n_own
        rows = []
        for r in range(m_other):
            rows.append([Fraction(int(E_other[r, t])) for t in range(n_other)] + [Fraction(0)] * (m_own + n_own)
                        + [Fraction(1 if r == 0 else 0)])
        for s in range(n_own):
            row = [-Fraction(M[s, t]) for t in range(n_other)] + [Fraction(int(E_own[h, s])) for h in range(m_own)]
            row += [Fraction(-1 if j == s else 0) for j in range(n_own)] + [Fraction(0)]
            rows.append(row)
        self.rows, self.cols = rows, cols
        self.free = set(range(n_other, n_other + m_own))
        self.max_bases, self.budget = max_bases, budget
        # A feasible starting vertex: the other's first-action plan and own best-response values.
        v = _pure_plan(form, other)
        w = _best_values(form, own, v)
        slack = [sum((Fraction(int(E_own[h, s])) * w[h] for h in range(m_own)), Fraction(0))
                 - sum((Fraction(M[s, t]) * v[t] for t in range(n_other) if v[t] != 0), Fraction(0))
                 for s in range(n_own)]
        self.start = v + w + slack

    def _tableau(self, basis):
        rows = [list(r) for r in self.rows]
        for i, col in enumerate(basis):
            pivot = next(r for r in range(i, len(rows)) if rows[r][col] != 0)
            rows[i], rows[pivot] = rows[pivot], rows[i]
            head = rows[i][col]
            rows[i] = [value / head for value in rows[i]]
            for r in range(len(rows)):
                if r != i and rows[r][col] != 0:
                    factor = rows[r][col]
                    rows[r] = [a - factor * b for a, b in zip(rows[r], rows[i])]
        return rows

    def _initial_basis(self):
        order = sorted(range(self.cols), key=lambda j: (j not in self.free, self.start[j] == 0, j))
        basis, reduced = [], []
        for j in order:
            vector = [row[j] for row in self.rows]
            for col, (pivot_row, pivot_vec) in zip(basis, reduced):
                if vector[pivot_row] != 0:
                    factor = vector[pivot_row] / pivot_vec[pivot_row]
                    vector = [a - factor * b for a, b in zip(vector, pivot_vec)]
            nonzero = next((r for r, value in enumerate(vector) if value != 0), None)
            if nonzero is not None:
                basis.append(j)
                reduced.append((nonzero, vector))
            if len(basis) == len(self.rows):
                break
        return basis

    def vertices(self) -> list[tuple]:
        """Distinct vertices as tuples of all variable values."""
        start = self._initial_basis()
        seen = {frozenset(start)}
        queue = [(start, self._tableau(start))]
        points = {}
        height, width = len(self.rows), self.cols + 1
        self.budget.spend(height * height * width, "the starting basis")
        while queue:
            basis, T = queue.pop()
            self.budget.spend(height * self.cols, f"{len(seen)} feasible bases")  # the ratio tests below
            point = [Fraction(0)] * self.cols
            for i, col in enumerate(basis):
                point[col] = T[i][-1]
            points[tuple(point)] = True
            for j in range(self.cols):
                if j in basis or j in self.free:
                    continue
                candidates = [i for i in range(len(basis)) if basis[i] not in self.free and T[i][j] > 0]
                if not candidates:
                    continue
                ratios = [T[i][-1] / T[i][j] for i in candidates]
                best = min(ratios)
                for r, ratio in zip(candidates, ratios):
                    if ratio != best:
                        continue
                    new = list(basis)
                    new[r] = j
                    key = frozenset(new)
                    if key in seen:
                        continue
                    seen.add(key)
                    if len(seen) > self.max_bases:
                        raise ValueError(f"more than {self.max_bases} feasible bases: the tree is too "
                                         "large for vertex enumeration")
                    self.budget.spend(width * sum(1 for row in T if row[j] != 0), f"{len(seen)} feasible bases")
                    head = T[r][j]
                    pivot_row = [value / head for value in T[r]]
                    rows = [pivot_row if i == r else (T[i] if T[i][j] == 0 else
                            [a - T[i][j] * b for a, b in zip(T[i], pivot_row)]) for i in range(len(T))]
                    queue.append((new, rows))
        return list(points)


class _Budget:
    """The operations :func:`sequence_form_enumeration` may still spend; over it, a ValueError saying so."""

    def __init__(self, limit: int):
        self.limit, self.spent = limit, 0

    def spend(self, operations: int, progress: str) -> None:
        self.spent += operations
        if self.spent > self.limit:
            raise ValueError(f"the sequence-form enumeration is over its budget of {self.limit:,} exact operations "
                             f"(after {progress}): the tree is too large for vertex enumeration; "
                             "sequence_form_lemke finds one equilibrium")


def sequence_form_enumeration(tree: GameTree, *, max_bases: int = MAX_SUPPORT_PAIRS,
                              max_operations: int = MAX_ENUMERATION_OPERATIONS) -> TreeSolveResult:
    """Every extreme Nash equilibrium of a small two-player tree, by vertex enumeration in the sequence form.

    Each player's best-response polyhedron over the other's realization
    plans, ``{(y, p): F y = f, y >= 0, E^T p - A y >= 0}`` and its
    counterpart for ``x``, is enumerated vertex by vertex (exact
    breadth-first search over feasible bases, so degenerate vertices are
    handled); a vertex carries the labels of its zero plan entries and tight
    payoff constraints, and the extreme equilibria are the completely
    labelled vertex pairs (von Stengel 1996). A continuum is reported when
    two equilibria share one player's vertex and the face spanned by the
    other two vertices keeps every label.

    Parameters
    ----------
    tree : GameTree
        Two players; solved exactly (a float tree is read exactly).
    max_bases : int
        Refuse trees whose polyhedra have more feasible bases than this.
    max_operations : int
        Refuse (ValueError, as for ``max_bases``) trees whose enumeration takes more exact operations than this
        (tableau entries scanned or updated, vertex pairs matched): the bound on the time.

    Examples
    --------
    >>> from gametheory.games.extensive import build_tree, decision, terminal
    >>> tree = build_tree(decision("A", {
    ...     "x": decision("B", {"l": terminal(3, 1), "r": terminal(0, 0)}, infoset="b"),
    ...     "y": decision("B", {"l": terminal(0, 0), "r": terminal(1, 3)}, infoset="b")}))
    >>> [e.payoffs for e in sequence_form_enumeration(tree)]
    [(Fraction(3, 1), Fraction(1, 1)), (Fraction(3, 4), Fraction(3, 4)), (Fraction(1, 1), Fraction(3, 1))]
    """
    _check_two_player(tree)
    for name, value in (("max_bases", max_bases), ("max_operations", max_operations)):
        if not isinstance(value, int) or isinstance(value, bool) or value < 1:
            raise ValueError(f"{name} must be a positive integer, got {value!r}")
    if not tree.is_exact:
        tree = tree.as_exact()
    form = sequence_form(tree)
    budget = _Budget(max_operations)
    n1, n2 = form.sizes
    full = (1 << (n1 + n2)) - 1
    sides = []
    degenerate = False
    for own in (0, 1):
        poly = _Polyhedron(form, own, max_bases, budget)
        other_n = poly.n_other
        found = []
        for point in poly.vertices():
            plan = point[:other_n]
            slack = point[other_n + poly.m_own:]
            # Label bits: player 1's sequences first, then player 2's.
            own_shift, other_shift = (0, n1) if own == 0 else (n1, 0)
            mask = 0
            for s, value in enumerate(slack):
                if value == 0:
                    mask |= 1 << (own_shift + s)
            for t, value in enumerate(plan):
                if value == 0:
                    mask |= 1 << (other_shift + t)
            # Dimension of the polyhedron: other's sequences + own values - other's equations.
            dimension = other_n + poly.m_own - (form.F.shape[0] if own == 0 else form.E.shape[0])
            if bin(mask).count("1") > dimension:
                degenerate = True
            found.append((tuple(plan), mask))
        sides.append(found)
    # sides[0]: vertices (y, labels) of player 1's polyhedron; sides[1]: (x, labels).
    budget.spend(len(sides[0]) * len(sides[1]), "matching the vertices")
    pairs = [(a, b) for a, (y, ly) in enumerate(sides[0]) for b, (x, lx) in enumerate(sides[1]) if ly | lx == full]
    budget.spend(len(pairs) * len(pairs), f"{len(pairs)} equilibria, checking for continua")
    continuum = False
    for a, b in pairs:
        for c, d in pairs:
            if (a == c and b < d and sides[0][a][1] | (sides[1][b][1] & sides[1][d][1]) == full) or \
                    (b == d and a < c and sides[1][b][1] | (sides[0][a][1] & sides[0][c][1]) == full):
                continuum = True
    equilibria = []
    for a, b in pairs:
        y, x = sides[0][a][0], sides[1][b][0]
        equilibria.append(_certify(tree, realization_to_behavior(form, x, y), "nash", None))
    order = sorted(range(len(pairs)), key=lambda k: tuple(-v for v in sides[1][pairs[k][1]][0])
                   + tuple(-v for v in sides[0][pairs[k][0]][0]))
    notes = ("the tree is degenerate (some vertex has more tight constraints than its dimension)",) \
        if degenerate else ()
    return TreeSolveResult(tree, "nash", tuple(equilibria[k] for k in order), "sequence_form_enumeration", True,
                           continuum, notes, True)
