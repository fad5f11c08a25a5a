"""n-player games with continuous actions on intervals, solved by best-response iteration.

Player ``i`` chooses a number ``x_i`` in ``[low_i, high_i]`` (a contribution to
a public good, a quantity, a level of spending); payoffs are any function of
the action vector, given as a Python callable or as sympy expressions of named
action symbols. A best response is found by bounded scalar maximisation with a
grid safeguard against local optima, or, for symbolic payoffs, from the
first-order condition (every stationary point plus the interval's ends).
:func:`best_response_iteration` looks for a Nash equilibrium by Gauss-Seidel or
Jacobi iteration, optionally damped, and certifies what it returns: each
player's regret (the best payoff over its whole interval, found by a global
search, minus its payoff at the point). A point whose regret exceeds the
tolerance is reported as such, never as an equilibrium.

References
----------
Bergstrom, T., Blume, L. and Varian, H. (1986). On the private provision of
public goods. *Journal of Public Economics* 29(1), 25-49.
Fudenberg, D. and Levine, D. K. (1998). *The Theory of Learning in Games*.
MIT Press, ch. 2 (best-response dynamics).
"""

from __future__ import annotations

import math
import numbers
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

import numpy as np

from ..numerics import format_value, scaled_tolerance

__all__ = ["ContinuousGame", "AbsentPlayer", "BestResponse", "IterationResult", "best_response",
           "best_response_iteration", "action_regrets"]

#: Grid points used by :func:`best_response` before local refinement.
DEFAULT_GRID = 201

#: Grid points of the global search behind the regret certificate.
CERTIFICATE_GRID = 2001


def _finite_number(value, what: str) -> float:
    if isinstance(value, (bool, np.bool_)) or not isinstance(value, numbers.Real):
        raise TypeError(f"{what} must be a real number, got {type(value).__name__} {value!r}")
    value = float(value)
    if not math.isfinite(value):
        raise ValueError(f"{what} is {value}, expected a finite number")
    return value


@dataclass(frozen=True)
class AbsentPlayer:
    """A player of the model who takes no part in the game at this point.

    A model may declare a player who is present only where a condition on
    the parameters holds (an ally with no income is no ally). Where it is
    absent it has no payoff, no best response and no regret; its action
    variable keeps a fixed value in the other players' payoffs.

    Attributes
    ----------
    name : str
    action : str
        Name of its action variable.
    value : float
        The value its action variable is fixed at.
    """

    name: str
    action: str
    value: float


class ContinuousGame:
    """A game in which each player picks a number from an interval.

    Parameters
    ----------
    players : sequence of str
        Player names.
    bounds : sequence of (low, high)
        Each player's action interval, finite, ``low <= high``.
    payoff : callable or sequence of sympy expressions
        Either a function of the action vector (an ndarray of shape
        ``(n,)``) returning the ``n`` players' payoffs, or one sympy
        expression per player (a sequence in player order, or a mapping
        player -> expression) in the action symbols named by ``actions``.
        Payoffs may be ``-inf`` (e.g. a logarithm at the boundary, read as
        the worst outcome); NaN and ``+inf`` are errors.
    actions : sequence of str or sympy.Symbol, optional
        Names of the action symbols, one per player; required for symbolic
        payoffs. Default for callables: the player names.
    parameters : mapping, optional
        Values substituted for other symbols of symbolic payoffs.
    title : str
    absent : mapping, optional
        Players of the model who are not players of this game, ``{name:
        (action name, fixed value)}`` (see :class:`AbsentPlayer`). They are
        reported (:attr:`absent`, :meth:`action_values`) and never solved
        for; in symbolic payoffs their action symbols take the fixed values.

    Raises
    ------
    ValueError, TypeError
        On bad bounds, labels or expressions, and when the payoff at the
        centre of the action box has the wrong shape or is NaN or ``+inf``.

    Examples
    --------
    Cournot duopoly with inverse demand 100 - Q and unit cost 10:

    >>> game = ContinuousGame(["Firm 1", "Firm 2"], [(0, 100), (0, 100)],
    ...                       lambda q: [q[0] * (100 - q.sum()) - 10 * q[0], q[1] * (100 - q.sum()) - 10 * q[1]])
    >>> round(best_response(game, "Firm 1", [30]).action, 6)
    30.0
    >>> result = best_response_iteration(game)
    >>> result.is_equilibrium, [round(q, 6) for q in result.point]
    (True, [30.0, 30.0])

    A third firm that is absent keeps its quantity at 0 and is no player:

    >>> import sympy
    >>> q1, q2, q3 = sympy.symbols("q1 q2 q3")
    >>> duopoly = ContinuousGame(["Firm 1", "Firm 2"], [(0, 100), (0, 100)],
    ...                          [q1 * (90 - q1 - q2 - q3), q2 * (90 - q1 - q2 - q3)], actions=["q1", "q2"],
    ...                          absent={"Firm 3": ("q3", 0)})
    >>> duopoly.n_players, duopoly.absent
    (2, (AbsentPlayer(name='Firm 3', action='q3', value=0.0),))
    >>> duopoly.action_values([30, 30])
    {'q1': 30.0, 'q2': 30.0, 'q3': 0.0}
    """

    def __init__(self, players, bounds, payoff, *, actions=None, parameters=None, title: str = "", absent=None):
        if isinstance(players, str) or not isinstance(players, Sequence) or not players:
            raise TypeError(f"players must be a non-empty sequence of names, got {players!r}")
        players = tuple(players)
        for name in players:
            if not isinstance(name, str) or not name.strip():
                raise ValueError(f"players must be non-empty strings, got {name!r}")
        duplicates = sorted({p for p in players if players.count(p) > 1})
        if duplicates:
            raise ValueError(f"players has duplicate names: {duplicates}")
        self._players = players
        n = len(players)
        if isinstance(bounds, str) or not isinstance(bounds, (Sequence, np.ndarray)) or len(bounds) != n:
            raise ValueError(f"bounds must give one (low, high) pair per player ({n} players), got {bounds!r}")
        checked = []
        for name, pair in zip(players, bounds):
            if isinstance(pair, str) or not isinstance(pair, (Sequence, np.ndarray)) or len(pair) != 2:
                raise ValueError(f"bounds for player {name!r} must be a (low, high) pair, got {pair!r}")
            low = _finite_number(pair[0], f"lower bound of player {name!r}")
            high = _finite_number(pair[1], f"upper bound of player {name!r}")
            if low > high:
                raise ValueError(f"bounds for player {name!r} are ({low:g}, {high:g}): expected low <= high")
            checked.append((low, high))
        self._bounds = tuple(checked)
        self._title = str(title)
        self._absent = self._check_absent(absent)
        self._expressions = None
        self._symbols = None
        self._foc_cache: dict[int, object] = {}
        if callable(payoff) and not isinstance(payoff, (Sequence, Mapping)):
            if parameters:
                raise ValueError("parameters apply to symbolic payoffs only; bind them in the callable")
            self._function = payoff
            names = players if actions is None else self._action_names(actions)
        else:
            names = self._symbolic(payoff, actions, parameters or {})
        self._action_names_ = tuple(names)
        clash = sorted(set(names) & {a.action for a in self._absent})
        if clash:
            raise ValueError(f"absent players' action names {clash} are also action names of players")
        self._check_shape()

    def _check_absent(self, absent) -> tuple[AbsentPlayer, ...]:
        if absent is None:
            return ()
        if not isinstance(absent, Mapping):
            raise TypeError(f"absent must map player names to (action name, fixed value), got {type(absent).__name__}")
        result = []
        for name, entry in absent.items():
            if not isinstance(name, str) or not name.strip():
                raise ValueError(f"absent players must be named by non-empty strings, got {name!r}")
            if name in self._players:
                raise ValueError(f"player {name!r} is both a player and absent")
            if isinstance(entry, AbsentPlayer):
                entry = (entry.action, entry.value)
            if isinstance(entry, str) or not isinstance(entry, Sequence) or len(entry) != 2:
                raise ValueError(f"absent player {name!r} needs (action name, fixed value), got {entry!r}")
            action, value = entry
            if not isinstance(action, str) or not action.strip():
                raise ValueError(f"absent player {name!r}: the action name must be a non-empty string, got {action!r}")
            result.append(AbsentPlayer(name, action, _finite_number(value, f"fixed action of absent player {name!r}")))
        actions = [a.action for a in result]
        if len(set(actions)) != len(actions):
            raise ValueError(f"absent players have duplicate action names: {actions}")
        return tuple(result)

    # -------------------------------------------------------------- symbolic
    def _action_names(self, actions) -> tuple[str, ...]:
        if isinstance(actions, str) or not isinstance(actions, Sequence) or len(actions) != len(self._players):
            raise ValueError(f"actions must name one action symbol per player ({len(self._players)}), got {actions!r}")
        names = tuple(str(a) for a in actions)
        if len(set(names)) != len(names):
            raise ValueError(f"actions has duplicate names: {list(names)}")
        return names

    def _symbolic(self, payoff, actions, parameters) -> tuple[str, ...]:
        import sympy

        n = len(self._players)
        if isinstance(payoff, Mapping):
            if set(payoff) != set(self._players):
                raise ValueError(f"payoff mapping must have one entry per player {list(self._players)}, got {list(payoff)}")
            expressions = [payoff[p] for p in self._players]
        elif isinstance(payoff, Sequence) and not isinstance(payoff, str):
            expressions = list(payoff)
        else:
            raise TypeError(f"payoff must be a callable or one sympy expression per player, got {type(payoff).__name__}")
        if len(expressions) != n:
            raise ValueError(f"payoff gives {len(expressions)} expressions, expected {n} (one per player)")
        if actions is None:
            raise ValueError("symbolic payoffs need actions=: the name of each player's action symbol")
        names = self._action_names(actions)
        symbols = tuple(sympy.Symbol(name, real=True) for name in names)
        fixed = {a.action: sympy.nsimplify(a.value) for a in self._absent}
        converted = []
        for player, expression in zip(self._players, expressions):
            if isinstance(expression, (bool, str)) or not isinstance(expression, (sympy.Basic, numbers.Real)):
                raise TypeError(
                    f"payoff of player {player!r} must be a sympy expression, got {type(expression).__name__} {expression!r}"
                )
            expression = sympy.sympify(expression)
            substitutions = {}
            for symbol in expression.free_symbols:
                name = str(symbol)
                if name in names:
                    substitutions[symbol] = symbols[names.index(name)]
                elif name in fixed:
                    substitutions[symbol] = fixed[name]
                elif name in parameters:
                    substitutions[symbol] = sympy.nsimplify(parameters[name]) if isinstance(parameters[name], float) \
                        else sympy.sympify(parameters[name])
            expression = expression.xreplace(substitutions)
            unknown = sorted(str(s) for s in expression.free_symbols if s not in symbols)
            if unknown:
                raise ValueError(
                    f"payoff of player {player!r} has symbols {unknown} that are neither actions {list(names)}, "
                    "absent players' actions nor given parameters"
                )
            converted.append(expression)
        self._expressions = tuple(converted)
        self._symbols = symbols
        functions = [sympy.lambdify(symbols, e, modules="numpy", dummify=True) for e in converted]
        self._function = lambda x: [f(*x) for f in functions]
        return names

    # -------------------------------------------------------------- checks
    def _check_shape(self) -> None:
        centre = np.array([(low + high) / 2 for low, high in self._bounds])
        self.payoffs(centre)

    # -------------------------------------------------------------- properties
    @property
    def players(self) -> tuple[str, ...]:
        return self._players

    @property
    def bounds(self) -> tuple[tuple[float, float], ...]:
        return self._bounds

    @property
    def actions(self) -> tuple[str, ...]:
        """Names of the action variables (the symbols of symbolic payoffs)."""
        return self._action_names_

    @property
    def absent(self) -> tuple[AbsentPlayer, ...]:
        """The model's players who take no part in this game, with their fixed actions (empty when all play)."""
        return self._absent

    def action_values(self, profile) -> dict[str, float]:
        """``{action name: value}`` of a profile of the players, followed by the absent players' fixed actions."""
        x = self.check_profile(profile)
        values = {name: float(v) for name, v in zip(self._action_names_, x)}
        values.update({a.action: a.value for a in self._absent})
        return values

    @property
    def expressions(self):
        """The sympy payoff expressions, or ``None`` for a callable payoff."""
        return self._expressions

    @property
    def is_symbolic(self) -> bool:
        return self._expressions is not None

    @property
    def n_players(self) -> int:
        return len(self._players)

    @property
    def title(self) -> str:
        return self._title

    def player_index(self, player: int | str) -> int:
        if isinstance(player, str):
            if player not in self._players:
                raise ValueError(f"no player {player!r}; players are {list(self._players)}")
            return self._players.index(player)
        if isinstance(player, numbers.Integral) and not isinstance(player, bool) and 0 <= player < len(self._players):
            return int(player)
        raise ValueError(f"player index {player!r} out of range (0..{len(self._players) - 1})")

    def check_profile(self, profile, *, what: str = "profile") -> np.ndarray:
        """An action vector as a float array, checked against the bounds."""
        values = np.asarray(profile, dtype=object).ravel()
        if len(values) != self.n_players:
            raise ValueError(f"{what} has {len(values)} actions, expected {self.n_players} (one per player)")
        result = np.empty(self.n_players)
        for i, (value, (low, high)) in enumerate(zip(values, self._bounds)):
            x = _finite_number(value, f"{what}: action of player {self._players[i]!r}")
            slack = 1e-12 * max(1.0, abs(low), abs(high))
            if x < low - slack or x > high + slack:
                raise ValueError(
                    f"{what}: action of player {self._players[i]!r} is {x:g}, outside its bounds [{low:g}, {high:g}]"
                )
            result[i] = min(max(x, low), high)
        return result

    def payoffs(self, profile) -> np.ndarray:
        """Every player's payoff at an action vector (float array of shape ``(n,)``).

        Raises
        ------
        ValueError
            If the payoff function returns the wrong number of values, NaN or
            ``+inf``.
        """
        x = self.check_profile(profile)
        return self._evaluate(x)

    def _evaluate(self, x: np.ndarray) -> np.ndarray:
        with np.errstate(all="ignore"):
            raw = self._function(x.copy())
        try:
            values = np.asarray(raw, dtype=float)
        except (TypeError, ValueError):
            raise TypeError(f"payoff at {self._where(x)} returned {raw!r}, expected {self.n_players} numbers") from None
        if values.shape != (self.n_players,):
            raise ValueError(
                f"payoff at {self._where(x)} returned shape {values.shape}, "
                f"expected ({self.n_players},): one payoff per player"
            )
        bad = np.isnan(values) | (values == np.inf)
        if bad.any():
            i = int(np.flatnonzero(bad)[0])
            raise ValueError(f"payoff of player {self._players[i]!r} at {self._where(x)} is {values[i]}, "
                             "expected a finite number (or -inf)")
        return values

    def _where(self, x) -> str:
        return "(" + ", ".join(f"{name}={value:g}" for name, value in zip(self._action_names_, x)) + ")"

    # ------------------------------------------------------- first-order condition
    def _stationary_points(self, i: int):
        """Lambdified roots of d u_i / d x_i = 0 in x_i, or None when not available in closed form."""
        if i in self._foc_cache:
            return self._foc_cache[i]
        result = None
        if self._expressions is not None:
            import sympy

            x = self._symbols[i]
            derivative = sympy.diff(self._expressions[i], x)
            try:
                rational = sympy.together(derivative).is_rational_function(x)
            except (TypeError, ValueError, NotImplementedError):  # pragma: no cover - sympy internals
                rational = False
            if derivative == 0:
                result = ()
            elif rational:
                try:
                    roots = sympy.solve(sympy.Eq(derivative, 0), x, dict=False)
                except (NotImplementedError, ValueError, TypeError):
                    roots = None
                if roots is not None and all(isinstance(r, sympy.Expr) and not r.has(sympy.CRootOf) for r in roots):
                    result = tuple(sympy.lambdify(self._symbols, r, modules="numpy", dummify=True) for r in roots)
        self._foc_cache[i] = result
        return result

    def __repr__(self) -> str:
        kind = "symbolic" if self.is_symbolic else "callable"
        bounds = ", ".join(f"[{low:g}, {high:g}]" for low, high in self._bounds)
        absent = f", absent {[a.name for a in self._absent]}" if self._absent else ""
        return f"<ContinuousGame {self._title!r}: players {list(self._players)}, bounds {bounds}, {kind} payoffs{absent}>"


@dataclass(frozen=True)
class BestResponse:
    """A player's best response to the others' actions.

    Attributes
    ----------
    player : str
    action : float
    payoff : float
    method : str
        ``"first_order_condition"`` (the best of the stationary points and
        the interval's ends, symbolic payoffs) or ``"numeric"`` (grid search
        refined by bounded scalar maximisation).
    """

    player: str
    action: float
    payoff: float
    method: str


def _profile_with_others(game: ContinuousGame, i: int, others) -> np.ndarray:
    if isinstance(others, Mapping):
        expected = set(game.players) - {game.players[i]}
        if not expected <= set(others) or not set(others) <= set(game.players):
            raise ValueError(f"others must give the actions of {sorted(expected)}, got {list(others)}")
        values = [others.get(p, game.bounds[k][0]) if k != i else game.bounds[i][0] for k, p in enumerate(game.players)]
    else:
        values = list(np.asarray(others, dtype=object).ravel())
        if len(values) == game.n_players - 1:
            values = values[:i] + [game.bounds[i][0]] + values[i:]
        elif len(values) == game.n_players:
            values[i] = game.bounds[i][0]
        else:
            raise ValueError(
                f"others has {len(values)} actions, expected {game.n_players - 1} (the other players') "
                f"or {game.n_players} (a full profile; the player's own entry is ignored)"
            )
    return game.check_profile(values, what="others")


def _maximise(game: ContinuousGame, i: int, profile: np.ndarray, grid: int, method: str) -> tuple[float, float, str]:
    low, high = game.bounds[i]
    x = profile.copy()

    def value(a: float) -> float:
        x[i] = min(max(a, low), high)
        return float(game._evaluate(x)[i])

    if low == high:
        return low, value(low), "numeric"
    candidates: list[tuple[float, float]] = []
    label = "numeric"
    if method in ("auto", "first_order_condition"):
        roots = game._stationary_points(i)
        if roots is None and method == "first_order_condition":
            raise ValueError(
                f"no closed-form first-order condition for player {game.players[i]!r} "
                "(needs symbolic payoffs whose derivative in the own action is a rational function)"
            )
        if roots is not None:
            points = [low, high]
            with np.errstate(all="ignore"):
                for root in roots:
                    try:
                        # Complex arguments: closed-form roots of cubics pass through complex numbers.
                        r = complex(root(*[complex(v) for v in profile]))
                    except (TypeError, ValueError, ZeroDivisionError, OverflowError):
                        continue
                    if math.isfinite(r.real) and math.isfinite(r.imag) and abs(r.imag) <= 1e-9 * max(1.0, abs(r.real)):
                        points.append(min(max(r.real, low), high))
            candidates = [(a, value(a)) for a in points]
            label = "first_order_condition"
            # Safeguard: a coarse grid must not beat the closed form.
            best = max(v for _, v in candidates)
            coarse = [(a, value(a)) for a in np.linspace(low, high, 21)]
            scale = max([1.0] + [abs(v) for _, v in coarse + candidates if math.isfinite(v)])
            if method == "auto" and any(v > best + scaled_tolerance(None, scale) for _, v in coarse):
                label = "numeric"
    if label == "numeric":
        xs = np.linspace(low, high, max(int(grid), 3))
        values = np.array([value(a) for a in xs])
        candidates += list(zip(xs.tolist(), values.tolist()))
        finite = values[np.isfinite(values)]
        if finite.size:
            penalty = -float(finite.min()) + float(finite.max() - finite.min()) + 1.0
            peaks = [k for k in range(len(xs))
                     if values[k] >= values[max(k - 1, 0)] and values[k] >= values[min(k + 1, len(xs) - 1)]
                     and np.isfinite(values[k])]
            peaks = sorted(peaks, key=lambda k: -values[k])[:3]
            from scipy.optimize import minimize_scalar

            def negative(a: float) -> float:
                v = value(a)
                return -v if math.isfinite(v) else penalty

            for k in peaks:
                a, b = xs[max(k - 1, 0)], xs[min(k + 1, len(xs) - 1)]
                found = minimize_scalar(negative, bounds=(a, b), method="bounded",
                                        options={"xatol": 1e-13 * max(1.0, high - low), "maxiter": 500})
                candidates.append((float(found.x), value(float(found.x))))
    action, payoff = max(candidates, key=lambda c: c[1])
    return float(min(max(action, low), high)), float(payoff), label


def best_response(game: ContinuousGame, player: int | str, others, *, method: str = "auto",
                  grid: int = DEFAULT_GRID) -> BestResponse:
    """A best response of ``player`` to the other players' actions.

    Parameters
    ----------
    game : ContinuousGame
    player : int or str
    others : sequence or mapping
        The other players' actions in player order (``n - 1`` numbers), a
        full action vector (``n`` numbers; the player's own entry is
        ignored), or a mapping player -> action.
    method : {"auto", "numeric", "first_order_condition"}
        ``"auto"`` uses the first-order condition when the payoffs are
        symbolic and its roots are available in closed form (checked against
        a coarse grid), else the numeric search: a grid of ``grid`` points,
        the best local maxima refined by bounded scalar maximisation
        (:func:`scipy.optimize.minimize_scalar`).
    grid : int
        Grid points of the numeric search.

    Returns
    -------
    BestResponse

    Examples
    --------
    >>> import sympy
    >>> q1, q2 = sympy.symbols("q1 q2")
    >>> half = sympy.Rational(1, 2)
    >>> game = ContinuousGame(["A", "B"], [(0, 10), (0, 8)],
    ...                       [half * sympy.log(10 - q1) + half * sympy.log(q1 + q2),
    ...                        half * sympy.log(8 - q2) + half * sympy.log(q1 + q2)], actions=["q1", "q2"])
    >>> response = best_response(game, "A", [2])
    >>> response.action, response.method
    (4.0, 'first_order_condition')
    >>> round(best_response(game, "A", [2], method="numeric").action, 8)
    4.0
    """
    if not isinstance(game, ContinuousGame):
        raise TypeError(f"best_response() takes a ContinuousGame, got {type(game).__name__}")
    if method not in ("auto", "numeric", "first_order_condition"):
        raise ValueError(f"method must be 'auto', 'numeric' or 'first_order_condition', got {method!r}")
    if isinstance(grid, bool) or not isinstance(grid, numbers.Integral) or grid < 3:
        raise ValueError(f"grid must be an integer >= 3, got {grid!r}")
    i = game.player_index(player)
    profile = _profile_with_others(game, i, others)
    action, payoff, label = _maximise(game, i, profile, grid, method)
    return BestResponse(game.players[i], action, payoff, label)


def action_regrets(game: ContinuousGame, point, *, grid: int = CERTIFICATE_GRID) -> tuple[float, ...]:
    """Each player's regret at ``point``: best payoff over its interval minus its payoff there.

    The best payoff comes from a global search (a grid of ``grid`` points
    with local refinement, plus the first-order condition's stationary
    points for symbolic payoffs) and is never below the payoff at the point,
    so regrets are >= 0; ``inf`` when the point gives a player ``-inf`` and
    some other action does not.

    Examples
    --------
    >>> game = ContinuousGame(["A", "B"], [(0, 4), (0, 4)], lambda x: [-(x[0] - x[1]) ** 2, -(x[1] - 1) ** 2])
    >>> [round(r, 9) for r in action_regrets(game, [2, 1])]
    [1.0, 0.0]
    """
    if not isinstance(game, ContinuousGame):
        raise TypeError(f"action_regrets() takes a ContinuousGame, got {type(game).__name__}")
    x = game.check_profile(point, what="point")
    here = game._evaluate(x)
    regrets = []
    for i in range(game.n_players):
        _, best, _ = _maximise(game, i, x, grid, "numeric")
        if game._stationary_points(i) is not None:
            best = max(best, _maximise(game, i, x, grid, "first_order_condition")[1])
        best = max(best, float(here[i]))
        if here[i] == -np.inf:
            regrets.append(0.0 if best == -np.inf else math.inf)
        else:
            regrets.append(best - float(here[i]))
    return tuple(regrets)


@dataclass(frozen=True, eq=False)
class IterationResult:
    """Outcome of :func:`best_response_iteration`, with its certificate.

    Attributes
    ----------
    game : ContinuousGame
    point : tuple of float
        The last iterate.
    payoffs : tuple of float
        Each player's payoff at ``point``.
    regrets : tuple of float
        Each player's regret at ``point`` (see :func:`action_regrets`).
    tol : float
        The absolute regret tolerance ``point`` was checked against.
    converged : bool
        Whether the iteration's step fell below its tolerance.
    iterations : int
    scheme : str
        ``"gauss-seidel"`` or ``"jacobi"``.
    damping : float
    last_step : float
        Largest change of an action in the last iteration (relative to the
        width of its interval when that exceeds 1).
    path : tuple of tuple of float
        The start and every iterate.
    notes : tuple of str
    """

    game: ContinuousGame
    point: tuple
    payoffs: tuple
    regrets: tuple
    tol: float
    converged: bool
    iterations: int
    scheme: str
    damping: float
    last_step: float
    path: tuple
    notes: tuple

    @property
    def max_regret(self) -> float:
        return max(self.regrets)

    @property
    def is_equilibrium(self) -> bool:
        """Whether every regret is within :attr:`tol` (the certificate holds)."""
        return all(r <= self.tol for r in self.regrets)

    def action_dict(self) -> dict[str, float]:
        return dict(zip(self.game.players, self.point))

    def describe(self, digits: int = 6) -> str:
        """One line on the point and its certificate (absent players named as such), then the notes."""
        actions = ", ".join(f"{p} = {format_value(x, digits=digits)}" for p, x in zip(self.game.players, self.point))
        actions += "".join(f", {a.name} absent ({a.action} fixed at {format_value(a.value, digits=digits)})"
                           for a in self.game.absent)
        status = "Nash equilibrium" if self.is_equilibrium else "NOT an equilibrium"
        text = (f"{status}: {actions} (max regret {format_value(self.max_regret, digits=3)}, tolerance "
                f"{format_value(self.tol, digits=3)}; {self.scheme}, {self.iterations} iterations, "
                f"{'converged' if self.converged else 'not converged'})")
        return "\n".join([text] + [f"  Note: {note}" for note in self.notes])

    def __repr__(self) -> str:
        return f"<IterationResult {self.describe().splitlines()[0]}>"


def best_response_iteration(game: ContinuousGame, start=None, *, damping: float = 0.0, tol: float = 1e-8,
                            max_iter: int = 500, scheme: str = "gauss-seidel", method: str = "auto",
                            grid: int = DEFAULT_GRID, regret_tol: float | None = None,
                            certificate_grid: int = CERTIFICATE_GRID) -> IterationResult:
    """Look for a Nash equilibrium by iterating best responses, and certify the result.

    Parameters
    ----------
    game : ContinuousGame
    start : sequence of float, optional
        Starting action vector; default the centre of every interval.
    damping : float
        In ``[0, 1)``: each update is ``(1 - damping) * best response +
        damping * current action``. Damping tames the oscillation of Jacobi
        iteration.
    tol : float
        Convergence: the largest change of an action in one iteration, relative
        to ``max(1, interval width)``, is at most ``tol``. A numeric best
        response is located to about the square root of the machine epsilon
        (a smooth maximum is flat to that order), so much smaller values only
        make sense with the first-order condition.
    max_iter : int
    scheme : {"gauss-seidel", "jacobi"}
        Gauss-Seidel updates players one after another, each answering the
        latest actions; Jacobi updates all players at once.
    method : str
        Best-response method (see :func:`best_response`).
    grid : int
        Grid of the numeric best responses.
    regret_tol : float, optional
        Relative tolerance of the certificate, scaled by the largest absolute
        payoff at the point (default :data:`~gametheory.numerics.DEFAULT_TOL`).
    certificate_grid : int
        Grid of the global search behind the regrets.

    Returns
    -------
    IterationResult
        ``is_equilibrium`` is decided by the regrets alone; ``converged``
        and ``notes`` say how the iteration ended. A point that is not an
        equilibrium is returned with ``is_equilibrium`` False and a note.

    Examples
    --------
    Voluntary contributions to a public good (alpha = 1/2, incomes 10 and 8):

    >>> import numpy as np
    >>> w = np.array([10.0, 8.0])
    >>> game = ContinuousGame(["A", "B"], [(0, 10), (0, 8)],
    ...                       lambda q: 0.5 * np.log(w - q) + 0.5 * np.log(q.sum()))
    >>> result = best_response_iteration(game)
    >>> result.is_equilibrium, [round(q, 6) for q in result.point]
    (True, [4.0, 2.0])
    """
    if not isinstance(game, ContinuousGame):
        raise TypeError(f"best_response_iteration() takes a ContinuousGame, got {type(game).__name__}")
    damping = _finite_number(damping, "damping")
    if not 0 <= damping < 1:
        raise ValueError(f"damping must be in [0, 1), got {damping:g}")
    tol = _finite_number(tol, "tol")
    if tol <= 0:
        raise ValueError(f"tol must be positive, got {tol:g}")
    if isinstance(max_iter, bool) or not isinstance(max_iter, numbers.Integral) or max_iter < 1:
        raise ValueError(f"max_iter must be a positive integer, got {max_iter!r}")
    if scheme not in ("gauss-seidel", "jacobi"):
        raise ValueError(f"scheme must be 'gauss-seidel' or 'jacobi', got {scheme!r}")
    if method not in ("auto", "numeric", "first_order_condition"):
        raise ValueError(f"method must be 'auto', 'numeric' or 'first_order_condition', got {method!r}")
    for name, value in (("grid", grid), ("certificate_grid", certificate_grid)):
        if isinstance(value, bool) or not isinstance(value, numbers.Integral) or value < 3:
            raise ValueError(f"{name} must be an integer >= 3, got {value!r}")
    x = game.check_profile([(low + high) / 2 for low, high in game.bounds] if start is None else start, what="start")
    widths = np.array([max(1.0, high - low) for low, high in game.bounds])
    path = [tuple(x.tolist())]
    converged = False
    step = math.inf
    iterations = 0
    for iterations in range(1, int(max_iter) + 1):
        old = x.copy()
        if scheme == "jacobi":
            responses = [_maximise(game, i, old, grid, method)[0] for i in range(game.n_players)]
            x = (1 - damping) * np.array(responses) + damping * old
        else:
            for i in range(game.n_players):
                response = _maximise(game, i, x, grid, method)[0]
                x[i] = (1 - damping) * response + damping * x[i]
        x = np.clip(x, [b[0] for b in game.bounds], [b[1] for b in game.bounds])
        path.append(tuple(x.tolist()))
        step = float(np.max(np.abs(x - old) / widths))
        if step <= tol:
            converged = True
            break
    payoffs = game._evaluate(x)
    regrets = action_regrets(game, x, grid=certificate_grid)
    finite = [abs(v) for v in payoffs if math.isfinite(v)]
    threshold = scaled_tolerance(regret_tol, max([1.0] + finite))
    notes = []
    if not converged:
        notes.append(f"best-response iteration did not converge in {iterations} iterations "
                     f"(last step {step:.3g} > tol {tol:.3g}); the point is the last iterate")
    worst = int(np.argmax(regrets))
    if regrets[worst] > threshold:
        notes.append(f"not an equilibrium: player {game.players[worst]!r} gains "
                     f"{format_value(regrets[worst], digits=3)} by deviating (tolerance {format_value(threshold, digits=3)})")
    elif not converged:
        notes.append("the regrets are nevertheless within tolerance, so the last iterate is certified")
    return IterationResult(
        game=game,
        point=tuple(float(v) for v in x),
        payoffs=tuple(float(v) for v in payoffs),
        regrets=tuple(float(r) for r in regrets),
        tol=threshold,
        converged=converged,
        iterations=iterations,
        scheme=scheme,
        damping=damping,
        last_step=step,
        path=tuple(path),
        notes=tuple(notes),
    )
