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

Numbers are integers, ratios (``1/3``) or decimals, within the limits of
:mod:`gametheory.limits` (digits per part, size of the exponent). The
header's ``R`` or ``D`` is a hint, as in :mod:`gametheory.io.nfg`: values are
read exactly unless the header is ``D`` and a value is written as a decimal.
Read as floats, a payoff beyond the float range is an error at its place;
read exactly, it is kept.

Reading is iterative (deep trees need no recursion), linear in the size of
the file and bounded (:data:`MAX_BYTES`, :data:`MAX_NODES`); every problem is
reported in one line naming the file, line and column.

References
----------
The Gambit file formats: https://gambitproject.readthedocs.io/en/latest/formats.html
"""

from __future__ import annotations

import gc
import os
import re
from fractions import Fraction
from typing import NamedTuple

import numpy as np

from ..games.extensive.tree import CHANCE, TERMINAL, GameTree, PerfectRecallError
from ..limits import MAX_NUMBER_EXPONENT, InputLimitError, check_number_text
from .nfg import _usable_labels

__all__ = ["parse_efg", "read_efg", "format_efg", "write_efg", "MAX_BYTES", "MAX_NODES"]

#: Largest file read (characters).
MAX_BYTES = 64 * 1024 * 1024
#: Largest number of nodes read.
MAX_NODES = 5_000_000

_DECIMAL = re.compile(r"[+-]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE]([+-]?\d+))?")
_RATIO = re.compile(r"[+-]?\d+/\d+")
_INTEGER = re.compile(r"[+-]?\d+")
#: Integers short enough to need no digit check (the common payoff).
_SHORT_INTEGER = re.compile(r"[+-]?[0-9]{1,18}")
_TOKEN = re.compile(
    r"""\s*(?:(?P<punctuation>[{},])
      | (?P<string>"(?:\\[\s\S]|[^"\\])*+")
      | (?P<unterminated>")
      | (?P<word>[^\s{},"]++)
      | (?P<end>\Z))""",
    re.VERBOSE,
)
_UNESCAPE = re.compile(r'\\(["\\])')

# Whole nodes in one match, for the common well-formed node; anything else (a
# chance node, an odd spacing the tokens allow, any error) is read token by
# token, which also words every error. The empty first group marks the node's
# offset. A word ends at white space, punctuation, a quote or the end.
_STRING = r'"((?:\\[\s\S]|[^"\\])*+)"'
_COUNT = r'([0-9]{1,12})(?=[\s{},"]|\Z)'
_OUTCOME = rf'\s*{_COUNT}\s*(?:{_STRING}\s*)?(?:\{{([^{{}}"]*+)\}})?\s*'
_FAST_TERMINAL = re.compile(rf'\s*()t(?=[\s{{}},"])\s*{_STRING}{_OUTCOME}')
_FAST_PLAYER = re.compile(
    rf'\s*()p(?=[\s{{}},"])\s*{_STRING}\s*{_COUNT}\s*{_COUNT}'
    rf'\s*(?:{_STRING}\s*\{{((?:\s*"(?:\\[\s\S]|[^"\\])*+")*+)\s*\}})?{_OUTCOME}'
)
#: Text up to the opening quote of a string that is never closed (no match when every string is).
_UNTERMINATED = re.compile(r'(?:[^"]*+"(?:\\[\s\S]|[^"\\])*+")*+[^"]*+"')
#: Most entries of each memo of texts already read (a bound on the memory they take).
_MEMO = 1 << 16
_STRING_INSIDE = re.compile(r'"((?:\\[\s\S]|[^"\\])*+)"')
_OPENS_MORE = re.compile(r'\s*[{"]')


def _unescape(text: str) -> str:
    return _UNESCAPE.sub(r"\1", text) if "\\" in text else text


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


def _number_problem(text: str) -> str | None:
    """Why the word ``text`` cannot be read as a number of this format (None: it can, or it is no number)."""
    match = _DECIMAL.fullmatch(text)
    exponent = match.group(1) if match else None
    if exponent is not None and (len(exponent.lstrip("+-").lstrip("0")) > 6 or abs(int(exponent)) > MAX_NUMBER_EXPONENT):
        return (f"the number {_shown(text)} has an exponent out of range (at most {MAX_NUMBER_EXPONENT} in size, "
                "gametheory.limits.MAX_NUMBER_EXPONENT)")
    try:
        check_number_text(text)
    except InputLimitError as error:
        # Integers past a few thousand digits are refused by Python itself, without saying where.
        return str(error).removeprefix("value: ")
    if _RATIO.fullmatch(text) and int(text.split("/")[1]) == 0:
        return f"the ratio {text!r} divides by zero"
    return None


def _number_value(text: str) -> tuple[Fraction, bool] | None:
    """The exact value of ``text`` and whether it is written as a decimal; None if it is no number.

    Call only when :func:`_number_problem` found none.
    """
    if _INTEGER.fullmatch(text):
        return Fraction(int(text)), False
    if _DECIMAL.fullmatch(text):
        return Fraction(text), True
    if _RATIO.fullmatch(text):
        numerator, denominator = text.split("/")
        return Fraction(int(numerator), int(denominator)), False
    return None


def _shown(text: str) -> str:
    return repr(text if len(text) <= 40 else text[:37] + "...")


class _Parser:
    def __init__(self, text: str, source: str):
        self.source = source
        self.text = text
        self.position = 0  # where the next token starts (after white space)
        self._peeked: tuple[_Token, int] | None = None
        self.any_decimal = False
        self._values: dict[str, tuple[Fraction, bool]] = {}  # payoff words read so far
        # The tree, node by node in file (depth-first) order.
        self.node_player: list[int] = []  # player index, CHANCE or TERMINAL
        self.node_infoset: list[int] = []  # number within its player (chance: within chance), 0 at terminals
        self.node_outcome: list[int] = []
        self.node_offset: list[int] = []
        self.node_label: list[str] = []
        self.node_parent: list[int] = []
        self.node_depth: list[int] = []
        self.actions_of: dict[tuple[int, int], tuple] = {}  # (player, infoset number) -> (labels, probabilities)
        self.infoset_names: dict[tuple[int, int], str] = {}
        self.outcomes: dict[int, tuple] = {}  # number -> (payoffs, offset of the '{' opening them)

    # ------------------------------------------------------------ errors
    def _line(self, offset: int) -> int:
        return self.text.count("\n", 0, offset) + 1

    def _error_at(self, offset: int, message: str) -> ValueError:
        # A string left open swallows the rest of the file, so whatever went wrong after it is its doing:
        # that is the error to report (looked for only now, as a file read whole has none).
        unterminated = _UNTERMINATED.match(self.text)
        if unterminated is not None:
            offset, message = unterminated.end() - 1, "unterminated string (no closing '\"' before the end of the file)"
        column = offset - self.text.rfind("\n", 0, offset)
        return ValueError(f"{self.source}, line {self._line(offset)}, column {column}: {message}")

    def error(self, token: _Token, message: str) -> ValueError:
        return self._error_at(token.offset, message)

    def expected(self, token: _Token, what: str) -> ValueError:
        return self.error(token, f"expected {what}, got {token.shown()}")

    # ------------------------------------------------------------ cursor
    def _scan(self, position: int) -> tuple[_Token, int]:
        """The token at ``position`` (white space skipped) and where the text after it starts."""
        match = _TOKEN.match(self.text, position)
        kind = match.lastgroup
        start = match.start(kind)
        if kind == "word":
            return _Token("word", match.group(kind), start), match.end()
        if kind == "punctuation":
            value = match.group(kind)
            return _Token(value, value, start), match.end()
        if kind == "string":
            return _Token("string", _unescape(match.group(kind)[1:-1]), start), match.end()
        if kind == "end":
            return _Token("end", "", start), start
        raise self._error_at(start, "unterminated string (no closing '\"' before the end of the file)")

    def peek(self) -> _Token:
        if self._peeked is None:
            self._peeked = self._scan(self.position)
        return self._peeked[0]

    def next(self) -> _Token:
        token = self.peek()
        self.position = self._peeked[1]
        self._peeked = None
        return token

    def expect(self, kind: str, what: str) -> _Token:
        token = self.next()
        if token.kind != kind:
            raise self.expected(token, what)
        return token

    def number(self, what: str) -> tuple[Fraction, bool]:
        token = self.next()
        if token.kind == "word":
            problem = _number_problem(token.text)
            if problem is not None:
                raise self.error(token, problem)
            value = _number_value(token.text)
            if value is not None:
                return value
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
        self.decimal_header = token.text == "D"
        title = self.expect("string", "the game's title as a quoted string").text
        players, self.players_token = self.strings("player names")
        self.players = list(_usable_labels(players, lambda k: f"Player {k}")) if players else []
        if self.peek().kind == "string":
            self.next()  # the comment

        self._read_nodes()
        token = self.peek()
        if token.kind != "end":
            raise self.error(token, f"unexpected {token.shown()} after the end of the tree (the root's subtree is complete)")
        if not self.players:
            raise self.error(self.players_token, "the game has no players: expected at least one quoted player name")
        if exact is None:
            exact = not (self.decimal_header and self.any_decimal)
        return self._build(exact, title)

    def _add(self, player: int, infoset: int, outcome: int, offset: int, label: str, parent: int, depth: int) -> None:
        self.node_player.append(player)
        self.node_infoset.append(infoset)
        self.node_outcome.append(outcome)
        self.node_offset.append(offset)
        self.node_label.append(label)
        self.node_parent.append(parent)
        self.node_depth.append(depth)

    def _read_nodes(self) -> None:
        """Read the tree, node by node in file order, without recursion.

        A well-formed player or terminal node is read in one match (the loop
        below, kept flat because it runs once per node); a node it declines,
        chance nodes and every error included, is read token by token by
        :meth:`_node`. The match records nothing unless the whole node is
        accepted, so the token reader can start the same node again and word
        its error.
        """
        text, n = self.text, len(self.players)
        actions_of, outcomes = self.actions_of, self.outcomes
        node_player = self.node_player
        add_player, add_infoset, add_outcome = node_player.append, self.node_infoset.append, self.node_outcome.append
        add_offset, add_label = self.node_offset.append, self.node_label.append
        add_parent, add_depth = self.node_parent.append, self.node_depth.append
        match_terminal, match_player, opens_more = _FAST_TERMINAL.match, _FAST_PLAYER.match, _OPENS_MORE.match
        fast_payoffs = self._fast_payoffs
        # Lists of actions and of payoffs already read, by their text (big trees repeat a few of them).
        seen_actions: dict[str, tuple] = {}
        seen_payoffs: dict[str, tuple] = {}
        # Pending children: a stack of [file index of the parent, children still expected, their depth].
        stack: list[list[int]] = []
        first = True
        while first or stack:
            first = False
            if stack:
                top = stack[-1]
                parent, depth = top[0], top[2]
            else:
                parent, depth = -1, 0
            n_actions = None
            if len(node_player) < MAX_NODES:
                self._peeked = None  # a look-ahead costs nothing to redo, and keeps the next node on this path
                position = self.position
                kind = text[position:position + 1]
                match = match_terminal(text, position) if kind != "p" else None
                if match is not None:
                    _, label, outcome_text, outcome_name, body = match.groups()
                    player = TERMINAL
                    accepted = True
                else:
                    match = match_player(text, position) if kind != "t" else None
                    accepted = match is not None
                    if accepted:
                        _, label, player_text, infoset_text, name, actions_text, outcome_text, outcome_name, body \
                            = match.groups()
                        player, infoset = int(player_text) - 1, int(infoset_text)
                        key = (player, infoset)
                        known = actions_of.get(key)
                        if not 0 <= player < n or infoset < 1:
                            accepted = False
                        elif name is not None:
                            labels = seen_actions.get(actions_text)
                            if labels is None:
                                labels = tuple(_STRING_INSIDE.findall(actions_text))
                                if "\\" in actions_text:
                                    labels = tuple(_unescape(a) for a in labels)
                                if len(seen_actions) < _MEMO:
                                    seen_actions[actions_text] = labels
                            if not labels or known is not None and known != (labels, ()):
                                accepted = False
                        elif known is None:
                            accepted = False
                if accepted:
                    outcome = int(outcome_text)
                    payoffs = None
                    if outcome == 0:
                        accepted = outcome_name is None and body is None
                    elif body is not None:
                        known_body = seen_payoffs.get(body)
                        if known_body is None:
                            known_body = fast_payoffs(body)
                            if known_body[0] is not None and len(seen_payoffs) < _MEMO:
                                seen_payoffs[body] = known_body
                        payoffs, decimal = known_body
                        if payoffs is None:
                            accepted = False
                        else:
                            known_payoffs = outcomes.get(outcome)
                            accepted = known_payoffs is None or known_payoffs[0] == payoffs
                    else:
                        accepted = outcome_name is None and outcome in outcomes
                    if accepted and body is None and opens_more(text, match.end()):
                        accepted = False  # a value list the match did not take
                if accepted:
                    if payoffs is not None:
                        self.any_decimal |= decimal
                        if outcome not in outcomes:
                            outcomes[outcome] = (payoffs, match.start(5 if player == TERMINAL else 9) - 1)
                    self.position = match.end()
                    if player == TERMINAL:
                        n_actions = 0
                        add_infoset(0)
                    else:
                        if name is not None and known is None:
                            actions_of[key] = (labels, ())
                            self.infoset_names[key] = _unescape(name)
                        n_actions = len(actions_of[key][0])
                        add_infoset(infoset)
                    add_player(player)
                    add_outcome(outcome)
                    add_offset(match.start(1))
                    add_label(_unescape(label) if "\\" in label else label)
                    add_parent(parent)
                    add_depth(depth)
            if n_actions is None:
                n_actions = self._node(parent, depth, stack)
            if stack:
                top[1] -= 1
                if top[1] == 0:
                    stack.pop()
            if n_actions:
                stack.append([len(node_player) - 1, n_actions, depth + 1])

    def _fast_payoffs(self, body: str) -> tuple[tuple | None, bool]:
        words = body.replace(",", " ").split()
        if len(words) != len(self.players):
            return None, False
        values, decimal = [], False
        cache = self._values
        for word in words:
            known = cache.get(word)
            if known is None:
                if _SHORT_INTEGER.fullmatch(word):
                    known = (Fraction(int(word)), False)
                elif _number_problem(word) is None:
                    known = _number_value(word)
                if known is None:
                    return None, False
                if len(cache) < _MEMO:
                    cache[word] = known
            values.append(known[0])
            decimal |= known[1]
        return tuple(values), decimal

    def _node(self, parent: int, depth: int, stack: list) -> int:
        """Read one node token by token (every node the one-match reader declines); its number of actions."""
        players, n = self.players, len(self.players)
        actions_of, outcomes = self.actions_of, self.outcomes
        token = self.peek()
        if token.kind == "end":
            raise self.error(token, f"the file ends inside the tree: the node at line "
                                    f"{self._line(self.node_offset[stack[-1][0]])} still expects "
                                    f"{stack[-1][1]} more child node{'s' if stack[-1][1] != 1 else ''}")
        if len(self.node_player) >= MAX_NODES:
            raise self.error(token, f"the tree has more than {MAX_NODES} nodes, the most this reader accepts")
        kind_token = self.next()
        if kind_token.kind != "word" or kind_token.text not in ("p", "c", "t"):
            raise self.expected(kind_token, "a node: 'p' (player), 'c' (chance) or 't' (terminal)")
        kind = kind_token.text
        label = self.expect("string", "the node's name as a quoted string").text
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
                        self.any_decimal |= decimal
                        if p < 0:
                            raise self.error(token, f"action {token.text!r} has probability {p}, expected a "
                                                    "non-negative number")
                        probabilities.append(p)
                if not labels:
                    raise self.error(opening, f"information set {infoset} of {who} has no actions")
                total = sum(probabilities)
                if kind == "c" and total != 1 and not (self.decimal_header and abs(total - 1) <= Fraction(1, 10**9)):
                    raise self.error(opening, f"the probabilities of chance information set {infoset} sum to "
                                              f"{total}, expected 1")
                entry = (tuple(labels), tuple(probabilities))
                known = actions_of.get(key)
                if known is not None and known != entry:
                    raise self.error(opening, f"information set {infoset} of {who} is declared again with "
                                              f"different actions{' or probabilities' if kind == 'c' else ''} "
                                              f"({_clipped(entry[0])}; first {_clipped(known[0])})")
                if known is None:
                    actions_of[key] = entry
                    self.infoset_names[key] = name
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
                self.any_decimal |= decimal
                payoffs.append(value)
            if len(payoffs) != n:
                raise self.error(closing, f"outcome {outcome} has {len(payoffs)} payoff"
                                          f"{'' if len(payoffs) == 1 else 's'}, expected one per player ({n})")
            known = outcomes.get(outcome)
            if known is not None and known[0] != tuple(payoffs):
                raise self.error(opening, f"outcome {outcome} is declared again with different payoffs")
            if known is None:
                outcomes[outcome] = (tuple(payoffs), opening.offset)
        elif outcome and outcome not in outcomes:
            raise self.error(outcome_token, f"outcome {outcome} is referred to before its payoffs are given")
        self._add(player, infoset, outcome, kind_token.offset, label, parent, depth)
        return n_actions

    # ------------------------------------------------------------- build
    def _build(self, exact: bool, title: str) -> GameTree:
        players = self.players
        n = len(players)
        n_nodes = len(self.node_player)
        # Level order: file (depth-first) order sorted stably by depth keeps each node's children together and
        # in action order, and the nodes of a level in the order of their parents.
        order = np.argsort(np.array(self.node_depth, dtype=np.int64), kind="stable")
        position = np.empty(n_nodes, dtype=np.int64)
        position[order] = np.arange(n_nodes)
        file_parent = np.array(self.node_parent, dtype=np.int64)[order]
        parent = np.where(file_parent >= 0, position[np.maximum(file_parent, 0)], -1)
        player = np.array(self.node_player, dtype=np.int64)[order]
        numbers = np.array(self.node_infoset, dtype=np.int64)[order]
        # Information-set ids: the rank of the set's number among the numbers used, per player; the numbers
        # themselves (up to 12 digits) times the players could overflow.
        used = sorted({number for (who, number) in self.actions_of if who >= 0})
        rank = {number: k for k, number in enumerate(used)}
        decision = player >= 0
        infoset = np.full(n_nodes, -1, dtype=np.int64)
        if decision.any():
            ranks = np.searchsorted(np.array(used, dtype=np.int64), numbers[decision])
            infoset[decision] = ranks * n + player[decision]
        usable: dict[tuple, tuple] = {}  # one tuple per distinct list of labels (shared by many sets in big trees)
        keys = [key for key in self.actions_of if key[0] >= 0]
        identifiers = [rank[number] * n + who for who, number in keys]
        actions = {}
        for identifier, key in zip(identifiers, keys):
            labels = self.actions_of[key][0]
            found = usable.get(labels)
            if found is None:
                found = usable[labels] = _usable_labels(list(labels), str)
            actions[identifier] = found
        # Unnamed sets (most, in big trees) take the default name "".
        names = {identifier: self.infoset_names[key] for identifier, key in zip(identifiers, keys)
                 if self.infoset_names[key]}
        n_children = np.bincount(parent[1:], minlength=n_nodes) if n_nodes > 1 else np.zeros(1, np.int64)
        first_child = np.cumsum(n_children) - n_children + 1
        chance_actions = {}
        probabilities = None
        chance_nodes = np.flatnonzero(player == CHANCE)
        if len(chance_nodes):
            probabilities = np.empty(n_nodes, dtype=object)
            probabilities[:] = Fraction(0)
            labels_of = {}
            for c in chance_nodes.tolist():
                key = (CHANCE, int(numbers[c]))
                labels, probs = self.actions_of[key]
                if key not in labels_of:
                    labels_of[key] = _usable_labels(list(labels), str)
                chance_actions[c] = labels_of[key]
                start = int(first_child[c])
                probabilities[start:start + len(probs)] = probs
        payoffs = self._payoffs(order, player, exact)
        node_labels = None
        if any(self.node_label):
            node_labels = tuple(np.array(self.node_label, dtype=object)[order].tolist())
        try:
            return GameTree.from_arrays(
                parent, player, payoffs, infoset=infoset, players=players, actions=actions, infoset_labels=names,
                probabilities=probabilities, chance_actions=chance_actions, node_labels=node_labels, exact=exact,
                title=title,
            )
        except PerfectRecallError as error:
            lines = " and ".join(str(self._line(self.node_offset[int(order[v])])) for v in error.nodes)
            raise self._error_at(self.node_offset[int(order[error.nodes[0]])],
                                 error.describe(f"the nodes at lines {lines}")) from None
        except ValueError as error:
            # Point at the node the message names (a level-order number in the tree's message).
            match = re.search(r"nodes? (\d+)", str(error))
            offset = self.node_offset[int(order[int(match.group(1))])] if match and int(match.group(1)) < n_nodes \
                else 0
            raise self._error_at(offset, str(error)) from None

    def _payoffs(self, order: np.ndarray, player: np.ndarray, exact: bool) -> np.ndarray:
        """The payoffs of the terminal nodes in level order: the sum of the outcomes on each play.

        In float mode a value too large for a float is reported at the value
        in the file (or, for a sum, at the terminal node), never as a bare
        ``OverflowError``.
        """
        n = len(self.players)
        numbers = sorted(self.outcomes)
        table = np.empty((len(numbers) + 1, n), dtype=object)
        table[0] = (Fraction(0),) * n if n else ()
        if numbers:
            table[1:] = [self.outcomes[number][0] for number in numbers]
        if not exact:
            as_float = np.zeros(table.shape)
            for k, number in enumerate(numbers, 1):
                for i, value in enumerate(table[k]):
                    try:
                        as_float[k, i] = float(value)
                    except OverflowError:
                        raise self._too_large(number, i) from None
        terminals = np.flatnonzero(player == TERMINAL)
        file_terminals = order[terminals]
        outcome = np.array(self.node_outcome, dtype=np.int64)
        file_player = np.array(self.node_player, dtype=np.int64)
        if not np.any((outcome != 0) & (file_player != TERMINAL)):
            # Outcomes at terminal nodes only: each play's payoff is its terminal node's outcome.
            index = np.searchsorted(np.array(numbers, dtype=np.int64), outcome[file_terminals]) + 1
            index[outcome[file_terminals] == 0] = 0
            return (table if exact else as_float)[index]
        # Outcomes on the way: sums along each play, in file order (parents first).
        zero = (Fraction(0),) * n
        accumulated: list = [None] * len(file_player)
        for k, (up, number) in enumerate(zip(self.node_parent, self.node_outcome)):
            base = accumulated[up] if up >= 0 else zero
            own = self.outcomes[number][0] if number else None
            accumulated[k] = tuple(a + b for a, b in zip(base, own)) if own else base
        payoffs = np.empty((len(terminals), n), dtype=object if exact else float)
        for row, k in enumerate(file_terminals.tolist()):
            if exact:
                payoffs[row] = accumulated[k]
                continue
            for i, value in enumerate(accumulated[k]):
                try:
                    payoffs[row, i] = float(value)
                except OverflowError:
                    raise self._error_at(self.node_offset[k], f"the payoff of player {self.players[i]!r} here, the "
                                                              "sum of the outcomes on the way, is too large for "
                                                              f"floating point{self._exact_hint()}") from None
        return payoffs

    def _too_large(self, number: int, i: int) -> ValueError:
        """The error for payoff ``i`` of outcome ``number``, too large for a float, at the value in the file."""
        position = self.outcomes[number][1] + 1  # after the '{'
        k = -1
        while True:
            token, position = self._scan(position)
            if token.kind == "word":
                k += 1
                if k == i:
                    break
        return self.error(token, f"payoff {token.shown()} of outcome {number} is too large for floating point "
                                 f"(about 1.8e308 at most){self._exact_hint()}")

    def _exact_hint(self) -> str:
        return ": read the file exactly (header 'EFG 2 R')" if self.decimal_header else ": read the file exactly"


def _clipped(labels: tuple) -> str:
    """A list of labels for a message, the first few of a long one."""
    if len(labels) <= 8:
        return str(list(labels))
    return str(list(labels[:6]))[:-1] + f", ... ({len(labels)} in all)]"


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
        short, imperfect recall, numbers past the limits of
        :mod:`gametheory.limits` or (read as floats) past the float range,
        and files over :data:`MAX_BYTES` or :data:`MAX_NODES`.

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
    # Reading makes millions of small objects and no reference cycles: the cycle collector, which would walk
    # the growing heap again and again, only slows it (by about 40% on trees of a million nodes).
    collecting = gc.isenabled()
    gc.disable()
    try:
        return _Parser(text, source).parse(exact)
    finally:
        if collecting:
            gc.enable()


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
