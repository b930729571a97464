"""Regenerate exercises/ (nbgrader release) from solutions/ (nbgrader source)."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from .course import Module, built_modules, find_module
from .errors import AnalystlabError
from .notebooks import check_readable
from .paths import course_root


def generate(module: Module, root: Path, release_dir: Path | None = None, use_db: bool = True) -> Path:
    """Run `nbgrader generate_assignment` for one module; returns the folder written.

    With `release_dir` the release goes there instead of exercises/ (used to check that the committed
    release is current); `use_db=False` leaves the gradebook untouched.
    """
    for notebook in sorted(module.source_dir(root).glob("*.ipynb")):
        check_readable(notebook)
    command = [sys.executable, "-m", "nbgrader", "generate_assignment", module.slug, "--force", "--log-level=WARN"]
    if release_dir is not None:
        command.append(f"--CourseDirectory.release_directory={release_dir}")
    if not use_db:
        command.append("--no-db")
    result = subprocess.run(command, cwd=root, capture_output=True, text=True)
    if result.returncode != 0:
        raise AnalystlabError(f"nbgrader could not release {module.slug}:\n{result.stdout}{result.stderr}")
    return (release_dir or root / "exercises") / module.slug


def release(names: list[str] | None = None) -> list[Path]:
    """Release the named modules (default: every built module) into exercises/."""
    root = course_root()
    modules = [find_module(name, root) for name in names] if names else built_modules(root)
    written = []
    for module in modules:
        target = generate(module, root)
        print(f"released {module.slug} -> {target.relative_to(root)}")
        written.append(target)
    return written
