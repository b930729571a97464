"""Where the course lives: repository root, datasets, workspace."""

from __future__ import annotations

import os
import sys
from pathlib import Path

from .errors import AnalystlabError

DATA_ENV = "ANALYSTLAB_DATA"
ROOT_ENV = "ANALYSTLAB_ROOT"

_PACKAGE_DIR = Path(__file__).resolve().parent


def _is_course_root(path: Path) -> bool:
    """The course (exercise sources in solutions/, nbgrader configuration in grading/) or the trainee
    edition (lessons in modules/ and released exercises in exercises/, no solutions)."""
    course = (path / "solutions").is_dir() and (path / "grading" / "nbgrader_config.py").is_file()
    return course or ((path / "exercises").is_dir() and (path / "modules").is_dir())


def course_root() -> Path:
    """The repository root: $ANALYSTLAB_ROOT, the folder holding this package's checkout, or the
    nearest parent of the current directory that looks like the course."""
    if os.environ.get(ROOT_ENV):
        return Path(os.environ[ROOT_ENV]).resolve()
    checkout = _PACKAGE_DIR.parents[1]  # src/analystlab -> repository root (editable install)
    if _is_course_root(checkout):
        return checkout
    for folder in [Path.cwd(), *Path.cwd().parents]:
        if _is_course_root(folder):
            return folder
    raise AnalystlabError(
        "cannot find the analystlab course folder (with solutions/ and grading/, or exercises/ and modules/). "
        f"Run this from inside the course, or set {ROOT_ENV}=/path/to/analystlab."
    )


def datasets_dir() -> Path:
    """The datasets folder: $ANALYSTLAB_DATA, else the nearest `datasets/manifest.json` above the
    current directory, else the course checkout's datasets/. Works from modules/, solutions/,
    exercises/, grading/autograded/<student>/<module>/ and a trainee's copy elsewhere."""
    if os.environ.get(DATA_ENV):
        return Path(os.environ[DATA_ENV]).resolve()
    for folder in [Path.cwd(), *Path.cwd().parents]:
        if (folder / "datasets" / "manifest.json").is_file():
            return folder / "datasets"
    checkout = _PACKAGE_DIR.parents[1] / "datasets"
    if (checkout / "manifest.json").is_file():
        return checkout
    from .errors import DataError

    raise DataError(
        "cannot find the course datasets (a folder datasets/ with manifest.json). "
        f"Open the notebook from inside the analystlab folder, or set {DATA_ENV}=/path/to/datasets."
    )


def workspace_dir() -> Path:
    """The trainee's own, git-ignored copies of exercises."""
    return course_root() / "my-work"


def put_environment_tools_on_path() -> None:
    """Put this Python's scripts folder first on PATH.

    nbgrader runs `alembic` (and kernels run `jupyter` tools) by name; when analystlab is called as
    `.venv/bin/analystlab` without activating the environment, those would not be found.
    """
    scripts = str(Path(sys.executable).parent)
    if os.environ.get("PATH", "").split(os.pathsep)[0] != scripts:
        os.environ["PATH"] = scripts + os.pathsep + os.environ.get("PATH", "")
