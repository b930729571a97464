"""Running a lesson or the start page never changes a tracked file: `make lab` runs them from copies
in my-work/ (`analystlab workspace`), so a trainee's `git pull` never conflicts."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import nbformat
import pytest
from nbclient import NotebookClient

ROOT = Path(__file__).resolve().parents[1]
LESSON = Path("modules/00-orientation/00-lesson.ipynb")


def git(folder: Path, *args: str) -> str:
    result = subprocess.run(["git", "-C", str(folder), *args], capture_output=True, text=True)
    assert result.returncode == 0, f"git {' '.join(args)}:\n{result.stdout}{result.stderr}"
    return result.stdout


def workspace(root: Path) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "analystlab.cli", "workspace"], capture_output=True, text=True,
                          cwd=root)


def run_as_in_jupyterlab(path: Path) -> None:
    """Execute a notebook in its own folder and save it with its outputs, as JupyterLab's autosave does."""
    notebook = nbformat.read(str(path), as_version=4)
    NotebookClient(notebook, timeout=120, kernel_name="python3", resources={"metadata": {"path": str(path.parent)}}
                   ).execute()
    nbformat.write(notebook, str(path))


@pytest.fixture
def clones(tmp_path, monkeypatch) -> tuple[Path, Path]:
    """The course as published (upstream) and a trainee's clone of it."""
    upstream, trainee = tmp_path / "upstream", tmp_path / "trainee"
    git(tmp_path, "clone", "-q", "--local", str(ROOT), str(upstream))
    # Published on a branch, even when the course checkout itself is a detached HEAD (as some CI runners make).
    git(upstream, "checkout", "-q", "-B", "main")
    git(tmp_path, "clone", "-q", str(upstream), str(trainee))
    for folder in (upstream, trainee):
        git(folder, "config", "user.email", "test@example.invalid")
        git(folder, "config", "user.name", "test")
    monkeypatch.setenv("ANALYSTLAB_ROOT", str(trainee))
    return upstream, trainee


@pytest.mark.slow
def test_running_lessons_and_start_page_leaves_the_clone_clean(clones):
    upstream, trainee = clones
    result = workspace(trainee)
    assert result.returncode == 0, result.stderr
    start_copy = trainee / "my-work" / "START.ipynb"
    lesson_copy = trainee / "my-work" / LESSON.relative_to("modules")
    assert start_copy.is_file() and lesson_copy.is_file()
    start_text = "\n".join(c.source for c in nbformat.read(str(start_copy), as_version=4).cells)
    assert "](00-orientation/00-lesson.ipynb)" in start_text and "](../datasets/README.md)" in start_text

    run_as_in_jupyterlab(lesson_copy)
    run_as_in_jupyterlab(start_copy)  # its first code cell starts module 00's exercise
    assert (trainee / "my-work" / "00-orientation" / "00-exercise.ipynb").is_file()
    assert git(trainee, "status", "--porcelain") == "", "running a lesson changed a tracked file"

    # The course changes the lesson and the start page upstream: the trainee's pull merges cleanly,
    # and the copy the trainee only ran is refreshed; a copy the trainee edited is kept.
    edited = trainee / "my-work" / "01-source-evaluation" / "01-lesson.ipynb"
    mine = nbformat.read(str(edited), as_version=4)
    mine.cells[0].source += "\n\nmy notes"
    nbformat.write(mine, str(edited))
    for path in (LESSON, Path("START.ipynb"), Path("modules/01-source-evaluation/01-lesson.ipynb")):
        notebook = nbformat.read(str(upstream / path), as_version=4)
        notebook.cells.append(nbformat.v4.new_markdown_cell("A new paragraph from the course."))
        nbformat.write(notebook, str(upstream / path))
        git(upstream, "add", str(path))
    git(upstream, "commit", "-q", "-m", "update lessons")
    git(trainee, "pull", "-q", "--no-rebase")
    assert workspace(trainee).returncode == 0
    refreshed = nbformat.read(str(lesson_copy), as_version=4)
    assert refreshed.cells[-1].source == "A new paragraph from the course."
    assert nbformat.read(str(edited), as_version=4).cells[0].source.endswith("my notes")
    assert git(trainee, "status", "--porcelain") == ""
