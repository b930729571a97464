"""Geographic profiling: Rossmo's criminal geographic targeting (CGT), the hit score, and
journey-to-crime distance decay.

Coordinates are projected metres. Implemented from the formula in Rossmo (2000), *Geographic
Profiling*, CRC Press, and the course syllabus, not ported from public code (the syllabus notes
sign and threshold errors in public implementations); the tests pin the formula's branch, sign
and distance conventions.
"""

from __future__ import annotations

import warnings
from typing import NamedTuple

import numpy as np
from scipy.optimize import OptimizeWarning, curve_fit

from .grid import Grid


def _points(x, y, what: str) -> tuple[np.ndarray, np.ndarray]:
    x = np.asarray(x, dtype=float).ravel()
    y = np.asarray(y, dtype=float).ravel()
    if x.shape != y.shape:
        raise ValueError(f"{what}: x and y differ in length ({x.size} vs {y.size})")
    if x.size == 0:
        raise ValueError(f"{what}: need at least one point")
    if not (np.isfinite(x).all() and np.isfinite(y).all()):
        raise ValueError(f"{what}: coordinates must be finite")
    return x, y


def cgt_scores(px, py, crime_x, crime_y, *, buffer: float, f: float = 1.2, g: float = 1.2) -> np.ndarray:
    """Unnormalised Rossmo CGT score at arbitrary points ``(px, py)`` (any matching shapes)::

        p = Σₙ [ φₙ / dₙ^f  +  (1 − φₙ) · B^(g−f) / (2B − dₙ)^g ]
        dₙ = |px − xₙ| + |py − yₙ|          (Manhattan distance, metres)
        φₙ = 1 if dₙ > B else 0

    ``B = buffer`` (metres, > 0) is the radius of the buffer zone around each crime inside which the
    offender is less likely to live; ``f`` is the distance-decay exponent outside it and ``g`` the
    exponent of the rise inside it. f = g = 1.2, the values commonly cited from Rossmo's work, are
    the defaults here; an exercise should state the values it uses.

    Division by zero cannot occur for ``B > 0`` and is not papered over with an epsilon: the decay
    term ``1/d^f`` is only evaluated where ``d > B > 0``, and the buffer term only where
    ``d ≤ B``, where ``2B − d ≥ B > 0``. A crime sitting exactly on a point (``d = 0``) therefore
    contributes the finite buffer value ``B^(g−f)/(2B)^g``, and ``d = 2B`` falls in the decay branch.
    Each term is computed on its own branch (not as ``φ·a + (1−φ)·b`` over all points, which gives
    NaN). The two branches meet at ``d = B`` with the same value ``B^(−f)``, so each crime's
    contribution is continuous and peaks on the diamond ``d = B``.
    """
    if not buffer > 0:
        raise ValueError(f"buffer B must be positive (metres), got {buffer}")
    if f <= 0 or g <= 0:
        raise ValueError(f"exponents f and g must be positive, got f={f}, g={g}")
    px = np.asarray(px, dtype=float)
    py = np.asarray(py, dtype=float)
    if px.shape != py.shape:
        raise ValueError(f"px and py differ in shape: {px.shape} vs {py.shape}")
    cx, cy = _points(crime_x, crime_y, "crimes")
    # Loop over crimes (a series has tens) rather than broadcasting cells × crimes, to bound memory.
    total = np.zeros(px.shape, dtype=float)
    coeff = buffer ** (g - f)
    for xn, yn in zip(cx, cy, strict=True):
        d = np.abs(px - xn) + np.abs(py - yn)
        outside = d > buffer
        term = np.empty_like(d)
        term[outside] = 1.0 / d[outside] ** f
        term[~outside] = coeff / (2.0 * buffer - d[~outside]) ** g
        total += term
    return total


def cgt_surface(crime_x, crime_y, grid: Grid, *, buffer: float, f: float = 1.2, g: float = 1.2,
                normalise: bool = True) -> np.ndarray:
    """Rossmo CGT surface on ``grid``: shape ``grid.shape`` = ``(ny, nx)``, row = y, column = x.

    Each cell is scored at its centre with :func:`cgt_scores`. With ``normalise=True`` the constant
    ``k`` is ``1 / Σ(cells) p``, so the surface sums to 1 over the grid and a cell's value is its share
    of the total score (the ranking, and so the hit score, does not depend on ``k``). With
    ``normalise=False``, ``k = 1``. Reference: Rossmo (2000), *Geographic Profiling*.
    """
    gx, gy = grid.mesh()
    p = cgt_scores(gx, gy, crime_x, crime_y, buffer=buffer, f=f, g=g)
    return p / p.sum() if normalise else p


def hit_score(surface, grid: Grid, anchor_x: float, anchor_y: float, *, ties: str = "all") -> float:
    """Hit score: the share of the search area examined, highest-scoring cells first, before the
    offender's anchor point is reached (Rossmo 2000). Lower is better; 1.0 means the whole area.

    The search area is the grid. The anchor cell is the cell containing ``(anchor_x, anchor_y)``.
    Cells scoring the same as the anchor cell (within a relative 1e-9, to absorb rounding in
    symmetric surfaces) are ties, counted per ``ties``:

    - ``"all"`` (default, pessimistic): ``#{cells with score ≥ anchor's} / #cells`` — the whole tied
      group is searched, anchor cell included.
    - ``"first"`` (optimistic): ``(#{score > anchor's} + 1) / #cells`` — the anchor cell is searched
      first among its ties.
    - ``"mean"``: ``(#{score > anchor's} + (#ties + 1)/2) / #cells`` — the expected share under a
      random order among the ties.

    All cells have equal area, so shares of cells are shares of area. Multiply by ``grid.area`` for
    square metres.
    """
    surface = np.asarray(surface, dtype=float)
    if surface.shape != grid.shape:
        raise ValueError(f"surface shape {surface.shape} does not match grid shape {grid.shape}")
    row, col = grid.cell_of(anchor_x, anchor_y)
    s0 = surface[row, col]
    tied = np.isclose(surface, s0, rtol=1e-9, atol=0.0)
    higher = (surface > s0) & ~tied
    n_higher = int(higher.sum())
    n_tied = int(tied.sum())  # includes the anchor cell itself
    if ties == "all":
        searched = n_higher + n_tied
    elif ties == "first":
        searched = n_higher + 1
    elif ties == "mean":
        searched = n_higher + (n_tied + 1) / 2
    else:
        raise ValueError(f"ties must be 'all', 'first' or 'mean', got {ties!r}")
    return float(searched / surface.size)


def journey_distances(home_x, home_y, crime_x, crime_y, *, metric: str = "euclidean") -> np.ndarray:
    """Journey-to-crime distances in metres from an anchor point (home) to each crime.

    ``home_x, home_y`` may be scalars (one offender) or arrays matching the crimes (each crime's own
    offender). ``metric`` is ``"euclidean"`` (straight line) or ``"manhattan"`` (``|Δx| + |Δy|``, the
    metric of the CGT formula). Reference: Rossmo (2000); Levine, CrimeStat manual,
    "Journey to crime estimation".
    """
    cx, cy = _points(crime_x, crime_y, "crimes")
    dx = np.abs(cx - np.asarray(home_x, dtype=float))
    dy = np.abs(cy - np.asarray(home_y, dtype=float))
    if metric == "euclidean":
        return np.hypot(dx, dy)
    if metric == "manhattan":
        return dx + dy
    raise ValueError(f"metric must be 'euclidean' or 'manhattan', got {metric!r}")


class DecayFit(NamedTuple):
    """A negative-exponential distance-decay fit ``count(d) = a · exp(−b · d)``.

    ``a`` is in crimes per bin (at distance 0), ``b`` in 1/metre; ``bin_edges`` (metres),
    ``bin_centres`` and ``counts`` are the binned data the curve was fitted to.
    """

    a: float
    b: float
    bin_edges: np.ndarray
    bin_centres: np.ndarray
    counts: np.ndarray

    def predict(self, d) -> np.ndarray:
        """Fitted crimes per bin at distance(s) ``d`` metres."""
        return self.a * np.exp(-self.b * np.asarray(d, dtype=float))

    @property
    def half_distance(self) -> float:
        """Distance over which the fitted frequency halves, ``ln 2 / b``, in metres."""
        return float(np.log(2) / self.b) if self.b > 0 else float("inf")


def _neg_exp(d, a, b):
    return a * np.exp(-b * d)


def fit_distance_decay(distances, bin_width: float, *, max_distance: float | None = None) -> DecayFit:
    """Fit a negative-exponential distance-decay curve to journey-to-crime distances.

    The distances (metres) are binned into ``[0, w), [w, 2w), …`` (``w = bin_width``) up to
    ``max_distance`` (default: far enough to hold the largest distance). A given ``max_distance``
    must be a whole number of bins, so that every bin has the same width; distances at or beyond it
    are left out (the bins are half-open). Counts per bin are modelled as
    ``count = a · exp(−b · d_centre)`` with ``d_centre`` the bin midpoint, and ``a, b`` are fitted by
    ordinary nonlinear least squares on the counts (``scipy.optimize.curve_fit``), started from a
    log-linear fit on the non-empty bins. Least squares on the counts themselves is used rather than
    a straight line through ``log(count)``, which cannot use empty bins and over-weights the sparse
    tail. Divide ``a`` by the number of crimes for shares. Reference: Levine, CrimeStat manual,
    "Journey to crime estimation" (negative exponential); Rossmo (2000).

    The negative exponential ignores the buffer zone near home, where frequencies rise before they
    fall; with a visible buffer, fit from the modal bin outwards by trimming the distances.
    """
    d = np.asarray(distances, dtype=float).ravel()
    if d.size == 0 or not np.isfinite(d).all() or (d < 0).any():
        raise ValueError("distances must be a non-empty array of finite, non-negative metres")
    if not bin_width > 0:
        raise ValueError(f"bin_width must be positive, got {bin_width}")
    # Half-open bins by integer division, so a distance on an edge belongs to the bin above it.
    idx = np.floor(d / bin_width).astype(int)
    if max_distance is None:
        n_bins = int(idx.max()) + 1
    else:
        # Rounding up would let a last bin reach past max_distance and take in distances the caller
        # meant to leave out; a partial bin would be narrower than the others. Neither is silent here.
        n_bins = int(round(max_distance / bin_width))
        if n_bins < 1 or abs(n_bins * bin_width - max_distance) > 1e-9 * max(max_distance, bin_width):
            raise ValueError(f"max_distance ({max_distance}) must be a positive whole number of bins of "
                             f"{bin_width}: e.g. {max(1, n_bins) * bin_width:g}")
        idx = idx[idx < n_bins]
    edges = np.arange(n_bins + 1) * float(bin_width)
    counts = np.bincount(idx, minlength=n_bins)
    centres = (edges[:-1] + edges[1:]) / 2
    nonzero = counts > 0
    if nonzero.sum() < 2:
        raise ValueError("need crimes in at least two distance bins to fit a decay curve")
    slope, intercept = np.polyfit(centres[nonzero], np.log(counts[nonzero]), 1)
    p0 = (float(np.exp(intercept)), float(max(-slope, 1e-12)))
    with warnings.catch_warnings():
        # Only the estimates are used; with as many bins as parameters the covariance is undefined.
        warnings.simplefilter("ignore", OptimizeWarning)
        (a, b), _ = curve_fit(_neg_exp, centres, counts.astype(float), p0=p0, maxfev=10_000)
    return DecayFit(float(a), float(b), edges, centres, counts)
