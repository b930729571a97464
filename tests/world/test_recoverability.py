"""The planted facts can be found with the methods the syllabus teaches."""

from __future__ import annotations

import networkx as nx


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
