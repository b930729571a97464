"""The planted facts can be found with the methods the syllabus teaches."""

from __future__ import annotations

import networkx as nx
import pandas as pd

WINDOW_S = 120


def test_broker_in_top3_betweenness_of_members_call_graph(out, read):
    calls, phones = read(out, "calls.csv"), read(out, "truth/phones.csv")
    members = read(out, "truth/organisation.csv")
    user = dict(zip(phones["msisdn"], phones["person_id"], strict=False))
    ids = set(members["person_id"])
    a, b = calls["a_number"].map(user), calls["b_number"].map(user)
    inside = a.isin(ids) & b.isin(ids) & (a != b)
    g = nx.Graph()
    g.add_edges_from(zip(a[inside], b[inside], strict=True))
    top3 = [p for p, _ in sorted(nx.betweenness_centrality(g).items(), key=lambda kv: (-kv[1], kv[0]))[:3]]
    broker = members.query("role == 'broker'")["person_id"].item()
    assert broker in top3


def _pairs_within_window(reads: pd.DataFrame) -> pd.Series:
    """Distinct cameras at which each pair of plates passed within ±2 minutes of each other."""
    r = reads[["camera_id", "plate_read"]].copy()
    r["t"] = (pd.to_datetime(reads["time"], utc=True) - pd.Timestamp(0, tz="UTC")) // pd.Timedelta(seconds=1)
    r["bucket"] = r["t"] // WINDOW_S
    shifted = r.assign(bucket=r["bucket"] + 1)
    both = pd.concat([r.merge(r, on=["camera_id", "bucket"]), r.merge(shifted, on=["camera_id", "bucket"])])
    both = both[(both["plate_read_x"] < both["plate_read_y"]) & ((both["t_x"] - both["t_y"]).abs() <= WINDOW_S)]
    return both.groupby(["plate_read_x", "plate_read_y"])["camera_id"].nunique()


def test_convoy_found_and_decoys_not(out, read):
    reads, key = read(out, "anpr_reads.csv"), read(out, "truth/anpr.csv")
    cams = _pairs_within_window(reads)
    found = {frozenset(p) for p, n in cams.items() if n >= 3}
    convoy = set(key.query("kind == 'convoy'")["plate"])
    decoys = set(key.query("kind == 'decoy'")["plate"])
    assert any(len(p & convoy) == 2 for p in found)
    assert not any(p & decoys for p in found)
    commuters = sorted(key.query("kind == 'decoy'")["plate"])[:2]
    assert cams.get(tuple(sorted(commuters)), 0) in (0, 1, 2)


def test_truth_is_complete(out, read):
    members = read(out, "truth/organisation.csv")
    assert len(members) >= 20
    assert {"organiser", "broker", "cell leader", "courier", "stash keeper", "money mule",
            "corrupt insider"} <= set(members["role"])
    assert (members["role"] == "cell leader").sum() == 2
    seized = read(out, "truth/seizures_organisation.csv")
    register = read(out, "seizures.csv")
    assert set(seized["seizure_id"]) <= set(register["seizure_id"]) and len(seized) == 4
    insider = read(out, "truth/insider.csv")
    border = read(out, "border_crossings.csv")
    cleared = border[border["officer_id"] == insider["officer_id"].item()]
    assert len(cleared) > 0 and set(cleared["crossing"]) == {"Zhibek Zholy"}
