"""Plain-text and LaTeX renderings of parameter expressions and conditions."""

from __future__ import annotations

import sympy
from sympy.logic.boolalg import BooleanFalse, BooleanTrue

from ..latex import tex_escape


def _latex_names(parameters) -> dict:
    return {p.sympy_symbol: (p.symbol or p.name) for p in parameters}


def _expr_text(expr) -> str:
    return sympy.sstr(expr)


def _expr_latex(expr, parameters) -> str:
    return sympy.latex(expr, symbol_names=_latex_names(parameters))


_TEXT_OPS = {"==": "=", "!=": "!=", ">=": ">=", "<=": "<=", ">": ">", "<": "<"}


def _is_true(expr) -> bool:
    """Whether ``expr`` is sympy's ``true`` (not merely a condition that evaluates to it)."""
    return expr is sympy.true or isinstance(expr, BooleanTrue)


def _is_false(expr) -> bool:
    """Whether ``expr`` is sympy's ``false``."""
    return expr is sympy.false or isinstance(expr, BooleanFalse)


def _condition_text(expr) -> str:
    if _is_true(expr):
        return "always"
    if _is_false(expr):
        return "never"
    return _boolean_text(expr, top=True)


def _boolean_text(expr, top=False) -> str:
    if isinstance(expr, sympy.And):
        text = " and ".join(_boolean_text(a) for a in _ordered(expr.args))
        return text if top else f"({text})"
    if isinstance(expr, sympy.Or):
        text = " or ".join(_boolean_text(a) for a in _ordered(expr.args))
        return text if top else f"({text})"
    if isinstance(expr, sympy.Not):
        return f"not {_boolean_text(expr.args[0])}"
    if isinstance(expr, sympy.core.relational.Relational):
        return f"{_expr_text(expr.lhs)} {_TEXT_OPS[expr.rel_op]} {_expr_text(expr.rhs)}"
    return _expr_text(expr)


#: Escape plain text (labels, names) for use inside ``\text{...}``: the project's one escaping function.
_tex = tex_escape


def _condition_latex(expr, parameters) -> str:
    if _is_true(expr):
        return r"\text{always}"
    if _is_false(expr):
        return r"\text{never}"
    return _boolean_latex(expr, parameters, top=True)


def _boolean_latex(expr, parameters, top=False) -> str:
    if isinstance(expr, (sympy.And, sympy.Or)):
        joiner = r" \wedge " if isinstance(expr, sympy.And) else r" \vee "
        text = joiner.join(_boolean_latex(a, parameters) for a in _ordered(expr.args))
        return text if top else rf"\left({text}\right)"
    return _expr_latex(expr, parameters)


def _ordered(args):
    return sorted(args, key=lambda a: (len(a.free_symbols), sympy.default_sort_key(a)))
