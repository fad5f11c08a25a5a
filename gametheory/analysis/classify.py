"""Classify 2x2 games: the topology of the 144 strict ordinal 2x2 games.

Every 2x2 game whose payoffs are, for each player, four distinct numbers is
*strict ordinal*: only the order of each player's payoffs matters. Replacing
payoffs by ranks 1 (worst) .. 4 (best) gives 24 x 24 = 576 labelled games;
taken modulo swapping the rows and swapping the columns these fall into the
144 classes of Robinson and Goforth (2005), and additionally modulo swapping
the players into the 78 classes of Rapoport and Guyer (1966). Twelve classes
are symmetric (144 = 2 x 78 - 12).

How a class is named
--------------------
Following the idea of Bruns (2015), a strict game is located by two
coordinates, one per player, each being one of the 12 *symmetric* games:

1. Orient the game so that the row player's best payoff (rank 4) is in the
   second row and the column player's best payoff is in the second column.
   This fixes the row and column swaps, so the oriented form is unique.
2. The row player's oriented rank matrix ``A`` is the row matrix of exactly one
   oriented symmetric game ``(A, A.T)``; the column player's oriented matrix
   ``B`` is the column matrix of exactly one oriented symmetric game
   ``(B.T, B)``. These two symmetric games are the row and column *types*.

The pair (row type, column type) identifies the class among the 144; the
unordered pair identifies it among the 78; the class is symmetric exactly when
both types are equal. Any fixed orientation rule gives the same pairs, so the
coordinates do not depend on this module's internal conventions.

A type is written as the order, best first, of the four payoffs ``R`` (both
play C), ``S`` (I play C, the other D), ``T`` (I play D, the other C) and
``P`` (both play D) in the labelling of actions where its conventional form
holds: Prisoner's Dilemma is ``TRPS`` (T > R > P > S). A class code is
``"<row type>/<column type>"``, e.g. ``"TRSP/TRPS"`` (a Chicken row player
against a Prisoner's Dilemma column player, Snyder and Diesing's Called
Bluff). The numbers :attr:`GameClass.index` (1..144) and
:attr:`GameClass.pair_index` (1..78) are this module's own enumeration in the
order of :data:`TYPES`; they are *not* the Robinson-Goforth or Rapoport-Guyer
game numbers. See ``docs/classification.md`` for the table and the sources.

Games with ties (a player indifferent between two outcomes) are not strict
ordinal games and get no class and no name: :func:`classify` reports the ties
and the strict classes that the game borders (those reached by breaking every
tie one way or the other).

References
----------
Rapoport, A. and Guyer, M. (1966). A taxonomy of 2x2 games. *General Systems* 11.
Robinson, D. and Goforth, D. (2005). *The Topology of the 2x2 Games: A New
Periodic Table*. Routledge.
Bruns, B. R. (2015). Names for games: locating 2x2 games. *Games* 6(4), 495-520.
Snyder, G. H. and Diesing, P. (1977). *Conflict Among Nations*. Princeton UP.
"""

from __future__ import annotations

import itertools
from dataclasses import dataclass
from fractions import Fraction

import numpy as np

from ..games.normal_form import NormalFormGame
from ..numerics import scaled_tolerance

__all__ = [
    "GameClass",
    "GameType",
    "TYPES",
    "NAMED_PAIRS",
    "classify",
    "strict_ordinal_games",
    "classify_batch",
]


@dataclass(frozen=True)
class GameType:
    """One of the 12 symmetric strict ordinal 2x2 games, used as a coordinate.

    Attributes
    ----------
    code : str
        The order of the payoffs R, S, T, P from best to worst, e.g. ``"TRPS"``.
    name : str
        The conventional name, or a family name qualified by the order where
        the literature has no single name for this order.
    aliases : tuple of str
        Other names in use for the same game.
    family : str
        Structural family: ``"dilemma"``, ``"deadlock"``, ``"harmony"``,
        ``"coordination"`` or ``"anti-coordination"``.
    """

    code: str
    name: str
    aliases: tuple[str, ...]
    family: str

    @property
    def payoffs(self) -> tuple[int, int, int, int]:
        """Ranks ``(R, S, T, P)`` (4 best, 1 worst) of this type."""
        return tuple(4 - self.code.index(letter) for letter in "RSTP")

    def matrix(self) -> list[list[int]]:
        """Row player's ranks ``[[R, S], [T, P]]`` (actions C, D)."""
        r, s, t, p = self.payoffs
        return [[r, s], [t, p]]


#: The 12 symmetric strict ordinal 2x2 games, in the order used for
#: :attr:`GameClass.index`. Names marked by an order in parentheses are
#: family names qualified by the order (our convention, not a literature name).
TYPES: tuple[GameType, ...] = (
    GameType("TRPS", "Prisoner's Dilemma", (), "dilemma"),
    GameType("TRSP", "Chicken", ("Hawk-Dove", "Snowdrift"), "anti-coordination"),
    GameType("RTPS", "Stag Hunt", ("Assurance",), "coordination"),
    GameType("TPRS", "Deadlock", (), "deadlock"),
    GameType("TSRP", "Leader", (), "anti-coordination"),
    GameType("STRP", "Hero", ("Battle of the Sexes",), "anti-coordination"),
    GameType("TPSR", "Deadlock (T>P>S>R)", (), "deadlock"),
    GameType("RPTS", "Coordination (R>P>T>S)", (), "coordination"),
    GameType("RPST", "Coordination (R>P>S>T)", (), "coordination"),
    GameType("RTSP", "Harmony (R>T>S>P)", (), "harmony"),
    GameType("RSTP", "Harmony (R>S>T>P)", (), "harmony"),
    GameType("RSPT", "Harmony (R>S>P>T)", (), "harmony"),
)

#: Conventional names of asymmetric classes, keyed by the unordered pair of
#: type codes. Snyder and Diesing (1977, ch. II) build these crisis games from
#: player types; the construction is as recorded in the project's literature
#: catalog (entry 3), where it is marked unverified against the book.
NAMED_PAIRS: dict[frozenset, str] = {
    frozenset({"TRSP", "TRPS"}): "Called Bluff",
    frozenset({"TRSP", "TPRS"}): "Bully",
    frozenset({"TRPS", "TPRS"}): "Big Bully",
}

_TYPE_BY_CODE = {t.code: t for t in TYPES}
_POSITION = {t.code: k for k, t in enumerate(TYPES)}


@dataclass(frozen=True)
class GameClass:
    """Where a 2x2 game sits in the topology of 2x2 games.

    Attributes
    ----------
    strict : bool
        True when each player's four payoffs are distinct (a strict ordinal
        game); only strict games have a class.
    ranks : tuple
        ``(row_ranks, column_ranks)``, each a 2x2 tuple of ranks in the game's
        own action order; 4 is a player's best outcome. Tied payoffs share the
        lower rank, so ties show as repeated ranks.
    code : str or None
        ``"<row type>/<column type>"`` (see the module notes); ``None`` for a
        game with ties.
    index : int or None
        1..144, this module's enumeration of the Robinson-Goforth classes.
    pair_index : int or None
        1..78, this module's enumeration of the classes up to swapping the
        players (the Rapoport-Guyer classes).
    row_type, column_type : GameType or None
        The symmetric game whose payoffs each player has.
    name : str or None
        Conventional name where the literature has one: the type's name for a
        symmetric class, an entry of :data:`NAMED_PAIRS` for an asymmetric one;
        ``None`` otherwise and always for games with ties.
    symmetric : bool
        True when swapping the players (with a relabelling of actions) gives
        the same game up to order-preserving changes of payoffs.
    ties : tuple of str
        One description per pair of tied payoffs, e.g.
        ``"Row: (A1, B1) = (A2, B2)"``; empty for strict games.
    borders : tuple of str
        For games with ties, the codes of the strict classes reached by
        breaking the ties (sorted in :attr:`index` order); empty for strict
        games.
    """

    strict: bool
    ranks: tuple
    code: str | None
    index: int | None
    pair_index: int | None
    row_type: GameType | None
    column_type: GameType | None
    name: str | None
    symmetric: bool
    ties: tuple[str, ...] = ()
    borders: tuple[str, ...] = ()

    @property
    def hybrid(self) -> str | None:
        """``"<row type name> / <column type name>"``, Bruns-style; ``None`` with ties."""
        if not self.strict:
            return None
        return f"{self.row_type.name} / {self.column_type.name}"

    @property
    def pair_code(self) -> str | None:
        """The code of the class up to swapping the players (types in :data:`TYPES` order)."""
        if not self.strict:
            return None
        first, second = sorted((self.row_type.code, self.column_type.code), key=_POSITION.get)
        return f"{first}/{second}"

    def __str__(self) -> str:
        if not self.strict:
            return f"not strict ordinal (ties: {'; '.join(self.ties)}); borders {len(self.borders)} strict class(es)"
        label = self.name if self.name is not None else self.hybrid
        kind = "symmetric" if self.symmetric else "asymmetric"
        return f"{label} [{self.code}, class {self.index}/144, {kind}]"


# ------------------------------------------------------------------ helpers
def _orient(row: np.ndarray, column: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Swap rows / columns so that row's best is in row 1 and column's best in column 1."""
    if row[0].max() == 4:
        row, column = row[::-1], column[::-1]
    if column[:, 0].max() == 4:
        row, column = row[:, ::-1], column[:, ::-1]
    return row, column


def _key(matrix: np.ndarray) -> tuple[int, ...]:
    return tuple(int(v) for v in matrix.ravel())


def _build_key_table() -> dict[tuple[int, ...], GameType]:
    table: dict[tuple[int, ...], GameType] = {}
    for game_type in TYPES:
        a = np.array(game_type.matrix())
        row, _ = _orient(a, a.T)
        key = _key(row)
        if key in table:  # pragma: no cover - guards the table above
            raise RuntimeError(f"types {table[key].code} and {game_type.code} coincide")
        table[key] = game_type
    if len(table) != 12:  # pragma: no cover
        raise RuntimeError("the type table must hold 12 distinct symmetric games")
    return table


_TYPE_BY_KEY = _build_key_table()


def _strict_types(row: np.ndarray, column: np.ndarray) -> tuple[GameType, GameType]:
    row, column = _orient(row, column)
    return _TYPE_BY_KEY[_key(row)], _TYPE_BY_KEY[_key(column.T)]


def _canonical(row: np.ndarray, column: np.ndarray) -> tuple:
    """Smallest rank pair over the four row/column relabellings (works with ties)."""
    forms = []
    for flip_rows, flip_columns in itertools.product((False, True), repeat=2):
        a, b = row, column
        if flip_rows:
            a, b = a[::-1], b[::-1]
        if flip_columns:
            a, b = a[:, ::-1], b[:, ::-1]
        forms.append((_key(a), _key(b)))
    return min(forms)


def _ranks(values: list, tolerance: float | None) -> list[int]:
    """Rank = 1 + number of values strictly below (ties share the lower rank)."""
    order = sorted(range(4), key=lambda k: values[k])
    ranks = [0] * 4
    rank = 1
    for position, k in enumerate(order):
        if position > 0:
            previous = values[order[position - 1]]
            tied = values[k] == previous if tolerance is None else values[k] - previous <= tolerance
            if not tied:
                rank = position + 1
        ranks[k] = rank
    return ranks


def _linear_extensions(ranks: list[int]) -> list[list[int]]:
    """All strict rankings 1..4 consistent with a weak ranking."""
    extensions = []
    for perm in itertools.permutations(range(1, 5)):
        if all(
            (ranks[i] < ranks[j]) <= (perm[i] < perm[j]) for i in range(4) for j in range(4) if ranks[i] != ranks[j]
        ):
            extensions.append(list(perm))
    return extensions


def _class_from_types(row_type: GameType, column_type: GameType, ranks: tuple) -> GameClass:
    i, j = _POSITION[row_type.code], _POSITION[column_type.code]
    low, high = min(i, j), max(i, j)
    pair_index = low * 12 - low * (low - 1) // 2 + (high - low) + 1
    if row_type is column_type:
        name = row_type.name
    else:
        name = NAMED_PAIRS.get(frozenset({row_type.code, column_type.code}))
    return GameClass(
        strict=True,
        ranks=ranks,
        code=f"{row_type.code}/{column_type.code}",
        index=12 * i + j + 1,
        pair_index=pair_index,
        row_type=row_type,
        column_type=column_type,
        name=name,
        symmetric=row_type is column_type,
    )


# --------------------------------------------------------------- public API
def classify(game: NormalFormGame, *, tol: float | None = None) -> GameClass:
    """Locate a 2x2 game in the topology of the strict ordinal 2x2 games.

    Parameters
    ----------
    game : NormalFormGame
        A two-player game with two actions each; exact or float payoffs.
    tol : float, optional
        Float payoffs of one player closer than ``tol`` (scaled by the game's
        payoff magnitude, see :meth:`NormalFormGame.tolerance`) count as
        tied. Exact games compare exactly and ignore ``tol``.

    Returns
    -------
    GameClass
        For a strict ordinal game its class (code, index, types, name,
        symmetry). For a game with ties: ``strict=False``, no code and no name,
        the ties, and the strict classes the game borders.

    Raises
    ------
    TypeError
        If ``game`` is not a :class:`NormalFormGame`.
    ValueError
        If it is not a two-player game with two actions per player.

    Notes
    -----
    Only the order of each player's payoffs is used, so any strictly
    increasing transformation of one player's payoffs, and any relabelling of
    rows, columns or players, leaves the class unchanged (players swapped
    exchange the row and column types). See the module notes for the
    convention and ``docs/classification.md`` for the full table.

    References
    ----------
    Robinson and Goforth (2005); Bruns (2015); Rapoport and Guyer (1966).

    Examples
    --------
    >>> from gametheory import NormalFormGame
    >>> pd = NormalFormGame.from_bimatrix([[3, 0], [5, 1]], [[3, 5], [0, 1]])
    >>> c = classify(pd)
    >>> c.name, c.code, c.symmetric
    ("Prisoner's Dilemma", 'TRPS/TRPS', True)
    >>> bluff = NormalFormGame.from_bimatrix([[3, 2], [4, 1]], [[3, 4], [1, 2]])
    >>> classify(bluff).name, classify(bluff).hybrid
    ('Called Bluff', "Chicken / Prisoner's Dilemma")
    >>> tied = classify(NormalFormGame.from_bimatrix([[3, 0], [3, 1]], [[3, 3], [0, 1]]))
    >>> tied.strict, tied.name, tied.code
    (False, None, None)
    >>> tied.ties
    ('Row: (A1, B1) = (A2, B1)', 'Column: (A1, B1) = (A1, B2)')
    >>> tied.borders  # PD, Chicken/Harmony hybrids, Stag Hunt
    ('TRPS/TRPS', 'TRSP/RTSP', 'RTPS/RTPS', 'RTSP/TRSP')
    """
    if not isinstance(game, NormalFormGame):
        raise TypeError(f"game must be a NormalFormGame, got {type(game).__name__}")
    if game.n_players != 2 or game.shape != (2, 2):
        raise ValueError(f"classify() needs a 2x2 game (two players, two actions each), got shape {game.shape}")
    tolerance = None if game.is_exact else scaled_tolerance(tol, game.payoff_scale)
    cells = [(0, 0), (0, 1), (1, 0), (1, 1)]
    rank_arrays = []
    ties = []
    for player in range(2):
        payoffs = game.payoffs[player]
        values = [payoffs[c] if game.is_exact else float(payoffs[c]) for c in cells]
        ranks = _ranks(values, tolerance)
        rank_arrays.append(np.array(ranks).reshape(2, 2))
        for a, b in itertools.combinations(range(4), 2):
            if ranks[a] == ranks[b]:
                ties.append(
                    f"{game.players[player]}: ({_cell_label(game, cells[a])}) = ({_cell_label(game, cells[b])})"
                )
    row, column = rank_arrays
    ranks = (tuple(map(tuple, row.tolist())), tuple(map(tuple, column.tolist())))
    if not ties:
        return _class_from_types(*_strict_types(row, column), ranks)

    symmetric = _canonical(row, column) == _canonical(column.T, row.T)
    bordering = set()
    for row_strict in _linear_extensions(row.ravel().tolist()):
        for column_strict in _linear_extensions(column.ravel().tolist()):
            types = _strict_types(np.array(row_strict).reshape(2, 2), np.array(column_strict).reshape(2, 2))
            bordering.add(types)
    borders = tuple(
        f"{r.code}/{c.code}" for r, c in sorted(bordering, key=lambda rc: (_POSITION[rc[0].code], _POSITION[rc[1].code]))
    )
    return GameClass(
        strict=False,
        ranks=ranks,
        code=None,
        index=None,
        pair_index=None,
        row_type=None,
        column_type=None,
        name=None,
        symmetric=symmetric,
        ties=tuple(ties),
        borders=borders,
    )


def _cell_label(game: NormalFormGame, cell: tuple[int, int]) -> str:
    return f"{game.actions[0][cell[0]]}, {game.actions[1][cell[1]]}"


def strict_ordinal_games(*, actions=None) -> list[NormalFormGame]:
    """All 576 labelled strict ordinal 2x2 games, payoffs ranks 1..4 (exact).

    Parameters
    ----------
    actions : sequence of two sequences of two labels, optional
        Action labels passed to every game.

    Returns
    -------
    list of NormalFormGame
        Row rankings vary slowest; each player's payoffs are a permutation of
        1, 2, 3, 4 over the cells ``(0,0), (0,1), (1,0), (1,1)``.

    Examples
    --------
    >>> games = strict_ordinal_games()
    >>> len(games), len({classify(g).code for g in games})
    (576, 144)
    """
    permutations = list(itertools.permutations((1, 2, 3, 4)))
    games = []
    for row in permutations:
        for column in permutations:
            games.append(
                NormalFormGame.from_bimatrix(
                    [[Fraction(row[0]), Fraction(row[1])], [Fraction(row[2]), Fraction(row[3])]],
                    [[Fraction(column[0]), Fraction(column[1])], [Fraction(column[2]), Fraction(column[3])]],
                    actions=actions,
                )
            )
    return games


# ----------------------------------------------------------------- batches
_BATCH_TABLE: tuple[np.ndarray, np.ndarray] | None = None

#: Pairs of cells compared by the rank code, and what a ``True`` comparison
#: adds to it: the pair ``(j, k)`` raises the rank of ``k`` when ``value[j] <
#: value[k]`` and the rank of ``j`` otherwise, ranks weighted 64, 16, 4, 1.
_PAIRS = tuple(itertools.combinations(range(4), 2))
_WEIGHTS = (64, 16, 4, 1)
_BASE_CODE = sum(_WEIGHTS[j] for j, _ in _PAIRS)
_STEPS = tuple(_WEIGHTS[k] - _WEIGHTS[j] for j, k in _PAIRS)


def _rank_code(values, below=None) -> np.ndarray:
    """Base-4 code of the rank pattern (0..3) of each row of a ``(N, 4)`` array of distinct values.

    ``values`` may also be a sequence of the four columns (1-d arrays); ``below``,
    when given, holds the comparisons ``values[j] < values[k]`` for the pairs
    of ``_PAIRS`` already computed.
    """
    if below is None:
        columns = [values[:, c] for c in range(4)] if isinstance(values, np.ndarray) else values
        below = [columns[j] < columns[k] for j, k in _PAIRS]
    code = np.full(below[0].shape, _BASE_CODE, dtype=np.int16)
    for step, smaller in zip(_STEPS, below):
        code += smaller * np.int16(step)
    return code


def _batch_table() -> tuple[np.ndarray, np.ndarray]:
    """Class names by class index and class index by rank codes, built from :func:`classify`.

    Returns ``(names, indices)``: ``names[c]`` (object, length 145) is the name
    of class ``c`` (``""`` at 0, the "no class" of games with ties) and
    ``indices[256 * row_code + column_code]`` (int16, length 65536) is the
    class index of the strict game with these rank codes.
    """
    global _BATCH_TABLE
    if _BATCH_TABLE is None:
        names = np.full(145, "", dtype=object)
        indices = np.zeros(256 * 256, dtype=np.int16)
        for game in strict_ordinal_games():
            found = classify(game)
            row = _rank_code(np.asarray(game.payoffs[0], dtype=float).reshape(1, 4))[0]
            column = _rank_code(np.asarray(game.payoffs[1], dtype=float).reshape(1, 4))[0]
            names[found.index] = found.name if found.name is not None else found.hybrid
            indices[256 * int(row) + int(column)] = found.index
        names.setflags(write=False)
        indices.setflags(write=False)
        _BATCH_TABLE = (names, indices)
    return _BATCH_TABLE


#: Games classified per block: the work arrays stay in cache and are recycled.
_CLASSIFY_BLOCK = 8192


def classify_batch(A, B, *, tol: float | None = None) -> tuple[np.ndarray, np.ndarray]:
    """Class names and indices of a whole batch of 2x2 games at once.

    Parameters
    ----------
    A, B : array_like, shape (N, 2, 2)
        Row and column payoffs of ``N`` games.
    tol : float, optional
        Payoffs of one player closer than ``tol`` times the game's payoff
        scale count as tied, as in :func:`classify`.

    Returns
    -------
    names : ndarray of object, shape (N,)
        The name :func:`classify` gives (its ``name``, else its ``hybrid``
        label); ``""`` for games with ties, which have no class.
    indices : ndarray of int16, shape (N,)
        The class index 1..144, 0 for games with ties.

    Notes
    -----
    Each player's payoffs are compared pairwise once: the six comparisons
    give both the ties (within the tolerance) and the rank pattern, whose
    code looks up the class in a table built from :func:`classify` on the 576
    strict ordinal games. The cost is a few dozen numpy operations per batch.

    Examples
    --------
    >>> names, indices = classify_batch([[[3, 0], [5, 1]], [[4, 0], [3, 2]], [[1, 1], [0, 2]]],
    ...                                 [[[3, 5], [0, 1]], [[4, 3], [0, 2]], [[1, 0], [1, 2]]])
    >>> names.tolist()
    ["Prisoner's Dilemma", 'Stag Hunt', '']
    >>> indices.tolist()
    [1, 27, 0]
    """
    A = np.asarray(A, dtype=float)
    B = np.asarray(B, dtype=float)
    if A.ndim != 3 or A.shape[1:] != (2, 2) or B.shape != A.shape:
        raise ValueError(f"classify_batch() needs two arrays of shape (N, 2, 2), got {A.shape} and {B.shape}")
    N = A.shape[0]
    slack_factor = scaled_tolerance(tol, 1.0)
    names_table, index_table = _batch_table()
    indices = np.empty(N, dtype=np.int16)
    for start in range(0, N, _CLASSIFY_BLOCK):
        stop = min(start + _CLASSIFY_BLOCK, N)
        size = stop - start
        players = [np.ascontiguousarray(A[start:stop].reshape(size, 4).T),
                   np.ascontiguousarray(B[start:stop].reshape(size, 4).T)]
        if not (np.isfinite(players[0]).all() and np.isfinite(players[1]).all()):
            raise ValueError("classify_batch() payoffs must be finite")
        # Each player's six pairwise differences give the ties (within the
        # scaled tolerance) and the comparisons of the rank code.
        scale = np.ones(size)
        work = np.empty(size)
        for cells in players:
            for cell in cells:
                np.maximum(scale, np.abs(cell, out=work), out=scale)
        slack = scale
        slack *= slack_factor
        tied = np.zeros(size, dtype=bool)
        close = np.empty(size, dtype=bool)
        codes = []
        for cells in players:
            below = []
            for j, k in _PAIRS:
                np.subtract(cells[j], cells[k], out=work)
                below.append(work < 0.0)
                np.abs(work, out=work)
                tied |= np.less_equal(work, slack, out=close)
            codes.append(_rank_code(None, below))
        lookup = codes[0].astype(np.intp)
        lookup *= 256
        lookup += codes[1]
        block = indices[start:stop]
        index_table.take(lookup, out=block)
        block[tied] = 0
    return names_table.take(indices), indices
