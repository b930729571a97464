"""Movement: every journey in the world (the organisation's runs and background trips), and where a
person or vehicle is at any instant.

A journey is a list of timed stops; between stops the traveller moves in a straight line at road
speed, at a stop they wait. Outside journeys people are at home and vehicles in their home city.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import networkx as nx
import numpy as np
import pandas as pd

from .consignments import ROAD_FACTOR, Consignment, Stop
from .core import EPOCH0, PERIOD_DAYS, component_rng
from .organisation import Member, by_role
from .reference import CITY, CROSSING, ROADS, country_of, haversine_km, point

N_BACKGROUND_TRIPS = 900
RELEASE_HOURS = (36, 72)  # detained drivers are released without charge and go home


@dataclass
class Journey:
    """People and (optionally) a vehicle moving through timed stops by one mode."""

    journey_id: str
    persons: list[int]
    vehicle_id: str
    mode: str  # road | rail
    stops: list[Stop]
    purpose: str
    consignment_id: str = ""
    tags: dict = field(default_factory=dict)


def road_graph() -> nx.Graph:
    """The road network: waypoints joined by the corridors in reference.ROADS, weighted in km."""
    g = nx.Graph()
    for road in ROADS:
        for a, b in zip(road, road[1:], strict=False):
            g.add_edge(a, b, km=float(haversine_km(*point(a), *point(b))) * ROAD_FACTOR)
    return g


def timed(places: list[str], t0: int, kmh: float, rng, backwards: bool = False) -> list[Stop]:
    """Stops along places leaving at t0 (or arriving at t0 when backwards)."""
    legs = [float(haversine_km(*point(a), *point(b))) * ROAD_FACTOR / kmh * 3600 * rng.uniform(1.0, 1.1)
            for a, b in zip(places, places[1:], strict=False)]
    dwell = [rng.uniform(0.5, 2.0) * 3600 if p in CROSSING else rng.uniform(0.1, 0.4) * 3600 for p in places]
    dwell[0] = dwell[-1] = 0
    total = sum(legs) + sum(dwell)
    t = t0 - total if backwards else t0
    stops = []
    for i, p in enumerate(places):
        if i:
            t += legs[i - 1]
        stops.append(Stop(p, int(t), int(t + dwell[i])))
        t += dwell[i]
    return stops


def _path(g, a, b) -> list[str]:
    return nx.shortest_path(g, a, b, weight="km")


def organisation_journeys(seed: int, consignments: list[Consignment], members: tuple[Member, ...],
                          org_vehicles: dict[str, str]) -> list[Journey]:
    """The consignment runs, with the drivers' trips out from home and back, and the convoy's scout car."""
    rng = component_rng(seed, "movement")
    g = road_graph()
    drivers = {"south_car": by_role(members, "courier", "south")[0],
               "south_truck": by_role(members, "driver", "south")[0],
               "north_truck": by_role(members, "driver", "north")[0]}
    riders = {"south_car": by_role(members, "courier", "south")[1:],
              "north_truck": by_role(members, "courier", "north")}
    scout = by_role(members, "scout", "north")[0]
    out: list[Journey] = []

    def add(persons, vehicle_key, stops, purpose, cid, **tags):
        out.append(Journey(f"J{len(out) + 1:04d}", persons, org_vehicles[vehicle_key], "road", stops, purpose,
                           cid, tags))

    for n, c in enumerate(consignments):
        for key, stops in c.stages:
            base = key.removesuffix("_2")
            driver = drivers[base]
            crew = [driver.person]
            if base in riders:
                crew.append(riders[base][n % len(riders[base])].person)
            # the load may wait in a stash, the vehicle does not: its stage ends on arrival
            stops = [*stops[:-1], Stop(stops[-1].place, stops[-1].arrive, stops[-1].arrive + 1800)]
            first, last = stops[0], stops[-1]
            if driver.home != first.place:
                add(crew, key, timed(_path(g, driver.home, first.place), first.arrive - 1800, 70, rng, True),
                    "positioning", c.consignment_id)
            add(crew, key, stops, "consignment", c.consignment_id, stage=key)
            if base == "north_truck":
                lead = [Stop(s.place, s.arrive - int(rng.uniform(40, 100)), s.depart - int(rng.uniform(40, 100)))
                        for s in stops]
                add([scout.person], "scout_car", lead, "convoy escort", c.consignment_id, stage="scout_car")
                if last.place != scout.home:
                    add([scout.person], "scout_car", timed(_path(g, last.place, scout.home),
                                                           lead[-1].depart + 3 * 3600, 85, rng),
                        "return", c.consignment_id)
            release = last.depart
            if c.seized and c.stages[-1][0] == key:
                release = c.seized_utc + int(rng.uniform(*RELEASE_HOURS) * 3600)
                crew_home = driver.home
                add(crew, key, [Stop(last.place, last.arrive, release)], "detained", c.consignment_id)
                # the impounded vehicle stays; the released crew travel home by taxi (no plate recorded)
                out[-1].tags["impounded"] = True
                out.append(Journey(f"J{len(out) + 1:04d}", crew, "", "road",
                                   timed(_path(g, last.place, crew_home), release + 3600, 70, rng),
                                   "return", c.consignment_id))
            elif driver.home != last.place:
                add(crew, key, timed(_path(g, last.place, driver.home), release + 2 * 3600, 75, rng),
                    "return", c.consignment_id)
    return [j for j in out if j.stops]


def background_journeys(seed: int, persons: pd.DataFrame, vehicles: pd.DataFrame,
                        exclude: set[int]) -> list[Journey]:
    """Ordinary cross-border trips: traders, drivers, families visiting, by car, truck or bus."""
    rng = component_rng(seed, "border")
    g = road_graph()
    homes = persons["home_city"].to_numpy()
    travellers = [i for i in range(len(persons)) if homes[i] in g and i not in exclude]
    own = {}
    for vid, owner, kind in zip(vehicles["vehicle_id"], vehicles["owner"], vehicles["vehicle_type"], strict=True):
        if owner >= 0 and kind in ("car", "truck", "van") and owner not in own:
            own[int(owner)] = vid
    cities = sorted(n for n in g.nodes if n in CITY)
    by_home: dict[str, list[int]] = {}
    for i in travellers:
        by_home.setdefault(homes[i], []).append(i)
    out, busy = [], {}
    for _ in range(N_BACKGROUND_TRIPS):
        p = travellers[int(rng.integers(0, len(travellers)))]
        home = homes[p]
        options = [c for c in cities if country_of(c) != country_of(home)
                   and nx.shortest_path_length(g, home, c, weight="km") < 1300]
        if not options:
            continue
        dest = options[int(rng.integers(0, len(options)))]
        path = _path(g, home, dest)
        t0 = EPOCH0 + int(rng.uniform(0, PERIOD_DAYS - 8) * 86400)
        vid = own.get(p, "") if rng.random() < 0.8 else ""
        kmh = 62 if vid else 55
        go = timed(path, t0, kmh, rng)
        back_t = go[-1].arrive + int(rng.uniform(1, 6) * 86400)
        back = timed(path[::-1], back_t, kmh, rng)
        if back[-1].arrive > EPOCH0 + PERIOD_DAYS * 86400:
            continue
        neighbours = by_home[home]  # a companion sets off from the same town
        companion = neighbours[int(rng.integers(0, len(neighbours)))] if rng.random() < 0.3 else None
        span = (go[0].arrive - 6 * 3600, back[-1].arrive + 6 * 3600)

        def free(key, span=span):  # one trip at a time per person and per vehicle
            return all(span[1] < s or span[0] > e for s, e in busy.get(key, []))

        if not free(p) or (vid and not free(vid)):
            continue
        crew = [p] + ([companion] if companion is not None and companion != p and free(companion) else [])
        for key in [*crew, vid] if vid else crew:
            busy.setdefault(key, []).append(span)
        for stops, purpose in ((go, "trip out"), (back, "trip back")):
            out.append(Journey(f"B{len(out) + 1:04d}", crew, vid, "road", stops, purpose))
    return out


class Positions:
    """Where a person (or vehicle) is at given instants: on a journey, else at home."""

    def __init__(self, journeys: list[Journey], home_lat, home_lon, key: str = "person"):
        seg = []  # (entity, t0, t1, lat0, lon0, lat1, lon1)
        for j in journeys:
            entities = j.persons if key == "person" else ([j.vehicle_id] if j.vehicle_id else [])
            for e in entities:
                for k, s in enumerate(j.stops):
                    la, lo = point(s.place)
                    seg.append((e, s.arrive, s.depart, la, lo, la, lo))
                    if k + 1 < len(j.stops):
                        nb = j.stops[k + 1]
                        lb, ob = point(nb.place)
                        seg.append((e, s.depart, nb.arrive, la, lo, lb, ob))
        self.home_lat, self.home_lon = home_lat, home_lon
        seg.sort(key=lambda r: (r[0], r[1], r[2]))
        arr = np.array([r[1:] for r in seg], dtype=float) if seg else np.zeros((0, 6))
        self.entity = np.array([r[0] for r in seg])
        self.t0, self.t1 = arr[:, 0], arr[:, 1]
        self.lat0, self.lon0, self.lat1, self.lon1 = arr[:, 2], arr[:, 3], arr[:, 4], arr[:, 5]

    def at(self, entities: np.ndarray, times: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """(lat, lon, travelling) for each (entity, time); home position when not on a journey."""
        lat = np.asarray(self.home_lat[entities], dtype=float).copy()
        lon = np.asarray(self.home_lon[entities], dtype=float).copy()
        moving = np.zeros(len(entities), dtype=bool)
        if len(self.entity) == 0:
            return lat, lon, moving
        ent_sorted = self.entity
        lo = np.searchsorted(ent_sorted, entities, side="left")
        hi = np.searchsorted(ent_sorted, entities, side="right")
        has = np.flatnonzero(hi > lo)
        for i in has:  # few entities travel; their segment lists are short
            s, e = lo[i], hi[i]
            k = s + np.searchsorted(self.t0[s:e], times[i], side="right") - 1
            if k < s:
                continue
            if times[i] <= self.t1[k]:
                span = max(self.t1[k] - self.t0[k], 1.0)
                f = (times[i] - self.t0[k]) / span
                lat[i] = self.lat0[k] + f * (self.lat1[k] - self.lat0[k])
                lon[i] = self.lon0[k] + f * (self.lon1[k] - self.lon0[k])
                moving[i] = True
            else:
                # between journeys people stay where the last one ended (back home it is the town centre)
                lat[i], lon[i] = self.lat1[k], self.lon1[k]
        return lat, lon, moving
