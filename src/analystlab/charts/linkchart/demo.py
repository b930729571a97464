"""A small fictional trafficking network for examples and tests (not the case world; its people are invented)."""

from __future__ import annotations

import networkx as nx
import numpy as np

# (id, name, role, cell); the broker is the only regular link between the two cells
_PEOPLE = [
    ("P01", "NAZAROV Rustam", "organiser", "core"),
    ("P02", "KARIMOV Dilshod", "broker", "core"),
    ("P03", "SAIDOV Farrukh", "cell leader", "south"),
    ("P04", "RAHIMOV Jamshed", "courier", "south"),
    ("P05", "ODINAEV Sino", "courier", "south"),
    ("P06", "DAVLATOV Umed", "courier", "south"),
    ("P07", "ISMOILOV Behruz", "driver", "south"),
    ("P08", "SHARIPOVA Nigora", "stash keeper", "south"),
    ("P09", "YUSUPOV Alisher", "money mule", "south"),
    ("P10", "ZHAKSYBEKOV Nurlan", "cell leader", "north"),
    ("P11", "OMAROV Yerlan", "courier", "north"),
    ("P12", "BEKOV Arman", "courier", "north"),
    ("P13", "TULEUOV Daniyar", "driver", "north"),
    ("P14", "ABISHEVA Aigerim", "stash keeper", "north"),
    ("P15", "SERIKOV Marat", "money mule", "north"),
    ("P16", "ZHUMABAEV Kairat", "corrupt insider", "north"),
]


def demo_network(seed: int = 4) -> nx.MultiDiGraph:
    """A ~50-entity fictional network: organiser, broker, two cells, their phones, vehicles, places,
    a front company and accounts; calls as parallel records; confirmed, unconfirmed and tentative links."""
    rng = np.random.default_rng(seed)
    g = nx.MultiDiGraph()
    for pid, name, role, cell in _PEOPLE:
        g.add_node(pid, type="person", label=name, role=role, cell=cell)
    phone_of = {}
    for i, (pid, *_rest) in enumerate(_PEOPLE):
        cc = "+992" if i < 9 else "+7"
        number = f"{cc} {rng.integers(700, 999)} {rng.integers(100, 999)} {rng.integers(1000, 9999)}"
        ph = f"T{i + 1:02d}"
        g.add_node(ph, type="phone", label=number)
        g.add_edge(pid, ph, type="uses", status="confirmed")
        phone_of[pid] = ph
    # burner handsets attributed from handset swaps: not yet confirmed
    for ph, owner, number in (("T17", "P02", "+7 747 118 2290"), ("T18", "P10", "+7 776 405 8812")):
        g.add_node(ph, type="phone", label=number)
        g.add_edge(owner, ph, type="uses", status="unconfirmed")
    calls = [("P01", "P02", 14), ("P01", "P03", 6), ("P02", "P03", 21), ("P02", "P10", 18), ("P03", "P04", 9),
             ("P03", "P05", 7), ("P03", "P06", 5), ("P03", "P07", 11), ("P03", "P08", 4), ("P07", "P08", 3),
             ("P03", "P09", 2), ("P10", "P11", 8), ("P10", "P12", 6), ("P10", "P13", 12), ("P10", "P14", 5),
             ("P13", "P14", 3), ("P10", "P15", 2), ("P10", "P16", 4), ("P11", "P12", 2)]
    for a, b, n in calls:
        for _ in range(n):
            g.add_edge(phone_of[a], phone_of[b], type="calls", status="confirmed")
    for _ in range(5):
        g.add_edge("T17", "T18", type="calls", status="unconfirmed")
    g.add_edge("T17", "T01", type="calls", status="tentative", label="1 call, 03:12")
    vehicles = [("V01", "1456 AB 01", "P07", "confirmed"), ("V02", "0987 CD 03", "P04", "confirmed"),
                ("V03", "123 ABK 13", "P13", "confirmed"), ("V04", "778 KZA 17", "P11", "unconfirmed"),
                ("V05", "01 KG 542 AAF", "P02", "tentative")]
    for vid, plate, owner, status in vehicles:
        g.add_node(vid, type="vehicle", label=plate)
        g.add_edge(owner, vid, type="owns", status=status)
    for a, b, status, label in (("P04", "P07", "confirmed", "3 trips"), ("P11", "P13", "confirmed", "2 trips"),
                                ("P05", "P07", "unconfirmed", "ANPR 14 Mar"), ("P13", "P16", "tentative", "")):
        g.add_edge(a, b, type="travelled_with", status=status, label=label, directed=False)
    places = [("L01", "stash flat, Bokhtar", ["P08", "P03"]), ("L02", "warehouse, Shymkent", ["P14", "P10"]),
              ("L03", "Zhibek Zholy crossing", ["P16", "P13", "P07"])]
    for lid, label, people in places:
        g.add_node(lid, type="location", label=label)
        for j, pid in enumerate(people):
            g.add_edge(pid, lid, type="uses" if j == 0 else "travelled_with",
                       status="confirmed" if j == 0 else "unconfirmed")
    g.add_node("O01", type="organisation", label="Silk Cargo LLP")
    g.add_node("O02", type="organisation", label="Customs post 3")
    for pid, org, status in (("P02", "O01", "confirmed"), ("P13", "O01", "unconfirmed"),
                             ("P16", "O02", "confirmed")):
        g.add_edge(pid, org, type="member_of", status=status)
    accounts = [("A01", "KZ86 125K ZT50 0410 0100", "P15"), ("A02", "TJ03 3500 0000 1234 5678", "P09"),
                ("A03", "KZ41 601A 8610 0021 5430", "O01"), ("A04", "KZ12 722S 0000 7734 1190", "P02")]
    for aid, iban, owner in accounts:
        g.add_node(aid, type="account", label=iban)
        g.add_edge(owner, aid, type="owns", status="confirmed")
    for a, b, status, label in (("A02", "A03", "confirmed", "$48,000"), ("A03", "A01", "confirmed", "$22,500"),
                                ("A03", "A04", "unconfirmed", "$9,000"), ("A04", "A02", "tentative", "")):
        g.add_edge(a, b, type="paid", status=status, label=label)
    g.add_edge("A01", "P16", type="paid", status="tentative", label="$1,500")
    return g
