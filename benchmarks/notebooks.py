"""Execute every lesson and solution notebook; print seconds and peak kernel memory per notebook
against the targets (≤ 60 s and ≤ 1.5 GB each, ≤ 6 min for all). Run: `make benchmarks`."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
LIMIT_SECONDS, LIMIT_MB, LIMIT_TOTAL = 60, 1536, 360

# Runs in a child process: executes one notebook, then reports the kernel's peak RSS. The kernel is
# this child's own child, so once it has exited RUSAGE_CHILDREN holds its high-water mark.
RUNNER = """
import json, resource, sys, time
import nbformat
from nbclient import NotebookClient
path = sys.argv[1]
nb = nbformat.read(path, as_version=4)
start = time.perf_counter()
error = ""
try:
    NotebookClient(nb, timeout=600, kernel_name="python3",
                   resources={"metadata": {"path": sys.argv[2]}}).execute()
except Exception as exc:
    error = type(exc).__name__
seconds = time.perf_counter() - start
peak_kb = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
print(json.dumps({"seconds": seconds, "peak_mb": peak_kb / 1024, "error": error}))
"""


def notebooks() -> list[Path]:
    """Lessons and solution notebooks, in course order."""
    found = sorted((ROOT / "modules").glob("*/*.ipynb")) + sorted((ROOT / "solutions").glob("*/*.ipynb"))
    return [p for p in found if ".ipynb_checkpoints" not in p.parts]


def measure(path: Path) -> dict:
    """Seconds and peak kernel memory of one notebook's full execution."""
    result = subprocess.run([sys.executable, "-c", RUNNER, str(path), str(path.parent)],
                            capture_output=True, text=True, env={**os.environ, "MPLBACKEND": "Agg"})
    if result.returncode != 0:
        return {"seconds": float("nan"), "peak_mb": float("nan"), "error": result.stderr.strip()[-200:]}
    return json.loads(result.stdout.strip().splitlines()[-1])


def main() -> int:
    rows, total, failures = [], 0.0, 0
    print(f"{'notebook':58} {'seconds':>8} {'peak MB':>8}  verdict")
    for path in notebooks():
        wall = time.perf_counter()
        row = measure(path)
        total += time.perf_counter() - wall
        ok = not row["error"] and row["seconds"] <= LIMIT_SECONDS and row["peak_mb"] <= LIMIT_MB
        failures += not ok
        verdict = "ok" if ok else (row["error"] or "over target")
        print(f"{str(path.relative_to(ROOT)):58} {row['seconds']:8.1f} {row['peak_mb']:8.0f}  {verdict}")
        rows.append(row)
    print(f"\n{len(rows)} notebooks, {total:.0f} s in all (target ≤ {LIMIT_TOTAL} s); "
          f"targets per notebook ≤ {LIMIT_SECONDS} s and ≤ {LIMIT_MB} MB; {failures} over target")
    return 1 if failures or total > LIMIT_TOTAL else 0


if __name__ == "__main__":
    sys.exit(main())
