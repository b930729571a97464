"""`analystlab export` lists the modules that were handed out or in (all with --all-modules), and
refuses an output path whose folder does not exist rather than creating it."""

from __future__ import annotations

import csv
import shutil

from grading_support import MODULE, answered, submit

from analystlab.cli import main
from analystlab.grading import gradebook
from analystlab.grading.grade import Grader, Options

OTHER = "98-other"


def _rows(path) -> list[dict]:
    with open(path, newline="") as handle:
        return list(csv.DictReader(handle))


def test_export_lists_assigned_modules_unless_asked_for_all(course, capsys):
    # A second module released into the gradebook that nobody was given.
    shutil.copytree(course.source / MODULE, course.source / OTHER)
    gradebook.register_module(course, OTHER)
    submit(course, "asel", answered(course))
    submit(course, "bek", answered(course))
    Grader(course, Options(workers=2, cell_timeout=5, notebook_timeout=30, progress=False)).run()

    assert main(["export"]) == 0
    out = capsys.readouterr().out
    rows = _rows(course.reports / "grades.csv")
    assert [(r["student"], r["module"], r["status"]) for r in rows] == [("asel", MODULE, "ok"), ("bek", MODULE, "ok")]
    assert f"2 row(s) for {MODULE}, 0 not ok" in out and "--all-modules" in out

    assert main(["export", "--all-modules"]) == 0
    rows = _rows(course.reports / "grades.csv")
    assert [(r["student"], r["module"], r["status"]) for r in rows] == [
        ("asel", OTHER, "missing"), ("asel", MODULE, "ok"), ("bek", OTHER, "missing"), ("bek", MODULE, "ok")]

    # Released to the exchange: assigned, so a trainee who has not handed it in is missing.
    exchange = course.root / "exchange"
    (exchange / course.course_id / "outbound" / OTHER).mkdir(parents=True)
    with open(course.config_file, "a") as config:
        config.write(f"\nc.Exchange.root = {str(exchange)!r}\n")
    assert main(["export"]) == 0
    rows = _rows(course.reports / "grades.csv")
    assert sorted((r["student"], r["module"], r["status"]) for r in rows) == [
        ("asel", OTHER, "missing"), ("asel", MODULE, "ok"), ("bek", OTHER, "missing"), ("bek", MODULE, "ok")]


def test_export_refuses_an_output_folder_that_does_not_exist(course, tmp_path, capsys):
    submit(course, "asel", answered(course))
    Grader(course, Options(workers=1, cell_timeout=5, notebook_timeout=30, progress=False)).run()
    target = tmp_path / "nonexistent" / "dir" / "x.csv"
    assert main(["export", "--output", str(target)]) == 2
    err = capsys.readouterr().err
    assert f"the folder {target.parent} does not exist" in err
    assert not (tmp_path / "nonexistent").exists()
    assert main(["export", "--output", str(tmp_path / "x.csv")]) == 0
    assert [r["student"] for r in _rows(tmp_path / "x.csv")] == ["asel"]
