"""The ``[tree]`` table of a model file: a sequential game declared as data.

A tree model names its nodes and says, for each, who moves and where each
action leads; terminal outcomes carry payoffs as expressions of the model's
parameters, and chance nodes carry probabilities that are expressions too (a
prior such as ``credibility``)::

    [tree]
    players = ["Challenger", "Defender"]
    root = "nature"

    [tree.nodes.nature]                      # a chance node
    chance = { Resolved = "credibility", Irresolute = "1 - credibility" }
    actions = { Resolved = "challenge_resolved", Irresolute = "challenge_irresolute" }

    [tree.nodes.challenge_resolved]          # a decision node
    player = "Challenger"
    information_set = "challenger"           # nodes sharing it are indistinguishable
    actions = { Challenge = "defend_resolved", "Status quo" = "status_quo" }

    [tree.outcomes]                          # terminal outcomes: one payoff per player
    status_quo = ["challenger_status_quo", 0]

An action leads to another node or to an outcome; an outcome may end several
plays (each becomes its own terminal node), a node has exactly one parent.
Everything is checked when the model is loaded (names, reachability, one
parent per node, information sets of one player with the same actions, chance
labels matching actions, probabilities summing to 1 identically in the
parameters), with errors naming the key path; the numeric tree at parameter
values is an immutable :class:`~gametheory.games.extensive.tree.GameTree`,
which checks perfect recall.

Payoffs and probabilities are checked at load without sympy wherever the
numeric compiler's check is complete (:func:`~gametheory.model.deferred.check_text`)
and kept as text; the numeric tree evaluates their compiled form, and the
sympy expressions (:attr:`TreeSpec.nodes`, :attr:`TreeSpec.outcomes`) are
parsed on first symbolic use, so loading and solving a tree model at a point
does not import sympy.
"""

from __future__ import annotations

import ast
import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from fractions import Fraction
from functools import cached_property
from typing import TYPE_CHECKING

from .deferred import DeferredExpression, LazySymbols, check_text
from .expressions import MAX_EXPONENT, ModelError
from .lazy import sympy

if TYPE_CHECKING:
    import sympy as _sympy

__all__ = ["TreeSpec", "TreeNode", "parse_tree", "MAX_TREE_NODES"]

#: Most nodes (decision, chance and terminal) a tree model may expand to.
MAX_TREE_NODES = 20_000


@dataclass(frozen=True)
class TreeNode:
    """One named node of a tree declaration.

    ``player`` is ``None`` at chance nodes; ``moves`` are ``(action, target,
    probability)`` triples in the file's order, ``probability`` a sympy
    expression at chance nodes and ``None`` elsewhere; ``target`` names a node
    or an outcome. (In :attr:`TreeSpec.declared_nodes` a probability is still
    its checked text, a :class:`~gametheory.model.deferred.DeferredExpression`.)
    """

    name: str
    player: str | None
    information_set: str | None
    moves: tuple
    meanings: tuple = ()


@dataclass(frozen=True)
class TreeSpec:
    """A parsed ``[tree]`` table: players, named nodes and outcomes, the root.

    ``declared_nodes`` and ``declared_outcomes`` hold the checked text of
    every probability and payoff; :attr:`nodes` and :attr:`outcomes` give
    them as sympy expressions of ``symbols`` (parsed on first access, kept).
    """

    players: tuple[str, ...]
    root: str
    declared_nodes: tuple[TreeNode, ...]
    declared_outcomes: tuple  # of (name, tuple of DeferredExpression payoffs)
    symbols: Mapping = field(compare=False, repr=False)  # {name: sympy symbol}, read when expressions are parsed
    #: What the symbols are (their parameters, or the symbols themselves): two declarations are equal
    #: (and share derivations) only with the same symbols, whose assumptions follow the parameters' ranges.
    symbols_key: tuple = field(default=(), repr=False)

    def __getstate__(self):
        # Compiled formulas are closures and cannot be pickled; a worker process compiles its own.
        state = self.__dict__.copy()
        state.pop("_compiled", None)
        return state

    @cached_property
    def nodes(self) -> tuple[TreeNode, ...]:
        """The nodes with each chance probability as a sympy expression."""
        return tuple(TreeNode(node.name, node.player, node.information_set,
                              tuple((a, t, None if p is None else p.parse(self.symbols)) for a, t, p in node.moves),
                              node.meanings)
                     for node in self.declared_nodes)

    @cached_property
    def outcomes(self) -> tuple:
        """``(name, payoffs)`` pairs in the file's order, the payoffs as sympy expressions."""
        return tuple((name, tuple(p.parse(self.symbols) for p in payoffs)) for name, payoffs in self.declared_outcomes)

    @property
    def node_map(self) -> dict[str, TreeNode]:
        return {node.name: node for node in self.nodes}

    @property
    def outcome_map(self) -> dict[str, tuple]:
        return dict(self.outcomes)

    @property
    def declared_node_map(self) -> dict[str, TreeNode]:
        """``{name: node}`` of :attr:`declared_nodes` (the tree's shape, read without sympy)."""
        return {node.name: node for node in self.declared_nodes}

    @property
    def outcome_names(self) -> tuple[str, ...]:
        """The names of the terminal outcomes in the file's order."""
        return tuple(name for name, _ in self.declared_outcomes)

    def plays(self) -> list[tuple[str, ...]]:
        """Every play from the root as the sequence of node names ending in an outcome (depth first)."""
        nodes, plays, stack = self.declared_node_map, [], [(self.root, (self.root,))]
        while stack:
            name, path = stack.pop()
            for _, target, _ in reversed(nodes[name].moves):
                if target in nodes:
                    stack.append((target, path + (target,)))
                else:
                    plays.append(path + (target,))
        return plays

    def _compiled_formula(self, formula: DeferredExpression):
        """The compiled form of a payoff or probability (compiled once per process)."""
        from .numeric import compile_numeric

        cache = self.__dict__.setdefault("_compiled", {})
        if formula.key not in cache:
            cache[formula.key] = compile_numeric(formula.text, list(self.symbols), key=formula.key)
        return cache[formula.key]

    def build(self, values: Mapping, *, exact: bool | None = None, title: str = ""):
        """The numeric :class:`~gametheory.games.extensive.tree.GameTree` at parameter ``values``.

        ``values`` maps every parameter symbol's name to a number (Fraction,
        int or float); payoffs and probabilities are evaluated exactly for
        exact values (a Fraction wherever the formula is rational in them).
        """
        from ..games.extensive.build import build_tree, chance, decision, terminal
        from ..numerics import to_fraction
        from .numeric import UndefinedValue

        exact_values = exact is not False
        point = {name: (to_fraction(v) if exact_values else float(v)) for name, v in values.items()}
        nodes, outcomes = self.declared_node_map, dict(self.declared_outcomes)

        def number(formula, where: str):
            compiled = self._compiled_formula(formula)
            missing = sorted(compiled.names - point.keys())
            if missing:
                raise ModelError(f"depends on {missing}, which have no value", key=where)
            try:
                value = compiled(point)
            except OverflowError:
                raise ModelError("overflows the float range at the given values", key=where) from None
            except (UndefinedValue, ZeroDivisionError) as error:
                raise ModelError(f"is undefined at the given values ({error}), not a finite number", key=where) from None
            if isinstance(value, (int, Fraction)):
                return Fraction(value)
            if not math.isfinite(value):
                raise ModelError(f"evaluates to {value} at the given values, not a finite number", key=where)
            return float(value)

        # Build bottom-up without recursion: children before parents.
        order, stack = [], [self.root]
        while stack:
            name = stack.pop()
            order.append(name)
            stack.extend(t for _, t, _ in nodes[name].moves if t in nodes)
        built: dict[str, object] = {}
        for name in reversed(order):
            node = nodes[name]
            children = []
            for action, target, probability in node.moves:
                if target in nodes:
                    child = built[target]
                else:
                    child = terminal(*(number(p, f"tree.outcomes.{target}") for p in outcomes[target]), label=target)
                children.append((action, child, probability))
            if node.player is None:
                built[name] = chance({a: (number(p, f"tree.nodes.{name}.chance.{a}"), c) for a, c, p in children},
                                     label=name)
            else:
                built[name] = decision(node.player, {a: c for a, c, _ in children}, infoset=node.information_set,
                                       label=name)
        return build_tree(built[self.root], players=self.players, exact=exact, title=title)


def parse_tree(table, symbols: Mapping[str, _sympy.Symbol]) -> TreeSpec:
    """Check a ``[tree]`` table and return its :class:`TreeSpec`.

    Raises
    ------
    ModelError
        Naming the key path (``tree.nodes.defend.actions.Fight``) and the problem.
    """
    if not isinstance(table, Mapping):
        raise ModelError(f"expected a table with players, root, nodes and outcomes, got {table!r}", key="tree")
    unknown = sorted(set(table) - {"players", "root", "nodes", "outcomes"})
    if unknown:
        raise ModelError(f"unknown key(s) {unknown}; a [tree] has players, root, nodes and outcomes", key="tree")
    for required in ("players", "root", "nodes", "outcomes"):
        if required not in table:
            raise ModelError(f"missing '{required}'", key="tree")
    players = table["players"]
    if isinstance(players, str) or not isinstance(players, Sequence) or not players:
        raise ModelError(f"expected a non-empty list of player names, got {players!r}", key="tree.players")
    players = tuple(_label(p, "tree.players") for p in players)
    if len(set(players)) != len(players):
        raise ModelError(f"player names repeat: {list(players)}", key="tree.players")
    outcomes = _outcomes(table["outcomes"], players, symbols)
    nodes = _nodes(table["nodes"], players, symbols, set(outcomes))
    root = table["root"]
    if not isinstance(root, str) or root not in nodes:
        raise ModelError(f"names no node of tree.nodes (got {root!r}; nodes are {sorted(nodes)})", key="tree.root")
    spec = TreeSpec(players, root, tuple(nodes.values()), tuple(outcomes.items()), symbols, _symbols_key(symbols))
    _check_shape(spec)
    return spec


def _symbols_key(symbols: Mapping) -> tuple:
    """A hashable account of ``symbols`` read without making them (see :attr:`TreeSpec.symbols_key`)."""
    if isinstance(symbols, LazySymbols):
        return ("parameters",) + symbols.parameters
    return ("symbols",) + tuple(sorted(symbols.items(), key=lambda item: item[0]))


def _formula(text, symbols: Mapping, where: str) -> DeferredExpression:
    """A payoff or probability checked as the symbolic parser checks it (refused with its message), kept as text."""
    check_text(text, symbols, key=where, condition=False)
    return DeferredExpression(text, where)


def _check_sum_is_one(probabilities: list, symbols: Mapping, where: str) -> None:
    """Chance probabilities must sum to 1 identically in the parameters.

    Polynomials in the parameters (every probability the library declares:
    ``credibility``, ``1 - credibility``, ``p * (1 - q)``) are decided exactly
    on their expanded form, which is canonical, without sympy; other
    formulas (divisions by parameters, functions) by :func:`sympy.simplify`,
    as is the message of a sum that is not 1.
    """
    total: dict | None = {}
    for probability in probabilities:
        polynomial = _polynomial(probability.text)
        if polynomial is None:
            total = None
            break
        total = _add(total, polynomial)
    if total == {(): Fraction(1)}:
        return
    parsed = [p.parse(symbols) for p in probabilities]
    if total is None and sympy.simplify(sum(parsed) - 1) == 0:
        return
    raise ModelError(f"the probabilities sum to {sympy.simplify(sum(parsed))}, not 1 for every parameter value",
                     key=where)


def _polynomial(text) -> dict | None:
    """``{monomial: coefficient}`` of a formula that is a polynomial in its names, else None.

    A monomial is a sorted tuple of ``(name, power)``; coefficients are
    Fractions (a float is read exactly, from its shortest repr, as the
    parser reads it); zero terms are left out.

    Examples
    --------
    >>> _polynomial("p * (1 - q) + p * q")
    {(('p', 1),): Fraction(1, 1)}
    >>> _polynomial("1 / p") is None
    True
    """
    if isinstance(text, (int, float, Fraction)):
        return _constant(text)
    try:
        tree = ast.parse(text.strip(), mode="eval")
    except (SyntaxError, ValueError, RecursionError, MemoryError):
        return None
    return _polynomial_of(tree.body)


def _constant(value) -> dict:
    value = Fraction(repr(value)) if isinstance(value, float) else Fraction(value)
    return {(): value} if value else {}


def _add(left: dict, right: dict, sign: int = 1) -> dict:
    result = dict(left)
    for monomial, coefficient in right.items():
        value = result.get(monomial, 0) + sign * coefficient
        if value:
            result[monomial] = value
        else:
            result.pop(monomial, None)
    return result


def _multiply(left: dict, right: dict) -> dict:
    result: dict = {}
    for first, a in left.items():
        for second, b in right.items():
            powers = dict(first)
            for name, power in second:
                powers[name] = powers.get(name, 0) + power
            result = _add(result, {tuple(sorted(powers.items())): a * b})
    return result


def _polynomial_of(node) -> dict | None:
    if isinstance(node, ast.Constant):
        value = node.value
        if isinstance(value, bool) or not isinstance(value, (int, float)) or not math.isfinite(value):
            return None
        return _constant(value)
    if isinstance(node, ast.Name):
        return {((node.id, 1),): Fraction(1)}
    if isinstance(node, ast.UnaryOp) and isinstance(node.op, (ast.UAdd, ast.USub)):
        operand = _polynomial_of(node.operand)
        if operand is None:
            return None
        return operand if isinstance(node.op, ast.UAdd) else _add({}, operand, -1)
    if not isinstance(node, ast.BinOp):
        return None
    left, right = _polynomial_of(node.left), _polynomial_of(node.right)
    if left is None or right is None:
        return None
    if isinstance(node.op, ast.Add):
        return _add(left, right)
    if isinstance(node.op, ast.Sub):
        return _add(left, right, -1)
    if isinstance(node.op, ast.Mult):
        return _multiply(left, right)
    if isinstance(node.op, ast.Div):  # by a non-zero constant only
        if set(right) != {()}:
            return None
        return {monomial: coefficient / right[()] for monomial, coefficient in left.items()}
    if isinstance(node.op, ast.Pow):  # to a small non-negative integer constant only
        if right and set(right) != {()}:
            return None
        exponent = right.get((), Fraction(0))
        if exponent.denominator != 1 or not 0 <= exponent <= MAX_EXPONENT:
            return None
        result = {(): Fraction(1)}
        for _ in range(int(exponent)):
            result = _multiply(result, left)
        return result
    return None


def _label(value, where: str) -> str:
    if not isinstance(value, str) or not value.strip():
        raise ModelError(f"expected a non-empty name, got {value!r}", key=where)
    return value


def _outcomes(table, players, symbols) -> dict[str, tuple]:
    if not isinstance(table, Mapping) or not table:
        raise ModelError("expected a table of outcomes, each a list of payoffs (one per player)", key="tree.outcomes")
    outcomes = {}
    for name, payoffs in table.items():
        where = f"tree.outcomes.{name}"
        if isinstance(payoffs, str) or not isinstance(payoffs, Sequence) or len(payoffs) != len(players):
            raise ModelError(f"expected a list of {len(players)} payoffs (one per player: {list(players)}), "
                             f"got {payoffs!r}", key=where)
        outcomes[name] = tuple(_formula(p, symbols, f"{where}[{k}]") for k, p in enumerate(payoffs))
    return outcomes


def _nodes(table, players, symbols, outcome_names) -> dict[str, TreeNode]:
    if not isinstance(table, Mapping) or not table:
        raise ModelError("expected a table of named nodes", key="tree.nodes")
    clash = sorted(set(table) & outcome_names)
    if clash:
        raise ModelError(f"{clash} name both a node and an outcome; every name must be one or the other",
                         key="tree.nodes")
    nodes = {}
    for name, spec in table.items():
        where = f"tree.nodes.{name}"
        if not isinstance(spec, Mapping):
            raise ModelError(f"expected a table (player, actions), got {spec!r}", key=where)
        unknown = sorted(set(spec) - {"player", "information_set", "actions", "chance", "meanings"})
        if unknown:
            raise ModelError(f"unknown key(s) {unknown}; a node has player (or chance), actions, information_set, "
                             "meanings", key=where)
        actions = spec.get("actions")
        if not isinstance(actions, Mapping) or not actions:
            raise ModelError("expected a non-empty table of actions {action = target}", key=f"{where}.actions")
        for action, target in actions.items():
            if not isinstance(target, str) or (target not in table and target not in outcome_names):
                raise ModelError(f"leads to {target!r}, which is neither a node nor an outcome",
                                 key=f"{where}.actions.{action}")
        is_chance = "chance" in spec
        if is_chance == ("player" in spec):
            raise ModelError("a node has either a 'player' (a decision) or 'chance' probabilities, not both or neither",
                             key=where)
        if is_chance:
            if "information_set" in spec:
                raise ModelError("chance nodes have no information set", key=f"{where}.information_set")
            chances = spec["chance"]
            if not isinstance(chances, Mapping) or list(chances) != list(actions):
                raise ModelError(f"expected one probability per action, in the actions' order ({list(actions)}), "
                                 f"got {chances!r}", key=f"{where}.chance")
            probabilities = {a: _formula(chances[a], symbols, f"{where}.chance.{a}") for a in actions}
            _check_sum_is_one(list(probabilities.values()), symbols, f"{where}.chance")
            moves = tuple((a, actions[a], probabilities[a]) for a in actions)
            player = None
        else:
            player = spec["player"]
            if player not in players:
                raise ModelError(f"{player!r} is not one of the tree's players {list(players)}", key=f"{where}.player")
            moves = tuple((a, actions[a], None) for a in actions)
        infoset = spec.get("information_set")
        if infoset is not None:
            infoset = _label(infoset, f"{where}.information_set")
        meanings = spec.get("meanings", {})
        if not isinstance(meanings, Mapping) or set(meanings) - set(actions):
            raise ModelError(f"expected a table of meanings of the node's actions {list(actions)}", key=f"{where}.meanings")
        nodes[name] = TreeNode(name, player, infoset, moves, tuple(meanings.items()))
    return nodes


def _check_shape(spec: TreeSpec) -> None:
    """One parent per node, every node reachable, information sets consistent, size bounded."""
    nodes = spec.declared_node_map
    parent: dict[str, str] = {}
    for node in spec.declared_nodes:  # in the file's order, so the error names the later of two parents
        for action, target, _ in node.moves:
            if target in nodes:
                if target == spec.root or target in parent:
                    first = parent.get(target, "(it is the root)")
                    raise ModelError(f"leads to node {target!r}, which is already reached from {first!r}: in a tree "
                                     "every node has one parent (write a second node, or end in a shared outcome)",
                                     key=f"tree.nodes.{node.name}.actions.{action}")
                parent[target] = node.name
    stack, size, seen = [spec.root], 0, set()
    while stack:
        name = stack.pop()
        seen.add(name)
        size += 1 + sum(1 for _, target, _ in nodes[name].moves if target not in nodes)
        if size > MAX_TREE_NODES:
            raise ModelError(f"the tree has more than {MAX_TREE_NODES} nodes "
                             "(gametheory.model.tree_spec.MAX_TREE_NODES)", key="tree.nodes")
        stack.extend(target for _, target, _ in nodes[name].moves if target in nodes)
    unreachable = sorted(set(nodes) - seen)
    if unreachable:
        raise ModelError(f"node(s) {unreachable} cannot be reached from the root {spec.root!r}", key="tree.nodes")
    sets: dict[str, TreeNode] = {}
    for node in spec.declared_nodes:
        if node.information_set is None:
            continue
        first = sets.setdefault(node.information_set, node)
        where = f"tree.nodes.{node.name}.information_set"
        if first.player != node.player:
            raise ModelError(f"information set {node.information_set!r} holds nodes of {first.player!r} and "
                             f"{node.player!r}; one player moves in an information set", key=where)
        if [a for a, _, _ in first.moves] != [a for a, _, _ in node.moves]:
            raise ModelError(f"information set {node.information_set!r}: node {node.name!r} has actions "
                             f"{[a for a, _, _ in node.moves]} but {first.name!r} has {[a for a, _, _ in first.moves]}; "
                             "the nodes of an information set cannot be told apart, so their actions are the same",
                             key=where)
