"""The datasets manifest: what each committed file should hold, and a diagnosis when it does not.

`datasets/manifest.json` records, per file, its sha256, size, rows and columns. For CSV files each
column also carries its type (string, int, float, bool, date, datetime), a hash of its values and
the shortest/longest value, so a changed file can be explained column by column (a spreadsheet
that strips leading zeros or rewrites dates changes exactly those columns).
"""

from __future__ import annotations

import csv
import hashlib
import json
import re
from dataclasses import dataclass
from pathlib import Path

MANIFEST_NAME = "manifest.json"
COLUMN_TYPES = ("string", "int", "float", "bool", "date", "datetime")

_ISO_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
_ISO_DATETIME = re.compile(r"^\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})?$")
_SCIENTIFIC = re.compile(r"^-?\d+(\.\d+)?[eE][+-]?\d+$")

RESTORE_HINT = (
    "restore it with `git checkout -- datasets/{path}` (or rebuild all data with `analystlab data build`; "
    "in the trainee edition, take the file again from its zip). "
    "To look at a CSV in Excel use Data > From Text/CSV with identifier columns as Text, and never save it back."
)


def sha256_of(path: Path) -> str:
    """Hex sha256 of a file's bytes."""
    digest = hashlib.sha256()
    with open(path, "rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def _read_csv_columns(path: Path) -> tuple[list[str], dict[str, list[str]]]:
    with open(path, encoding="utf-8", newline="") as handle:
        reader = csv.reader(handle)
        header = next(reader, [])
        columns: dict[str, list[str]] = {name: [] for name in header}
        for row in reader:
            for name, value in zip(header, row, strict=False):
                columns[name].append(value)
    return header, columns


def _column_record(kind: str, values: list[str]) -> dict:
    digest = hashlib.sha256("\x1f".join(values).encode("utf-8")).hexdigest()
    present = [v for v in values if v != ""]
    widths = [min(map(len, present)), max(map(len, present))] if present else [0, 0]
    return {"type": kind, "sha256": digest, "width": widths}


def file_record(path: Path, column_types: dict[str, str] | None = None, rows: int | None = None) -> dict:
    """Manifest entry for one file. CSV columns get per-column hashes; other files may pass `rows`
    (e.g. Parquet row count, GeoJSON feature count) and `column_types`."""
    record: dict = {"sha256": sha256_of(path), "bytes": path.stat().st_size}
    if path.suffix == ".csv":
        header, columns = _read_csv_columns(path)
        types = column_types or {}
        unknown = sorted(set(types) - set(header))
        if unknown:
            raise ValueError(f"{path.name}: column types given for absent columns {unknown}")
        record["rows"] = len(next(iter(columns.values()))) if columns else 0
        record["columns"] = {name: _column_record(types.get(name, "string"), columns[name]) for name in header}
    else:
        if rows is not None:
            record["rows"] = rows
        if column_types:
            record["columns"] = {name: {"type": kind} for name, kind in column_types.items()}
    for column in record.get("columns", {}).values():
        if column["type"] not in COLUMN_TYPES:
            raise ValueError(f"{path.name}: unknown column type {column['type']!r}; use one of {COLUMN_TYPES}")
    return record


def write_manifest(datasets: Path, files: dict[str, dict], **header) -> Path:
    """Write datasets/manifest.json from {relative path: file_record(...)}: files sorted, columns in file order."""
    manifest = {"format": 1, **header, "files": {key: files[key] for key in sorted(files)}}
    target = datasets / MANIFEST_NAME
    target.write_text(json.dumps(manifest, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")
    return target


def read_manifest(datasets: Path) -> dict:
    """Load the manifest, with a clear error when it is missing or corrupt."""
    from .errors import DataError

    target = datasets / MANIFEST_NAME
    if not target.is_file():
        raise DataError(f"no manifest at {target}: rebuild the data with `analystlab data build`.")
    try:
        manifest = json.loads(target.read_text(encoding="utf-8"))
        if not isinstance(manifest.get("files"), dict):
            raise ValueError("no 'files' table")
    except (ValueError, UnicodeDecodeError) as exc:
        raise DataError(
            f"the manifest {target} is corrupt ({exc}): restore it with `git checkout -- datasets/manifest.json`."
        ) from exc
    return manifest


@dataclass
class Problem:
    """One file that does not match the manifest."""

    path: str
    what: str
    cause: str
    fix: str

    def __str__(self) -> str:
        return f"{self.path}: {self.what}\n    likely cause: {self.cause}\n    fix: {self.fix}"


def _diagnose_column(name: str, expected: dict, values: list[str]) -> str | None:
    if _column_record(expected["type"], values)["sha256"] == expected["sha256"]:
        return None
    kind = expected["type"]
    present = [v for v in values if v != ""]
    if any(_SCIENTIFIC.match(v) for v in present) and kind == "string":
        return f"column '{name}': identifiers turned into numbers in scientific notation (e.g. {present[0]!r})"
    if kind == "string" and present and min(map(len, present)) < expected["width"][0]:
        short = min(present, key=len)
        return f"column '{name}': values shorter than any original (e.g. {short!r}): leading zeros or '+' stripped"
    if kind in ("date", "datetime"):
        pattern = _ISO_DATE if kind == "date" else _ISO_DATETIME
        odd = next((v for v in present if not pattern.match(v)), None)
        if odd is not None:
            return f"column '{name}': dates rewritten in another format (e.g. {odd!r}, expected ISO 8601)"
    return f"column '{name}': values changed"


def check_file(datasets: Path, relpath: str, expected: dict) -> Problem | None:
    """Compare one file with its manifest entry; None when it matches."""
    path = datasets / relpath
    hint = RESTORE_HINT.format(path=relpath)
    if not path.is_file():
        return Problem(relpath, "missing", "deleted or never built", hint)
    if sha256_of(path) == expected["sha256"]:
        return None
    if path.suffix != ".csv" or "columns" not in expected:
        return Problem(relpath, "contents differ from the manifest", "edited or re-saved by another program", hint)
    try:
        header, columns = _read_csv_columns(path)
    except (UnicodeDecodeError, csv.Error) as exc:
        return Problem(relpath, f"no longer readable as UTF-8 CSV ({exc})",
                       "re-saved by a spreadsheet in another encoding", hint)
    if header and header[0].startswith("\ufeff"):
        return Problem(relpath, "a byte-order mark was added", "re-saved by a spreadsheet as 'CSV UTF-8'", hint)
    if header != list(expected["columns"]):
        return Problem(relpath, f"columns differ: {header} instead of {list(expected['columns'])}",
                       "columns renamed, added, removed or reordered", hint)
    rows = len(columns[header[0]]) if header else 0
    if rows != expected.get("rows"):
        return Problem(relpath, f"{rows} rows instead of {expected.get('rows')}", "rows added or deleted", hint)
    findings = [f for name in header if (f := _diagnose_column(name, expected["columns"][name], columns[name]))]
    if findings:
        cause = "re-saved by a spreadsheet" if any("stripped" in f or "format" in f or "notation" in f
                                                    for f in findings) else "values edited"
        return Problem(relpath, "; ".join(findings), cause, hint)
    return Problem(relpath, "values equal but bytes differ (line endings, quoting or separators)",
                   "re-saved by a spreadsheet or an editor", hint)


def verify(datasets: Path) -> list[Problem]:
    """Every file in the manifest that is missing or changed, in manifest order."""
    manifest = read_manifest(datasets)
    problems = []
    for relpath, expected in manifest["files"].items():
        problem = check_file(datasets, relpath, expected)
        if problem:
            problems.append(problem)
    return problems
