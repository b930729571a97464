"""The large call-record variant (``--scale large``): at least 10 M records as Parquet, built in chunks.

The small world's records (calls.csv and calls_supplement.csv, with every planted fact) are embedded
unchanged; around them, background traffic of the same lines is drawn in vectorised numpy, one day
range per chunk, and written as one Parquet row group per chunk, so memory stays bounded whatever the
size. Columns and types follow calls.csv: identifiers as strings, ``start`` as a UTC timestamp.
Randomness: the "large" component's generator.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.parquet as pq

from .core import EPOCH0, PERIOD_DAYS, component_rng

TARGET_ROWS = 10_000_000
CHUNKS = 13  # 7 days each
SCHEMA = pa.schema([
    ("call_id", pa.string()), ("a_number", pa.string()), ("b_number", pa.string()),
    ("start", pa.timestamp("s", tz="UTC")), ("duration_s", pa.int64()), ("call_type", pa.string()),
    ("imei", pa.string()), ("imsi", pa.string()), ("first_cell", pa.string()), ("last_cell", pa.string()),
])
# as written: repeating strings dictionary-coded (read back as plain strings: no Arrow schema is stored)
WRITE_SCHEMA = pa.schema([pa.field(f.name, pa.dictionary(pa.int32(), pa.string()))
                          if f.type == pa.string() and f.name != "call_id" else f for f in SCHEMA])


def _small_records(world, datasets: Path) -> pd.DataFrame:
    """The small world's records (both returns) with UTC seconds, as the large variant embeds them.

    Read from the built CSVs next to the large folder when they are there (the build writes them
    first), otherwise generated from the world.
    """
    names = ("calls.csv", "calls_supplement.csv")
    if all((datasets / n).is_file() for n in names):
        frame = pd.concat([pd.read_csv(datasets / n, dtype=str, keep_default_na=False) for n in names],
                          ignore_index=True)
        utc = pd.to_datetime(frame["start"], format="ISO8601", utc=True).dt.tz_localize(None)
        frame["utc"] = utc.astype("datetime64[s]").astype(np.int64)
        frame["duration_s"] = frame["duration_s"].astype(np.int64)
    else:
        tables = {t.path: t.frame for t in world.tables() if t.path in names}
        frame = pd.concat([tables[n] for n in names], ignore_index=True)
    return frame.sort_values(["utc", "call_id"], kind="stable").reset_index(drop=True)


def _background_chunk(rng, n, day0, days, n_lines, n_cells, home_cell):
    """n background records between day0 and day0+days, as codes into the lines and cells (unsorted)."""
    line = rng.integers(0, n_lines, n)
    other = rng.integers(0, n_lines, n)
    hours = np.clip(rng.normal(14.5, 4.2, n), 0, 23.99)
    start = EPOCH0 + (day0 + rng.integers(0, days, n)) * 86400 + (hours * 3600).astype(np.int64)
    sms = rng.random(n) < 0.26
    duration = np.where(sms, 0, np.round(rng.lognormal(np.log(70), 0.9, n))).astype(np.int64)
    # most records from the line's home cell, some from a random cell (travel)
    away = rng.random(n) < 0.15
    first = np.where(away, rng.integers(0, n_cells, n), home_cell[line])
    last = np.where(rng.random(n) < 0.9, first, rng.integers(0, n_cells, n))
    return {"line": line, "other": other, "start": start, "sms": sms, "duration": duration, "first": first,
            "last": last}


def write_large(seed: int, folder: Path, rows: int = TARGET_ROWS, world=None) -> Path:
    """Write ``folder/calls.parquet`` with at least ``rows`` records; return its path."""
    from .world import World

    world = world or World(seed)
    rng = component_rng(seed, "large")
    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    small = _small_records(world, folder.parent)
    # background traffic only on personal lines: operational lines (and their swaps) keep their planted records
    lines = world.lines[world.lines["purpose"] == "personal"].drop_duplicates("msisdn").reset_index(drop=True)
    # each line's usual cell: the cell it used most in the small world, else a random one
    usual = (small.groupby(["a_number", "first_cell"]).size().rename("n").reset_index()
             .sort_values(["a_number", "n"], ascending=[True, False], kind="stable")
             .drop_duplicates("a_number").set_index("a_number")["first_cell"])
    index_of_cell = pd.Series(np.arange(len(world.cells)), index=world.cells["cell_id"])
    home_cell = rng.integers(0, len(world.cells), len(lines))
    known = lines["msisdn"].isin(usual.index).to_numpy()
    home_cell[known] = index_of_cell.loc[usual.loc[lines.loc[known, "msisdn"]].to_numpy()].to_numpy()
    # dictionary-coded columns: the writer stores each distinct value once per row group
    dicts = {
        "number": np.unique(np.concatenate([lines["msisdn"].to_numpy(str), small["a_number"].to_numpy(str),
                                            small["b_number"].to_numpy(str)])),
        "imei": np.unique(np.concatenate([lines["imei"].to_numpy(str), small["imei"].to_numpy(str)])),
        "imsi": np.unique(np.concatenate([lines["imsi"].to_numpy(str), small["imsi"].to_numpy(str)])),
        "cell": np.unique(np.concatenate([world.cells["cell_id"].to_numpy(str), small["first_cell"].to_numpy(str),
                                          small["last_cell"].to_numpy(str)])),
        "type": np.array(["sms", "voice"]),
    }
    arrow = {k: pa.array(v) for k, v in dicts.items()}
    line_code = {k: np.searchsorted(dicts[d], lines[k].to_numpy(str)) for k, d in
                 (("msisdn", "number"), ("imei", "imei"), ("imsi", "imsi"))}
    cell_code = np.searchsorted(dicts["cell"], world.cells["cell_id"].to_numpy(str))
    small_code = {c: np.searchsorted(dicts[d], small[c].to_numpy(str)) for c, d in
                  (("a_number", "number"), ("b_number", "number"), ("imei", "imei"), ("imsi", "imsi"),
                   ("first_cell", "cell"), ("last_cell", "cell"), ("call_type", "type"))}
    per_chunk = -(-(rows - len(small)) // CHUNKS)
    days = -(-PERIOD_DAYS // CHUNKS)
    target = folder / "calls.parquet"
    tmp = target.with_suffix(".parquet.part")
    serial = 0
    coded_cols = [f.name for f in SCHEMA if f.name not in ("call_id", "start", "duration_s")]
    # dictionary indices are already bit-packed: compressing them again costs more time than it saves space
    with pq.ParquetWriter(tmp, WRITE_SCHEMA, store_schema=False, use_dictionary=coded_cols,
                          compression={c: ("none" if c in coded_cols else "snappy") for c in SCHEMA.names},
                          write_statistics=["start", "duration_s"]) as writer:
        for k in range(CHUNKS):
            day0 = k * days
            span = min(days, PERIOD_DAYS - day0)
            lo, hi = EPOCH0 + day0 * 86400, EPOCH0 + (day0 + span) * 86400
            b = _background_chunk(rng, per_chunk, day0, span, len(lines), len(cell_code), home_cell)
            sel = np.flatnonzero((small["utc"].to_numpy() >= lo) & (small["utc"].to_numpy() < hi))
            start = np.concatenate([b["start"], small["utc"].to_numpy(np.int64)[sel]])
            order = np.argsort(start, kind="stable")
            n = len(start)
            ids = pc.binary_join_element_wise(
                "CDL", pc.utf8_lpad(pc.cast(pa.array(np.arange(serial + 1, serial + n + 1)), pa.string()), 9, "0"), "")
            serial += n

            def coded(bg_codes, column, dictionary, order=order, sel=sel):
                codes = np.concatenate([bg_codes, small_code[column][sel]])[order].astype(np.int32)
                return pa.DictionaryArray.from_arrays(pa.array(codes), arrow[dictionary])

            table = pa.table({
                "call_id": ids,
                "a_number": coded(line_code["msisdn"][b["line"]], "a_number", "number"),
                "b_number": coded(line_code["msisdn"][b["other"]], "b_number", "number"),
                "start": pa.array(start[order], pa.timestamp("s", tz="UTC")),
                "duration_s": pa.array(np.concatenate([b["duration"],
                                                       small["duration_s"].to_numpy(np.int64)[sel]])[order]),
                "call_type": coded(np.where(b["sms"], 0, 1), "call_type", "type"),
                "imei": coded(line_code["imei"][b["line"]], "imei", "imei"),
                "imsi": coded(line_code["imsi"][b["line"]], "imsi", "imsi"),
                "first_cell": coded(cell_code[b["first"]], "first_cell", "cell"),
                "last_cell": coded(cell_code[b["last"]], "last_cell", "cell"),
            })
            writer.write_table(table, row_group_size=n)
    tmp.replace(target)
    return target
