"""Test helpers: a throwaway nbgrader course in a temp folder, submissions built from the source
notebooks, and scores read back from nbgrader's own gradebook."""

from __future__ import annotations

import importlib.util
import re
import shutil
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

import nbformat
from nbgrader.api import Gradebook

ROOT = Path(__file__).resolve().parents[1]
_MARKER = re.compile(r"^\s*### (BEGIN|END) SOLUTION\s*$")

CONFIG = """\
c = get_config()
c.CourseDirectory.root = {root!r}
c.CourseDirectory.source_directory = "solutions"
c.CourseDirectory.release_directory = "exercises"
c.CourseDirectory.db_url = "sqlite:///{root}/gradebook.db"
c.ClearSolutions.code_stub = {{"python": "# YOUR CODE HERE\\nraise NotImplementedError()"}}
c.ClearSolutions.text_stub = "YOUR ANSWER HERE"
c.Execute.timeout = 120
"""


def nbgrader(course: Path, *args: str) -> subprocess.CompletedProcess:
    """Run an nbgrader command in a temp course; fail the test with nbgrader's output on error."""
    result = subprocess.run([sys.executable, "-m", "nbgrader", *args], cwd=course, capture_output=True, text=True)
    if result.returncode != 0:
        raise AssertionError(f"nbgrader {' '.join(args)} failed:\n{result.stdout}\n{result.stderr}")
    return result


def make_course(tmp: Path, slug: str) -> Path:
    """A temp course holding one module's source, released with nbgrader (gradebook in the temp folder)."""
    course = tmp / "course"
    shutil.copytree(ROOT / "solutions" / slug, course / "solutions" / slug)
    (course / "nbgrader_config.py").write_text(CONFIG.format(root=str(course)))
    nbgrader(course, "generate_assignment", slug, "--force", "--log-level=ERROR")
    return course


def trainee_course(tmp: Path, slug: str) -> Path:
    """A copy of the course with one module's source and release (no gradebook): commands run on it
    with ANALYSTLAB_ROOT pointing there never touch the real my-work/."""
    root = tmp / "course"
    for folder in ("solutions", "exercises"):
        shutil.copytree(ROOT / folder / slug, root / folder / slug)
    (root / "grading").mkdir()
    shutil.copy(ROOT / "grading" / "nbgrader_config.py", root / "grading")
    return root


def answer_sources(source_nb: nbformat.NotebookNode) -> dict[str, str]:
    """grade_id -> the solution code/text of each answer cell, without the solution markers."""
    answers = {}
    for cell in source_nb.cells:
        meta = cell.metadata.get("nbgrader", {})
        if meta.get("solution"):
            lines = [line for line in cell.source.splitlines() if not _MARKER.match(line)]
            answers[meta["grade_id"]] = "\n".join(lines)
    return answers


def slip(slug: str, grade_id: str, right: str, wrong: str, *more: tuple[str, str]) -> str:
    """A plausible wrong answer: the source notebook's solution to one task with `right` replaced by
    `wrong` (and any further (right, wrong) pairs, for a slip that shows in several lines)."""
    source = nbformat.read(str(ROOT / "solutions" / slug / f"{slug[:2]}-exercise.ipynb"), as_version=4)
    answer = answer_sources(source)[grade_id]
    for old, new in ((right, wrong), *more):
        if old not in answer:
            raise ValueError(f"{slug} {grade_id}: the solution no longer contains {old!r}")
        answer = answer.replace(old, new)
    return answer


def fill(release_nb: nbformat.NotebookNode, answers: dict[str, str]) -> nbformat.NotebookNode:
    """A copy of the released notebook with the given answer cells typed in, as a trainee would."""
    filled = nbformat.from_dict(release_nb)
    for cell in filled.cells:
        grade_id = cell.metadata.get("nbgrader", {}).get("grade_id")
        if grade_id in answers:
            cell.source = answers[grade_id]
    return filled


def submit(course: Path, student: str, slug: str, notebooks: dict[str, nbformat.NotebookNode]) -> None:
    """Place a student's notebooks where `nbgrader autograde` looks for them."""
    folder = course / "submitted" / student / slug
    folder.mkdir(parents=True, exist_ok=True)
    for name, nb in notebooks.items():
        nbformat.write(nb, str(folder / name))


@dataclass
class CellScore:
    grade_id: str
    score: float
    max_score: float
    autograded: bool


def scores(course: Path, slug: str, student: str, notebook: str) -> dict[str, CellScore]:
    """Per graded cell, the score nbgrader recorded for one student's notebook."""
    with Gradebook(f"sqlite:///{course}/gradebook.db") as gradebook:
        submission = gradebook.find_submission_notebook(notebook, slug, student)
        return {
            grade.name: CellScore(grade.name, float(grade.score or 0), float(grade.max_score),
                                  grade.cell.cell_type == "code")
            for grade in submission.grades
        }


def load_mistake_sets(slug: str) -> list[dict[str, str]]:
    """The module's plausible wrong answers (tests/mistakes/<slug>.py, MISTAKE_SETS)."""
    path = ROOT / "tests" / "mistakes" / f"{slug}.py"
    if not path.is_file():
        return []
    spec = importlib.util.spec_from_file_location(f"mistakes_{slug.replace('-', '_')}", path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module.MISTAKE_SETS


def built_slugs() -> list[str]:
    """Modules with an exercise in solutions/."""
    return sorted(p.name for p in (ROOT / "solutions").iterdir() if p.is_dir() and any(p.glob("*.ipynb")))
