"""Nothing a trainee can read or run hands out an answer (tests/leaks.py says what counts as one).

(a) The released exercise: its markdown and given (locked) cells hold no answer literal and copy no
    solution's code; run with the solution typed into every answer cell — what a given cell sees when
    the trainee is right — no given cell prints an answer literal, an answer count or an answer table,
    and no name a given cell sets equals an answer. A given cell may be built from the trainee's own
    earlier answer, but must not hold what the trainee could copy as an answer without solving.
(b) The lesson, run top to bottom: no answer literal or answer table in its text, code or outputs,
    and no text naming a task's answer (the lesson teaches on another slice of the world).
(c) Across modules: no lesson, run, shows and no release's text or given code holds another
    module's answer values, answer id groups or answer tables (a lesson of module 11 must not teach on
    module 01's circular-reporting chain, nor its exercise hand it out).
"""

from __future__ import annotations

import shutil

import nbformat
import pytest
from course_harness import ROOT, answer_sources, built_slugs, fill
from leaks import (
    answer_literals,
    answer_probe,
    other_module_answers,
    probe_findings,
    repeated_solution_lines,
    scan_lesson,
    scan_release,
    solution_lines,
)

SLUGS = built_slugs()

# Modules whose release or lesson still hands out answers (issue 26): the scan fails on them today, and
# strict xfail turns into a failure once they are fixed, so the mark cannot outlive the problem.
OPEN_RELEASE: dict[str, str] = {}
OPEN_LESSON: dict[str, str] = {}
# Lessons with a code cell that repeats two or more working lines of one solution (a worked example a
# trainee can paste into the task): issue 16 asks each lesson to teach on another slice, in another form.
OPEN_COPIES: dict[str, str] = {}


def _open(slugs, reasons):
    return [pytest.param(slug, marks=pytest.mark.xfail(reason=reasons[slug], strict=True)) if slug in reasons
            else slug for slug in slugs]


def _report(where: str, found: list[str]) -> str:
    return f"{where} hands out answers:\n  " + "\n  ".join(found)


@pytest.mark.parametrize("slug", SLUGS)
def test_answer_literals_found(slug):
    """The scan has something to look for: every built module's hidden tests hold answer literals."""
    assert answer_literals(slug), f"{slug}: no distinctive literal in its hidden tests or solutions"


@pytest.mark.slow
@pytest.mark.parametrize("slug", _open(SLUGS, OPEN_RELEASE))
def test_release_hands_out_no_answer(slug, execute_notebook, tmp_path):
    folder = tmp_path / slug
    shutil.copytree(ROOT / "exercises" / slug, folder)
    problems = []
    for path in sorted(folder.glob("*.ipynb")):
        source = nbformat.read(str(ROOT / "solutions" / slug / path.name), as_version=4)
        released = nbformat.read(str(path), as_version=4)
        filled = fill(released, answer_sources(source))
        filled.cells.append(nbformat.v4.new_code_cell(answer_probe(filled)))
        executed = execute_notebook(filled, folder)
        problems += [f"{path.name} {p}" for p in probe_findings(executed)]
        executed.cells.pop()
        problems += [f"{path.name} {p}" for p in scan_release(slug, executed)]
    assert not problems, _report(f"exercises/{slug}", problems)


@pytest.mark.slow
@pytest.mark.parametrize("slug", _open(SLUGS, OPEN_LESSON))
def test_lesson_hands_out_no_answer(slug, execute_notebook):
    problems = []
    for path in sorted((ROOT / "modules" / slug).glob("*.ipynb")):
        executed = execute_notebook(nbformat.read(str(path), as_version=4), path.parent)
        problems += [f"{path.name} {p}" for p in scan_lesson(slug, executed, [s for s in SLUGS if s != slug])]
    assert not problems, _report(f"modules/{slug}", problems)


@pytest.mark.parametrize("slug", SLUGS)
def test_release_hands_out_no_other_modules_answer(slug):
    """The released exercise's text and given code hold no answer of another module (its outputs are
    built from the trainee's own answers and scanned against its own module above)."""
    problems = []
    for path in sorted((ROOT / "exercises" / slug).glob("*.ipynb")):
        released = nbformat.read(str(path), as_version=4)
        problems += [f"{path.name} {p}" for p in other_module_answers(released, [s for s in SLUGS if s != slug])]
    assert not problems, _report(f"exercises/{slug}", problems)


@pytest.mark.parametrize("slug", _open(SLUGS, OPEN_COPIES))
def test_lesson_copies_no_solution(slug):
    """No lesson code cell repeats two or more working lines of one solution region: a worked example
    that pastes into a task hands out the answer as surely as a printed value."""
    regions = solution_lines(slug)
    copied = []
    for path in sorted((ROOT / "modules" / slug).glob("*.ipynb")):
        for index, cell in enumerate(nbformat.read(str(path), as_version=4).cells):
            if cell.cell_type == "code":
                lines = repeated_solution_lines(cell.source, regions)
                copied += [f"{path.name} cell {index}: {line}" for line in lines]
    assert not copied, _report(f"modules/{slug}", copied)
