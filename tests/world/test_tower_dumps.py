"""Tower dumps, the second call-record return and the service directory: plausible, consistent with
calls.csv, and the planted facts of module 03 are found by the methods the lesson teaches."""

from __future__ import annotations

import numpy as np
import pandas as pd
from scipy.spatial import cKDTree


def _calls(out, read):
    both = pd.concat([read(out, "calls.csv"), read(out, "calls_supplement.csv")], ignore_index=True)
    both["t"] = pd.to_datetime(both["start"], format="ISO8601", utc=True)
    return both


def test_supplement_has_calls_columns_and_own_ids(out, read):
    first, second = read(out, "calls.csv"), read(out, "calls_supplement.csv")
    assert list(second.columns) == list(first.columns)
    assert second["call_id"].str.startswith("CDS").all() and second["call_id"].is_unique
    assert set(second["a_number"]) <= set(read(out, "truth/phones.csv")["msisdn"])
    services = set(read(out, "service_numbers.csv")["number"])
    planted = set(read(out, "truth/calls_supplement.csv").query("plant == 'reaction'")["call_id"])
    ordinary = second[~second["call_id"].isin(planted)]
    assert ordinary["b_number"].isin(services).all()


def test_dump_originating_records_match_the_returns(out, read):
    dumps, calls = read(out, "tower_dumps.csv"), _calls(out, read).set_index("call_id")
    orig = dumps[dumps["direction"] == "originating"]
    known = orig[orig["call_id"] != ""]
    assert len(known) > 0 and len(orig) > len(known)  # the crowd has no call_id
    rec = calls.loc[known["call_id"]]
    assert (rec["a_number"].to_numpy() == known["number"].to_numpy()).all()
    on_cell = (rec["first_cell"].to_numpy() == known["cell_id"].to_numpy()) | (
        rec["last_cell"].to_numpy() == known["cell_id"].to_numpy())
    assert on_cell.all()
    assert dumps.groupby("scene_id")["number"].nunique().between(50, 1000).all()


def test_tower_dump_intersection_finds_an_organisation_phone(out, read):
    dumps = read(out, "tower_dumps.csv")
    sets = [set(g["number"]) for _, g in dumps.groupby("scene_id")]
    assert len(sets) == 3
    found = set.intersection(*sets)
    truth = read(out, "truth/tower_dumps.csv")
    assert found == set(truth["number"])
    assert (truth["purpose"] == "operational").any() and (truth["role"] != "").all()


def test_colocation_of_personal_and_operational_phones(out, read):
    """Each operator has its own masts, so co-location compares mast positions: masts within 1.5 km
    count as one place (a shared site, or another network's mast next to it)."""
    calls, cells, phones = _calls(out, read), read(out, "cell_sites.csv"), read(out, "truth/phones.csv")
    sites = cells.drop_duplicates("site_id")
    lat, lon = sites["lat"].astype(float).to_numpy(), sites["lon"].astype(float).to_numpy()
    xy = np.column_stack([lat * 111.2, lon * 111.2 * np.cos(np.radians(lat))])
    place = dict(zip(sites["site_id"], cKDTree(xy).query(xy)[1], strict=True))  # masts by position
    near = {s: set(np.flatnonzero(np.hypot(*(xy - xy[i]).T) <= 1.5)) for s, i in place.items()}
    calls["site"] = calls["first_cell"].map(cells.set_index("cell_id")["site_id"])
    members = set(read(out, "truth/organisation.csv")["person_id"])
    mine = phones[phones["person_id"].isin(members)]
    personal = set(mine.loc[mine["purpose"] == "personal", "msisdn"])
    user = dict(zip(mine["msisdn"], mine["person_id"], strict=False))
    calls["bucket"] = (calls["t"] - pd.Timestamp(0, tz="UTC")) // pd.Timedelta(minutes=5)
    a = calls[calls["a_number"].isin(personal)]
    pairs = pd.concat([a.assign(bucket=a["bucket"] + k).merge(calls, on="bucket", suffixes=("_p", "_o"))
                       for k in (-1, 0, 1)], ignore_index=True)
    pairs = pairs[(pairs["a_number_p"] != pairs["a_number_o"]) & ((pairs["t_p"] - pairs["t_o"]).abs()
                                                                  <= pd.Timedelta(minutes=5))]
    pairs = pairs[[place[o] in near[p] for p, o in zip(pairs["site_p"], pairs["site_o"], strict=True)]]
    pairs["day"] = pairs["t_p"].dt.date
    days = pairs.groupby(["a_number_p", "a_number_o"])["day"].nunique()
    own = [(p, o) for (p, o), n in days.items() if n >= 3 and user.get(p) == user.get(o)]
    assert len({user[p] for p, _ in own}) >= 11  # most members' two phones are found together


def test_swaps_found_and_duplicated_imei_is_not_a_swap(out, read):
    calls = _calls(out, read)
    spans = calls.groupby(["imei", "imsi"])["t"].agg(["min", "max"]).reset_index().sort_values(["imei", "min"])
    sim_swaps, overlaps = set(), set()
    for imei, g in spans.groupby("imei"):
        if len(g) > 1:
            (sim_swaps if g["max"].iloc[0] < g["min"].iloc[1] else overlaps).add(imei)
    assert len(sim_swaps) == 4  # the four southern SIM swaps of day 46
    phones = read(out, "truth/phones.csv")
    op = phones[phones["purpose"] == "operational"]
    assert sim_swaps <= set(op.loc[op["imei"].duplicated(keep=False), "imei"])
    assert not overlaps & set(op["imei"])


def test_reaction_calls_follow_each_seizure_within_minutes(out, read):
    calls = _calls(out, read)
    key = read(out, "truth/calls_supplement.csv")
    reaction = key[key["plant"] == "reaction"]
    assert set(reaction["consignment_id"]) == {"C05", "C08", "C12", "C15"}
    stops = read(out, "truth/consignment_stops.csv")
    phones = read(out, "truth/phones.csv")
    watch = set(phones.loc[phones["purpose"] == "operational", "msisdn"])
    for cid, g in reaction.groupby("consignment_id"):
        seized = pd.to_datetime(stops[stops["consignment_id"] == cid]["arrive"].iloc[-1], utc=True)
        after = calls[calls["a_number"].isin(watch) & (calls["t"] > seized)].sort_values(["t", "call_id"])
        assert after["call_id"].iloc[0] == sorted(g["call_id"])[0]
        assert after["t"].iloc[0] - seized < pd.Timedelta(minutes=15)
