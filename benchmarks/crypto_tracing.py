"""Benchmark: multi-hop tracing on a large Bitcoin ledger (module 10), DuckDB recursive CTE vs networkx.

The large ledger (`analystlab.world.large_ledger`, >= 1 M transactions) embeds the course's extract and
adds background payments between many wallets. A trace goes forward from a set of source addresses: hop k
holds the addresses first reached by k transactions (an address paid by a transaction that spends a coin
held at an address of hop k - 1), up to HOPS. Both engines read the same Parquet files, build the address
graph (every input address -> every output address of the same transaction) and give each reached
address its hop; the answers must be equal.

- DuckDB: the edges in SQL, then a recursive CTE keyed on the address (USING KEY), which adds only
  addresses not yet reached, so each address is expanded once — a breadth-first search in SQL.
- networkx: the edges with pandas, a DiGraph, then nx.bfs_layers from the sources, stopped after HOPS.

Each engine runs in its own process (so its peak memory is its own), REPEATS times; medians are printed.

    python benchmarks/crypto_tracing.py                  # 1 M transactions, 4 hops
    python benchmarks/crypto_tracing.py --transactions 200000 --hops 6
"""

from __future__ import annotations

import argparse
import multiprocessing
import resource
import statistics
import sys
import tempfile
import time
from pathlib import Path

import duckdb
import networkx as nx
import numpy as np
import pandas as pd

REPEATS = 3
HOPS = 4
N_SOURCES = 100


def duckdb_trace(folder: Path, sources: np.ndarray, hops: int) -> tuple[pd.DataFrame, float, float]:
    """(address, hop) of every address reached within `hops`, sorted; seconds to build the edges and to trace."""
    con = duckdb.connect()
    con.execute("SET enable_progress_bar = false")
    started = time.perf_counter()
    con.sql(f"""CREATE TABLE edges AS
        SELECT DISTINCT i.address AS src, o.address AS dst
        FROM read_parquet('{folder / "btc_inputs.parquet"}') i
        JOIN read_parquet('{folder / "btc_outputs.parquet"}') o USING (tx)
        WHERE i.address <> o.address""")
    built = time.perf_counter()
    con.register("sources", pd.DataFrame({"address": sources}))
    # USING KEY keeps one row per address; `recurring.reach` is everything reached so far, so each
    # iteration adds only the addresses first reached at that hop (without it, UNION keeps every
    # (address, hop) pair reachable by some walk and redoes the work at each hop).
    reach = con.sql(f"""
        WITH RECURSIVE reach(address, hop) USING KEY (address) AS (
            SELECT DISTINCT address, 0 FROM sources
            UNION
            (SELECT DISTINCT ON (e.dst) e.dst, r.hop + 1
             FROM reach r JOIN edges e ON e.src = r.address
             WHERE r.hop < {int(hops)} AND e.dst NOT IN (SELECT address FROM recurring.reach)))
        SELECT address, hop FROM reach ORDER BY address""").df()
    traced = time.perf_counter()
    con.close()
    return reach.astype(np.int64), built - started, traced - built


def networkx_trace(folder: Path, sources: np.ndarray, hops: int) -> tuple[pd.DataFrame, float, float]:
    """The same answer with pandas and networkx: edges, a DiGraph, breadth-first layers from the sources."""
    started = time.perf_counter()
    ins = pd.read_parquet(folder / "btc_inputs.parquet", columns=["tx", "address"])
    outs = pd.read_parquet(folder / "btc_outputs.parquet", columns=["tx", "address"])
    edges = ins.merge(outs, on="tx", suffixes=("_in", "_out"))
    edges = edges.loc[edges["address_in"] != edges["address_out"], ["address_in", "address_out"]].drop_duplicates()
    del ins, outs
    graph = nx.DiGraph()
    graph.add_edges_from(zip(edges["address_in"].tolist(), edges["address_out"].tolist(), strict=True))
    del edges
    built = time.perf_counter()
    rows = []
    # bfs_layers yields layer k = the nodes first reached at distance k; a source missing from the
    # graph (an address never spent) is still hop 0
    present = [int(s) for s in np.unique(sources) if s in graph]
    for hop, layer in enumerate(nx.bfs_layers(graph, present) if present else []):
        if hop > hops:
            break
        rows += [(node, hop) for node in layer]
    rows += [(int(s), 0) for s in np.unique(sources) if s not in graph]
    traced = time.perf_counter()
    reach = pd.DataFrame(rows, columns=["address", "hop"], dtype=np.int64).sort_values("address", ignore_index=True)
    return reach, built - started, traced - built


ENGINES = {"DuckDB": duckdb_trace, "networkx": networkx_trace}


def _run(engine: str, folder: str, sources: np.ndarray, hops: int, repeats: int):
    """In a child process: `repeats` runs of one engine; (answer, build medians, trace medians, peak MB)."""
    builds, traces = [], []
    for _ in range(repeats):
        reach, build, trace = ENGINES[engine](Path(folder), sources, hops)
        builds.append(build)
        traces.append(trace)
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    return reach, statistics.median(builds), statistics.median(traces), peak


def pick_sources(folder: Path, n: int, seed: int = 0) -> np.ndarray:
    """n addresses paid in the extract's first week, plus the darknet shop's tagged order-page address
    when the course's extract is embedded (its planted flows then run through the trace)."""
    tx = pd.read_parquet(folder / "btc_transactions.parquet")
    outs = pd.read_parquet(folder / "btc_outputs.parquet", columns=["tx", "address"])
    week = tx.loc[tx["time"] < tx["time"].min() + 7 * 86400, "tx"]
    paid = np.unique(outs.loc[outs["tx"].isin(week), "address"].to_numpy())
    picked = np.random.default_rng(seed).choice(paid, min(n, len(paid)), replace=False)
    texts = pd.read_parquet(folder / "btc_addresses.parquet")
    try:
        from analystlab import data

        shop = data.load("crypto_tags").query("category == 'darknet shop'")["address"]
        picked = np.concatenate([picked, texts.loc[texts["text"].isin(shop), "address"].to_numpy()])
    except Exception:  # noqa: BLE001 - without the course's datasets the benchmark still runs
        pass
    return np.unique(picked).astype(np.int64)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--transactions", type=int, default=1_000_000, help="transactions in the large ledger")
    parser.add_argument("--hops", type=int, default=HOPS, help="hops to trace forward")
    parser.add_argument("--repeats", type=int, default=REPEATS, help="runs per engine (the median is printed)")
    args = parser.parse_args()
    from analystlab.paths import datasets_dir
    from analystlab.world.core import DEFAULT_SEED
    from analystlab.world.large_ledger import write_large_ledger

    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        started = time.perf_counter()
        write_large_ledger(DEFAULT_SEED, datasets_dir(), folder, args.transactions)
        n_tx = len(pd.read_parquet(folder / "btc_transactions.parquet", columns=["tx"]))
        print(f"large ledger: {n_tx:,} transactions built and written in {time.perf_counter() - started:.1f} s")
        sources = pick_sources(folder, N_SOURCES)
        results = {}
        context = multiprocessing.get_context("spawn")
        for engine in ENGINES:
            with context.Pool(1) as pool:
                reach, build, trace, peak = pool.apply(_run, (engine, str(folder), sources, args.hops, args.repeats))
            results[engine] = (reach, build, trace)
            per_hop = reach["hop"].value_counts().sort_index().to_dict()
            print(f"{engine:9} edges + graph {build:6.2f} s   trace {trace:6.2f} s   peak memory {peak:6.0f} MB   "
                  f"reached {len(reach):,} addresses within {args.hops} hops {per_hop}  (medians of {args.repeats})")
    (d, d_build, d_trace), (x, x_build, x_trace) = results["DuckDB"], results["networkx"]
    print(f"ratio networkx/DuckDB: build {x_build / d_build:.1f}x, trace {x_trace / d_trace:.1f}x, "
          f"total {(x_build + x_trace) / (d_build + d_trace):.1f}x")
    if not d.equals(x):
        print("the two tracers disagree")
        return 1
    print(f"same answer from both: {len(d):,} addresses with equal hops from {len(sources)} sources")
    return 0


if __name__ == "__main__":
    sys.exit(main())
