"""A trainee's workspace: `analystlab start` copies once and never overwrites; `analystlab progress`
counts the questions whose visible tests pass; bad input gets a clear message and a non-zero exit."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import nbformat
import pytest
from course_harness import ROOT, answer_sources, built_slugs, fill, trainee_course

from analystlab.progress import WIDTH

SLUG = "00-orientation"
pytestmark = pytest.mark.skipif(SLUG not in built_slugs(), reason="module 00 is not built")


@pytest.fixture
def course(tmp_path, monkeypatch) -> Path:
    """A copy of the course (module 00 only) so the real my-work/ is never touched."""
    root = trainee_course(tmp_path, SLUG)
    monkeypatch.setenv("ANALYSTLAB_ROOT", str(root))
    monkeypatch.setenv("ANALYSTLAB_DATA", str(ROOT / "datasets"))
    return root


def run(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "analystlab.cli", *args], capture_output=True, text=True)


def exercise_name() -> str:
    [notebook] = sorted((ROOT / "exercises" / SLUG).glob("*.ipynb"))
    return notebook.name


def test_start_copies_once_and_never_overwrites(course):
    first = run("start", "00")
    assert first.returncode == 0, first.stderr
    copy = course / "my-work" / SLUG / exercise_name()
    assert copy.read_bytes() == (course / "exercises" / SLUG / exercise_name()).read_bytes()
    assert f"my-work/{SLUG}/{exercise_name()}" in first.stdout
    copy.write_text(copy.read_text().replace("YOUR CODE HERE", "my own work"))
    mine = copy.read_bytes()
    second = run("start", SLUG)
    assert second.returncode == 0
    assert "never overwritten" in second.stdout
    assert copy.read_bytes() == mine


def test_start_copies_the_lesson_and_start_page_once(course):
    """The exercise's header points at the lesson beside it in my-work/: `start` puts it there (and the
    start page) when `make lab` has not, and never replaces a copy, not even one the trainee only ran."""
    shutil.copytree(ROOT / "modules" / SLUG, course / "modules" / SLUG)
    shutil.copy(ROOT / "START.ipynb", course / "START.ipynb")
    [lesson] = sorted((course / "modules" / SLUG).glob("*.ipynb"))
    first = run("start", SLUG)
    assert first.returncode == 0, first.stderr
    copy = course / "my-work" / SLUG / lesson.name
    assert nbformat.read(str(copy), as_version=4).cells == nbformat.read(str(lesson), as_version=4).cells
    assert (course / "my-work" / "START.ipynb").is_file()
    assert f"copied  my-work/{SLUG}/{lesson.name}" in first.stdout
    ran = nbformat.read(str(copy), as_version=4)
    cell = next(c for c in ran.cells if c.cell_type == "code")
    cell.outputs = [nbformat.v4.new_output("stream", name="stdout", text="run by the trainee\n")]
    nbformat.write(ran, str(copy))
    mine = copy.read_bytes()
    changed = nbformat.read(str(lesson), as_version=4)
    changed.cells[0].source += "\n\nA course update."
    nbformat.write(changed, str(lesson))
    second = run("start", SLUG)
    assert second.returncode == 0, second.stderr
    assert copy.read_bytes() == mine and "copied  my-work" not in second.stdout


@pytest.mark.slow
def test_progress_counts_a_half_done_copy(course):
    assert run("start", SLUG).returncode == 0
    copy = course / "my-work" / SLUG / exercise_name()
    source = nbformat.read(str(ROOT / "solutions" / SLUG / exercise_name()), as_version=4)
    released = nbformat.read(str(copy), as_version=4)
    code_answers = {gid: code for gid, code in answer_sources(source).items()
                    if any(c.metadata.get("nbgrader", {}).get("grade_id") == gid and c.cell_type == "code"
                           for c in source.cells)}
    tests = [c for c in source.cells if c.cell_type == "code" and c.metadata.get("nbgrader", {}).get("grade")]
    done = dict(list(code_answers.items())[: len(code_answers) // 2])
    nbformat.write(fill(released, done), str(copy))
    before = copy.read_bytes()
    result = run("progress")
    assert result.returncode == 0, result.stdout + result.stderr
    # The notebooks' kernels use local sockets: no "Kernel is running over TCP without encryption".
    assert result.stderr == ""
    assert max(len(line) for line in result.stdout.splitlines()) <= WIDTH
    row = next(line for line in result.stdout.splitlines() if line.startswith(SLUG))
    expected_points = sum(c.metadata.nbgrader.points for c in tests
                          if c.metadata.nbgrader.grade_id.removesuffix("_test") in done)
    total_points = sum(c.metadata.nbgrader.points for c in tests)
    assert f"{len(done)} / {len(tests)}" in row
    assert f"{expected_points:g} / {total_points:g}" in row
    assert copy.read_bytes() == before, "progress must never write the trainee's notebook"
    # An unchanged notebook is not run again: the second check reads the result remembered for its content.
    assert (course / "my-work" / ".progress-cache.json").is_file()
    again = run("progress")
    assert again.returncode == 0 and again.stdout == result.stdout, again.stdout + again.stderr


def test_progress_skips_notebooks_that_are_not_exercises(course):
    """A lesson run and saved in my-work/ (no nbgrader cells) is no exercise: it gets no "0 / 0" row."""
    from analystlab.progress import workspace_notebooks

    assert run("start", SLUG).returncode == 0
    notes = nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell("print('my notes')")])
    nbformat.write(notes, str(course / "my-work" / SLUG / "my-lesson-notes.ipynb"))
    assert [notebook.name for _, notebook in workspace_notebooks()] == [exercise_name()]
    broken = course / "my-work" / SLUG / "broken.ipynb"
    broken.write_text('{"cells": [ broken')
    assert broken in [notebook for _, notebook in workspace_notebooks()], "an unreadable file is still reported"


def test_unknown_module_is_named(course):
    result = run("start", "99-nonsense")
    assert result.returncode == 2
    assert "unknown module '99-nonsense'" in result.stderr and SLUG in result.stderr
    planned = run("start", "12")
    assert planned.returncode == 2 and "not available yet" in planned.stderr
    assert not (course / "my-work" / "12-capstone").exists()


def test_corrupt_notebook_is_reported_and_kept(course):
    assert run("start", SLUG).returncode == 0
    copy = course / "my-work" / SLUG / exercise_name()
    copy.write_text('{"cells": [ broken')
    result = run("progress", SLUG)
    assert result.returncode == 2
    assert "is not a readable notebook" in result.stdout
    assert copy.read_text() == '{"cells": [ broken'


def test_progress_before_any_start(course):
    result = run("progress")
    assert result.returncode == 0
    assert "analystlab start 00-orientation" in result.stdout
    missing = run("progress", SLUG)
    assert missing.returncode == 2 and "not started" in missing.stderr


def test_progress_table_fits_a_laptop_and_names_tasks(monkeypatch, capsys):
    """Long module and notebook names and many open tasks: every line fits, wrapped between words."""
    from analystlab import progress

    long_slug = "11-intelligence-products"
    pairs = [(long_slug, Path(f"/x/{long_slug}/11-exercise-with-a-long-name.ipynb"))]
    questions = [progress.QuestionResult(f"q{i}_test", 2.0, 0.0, title=f"Task {i} — A rather long task title, {i}")
                 for i in range(1, 12)]
    questions.append(progress.QuestionResult("q12_brief", 5.0, None, title="Task 12 — A written brief"))
    monkeypatch.setattr(progress, "workspace_notebooks", lambda names: pairs)
    monkeypatch.setattr(progress, "check_notebook", lambda slug, nb: progress.NotebookProgress(slug, nb, questions))
    assert progress.progress_report() == 0
    lines = capsys.readouterr().out.splitlines()
    assert max(len(line) for line in lines) <= progress.WIDTH
    assert lines[1].split() == [long_slug, "11-exercise-with-a-long-name.i…", "0", "/", "11", "0", "/", "22"]
    assert lines[2] == "  to do: Task 1, Task 2, Task 3 and 8 more"
    assert lines[3] == "  + 5 points for written answers, marked by your instructor"
    assert progress.print_progress() is None  # the start page's cell shows no Out[]
