"""Extract the country outlines of Central Asia and its neighbours from Natural Earth.

Source: Natural Earth 1:110m Cultural Vectors, Admin 0 - Countries (public domain,
https://www.naturalearthdata.com/about/terms-of-use/), as shipped in the geopandas 0.14.4 wheel on
PyPI (``geopandas/datasets/naturalearth_lowres``; later geopandas versions no longer ship it).

Writes ``src/analystlab/world/geography/countries.json`` (GeoJSON, WGS84 longitude/latitude): one
feature per country reaching into the course's map window, clipped to it, with coordinates rounded
to 5 decimals (about 1 m). The case world's build copies it to ``datasets/reference/countries.geojson``.

Usage (from the repository root)::

    python scripts/extract_natural_earth.py                  # downloads the wheel with pip
    python scripts/extract_natural_earth.py --wheel PATH.whl # or uses a wheel you already have
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
import zipfile
from pathlib import Path

import geopandas as gpd
from shapely.geometry import box, mapping

ROOT = Path(__file__).resolve().parents[1]
TARGET = ROOT / "src" / "analystlab" / "world" / "geography" / "countries.json"
WHEEL = "geopandas==0.14.4"
MEMBER = "geopandas/datasets/naturalearth_lowres/naturalearth_lowres"
# Every country that reaches into the map window: ISO 3166-1 alpha-3 (as in Natural Earth) -> alpha-2
# (as in the course's datasets).
COUNTRIES = {
    "AFG": "AF", "ARM": "AM", "AZE": "AZ", "BTN": "BT", "CHN": "CN", "GEO": "GE", "IND": "IN", "IRN": "IR",
    "IRQ": "IQ", "ISR": "IL", "JOR": "JO", "KAZ": "KZ", "KGZ": "KG", "KWT": "KW", "LBN": "LB", "MNG": "MN",
    "NPL": "NP", "PAK": "PK", "PSE": "PS", "RUS": "RU", "SAU": "SA", "SYR": "SY", "TJK": "TJ", "TKM": "TM",
    "TUR": "TR", "UKR": "UA", "UZB": "UZ",
}
CENTRAL_ASIA = ("KZ", "KG", "TJ", "UZ", "TM")
# Map window (lon_min, lat_min, lon_max, lat_max): Moscow to Novosibirsk, the Caspian to Xinjiang.
WINDOW = (35.0, 28.0, 90.0, 60.0)
DECIMALS = 5


def fetch_wheel(folder: Path) -> Path:
    """Download the geopandas 0.14.4 wheel (no dependencies) with pip into folder."""
    subprocess.run([sys.executable, "-m", "pip", "download", WHEEL, "--no-deps", "-q", "-d", str(folder)],
                   check=True)
    return next(folder.glob("geopandas-0.14.4-*.whl"))


def read_lowres(wheel: Path, folder: Path) -> gpd.GeoDataFrame:
    """The naturalearth_lowres shapefile read from inside the wheel."""
    with zipfile.ZipFile(wheel) as archive:
        for ext in (".shp", ".shx", ".dbf", ".prj", ".cpg"):
            archive.extract(MEMBER + ext, folder)
    return gpd.read_file(folder / (MEMBER + ".shp"))


def _rounded(coords):
    if isinstance(coords[0], int | float):
        return [round(float(c), DECIMALS) for c in coords]
    return [_rounded(c) for c in coords]


def feature_collection(world: gpd.GeoDataFrame) -> dict:
    """The region's countries clipped to WINDOW, as a GeoJSON dict with the source noted."""
    window = box(*WINDOW)
    features = []
    reaching = world[world.intersects(window)]
    unknown = sorted(set(reaching["iso_a3"]) - set(COUNTRIES))
    if unknown:
        raise SystemExit(f"add the alpha-2 codes of {unknown} to COUNTRIES")
    picked = reaching.sort_values("iso_a3")
    for row in picked.itertuples():
        clipped = row.geometry.intersection(window)
        geometry = mapping(clipped)
        coordinates = _rounded(json.loads(json.dumps(geometry["coordinates"])))  # tuples -> lists
        features.append({
            "type": "Feature",
            "properties": {
                "iso_a2": COUNTRIES[row.iso_a3],
                "iso_a3": row.iso_a3,
                "name": row.name,
                "central_asia": COUNTRIES[row.iso_a3] in CENTRAL_ASIA,
                "clipped": not row.geometry.within(window),
            },
            "geometry": {"type": geometry["type"], "coordinates": coordinates},
        })
    return {
        "type": "FeatureCollection",
        "name": "countries",
        "source": "Natural Earth 1:110m Admin 0 - Countries (naturalearth_lowres in the geopandas 0.14.4 wheel)",
        "licence": "public domain (Natural Earth terms of use)",
        "note": "boundaries as Natural Earth draws them at 1:110m, generalised by kilometres; no endorsement of "
                "any boundary is implied",
        "window": list(WINDOW),
        "features": features,
    }


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--wheel", type=Path, help="a geopandas-0.14.4 wheel already downloaded")
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory() as tmp:
        wheel = args.wheel or fetch_wheel(Path(tmp))
        collection = feature_collection(read_lowres(wheel, Path(tmp)))
    TARGET.parent.mkdir(parents=True, exist_ok=True)
    TARGET.write_text(json.dumps(collection, ensure_ascii=False, separators=(",", ":")) + "\n", encoding="utf-8")
    print(f"wrote {len(collection['features'])} countries to {TARGET.relative_to(ROOT)}")


if __name__ == "__main__":
    main()
