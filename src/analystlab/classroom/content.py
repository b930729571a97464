"""What each account finds in its home: the instructor a copy of the course (the formgrader's and
the gradebook's folder), each trainee the trainee content (the trainee edition when the course can
build one, otherwise the lessons, the released exercises and the datasets without the answer key)."""

from __future__ import annotations

import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

from ..errors import AnalystlabError
from . import REPO, TRAINEE_CONTENT, Settings
from .accounts import chown_tree

# The course folders the instructor grades from (the gradebook and grading folders are made by nbgrader).
COURSE_PARTS = ["nbgrader_config.py", "grading/nbgrader_config.py", "solutions", "exercises", "modules", "datasets"]
# Fallback trainee content, copied from the course when there is no trainee edition to build.
TRAINEE_PARTS = ["modules", "exercises", "datasets"]
NEVER_TO_TRAINEES = shutil.ignore_patterns("truth", ".ipynb_checkpoints", "__pycache__", "*.png", "*.html")


def _copy(source: Path, target: Path, ignore=None) -> None:
    if source.is_dir():
        shutil.copytree(source, target, ignore=ignore, dirs_exist_ok=True)
    else:
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copy2(source, target)


def install_course(settings: Settings, group: str) -> Path:
    """Copy the course into the instructor's home (kept if it is already there: it holds the gradebook)."""
    root = settings.course_root
    if not (root / "grading" / "nbgrader_config.py").is_file():
        for part in COURSE_PARTS:
            _copy(REPO / part, root / part, shutil.ignore_patterns(".ipynb_checkpoints", "__pycache__"))
    chown_tree(root, settings.instructor, group)
    root.chmod(0o750)
    return root


def _has_trainee_pack() -> bool:
    from ..cli import build_parser

    commands = next(a for a in build_parser()._actions if a.dest == "command")
    return "trainee-pack" in commands.choices


def build_trainee_content(workdir: Path) -> Path:
    """The content every trainee gets a copy of: `analystlab trainee-pack` output when available."""
    if _has_trainee_pack():
        result = subprocess.run([sys.executable, "-m", "analystlab.cli", "trainee-pack", str(workdir)],
                                capture_output=True, text=True)
        if result.returncode != 0:
            raise AnalystlabError(f"analystlab trainee-pack failed:\n{result.stdout}{result.stderr}")
        return workdir / TRAINEE_CONTENT
    content = workdir / TRAINEE_CONTENT
    for part in TRAINEE_PARTS:
        _copy(REPO / part, content / part, NEVER_TO_TRAINEES)
    return content


def install_trainee_content(settings: Settings) -> None:
    """Give each trainee their own copy (a trainee who already has one keeps their work)."""
    with tempfile.TemporaryDirectory() as tmp:
        content = build_trainee_content(Path(tmp))
        for trainee in settings.trainees:
            target = settings.trainee_content(trainee)
            if not target.exists():
                shutil.copytree(content, target)
            chown_tree(target, trainee)
