"""Every real exercise through `analystlab grade` (trainee and tests in separate processes): the
solution earns full marks with status ok, the first typical-mistake set earns less. This proves that
every kind of answer the exercises ask for (tables, series, arrays, graphs, GeoDataFrames, charts,
folium maps, fitted models, functions) crosses the plain-data boundary intact."""

from __future__ import annotations

import shutil
import sys
from pathlib import Path

import nbformat
import pytest

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
from course_harness import ROOT, answer_sources, built_slugs, fill, load_mistake_sets  # noqa: E402

from analystlab.grading import gradebook  # noqa: E402
from analystlab.grading.export import collect  # noqa: E402
from analystlab.grading.grade import Grader, Options, read_status  # noqa: E402
from analystlab.grading.layout import load_layout  # noqa: E402

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def graded(tmp_path_factory):
    root = tmp_path_factory.mktemp("real") / "course"
    (root / "grading").mkdir(parents=True)
    shutil.copy2(ROOT / "grading" / "nbgrader_config.py", root / "grading" / "nbgrader_config.py")
    (root / "datasets").symlink_to(ROOT / "datasets")
    slugs = built_slugs()
    for slug in slugs:
        shutil.copytree(ROOT / "solutions" / slug, root / "solutions" / slug)
    layout = load_layout(root)
    for slug in slugs:
        gradebook.register_module(layout, slug)
        for path in sorted((layout.source / slug).glob("*.ipynb")):
            source = nbformat.read(path, as_version=4)
            release = nbformat.read(layout.release / slug / path.name, as_version=4)
            answers = answer_sources(source)
            mistakes = load_mistake_sets(slug)
            for student, filled in (("solution", fill(release, answers)),
                                    ("mistaken", fill(release, {**answers, **(mistakes[0] if mistakes else {})}))):
                folder = layout.submitted / student / slug
                folder.mkdir(parents=True, exist_ok=True)
                nbformat.write(filled, folder / path.name)
    Grader(layout, Options(workers=2, progress=False, cell_timeout=120)).run()
    rows, _ = collect(layout)
    return layout, {(row["student"], row["module"]): row for row in rows}


@pytest.mark.parametrize("slug", built_slugs())
def test_solution_full_marks_and_mistakes_less(graded, slug):
    layout, rows = graded
    solution = rows[("solution", slug)]
    assert solution["status"] == "ok", solution
    tests = [t for nb in read_status(layout, "solution", slug).values() for t in nb["tests"] if not t.get("manual")]
    assert tests and all(t["points"] == t["max_points"] for t in tests), [
        (t["grade_id"], t["ename"], t["evalue"]) for t in tests if t["points"] != t["max_points"]]
    if load_mistake_sets(slug):
        assert float(rows[("mistaken", slug)]["score"]) < float(solution["score"])
