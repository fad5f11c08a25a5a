"""Replicator dynamics of one population playing a symmetric game of more than two players with two actions.

Every player of an ``n``-player symmetric game with actions ``A`` and ``B``
is drawn from one large population in which a share ``x`` plays ``A``. An
``A``-player earns, on average over the other ``n - 1`` players,

``f_A(x) = sum_m C(n-1, m) x^m (1-x)^(n-1-m) a_A(m)``

where ``a_A(m)`` is the payoff of ``A`` when ``m`` of the others play ``A``
(likewise ``f_B``). The replicator dynamics are ``x' = x (1 - x) g(x)`` with
the advantage ``g = f_A - f_B``, a polynomial of degree at most ``n - 1``.
The rest points are ``x = 0``, ``x = 1`` and the roots of ``g`` in
``(0, 1)``; a rest point is asymptotically stable when the derivative of
``x (1 - x) g(x)`` there is negative. Evolutionary stability follows Broom,
Cannings and Vickers (1997): ``x = 1`` is an ESS when ``g`` is positive just
below 1, ``x = 0`` when ``g`` is negative just above 0, and an interior root
when ``g`` falls from positive to negative through it.

Everything is exact: payoffs are read as fractions (a float is the binary
fraction it stores), roots are found by sympy's exact real-root isolation,
and signs are decided on the exact polynomial.

References
----------
Broom, M., C. Cannings, and G. T. Vickers. 1997. "Multi-player Matrix Games."
Bulletin of Mathematical Biology 59 (5): 931-952.
Hofbauer, J., and K. Sigmund. 1998. Evolutionary Games and Population
Dynamics. Cambridge University Press, ch. 7.
"""

from __future__ import annotations

import itertools
from dataclasses import dataclass
from fractions import Fraction

import numpy as np

__all__ = ["MultiplayerRestPoint", "multiplayer_rest_points", "advantage_coefficients"]


@dataclass(frozen=True, eq=False)
class MultiplayerRestPoint:
    """A rest point of the one-population replicator dynamics of a symmetric n-player two-action game.

    Attributes
    ----------
    share : sympy number
        Share of the population playing the first action (exact: a
        rational, or an algebraic number given as a root of ``g``).
    shares : tuple of float
        Shares of both actions, as floats.
    derivative : sympy number
        Derivative of ``x (1 - x) g(x)`` at the point: negative means
        asymptotically stable, positive unstable, zero non-hyperbolic.
    stability : str
    advantage : sympy number
        ``g`` at the point (0 at an interior rest point).
    regret : sympy number
        The best deviation gain of a player at this state (0 at a symmetric
        Nash equilibrium).
    is_ess : bool
    reason : str
        Why the point is (or is not) evolutionarily stable, in terms of ``g``.
    actions : tuple of str
    """

    share: object
    shares: tuple
    derivative: object
    stability: str
    advantage: object
    regret: object
    is_ess: bool
    reason: str
    actions: tuple

    @property
    def is_nash(self) -> bool:
        return self.regret == 0

    @property
    def is_stable(self) -> bool:
        return self.stability == "asymptotically stable"

    @property
    def eigenvalue(self) -> float:
        """The derivative as a float (the one eigenvalue of the one-dimensional dynamics)."""
        return float(self.derivative.evalf(20))

    def describe(self) -> str:
        """The state in the game's words, e.g. ``"Balance"`` or ``"0.4226 Balance + 0.5774 Pass"``."""
        import sympy

        first, second = self.actions
        if self.share == 0:
            return second
        if self.share == 1:
            return first
        if isinstance(self.share, sympy.Rational):
            return f"{self.share} {first} + {1 - self.share} {second}"
        return f"{self.shares[0]:.4g} {first} + {self.shares[1]:.4g} {second}"


def _check_game(game):
    from ..games.normal_form import NormalFormGame

    if not isinstance(game, NormalFormGame):
        raise TypeError(f"game must be a NormalFormGame, got {type(game).__name__}")
    n = game.n_players
    if n < 2 or any(k != 2 for k in game.shape):
        raise ValueError(f"multiplayer rest points need a game in which every player has two actions, got shape {game.shape}")
    return n


def advantage_coefficients(game) -> list[Fraction]:
    """``a_A(m) - a_B(m)`` for ``m = 0 .. n-1`` others playing the first action, after checking symmetry.

    Raises
    ------
    ValueError
        When the game is not symmetric: a player's payoff must depend only on
        its own action and on how many of the others play each action, the
        same way for every player.

    Examples
    --------
    >>> from gametheory import NormalFormGame
    >>> import numpy as np
    >>> stag = NormalFormGame.from_bimatrix([[4, 0], [3, 2]], [[4, 3], [0, 2]])
    >>> advantage_coefficients(stag)
    [Fraction(-2, 1), Fraction(1, 1)]
    """
    n = _check_game(game)
    payoff = [np.asarray(p, dtype=object) for p in game.payoffs]
    table = {}
    for profile in itertools.product((0, 1), repeat=n):
        for player in range(n):
            own = profile[player]
            others = sum(1 for q in range(n) if q != player and profile[q] == 0)
            value = Fraction(payoff[player][profile])
            key = (own, others)
            if key not in table:
                table[key] = value
            elif table[key] != value:
                shown = ", ".join(game.actions[q][a] for q, a in enumerate(profile))
                raise ValueError(
                    f"the game is not symmetric: player {game.players[player]!r} at ({shown}) earns {value}, but "
                    f"playing {game.actions[0][own]!r} with {others} of the others on {game.actions[0][0]!r} earns "
                    f"{table[key]} elsewhere")
    return [table[(0, m)] - table[(1, m)] for m in range(n)]


def _sign_near(polynomial, point, x, side: int) -> int:
    """Sign of ``polynomial`` just right (side=+1) or left (side=-1) of ``point``: the first non-zero derivative decides."""
    import sympy

    current = polynomial
    for order in range(polynomial.degree() + 1):
        value = sympy.sign(sympy.nsimplify(current.as_expr().subs(x, point)) if isinstance(point, sympy.Rational)
                           else current.as_expr().subs(x, point))
        value = int(value)
        if value != 0:
            return value * (side ** order)
        current = current.diff(x)
    return 0


def multiplayer_rest_points(game) -> list[MultiplayerRestPoint]:
    """Rest points of the one-population replicator dynamics of a symmetric game of two actions, any number of players.

    Parameters
    ----------
    game : NormalFormGame
        A symmetric game: every player has the same two actions and a
        player's payoff depends only on its own action and on how many of the
        others play each.

    Returns
    -------
    list of MultiplayerRestPoint
        ``x = 1`` (all play the first action), ``x = 0``, then the interior
        rest points in increasing share of the first action.

    Examples
    --------
    The volunteer's dilemma of three players: volunteering costs 1 and
    yields 4 to everyone; if nobody volunteers all get 0. At the interior
    rest point the share ``q`` of non-volunteers satisfies ``q**2 = 1/4``.

    >>> import numpy as np
    >>> from gametheory import NormalFormGame
    >>> def volunteer(me, others):   # 0 = volunteer
    ...     return 3 if me == 0 else (4 if others > 0 else 0)
    >>> payoffs = np.empty((3, 2, 2, 2), dtype=object)
    >>> for s in np.ndindex(2, 2, 2):
    ...     for p in range(3):
    ...         payoffs[(p,) + s] = volunteer(s[p], sum(1 for q in range(3) if q != p and s[q] == 0))
    >>> game = NormalFormGame(list(payoffs), actions=(["Volunteer", "Ignore"],) * 3)
    >>> for point in multiplayer_rest_points(game):
    ...     print(point.describe(), "|", point.stability, "| ESS:", point.is_ess, "| Nash:", point.is_nash)
    Volunteer | unstable | ESS: False | Nash: False
    Ignore | unstable | ESS: False | Nash: False
    1/2 Volunteer + 1/2 Ignore | asymptotically stable | ESS: True | Nash: True
    """
    import sympy

    coefficients = advantage_coefficients(game)
    n = len(coefficients)
    x = sympy.Symbol("x")
    g = sympy.Poly(sum(sympy.binomial(n - 1, m) * x**m * (1 - x) ** (n - 1 - m) * sympy.Rational(c.numerator, c.denominator)
                       for m, c in enumerate(coefficients)), x, domain="QQ")
    flow = sympy.Poly(x * (1 - x), x) * g
    slope = flow.diff(x)
    actions = tuple(game.actions[0])
    points = []

    def add(share, ess: bool, reason: str):
        derivative = sympy.simplify(slope.as_expr().subs(x, share)) if not isinstance(share, sympy.Rational) \
            else slope.eval(share)
        sign = int(sympy.sign(derivative))
        # Linearisation decides when the derivative is not 0; otherwise an ESS is still asymptotically stable
        # (the flow points towards it from both sides; Hofbauer and Sigmund 1998, thm. 7.2.4).
        stability = {-1: "asymptotically stable", 1: "unstable",
                     0: "asymptotically stable" if ess else "non-hyperbolic"}[sign]
        advantage = g.eval(share) if isinstance(share, sympy.Rational) else sympy.Integer(0)
        if share == 1:
            regret = max(-advantage, sympy.Integer(0))
        elif share == 0:
            regret = max(advantage, sympy.Integer(0))
        else:
            regret = sympy.Integer(0)
        value = float(sympy.N(share, 20))
        points.append(MultiplayerRestPoint(share, (value, 1.0 - value), derivative, stability, advantage, regret, ess,
                                           reason, actions))

    if g.is_zero:
        raise ValueError("every state is a rest point: both actions always earn the same (a continuum of rest points)")
    one, zero = sympy.Integer(1), sympy.Integer(0)
    below_one = _sign_near(g, one, x, -1)
    add(one, below_one > 0, f"g = f({actions[0]}) - f({actions[1]}) is {'positive' if below_one > 0 else 'not positive'} "
                            f"just below x = 1 (g(1) = {g.eval(one)})")
    above_zero = _sign_near(g, zero, x, +1)
    add(zero, above_zero < 0, f"g is {'negative' if above_zero < 0 else 'not negative'} just above x = 0 "
                              f"(g(0) = {g.eval(zero)})")
    roots = sorted({r for r in g.real_roots() if 0 < r < 1}, key=lambda r: float(sympy.N(r, 20)))
    for root in roots:
        left, right = _sign_near(g, root, x, -1), _sign_near(g, root, x, +1)
        ess = left > 0 and right < 0
        add(root, ess, f"g falls from {'+' if left > 0 else '-'} to {'+' if right > 0 else '-'} through x = "
                       f"{float(sympy.N(root, 20)):.6g}" + ("" if ess else " (an ESS needs + to -)"))
    return points
