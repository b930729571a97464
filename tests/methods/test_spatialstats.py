"""Nearest-neighbour index, Getis-Ord Gi* and kernel density: hand-checked cases and properties."""

import math

import numpy as np
import pytest

from analystlab.methods.grid import Grid
from analystlab.methods.spatialstats import (
    distance_band_weights,
    getis_ord_gi_star,
    hotspot_cell,
    kernel_density,
    nearest_neighbour_index,
)


def test_nni_three_points_by_hand():
    # Points (0,0), (1,0), (0,2) in A = 6 m². Nearest neighbours: 1, 1, 2 → d̄_obs = 4/3.
    # d̄_exp = 0.5·sqrt(6/3) = √2/2 ≈ 0.70711; R = (4/3)/(√2/2) ≈ 1.8856.
    # SE = 0.26136 / sqrt(3²/6) = 0.26136 / sqrt(1.5) ≈ 0.21340; z = (4/3 - √2/2) / SE ≈ 2.9345.
    r = nearest_neighbour_index([0, 1, 0], [0, 0, 2], area=6)
    se = 0.26136 / math.sqrt(1.5)
    assert r.observed_mean == pytest.approx(4 / 3)
    assert r.expected_mean == pytest.approx(math.sqrt(2) / 2)
    assert r.R == pytest.approx((4 / 3) / (math.sqrt(2) / 2))
    assert r.se == pytest.approx(se)
    assert r.z == pytest.approx((4 / 3 - math.sqrt(2) / 2) / se)
    assert r.z == pytest.approx(2.9345, abs=1e-4)


def test_nni_of_a_perfect_grid_is_two():
    # m × m points spaced a apart, each owning an a × a cell: A = (m·a)², N = m², d̄_obs = a,
    # d̄_exp = 0.5·sqrt(m²a²/m²) = a/2, so R = 2 exactly (dispersed).
    a, m = 250.0, 8
    gx, gy = np.meshgrid(np.arange(m) * a, np.arange(m) * a)
    r = nearest_neighbour_index(gx, gy, area=(m * a) ** 2)
    assert r.R == pytest.approx(2.0)
    assert r.z > 1.96


def test_nni_of_a_tight_cluster_is_below_one():
    rng = np.random.default_rng(1)
    x, y = rng.normal(5000, 50, 60), rng.normal(5000, 50, 60)
    r = nearest_neighbour_index(x, y, area=10_000.0**2)
    assert r.R < 0.2
    assert r.z < -1.96 and r.p_value < 0.05


def test_nni_of_random_points_is_near_one():
    # Complete spatial randomness: R ≈ 1 (slightly above, from the edge effect the index ignores).
    rng = np.random.default_rng(7)
    rs = [nearest_neighbour_index(rng.uniform(0, 1000, 400), rng.uniform(0, 1000, 400), 1e6).R for _ in range(50)]
    assert 0.97 <= np.mean(rs) <= 1.07


# A 5-point line, 1 m apart, values 1, 2, 3, 4, 10; distance band 1 m with self → neighbours are
# the point itself and its immediate neighbours.
LINE_X = np.arange(5.0)
LINE_Y = np.zeros(5)
LINE_V = np.array([1.0, 2.0, 3.0, 4.0, 10.0])


def test_distance_band_weights():
    w = distance_band_weights(LINE_X, LINE_Y, 1.0)
    expected = np.eye(5) + np.eye(5, k=1) + np.eye(5, k=-1)
    np.testing.assert_array_equal(w, expected)
    np.testing.assert_array_equal(distance_band_weights(LINE_X, LINE_Y, 1.0, include_self=False), expected - np.eye(5))


def test_gi_star_on_a_line_by_hand():
    # X̄ = 20/5 = 4; Σx²/n = (1+4+9+16+100)/5 = 26; S = sqrt(26 - 16) = √10.
    # Ends: Σw = 2, Σw² = 2 → sqrt((5·2 - 4)/4) = sqrt(1.5); middle: Σw = 3 → sqrt((15 - 9)/4) = sqrt(1.5).
    # So every denominator is √10·√1.5 = √15. Numerators Σwx - 4Σw:
    #   i=0: (1+2) - 8 = -5;  i=1: (1+2+3) - 12 = -6;  i=2: (2+3+4) - 12 = -3;
    #   i=3: (3+4+10) - 12 = 5;  i=4: (4+10) - 8 = 6.
    res = getis_ord_gi_star(LINE_V, distance_band_weights(LINE_X, LINE_Y, 1.0))
    np.testing.assert_allclose(res.z, np.array([-5, -6, -3, 5, 6]) / math.sqrt(15))
    assert res.p_value[4] == pytest.approx(0.12134, abs=1e-4)  # two-sided for z = 6/√15 ≈ 1.549


def _gi_star_direct(x, w):
    """Gi* written out feature by feature, straight from Getis & Ord (1995) / the ArcGIS formula."""
    n = len(x)
    xbar = sum(x) / n
    s = math.sqrt(sum(v * v for v in x) / n - xbar**2)
    out = []
    for i in range(n):
        sw = sum(w[i][j] for j in range(n))
        sw2 = sum(w[i][j] ** 2 for j in range(n))
        num = sum(w[i][j] * x[j] for j in range(n)) - xbar * sw
        out.append(num / (s * math.sqrt((n * sw2 - sw**2) / (n - 1))))
    return out


def test_gi_star_agrees_with_direct_evaluation_on_a_line():
    # Inverse-distance weights 1/(1 + |i - j|) on the 5-point line (self weight 1).
    w = 1.0 / (1.0 + np.abs(LINE_X[:, None] - LINE_X[None, :]))
    ours = getis_ord_gi_star(LINE_V, w).z
    np.testing.assert_allclose(ours, _gi_star_direct(LINE_V.tolist(), w.tolist()))


def test_gi_star_is_undefined_when_a_feature_neighbours_everything():
    # Band 2 m: the middle point's neighbourhood is the whole line, Σw = 5, Σw² = 5, and
    # n·Σw² - (Σw)² = 25 - 25 = 0 — its local sum is the global sum, so there is nothing to test.
    res = getis_ord_gi_star(LINE_V, distance_band_weights(LINE_X, LINE_Y, 2.0))
    assert np.isnan(res.z[2])
    assert np.isfinite(np.delete(res.z, 2)).all()


def test_gi_star_agrees_with_direct_evaluation_for_general_weights():
    rng = np.random.default_rng(12)
    x = rng.gamma(2.0, 3.0, 30)
    w = rng.uniform(0, 1, (30, 30)) * (rng.uniform(0, 1, (30, 30)) < 0.3)
    np.fill_diagonal(w, 1.0)
    np.testing.assert_allclose(getis_ord_gi_star(x, w).z, _gi_star_direct(x.tolist(), w.tolist()))


def test_gi_star_finds_a_planted_hot_spot():
    # A 10 × 10 lattice of 1 km cells; a 3 × 3 block of high values in one corner.
    gx, gy = np.meshgrid(np.arange(10) * 1000.0, np.arange(10) * 1000.0)
    vals = np.random.default_rng(0).poisson(2, (10, 10)).astype(float)
    vals[:3, :3] += 15
    w = distance_band_weights(gx, gy, 1500.0)  # queen neighbours plus self
    z = getis_ord_gi_star(vals.ravel(), w).z.reshape(10, 10)
    assert z[1, 1] > 2.58
    assert z[8, 8] < 1.0


def test_gi_star_rejects_constant_values_and_bad_weights():
    with pytest.raises(ValueError):
        getis_ord_gi_star(np.ones(5), np.eye(5))
    with pytest.raises(ValueError):
        getis_ord_gi_star(LINE_V, np.eye(4))


def test_quartic_kernel_by_hand():
    # One event at the centre of cell (2, 2) of a 10 m grid (centre (25, 25)), h = 20 m.
    # Quartic K(u) = (3/π)(1 - u²)², density = K(d/h)/h².
    #   d = 0:  3/(π·400)
    #   d = 10 (next cell): u = 1/2 → 3/(π·400)·(3/4)² = 3/(π·400)·9/16
    #   d = 20 (two cells): u = 1 → 0 (the kernel ends at the bandwidth)
    g = Grid(0.0, 0.0, 10.0, 5, 5)
    s = kernel_density([25.0], [25.0], g, 20.0)
    peak = 3 / (math.pi * 400)
    assert s[2, 2] == pytest.approx(peak)
    assert s[2, 3] == pytest.approx(peak * 9 / 16)
    assert s[2, 4] == 0.0
    assert s[0, 0] == 0.0  # d = √800 > 20


def test_gaussian_kernel_by_hand():
    # K(u) = exp(-u²/2)/(2π); at d = 0: 1/(2π h²); at d = h: exp(-1/2)/(2π h²).
    g = Grid(0.0, 0.0, 10.0, 5, 5)
    s = kernel_density([25.0], [25.0], g, 10.0, kernel="gaussian")
    assert s[2, 2] == pytest.approx(1 / (2 * math.pi * 100))
    assert s[2, 3] == pytest.approx(math.exp(-0.5) / (2 * math.pi * 100))


def test_density_integrates_to_number_of_events():
    # A fine grid well beyond the events: Σ density × cell area ≈ N (and Σw with weights).
    rng = np.random.default_rng(3)
    x, y = rng.uniform(2000, 3000, 20), rng.uniform(2000, 3000, 20)
    g = Grid(0.0, 0.0, 20.0, 250, 250)
    for kernel in ("quartic", "gaussian"):
        s = kernel_density(x, y, g, 300.0, kernel=kernel)
        assert s.sum() * g.cell_area == pytest.approx(20.0, rel=0.01)
    s = kernel_density(x, y, g, 300.0, weights=np.full(20, 2.5))
    assert s.sum() * g.cell_area == pytest.approx(50.0, rel=0.01)


def test_hotspot_cell_is_in_the_bigger_cluster():
    rng = np.random.default_rng(4)
    x = np.concatenate([rng.normal(1500, 60, 40), rng.normal(4000, 60, 15)])
    y = np.concatenate([rng.normal(3500, 60, 40), rng.normal(1000, 60, 15)])
    g = Grid(0.0, 0.0, 100.0, 50, 50)
    hot = hotspot_cell(kernel_density(x, y, g, 400.0), g)
    assert abs(hot.x - 1500) <= 150 and abs(hot.y - 3500) <= 150
    assert g.cell_of(hot.x, hot.y) == (hot.row, hot.col)
