"""The organisation's consignments along the northern route, as timed journeys through real places.

Each consignment moves in three stages: a courier's car from the Panj river to the southern stash in
Bokhtar; a fruit truck from Bokhtar through Dushanbe, Khujand, Uzbekistan and the Zhibek Zholy crossing
(where the corrupt insider works) to the northern stash in Shymkent; and a Kazakh truck escorted by a
scout car (the convoy) to Orenburg. Some consignments are seized on the way, which ends their journey.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np

from .core import EPOCH0, component_rng
from .reference import CROSSING, haversine_km, point

N_CONSIGNMENTS = 15
ROAD_FACTOR = 1.25  # road km per great-circle km in this terrain

STAGES = (
    ("south_car", ("Panji Poyon", "Bokhtar")),
    ("south_truck", ("Bokhtar", "Dushanbe", "Istaravshan", "Khujand", "Fotehobod", "Oybek", "Tashkent",
                     "Gisht Kuprik", "Zhibek Zholy", "Shymkent")),
    ("north_truck", ("Shymkent", "Turkestan", "Kyzylorda", "Aktobe", "Zhaysan", "Sagarchin", "Orenburg")),
)
# Where seizures of the organisation's loads happen: (place, agency, location type).
SEIZURE_POINTS = (
    ("Fotehobod", "Customs", "border crossing"),
    ("Kyzylorda", "Police", "road checkpoint"),
    ("Bokhtar", "Drug Control Agency", "road checkpoint"),
    ("Sagarchin", "Customs", "border crossing"),
)
CONCEALMENTS = (
    ("compartment between cab and trailer", "empty trailer"),
    ("under a load of apples", "apples"),
    ("in sacks of onions", "onions"),
    ("under peaches and pears", "peaches and pears"),
    ("in shoe-cream tins", "household goods"),
)


@dataclass
class Stop:
    """A place on a journey with arrival and departure instants (UTC seconds)."""

    place: str
    arrive: int
    depart: int


@dataclass
class Consignment:
    """One load: what, how much, how hidden, its stops per stage, and whether and where it was seized."""

    consignment_id: str
    drug: str
    quantity_kg: float
    packages: int
    concealment: str
    cover_cargo: str
    stages: list[tuple[str, list[Stop]]] = field(default_factory=list)
    seized_at: str = ""
    seized_agency: str = ""
    seized_location_type: str = ""
    seized_utc: int = 0
    detained: int = 0

    @property
    def seized(self) -> bool:
        return bool(self.seized_at)


def _journey(rng, places, start, kmh, rest_at=()):
    stops, t = [], start
    for i, place in enumerate(places):
        if i:
            d = float(haversine_km(*point(places[i - 1]), *point(place))) * ROAD_FACTOR
            t += int(d / kmh * 3600 * rng.uniform(1.0, 1.15))
        arrive = t
        if place in CROSSING:
            dwell = rng.uniform(0.5, 2.5)
        elif place in rest_at:
            dwell = rng.uniform(6, 9)
        else:
            dwell = rng.uniform(0.2, 0.8)
        t += int(dwell * 3600)
        stops.append(Stop(place, arrive, t))
    return stops, t


def build_consignments(seed: int) -> list[Consignment]:
    """The consignments in departure order, with seizures planted on four of them."""
    rng = component_rng(seed, "consignments")
    drugs = np.array(["heroin"] * N_CONSIGNMENTS, dtype=object)
    drugs[rng.choice(N_CONSIGNMENTS, 3, replace=False)] = "hashish"
    # One seizure per stretch of the period; the seized truck is impounded and replaced (vehicle key _2).
    seized = [int(rng.integers(3 + 3 * k, 6 + 3 * k)) for k in range(len(SEIZURE_POINTS) - 1)]
    seized.append(N_CONSIGNMENTS - 1)
    seized_where = {c: SEIZURE_POINTS[k] for k, c in enumerate(seized)}
    replaced: set[str] = set()
    ready: dict[str, int] = {}
    out = []
    for i in range(N_CONSIGNMENTS):
        drug = str(drugs[i])
        qty = rng.uniform(25, 140) if drug == "heroin" else rng.uniform(80, 300)
        unit = rng.uniform(0.5, 1.1)
        conceal, cover = CONCEALMENTS[int(rng.integers(0, len(CONCEALMENTS)))]
        c = Consignment(f"C{i + 1:02d}", drug, round(float(qty), 3), int(round(qty / unit)), conceal, cover)
        # Departures roughly every six days; pick-ups on the Panj at night (22:00-03:00 local).
        day = 1 + i * 5.5 + rng.uniform(-1, 1)
        t = EPOCH0 + int(day) * 86400 + int(rng.uniform(22, 27) * 3600)
        for stage_key, places in STAGES:
            key = stage_key + "_2" if stage_key in replaced else stage_key
            t = max(t, ready.get(stage_key, 0))  # the crew must be back from the previous run
            kmh = 70 if key.endswith("car") else 58
            stops, t = _journey(rng, places, t, kmh, rest_at=("Kyzylorda", "Aktobe"))
            ready[stage_key] = t + (t - stops[0].arrive) + 12 * 3600
            stash = rng.uniform(20, 60) * 3600
            c.stages.append((key, stops))
            t = stops[-1].arrive + int(stash)
            stops[-1].depart = t
        out.append(c)
        if i in seized_where:
            _cut_at_seizure(rng, c, *seized_where[i])
            replaced.add(c.stages[-1][0].removesuffix("_2"))
    return out


def _cut_at_seizure(rng, c: Consignment, place: str, agency: str, location_type: str) -> None:
    for s, (key, stops) in enumerate(c.stages):
        for j, stop in enumerate(stops):
            if stop.place == place:
                c.stages[s] = (key, stops[: j + 1])
                del c.stages[s + 1:]
                stop.depart = stop.arrive
                c.seized_at, c.seized_agency, c.seized_location_type = place, agency, location_type
                c.seized_utc = stop.arrive + int(rng.uniform(0.2, 1.5) * 3600)
                c.detained = 2 if key.startswith(("north", "south_car")) else 1
                if key.startswith("south_car"):
                    c.concealment = "in sacks of onions"
                return
    raise ValueError(f"{place} is not on the route")
