"""Release feedback pages through nbgrader's exchange.

`nbgrader release_feedback` reads each feedback folder's timestamp.txt and submission_secret.txt
(nbgrader's own generate_feedback copies them from the submission: the secret names the page in the
exchange); `analystlab feedback` writes only the pages, so both are copied beside them first. Run
as the instructor, in the course.
"""

from __future__ import annotations

import shutil
import subprocess
import sys

from ..grading.layout import load_layout

SUBMISSION_FILES = ("timestamp.txt", "submission_secret.txt")


def release_feedback(module: str) -> int:
    """Add the submission's missing files, then `nbgrader release_feedback MODULE`; returns its exit code."""
    layout = load_layout()
    module = layout.resolve_module(module)
    for pages in sorted(layout.feedback.glob(f"*/{module}")):
        for name in SUBMISSION_FILES:
            original = layout.submitted / pages.parent.name / module / name
            if original.is_file() and not (pages / name).is_file():
                shutil.copy2(original, pages / name)
    command = [sys.executable, "-m", "nbgrader", "release_feedback", module]
    return subprocess.run(command, cwd=layout.root).returncode
