"""Gambit strategic-form files (``.nfg``, format version ``NFG 1``).

A Gambit ``.nfg`` file states a game's title, its players, their strategies
(by name, or only by number), an optional comment, and then the payoffs in one
of two layouts:

*payoff version*
    the payoffs of every player, profile by profile, the first player's
    strategy changing fastest::

        NFG 1 R "Prisoner's Dilemma" { "Ally" "Rival" } { 2 2 }

        3 3 5 0 0 5 1 1

*outcome version*
    a list of outcomes (a label and one payoff per player), then for each
    profile, in the same order, the 1-based index of its outcome, ``0``
    standing for the null outcome whose payoffs are all zero::

        NFG 1 R "Prisoner's Dilemma" { "Ally" "Rival" }

        { { "Cooperate" "Defect" }
        { "Cooperate" "Defect" }
        }
        "A comment, which may span
        several lines and contain \\"quoted\\" text."

        {
        { "" 3, 3 }
        { "both defect" 1, 1 }
        { "" 5, 0 }
        { "" 0, 5 }
        }
        1 3 4 2

Numbers are integers (``-3``), ratios (``10/3``) or decimals (``0.25``,
``1.5e2``). The header's ``R`` (rational) or ``D`` (decimal) is kept as a
hint: payoffs are read exactly, as :class:`~fractions.Fraction`, unless the
header is ``D`` and some payoff is written as a decimal, which is how files
with floating-point payoffs are written (``exact=`` overrides this).

Gambit allows empty and repeated labels, which :class:`NormalFormGame` does
not: on reading, an empty player name becomes ``"Player k"``, an empty
strategy name becomes its number ``"k"`` (Gambit's own default), and a
repeated label gets its position appended (``"x"``, ``"x #2"``).

References
----------
The Gambit file formats: https://gambitproject.readthedocs.io/en/latest/formats.html
"""

from __future__ import annotations

import math
import os
import re
from fractions import Fraction
from typing import NamedTuple

import numpy as np

from ..games.normal_form import NormalFormGame
from ..limits import MAX_PAYOFF_ENTRIES, MAX_PLAYERS, InputLimitError, check_number_text, read_limited

__all__ = ["parse_nfg", "read_nfg", "format_nfg", "write_nfg"]

_DECIMAL = re.compile(r"[+-]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE]([+-]?\d+))?")
_RATIO = re.compile(r"[+-]?\d+/\d+")
_INTEGER = re.compile(r"[+-]?\d+")
_TOKEN = re.compile(
    r"""(?P<punctuation>[{},])
      | (?P<string>"(?:\\[\s\S]|[^"\\])*")
      | (?P<unterminated>")
      | (?P<word>[^\s{},"]+)""",
    re.VERBOSE,
)
_UNESCAPE = re.compile(r'\\(["\\])')  # \" and \\ inside strings; other backslashes are kept


class _Token(NamedTuple):
    kind: str  # "word", "string", "{", "}", ",", or "end"
    text: str
    offset: int  # position in the text; line and column are worked out for messages only

    def shown(self) -> str:
        if self.kind == "end":
            return "the end of the file"
        if self.kind == "string":
            text = self.text if len(self.text) <= 40 else self.text[:37] + "..."
            return f"the string {text!r}"
        return repr(self.text)


class _Parser:
    """Tokenizer and recursive-descent parser for one ``.nfg`` text."""

    def __init__(self, text: str, source: str):
        self.source = source
        self.text = text
        self.tokens = self._tokenize(text)
        self.position = 0

    # ------------------------------------------------------------- errors
    def error(self, token: _Token, message: str) -> ValueError:
        return self._error_at(token.offset, message)

    def _error_at(self, offset: int, message: str) -> ValueError:
        line = self.text.count("\n", 0, offset) + 1
        column = offset - self.text.rfind("\n", 0, offset)
        return ValueError(f"{self.source}, line {line}, column {column}: {message}")

    def expected(self, token: _Token, what: str) -> ValueError:
        return self.error(token, f"expected {what}, got {token.shown()}")

    # ---------------------------------------------------------- tokenizer
    def _tokenize(self, text: str) -> list[_Token]:
        tokens: list[_Token] = []
        append = tokens.append
        # finditer skips what no alternative matches, which is only whitespace.
        for match in _TOKEN.finditer(text):
            kind, value, start = match.lastgroup, match.group(), match.start()
            if kind == "word":
                append(_Token("word", value, start))
            elif kind == "punctuation":
                append(_Token(value, value, start))
            elif kind == "string":
                append(_Token("string", _UNESCAPE.sub(r"\1", value[1:-1]), start))
            else:  # a quote that no later quote closes
                raise self._error_at(start, "unterminated string (no closing '\"' before the end of the file)")
        tokens.append(_Token("end", "", len(text)))
        return tokens

    # ------------------------------------------------------------- cursor
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

    # ------------------------------------------------------------- values
    def number(self, what) -> tuple[Fraction, bool]:
        """Read a number; return it exactly and whether it was written as a decimal.

        ``what`` says what was expected: a string, or a function giving it
        (called only to build an error message).
        """
        token = self.next()
        text = token.text
        if token.kind == "word":
            try:
                check_number_text(text, what="payoff")
            except InputLimitError as error:
                raise self.error(token, str(error).removeprefix("payoff: ")) from None
            if _INTEGER.fullmatch(text):
                return Fraction(int(text)), False
            match = _DECIMAL.fullmatch(text)
            if match:
                return Fraction(text), "." in text or match.group(1) is not None
            if _RATIO.fullmatch(text):
                numerator, denominator = text.split("/")
                if int(denominator) == 0:
                    raise self.error(token, f"the ratio {text!r} divides by zero")
                return Fraction(int(numerator), int(denominator)), False
        what = what() if callable(what) else what
        if token.kind != "word":
            raise self.expected(token, what)
        raise self.expected(token, what + " (an integer like -3, a ratio like 10/3 or a decimal like 0.25)")

    def count(self, what: str) -> int:
        token = self.next()
        if token.kind != "word" or not token.text.isdigit():
            raise self.expected(token, what)
        if len(token.text) > 12:  # far past any limit on the size of a game; no need to build the number
            raise self.error(token, f"{what} {token.shown()} is too large (see gametheory.limits.MAX_PAYOFF_ENTRIES)")
        return int(token.text)

    def strings(self, what: str) -> tuple[list[str], _Token]:
        """``{ "a" "b" ... }``: return the strings and the opening brace token."""
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
    def parse(self, exact: bool | None) -> NormalFormGame:
        token = self.next()
        if token.kind != "word" or token.text != "NFG":
            if token.kind == "word" and token.text in ("EFG", "GBT"):
                raise self.error(token, f"this is a Gambit {token.text} file, not a strategic-form (NFG) file")
            raise self.expected(token, "the header 'NFG 1 R' (a Gambit strategic-form file)")
        token = self.next()
        if token.kind != "word" or token.text != "1":
            raise self.error(token, f"unsupported NFG format version {token.shown()}: only version 1 is supported")
        token = self.next()
        if token.kind != "word" or token.text not in ("R", "D"):
            raise self.expected(token, "'R' (rational) or 'D' (decimal) after 'NFG 1'")
        decimal_header = token.text == "D"
        title = self.expect("string", "the game's title as a quoted string").text
        players, players_token = self.strings("player names")
        if not players:
            raise self.error(players_token, "the game has no players: expected at least one quoted player name")
        if len(players) > MAX_PLAYERS:
            raise self.error(players_token, f"the game declares {len(players)} players; the limit is {MAX_PLAYERS} "
                                            "(gametheory.limits.MAX_PLAYERS)")
        players = _usable_labels(players, lambda k: f"Player {k}")
        n = len(players)

        self.expect("{", "'{' opening the strategy names or counts")
        if self.peek().kind == "{":
            actions = []
            for i in range(n):
                token = self.peek()
                if token.kind != "{":
                    raise self.expected(token, f"'{{' opening the strategies of player {players[i]!r} "
                                               f"(one list per player, {n} players)")
                labels, opening_i = self.strings(f"strategies of player {players[i]!r}")
                if not labels:
                    raise self.error(opening_i, f"player {players[i]!r} has no strategies: expected at least one")
                actions.append(_usable_labels(labels, str))
            token = self.next()
            if token.kind != "}":
                if token.kind == "{":
                    raise self.error(token, f"too many strategy lists: {n} players but more than {n} lists")
                raise self.expected(token, "'}' closing the list of strategy names")
        else:
            counts = []
            while self.peek().kind != "}":
                token = self.peek()
                if len(counts) == n:
                    raise self.error(token, f"too many strategy counts: {n} players but more than {n} counts")
                count = self.count(f"a strategy count for player {players[len(counts)]!r}")
                if count < 1:
                    raise self.error(token, f"player {players[len(counts)]!r} has {count} strategies, expected at least 1")
                counts.append(count)
            closing = self.next()
            if len(counts) != n:
                raise self.error(closing, f"{len(counts)} strategy count{'' if len(counts) == 1 else 's'} for {n} players: "
                                          "expected one count per player")
            actions = [tuple(str(k + 1) for k in range(m)) for m in counts]
        shape = tuple(len(a) for a in actions)
        if math.prod(shape) * n > MAX_PAYOFF_ENTRIES:
            raise self.error(players_token, f"the game declares {' x '.join(map(str, shape))} profiles for {n} players, "
                                            f"{math.prod(shape) * n} payoffs; the limit is {MAX_PAYOFF_ENTRIES} "
                                            "(gametheory.limits.MAX_PAYOFF_ENTRIES)")

        if self.peek().kind == "string":
            self.next()  # the comment
        profiles = math.prod(shape)
        if self.peek().kind == "{":
            values, any_decimal = self._outcome_version(n, profiles, players)
        else:
            values, any_decimal = self._payoff_version(n, profiles, shape)
        token = self.peek()
        if token.kind != "end":
            raise self.error(token, f"unexpected {token.shown()} after the end of the game "
                                    f"(all {profiles} profiles already have payoffs)")

        if exact is None:
            exact = not (decimal_header and any_decimal)
        arrays = []
        for i in range(n):
            flat = np.empty(profiles, dtype=object)
            flat[:] = [values[k][i] for k in range(profiles)]
            array = flat.reshape(shape, order="F")  # first player's strategy changes fastest
            arrays.append(array if exact else array.astype(float))
        return NormalFormGame(arrays, players=players, actions=actions, exact=exact, title=title)

    def _payoff_version(self, n: int, profiles: int, shape) -> tuple[list, bool]:
        def profile(k: int) -> tuple[int, ...]:  # 1-based strategy numbers, for messages
            return tuple(int(a) + 1 for a in np.unravel_index(k, shape, order="F"))

        values, any_decimal = [], False
        for k in range(profiles):
            payoffs = []
            for i in range(n):
                token = self.peek()
                if token.kind == "end":
                    raise self.error(
                        token,
                        f"the file ends after {k * n + i} payoffs, expected {profiles * n} "
                        f"({n} players x {profiles} profiles); first missing: player {i + 1} at profile {profile(k)}",
                    )
                value, decimal = self.number(lambda: f"the payoff of player {i + 1} at profile {profile(k)}")
                payoffs.append(value)
                any_decimal |= decimal
            values.append(payoffs)
        return values, any_decimal

    def _outcome_version(self, n: int, profiles: int, players) -> tuple[list, bool]:
        self.expect("{", "'{' opening the list of outcomes")
        outcomes, any_decimal = [], False
        while True:
            token = self.next()
            if token.kind == "}":
                break
            if token.kind != "{":
                raise self.expected(token, f"'{{' opening outcome {len(outcomes) + 1} or '}}' closing the outcome list")
            number = len(outcomes) + 1
            if self.peek().kind == "string":
                self.next()  # the outcome's label
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
                    raise self.expected(token, f"'}}' closing outcome {number}")
                if len(payoffs) == n:
                    raise self.error(token, f"outcome {number} has more than {n} payoffs: expected one per player ({n})")
                value, decimal = self.number(f"a payoff of outcome {number} or '}}' closing it")
                payoffs.append(value)
                any_decimal |= decimal
            if len(payoffs) != n:
                raise self.error(closing, f"outcome {number} has {len(payoffs)} payoff{'' if len(payoffs) == 1 else 's'}, "
                                          f"expected one per player ({n})")
            outcomes.append(payoffs)
        zero = [Fraction(0)] * n
        values = []
        for k in range(profiles):
            token = self.peek()
            if token.kind == "end":
                raise self.error(token, f"the file ends after {k} outcome indices, expected {profiles} (one per profile)")
            index = self.count(f"an outcome index (0..{len(outcomes)}) for profile {k + 1}")
            if index > len(outcomes):
                raise self.error(
                    token, f"outcome index {index} out of range: there are {len(outcomes)} outcomes (0 is the null outcome)"
                )
            values.append(zero if index == 0 else outcomes[index - 1])
        return values, any_decimal


def _usable_labels(labels: list[str], default) -> tuple[str, ...]:
    """Replace empty labels by ``default(k)`` and number repeated ones (``x``, ``x #2``)."""
    result: list[str] = []
    taken: set[str] = set()  # a set, not the list: nodes and players with a million labels are read
    for k, label in enumerate(labels, 1):
        label = label if label.strip() else default(k)
        if label in taken:
            label = f"{label} #{k}"
            while label in taken:
                label += "'"
        result.append(label)
        taken.add(label)
    return tuple(result)


def parse_nfg(text: str, *, source: str = "<string>", exact: bool | None = None) -> NormalFormGame:
    """Read a game from the text of a Gambit strategic-form (``.nfg``) file.

    Parameters
    ----------
    text : str
        The file's contents: the payoff version or the outcome version of
        format ``NFG 1`` (see the module documentation).
    source : str, optional
        Where the text comes from, used in error messages (a file name).
    exact : bool, optional
        ``True`` reads payoffs as :class:`~fractions.Fraction`, ``False`` as
        floats; ``None`` (default) is exact unless the header says ``D`` and a
        payoff is written as a decimal.

    Returns
    -------
    NormalFormGame
        With the file's title, player names and strategy names.

    Raises
    ------
    ValueError
        If the text is not a valid ``NFG 1`` file; the message names
        ``source``, the line and the column, and says what was expected.
    TypeError
        If ``text`` is not a string.

    Examples
    --------
    >>> game = parse_nfg('''NFG 1 R "Stag hunt" { "Ally" "Partner" } { 2 2 }
    ... 4 4 3 0 0 3 2 2''')
    >>> game.players, game.actions
    (('Ally', 'Partner'), (('1', '2'), ('1', '2')))
    >>> game.payoff_profile((1, 0))
    (Fraction(3, 1), Fraction(0, 1))
    >>> parse_nfg('NFG 1 R "" { "A" } { 2 }\\n1 2/0', source="bad.nfg")
    Traceback (most recent call last):
    ...
    ValueError: bad.nfg, line 2, column 3: the ratio '2/0' divides by zero
    """
    if not isinstance(text, str):
        raise TypeError(f"text must be a str (the contents of an .nfg file), got {type(text).__name__}")
    return _Parser(text, source).parse(exact)


def read_nfg(path: str | os.PathLike, *, exact: bool | None = None) -> NormalFormGame:
    """Read a game from a Gambit strategic-form (``.nfg``) file.

    Parameters
    ----------
    path : str or path-like
    exact : bool, optional
        See :func:`parse_nfg`.

    Raises
    ------
    FileNotFoundError, OSError
        If the file cannot be read.
    ValueError
        If its contents are not a valid ``NFG 1`` file (message with file
        name, line and column), or the file, a number in it or the game it
        declares exceeds a limit of :mod:`gametheory.limits`.

    Examples
    --------
    >>> import os, tempfile
    >>> path = os.path.join(tempfile.mkdtemp(), "pennies.nfg")
    >>> pennies = NormalFormGame.from_bimatrix([[1, -1], [-1, 1]])
    >>> write_nfg(pennies, path)
    >>> read_nfg(path) == pennies
    True
    """
    data = read_limited(path, what=".nfg file")
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError:
        text = data.decode("latin-1")  # older Gambit files
    return parse_nfg(text, source=os.fspath(path), exact=exact)


def _quote(text: str) -> str:
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


def _number(value, exact: bool) -> str:
    if exact:
        return str(value)  # Fraction: "3" or "10/3"
    text = np.format_float_positional(float(value), unique=True, trim="0")
    return text if "." in text else text + ".0"


def format_nfg(game: NormalFormGame, *, form: str = "payoff", comment: str = "") -> str:
    """The text of a Gambit strategic-form (``.nfg``) file for ``game``.

    Parameters
    ----------
    game : NormalFormGame
    form : {"payoff", "outcome"}
        ``"payoff"`` (default) lists the payoffs profile by profile;
        ``"outcome"`` writes one outcome per profile, the layout Gambit itself
        writes.
    comment : str, optional
        The file's comment (may span several lines).

    Returns
    -------
    str
        Exact games are written with header ``R`` and payoffs like ``10/3``;
        float games with header ``D`` and payoffs as shortest round-tripping
        decimals (always with a decimal point), so :func:`parse_nfg` gives the
        same game back.

    Examples
    --------
    >>> game = NormalFormGame.from_bimatrix([[1, 0], [0, 1]], [[1, 0], [0, 2]],
    ...                                     actions=(["Opera", "Fight"], ["Opera", "Fight"]),
    ...                                     title="Battle of the sexes")
    >>> print(format_nfg(game))
    NFG 1 R "Battle of the sexes" { "Row" "Column" }
    { { "Opera" "Fight" }
    { "Opera" "Fight" }
    }
    ""
    1 1 0 0 0 0 1 2
    >>> parse_nfg(format_nfg(game)) == game
    True
    """
    if not isinstance(game, NormalFormGame):
        raise TypeError(f"game must be a NormalFormGame, got {type(game).__name__}")
    if form not in ("payoff", "outcome"):
        raise ValueError(f"form must be 'payoff' or 'outcome', got {form!r}")
    if not isinstance(comment, str):
        raise TypeError(f"comment must be a str, got {type(comment).__name__}")
    exact = game.is_exact
    header = f"NFG 1 {'R' if exact else 'D'} {_quote(game.title)} {{ {' '.join(_quote(p) for p in game.players)} }}"
    strategies = "\n".join("{ " + " ".join(_quote(a) for a in labels) + " }" for labels in game.actions)
    lines = [header, "{ " + strategies, "}", _quote(comment)]
    flat = [np.asarray(p, dtype=object).ravel(order="F") for p in game.payoffs]
    profiles = len(flat[0])
    if form == "payoff":
        lines.append(" ".join(_number(flat[i][k], exact) for k in range(profiles) for i in range(game.n_players)))
    else:
        lines.append("{")
        for k in range(profiles):
            lines.append('{ "" ' + ", ".join(_number(flat[i][k], exact) for i in range(game.n_players)) + " }")
        lines.append("}")
        lines.append(" ".join(str(k + 1) for k in range(profiles)))
    return "\n".join(lines) + "\n"


def write_nfg(game: NormalFormGame, path: str | os.PathLike, *, form: str = "payoff", comment: str = "") -> None:
    """Write ``game`` to ``path`` as a Gambit strategic-form file (see :func:`format_nfg`).

    Examples
    --------
    >>> import os, tempfile
    >>> path = os.path.join(tempfile.mkdtemp(), "game.nfg")
    >>> write_nfg(NormalFormGame.from_bimatrix([[2, 0], [0, 1]]), path, form="outcome")
    >>> read_nfg(path).payoffs[1].tolist()
    [[Fraction(-2, 1), Fraction(0, 1)], [Fraction(0, 1), Fraction(-1, 1)]]
    """
    text = format_nfg(game, form=form, comment=comment)
    with open(path, "w", encoding="utf-8", newline="\n") as handle:
        handle.write(text)
