"""Cohort grading throughput: `analystlab grade` against serial `nbgrader autograde`.

A synthetic cohort (default 30 trainees) answers every module with exercises, honestly (demo.py's
typical mistakes, no cheating). The same submissions are graded twice, in two copies of a
throw-away course: once by `nbgrader autograde <module>` (one notebook at a time, as nbgrader
does) and once by `analystlab grade` (all cores, sandboxed, warm workers). Prints both wall times,
the ratio (target >= 3x on 2 cores) and whether every question got the same score.

    .venv/bin/python benchmarks/grading_throughput.py [--students 30] [--module 00]
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import numpy as np

from analystlab.grading import demo
from analystlab.grading.intake import intake
from analystlab.grading.layout import load_layout

REPO = Path(__file__).resolve().parents[1]


def honest_inbox(layout, students: int, seed: int = 7) -> Path:
    rng = np.random.default_rng(seed)
    inbox = layout.root / "inbox"
    inbox.mkdir()
    import nbformat

    for number in range(1, students + 1):
        ability = float(np.clip(rng.normal(0.7, 0.18), 0.15, 0.98))
        for module in layout.modules():
            for name, notebook in demo.synthesise(layout, module, f"t{number:02d}", ability, rng, None).items():
                label = name if len(layout.notebooks(module)) > 1 else module
                nbformat.write(notebook, inbox / f"t{number:02d}_{label}.ipynb")
    return inbox


def scores(root: Path) -> dict:
    """(student, module, notebook, grade cell) -> automatic score, through nbgrader's API."""
    from nbgrader.api import Gradebook

    layout = load_layout(root)
    with Gradebook(layout.db_url, layout.course_id) as gb:
        return {(sub.student.id, assignment.name, nb.name, grade.name): grade.auto_score
                for assignment in gb.assignments for sub in assignment.submissions
                for nb in sub.notebooks for grade in nb.grades}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--students", type=int, default=30)
    parser.add_argument("--module", help="only this module (default: every module with exercises)")
    parser.add_argument("--workers", type=int, default=0)
    args = parser.parse_args()
    real = load_layout(REPO)
    modules = [real.resolve_module(args.module)] if args.module else real.modules()
    env = {**os.environ, "PATH": f"{Path(sys.executable).parent}{os.pathsep}{os.environ.get('PATH', '')}"}
    with tempfile.TemporaryDirectory(prefix="grading-bench-") as tmp:
        ours = demo.build_course(real, Path(tmp) / "ours", modules)
        inbox = honest_inbox(ours, args.students)
        intake(ours, inbox)
        theirs_root = Path(tmp) / "nbgrader"
        shutil.copytree(ours.root, theirs_root, symlinks=True)
        shutil.copy2(REPO / "nbgrader_config.py", theirs_root / "nbgrader_config.py")
        notebooks = sum(len(ours.notebooks(m)) for m in modules) * args.students
        print(f"cohort: {args.students} trainees x {len(modules)} module(s) = {notebooks} notebooks "
              f"({os.cpu_count()} cores)")

        start = time.perf_counter()
        for module in modules:
            subprocess.run([sys.executable, "-m", "nbgrader", "autograde", module, "--force"], cwd=theirs_root,
                           env=env, check=True, capture_output=True)
        serial = time.perf_counter() - start
        print(f"nbgrader autograde (serial): {serial:7.1f} s  ({serial / notebooks:.2f} s per notebook)")

        start = time.perf_counter()
        command = [sys.executable, "-m", "analystlab.cli", "grade", "--quiet"]
        if args.workers:
            command += ["--workers", str(args.workers)]
        run = subprocess.run(command, cwd=ours.root, env={**env, "ANALYSTLAB_ROOT": str(ours.root)},
                             capture_output=True, text=True)
        parallel = time.perf_counter() - start
        print(f"analystlab grade:            {parallel:7.1f} s  ({parallel / notebooks:.2f} s per notebook)")
        print(run.stdout.strip().splitlines()[0] if run.stdout.strip() else run.stderr[-2000:])
        print(f"speed-up: {serial / parallel:.2f}x (target >= 3x)")

        a = scores(theirs_root)
        b = scores(ours.root)
        differ = sorted(key for key in a.keys() | b.keys() if a.get(key) != b.get(key))
        print(f"score check: {len(a)} grades from nbgrader, {len(b)} from analystlab, "
              f"{'identical' if not differ else f'{len(differ)} differ'}")
        for key in differ[:10]:
            print(f"  {key}: nbgrader {a.get(key)} vs analystlab {b.get(key)}")
        return 0 if not differ and run.returncode == 0 else 1


if __name__ == "__main__":
    sys.exit(main())
