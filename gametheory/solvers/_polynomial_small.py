"""Small groups of support profiles solved on Python floats (the batched route's arithmetic, one profile at a time).

For a handful of profiles a numpy call costs more than the arithmetic it
does, so the shapes that reduce to closed forms are solved here on Python
floats with the same reductions, tolerances and hand-back rules as
:mod:`._polynomial_batch`: a lone mixer's support actions must pay the same;
two two-action mixers solve one linear equation each; three two-action
mixers give a quadratic in the first one's probability, whose roots fix the
others by Cramer's rule. Anything singular or doubtful is handed back.
"""

from __future__ import annotations

import math

import numpy as np

from ._polynomial_float import _SINGULAR, _SLACK

#: Largest group solved here, by number of mixers (about where numpy's fixed cost per call is paid back);
#: larger groups go to the batched arrays.
SMALL_GROUP = {1: 32, 2: 24, 3: 12}

_NEGATIVE = -1e-7
_RESIDUAL = 1e-9
_REAL = 1e-4
_NEAR_REAL = 5e-2


class Payoffs:
    """Normalised payoff tables as flat Python lists, with the strides of a profile's flat index."""

    def __init__(self, payoffs):
        self.flat = [p.ravel().tolist() for p in payoffs]
        shape = payoffs[0].shape
        strides, step = [], 1
        for m in reversed(shape):
            strides.append(step)
            step *= m
        self.strides = strides[::-1]
        self.shape = shape

    def table(self, player, supports, roles):
        """``player``'s payoff as nested lists over the roles' support actions (pure players fixed)."""
        strides = self.strides
        base = 0
        for s, stride in zip(supports, strides):
            base += s[0] * stride
        flat = self.flat[player]
        offsets = [[(a - supports[r][0]) * strides[r] for a in supports[r]] for r in roles]
        if len(offsets) == 1:
            return [flat[base + o] for o in offsets[0]]
        if len(offsets) == 2:
            first, second = offsets
            return [[flat[base + o + p] for p in second] for o in first]
        first, second, third = offsets
        return [[[flat[base + o + p + q] for q in third] for p in second] for o in first]


def solve_small(tables: Payoffs, sizes, members, relative_tol: float, out) -> bool:
    """Solve a group of profiles here when its shape has a closed form; False when it does not."""
    if len(sizes) == 1:
        for supports, roles in members:
            values = tables.table(roles[0], supports, roles)
            if not max(values) - min(values) > relative_tol:
                out.handed_back.append(supports)
        return True
    if sizes == (2, 2):
        for supports, roles in members:
            _two(tables, supports, roles, out)
        return True
    if sizes == (2, 2, 2):
        for supports, roles in members:
            _three(tables, supports, roles, out)
        return True
    return False


def _difference(tables, player, supports, roles, own):
    """``player``'s second support action's payoff minus its first, over the other roles (nested lists)."""
    table = tables.table(player, supports, roles)  # axes in role order, own axis at position `own`

    def walk(node, depth):
        if depth == own:
            return _subtract(node[1], node[0])
        return [walk(child, depth + 1) for child in node]

    return walk(table, 0)


def _subtract(a, b):
    if isinstance(a, list):
        return [_subtract(x, y) for x, y in zip(a, b)]
    return a - b


def _emit(out, shape, supports, roles, mixed):
    strategies = []
    for i, support in enumerate(supports):
        vector = np.zeros(shape[i])
        if i in roles:
            q = min(max(mixed[roles.index(i)], 0.0), 1.0)
            vector[support[0]], vector[support[1]] = 1.0 - q, q
        else:
            vector[support[0]] = 1.0
        strategies.append(vector)
    out.candidates.append(strategies)


def _two(tables, supports, roles, out):
    """Two two-action mixers: each one's indifference is linear in the other's probability."""
    i, j = roles
    di = _difference(tables, i, supports, roles, 0)  # over role 1's actions
    dj = _difference(tables, j, supports, roles, 1)  # over role 0's actions
    q = []
    for d in (dj, di):  # role 0's probability from role 1's equation, and vice versa
        determinant = d[0] - d[1]
        if not abs(determinant) > _SINGULAR * max(math.hypot(d[0], d[1]) * math.sqrt(2), 1e-300):
            out.handed_back.append(supports)
            return
        q.append(d[0] / determinant)  # (1 - q) d0 + q d1 = 0
    if min(q) >= _NEGATIVE and max(q) <= 1 - _NEGATIVE:
        _emit(out, tables.shape, supports, roles, q)


def _three(tables, supports, roles, out):
    """Three two-action mixers: a quadratic in role 0's probability ``t``."""
    # e[r][a][b]: role r's equation at the other two roles' actions (in role order), as bilinear forms.
    forms = []
    for r in range(3):
        d = _difference(tables, roles[r], supports, roles, r)
        # Monomial coefficients in (q_a, q_b): constant, q_a, q_b, q_a q_b.
        forms.append((d[0][0], d[1][0] - d[0][0], d[0][1] - d[0][0], d[1][1] - d[1][0] - d[0][1] + d[0][0]))
    # Role 1's form is over (q0, q2) and role 2's over (q0, q1): each linear in the other unknown given t = q0.
    # q2 = -(c + a t) / (s + b t) from role 1, q1 = -(c' + a' t) / (s' + b' t) from role 2.
    c1, a1, s1, b1 = forms[1]
    c2, a2, s2, b2 = forms[2]
    n2 = (-c1, -a1)  # numerator of q2, linear in t
    d2 = (s1, b1)
    n1 = (-c2, -a2)
    d1 = (s2, b2)
    # Role 0's form over (q1, q2), times d1 d2: k0 d1 d2 + k1 n1 d2 + k2 d1 n2 + k3 n1 n2.
    k0, k1, k2, k3 = forms[0]

    def mul(p, q):
        return (p[0] * q[0], p[0] * q[1] + p[1] * q[0], p[1] * q[1])

    terms = [(k0, mul(d1, d2)), (k1, mul(n1, d2)), (k2, mul(d1, n2)), (k3, mul(n1, n2))]
    c = [sum(k * p[m] for k, p in terms) for m in range(3)]
    magnitude = max(abs(v) for v in c)
    if not magnitude > 1e-12 or not abs(c[2]) > 1e-6 * magnitude:
        out.handed_back.append(supports)
        return
    c = [v / magnitude for v in c]
    disc = c[1] * c[1] - 4 * c[2] * c[0]
    centre = -c[1] / (2 * c[2])
    if disc < 0:
        spread = math.sqrt(-disc) / (2 * abs(c[2]))
        if not -_SLACK <= centre <= 1 + _SLACK:
            return
        relative = spread / max(1.0, math.hypot(centre, spread))
        if relative > _NEAR_REAL:
            return
        if relative > _REAL:
            out.handed_back.append(supports)
            return
        roots = [centre]
    else:
        root = math.sqrt(disc)
        # The stable pair of formulas (no cancellation).
        big = -(c[1] + math.copysign(root, c[1])) / 2
        roots = [big / c[2]] + ([c[0] / big] if big != 0 else [centre])
    found = []
    for t in roots:
        if not -_SLACK <= t <= 1 + _SLACK:
            continue
        for _ in range(2):
            value = c[0] + t * (c[1] + t * c[2])
            slope = c[1] + 2 * t * c[2]
            if slope != 0 and abs(value / slope) < 1e-6:
                t -= value / slope
        den2, den1 = d2[0] + d2[1] * t, d1[0] + d1[1] * t
        scale2 = max(math.hypot(*_row(forms[1], t)) * math.sqrt(2), 1e-300)
        scale1 = max(math.hypot(*_row(forms[2], t)) * math.sqrt(2), 1e-300)
        if not (abs(den2) > _SINGULAR * scale2 and abs(den1) > _SINGULAR * scale1):
            out.handed_back.append(supports)
            return
        q2 = (n2[0] + n2[1] * t) / den2
        q1 = (n1[0] + n1[1] * t) / den1
        q = (t, q1, q2)
        if min(q) < _NEGATIVE or max(q) > 1 - _NEGATIVE:
            continue
        residual = max(abs(_bilinear(forms[0], q1, q2)), abs(_bilinear(forms[1], t, q2)), abs(_bilinear(forms[2], t, q1)))
        if not residual <= _RESIDUAL:
            out.handed_back.append(supports)
            return
        found.append(q)
    for q in found:
        _emit(out, tables.shape, supports, roles, q)


def _row(form, t):
    """A role's equation at ``q_a = t`` as the row over the other role's two actions."""
    c, a, s, b = form
    return (c + a * t, c + a * t + s + b * t)


def _bilinear(form, x, y):
    c, a, s, b = form
    return c + a * x + s * y + b * x * y
