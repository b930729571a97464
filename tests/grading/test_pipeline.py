"""Intake, export, feedback, report and the CLI's answers to bad input, on the fixture course."""

from __future__ import annotations

import csv
import os
import zipfile

import nbformat
import pytest
from grading_support import MODULE, answered, release, submit

from analystlab.cli import main
from analystlab.grading import sandbox
from analystlab.grading.export import export
from analystlab.grading.feedback import generate
from analystlab.grading.grade import Grader, Options
from analystlab.grading.intake import intake
from analystlab.grading.report import build

FAST = dict(workers=2, cell_timeout=5, notebook_timeout=30, progress=False)


def _write(path, nb, mtime=None):
    path.parent.mkdir(parents=True, exist_ok=True)
    nbformat.write(nb, path)
    if mtime:
        os.utime(path, (mtime, mtime))


def test_intake_flat_subfolders_zip_and_unmatched(course, tmp_path):
    inbox = tmp_path / "inbox"
    _write(inbox / "ivan.petrov_99-fixture.ipynb", answered(course))
    _write(inbox / "aigerim_99.ipynb", answered(course))
    _write(inbox / "dana" / "fixture.ipynb", answered(course))
    _write(inbox / "noname.ipynb", answered(course))
    (inbox / "notes.txt").write_text("hello")
    report = intake(course, inbox)
    assert sorted(course.students()) == ["aigerim", "dana", "ivan.petrov"]
    assert (course.submitted / "dana" / MODULE / "fixture.ipynb").is_file()
    assert (course.submitted / "dana" / MODULE / "timestamp.txt").is_file()
    assert any("noname.ipynb" in line for line in report.unmatched)
    assert any("notes.txt" in line for line in report.unmatched)
    assert report.needs_attention

    archive = tmp_path / "batch.zip"
    with zipfile.ZipFile(archive, "w") as zipped:
        zipped.writestr("zara_99-fixture.ipynb", nbformat.writes(answered(course)))
        zipped.writestr("../evil_99-fixture.ipynb", "{}")
    report = intake(course, archive)
    assert "zara" in course.students() and "evil" not in course.students()
    assert any("unsafe path" in line for line in report.unmatched)


def test_later_submission_kept_both_newest_graded(course, tmp_path):
    first, second = tmp_path / "a", tmp_path / "b"
    _write(first / "ivan_99-fixture.ipynb", release(course), mtime=1_700_000_000)
    _write(second / "ivan_99-fixture.ipynb", answered(course), mtime=1_700_100_000)
    intake(course, first)
    report = intake(course, second)
    assert len(report.superseded) == 1 and "replaces an earlier submission" in report.superseded[0]
    kept = list((course.submitted / "ivan" / MODULE / ".previous").rglob("fixture.ipynb"))
    assert len(kept) == 1
    active = nbformat.read(course.submitted / "ivan" / MODULE / "fixture.ipynb", as_version=4)
    assert "groupby" in active.cells[6].source
    # an older file arriving later does not replace the newer one
    report = intake(course, first)
    assert "older than the one on file" in report.superseded[0]
    active = nbformat.read(course.submitted / "ivan" / MODULE / "fixture.ipynb", as_version=4)
    assert "groupby" in active.cells[6].source


def test_export_feedback_report(course, tmp_path):
    submit(course, "full", answered(course))
    submit(course, "wrong", answered(course, q3_mean="mean_minutes = 7.0"))
    (course.submitted / "wrong" / MODULE / "timestamp.txt").write_text("2024-06-01 10:00:00.000000 UTC")
    submit(course, "broken", "not json")
    Grader(course, Options(**FAST)).run()
    path, rows = export(course, tmp_path / "grades.csv")
    with open(path, newline="") as handle:
        table = {row["student"]: row for row in csv.DictReader(handle)}
    assert table["full"]["status"] == "ok" and float(table["full"]["score"]) == 7.0
    assert float(table["full"]["99-fixture:q3_mean_test"]) == 2.0
    assert table["full"]["99-fixture:q4_judgement"] == ""  # awaiting manual marking, not zero
    assert table["wrong"]["status"] == "ok" and float(table["wrong"]["99-fixture:q3_mean_test"]) == 0.0
    assert table["broken"]["status"] == "corrupt" and "invalid JSON" in table["broken"]["reasons"]

    pages = generate(course)
    page = (course.feedback / "wrong" / MODULE / "fixture.html").read_text()
    assert len(pages) == 3
    assert "A hidden check of <code>q3_mean_test</code> failed" in page
    assert "assert_allclose" not in page and "7.125" not in page and "BEGIN HIDDEN" not in page
    assert "✓ mean_minutes should be a float" in page  # visible checks are shown as their messages
    # nbgrader release_feedback reads the submission time beside the page
    assert (course.feedback / "wrong" / MODULE / "timestamp.txt").read_text() == "2024-06-01 10:00:00.000000 UTC"

    report = build(course, tmp_path / "report")
    html = report.read_text()
    for figure in ("scores_by_module.png", f"questions-{MODULE}.png", "status.png", "trainees.png"):
        assert (tmp_path / "report" / figure).stat().st_size > 5000
        assert figure in html
    assert "broken" in html  # flagged submissions and trainees at risk are listed
    assert "<td>Q3. Set mean_minutes (float) to the mean call length.</td><td>q3_mean_test</td>" in html


def test_nbgrader_export_still_works(course):
    submit(course, "full", answered(course))
    Grader(course, Options(**FAST)).run()
    from nbgrader.api import Gradebook

    with Gradebook(course.db_url, course.course_id) as gb:
        submission = gb.find_submission(MODULE, "full")
        assert submission.score == 7.0 and submission.max_score == 9.0
        assert submission.needs_manual_grade  # the judgement question waits for the formgrader


@pytest.mark.parametrize(("argv", "code", "message"), [
    (["grade", "--module", "42"], 2, "unknown module"),
    (["grade", "--student", "nobody"], 2, "no submissions from student"),
    (["feedback"], 2, "nothing has been graded"),
])
def test_cli_bad_input(course, capsys, argv, code, message):
    submit(course, "someone", answered(course))
    assert main(argv) == code
    assert message in capsys.readouterr().err


def test_cli_bad_archives(course, tmp_path, capsys):
    empty = tmp_path / "empty.zip"
    zipfile.ZipFile(empty, "w").close()
    assert main(["intake", str(empty)]) == 2
    assert "contains no files" in capsys.readouterr().err
    bad = tmp_path / "bad.zip"
    bad.write_bytes(b"PK\x03\x04 definitely not a zip")
    assert main(["intake", str(bad)]) == 2
    assert "not a valid zip" in capsys.readouterr().err


def test_missing_gradebook(course, capsys):
    submit(course, "someone", answered(course))
    course.db_path.unlink()
    assert main(["grade"]) == 5
    assert "no gradebook" in capsys.readouterr().err


def test_sandbox_required_but_missing(course, capsys, monkeypatch):
    submit(course, "someone", answered(course))
    monkeypatch.setattr("analystlab.grading.grade.sandbox_problem", lambda: "bubblewrap (bwrap) is not installed.")
    assert main(["grade", "--require-sandbox", "--quiet"]) == 4
    assert "bubblewrap (bwrap) is not installed" in capsys.readouterr().err
    # without --require-sandbox it grades, with a loud warning
    assert main(["grade", "--quiet"]) == 0
    err = capsys.readouterr().err
    assert "WARNING: grading WITHOUT a sandbox" in err


def test_regrading_keeps_earlier_results_when_worker_cannot_start(course, monkeypatch):
    submit(course, "full", answered(course))
    Grader(course, Options(**FAST)).run()
    broken = sandbox.WorkerSpec(["/nonexistent/python"], {}, sandboxed=False)
    monkeypatch.setattr("analystlab.grading.grade.worker_spec", lambda *a: broken)
    summary = Grader(course, Options(**FAST, sandbox="off")).run()
    assert [o.status for o in summary.outcomes] == ["error"]
    _, rows = export(course, course.reports / "g.csv")
    assert rows[0]["score"] == 7.0 and rows[0]["status"] == "ok"


def test_intake_student_comes_from_the_top_folder_only(course, tmp_path):
    inbox = tmp_path / "inbox"
    _write(inbox / "t02" / f"{MODULE}.ipynb", answered(course), mtime=1_700_000_000)
    intake(course, inbox)
    honest = (course.submitted / "t02" / MODULE / "fixture.ipynb").read_bytes()
    attack = tmp_path / "attack"
    _write(attack / "t01" / MODULE / "t02" / MODULE / "fixture.ipynb", release(course), mtime=1_900_000_000)
    _write(attack / "t01" / f"t02_{MODULE}.ipynb", release(course), mtime=1_900_000_000)
    report = intake(course, attack)
    assert (course.submitted / "t02" / MODULE / "fixture.ipynb").read_bytes() == honest
    assert any("nested too deep" in line for line in report.unmatched)
    assert any("in the future" in line for line in report.unmatched)
    assert report.needs_attention


def test_intake_unwraps_a_single_enclosing_folder(course, tmp_path):
    inbox = tmp_path / "inbox"
    _write(inbox / "session3" / "asel" / f"{MODULE}.ipynb", answered(course))
    _write(inbox / "session3" / "bek" / f"{MODULE}.ipynb", answered(course))
    intake(course, inbox)
    assert sorted(course.students()) == ["asel", "bek"]
