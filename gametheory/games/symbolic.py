"""Games whose payoffs are sympy expressions of named parameters.

A :class:`SymbolicGame` is the bridge between a model (a declaration in
``models/``) and the solvers: substituting values gives a
:class:`~gametheory.games.normal_form.NormalFormGame`, keeping the symbols gives closed
forms (see :mod:`gametheory.analysis`), and :meth:`SymbolicGame.payoff_arrays`
evaluates every payoff over whole numpy parameter arrays at once, which is the
fast path for sweeps.

sympy is imported on first use (through :mod:`gametheory._lazy`): building a
symbolic game, substituting into it or compiling it imports sympy, while a
:class:`Parameter` is declared and checks its values without it, so loading a
model and solving its game at a point never pays for sympy's import.
"""

from __future__ import annotations

import math
import numbers
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from fractions import Fraction

import numpy as np

from .normal_form import NormalFormGame
from .._lazy import is_sympy, sympy
from ..numerics import is_exact_scalar, to_fraction

__all__ = ["Parameter", "SymbolicGame", "parameter_columns"]


@dataclass(frozen=True)
class Parameter:
    """A named model parameter.

    Attributes
    ----------
    name : str
        Identifier used in payoff expressions and in ``game(**values)``
        (full words: ``war_cost``, ``threat_level``).
    default : number
        Value used when none is given. Exact (int/Fraction) defaults give
        exact games.
    low, high : number or None
        Inclusive bounds of the allowed range (``None`` = unbounded).
    integer : bool
        Whether the parameter takes integer values only (e.g. number of allies).
    meaning : str
        One line saying what the parameter is, in the field's words.
    symbol : str or None
        The symbol the cited source uses (``"T"``, ``"\\delta"``), for
        renderings; defaults to ``name``.
    """

    name: str
    default: object
    low: object = None
    high: object = None
    integer: bool = False
    meaning: str = ""
    symbol: str | None = None

    def __post_init__(self):
        if not isinstance(self.name, str) or not self.name.isidentifier() or self.name.startswith("_"):
            raise ValueError(f"parameter name {self.name!r} must be an identifier not starting with '_'")
        if self.low is not None and self.high is not None and _as_number(self.low) > _as_number(self.high):
            raise ValueError(f"parameter {self.name!r}: low {self.low} is above high {self.high}")
        self.check(self.default, what="default")

    @property
    def sympy_symbol(self) -> sympy.Symbol:
        """The sympy symbol, with assumptions from the declared range."""
        assumptions = {"integer": True} if self.integer else {"real": True}
        if self.low is not None and _as_number(self.low) >= 0:
            assumptions["nonnegative"] = True
            if _as_number(self.low) > 0:
                assumptions["positive"] = True
        if self.high is not None and _as_number(self.high) <= 0:
            assumptions["nonpositive"] = True
            if _as_number(self.high) < 0:
                assumptions["negative"] = True
        return sympy.Symbol(self.name, **assumptions)

    def bounds_text(self) -> str:
        low = "-inf" if self.low is None else str(self.low)
        high = "inf" if self.high is None else str(self.high)
        return f"[{low}, {high}]" + (" (integer)" if self.integer else "")

    def check(self, value, *, what: str = "value"):
        """Validate ``value`` for this parameter and return it (int, Fraction or float)."""
        if isinstance(value, (bool, np.bool_)) or not (isinstance(value, numbers.Real) or is_exact_scalar(value)):
            if isinstance(value, str):
                try:
                    value = to_fraction(value, what=f"{what} of parameter {self.name!r}")
                except (TypeError, ValueError):
                    raise ValueError(f"{what} of parameter {self.name!r} must be a number, got {value!r}") from None
            else:
                raise TypeError(f"{what} of parameter {self.name!r} must be a number, got {value!r}")
        number = _as_number(value)
        if isinstance(number, float) and not math.isfinite(number):
            raise ValueError(f"{what} of parameter {self.name!r} is {number}, expected a finite number")
        if self.integer and number != int(number):
            raise ValueError(f"{what} of parameter {self.name!r} must be an integer, got {value!r}")
        if (self.low is not None and number < _as_number(self.low)) or (
            self.high is not None and number > _as_number(self.high)
        ):
            raise ValueError(
                f"{what} of parameter {self.name!r} is {value}, outside its range {self.bounds_text()}"
            )
        return int(number) if self.integer else number


def _as_number(value):
    """int, Fraction or float for any real scalar (sympy numbers included)."""
    if isinstance(value, (int, Fraction)) and not isinstance(value, bool):
        return value
    if is_exact_scalar(value):
        return to_fraction(value)
    if isinstance(value, numbers.Real):
        return float(value)
    # is_sympy first: isinstance(value, sympy.Basic) alone would import sympy
    # for every plain number; a sympy value means sympy is loaded already.
    if is_sympy(value) and isinstance(value, sympy.Basic) and value.is_number:
        try:
            return float(value)
        except (TypeError, ValueError, OverflowError):
            raise TypeError(f"expected a real number, got {value!r}") from None
    raise TypeError(f"expected a number, got {value!r}")


class SymbolicGame:
    """A normal-form game whose payoffs are sympy expressions of parameters.

    Parameters
    ----------
    payoffs : sequence of array_like
        One array per player of shape ``(m_0, ..., m_{n-1})`` whose entries
        are sympy expressions (or numbers) in the parameters' symbols.
    parameters : sequence of Parameter
    players, actions, title :
        As for :class:`~gametheory.games.normal_form.NormalFormGame`.

    Examples
    --------
    >>> from gametheory.games.symbolic import Parameter, SymbolicGame
    >>> import sympy
    >>> S = sympy.Symbol("sucker", real=True)
    >>> sg = SymbolicGame([[[4, S], [3, 2]], [[4, 3], [S, 2]]],
    ...                   [Parameter("sucker", 0, low=-5, high=2)])
    >>> sg.game(sucker=1).payoffs[0].tolist()
    [[Fraction(4, 1), Fraction(1, 1)], [Fraction(3, 1), Fraction(2, 1)]]
    >>> [a.shape for a in sg.payoff_arrays(sucker=np.linspace(-5, 2, 7))]
    [(7, 2, 2), (7, 2, 2)]
    """

    def __init__(self, payoffs, parameters: Sequence[Parameter] = (), players=None, actions=None, *, title: str = ""):
        parameters = tuple(parameters)
        names = [p.name for p in parameters]
        duplicates = sorted({n for n in names if names.count(n) > 1})
        if duplicates:
            raise ValueError(f"duplicate parameter names: {duplicates}")
        self._parameters = parameters
        by_name = {p.name: p.sympy_symbol for p in parameters}
        arrays = []
        for i, entry in enumerate(payoffs):
            array = np.array(entry, dtype=object)
            converted = np.empty(array.shape, dtype=object)
            for index in np.ndindex(array.shape):
                converted[index] = self._expression(array[index], by_name, i, index)
            arrays.append(converted)
        # Shape and label validation is the numeric game's: build a template.
        template = NormalFormGame([np.zeros(a.shape) for a in arrays], players, actions, exact=False, title=title)
        for array in arrays:
            array.setflags(write=False)
        self._payoffs = tuple(arrays)
        self._players = template.players
        self._actions = template.actions
        self._title = title
        self._symbols = by_name
        self._compiled = None

    @staticmethod
    def _expression(value, symbols: Mapping[str, sympy.Symbol], player: int, index) -> sympy.Expr:
        if is_sympy(value) and isinstance(value, sympy.Basic):
            expression = value
        elif isinstance(value, (bool, np.bool_)):
            raise TypeError(f"payoff of player {player} at {index} must be a number or expression, got {value!r}")
        elif isinstance(value, numbers.Real) or is_exact_scalar(value):
            number = _as_number(value)
            if isinstance(number, float) and not math.isfinite(number):
                raise ValueError(f"payoff of player {player} at {index} is {number}")
            return sympy.Rational(number.numerator, number.denominator) if isinstance(number, (int, Fraction)) else sympy.Float(number)
        else:
            raise TypeError(f"payoff of player {player} at {index} must be a number or sympy expression, got {value!r}")
        # Rebind same-named symbols to the declared ones (with their assumptions).
        replacements = {}
        for free in expression.free_symbols:
            if free.name not in symbols:
                raise ValueError(
                    f"payoff of player {player} at {index} uses {free.name!r}, which is not a declared parameter "
                    f"(parameters: {sorted(symbols)})"
                )
            if free != symbols[free.name]:
                replacements[free] = symbols[free.name]
        return expression.xreplace(replacements) if replacements else expression

    # ----------------------------------------------------------- properties
    @property
    def payoffs(self) -> tuple[np.ndarray, ...]:
        return self._payoffs

    @property
    def parameters(self) -> tuple[Parameter, ...]:
        return self._parameters

    @property
    def symbols(self) -> dict[str, sympy.Symbol]:
        """``{name: sympy.Symbol}`` for every parameter."""
        return dict(self._symbols)

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
    def shape(self) -> tuple[int, ...]:
        return self._payoffs[0].shape

    @property
    def n_players(self) -> int:
        return len(self._players)

    def parameter(self, name: str) -> Parameter:
        for p in self._parameters:
            if p.name == name:
                return p
        raise ValueError(f"unknown parameter {name!r}; parameters are {[p.name for p in self._parameters]}")

    # -------------------------------------------------------- substitution
    def values(self, **values) -> dict[str, object]:
        """Complete, validated parameter values: defaults filled in, unknown names rejected."""
        known = {p.name: p for p in self._parameters}
        unknown = sorted(set(values) - set(known))
        if unknown:
            raise ValueError(f"unknown parameter(s) {unknown}; parameters are {sorted(known)}")
        return {name: p.check(values.get(name, p.default)) for name, p in known.items()}

    def game(self, *, exact: bool | None = None, **values) -> NormalFormGame:
        """The numeric game at the given parameter values (defaults for the rest).

        Exact (Fraction) payoffs when every value is exact and every payoff
        evaluates to a rational number, unless ``exact`` says otherwise.
        """
        checked = self.values(**values)
        substitution = {
            self._symbols[name]: (sympy.Rational(v.numerator, v.denominator) if isinstance(v, (int, Fraction)) else sympy.Float(v))
            for name, v in checked.items()
        }
        arrays = []
        all_rational = True
        for i, array in enumerate(self._payoffs):
            out = np.empty(array.shape, dtype=object)
            for index in np.ndindex(array.shape):
                value = array[index].xreplace(substitution) if substitution else array[index]
                if not value.is_number or value.has(sympy.nan, sympy.zoo, sympy.oo, -sympy.oo):
                    labels = ", ".join(self._actions[k][a] for k, a in enumerate(index))
                    raise ValueError(
                        f"payoff for player {self._players[i]!r} at ({labels}) is undefined at {checked}: {value}"
                    )
                if value.is_Rational:
                    out[index] = Fraction(int(value.p), int(value.q))
                else:
                    all_rational = False
                    try:
                        out[index] = float(value)
                    except (OverflowError, TypeError):
                        labels = ", ".join(self._actions[k][a] for k, a in enumerate(index))
                        raise ValueError(
                            f"payoff for player {self._players[i]!r} at ({labels}) is too large for floating point "
                            f"at {checked}"
                        ) from None
            arrays.append(out)
        if exact is None:
            exact = all_rational
        if not exact:
            arrays = [np.asarray(a, dtype=float) for a in arrays]
        return NormalFormGame(arrays, self._players, self._actions, exact=exact, title=self._title)

    def substitute(self, **values) -> "SymbolicGame":
        """A symbolic game with some parameters fixed (and removed)."""
        known = {p.name: p for p in self._parameters}
        unknown = sorted(set(values) - set(known))
        if unknown:
            raise ValueError(f"unknown parameter(s) {unknown}; parameters are {sorted(known)}")
        substitution = {}
        for name, value in values.items():
            v = known[name].check(value)
            substitution[self._symbols[name]] = (
                sympy.Rational(v.numerator, v.denominator) if isinstance(v, (int, Fraction)) else sympy.Float(v)
            )
        payoffs = [np.vectorize(lambda e: e.xreplace(substitution), otypes=[object])(a) for a in self._payoffs]
        remaining = [p for p in self._parameters if p.name not in values]
        return SymbolicGame(payoffs, remaining, self._players, self._actions, title=self._title)

    # ------------------------------------------------------- array evaluation
    def _compiled_function(self):
        if self._compiled is None:
            expressions = [e for array in self._payoffs for e in array.ravel()]
            ordered = [self._symbols[p.name] for p in self._parameters]
            # dummify: a parameter named like a numpy function ("select", "where")
            # must not shadow the names the generated code calls.
            self._compiled = sympy.lambdify(ordered, expressions, modules="numpy", dummify=True)
        return self._compiled

    def payoff_arrays(self, **arrays) -> tuple[np.ndarray, ...]:
        """Every payoff over whole arrays of parameter values, in one vectorised pass.

        Parameters not given take their defaults. The arrays broadcast
        against each other; the result has one float array per player of
        shape ``broadcast_shape + game.shape``.

        Raises
        ------
        ValueError
            On unknown parameter names, non-finite values or values outside
            a parameter's declared range (the first offending value is named).
        """
        columns, batch_shape = parameter_columns(self._parameters, arrays)
        with np.errstate(all="ignore"):
            values = self._compiled_function()(*columns)
        result = []
        k = 0
        for array in self._payoffs:
            size = array.size
            entries = [np.broadcast_to(np.asarray(v, dtype=float), batch_shape) for v in values[k : k + size]]
            k += size
            stacked = np.stack(entries, axis=-1).reshape(batch_shape + array.shape)
            if not np.all(np.isfinite(stacked)):
                where = np.argwhere(~np.isfinite(stacked))[0]
                raise ValueError(f"payoff of player {self._players[len(result)]!r} is not finite at index {tuple(where)}")
            result.append(stacked)
        return tuple(result)

    def __getstate__(self):
        # The lambdified function is generated code and cannot be pickled;
        # worker processes of a sweep compile their own on first use.
        state = self.__dict__.copy()
        state["_compiled"] = None
        return state

    def __repr__(self) -> str:
        names = [p.name for p in self._parameters]
        return f"<SymbolicGame {self._title!r}: players {list(self._players)}, shape {self.shape}, parameters {names}>"


def parameter_columns(parameters: Sequence[Parameter], arrays: Mapping[str, object]):
    """Checked float arrays of every parameter, broadcast to one shape, for compiled functions.

    Parameters not in ``arrays`` take their defaults. Returns ``(columns,
    shape)`` with one full-shape array per parameter in declaration order.

    Raises
    ------
    ValueError
        On unknown names, non-finite values and values outside a parameter's
        range (naming the parameter and the first offending value).
    """
    known = {p.name: p for p in parameters}
    unknown = sorted(set(arrays) - set(known))
    if unknown:
        raise ValueError(f"unknown parameter(s) {unknown}; parameters are {sorted(known)}")
    columns = []
    for p in parameters:
        if p.name in arrays:
            value = arrays[p.name]
            try:
                if isinstance(value, str):
                    value = float(to_fraction(value, what=f"value of parameter {p.name!r}"))
                column = np.asarray(value, dtype=float)
            except (TypeError, ValueError):
                raise ValueError(f"parameter {p.name!r} must be given numbers, got {value!r}") from None
            _check_array(p, column)
        else:
            column = np.asarray(float(p.default))
        columns.append(column)
    shape = np.broadcast_shapes(*(c.shape for c in columns)) if columns else ()
    # Full-shape inputs: numpy's logical reductions (min, max, piecewise
    # conditions) do not broadcast a scalar against an array.
    return [np.broadcast_to(c, shape) for c in columns], shape


def _check_array(parameter: Parameter, column: np.ndarray) -> None:
    if not np.all(np.isfinite(column)):
        raise ValueError(f"parameter {parameter.name!r} has non-finite values")
    if parameter.low is not None and np.any(column < float(parameter.low)):
        bad = column[column < float(parameter.low)].flat[0]
        raise ValueError(f"parameter {parameter.name!r} value {bad} is below its range {parameter.bounds_text()}")
    if parameter.high is not None and np.any(column > float(parameter.high)):
        bad = column[column > float(parameter.high)].flat[0]
        raise ValueError(f"parameter {parameter.name!r} value {bad} is above its range {parameter.bounds_text()}")
    if parameter.integer and np.any(column != np.round(column)):
        raise ValueError(f"parameter {parameter.name!r} takes integer values only")
