"""One worker, many submissions in a row: whatever a submission does to its worker, the next one
starts as clean as a cold start and keeps its full marks; limits hold across all of a submission's
processes; every submission gets a row."""

from __future__ import annotations

import shutil

import pytest
from grading_support import answered, submit

from analystlab.grading.export import collect
from analystlab.grading.grade import Grader, Options
from analystlab.grading.layout import load_layout

pytestmark = pytest.mark.slow
OPTIONS = dict(workers=1, cell_timeout=3, notebook_timeout=40, interrupt_grace=2, memory_mb=500,
               max_processes=24, max_disk_mb=64, progress=False)
TOTAL = "total_minutes = int(calls['minutes'].sum())\n"

ATTACKS = {
    # Names sort in grading order; an honest neighbour follows each attack on the same worker.
    "a1_plants_modules": TOTAL + (
        "import os, sys\n"
        "for folder in ('/tmp', os.environ.get('TMPDIR', '/tmp'), os.getcwd(), os.path.expanduser('~')):\n"
        "    try:\n"
        "        open(os.path.join(folder, 'pandas_extra.py'), 'w').write('import pandas\\n'\n"
        "            'pandas.Series.sum = lambda self, *a, **k: 0\\n')\n"
        "        open(os.path.join(folder, 'sitecustomize.py'), 'w').write('import pandas_extra\\n')\n"
        "    except OSError:\n        pass\n"
        "sys.path.insert(0, '/tmp')\nos.environ['PYTHONPATH'] = '/tmp'\nos.environ['PYTHONSTARTUP'] = '/tmp/x.py'\n"),
    "a2_honest": TOTAL,
    "b1_locks_folders": TOTAL + (
        "import os\nfor folder in ('/tmp', os.environ.get('TMPDIR', '/tmp'), os.getcwd(), os.path.expanduser('~')):\n"
        "    try:\n        os.chmod(folder, 0o555)\n    except OSError:\n        pass\n"),
    "b2_honest": TOTAL,
    "c1_signals_neighbours": TOTAL + (
        "import os, signal, time\nif os.fork() == 0:\n    for _ in range(4000):\n"
        "        try:\n            os.kill(-1, signal.SIGINT)\n        except OSError:\n            pass\n"
        "        if os.fork() == 0:\n            time.sleep(0.01)\n            os._exit(0)\n"
        "        time.sleep(0.005)\n    os._exit(0)\n"),
    "c2_honest": TOTAL,
    "d1_stops_its_worker": "import os, signal\nos.kill(os.getppid(), signal.SIGSTOP)\n" + TOTAL,
    "d2_honest": TOTAL,
    "e1_memory_in_processes": TOTAL + (
        "import os, time\nfor _ in range(4):\n    if os.fork() == 0:\n        hog = bytearray(300 * 1024 * 1024)\n"
        "        for i in range(0, len(hog), 4096):\n            hog[i] = 1\n"
        "        time.sleep(30)\n        os._exit(0)\n"
        "time.sleep(20)\n"),
    "e2_honest": TOTAL,
    "f1_kills_its_worker": "import os, signal\nos.kill(os.getppid(), signal.SIGKILL)\n" + TOTAL,
    "f2_honest": TOTAL,
    "g1_fills_disk": TOTAL + (
        "import os, time\nfor n in range(10):\n    with open(f'fill{n}.bin', 'wb') as out:\n"
        "        out.write(os.urandom(10 * 1024 * 1024))\ntime.sleep(5)\n"),
    "g2_honest": TOTAL,
}


@pytest.fixture(scope="module")
def rows(template, tmp_path_factory):
    root = tmp_path_factory.mktemp("isolation") / "course"
    shutil.copytree(template, root, symlinks=True)
    layout = load_layout(root)
    for student, source in ATTACKS.items():
        submit(layout, student, answered(layout, q1_total=source))
    summary = Grader(layout, Options(**OPTIONS)).run()
    assert len(summary.outcomes) == len(ATTACKS)
    table, _ = collect(layout)
    return {row["student"]: row for row in table}


def test_every_submission_gets_a_row(rows):
    assert set(rows) == set(ATTACKS)


@pytest.mark.parametrize("student", sorted(s for s in ATTACKS if s.endswith("honest")))
def test_honest_neighbour_is_untouched(rows, student):
    assert (rows[student]["status"], float(rows[student]["score"])) == ("ok", 7.0), rows[student]


def test_disk_is_limited(rows):
    row = rows["g1_fills_disk"]
    assert row["status"] == "crashed" and "MB of files" in row["reasons"], row


def test_memory_is_limited_across_processes(rows):
    row = rows["e1_memory_in_processes"]
    assert row["status"] == "crashed" and "memory" in row["reasons"], row


@pytest.mark.parametrize("student", ["d1_stops_its_worker", "f1_kills_its_worker"])
def test_harming_the_worker_costs_only_ones_own_submission(rows, student):
    assert rows[student]["status"] == "crashed" and rows[student]["reasons"], rows[student]
    assert float(rows[student]["score"]) == 0.0
