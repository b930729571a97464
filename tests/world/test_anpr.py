"""ANPR plants are recoverable by the methods module 06 teaches, and its decoys fail those methods."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from analystlab.methods import anpr

WINDOW_S = 120
SEIZURE_KM = 30.0


@pytest.fixture(scope="module")
def reads(out, read):
    """anpr_reads.csv with the plate normalised to Latin, epoch seconds and the camera's position."""
    r = read(out, "anpr_reads.csv")
    cams = read(out, "anpr_cameras.csv").set_index("camera_id")
    r["plate"] = r["plate_read"].map(anpr.to_latin)
    r["t"] = anpr.epoch_seconds(r["time"])
    r["lat"] = cams.loc[r["camera_id"], "lat"].astype(float).to_numpy()
    r["lon"] = cams.loc[r["camera_id"], "lon"].astype(float).to_numpy()
    r["confidence"] = r["confidence"].astype(float)
    return r


@pytest.fixture(scope="module")
def key(out, read):
    return read(out, "truth/anpr.csv")


@pytest.fixture(scope="module")
def pairs(reads):
    """Per pair of plates: distinct cameras and days on which they were read within ±2 minutes."""
    p = anpr.co_reads(reads, WINDOW_S)
    p["day"] = (p["t_a"] + 5 * 3600) // 86400
    return p.groupby(["plate_a", "plate_b"]).agg(cameras=("camera_id", "nunique"), days=("day", "nunique"))


def _pair(pairs, plates):
    a, b = sorted(plates)
    return pairs.loc[(a, b)] if (a, b) in pairs.index else pd.Series({"cameras": 0, "days": 0})


def test_convoy_is_the_only_pair_at_three_cameras_on_three_days(pairs, key):
    found = pairs[(pairs["cameras"] >= 3) & (pairs["days"] >= 3)]
    convoy = set(key.query("kind == 'convoy'")["plate"])
    assert {a for a, _ in found.index} | {b for _, b in found.index} <= convoy
    assert len(found) == 2  # the scout car with each of the two trucks


def test_each_decoy_passes_one_naive_rule_and_fails_the_combined_one(pairs, key):
    commuters = sorted(key[key["note"].str.startswith("commuter")]["plate"])
    trucks = sorted(key[key["note"].str.startswith("company")]["plate"])
    queue = sorted(key.query("kind == 'queue'")["plate"])
    c, t, q = _pair(pairs, commuters), _pair(pairs, trucks), _pair(pairs, queue)
    assert c["days"] >= 30 and c["cameras"] == 2  # "together on many days": only two cameras
    assert q["days"] >= 3 and q["cameras"] <= 2  # the Tuesday queue: days, but at the gate
    assert t["cameras"] >= 3 and t["days"] <= 2  # the same road now and then
    # strangers too meet at three cameras now and then: "≥ 3 cameras" alone is not a convoy
    strangers = pairs[(pairs["cameras"] >= 3) & (pairs["days"] < 3)]
    assert len(strangers) >= 2


def test_the_gate_puts_strangers_together_far_more_than_the_road(reads):
    share = {}
    for cam, g in reads.groupby("camera_id"):
        t = np.sort(g["t"].to_numpy())
        close = np.zeros(len(t), bool)
        close[1:] |= np.diff(t) <= WINDOW_S
        close[:-1] |= np.diff(t) <= WINDOW_S
        share[cam] = close.mean()
    road = [v for k, v in share.items() if k not in ("KZ-ANPR-13", "KZ-ANPR-01", "KZ-ANPR-10")]
    assert share["KZ-ANPR-13"] > max(0.5, 2 * max(road))


def test_clone_is_the_plate_with_impossible_speeds_on_several_days_at_good_confidence(reads, key):
    s = anpr.consecutive_speeds(reads)
    s["prev_conf"] = s.groupby("plate")["confidence"].shift()
    fast = s[(s["kmh"] > 250) & (s["km"] > 50)]
    sure = fast[(fast["confidence"] >= 0.8) & (fast["prev_conf"] >= 0.8)]
    days = sure.assign(day=(sure["t"] + 5 * 3600) // 86400).groupby("plate")["day"].nunique()
    clone = key.query("kind == 'clone'")["plate"].item()
    assert days[days >= 2].index.tolist() == [clone]
    # the look-alike: an impossible speed too, but from one low-confidence read
    look = key.query("kind == 'lookalike'")["plate"].item()
    odd = fast[fast["plate"] == look]
    assert len(odd) >= 1 and odd["confidence"].min() < 0.7 and look not in days[days >= 2].index


def test_lookalike_read_is_one_digit_from_a_truck_read_next_on_that_road(reads, key):
    from rapidfuzz.distance import Levenshtein

    look = key.query("kind == 'lookalike'")
    plate = look["plate"].item()
    twin = look["note"].item().split("truck ")[1].split(" at ")[0]
    odd = reads[(reads["plate"] == plate) & (reads["confidence"] < 0.7)].iloc[0]
    after = reads[(reads["t"] > odd["t"]) & (reads["t"] < odd["t"] + 12 * 3600)
                  & reads["camera_id"].isin(["KZ-ANPR-06", "KZ-ANPR-07"])]
    near = after[[Levenshtein.distance(p, plate) == 1 for p in after["plate"]]]
    assert twin in set(near["plate"])


def test_misreads_mostly_break_the_format_and_position_repair_restores_them(out, read, reads):
    truth = read(out, "truth/anpr_reads.csv").set_index("read_id")
    r = reads.set_index("read_id")
    ocr = truth.index[truth["misread"] == "ocr"]
    repaired = r.loc[ocr, "plate"].map(anpr.repair)
    assert (repaired == truth.loc[ocr, "true_plate"]).mean() > 0.9
    # homoglyph and Cyrillic reads differ as strings, but not once normalised
    script = truth.index[truth["misread"].isin(["homoglyph", "cyrillic"])]
    assert len(script) > 100
    assert (r.loc[script, "plate_read"] != truth.loc[script, "true_plate"]).all()
    assert (r.loc[script, "plate"] == truth.loc[script, "true_plate"]).all()
    assert (r.loc[ocr, "confidence"].median() < r.loc[truth.index[truth["misread"] == ""], "confidence"].median())


def test_every_plate_has_a_known_format(out, read):
    truth = read(out, "truth/anpr_reads.csv")
    assert truth["true_plate"].map(anpr.plate_country).ne("").all()


def test_slow_clock_shows_as_an_hour_between_directions(reads, key):
    cam = key.query("kind == 'clock'")["plate"].item()
    r = reads[reads["camera_id"].isin(["KZ-ANPR-09", cam])].sort_values(["plate", "t"])
    prev = r.groupby("plate")[["camera_id", "t"]].shift()
    hop = r.assign(prev=prev["camera_id"], h=(r["t"] - prev["t"]) / 3600)
    hop = hop[(hop["h"] > 0) & (hop["h"] < 6) & (hop["prev"] != hop["camera_id"])]
    early = hop["time"] < "2024-05-01"
    south = hop[(hop["prev"] == "KZ-ANPR-09") & early]["h"].median()
    north = hop[(hop["prev"] == cam) & early]["h"].median()
    assert 0.7 < (south - north) / 2 < 1.3
    late_s = hop[(hop["prev"] == "KZ-ANPR-09") & ~early]["h"].median()
    late_n = hop[(hop["prev"] == cam) & ~early]["h"].median()
    assert abs(late_s - late_n) < 0.5


def _near_seizures(reads, out, read):
    s = read(out, "seizures.csv").drop_duplicates("seizure_id")
    s = s[(s["country"] == "KZ") & (s["lat"] != "")]
    cams = reads.drop_duplicates("camera_id")[["camera_id", "lat", "lon"]]
    pairs = s.merge(cams, how="cross", suffixes=("", "_cam"))
    pairs = pairs[anpr.haversine_km(pairs["lat"].astype(float), pairs["lon"].astype(float), pairs["lat_cam"],
                                    pairs["lon_cam"]) <= SEIZURE_KM]
    day = pd.to_datetime(reads["time"].str[:10])
    r = reads.assign(date=day.dt.strftime("%Y-%m-%d"))
    hits = r.merge(pairs[["seizure_id", "date", "camera_id"]], on=["camera_id", "date"])
    n_seizures = hits.groupby("plate")["seizure_id"].nunique()
    n_days = r.groupby("plate")["date"].nunique()
    return n_seizures, n_days


def test_spotter_stands_out_by_rate_not_by_count(reads, out, read, key):
    n_seizures, n_days = _near_seizures(reads, out, read)
    spotter = key.query("kind == 'spotter'")["plate"].item()
    assert n_seizures[spotter] >= 4
    # a daily commuter is near as many or more seizures just by being read every day
    assert n_seizures.max() >= n_seizures[spotter] and n_seizures.idxmax() != spotter
    rate = (n_seizures / n_days).dropna()
    top = rate[n_seizures >= 3].sort_values(ascending=False)
    assert top.index[0] == spotter


def test_crossing_dwell_needs_the_offsets(out, read):
    b = read(out, "border_crossings.csv")
    d = b[(b["role"] == "driver") & (b["vehicle_plate"] != "")].copy()
    d["t"] = anpr.epoch_seconds(d["time"])
    d["naive"] = anpr.epoch_seconds(d["time"].str[:19])
    d = d.sort_values(["vehicle_plate", "t"])
    nxt = d.groupby("vehicle_plate")[["t", "naive", "direction", "crossing"]].shift(-1)
    pair = (d["direction"] == "exit") & (nxt["direction"] == "entry") & (d["crossing"] == "Ak-Zhol")
    minutes = (nxt["t"] - d["t"])[pair] / 60
    naive = (nxt["naive"] - d["naive"])[pair] / 60
    assert (nxt["crossing"][pair] == "Korday").all() and len(minutes) >= 20
    assert minutes.min() > 0 and (naive < 0).any()  # local clock times without offsets go negative
