"""The adversarial corpus: every submission here tries to earn points it should not, or to break
the batch. For each: no unearned points (or flagged with the reason), the batch completes, the
gradebook stays intact, and honest trainees get exactly the grades of a clean run."""

from __future__ import annotations

import json
import shutil
import sqlite3

import nbformat
import pytest
from grading_support import MODULE, SECRET, answered, cell, release, submit

from analystlab.grading.export import collect
from analystlab.grading.grade import Grader, Options
from analystlab.grading.layout import load_layout
from analystlab.grading.sandbox import sandbox_problem

SANDBOX = sandbox_problem() is None
OPTIONS = dict(workers=2, cell_timeout=3, notebook_timeout=40, interrupt_grace=2, memory_mb=600,
               max_processes=24, progress=False)
WRONG_MEAN = "mean_minutes = 1.0"


def _honest(layout):
    return {
        "honest_full": answered(layout),
        "honest_partial": answered(layout, q3_mean=WRONG_MEAN),
    }


def _attacks(layout):
    a = {}
    a["transformer_hijack"] = answered(layout, q1_total=(
        "get_ipython().input_transformers_cleanup.append(lambda lines: ['pass\\n'])\ntotal_minutes = 1"),
        q2_per_phone="per_phone = None", q3_mean=WRONG_MEAN)
    a["patched_helper"] = answered(layout, q3_mean=(
        "import numpy.testing\nnumpy.testing.assert_allclose = lambda *a, **k: None\n" + WRONG_MEAN))
    a["patched_pandas"] = answered(layout, q2_per_phone=(
        "import pandas.testing\npandas.testing.assert_series_equal = lambda *a, **k: None\n"
        "per_phone = calls.groupby('phone')['minutes'].count().sort_index()"))
    a["builtins_tamper"] = answered(layout, q1_total=(
        "import builtins\nbuiltins.isinstance = lambda *a: True\ntotal_minutes = 57.0"))
    a["shadowed_builtin"] = answered(layout, q1_total="def isinstance(*a):\n    return True\ntotal_minutes = 57.0")
    a["always_equal"] = answered(layout, q1_total=(
        "class Anything(int):\n    def __eq__(self, other):\n        return True\n    __hash__ = int.__hash__\n"
        "total_minutes = Anything(3)"))
    a["infinite_loop"] = answered(layout, q2_per_phone="while True:\n    pass")
    a["ignores_interrupt"] = answered(layout, q2_per_phone=(
        "import signal\nsignal.signal(signal.SIGINT, signal.SIG_IGN)\nwhile True:\n    pass"))
    a["memory_bomb"] = answered(layout, q2_per_phone="hog = bytearray(8 * 1024**3)\nper_phone = None")
    a["fork_bomb"] = answered(layout, q2_per_phone=(
        "import os, time\nfor _ in range(60):\n    if os.fork() == 0:\n        time.sleep(20)\n        os._exit(0)\n"
        "per_phone = calls.groupby('phone')['minutes'].sum().sort_index()"))
    a["os_exit"] = answered(layout, q2_per_phone="import os\nos._exit(0)")
    a["sys_exit"] = answered(layout, q2_per_phone="import sys\nsys.exit(0)", q3_mean=WRONG_MEAN)
    a["huge_output"] = answered(layout, q2_per_phone="for _ in range(200):\n    print('x' * 100_000)\nper_phone = 0")
    deleted = answered(layout, q3_mean=WRONG_MEAN)
    deleted.cells = [c for c in deleted.cells if c.metadata.get("nbgrader", {}).get("grade_id") != "q3_mean_test"]
    a["deleted_test"] = deleted
    duplicated = answered(layout, q3_mean=WRONG_MEAN)
    duplicated.cells.insert(2, nbformat.from_dict(json.loads(json.dumps(cell(duplicated, "q3_mean_test")))))
    a["duplicated_test"] = duplicated
    reordered = answered(layout, q3_mean=WRONG_MEAN)
    test = cell(reordered, "q3_mean_test")
    reordered.cells.remove(test)
    reordered.cells.insert(1, test)  # run it before the answer exists... graded in the source order
    a["reordered_test"] = reordered
    retyped = answered(layout, q3_mean=WRONG_MEAN)
    cell(retyped, "q3_mean_test").cell_type = "markdown"
    cell(retyped, "q3_mean_test").pop("outputs", None)
    cell(retyped, "q3_mean_test").pop("execution_count", None)
    a["retyped_test"] = retyped
    stripped = answered(layout, q3_mean=WRONG_MEAN)
    for c in stripped.cells:
        c.metadata.pop("nbgrader", None)
    a["stripped_metadata"] = stripped
    a["corrupt_json"] = '{"cells": [ this is not json'
    wrong = json.loads(nbformat.writes(answered(layout)))
    wrong["nbformat"] = 5
    a["wrong_nbformat"] = json.dumps(wrong)
    root = layout.root
    a["reads_answer_key"] = answered(layout, q1_total=(
        "import glob\nfound = []\n"
        f"paths = glob.glob({str(root)!r} + '/**/*', recursive=True)\n"
        "paths += glob.glob('/course-data/**/*', recursive=True)\n"
        "for path in paths:\n"
        "    try:\n        found.append(open(path).read())\n    except Exception:\n        pass\n"
        "print('\\n'.join(found)[:20000])\ntotal_minutes = 1"))
    a["writes_gradebook"] = answered(layout, q1_total=(
        f"try:\n    open({str(layout.db_path)!r}, 'w').write('owned')\n"
        "except Exception as exc:\n    print('refused', exc)\n"
        "total_minutes = 1"))
    a["network"] = answered(layout, q1_total=(
        "import socket\ntry:\n    socket.create_connection(('1.1.1.1', 80), timeout=2)\n    print('NETWORK OPEN')\n"
        "except OSError as exc:\n    print('no network', exc)\ntotal_minutes = 1"))
    a["frame_walk"] = answered(layout, q1_total=(
        "import sys\ntry:\n    f = sys._getframe(0)\n    print('frames', f.f_back)\nexcept PermissionError as exc:\n"
        "    print('refused', exc)\ntotal_minutes = 1"))
    a["background_thread"] = answered(layout, q1_total=(
        "import _thread, time\ndef spin():\n    while True:\n        time.sleep(0.01)\n"
        "_thread.start_new_thread(spin, ())\ntotal_minutes = 57.0"))
    # Honest work that makes pandas 3 start Arrow's native thread pool (text columns): not tampering.
    a["arrow_threads_honest"] = answered(layout, q2_per_phone=(
        "import pandas as pd\n_ = pd.DataFrame({'u': ['a', 'b'], 'v': ['b', 'c']})[['u', 'v']].min(axis=1)\n"
        "per_phone = calls.groupby('phone')['minutes'].sum().sort_index()"))
    return a


def _grade(template, tmp_path_factory, submissions):
    root = tmp_path_factory.mktemp("batch") / "course"
    shutil.copytree(template, root, symlinks=True)
    layout = load_layout(root)
    built = {name: make(layout) for name, make in submissions.items()}
    for student, nb in built.items():
        submit(layout, student, nb)
    summary = Grader(layout, Options(**OPTIONS)).run()
    rows, _ = collect(layout)
    return layout, summary, {row["student"]: row for row in rows}


@pytest.fixture(scope="module")
def runs(template, tmp_path_factory):
    honest = {k: (lambda lay, k=k: _honest(lay)[k]) for k in ("honest_full", "honest_partial")}
    clean = _grade(template, tmp_path_factory, honest)
    everything = dict(honest)
    for name in _attacks(load_layout(template)):
        everything[name] = lambda lay, name=name: _attacks(lay)[name]
    return clean, _grade(template, tmp_path_factory, everything)


def test_batch_completes_and_honest_grades_equal_a_clean_run(runs):
    (_, clean_summary, clean), (_, summary, rows) = runs
    assert len(summary.outcomes) == 2 + len(_attacks(load_layout(runs[1][0].root)))
    assert all(o.saved for o in summary.outcomes)
    for student in ("honest_full", "honest_partial"):
        keep = ["score", "max_score", "status", "99-fixture:q1_total_test", "99-fixture:q2_per_phone_test",
                "99-fixture:q3_mean_test"]
        assert {k: rows[student][k] for k in keep} == {k: clean[student][k] for k in keep}
    assert clean["honest_full"]["score"] == 7.0 and clean["honest_full"]["status"] == "ok"
    assert clean["honest_partial"]["score"] == 5.0


def test_gradebook_intact(runs):
    layout = runs[1][0]
    with sqlite3.connect(layout.db_path) as db:
        students = {row[0] for row in db.execute("select id from student")}
    assert {"honest_full", "writes_gradebook", "network"} <= students


# (student, max auto points it may have, status it must have)
EXPECTED = {
    "transformer_hijack": (0, "tampered"),
    "patched_helper": (5, "tampered"),
    "patched_pandas": (4, "tampered"),
    "builtins_tamper": (5, "tampered"),
    "shadowed_builtin": (5, "tampered"),
    "always_equal": (5, "tampered"),
    "infinite_loop": (4, "timeout"),
    "ignores_interrupt": (2, "timeout"),
    "memory_bomb": (4, "crashed"),
    "fork_bomb": (7, "crashed"),
    "os_exit": (2, "crashed"),
    "sys_exit": (2, None),
    "huge_output": (4, None),
    "deleted_test": (5, "tampered"),
    "duplicated_test": (5, "tampered"),
    "reordered_test": (5, "tampered"),
    "retyped_test": (5, "tampered"),
    "stripped_metadata": (5, "tampered"),
    "corrupt_json": (0, "corrupt"),
    "wrong_nbformat": (0, "corrupt"),
    "reads_answer_key": (5, None),
    "writes_gradebook": (5, None),
    "network": (5, None),
    "frame_walk": (5, "tampered"),
    "background_thread": (7, "tampered"),
    "arrow_threads_honest": (7, "ok"),
}


@pytest.mark.parametrize("student", sorted(EXPECTED))
def test_no_unearned_points(runs, student):
    rows = runs[1][2]
    most, status = EXPECTED[student]
    row = rows[student]
    auto = sum(float(row.get(f"{MODULE}:{q}") or 0) for q in ("q1_total_test", "q2_per_phone_test", "q3_mean_test"))
    assert auto <= most, row
    if status:
        assert row["status"] == status, row
    if row["status"] != "ok":
        assert row["reasons"], row


def test_restored_tests_are_graded(runs):
    rows = runs[1][2]
    for student in ("deleted_test", "duplicated_test", "reordered_test", "retyped_test", "stripped_metadata"):
        assert rows[student][f"{MODULE}:q3_mean_test"] == 0.0, rows[student]
        assert rows[student][f"{MODULE}:q1_total_test"] == 2.0, rows[student]
    assert "q3_mean_test was deleted" in rows["deleted_test"]["reasons"]


def _outputs(layout, student) -> str:
    nb = nbformat.read(layout.autograded / student / MODULE / "fixture.ipynb", as_version=4)
    return json.dumps([c.get("outputs", []) for c in nb.cells])


@pytest.mark.skipif(not SANDBOX, reason="bubblewrap sandbox not available here")
def test_sandbox_hides_answer_key_gradebook_and_network(runs):
    layout = runs[1][0]
    assert SECRET not in _outputs(layout, "reads_answer_key")
    assert "BEGIN HIDDEN TESTS" not in _outputs(layout, "reads_answer_key")
    assert "refused" in _outputs(layout, "writes_gradebook")
    assert "no network" in _outputs(layout, "network") and "NETWORK OPEN" not in _outputs(layout, "network")


def test_frame_access_refused(runs):
    assert "refused" in _outputs(runs[1][0], "frame_walk")


def test_huge_output_is_truncated(runs):
    assert len(_outputs(runs[1][0], "huge_output")) < 1_000_000


def test_blank_release_scores_zero(course):
    submit(course, "blank", release(course))
    summary = Grader(course, Options(**OPTIONS)).run()
    assert [(o.status, o.score) for o in summary.outcomes] == [("ok", 0)]
