"""Shared test setup: tests import the harness from this folder; notebooks find the committed datasets."""

import copy
import fcntl
import hashlib
import os
import sys
from pathlib import Path

import nbformat
import pytest
from nbclient import NotebookClient

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(Path(__file__).resolve().parent))
# nbgrader calls `alembic` by name: the environment's scripts must be on PATH even when not activated.
os.environ["PATH"] = str(Path(sys.executable).parent) + os.pathsep + os.environ.get("PATH", "")
os.environ.setdefault("ANALYSTLAB_DATA", str(ROOT / "datasets"))
# Matplotlib in notebooks executed by tests: no display, no font-cache warnings on stderr.
os.environ.setdefault("MPLBACKEND", "Agg")


@pytest.fixture(scope="session")
def execute_notebook(request, tmp_path_factory):
    """Execute a notebook once per test session, shared by the tests that read its outputs (and by
    pytest-xdist workers): `execute_notebook(notebook, folder)` returns an executed copy (errors are
    kept as outputs, not raised), run with `folder` as the working directory."""
    base = tmp_path_factory.getbasetemp()
    shared = (base.parent if hasattr(request.config, "workerinput") else base) / "executed-notebooks"
    shared.mkdir(exist_ok=True)

    def run(notebook: nbformat.NotebookNode, folder: Path) -> nbformat.NotebookNode:
        key = hashlib.sha256((str(folder) + nbformat.writes(notebook)).encode()).hexdigest()[:24]
        target = shared / f"{key}.ipynb"
        with open(shared / f"{key}.lock", "w") as lock:
            fcntl.flock(lock, fcntl.LOCK_EX)
            if not target.exists():
                executed = nbformat.from_dict(copy.deepcopy(notebook))
                NotebookClient(executed, timeout=120, kernel_name="python3", allow_errors=True,
                               resources={"metadata": {"path": str(folder)}}).execute()
                nbformat.write(executed, str(target.with_suffix(".tmp")))
                os.replace(target.with_suffix(".tmp"), target)
        return nbformat.read(str(target), as_version=4)

    return run
