"""The test worker runs a notebook's given cells once, whatever the submissions' answers are."""

from __future__ import annotations

import os

from analystlab.grading import tester as tester_module
from analystlab.grading.tester import Given


def _job(answer: str) -> dict:
    return {"cells": [
        {"i": 0, "kind": "given", "source": "import math\nCALLS = [3, 4, 5]"},
        {"i": 1, "kind": "answer", "source": answer},
        {"i": 2, "kind": "test", "grade_id": "q1", "segments": []},
        {"i": 3, "kind": "given", "source": "LIMIT = max(CALLS)"},
    ]}


def test_given_cells_run_once_and_answer_names_stay_untrusted(monkeypatch):
    built = []
    monkeypatch.setattr(tester_module, "Given", type("CountedGiven", (Given,), {
        "__init__": lambda self, cells: (built.append(1), Given.__init__(self, cells))[1]}))
    read_fd, write_fd = os.pipe()
    tester = tester_module.Tester(read_fd, write_fd)
    try:
        tester.job(_job("total = sum(CALLS)"))
        tester.job(_job("import json\nCALLS = [1]\ntotal = 0"))
        assert len(built) == 1, "the given cells ran again for another submission's answers"
        given = tester.current
        # The trainee rebinds CALLS at cell 1: from there on the test asks the trainee for it.
        assert given.trusted("CALLS", 1) is True and given.trusted("CALLS", 2) is False
        assert given.trusted("total", 2) is False and given.trusted("json", 2) is True
        assert given.trusted("LIMIT", 4) is True and given.namespace(4)["LIMIT"] == 5
        # The first submission's view is not changed by the second's answers.
        tester.job(_job("total = sum(CALLS)"))
        assert tester.current.trusted("CALLS", 2) is True
    finally:
        os.close(read_fd)
        os.close(write_fd)
