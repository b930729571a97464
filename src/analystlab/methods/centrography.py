"""Centrography of a crime series: where its centre is, how spread out and in which direction.

All inputs are projected coordinates in metres (``x`` east, ``y`` north) given as equal-length
array-likes; all distances returned are in metres, angles in degrees.

References: Bachi (1957), *Statistical analysis of geographical series*; Yuill (1971), "The standard
deviational ellipse", *Geografiska Annaler* 53(1); Levine, *CrimeStat: A Spatial Statistics Program
for the Analysis of Crime Incident Locations*, manual, chapter "Spatial Distribution"
(centrographic statistics); Canter & Larkin (1993), "The environmental range of serial rapists",
*Journal of Environmental Psychology* 13(1).
"""

from __future__ import annotations

import math
from typing import NamedTuple

import numpy as np


def _xy(x, y) -> tuple[np.ndarray, np.ndarray]:
    x = np.asarray(x, dtype=float).ravel()
    y = np.asarray(y, dtype=float).ravel()
    if x.shape != y.shape:
        raise ValueError(f"x and y differ in length: {x.size} vs {y.size}")
    if x.size == 0:
        raise ValueError("need at least one point")
    if not (np.isfinite(x).all() and np.isfinite(y).all()):
        raise ValueError("coordinates must be finite (drop or geocode missing locations first)")
    return x, y


def mean_centre(x, y) -> tuple[float, float]:
    """Mean centre ``(x̄, ȳ) = (Σxᵢ/n, Σyᵢ/n)`` in metres.

    The point minimising the sum of *squared* distances to the incidents (Levine, CrimeStat manual).
    """
    x, y = _xy(x, y)
    return float(x.mean()), float(y.mean())


def centre_of_minimum_distance(x, y, *, tol: float = 1e-6, max_iter: int = 10_000) -> tuple[float, float]:
    """Centre of minimum distance: the point ``c`` minimising ``Σᵢ ‖pᵢ − c‖`` (Euclidean, metres).

    Also called the spatial median or Euclidean median (CrimeStat calls it the centre of minimum
    distance; its "median centre" is a different statistic, the median of x and of y). Computed with
    Weiszfeld's iteration (Kuhn & Kuenne 1962, as in CrimeStat) started at the mean centre::

        c⁽ᵏ⁺¹⁾ = Σᵢ (pᵢ / dᵢ) / Σᵢ (1 / dᵢ),   dᵢ = ‖pᵢ − c⁽ᵏ⁾‖

    stopping when a step moves the estimate less than ``tol`` metres.

    Incident locations need care, because there ``dᵢ = 0`` and the update divides by zero. With
    ``η`` the number of incidents at a location ``p`` and ``R = Σ_{dᵢ>0} (pᵢ − p)/dᵢ``, ``p`` is the
    optimum exactly when ``‖R‖ ≤ η`` (Kuhn 1973). Every distinct incident location is tested first and
    returned if optimal, so a series with one location repeated many times returns that location
    exactly (Weiszfeld alone would only creep towards it). Should an iterate still land on an
    incident, the Vardi & Zhang (2000) step ``c ← (1 − η/‖R‖)·T + (η/‖R‖)·c`` is taken, with ``T``
    the Weiszfeld update over the other incidents.
    """
    x, y = _xy(x, y)
    pts = np.column_stack([x, y])
    if len(pts) == 1:
        return float(x[0]), float(y[0])
    # The optimum may sit exactly on an incident, which Weiszfeld only approaches slowly; the
    # optimality condition below (‖R‖ ≤ η at that point) finds it exactly.
    sites, counts = np.unique(pts, axis=0, return_counts=True)
    for site, eta in zip(sites, counts, strict=True):
        diff = pts - site
        d = np.hypot(diff[:, 0], diff[:, 1])
        away = d > 0
        if np.linalg.norm((diff[away] / d[away, None]).sum(axis=0)) <= eta:
            return float(site[0]), float(site[1])
    c = pts.mean(axis=0)
    for _ in range(max_iter):
        diff = pts - c
        d = np.hypot(diff[:, 0], diff[:, 1])
        # Exact zero, not a tolerance: a near-zero dᵢ is handled correctly by the plain update.
        at_c = d == 0
        eta = int(at_c.sum())
        w = 1.0 / d[~at_c]
        if w.size == 0:
            break
        t = (pts[~at_c] * w[:, None]).sum(axis=0) / w.sum()
        if eta:
            r = np.linalg.norm((diff[~at_c] * w[:, None]).sum(axis=0))
            if r <= eta:
                break
            new = (1 - eta / r) * t + (eta / r) * c
        else:
            new = t
        step = float(np.hypot(*(new - c)))
        c = new
        if step < tol:
            break
    else:
        raise RuntimeError(f"Weiszfeld iteration did not converge to {tol} m in {max_iter} steps")
    return float(c[0]), float(c[1])


def standard_distance(x, y, *, ddof: int = 0) -> float:
    """Standard distance (standard distance deviation) in metres::

        SD = sqrt( Σᵢ [ (xᵢ − x̄)² + (yᵢ − ȳ)² ] / (n − ddof) )

    the root-mean-square distance of the incidents from their mean centre. ``ddof=0`` (default)
    divides by ``n`` as in Bachi (1957) and ArcGIS "Standard Distance"; this is the convention used in
    the course. The CrimeStat manual divides by ``n − 2`` (one degree of freedom for each of x̄ and ȳ):
    pass ``ddof=2`` to reproduce CrimeStat output. For ten incidents the two differ by about 12 %.
    """
    x, y = _xy(x, y)
    n = x.size
    if n - ddof <= 0:
        raise ValueError(f"need more than {ddof} points for ddof={ddof}, got {n}")
    ss = ((x - x.mean()) ** 2 + (y - y.mean()) ** 2).sum()
    return float(math.sqrt(ss / (n - ddof)))


class Ellipse(NamedTuple):
    """A standard deviational ellipse.

    ``angle`` is the rotation, in degrees clockwise from north (grid north, the +y axis), of the
    ellipse's y axis, in ``[0, 180)``; ``sigma_y`` is the standard deviation along that axis (the
    major axis, the direction of greatest spread) and ``sigma_x`` along the perpendicular (minor)
    axis, both in metres. Semi-axes of the drawn 1-SD ellipse are ``sigma_x`` and ``sigma_y``.
    """

    centre_x: float
    centre_y: float
    angle: float
    sigma_x: float
    sigma_y: float


def standard_deviational_ellipse(x, y, *, sqrt2: bool = True, ddof: int = 0) -> Ellipse:
    """Standard deviational ellipse (Lefever 1926; Yuill 1971; CrimeStat manual), in metres and degrees.

    With ``x' = x − x̄`` and ``y' = y − ȳ`` (deviations from the mean centre), ``A = Σx'² − Σy'²`` and
    ``B = Σx'y'``, the rotation θ (clockwise from north) is::

        tan θ = ( A + sqrt(A² + 4B²) ) / (2B)

    which (with the + root) points the rotated y axis along the direction of greatest spread; for
    ``B = 0`` it is 90° if ``A > 0`` (spread east-west), else 0°. The axis standard deviations are::

        σx = c · sqrt( Σ (x' cos θ − y' sin θ)² / (n − ddof) )     (minor axis)
        σy = c · sqrt( Σ (x' sin θ + y' cos θ)² / (n − ddof) )     (major axis)

    where ``c = √2`` if ``sqrt2`` else 1. Conventions differ by source: Yuill (1971) defines the axes
    as the plain standard deviations along the rotated axes (no √2, divisor ``n``); the CrimeStat
    manual multiplies them by √2 and divides by ``n − 2``; GIS tools differ again. Default here: √2
    with divisor ``n`` (``ddof=0``, as for :func:`standard_distance`); ``sqrt2=False`` gives Yuill's
    axes and ``ddof=2`` CrimeStat's divisor.
    Check the convention before comparing numbers across tools and state it next to any figure: with
    √2 each axis is 41 % longer. A perfectly circular distribution leaves θ undefined; 0° is returned.
    """
    x, y = _xy(x, y)
    n = x.size
    if n - ddof <= 0:
        raise ValueError(f"need more than {ddof} points for ddof={ddof}, got {n}")
    xm, ym = x.mean(), y.mean()
    dx, dy = x - xm, y - ym
    a = (dx * dx).sum() - (dy * dy).sum()
    b = (dx * dy).sum()
    # Compare against the data's own scale: rounding leaves B ~ 1e-12 of Σx'² on symmetric data.
    scale = max((dx * dx).sum() + (dy * dy).sum(), np.finfo(float).tiny)
    if abs(b) <= 1e-12 * scale:
        theta = math.pi / 2 if a > 1e-12 * scale else 0.0
    else:
        theta = math.atan((a + math.sqrt(a * a + 4 * b * b)) / (2 * b))
    c = math.sqrt(2.0) if sqrt2 else 1.0
    cos_t, sin_t = math.cos(theta), math.sin(theta)
    sx = c * math.sqrt(((dx * cos_t - dy * sin_t) ** 2).sum() / (n - ddof))
    sy = c * math.sqrt(((dx * sin_t + dy * cos_t) ** 2).sum() / (n - ddof))
    angle = math.degrees(theta) % 180.0
    return Ellipse(float(xm), float(ym), float(angle), float(sx), float(sy))


class CanterCircle(NamedTuple):
    """Canter's circle: centre and radius in metres, and the indices of the two incidents on its diameter."""

    centre_x: float
    centre_y: float
    radius: float
    i: int
    j: int


def canter_circle(x, y) -> CanterCircle:
    """Canter's circle (Canter & Larkin 1993): the circle whose diameter joins the two incidents
    farthest apart (Euclidean). Centre = midpoint of that pair, radius = half their distance.

    If several pairs share the maximum distance, the first pair in index order ``(i, j)``, ``i < j``,
    is used. The circle need not contain every incident (it is not the minimum enclosing circle);
    that is the hypothesis as published. Needs at least two incidents.
    """
    x, y = _xy(x, y)
    if x.size < 2:
        raise ValueError("Canter's circle needs at least two incidents")
    d2 = (x[:, None] - x[None, :]) ** 2 + (y[:, None] - y[None, :]) ** 2
    iu, ju = np.triu_indices(x.size, k=1)
    # argmax returns the first maximum in (i, j) row-major order: the stated tie rule.
    k = int(np.argmax(d2[iu, ju]))
    i, j = int(iu[k]), int(ju[k])
    return CanterCircle(
        centre_x=float((x[i] + x[j]) / 2),
        centre_y=float((y[i] + y[j]) / 2),
        radius=float(math.sqrt(d2[i, j]) / 2),
        i=i,
        j=j,
    )


def canter_classify(circle: CanterCircle, anchor_x: float, anchor_y: float) -> str:
    """``"marauder"`` if the anchor point (home) lies inside Canter's circle, else ``"commuter"``.

    A point exactly on the circle counts as inside (distance ≤ radius), following Canter & Larkin's
    "within the circle" with the boundary included.
    """
    dist = math.hypot(anchor_x - circle.centre_x, anchor_y - circle.centre_y)
    return "marauder" if dist <= circle.radius else "commuter"
