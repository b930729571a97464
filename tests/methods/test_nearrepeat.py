"""Knox test: hand-checked table and p-value, the p-value formula, seeding, and calibration under
no space-time interaction."""

import numpy as np
import pandas as pd
import pytest

from analystlab.methods.nearrepeat import knox_banded, knox_test

# Four incidents (x m, y m, t days):
#   A (0, 0, 0), B (50, 0, 2), C (1000, 0, 1), D (1000, 60, 30); s = 100 m, τ = 5 days.
# Pairs: AB d=50 Δt=2 → close/close; AC d=1000 Δt=1 → far/close; AD d≈1001.8 Δt=30 → far/far;
#        BC d=950 Δt=1 → far/close; BD d≈951.9 Δt=28 → far/far; CD d=60 Δt=29 → close/far.
X = [0.0, 50.0, 1000.0, 1000.0]
Y = [0.0, 0.0, 0.0, 60.0]
T = [0.0, 2.0, 1.0, 30.0]


def test_knox_table_by_hand():
    r = knox_test(X, Y, T, space=100, time=5, n_perm=99, seed=0)
    assert r.observed == 1
    assert r.table.to_numpy().tolist() == [[1, 1], [2, 2]]
    assert r.table.to_numpy().sum() == 6  # 4·3/2 pairs


def test_knox_p_value_by_hand():
    # The space-close pairs are AB and CD, which split the four times {0, 2, 1, 30} into two pairs.
    # Whichever pair gets 30 is far in time; the other pair is drawn from {0, 1, 2}, always within 5.
    # So every permutation gives exactly 1 close/close pair: expected = 1 and
    # p = (1 + n_perm) / (1 + n_perm) = 1 — no evidence of near repeats, correctly.
    r = knox_test(X, Y, T, space=100, time=5, n_perm=99, seed=0)
    assert r.expected == 1.0
    assert r.ratio == 1.0
    assert r.p_value == 1.0
    assert (r.permuted == 1).all()


def test_p_value_formula_and_seed():
    rng = np.random.default_rng(4)
    x, y, t = rng.uniform(0, 2000, 40), rng.uniform(0, 2000, 40), rng.uniform(0, 90, 40)
    r = knox_test(x, y, t, space=300, time=7, n_perm=199, seed=42)
    assert r.permuted.shape == (199,)
    assert r.p_value == (1 + int((r.permuted >= r.observed).sum())) / 200
    assert r.expected == pytest.approx(r.permuted.mean())
    # Same seed, same answer; a Generator seeded the same way gives the same permutations.
    again = knox_test(x, y, t, space=300, time=7, n_perm=199, seed=42)
    assert again.p_value == r.p_value and (again.permuted == r.permuted).all()
    gen = knox_test(x, y, t, space=300, time=7, n_perm=199, seed=np.random.default_rng(42))
    assert (gen.permuted == r.permuted).all()


def test_permutation_scheme_is_as_documented():
    # The documented scheme: rng = default_rng(seed); each permutation is rng.permutation(n) and
    # incident i takes time t[perm[i]]. Recount the close/close pairs independently.
    rng = np.random.default_rng(8)
    x, y, t = rng.uniform(0, 1000, 15), rng.uniform(0, 1000, 15), rng.uniform(0, 30, 15)
    r = knox_test(x, y, t, space=250, time=3, n_perm=20, seed=123)
    gen = np.random.default_rng(123)
    for k in range(20):
        tp = t[gen.permutation(15)]
        count = sum(
            1
            for i in range(15)
            for j in range(i + 1, 15)
            if np.hypot(x[i] - x[j], y[i] - y[j]) <= 250 and abs(tp[i] - tp[j]) <= 3
        )
        assert r.permuted[k] == count


def test_clustered_series_is_significant():
    # Five pairs, each pair at one place within a day, pairs 5 km and 20 days apart. Observed = 5;
    # a random shuffle rarely re-pairs the times within 3 days.
    base = np.arange(5)
    x = np.repeat(base * 5000.0, 2) + np.tile([0.0, 30.0], 5)
    y = np.zeros(10)
    t = np.repeat(base * 20.0, 2) + np.tile([0.0, 1.0], 5)
    r = knox_test(x, y, t, space=100, time=3, n_perm=999, seed=1)
    assert r.observed == 5
    assert r.p_value <= 0.01
    assert r.p_value >= 1 / 1000  # never below 1 / (1 + n_perm)


def test_datetimes_and_timedeltas():
    days = pd.Timestamp("2024-05-01") + pd.to_timedelta(T, unit="D")
    a = knox_test(X, Y, days, space=100, time=pd.Timedelta(days=5), n_perm=50, seed=3)
    b = knox_test(X, Y, days, space=100, time=5, n_perm=50, seed=3)
    c = knox_test(X, Y, T, space=100, time=5, n_perm=50, seed=3)
    assert a.observed == b.observed == c.observed == 1
    assert a.p_value == b.p_value == c.p_value
    with pytest.raises(ValueError):
        knox_test(X, Y, T, space=100, time=pd.Timedelta(days=5), n_perm=10, seed=0)


def test_banded_table_limits_are_inclusive_and_cover_all_pairs():
    # Bands: space [0,100], (100,1000], >1000; time [0,2], (2,10], >10.
    #   AB d=50, Δt=2      → (0, 0)   (exactly 2 days is within the first band)
    #   AC d=1000, Δt=1    → (1, 0)   (exactly 1000 m is within the second band)
    #   AD d≈1001.8, Δt=30 → (2, 2);  BC d=950, Δt=1 → (1, 0);  BD d≈951.9, Δt=28 → (1, 2)
    #   CD d=60, Δt=29     → (0, 2)
    k = knox_banded(X, Y, T, [100, 1000], [2, 10], n_perm=20, seed=0)
    assert k.observed.to_numpy().tolist() == [[1, 0, 1], [2, 0, 1], [0, 0, 1]]
    assert list(k.observed.index) == ["0–100 m", "100–1000 m", ">1000 m"]
    assert k.p_value.shape == (3, 3)
    assert ((k.p_value >= 1 / 21) & (k.p_value <= 1)).all().all()


def test_banded_two_by_two_agrees_with_knox_test():
    rng = np.random.default_rng(9)
    x, y, t = rng.uniform(0, 1500, 30), rng.uniform(0, 1500, 30), rng.uniform(0, 60, 30)
    r = knox_test(x, y, t, space=200, time=5, n_perm=99, seed=5)
    k = knox_banded(x, y, t, [200], [5], n_perm=99, seed=5)
    assert k.observed.to_numpy().tolist() == r.table.to_numpy().tolist()
    assert k.p_value.iloc[0, 0] == r.p_value
    assert k.expected.iloc[0, 0] == pytest.approx(r.expected)


def test_p_values_are_roughly_uniform_without_interaction():
    # Property: places and times drawn independently → no space-time interaction, so p should be
    # (super-)uniform: P(p ≤ α) ≲ α. Counts are discrete, which makes the test slightly conservative.
    rng = np.random.default_rng(2024)
    ps = []
    for rep in range(200):
        x, y, t = rng.uniform(0, 1000, 25), rng.uniform(0, 1000, 25), rng.uniform(0, 100, 25)
        ps.append(knox_test(x, y, t, space=200, time=10, n_perm=99, seed=rep).p_value)
    ps = np.array(ps)
    assert np.mean(ps <= 0.05) <= 0.10
    assert np.mean(ps <= 0.10) <= 0.17
    assert 0.30 <= np.mean(ps <= 0.5) <= 0.65
    assert 0.42 <= ps.mean() <= 0.62


def test_inputs_are_checked():
    with pytest.raises(ValueError):
        knox_test([0.0], [0.0], [0.0], space=1, time=1)
    with pytest.raises(ValueError):
        knox_test(X, Y, T[:3], space=1, time=1)
    with pytest.raises(ValueError):
        knox_banded(X, Y, T, [100, 50], [1], n_perm=5)
