"""All Nash equilibria of small n-player games by support enumeration on polynomial systems.

For every support profile (one non-empty set of actions per player) the
equilibrium conditions inside the supports are the *indifference system*: each
player gets the same payoff from every action of its support. With more than
two players these equations are multilinear polynomials in the others'
probabilities. Each solution is kept when its probabilities lie in ``[0, 1]``
and no action outside the support pays more, and is then certified by
:func:`~gametheory.equilibrium.certify`. Support profiles where a support
action is strictly dominated given the others' supports are pruned first.

Two routes solve the systems (:mod:`._polynomial_exact`, :mod:`._polynomial_float`):

* **exact** (the reference, and the default for exact games): sympy, a
  lexicographic Groebner basis (through a graded one and FGLM) then the
  real roots of its univariate polynomial, so rational equilibria come out
  as exact fractions and irrational ones as algebraic numbers. It runs
  within budgets (see *Budgets* below);
* **float** (the default for float games, e.g. sweeps): numerical, without
  symbolic algebra. Support profiles of the same shape are solved together
  (:mod:`._polynomial_batch`; small groups on Python floats,
  :mod:`._polynomial_small`): two mixers by Cramer's rule, three mixers
  with supports of sizes ``(2, s, s)`` or ``(2, 2, 3)`` and four two-action
  mixers through one univariate polynomial each, and candidates are
  screened for regret before they are certified. The other profiles, and
  any the batch finds singular or doubtful, are solved one at a time
  (:mod:`._polynomial_float`): two mixing players with equally many
  equations are solved for by Cramer's rule given the others' strategies,
  leaving at most two polynomial equations, solved by companion-matrix
  roots or a Sylvester resultant; roots are polished by Newton's method on
  the full system. A support that is singular in floating point (so
  possibly a continuum) is handed to the exact route, so degenerate games
  are reported the same way.

A support profile whose system has a positive-dimensional solution set (a
curve or surface of solutions) signals a continuum of equilibria or at least a
degenerate game: it is reported, never silently skipped.

Budgets. Groebner bases can take unbounded time, so the symbolic work never
runs unbounded:

* a size budget: in exact mode a support system with more than
  :data:`~._polynomial_exact.MAX_GROEBNER_UNKNOWNS` (6) unknowns or a Bezout
  bound (product of the equations' degrees) above
  :data:`~._polynomial_exact.MAX_GROEBNER_BEZOUT` (100) goes to the float
  route first, and to sympy only if that cannot settle it;
* a time budget: the symbolic work runs in a separate process that is
  killed after ``groebner_seconds`` (default 5 s) on one support, and all
  supports together get ``groebner_total_seconds`` (default 30 s).

Past a budget, exact mode solves the support by the float route, refines
each solution by Newton's method in 60-digit arithmetic and reads it as
fractions, which are kept only if :func:`~gametheory.equilibrium.certify`
finds them an equilibrium in exact arithmetic (regret exactly 0). Solutions
that are irrational (or not read as fractions) are certified in floating
point. The result's notes then say ``exact mode fell back to floats for
support ... because ...``, and ``exact`` is False when any equilibrium is
certified in floating point. A support no route settles (singular in
floating point and over the time budget) is named in a note ending
"equilibria with this support may be missing" (supports left for the same
reason are grouped in one note), and ``complete`` is False.

This is the method of McKelvey and McLennan (1996, section 6) and of Gambit's
``enumpoly``; it is exponential in the number of actions and meant for small
games such as three-state alliance models.
"""

from __future__ import annotations

import functools
import itertools
from fractions import Fraction

import numpy as np

from ..equilibrium import NotAnEquilibriumError, SolveResult, certify, certify_float, solve_result
from ..games.normal_form import NormalFormGame
from ..numerics import format_value
from . import _polynomial_exact as _exact
from ._polynomial_exact import GROEBNER_SECONDS, GROEBNER_TOTAL_SECONDS, _supports
from ._polynomial_batch import best_response_counts, screen, solve_batch
from ._polynomial_float import _EXACT, _NumericSupports

__all__ = ["polynomial_enumeration", "MAX_SUPPORT_PROFILES"]


class _Enumeration:
    """State of one run: the certified equilibria found so far, notes and flags."""

    def __init__(self, game: NormalFormGame, exact: bool, tol, groebner_seconds, groebner_total_seconds):
        self.game = game
        self.exact = exact
        self.tol = tol
        self.float_game = game.as_float()
        self.certify_game = game.as_exact() if exact else self.float_game
        self.game_tol = self.float_game.tolerance(tol)
        self.found: list = []
        self._flat: list = []  # each found equilibrium's strategies as one float vector
        self.notes: list[str] = []
        self.positive_dimensional: list[str] = []
        self.interior_continuum = False
        self.failures: list[tuple[str, str]] = []  # (support, reason) of supports left unsolved
        self.fallbacks: list[tuple[str, str, list]] = []  # (support, reason, equilibria certified in floats)
        self.numeric = _NumericSupports(self.float_game.payoffs, self.game_tol)
        self._exact_payoffs = None
        self.worker = None
        self.groebner_seconds = groebner_seconds
        self.groebner_total = groebner_total_seconds
        self.groebner_left = groebner_total_seconds

    # ------------------------------------------------------------ helpers
    @property
    def exact_payoffs(self):
        """The payoff arrays as Fractions (float payoffs read as exact decimals), made on first use."""
        if self._exact_payoffs is None:
            self._exact_payoffs = self.game.as_exact().payoffs
        return self._exact_payoffs

    def describe_support(self, supports) -> str:
        game = self.game
        return "(" + "; ".join(
            f"{game.players[i]}: {', '.join(game.actions[i][a] for a in s)}" for i, s in enumerate(supports)
        ) + ")"

    def _keep(self, candidate) -> None:
        # Equilibrium.same_as (numpy's allclose) on all listed equilibria at once.
        flat = np.concatenate([np.asarray(s, dtype=float) for s in candidate.strategies])
        if self._flat:
            close = np.abs(np.array(self._flat) - flat) <= max(1e-7, self.game_tol) + 1e-5 * np.abs(flat)
            hits = np.flatnonzero(np.all(close, axis=1))
            if len(hits):
                k = int(hits[0])
                if candidate.is_exact and not self.found[k].is_exact:
                    self.found[k] = candidate
                    self._flat[k] = flat
                return
        self.found.append(candidate)
        self._flat.append(flat)

    def add(self, strategies, is_rational, algebraic=None) -> None:
        """Certify a profile from the exact route (Fractions or floats) and keep it unless already listed."""
        if is_rational and self.exact:
            candidate = certify(self.certify_game, [np.array(s, dtype=object) for s in strategies], tol=self.tol)
        else:
            floats = [np.asarray([float(v) for v in s]) for s in strategies]
            candidate = (certify if self.exact else certify_float)(self.certify_game, floats, tol=self.tol)
        before = len(self.found)
        self._keep(candidate)
        if algebraic is not None and len(self.found) > before:
            self.notes.append(f"equilibrium {candidate.describe()} has irrational probabilities, certified in floating "
                              f"point; exact values: {algebraic}")

    def add_float(self, strategies) -> None:
        """Certify a float candidate from the numerical route; silently drop it if it is not an equilibrium."""
        if self._flat:  # cheap duplicate test before certifying
            flat = np.concatenate(strategies)
            if np.any(np.max(np.abs(np.array(self._flat) - flat), axis=1) <= 1e-9):
                return
        try:
            candidate = certify_float(self.float_game, strategies, tol=self.tol)
        except NotAnEquilibriumError:
            return
        self._keep(candidate)

    # ------------------------------------------------- float: lone mixer
    def lone_mixer(self, supports) -> bool:
        """Float route for a support where one player mixes, indifferent, while the others play pure actions.

        Its strategies form a simplex of solutions, on which the equilibrium
        conditions (the pure players' actions stay best responses) are linear.
        With two support actions the feasible set is an interval, found
        directly: its end points are listed and an interval with distinct
        ends is reported as a continuum, as the exact route does. With more
        actions a linear programme decides whether any point is feasible;
        only a feasible one goes to the exact route. Returns whether the
        support was settled here.
        """
        mixing = [i for i, s in enumerate(supports) if len(s) > 1]
        if len(mixing) != 1:
            return False
        k = mixing[0]
        game = self.float_game
        payoffs = game.payoffs
        support = supports[k]
        profile = [s[0] for s in supports]

        def payoff(player, actions):
            return float(payoffs[player][tuple(actions)])

        # gaps[c, a]: constraint c (>= 0 at an equilibrium) when the mixer plays support action a.
        gaps = []
        for l in range(game.n_players):
            if l == k:
                continue
            for b in range(game.shape[l]):
                if b == profile[l]:
                    continue
                row = []
                for a in support:
                    here = list(profile)
                    here[k] = a
                    there = list(here)
                    there[l] = b
                    row.append(payoff(l, here) - payoff(l, there))
                gaps.append(row)
        own = [payoff(k, profile) - payoff(k, [b if i == k else p for i, p in enumerate(profile)])
               for b in range(game.shape[k]) if b not in support]
        self.positive_dimensional.append(self.describe_support(supports))
        if own and min(own) < -self.game_tol:
            return True  # an action off the mixer's support pays more
        gaps = np.array(gaps, dtype=float).reshape(-1, len(support))
        if len(support) > 2:
            from scipy.optimize import linprog

            check = linprog(np.zeros(len(support)), A_ub=-gaps, b_ub=np.full(len(gaps), self.game_tol),
                            A_eq=np.ones((1, len(support))), b_eq=[1.0], bounds=[(0, None)] * len(support))
            if check.status == 2:  # infeasible: no equilibrium with this support
                return True
            self.positive_dimensional.pop()  # the exact route records it
            return False
        low, high = 0.0, 1.0
        for at_first, at_second in gaps:
            slope = at_second - at_first
            if abs(slope) <= self.game_tol:
                if max(at_first, at_second) < -self.game_tol:
                    return True
                continue
            root = -at_first / slope
            if slope > 0:
                low = max(low, root)
            else:
                high = min(high, root)
        if low > high + 1e-12:
            return True
        points = [low] if high - low <= 1e-12 else [low, high]
        for t in points:
            strategies = [np.eye(m)[a] for m, a in zip(game.shape, profile)]
            strategies[k] = np.zeros(game.shape[k])
            strategies[k][support[0]], strategies[k][support[1]] = 1.0 - t, t
            self.add_float(strategies)
        if len(points) == 2:
            self.interior_continuum = True
            actions = game.actions[k]
            self.notes.append(
                f"continuum under support {self.describe_support(supports)}: every mixture of "
                f"{game.players[k]}'s {actions[support[0]]} and {actions[support[1]]} with probability "
                f"between {format_value(low, digits=6)} and {format_value(high, digits=6)} on {actions[support[1]]} "
                "is an equilibrium; its end points are listed")
        return True

    # --------------------------------------------------------- exact route
    def symbolic(self, supports):
        """Solve a support symbolically within the time budgets: True when done, else the reason it was not."""
        import time

        if self.worker is None:
            game = self.game
            self.worker = _exact.GroebnerWorker(self.exact_payoffs, game.shape, self.game_tol, game.players)
        seconds = self.groebner_seconds
        if self.groebner_left is not None:
            if self.groebner_left <= 0:
                return (f"the total time budget of the symbolic route ({format_value(self.groebner_total, digits=3)} s, "
                        "groebner_total_seconds) was used up")
            seconds = self.groebner_left if seconds is None else min(seconds, self.groebner_left)
        if not self.worker.bounded and not _exact.within_groebner_budget(supports):
            return "its system is over the symbolic size budget and no process could be started to bound the time"
        started = time.perf_counter()
        outcome = self.worker.solve(supports, self.describe_support(supports), seconds)
        if self.groebner_left is not None:
            self.groebner_left -= time.perf_counter() - started
        if outcome is None:
            return f"sympy's Groebner basis did not finish within {format_value(seconds, digits=3)} s"
        if outcome.error is not None:
            raise RuntimeError(f"polynomial enumeration failed on support {self.describe_support(supports)}:\n"
                               + outcome.error)
        if outcome.failure is not None:
            return f"sympy could not solve the system ({outcome.failure})"
        description = self.describe_support(supports)
        for strategies, is_rational, algebraic in outcome.points:
            self.add(strategies, is_rational, algebraic)
        if outcome.positive_dimensional:
            self.positive_dimensional.append(description)
        self.interior_continuum |= outcome.interior_continuum
        self.notes.extend(outcome.notes)
        return True

    def symbolic_or_fail(self, supports, why: str) -> bool:
        """A support no float route settles (``why``): symbolically, else recorded as unsolved; True when solved."""
        done = self.symbolic(supports)
        if done is True:
            return True
        self.failures.append((self.describe_support(supports), f"{why}, and {done}"))
        return False

    def exact_support(self, supports) -> None:
        """Exact mode for a support with two or more mixers: symbolic within the budgets, else floats verified exactly.

        A system within the size budget (:func:`~._polynomial_exact.within_groebner_budget`)
        is solved symbolically, within its time budget. Otherwise, or when
        that overruns, each floating-point solution of the float route is
        refined to high precision, read as fractions and certified in exact
        arithmetic; solutions that are not rational (or not isolated) are
        certified in floating point, and a note says so and why.
        """
        within = _exact.within_groebner_budget(supports)
        if within:
            reason = self.symbolic(supports)
            if reason is True:
                return
        else:
            unknowns, bezout = _exact.system_size(supports)
            reason = (f"its system ({unknowns} unknowns, Bezout bound {bezout}) is over the symbolic size budget "
                      f"(MAX_GROEBNER_UNKNOWNS={_exact.MAX_GROEBNER_UNKNOWNS}, "
                      f"MAX_GROEBNER_BEZOUT={_exact.MAX_GROEBNER_BEZOUT})")
        outcome = self.numeric.solve(supports)
        if outcome is _EXACT:
            # Nothing else can settle it: try sympy after all, within the time budgets.
            if not within:
                done = self.symbolic(supports)
                if done is True:
                    return
                reason = f"{_UNSETTLED}, and {done}"
            else:
                reason = f"{reason}, and {_UNSETTLED}"
            self.failures.append((self.describe_support(supports), reason))
            return
        pending = []
        for strategies in outcome:
            if self._known(strategies):
                continue
            refined = _exact.refine(self.exact_payoffs, supports, strategies)
            profile = None if refined is None else _exact.rational_profile(self.game.shape, supports, refined)
            if profile is not None:
                try:
                    candidate = certify(self.certify_game, [np.array(s, dtype=object) for s in profile], tol=self.tol)
                except NotAnEquilibriumError:
                    candidate = None
                if candidate is not None:
                    self._keep(candidate)
                    continue
            if refined is not None:
                strategies = self.numeric._profile(supports, {k: np.array([float(v) for v in y])
                                                              for k, y in refined.items()})
            pending.append(strategies)
        kept = []
        for strategies in pending:
            try:
                candidate = (certify if self.exact else certify_float)(self.certify_game, strategies, tol=self.tol)
            except NotAnEquilibriumError:
                continue
            before = len(self.found)
            self._keep(candidate)
            if len(self.found) > before:
                kept.append(candidate.describe())
        self.fallbacks.append((self.describe_support(supports), reason, kept))

    def _fallback_notes(self) -> list[str]:
        """One note per support with equilibria certified in floats only; the others grouped by reason."""
        notes, quiet = [], {}
        for support, reason, kept in self.fallbacks:
            if kept:
                notes.append(
                    f"exact mode fell back to floats for support {support} because {reason}; its solutions were "
                    "found in floating point (so the list rests on floating-point root finding) and each rational "
                    f"one certified exactly; {'; '.join(kept)} {'is' if len(kept) == 1 else 'are'} certified in "
                    "floating point only (irrational, or not read as fractions), without exact values")
            else:
                quiet.setdefault(reason, []).append(support)
        for reason, supports in quiet.items():
            notes.append(
                f"exact mode fell back to floats for support{'s' if len(supports) > 1 else ''} {', '.join(supports)} "
                f"because {reason}; {'their' if len(supports) > 1 else 'its'} solutions were found in floating point "
                "(so the list rests on floating-point root finding) and each rational one certified exactly")
        return notes

    def _failure_notes(self) -> list[str]:
        """Supports left unsolved, grouped by reason."""
        grouped = {}
        for support, reason in self.failures:
            grouped.setdefault(reason, []).append(support)
        return [f"support{'s' if len(supports) > 1 else ''} {', '.join(supports)} "
                f"{'were' if len(supports) > 1 else 'was'} not solved: {reason}; equilibria with "
                f"{'these supports' if len(supports) > 1 else 'this support'} may be missing"
                for reason, supports in grouped.items()]

    def _known(self, strategies) -> bool:
        return any(all(np.allclose(np.asarray(a, dtype=float), b, atol=1e-9, rtol=0)
                       for a, b in zip(existing.strategies, strategies)) for existing in self.found)

    # -------------------------------------------------------------- result
    def result(self) -> SolveResult:
        game, tol, found = self.game, self.tol, self.found
        notes = list(self.notes)
        if self.positive_dimensional:
            unique = list(dict.fromkeys(self.positive_dimensional))
            notes.append(
                "the indifference equations have a positive-dimensional solution set under support(s) "
                + ", ".join(unique)
                + "; sympy's parametrisation of such sets is not guaranteed to cover every component, "
                "so the list is not guaranteed complete"
            )
        notes = list(dict.fromkeys(notes))
        notes.extend(self._fallback_notes())
        notes.extend(self._failure_notes())
        degenerate = True if self.positive_dimensional else None
        if degenerate is None and not self.exact and found:
            counts = best_response_counts(self.float_game.payoffs, [e.as_float() for e in found],
                                          game.tolerance(tol))
            sizes = np.array([[len(s) for s in e.supports] for e in found])
            degenerate = True if np.any(counts > sizes) else None
        elif degenerate is None:
            slack = game.tolerance(tol)
            for equilibrium in found:
                strategies = equilibrium.strategies
                for i in range(game.n_players):
                    # Same count as game.best_responses, without re-validating the certified profile.
                    values = game.deviation_payoffs(i, strategies)
                    if values.dtype == object:
                        best = int(sum(v == max(values) for v in values))
                    else:
                        best = int(np.count_nonzero(values >= values.max() - slack))
                    if best > len(equilibrium.supports[i]):
                        degenerate = True
                        break
        continuum = True if self.interior_continuum else (False if not self.positive_dimensional else None)
        complete = not self.positive_dimensional and not self.failures
        order = sorted(range(len(found)), key=lambda k: (
            not found[k].is_pure, [list(-np.asarray(s, dtype=float)) for s in found[k].strategies]))
        return solve_result(
            self.certify_game,
            tuple(found[k] for k in order),
            "polynomial_enumeration",
            complete,
            degenerate=degenerate,
            continuum=continuum,
            notes=tuple(notes),
            exact=self.exact and all(e.is_exact for e in found),
        )


def _dominance_mask(payoffs, margin) -> np.ndarray:
    """Boolean array over support profiles (indexed as in :func:`_supports`): True where some support action
    is beaten by more than ``margin`` by one pure action against every profile of the others' supports.

    Such a support action is never a best response, so the profile holds no
    equilibrium (conditional dominance, as in Porter, Nudelman and Shoham 2008).
    "At every profile of the others' supports" is counted: the number of
    profiles where action ``b`` beats ``a``, summed over each support
    profile of the others by one contraction with their membership
    matrices, equals the number of profiles there.
    """
    n = len(payoffs)
    shape = payoffs[0].shape
    members = [_memberships(m) for m in shape]
    mask = np.zeros([len(k) for k in members], dtype=bool)
    letters = "abcdefghijklmnopqrstuvw"
    for i in range(n):
        others = [k for k in range(n) if k != i]
        own = np.moveaxis(np.asarray(payoffs[i]), i, 0)  # (m_i, others...)
        # beats[b, a, others...]: action b pays more than a by more than margin at that profile.
        beats = np.asarray(own[:, None] - own[None, :] > margin, dtype=float)
        spec = "YZ" + letters[:len(others)] + "".join("," + letters[k].upper() + letters[k] for k in range(len(others)))
        counts = np.einsum(spec + "->YZ" + letters[:len(others)].upper(), beats, *(members[k] for k in others))
        profiles = 1.0
        for k in others:
            profiles = np.multiply.outer(profiles, members[k].sum(axis=1))
        beaten = np.any(counts == profiles, axis=0)  # (m_i, subsets of others...)
        # A profile is dominated for player i when one of its support actions is beaten.
        hit = np.tensordot(members[i], beaten.astype(float), axes=([1], [0])) > 0
        mask |= np.moveaxis(hit, 0, i)
    return mask


@functools.lru_cache(maxsize=None)
def _memberships(m: int) -> np.ndarray:
    """``(2**m - 1, m)`` float matrix: row ``s`` marks the actions of the ``s``-th support of :func:`_supports`."""
    matrix = np.array([[a in s for a in range(m)] for s in _supports(m)], dtype=float)
    matrix.setflags(write=False)
    return matrix


def _lone_mixer_not_indifferent(payoffs, supports) -> bool:
    """True when one player mixes, the others are pure, and its support actions pay differently (no solution)."""
    mixing = [i for i, s in enumerate(supports) if len(s) > 1]
    if len(mixing) != 1:
        return False
    k = mixing[0]
    profile = [s[0] for s in supports]
    values = []
    for a in supports[k]:
        profile[k] = a
        values.append(payoffs[k][tuple(profile)])
    return any(v != values[0] for v in values[1:])


_DEFAULT = object()


#: Largest number of support profiles (``prod(2**m_i - 1)``) enumerated: the support tables are held
#: in memory, and far below this the symbolic work is already out of reach (see
#: :func:`~gametheory.solvers.budget.enumeration_work`, which ``solve(method="auto")`` checks first).
MAX_SUPPORT_PROFILES = 1_000_000


#: Float mode tests support profiles for conditional dominance in games with more profiles than this.
PRUNE_ABOVE = 27


def _profile_count(shape) -> int:
    count = 1
    for m in shape:
        count *= 2 ** int(m) - 1
    return count


def _check_profiles(shape, max_profiles) -> None:
    """Refuse, before any work or allocation, a game with more support profiles than ``max_profiles``."""
    limit = MAX_SUPPORT_PROFILES if max_profiles is _DEFAULT else max_profiles
    if limit is None:
        return
    count = 1
    for m in shape:
        count *= 2 ** int(m) - 1
    if count > limit:
        size = " x ".join(map(str, shape))
        raise ValueError(
            f"all equilibria of a {size} game: {count:.3g} support profiles, above the limit of {limit:,} "
            "(MAX_SUPPORT_PROFILES); --method auto finds one certified equilibrium by logit tracing, or call "
            "polynomial_enumeration(game, max_profiles=None) to enumerate anyway"
        )


def polynomial_enumeration(game: NormalFormGame, *, exact: bool | None = None, tol: float | None = None,
                           max_profiles=_DEFAULT, groebner_seconds: float | None = GROEBNER_SECONDS,
                           groebner_total_seconds: float | None = GROEBNER_TOTAL_SECONDS) -> SolveResult:
    """All Nash equilibria of a small n-player game, by solving each support's indifference system.

    Parameters
    ----------
    game : NormalFormGame
        Any number of players; meant for small games (for example three
        players with two or three actions each).
    exact : bool, optional
        Solve and certify in exact arithmetic (regret exactly 0 for rational
        equilibria); default: exact when the game's payoffs are exact. In
        exact mode every support system within the budgets is solved with
        sympy (float payoffs are read as exact decimals) and irrational
        equilibria (possible with three or more players) are certified in
        floating point, with their exact algebraic values in the notes;
        past the budgets see the module notes (*Budgets*). In float mode
        (``exact=False``) the systems are solved numerically (see Notes) and
        every equilibrium is certified in floating point.
    tol : float, optional
        Relative tolerance of float certificates (see :mod:`gametheory.numerics`).
    max_profiles : int or None, optional
        Largest number of support profiles attempted; default
        :data:`MAX_SUPPORT_PROFILES`, ``None`` lifts it.
    groebner_seconds : float or None, optional
        Wall-clock budget of the symbolic work on one support profile;
        default :data:`~._polynomial_exact.GROEBNER_SECONDS` (5 s), ``None``
        lifts it. The work runs in a child process, killed when over budget.
    groebner_total_seconds : float or None, optional
        Wall-clock budget of all symbolic work in this call; default
        :data:`~._polynomial_exact.GROEBNER_TOTAL_SECONDS` (30 s), ``None``
        lifts it.

    Returns
    -------
    SolveResult
        Method ``"polynomial_enumeration"``. ``complete`` is True when every
        support system had finitely many solutions (so every equilibrium is
        listed). When some support system has a positive-dimensional solution
        set, ``degenerate`` is True and ``complete`` is False. For a
        one-parameter family (a curve of solutions) the parameter values where
        the equilibrium conditions hold are found exactly: the end points of
        each interval of equilibria and any isolated equilibrium on the curve
        are listed, ``continuum`` is True when an interval exists, and a note
        gives the curve in closed form. For families with more free
        coordinates the equilibria listed are sample points at simple rational
        coordinates, and ``continuum`` is True when one of them is interior.
        The notes name each such support.

    Raises
    ------
    TypeError
        If ``game`` is not a NormalFormGame.
    ValueError
        If the game has more than ``max_profiles`` support profiles (checked
        before any work), or a budget is not a positive number or None.

    Notes
    -----
    For a support profile ``S`` the unknowns are the probabilities of each
    player's support actions, and the equations say that each player's
    support actions pay the same. Support profiles where some support
    action is strictly dominated by a pure action against the others'
    supports are skipped, as they contain no equilibrium. Solutions are
    accepted with probabilities in ``[0, 1]``, so an equilibrium may be
    found under several supports; duplicates are merged. The cost grows with
    ``prod(2^m_i - 1)`` support profiles.

    Exact mode computes a lexicographic Groebner basis of each system: a
    graded (grevlex) basis first and, when the system has finitely many
    solutions, the FGLM change of ordering to lex. A lex basis in shape
    position (a univariate polynomial in the last unknown, the other
    unknowns linear in terms of it; a separating linear form is added when
    the unknowns themselves do not separate the solutions) is solved by the
    exact real roots of the univariate polynomial; any other basis by
    sympy's ``solve``. The whole of it runs within the budgets of the
    module notes, and past them the support is solved in floats and each
    rational solution verified exactly. Float mode finds pure equilibria from the
    best-response tables at once and solves the mixed support profiles of
    the most common shapes together in arrays (see the module notes; every
    solution of such a profile is a root of its reduced polynomial, and a
    profile whose reduction is singular or doubtful in floating point goes
    on to the per-profile route). The per-profile route reduces each
    system without symbolic algebra: two mixing players with the same
    support size (one such pair first; at any doubt, such as a base point of
    the elimination, a root near the real line or Newton's method failing
    near a solution, every such pair in turn, keeping the union of what
    they find) are solved for by Cramer's rule given the others' strategies, which
    leaves at most two polynomial equations in the remaining unknowns
    (polynomial coefficients by interpolation at roots of unity; one
    variable: companion-matrix roots; two: the Sylvester resultant and back
    substitution). Real roots in range are polished by Newton's method on
    the full system and certified. Support profiles that are singular in
    floating point (a singular linear system, an identically vanishing
    equation or resultant, so possibly a continuum, or a complex root near
    the real line whose reality the rounding leaves undecided) or too large
    for this reduction (more than two unknowns left) are handed to the
    exact route, within the same time budgets, so continua are reported as
    in exact mode, and a note counts them.

    References
    ----------
    R. D. McKelvey and A. McLennan, "Computation of equilibria in finite
    games", Handbook of Computational Economics vol. 1 (1996), 87-142.
    R. S. Datta, "Using computer algebra to find Nash equilibria", ISSAC 2003.
    J.-C. Faugere, P. Gianni, D. Lazard and T. Mora, "Efficient computation
    of zero-dimensional Groebner bases by change of ordering", J. Symbolic
    Computation 16 (1993), 329-344.
    D. A. Cox, J. Little and D. O'Shea, *Using Algebraic Geometry*, 2nd ed.
    (Springer 2005), chapter 3 (resultants).

    Examples
    --------
    A three-player game where each player wants to match the next one:

    >>> import numpy as np
    >>> from gametheory import NormalFormGame
    >>> payoffs = [np.array([[[int(a == b) for c in range(2)] for b in range(2)] for a in range(2)]),
    ...            np.array([[[int(b == c) for c in range(2)] for b in range(2)] for a in range(2)]),
    ...            np.array([[[int(c == a) for c in range(2)] for b in range(2)] for a in range(2)])]
    >>> result = polynomial_enumeration(NormalFormGame(payoffs))
    >>> [e.describe() for e in result]
    ['Player 1: A1; Player 2: B1; Player 3: C1', 'Player 1: A2; Player 2: B2; Player 3: C2', 'Player 1: 1/2 A1 + 1/2 A2; Player 2: 1/2 B1 + 1/2 B2; Player 3: 1/2 C1 + 1/2 C2']
    >>> result.complete, result[2].regrets
    (True, (Fraction(0, 1), Fraction(0, 1), Fraction(0, 1)))

    The same game in float mode is solved numerically, with float certificates:

    >>> result = polynomial_enumeration(NormalFormGame(payoffs).as_float())
    >>> result.exact, len(result), [round(float(p), 6) for p in result[2].strategies[0]]
    (False, 3, [0.5, 0.5])
    >>> result[2].max_regret <= result.game.tolerance()
    True
    """
    if not isinstance(game, NormalFormGame):
        raise TypeError(f"polynomial_enumeration() takes a NormalFormGame, got {type(game).__name__}")
    exact = game.is_exact if exact is None else bool(exact)
    _check_profiles(game.shape, max_profiles)
    groebner_seconds = _seconds(groebner_seconds, "groebner_seconds")
    groebner_total_seconds = _seconds(groebner_total_seconds, "groebner_total_seconds")
    run = _Enumeration(game, exact, tol, groebner_seconds, groebner_total_seconds)
    try:
        _enumerate(run)
    finally:
        if run.worker is not None:
            run.worker.close()
    return run.result()


def _seconds(value, name: str):
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, (int, float, Fraction)) or not value > 0 \
            or not np.isfinite(float(value)):
        raise ValueError(f"{name} must be a positive number of seconds or None, got {value!r}")
    return float(value)


_UNSETTLED = ("the float route could not settle it (singular in floating point, so possibly a continuum, "
              "or more unknowns than its reduction handles)")


def _enumerate(run: _Enumeration) -> None:
    game = run.game
    profiles = itertools.product(*(list(_supports(m)) for m in game.shape))
    if run.exact:
        exact_game = game.as_exact()
        dominated = _dominance_mask(exact_game.payoffs, 0)
        pure = np.ones(game.shape, dtype=bool)
        for i in range(game.n_players):
            pure &= exact_game.pure_best_response_mask(i)
        for supports, skip in zip(profiles, dominated.ravel()):
            if skip:
                continue
            if all(len(s) == 1 for s in supports):
                # A pure profile: an equilibrium exactly when every action is a best response.
                if pure[tuple(s[0] for s in supports)]:
                    run.add([[Fraction(int(a == s[0])) for a in range(m)] for s, m in zip(supports, game.shape)], True)
                continue
            if _lone_mixer_not_indifferent(exact_game.payoffs, supports):
                continue
            if sum(len(s) > 1 for s in supports) >= 2:
                run.exact_support(supports)
                continue
            # A lone mixer, indifferent over its support: its equations are
            # constants, so the symbolic route is cheap; the float one stands by.
            done = run.symbolic(supports)
            if done is not True and run.lone_mixer(supports):
                run.fallbacks.append((run.describe_support(supports), done, ["its equilibria"]))
            elif done is not True:
                run.failures.append((run.describe_support(supports), done))
        return

    float_game = run.float_game
    payoffs = float_game.payoffs
    # Pure equilibria at once from the best-response tables.
    mask = np.ones(game.shape, dtype=bool)
    for i in range(game.n_players):
        mask &= float_game.pure_best_response_mask(i, tol=run.tol)
    for profile in np.argwhere(mask):
        strategies = [np.eye(m)[a] for m, a in zip(game.shape, profile)]
        run.add_float(strategies)
    # Profiles of the same shape solved together; what the batch cannot settle
    # cleanly is solved one profile at a time below.
    # Conditional dominance prunes profiles before they are solved; in the
    # smallest games solving them on Python floats costs less than the test.
    count = _profile_count(game.shape)
    dominated = _dominance_mask(payoffs, run.game_tol).ravel() if count > PRUNE_ABOVE else itertools.repeat(False)
    mixed = [supports for supports, skip in zip(profiles, dominated)
             if not skip and any(len(s) > 1 for s in supports)]
    batch = solve_batch(run.numeric.payoffs, game.shape, mixed, run.numeric.relative_tol)
    for strategies in screen(payoffs, batch.candidates, 10 * run.game_tol):
        run.add_float(strategies)
    handed = []
    skipped = None
    for supports in batch.handed_back:
        if count <= PRUNE_ABOVE:
            # What the batch hands back may reach the positive-dimensional routes, whose verdicts
            # must not depend on the game's size: prune it by dominance as larger games are.
            if skipped is None:
                flags = _dominance_mask(payoffs, run.game_tol).ravel()
                every = itertools.product(*(list(_supports(m)) for m in game.shape))
                skipped = {s for s, flag in zip(every, flags) if flag}
            if supports in skipped:
                continue
        outcome = run.numeric.solve(supports, first_pair_only=True)
        if outcome is _EXACT:
            outcome = run.numeric.solve(supports)
        if outcome is _EXACT:
            if run.lone_mixer(supports):
                continue
            if run.symbolic_or_fail(supports, _UNSETTLED):
                handed.append(run.describe_support(supports))
            continue
        for strategies in outcome:
            run.add_float(strategies)
    if handed:
        run.notes.append(
            f"{len(handed)} support profile(s) were singular in floating point or outside the numerical "
            "reduction and were solved exactly with sympy: " + ", ".join(handed))
