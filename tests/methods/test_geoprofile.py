"""Rossmo CGT, hit score and journey-to-crime decay: hand-checked values and properties.

The CGT tests pin the formula of the syllabus (φ = 1 beyond the buffer, Manhattan distance) against
the mistakes found in public code: a reversed buffer test, Euclidean distance, and NaN from
evaluating both branches everywhere.
"""

import math

import numpy as np
import pytest

from analystlab.methods.geoprofile import (
    cgt_scores,
    cgt_surface,
    fit_distance_decay,
    hit_score,
    journey_distances,
)
from analystlab.methods.grid import Grid, peak


def test_cgt_single_crime_by_hand():
    # One crime at (0, 0), B = 2, f = g = 1, so B^(g-f) = 1.
    #   (1, 0): d = 1 ≤ B → buffer term 1 / (2·2 - 1) = 1/3
    #   (0, 0): d = 0 ≤ B → 1 / 4 (finite: no division by zero at the crime site)
    #   (2, 0): d = 2 = B, not > B → buffer 1 / (4 - 2) = 1/2 = 1/B^f (the two branches meet)
    #   (3, 1): d = 4 > B → decay 1 / 4   (Manhattan: Euclidean would give 1/√10)
    #   (4, 0): d = 4 = 2B → decay branch 1/4 (2B - d = 0 is never a denominator)
    px = np.array([1, 0, 2, 3, 4.0])
    py = np.array([0, 0, 0, 1, 0.0])
    got = cgt_scores(px, py, [0.0], [0.0], buffer=2, f=1, g=1)
    assert got == pytest.approx([1 / 3, 1 / 4, 1 / 2, 1 / 4, 1 / 4])


def test_cgt_two_crimes_unequal_exponents_by_hand():
    # Crimes at (0, 0) and (10, 0); B = 4, f = 1, g = 2 → B^(g-f) = 4. Point (2, 0):
    #   crime 1: d = 2 ≤ 4 → 4 / (8 - 2)² = 4/36 = 1/9
    #   crime 2: d = 8 > 4 → 1 / 8
    # p = 1/9 + 1/8 = 17/72 ≈ 0.23611.
    got = cgt_scores(2.0, 0.0, [0.0, 10.0], [0.0, 0.0], buffer=4, f=1, g=2)
    assert float(got) == pytest.approx(17 / 72)


def test_cgt_default_exponents_by_hand():
    # One crime at (0, 0), B = 1000 m, f = g = 1.2 (B^(g-f) = 1).
    #   d = 500 (inside):  1 / (2000 - 500)^1.2 = 1500^-1.2
    #   d = 3000 (outside): 3000^-1.2
    got = cgt_scores(np.array([300.0, 1000.0]), np.array([200.0, 2000.0]), [0.0], [0.0], buffer=1000)
    assert got == pytest.approx([1500 ** -1.2, 3000 ** -1.2])


def test_cgt_surface_on_two_by_two_grid():
    # Cells of 10 m from (0, 0): centres (5,5), (15,5) in row 0 and (5,15), (15,15) in row 1.
    # Crime at (5, 5), B = 10, f = g = 1. Manhattan d = 0, 10, 10, 20.
    #   d = 0 → 1/(20 - 0) = 0.05;  d = 10 → 1/(20 - 10) = 0.1;  d = 20 > 10 → 1/20 = 0.05.
    # Raw [[0.05, 0.1], [0.1, 0.05]], sum 0.3 → k = 1/0.3 → [[1/6, 1/3], [1/3, 1/6]].
    g = Grid(0.0, 0.0, 10.0, 2, 2)
    s = cgt_surface([5.0], [5.0], g, buffer=10, f=1, g=1)
    np.testing.assert_allclose(s, [[1 / 6, 1 / 3], [1 / 3, 1 / 6]])
    raw = cgt_surface([5.0], [5.0], g, buffer=10, f=1, g=1, normalise=False)
    np.testing.assert_allclose(raw, [[0.05, 0.1], [0.1, 0.05]])


def test_hit_score_tie_conventions_by_hand():
    # The 2 × 2 surface above: [[1/6, 1/3], [1/3, 1/6]].
    g = Grid(0.0, 0.0, 10.0, 2, 2)
    s = cgt_surface([5.0], [5.0], g, buffer=10, f=1, g=1)
    # Anchor in cell (0, 0), score 1/6: two cells higher, one tie (cell (1,1)) besides itself.
    assert hit_score(s, g, 5, 5) == pytest.approx(4 / 4)               # all: 2 higher + 2 tied
    assert hit_score(s, g, 5, 5, ties="first") == pytest.approx(3 / 4)  # 2 higher + itself
    assert hit_score(s, g, 5, 5, ties="mean") == pytest.approx(3.5 / 4)  # 2 + (2 + 1)/2
    # Anchor in cell (0, 1), score 1/3: none higher, tied with cell (1, 0).
    assert hit_score(s, g, 15, 5) == pytest.approx(2 / 4)
    assert hit_score(s, g, 15, 5, ties="first") == pytest.approx(1 / 4)
    assert hit_score(s, g, 15, 5, ties="mean") == pytest.approx(1.5 / 4)


def test_hit_score_rejects_anchor_outside_grid_and_bad_ties():
    g = Grid(0.0, 0.0, 10.0, 2, 2)
    s = np.ones((2, 2)) / 4
    with pytest.raises(ValueError):
        hit_score(s, g, 25, 5)
    with pytest.raises(ValueError):
        hit_score(s, g, 5, 5, ties="best")


def test_single_crime_surface_peaks_on_the_buffer_diamond():
    # Property: one crime's score rises inside the buffer and decays outside, so the top cells lie
    # at Manhattan distance ≈ B from the crime (within a cell), not at the crime itself.
    g = Grid(0.0, 0.0, 50.0, 81, 81)  # 4050 m square, cell centres on multiples of 25 m
    cx = cy = 2025.0  # a cell centre
    B = 800.0
    s = cgt_surface([cx], [cy], g, buffer=B)
    assert np.isfinite(s).all() and s.sum() == pytest.approx(1.0)
    p = peak(s, g)
    assert abs(abs(p.x - cx) + abs(p.y - cy) - B) <= 50.0
    gx, gy = g.mesh()
    d = np.abs(gx - cx) + np.abs(gy - cy)
    # Inside the buffer the score increases with d; outside it decreases.
    inside = np.argsort(d[d <= B])
    assert np.all(np.diff(s[d <= B][inside]) >= -1e-15)
    outside = np.argsort(d[d > B])
    assert np.all(np.diff(s[d > B][outside]) <= 1e-15)
    # The crime's own cell scores below the peak: B^(g-f)/(2B)^g vs 1/B^f, a factor 2^-1.2.
    r, c = g.cell_of(cx, cy)
    assert s[r, c] / p.value == pytest.approx(2 ** -1.2, rel=1e-9)


def test_cgt_is_continuous_at_the_buffer_edge():
    # Just inside and just outside d = B the two terms agree (both → B^-f).
    B, f, gexp = 500.0, 1.3, 1.7
    at = cgt_scores(np.array([B - 1e-6, B + 1e-6]), np.zeros(2), [0.0], [0.0], buffer=B, f=f, g=gexp)
    assert at == pytest.approx([B ** -f, B ** -f], rel=1e-6)


def test_ring_of_crimes_points_to_the_home():
    # A marauder's series: eight crimes on a circle of radius 1200 m around the home, B = 1000 m.
    # Every crime's buffer diamond passes near the home, so the home cell is the top cell.
    home = (5025.0, 5025.0)
    angles = np.linspace(0, 2 * np.pi, 8, endpoint=False)
    cx = home[0] + 1200 * np.cos(angles)
    cy = home[1] + 1200 * np.sin(angles)
    g = Grid(0.0, 0.0, 50.0, 201, 201)
    s = cgt_surface(cx, cy, g, buffer=1000)
    assert peak(s, g)[:2] == g.cell_of(*home)
    assert hit_score(s, g, *home) == pytest.approx(1 / g.nx / g.ny)


def test_cgt_rejects_zero_buffer():
    with pytest.raises(ValueError):
        cgt_scores(0.0, 0.0, [1.0], [1.0], buffer=0)


def test_journey_distances_by_hand():
    # Home (0, 0); crimes (3, 4) and (-1, 0): Euclidean 5 and 1, Manhattan 7 and 1.
    assert journey_distances(0, 0, [3, -1], [4, 0]).tolist() == [5.0, 1.0]
    assert journey_distances(0, 0, [3, -1], [4, 0], metric="manhattan").tolist() == [7.0, 1.0]
    # One home per crime.
    assert journey_distances([1, 0], [1, 0], [4, 0], [5, 2]).tolist() == [5.0, 2.0]


def test_decay_fit_recovers_an_exact_negative_exponential():
    # Counts 8, 4, 2, 1 in bins of 1 km: a·exp(-b·d) at centres 0.5, 1.5, 2.5, 3.5 km halves each bin,
    # so b = ln 2 per km and a = 8·exp(b·0.5) = 8√2 ≈ 11.314 crimes per bin at d = 0.
    d = np.repeat([500.0, 1500.0, 2500.0, 3500.0], [8, 4, 2, 1])
    fit = fit_distance_decay(d, bin_width=1000.0)
    assert fit.counts.tolist() == [8, 4, 2, 1]
    assert fit.bin_centres.tolist() == [500.0, 1500.0, 2500.0, 3500.0]
    assert fit.b == pytest.approx(math.log(2) / 1000, rel=1e-6)
    assert fit.a == pytest.approx(8 * math.sqrt(2), rel=1e-6)
    assert fit.half_distance == pytest.approx(1000.0, rel=1e-6)
    assert fit.predict(1500.0) == pytest.approx(4.0, rel=1e-6)


def test_decay_fit_bins_are_half_open_and_use_empty_bins():
    # 1000 falls in [1000, 2000), not [0, 1000); the empty bin [2000, 3000) is kept as a zero count.
    d = [0, 10, 20, 999, 1000, 1500, 3100]
    fit = fit_distance_decay(d, bin_width=1000.0)
    assert fit.counts.tolist() == [4, 2, 0, 1]
    fit_cut = fit_distance_decay(d, bin_width=1000.0, max_distance=2000.0)
    assert fit_cut.counts.tolist() == [4, 2]


def test_decay_fit_max_distance_is_a_whole_number_of_bins():
    # 2500 m with 1 km bins would need a last bin [2000, 3000) reaching past the limit, or a narrower one.
    d = [0, 10, 20, 999, 1000, 1500, 2600, 3100]
    with pytest.raises(ValueError, match="whole number of bins"):
        fit_distance_decay(d, bin_width=1000.0, max_distance=2500.0)
    # A distance exactly at max_distance is left out (half-open bins).
    assert fit_distance_decay(d + [2000.0], bin_width=1000.0, max_distance=2000.0).counts.tolist() == [4, 2]


def test_decay_fit_on_simulated_journeys():
    # Exponential journeys with mean 2 km: the fitted rate should be close to 1/2000 per metre.
    d = np.random.default_rng(5).exponential(2000.0, size=5000)
    fit = fit_distance_decay(d, bin_width=250.0, max_distance=10_000.0)
    assert fit.b == pytest.approx(1 / 2000, rel=0.1)
