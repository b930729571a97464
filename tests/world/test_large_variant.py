"""The large call-record variant (`analystlab data build --scale large`), built here at a reduced size:
it keeps calls.csv's columns, embeds every small-world record unchanged, and its background behaves like
the small world's people (phones that move, a night cell that can differ from the most-used one,
calls among the same contacts), so module 03's methods give the same picture at scale."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from analystlab.world.large import write_large

ROWS = 400_000  # the small world holds about 265,000 records
KEY = ["a_number", "b_number", "start", "duration_s", "call_type", "imei", "imsi", "first_cell", "last_cell",
       "b_cell"]


@pytest.fixture(scope="module")
def small(out):
    frame = pd.concat([pd.read_csv(out / name, dtype=str, keep_default_na=False)
                       for name in ("calls.csv", "calls_supplement.csv")], ignore_index=True)
    frame["start"] = pd.to_datetime(frame["start"], format="ISO8601", utc=True)
    frame["duration_s"] = frame["duration_s"].astype(np.int64)
    return frame


@pytest.fixture(scope="module")
def large(world, out):
    return pd.read_parquet(write_large(world.seed, out / "large", rows=ROWS, world=world))


def _own_cells(frame: pd.DataFrame) -> pd.DataFrame:
    """A line's own serving cell: first_cell on what it makes, b_cell on what it receives."""
    made = frame[["a_number", "first_cell", "start"]].set_axis(["line", "cell", "start"], axis=1)
    received = frame[["b_number", "b_cell", "start"]].set_axis(["line", "cell", "start"], axis=1)
    return pd.concat([made, received])[lambda d: d["cell"] != ""]


def _cells_per_active_line(frame: pd.DataFrame) -> pd.Series:
    own = _own_cells(frame)
    active = own.groupby("line").size() >= 20
    return own.groupby("line")["cell"].nunique()[active[active].index]


def test_columns_and_size(large, small):
    assert list(large.columns) == ["call_id", *KEY]
    assert len(large) >= ROWS
    assert large["call_id"].is_unique
    assert str(large["start"].dt.tz) == "UTC"
    start, end = pd.Timestamp("2024-03-31T18:00Z"), pd.Timestamp("2024-07-01T02:00Z")
    assert large["start"].between(start, end).all(), "records outside the world period (local days, UTC+3..+6)"


def test_every_small_record_is_embedded_unchanged(large, small):
    embedded = small.merge(large, on=KEY, how="left", indicator=True, suffixes=("", "_large"))
    assert (embedded["_merge"] == "both").all(), f"{(embedded['_merge'] != 'both').sum()} small records missing"


def test_background_phones_move_like_the_small_worlds(large, small):
    small_cells, large_cells = _cells_per_active_line(small), _cells_per_active_line(large)
    assert large_cells.median() >= 5, "phones in the large variant hardly move"
    assert abs(large_cells.median() - small_cells.median()) <= 3
    assert abs(large_cells.quantile(0.9) - small_cells.quantile(0.9)) <= 5


def test_night_cell_differs_from_the_most_used_for_many(large):
    own = _own_cells(large)
    hour = own["start"].dt.tz_convert("Asia/Dushanbe").dt.hour
    most_used = own.groupby("line")["cell"].agg(lambda cells: cells.value_counts().index[0])
    night = own[(hour >= 22) | (hour < 6)].groupby("line")["cell"].agg(lambda cells: cells.value_counts().index[0])
    both = pd.concat([most_used, night], axis=1, keys=["most_used", "night"]).dropna()
    share = (both["most_used"] != both["night"]).mean()
    assert 0.15 <= share <= 0.8, f"night cell differs from the most-used for {share:.0%} of lines"


def test_background_calls_stay_among_contacts_on_the_own_network(large, small):
    known = set(zip(small["a_number"], small["b_number"], strict=True))
    known |= {(b, a) for a, b in known}
    share_known = np.mean([pair in known for pair in zip(large["a_number"], large["b_number"], strict=True)])
    assert share_known >= 0.8, f"only {share_known:.0%} of calls are between contacts of the small world"
    assert (large["a_number"] != large["b_number"]).all()

    def home_network(frame):
        return (frame["first_cell"].str.replace("-", "").str[:5] == frame["imsi"].str[:5]).mean()

    assert abs(home_network(large) - home_network(small)) < 0.02, "roaming share differs from the small world"
