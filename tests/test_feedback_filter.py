"""nbgrader's own feedback pages carry no hidden test: `nbgrader generate_feedback` and the converter
the formgrader's Generate Feedback button calls, both run on a graded module 00 submission."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import nbformat
import pytest
from course_harness import answer_sources, fill, nbgrader
from hidden_tests import assert_no_hidden_test as no_hidden_test
from hidden_tests import letters, page_letters
from nbformat.v4 import new_code_cell, new_notebook

from analystlab.feedback_filter import WITHHELD, HideHiddenTests

ROOT = Path(__file__).resolve().parents[1]
MODULE = "00-orientation"
NOTEBOOK = "00-exercise"
STUDENT = "trainee-a"
# Passes the visible checks of q6 (months as text, in order, adding up) but not the hidden one: dates shifted a day.
HIDDEN_SLIP = 'monthly_counts = register.groupby((register["date"] - pd.Timedelta(days=1)).dt.strftime("%Y-%m")).size()'
# Fails a visible check of q1 (keep=False lists each duplicated id twice).
VISIBLE_SLIP = ('duplicate_ids = sorted(seizures.loc[seizures.duplicated(keep=False), "seizure_id"].tolist())\n'
                "n_seizures = len(seizures.drop_duplicates())")
# A trainee cell after the tests that prints every cell the kernel ran, hidden tests included.
ECHO = "print(In)"

# The formgrader's API handler: load the course's config from the working folder, then NbGraderAPI.
FORMGRADER_CALL = """
import json, sys
from nbgrader.apps.api import NbGraderAPI
from nbgrader.apps.baseapp import NbGrader
from nbgrader.coursedir import CourseDirectory
app = NbGrader()
app.load_config_file()
api = NbGraderAPI(CourseDirectory(parent=app), parent=app)
result = api.generate_feedback(sys.argv[1], sys.argv[2])
print(json.dumps({"success": result["success"], "error": result.get("error", "")}))
"""


def assert_no_hidden_test(page: Path) -> None:
    no_hidden_test(page.read_text(encoding="utf-8"), MODULE, NOTEBOOK, page.name)


@pytest.fixture(scope="module")
def graded_course(tmp_path_factory) -> Path:
    """A temp copy of the course (its real nbgrader config) with one autograded module 00 submission."""
    course = tmp_path_factory.mktemp("feedback") / "course"
    (course / "grading").mkdir(parents=True)
    shutil.copy2(ROOT / "grading" / "nbgrader_config.py", course / "grading" / "nbgrader_config.py")
    shutil.copy2(ROOT / "nbgrader_config.py", course / "nbgrader_config.py")
    shutil.copytree(ROOT / "solutions" / MODULE, course / "solutions" / MODULE)
    nbgrader(course, "generate_assignment", MODULE, "--force", "--log-level=ERROR")
    source = nbformat.read(course / "solutions" / MODULE / f"{NOTEBOOK}.ipynb", as_version=4)
    release = nbformat.read(course / "exercises" / MODULE / f"{NOTEBOOK}.ipynb", as_version=4)
    answers = {**answer_sources(source), "q1_duplicates": VISIBLE_SLIP, "q6_monthly": HIDDEN_SLIP}
    submission = fill(release, answers)
    submission.cells.append(new_code_cell(ECHO))
    folder = course / "grading" / "submitted" / STUDENT / MODULE
    folder.mkdir(parents=True)
    nbformat.write(submission, folder / f"{NOTEBOOK}.ipynb")
    nbgrader(course, "autograde", MODULE, "--create", "--force", "--log-level=ERROR")
    autograded = (course / "grading" / "autograded" / STUDENT / MODULE / f"{NOTEBOOK}.ipynb").read_text()
    assert "BEGIN HIDDEN TESTS" in autograded, "the autograded notebook should hold the hidden tests"
    return course


def feedback_page(course: Path) -> Path:
    return course / "grading" / "feedback" / STUDENT / MODULE / f"{NOTEBOOK}.html"


def assert_useful(page: Path) -> None:
    """The page still teaches: visible checks, the visible message, which hidden check failed."""
    shown = page_letters(page.read_text(encoding="utf-8"))
    assert letters("list each duplicated id once") in shown, "the visible check's message is missing"
    assert letters("a hidden check failed") in shown, "the failed hidden check of q6 is not reported"
    assert letters("monthly_counts should be a pandas Series") in shown, "visible checks should stay on the page"
    assert letters(WITHHELD) in shown, "the echo of the hidden tests should be withheld, with a note"


@pytest.mark.slow
def test_nbgrader_generate_feedback_cli_hides_hidden_tests(graded_course):
    page = feedback_page(graded_course)
    page.unlink(missing_ok=True)
    nbgrader(graded_course, "generate_feedback", MODULE, "--force", "--log-level=ERROR")
    assert page.is_file(), "nbgrader generate_feedback wrote no page"
    assert_no_hidden_test(page)
    assert_useful(page)


@pytest.mark.slow
def test_formgrader_generate_feedback_hides_hidden_tests(graded_course):
    page = feedback_page(graded_course)
    page.unlink(missing_ok=True)
    result = subprocess.run([sys.executable, "-c", FORMGRADER_CALL, MODULE, STUDENT], cwd=graded_course,
                            capture_output=True, text=True, timeout=300)
    assert result.returncode == 0 and '"success": true' in result.stdout, result.stdout + result.stderr
    assert page.is_file(), "the formgrader's generate_feedback wrote no page"
    assert_no_hidden_test(page)
    assert_useful(page)


def _strip(cells) -> nbformat.NotebookNode:
    nb = new_notebook(cells=cells)
    return HideHiddenTests().preprocess(nb, {})[0]


def test_test_cell_keeps_only_the_verdict_of_a_check():
    printed = {"output_type": "stream", "name": "stdout", "text": "called with [1, 2, 3]\n"}
    raised = {"output_type": "error", "ename": "AssertionError", "evalue": "DESIRED: 7.125",
              "traceback": ["Cell In[4], line 3", "assert_allclose(f(x), 7.125)"]}
    cell = new_code_cell("assert callable(f)\n### BEGIN HIDDEN TESTS\nassert_allclose(f(x), 7.125)\n"
                         "### END HIDDEN TESTS", outputs=[printed, raised])
    nb = _strip([cell])
    shown = nbformat.writes(nb)
    assert "7.125" not in shown and "called with" not in shown
    assert nb.cells[0].source.startswith("assert callable(f)")


def test_visible_failure_keeps_its_message_and_echoes_elsewhere_are_withheld():
    raised = {"output_type": "error", "ename": "AssertionError", "evalue": "use a list",
              "traceback": ["Cell In[2], line 1", "context: assert answer_value == 'SZ-0065'"]}
    test = new_code_cell("assert isinstance(x, list), 'use a list'\n### BEGIN HIDDEN TESTS\n"
                         "assert answer_value == 'SZ-0065'\n### END HIDDEN TESTS", outputs=[raised])
    echo = new_code_cell("print(In)", outputs=[{"output_type": "stream", "name": "stdout",
                                                "text": "['assert answer_value == \\'SZ-0065\\'']"}])
    nb = _strip([test, echo])
    assert nb.cells[0].outputs[0]["traceback"] == ["AssertionError: use a list"]
    assert nb.cells[1].outputs[0]["text"].strip() == WITHHELD
