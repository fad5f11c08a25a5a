"""What every kind of model provides: the interface :class:`~gametheory.model.Model` relies on."""

from __future__ import annotations

from collections.abc import Mapping

from ..document import parse_profile
from ..expressions import ModelError

__all__ = ["Kind"]


class Kind:
    """One kind of model: parses its tables of the model document and builds its games.

    A kind object belongs to one :class:`~gametheory.model.Model` (:attr:`model`)
    and reads the model's parameters through it; the model delegates to it
    whatever depends on how players and payoffs are declared. A subclass sets
    the class attributes below, parses its tables in ``__init__`` (raising
    :class:`~gametheory.model.ModelError` naming the key path) and overrides
    what differs from the defaults here. Register it in
    :data:`gametheory.model.kinds.KINDS`.
    """

    #: ``Model.kind``: how the model is solved (``"normal"``: as a normal-form game).
    name = "normal"
    #: The constructor keywords (model-file tables) the kind declares its players and payoffs in;
    #: the first one selects the kind.
    tables: tuple = ()
    #: The method of :class:`~gametheory.model.Model` that builds the kind's game.
    game_method = "game()"
    #: What a prediction rule may expect of its outcome (kinds other than ``"normal"``).
    expectations: Mapping = {}
    #: True for a simultaneous-move game with private types.
    is_bayesian = False

    def __init__(self, model):
        self.model = model

    def __getstate__(self):
        # Compiled payoffs are closures and cannot be pickled; a worker process compiles its own.
        state = self.__dict__.copy()
        state.pop("_numeric_cache", None)
        return state

    @classmethod
    def check_alone(cls, given: Mapping) -> None:
        """Raise :class:`ModelError` when ``given`` (the tables present) mixes this kind with another."""
        others = [name for name in given if name not in cls.tables]
        if others:
            raise ModelError(f"a [{cls.tables[0]}] model declares its players and payoffs there; remove {others}",
                             key=cls.tables[0])

    # ------------------------------------------------------------- players
    @property
    def players(self) -> tuple[str, ...]:
        raise NotImplementedError

    @property
    def actions(self) -> tuple:
        """Action labels per player (empty for kinds without action labels)."""
        return ((),) * len(self.players)

    @property
    def action_meanings(self) -> tuple:
        return ({},) * len(self.players)

    @property
    def action_variables(self) -> tuple[str, ...]:
        return ()

    @property
    def types(self) -> tuple:
        return ((),) * len(self.players)

    @property
    def priors(self) -> tuple:
        return (None,) * len(self.players)

    @property
    def n_players_fixed(self) -> int | None:
        return len(self.players)

    @property
    def player_count_parameter(self) -> str | None:
        return None

    def payoff_expressions(self) -> dict:
        raise NotImplementedError

    # ------------------------------------------------------------ outcomes
    def outcome_symbols(self) -> dict:
        """``{name: symbol}`` of the variables outcome conditions may name besides the parameters."""
        return {}

    def pattern_labels(self) -> tuple:
        """Labels an outcome pattern may name per player."""
        return self.actions

    def pattern(self, value, where: str) -> tuple[str, ...]:
        """An outcome pattern (``"C,*"``) checked against :meth:`pattern_labels`."""
        return parse_profile(value, self.pattern_labels(), where, wildcard=True, players=self.players)

    # --------------------------------------------------------------- games
    def symbolic_game(self, n: int | None):
        """The symbolic normal-form game (``n``: the number of players where a parameter sets it)."""
        raise NotImplementedError

    def check_values(self, values: Mapping) -> None:
        """Checks :meth:`Model.game <gametheory.model.Model.game>` makes at ``values`` before building the game."""
