"""Benchmark: build the large call-record variant (>= 10 M rows, Parquet) and report rows/s and peak memory.

Targets (DESIGN.md): >= 1 M rows/s on 2 cores, peak memory <= 2 GB. Writes into a temporary folder next
to a fresh small build, so the course's datasets/ is untouched.
"""

from __future__ import annotations

import resource
import sys
import tempfile
import time
from pathlib import Path

import pyarrow.parquet as pq

from analystlab.world import DEFAULT_SEED
from analystlab.world.build import write_tables
from analystlab.world.large import write_large
from analystlab.world.world import World


def main() -> int:
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp) / "datasets"
        root.mkdir()
        world = World(DEFAULT_SEED)
        write_tables(world, root)  # the large variant embeds the small world's records
        before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
        started = time.perf_counter()
        path = write_large(DEFAULT_SEED, root / "large", world=world)
        seconds = time.perf_counter() - started
        meta = pq.ParquetFile(path).metadata
        size_mb = path.stat().st_size / 1e6
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    rate = meta.num_rows / seconds
    print(f"large variant: {meta.num_rows:,} rows in {meta.num_row_groups} row groups, {size_mb:.0f} MB, "
          f"{seconds:.1f} s = {rate / 1e6:.2f} M rows/s (target >= 1); peak memory {peak_mb:.0f} MB "
          f"(after the small build: {before:.0f} MB; target <= 2048)")
    return 0 if rate >= 1e6 and peak_mb <= 2048 else 1


if __name__ == "__main__":
    sys.exit(main())
