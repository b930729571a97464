"""Near repeats: are incidents close in space also close in time more often than chance?

The Knox test (Knox 1964, "The detection of space-time interactions", *Applied Statistics* 13(1))
counts pairs of incidents that are both within a distance and within a time of each other, and
compares the count with what shuffling the times among the incidents gives (a Monte-Carlo
permutation test, as in Johnson & Bowers 2004 and Ratcliffe's Near Repeat Calculator). Shuffling
the times keeps the spatial pattern and the temporal pattern as observed and breaks only their link.

Coordinates are projected metres. Times are either numbers (in any unit, with thresholds in the same
unit) or datetimes, which are converted to days (thresholds then in days or as timedeltas).
"""

from __future__ import annotations

import datetime as _dt
from typing import NamedTuple

import numpy as np
import pandas as pd


class KnoxResult(NamedTuple):
    """A 2 × 2 Knox test.

    ``observed``: pairs close in space and time; ``expected``: the mean of that count over the
    permutations; ``ratio`` = observed / expected (the Knox ratio); ``p_value`` as in
    :func:`knox_test`; ``table``: all pairs by space (rows close/far) × time (columns close/far);
    ``permuted``: the close-close count in each permutation, in order.
    """

    observed: int
    expected: float
    ratio: float
    p_value: float
    table: pd.DataFrame
    n_perm: int
    permuted: np.ndarray


class KnoxTable(NamedTuple):
    """A banded Knox analysis: DataFrames with space bands as rows and time bands as columns.

    ``observed`` pair counts; ``expected`` mean count over permutations; ``ratio`` observed/expected
    (NaN where expected is 0); ``p_value`` per cell, one-sided for an excess, as in :func:`knox_test`.
    """

    observed: pd.DataFrame
    expected: pd.DataFrame
    ratio: pd.DataFrame
    p_value: pd.DataFrame
    n_perm: int


def _times_and_scale(t, limits):
    """Times as floats and the time limits in the same unit (days for datetimes)."""
    series = pd.Series(t) if not isinstance(t, pd.Series) else t
    if pd.api.types.is_datetime64_any_dtype(series):
        ts = pd.DatetimeIndex(pd.to_datetime(series))
        if ts.isna().any():
            raise ValueError("times contain missing values")
        days = (ts - ts.min()).total_seconds().to_numpy() / 86_400.0
        out = []
        for lim in limits:
            if isinstance(lim, (pd.Timedelta, np.timedelta64, _dt.timedelta)):
                out.append(pd.Timedelta(lim).total_seconds() / 86_400.0)
            else:
                out.append(float(lim))
        return days, np.asarray(out, dtype=float)
    values = np.asarray(t, dtype=float).ravel()
    if not np.isfinite(values).all():
        raise ValueError("times must be finite numbers or datetimes")
    if any(isinstance(lim, (pd.Timedelta, np.timedelta64, _dt.timedelta)) for lim in limits):
        raise ValueError("time limits are timedeltas but the times are plain numbers")
    return values, np.asarray(limits, dtype=float)


def _limits(values, what: str) -> np.ndarray:
    arr = np.atleast_1d(np.asarray(values, dtype=float))
    if arr.size == 0 or not np.isfinite(arr).all() or (arr < 0).any() or (np.diff(arr) <= 0).any():
        raise ValueError(f"{what} must be non-negative and strictly increasing, got {values!r}")
    return arr


def _band_labels(limits: np.ndarray, unit: str) -> list[str]:
    def fmt(v):
        return f"{v:g}"

    labels = [f"0–{fmt(limits[0])}{unit}"]
    labels += [f"{fmt(lo)}–{fmt(hi)}{unit}" for lo, hi in zip(limits[:-1], limits[1:], strict=True)]
    labels.append(f">{fmt(limits[-1])}{unit}")
    return labels


def _knox(x, y, t, space_bands, time_bands, n_perm, seed):
    """Observed banded table, its permutation mean and p-values, and the permuted [0, 0] counts."""
    px = np.asarray(x, dtype=float).ravel()
    py = np.asarray(y, dtype=float).ravel()
    s_lim = _limits(space_bands, "space_bands")
    raw_t = np.atleast_1d(np.asarray(time_bands, dtype=object)).tolist()
    tt, t_lim = _times_and_scale(t, raw_t)
    t_lim = _limits(t_lim, "time_bands")
    n = px.size
    if not (py.size == n and tt.size == n):
        raise ValueError(f"x, y and t differ in length: {px.size}, {py.size}, {tt.size}")
    if n < 2:
        raise ValueError("the Knox test needs at least two incidents")
    if not (np.isfinite(px).all() and np.isfinite(py).all()):
        raise ValueError("coordinates must be finite")
    if n_perm < 1:
        raise ValueError(f"n_perm must be at least 1, got {n_perm}")

    i, j = np.triu_indices(n, k=1)
    # Spatial bands never change under permutation of times: compute them once.
    s_band = np.searchsorted(s_lim, np.hypot(px[i] - px[j], py[i] - py[j]), side="left")
    n_s, n_t = s_lim.size + 1, t_lim.size + 1

    def table(times: np.ndarray) -> np.ndarray:
        t_band = np.searchsorted(t_lim, np.abs(times[i] - times[j]), side="left")
        return np.bincount(s_band * n_t + t_band, minlength=n_s * n_t).reshape(n_s, n_t)

    observed = table(tt)
    rng = seed if isinstance(seed, np.random.Generator) else np.random.default_rng(seed)
    exceed = np.zeros_like(observed)
    total = np.zeros(observed.shape, dtype=float)
    first_cell = np.empty(n_perm, dtype=np.int64)
    for k in range(n_perm):
        perm_table = table(tt[rng.permutation(n)])
        exceed += perm_table >= observed
        total += perm_table
        first_cell[k] = perm_table[0, 0]
    expected = total / n_perm
    p = (1 + exceed) / (1 + n_perm)
    return observed, expected, p, first_cell, s_lim, t_lim


def knox_banded(x, y, t, space_bands, time_bands, *, n_perm: int = 999, seed=None,
                space_unit: str = " m", time_unit: str = "") -> KnoxTable:
    """Banded Knox table with a Monte-Carlo p-value per cell.

    Every unordered pair of incidents ``i < j`` is put in a space band by its Euclidean distance and a
    time band by ``|tᵢ − tⱼ|``. ``space_bands`` and ``time_bands`` are increasing upper limits
    ``[l₁, l₂, …, lₖ]``: band 1 is ``[0, l₁]``, band m is ``(lₘ₋₁, lₘ]``, and a last band ``> lₖ`` holds
    the remaining pairs, so the table sums to ``n(n−1)/2``. Limits are inclusive ("within 200 m and
    within 7 days" includes exactly 200 m and exactly 7 days).

    Permutation scheme: ``rng = numpy.random.default_rng(seed)`` (or ``seed`` itself if it is a
    ``Generator``, which is then advanced); then, ``n_perm`` times in order,
    ``perm = rng.permutation(n)`` gives incident ``i`` the time ``t[perm[i]]`` and the table is
    recounted. For each cell::

        p = (1 + #{permutations with count ≥ observed}) / (1 + n_perm)

    (one-sided, excess of pairs; the observed arrangement counts as one of the possible ones, so
    ``p ≥ 1/(1 + n_perm)``, never 0). ``expected`` is the mean permuted count.
    """
    observed, expected, p, _, s_lim, t_lim = _knox(x, y, t, space_bands, time_bands, n_perm, seed)
    with np.errstate(divide="ignore", invalid="ignore"):
        ratio = np.where(expected > 0, observed / expected, np.nan)
    rows = pd.Index(_band_labels(s_lim, space_unit), name="space")
    cols = pd.Index(_band_labels(t_lim, time_unit), name="time")

    def frame(values):
        return pd.DataFrame(values, index=rows, columns=cols)

    return KnoxTable(frame(observed), frame(expected), frame(ratio), frame(p), n_perm)


def knox_test(x, y, t, *, space: float, time, n_perm: int = 999, seed=None) -> KnoxResult:
    """Knox test (Knox 1964) with a Monte-Carlo permutation p-value.

    Counts the pairs ``i < j`` with Euclidean distance ``≤ space`` (metres) and time difference
    ``|tᵢ − tⱼ| ≤ time`` (same unit as ``t``; days or a timedelta when ``t`` holds datetimes), and
    the 2 × 2 table of all ``n(n−1)/2`` pairs by close/far in space (rows) and time (columns).

    The p-value, ``(1 + #{permuted count ≥ observed}) / (1 + n_perm)``, comes from ``n_perm``
    random permutations of the times among the incidents, drawn as described in
    :func:`knox_banded` (``numpy.random.default_rng(seed)``, one ``rng.permutation(n)`` per
    permutation); the same seed gives the same p-value, here and in ``knox_banded`` with the same
    two limits. Small p: more pairs close in both space and time than chance gives (near repeats,
    or a series).
    """
    observed, expected, p, permuted, _, _ = _knox(x, y, t, [space], [time], n_perm, seed)
    labels_s = pd.Index(["close in space", "far in space"], name="space")
    labels_t = pd.Index(["close in time", "far in time"], name="time")
    obs = int(observed[0, 0])
    exp = float(expected[0, 0])
    return KnoxResult(
        observed=obs,
        expected=exp,
        ratio=obs / exp if exp > 0 else float("nan"),
        p_value=float(p[0, 0]),
        table=pd.DataFrame(observed, index=labels_s, columns=labels_t),
        n_perm=n_perm,
        permuted=permuted,
    )
