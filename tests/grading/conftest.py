"""A throw-away course per test, built from the fixture exercise (never the real grading/ folder)."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from grading_support import FIXTURES, MODULE, REPO, SECRET

from analystlab.grading import gradebook
from analystlab.grading.layout import load_layout


@pytest.fixture(scope="session")
def template(tmp_path_factory) -> Path:
    """Course skeleton with the fixture module released into its own gradebook (built once per worker)."""
    root = tmp_path_factory.mktemp("course-template")
    (root / "grading").mkdir()
    shutil.copy2(REPO / "grading" / "nbgrader_config.py", root / "grading" / "nbgrader_config.py")
    shutil.copytree(FIXTURES / "solutions", root / "solutions")
    (root / "datasets" / "truth").mkdir(parents=True)
    (root / "datasets" / "manifest.json").write_text('{"files": {}}')
    (root / "datasets" / "truth" / "key.csv").write_text(SECRET + "\n")
    gradebook.register_module(load_layout(root), MODULE)
    return root


@pytest.fixture
def course(template, tmp_path, monkeypatch):
    """A private copy of the template course; its layout."""
    root = tmp_path / "course"
    shutil.copytree(template, root, symlinks=True)
    # nbgrader_config.py derives its root from its own location, so the copy is self-contained.
    monkeypatch.setenv("ANALYSTLAB_ROOT", str(root))
    monkeypatch.delenv("ANALYSTLAB_DATA", raising=False)
    return load_layout(root)
