r"""Escaping plain text (names, labels) for LaTeX: the one function every LaTeX output uses.

It sits at the top of the package, beside :mod:`gametheory.numerics`, so that
the games (TikZ trees), the analysis (conditions, regimes) and the studies
(tables) share it without importing one another.

Examples
--------
>>> print(tex_escape(r"50% of $\alpha_1 & {x}"))
50\% of \$\textbackslash{}alpha\_1 \& \{x\}
"""

from __future__ import annotations

__all__ = ["tex_escape"]

#: LaTeX's special characters in text mode and what typesets each literally.
_SPECIALS = {"\\": r"\textbackslash{}", "&": r"\&", "%": r"\%", "$": r"\$", "#": r"\#", "_": r"\_",
             "{": r"\{", "}": r"\}", "~": r"\textasciitilde{}", "^": r"\textasciicircum{}"}


def tex_escape(text) -> str:
    r"""``text`` (any value, as ``str``) with LaTeX's special characters escaped, for text mode.

    Each character is replaced once, in one pass, so the braces of a
    replacement (``\textbackslash{}``) are never escaped again.

    Parameters
    ----------
    text : object
        Converted with :class:`str`.

    Returns
    -------
    str
        Safe in LaTeX text mode (a ``\text{...}``, a TikZ node, a table cell).

    Examples
    --------
    >>> print(tex_escape("$\\"))
    \$\textbackslash{}
    >>> print(tex_escape("a_b ~ c^2 # 1"))
    a\_b \textasciitilde{} c\textasciicircum{}2 \# 1
    """
    return "".join(_SPECIALS.get(ch, ch) for ch in str(text))
