"""Gambit extensive-form files (``.efg``, format version ``EFG 2``).

A file states the title, the players and a comment, then the tree node by
node, depth first (a node, then each of its children's subtrees in action
order)::

    EFG 2 R "Entry" { "Challenger" "Incumbent" }
    "A comment"

    p "" 1 1 "" { "Enter" "Stay out" } 0
    p "" 2 1 "" { "Fight" "Accommodate" } 0
    t "" 1 "" { -1, -1 }
    t "" 2 "" { 1, 1 }
    t "" 3 "" { 0, 2 }

Each line is a node: ``p`` (a player's move: its name, the player's number
from 1, the number of its information set within that player, the set's name
and actions, then an outcome), ``c`` (chance: the information set's number
and name, then each action with its probability, then an outcome) or ``t``
(terminal: an outcome). An outcome is a number (``0`` for none), its name and
its payoffs, one per player; an information set or an outcome seen before
may be referred to by number alone. Outcomes may sit at non-terminal nodes
too; a play's payoff is the sum of the outcomes along it, which is how
:func:`parse_efg` builds the terminal payoffs.

Numbers are integers, ratios (``1/3``) or decimals. The header's ``R`` or
``D`` is a hint, as in :mod:`gametheory.io.nfg`: values are read exactly
unless the header is ``D`` and a value is written as a decimal.

Reading is iterative (deep trees need no recursion) and bounded
(:data:`MAX_BYTES`, :data:`MAX_NODES`); every problem is reported in one line
naming the file, line and column.

References
----------
The Gambit file formats: https://gambitproject.readthedocs.io/en/latest/formats.html
"""

from __future__ import annotations

import os
import re
from fractions import Fraction
from typing import NamedTuple

import numpy as np

from ..games.extensive.tree import CHANCE, TERMINAL, GameTree
from .nfg import _usable_labels

__all__ = ["parse_efg", "read_efg", "format_efg", "write_efg", "MAX_BYTES", "MAX_NODES"]

#: Largest file read (characters).
MAX_BYTES = 64 * 1024 * 1024
#: Largest number of nodes read.
MAX_NODES = 5_000_000

_DECIMAL = re.compile(r"[+-]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE]([+-]?\d+))?")
_RATIO = re.compile(r"[+-]?\d+/\d+")
_INTEGER = re.compile(r"[+-]?\d+")
_MAX_EXPONENT = 4000
_TOKEN = re.compile(
    r"""(?P<punctuation>[{},])
      | (?P<string>"(?:\\[\s\S]|[^"\\])*")
      | (?P<unterminated>")
      | (?P<word>[^\s{},"]+)""",
    re.VERBOSE,
)
_UNESCAPE = re.compile(r'\\(["\\])')


class _Token(NamedTuple):
    kind: str
    text: str
    offset: int

    def shown(self) -> str:
        if self.kind == "end":
            return "the end of the file"
        if self.kind == "string":
            text = self.text if len(self.text) <= 40 else self.text[:37] + "..."
            return f"the string {text!r}"
        return repr(self.text if len(self.text) <= 40 else self.text[:37] + "...")


class _Node(NamedTuple):
    kind: str  # "p", "c", "t"
    label: str
    player: int  # 0-based; -1 for chance, -2 terminal
    infoset: int  # number within the player (chance: within chance)
    outcome: int
    offset: int
    depth: int
    parent: int  # preorder index


class _Parser:
    def __init__(self, text: str, source: str):
        self.source = source
        self.text = text
        self.tokens = []
        for match in _TOKEN.finditer(text):
            kind, value, start = match.lastgroup, match.group(), match.start()
            if kind == "word":
                self.tokens.append(_Token("word", value, start))
            elif kind == "punctuation":
                self.tokens.append(_Token(value, value, start))
            elif kind == "string":
                inner = value[1:-1]
                self.tokens.append(_Token("string", _UNESCAPE.sub(r"\1", inner) if "\\" in inner else inner, start))
            else:
                raise self._error_at(start, "unterminated string (no closing '\"' before the end of the file)")
        self.tokens.append(_Token("end", "", len(text)))
        self.position = 0

    # ------------------------------------------------------------ errors
    def _error_at(self, offset: int, message: str) -> ValueError:
        line = self.text.count("\n", 0, offset) + 1
        column = offset - self.text.rfind("\n", 0, offset)
        return ValueError(f"{self.source}, line {line}, column {column}: {message}")

    def error(self, token: _Token, message: str) -> ValueError:
        return self._error_at(token.offset, message)

    def expected(self, token: _Token, what: str) -> ValueError:
        return self.error(token, f"expected {what}, got {token.shown()}")

    # ------------------------------------------------------------ cursor
    def peek(self) -> _Token:
        return self.tokens[self.position]

    def next(self) -> _Token:
        token = self.tokens[self.position]
        if token.kind != "end":
            self.position += 1
        return token

    def expect(self, kind: str, what: str) -> _Token:
        token = self.next()
        if token.kind != kind:
            raise self.expected(token, what)
        return token

    def number(self, what: str) -> tuple[Fraction, bool]:
        token = self.next()
        text = token.text
        if token.kind == "word":
            if _INTEGER.fullmatch(text):
                return Fraction(int(text)), False
            match = _DECIMAL.fullmatch(text)
            if match:
                exponent = match.group(1)
                if exponent is not None and abs(int(exponent)) > _MAX_EXPONENT:
                    raise self.error(token, f"the number {text!r} has an exponent out of range (at most {_MAX_EXPONENT})")
                return Fraction(text), True
            if _RATIO.fullmatch(text):
                numerator, denominator = text.split("/")
                if int(denominator) == 0:
                    raise self.error(token, f"the ratio {text!r} divides by zero")
                return Fraction(int(numerator), int(denominator)), False
        raise self.expected(token, what)

    def count(self, what: str) -> int:
        token = self.next()
        if token.kind != "word" or not _INTEGER.fullmatch(token.text) or token.text.startswith(("+", "-")):
            raise self.expected(token, what)
        if len(token.text) > 12:
            raise self.error(token, f"the number {token.text!r} is too large for {what}")
        return int(token.text)

    def strings(self, what: str) -> tuple[list[str], _Token]:
        opening = self.expect("{", f"'{{' opening the list of {what}")
        values = []
        while True:
            token = self.next()
            if token.kind == "}":
                return values, opening
            if token.kind != "string":
                raise self.expected(token, f"a quoted name in the list of {what} or '}}' closing it")
            values.append(token.text)

    # -------------------------------------------------------------- game
    def parse(self, exact: bool | None) -> GameTree:
        token = self.next()
        if token.kind != "word" or token.text != "EFG":
            if token.kind == "word" and token.text in ("NFG", "GBT"):
                raise self.error(token, f"this is a Gambit {token.text} file, not an extensive-form (EFG) file")
            raise self.expected(token, "the header 'EFG 2 R' (a Gambit extensive-form file)")
        token = self.next()
        if token.kind != "word" or token.text != "2":
            raise self.error(token, f"unsupported EFG format version {token.shown()}: only version 2 is supported")
        token = self.next()
        if token.kind != "word" or token.text not in ("R", "D"):
            raise self.expected(token, "'R' (rational) or 'D' (decimal) after 'EFG 2'")
        decimal_header = token.text == "D"
        title = self.expect("string", "the game's title as a quoted string").text
        players, players_token = self.strings("player names")
        players = list(_usable_labels(players, lambda k: f"Player {k}")) if players else []
        n = len(players)
        if self.peek().kind == "string":
            self.next()  # the comment
        any_decimal = False

        nodes: list[_Node] = []
        actions_of: dict[tuple[int, int], tuple] = {}  # (player, infoset number) -> (labels, probabilities, token)
        infoset_names: dict[tuple[int, int], str] = {}
        outcomes: dict[int, tuple] = {}  # number -> payoffs
        child_counts: list[int] = []
        # Pending children: a stack of [preorder index, children still expected].
        stack: list[list[int]] = []
        first = True
        while first or stack:
            token = self.peek()
            if token.kind == "end":
                parent = nodes[stack[-1][0]]
                raise self.error(token, f"the file ends inside the tree: the node at line "
                                        f"{self.text.count(chr(10), 0, parent.offset) + 1} still expects "
                                        f"{stack[-1][1]} more child node{'s' if stack[-1][1] != 1 else ''}")
            if len(nodes) >= MAX_NODES:
                raise self.error(token, f"the tree has more than {MAX_NODES} nodes, the most this reader accepts")
            first = False
            kind_token = self.next()
            if kind_token.kind != "word" or kind_token.text not in ("p", "c", "t"):
                raise self.expected(kind_token, "a node: 'p' (player), 'c' (chance) or 't' (terminal)")
            kind = kind_token.text
            label = self.expect("string", "the node's name as a quoted string").text
            parent_index = stack[-1][0] if stack else -1
            depth = nodes[parent_index].depth + 1 if stack else 0
            if kind == "t":
                player, infoset, n_actions = TERMINAL, 0, 0
            else:
                if kind == "p":
                    number_token = self.peek()
                    player = self.count(f"a player number (1..{n})")
                    if not 1 <= player <= n:
                        raise self.error(number_token, f"unknown player number {player}: the file names {n} "
                                                       f"player{'s' if n != 1 else ''} (1..{n})")
                    player -= 1
                else:
                    player = CHANCE
                infoset_token = self.peek()
                infoset = self.count("an information set number")
                if infoset < 1:
                    raise self.error(infoset_token, f"information set number {infoset}: numbers start at 1")
                key = (player, infoset)
                who = "chance" if player == CHANCE else f"player {players[player]!r}"
                if self.peek().kind == "string":
                    name = self.next().text
                    opening = self.expect("{", "'{' opening the list of actions")
                    labels, probabilities = [], []
                    while True:
                        token = self.next()
                        if token.kind == "}":
                            break
                        if token.kind != "string":
                            raise self.expected(token, "a quoted action name or '}' closing the list of actions")
                        labels.append(token.text)
                        if kind == "c":
                            p, decimal = self.number(f"the probability of action {token.text!r}")
                            any_decimal |= decimal
                            if p < 0:
                                raise self.error(token, f"action {token.text!r} has probability {p}, expected a "
                                                        "non-negative number")
                            probabilities.append(p)
                    if not labels:
                        raise self.error(opening, f"information set {infoset} of {who} has no actions")
                    total = sum(probabilities)
                    if kind == "c" and total != 1 and not (decimal_header and abs(total - 1) <= Fraction(1, 10**9)):
                        raise self.error(opening, f"the probabilities of chance information set {infoset} sum to "
                                                  f"{total}, expected 1")
                    entry = (tuple(labels), tuple(probabilities))
                    known = actions_of.get(key)
                    if known is not None and known[:2] != entry:
                        raise self.error(opening, f"information set {infoset} of {who} is declared again with "
                                                  f"different actions{' or probabilities' if kind == 'c' else ''} "
                                                  f"({list(entry[0])}; first {list(known[0])})")
                    if known is None:
                        actions_of[key] = entry + (opening,)
                        infoset_names[key] = name
                elif key not in actions_of:
                    raise self.error(infoset_token, f"information set {infoset} of {who} is referred to before "
                                                    "its actions are given")
                n_actions = len(actions_of[key][0])
            outcome_token = self.peek()
            outcome = self.count("an outcome number (0 for none)")
            if outcome and (self.peek().kind == "string" or self.peek().kind == "{"):
                if self.peek().kind == "string":
                    self.next()  # the outcome's name
                opening = self.expect("{", f"'{{' opening the payoffs of outcome {outcome}")
                payoffs = []
                while True:
                    token = self.peek()
                    if token.kind == "}":
                        closing = self.next()
                        break
                    if token.kind == ",":
                        self.next()
                        continue
                    if token.kind == "end":
                        raise self.expected(token, f"'}}' closing the payoffs of outcome {outcome}")
                    if len(payoffs) == n:
                        raise self.error(token, f"outcome {outcome} has more than {n} payoffs: expected one per player")
                    value, decimal = self.number(f"a payoff of outcome {outcome} or '}}'")
                    any_decimal |= decimal
                    payoffs.append(value)
                if len(payoffs) != n:
                    raise self.error(closing, f"outcome {outcome} has {len(payoffs)} payoff"
                                              f"{'' if len(payoffs) == 1 else 's'}, expected one per player ({n})")
                known = outcomes.get(outcome)
                if known is not None and known != tuple(payoffs):
                    raise self.error(opening, f"outcome {outcome} is declared again with different payoffs")
                outcomes[outcome] = tuple(payoffs)
            elif outcome and outcome not in outcomes:
                raise self.error(outcome_token, f"outcome {outcome} is referred to before its payoffs are given")
            nodes.append(_Node(kind, label, player, infoset, outcome, kind_token.offset, depth, parent_index))
            child_counts.append(n_actions)
            if stack:
                stack[-1][1] -= 1
                if stack[-1][1] == 0:
                    stack.pop()
            if n_actions:
                stack.append([len(nodes) - 1, n_actions])
        token = self.peek()
        if token.kind != "end":
            raise self.error(token, f"unexpected {token.shown()} after the end of the tree (the root's subtree is complete)")
        if n == 0:
            raise self.error(players_token, "the game has no players: expected at least one quoted player name")
        if exact is None:
            exact = not (decimal_header and any_decimal)
        return self._build(nodes, child_counts, players, actions_of, infoset_names, outcomes, exact, title)

    def _build(self, nodes, child_counts, players, actions_of, infoset_names, outcomes, exact, title) -> GameTree:
        n_nodes = len(nodes)
        n = len(players)
        # Children lists in preorder, then level order by a breadth-first walk.
        children = [[] for _ in range(n_nodes)]
        for k, node in enumerate(nodes):
            if node.parent >= 0:
                children[node.parent].append(k)
        order = [0]
        head = 0
        while head < len(order):
            order.extend(children[order[head]])
            head += 1
        position = np.empty(n_nodes, dtype=np.int64)
        position[order] = np.arange(n_nodes)
        parent = np.array([position[nodes[k].parent] if nodes[k].parent >= 0 else -1 for k in order], dtype=np.int64)
        player = np.array([nodes[k].player for k in order], dtype=np.int64)
        infoset = np.array([nodes[k].infoset * n + nodes[k].player if nodes[k].player >= 0 else -1 for k in order],
                           dtype=np.int64)
        zero = Fraction(0)
        # A play's payoff: the sum of the outcomes along it.
        accumulated = [None] * n_nodes
        for k in range(n_nodes):  # preorder: parents first
            node = nodes[k]
            base = accumulated[node.parent] if node.parent >= 0 else (zero,) * n
            own = outcomes.get(node.outcome) if node.outcome else None
            accumulated[k] = tuple(a + b for a, b in zip(base, own)) if own else base
        payoffs = np.empty((n_nodes, n), dtype=object)
        payoffs[:] = zero
        probabilities = np.empty(n_nodes, dtype=object)
        probabilities[:] = zero
        chance_actions = {}
        actions, names = {}, {}
        for new, k in enumerate(order):
            node = nodes[k]
            if node.kind == "t":
                payoffs[new] = accumulated[k]
            elif node.kind == "c":
                labels, probs, _ = actions_of[(CHANCE, node.infoset)]
                chance_actions[new] = _usable_labels(list(labels), str)
                for a, c in enumerate(children[k]):
                    probabilities[position[c]] = probs[a]
            else:
                labels = actions_of[(node.player, node.infoset)][0]
                identifier = node.infoset * n + node.player
                actions[identifier] = _usable_labels(list(labels), str)
                names[identifier] = infoset_names[(node.player, node.infoset)]
        if not exact:
            payoffs = np.asarray(payoffs, dtype=float)
        node_labels = tuple(nodes[k].label for k in order)
        try:
            return GameTree.from_arrays(
                parent, player, payoffs, infoset=infoset, players=players, actions=actions, infoset_labels=names,
                probabilities=probabilities if chance_actions else None, chance_actions=chance_actions,
                node_labels=node_labels if any(node_labels) else None, exact=exact, title=title,
            )
        except ValueError as error:
            # Point at the first node the message names (level-order numbers in the tree's message).
            match = re.search(r"nodes? (\d+)", str(error))
            offset = nodes[order[int(match.group(1))]].offset if match and int(match.group(1)) < n_nodes else 0
            message = re.sub(r"nodes (\d+) and (\d+)", lambda m: "the nodes at lines " + " and ".join(
                str(self.text.count("\n", 0, nodes[order[int(g)]].offset) + 1) for g in m.groups()
                if int(g) < n_nodes), str(error))
            raise self._error_at(offset, message) from None


def parse_efg(text: str, *, source: str = "<string>", exact: bool | None = None) -> GameTree:
    """Read a game tree from the text of a Gambit extensive-form (``.efg``) file.

    Parameters
    ----------
    text : str
    source : str, optional
        Where the text comes from, for error messages.
    exact : bool, optional
        ``True``: Fraction payoffs and probabilities; ``False``: floats;
        ``None``: exact unless the header is ``D`` and a value is a decimal.

    Raises
    ------
    ValueError
        Naming ``source``, line and column: syntax errors, unknown player
        numbers, wrong payoff counts, probabilities not summing to 1,
        information sets or outcomes declared twice differently, a tree cut
        short, imperfect recall, and files over :data:`MAX_BYTES` or
        :data:`MAX_NODES`.

    Examples
    --------
    >>> tree = parse_efg('''EFG 2 R "Entry" { "Challenger" "Incumbent" } ""
    ... p "" 1 1 "" { "Enter" "Stay out" } 0
    ... p "" 2 1 "" { "Fight" "Accommodate" } 0
    ... t "" 1 "" { -1, -1 }
    ... t "" 2 "" { 1, 1 }
    ... t "" 3 "" { 0, 2 }''')
    >>> tree.players, tree.payoffs_at(tree.terminals[2])
    (('Challenger', 'Incumbent'), (Fraction(0, 1), Fraction(2, 1)))
    >>> parse_efg('EFG 2 R "" { "A" } "" p "" 2 1 "" { "x" } 0 t "" 0', source="bad.efg")
    Traceback (most recent call last):
    ...
    ValueError: bad.efg, line 1, column 28: unknown player number 2: the file names 1 player (1..1)
    """
    if not isinstance(text, str):
        raise TypeError(f"text must be a str (the contents of an .efg file), got {type(text).__name__}")
    if len(text) > MAX_BYTES:
        raise ValueError(f"{source}: the file has {len(text)} characters, more than the {MAX_BYTES} this reader accepts")
    return _Parser(text, source).parse(exact)


def read_efg(path: str | os.PathLike, *, exact: bool | None = None) -> GameTree:
    """Read a game tree from a Gambit ``.efg`` file (see :func:`parse_efg`)."""
    size = os.path.getsize(path)
    if size > MAX_BYTES:
        raise ValueError(f"{os.fspath(path)}: the file has {size} bytes, more than the {MAX_BYTES} this reader accepts")
    with open(path, "rb") as handle:
        data = handle.read(MAX_BYTES + 1)
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError:
        text = data.decode("latin-1")
    return parse_efg(text, source=os.fspath(path), exact=exact)


def _quote(text: str) -> str:
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


def _number(value, exact: bool) -> str:
    if exact:
        return str(value)
    text = np.format_float_positional(float(value), unique=True, trim="0")
    return text if "." in text else text + ".0"


def format_efg(tree: GameTree, *, comment: str = "") -> str:
    """The text of a Gambit ``.efg`` file for ``tree``.

    Terminal nodes with equal payoff vectors share one outcome. Exact trees
    get header ``R`` and values like ``1/3``; float trees header ``D`` and
    shortest round-tripping decimals, so :func:`parse_efg` reads the same
    tree back.

    Examples
    --------
    >>> from gametheory.games.extensive import build_tree, decision, terminal
    >>> tree = build_tree(decision("A", {"x": terminal(1, 0), "y": decision("B", {"l": terminal(0, 1), "r": terminal(1, 0)})}))
    >>> print(format_efg(tree))
    EFG 2 R "" { "A" "B" }
    ""
    <BLANKLINE>
    p "" 1 1 "" { "x" "y" } 0
    t "" 1 "" { 1, 0 }
    p "" 2 1 "" { "l" "r" } 0
    t "" 2 "" { 0, 1 }
    t "" 1 "" { 1, 0 }
    <BLANKLINE>
    >>> parse_efg(format_efg(tree)) == tree
    True
    """
    if not isinstance(tree, GameTree):
        raise TypeError(f"tree must be a GameTree, got {type(tree).__name__}")
    if tree.is_symbolic:
        raise ValueError(f"the tree has symbolic payoffs (parameters {list(tree.parameters)}): substitute values first")
    exact = tree.is_exact
    lines = [f"EFG 2 {'R' if exact else 'D'} {_quote(tree.title)} {{ {' '.join(_quote(p) for p in tree.players)} }}",
             _quote(comment), ""]
    numbers = [info.number for info in tree.infosets]
    outcomes: dict[tuple, int] = {}
    chance_number = 0
    labels = _unique_node_labels(tree.node_labels, tree.preorder.tolist())
    for v in tree.preorder.tolist():
        name = _quote(labels[v]) if labels is not None else '""'
        kind = int(tree.node_player[v])
        if kind == TERMINAL:
            payoffs = tuple(tree.payoff_matrix[v].tolist())
            number = outcomes.setdefault(payoffs, len(outcomes) + 1)
            lines.append(f"t {name} {number} \"\" {{ {', '.join(_number(x, exact) for x in payoffs)} }}")
        elif kind == CHANCE:
            chance_number += 1
            moves = " ".join(f"{_quote(a)} {_number(p, exact)}"
                             for a, p in zip(tree.actions_at(v), tree.chance_probabilities(v)))
            lines.append(f"c {name} {chance_number} \"\" {{ {moves} }} 0")
        else:
            h = int(tree.node_infoset[v])
            actions = " ".join(_quote(a) for a in tree.infoset_actions[h])
            lines.append(f"p {name} {kind + 1} {numbers[h]} {_quote(tree.infoset_labels[h])} {{ {actions} }} 0")
    return "\n".join(lines) + "\n"


def write_efg(tree: GameTree, path: str | os.PathLike, *, comment: str = "") -> None:
    """Write ``tree`` to ``path`` as a Gambit ``.efg`` file (see :func:`format_efg`)."""
    text = format_efg(tree, comment=comment)
    with open(path, "w", encoding="utf-8", newline="\n") as handle:
        handle.write(text)


def _unique_node_labels(labels, order):
    """Node labels as Gambit requires them: non-empty labels unique (a repeat gets " #2", " #3", ...).

    A tree model ends several plays in one named outcome (the status quo after
    either type of defender); Gambit refuses a file whose node labels repeat.
    """
    if labels is None:
        return None
    seen: dict[str, int] = {}
    taken = {label for label in labels if label}
    unique = list(labels)
    for v in order:
        label = labels[v]
        if not label:
            continue
        seen[label] = seen.get(label, 0) + 1
        if seen[label] > 1:
            k = seen[label]
            while f"{label} #{k}" in taken:
                k += 1
            unique[v] = f"{label} #{k}"
            taken.add(unique[v])
    return unique
