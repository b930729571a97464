"""Dataset access for lessons and exercises: `from analystlab import data; df = data.load("seizures")`.

Files are found through `analystlab.paths.datasets_dir()`, so a notebook runs the same from
modules/, solutions/, exercises/, a grading folder or a trainee's copy. Column types come from
datasets/manifest.json: identifiers (phone numbers, IMEIs, plates) stay strings, dates become
datetimes, so nothing loses leading zeros or digits.
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from . import manifest as _manifest
from .errors import DataError
from .paths import datasets_dir

_PANDAS_TYPES = {"string": "string", "int": "Int64", "float": "float64", "bool": "boolean"}


def _resolve(name: str, files: dict) -> str:
    if name in files:
        return name
    matches = [key for key in files if Path(key).with_suffix("").as_posix() == name]
    if len(matches) == 1:
        return matches[0]
    known = sorted(Path(key).with_suffix("").as_posix() for key in files if "/" not in key)
    raise DataError(f"no dataset called {name!r}. Available: {', '.join(known)}")


def path(name: str) -> Path:
    """Absolute path of a dataset file, by name ('seizures') or relative path ('truth/network.csv')."""
    folder = datasets_dir()
    key = _resolve(name, _manifest.read_manifest(folder)["files"])
    target = folder / key
    if not target.is_file():
        raise DataError(f"{key} is listed in the manifest but missing: restore it with "
                        f"`git checkout -- datasets/{key}` or rebuild with `analystlab data build`.")
    return target


def columns(name: str) -> dict[str, str]:
    """The manifest's column types of a dataset: {column: 'string' | 'int' | ... }."""
    folder = datasets_dir()
    files = _manifest.read_manifest(folder)["files"]
    return {col: spec["type"] for col, spec in files[_resolve(name, files)].get("columns", {}).items()}


def load(name: str, **read_kwargs) -> pd.DataFrame:
    """Load a dataset as a DataFrame with the manifest's types.

    CSV: identifiers as pandas strings, integers as nullable Int64, `date` columns as datetime64,
    `datetime` columns (ISO 8601 with offset) as UTC-aware datetimes. Parquet keeps its own types.
    GeoJSON/GeoPackage come back as a GeoDataFrame.
    """
    target = path(name)
    types = columns(name)
    if target.suffix == ".parquet":
        return pd.read_parquet(target, **read_kwargs)
    if target.suffix in (".geojson", ".gpkg"):
        import geopandas

        return geopandas.read_file(target, **read_kwargs)
    if target.suffix != ".csv":
        raise DataError(f"{target.name}: no loader for {target.suffix} files; open it with `data.path(...)`.")
    dtypes = {col: _PANDAS_TYPES.get(kind, "string") for col, kind in types.items() if kind not in ("date", "datetime")}
    frame = pd.read_csv(target, dtype=dtypes, keep_default_na=False, na_values=[""], **read_kwargs)
    for col, kind in types.items():
        if col not in frame:
            continue
        if kind == "date":
            frame[col] = pd.to_datetime(frame[col], format="%Y-%m-%d")
        elif kind == "datetime":
            frame[col] = pd.to_datetime(frame[col], format="ISO8601", utc=True)
    return frame


def verify(folder: Path | None = None) -> list[_manifest.Problem]:
    """Problems found comparing the datasets with their manifest (empty when all is well)."""
    return _manifest.verify(folder or datasets_dir())
