"""Driving: who drives each vehicle, ordinary drives on the Kazakh camera roads, and the ordinary
vehicles planted for the ANPR exercises (a commuter pair, two company trucks, the genuine car of a
cloned plate and the clone itself).

Every drive is a Journey of its driver, so the driver's phone is on the masts along the road when
the cameras read the plate. Randomness: the "driving" component (stream 0 drivers, 1 drives, 2 plants).
"""

from __future__ import annotations

import networkx as nx
import numpy as np
import pandas as pd

from .consignments import Stop
from .core import COMPONENTS, EPOCH0, PERIOD_DAYS
from .movement import Journey, road_graph, timed

CAMERA_TOWNS = ("Shymkent", "Turkestan", "Kyzylorda", "Aktobe", "Taraz")
LOCAL_RUNS = {"Almaty": ("Almaty–Korday road, km 36", "Almaty–Korday road, km 80")}
N_DRIVES = 1500
CLONE_DAYS = (12, 33, 54, 75)


def _rng(seed: int, stream: int) -> np.random.Generator:
    return np.random.default_rng([seed, COMPONENTS["driving"], stream])


def vehicle_drivers(seed: int, persons: pd.DataFrame, vehicles: pd.DataFrame, org_vehicles: dict[str, str],
                    members: set[int]) -> dict[str, int]:
    """vehicle_id -> the person who drives it. The organisation's vehicles: their keeper. Others: the
    private keeper when he lives in the town the vehicle is registered in, else someone living there
    (a relative, a company driver); the planted company trucks run out of Shymkent."""
    rng = _rng(seed, 0)
    homes = persons["home_city"].to_numpy()
    by_city = {c: [int(i) for i in np.flatnonzero(homes == c) if int(i) not in members] for c in sorted(set(homes))}
    org = set(org_vehicles.values())
    trucks = set(planted_vehicles(vehicles, org_vehicles)["trucks"])
    out = {}
    for vid, owner, city in zip(vehicles["vehicle_id"], vehicles["owner"], vehicles["region_city"], strict=True):
        city = "Shymkent" if vid in trucks else city
        pool = by_city.get(city, [])
        if vid in org or (owner >= 0 and homes[owner] == city and owner not in members):
            out[vid] = int(owner)
        else:
            out[vid] = pool[int(rng.integers(0, len(pool)))] if pool else -1
    return out


def planted_vehicles(vehicles: pd.DataFrame, org_vehicles: dict[str, str]) -> dict[str, list[str]]:
    """Ordinary vehicles given a part in the ANPR exercises: the commuter pair, the company trucks,
    the genuine car whose plate is cloned."""
    v = vehicles[~vehicles["vehicle_id"].isin(sorted(org_vehicles.values()))]
    kz_cars = v[(v["country"] == "KZ") & (v["vehicle_type"] == "car")]
    return {"commuters": list(kz_cars[kz_cars["region_city"] == "Shymkent"]["vehicle_id"].to_numpy()[:2]),
            "trucks": list(v[(v["country"] == "KZ") & (v["vehicle_type"] == "truck")]["vehicle_id"].to_numpy()[-2:]),
            "genuine": [str(kz_cars[kz_cars["region_city"] == "Almaty"]["vehicle_id"].to_numpy()[0])]}


def _busy(journeys: list[Journey]) -> dict:
    spans: dict = {}
    for j in journeys:
        span = (j.stops[0].arrive - 6 * 3600, j.stops[-1].depart + 6 * 3600)
        for key in [*j.persons, j.vehicle_id] if j.vehicle_id else j.persons:
            spans.setdefault(key, []).append(span)
    return spans


def _free(busy: dict, key, span) -> bool:
    return all(span[1] < s or span[0] > e for s, e in busy.get(key, []))


def _day(d: int, hours: float) -> int:
    return EPOCH0 + d * 86400 + int(hours * 3600)  # EPOCH0 is local midnight at UTC+5, the camera roads' zone


def planted_journeys(seed: int, vehicles: pd.DataFrame, org_vehicles: dict[str, str], drivers: dict[str, int],
                     org_journeys: list[Journey]) -> list[Journey]:
    """The drives behind the planted ANPR patterns, each tagged with its kind in tags['anpr']."""
    rng = _rng(seed, 2)
    plant = planted_vehicles(vehicles, org_vehicles)
    out: list[Journey] = []

    def add(vid, stops, purpose, kind):
        out.append(Journey(f"D{len(out) + 1:04d}", [drivers[vid]], vid, "road", stops, purpose, tags={"anpr": kind}))

    for d in range(PERIOD_DAYS):  # commuters: to work in Turkestan together every working day
        if d % 7 in (5, 6):
            continue
        t, back = _day(d, rng.uniform(7.4, 8.0)), _day(d, rng.uniform(17.5, 18.0))
        for n, vid in enumerate(plant["commuters"]):
            go, ret = t + 40 * n, back + 40 * n
            add(vid, [Stop("Shymkent", go, go), Stop("Turkestan", go + 7200, go + 7200)], "commute", "decoy")
            add(vid, [Stop("Turkestan", ret, ret), Stop("Shymkent", ret + 7200, ret + 7200)], "commute", "decoy")
    for d in range(3, PERIOD_DAYS - 3, 9):  # company trucks: the same run, five to nine minutes apart
        t = _day(d, rng.uniform(5, 9))
        gap = int(rng.uniform(300, 540))
        for n, vid in enumerate(plant["trucks"]):
            s = t + gap * n
            add(vid, [Stop("Shymkent", s, s), Stop("Turkestan", s + 3 * 3600, s + 3 * 3600),
                      Stop("Kyzylorda", s + 6 * 3600, s + 6 * 3600)], "delivery", "decoy")
            add(vid, timed(["Kyzylorda", "Turkestan", "Shymkent"], _day(d + 1, rng.uniform(6, 12)), 70, rng),
                "delivery", "decoy")
    genuine = plant["genuine"][0]
    for d in range(PERIOD_DAYS):  # the genuine car of the cloned plate: an Almaty commuter
        if d % 7 in (5, 6):
            continue
        point = LOCAL_RUNS["Almaty"][0]
        add(genuine, timed(["Almaty", point], _day(d, rng.uniform(7.8, 8.2)), 60, rng), "commute", "clone-genuine")
        add(genuine, timed([point, "Almaty"], _day(d, rng.uniform(17.5, 18.5)), 60, rng), "commute", "clone-genuine")
    clone = org_vehicles["north_car"]
    busy = _busy(org_journeys)
    for d in CLONE_DAYS:  # the clone: the northern courier's car on the M32, the day after it went west
        there = timed(["Shymkent", "Turkestan", "Kyzylorda"], _day(d - 1, rng.uniform(12, 14)), 80, rng)
        back = timed(["Kyzylorda", "Turkestan", "Shymkent"], _day(d, rng.uniform(8.9, 9.4)), 80, rng)
        if _free(busy, drivers[clone], (there[0].arrive - 6 * 3600, back[-1].depart + 6 * 3600)):
            add(clone, there, "errand", "clone")
            add(clone, back, "errand", "clone")
    return out


def domestic_drives(seed: int, vehicles: pd.DataFrame, drivers: dict[str, int], exclude_people: set[int],
                    exclude_vehicles: set[str], taken: list[Journey]) -> list[Journey]:
    """Ordinary drives between the towns on the camera roads (and out of Almaty along the A-2): day
    trips and short stays, one at a time per driver and per vehicle."""
    rng = _rng(seed, 1)
    g = road_graph()
    towns = set(CAMERA_TOWNS) | set(LOCAL_RUNS)
    v = vehicles[vehicles["region_city"].isin(sorted(towns)) & vehicles["vehicle_type"].isin(["car", "van", "truck"])
                 & ~vehicles["vehicle_id"].isin(sorted(exclude_vehicles))]
    pool = [(vid, city) for vid, city in zip(v["vehicle_id"], v["region_city"], strict=True)
            if drivers[vid] >= 0 and drivers[vid] not in exclude_people]
    dist = {t: nx.single_source_dijkstra_path_length(g, t, weight="km") for t in CAMERA_TOWNS}
    busy = _busy(taken)
    out: list[Journey] = []
    for _ in range(N_DRIVES):
        vid, city = pool[int(rng.integers(0, len(pool)))]
        if city in LOCAL_RUNS:
            path = [city, LOCAL_RUNS[city][int(rng.integers(0, len(LOCAL_RUNS[city])))]]
        else:
            options = [t for t in CAMERA_TOWNS if t != city and dist[city][t] < 1100]
            path = nx.shortest_path(g, city, options[int(rng.integers(0, len(options)))], weight="km")
        kmh = 70 if vehicles.loc[vehicles["vehicle_id"] == vid, "vehicle_type"].item() == "truck" else 85
        go = timed(path, _day(int(rng.integers(0, PERIOD_DAYS - 4)), rng.uniform(6, 15)), kmh, rng)
        stay = rng.uniform(1.5, 5) * 3600 if rng.random() < 0.6 else rng.integers(1, 4) * 86400
        back = timed(path[::-1], go[-1].arrive + int(stay), kmh, rng)
        span = (go[0].arrive - 6 * 3600, back[-1].depart + 6 * 3600)
        who = drivers[vid]
        if back[-1].arrive > EPOCH0 + PERIOD_DAYS * 86400 or not (_free(busy, who, span) and _free(busy, vid, span)):
            continue
        for key in (who, vid):
            busy.setdefault(key, []).append(span)
        for stops, purpose in ((go, "drive out"), (back, "drive back")):
            out.append(Journey(f"K{len(out) + 1:04d}", [who], vid, "road", stops, purpose))
    return out
