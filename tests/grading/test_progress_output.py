"""The grading progress: a bar on a terminal, plain lines in a log or pipe (no carriage returns)."""

from __future__ import annotations

import io
import os

from tqdm import tqdm

from analystlab.grading.grade import LineProgress, _progress


def test_plain_lines_without_a_terminal():
    log = io.StringIO()
    bar = _progress(25, True, log)
    assert isinstance(bar, LineProgress)
    for _ in range(25):
        bar.update(1)
    bar.close()
    text = log.getvalue()
    assert "\r" not in text
    assert text.splitlines() == [f"grading: {n}/25 notebooks" for n in (3, 6, 9, 12, 15, 18, 21, 24, 25)]


def test_small_batches_print_every_notebook_and_quiet_prints_nothing():
    log = io.StringIO()
    bar = _progress(3, True, log)
    for _ in range(3):
        bar.update(1)
    assert log.getvalue().splitlines() == ["grading: 1/3 notebooks", "grading: 2/3 notebooks", "grading: 3/3 notebooks"]
    quiet = io.StringIO()
    bar = _progress(3, False, quiet)
    bar.update(3)
    bar.close()
    assert quiet.getvalue() == ""


def test_a_bar_on_a_terminal():
    leader, follower = os.openpty()
    with os.fdopen(follower, "w") as terminal:
        bar = _progress(5, True, terminal)
        assert isinstance(bar, tqdm) and not bar.disable
        bar.close()
    os.close(leader)
