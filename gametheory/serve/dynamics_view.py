"""The class page's dynamics view: the phase portrait (a server-drawn PNG) and the rest points with their stability.

The view exists for two-player normal-form models with 2x2 games (two
populations on the unit square: the share of each population playing its
first action) and for symmetric games with three actions (one population on
the simplex). The rest points listed are those of the replicator dynamics,
exact where the payoffs are exact, with the stability the eigenvalues of the
Jacobian give and, for evolutionarily stable states, the certificate; the
portrait draws the replicator, best-response or logit dynamics.

The work of one request is bounded: the game has at most three actions per
player, the parameter values are checked against the model's ranges, the
noise of the logit dynamics lies in :data:`NOISE_RANGE`, and portraits are
cached per model, values, dynamics and noise.
"""

from __future__ import annotations

import base64
import io
import math
import time

from . import engine
from .payloads import PageError, _Cache, _all_values, _one_line, _text, _values_key, has_dynamics

__all__ = ["has_dynamics", "parse_options", "dynamics", "DYNAMICS_KINDS", "NOISE_RANGE"]

#: The dynamics the portrait can draw (``best-response`` is accepted for ``best_response``).
DYNAMICS_KINDS = ("replicator", "best_response", "logit")
#: Smallest and largest noise (temperature) of the logit dynamics accepted.
NOISE_RANGE = (0.01, 10.0)

_PORTRAITS = _Cache(64)


def parse_options(options: dict) -> tuple[str, float]:
    """``(kind, noise)`` from the request's ``kind`` and ``noise`` options (400 when they are not usable)."""
    kind = options.get("kind") or "replicator"
    if not isinstance(kind, str):
        raise PageError("'kind' must be text: replicator, best_response or logit")
    kind = kind.replace("-", "_")
    if kind not in DYNAMICS_KINDS:
        shown = kind if len(kind) <= 40 else kind[:37] + "..."
        raise PageError(f"unknown dynamics {shown!r}; choose replicator, best_response or logit")
    noise = options.get("noise", "0.1")
    try:
        noise = float(noise) if isinstance(noise, (str, int, float)) and not isinstance(noise, bool) else None
    except ValueError:
        noise = None
    if noise is None or not math.isfinite(noise) or not NOISE_RANGE[0] <= noise <= NOISE_RANGE[1]:
        shown = str(options.get("noise"))[:40]
        raise PageError(f"noise must be a number from {NOISE_RANGE[0]:g} to {NOISE_RANGE[1]:g}, got {shown!r}")
    return kind, noise


def _rest_point(point) -> dict:
    game = point.game
    shares = {}
    for p, state in enumerate(point.state):
        name = game.players[p] if len(point.state) == 2 else game.players[0]
        shares[name] = {action: engine.format_value(x) for action, x in zip(game.actions[p], state)}
    eigenvalues = []
    for value in point.eigenvalues:
        value = complex(value)
        eigenvalues.append(f"{value.real:.4g}" if abs(value.imag) < 1e-12 else f"{value.real:.4g}{value.imag:+.4g}i")
    return {
        "state": point.describe(),
        "shares": shares,
        "stability": point.stability,
        "ess": bool(point.is_ess),
        "nash": bool(point.is_nash),
        "eigenvalues": eigenvalues,
        "certificate": point.ess.describe() if point.ess is not None else None,
        "reason": point.reason,
    }


def dynamics(model, values: dict, kind: str, noise: float) -> dict:
    """The dynamics view at ``values``: rest points with stability, and the portrait as a PNG data URI."""
    if not has_dynamics(model):
        raise PageError(f"{model.key} has no dynamics view (it needs a two-player game with 2x2 actions, "
                        "or a symmetric game with three actions)")
    key = (model.key, _values_key(values), kind, noise if kind == "logit" else None)
    cached = _PORTRAITS.get(key)
    if cached is not None:
        return {**cached, "cached": True}
    started = time.perf_counter()
    try:
        game = model.game(**values)
        if game.shape == (2, 2):
            populations = 2
        elif engine.is_symmetric(game):
            populations = 1
        else:
            raise PageError(f"{model.key}: at these values the 3x3 game is not symmetric, so the page cannot draw "
                            "one population on the simplex (the dynamics view needs column payoffs equal to the "
                            "transposed row payoffs)")
        found = engine.rest_points(game, populations=populations)
        figure = engine.phase_portrait(game, populations, kind, noise)
        buffer = io.BytesIO()
        figure.savefig(buffer, format="png", dpi=90)
    except (ValueError, TypeError) as error:
        if isinstance(error, PageError):
            raise
        raise PageError(f"{model.key}: dynamics: {_one_line(error)}") from None
    width, height = (float(v) for v in figure.get_size_inches() * 90)
    payload = {
        "model": model.key,
        "values": {name: _text(v) for name, v in _all_values(model, values).items()},
        "kind": kind,
        "noise": noise if kind == "logit" else None,
        "populations": populations,
        "exact": bool(found.exact),
        "continuum": bool(found.continuum),
        "rest_points": [_rest_point(p) for p in found],
        "image": "data:image/png;base64," + base64.b64encode(buffer.getvalue()).decode("ascii"),
        "width": round(width),
        "height": round(height),
        "server_ms": round(1000 * (time.perf_counter() - started), 1),
    }
    _PORTRAITS.put(key, payload)
    return {**payload, "cached": False}
