"""The limits on what the toolkit accepts from users, in one place.

Every number, file and declared size that comes from outside (the command
line, a model file, a Gambit file, a sweep grid) is checked against these
limits where it enters, *before* any big arithmetic or allocation starts, and
refused with a message naming the value, the limit and this module. They are
generous for any alliance model or textbook game; work beyond them is not
refused silently but named, so that a user who really needs more knows which
limit to raise.
"""

from __future__ import annotations

import re

__all__ = [
    "MAX_NUMBER_DIGITS",
    "MAX_NUMBER_EXPONENT",
    "MAX_GAME_FILE_BYTES",
    "MAX_PAYOFF_ENTRIES",
    "MAX_PLAYERS",
    "check_number_text",
    "read_limited",
    "InputLimitError",
]

#: Most digits in the integer, fraction or denominator part of a number written as text.
MAX_NUMBER_DIGITS = 1000
#: Largest decimal exponent of a number written as text (``1e1000`` is the largest power of ten).
MAX_NUMBER_EXPONENT = 1000
#: Largest game file (``.nfg``, ``.efg``) read, in bytes; checked while reading, so streams are bounded too.
MAX_GAME_FILE_BYTES = 32 * 2**20
#: Most payoff entries (profiles times players) a strategic-form file may declare.
MAX_PAYOFF_ENTRIES = 5_000_000
#: Most players a strategic-form file may declare.
MAX_PLAYERS = 64


class InputLimitError(ValueError):
    """An input exceeds one of the documented limits of :mod:`gametheory.limits`."""


_NUMBER = re.compile(r"\s*[+-]?(?P<whole>\d*)(?:\.(?P<fraction>\d*))?(?:[eE](?P<exponent>[+-]?\d+))?\s*")
_RATIO = re.compile(r"\s*[+-]?(?P<numerator>\d+)\s*/\s*[+-]?(?P<denominator>\d+)\s*")


def check_number_text(text: str, *, what: str = "value") -> None:
    """Refuse a number written as text whose exact value would be huge to build.

    Python builds ``Fraction("1e999999999")`` digit by digit, which never
    ends in practice; this check reads only the text.

    Raises
    ------
    InputLimitError
        When a part has more than :data:`MAX_NUMBER_DIGITS` digits or the
        exponent exceeds :data:`MAX_NUMBER_EXPONENT` in size.

    Examples
    --------
    >>> check_number_text("9/2"), check_number_text("-1.5e3")
    (None, None)
    >>> check_number_text("1e999999999", what="--set war_cost")
    Traceback (most recent call last):
    ...
    gametheory.limits.InputLimitError: --set war_cost: the number '1e999999999' has exponent 999999999; the limit is 1000 in size (gametheory.limits.MAX_NUMBER_EXPONENT)
    """
    shown = text if len(text) <= 40 else text[:37] + "..."
    match = _RATIO.fullmatch(text)
    parts = [match["numerator"], match["denominator"]] if match else []
    if not match:
        match = _NUMBER.fullmatch(text)
        if not match:
            return  # not a number at all: the parser that follows says so
        parts = [match["whole"] or "", match["fraction"] or ""]
        exponent = match["exponent"]
        if exponent is not None:
            digits = exponent.lstrip("+-").lstrip("0")
            if len(digits) > len(str(MAX_NUMBER_EXPONENT)) or int(digits or 0) > MAX_NUMBER_EXPONENT:
                raise InputLimitError(
                    f"{what}: the number {shown!r} has exponent {exponent if len(exponent) <= 20 else exponent[:17] + '...'}; "
                    f"the limit is {MAX_NUMBER_EXPONENT} in size (gametheory.limits.MAX_NUMBER_EXPONENT)"
                )
    longest = max((len(p) for p in parts), default=0)
    if longest > MAX_NUMBER_DIGITS:
        raise InputLimitError(
            f"{what}: the number {shown!r} has {longest} digits in one part; the limit is {MAX_NUMBER_DIGITS} "
            "(gametheory.limits.MAX_NUMBER_DIGITS)"
        )


def read_limited(path, *, limit: int = MAX_GAME_FILE_BYTES, what: str = "file") -> bytes:
    """The bytes of ``path``, read in pieces and refused past ``limit``.

    Reading stops at the limit whatever the file is (a device, a pipe that
    never ends), so a bad path cannot hang the toolkit or fill its memory.

    Raises
    ------
    InputLimitError
        Naming the file and the limit.
    """
    import os

    pieces, size = [], 0
    with open(path, "rb") as handle:
        while True:
            piece = handle.read(min(1 << 20, limit + 1 - size))
            if not piece:
                break
            pieces.append(piece)
            size += len(piece)
            if size > limit:
                raise InputLimitError(
                    f"{os.fspath(path)}: the {what} is larger than {limit} bytes, the limit of "
                    "gametheory.limits.MAX_GAME_FILE_BYTES"
                )
    return b"".join(pieces)
