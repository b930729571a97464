"""Risk analysis: risk-matrix banding, and evaluating a targeting score the way an operation uses
it — at a fixed inspection capacity — plus calibration and the Predictive Accuracy Index.

Outcomes ``y_true`` are 1/True for a hit (seizure, positive inspection) and 0/False otherwise;
``scores`` are any numbers where higher means "inspect first" (a model's probability, a rule count).
"""

from __future__ import annotations

import math
from typing import NamedTuple

import numpy as np
import pandas as pd


def risk_band(likelihood, impact, thresholds, labels):
    """Band risks on a likelihood × impact matrix.

    ``score = likelihood × impact``; ``thresholds`` are the increasing lower bounds of every band but
    the first, and ``labels`` name the ``len(thresholds) + 1`` bands from lowest to highest::

        band = labels[ #{t in thresholds : score ≥ t} ]

    e.g. on a 5 × 5 matrix ``thresholds=(5, 10, 16)``, ``labels=("low", "medium", "high",
    "very high")`` gives low for scores 1–4, medium 5–9, high 10–15, very high 16–25. A score equal
    to a threshold goes to the higher band. Scalars give a label; arrays give an array of labels.
    Reference: ISO 31000 / ISO 31010 (risk matrix); WCO *Risk Management Compendium*.
    """
    t = np.asarray(thresholds, dtype=float)
    if t.ndim != 1 or (np.diff(t) <= 0).any():
        raise ValueError(f"thresholds must be strictly increasing, got {thresholds!r}")
    labels = list(labels)
    if len(labels) != t.size + 1:
        raise ValueError(f"need {t.size + 1} labels for {t.size} thresholds, got {len(labels)}")
    score = np.asarray(likelihood, dtype=float) * np.asarray(impact, dtype=float)
    idx = np.searchsorted(t, score, side="right")
    # Indexing an object array with a scalar index already gives the label itself.
    return np.asarray(labels, dtype=object)[idx]


def risk_matrix(likelihood_levels, impact_levels, thresholds, labels) -> pd.DataFrame:
    """The risk matrix as a table of band labels: rows are likelihood levels, highest first (as the
    matrix is drawn, likelihood rising upwards), columns impact levels, lowest first; cells from
    :func:`risk_band`. E.g. ``risk_matrix(range(1, 6), range(1, 6), (5, 10, 16), labels)``."""
    lik = sorted(likelihood_levels, reverse=True)
    imp = sorted(impact_levels)
    cells = risk_band(np.asarray(lik)[:, None], np.asarray(imp)[None, :], thresholds, labels)
    return pd.DataFrame(cells, index=pd.Index(lik, name="likelihood"), columns=pd.Index(imp, name="impact"))


def _outcomes_scores(y_true, scores) -> tuple[np.ndarray, np.ndarray]:
    y = np.asarray(y_true).ravel()
    s = np.asarray(scores, dtype=float).ravel()
    if y.shape != s.shape:
        raise ValueError(f"y_true and scores differ in length: {y.size} vs {s.size}")
    if y.size == 0:
        raise ValueError("no cases to evaluate")
    if np.isnan(s).any():
        raise ValueError("scores contain NaN: impute or drop before ranking")
    values = set(np.unique(y).tolist())
    if not values <= {0, 1}:  # True == 1 and False == 0, so booleans pass too
        raise ValueError(f"y_true must be 0/1 or boolean, found {sorted(values, key=str)[:5]}")
    return y.astype(bool), s


def capacity(n: int, q: float) -> int:
    """Number of cases that can be inspected: ``k = ⌊q · n⌋`` (capacity is never exceeded). A
    relative 1e-9 guards against binary rounding (0.29 · 100 is 28.999… in floating point)."""
    if not 0 < q <= 1:
        raise ValueError(f"capacity share q must be in (0, 1], got {q}")
    return int(math.floor(q * n * (1 + 1e-9)))


def rank_order(scores) -> np.ndarray:
    """Indices of the cases in inspection order: highest score first, ties in input order.

    Ties are broken by position (a stable sort on the descending score), so the selection is
    reproducible; sort the data by a neutral key (arrival time, declaration number) first if row
    order could carry information.
    """
    s = np.asarray(scores, dtype=float).ravel()
    return np.argsort(-s, kind="stable")


def select_top(scores, q: float) -> np.ndarray:
    """Boolean mask of the cases selected at capacity ``q``: the first ``capacity(n, q)`` cases of
    :func:`rank_order`."""
    order = rank_order(scores)
    mask = np.zeros(order.size, dtype=bool)
    mask[order[: capacity(order.size, q)]] = True
    return mask


class CapacityResult(NamedTuple):
    """Evaluation of a score at inspection capacity ``q`` (see :func:`evaluate_at_capacity`)."""

    q: float
    k: int
    n: int
    hits: int
    positives: int
    precision: float
    recall: float
    base_rate: float
    lift: float
    random_hits: float
    cutoff_score: float
    ties_left_out: int


def evaluate_at_capacity(y_true, scores, q: float = 0.05) -> CapacityResult:
    """Evaluate a targeting score when only a share ``q`` of cases can be inspected.

    The ``k = ⌊q·n⌋`` highest-scoring cases are selected (ties broken by input order, see
    :func:`rank_order`). Then::

        hits      = positives among the selected
        precision = hits / k            — the "hit rate" of customs and border practice
        recall    = hits / all positives — the share of all seizable cases found
        base_rate = positives / n        — the hit rate of random selection
        lift      = precision / base_rate
        random_hits = k · base_rate      — expected hits of random selection at the same capacity

    ``cutoff_score`` is the k-th highest score and ``ties_left_out`` the number of unselected cases
    with exactly that score: when it is not 0, the result depends on the tie rule, so say so.
    Precision is NaN when ``k = 0``; recall and lift are NaN when there are no positives.
    Reference: precision and recall at k, Manning, Raghavan & Schütze (2008), *Introduction to
    Information Retrieval*, ch. 8; capacity-limited selection as in customs selectivity (WCO *Risk
    Management Compendium*).
    """
    y, s = _outcomes_scores(y_true, scores)
    n = y.size
    k = capacity(n, q)
    order = rank_order(s)
    chosen = order[:k]
    hits = int(y[chosen].sum())
    positives = int(y.sum())
    base = positives / n
    precision = hits / k if k else float("nan")
    recall = hits / positives if positives else float("nan")
    lift = precision / base if base > 0 and k else float("nan")
    cutoff = float(s[order[k - 1]]) if k else float("nan")
    ties_out = int((s[order[k:]] == cutoff).sum()) if k else 0
    return CapacityResult(float(q), k, n, hits, positives, precision, recall, base, lift, k * base, cutoff, ties_out)


def precision_at_capacity(y_true, scores, qs=None) -> pd.DataFrame:
    """Precision-at-capacity curve: :func:`evaluate_at_capacity` for each share in ``qs`` (default
    1 %, 2 %, …, 100 %), a DataFrame with columns ``q, k, hits, precision, recall, lift``. At
    ``q = 1`` precision equals the base rate and lift is 1."""
    y, s = _outcomes_scores(y_true, scores)
    qs = np.round(np.arange(1, 101) / 100, 2) if qs is None else np.asarray(qs, dtype=float).ravel()
    n = y.size
    positives = int(y.sum())
    base = positives / n
    # One sort, then cumulative hits: hits at capacity k is the k-th cumulative sum.
    cum = np.concatenate([[0], np.cumsum(y[rank_order(s)])])
    rows = []
    for q in qs:
        k = capacity(n, float(q))
        hits = int(cum[k])
        precision = hits / k if k else float("nan")
        rows.append({
            "q": float(q),
            "k": k,
            "hits": hits,
            "precision": precision,
            "recall": hits / positives if positives else float("nan"),
            "lift": precision / base if base > 0 and k else float("nan"),
        })
    return pd.DataFrame(rows)


def calibration_table(y_true, prob, n_bins: int = 10) -> pd.DataFrame:
    """Calibration table by equal-count bins (deciles by default) of predicted probability.

    Cases are sorted by predicted probability, ascending, ties in input order; the case of rank
    ``r`` (0-based) goes to bin ``⌊r · n_bins / n⌋ + 1``, so bin sizes differ by at most one and
    bin 1 holds the lowest predictions. Tied probabilities can straddle a bin edge (unlike
    ``pandas.qcut``, which would merge bins); that keeps exactly ``n_bins`` bins. Per bin: ``n``,
    ``positives``, ``mean_predicted``, ``observed_rate`` (= positives / n), ``min_predicted``,
    ``max_predicted``. A calibrated model has ``observed_rate ≈ mean_predicted`` in every bin.
    Reference: the reliability diagram (e.g. Niculescu-Mizil & Caruana 2005).
    """
    y, p = _outcomes_scores(y_true, prob)
    n = y.size
    if n_bins < 1 or n < n_bins:
        raise ValueError(f"need 1 ≤ n_bins ≤ n, got n_bins={n_bins}, n={n}")
    order = np.argsort(p, kind="stable")
    bins = np.empty(n, dtype=int)
    bins[order] = np.arange(n) * n_bins // n + 1
    frame = pd.DataFrame({"bin": bins, "y": y.astype(int), "p": p})
    table = frame.groupby("bin").agg(
        n=("y", "size"),
        positives=("y", "sum"),
        mean_predicted=("p", "mean"),
        min_predicted=("p", "min"),
        max_predicted=("p", "max"),
    )
    table["observed_rate"] = table["positives"] / table["n"]
    return table[["n", "positives", "mean_predicted", "observed_rate", "min_predicted", "max_predicted"]]


def pai(n: float, N: float, a: float, A: float) -> float:
    """Predictive Accuracy Index (Chainey, Tompson & Uhlig 2008, *Security Journal* 21)::

        PAI = (n / N) / (a / A)

    ``n`` crimes inside the predicted hot spots out of ``N`` in the whole study area, ``a`` the area
    of the hot spots out of the study area ``A`` (same units, e.g. km²). The hit rate per unit of
    area searched: 1 is no better than spreading attention evenly; higher is better.
    """
    if not (N > 0 and A > 0 and a > 0):
        raise ValueError(f"N, a and A must be positive, got N={N}, a={a}, A={A}")
    if not (0 <= n <= N and a <= A):
        raise ValueError(f"need 0 ≤ n ≤ N and a ≤ A, got n={n}, N={N}, a={a}, A={A}")
    return (n / N) / (a / A)


def pai_from_cells(counts, selected, cell_area=1.0) -> float:
    """PAI of a selection of grid cells: ``counts`` crimes per cell (observed in the test period),
    ``selected`` a boolean mask of the predicted hot-spot cells, ``cell_area`` a scalar or per-cell
    areas. ``n = Σ counts[selected]``, ``N = Σ counts``, ``a = Σ area[selected]``, ``A = Σ area``.
    """
    c = np.asarray(counts, dtype=float)
    sel = np.asarray(selected, dtype=bool)
    if c.shape != sel.shape:
        raise ValueError(f"counts and selected differ in shape: {c.shape} vs {sel.shape}")
    area = np.broadcast_to(np.asarray(cell_area, dtype=float), c.shape)
    return pai(float(c[sel].sum()), float(c.sum()), float(area[sel].sum()), float(area.sum()))
