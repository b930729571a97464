"""Real geography for maps: country outlines, cities, border crossing points, roads, hexagonal areas.

Written to ``datasets/reference/``. Nothing here is random: the files follow from the package's
Natural Earth extract (``world/geography/countries.json``, made by ``scripts/extract_natural_earth.py``)
and the city, crossing and road tables of :mod:`analystlab.world.reference`.
"""

from __future__ import annotations

import json
import math
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import pandas as pd
import shapely
from pyproj import Transformer
from shapely.geometry import Polygon, shape

from ..core import fmt_float
from ..reference import CITIES, CROSSINGS, ROADS, point
from ..schema import Column, Table

COUNTRIES_FILE = Path(__file__).resolve().parents[1] / "geography" / "countries.json"
# Albers equal-area conic for Central Asia: areas are true, distances within about 1-2 % across the
# region (standard parallels 38 and 52 N, central meridian 67 E).
ALBERS = "+proj=aea +lat_0=44 +lon_0=67 +lat_1=38 +lat_2=52 +datum=WGS84 +units=m +no_defs"
HEX_SIDE_M = 50_000.0
CENTRAL_ASIA = ("KZ", "KG", "TJ", "UZ", "TM")
# The main northern-route truck corridor of regional threat assessments: Afghan border to Orenburg.
NORTHERN_ROUTE = ("Panji Poyon", "Bokhtar", "Dushanbe", "Istaravshan", "Khujand", "Fotehobod", "Oybek", "Tashkent",
                  "Gisht Kuprik", "Zhibek Zholy", "Shymkent", "Turkestan", "Kyzylorda", "Aktobe", "Zhaysan",
                  "Sagarchin", "Orenburg")
# Road numbers checked against the reference (others join big cities and carry no number here).
ROAD_REFS = {0: "M39", 1: "M41"}

NATURAL_EARTH = ("Outlines: Natural Earth 1:110m Admin 0 - Countries, public domain "
                 "(naturalearthdata.com), from the naturalearth_lowres copy in the geopandas 0.14.4 wheel, "
                 "extracted by scripts/extract_natural_earth.py. Generalised: borders can be kilometres off, so "
                 "a point at a border crossing may fall on the wrong side.")
GEONAMES = "Positions: GeoNames (geonames.org, CC BY 4.0), as listed in the course's reference notes."


@dataclass
class GeoTable(Table):
    """A table written as GeoJSON (WGS84 longitude/latitude); ``frame`` holds the properties."""

    geojson: dict = field(default_factory=dict)
    raw: bytes | None = None  # exact bytes to write, when the file is copied as it is

    def write(self, root: Path) -> Path:
        target = root / self.path
        target.parent.mkdir(parents=True, exist_ok=True)
        if self.raw is not None:
            target.write_bytes(self.raw)
        else:
            text = json.dumps(self.geojson, ensure_ascii=False, separators=(",", ":"))
            target.write_text(text + "\n", encoding="utf-8", newline="\n")
        return target


def _collection(name: str, features: list[dict], **members) -> dict:
    return {"type": "FeatureCollection", "name": name, **members, "features": features}


def _feature(properties: dict, geometry: dict) -> dict:
    return {"type": "Feature", "properties": properties, "geometry": geometry}


def countries_table() -> GeoTable:
    raw = COUNTRIES_FILE.read_bytes()
    features = json.loads(raw)["features"]
    frame = pd.DataFrame([f["properties"] for f in features])
    return GeoTable(
        "reference/countries.geojson", "Country outlines (Natural Earth)",
        "One polygon per country reaching into the map window (longitude 35-90 E, latitude 28-60 N), "
        "clipped to it: the five Central Asian republics, Afghanistan, Russia, China, Iran, Pakistan and the "
        "other neighbours. GeoJSON in WGS84 longitude/latitude (EPSG:4326); reproject before measuring.",
        (Column("iso_a2", "string", "ISO 3166-1 alpha-2 code, as in the other datasets"),
         Column("iso_a3", "string", "ISO 3166-1 alpha-3 code"),
         Column("name", "string", "English short name"),
         Column("central_asia", "bool", "true for KZ, KG, TJ, UZ, TM"),
         Column("clipped", "bool", "true when the country extends beyond the map window (Russia, China, ...)")),
        frame, rows=len(features), notes=(NATURAL_EARTH,), raw=raw)


def cities_table() -> Table:
    frame = pd.DataFrame({
        "city": [c.name for c in CITIES],
        "country": [c.cc for c in CITIES],
        "province": [c.province for c in CITIES],
        "population": [c.population for c in CITIES],
        "lat": fmt_float([c.lat for c in CITIES], 4),
        "lon": fmt_float([c.lon for c in CITIES], 4),
        "time_zone": [c.tz for c in CITIES],
    })
    return Table(
        "reference/cities.csv", "Cities of the case world",
        "The real cities the case world uses, with their positions: the same names as the `city` column of "
        "seizures.csv and the `place` column of the other datasets.",
        (Column("city", "string", "common English name, as used in the other datasets"),
         Column("country", "string", "ISO 3166-1 alpha-2"),
         Column("province", "string", "first-level division (oblast, viloyat, region) the city lies in"),
         Column("population", "int", "inhabitants: newer official figures for the capitals and large cities, "
                "GeoNames (about 2010) for the others", unit="persons"),
         Column("lat", "float", "latitude", unit="degrees WGS84, 4 decimals"),
         Column("lon", "float", "longitude", unit="degrees WGS84, 4 decimals"),
         Column("time_zone", "string", "IANA time zone")),
        frame, notes=(GEONAMES,))


def crossings_table() -> Table:
    frame = pd.DataFrame({
        "crossing": [c.name for c in CROSSINGS],
        "country": [c.cc for c in CROSSINGS],
        "other_country": [c.other for c in CROSSINGS],
        "modes": [";".join(c.modes) for c in CROSSINGS],
        "city": [c.city for c in CROSSINGS],
        "position": ["nearest town" if c.approx else "crossing point" for c in CROSSINGS],
        "lat": fmt_float([c.lat for c in CROSSINGS], 4),
        "lon": fmt_float([c.lon for c in CROSSINGS], 4),
    })
    return Table(
        "reference/border_crossings.csv", "Border crossing points",
        "One row per side of each border crossing point the case world uses (each side has its own name: "
        "Oybek in Uzbekistan faces Fotehobod in Tajikistan). Names as in the `crossing` column of seizures.csv "
        "and border_crossings.csv (the travellers' records, not this list).",
        (Column("crossing", "string", "crossing point, as named on this side"),
         Column("country", "string", "country of this side, ISO alpha-2"),
         Column("other_country", "string", "country on the other side"),
         Column("modes", "string", "what it carries: road, rail or road;rail"),
         Column("city", "string", "nearest reference city on this side"),
         Column("position", "string", "crossing point (the checkpoint's own coordinates) | nearest town "
                "(coordinates of the nearest town: treat distances to it as accurate to about 10 km)"),
         Column("lat", "float", "latitude", unit="degrees WGS84, 4 decimals"),
         Column("lon", "float", "longitude", unit="degrees WGS84, 4 decimals")),
        frame, notes=("Sources: the course's reference notes (GeoNames, Wikipedia, national border services); "
                      "positions marked 'nearest town' are approximate.",))


def _road_name(road: tuple[str, ...], index: int) -> str:
    ref = ROAD_REFS.get(index)
    ends = f"{road[0]} - {road[-1]}"
    return f"{ref} {ends}" if ref else ends


def roads_table() -> GeoTable:
    route_legs = set(zip(NORTHERN_ROUTE, NORTHERN_ROUTE[1:], strict=False))
    rows, features = [], []
    for index, road in enumerate(ROADS):
        for seq, (a, b) in enumerate(zip(road, road[1:], strict=False), start=1):
            (la, oa), (lb, ob) = point(a), point(b)
            props = {"road_id": f"R{index + 1:02d}", "road": _road_name(road, index), "ref": ROAD_REFS.get(index, ""),
                     "seq": seq, "from_place": a, "to_place": b,
                     "northern_route": (a, b) in route_legs or (b, a) in route_legs}
            rows.append(props)
            features.append(_feature(props, {"type": "LineString", "coordinates": [[oa, la], [ob, lb]]}))
    frame = pd.DataFrame(rows)
    return GeoTable(
        "reference/roads.geojson", "Main roads as straight legs between waypoints",
        "The main road corridors of the case world, one straight line per leg between consecutive waypoints "
        "(cities and border crossings): a schematic network, not the road's real course, so distances to it "
        "are approximate (a few km in the plains, more in the mountains). Dissolve by `road_id` for whole "
        "roads; select `northern_route` for the trafficking corridor. GeoJSON in WGS84 (EPSG:4326).",
        (Column("road_id", "string", "road corridor, R01-R11"),
         Column("road", "string", "road name: number (where checked) and end points"),
         Column("ref", "string", "road number (M39 and M41 checked against the reference; empty otherwise)"),
         Column("seq", "int", "order of the leg along its road", unit="count"),
         Column("from_place", "string", "waypoint at the start of the leg (city or crossing)"),
         Column("to_place", "string", "waypoint at the end of the leg"),
         Column("northern_route", "bool", "true for legs of the northern-route truck corridor named in regional "
                "threat assessments: Panji Poyon - Dushanbe - Khujand - Tashkent - Shymkent - Aktobe - Orenburg")),
        frame, rows=len(features), geojson=_collection("roads", features), notes=(GEONAMES,))


def hexagon_cells(side: float = HEX_SIDE_M) -> tuple[list[Polygon], list[str]]:
    """Flat-topped hexagons of ``side`` metres in the ALBERS projection covering the five Central Asian
    republics, row by row from south-west; and the republic holding the largest share of each."""
    features = json.loads(COUNTRIES_FILE.read_bytes())["features"]
    to_albers = Transformer.from_crs("EPSG:4326", ALBERS, always_xy=True)
    republics = {}
    for f in sorted(features, key=lambda f: f["properties"]["iso_a2"]):
        if f["properties"]["iso_a2"] in CENTRAL_ASIA:
            republics[f["properties"]["iso_a2"]] = shapely.transform(
                shape(f["geometry"]), lambda xy: np.column_stack(to_albers.transform(*xy.T)))
    union = shapely.union_all(list(republics.values()))
    minx, miny, maxx, maxy = union.bounds
    dx, dy = 1.5 * side, math.sqrt(3) * side
    col0, col1 = math.floor(minx / dx) - 1, math.ceil(maxx / dx) + 1
    row0, row1 = math.floor(miny / dy) - 1, math.ceil(maxy / dy) + 1
    corners = np.array([(side * math.cos(math.radians(a)), side * math.sin(math.radians(a)))
                        for a in range(0, 360, 60)])
    rows, cols = np.meshgrid(np.arange(row0, row1 + 1), np.arange(col0, col1 + 1), indexing="ij")
    rows, cols = rows.ravel(), cols.ravel()
    cx, cy = cols * dx, rows * dy + np.where(cols % 2 == 1, dy / 2, 0.0)
    candidates = shapely.polygons(np.stack([cx[:, None] + corners[:, 0], cy[:, None] + corners[:, 1]], axis=-1))
    shapely.prepare(union)
    keep = shapely.intersects(candidates, union)
    cells = list(candidates[keep])
    codes = list(republics)
    shares = np.column_stack([shapely.area(shapely.intersection(candidates[keep], republics[cc])) for cc in codes])
    owners = [codes[i] for i in shares.argmax(axis=1)]  # ties: the first code in alphabetical order
    return cells, owners


def hexagons_table() -> GeoTable:
    cells, owners = hexagon_cells()
    to_wgs = Transformer.from_crs(ALBERS, "EPSG:4326", always_xy=True)
    rows, features = [], []
    for i, (hexagon, owner) in enumerate(zip(cells, owners, strict=True), start=1):
        xs, ys = to_wgs.transform(*map(list, zip(*hexagon.exterior.coords, strict=True)))
        ring = [[round(x, 6), round(y, 6)] for x, y in zip(xs, ys, strict=True)]
        props = {"hex_id": f"HX{i:04d}", "country": owner, "area_km2": round(hexagon.area / 1e6, 1)}
        rows.append(props)
        features.append(_feature(props, {"type": "Polygon", "coordinates": [ring]}))
    return GeoTable(
        "reference/hexagons.geojson", "Hexagonal areas for aggregation",
        "Equal-area hexagons of 50 km side (6,495 km² each) covering Kazakhstan, Kyrgyzstan, Tajikistan, "
        "Uzbekistan and Turkmenistan, for counting events per area, choropleths and hot-spot statistics. They "
        f"are regular in the Albers equal-area projection `{ALBERS}` and stored in WGS84 (EPSG:4326): "
        "reproject to that CRS before measuring. Used instead of provinces, whose boundaries the course does "
        "not ship; equal areas also keep counts comparable.",
        (Column("hex_id", "string", "hexagon, HXNNNN, numbered row by row from the south-west"),
         Column("country", "string", "the republic covering the largest part of the hexagon, ISO alpha-2"),
         Column("area_km2", "float", "area of the whole hexagon", unit="km²")),
        pd.DataFrame(rows), rows=len(features), geojson=_collection("hexagons", features, crs_note=ALBERS))


def reference_tables(world=None) -> list[Table]:
    """Every file of datasets/reference/ (the world is not needed: the geography is fixed)."""
    return [countries_table(), cities_table(), crossings_table(), roads_table(), hexagons_table()]


__all__ = ["ALBERS", "NORTHERN_ROUTE", "reference_tables"]
