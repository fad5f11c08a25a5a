"""Vertices of a best-response polytope read off Qhull's convex hull of its polar.

Float vertex enumeration of games with more bases than it solves one by one
asks Qhull (Barber, Dobkin and Huhdanpaa 1996, through :mod:`scipy.spatial`)
for the vertices of the two best-response polytopes, as QuantEcon's vertex
enumeration does: each facet of the convex hull of the polar lists the
inequalities tight at one vertex, and the facet's hyperplane gives the vertex
itself. Only the facets (simplices and hyperplanes) are needed, not the
hull's volume and area, which :class:`scipy.spatial.ConvexHull` always
computes (15-18 % of the hull's time on 8 x 8 to 10 x 10 games); so the
hull is built through scipy's private ``_Qhull`` with the options
``ConvexHull`` uses by default (``Qt`` always, ``Qx`` from dimension 5, no
``Q0``: Qhull merges facets on degenerate input, so no hull is wrong).
Whether that private route works is checked on its first use; if it is
missing or answers in another shape, the public ``ConvexHull`` is used from
then on. Qhull's own errors (precision failures) are raised as they are, for
the caller to fall back on solving every basis.

References
----------
C. B. Barber, D. P. Dobkin and H. Huhdanpaa, "The Quickhull algorithm for
convex hulls", ACM Transactions on Mathematical Software 22(4), 469-483, 1996.
"""

from __future__ import annotations

import numpy as np

__all__ = ["hull_facets", "polar_vertices"]

#: scipy's private ``_Qhull`` once its first use has shown the interface expected, ``False`` once it has not
#: (the public ``ConvexHull`` is used from then on), ``None`` before its first use.
_RAW = None


def _public_facets(points: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    from scipy.spatial import ConvexHull

    hull = ConvexHull(points)
    return hull.simplices, hull.equations


def _options(points: np.ndarray) -> bytes:
    """:class:`scipy.spatial.ConvexHull`'s default options (``Qt`` is passed as required)."""
    return b"Qx" if points.shape[1] >= 5 else b""


def _raw_facets(points: np.ndarray) -> tuple[np.ndarray, np.ndarray] | None:
    """The triangulated facets from scipy's private ``_Qhull``, or ``None`` if that interface is not as expected.

    Options as :class:`scipy.spatial.ConvexHull` sets them by default. A
    :class:`scipy.spatial.QhullError` (a precision failure) propagates. On
    success, the class is kept in :data:`_RAW` for :func:`hull_facets`.
    """
    global _RAW
    try:
        from scipy.spatial import _qhull

        raw = _qhull._Qhull
        qhull = raw(b"i", points, _options(points), required_options=b"Qt")
    except (ImportError, AttributeError, TypeError):
        return None
    try:
        qhull.triangulate()
        arrays = qhull.get_simplex_facet_array()
    except (AttributeError, TypeError):
        return None
    finally:
        close = getattr(qhull, "close", None)
        if close is not None:
            close()
    if not isinstance(arrays, tuple) or len(arrays) < 3:
        return None
    simplices, equations = arrays[0], arrays[2]
    d = points.shape[1]
    if not (isinstance(simplices, np.ndarray) and isinstance(equations, np.ndarray)
            and simplices.ndim == 2 and simplices.shape[1] == d and simplices.dtype.kind == "i"
            and equations.shape == (len(simplices), d + 1) and equations.dtype == np.float64):
        return None
    _RAW = raw
    return simplices, equations


def hull_facets(points: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """``(simplices, equations)`` of the triangulated convex hull of ``points`` (a C-contiguous float array).

    As :attr:`scipy.spatial.ConvexHull.simplices` and ``.equations``: row
    ``k`` of ``simplices`` indexes the points spanning facet ``k``, and facet
    ``k`` is ``{p : equations[k, :-1] . p + equations[k, -1] = 0}`` with the
    outward unit normal.

    Examples
    --------
    >>> square = np.array([[0.0, 0.0], [1.0, 0.0], [0.0, 1.0], [1.0, 1.0]])
    >>> simplices, equations = hull_facets(square)
    >>> sorted(sorted(s) for s in simplices.tolist())
    [[0, 1], [0, 2], [1, 3], [2, 3]]
    """
    global _RAW
    if _RAW:
        try:
            qhull = _RAW(b"i", points, _options(points), required_options=b"Qt")
            try:
                qhull.triangulate()
                arrays = qhull.get_simplex_facet_array()
            finally:
                qhull.close()
            return arrays[0], arrays[2]
        except (AttributeError, TypeError):
            _RAW = False
    elif _RAW is None:
        facets = _raw_facets(points)
        if facets is not None:
            return facets
        _RAW = False
    return _public_facets(points)


def polar_vertices(G: np.ndarray, h: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """The vertices of ``{z : G z <= h}`` from Qhull (facets of the polar), one per (triangulated) facet, with
    their bases.

    The polytope contains the interior point ``c = 1 / (4 d)`` (all payoffs are
    in (0, 2]); its polar is the convex hull of the inequality normals scaled
    by their slack at ``c``, and each (triangulated) facet of that hull lists
    ``d`` linearly independent inequalities tight at one vertex (row ``k`` of
    the first array). Degenerate vertices appear as several facets; every one
    is a valid basis. The origin is among the vertices.

    Each basis's vertex is read off its facet of the polar: a facet
    ``{p : a.p + b = 0}`` is the polar of the vertex ``c - a / b`` (row ``k``
    of the second array), so no linear system needs solving.
    """
    d = G.shape[1]
    centre = 1.0 / (4.0 * d)
    simplices, equations = hull_facets(G / (h - np.add.reduce(G, axis=1) * centre)[:, None])
    return simplices, centre - equations[:, :d] / equations[:, d:]
