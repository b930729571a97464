"""Feedback pages open with a per-task summary linking to each task, and show visible checks as the
messages they raise (never as assert code), without any hidden test."""

from __future__ import annotations

import re

import nbformat
from grading_support import MODULE, REPO, answered, submit

from analystlab.grading.feedback import generate, render, visible_checks
from analystlab.grading.grade import Grader, Options

TEST = '''import numbers as _n
assert isinstance(total, int), "total should be an int"
assert total > 0, ("total is not positive: "
                   "did you sum the minutes?")
assert total < 10_000, f"total is {total} minutes; too many: {len(calls)} calls"
for _phone in calls["phone"]:
    assert _phone.startswith("+"), f"{_phone!r} is not in E.164"
assert total % 1 == 0
np.testing.assert_array_equal(a, b)
### BEGIN HIDDEN TESTS
assert total == 57, "SECRET-HIDDEN message"
### END HIDDEN TESTS
'''


def test_visible_checks_are_their_messages_in_order_and_never_hidden():
    checks = visible_checks(TEST)
    assert [text for text, _ in checks] == [
        "total should be an int",
        "total is not positive: did you sum the minutes?",
        "total is … minutes; too many: … calls",
        "… is not in E.164",
        "check: total % 1 == 0",
        "check: np.testing.assert_array_equal(a, b)",
    ]
    assert checks[2][1].fullmatch("total is 12345 minutes; too many: 8 calls")
    assert not checks[2][1].fullmatch("total should be an int")


def _page(course, student: str) -> str:
    return (course.feedback / student / MODULE / "fixture.html").read_text()


def test_feedback_summary_links_each_task_and_marks_the_failed_check(course):
    typed = answered(course, q3_mean="mean_minutes = '7'")
    # A cell the trainee added cannot rename a task in the summary: titles come from the source.
    typed.cells.insert(-3, nbformat.v4.new_markdown_cell("## <b>Full marks here</b> please"))
    submit(course, "typed", typed)
    submit(course, "wrong", answered(course, q3_mean="mean_minutes = 7.0"))
    Grader(course, Options(workers=2, cell_timeout=5, notebook_timeout=30, progress=False)).run()
    generate(course)

    page = _page(course, "typed")
    summary = page.split("<table class='summary' id='summary'>")[1].split("</table>")[0]
    rows = re.findall(r"<tr><td><a href='#([^']+)'>([^<]+)</a></td><td>([^<]+)</td><td[^>]*>([^<]+)</td></tr>", summary)
    assert rows == [
        ("task-q1_total_test", "Q1. Set total_minutes (int) to the total call minutes.", "2 / 2", "passed"),
        ("task-q2_per_phone_test", "Q2. Set per_phone (Series, index phone, sorted) to minutes per phone.", "3 / 3",
         "passed"),
        ("task-q3_mean_test", "Q3. Set mean_minutes (float) to the mean call length.", "0 / 2",
         "a visible check failed"),
        ("task-q4_judgement", "Q4. Which phone would you look at first, and why?", "– / 2",
         "marked by your instructor"),
    ]
    for anchor, *_ in rows:
        assert f"id='{anchor}'" in page, f"the summary links to #{anchor}, which is not on the page"
    assert page.index("<table class='summary' id='summary'>") < page.index("id='task-q1_total_test'")
    # Each test's verdict links back to the summary, so a long page is never a scroll back to the top.
    verdicts = re.findall(r"<p class='verdict'>.*?</p>", page)
    assert len(verdicts) == 3 and all("<a class='back' href='#summary'>" in verdict for verdict in verdicts)
    assert "<li class='bad'>✗ mean_minutes should be a float</li>" in page
    assert "<li class='ok'>✓ one row per phone number: group by phone</li>" in page
    assert "assert isinstance" not in page and "assert per_phone" not in page  # messages, not code
    assert "Full marks" not in summary and "Full marks" not in page.split("id='task-q3_mean_test'>")[1][:200]

    wrong = _page(course, "wrong")
    assert "<li class='ok'>✓ mean_minutes should be a float</li>" in wrong  # visible checks passed
    assert "a hidden check failed" in wrong
    for shown in (page, wrong):
        assert "7.125" not in shown and "BEGIN HIDDEN" not in shown and "assert_allclose" not in shown
        assert "total is wrong" not in shown and "assert_series_equal" not in shown


def test_a_real_exercise_page_shows_messages_not_code_or_answers():
    source = nbformat.read(REPO / "solutions" / "00-orientation" / "00-exercise.ipynb", as_version=4)
    tests = [{"grade_id": cell.metadata.nbgrader.grade_id, "points": 0.0, "max_points": 2.0, "passed": False,
              "failed_in": "not run"} for cell in source.cells
             if cell.metadata.get("nbgrader", {}).get("grade") and cell.cell_type == "code"]
    page = render("asel", "00-orientation", "00-exercise", source, {"status": "ok", "tests": tests}, set())
    assert "Task 1 — Records typed in twice</a>" in page
    assert "duplicate_ids should be a Python list of record numbers." in page
    assert "assert isinstance(duplicate_ids" not in page
    assert "SZ-0019" not in page and "376" not in page.split("Task 1 —")[-1].split("Task 2 —")[0]
