"""The step-by-step derivation a teacher writes on the board.

:func:`explain` takes a game (a :class:`~gametheory.games.normal_form.NormalFormGame`, or a
:class:`~gametheory.games.symbolic.SymbolicGame` or model with parameter
values) and returns plain text that walks through its solution:

1. the payoff matrix with best responses marked;
2. iterated elimination of strictly dominated actions;
3. every pure profile checked for profitable deviations, in numbers;
4. every mixed equilibrium derived by indifference, e.g.
   ``Column makes Row indifferent: 4q + 0(1-q) = 3q + 2(1-q) => q = 2/3``,
   with exact fractions whenever the game is exact.

The library returns the text; the ``gametheory explain`` command prints it.
"""

from __future__ import annotations

import itertools
from fractions import Fraction

import numpy as np
import sympy

from ..games.normal_form import NormalFormGame
from ..numerics import format_value
from ..games.symbolic import SymbolicGame

__all__ = ["explain"]

_LETTERS = "pqrstuvwxyz"


def _resolve(game, values):
    """(NormalFormGame, parameter lines) from the accepted inputs."""
    if isinstance(game, tuple) and len(game) == 2 and values is None:
        game, values = game
    if values is not None and not isinstance(values, dict):
        raise TypeError(f"values must be a dict of parameter values, got {type(values).__name__} {values!r}")
    if isinstance(game, NormalFormGame):
        if values:
            raise ValueError("values were given but the game has no parameters (it is a NormalFormGame)")
        return game, []
    symbolic = None
    if isinstance(game, SymbolicGame):
        symbolic = game
    elif callable(getattr(game, "symbolic_game", None)):
        symbolic = game.symbolic_game()
        if not isinstance(symbolic, SymbolicGame):
            raise TypeError(f"{type(game).__name__}.symbolic_game() returned {type(symbolic).__name__}, expected a SymbolicGame")
    if symbolic is None:
        raise TypeError(
            "explain() takes a NormalFormGame, a SymbolicGame or a model (with values), "
            f"got {type(game).__name__}"
        )
    values = dict(values or {})
    checked = symbolic.values(**values)
    numeric = game.game(**values) if symbolic is not game else symbolic.game(**values)
    lines = []
    for p in symbolic.parameters:
        given = "" if p.name in values else " (default)"
        meaning = f" -- {p.meaning}" if p.meaning else ""
        lines.append(f"  {p.name} = {format_value(checked[p.name])}{given}{meaning}")
    return numeric, lines


def _fmt(value, digits=4) -> str:
    return format_value(value, digits=digits)


def _profile(game, profile) -> str:
    return "(" + ", ".join(game.actions[k][a] for k, a in enumerate(profile)) + ")"


def _with(profile, player, action):
    return profile[:player] + (action,) + profile[player + 1 :]


# --------------------------------------------------------------- dominance
def _dominance_section(game: NormalFormGame, digits: int) -> list[str]:
    try:
        from ..solvers import iterated_dominance
    except ImportError:
        return _own_dominance(game, digits)
    return iterated_dominance(game).describe().splitlines()


def _own_dominance(game: NormalFormGame, digits: int) -> list[str]:
    """Iterated elimination of actions strictly dominated by another pure action."""
    kept = [list(range(m)) for m in game.shape]
    lines = []
    changed = True
    tol = 0 if game.is_exact else game.tolerance()
    while changed:
        changed = False
        for i in range(game.n_players):
            if len(kept[i]) < 2:
                continue
            others = [kept[k] for k in range(game.n_players) if k != i]
            for b in list(kept[i]):
                for a in kept[i]:
                    if a == b:
                        continue
                    pairs = []
                    for rest in itertools.product(*others):
                        pa = rest[:i] + (a,) + rest[i:]
                        pb = rest[:i] + (b,) + rest[i:]
                        pairs.append((game.payoffs[i][pa], game.payoffs[i][pb]))
                    if all(x > y + tol for x, y in pairs):
                        shown = ", ".join(f"{_fmt(x, digits)} > {_fmt(y, digits)}" for x, y in pairs)
                        lines.append(
                            f"{game.players[i]}: {game.actions[i][a]} strictly dominates {game.actions[i][b]} "
                            f"({shown}); remove {game.actions[i][b]}."
                        )
                        kept[i].remove(b)
                        changed = True
                        break
                if changed:
                    break
            if changed:
                break
    if not lines:
        return ["No action is strictly dominated by another action."]
    remaining = "; ".join(f"{game.players[i]}: {', '.join(game.actions[i][a] for a in k)}" for i, k in enumerate(kept))
    lines.append(f"Remaining: {remaining}.")
    return lines


# ------------------------------------------------------------ pure profiles
def _pure_section(game: NormalFormGame, digits: int) -> tuple[list[str], list]:
    masks = [game.pure_best_response_mask(i) for i in range(game.n_players)]
    profiles = list(itertools.product(*(range(m) for m in game.shape)))
    show_all = len(profiles) <= 16
    lines, equilibria = [], []
    for profile in profiles:
        is_equilibrium = all(masks[i][profile] for i in range(game.n_players))
        if is_equilibrium:
            equilibria.append(profile)
        if not (show_all or is_equilibrium):
            continue
        parts = []
        failure = None
        for i in range(game.n_players):
            value = game.payoffs[i][profile]
            deviations = []
            for b in range(game.shape[i]):
                if b == profile[i]:
                    continue
                other = game.payoffs[i][_with(profile, i, b)]
                deviations.append((b, other))
            if masks[i][profile]:
                shown = ", ".join(
                    f"{game.actions[i][b]} gives {_fmt(o, digits)}" for b, o in deviations
                )
                parts.append(f"{game.players[i]} gets {_fmt(value, digits)}; switching to {shown}: no gain.")
            else:
                b, best = max(deviations, key=lambda d: d[1])
                failure = (
                    f"{game.players[i]} gets {_fmt(value, digits)} but {game.actions[i][b]} gives "
                    f"{_fmt(best, digits)} > {_fmt(value, digits)}"
                )
                break
        if is_equilibrium:
            lines.append(f"{_profile(game, profile)}: " + " ".join(parts) + " => Nash equilibrium.")
        else:
            lines.append(f"{_profile(game, profile)}: {failure} => not an equilibrium.")
    if not show_all:
        lines.append(f"(The other {len(profiles) - len(equilibria)} profiles each leave some player a profitable deviation.)")
    if not equilibria:
        lines.append("No pure-strategy equilibrium.")
    return lines, equilibria


# ------------------------------------------------------------ mixed profiles
def _rational(value):
    if isinstance(value, Fraction):
        return sympy.Rational(value.numerator, value.denominator)
    return sympy.Float(float(value))


def _value_text(value, digits) -> str:
    if isinstance(value, sympy.Basic):
        if value.is_Rational:
            return str(value)
        return format_value(float(value), digits=digits)
    return format_value(value, digits=digits)


def _mixed_equilibria(game: NormalFormGame):
    """(mixed equilibria as strategy tuples, notes) from the solvers, or an exact support enumeration."""
    try:
        from ..solvers import solve

        result = solve(game)
    except ImportError:
        if game.n_players != 2:
            return None, ["Mixed equilibria of games with more than two players need a solver that is not installed."]
        return _support_enumeration(game), ["Found by support enumeration (equal-size supports: assumes a nondegenerate game)."]
    notes = []
    if result.degenerate:
        notes.append("The game is degenerate" + ("; the equilibria below are extreme points of a continuum." if result.continuum else "."))
    if not result.complete:
        notes.append("The solver does not guarantee that every equilibrium is listed.")
    return [e.strategies for e in result.equilibria if not e.is_pure], notes


def _support_enumeration(game: NormalFormGame):
    """Exact mixed equilibria of a two-player game over equal-size supports (size >= 2)."""
    A = sympy.Matrix([[_rational(v) for v in row] for row in np.asarray(game.payoffs[0], dtype=object)])
    B = sympy.Matrix([[_rational(v) for v in row] for row in np.asarray(game.payoffs[1], dtype=object)])
    m, n = game.shape
    found = []
    for k in range(2, min(m, n) + 1):
        for rows in itertools.combinations(range(m), k):
            for cols in itertools.combinations(range(n), k):
                q = _indifferent_mix(A, rows, cols)  # column's mix making row indifferent
                p = _indifferent_mix(B.T, cols, rows)
                if q is None or p is None:
                    continue
                x = sympy.zeros(m, 1)
                y = sympy.zeros(n, 1)
                for r, v in zip(rows, p):
                    x[r] = v
                for c, v in zip(cols, q):
                    y[c] = v
                row_values = A * y
                col_values = B.T * x
                if max(row_values) != row_values[rows[0]] or max(col_values) != col_values[cols[0]]:
                    continue
                exact = game.is_exact
                convert = (lambda v: Fraction(int(v.p), int(v.q))) if exact else float
                found.append((np.array([convert(v) for v in x], dtype=object if exact else float),
                              np.array([convert(v) for v in y], dtype=object if exact else float)))
    return found


def _indifferent_mix(M, rows, cols):
    """Probabilities on ``cols`` making the row player indifferent among ``rows`` (all positive), or None."""
    k = len(cols)
    system = sympy.zeros(k, k)
    rhs = sympy.zeros(k, 1)
    for e, r in enumerate(rows[1:]):
        for f, c in enumerate(cols):
            system[e, f] = M[r, c] - M[rows[0], c]
    for f in range(k):
        system[k - 1, f] = 1
    rhs[k - 1] = 1
    if system.det() == 0:
        return None
    solution = system.LUsolve(rhs)
    if any(v <= 0 for v in solution):
        return None
    return list(solution)


def _variables(game, player, support):
    """Probability names for ``player``'s actions in ``support``: q, (1-q) for two; q1, q2, ... otherwise."""
    letter = _LETTERS[player % len(_LETTERS)]
    if len(support) == 1:
        return [sympy.Integer(1)], []
    if len(support) == 2:
        s = sympy.Symbol(letter)
        return [s, 1 - s], [s]
    symbols = [sympy.Symbol(f"{letter}{k + 1}") for k in range(len(support) - 1)]
    return symbols + [1 - sum(symbols)], symbols


def _weight_text(weight) -> str:
    """``q``, ``(1-q)``, ``q(1-r)``, ``(1-q1-q2)``: a product of probabilities as written by hand."""
    factors = []
    for factor in sympy.Mul.make_args(weight):
        if factor.is_Symbol:
            factors.append(str(factor))
        else:  # 1 minus the other probabilities of the same player
            factors.append("(1-" + "-".join(sorted(str(s) for s in factor.free_symbols)) + ")")
    return "".join(factors)


def _linear_text(terms) -> str:
    """``4q + 0(1-q)``: payoff times probability, as on a board."""
    parts = []
    for coefficient, weight in terms:
        c = _value_text(coefficient, 6)
        if weight == 1:
            parts.append(c)
            continue
        w = _weight_text(weight)
        if c.startswith("-") or "/" in c or "e" in c:
            c = f"({c})"
        parts.append(f"{c}{w}" if not (len(c) and c[-1].isalpha()) else f"{c}*{w}")
    return " + ".join(parts)


def _mixed_section(game: NormalFormGame, digits: int) -> list[str]:
    equilibria, notes = _mixed_equilibria(game)
    lines = list(notes)
    if equilibria is None:
        return lines
    if not equilibria:
        if any("continuum" in note for note in notes):
            lines.append("No extreme equilibrium mixes: the mixed equilibria of the continuum are mixtures "
                         "of the extreme equilibria above.")
        else:
            lines.append("No equilibrium in which a player mixes.")
        return lines
    exact = game.is_exact
    for number, strategies in enumerate(equilibria, 1):
        supports = [tuple(int(a) for a in np.flatnonzero([v != 0 for v in s])) for s in strategies]
        described = "; ".join(
            f"{game.players[i]} mixes {{{', '.join(game.actions[i][a] for a in supports[i])}}}"
            if len(supports[i]) > 1 else f"{game.players[i]} plays {game.actions[i][supports[i][0]]}"
            for i in range(game.n_players)
        )
        lines.append(f"Mixed equilibrium {number}: {described}.")
        names = {}
        unknowns = []
        weights = {}
        for j in range(game.n_players):
            mix, free = _variables(game, j, supports[j])
            weights[j] = dict(zip(supports[j], mix))
            unknowns.extend(free)
            for symbol, a in zip(free, supports[j]):
                names[symbol] = (j, a)
        for symbol, (j, a) in names.items():
            lines.append(f"  Let {symbol} = probability that {game.players[j]} plays {game.actions[j][a]}.")
        equations = []
        for i in range(game.n_players):
            if len(supports[i]) < 2:
                continue
            others = [j for j in range(game.n_players) if j != i]
            expressions = []
            texts = []
            for a in supports[i]:
                terms = []
                total = sympy.Integer(0)
                for rest in itertools.product(*(supports[j] for j in others)):
                    profile = list(rest)
                    profile.insert(i, a)
                    weight = sympy.Integer(1)
                    for j, b in zip(others, rest):
                        weight *= weights[j][b]
                    coefficient = _rational(game.payoffs[i][tuple(profile)]) if exact else sympy.Float(float(game.payoffs[i][tuple(profile)]))
                    terms.append((coefficient, weight))
                    total += coefficient * weight
                expressions.append(sympy.expand(total))
                texts.append(_linear_text(terms))
            movers = [game.players[j] for j in others if len(supports[j]) > 1] or [game.players[j] for j in others]
            verb = "makes" if len(movers) == 1 else "make"
            acts = " and ".join(game.actions[i][a] for a in supports[i]) if len(supports[i]) == 2 else \
                ", ".join(game.actions[i][a] for a in supports[i])
            mine = [sympy.Eq(expressions[0], e) for e in expressions[1:]]
            equations.extend(mine)
            line = f"  {' and '.join(movers)} {verb} {game.players[i]} indifferent between {acts}: {' = '.join(texts)}"
            if game.n_players == 2:
                j = others[0]
                theirs = [s for s, (owner, _) in names.items() if owner == j]
                line += " => " + _solved_text(mine, theirs, names, strategies, exact, digits)
            lines.append(line)
        if game.n_players > 2 and names:
            actual = ", ".join(
                f"{s} = {_value_text(_rational(strategies[j][a]) if exact else float(strategies[j][a]), digits)}"
                for s, (j, a) in names.items())
            lines.append(f"  => solving these equations together (the solver's root): {actual}")
        # The check outside the supports and the equilibrium payoffs.
        for i in range(game.n_players):
            values = game.deviation_payoffs(i, strategies)
            value = sum(v * s for v, s in zip(values, strategies[i]))
            outside = [a for a in range(game.shape[i]) if a not in supports[i]]
            check = ""
            if outside:
                check = "; unused " + ", ".join(
                    f"{game.actions[i][a]} gives {_fmt(values[a], digits)} <= {_fmt(value, digits)}" for a in outside)
            lines.append(f"  {game.players[i]}'s expected payoff: {_fmt(value, digits)}{check}.")
    if not exact:
        lines.append("(Float payoffs: values are rounded; use exact payoffs for fractions.)")
    return lines


def _solved_text(equations, unknowns, names, strategies, exact, digits) -> str:
    """``q = 2/3`` when the indifference equations pin the unknowns; the equilibrium's values otherwise."""
    actual = {}
    for s in unknowns:
        j, a = names[s]
        actual[s] = _rational(strategies[j][a]) if exact else sympy.Float(float(strategies[j][a]))
    shown = ", ".join(f"{s} = {_value_text(v, digits)}" for s, v in actual.items())
    if not unknowns:
        return shown
    solved = sympy.solve(equations, unknowns, dict=True) if equations else []
    if len(solved) == 1 and all(s in solved[0] and solved[0][s].is_number for s in unknowns):
        return shown
    return f"not pinned down (degenerate game); this extreme equilibrium has {shown}"


# ---------------------------------------------------------------- explain
def explain(game, values: dict | None = None, *, digits: int = 4) -> str:
    """The derivation of a game's equilibria, as a teacher writes it on the board.

    Parameters
    ----------
    game : NormalFormGame, SymbolicGame, model, or (game, values) tuple
        A numeric game, or a symbolic game / model (anything with a
        ``symbolic_game()`` method, such as a loaded model file) to be
        evaluated at ``values``.
    values : dict, optional
        Parameter values for a symbolic game or model (defaults for the rest).
    digits : int
        Significant digits for float payoffs (exact games print fractions).

    Returns
    -------
    str
        Plain text: the payoff matrix with best responses marked, the
        dominance steps, each pure profile checked in numbers, and each mixed
        equilibrium derived by indifference.

    Raises
    ------
    TypeError
        If ``game`` is none of the accepted kinds.
    ValueError
        On unknown parameter names or values outside their ranges.

    Examples
    --------
    >>> from gametheory import NormalFormGame
    >>> stag = NormalFormGame.from_bimatrix([[4, 0], [3, 2]], [[4, 3], [0, 2]],
    ...                                     actions=(["Stag", "Hare"], ["Stag", "Hare"]))
    >>> text = explain(stag)
    >>> print(text.splitlines()[-4])
      Column makes Row indifferent between Stag and Hare: 4q + 0(1-q) = 3q + 2(1-q) => q = 2/3
    >>> print(text.splitlines()[-1])
      Column's expected payoff: 8/3.
    """
    numeric, parameter_lines = _resolve(game, values)
    lines = []
    if numeric.title:
        lines.append(numeric.title)
        lines.append("=" * len(numeric.title))
    if parameter_lines:
        lines.append("Parameter values:")
        lines.extend(parameter_lines)
        lines.append("")
    lines.append("1. Payoff matrix (first number: " + ", then ".join(numeric.players) + ")")
    lines.append(numeric.to_text(digits=digits).removeprefix(numeric.title + "\n") if numeric.title else numeric.to_text(digits=digits))
    lines.append("")
    lines.append("2. Dominated actions")
    lines.extend(_dominance_section(numeric, digits))
    lines.append("")
    lines.append("3. Pure-strategy equilibria: can any player gain by switching alone?")
    pure_lines, _ = _pure_section(numeric, digits)
    lines.extend(pure_lines)
    lines.append("")
    lines.append("4. Mixed equilibria: each mixing player must be indifferent among the actions they mix")
    lines.extend(_mixed_section(numeric, digits))
    return "\n".join(lines)
