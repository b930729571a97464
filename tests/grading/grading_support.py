"""Helpers shared by the grading tests: the fixture course's notebooks and how to submit them."""

from __future__ import annotations

from pathlib import Path

import nbformat

FIXTURES = Path(__file__).parent / "fixtures"
REPO = Path(__file__).resolve().parents[2]
MODULE = "99-fixture"
SECRET = "secret-answer-key-4242"


def solution(layout) -> nbformat.NotebookNode:
    return nbformat.read(layout.source / MODULE / "fixture.ipynb", as_version=4)


def release(layout) -> nbformat.NotebookNode:
    return nbformat.read(layout.release / MODULE / "fixture.ipynb", as_version=4)


def cell(nb, gid):
    return next(c for c in nb.cells if c.metadata.get("nbgrader", {}).get("grade_id") == gid)


def answered(layout, **answers) -> nbformat.NotebookNode:
    """The released notebook with the solution in every answer cell, except those given here."""
    nb = release(layout)
    src = solution(layout)
    for c in nb.cells:
        gid = c.metadata.get("nbgrader", {}).get("grade_id")
        if c.metadata.get("nbgrader", {}).get("solution"):
            c.source = answers.get(gid, cell(src, gid).source)
    return nb


def submit(layout, student: str, nb) -> Path:
    folder = layout.submitted / student / MODULE
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / "fixture.ipynb"
    if isinstance(nb, str | bytes):
        path.write_bytes(nb.encode() if isinstance(nb, str) else nb)
    else:
        nbformat.write(nb, path)
    return path
