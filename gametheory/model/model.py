"""The :class:`Model`: one IR model as a document, a symbolic game and a fast numeric function.

A model declares its players and actions, named parameters (default, range,
meaning, the source's symbol), payoffs as expressions of the parameters, its
sources, and what each theory predicts. It never solves anything: it builds
games (:meth:`Model.game`, :meth:`Model.symbolic_game`), evaluates payoffs over
parameter arrays (:meth:`Model.payoff_arrays`) and evaluates the theories'
predictions over parameter arrays (:meth:`Model.predict`).

The parts every model shares are parsed by :mod:`gametheory.model.document`;
how the players and payoffs are declared (by profiles, by counts, a signalling
game, continuous actions, a coalitional game) is the model's kind, parsed and
built by its builder in :mod:`gametheory.model.kinds`.

Models are usually loaded from TOML files (:func:`gametheory.model.load_model`,
format in ``docs/model-format.md``); the same object is built in Python with
the constructor, from Python objects, parsing expression strings with the same
whitelist parser (or taking sympy expressions as they are).
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING
from fractions import Fraction

import numpy as np

from ..games.normal_form import NormalFormGame
from ..games.symbolic import Parameter, SymbolicGame
from .document import (
    LazySymbols,
    Rule,
    Source,
    Theory,
    as_sympy_number,
    make_alliance,
    make_outcomes,
    make_parameters,
    make_sources,
    make_sweep,
    make_theories,
    text_value,
)
from .expressions import ModelError, parse_expression
from .kinds import select_kind
from .lazy import is_sympy, sympy

if TYPE_CHECKING:  # the kinds' modules are imported when a model of their kind is built
    from .kinds.coalitional import Coalitional
    from .kinds.continuous import ContinuousPlayer
    from .kinds.counts import SymmetricCounts
    from .kinds.signaling import Signaling

__all__ = ["Model"]


def _game_method(kind: str) -> str:
    """The Model method building a kind's game (``"continuous_game()"``), for messages."""
    from .kinds import MODEL_KINDS

    return MODEL_KINDS[kind]


# ---------------------------------------------------------------------- model
class Model:
    """An IR model: players, parameters, payoffs, sources and theory predictions.

    Parameters
    ----------
    key : str
        Short identifier (the file name without ``.toml``).
    title : str
    parameters : sequence of Parameter or mapping
        Each a :class:`~gametheory.games.symbolic.Parameter` or a mapping of
        its fields (``name``, ``default``, ``low``, ``high``, ``integer``,
        ``meaning``, ``symbol``).
    players : sequence of Player, mapping or pair
        :class:`Player` objects, mappings of their fields, ``(name,
        actions)`` pairs, or one mapping ``{name: actions}``. Omit for a
        symmetric model by counts.
    payoffs : mapping
        ``{profile: [payoff of each player]}``; a profile is ``"C,D"`` or a
        tuple of labels, a payoff a number, an expression string or a sympy
        expression. With types: ``{type profile: {profile: [...]}}``, the
        type profile naming the type of each player that has types, in
        player order (``"Resolved"``, ``"Trustworthy,Untrustworthy"``).
    symmetric : SymmetricCounts or mapping, optional
        Instead of ``players`` and ``payoffs``: a symmetric n-player game
        by counts.
    summary, notes : str
    sources : sequence of Source or mapping
        At least one.
    outcomes : mapping, optional
        Named outcome classes: ``{name: [profile, ...]}`` (``"*"`` = any action).
    predictions : mapping
        ``{theory: {"rules": [{"when": ..., "outcome": ..., "expect": ..., "note": ...}],
        "summary": ..., "source": ...}}`` or :class:`Theory` objects;
        ``defensive_realism`` is required, theory names come from
        :data:`KNOWN_THEORIES`.

    Raises
    ------
    ModelError
        (a ``ValueError``) naming the key path of anything wrong.

    Examples
    --------
    >>> from gametheory.model import Model
    >>> m = Model(
    ...     "stag_hunt", "Stag Hunt",
    ...     parameters=[{"name": "sucker", "default": 0, "low": -5, "high": 2,
    ...                  "meaning": "payoff of cooperating alone"}],
    ...     players={"A": ["C", "D"], "B": ["C", "D"]},
    ...     payoffs={"C,C": [4, 4], "C,D": ["sucker", 3], "D,C": [3, "sucker"], "D,D": [2, 2]},
    ...     sources=[{"citation": "Jervis, R. 1978. Cooperation under the Security Dilemma. World Politics 30(2): 167-214."}],
    ...     predictions={"defensive_realism": {"rules": [{"outcome": "C,C"}]}},
    ... )
    >>> m.game(sucker=1).payoff_profile(("C", "D"))
    (Fraction(1, 1), Fraction(3, 1))
    >>> m.payoff_arrays(sucker=np.array([0.0, 1.0]))[0][:, 0, 1]
    array([0., 1.])
    """

    def __init__(
        self,
        key: str,
        title: str,
        *,
        parameters: Sequence = (),
        players=None,
        payoffs: Mapping | None = None,
        symmetric=None,
        summary: str = "",
        notes: str = "",
        sources: Sequence = (),
        outcomes: Mapping | None = None,
        predictions: Mapping | None = None,
        sweep: Mapping | None = None,
        alliance: Mapping | None = None,
        continuous=None,
        coalitional=None,
        signaling=None,
        tree=None,
    ):
        self._key = text_value(key, "key", required=True)
        if not re.fullmatch(r"[a-z0-9][a-z0-9_\-]*", self._key):
            raise ModelError(f"must be lower-case letters, digits, '_' or '-', got {key!r}", key="key")
        self._title = text_value(title, "title", required=True)
        self._summary = text_value(summary, "summary")
        self._notes = text_value(notes, "notes")
        self._sources = make_sources(sources)
        self._parameters = make_parameters(parameters)
        self._symbols = LazySymbols(self._parameters)  # sympy symbols made on first symbolic use
        self._derived = {p.name: p.derived.strip() for p in self._parameters if getattr(p, "derived", "").strip()}
        self._sym_cache: dict = {}
        self._condition_cache: dict = {}
        self._numeric_cache: dict = {}
        given = {name: value for name, value in (("players", players), ("payoffs", payoffs), ("symmetric", symmetric),
                                                 ("continuous", continuous), ("coalitional", coalitional),
                                                 ("signaling", signaling), ("tree", tree)) if value is not None}
        kind = select_kind(given)
        self._builder = kind(self, **{name: given[name] for name in kind.tables if name in given})
        self._kind = kind.name
        self._table = kind.tables[0]
        self._outcomes, self._outcome_descriptions, self._outcome_conditions = make_outcomes(
            outcomes or {}, self._builder, self._symbols)
        self._theories = make_theories(predictions, self._builder, self._symbols, self._outcomes, self._outcome_conditions)
        self._sweep = make_sweep(sweep or {}, self._parameters)
        self._alliance = make_alliance(alliance or {})

    # ------------------------------------------------------------ building
    def _expression(self, value, where: str, symbols=None) -> "sympy.Expr":
        symbols = self._symbols if symbols is None else symbols
        if is_sympy(value):
            unknown = sorted(s.name for s in value.free_symbols if s.name not in symbols)
            if unknown:
                raise ModelError(f"uses undeclared name(s) {unknown}", key=where)
            return value.xreplace({s: symbols[s.name] for s in value.free_symbols})
        if isinstance(value, (bool, np.bool_)) or not isinstance(value, (str, int, float, Fraction)):
            raise ModelError(f"expected a number or an expression, got {type(value).__name__} {value!r}", key=where)
        return parse_expression(value, symbols, key=where)

    # ---------------------------------------------------------- properties
    @property
    def sweep_axes(self) -> dict[str, tuple]:
        """The model's default sweep grid: ``{parameter: values}`` (empty when none is declared)."""
        return dict(self._sweep["axes"])

    @property
    def sweep_fixed(self) -> dict[str, object]:
        """Parameter values held fixed in the default sweep (defaults for the rest)."""
        return dict(self._sweep["fixed"])

    @property
    def alliance(self) -> dict[str, tuple]:
        """The alliance distinctions the model speaks to, e.g. ``{"commitment": ("formal",)}``."""
        return dict(self._alliance)

    @property
    def key(self) -> str:
        return self._key

    @property
    def title(self) -> str:
        return self._title

    @property
    def summary(self) -> str:
        return self._summary

    @property
    def notes(self) -> str:
        return self._notes

    @property
    def sources(self) -> tuple[Source, ...]:
        return self._sources

    @property
    def citation(self) -> str:
        """The full citation of the model's (first) source."""
        return self._sources[0].citation

    @property
    def parameters(self) -> tuple[Parameter, ...]:
        return self._parameters

    def _parameter(self, name: str) -> Parameter:
        for p in self._parameters:
            if p.name == name:
                return p
        raise ValueError(f"unknown parameter {name!r}; parameters are {[p.name for p in self._parameters]}")

    @property
    def defaults(self) -> dict[str, object]:
        """``{name: default}`` of every parameter."""
        return {p.name: p.default for p in self._parameters}

    @property
    def kind(self) -> str:
        """``"normal"`` (solved as a normal-form game: by profiles, by counts or Bayesian),
        ``"continuous"`` or ``"coalitional"``; see :data:`MODEL_KINDS`."""
        return self._kind

    @property
    def continuous(self) -> tuple[ContinuousPlayer, ...] | None:
        """The players of a ``[continuous]`` model (bounds and payoffs parsed), or None."""
        return self._builder.spec if self._table == "continuous" else None

    @property
    def coalitional(self) -> Coalitional | None:
        """The ``[coalitional]`` specification (resources parsed), or None."""
        return self._builder.spec if self._table == "coalitional" else None

    @property
    def outcome_descriptions(self) -> dict[str, str]:
        """``{outcome: description}`` of a continuous or coalitional model (empty otherwise)."""
        return dict(self._outcome_descriptions)

    @property
    def outcome_conditions(self) -> dict[str, str]:
        """``{outcome: condition text}`` of the testable outcomes of a continuous or coalitional model.

        A condition is on the parameters and :attr:`outcome_variables`:
        the equilibrium actions of a continuous model, the features of a
        stable structure (:data:`COALITION_FEATURES`) of a coalitional one.
        """
        return {name: text for name, (text, _) in self._outcome_conditions.items()}

    @property
    def outcome_variables(self) -> tuple[str, ...]:
        """Names outcome conditions may use besides the parameters (empty for normal-form models).

        Examples
        --------
        >>> from gametheory.model import load_model
        >>> load_model("burden_sharing_continuous").outcome_variables
        ('q_1', 'q_2', 'q_3')
        >>> load_model("balance_of_power").outcome_variables[-4:]
        ('in_winning_Britain', 'in_winning_France', 'in_winning_Germany', 'in_winning_Russia')
        """
        return tuple(self._builder.outcome_symbols())

    def outcome_holds(self, outcome: str, *, tol: float | None = None, **arrays) -> np.ndarray:
        """Whether a testable outcome's condition holds, over whole arrays (vectorised).

        Each comparison is decided with a tolerance scaled by the size of its
        two sides, ``t = tol * max(1, |lhs|, |rhs|)``: ``a == b`` is
        ``|a - b| <= t``, ``a > b`` is ``a - b > t``, ``a >= b`` is
        ``a - b >= -t`` (and alike), so a computed equilibrium action within
        the tolerance of 0 counts as 0. A side that is undefined at a point
        (0/0) makes the comparison false there.

        Parameters
        ----------
        outcome : str
            A key of :attr:`outcome_conditions`.
        tol : float, optional
            Relative tolerance (default :data:`gametheory.numerics.DEFAULT_TOL`; 0 for exact comparisons).
        **arrays
            Parameter values (defaults for the rest) and every outcome
            variable the condition names; arrays broadcast together.

        Returns
        -------
        ndarray of bool, of the broadcast shape.

        Raises
        ------
        ValueError
            If the outcome is unknown or has no condition, or a variable it
            names is missing, or a name is unknown.

        Examples
        --------
        >>> from gametheory.model import load_model
        >>> model = load_model("burden_sharing_continuous")
        >>> model.outcome_holds("small_free_rides", q_1=[5.0, 4.0], q_2=[1e-12, 2.0], q_3=0.0).tolist()
        [True, False]
        """
        from .predictions import outcome_holds

        return outcome_holds(self, outcome, tol, arrays)

    @property
    def is_symmetric_counts(self) -> bool:
        """True for a symmetric n-player model given by counts."""
        return self._table == "symmetric"

    @property
    def symmetric(self) -> SymmetricCounts | None:
        """The counts specification (payoff expressions parsed), or None."""
        return self._builder.spec if self._table == "symmetric" else None

    @property
    def player_count_parameter(self) -> str | None:
        """Name of the parameter that sets the number of players, if any."""
        return self._builder.player_count_parameter

    @property
    def n_players_fixed(self) -> int | None:
        """The number of players, or None when a parameter sets it."""
        return self._builder.n_players_fixed

    @property
    def players(self) -> tuple[str, ...]:
        """Player names (at the default number of players for a symmetric model)."""
        return self._builder.players

    @property
    def actions(self) -> tuple[tuple[str, ...], ...]:
        """Action labels per player (the real actions, not Bayesian plans).

        Empty for every player of a continuous model (see
        :attr:`action_variables`) or a coalitional model.
        """
        return self._builder.actions

    @property
    def action_meanings(self) -> tuple[dict, ...]:
        return self._builder.action_meanings

    @property
    def action_variables(self) -> tuple[str, ...]:
        """Names of the action variables of a continuous model (empty for other kinds)."""
        return self._builder.action_variables

    @property
    def is_bayesian(self) -> bool:
        """True when some player has private types (in a simultaneous-move Bayesian game; see also :attr:`is_signaling`)."""
        return self._builder.is_bayesian

    @property
    def is_signaling(self) -> bool:
        """True for a ``[signaling]`` model (sender types, messages, receiver responses)."""
        return self._table == "signaling"

    @property
    def signaling(self) -> Signaling | None:
        """The ``[signaling]`` specification (prior and payoffs parsed), or None."""
        return self._builder.spec if self._table == "signaling" else None

    @property
    def types(self) -> tuple[tuple[str, ...], ...]:
        """Type labels per player (``()`` for a player without private information)."""
        return self._builder.types

    @property
    def priors(self) -> tuple:
        """Prior of each player's types as sympy expressions (None without types)."""
        return self._builder.priors

    @property
    def outcomes(self) -> dict[str, tuple]:
        """Named outcome classes: ``{name: (profile pattern, ...)}``."""
        return dict(self._outcomes)

    @property
    def predictions(self) -> dict[str, Theory]:
        """``{theory name: Theory}``."""
        return dict(self._theories)

    def payoff_expressions(self) -> dict:
        """The declared payoffs as sympy expressions.

        Returns ``{(type labels, action labels): (payoff of each player)}``
        (type labels ``()`` without types) for a model by profile, and
        ``{action: expression}`` for a symmetric model by counts,
        ``{player: expression}`` for a continuous model and ``{player:
        resources}`` for a coalitional model.
        """
        return self._builder.payoff_expressions()

    # ------------------------------------------------------------- games
    def _structural(self, values: Mapping) -> tuple[int | None, dict]:
        """Split off the player-count parameter (structural, must be a scalar)."""
        values = dict(values)
        name = self.player_count_parameter
        if name is None:
            return None, values
        parameter = self._parameter(name)
        raw = values.pop(name, parameter.default)
        if isinstance(raw, np.ndarray) and raw.ndim > 0:
            if raw.size and np.all(raw == raw.flat[0]):
                raw = raw.flat[0].item()
            else:
                raise ValueError(
                    f"parameter {name!r} sets the number of players: give one value, not an array of different values"
                )
        return int(parameter.check(raw)), values

    def symbolic_game(self, **structural) -> SymbolicGame:
        """The game with symbolic payoffs (sympy expressions of the parameters).

        For a Bayesian model this is the symbolic ex-ante strategic form
        (plans as actions, prior-weighted payoffs). For a symmetric model by
        counts, the number of players is fixed first (its parameter may be
        given, default otherwise) and is not a parameter of the result.

        The result is cached, so its compiled array function is reused.
        """
        self._require_normal("symbolic_game")
        n, rest = self._structural(structural)
        if rest:
            raise ValueError(
                f"symbolic_game() takes only the player-count parameter, got {sorted(rest)}; "
                "use .substitute(...) on the result to fix other parameters"
            )
        if n in self._sym_cache:
            return self._sym_cache[n]
        game = self._builder.symbolic_game(n)
        if self._derived:  # derived parameters follow the structural ones: their formulas replace them
            from .derived import follow_derived

            game = follow_derived(self, game)
        self._sym_cache[n] = game
        return game

    @property
    def tree_spec(self):
        """The declared tree of a tree model (:class:`~gametheory.model.tree_spec.TreeSpec`), or None."""
        return self._builder.spec if self._kind == "tree" else None

    @property
    def solution_concept(self) -> str:
        """How the model's equilibria are judged: ``"nash"`` for simultaneous games, ``"spe"`` or ``"pbe"`` for trees."""
        return self._builder.solution if self._kind == "tree" else "nash"

    def tree(self, **values):
        """The game tree of a tree model at the given parameter values (defaults otherwise).

        Payoffs and chance probabilities are exact at exact values.

        Raises
        ------
        TypeError
            If the model is not a tree model.
        ValueError
            For unknown parameters or values outside their ranges.

        Examples
        --------
        >>> from gametheory.model import load_model
        >>> from gametheory.model.kinds.tree import reached_outcomes
        >>> from gametheory.solvers.subgame_perfection import solve_tree
        >>> model = load_model("extended_deterrence")
        >>> [reached_outcomes(e) for e in solve_tree(model.tree(credibility=0))]
        [{'concession_soft': Fraction(1, 1)}]
        """
        if self._kind != "tree":
            raise TypeError(f"model {self._key!r} is a {self._kind} model, not a tree; use model.{_game_method(self._kind)[:-2]}(**values)")
        return self._builder.tree(**values)

    def signaling_game(self, **values):
        """The :class:`~gametheory.games.signaling.SignalingGame` of a ``[signaling]`` model at the given values.

        Parameters
        ----------
        **values
            Parameter values by name (defaults for the rest); exact values
            (ints, Fractions, decimal text) give an exact game.

        Returns
        -------
        SignalingGame
            Its :meth:`~gametheory.games.signaling.SignalingGame.strategic_form` is
            :meth:`game` at the same values.

        Raises
        ------
        TypeError
            If the model is not a signalling model.
        ValueError
            On unknown or out-of-range values, or when a prior probability
            falls outside [0, 1] or a payoff is undefined at the values.

        Examples
        --------
        Cho and Kreps' beer-quiche game, with the prior of the weak type as a parameter:

        >>> from gametheory.games.signaling import pure_pbe
        >>> payoffs = {"Weak": {"Beer,Duel": [0, 1], "Beer,Not": [2, 0], "Quiche,Duel": [1, 1], "Quiche,Not": [3, 0]},
        ...            "Strong": {"Beer,Duel": [1, 0], "Beer,Not": [3, 1], "Quiche,Duel": [0, 0], "Quiche,Not": [2, 1]}}
        >>> model = Model("beer_quiche", "Beer and quiche",
        ...     parameters=[{"name": "p_weak", "default": "1/10", "low": 0, "high": 1, "meaning": "prior of Weak"}],
        ...     signaling={"sender": "Sender", "receiver": "Receiver", "types": ["Weak", "Strong"],
        ...                "prior": ["p_weak", "1 - p_weak"], "messages": ["Beer", "Quiche"],
        ...                "responses": ["Duel", "Not"], "payoffs": payoffs},
        ...     sources=[{"citation": "Cho and Kreps 1987"}],
        ...     predictions={"defensive_realism": {"rules": [{"outcome": "*,*"}]}})
        >>> game = model.signaling_game()
        >>> sorted(e.classification for e in pure_pbe(game))
        ['pooling', 'pooling']
        >>> model.game().shape == game.strategic_form().shape
        True
        """
        if not self._table == "signaling":
            raise TypeError(f"model {self._key!r} is not a signalling model (no [signaling] table); use model.game(**values)")
        return self._builder.signaling_game(**values)

    def bayesian_game(self, **values):
        """The :class:`~gametheory.games.bayesian.BayesianGame` at the given parameter values.

        Raises
        ------
        ValueError
            If the model has no types, on unknown or out-of-range values, or
            when a prior probability falls outside [0, 1] at the values.
        """
        self._require_normal("bayesian_game")
        if not self.is_bayesian:
            raise ValueError(f"model {self._key!r} has no player types; use game()")
        return self._builder.bayesian_game(**values)

    def game(self, exact: bool | None = None, **values) -> NormalFormGame:
        """The numeric game at the given parameter values (defaults for the rest).

        Parameters
        ----------
        exact : bool, optional
            Fraction payoffs; default: exact when every value is exact (int,
            Fraction, decimal text) and every payoff is then rational.
        **values
            Parameter values by name.

        Returns
        -------
        NormalFormGame
            For a Bayesian model, its ex-ante strategic form.

        Raises
        ------
        ValueError
            On unknown parameter names or values outside a parameter's range
            (naming the parameter).
        TypeError
            For a continuous or coalitional model (the message names the
            method to use instead).
        """
        self._require_normal("game")
        self.refuse_derived(values)
        n, rest = self._structural(values)
        self._builder.check_values(rest)
        numeric = getattr(self._builder, "numeric_game", None)  # payoffs compiled, no sympy
        if numeric is not None:
            game = numeric(exact, values)
            if game is not None:
                return game
        game = self.symbolic_game(**({self.player_count_parameter: n} if n is not None else {}))
        self.derived_values(**values)  # refuses a point where a derived value is undefined or out of its range
        return game.game(exact=exact, **rest)

    def payoff_arrays(self, **arrays) -> tuple[np.ndarray, ...]:
        """Every payoff over whole numpy arrays of parameter values (one vectorised pass).

        Arrays broadcast against each other; parameters not given take their
        defaults. Returns one float array per player of shape
        ``broadcast_shape + game shape``. The player-count parameter of a
        symmetric model must be a single value.
        """
        self._require_normal("payoff_arrays")
        self.refuse_derived(arrays)
        n, rest = self._structural(arrays)
        game = self.symbolic_game(**({self.player_count_parameter: n} if n is not None else {}))
        self.derived_values(**arrays)  # refuses points where a derived value is undefined or out of its range
        return game.payoff_arrays(**rest)

    # ------------------------------------------- continuous and coalitional
    def _require_normal(self, method: str) -> None:
        if self._kind != "normal":
            instead = _game_method(self._kind)
            extra = " or balance_of_power()" if self._kind == "coalitional" else ""
            raise TypeError(
                f"model {self._key!r} is a {self._kind} model, not a normal-form game: {method}() does not apply; "
                f"use model.{instead[:-2]}(**values){extra}"
            )

    def values(self, **values) -> dict[str, object]:
        """Complete, validated parameter values: defaults filled in, unknown names and out-of-range values rejected.

        Derived parameters (``derived = "<formula>"`` in the model file)
        take the value of their formula at the structural values (exact
        where those are exact); giving one a value is refused.

        Examples
        --------
        >>> from gametheory.model import load_model
        >>> load_model("stag_hunt").values(sucker=1)
        {'reward': 4, 'temptation': 3, 'punishment': 2, 'sucker': 1}
        """
        known = {p.name: p for p in self._parameters}
        unknown = sorted(set(values) - set(known))
        if unknown:
            raise ValueError(f"unknown parameter(s) {unknown}; parameters are {sorted(known)}")
        self.refuse_derived(values)
        checked = {name: p.check(values.get(name, p.default)) for name, p in known.items() if name not in self._derived}
        if not self._derived:
            return checked
        derived = self.derived_values(**checked)
        return {name: checked[name] if name in checked else derived[name] for name in known}

    # ---------------------------------------------------- derived parameters
    @property
    def derived(self) -> dict[str, str]:
        """``{name: formula}`` of the derived parameters, which follow the structural variables.

        Examples
        --------
        >>> from gametheory.model import load_model
        >>> load_model("stag_hunt").derived
        {}
        """
        return dict(self._derived)

    @property
    def input_parameters(self) -> tuple[Parameter, ...]:
        """The parameters a caller sets (every parameter but the derived ones), in declaration order."""
        return tuple(p for p in self._parameters if p.name not in self._derived)

    def refuse_derived(self, names, *, action: str = "set") -> None:
        """Raise ValueError, naming the parameter and its formula, when ``names`` holds a derived parameter."""
        from .derived import refuse_derived

        refuse_derived(self, names, action=action)

    def derived_values(self, **values) -> dict[str, object]:
        """The value of every derived parameter at the given structural values (defaults for the rest).

        Scalars give exact values (int, Fraction) where the structural values
        are exact and the formula is rational in them, floats otherwise;
        arrays (numpy arrays or lists) give float arrays of their broadcast
        shape, as :meth:`payoff_arrays` takes them.

        Raises
        ------
        ValueError
            When a derived parameter is given, a structural value is out of
            range, or a formula is undefined or leaves its parameter's range
            at a point (naming the parameter, its formula and the point).

        Examples
        --------
        >>> from gametheory.model import load_model
        >>> model = load_model("tests/data/models/derived_threat.toml")
        >>> model.derived_values(aggressive_intent="1/2", proximity=1)
        {'threat': Fraction(1, 4)}
        >>> model.derived_values(aggressive_intent=[0.5, 1.0], proximity=1)["threat"].tolist()
        [0.25, 0.5]
        """
        if not self._derived:
            return {}
        from .derived import derived_values

        return derived_values(self, values)

    def _evaluate_at(self, expression, checked: Mapping, what: str):
        """A parameter expression's value at checked values: int/Fraction when rational, else float."""
        substitution = {self._symbols[k]: as_sympy_number(v) for k, v in checked.items()}
        value = expression.xreplace(substitution)
        if not value.is_number or value.has(sympy.nan, sympy.zoo, sympy.oo, -sympy.oo) or value.is_real is False:
            raise ValueError(f"{what} is undefined at {checked}: {value}")
        if value.is_Rational:
            return int(value) if value.q == 1 else Fraction(int(value.p), int(value.q))
        return float(value)

    def continuous_game(self, **values):
        """The :class:`~gametheory.games.continuous.ContinuousGame` of a continuous model at the given values.

        Parameters
        ----------
        **values
            Parameter values by name (defaults for the rest).

        Returns
        -------
        ContinuousGame
            Players choose their action variables in the intervals the
            bounds give at these values; payoffs are the model's formulas
            with the values substituted (symbolic in the actions, so best
            responses can use the first-order condition).

        Raises
        ------
        TypeError
            If the model is not a continuous model.
        ValueError
            On unknown or out-of-range values, or when a bound is undefined
            or the low bound exceeds the high bound at the values.

        Examples
        --------
        >>> from gametheory.model import load_model
        >>> from gametheory.games.continuous import best_response_iteration
        >>> model = load_model("burden_sharing_continuous")
        >>> game = model.continuous_game(income_1=10, income_2=8, income_3=0)
        >>> game.players, game.bounds
        (('Ally 1', 'Ally 2'), ((0.0, 10.0), (0.0, 8.0)))
        >>> game.absent  # income 0: the third ally is no player, its spending fixed at 0
        (AbsentPlayer(name='Ally 3', action='q_3', value=0.0),)
        >>> [round(q, 6) for q in best_response_iteration(game).point]
        [4.0, 2.0]
        """
        if not self._table == "continuous":
            raise TypeError(f"model {self._key!r} is a {self._kind} model, not a continuous one; use model.{_game_method(self._kind)[:-2]}(**values)")
        return self._builder.continuous_game(**values)

    @property
    def division(self) -> str | None:
        """How a coalition of a coalitional model divides its worth (a :data:`~gametheory.model.kinds.coalitional.DIVISION_RULES` name), or None."""
        return self._builder.spec.division if self._table == "coalitional" else None

    def _require_coalitional(self) -> None:
        if not self._table == "coalitional":
            raise TypeError(
                f"model {self._key!r} is a {self._kind} model, not a coalitional one; use model.{_game_method(self._kind)[:-2]}(**values)"
            )

    def coalition_resources(self, **values) -> dict[str, object]:
        """Each player's resources at the given values (exact when the values are).

        Raises
        ------
        TypeError
            If the model is not coalitional.
        ValueError
            On unknown or out-of-range values, or negative or undefined resources.
        """
        self._require_coalitional()
        return self._builder.coalition_resources(**values)

    def coalition_game(self, **values):
        """The simple :class:`~gametheory.games.coalitional.CoalitionGame` of a coalitional model at the given values.

        A coalition is worth 1 when it wins under the model's winning rule
        (``majority``: resources above half the total; ``quota``: at least
        the quota) and 0 otherwise; the players' resources are the game's
        weights, so ``division="proportional"`` shares by power. Pass
        :attr:`division` to :meth:`~gametheory.games.coalitional.CoalitionGame.stable_partitions`.

        Raises
        ------
        TypeError
            If the model is not coalitional.
        ValueError
            On unknown or out-of-range values, or resources or a quota that
            make no game (all zero, a quota above the total).

        Examples
        --------
        >>> from gametheory.model import load_model
        >>> model = load_model("balance_of_power")
        >>> game = model.coalition_game()
        >>> game.minimal_winning_coalitions()
        [('Britain', 'Germany'), ('Britain', 'France', 'Russia'), ('Germany', 'Russia')]
        >>> [s.partition for s in game.stable_partitions(division=model.division)][:2]
        [(('Britain', 'France'), ('Germany', 'Russia')), (('Britain', 'Germany'), ('France', 'Russia'))]
        """
        self._require_coalitional()
        return self._builder.coalition_game(**values)

    def balance_of_power(self, **values):
        """The :class:`~gametheory.games.coalitional.BalanceOfPower` of a coalitional model with the majority rule.

        Raises
        ------
        TypeError
            If the model is not coalitional, or its winning rule is a quota.
        ValueError
            On unknown or out-of-range values, or when every state has zero resources.
        """
        self._require_coalitional()
        return self._builder.balance_of_power(**values)

    # ------------------------------------------------------- predictions
    def theory(self, name: str) -> Theory:
        if name not in self._theories:
            raise ValueError(f"model {self._key!r} has no predictions for {name!r}; theories: {sorted(self._theories)}")
        return self._theories[name]

    def predict(self, theory: str, **arrays) -> np.ndarray:
        """The outcome a theory predicts at every point of parameter arrays.

        The rules are tried in order and the first whose condition holds
        gives the point's outcome (its name, or its profile text); ``""``
        marks points where no rule applies. Conditions are decided as the
        comparison decides them (:func:`gametheory.analysis.rule_evaluation.evaluate_rules`):
        in floats over whole arrays, every point within the tie band decided
        again exactly at exact points (exact values given, or short
        decimals), so the prediction at a tie is the exact one.

        Parameters
        ----------
        theory : str
            A key of :attr:`predictions`.
        **arrays
            Parameter values (scalars or broadcastable arrays); defaults for
            the rest. Derived parameters follow and cannot be given.

        Returns
        -------
        ndarray of str, of the broadcast shape.
        """
        rules = self.theory(theory).rules
        index = self.predict_rules(theory, **arrays)
        width = max([len(r.outcome) for r in rules] + [1])
        labels = np.array([r.outcome for r in rules] + [""], dtype=f"<U{width}")
        return labels[index]

    def predict_rules(self, theory: str, **arrays) -> np.ndarray:
        """Index of the rule of ``theory`` that applies at every point (-1 where none does).

        Rules are tried in order; the first whose condition holds applies.
        Decided like :meth:`predict`, which maps these indices to outcomes.
        """
        return self.rule_evaluation(theory, **arrays).index

    def rule_evaluation(self, theory: str, *, tol: float | None = None, **arrays):
        """Which rule of ``theory`` applies at every point, with the tie band reported.

        Returns
        -------
        gametheory.analysis.rule_evaluation.RuleEvaluation
            ``index`` (the applying rule, -1 for none), ``tie`` (a comparison
            within the tie band) and ``exact`` (a tie decided in rational
            arithmetic), each of the broadcast shape.

        Examples
        --------
        >>> from gametheory.model import load_model
        >>> model = load_model("stag_hunt")
        >>> model.rule_evaluation("defensive_realism", sucker=[0, 1]).index.tolist()
        [0, 0]
        """
        from .predictions import rule_evaluation

        return rule_evaluation(self, theory, arrays, tol)

    def predicted_rule(self, theory: str, **values) -> Rule | None:
        """The first rule of ``theory`` whose condition holds at the values (exactly), or None."""
        from ..analysis.rule_evaluation import decide_exactly

        checked = self.values(**values)
        substitution = {self._symbols[k]: as_sympy_number(v) for k, v in checked.items()}
        rules = self.theory(theory).rules
        k = decide_exactly(rules, substitution)
        return rules[k] if k >= 0 else None

    def __getstate__(self):
        # Compiled conditions are generated code and cannot be pickled; a
        # worker process (sweeps on processes or Dask) compiles its own.
        state = self.__dict__.copy()
        state["_condition_cache"] = {}
        state["_numeric_cache"] = {}
        return state

    def __repr__(self) -> str:
        return f"<Model {self._key!r}: {self._title}; parameters {[p.name for p in self._parameters]}>"
