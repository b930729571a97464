"""Spatial statistics for crime mapping: nearest-neighbour index, Getis-Ord Gi* hot spots, and
kernel density surfaces. Coordinates are projected metres, areas square metres.
"""

from __future__ import annotations

import math
from typing import NamedTuple

import numpy as np
from scipy.spatial import cKDTree
from scipy.stats import norm

from .grid import Grid, Peak, peak


def _xy(x, y) -> tuple[np.ndarray, np.ndarray]:
    x = np.asarray(x, dtype=float).ravel()
    y = np.asarray(y, dtype=float).ravel()
    if x.shape != y.shape:
        raise ValueError(f"x and y differ in length: {x.size} vs {y.size}")
    if not (np.isfinite(x).all() and np.isfinite(y).all()):
        raise ValueError("coordinates must be finite")
    return x, y


class NNIResult(NamedTuple):
    """Clark-Evans nearest-neighbour analysis: distances in metres, ``R`` and ``z`` unitless."""

    observed_mean: float
    expected_mean: float
    R: float
    se: float
    z: float
    p_value: float


def nearest_neighbour_index(x, y, area: float) -> NNIResult:
    """Clark & Evans (1954) nearest-neighbour index for ``N`` points in a study area of ``area`` m²::

        d̄_obs = mean over points of the distance to the nearest other point (Euclidean, metres)
        d̄_exp = 0.5 · sqrt(A / N)              (mean for complete spatial randomness)
        R     = d̄_obs / d̄_exp                  (< 1 clustered, ≈ 1 random, > 1 dispersed; max ≈ 2.15)
        SE    = 0.26136 / sqrt(N² / A)
        z     = (d̄_obs − d̄_exp) / SE,   p two-sided from the standard normal

    ``area`` must be given: R depends directly on it, and the choice (study region, bounding
    rectangle, convex hull) is the analyst's and should be stated — the same points are "clustered"
    in a large area and "dispersed" in a tight one. No edge correction is applied (as in Clark &
    Evans and ArcGIS "Average Nearest Neighbor"). Coincident points have nearest-neighbour distance 0.
    Reference: Clark, P. J. & Evans, F. C. (1954), "Distance to nearest neighbor as a measure of
    spatial relationships in populations", *Ecology* 35(4), 445–453.
    """
    x, y = _xy(x, y)
    n = x.size
    if n < 2:
        raise ValueError("the nearest-neighbour index needs at least two points")
    if not area > 0:
        raise ValueError(f"area must be positive (square metres), got {area}")
    # k=2: the nearest point to each point is itself, at distance 0.
    dist, _ = cKDTree(np.column_stack([x, y])).query(np.column_stack([x, y]), k=2)
    d_obs = float(dist[:, 1].mean())
    d_exp = 0.5 * math.sqrt(area / n)
    se = 0.26136 / math.sqrt(n * n / area)
    z = (d_obs - d_exp) / se
    return NNIResult(d_obs, d_exp, d_obs / d_exp, se, z, float(2 * norm.sf(abs(z))))


def distance_band_weights(x, y, threshold: float, *, include_self: bool = True) -> np.ndarray:
    """Binary distance-band spatial weights: ``wᵢⱼ = 1`` if the Euclidean distance between features
    ``i`` and ``j`` is ``≤ threshold`` metres, else 0. With ``include_self`` (the Gi* convention),
    ``wᵢᵢ = 1``; without it (Gi, Moran's I), ``wᵢᵢ = 0``. Returns a dense ``(n, n)`` array."""
    x, y = _xy(x, y)
    d = np.hypot(x[:, None] - x[None, :], y[:, None] - y[None, :])
    w = (d <= threshold).astype(float)
    np.fill_diagonal(w, 1.0 if include_self else 0.0)
    return w


class GiStarResult(NamedTuple):
    """Getis-Ord Gi* per feature: ``z`` scores and two-sided normal ``p`` values, arrays of length n."""

    z: np.ndarray
    p_value: np.ndarray


def getis_ord_gi_star(values, weights) -> GiStarResult:
    """Getis-Ord Gi* (Getis & Ord 1992; Ord & Getis 1995), as a z-score per feature::

                  Σⱼ wᵢⱼ xⱼ − X̄ Σⱼ wᵢⱼ
        Gᵢ* = ─────────────────────────────────────────
               S · sqrt( (n Σⱼ wᵢⱼ² − (Σⱼ wᵢⱼ)²) / (n − 1) )

        X̄ = Σⱼ xⱼ / n,    S = sqrt( Σⱼ xⱼ² / n − X̄² )

    Sums run over all j *including* i, so ``weights`` should have ``wᵢᵢ`` set (usually 1; see
    :func:`distance_band_weights`) — that is what makes it Gi* rather than Gi. ``S`` divides by n, as
    in the ArcGIS "Hot Spot Analysis (Getis-Ord Gi*)" documentation. Large positive z: a feature and
    its neighbours have high values (hot spot); large negative: cold spot. ``p`` is two-sided from the
    standard normal, without a multiple-testing correction (state one, e.g. FDR, in an exercise
    if it matters). A feature whose weights make the denominator 0 (every feature its neighbour)
    gets NaN.
    """
    x = np.asarray(values, dtype=float).ravel()
    w = np.asarray(weights, dtype=float)
    n = x.size
    if w.shape != (n, n):
        raise ValueError(f"weights must be an (n, n) matrix for n={n} values, got shape {w.shape}")
    if n < 3 or not np.isfinite(x).all():
        raise ValueError("Gi* needs at least three finite values")
    xbar = x.mean()
    s = math.sqrt(max((x * x).mean() - xbar * xbar, 0.0))
    if s == 0:
        raise ValueError("all values are equal: Gi* is undefined (S = 0)")
    wsum = w.sum(axis=1)
    num = w @ x - xbar * wsum
    den = s * np.sqrt((n * (w * w).sum(axis=1) - wsum**2) / (n - 1))
    with np.errstate(divide="ignore", invalid="ignore"):
        z = np.where(den > 0, num / den, np.nan)
    return GiStarResult(z, 2 * norm.sf(np.abs(z)))


def kernel_density(x, y, grid: Grid, bandwidth: float, *, kernel: str = "quartic", weights=None) -> np.ndarray:
    """Kernel density surface on ``grid``, evaluated at cell centres, shape ``grid.shape``::

        λ(s) = Σᵢ wᵢ · K(dᵢ(s) / h) / h²        (events per square metre)

    with ``h = bandwidth`` (metres), ``dᵢ(s)`` the Euclidean distance from cell centre ``s`` to
    event ``i``, and ``K`` a kernel integrating to 1 over the plane:

    - ``"quartic"`` (biweight, Silverman 1986; the quartic kernel of crime-mapping software):
      ``K(u) = (3/π)(1 − u²)²`` for ``u < 1``, else 0 — ``h`` is the search radius.
    - ``"gaussian"``: ``K(u) = exp(−u²/2) / (2π)`` — ``h`` is the standard deviation, and the
      kernel reaches about ``3h``.

    So the surface integrates to the number of events (or ``Σwᵢ``); multiply by ``grid.cell_area``
    for expected events per cell, or by 1e6 for events per km². The grid should extend at least
    ``h`` (``3h`` for Gaussian) beyond the events, or mass near the edge is lost. Use
    :func:`hotspot_cell` for the peak. Reference: Silverman (1986), *Density Estimation for
    Statistics and Data Analysis*; Chainey & Ratcliffe (2005), *GIS and Crime Mapping*.
    """
    x, y = _xy(x, y)
    if not bandwidth > 0:
        raise ValueError(f"bandwidth must be positive (metres), got {bandwidth}")
    w = np.ones_like(x) if weights is None else np.asarray(weights, dtype=float).ravel()
    if w.shape != x.shape:
        raise ValueError("weights must have one value per event")
    gx, gy = grid.mesh()
    surface = np.zeros(grid.shape, dtype=float)
    h2 = bandwidth * bandwidth
    for xi, yi, wi in zip(x, y, w, strict=True):
        u2 = ((gx - xi) ** 2 + (gy - yi) ** 2) / h2
        if kernel == "quartic":
            k = np.where(u2 < 1.0, (3.0 / math.pi) * (1.0 - u2) ** 2, 0.0)
        elif kernel == "gaussian":
            k = np.exp(-u2 / 2.0) / (2.0 * math.pi)
        else:
            raise ValueError(f"kernel must be 'quartic' or 'gaussian', got {kernel!r}")
        surface += wi * k
    return surface / h2


def hotspot_cell(surface, grid: Grid) -> Peak:
    """The hotspot cell of a density surface: row, column, centre ``(x, y)`` in metres and value.
    Ties go to the first cell in row-major order (lowest y row, then lowest x column)."""
    return peak(surface, grid)
