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
    # -- attacks on the verdict (issue: grading you can trust) --
    a["forged_results"] = answered(layout, q1_total=(
        "import os, json, struct\n"
        "for fd in range(3, 256):\n"
        "    for msg in ({'t': 'verdict', 'passed': True, 'outputs': []}, {'t': 'cell', 'outputs': 'boom'},\n"
        "                {'t': 'end'}, {'t': 'values', 'values': {}}):\n"
        "        body = json.dumps(msg).encode()\n"
        "        try:\n            os.write(fd, struct.pack('>Q', len(body)) + body)\n"
        "        except OSError:\n            pass\n"
        "total_minutes = 1"))
    a["trusted_filename_frames"] = answered(layout, q1_total=(
        "src = 'import sys\\nf = sys._getframe()\\nwhile f is not None:\\n"
        "    print(f.f_code.co_filename, sorted(map(str, f.f_globals))[:50])\\n    f = f.f_back'\n"
        "exec(compile(src, '/usr/lib/python3/dist-packages/x.py', 'exec'))\n"
        "import gc\nprint([repr(o)[:200] for o in gc.get_objects() if isinstance(o, str) and 'HIDDEN' in o][:20])\n"
        "total_minutes = 1"))
    a["neutered_collector"] = answered(layout, q3_mean=(
        "import sys\ntry:\n    sys.stdout.cell.add = lambda o: None\nexcept Exception:\n    pass\n" + WRONG_MEAN))
    a["class_patch"] = answered(layout, q3_mean=(
        "from unittest import mock\nimport numpy, pandas as pd\n"
        "mock.patch.object(pd.Series, '__eq__', lambda s, o: True).start()\n"
        "mock.patch.object(numpy.testing, 'assert_allclose', lambda *a, **k: None).start()\n" + WRONG_MEAN))
    a["claims_numpy"] = answered(layout, q3_mean=(
        "mean_minutes = type('float64', (float,), {'__module__': 'numpy', '__eq__': lambda s, o: True,\n"
        "                                         '__hash__': float.__hash__})(1.0)"))
    a["lying_elements"] = answered(layout, q2_per_phone=(
        "class Liar:\n    def __eq__(self, other):\n        return True\n    __hash__ = object.__hash__\n"
        "per_phone = calls.groupby('phone')['minutes'].sum().sort_index().astype(object)\n"
        "per_phone[:] = [Liar() for _ in range(len(per_phone))]"))
    a["lying_subclass"] = answered(layout, q2_per_phone=(
        "import pandas as pd\nclass S(pd.Series):\n    def equals(self, other):\n        return True\n"
        "per_phone = S(calls.groupby('phone')['minutes'].count().sort_index())"))
    a["alarm_flood"] = answered(layout, q1_total=(
        "import signal\ndef flood(*_):\n    print('x' * 1000)\n"
        "signal.signal(signal.SIGALRM, flood)\nsignal.setitimer(signal.ITIMER_REAL, 0.001, 0.001)\n"
        "total_minutes = 1"))
    a["reads_test_state"] = answered(layout, q3_mean=(
        "mean_minutes = 7.125 if ('expected' in globals() or '_expected' in globals()) else 1.0"))
    scripted = answered(layout, q3_mean=WRONG_MEAN + "\nfrom IPython.display import display\n"
                        "display({'image/png': '\\\"><script>alert(2)</script>', 'text/plain': 'x'}, raw=True)")
    note = "Note <script>alert(1)</script> <img src=x onerror=alert(3)>"
    scripted.cells.insert(3, nbformat.v4.new_markdown_cell(note))
    a["script_in_feedback"] = scripted
    a["deep_json"] = '{"cells": ' + "[" * 60_000 + "]" * 60_000 + "}"
    # Honest work that must grade ok with full marks.
    a["honest_unicode"] = answered(layout, q1_total=(
        "print('\\udcff bad byte \\x00')\ntotal_minutes = int(calls['minutes'].sum())"))
    a["honest_binary_output"] = answered(layout, q1_total=(
        "from IPython.display import display\ndisplay({'image/png': 'bm90IGEgcG5n', 'text/plain': 'x'}, raw=True)\n"
        "total_minutes = int(calls['minutes'].sum())"))
    a["honest_query_eval"] = answered(layout, q1_total=(
        "one = 1\ntotal_minutes = int(calls.eval('minutes * @one').sum())"), q2_per_phone=(
        "low = 0\nper_phone = calls.query('minutes > @low').groupby('phone')['minutes'].sum().sort_index()"))
    a["honest_warnings"] = answered(layout, q1_total=(
        "import warnings\nwarnings.warn('old', DeprecationWarning)\nwarnings.warn('soon', FutureWarning)\n"
        "import pandas as pd\n_ = pd.Series(pd.to_datetime(['2024-05-06'])).dt.dayofweek\n"
        "total_minutes = int(calls['minutes'].astype('Int64').sum())"))
    a["honest_numpy_scalar"] = answered(layout, q3_mean=(
        "import numpy as np\nmean_minutes = np.float64(calls['minutes'].mean())"))
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


# (student, max auto points it may have, status it must have). Tampering inside the trainee's own
# process changes nothing the tests see, so most attacks simply earn what their values are worth.
EXPECTED = {
    "transformer_hijack": (0, "ok"),
    "patched_helper": (5, "ok"),
    "patched_pandas": (4, "ok"),
    "builtins_tamper": (5, None),
    "shadowed_builtin": (5, "ok"),
    "always_equal": (5, "ok"),
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
    "frame_walk": (5, "ok"),
    "background_thread": (5, None),
    "arrow_threads_honest": (7, "ok"),
    "forged_results": (5, None),
    "trusted_filename_frames": (5, None),
    "neutered_collector": (5, "ok"),
    "class_patch": (5, "ok"),
    "claims_numpy": (5, "ok"),
    "lying_elements": (4, "ok"),
    "lying_subclass": (4, "ok"),
    "alarm_flood": (5, None),
    "reads_test_state": (5, "ok"),
    "deep_json": (0, "corrupt"),
    "script_in_feedback": (5, None),
}
HONEST = ("honest_unicode", "honest_binary_output", "honest_query_eval", "honest_warnings", "honest_numpy_scalar")


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


@pytest.mark.parametrize("student", HONEST)
def test_honest_idioms_full_marks(runs, student):
    row = runs[1][2][student]
    assert (row["status"], float(row["score"])) == ("ok", 7.0), row


def test_no_hidden_test_reaches_the_trainee(runs):
    layout = runs[1][0]
    for student in ("trusted_filename_frames", "frame_walk", "reads_test_state"):
        shown = _outputs(layout, student)
        assert "7.125" not in shown and "HIDDEN TESTS" not in shown and "+7702" not in shown, student


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


def test_huge_output_is_truncated(runs):
    assert len(_outputs(runs[1][0], "huge_output")) < 1_000_000


def test_blank_release_scores_zero(course):
    submit(course, "blank", release(course))
    summary = Grader(course, Options(**OPTIONS)).run()
    assert [(o.status, o.score) for o in summary.outcomes] == [("ok", 0)]


def test_feedback_escapes_trainee_markdown_and_images(runs):
    from analystlab.grading.feedback import generate

    layout = runs[1][0]
    pages = generate(layout, student="script_in_feedback")
    page = pages[0].read_text()
    assert "Note" in page
    assert "<script" not in page and "onerror" not in page
    assert "\"><script>alert(2)" not in page, "a crafted image value reached the page"
