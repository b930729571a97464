"""datasets/reference/: plausible geography, and the module 05 findings recoverable by its methods."""

from __future__ import annotations

import json
import warnings

import geopandas as gpd
import numpy as np
import pandas as pd
import pytest

from analystlab.methods import grid as gridlib
from analystlab.methods import spatialstats
from analystlab.world.views.reference import ALBERS, NORTHERN_ROUTE


@pytest.fixture(scope="module")
def geo(out):
    def load(name):
        return gpd.read_file(out / "reference" / name)

    return {name: load(f"{name}.geojson") for name in ("countries", "roads", "hexagons")}


@pytest.fixture(scope="module")
def seizures(out):
    frame = pd.read_csv(out / "seizures.csv", dtype={"seizure_id": str}).drop_duplicates(ignore_index=True)
    return gpd.GeoDataFrame(frame, geometry=gpd.points_from_xy(frame["lon"], frame["lat"]), crs=4326).to_crs(ALBERS)


def test_manifest_and_sources(out):
    files = json.loads((out / "manifest.json").read_text())["files"]
    for name in ("countries.geojson", "cities.csv", "border_crossings.csv", "roads.geojson", "hexagons.geojson"):
        assert f"reference/{name}" in files
    readme = (out / "README.md").read_text()
    assert "Natural Earth" in readme and "GeoNames" in readme
    countries = json.loads((out / "reference" / "countries.geojson").read_text())
    assert "public domain" in countries["licence"]


def test_names_match_the_other_datasets(out, read):
    cities = set(read(out, "reference/cities.csv")["city"])
    crossings = set(read(out, "reference/border_crossings.csv")["crossing"])
    register = read(out, "seizures.csv")
    assert set(register["city"]) - {""} <= cities
    assert set(register["crossing"]) - {""} <= crossings
    assert set(NORTHERN_ROUTE) <= cities | crossings


def test_cities_lie_in_or_near_their_country(out, read, geo):
    cities = read(out, "reference/cities.csv")
    points = gpd.GeoDataFrame(cities, geometry=gpd.points_from_xy(cities["lon"].astype(float),
                                                                   cities["lat"].astype(float)), crs=4326)
    countries = geo["countries"].set_index("iso_a2").to_crs(ALBERS)
    points = points.to_crs(ALBERS)
    # 1:110m outlines are generalised by kilometres: allow 40 km.
    far = [c for c, cc, g in zip(points["city"], points["country"], points.geometry, strict=True)
           if countries.loc[cc].geometry.distance(g) > 40_000]
    assert not far, f"cities far outside their country's outline: {far}"


def test_hexagons_are_equal_and_cover_the_republics(geo, seizures):
    hexes = geo["hexagons"].to_crs(ALBERS)
    areas = hexes.area / 1e6
    assert np.allclose(areas, 6495.19, rtol=1e-4)
    assert hexes["hex_id"].is_unique and len(hexes) > 600
    joined = gpd.sjoin(seizures, hexes[["hex_id", "geometry"]], predicate="within")
    central_asia = seizures[seizures["country"].isin(["KZ", "KG", "TJ", "UZ", "TM"])]
    assert joined.index.is_unique
    assert set(central_asia.index) <= set(joined.index)


def test_northern_route_is_one_chain(geo):
    route = geo["roads"][geo["roads"]["northern_route"]]
    assert len(route) == len(NORTHERN_ROUTE) - 1
    ends = pd.concat([route["from_place"], route["to_place"]]).value_counts()
    assert sorted(ends[ends == 1].index) == ["Orenburg", "Panji Poyon"]


def test_organisation_seizures_lie_on_the_northern_route(out, geo, seizures):
    """Exercise 05 (20 km route buffer): every seizure of the organisation's loads lies within 10 km of the route."""
    organisation = pd.read_csv(out / "truth" / "seizures_organisation.csv")["seizure_id"]
    route = geo["roads"][geo["roads"]["northern_route"]].to_crs(ALBERS).union_all()
    distance = seizures.set_index("seizure_id").loc[organisation].distance(route)
    assert (distance <= 10_000).all(), distance[distance > 10_000]


def test_hotspots_recoverable(geo, seizures):
    """Kernel density peaks in the Dushanbe - Tursunzoda area, and Gi* finds the Afghan-border and
    Tashkent-crossing hexagons hot, as the seizures register was generated (Khatlon, the Panj)."""
    x, y = seizures.geometry.x.to_numpy(), seizures.geometry.y.to_numpy()
    grid = gridlib.grid_around(x, y, 10_000, margin=50_000)
    peak = spatialstats.hotspot_cell(spatialstats.kernel_density(x, y, grid, 50_000), grid)
    at = gpd.GeoSeries(gpd.points_from_xy([peak.x], [peak.y]), crs=ALBERS).to_crs(4326).iloc[0]
    assert abs(at.x - 68.78) < 0.5 and abs(at.y - 38.54) < 0.5

    hexes = geo["hexagons"].to_crs(ALBERS)
    joined = gpd.sjoin(seizures, hexes[["hex_id", "geometry"]], predicate="within")
    counts = hexes["hex_id"].map(joined.groupby("hex_id").size()).fillna(0).to_numpy()
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        centres = hexes.geometry.centroid
    weights = spatialstats.distance_band_weights(centres.x, centres.y, 100_000)
    z = spatialstats.getis_ord_gi_star(counts, weights).z
    hot = set(hexes.loc[z > 1.96, "country"])
    assert {"TJ", "UZ"} <= hot
    crossing = gpd.GeoSeries(gpd.points_from_xy([68.4169], [37.1833]), crs=4326).to_crs(ALBERS).iloc[0]
    assert z[hexes.contains(crossing).to_numpy()].item() > 1.96  # Panji Poyon's hexagon
