"""`analystlab selfcheck`: does this install work? The trainee edition's `make test`.

Checks that the datasets match their manifest, that every lesson executes from top to bottom, and
that every released exercise loads and its given cells (those before the first answer cell) run.
Notebooks execute in memory, in a temporary folder: no file of the course is written.
"""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

import nbformat
from nbclient import NotebookClient
from nbclient.exceptions import CellExecutionError

from . import data
from .course import built_modules, find_module
from .errors import AnalystlabError
from .notebooks import check_readable, local_kernel_config
from .paths import DATA_ENV, ROOT_ENV, course_root, datasets_dir


def _execute(notebook: nbformat.NotebookNode, root: Path, timeout: int) -> None:
    """Run a notebook in a scratch folder, with the course's data and package, raising on the first error."""
    env = {DATA_ENV: str(datasets_dir()), ROOT_ENV: str(root), "MPLBACKEND": "Agg"}
    saved = {key: os.environ.get(key) for key in env}
    os.environ.update(env)  # the kernel inherits this process's environment
    try:
        with tempfile.TemporaryDirectory(prefix="analystlab-selfcheck-") as scratch:
            NotebookClient(notebook, timeout=timeout, kernel_name="python3", config=local_kernel_config(Path(scratch)),
                           resources={"metadata": {"path": scratch}}).execute()
    finally:
        for key, value in saved.items():
            if value is None:
                os.environ.pop(key, None)
            else:
                os.environ[key] = value


def _given_cells(notebook: nbformat.NotebookNode) -> nbformat.NotebookNode:
    """The exercise up to its first answer cell: what must run before the trainee writes anything."""
    given = nbformat.from_dict(notebook)
    first = next((i for i, c in enumerate(given.cells) if c.get("metadata", {}).get("nbgrader", {}).get("solution")),
                 len(given.cells))
    given.cells = given.cells[:first]
    return given


def _first_line(exc: Exception) -> str:
    text = str(exc).strip()
    lines = [line for line in text.splitlines() if line.strip()]
    return lines[-1][:200] if lines else type(exc).__name__


def selfcheck(names: list[str] | None = None, lessons: bool = True, timeout: int = 180) -> int:
    """Print one line per check; return 0 when everything passes, 1 otherwise."""
    root = course_root()
    failures = 0
    problems = data.verify()
    print(f"{'ok' if not problems else 'FAIL':5} datasets match their manifest"
          + ("" if not problems else f" ({len(problems)} differ: run `analystlab data verify`)"))
    failures += bool(problems)
    modules = [find_module(name, root) for name in names] if names else built_modules(root)
    for module in modules:
        checks = [(nb, "lesson") for nb in sorted(module.lesson_dir(root).glob("*.ipynb")) if lessons]
        checks += [(nb, "exercise") for nb in sorted(module.release_dir(root).glob("*.ipynb"))]
        for path, kind in checks:
            label = f"{kind} {path.relative_to(root).as_posix()}"
            try:
                notebook = check_readable(path)
                _execute(notebook if kind == "lesson" else _given_cells(notebook), root, timeout)
            except (AnalystlabError, CellExecutionError, TimeoutError, RuntimeError) as exc:
                print(f"FAIL  {label} — {_first_line(exc)}")
                failures += 1
                continue
            print(f"ok    {label} {'executes' if kind == 'lesson' else 'loads and its given cells run'}")
    print("all checks pass" if not failures else f"{failures} check(s) failed")
    return 1 if failures else 0
