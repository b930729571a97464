"""Centrography: hand-checked values on three or four points, and properties on random series."""

import math

import numpy as np
import pytest
from scipy.optimize import minimize

from analystlab.methods.centrography import (
    canter_circle,
    canter_classify,
    centre_of_minimum_distance,
    mean_centre,
    standard_deviational_ellipse,
    standard_distance,
)

# A right triangle with legs 4 (east) and 3 (north): (0, 0), (4, 0), (0, 3).
TX = [0.0, 4.0, 0.0]
TY = [0.0, 0.0, 3.0]


def test_mean_centre_of_triangle():
    # x̄ = (0 + 4 + 0) / 3 = 4/3, ȳ = (0 + 0 + 3) / 3 = 1.
    assert mean_centre(TX, TY) == pytest.approx((4 / 3, 1.0))


def test_standard_distance_divides_by_n_by_default():
    # Deviations x': -4/3, 8/3, -4/3 → Σx'² = 16/9 + 64/9 + 16/9 = 96/9.
    # y': -1, -1, 2 → Σy'² = 6. Total 96/9 + 6 = 50/3.
    # SD = sqrt((50/3) / 3) = sqrt(50/9) = 5√2/3 ≈ 2.3570.
    assert standard_distance(TX, TY) == pytest.approx(5 * math.sqrt(2) / 3)
    # CrimeStat's n − 2: sqrt((50/3) / 1) ≈ 4.0825.
    assert standard_distance(TX, TY, ddof=2) == pytest.approx(math.sqrt(50 / 3))


def test_standard_distance_needs_more_points_than_ddof():
    with pytest.raises(ValueError):
        standard_distance([0, 1], [0, 1], ddof=2)


def test_centre_of_minimum_distance_is_the_fermat_point():
    # Triangle (0,0), (1,0), (0.5,10): every angle < 120°, so the optimum is the Fermat point, which
    # sees the base at 120°. By symmetry it lies on x = 0.5, at height y with tan(60°) = 0.5 / y,
    # so y = 0.5 / √3 ≈ 0.288675.
    cx, cy = centre_of_minimum_distance([0, 1, 0.5], [0, 0, 10], tol=1e-10)
    assert cx == pytest.approx(0.5, abs=1e-8)
    assert cy == pytest.approx(0.5 / math.sqrt(3), abs=1e-8)


def test_centre_of_minimum_distance_at_an_obtuse_vertex():
    # (0,0), (2,0), (1,0.1): the angle at (1, 0.1) is ≈ 169° ≥ 120°, so the optimum is that vertex.
    # Weiszfeld started at the mean centre would only creep towards it; the exact test returns it.
    assert centre_of_minimum_distance([0, 2, 1], [0, 0, 0.1]) == (1.0, 0.1)


def test_centre_of_minimum_distance_with_repeated_location():
    # Three incidents at the origin and two at (±1, 1): at the origin η = 3 and
    # ‖R‖ = ‖(1,1)/√2 + (-1,1)/√2‖ = √2 ≤ 3, so the origin is optimal, exactly.
    assert centre_of_minimum_distance([0, 0, 0, 1, -1], [0, 0, 0, 1, 1]) == (0.0, 0.0)


def test_centre_of_minimum_distance_on_a_line_is_the_median():
    # Collinear points 0, 1, 5 on the x axis: the sum of distances is minimised at the median, 1.
    assert centre_of_minimum_distance([0, 1, 5], [0, 0, 0]) == pytest.approx((1.0, 0.0))


def test_centre_of_minimum_distance_single_point():
    assert centre_of_minimum_distance([3.0], [7.0]) == (3.0, 7.0)


def test_centre_of_minimum_distance_minimises_sum_of_distances():
    rng = np.random.default_rng(11)
    x, y = rng.normal(0, 1000, 25), rng.normal(0, 500, 25)

    def total(c):
        return np.hypot(x - c[0], y - c[1]).sum()

    ours = centre_of_minimum_distance(x, y)
    ref = minimize(total, x0=[x.mean(), y.mean()], method="Nelder-Mead",
                   options={"xatol": 1e-6, "fatol": 1e-9, "maxiter": 20_000}).x
    assert total(ours) <= total(ref) + 1e-6
    assert np.hypot(*(np.array(ours) - ref)) < 0.01  # metres


def test_ellipse_along_east_west():
    # Points (±2, 0), (0, ±1): Σx'² = 8, Σy'² = 2, Σx'y' = 0 → B = 0, A > 0 → θ = 90° (major axis east).
    # σy (major) = √2·sqrt(8/4) = 2; σx (minor) = √2·sqrt(2/4) = 1.
    e = standard_deviational_ellipse([2, -2, 0, 0], [0, 0, 1, -1])
    assert (e.centre_x, e.centre_y) == pytest.approx((0.0, 0.0))
    assert e.angle == pytest.approx(90.0)
    assert e.sigma_y == pytest.approx(2.0)
    assert e.sigma_x == pytest.approx(1.0)
    # Without the √2 correction both shrink by √2.
    e1 = standard_deviational_ellipse([2, -2, 0, 0], [0, 0, 1, -1], sqrt2=False)
    assert (e1.sigma_x, e1.sigma_y) == pytest.approx((1 / math.sqrt(2), math.sqrt(2)))
    # CrimeStat's n − 2: σy = √2·sqrt(8/2) = 2√2, σx = √2·sqrt(2/2) = √2.
    e2 = standard_deviational_ellipse([2, -2, 0, 0], [0, 0, 1, -1], ddof=2)
    assert (e2.sigma_x, e2.sigma_y) == pytest.approx((math.sqrt(2), 2 * math.sqrt(2)))


def test_ellipse_along_north_south():
    # The same cross turned: (0, ±2), (±1, 0) → B = 0, A < 0 → θ = 0° (major axis north).
    e = standard_deviational_ellipse([0, 0, 1, -1], [2, -2, 0, 0])
    assert e.angle == pytest.approx(0.0)
    assert (e.sigma_x, e.sigma_y) == pytest.approx((1.0, 2.0))


@pytest.mark.parametrize("angle", [30.0, 45.0, 135.0, 160.0])
def test_ellipse_angle_is_clockwise_from_north(angle):
    # The cross with major axis 2 and minor 1 turned so the major axis points `angle` degrees
    # clockwise from north: major direction (sin a, cos a), minor (cos a, -sin a), centred at (100, 200).
    a = math.radians(angle)
    major = np.array([math.sin(a), math.cos(a)])
    minor = np.array([math.cos(a), -math.sin(a)])
    pts = np.array([2 * major, -2 * major, minor, -minor]) + [100.0, 200.0]
    e = standard_deviational_ellipse(pts[:, 0], pts[:, 1])
    assert e.angle == pytest.approx(angle)
    assert (e.sigma_x, e.sigma_y) == pytest.approx((1.0, 2.0))
    assert (e.centre_x, e.centre_y) == pytest.approx((100.0, 200.0))


def test_ellipse_of_triangle_by_hand():
    # Triangle deviations (see the standard distance test): Σx'² = 96/9, Σy'² = 6, Σx'y' = -4.
    # A = 96/9 - 6 = 14/3, B = -4; tan θ = (14/3 + sqrt(196/9 + 64)) / (-8) = (14/3 + sqrt(772)/3) / -8.
    theta = math.atan((14 / 3 + math.sqrt(772) / 3) / -8)  # ≈ -60.13°, reported as +119.87°
    e = standard_deviational_ellipse(TX, TY)
    assert e.angle == pytest.approx(math.degrees(theta) + 180)
    dx = np.array(TX) - 4 / 3
    dy = np.array(TY) - 1.0
    sx = math.sqrt(2 * ((dx * math.cos(theta) - dy * math.sin(theta)) ** 2).sum() / 3)
    sy = math.sqrt(2 * ((dx * math.sin(theta) + dy * math.cos(theta)) ** 2).sum() / 3)
    assert (e.sigma_x, e.sigma_y) == pytest.approx((sx, sy))
    assert e.sigma_y > e.sigma_x


def test_ellipse_matches_covariance_eigenvectors():
    # Property: without √2 the axes are the square roots of the covariance eigenvalues (divisor n)
    # and the major axis is the leading eigenvector.
    rng = np.random.default_rng(3)
    pts = rng.multivariate_normal([5000, 8000], [[4e6, 1.5e6], [1.5e6, 1e6]], size=200)
    e = standard_deviational_ellipse(pts[:, 0], pts[:, 1], sqrt2=False)
    vals, vecs = np.linalg.eigh(np.cov(pts.T, bias=True))
    assert e.sigma_y == pytest.approx(math.sqrt(vals[1]), rel=1e-9)
    assert e.sigma_x == pytest.approx(math.sqrt(vals[0]), rel=1e-9)
    vx, vy = vecs[:, 1]
    expected = math.degrees(math.atan2(vx, vy)) % 180.0  # clockwise from north
    assert e.angle == pytest.approx(expected, abs=1e-6)


def test_canter_circle_of_triangle():
    # Distances: (0,0)-(4,0) = 4, (0,0)-(0,3) = 3, (4,0)-(0,3) = 5 → diameter joins incidents 1 and 2.
    # Centre = ((4+0)/2, (0+3)/2) = (2, 1.5); radius = 5/2.
    c = canter_circle(TX, TY)
    assert (c.i, c.j) == (1, 2)
    assert (c.centre_x, c.centre_y, c.radius) == pytest.approx((2.0, 1.5, 2.5))


def test_canter_classification():
    c = canter_circle(TX, TY)
    # (2, 2) is 0.5 from the centre: inside.
    assert canter_classify(c, 2.0, 2.0) == "marauder"
    # (0, 0) is exactly 2.5 from (2, 1.5): on the circle, counted inside.
    assert canter_classify(c, 0.0, 0.0) == "marauder"
    # (10, 10) is far outside.
    assert canter_classify(c, 10.0, 10.0) == "commuter"


def test_canter_circle_tie_takes_first_pair():
    # Unit square corners: both diagonals have length √2; the first pair in index order is (0, 2).
    c = canter_circle([0, 1, 1, 0], [0, 0, 1, 1])
    assert (c.i, c.j) == (0, 2)
    assert c.radius == pytest.approx(math.sqrt(2) / 2)


def test_inputs_are_checked():
    with pytest.raises(ValueError):
        mean_centre([0, 1], [0])
    with pytest.raises(ValueError):
        mean_centre([0, np.nan], [0, 1])
    with pytest.raises(ValueError):
        canter_circle([0], [0])
