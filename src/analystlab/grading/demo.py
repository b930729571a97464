"""`analystlab demo-cohort`: the whole grading loop on a synthetic cohort, in a separate demo course.

Trainees are made from the solutions: each answer is kept, left blank or given a typical mistake
(an off-by-one number, a strict instead of inclusive comparison, a forgotten de-duplication, a
typo) with a probability that depends on the trainee's ability; a few trainees try to cheat
(hook IPython, patch numpy.testing, delete a test, return an always-equal object, loop forever).
The demo course lives in its own folder with its own gradebook: the real one is never touched.
"""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import nbformat
import numpy as np

from . import gradebook
from .layout import Layout, load_layout
from .restore import is_answer, is_test

FORMGRADER_SHIM = ('c = get_config()  # noqa: F821 - provided by traitlets\n'
                   'load_subconfig("grading/nbgrader_config.py")  # noqa: F821\n')
SOLUTION = re.compile(r"^\s*### (BEGIN|END) SOLUTION\s*$", re.MULTILINE)
ADVERSARIAL = {
    "hook-ipython": "get_ipython().input_transformers_cleanup.append(lambda lines: ['pass\\n'])\n",
    "patch-helpers": ("import numpy.testing, pandas.testing\nnumpy.testing.assert_allclose = lambda *a, **k: None\n"
                      "pandas.testing.assert_frame_equal = lambda *a, **k: None\n"),
    "always-equal": "class _Any:\n    def __eq__(self, other):\n        return True\n",
    "endless-loop": "while True:\n    pass\n",
}


def _mistake(code: str, rng) -> str:
    """A plausible wrong version of a solution."""
    options = []
    if re.search(r"\b\d+\b", code):
        options.append(lambda c: re.sub(r"\b(\d+)\b", lambda m: str(int(m.group(1)) + 1), c, count=1))
    if ">=" in code or "<=" in code:
        options.append(lambda c: c.replace(">=", ">", 1).replace("<=", "<", 1))
    if "drop_duplicates()" in code:
        options.append(lambda c: c.replace(".drop_duplicates()", "", 1))
    options.append(lambda c: c + "\n" + "\n".join(f"{name} = None" for name in _assigned(c)[:1]))
    return options[int(rng.integers(len(options)))](code)


def _assigned(code: str) -> list[str]:
    return re.findall(r"^([A-Za-z_]\w*)\s*=", code, flags=re.MULTILINE)


def synthesise(layout: Layout, module: str, student: str, ability: float, rng, trick: str | None):
    """One trainee's notebook for `module` (the release with answers filled in)."""
    notebooks = {}
    for name in layout.notebooks(module):
        source = nbformat.read(layout.source / module / f"{name}.ipynb", as_version=4)
        release = nbformat.read(layout.release / module / f"{name}.ipynb", as_version=4)
        answers = {c.metadata["nbgrader"]["grade_id"]: c for c in source.cells if is_answer(c)}
        first_answer = True
        for cell in release.cells:
            gid = cell.metadata.get("nbgrader", {}).get("grade_id")
            if gid not in answers:
                continue
            solution = SOLUTION.sub("", answers[gid].source).strip("\n")
            roll = rng.random()
            if cell.cell_type == "markdown":
                cell.source = solution if roll < ability else "Not sure."
            elif roll < ability:
                cell.source = solution
            elif roll < ability + (1 - ability) * 0.7:
                cell.source = _mistake(solution, rng)
            if trick in ADVERSARIAL and first_answer and cell.cell_type == "code":
                if trick == "always-equal":
                    names = _assigned(solution) or ["answer"]
                    cell.source = ADVERSARIAL[trick] + "\n".join(f"{n} = _Any()" for n in names)
                else:
                    cell.source = ADVERSARIAL[trick] + cell.source
                first_answer = False
        if trick == "delete-test":
            release.cells = [c for c in release.cells if not is_test(c)][:] or release.cells
        notebooks[name] = release
    return notebooks


def build_course(real: Layout, out: Path, modules: list[str]) -> Layout:
    """A demo course at `out`: the real solutions and datasets, its own gradebook and folders, and an
    nbgrader_config.py so that `jupyter lab` started in `out` opens it in the formgrader."""
    if out.exists():
        shutil.rmtree(out)
    (out / "grading").mkdir(parents=True)
    shutil.copy2(real.config_file, out / "grading" / "nbgrader_config.py")
    # The formgrader and `nbgrader` read nbgrader_config.py from the folder they start in.
    (out / "nbgrader_config.py").write_text(FORMGRADER_SHIM, encoding="utf-8")
    for module in modules:
        shutil.copytree(real.source / module, out / "solutions" / module)
    if real.datasets is not None:
        (out / "datasets").symlink_to(real.datasets, target_is_directory=True)
    layout = load_layout(out)
    for module in modules:
        gradebook.register_module(layout, module)
    return layout


def make_inbox(layout: Layout, students: int, seed: int = 2024) -> Path:
    """Write `<student>_<notebook>.ipynb` files as trainees would e-mail them; returns the folder."""
    rng = np.random.default_rng(seed)
    inbox = layout.root / "inbox"
    inbox.mkdir(exist_ok=True)
    tricks = ["hook-ipython", "patch-helpers", "delete-test", "always-equal", "endless-loop"]
    for number in range(1, students + 1):
        student = f"trainee{number:02d}"
        ability = float(np.clip(rng.normal(0.7, 0.18), 0.15, 0.98))
        trick = tricks[number - 1] if students >= 8 and number <= len(tricks) else None
        for module in layout.modules():
            if rng.random() < 0.05 and trick is None:
                continue  # a trainee who did not hand this one in
            for name, notebook in synthesise(layout, module, student, ability, rng, trick).items():
                label = name if len(layout.notebooks(module)) > 1 else module
                nbformat.write(notebook, inbox / f"{student}_{label}.ipynb")
    return inbox
