"""The points a module states (exercise header and module README) are the points its cells carry.

A trainee plans the session from the header ("**Points:** N autograded + M marked by your
instructor") and the README's overview table; nbgrader grades from the cells' metadata. The two
must agree.
"""

from __future__ import annotations

import re

import nbformat
import pytest
from course_harness import ROOT, built_slugs

SLUGS = built_slugs()


def _cell_points(slug: str) -> tuple[int, int]:
    """(autograded, manually graded) points carried by the cells of the module's source notebooks."""
    auto = manual = 0
    for path in sorted((ROOT / "solutions" / slug).glob("*.ipynb")):
        for cell in nbformat.read(str(path), as_version=4).cells:
            meta = cell.metadata.get("nbgrader", {})
            if not meta.get("grade"):
                continue
            points = int(meta.get("points", 0))
            if meta.get("solution"):
                manual += points            # a graded answer cell is marked by the instructor
            else:
                auto += points              # a graded test cell is scored by autograde
    return auto, manual


@pytest.mark.parametrize("slug", SLUGS)
def test_stated_points_match_the_cells(slug):
    auto, manual = _cell_points(slug)
    header = "".join(cell.source for path in sorted((ROOT / "solutions" / slug).glob("*.ipynb"))
                     for cell in nbformat.read(str(path), as_version=4).cells[:1])
    stated = re.search(r"\*\*Points:\*\*\s*(\d+) autograded \+ (\d+) marked", header)
    assert stated, f"{slug}: the exercise header should state '**Points:** N autograded + M marked ...'"
    assert (int(stated[1]), int(stated[2])) == (auto, manual), (
        f"{slug}: the header states {stated[1]} + {stated[2]} points, the cells carry {auto} + {manual}")
    readme = (ROOT / "modules" / slug / "README.md").read_text(encoding="utf-8")
    in_readme = re.search(r"autograded tasks \((\d+) points\),[^|]*?\((\d+) points\)", readme)
    assert in_readme, f"{slug}: the README should state 'N autograded tasks (P points), ... (Q points)'"
    assert (int(in_readme[1]), int(in_readme[2])) == (auto, manual), (
        f"{slug}: the README states {in_readme[1]} + {in_readme[2]} points, the cells carry {auto} + {manual}")
