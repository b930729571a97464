"""Risk matrix banding and evaluation at capacity: hand-checked small cases and properties."""

import numpy as np
import pytest

from analystlab.methods.risk import (
    calibration_table,
    capacity,
    evaluate_at_capacity,
    pai,
    pai_from_cells,
    precision_at_capacity,
    rank_order,
    risk_band,
    risk_matrix,
    select_top,
)

LABELS = ("low", "medium", "high", "very high")
THRESHOLDS = (5, 10, 16)


def test_risk_band_by_hand():
    # Scores: 1·1 = 1 → low; 1·5 = 5 → medium (a threshold goes up); 3·3 = 9 → medium;
    # 2·5 = 10 → high; 3·5 = 15 → high; 4·4 = 16 → very high; 5·5 = 25 → very high.
    lik = np.array([1, 1, 3, 2, 3, 4, 5])
    imp = np.array([1, 5, 3, 5, 5, 4, 5])
    got = risk_band(lik, imp, THRESHOLDS, LABELS)
    assert got.tolist() == ["low", "medium", "medium", "high", "high", "very high", "very high"]
    assert risk_band(2, 2, THRESHOLDS, LABELS) == "low"


def test_risk_matrix_layout():
    m = risk_matrix(range(1, 6), range(1, 6), THRESHOLDS, LABELS)
    assert m.shape == (5, 5)
    assert list(m.index) == [5, 4, 3, 2, 1]  # likelihood rises upwards, as drawn
    assert list(m.columns) == [1, 2, 3, 4, 5]
    assert m.loc[5, 1] == "medium"  # 5
    assert m.loc[1, 1] == "low"
    assert m.loc[4, 4] == "very high"
    assert m.loc[3, 4] == "high"  # 12


def test_risk_band_checks_labels_and_thresholds():
    with pytest.raises(ValueError):
        risk_band(1, 1, (5, 10), LABELS)
    with pytest.raises(ValueError):
        risk_band(1, 1, (10, 5, 16), LABELS)


def test_capacity_rounds_down_and_survives_float_error():
    assert capacity(1000, 0.05) == 50
    assert capacity(100, 0.29) == 29  # 0.29 · 100 = 28.999999999999996 in floating point
    assert capacity(19, 0.05) == 0
    assert capacity(7, 1.0) == 7
    with pytest.raises(ValueError):
        capacity(10, 0.0)


def test_evaluate_at_capacity_by_hand():
    # 20 cases, scores 1.00, 0.95, …, 0.05 (case 0 highest); positives are cases 0, 5, 10, 15.
    # q = 10 % → k = 2 → cases 0 and 1 → 1 hit.
    # precision = 1/2; recall = 1/4; base rate = 4/20 = 0.2; lift = 0.5/0.2 = 2.5; random hits = 2·0.2.
    scores = np.arange(20, 0, -1) / 20
    y = np.zeros(20, dtype=int)
    y[[0, 5, 10, 15]] = 1
    r = evaluate_at_capacity(y, scores, q=0.10)
    assert (r.k, r.n, r.hits, r.positives) == (2, 20, 1, 4)
    assert r.precision == pytest.approx(0.5)
    assert r.recall == pytest.approx(0.25)
    assert r.base_rate == pytest.approx(0.2)
    assert r.lift == pytest.approx(2.5)
    assert r.random_hits == pytest.approx(0.4)
    assert r.cutoff_score == pytest.approx(0.95)
    assert r.ties_left_out == 0


def test_ties_are_broken_by_input_order_and_reported():
    # Scores 0.9, 0.5, 0.5, 0.1 with the positive at index 2; q = 50 % → k = 2.
    # Stable rule: index 0, then index 1 (first of the tied 0.5s) → 0 hits; one tied case left out.
    scores = [0.9, 0.5, 0.5, 0.1]
    y = [0, 0, 1, 0]
    assert rank_order(scores).tolist() == [0, 1, 2, 3]
    assert select_top(scores, 0.5).tolist() == [True, True, False, False]
    r = evaluate_at_capacity(y, scores, q=0.5)
    assert r.hits == 0
    assert r.cutoff_score == 0.5
    assert r.ties_left_out == 1


def test_zero_capacity_and_no_positives():
    r = evaluate_at_capacity([1, 0, 0], [0.3, 0.2, 0.1], q=0.05)
    assert r.k == 0 and np.isnan(r.precision) and np.isnan(r.lift)
    r = evaluate_at_capacity([0, 0, 0, 0], [0.4, 0.3, 0.2, 0.1], q=0.5)
    assert r.precision == 0.0 and np.isnan(r.recall) and np.isnan(r.lift)


def test_bad_inputs_are_rejected():
    with pytest.raises(ValueError, match="NaN"):
        evaluate_at_capacity([1, 0], [np.nan, 0.1], q=0.5)
    with pytest.raises(ValueError):
        evaluate_at_capacity([2, 0], [0.2, 0.1], q=0.5)


def test_precision_at_capacity_curve():
    rng = np.random.default_rng(6)
    risk = rng.uniform(0, 1, 2000)
    y = (rng.uniform(0, 1, 2000) < 0.1 * risk * 2).astype(int)
    scores = risk + rng.normal(0, 0.2, 2000)
    curve = precision_at_capacity(y, scores)
    assert list(curve.columns) == ["q", "k", "hits", "precision", "recall", "lift"]
    assert len(curve) == 100
    row = curve[curve.q == 0.05].iloc[0]
    r = evaluate_at_capacity(y, scores, q=0.05)
    assert (row.k, row.hits) == (r.k, r.hits)
    assert row.precision == pytest.approx(r.precision) and row.lift == pytest.approx(r.lift)
    last = curve.iloc[-1]
    assert last.q == 1.0 and last.recall == 1.0 and last.lift == pytest.approx(1.0)
    assert last.precision == pytest.approx(y.mean())
    assert (np.diff(curve.recall) >= 0).all()
    # An informative score beats random selection at small capacity.
    assert row.lift > 1.3


def test_random_scores_have_lift_near_one():
    rng = np.random.default_rng(10)
    lifts = []
    for _ in range(200):
        y = rng.uniform(0, 1, 1000) < 0.2
        lifts.append(evaluate_at_capacity(y, rng.uniform(0, 1, 1000), q=0.1).lift)
    assert np.mean(lifts) == pytest.approx(1.0, abs=0.05)


def test_calibration_table_by_hand():
    # 10 cases into 5 equal-count bins of 2, by ascending probability (ties in input order):
    #   bin 1: p 0.1, 0.2 (y 0, 0) → mean 0.15, rate 0
    #   bin 2: p 0.3, 0.4 (y 1, 0) → 0.35, 0.5
    #   bin 3: p 0.5 (index 8), 0.5 (index 9) (y 1, 0) → 0.50, 0.5
    #   bin 4: p 0.6, 0.7 (y 1, 0) → 0.65, 0.5
    #   bin 5: p 0.8, 0.9 (y 1, 1) → 0.85, 1.0
    p = [0.1, 0.9, 0.2, 0.8, 0.3, 0.7, 0.4, 0.6, 0.5, 0.5]
    y = [0, 1, 0, 1, 1, 0, 0, 1, 1, 0]
    t = calibration_table(y, p, n_bins=5)
    assert list(t.index) == [1, 2, 3, 4, 5]
    assert t["n"].tolist() == [2, 2, 2, 2, 2]
    assert t["positives"].tolist() == [0, 1, 1, 1, 2]
    np.testing.assert_allclose(t["mean_predicted"], [0.15, 0.35, 0.5, 0.65, 0.85])
    np.testing.assert_allclose(t["observed_rate"], [0.0, 0.5, 0.5, 0.5, 1.0])
    np.testing.assert_allclose(t["min_predicted"], [0.1, 0.3, 0.5, 0.6, 0.8])


def test_calibration_deciles_of_a_calibrated_model():
    # Outcomes drawn with the predicted probabilities: observed ≈ predicted in every decile.
    rng = np.random.default_rng(1)
    p = rng.uniform(0, 1, 20_000)
    y = rng.uniform(0, 1, 20_000) < p
    t = calibration_table(y, p)
    assert len(t) == 10 and t["n"].sum() == 20_000 and set(t["n"]) == {2000}
    np.testing.assert_allclose(t["observed_rate"], t["mean_predicted"], atol=0.035)
    assert (np.diff(t["mean_predicted"]) > 0).all()


def test_uneven_bins_differ_by_at_most_one():
    t = calibration_table(np.zeros(25, dtype=int), np.linspace(0, 1, 25))
    assert sorted(set(t["n"])) == [2, 3] and t["n"].sum() == 25


def test_pai_by_hand():
    # 30 of 100 crimes in hot spots covering 2 of 100 km²: (30/100)/(2/100) = 15.
    assert pai(30, 100, 2.0, 100.0) == pytest.approx(15.0)
    # Evenly spread attention scores 1: 10 % of crimes in 10 % of the area.
    assert pai(10, 100, 10.0, 100.0) == pytest.approx(1.0)
    with pytest.raises(ValueError):
        pai(5, 100, 0.0, 100.0)


def test_pai_from_cells_by_hand():
    # 2 × 2 grid, counts [[6, 2], [1, 1]], top-left cell selected, equal areas:
    # n/N = 6/10, a/A = 1/4 → PAI = 0.6 / 0.25 = 2.4. With 0.25 km² cells the areas cancel.
    counts = np.array([[6, 2], [1, 1]])
    sel = np.array([[True, False], [False, False]])
    assert pai_from_cells(counts, sel) == pytest.approx(2.4)
    assert pai_from_cells(counts, sel, cell_area=0.25) == pytest.approx(2.4)
    # Unequal areas: the selected cell is 1 of 1 + 1 + 2 + 4 = 8 → (0.6)/(1/8) = 4.8.
    areas = np.array([[1.0, 1.0], [2.0, 4.0]])
    assert pai_from_cells(counts, sel, cell_area=areas) == pytest.approx(4.8)
