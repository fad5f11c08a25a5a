"""Finite-horizon play with execution errors, and round-robin tournaments.

These are for teaching the logic of Axelrod's computer tournaments: who
scores well, against whom, and how noise (a player meaning to cooperate but
defecting by mistake) hurts unforgiving strategies. Randomness comes only from
a seeded :class:`numpy.random.Generator`, so every run can be repeated.

References
----------
Axelrod, R. (1980). Effective choice in the Prisoner's Dilemma. *Journal of
Conflict Resolution* 24(1), 3-25.
Axelrod, R. (1984). *The Evolution of Cooperation*. Basic Books, ch. 2.
"""

from __future__ import annotations

import numbers
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from fractions import Fraction

import numpy as np

from ..normal_form import NormalFormGame
from .automata import Automaton
from .game import RepeatedGame

__all__ = ["MatchResult", "TournamentResult", "play_match", "tournament"]


def _as_repeated(game) -> RepeatedGame:
    if isinstance(game, RepeatedGame):
        return game
    if isinstance(game, NormalFormGame):
        return RepeatedGame(game, 0)
    raise TypeError(f"game must be a RepeatedGame or a two-player NormalFormGame, got {type(game).__name__}")


def _rounds(rounds, game: RepeatedGame) -> int:
    if rounds is None:
        if game.horizon is None:
            raise ValueError("rounds must be given for a game with an infinite horizon")
        return game.horizon
    if isinstance(rounds, bool) or not isinstance(rounds, numbers.Integral) or rounds < 1:
        raise ValueError(f"rounds must be a positive integer, got {rounds!r}")
    return int(rounds)


def _noise(noise) -> float:
    if isinstance(noise, (bool, np.bool_)) or not isinstance(noise, numbers.Real) or not 0 <= noise <= 1:
        raise ValueError(f"noise must be a probability in [0, 1], got {noise!r}")
    return float(noise)


@dataclass(frozen=True, eq=False)
class MatchResult:
    """One match: what was played and scored.

    Attributes
    ----------
    names : tuple of str
        The two strategies (row, column).
    actions : tuple of tuple of str
        The executed action profile (labels) of every round.
    payoffs : tuple of tuple
        The stage payoffs of every round.
    scores : tuple
        Total payoff of each player (exact Fractions for exact stage games).
    discounted : tuple or None
        Normalised discounted payoffs when the game has a numeric discount
        factor above 0, else None.
    """

    names: tuple
    actions: tuple
    payoffs: tuple
    scores: tuple
    discounted: tuple | None

    @property
    def rounds(self) -> int:
        return len(self.actions)

    @property
    def mean_scores(self) -> tuple:
        """Average payoff per round of each player."""
        return tuple(s / self.rounds for s in self.scores)

    def rates(self, labels: tuple[str, str]) -> tuple[float, float]:
        """Share of rounds in which each player played ``labels[i]`` (e.g. their cooperative action)."""
        return tuple(sum(profile[i] == labels[i] for profile in self.actions) / self.rounds for i in range(2))


def play_match(game, strategies: Sequence[Automaton], rounds: int | None = None, *, noise=0, rng=None) -> MatchResult:
    """Play two automata against each other for a finite number of rounds.

    Parameters
    ----------
    game : RepeatedGame or NormalFormGame
        The stage game (with its role mapping, when a RepeatedGame).
    strategies : pair of Automaton
        Row and column strategies; mixed automata randomise.
    rounds : int, optional
        Number of rounds; default the game's horizon.
    noise : float
        Execution error: each round, each player's chosen action is replaced
        by a different action (uniformly) with this probability. Both players
        observe the executed actions.
    rng : int, numpy.random.Generator or None
        Seed or generator for the randomness.

    Examples
    --------
    >>> from gametheory.games.repeated import strategies as st
    >>> pd = NormalFormGame.from_bimatrix([[3, 0], [5, 1]], [[3, 5], [0, 1]], actions=(["C", "D"],) * 2)
    >>> match = play_match(pd, (st.tit_for_tat(), st.always_defect()), 5)
    >>> match.scores
    (Fraction(4, 1), Fraction(9, 1))
    >>> match.actions[:2]
    (('C', 'D'), ('D', 'D'))
    """
    game = _as_repeated(game)
    rounds = _rounds(rounds, game)
    noise = _noise(noise)
    if isinstance(strategies, Automaton) or len(strategies) != 2:
        raise ValueError(f"strategies must be a pair of automata, got {strategies!r}")
    bound = [game.bind(strategies[i], i) for i in range(2)]
    generator = rng if isinstance(rng, np.random.Generator) else np.random.default_rng(rng)
    stage = game.stage
    shape = stage.shape
    probabilities = [np.asarray([[float(p) for p in row] for row in b.distribution]) for b in bound]
    states = [b.initial for b in bound]
    actions, payoffs = [], []
    totals = [0, 0]
    discount = game.discount if game.mode != "symbolic" and game.discount not in (0, 1) else None
    discounted = [0, 0]
    for t in range(rounds):
        profile = []
        for i in range(2):
            b = bound[i]
            intended = b.action[states[i]]
            if intended is None:
                intended = int(generator.choice(shape[i], p=probabilities[i][states[i]]))
            if noise > 0 and shape[i] > 1 and generator.random() < noise:
                others = [a for a in range(shape[i]) if a != intended]
                intended = others[int(generator.integers(len(others)))]
            profile.append(intended)
        profile = tuple(profile)
        values = tuple(stage.payoffs[i][profile] for i in range(2))
        actions.append((stage.actions[0][profile[0]], stage.actions[1][profile[1]]))
        payoffs.append(values)
        for i in range(2):
            totals[i] = totals[i] + values[i]
            if discount is not None:
                discounted[i] = discounted[i] + discount**t * values[i]
        states = [int(bound[i].next[states[i]][profile]) for i in range(2)]
    if discount is not None:
        norm = sum(discount**t for t in range(rounds))
        discounted_result = tuple(v / norm for v in discounted)
    else:
        discounted_result = None
    result = MatchResult((strategies[0].name, strategies[1].name), tuple(actions), tuple(payoffs), tuple(totals),
                         discounted_result)
    return result


@dataclass(frozen=True, eq=False)
class TournamentResult:
    """A round-robin tournament's results.

    Attributes
    ----------
    table : pandas.DataFrame
        One row per strategy, best first: ``strategy``, ``mean_score`` (mean
        payoff per round over all its matches), ``total_score``, ``wins``,
        ``draws``, ``losses`` (matches won/drawn/lost on total payoff) and
        ``rank``.
    scores : pandas.DataFrame
        ``scores.loc[a, b]``: ``a``'s mean payoff per round against ``b``
        (averaged over repetitions).
    matches : tuple of MatchResult
    """

    table: object
    scores: object
    matches: tuple


def tournament(game, strategies, *, rounds: int = 200, repetitions: int = 1, noise=0, seed=None,
               self_play: bool = True) -> TournamentResult:
    """Axelrod-style round robin: every strategy meets every other (and itself) for ``rounds`` rounds.

    Parameters
    ----------
    game : RepeatedGame or NormalFormGame
        A symmetric stage game is usual; in a match the first-listed strategy
        is the row player.
    strategies : sequence of Automaton, or mapping {name: Automaton}
        Entrants (names must be distinct).
    rounds, repetitions : int
        Rounds per match, and how many times each match is played (useful
        with noise or mixed strategies).
    noise : float
        Execution error probability (see :func:`play_match`).
    seed : int, numpy.random.Generator or None
        Seed for all the randomness of the tournament.
    self_play : bool
        Whether each strategy also meets a copy of itself (Axelrod's rule).

    Returns
    -------
    TournamentResult

    Examples
    --------
    >>> from gametheory.games.repeated import strategies as st
    >>> pd = NormalFormGame.from_bimatrix([[3, 0], [5, 1]], [[3, 5], [0, 1]])
    >>> result = tournament(pd, [st.tit_for_tat(), st.always_defect(), st.always_cooperate()], rounds=10)
    >>> print(result.table[["strategy", "mean_score", "wins"]].round(4).to_string(index=False))
            strategy  mean_score  wins
       Always Defect      2.4667     2
         Tit for Tat      2.3000     0
    Always Cooperate      2.0000     0
    """
    import pandas as pd

    if isinstance(strategies, Mapping):
        entrants = [s.renamed(name) if s.name != name else s for name, s in strategies.items()]
    else:
        entrants = list(strategies)
    if len(entrants) < 2 or not all(isinstance(s, Automaton) for s in entrants):
        raise ValueError("strategies must be at least two Automaton entrants")
    names = [s.name for s in entrants]
    duplicates = sorted({n for n in names if names.count(n) > 1})
    if duplicates:
        raise ValueError(f"strategy names must be distinct, got duplicates {duplicates}; rename with Automaton.renamed")
    if isinstance(repetitions, bool) or not isinstance(repetitions, numbers.Integral) or repetitions < 1:
        raise ValueError(f"repetitions must be a positive integer, got {repetitions!r}")
    master = seed if isinstance(seed, np.random.Generator) else np.random.default_rng(seed)
    game = _as_repeated(game)
    n = len(entrants)
    per_round = np.zeros((n, n))
    total = np.zeros(n)
    rounds_played = np.zeros(n)
    wins, draws, losses = np.zeros(n, int), np.zeros(n, int), np.zeros(n, int)
    matches = []
    for i in range(n):
        for j in range(i if self_play else i + 1, n):
            for _ in range(repetitions):
                child = np.random.default_rng(int(master.integers(2**63)))
                match = play_match(game, (entrants[i], entrants[j]), rounds, noise=noise, rng=child)
                matches.append(match)
                a, b = (float(v) for v in match.scores)
                per_round[i, j] += a / rounds / repetitions
                if i != j:
                    per_round[j, i] += b / rounds / repetitions
                for k, own, other in ((i, a, b), (j, b, a)) if i != j else ((i, a, b),):
                    total[k] += own
                    rounds_played[k] += rounds
                    if own > other:
                        wins[k] += 1
                    elif own < other:
                        losses[k] += 1
                    else:
                        draws[k] += 1
    table = pd.DataFrame({
        "strategy": names,
        "mean_score": total / rounds_played,
        "total_score": total,
        "wins": wins,
        "draws": draws,
        "losses": losses,
    })
    table = table.sort_values(["mean_score", "strategy"], ascending=[False, True], kind="stable").reset_index(drop=True)
    table["rank"] = np.arange(1, n + 1)
    scores = pd.DataFrame(per_round, index=names, columns=names)
    if not self_play:
        np.fill_diagonal(scores.values, np.nan)
    return TournamentResult(table, scores, tuple(matches))
