"""When crimes happen: aoristic weights for incidents known only within a time window, and
hour × weekday tables.

Timestamps are read as local wall-clock time (``pandas.to_datetime``; timezone-aware values are
taken on their own wall clock). Hours of the day are 0–23 (hour ``h`` is ``[h:00, h+1:00)``);
weekdays are Monday = 0 … Sunday = 6, as in pandas.

Reference: Ratcliffe, J. H. (2002), "Aoristic signatures and the spatio-temporal analysis of high
volume crime patterns", *Journal of Quantitative Criminology* 18(1), 23–43.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

WEEKDAYS = ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")

_DAY_MIN = 1440.0
_WEEK_MIN = 7 * _DAY_MIN


def _timestamps(values, what: str) -> pd.DatetimeIndex:
    ts = pd.DatetimeIndex(pd.to_datetime(values))
    if ts.tz is not None:
        ts = ts.tz_localize(None)
    if ts.isna().any():
        raise ValueError(f"{what}: {int(ts.isna().sum())} missing timestamp(s); drop or fill them first")
    return ts


def _minutes_into(ts: pd.DatetimeIndex, period: float) -> np.ndarray:
    """Minutes (with fractions for seconds) since midnight, or since Monday 00:00 for a week period."""
    day = (ts - ts.normalize()).total_seconds().to_numpy() / 60.0
    if period == _DAY_MIN:
        return day
    return ts.day_of_week.to_numpy() * _DAY_MIN + day


def _overlap(a, b, lo, hi):
    return np.clip(np.minimum(b, hi) - np.maximum(a, lo), 0.0, None)


def aoristic_weights(start, end, *, by: str = "hour") -> np.ndarray:
    """Aoristic weights (Ratcliffe 2002): each incident, known only to have happened within
    ``[start, end)``, spreads a total weight of 1 over the time bins its window covers, in
    proportion to the minutes of the window falling in each bin::

        wₕ = (minutes of [start, end) inside bin h) / (end − start in minutes),   Σₕ wₕ = 1

    ``by="hour"`` returns an ``(n, 24)`` array over hours of the day 0–23; ``by="week"`` an
    ``(n, 168)`` array over hours of the week, bin ``24·weekday + hour`` (Monday 00–01 is bin 0).

    Windows crossing midnight (or the week's end) wrap round. A window longer than the period (over
    24 h for ``by="hour"``) gives each bin one hour per full period plus its share of the remainder,
    so a 48-hour window gives every hour exactly 1/24. An incident with ``end == start`` (time known
    exactly) puts its whole weight on the bin containing ``start``. ``end < start`` is an error.
    """
    s = _timestamps(start, "start")
    e = _timestamps(end, "end")
    if len(s) != len(e):
        raise ValueError(f"start and end differ in length: {len(s)} vs {len(e)}")
    if by == "hour":
        period, n_bins = _DAY_MIN, 24
    elif by == "week":
        period, n_bins = _WEEK_MIN, 168
    else:
        raise ValueError(f"by must be 'hour' or 'week', got {by!r}")
    dur = (e - s).total_seconds().to_numpy() / 60.0
    if (dur < 0).any():
        bad = np.flatnonzero(dur < 0)
        # A frequent cause: one of the two converted to local time (or stripped of its zone) and not the other.
        raise ValueError(
            f"end is before start for {bad.size} incident(s), first at position {int(bad[0])}; if start and end "
            "are on different clocks (one converted to local time, the other still UTC), convert both the same way"
        )
    s0 = _minutes_into(s, period)[:, None]
    full = np.floor(dur / period)[:, None]
    rem = dur[:, None] - full * period
    lo = np.arange(n_bins, dtype=float)[None, :] * 60.0
    hi = lo + 60.0
    # The remainder [s0, s0 + rem) may wrap past the period's end into [0, s0 + rem − period).
    first = _overlap(s0, np.minimum(s0 + rem, period), lo, hi)
    wrapped = _overlap(0.0, np.maximum(s0 + rem - period, 0.0), lo, hi)
    minutes = full * 60.0 + first + wrapped
    weights = np.zeros_like(minutes)
    timed = dur > 0
    weights[timed] = minutes[timed] / dur[timed, None]
    exact = np.flatnonzero(~timed)
    weights[exact, (s0[exact, 0] // 60).astype(int)] = 1.0
    return weights


def aoristic_hourly(start, end) -> pd.Series:
    """Aoristic total per hour of the day: the column sums of ``aoristic_weights(start, end)``,
    a Series indexed 0–23 whose values sum to the number of incidents."""
    w = aoristic_weights(start, end, by="hour")
    return pd.Series(w.sum(axis=0), index=pd.RangeIndex(24, name="hour"), name="aoristic_weight")


def aoristic_hour_weekday(start, end) -> pd.DataFrame:
    """Aoristic 7 × 24 table: weekday rows (``WEEKDAYS``, Monday first) × hour columns 0–23, each
    incident's weight 1 spread over the hours of the week its window covers; sums to the number of
    incidents."""
    w = aoristic_weights(start, end, by="week").sum(axis=0).reshape(7, 24)
    return _table(w)


def hour_weekday_table(timestamps) -> pd.DataFrame:
    """Count of events per weekday (rows ``WEEKDAYS``, Monday first) and hour of day (columns
    0–23), a 7 × 24 table of integers for an hour × weekday heatmap. Use for events with a known
    time; for time windows use :func:`aoristic_hour_weekday`."""
    ts = _timestamps(timestamps, "timestamps")
    counts = np.zeros((7, 24), dtype=np.int64)
    np.add.at(counts, (ts.day_of_week.to_numpy(), ts.hour.to_numpy()), 1)
    return _table(counts)


def _table(values: np.ndarray) -> pd.DataFrame:
    return pd.DataFrame(values, index=pd.Index(WEEKDAYS, name="weekday"), columns=pd.RangeIndex(24, name="hour"))
