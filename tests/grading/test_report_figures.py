"""The cohort report's figures at laptop size: module labels that do not overlap, one questions chart
per module labelled with task titles and with its value axes at top and bottom."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from grading_support import REPO
from PIL import Image

from analystlab.grading import report
from analystlab.grading.layout import load_layout


def _clashes(fig, ax, renderer) -> list[str]:
    """Texts of the axes (title, top value labels) that the figure's title overlaps."""
    if fig._suptitle is None:
        return []
    head = fig._suptitle.get_window_extent(renderer)
    texts = [ax.title, *(tick.label2 for tick in ax.xaxis.get_major_ticks() if tick.label2.get_visible())]
    return [text.get_text() for text in texts if text.get_text() and head.overlaps(text.get_window_extent(renderer))]


@pytest.fixture(scope="module")
def drawn(tmp_path_factory):
    """Every figure for 8 modules x 12 trainees with the course's real task titles, and what each
    figure's axes showed when it was saved."""
    layout = load_layout(REPO)
    modules = layout.modules()
    rng = np.random.default_rng(3)
    rows, stats = [], []
    for module in modules:
        for gid, title in report._titles(layout, module).items():
            stats.append({"module": module, "question": gid, "difficulty": rng.uniform(0, 1),
                          "discrimination": rng.uniform(-0.5, 1), "n": 12, "title": title})
        for i in range(12):
            rows.append({"student": f"t{i:02d}", "module": module, "status": ["ok", "missing", "timeout"][i % 3],
                         "score": rng.uniform(0, 20), "max_score": 20.0, "reasons": ""})
    table = pd.DataFrame(rows)
    table["percent"] = 100 * table["score"] / table["max_score"]
    seen = {}
    save = report._save

    def recording_save(fig, path):
        save(fig, path)
        renderer = fig.canvas.get_renderer()
        seen[path.name] = [{"x": [t.get_window_extent(renderer) for t in ax.get_xticklabels() if t.get_text()],
                            "y": [t.get_text() for t in ax.get_yticklabels()],
                            "top": ax.xaxis.get_major_ticks()[0].label2.get_visible(),
                            "clash": _clashes(fig, ax, renderer)} for ax in fig.axes]

    out = tmp_path_factory.mktemp("report")
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(report, "_save", recording_save)
        made = report.figures(layout, table, stats, out)
    return modules, stats, out, made, seen


@pytest.mark.parametrize("name", ["scores_by_module.png", "status.png"])
def test_module_labels_do_not_overlap(drawn, name):
    modules, _, out, _, seen = drawn
    boxes = seen[name][0]["x"]
    assert len(boxes) == len(modules) >= 7
    gaps = [right.x0 - left.x1 for left, right in zip(boxes, boxes[1:], strict=False)]
    assert min(gaps) > 0, f"{name}: neighbouring module labels overlap by {-min(gaps):.0f} px"
    width, height = Image.open(out / name).size
    assert width <= 1366 and height <= 700


def test_one_questions_chart_per_module_with_task_titles_and_axes_at_both_ends(drawn):
    modules, stats, out, made, seen = drawn
    names = [name for name, _ in made if name.startswith("questions-")]
    assert names == [f"questions-{m}.png" for m in modules if any(s["module"] == m for s in stats)]
    for name in names:
        module = name.removeprefix("questions-").removesuffix(".png")
        titles = [s["title"] for s in stats if s["module"] == module]
        shown = seen[name][0]["y"]
        assert [label.rstrip("…") for label in shown] == [t[:len(label.rstrip("…"))] for t, label in zip(
            titles, shown, strict=True)]
        assert all(axes["top"] for axes in seen[name]), f"{name}: no value axis at the top"
        assert not [axes["clash"] for axes in seen[name] if axes["clash"]], f"{name}: the title overlaps the panels"
        width, height = Image.open(out / name).size
        assert width <= 1400 and height <= 760, f"{name} is {width} x {height} px"
