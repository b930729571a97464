"""Benchmark: the module 03 lesson's scale-section queries on the large call records, pandas vs DuckDB.

Needs datasets/large/calls.parquet (`analystlab data build --scale large`, or `write_large`). Each query
runs REPEATS times per engine; the medians and the pandas/DuckDB ratio are printed. pandas reads the
needed columns with Arrow and answers with vectorised operations; DuckDB runs SQL on the file.
"""

from __future__ import annotations

import statistics
import sys
import time

import duckdb
import pandas as pd

from analystlab import data

REPEATS = 5
NUMBER = "+77713737430"  # the lesson's worked example: the northern leader's operational number


def pandas_frequency(path):
    calls = pd.read_parquet(path, columns=["a_number", "b_number", "duration_s"])
    mine = calls[(calls["a_number"] == NUMBER) | (calls["b_number"] == NUMBER)]
    out = mine["a_number"] == NUMBER
    other = mine["b_number"].where(out, mine["a_number"])
    return (pd.DataFrame({"other": other, "out": out.astype(int), "in": (~out).astype(int),
                          "duration_s": mine["duration_s"]})
            .groupby("other").sum().assign(total=lambda d: d["out"] + d["in"])
            .sort_values("total", ascending=False).head(5))


def duckdb_frequency(path):
    src = f"read_parquet('{path}')"
    return duckdb.sql(f"""
        SELECT other, SUM(out_) AS out, SUM(in_) AS "in", COUNT(*) AS total, SUM(duration_s) AS duration_s FROM (
          SELECT b_number AS other, 1 AS out_, 0 AS in_, duration_s FROM {src} WHERE a_number = '{NUMBER}'
          UNION ALL
          SELECT a_number AS other, 0 AS out_, 1 AS in_, duration_s FROM {src} WHERE b_number = '{NUMBER}'
        ) GROUP BY other ORDER BY total DESC LIMIT 5""").df()


def pandas_busiest(path):
    return pd.read_parquet(path, columns=["first_cell"])["first_cell"].value_counts().head(5)


def duckdb_busiest(path):
    return duckdb.sql(f"SELECT first_cell, COUNT(*) AS n FROM read_parquet('{path}') "
                      "GROUP BY first_cell ORDER BY n DESC LIMIT 5").df()


def median_seconds(fn, path) -> float:
    times = []
    for _ in range(REPEATS):
        started = time.perf_counter()
        fn(path)
        times.append(time.perf_counter() - started)
    return statistics.median(times)


def main() -> int:
    path = data.path("calls").parent / "large" / "calls.parquet"
    if not path.is_file():
        print(f"{path} is missing: build it with `analystlab data build --scale large`.")
        return 1
    rows = duckdb.sql(f"SELECT COUNT(*) FROM read_parquet('{path}')").fetchall()[0][0]
    print(f"{rows:,} records; medians of {REPEATS} runs")
    for name, pandas_fn, duck_fn in (("frequency table of one number", pandas_frequency, duckdb_frequency),
                                     ("five busiest cells", pandas_busiest, duckdb_busiest)):
        p, d = median_seconds(pandas_fn, path), median_seconds(duck_fn, path)
        print(f"{name:32s} pandas {p:6.2f} s   DuckDB {d:6.2f} s   ratio pandas/DuckDB {p / d:5.1f}x")
    return 0


if __name__ == "__main__":
    sys.exit(main())
