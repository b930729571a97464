"""Results into nbgrader's gradebook, the way `nbgrader autograde` records them.

Scores are computed with nbgrader's own `determine_grade`, and grades, comments and submission
timestamps are written through nbgrader's `Gradebook` API, so the formgrader (manual grading of
judgement questions) and `nbgrader export` read them as if nbgrader had graded the notebook.
"""

from __future__ import annotations

import logging
import os
import sys
import warnings
from datetime import datetime
from pathlib import Path

from nbformat import NotebookNode

from .layout import GradebookMissingError, Layout

log = logging.getLogger("analystlab.grading")


def nbgrader_config(layout: Layout):
    from traitlets.config.loader import PyFileConfigLoader

    return PyFileConfigLoader(layout.config_file.name, path=str(layout.config_file.parent)).load_config()


def register_module(layout: Layout, module: str) -> None:
    """Run `nbgrader generate_assignment` for a module: writes the release and the gradebook entries."""
    from nbgrader.apps import NbGraderAPI
    from nbgrader.coursedir import CourseDirectory

    # nbgrader runs the `alembic` executable when it creates a gradebook; it lives next to Python.
    bin_dir = str(Path(sys.executable).parent)
    if bin_dir not in os.environ.get("PATH", "").split(os.pathsep):
        os.environ["PATH"] = bin_dir + os.pathsep + os.environ.get("PATH", "")
    config = nbgrader_config(layout)
    coursedir = CourseDirectory(config=config)
    result = NbGraderAPI(coursedir=coursedir, config=config).generate_assignment(module, force=True, create=True)
    if not result.get("success"):
        detail = result.get("error") or result.get("log")
        raise GradebookMissingError(f"nbgrader generate_assignment {module} failed:\n{detail}")


def check_module(layout: Layout, module: str) -> None:
    """Raise with the fix when the gradebook is missing or does not know the module's notebooks."""
    from nbgrader.api import Gradebook, MissingEntry

    fix = f"run `analystlab release` (or `nbgrader generate_assignment {module}`) first"
    if not layout.db_path.is_file():
        raise GradebookMissingError(f"no gradebook at {layout.db_path}: {fix}.")
    with Gradebook(layout.db_url, layout.course_id) as gb:
        try:
            assignment = gb.find_assignment(module)
        except MissingEntry:
            raise GradebookMissingError(f"the gradebook does not know module {module}: {fix}.") from None
        known = {notebook.name for notebook in assignment.notebooks}
    missing = sorted(set(layout.notebooks(module)) - known)
    if missing:
        raise GradebookMissingError(f"the gradebook lacks notebook(s) {', '.join(missing)} of {module}: {fix}.")


def save(layout: Layout, module: str, student: str, results: dict[str, NotebookNode | None],
         timestamp: datetime | None, flagged: bool) -> None:
    """Record one submission: `results` maps notebook name to its graded notebook (None = missing)."""
    from nbgrader import utils
    from nbgrader.api import Gradebook

    with warnings.catch_warnings(), Gradebook(layout.db_url, layout.course_id) as gb:
        # nbgrader's own session handling emits SQLAlchemy warnings here; they are not ours to fix.
        warnings.simplefilter("ignore")
        gb.update_or_create_student(student)
        if timestamp is not None:
            gb.update_or_create_submission(module, student, timestamp=timestamp)
        else:
            gb.update_or_create_submission(module, student)
        for name, notebook in results.items():
            submission = gb.find_submission_notebook(name, module, student)
            if notebook is None:  # as nbgrader: a notebook that was not submitted scores zero
                for grade in submission.grades:
                    grade.auto_score = 0
                    grade.needs_manual_grade = False
                gb.db.commit()
                continue
            for cell in notebook.cells:
                meta = cell.metadata.get("nbgrader", {})
                if utils.is_grade(cell):
                    grade = gb.find_grade(meta["grade_id"], name, module, student)
                    grade.auto_score, _ = utils.determine_grade(cell, log)
                    grade.needs_manual_grade = grade.manual_score is not None or grade.auto_score is None
                if utils.is_solution(cell) or utils.is_task(cell):
                    comment = gb.find_comment(meta["grade_id"], name, module, student)
                    unchanged = meta.get("checksum") == utils.compute_checksum(cell) and not utils.is_task(cell)
                    comment.auto_comment = "No response." if unchanged else None
            submission.flagged = flagged
            gb.db.commit()


def read_scores(layout: Layout) -> tuple[list[dict], list[str], list[str], dict]:
    """Every submitted grade cell (student, module, notebook, grade_id, score, max_score, needs_manual),
    the students and modules the gradebook knows, and each notebook's grade cells in order."""
    from nbgrader.api import Gradebook

    if not Path(layout.db_path).is_file():
        raise GradebookMissingError(f"no gradebook at {layout.db_path}: grade some submissions first.")
    rows = []
    with Gradebook(layout.db_url, layout.course_id) as gb:
        for assignment in gb.assignments:
            for submission in assignment.submissions:
                for notebook in submission.notebooks:
                    for grade in notebook.grades:
                        rows.append({
                            "student": submission.student.id, "module": assignment.name,
                            "notebook": notebook.name, "grade_id": grade.name,
                            # a judgement answer not yet marked has no score, not zero
                            "score": None if grade.needs_manual_grade and grade.manual_score is None
                            else grade.score,
                            "max_score": grade.max_score,
                            "needs_manual": bool(grade.needs_manual_grade),
                            "flagged": bool(notebook.flagged),
                        })
        students = [student.id for student in gb.students]
        modules = [assignment.name for assignment in gb.assignments]
        cells = {(a.name, nb.name): [c.name for c in nb.grade_cells] for a in gb.assignments for nb in a.notebooks}
    return rows, students, modules, cells
