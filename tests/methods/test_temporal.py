"""Aoristic weights and hour × weekday tables on hand-checked incidents (1 January 2024 is a Monday)."""

import numpy as np
import pandas as pd
import pytest

from analystlab.methods.temporal import (
    WEEKDAYS,
    aoristic_hour_weekday,
    aoristic_hourly,
    aoristic_weights,
    hour_weekday_table,
)


def _hours(weights_row):
    """Non-zero hours of one incident's weights as {hour: weight}."""
    return {int(h): float(weights_row[h]) for h in np.flatnonzero(weights_row)}


def test_window_within_the_day():
    # 10:00-12:00: 60 minutes in hour 10 and 60 in hour 11 out of 120 → 1/2 each.
    w = aoristic_weights(["2024-01-01 10:00"], ["2024-01-01 12:00"])
    assert _hours(w[0]) == pytest.approx({10: 0.5, 11: 0.5})


def test_partial_hours_weighted_by_minutes():
    # 09:45-11:15: 15 min in hour 9, 60 in 10, 15 in 11, of 90 → 1/6, 2/3, 1/6.
    w = aoristic_weights(["2024-01-01 09:45"], ["2024-01-01 11:15"])
    assert _hours(w[0]) == pytest.approx({9: 1 / 6, 10: 2 / 3, 11: 1 / 6})


def test_window_crossing_midnight():
    # 23:30-01:00: 30 min in hour 23, 60 in hour 0, of 90 → 1/3 and 2/3.
    w = aoristic_weights(["2024-01-01 23:30"], ["2024-01-02 01:00"])
    assert _hours(w[0]) == pytest.approx({23: 1 / 3, 0: 2 / 3})


def test_window_longer_than_a_day():
    # 06:00 Monday to 12:00 Tuesday = 30 h = 1800 min: one full day gives every hour 60 min, and the
    # remaining 06:00-12:00 gives hours 6-11 another 60. Hours 6-11: 120/1800 = 1/15; others 60/1800 = 1/30.
    w = aoristic_weights(["2024-01-01 06:00"], ["2024-01-02 12:00"])[0]
    expected = np.full(24, 1 / 30)
    expected[6:12] = 1 / 15
    np.testing.assert_allclose(w, expected)


def test_window_of_exactly_two_days_is_uniform():
    w = aoristic_weights(["2024-01-01 10:20"], ["2024-01-03 10:20"])[0]
    np.testing.assert_allclose(w, np.full(24, 1 / 24))


def test_exact_time_puts_all_weight_in_its_hour():
    w = aoristic_weights(["2024-01-01 13:59:59"], ["2024-01-01 13:59:59"])[0]
    assert _hours(w) == {13: 1.0}


def test_hourly_totals_for_four_incidents():
    # Incidents: 10:00-12:00 (½ to 10, 11), 10:15-10:45 (1 to 10), 22:00-02:00 (¼ to 22, 23, 0, 1),
    # 11:00 exactly (1 to 11). Totals: hour 10 = 1.5, 11 = 1.5, 22 = 23 = 0 = 1 = 0.25; sum 4.
    start = ["2024-01-01 10:00", "2024-01-02 10:15", "2024-01-03 22:00", "2024-01-04 11:00"]
    end = ["2024-01-01 12:00", "2024-01-02 10:45", "2024-01-04 02:00", "2024-01-04 11:00"]
    totals = aoristic_hourly(start, end)
    assert list(totals.index) == list(range(24))
    expected = np.zeros(24)
    expected[[10, 11]] = 1.5
    expected[[22, 23, 0, 1]] = 0.25
    np.testing.assert_allclose(totals.to_numpy(), expected)
    assert totals.sum() == pytest.approx(4.0)


def test_week_bins_wrap_from_sunday_to_monday():
    # Sunday 7 January 23:00 to Monday 8 January 01:00: ½ in Sun 23 (bin 6·24 + 23 = 167), ½ in Mon 0 (bin 0).
    w = aoristic_weights(["2024-01-07 23:00"], ["2024-01-08 01:00"], by="week")
    assert w.shape == (1, 168)
    assert _hours(w[0]) == pytest.approx({167: 0.5, 0: 0.5})
    table = aoristic_hour_weekday(["2024-01-07 23:00"], ["2024-01-08 01:00"])
    assert table.loc["Sun", 23] == pytest.approx(0.5)
    assert table.loc["Mon", 0] == pytest.approx(0.5)
    assert table.to_numpy().sum() == pytest.approx(1.0)


def test_weights_sum_to_one_for_random_windows():
    rng = np.random.default_rng(2)
    start = pd.Timestamp("2024-03-01") + pd.to_timedelta(rng.uniform(0, 60 * 24 * 60, 500), unit="min")
    end = start + pd.to_timedelta(rng.exponential(600, 500), unit="min")
    for by in ("hour", "week"):
        w = aoristic_weights(start, end, by=by)
        assert (w >= 0).all()
        np.testing.assert_allclose(w.sum(axis=1), 1.0, atol=1e-12)
    # The weekday table, summed over weekdays, is the hourly profile.
    np.testing.assert_allclose(aoristic_hour_weekday(start, end).sum(axis=0).to_numpy(),
                               aoristic_hourly(start, end).to_numpy(), atol=1e-9)


def test_end_before_start_is_an_error():
    with pytest.raises(ValueError, match="before start"):
        aoristic_weights(["2024-01-01 12:00"], ["2024-01-01 11:00"])
    with pytest.raises(ValueError, match="missing"):
        aoristic_weights([None], ["2024-01-01 11:00"])


def test_hour_weekday_table_counts():
    # Mon 09:10 and 09:50 → (Mon, 9) = 2; Tue 23:59 → (Tue, 23) = 1; Sun 00:00 → (Sun, 0) = 1.
    ts = ["2024-01-01 09:10", "2024-01-01 09:50", "2024-01-02 23:59", "2024-01-07 00:00"]
    t = hour_weekday_table(ts)
    assert t.shape == (7, 24)
    assert list(t.index) == list(WEEKDAYS)
    assert (t.loc["Mon", 9], t.loc["Tue", 23], t.loc["Sun", 0]) == (2, 1, 1)
    assert int(t.to_numpy().sum()) == 4
