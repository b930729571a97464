"""The large call-record variant (``--scale large``): at least 10 M records as Parquet, built in chunks.

The small world's records (calls.csv and calls_supplement.csv, with every planted fact) are embedded
unchanged; around them, background traffic of the same personal lines is drawn in vectorised numpy, one
day range per chunk, and written as one Parquet row group per chunk, so memory stays bounded whatever
the size. Columns and types follow calls.csv: identifiers as strings, ``start`` as a UTC timestamp.

The background keeps the small world's behaviour rather than inventing a new one: each line calls the
contacts it calls in the small world (mostly), and is served by the cells it uses there, drawn
separately for local night (22:00-06:00) and day, so a phone still moves between its home and its
day-time places and its night cell can differ from its most-used one. The called party's cell
(``b_cell``) is drawn from the called line's own cells the same way. A line without records of its
own borrows the habits of another line of its operator.
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
from .reference import utc_offset_at

TARGET_ROWS = 10_000_000
CHUNKS = 13  # 7 days each
SCHEMA = pa.schema([
    ("call_id", pa.string()), ("a_number", pa.string()), ("b_number", pa.string()),
    ("start", pa.timestamp("s", tz="UTC")), ("duration_s", pa.int64()), ("call_type", pa.string()),
    ("imei", pa.string()), ("imsi", pa.string()), ("first_cell", pa.string()), ("last_cell", pa.string()),
    ("b_cell", pa.string()),
])
NIGHT_HOURS = (22, 6)  # local time, as module 03's lesson defines the night cell
CONTACT_SHARE = 0.85  # background calls to the line's own contacts; the rest to anyone
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


class _Habits:
    """Draws, per key (a line), one value (a cell or a contact) with the frequencies seen in the small world.

    The observations themselves are the table: drawing a uniform position within a key's own
    observations reproduces their frequencies exactly, in one gather per draw.
    """

    def __init__(self, keys: np.ndarray, values: np.ndarray, n_keys: int, donor: np.ndarray | None = None):
        order = np.argsort(keys, kind="stable")
        self.values = values[order]
        sorted_keys = keys[order]
        self.low = np.searchsorted(sorted_keys, np.arange(n_keys), side="left")
        self.count = np.searchsorted(sorted_keys, np.arange(n_keys), side="right") - self.low
        self.has = self.count > 0
        self.donor = np.arange(n_keys) if donor is None else donor

    def draw(self, rng, keys: np.ndarray) -> np.ndarray:
        """One value per key; keys without habits of their own use their donor's."""
        keys = np.where(self.has[keys], keys, self.donor[keys])
        return self.values[self.low[keys] + (rng.random(len(keys)) * self.count[keys]).astype(np.int64)]


def _donors(rng, has: np.ndarray, operator: np.ndarray) -> np.ndarray:
    """For each line, itself if it has habits, else a random line of the same operator that has them."""
    donor = np.arange(len(has))
    for op in np.unique(operator):
        pool = np.flatnonzero(has & (operator == op))
        pool = pool if len(pool) else np.flatnonzero(has)
        lacking = np.flatnonzero(~has & (operator == op))
        donor[lacking] = pool[rng.integers(0, len(pool), len(lacking))]
    return donor


def _is_night(local_hour: np.ndarray) -> np.ndarray:
    start, end = NIGHT_HOURS
    return (local_hour >= start) | (local_hour < end)


def _background_chunk(rng, n, day0, days, n_lines, habits, offset_min):
    """n background records between day0 and day0+days, as codes into the lines and cells (unsorted)."""
    line = rng.integers(0, n_lines, n)
    contact = habits["contact"].draw(rng, line)
    other = np.where(rng.random(n) < CONTACT_SHARE, contact, rng.integers(0, n_lines, n))
    other = np.where(other == line, (other + 1) % n_lines, other)
    hours = np.clip(rng.normal(14.5, 4.2, n), 0, 23.99)  # local
    night = _is_night(hours.astype(np.int64))
    # the cells table is keyed by line * 2 + (1 at night, 0 by day)
    first = habits["cells"].draw(rng, line * 2 + night)
    b_cell = habits["cells"].draw(rng, other * 2 + night)
    # EPOCH0 is local midnight at UTC+5; cells in other zones shift the same local hour
    start = (EPOCH0 + (day0 + rng.integers(0, days, n)) * 86400 + (hours * 3600).astype(np.int64)
             - (offset_min[first] - 300) * 60)
    sms = rng.random(n) < 0.26
    duration = np.where(sms, 0, np.round(rng.lognormal(np.log(70), 0.9, n))).astype(np.int64)
    # a long call may hand over to another cell the line uses at that time of day
    last = first.copy()
    moved = np.flatnonzero(~sms & (rng.random(n) < 0.1))
    last[moved] = habits["cells"].draw(rng, line[moved] * 2 + night[moved])
    return {"line": line, "other": other, "start": start, "sms": sms, "duration": duration, "first": first,
            "last": last, "b_cell": b_cell}


def _local_hour(frame: pd.DataFrame, column: str, offset_by_cell: pd.Series) -> np.ndarray:
    offset = frame[column].map(offset_by_cell).fillna(300).to_numpy(np.int64)
    return ((frame["utc"].to_numpy(np.int64) + offset * 60) // 3600) % 24


def _filled(keys, values, other_keys, other_values):
    """keys/values, plus the other pairs whose key has none of its own."""
    missing = ~np.isin(other_keys, keys)
    return np.concatenate([keys, other_keys[missing]]), np.concatenate([values, other_values[missing]])


def _habits(rng, small: pd.DataFrame, lines: pd.DataFrame, cell_codes: pd.Series,
            offset_by_cell: pd.Series) -> dict[str, _Habits]:
    """Each personal line's contacts and night/day cells as the small world's records show them."""
    line_of = pd.Series(np.arange(len(lines)), index=lines["msisdn"].to_numpy())
    # a line's own serving cell: first_cell on the records it makes, b_cell on those it receives
    own = pd.concat([
        pd.DataFrame({"line": small["a_number"].map(line_of), "cell": small["first_cell"],
                      "hour": _local_hour(small, "first_cell", offset_by_cell)}),
        pd.DataFrame({"line": small["b_number"].map(line_of), "cell": small["b_cell"],
                      "hour": _local_hour(small, "b_cell", offset_by_cell)}),
    ]).dropna(subset=["line"])
    own = own[own["cell"].isin(cell_codes.index)]
    own_line, own_cell = own["line"].to_numpy(np.int64), cell_codes.loc[own["cell"]].to_numpy(np.int64)
    night = _is_night(own["hour"].to_numpy())
    operator = lines["operator"].to_numpy(str)
    any_cell = np.zeros(len(lines), bool)
    any_cell[own_line] = True
    donor = _donors(rng, any_cell, operator)
    # a line seen only by day sleeps where it spends its day, and the other way round
    night_line, night_cell = _filled(own_line[night], own_cell[night], own_line[~night], own_cell[~night])
    day_line, day_cell = _filled(own_line[~night], own_cell[~night], own_line[night], own_cell[night])
    keyed_donor = (donor[:, None] * 2 + np.array([0, 1])).ravel()  # key line*2+flag -> donor*2+flag
    cells = _Habits(np.concatenate([day_line * 2, night_line * 2 + 1]), np.concatenate([day_cell, night_cell]),
                    2 * len(lines), keyed_donor)
    pairs = pd.DataFrame({"a": small["a_number"].map(line_of), "b": small["b_number"].map(line_of)}).dropna()
    contacts = np.concatenate([pairs[["a", "b"]].to_numpy(np.int64), pairs[["b", "a"]].to_numpy(np.int64)])
    has_contact = np.zeros(len(lines), bool)
    has_contact[contacts[:, 0]] = True
    return {"cells": cells,
            "contact": _Habits(contacts[:, 0], contacts[:, 1], len(lines), _donors(rng, has_contact, operator))}


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
    # dictionary-coded columns: the writer stores each distinct value once per row group
    dicts = {
        "number": np.unique(np.concatenate([lines["msisdn"].to_numpy(str), small["a_number"].to_numpy(str),
                                            small["b_number"].to_numpy(str)])),
        "imei": np.unique(np.concatenate([lines["imei"].to_numpy(str), small["imei"].to_numpy(str)])),
        "imsi": np.unique(np.concatenate([lines["imsi"].to_numpy(str), small["imsi"].to_numpy(str)])),
        "cell": np.unique(np.concatenate([world.cells["cell_id"].to_numpy(str), small["first_cell"].to_numpy(str),
                                          small["last_cell"].to_numpy(str), small["b_cell"].to_numpy(str)])),
        "type": np.array(["sms", "voice"]),
    }
    arrow = {k: pa.array(v) for k, v in dicts.items()}
    line_code = {k: np.searchsorted(dicts[d], lines[k].to_numpy(str)) for k, d in
                 (("msisdn", "number"), ("imei", "imei"), ("imsi", "imsi"))}
    cell_code = np.searchsorted(dicts["cell"], world.cells["cell_id"].to_numpy(str))
    offset_by_cell = pd.Series([utc_offset_at(cc, place) for cc, place in
                                zip(world.cells["country"], world.cells["place"], strict=True)],
                               index=world.cells["cell_id"].to_numpy())
    habits = _habits(rng, small, lines, pd.Series(np.arange(len(world.cells)), index=world.cells["cell_id"]),
                     offset_by_cell)
    offset_min = offset_by_cell.to_numpy(np.int64)
    small_code = {c: np.searchsorted(dicts[d], small[c].to_numpy(str)) for c, d in
                  (("a_number", "number"), ("b_number", "number"), ("imei", "imei"), ("imsi", "imsi"),
                   ("first_cell", "cell"), ("last_cell", "cell"), ("b_cell", "cell"), ("call_type", "type"))}
    per_chunk = max(0, -(-(rows - len(small)) // CHUNKS))
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
            b = _background_chunk(rng, per_chunk, day0, span, len(lines), habits, offset_min)
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
                "b_cell": coded(cell_code[b["b_cell"]], "b_cell", "cell"),
            })
            writer.write_table(table, row_group_size=n)
    tmp.replace(target)
    return target
