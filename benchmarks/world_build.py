"""Benchmark: time of a full case-world build (target <= 20 s on 2 cores) and its peak memory."""

from __future__ import annotations

import resource
import sys
import tempfile
import time
from pathlib import Path

from analystlab.world import DEFAULT_SEED, build


def main() -> int:
    with tempfile.TemporaryDirectory() as tmp:
        started = time.perf_counter()
        build(seed=DEFAULT_SEED, out=Path(tmp) / "datasets")
        seconds = time.perf_counter() - started
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"full build: {seconds:.1f} s (target <= 20 s); peak memory {peak_mb:.0f} MB")
    print("large variant (--scale large): measured by benchmarks/large_calls.py")
    return 0 if seconds <= 20 else 1


if __name__ == "__main__":
    sys.exit(main())
