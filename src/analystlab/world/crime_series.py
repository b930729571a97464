"""Property crime in Dushanbe with three planted series and their offenders' anchor points.

Series (each committed by one offender of the population, anchor point = his home):

- ``S1`` night-time pharmacy burglaries through the roof, by the organisation's Dushanbe stash
  keeper (a marauder: he offends all round his home), in bursts that make near repeats;
- ``S2`` knife-point street robberies in the city centre by a man from Tursunzoda (a commuter);
- ``S3`` night-time thefts from parked cars around the home of a Dushanbe man (a marauder).

Around them: residential burglaries with a near-repeat pattern, commercial burglaries, street
robberies and thefts from vehicles by other offenders, with modus operandi (MO) that overlap the
series'. Positions are drawn in projected metres (UTM zone 42N, EPSG:32642) and converted to
latitude/longitude; times are local (Asia/Dushanbe, UTC+5).
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np
import pandas as pd
from pyproj import Transformer

from .core import component_rng
from .organisation import Member, by_role

CRS = "EPSG:32642"  # WGS 84 / UTM zone 42N: metres, covers 66°E–72°E (Dushanbe, Tursunzoda)
CITY_LAT, CITY_LON = 38.5598, 68.7870  # Dushanbe centre (Rudaki Avenue)
LOCAL_OFFSET_MIN = 300
PERIOD_START = np.datetime64("2024-04-01T00:00")
PERIOD_DAYS = 91
# Approximate centres of Dushanbe's four districts (used to name the district of each incident).
DISTRICTS = (("Sino", 38.5680, 68.7250), ("Firdavsi", 38.5300, 68.7400),
             ("Ismoili Somoni", 38.5850, 68.7900), ("Shohmansur", 38.5550, 68.8250))
MO_FIELDS = ("target_type", "entry_point", "entry_method", "time_of_day", "weapon", "property_taken", "precautions")
# The S1 MO as recorded most often; each member differs from it in at most one respect.
S1_MO = {"target_type": "pharmacy", "entry_point": "roof", "entry_method": "cut", "time_of_day": "night",
         "weapon": "none", "property_taken": "medicines;cash", "precautions": "alarm cable cut"}

_TO_LATLON = Transformer.from_crs(CRS, "EPSG:4326", always_xy=True)
_TO_XY = Transformer.from_crs("EPSG:4326", CRS, always_xy=True)


@dataclass(frozen=True)
class Offender:
    """A series' offender: series id, person of the population, anchor point, Canter type."""

    series_id: str
    person_id: str
    member_id: str
    crime_type: str
    lat: float
    lon: float
    x: float
    y: float
    design: str  # marauder | commuter


def to_xy(lon, lat):
    """Projected metres (EPSG:32642) of longitude/latitude."""
    return _TO_XY.transform(np.asarray(lon, dtype=float), np.asarray(lat, dtype=float))


def to_lonlat(x, y):
    """Longitude/latitude of projected metres (EPSG:32642)."""
    return _TO_LATLON.transform(np.asarray(x, dtype=float), np.asarray(y, dtype=float))


def mo_tokens(row) -> set[str]:
    """The MO of one incident as a set of 'field=value' tokens; property_taken gives one token per item."""
    tokens = set()
    for field in MO_FIELDS:
        value = row[field]
        if field == "property_taken":
            tokens |= {f"property_taken={item}" for item in str(value).split(";") if item}
        else:
            tokens.add(f"{field}={value}")
    return tokens


def jaccard(a: set[str], b: set[str]) -> float:
    """|A ∩ B| / |A ∪ B| (1.0 for two empty sets)."""
    union = a | b
    return len(a & b) / len(union) if union else 1.0


def time_of_day(hour: float) -> str:
    """night 22–06, morning 06–12, afternoon 12–18, evening 18–22 (local hour of the window's midpoint)."""
    h = hour % 24
    if h >= 22 or h < 6:
        return "night"
    return "morning" if h < 12 else "afternoon" if h < 18 else "evening"


class _Builder:
    def __init__(self, seed: int):
        self.rng = component_rng(seed, "crime_series")
        self.rows: list[dict] = []
        self.cx, self.cy = (float(v) for v in to_xy(CITY_LON, CITY_LAT))

    # --- places and times -------------------------------------------------------------------------
    def city_point(self, sd: float = 3200.0) -> tuple[float, float]:
        """A point in the built-up area: around the centre, kept inside a 17 km × 14 km box."""
        while True:
            x = self.cx + self.rng.normal(0, sd)
            y = self.cy + self.rng.normal(0, sd * 0.85)
            if abs(x - self.cx) < 8500 and abs(y - self.cy) < 7000:
                return float(x), float(y)

    def day(self, lo: float = 0.0, hi: float = PERIOD_DAYS - 1.0) -> float:
        return float(self.rng.uniform(lo, hi))

    def add(self, crime_type, x, y, start_min, length_min, mo, series="", report_delay=None):
        """One incident: start minute since 2024-04-01 00:00 local, window length in minutes, MO fields."""
        start_min = int(round(start_min))
        end_min = start_min + int(round(length_min))
        mid_hour = ((start_min + end_min) / 2 / 60) % 24
        mo = dict(mo)
        mo["time_of_day"] = time_of_day(mid_hour)
        delay = report_delay if report_delay is not None else float(self.rng.uniform(10, 150))
        self.rows.append({"crime_type": crime_type, "x": x, "y": y, "start": start_min, "end": end_min,
                          "reported": end_min + int(round(delay)), "series_id": series, **mo})

    # --- the series ---------------------------------------------------------------------------------
    def s1_pharmacies(self, hx: float, hy: float) -> None:
        """14 roof-entry pharmacy burglaries all round the stash keeper's home, in five bursts."""
        n = 14
        bursts = (3, 3, 3, 3, 2)
        angles = (np.arange(n) + self.rng.uniform(0.2, 0.8, n)) * 2 * math.pi / n + self.rng.uniform(0, 2 * math.pi)
        # Distances: nothing inside the ~900 m buffer round home, most 1.3–4 km away.
        dist = 900 + self.rng.gamma(2.2, 700, n)
        dist = np.minimum(dist, 4800)
        variants = ["", "", "", "", "", "", "", "", "rear", "rear", "medicines", "medicines", "gloves", "gloves"]
        order = self.rng.permutation(n)
        burst_days = np.sort(self.rng.choice(np.arange(3, PERIOD_DAYS - 8, 12), len(bursts), replace=False))
        k = 0
        for b, size in enumerate(bursts):
            day = float(burst_days[b] + self.rng.uniform(0, 5))
            for _ in range(size):
                mo = dict(S1_MO)
                variant = variants[order[k]]
                if variant == "rear":
                    mo.update(entry_point="rear door", entry_method="forced")
                elif variant == "medicines":
                    mo["property_taken"] = "medicines"
                elif variant == "gloves":
                    mo["precautions"] = "gloves"
                start = math.floor(day) * 1440 + 1440 + self.rng.uniform(-60, 150)  # 23:00 to 02:30
                length = self.rng.uniform(60, 300)
                x = hx + dist[k] * math.cos(angles[k])
                y = hy + dist[k] * math.sin(angles[k])
                self.add("commercial burglary", x, y, start, length, mo, series="S1",
                         report_delay=self.rng.uniform(30, 120))
                day += self.rng.uniform(1.0, 4.0)
                k += 1

    def s2_robberies(self) -> None:
        """12 knife-point robberies in the centre, evenings, by a commuter from Tursunzoda."""
        hub_x, hub_y = self.cx + 600, self.cy - 1500  # around the central bazaar and bus station
        for _ in range(12):
            x = hub_x + self.rng.normal(0, 1300)
            y = hub_y + self.rng.normal(0, 1100)
            day = math.floor(self.day())
            start = day * 1440 + self.rng.uniform(18.5, 22.5) * 60
            mo = {"target_type": "pedestrian", "entry_point": "n/a", "entry_method": "threat", "weapon": "knife",
                  "property_taken": str(self.rng.choice(["phone;cash", "phone;cash", "phone", "phone;cash;bag"])),
                  "precautions": "face covered"}
            self.add("street robbery", x, y, start, 0, mo, series="S2")

    def s3_vehicles(self, hx: float, hy: float) -> None:
        """16 thefts from parked cars (side window broken with a ceramic shard) round a marauder's home."""
        n = 16
        angles = (np.arange(n) + self.rng.uniform(0.1, 0.9, n)) * 2 * math.pi / n
        dist = 500 + self.rng.gamma(2.0, 500, n)
        for k in range(n):
            day = math.floor(self.day())
            start = day * 1440 + self.rng.uniform(21, 25) * 60
            mo = {"target_type": "parked car", "entry_point": "side window", "entry_method": "ceramic shard",
                  "weapon": "none", "property_taken": str(self.rng.choice(["electronics", "electronics;bag",
                                                                            "electronics"])),
                  "precautions": "none"}
            self.add("theft from vehicle", hx + dist[k] * math.cos(angles[k]), hy + dist[k] * math.sin(angles[k]),
                     start, self.rng.uniform(240, 600), mo, series="S3")

    # --- background ---------------------------------------------------------------------------------
    def residential(self, n_primary: int = 80) -> None:
        """Flat and house burglaries; a third are followed by a near repeat (≤ 400 m, ≤ 10 days)."""
        for _ in range(n_primary):
            x, y = self.city_point()
            day = self.day(0, PERIOD_DAYS - 12)
            repeats = 1 + int(self.rng.random() < 0.35) + int(self.rng.random() < 0.1)
            for r in range(repeats):
                if r:
                    ang = self.rng.uniform(0, 2 * math.pi)
                    d = self.rng.uniform(20, 400)
                    x, y = x + d * math.cos(ang), y + d * math.sin(ang)
                    day += self.rng.uniform(0.5, 10)
                self._residential_one(x, y, day)

    def _residential_one(self, x, y, day) -> None:
        rng = self.rng
        if rng.random() < 0.7:  # while the occupants were out at work
            start = math.floor(day) * 1440 + rng.uniform(7.5, 10) * 60
            length = rng.uniform(4, 10) * 60
        else:  # away for a few days
            start = math.floor(day) * 1440 + rng.uniform(8, 20) * 60
            length = rng.uniform(24, 72) * 60
        mo = {"target_type": str(rng.choice(["flat", "flat", "house"])),
              "entry_point": str(rng.choice(["front door", "window", "balcony"], p=[0.55, 0.3, 0.15])),
              "weapon": "none",
              "property_taken": str(rng.choice(["cash", "cash;jewellery", "electronics", "cash;electronics",
                                                 "jewellery"])),
              "precautions": str(rng.choice(["none", "gloves"], p=[0.8, 0.2]))}
        mo["entry_method"] = {"front door": str(rng.choice(["lock snapped", "forced", "no force"])),
                              "window": "smashed", "balcony": "no force"}[mo["entry_point"]]
        self.add("residential burglary", x, y, start, length, mo)

    def commercial(self, n: int = 46) -> None:
        """Shop, kiosk, office, warehouse and pharmacy burglaries by other offenders."""
        rng = self.rng
        s1 = mo_tokens({**S1_MO})
        made = 0
        while made < n:
            target = str(rng.choice(["pharmacy", "shop", "warehouse", "office", "kiosk"],
                                    p=[0.28, 0.32, 0.14, 0.1, 0.16]))
            entry = str(rng.choice(["front door", "rear door", "window", "roof", "shutter"],
                                   p=[0.3, 0.25, 0.2, 0.08, 0.17]))
            method = {"front door": ["forced", "lock snapped", "no force"], "rear door": ["forced", "cut"],
                      "window": ["smashed"], "roof": ["cut", "forced"], "shutter": ["forced", "cut"]}[entry]
            goods = {"pharmacy": ["medicines", "cash", "medicines;cash"], "shop": ["cash", "goods", "cash;goods"],
                     "warehouse": ["goods", "tools", "medicines"], "office": ["electronics", "cash;electronics"],
                     "kiosk": ["cash", "goods", "cash;goods"]}[target]
            mo = {"target_type": target, "entry_point": entry, "entry_method": str(rng.choice(method)),
                  "weapon": "none", "property_taken": str(rng.choice(goods)),
                  "precautions": str(rng.choice(["none", "gloves", "CCTV covered", "alarm cable cut"],
                                                p=[0.62, 0.2, 0.12, 0.06]))}
            overnight = rng.random() < 0.8
            day = math.floor(self.day())
            if overnight:
                start, length = day * 1440 + rng.uniform(20, 23) * 60, rng.uniform(8, 11) * 60
            else:
                start, length = day * 1440 + rng.uniform(9, 18) * 60, rng.uniform(0.5, 3) * 60
            mid = ((start + start + length) / 2 / 60) % 24
            # Other offenders' MOs overlap S1's but are never the same crime: keep them below 0.45.
            if jaccard(mo_tokens({**mo, "time_of_day": time_of_day(mid)}), s1) >= 0.45:
                continue
            self.add("commercial burglary", *self.city_point(2800), start, length, mo)
            made += 1

    def robberies(self, n: int = 48) -> None:
        rng = self.rng
        for _ in range(n):
            weapon = str(rng.choice(["none", "knife", "blunt object", "firearm"], p=[0.55, 0.3, 0.12, 0.03]))
            if weapon != "none":
                method = "threat"
            else:
                method = "snatch" if rng.random() < 0.6 else "assault"
            mo = {"target_type": "pedestrian", "entry_point": "n/a", "entry_method": method, "weapon": weapon,
                  "property_taken": str(rng.choice(["phone", "phone;cash", "bag", "cash", "bag;phone"])),
                  "precautions": str(rng.choice(["none", "face covered"], p=[0.85, 0.15]))}
            # Robberies peak in the evening and late at night, more at weekends.
            day = math.floor(self.day())
            hour = float(rng.choice([rng.uniform(17, 24), rng.uniform(0, 3), rng.uniform(8, 17)], p=[0.6, 0.2, 0.2]))
            if (day % 7) in (4, 5) and rng.random() < 0.5:  # 2024-04-01 was a Monday: 4 = Fri, 5 = Sat
                hour = rng.uniform(20, 24)
            self.add("street robbery", *self.city_point(2600), day * 1440 + hour * 60, 0, mo)

    def vehicles(self, n: int = 42) -> None:
        rng = self.rng
        for _ in range(n):
            entry = str(rng.choice(["side window", "door", "boot"], p=[0.5, 0.35, 0.15]))
            mo = {"target_type": "parked car", "entry_point": entry,
                  "entry_method": {"side window": "smashed",
                                   "door": str(rng.choice(["lock forced", "unlocked"])), "boot": "lock forced"}[entry],
                  "weapon": "none",
                  "property_taken": str(rng.choice(["electronics", "bag", "car parts", "cash;bag", "electronics;bag"])),
                  "precautions": "none"}
            day = math.floor(self.day())
            start = day * 1440 + rng.uniform(17, 26) * 60
            self.add("theft from vehicle", *self.city_point(), start, rng.uniform(60, 660), mo)


def _person_row(persons: pd.DataFrame, person_id: str) -> pd.Series:
    return persons.loc[persons["person_id"] == person_id].iloc[0]


def build_crime_series(seed: int, persons: pd.DataFrame, members: tuple[Member, ...]):
    """(incidents frame with raw numeric fields, tuple of Offender) for the world seed."""
    b = _Builder(seed)
    member_ids = {persons.iloc[m.person]["person_id"] for m in members}
    keeper = next(m for m in by_role(members, "stash keeper") if m.home == "Dushanbe")
    keeper_row = persons.iloc[keeper.person]
    eligible = persons[(persons["sex"] == "M") & ~persons["person_id"].isin(member_ids)
                       & (persons["date_of_birth"] > "1980-01-01")]
    dushanbe = eligible[eligible["home_city"] == "Dushanbe"].sort_values("person_id")
    tursunzoda = eligible[eligible["home_city"] == "Tursunzoda"].sort_values("person_id")
    s3_row = dushanbe.iloc[int(b.rng.integers(0, len(dushanbe)))]
    s2_row = tursunzoda.iloc[int(b.rng.integers(0, len(tursunzoda)))]

    offenders = []
    for sid, row, member, kind, design in (("S1", keeper_row, keeper.member_id, "commercial burglary", "marauder"),
                                           ("S2", s2_row, "", "street robbery", "commuter"),
                                           ("S3", s3_row, "", "theft from vehicle", "marauder")):
        lat, lon = round(float(row["home_lat"]), 4), round(float(row["home_lon"]), 4)
        x, y = (float(v) for v in to_xy(lon, lat))
        offenders.append(Offender(sid, str(row["person_id"]), member, kind, lat, lon, round(x, 1), round(y, 1),
                                  design))
    s1, _, s3 = offenders
    b.s1_pharmacies(s1.x, s1.y)
    b.s2_robberies()
    b.s3_vehicles(s3.x, s3.y)
    b.residential()
    b.commercial()
    b.robberies()
    b.vehicles()
    return pd.DataFrame(b.rows), tuple(offenders)


def district_of(lat, lon) -> np.ndarray:
    """Name of the nearest (approximate) district centre."""
    lat = np.asarray(lat, dtype=float)
    lon = np.asarray(lon, dtype=float)
    d = np.stack([(lat - la) ** 2 + ((lon - lo) * math.cos(math.radians(la))) ** 2 for _, la, lo in DISTRICTS])
    return np.array([DISTRICTS[i][0] for i in d.argmin(axis=0)], dtype=object)
