"""Shared test setup: tests import the harness from this folder; notebooks find the committed datasets."""

import os
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(Path(__file__).resolve().parent))
# nbgrader calls `alembic` by name: the environment's scripts must be on PATH even when not activated.
os.environ["PATH"] = str(Path(sys.executable).parent) + os.pathsep + os.environ.get("PATH", "")
os.environ.setdefault("ANALYSTLAB_DATA", str(ROOT / "datasets"))
# Matplotlib in notebooks executed by tests: no display, no font-cache warnings on stderr.
os.environ.setdefault("MPLBACKEND", "Agg")
