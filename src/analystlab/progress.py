"""A trainee's progress: run the visible tests of the workspace notebooks and count what passes.

Uses nbgrader's Validator to execute each notebook (in memory: the trainee's file is never written)
and reads each test cell's score with nbgrader's own grading rules. Works without an instructor
or a gradebook. Hidden tests only run when the instructor grades, so "passed" here means the
visible checks pass.
"""

from __future__ import annotations

import sys
from dataclasses import dataclass, field
from pathlib import Path

from nbgrader import utils
from nbgrader.validator import Validator
from traitlets.config import Config

from .course import SYLLABUS, find_module
from .errors import AnalystlabError
from .notebooks import check_readable, grade_cells, is_autograded_test
from .paths import course_root


@dataclass
class QuestionResult:
    """One graded cell: its id, points earned (None for manually graded cells) and the first error line."""

    grade_id: str
    max_points: float
    points: float | None
    error: str = ""

    @property
    def passed(self) -> bool:
        return self.points is not None and self.points >= self.max_points


@dataclass
class NotebookProgress:
    """Results for one workspace notebook."""

    module: str
    notebook: Path
    questions: list[QuestionResult] = field(default_factory=list)
    problem: str = ""

    @property
    def autograded(self) -> list[QuestionResult]:
        return [q for q in self.questions if q.points is not None]

    @property
    def manual_points(self) -> float:
        return sum(q.max_points for q in self.questions if q.points is None)


def _first_error_line(cell) -> str:
    for output in cell.get("outputs", []):
        if output.get("output_type") == "error":
            return f"{output.get('ename', 'Error')}: {output.get('evalue', '')}".strip().splitlines()[0][:160]
    return ""


def check_notebook(module: str, path: Path, timeout: int = 120) -> NotebookProgress:
    """Execute one notebook with nbgrader's Validator and score each graded cell."""
    result = NotebookProgress(module=module, notebook=path)
    try:
        notebook = check_readable(path)
    except AnalystlabError as exc:
        result.problem = str(exc)
        return result
    # A per-cell time limit stops a runaway loop from hanging the progress check.
    validator = Validator(config=Config({"Execute": {"timeout": timeout}}))
    with utils.chdir(str(path.parent)):  # the kernel starts in the notebook's folder, as in JupyterLab
        executed = validator._preprocess(notebook)
    for cell in grade_cells(executed):
        meta = cell.metadata.nbgrader
        max_points = float(meta.get("points", 0))
        if not is_autograded_test(cell):
            result.questions.append(QuestionResult(meta["grade_id"], max_points, None))
            continue
        score, max_score = utils.determine_grade(cell, validator.log)
        result.questions.append(QuestionResult(meta["grade_id"], float(max_score), float(score),
                                               _first_error_line(cell)))
    return result


def workspace_notebooks(names: list[str] | None = None) -> list[tuple[str, Path]]:
    """(module slug, notebook) pairs in my-work/, for the named modules or every started one."""
    root = course_root()
    slugs = [find_module(name, root).slug for name in names] if names else [m.slug for m in SYLLABUS]
    pairs = []
    for slug in slugs:
        folder = root / "my-work" / slug
        if names and not folder.is_dir():
            raise AnalystlabError(f"you have not started {slug} yet: run `analystlab start {slug}` first.")
        lessons = {lesson.name for lesson in (root / "modules" / slug).glob("*.ipynb")}  # copies, not graded
        pairs.extend((slug, nb) for nb in sorted(folder.glob("*.ipynb")) if nb.name not in lessons)
    return pairs


def print_progress(names: list[str] | None = None) -> int:
    """Print a table of questions passed and points per module; exit code 2 if a notebook is unreadable."""
    pairs = workspace_notebooks(names)
    if not pairs:
        print("No exercises started yet. Start one with: analystlab start 00-orientation")
        return 0
    print(f"{'module':24} {'notebook':26} {'questions passed':>17} {'points':>13}  to look at")
    unreadable = 0
    for slug, notebook in pairs:
        if sys.stdout.isatty():  # a transient "running" line while the notebook executes
            print(f"{slug:24} {notebook.name:26} ... running", end="\r", flush=True)
        progress = check_notebook(slug, notebook)
        if progress.problem:
            print(f"{slug:24} {notebook.name:26} {'-':>17} {'-':>13}  {progress.problem}")
            unreadable += 1
            continue
        auto = progress.autograded
        passed = sum(q.passed for q in auto)
        earned = sum(q.points for q in auto)
        possible = sum(q.max_points for q in auto)
        todo = [q.grade_id for q in auto if not q.passed]
        hint = ("next: " + ", ".join(todo[:3]) + (" …" if len(todo) > 3 else "")) if todo else "all visible tests pass"
        print(f"{slug:24} {notebook.name:26} {f'{passed} / {len(auto)}':>17} "
              f"{f'{earned:g} / {possible:g}':>13}  {hint}")
        if progress.manual_points:
            print(f"{'':24} {'':26} {'':>17} {'':>13}  + {progress.manual_points:g} points marked by your instructor")
    return 2 if unreadable else 0
