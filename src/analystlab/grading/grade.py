"""`analystlab grade`: autograde every submission in parallel, sandboxed, tamper-resistant.

For each submitted notebook: rebuild it on the source skeleton (restore.py), run it in a warm
sandboxed worker (pool.py, runner.py), score it with nbgrader's rules and record it in nbgrader's
gradebook (gradebook.py). Each notebook's status and the reasons behind it (timeout, crash,
tampering, corruption) are kept next to the autograded notebook for `export`, `feedback` and `report`.
"""

from __future__ import annotations

import ast
import copy
import importlib.util
import json
import os
import sys
import time
from collections import Counter
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

import nbformat

from . import gradebook
from .layout import GradingError, Layout, SandboxUnavailableError
from .pool import Pool
from .restore import grade_id, is_answer, is_test, restore, split_test
from .sandbox import sandbox_problem, worker_spec

STATUS_FILE = ".analystlab-status.json"
STATUS_ORDER = ("corrupt", "tampered", "crashed", "timeout", "missing", "ok")
DEFAULT_PRELOAD = ["numpy", "numpy.testing", "pandas", "pandas.testing", "matplotlib", "matplotlib.pyplot",
                   "analystlab.data"]
STOP_REASONS = {
    "notebook_timeout": ("timeout", "stopped at the notebook time limit ({notebook_timeout:g} s)"),
    "cell_timeout": ("timeout", "a cell ran past {cell_timeout:g} s and ignored the interrupt"),
    "memory": ("crashed", "stopped at the memory limit ({memory_mb} MB)"),
    "too_many_processes": ("crashed", "started more than {max_processes} processes"),
    "output_limit": ("crashed", "produced more than {max_output_mb} MB of output"),
    "garbled": ("tampered", "wrote garbage into the grader's result channel"),
    "worker_died": ("crashed", "killed its grading worker"),
}


@dataclass
class Options:
    """Limits and parallelism for one grading run."""

    workers: int = 0  # 0 = all cores
    cell_timeout: float = 60.0
    notebook_timeout: float = 300.0
    interrupt_grace: float = 3.0
    memory_mb: int = 2048
    max_processes: int = 64
    max_output_mb: int = 32
    sandbox: str = "auto"  # auto | require | off
    progress: bool = True


@dataclass
class Outcome:
    """What grading one notebook produced."""

    student: str
    module: str
    notebook: str
    status: str
    reasons: list[str] = field(default_factory=list)
    score: float = 0.0
    max_score: float = 0.0
    saved: bool = True


@dataclass
class Summary:
    outcomes: list[Outcome]
    sandboxed: bool
    seconds: float
    warnings: list[str] = field(default_factory=list)

    def counts(self) -> Counter:
        return Counter(o.status for o in self.outcomes)


def _read_submission(path: Path):
    """The submitted notebook as nbformat v4, or the reason it cannot be read."""
    try:
        raw = path.read_bytes()
    except OSError as exc:
        return None, f"unreadable file: {exc.strerror}"
    try:
        data = json.loads(raw.decode("utf-8"))
    except (UnicodeDecodeError, ValueError) as exc:
        return None, f"not a notebook (invalid JSON: {str(exc)[:80]})"
    if not isinstance(data, dict) or not isinstance(data.get("cells", data.get("worksheets")), list):
        return None, "not a notebook (no cells)"
    major = data.get("nbformat")
    if major not in (3, 4):
        return None, f"unsupported notebook format version {major!r} (expected 4)"
    try:
        notebook = nbformat.reads(json.dumps(data), as_version=4)
    except Exception as exc:  # noqa: BLE001 - nbformat raises many types for malformed content
        return None, f"malformed notebook: {str(exc)[:120]}"
    for cell in notebook.cells:
        if not isinstance(cell.get("source", ""), str) or cell.get("cell_type") not in ("code", "markdown", "raw"):
            return None, "malformed notebook: a cell has no valid type or source"
    return notebook, None


def _release_version(source: nbformat.NotebookNode) -> nbformat.NotebookNode:
    """What `nbgrader generate_assignment` makes of a source notebook: stubs, no hidden tests."""
    from nbgrader.preprocessors import ClearHiddenTests, ClearSolutions

    release = copy.deepcopy(source)
    release, _ = ClearSolutions(code_stub={"python": "# YOUR CODE HERE\nraise NotImplementedError()"},
                                text_stub="YOUR ANSWER HERE").preprocess(release, {})
    release, _ = ClearHiddenTests().preprocess(release, {})
    return release


def instructor_imports(source: nbformat.NotebookNode) -> dict[str, str]:
    """Names the source's own (non-answer) code cells bind by import: tests always see the real modules."""
    bindings: dict[str, str] = {}
    for tree in _code_trees(cell for cell in source.cells if not is_answer(cell)):
        for node in ast.walk(tree):
            if isinstance(node, ast.Import):
                for alias in node.names:
                    if alias.asname:
                        bindings[alias.asname] = alias.name
                    else:
                        bindings[alias.name.split(".")[0]] = alias.name.split(".")[0]
            elif isinstance(node, ast.ImportFrom) and node.module and not node.level:
                for alias in node.names:
                    if alias.name == "*":
                        continue
                    full = f"{node.module}.{alias.name}"
                    target = full if importlib.util.find_spec(full.split(".")[0]) and _is_module(full) else (
                        f"{node.module}:{alias.name}")
                    bindings[alias.asname or alias.name] = target
    return bindings


def _code_trees(cells):
    """Syntax trees of the code cells among `cells`; cells that do not parse are skipped."""
    for cell in cells:
        if cell.cell_type != "code":
            continue
        try:
            yield ast.parse(cell.source)
        except SyntaxError:
            continue


def _is_module(name: str) -> bool:
    try:
        return importlib.util.find_spec(name) is not None
    except (ImportError, ValueError):
        return False


def preload_modules(sources: list[nbformat.NotebookNode]) -> list[str]:
    """Libraries the exercises import: loaded once per worker instead of once per submission."""
    names = list(DEFAULT_PRELOAD)
    for tree in _code_trees(cell for source in sources for cell in source.cells):
        for node in ast.walk(tree):
            found = [a.name for a in node.names] if isinstance(node, ast.Import) else (
                [node.module] if isinstance(node, ast.ImportFrom) and node.module and not node.level else [])
            for name in found:
                if name not in names and _is_module(name.split(".")[0]):
                    names.append(name)
    return names


class Grader:
    """One grading run over a layout."""

    def __init__(self, layout: Layout, options: Options) -> None:
        self.layout, self.options = layout, options
        self._sources: dict[tuple[str, str], tuple] = {}

    def source(self, module: str, name: str):
        key = (module, name)
        if key not in self._sources:
            source = nbformat.read(self.layout.source / module / f"{name}.ipynb", as_version=4)
            self._sources[key] = (source, _release_version(source), instructor_imports(source))
        return self._sources[key]

    def select(self, module: str | None, student: str | None) -> list[tuple[str, str]]:
        """(student, module) pairs to grade."""
        layout = self.layout
        modules = [layout.resolve_module(module)] if module else layout.modules()
        students = layout.students()
        if student is not None:
            if student not in students:
                raise GradingError(f"no submissions from student {student!r} in {layout.submitted}. "
                                   f"Students with submissions: {', '.join(students) or 'none'}")
            students = [student]
        pairs = [(s, m) for s in students for m in modules if (layout.submitted / s / m).is_dir()]
        if not pairs:
            where = f" for module {modules[0]}" if module else ""
            raise GradingError(f"no submissions to grade{where} in {layout.submitted}: run `analystlab intake` first.")
        for m in sorted({m for _, m in pairs}):
            gradebook.check_module(layout, m)
        return pairs

    def job(self, student: str, module: str, name: str):
        folder = self.layout.submitted / student / module
        path = folder / f"{name}.ipynb"
        if not path.exists():
            return None, "missing", [f"{name}.ipynb was not submitted"]
        submitted, problem = _read_submission(path)
        if submitted is None:
            return None, "corrupt", [problem]
        source, release, imports = self.source(module, name)
        restored = restore(source, release, submitted)
        nb = restored.notebook
        cells = []
        for index, cell in enumerate(nb.cells):
            if cell.cell_type != "code":
                continue
            if is_test(cell):
                cells.append({"i": index, "kind": "test", "grade_id": grade_id(cell),
                              "segments": split_test(cell.source)})
            else:
                cells.append({"i": index, "kind": "code", "source": cell.source})
        o = self.options
        job = {"id": f"{student}/{module}/{name}", "cells": cells, "imports": imports,
               "cell_timeout": o.cell_timeout, "notebook_timeout": o.notebook_timeout,
               "interrupt_grace": o.interrupt_grace, "memory_mb": o.memory_mb,
               "max_processes": o.max_processes, "max_output_mb": o.max_output_mb}
        return (job, nb, restored), None, []

    def run(self, module: str | None = None, student: str | None = None) -> Summary:
        started = time.monotonic()
        pairs = self.select(module, student)
        warnings = []
        sandboxed = self._decide_sandbox(warnings)
        outcomes: list[Outcome] = []
        pending, context = [], {}
        for stu, mod in pairs:
            for name in self.layout.notebooks(mod):
                prepared, status, reasons = self.job(stu, mod, name)
                if prepared is None:
                    outcomes.append(self.record_unrunnable(stu, mod, name, status, reasons, sandboxed))
                    continue
                job, nb, restored = prepared
                pending.append(job)
                context[job["id"]] = (stu, mod, name, nb, restored)
        if pending:
            sources = [self.source(m, n)[0] for (m, n) in self._sources]
            spec = worker_spec(self.layout.datasets, sandboxed)
            workers = self.options.workers or os.cpu_count() or 1
            pool = Pool(spec, min(workers, len(pending)), preload_modules(sources))
            deadline = self.options.notebook_timeout + self.options.interrupt_grace + 30
            bar = _progress(len(pending), self.options.progress)
            for job, reply in pool.run(pending, lambda _job: deadline):
                stu, mod, name, nb, restored = context[job["id"]]
                outcomes.append(self.record(stu, mod, name, nb, restored, reply, sandboxed))
                bar.update(1)
            bar.close()
            warnings += [f"could not preload {item}" for item in pool.failed_imports]
        return Summary(outcomes, sandboxed, time.monotonic() - started, warnings)

    def _decide_sandbox(self, warnings: list[str]) -> bool:
        mode = self.options.sandbox
        if mode == "off":
            warnings.append("sandbox switched off (--no-sandbox): submissions ran with your permissions.")
            return False
        problem = sandbox_problem()
        if problem is None:
            return True
        if mode == "require":
            raise SandboxUnavailableError(f"the grading sandbox is required but unavailable: {problem}")
        banner = "!" * 78
        print(f"\n{banner}\nWARNING: grading WITHOUT a sandbox. {problem}\n"
              "Submissions can read the answer key and solutions, write the gradebook and use the network.\n"
              f"Grade only trusted work, or install bubblewrap and grade again.\n{banner}\n", file=sys.stderr)
        warnings.append(f"graded without a sandbox: {problem}")
        return False

    # -- results ---------------------------------------------------------------------------------
    def record_unrunnable(self, student, module, name, status, reasons, sandboxed) -> Outcome:
        timestamp = _timestamp(self.layout.submitted / student / module)
        gradebook.save(self.layout, module, student, {name: None}, timestamp, flagged=True)
        _write_status(self.layout, student, module, name,
                      {"status": status, "reasons": reasons, "tests": [], "sandboxed": sandboxed})
        return Outcome(student, module, name, status, reasons)

    def record(self, student, module, name, nb, restored, reply, sandboxed) -> Outcome:
        status, reasons, tests = self.apply(nb, restored, reply)
        if str(reply.get("stopped") or "").startswith("worker error"):
            # The grader failed, not the submission: keep whatever was recorded before.
            return Outcome(student, module, name, "error", [str(reply["stopped"])], saved=False)
        out_dir = self.layout.autograded / student / module
        out_dir.mkdir(parents=True, exist_ok=True)
        nbformat.write(nb, out_dir / f"{name}.ipynb")
        stamp = self.layout.submitted / student / module / "timestamp.txt"
        if stamp.is_file():
            (out_dir / "timestamp.txt").write_text(stamp.read_text())
        gradebook.save(self.layout, module, student, {name: nb}, _timestamp(stamp.parent), flagged=status != "ok")
        score = sum(t["points"] for t in tests if t["points"] is not None)
        max_score = sum(t["max_points"] for t in tests)
        _write_status(self.layout, student, module, name, {
            "status": status, "reasons": reasons, "tests": tests, "sandboxed": sandboxed,
            "events": reply.get("events", []), "notes": restored.notes, "seconds": reply.get("seconds")})
        return Outcome(student, module, name, status, reasons, score, max_score)

    def apply(self, nb, restored, reply) -> tuple[str, list[str], list[dict]]:
        """Fill the notebook with the outputs, and decide the status with its reasons."""
        from nbgrader import utils

        o = self.options
        limits = {"notebook_timeout": o.notebook_timeout, "cell_timeout": o.cell_timeout, "memory_mb": o.memory_mb,
                  "max_processes": o.max_processes, "max_output_mb": o.max_output_mb}
        statuses: set[str] = set()
        reasons: list[str] = []
        stopped = reply.get("stopped")
        if stopped in STOP_REASONS:
            status, text = STOP_REASONS[stopped]
            statuses.add(status)
            reasons.append(text.format(**limits))
        elif stopped:
            statuses.add("crashed")
            reasons.append(str(stopped))
        elif not reply.get("finished"):
            statuses.add("crashed")
            reasons.append(f"the notebook's process ended early (exit status {reply.get('exit')})")
        if restored.tampering:
            statuses.add("tampered")
            reasons += restored.tampering
        if reply.get("events"):
            statuses.add("tampered")
            reasons += reply["events"]
        cells = reply.get("cells", {})
        tests, count = [], 0
        for index, cell in enumerate(nb.cells):
            if cell.cell_type != "code":
                continue
            count += 1
            result = cells.get(str(index))
            cell.execution_count = count
            if result is None or "outputs" not in result:
                cell.outputs = []
                if is_test(cell):
                    cell.outputs = [_error("NotExecuted", "grading stopped before this test ran")]
            else:
                cell.outputs = [nbformat.from_dict(out) for out in result["outputs"]]
            if result and result.get("timed_out"):
                statuses.add("timeout")
                reasons.append(f"cell {index} ran past {o.cell_timeout:g} s and was interrupted")
                cell.outputs.append(_error("CellTimeoutError", "No reply from kernel before timeout"))
            if any(out.get("ename") == "MemoryError" for out in cell.outputs):
                statuses.add("crashed")
                reasons.append(f"cell {index} ran out of memory (limit {o.memory_mb} MB)")
            if utils.is_grade(cell) and cell.cell_type == "code" and is_test(cell):
                points, max_points = utils.determine_grade(cell)
                info = result or {}
                tests.append({"grade_id": grade_id(cell), "points": points, "max_points": max_points,
                              "passed": bool(info.get("passed")) and points == max_points,
                              "failed_in": info.get("failed_in") or (None if info.get("passed") else "not run"),
                              "ename": info.get("ename"), "evalue": info.get("evalue"),
                              "authored": bool(info.get("authored"))})
        for cell in nb.cells:
            if utils.is_grade(cell) and not is_test(cell):
                tests.append({"grade_id": grade_id(cell), "points": None, "manual": True,
                              "max_points": float(cell.metadata["nbgrader"]["points"]), "passed": None})
        status = next((s for s in STATUS_ORDER if s in statuses), "ok")
        return status, list(dict.fromkeys(reasons)), tests


def _error(ename: str, evalue: str):
    return nbformat.v4.new_output("error", ename=ename, evalue=evalue, traceback=[f"{ename}: {evalue}"])


def _progress(total: int, enabled: bool):
    from tqdm import tqdm

    return tqdm(total=total, desc="grading", unit="notebook", disable=not enabled, file=sys.stderr)


def _timestamp(folder: Path) -> datetime | None:
    from nbgrader.utils import parse_utc

    stamp = folder / "timestamp.txt"
    try:
        return parse_utc(stamp.read_text().strip()) if stamp.is_file() else None
    except (ValueError, OSError):
        return None


def _write_status(layout: Layout, student: str, module: str, name: str, data: dict) -> None:
    folder = layout.autograded / student / module
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / STATUS_FILE
    try:
        saved = json.loads(path.read_text()) if path.is_file() else {}
    except ValueError:
        saved = {}
    saved.setdefault("notebooks", {})[name] = {**data, "graded_at": datetime.now(UTC).isoformat(timespec="seconds")}
    path.write_text(json.dumps(saved, indent=1, default=str))


def read_status(layout: Layout, student: str, module: str) -> dict:
    """The grading status recorded for a submission ({} when it was never graded)."""
    path = layout.autograded / student / module / STATUS_FILE
    try:
        return json.loads(path.read_text()).get("notebooks", {}) if path.is_file() else {}
    except ValueError:
        return {}
