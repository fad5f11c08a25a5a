"""Immutable n-player normal-form games.

A :class:`NormalFormGame` holds one payoff array per player, each indexed by
the full action profile (``payoffs[i][a_0, ..., a_{n-1}]`` is player ``i``'s
payoff), together with the player names and action labels, so every output can
speak in the model's words ("Balance", "Bandwagon") rather than in indices.

Payoffs are either floats (``float64``) or exact (:class:`fractions.Fraction`
in object arrays). Arrays are read-only; a changed setting is a new game.
:func:`game_table` renders a game as plain-text payoff tables for terminals
and classrooms, best responses marked.
"""

from __future__ import annotations

import functools
import itertools
import math
import numbers
from collections.abc import Callable, Sequence
import numpy as np

from ..numerics import exact_array, format_value, is_exact_scalar, scaled_tolerance, to_fraction

__all__ = ["NormalFormGame", "game_table", "onto_unit_interval", "payoff_spread"]

_FLOAT = np.dtype(float)
_min, _max = np.minimum.reduce, np.maximum.reduce
_finite = math.isfinite
#: Up to this many payoffs per player, :meth:`NormalFormGame.from_bimatrix` finds a float matrix's extremes
#: on Python floats.
_SMALL_MATRIX = 36


def onto_unit_interval(values: np.ndarray, low: float, high: float) -> np.ndarray:
    """``values`` mapped affinely from ``[low, high]`` onto ``[0, 1]`` (zeros when ``high == low``).

    This is ``(values - low) / (high - low)``, those floating-point
    operations exactly, when the spread ``high - low`` is a finite float.
    Payoffs spread wider than the largest float (``1e308`` against
    ``-1e308``) are first multiplied by 1/4: an exact power of two, so the
    map is the same affine map, with no overflow.

    Examples
    --------
    >>> onto_unit_interval(np.array([-1e308, 0.0, 1e308]), -1e308, 1e308).tolist()
    [0.0, 0.5, 1.0]
    """
    if not high > low:
        return np.zeros_like(values, dtype=float)
    spread = high - low
    if spread == math.inf:
        values, low, spread = values * 0.25, low * 0.25, high * 0.25 - low * 0.25
    return (values - low) / spread


def payoff_spread(low: float, high: float) -> float:
    """``high - low``, or the largest float where that overflows (payoffs near the float limit).

    Tolerances scale with a player's payoff spread; capped at the largest
    float, a tolerance of ``tol`` times it stays finite for every ``tol <= 1``.
    """
    spread = high - low
    return spread if spread != math.inf else _LARGEST


_LARGEST = float(np.finfo(float).max)


def _default_players(n: int) -> tuple[str, ...]:
    if n == 2:
        return ("Row", "Column")
    return tuple(f"Player {i + 1}" for i in range(n))


def _check_labels(labels, expected: int, what: str) -> tuple[str, ...]:
    if isinstance(labels, str) or not isinstance(labels, Sequence):
        raise TypeError(f"{what} must be a sequence of strings, got {labels!r}")
    labels = tuple(labels)
    if len(labels) != expected:
        raise ValueError(f"{what} has {len(labels)} entries, expected {expected}: {list(labels)}")
    for label in labels:
        if not isinstance(label, str) or not label.strip():
            raise ValueError(f"{what} must be non-empty strings, got {label!r}")
    duplicates = sorted({label for label in labels if labels.count(label) > 1})
    if duplicates:
        raise ValueError(f"{what} has duplicate labels: {duplicates}")
    return labels


@functools.lru_cache(maxsize=256)
def _default_actions(shape: tuple[int, ...]) -> tuple[tuple[str, ...], ...]:
    """``A1, A2, ...`` for the first player, ``B1, ...`` for the second, and so on (built once per shape)."""
    return tuple(
        tuple(f"{chr(ord('A') + i) if i < 26 else 'P' + str(i)}{k + 1}" for k in range(m))
        for i, m in enumerate(shape)
    )


class NormalFormGame:
    """An n-player game in strategic (normal) form.

    Parameters
    ----------
    payoffs : sequence of array_like, or array_like
        Either one array per player, each of shape ``(m_0, ..., m_{n-1})``
        (the number of actions of each player), or a single array of shape
        ``(m_0, ..., m_{n-1}, n)`` whose last axis runs over players.
    players : sequence of str, optional
        Player names; default ``("Row", "Column")`` for two players, else
        ``"Player 1"``, ``"Player 2"``, ...
    actions : sequence of sequence of str, optional
        Action labels for each player; default ``"A1"``, ``"A2"``, ... for the
        first player, ``"B1"``, ... for the second, and so on.
    exact : bool, optional
        ``True`` stores payoffs as :class:`~fractions.Fraction` (floats are read
        through their shortest decimal form, so ``0.1`` is ``1/10``);
        ``False`` stores ``float64``; ``None`` (default) is exact when every
        payoff is an int or a fraction and float otherwise.
    title : str, optional
        A name for the game, used in renderings.

    Raises
    ------
    ValueError
        On shape mismatches, empty action sets, NaN or infinite payoffs,
        duplicate or missing labels.
    TypeError
        On non-numeric payoffs.

    Examples
    --------
    >>> g = NormalFormGame.from_bimatrix([[3, 0], [5, 1]], [[3, 5], [0, 1]],
    ...                                  actions=(["C", "D"], ["C", "D"]))
    >>> g.shape
    (2, 2)
    >>> g.is_exact
    True
    >>> g.payoff_profile(("D", "D"))
    (Fraction(1, 1), Fraction(1, 1))
    """

    __slots__ = ("_payoffs", "_players", "_actions", "_title", "_exact", "_scale", "_float", "_ranges", "__weakref__")

    def __init__(self, payoffs, players=None, actions=None, *, exact: bool | None = None, title: str = ""):
        arrays = self._payoff_arrays(payoffs)
        n_players = len(arrays)
        shape = arrays[0].shape
        if n_players < 1:
            raise ValueError("a game needs at least one player")
        if len(shape) != n_players:
            raise ValueError(
                f"payoff arrays have {len(shape)} axes but there are {n_players} players: "
                "each player's array must have one axis per player"
            )
        for i, array in enumerate(arrays):
            if array.shape != shape:
                raise ValueError(
                    f"payoff array of player {i} has shape {array.shape}, expected {shape} "
                    "(the same shape for every player)"
                )
        if any(m == 0 for m in shape):
            empty = [i for i, m in enumerate(shape) if m == 0]
            raise ValueError(f"player(s) {empty} have no actions: every player needs at least one action")

        players = _default_players(n_players) if players is None else _check_labels(players, n_players, "players")
        if actions is None:
            actions = _default_actions(shape)
        else:
            if isinstance(actions, str) or not isinstance(actions, Sequence) or len(actions) != n_players:
                raise ValueError(f"actions must give one list of labels per player ({n_players} players), got {actions!r}")
            actions = tuple(
                _check_labels(labels, m, f"actions of player {players[i]!r}")
                for i, (labels, m) in enumerate(zip(actions, shape))
            )

        if exact is None:
            exact = all(
                np.issubdtype(array.dtype, np.integer)
                or array.dtype == object and all(is_exact_scalar(v) for v in array.ravel())
                for array in arrays
            )
        stored = []
        for i, array in enumerate(arrays):
            stored.append(self._convert(array, exact, players[i], players, actions))
        for array in stored:
            array.setflags(write=False)
        self._payoffs = tuple(stored)
        self._players = players
        self._actions = actions
        self._title = str(title)
        self._exact = bool(exact)
        self._scale = None
        self._float = None
        self._ranges = None

    # ----------------------------------------------------------------- input
    @staticmethod
    def _payoff_arrays(payoffs) -> list[np.ndarray]:
        if isinstance(payoffs, np.ndarray) or not isinstance(payoffs, (list, tuple)):
            array = np.asarray(payoffs, dtype=object if not isinstance(payoffs, np.ndarray) else None)
            if array.ndim < 2:
                raise ValueError(
                    "a single payoff array must have shape (m_0, ..., m_{n-1}, n) with the last axis over players, "
                    f"got shape {array.shape}"
                )
            return [np.asarray(array[..., i]) for i in range(array.shape[-1])]
        arrays = []
        for i, entry in enumerate(payoffs):
            try:
                array = np.asarray(entry) if isinstance(entry, np.ndarray) else np.array(entry, dtype=object)
            except ValueError as error:
                raise ValueError(f"payoffs of player {i} are not a rectangular array: {error}") from None
            if array.dtype == object and array.ndim > 0:
                # Ragged nested lists produce object arrays of lists.
                if any(isinstance(v, (list, tuple, np.ndarray)) for v in array.ravel()):
                    raise ValueError(f"payoffs of player {i} are not a rectangular array")
            arrays.append(array)
        if not arrays:
            raise ValueError("a game needs at least one player")
        return arrays

    @staticmethod
    def _convert(array: np.ndarray, exact: bool, player: str, players, actions) -> np.ndarray:
        def where(index) -> str:
            labels = ", ".join(actions[k][a] for k, a in enumerate(index))
            return f"payoff for player {player!r} at ({labels})"

        if exact:
            out = np.empty(array.shape, dtype=object)
            for index in np.ndindex(array.shape):
                try:
                    out[index] = to_fraction(array[index])
                except (TypeError, ValueError):
                    out[index] = to_fraction(array[index], what=where(index))  # raises, naming the place
            return out
        out = np.empty(array.shape, dtype=float)
        for index in np.ndindex(array.shape) if array.dtype == object else ():
            value = array[index]
            if isinstance(value, (bool, np.bool_)):
                raise TypeError(f"{where(index)} is the boolean {value!r}, expected a number")
            if not isinstance(value, numbers.Real) and not is_exact_scalar(value):
                try:
                    value = float(value)
                except (TypeError, ValueError):
                    raise TypeError(f"{where(index)} is not a number: {array[index]!r}") from None
            try:
                out[index] = float(value)
            except OverflowError:
                text = str(value)
                shown = text if len(text) <= 40 else f"{text[:20]}... ({len(text)} characters)"
                raise ValueError(f"{where(index)} is too large for floating point: {shown}") from None
        if array.dtype != object:
            if array.dtype == bool or not (np.issubdtype(array.dtype, np.number)):
                raise TypeError(f"payoffs of player {player!r} must be numbers, got dtype {array.dtype}")
            if np.iscomplexobj(array):
                raise TypeError(f"payoffs of player {player!r} must be real numbers")
            out[...] = array
        bad = ~np.isfinite(out)
        if bad.any():
            index = tuple(int(k) for k in np.argwhere(bad)[0])
            raise ValueError(f"{where(index)} is {out[index]}, expected a finite number")
        return out

    # ---------------------------------------------------- named constructors
    @classmethod
    def from_bimatrix(cls, row_payoffs, column_payoffs=None, *, players=None, actions=None, exact=None, title=""):
        """Two-player game from the row player's matrix ``A`` and the column player's ``B``.

        ``column_payoffs=None`` gives the zero-sum game ``B = -A``.
        """
        if (type(row_payoffs) is np.ndarray and type(column_payoffs) is np.ndarray
                and row_payoffs.dtype == _FLOAT == column_payoffs.dtype and row_payoffs.ndim == 2
                and row_payoffs.shape == column_payoffs.shape and row_payoffs.size
                and players is None and actions is None and not exact):
            game = cls._from_float_matrices(row_payoffs, column_payoffs, title)
            if game is not None:
                return game
        row = np.array(row_payoffs, dtype=object) if not isinstance(row_payoffs, np.ndarray) else row_payoffs
        if row.ndim != 2:
            raise ValueError(f"row_payoffs must be a matrix (2 axes), got shape {row.shape}")
        if column_payoffs is None:
            column = -row if row.dtype != object else np.vectorize(lambda v: -v, otypes=[object])(row)
        else:
            column = (
                np.array(column_payoffs, dtype=object) if not isinstance(column_payoffs, np.ndarray) else column_payoffs
            )
        if column.shape != row.shape:
            raise ValueError(
                f"column_payoffs has shape {column.shape} but row_payoffs has shape {row.shape}: "
                "both matrices are (row actions x column actions)"
            )
        return cls([row, column], players=players, actions=actions, exact=exact, title=title)

    @classmethod
    def _from_float_matrices(cls, row: np.ndarray, column: np.ndarray, title) -> "NormalFormGame | None":
        """:meth:`from_bimatrix` of two finite ``float64`` matrices with default labels, in a few array operations.

        Returns ``None`` when some payoff may be NaN or infinite: the
        constructor then finds it and names it.
        """
        if row.size <= _SMALL_MATRIX:
            arrays = (np.array(row, dtype=float), np.array(column, dtype=float))
            # On Python floats, which costs less than numpy's reductions of a small matrix. The sum is
            # finite when every payoff is (NaN and infinities propagate); a sum that overflows (payoffs
            # near the float limit) has its payoffs checked one by one.
            ranges = []
            for array in arrays:
                flat = array.ravel().tolist()
                if not _finite(sum(flat)) and not all(map(_finite, flat)):
                    return None
                ranges.append((min(flat), max(flat)))
            ranges = tuple(ranges)
        else:
            # One copy of both matrices, and each player's extremes in one reduction per kind. The extremes
            # propagate NaN and show infinities, so finite extremes mean finite payoffs.
            both = np.array((row, column), dtype=float)
            lows, highs = _min(both, axis=(1, 2)).tolist(), _max(both, axis=(1, 2)).tolist()
            if not all(map(_finite, lows + highs)):
                return None
            ranges = tuple(zip(lows, highs))
            arrays = (both[0], both[1])
        # The extremes are kept: the payoff scale and every float solver's normalisation need them.
        game = object.__new__(cls)
        for array in arrays:
            array.setflags(write=False)
        game._payoffs = arrays
        game._players = ("Row", "Column")
        game._actions = _default_actions(row.shape)
        game._title = str(title)
        game._exact = False
        game._scale = None
        game._float = None
        game._ranges = ranges
        return game

    @classmethod
    def from_function(
        cls,
        payoff: Callable[..., Sequence],
        actions: Sequence[Sequence[str]],
        *,
        players=None,
        exact=None,
        title="",
    ):
        """Game whose payoffs are ``payoff(*labels)`` at each action profile.

        ``payoff`` receives one action label per player and returns one payoff
        per player.
        """
        actions = tuple(tuple(a) for a in actions)
        shape = tuple(len(a) for a in actions)
        n = len(actions)
        arrays = [np.empty(shape, dtype=object) for _ in range(n)]
        for index in itertools.product(*(range(m) for m in shape)):
            labels = tuple(actions[k][a] for k, a in enumerate(index))
            values = payoff(*labels)
            if isinstance(values, (str, bytes)) or not isinstance(values, Sequence | np.ndarray) or len(values) != n:
                raise ValueError(f"payoff{labels} must return {n} payoffs (one per player), got {values!r}")
            for i in range(n):
                arrays[i][index] = values[i]
        return cls(arrays, players=players, actions=actions, exact=exact, title=title)

    @classmethod
    def from_symmetric_counts(
        cls,
        n_players: int,
        actions: Sequence[str],
        payoff: Callable[[str, dict[str, int]], object],
        *,
        players=None,
        exact=None,
        title="",
    ):
        """Symmetric n-player game given by counts.

        ``payoff(my_action, others)`` is the payoff of a player who plays
        ``my_action`` while ``others[a]`` of the other ``n_players - 1`` players
        play ``a``. This is how games like the volunteer's dilemma are stated
        for any number of allies.
        """
        if not isinstance(n_players, numbers.Integral) or isinstance(n_players, bool) or n_players < 1:
            raise ValueError(f"n_players must be a positive integer, got {n_players!r}")
        actions = tuple(actions)
        n_players = int(n_players)
        shape = (len(actions),) * n_players
        cache: dict = {}
        arrays = [np.empty(shape, dtype=object) for _ in range(n_players)]
        for index in itertools.product(range(len(actions)), repeat=n_players):
            for i in range(n_players):
                others = [0] * len(actions)
                for k, a in enumerate(index):
                    if k != i:
                        others[a] += 1
                key = (index[i], tuple(others))
                if key not in cache:
                    cache[key] = payoff(actions[index[i]], dict(zip(actions, others)))
                arrays[i][index] = cache[key]
        return cls(arrays, players=players, actions=(actions,) * n_players, exact=exact, title=title)

    @classmethod
    def from_nashpy(cls, game, *, players=None, actions=None, exact=None, title=""):
        """Convert a :class:`nashpy.Game` (two-player) into a game of this toolkit."""
        matrices = getattr(game, "payoff_matrices", None)
        if matrices is None or len(matrices) != 2:
            raise TypeError(f"expected a nashpy.Game, got {type(game).__name__}")
        return cls.from_bimatrix(matrices[0], matrices[1], players=players, actions=actions, exact=exact, title=title)

    def to_nashpy(self):
        """The same two-player game as a :class:`nashpy.Game` (float payoffs)."""
        import nashpy

        row, column = self.bimatrix()
        return nashpy.Game(np.asarray(row, dtype=float), np.asarray(column, dtype=float))

    # ----------------------------------------------------------- properties
    @property
    def payoffs(self) -> tuple[np.ndarray, ...]:
        """One read-only payoff array per player, indexed by action profile."""
        return self._payoffs

    @property
    def players(self) -> tuple[str, ...]:
        return self._players

    @property
    def actions(self) -> tuple[tuple[str, ...], ...]:
        return self._actions

    @property
    def title(self) -> str:
        return self._title

    @property
    def is_exact(self) -> bool:
        """True when payoffs are exact fractions."""
        return self._exact

    @property
    def n_players(self) -> int:
        return len(self._players)

    @property
    def shape(self) -> tuple[int, ...]:
        """Number of actions of each player."""
        return self._payoffs[0].shape

    @property
    def payoff_scale(self) -> float:
        """Largest absolute payoff (at least 1); tolerances are scaled by it."""
        if self._scale is None:
            self._scale = max([1.0] + [max(high, -low) for low, high in self.payoff_ranges()])
        return self._scale

    def payoff_ranges(self) -> tuple[tuple[float, float], ...]:
        """Each player's lowest and highest payoff, as floats.

        Examples
        --------
        >>> NormalFormGame.from_bimatrix([[3, 0], [5, 1]], [[3, 5], [0, 1]]).payoff_ranges()
        ((0.0, 5.0), (0.0, 5.0))
        """
        if self._ranges is None:
            self._ranges = tuple((float(_min(p, axis=None)), float(_max(p, axis=None))) for p in self.float_payoffs())
        return self._ranges

    def float_payoffs(self) -> tuple[np.ndarray, ...]:
        """The payoff arrays as read-only ``float64`` (the arrays themselves for a float game)."""
        if self._float is None:
            if self._exact:
                arrays = tuple(self._as_floats(i) for i in range(self.n_players))
                for array in arrays:
                    array.setflags(write=False)
                self._float = arrays
            else:
                self._float = self._payoffs
        return self._float

    def _as_floats(self, player: int) -> np.ndarray:
        """An exact player's payoffs as ``float64``; a payoff beyond the float range is named in a ValueError."""
        try:
            return np.asarray(self._payoffs[player], dtype=float)
        except OverflowError:
            for index in np.ndindex(self.shape):
                value = self._payoffs[player][index]
                try:
                    float(value)
                except OverflowError:
                    labels = ", ".join(self._actions[k][a] for k, a in enumerate(index))
                    text = str(value)
                    shown = text if len(text) <= 40 else f"{text[:20]}... ({len(text)} characters)"
                    raise ValueError(f"payoff for player {self._players[player]!r} at ({labels}) is too large for "
                                     f"floating point: {shown} (solve the game with exact=True)") from None
            raise

    def tolerance(self, tol: float | None = None) -> float:
        """Absolute payoff tolerance for this game (``tol`` scaled by :attr:`payoff_scale`)."""
        return scaled_tolerance(tol, self.payoff_scale)

    # -------------------------------------------------------------- copies
    def replace(self, *, players=None, actions=None, title=None) -> "NormalFormGame":
        """A copy with new labels or title (payoffs unchanged)."""
        return NormalFormGame(
            self._payoffs,
            players=self._players if players is None else players,
            actions=self._actions if actions is None else actions,
            exact=self._exact,
            title=self._title if title is None else title,
        )

    def as_exact(self) -> "NormalFormGame":
        """The game with exact (Fraction) payoffs; floats are read as decimals."""
        if self._exact:
            return self
        return NormalFormGame(self._payoffs, self._players, self._actions, exact=True, title=self._title)

    def as_float(self) -> "NormalFormGame":
        """The game with float payoffs."""
        if not self._exact:
            return self
        return NormalFormGame(
            [np.asarray(p, dtype=float) for p in self._payoffs], self._players, self._actions, exact=False, title=self._title
        )

    def normalized(self) -> "NormalFormGame":
        """The float game with each player's payoffs mapped affinely onto [0, 1].

        Positive affine changes of one player's payoffs leave every
        equilibrium unchanged, so float solvers work on this game: their
        tolerance then means the same for every player, however different the
        players' payoff scales or offsets (a player whose payoffs are all
        equal gets zeros).

        Examples
        --------
        >>> g = NormalFormGame.from_bimatrix([[3e9, 0], [5e9, 1e9]], [[3, 5], [0, 1]])
        >>> g.normalized().payoffs[0].tolist()
        [[0.6, 0.0], [1.0, 0.2]]
        """
        arrays = [onto_unit_interval(values, low, high)
                  for values, (low, high) in zip(self.float_payoffs(), self.payoff_ranges())]
        return self._from_checked(arrays, exact=False)

    def _from_checked(self, arrays, *, exact: bool) -> "NormalFormGame":
        """A game with this game's labels and the given payoff arrays, which are known to be valid.

        Skips the validation of the constructor: for arrays derived from this
        game's own (already validated) payoffs, e.g. an affine map of them.
        """
        game = object.__new__(NormalFormGame)
        for array in arrays:
            array.setflags(write=False)
        game._payoffs = tuple(arrays)
        game._players = self._players
        game._actions = self._actions
        game._title = self._title
        game._exact = exact
        game._scale = None
        game._float = None
        game._ranges = None
        return game

    def bimatrix(self) -> tuple[np.ndarray, np.ndarray]:
        """``(A, B)``: the row and column players' payoff matrices of a two-player game."""
        if self.n_players != 2:
            raise ValueError(f"bimatrix() needs a two-player game, this one has {self.n_players} players")
        return self._payoffs[0], self._payoffs[1]

    def restrict(self, kept: Sequence[Sequence[int]]) -> "NormalFormGame":
        """The subgame where player ``i`` keeps only the actions ``kept[i]`` (indices)."""
        if len(kept) != self.n_players:
            raise ValueError(f"restrict() needs one list of kept actions per player ({self.n_players})")
        kept = [sorted(set(int(a) for a in k)) for k in kept]
        for i, k in enumerate(kept):
            if not k:
                raise ValueError(f"player {self._players[i]!r} must keep at least one action")
            if k[0] < 0 or k[-1] >= self.shape[i]:
                raise ValueError(f"kept actions {k} out of range for player {self._players[i]!r}")
        grid = np.ix_(*kept)
        return NormalFormGame(
            [p[grid] for p in self._payoffs],
            self._players,
            [[self._actions[i][a] for a in k] for i, k in enumerate(kept)],
            exact=self._exact,
            title=self._title,
        )

    # ------------------------------------------------------------- indexing
    def action_index(self, player: int | str, action: int | str) -> int:
        """Index of ``action`` (label or index) for ``player`` (name or index)."""
        i = self.player_index(player)
        if isinstance(action, str):
            try:
                return self._actions[i].index(action)
            except ValueError:
                raise ValueError(
                    f"player {self._players[i]!r} has no action {action!r}; actions are {list(self._actions[i])}"
                ) from None
        if not isinstance(action, numbers.Integral) or not 0 <= action < self.shape[i]:
            raise ValueError(f"action index {action!r} out of range for player {self._players[i]!r}")
        return int(action)

    def player_index(self, player: int | str) -> int:
        if isinstance(player, str):
            try:
                return self._players.index(player)
            except ValueError:
                raise ValueError(f"no player {player!r}; players are {list(self._players)}") from None
        if not isinstance(player, numbers.Integral) or not 0 <= player < self.n_players:
            raise ValueError(f"player index {player!r} out of range (0..{self.n_players - 1})")
        return int(player)

    def payoff_profile(self, profile: Sequence[int | str]) -> tuple:
        """Payoffs of all players at a pure profile (labels or indices)."""
        if len(profile) != self.n_players:
            raise ValueError(f"a profile names one action per player ({self.n_players}), got {profile!r}")
        index = tuple(self.action_index(i, a) for i, a in enumerate(profile))
        return tuple(p[index] for p in self._payoffs)

    # ------------------------------------------------------ mixed strategies
    def check_strategies(self, strategies, *, tol: float | None = None) -> tuple[np.ndarray, ...]:
        """Validate a mixed-strategy profile and return it as arrays.

        Exact games keep exact (Fraction) probabilities when given exact
        values; floats are accepted within ``tol`` of the simplex.
        """
        if len(strategies) != self.n_players:
            raise ValueError(f"a strategy profile has one strategy per player ({self.n_players}), got {len(strategies)}")
        checked = []
        slack = scaled_tolerance(tol, 1.0)
        for i, strategy in enumerate(strategies):
            if isinstance(strategy, np.ndarray) and strategy.dtype.kind == "f" and strategy.shape == (self.shape[i],):
                # Fast path for solver output: float vectors of the right length.
                if not np.all(np.isfinite(strategy)) or strategy.min() < -slack or abs(strategy.sum() - 1) > slack * strategy.size:
                    raise ValueError(f"strategy of player {self._players[i]!r} is not a probability vector: {strategy.tolist()}")
                checked.append(strategy)
                continue
            values = list(np.asarray(strategy, dtype=object).ravel())
            if len(values) != self.shape[i]:
                raise ValueError(
                    f"strategy of player {self._players[i]!r} has {len(values)} probabilities, "
                    f"expected {self.shape[i]} (one per action)"
                )
            if all(is_exact_scalar(v) for v in values):
                array = exact_array(values, what=f"probability of player {self._players[i]!r}")
                if any(v < 0 for v in array) or sum(array) != 1:
                    raise ValueError(f"strategy of player {self._players[i]!r} is not a probability vector: {values}")
            else:
                array = np.asarray(values, dtype=float)
                if not np.all(np.isfinite(array)) or np.any(array < -slack) or abs(array.sum() - 1) > slack * len(array):
                    raise ValueError(f"strategy of player {self._players[i]!r} is not a probability vector: {values}")
            checked.append(array)
        return tuple(checked)

    def deviation_payoffs(self, player: int, strategies: Sequence[np.ndarray]) -> np.ndarray:
        """Payoff of each pure action of ``player`` against the others' mixed strategies."""
        array = self._payoffs[player]
        exact = self._exact and all(s.dtype == object for s in strategies)
        if not exact:
            array = self.float_payoffs()[player]
            strategies = [np.asarray(s, dtype=float) for s in strategies]
            if self.n_players == 2:
                return array @ strategies[1] if player == 0 else strategies[0] @ array
        # Contract the other players' axes from the last to the first so axis
        # numbers stay valid.
        for k in reversed(range(self.n_players)):
            if k == player:
                continue
            array = np.tensordot(array, strategies[k], axes=([k], [0]))
        return array

    def expected_payoffs(self, strategies) -> tuple:
        """Each player's expected payoff under a mixed-strategy profile."""
        strategies = self.check_strategies(strategies)
        return tuple(self.deviation_payoffs(i, strategies).dot(strategies[i]) for i in range(self.n_players))

    def regrets(self, strategies) -> tuple:
        """Each player's gain from the best unilateral deviation (0 at an equilibrium)."""
        strategies = self.check_strategies(strategies)
        result = []
        for i in range(self.n_players):
            values = self.deviation_payoffs(i, strategies)
            if values.dtype == object:
                result.append(max(values) - values.dot(strategies[i]))
            else:
                # On Python floats: a gain beyond the largest float (payoffs near the float limit) is inf,
                # without numpy's overflow warning.
                result.append(np.float64(float(max(values)) - float(values.dot(strategies[i]))))
        return tuple(result)

    def best_responses(self, player: int | str, strategies, *, tol: float | None = None) -> tuple[int, ...]:
        """Indices of ``player``'s pure best responses to the others' strategies in ``strategies``."""
        i = self.player_index(player)
        strategies = self.check_strategies(strategies)
        values = self.deviation_payoffs(i, strategies)
        best = max(values)
        if values.dtype == object:
            return tuple(int(a) for a in range(len(values)) if values[a] == best)
        slack = self.tolerance(tol)
        return tuple(int(a) for a in np.flatnonzero(values >= best - slack))

    def pure_best_response_mask(self, player: int, *, tol: float | None = None) -> np.ndarray:
        """Boolean array over profiles: is ``player``'s action a best response to the others' actions?"""
        array = self._payoffs[player]
        best = array.max(axis=player, keepdims=True)
        if self._exact:
            return np.asarray(array == best, dtype=bool)
        # The player's own payoff spread sets the slack, so another player's
        # large numbers (or a common offset) never loosen this check.
        spread = payoff_spread(float(array.min()), float(array.max()))
        return array >= best - scaled_tolerance(tol, spread)

    # --------------------------------------------------------------- output
    def to_text(self, *, mark_best_responses: bool = True, digits: int = 4) -> str:
        """Terminal rendering; see :func:`game_table`."""
        return game_table(self, mark_best_responses=mark_best_responses, digits=digits)

    def __str__(self) -> str:
        return self.to_text()

    def _repr_html_(self) -> str:
        """Jupyter's display: an HTML table with best responses marked (:func:`gametheory.display.game_html`)."""
        from ..display import game_html

        return game_html(self)

    def __repr__(self) -> str:
        kind = "exact" if self._exact else "float"
        title = f" {self._title!r}" if self._title else ""
        return f"<NormalFormGame{title}: {self.n_players} players {list(self._players)}, shape {self.shape}, {kind}>"

    def __eq__(self, other) -> bool:
        if not isinstance(other, NormalFormGame):
            return NotImplemented
        return (
            self._players == other._players
            and self._actions == other._actions
            and self._exact == other._exact
            and all(np.array_equal(a, b) for a, b in zip(self._payoffs, other._payoffs))
        )

    def __hash__(self) -> int:
        return hash((self._players, self._actions, self._exact, tuple((p + 0.0).tobytes() if p.dtype != object else tuple(p.ravel()) for p in self._payoffs)))


# -------------------------------------------------------------- rendering
BEST_RESPONSE_MARK = "*"


def _grid(rows: list[list[str]]) -> str:
    widths = [max(len(row[k]) for row in rows) for k in range(len(rows[0]))]
    lines = []
    for r, row in enumerate(rows):
        cells = [row[0].ljust(widths[0])] + [cell.center(widths[k]) for k, cell in enumerate(row[1:], 1)]
        lines.append(" | ".join(cells).rstrip())
        if r == 0:
            lines.append("-+-".join("-" * w for w in widths))
    return "\n".join(lines)


def game_table(game: NormalFormGame, *, mark_best_responses: bool = True, digits: int = 4) -> str:
    """Render a game as payoff tables, best responses marked with ``*``.

    Two-player games print one bimatrix (row player's payoff first in each
    cell). With more players, one table of the first two players' payoffs
    is printed for each combination of the other players' actions.

    Examples
    --------
    >>> g = NormalFormGame.from_bimatrix([[3, 0], [5, 1]], [[3, 5], [0, 1]],
    ...                                  players=("Ally", "Partner"), actions=(["C", "D"], ["C", "D"]))
    >>> print(game_table(g))
    Ally \\ Partner |   C   |   D
    ---------------+-------+-------
    C              |  3, 3 | 0, 5*
    D              | 5*, 0 | 1*, 1*
    (* marks a best response to the other players' actions)
    """
    masks = [game.pure_best_response_mask(i) for i in range(game.n_players)] if mark_best_responses else None

    def cell(profile) -> str:
        values = []
        for i, payoffs in enumerate(game.payoffs):
            text = format_value(payoffs[profile], digits=digits)
            if masks is not None and masks[i][profile]:
                text += BEST_RESPONSE_MARK
            values.append(text)
        return ", ".join(values)

    blocks = []
    if game.n_players == 1:
        rows = [[game.players[0], "payoff"]] + [[a, cell((k,))] for k, a in enumerate(game.actions[0])]
        blocks.append(_grid(rows))
    rest = range(2, game.n_players)
    for tail in itertools.product(*(range(game.shape[k]) for k in rest)) if game.n_players > 1 else ():
        header = [f"{game.players[0]} \\ {game.players[1]}"] + list(game.actions[1])
        rows = [header]
        for a, label in enumerate(game.actions[0]):
            rows.append([label] + [cell((a, b) + tail) for b in range(game.shape[1])])
        title = ", ".join(f"{game.players[k]} plays {game.actions[k][t]}" for k, t in zip(rest, tail))
        blocks.append((title + ":\n" if title else "") + _grid(rows))
    text = "\n\n".join(blocks)
    if game.title:
        text = f"{game.title}\n{text}"
    if mark_best_responses:
        text += f"\n({BEST_RESPONSE_MARK} marks a best response to the other players' actions)"
    return text
