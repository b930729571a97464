"""A risk-terrain grid over the Kazakh side of the Kazakhstan–Uzbekistan border near Saryagash.

Square 3 km cells in UTM zone 42N carry risk-terrain layers (distance to the border, to main roads, to
the official crossings; a village in the cell) and the number of smuggling seizures made by the border
service on the green border in each cell, before 2024 and in the first half of 2024. Seizures follow a
Poisson rate that rises near the border, near roads, in villages and a few kilometres from the official
crossings (where smugglers bypass the checkpoints), times a persistent cell effect; the rate and its
coefficients go to the answer key.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd
from pyproj import Transformer

from ..methods.grid import Grid
from .core import COMPONENTS

CRS = "EPSG:32642"  # WGS 84 / UTM zone 42N
GRID = Grid(x0=440_000.0, y0=4_540_000.0, cell=3_000.0, nx=50, ny=49)
MONTHS_BEFORE, MONTHS_2024 = 15, 6  # 1 Oct 2022 - 31 Dec 2023; 1 Jan - 30 Jun 2024
# Simplified (schematic) state border, west to east, through the real crossing points (lat, lon).
BORDER = ((40.95, 68.30), (40.98, 68.75), (41.25, 68.95), (41.41, 69.05), (41.39, 69.27), (41.55, 69.55),
          (41.80, 69.85), (42.05, 70.10))
# Main roads (schematic): M39 Shymkent - Saryagash - Zhibek Zholy, the spur to B. Konysbayev, the road west.
ROADS = (
    ((42.30, 69.60), (42.05, 69.45), (41.80, 69.30), (41.45, 69.17), (41.39, 69.27)),
    ((41.45, 69.17), (41.41, 69.05)),
    ((42.30, 69.60), (41.95, 68.95), (41.60, 68.60), (41.25, 68.35)),
)
CROSSINGS = (("Zhibek Zholy", 41.39, 69.27), ("B. Konysbayev", 41.41, 69.05), ("Saryagash", 41.45, 69.17))
TOWNS = (("Shymkent", 42.30, 69.60), ("Saryagash", 41.45, 69.17))
N_VILLAGES = 45
TERMS = (
    ("intercept", -5.4, "baseline log monthly rate of green-border seizures in a cell"),
    ("border_within_3km", 2.7, "cell centre within 3 km of the state border"),
    ("road_within_2km", 1.1, "cell centre within 2 km of a main road"),
    ("village", 1.3, "a village or town in the cell"),
    ("crossing_3_to_15km", 0.8, "3 to 15 km from an official crossing (smugglers bypass the checkpoint)"),
    ("cell_effect", 1.0, "persistent cell effect, normal with standard deviation 0.6 (not in the data)"),
)


@dataclass
class Terrain:
    """Cells of the Kazakh side with layers, seizure counts and the true rate."""

    cells: pd.DataFrame
    terms: pd.DataFrame


def _segment_distance(px, py, ax, ay, bx, by):
    dx, dy = bx - ax, by - ay
    t = np.clip(((px - ax) * dx + (py - ay) * dy) / (dx * dx + dy * dy), 0, 1)
    return np.hypot(px - (ax + t * dx), py - (ay + t * dy))


def _polyline_distance(px, py, xy):
    return np.min([_segment_distance(px, py, *xy[k], *xy[k + 1]) for k in range(len(xy) - 1)], axis=0)


def build_terrain(seed: int) -> Terrain:
    """The grid cells north of the border, with layers and Poisson seizure counts."""
    rng = np.random.default_rng([seed, COMPONENTS["risk"], 2])
    to_utm = Transformer.from_crs("EPSG:4326", CRS, always_xy=True)
    to_geo = Transformer.from_crs(CRS, "EPSG:4326", always_xy=True)

    def utm(points):
        x, y = to_utm.transform([p[1] for p in points], [p[0] for p in points])
        return list(zip(np.round(x, 1), np.round(y, 1), strict=True))

    X, Y = GRID.mesh()
    px, py = X.ravel(), Y.ravel()
    rows, cols = np.divmod(np.arange(px.size), GRID.nx)
    border = utm(BORDER)
    # north of the border: the cell centre lies above the border line at its x (the line runs west to east)
    bx = np.array([b[0] for b in border])
    by = np.array([b[1] for b in border])
    kz = py > np.interp(px, bx, by)
    d_border = _polyline_distance(px, py, border) / 1000
    d_road = np.min([_polyline_distance(px, py, utm(r)) for r in ROADS], axis=0) / 1000
    cx = utm([(c[1], c[2]) for c in CROSSINGS])
    d_cross = np.min([np.hypot(px - x, py - y) for x, y in cx], axis=0) / 1000
    # villages: denser along roads and in the irrigated strip near the border
    cand = rng.uniform([GRID.x0, GRID.y0], [GRID.extent[1], GRID.extent[3]], (4000, 2))
    cand_border = _polyline_distance(cand[:, 0], cand[:, 1], border) / 1000
    cand_road = np.min([_polyline_distance(cand[:, 0], cand[:, 1], utm(r)) for r in ROADS], axis=0) / 1000
    weight = np.exp(-cand_road / 6) + np.exp(-cand_border / 8)
    weight[cand[:, 1] <= np.interp(cand[:, 0], bx, by)] = 0
    pick = rng.choice(len(cand), N_VILLAGES, replace=False, p=weight / weight.sum())
    village_points = [tuple(cand[k]) for k in pick] + utm([(t[1], t[2]) for t in TOWNS])
    village = np.zeros(px.size, bool)
    for x, y in village_points:
        village[GRID.cell_of(x, y)[0] * GRID.nx + GRID.cell_of(x, y)[1]] = True
    effect = rng.normal(0, 0.6, px.size)
    log_rate = (TERMS[0][1] + 2.7 * (d_border <= 3) + 1.1 * (d_road <= 2) + 1.3 * village
                + 0.8 * ((d_cross >= 3) & (d_cross <= 15)) + effect)
    rate = np.exp(log_rate)
    before = rng.poisson(rate * MONTHS_BEFORE)
    in_2024 = rng.poisson(rate * MONTHS_2024)
    lon, lat = to_geo.transform(px, py)
    cells = pd.DataFrame({
        "row": rows, "col": cols, "x_m": px, "y_m": py, "lat": lat, "lon": lon,
        "area_km2": GRID.cell_area / 1e6, "dist_border_km": d_border, "dist_road_km": d_road,
        "dist_crossing_km": d_cross, "village": village, "seizures_2022_2023": before, "seizures_2024": in_2024,
        "rate_per_month": rate, "cell_effect": effect,
    })[kz].reset_index(drop=True)
    cells.insert(0, "cell_id", [f"R{r:02d}C{c:02d}" for r, c in zip(cells["row"], cells["col"], strict=True)])
    terms = pd.DataFrame([{"model": "terrain", "term": t, "coefficient": c, "meaning": m} for t, c, m in TERMS])
    return Terrain(cells, terms)
