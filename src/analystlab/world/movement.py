"""Movement: every journey in the world (the organisation's runs and background trips), and where a
person is at any instant.

A journey is a list of timed stops; between stops the traveller moves in a straight line at road
speed, at a stop they wait. Outside journeys people follow their daily round (daily.py) at home, or
around their lodging while they stay in another town; vehicles move only on journeys.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import networkx as nx
import numpy as np
import pandas as pd

from .consignments import ROAD_FACTOR, Consignment, Stop
from .core import EPOCH0, PERIOD_DAYS, component_rng
from .daily import DailyLife
from .organisation import Member, by_role
from .reference import CITY, CROSSING, ROADS, country_of, haversine_km, point

N_BACKGROUND_TRIPS = 900
RELEASE_HOURS = (36, 72)  # detained drivers are released without charge and go home
# Named points along a road leg (from, to, fraction of the leg): where day trips out of a town end.
ROAD_POINTS = {"Almaty–Korday road, km 36": ("Almaty", "Korday", 0.2),
               "Almaty–Korday road, km 80": ("Almaty", "Korday", 0.45)}


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
    legs = [float(haversine_km(*place_point(a), *place_point(b))) * ROAD_FACTOR / kmh * 3600 * rng.uniform(1.0, 1.1)
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
                        exclude: set[int], exclude_vehicles: frozenset[str] = frozenset()) -> list[Journey]:
    """Ordinary cross-border trips: traders, drivers, families visiting, by car, truck or bus. People
    in `exclude` and vehicles in `exclude_vehicles` have other plans."""
    rng = component_rng(seed, "border")
    g = road_graph()
    homes = persons["home_city"].to_numpy()
    travellers = [i for i in range(len(persons)) if homes[i] in g and i not in exclude]
    own = {}
    for vid, owner, kind in zip(vehicles["vehicle_id"], vehicles["owner"], vehicles["vehicle_type"], strict=True):
        if owner >= 0 and kind in ("car", "truck", "van") and owner not in own and vid not in exclude_vehicles:
            own[int(owner)] = vid
    cities = sorted(n for n in g.nodes if n in CITY)
    by_home: dict[str, list[int]] = {}
    for i in travellers:
        by_home.setdefault(homes[i], []).append(i)
    out, busy, reach = [], {}, {}
    for _ in range(N_BACKGROUND_TRIPS):
        p = travellers[int(rng.integers(0, len(travellers)))]
        home = homes[p]
        if home not in reach:
            reach[home] = nx.single_source_dijkstra_path_length(g, home, weight="km")
        options = [c for c in cities if country_of(c) != country_of(home) and reach[home][c] < 1300]
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


RAMP_S = 1800  # the half hour between a journey's end (a town centre) and the daily round, and back


def place_point(name: str) -> tuple[float, float]:
    """(lat, lon) of a city, a crossing or a named point along a road (ROAD_POINTS)."""
    if name in ROAD_POINTS:
        a, b, f = ROAD_POINTS[name]
        (la, oa), (lb, ob) = point(a), point(b)
        return la + f * (lb - la), oa + f * (ob - oa)
    return point(name)


class Positions:
    """Where a person is at given instants: on a journey, else on their daily round (at home, at
    work, out), or around their lodging while staying in another town."""

    def __init__(self, journeys: list[Journey], daily: DailyLife):
        seg = []  # (person, t0, t1, lat0, lon0, lat1, lon1)
        for j in journeys:
            for e in j.persons:
                for k, s in enumerate(j.stops):
                    la, lo = place_point(s.place)
                    seg.append((e, s.arrive, s.depart, la, lo, la, lo))
                    if k + 1 < len(j.stops):
                        nb = j.stops[k + 1]
                        lb, ob = place_point(nb.place)
                        seg.append((e, s.depart, nb.arrive, la, lo, lb, ob))
        self.daily = daily
        seg.sort(key=lambda r: (r[0], r[1], r[2]))
        arr = np.array([r[1:] for r in seg], dtype=float) if seg else np.zeros((0, 6))
        self.entity = np.array([r[0] for r in seg], dtype=np.int64)
        self.t0, self.t1 = arr[:, 0], arr[:, 1]
        self.lat0, self.lon0, self.lat1, self.lon1 = arr[:, 2], arr[:, 3], arr[:, 4], arr[:, 5]
        self.key = self._key(self.entity, self.t0)

    @staticmethod
    def _key(entity, t):
        return (np.asarray(entity, dtype=np.int64) << 32) + (np.asarray(t, dtype=np.int64) - EPOCH0 + (1 << 30))

    def at(self, entities: np.ndarray, times: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """(lat, lon, travelling) for each (person, UTC instant)."""
        entities = np.asarray(entities, dtype=np.int64)
        times = np.asarray(times, dtype=np.int64)
        n = len(entities)
        home = self.daily.home[entities]
        base, away = home.copy(), np.zeros(n, dtype=bool)
        moving = np.zeros(n, dtype=bool)
        jlat, jlon = np.zeros(n), np.zeros(n)
        ramp_from = np.full(n, -1, dtype=np.int64)  # segment whose end the person leaves
        ramp_to = np.full(n, -1, dtype=np.int64)  # segment whose start the person heads for
        if len(self.entity):
            nxt = np.searchsorted(self.key, self._key(entities, times), side="right")
            k = nxt - 1
            has = (k >= 0) & (self.entity[np.maximum(k, 0)] == entities)
            kk = np.maximum(k, 0)
            on = has & (times <= self.t1[kk])
            f = np.where(on, (times - self.t0[kk]) / np.maximum(self.t1[kk] - self.t0[kk], 1.0), 0.0)
            jlat = self.lat0[kk] + f * (self.lat1[kk] - self.lat0[kk])
            jlon = self.lon0[kk] + f * (self.lon1[kk] - self.lon0[kk])
            moving = on
            after = has & ~on
            far = haversine_km(self.lat1[kk], self.lon1[kk], home[:, 0], home[:, 1]) > 30
            away = after & far
            base[away] = np.column_stack([self.lat1[kk], self.lon1[kk]])[away]
            ramp_from = np.where(after & (times - self.t1[kk] < RAMP_S), kk, -1)
            nn = np.minimum(nxt, len(self.entity) - 1)
            ahead = (nxt < len(self.entity)) & (self.entity[nn] == entities) & ~on
            ramp_to = np.where(ahead & (self.t0[nn] - times < RAMP_S), nn, -1)
        lat, lon = self.daily.where(entities, times, base, away)
        for ramp, sign in ((ramp_from, 1), (ramp_to, -1)):
            r = np.flatnonzero(ramp >= 0)
            s = ramp[r]
            if sign == 1:
                w = (times[r] - self.t1[s]) / RAMP_S
                plat, plon = self.lat1[s], self.lon1[s]
            else:
                w = (self.t0[s] - times[r]) / RAMP_S
                plat, plon = self.lat0[s], self.lon0[s]
            lat[r] = plat + w * (lat[r] - plat)
            lon[r] = plon + w * (lon[r] - plon)
        lat = np.where(moving, jlat, lat)
        lon = np.where(moving, jlon, lon)
        return lat, lon, moving
