"""Benchmark: the convoy self-join of module 06 (reads of different plates at the same camera within
±120 s) on a large read variant, pandas vs DuckDB.

The large variant repeats the course's anpr_reads.csv as many times as needed, each copy with its own
plates and cameras (as if the same traffic ran on other roads), so the density of reads per camera —
and so the number of pairs per read — stays as in the real data and the join grows linearly. Plates and
cameras are integer codes in both engines. Both join on (camera, 2-minute bucket) against the
neighbouring buckets, as `analystlab.methods.anpr.co_reads` does: pandas in memory, DuckDB in SQL on
the Parquet file. Both count the pairs and the pairs seen at 3 or more cameras; the counts must agree.

    python benchmarks/anpr_convoy.py            # 10 M reads
    python benchmarks/anpr_convoy.py --reads 1000000
"""

from __future__ import annotations

import argparse
import resource
import sys
import tempfile
import time
from pathlib import Path

import duckdb
import numpy as np
import pandas as pd

from analystlab import data
from analystlab.methods import anpr

WINDOW_S = 120


def large_reads(n_reads: int) -> pd.DataFrame:
    """At least n_reads reads: copies of the course's reads with their own plate and camera codes."""
    small = data.load("anpr_reads")
    plate = pd.factorize(small["plate_read"].map(anpr.to_latin))[0].astype(np.int64)
    camera = pd.factorize(small["camera_id"])[0].astype(np.int64)
    t = anpr.epoch_seconds(small["time"]).astype(np.int64)
    copies = -(-n_reads // len(small))
    k = np.repeat(np.arange(copies, dtype=np.int64), len(small))
    return pd.DataFrame({"plate": np.tile(plate, copies) + k * (plate.max() + 1),
                         "camera": np.tile(camera, copies) + k * (camera.max() + 1),
                         "t": np.tile(t, copies)})


def pandas_pairs(path: Path) -> tuple[int, int]:
    """(pairs of plates co-read at least once, pairs co-read at 3 or more cameras) with pandas."""
    r = pd.read_parquet(path)
    r["bucket"] = r["t"] // WINDOW_S
    parts = []
    for shift in (-1, 0, 1):  # the bucket before, the same and the next: every pair within the window
        m = r.merge(r.assign(bucket=r["bucket"] + shift), on=["camera", "bucket"], suffixes=("_a", "_b"))
        m = m[(m["plate_a"] < m["plate_b"]) & ((m["t_a"] - m["t_b"]).abs() <= WINDOW_S)]
        parts.append(m[["plate_a", "plate_b", "camera"]])
    pairs = pd.concat(parts).drop_duplicates()
    cams = pairs.groupby(["plate_a", "plate_b"])["camera"].nunique()
    return len(cams), int((cams >= 3).sum())


def duckdb_pairs(path: Path) -> tuple[int, int]:
    """The same counts in DuckDB SQL: an equi-join on (camera, bucket) against the reads shifted by one
    bucket either way. (A plain range join `b.t BETWEEN a.t - 120 AND a.t + 120` on the camera compares
    every read with every read of its camera and is over ten times slower.)"""
    row = duckdb.sql(f"""
        WITH r AS (SELECT plate, camera, t, t // {WINDOW_S} AS bucket FROM read_parquet('{path}')),
        s AS (SELECT plate, camera, t, bucket + k AS bucket FROM r, (VALUES (-1), (0), (1)) v(k)),
        p AS (SELECT a.plate AS plate_a, b.plate AS plate_b, COUNT(DISTINCT a.camera) AS cameras
              FROM r a JOIN s b ON a.camera = b.camera AND a.bucket = b.bucket
              WHERE a.plate < b.plate AND abs(a.t - b.t) <= {WINDOW_S}
              GROUP BY 1, 2)
        SELECT COUNT(*), COUNT(*) FILTER (WHERE cameras >= 3) FROM p""").fetchall()[0]
    return int(row[0]), int(row[1])


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--reads", type=int, default=10_000_000, help="reads in the large variant")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "anpr_reads_large.parquet"
        started = time.perf_counter()
        reads = large_reads(args.reads)
        reads.to_parquet(path, index=False)
        print(f"large variant: {len(reads):,} reads at {reads['camera'].nunique():,} cameras, "
              f"built in {time.perf_counter() - started:.1f} s")
        del reads
        results = {}
        for name, fn in (("DuckDB", duckdb_pairs), ("pandas", pandas_pairs)):
            started = time.perf_counter()
            results[name] = fn(path)
            seconds = time.perf_counter() - started
            peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
            print(f"{name:7} {seconds:6.1f} s  pairs {results[name][0]:,}, at 3+ cameras {results[name][1]:,}  "
                  f"(peak memory so far {peak:.0f} MB)")
    if results["DuckDB"] != results["pandas"]:
        print("the two engines disagree")
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
