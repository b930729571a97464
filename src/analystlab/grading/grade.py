"""`analystlab grade`: autograde every submission in parallel, sandboxed, tamper-resistant.

For each submitted notebook: rebuild it on the source skeleton (restore.py), run the trainee's cells
in a sandboxed trainee worker and the tests in a separate test worker (pool.py, trainee.py,
tester.py), score each test by its own verdict and record it in nbgrader's gradebook (gradebook.py).
Each notebook's status and the reasons behind it (timeout, crash, tampering, corruption) are kept
next to the autograded notebook for `export`, `feedback` and `report`.
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
from .restore import grade_id, is_answer, is_test, nbgrader_meta, restore, split_test
from .sandbox import sandbox_problem, worker_spec

STATUS_FILE = ".analystlab-status.json"
STATUS_ORDER = ("corrupt", "tampered", "crashed", "timeout", "missing", "ok")
DEFAULT_PRELOAD = ["numpy", "numpy.testing", "pandas", "pandas.testing", "matplotlib", "matplotlib.pyplot",
                   "analystlab.data"]
STOP_REASONS = {
    "notebook_timeout": ("timeout", "stopped at the notebook time limit ({notebook_timeout:g} s)"),
    "cell_timeout": ("timeout", "a cell ran past {cell_timeout:g} s and ignored the interrupt"),
    "memory": ("crashed", "stopped at the memory limit ({memory_mb} MB)"),
    "disk": ("crashed", "wrote more than {max_disk_mb} MB of files"),
    "too_many_processes": ("crashed", "started more than {max_processes} processes"),
    "output_limit": ("crashed", "produced more than {max_output_mb} MB of output"),
    "garbled": ("crashed", "sent a reply the grader could not read"),
    "worker_died": ("crashed", "killed its grading worker"),
    "worker_unresponsive": ("crashed", "stopped its grading worker from answering (SIGSTOP or a hang)"),
    "exited": ("crashed", "the notebook's process ended early (os._exit, a signal or a crash)"),
}
TESTER_PRELOAD = ["numpy", "numpy.testing", "pandas", "pandas.testing", "pyarrow", "analystlab.data"]


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
    max_disk_mb: int = 512
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
    except RecursionError:
        return None, "not a notebook (JSON nested too deeply)"
    if not isinstance(data, dict) or not isinstance(data.get("cells", data.get("worksheets")), list):
        return None, "not a notebook (no cells)"
    major = data.get("nbformat")
    if major not in (3, 4):
        return None, f"unsupported notebook format version {major!r} (expected 4)"
    try:
        notebook = nbformat.reads(json.dumps(data), as_version=4)
    except RecursionError:
        return None, "malformed notebook: nested too deeply"
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
            self._sources[key] = (source, _release_version(source), _answer_texts(source))
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
        source, release, answers = self.source(module, name)
        restored = restore(source, release, submitted)
        nb = restored.notebook
        cells, source_cells = [], []
        for index, cell in enumerate(nb.cells):
            if cell.cell_type != "code":
                continue
            if is_test(cell):
                spec = {"i": index, "kind": "test", "grade_id": grade_id(cell), "segments": split_test(cell.source)}
                cells.append(spec)
                source_cells.append(spec | {"source": ""})
                continue
            kind = "answer" if is_answer(cell) else ("given" if nbgrader_meta(cell) else "added")
            cells.append({"i": index, "kind": kind, "source": cell.source})
            # The test worker reads which names each cell binds; for an answer, what the contract binds too.
            source_cells.append({"i": index, "kind": kind, "source": cell.source})
            if kind == "answer" and grade_id(cell) in answers:
                source_cells.append({"i": index, "kind": "answer", "source": answers[grade_id(cell)]})
        o = self.options
        job = {"id": f"{student}/{module}/{name}", "cells": cells, "source_cells": source_cells,
               "cell_timeout": o.cell_timeout, "notebook_timeout": o.notebook_timeout,
               "interrupt_grace": o.interrupt_grace, "memory_mb": o.memory_mb,
               "max_processes": o.max_processes, "max_output_mb": o.max_output_mb, "max_disk_mb": o.max_disk_mb}
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
            datasets = self.layout.datasets

            def specs(jobs):
                return (worker_spec("trainee", datasets, sandboxed, jobs),
                        worker_spec("tester", datasets, sandboxed, jobs))

            workers = self.options.workers or os.cpu_count() or 1
            o = self.options
            # The group is a backstop above the worker's own watchdog: the warm worker plus the
            # submission's limit, and room for the threads of numeric libraries.
            limits = {"memory_bytes": (o.memory_mb + 1536) * 1024 * 1024, "pids": o.max_processes + 96}
            preload = preload_modules(sources)
            pool = Pool(specs, min(workers, len(pending)), preload,
                        [m for m in preload if m not in ("matplotlib.pyplot",)] + TESTER_PRELOAD, limits)
            bar = _progress(len(pending), self.options.progress)
            for job, reply in pool.run(pending):
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
        _scrub(nb)
        nbformat.write(nb, out_dir / f"{name}.ipynb")
        stamp = self.layout.submitted / student / module / "timestamp.txt"
        if stamp.is_file():
            (out_dir / "timestamp.txt").write_text(stamp.read_text())
        gradebook.save(self.layout, module, student, {name: nb}, _timestamp(stamp.parent), flagged=status != "ok")
        score = sum(t["points"] for t in tests if t["points"] is not None)
        max_score = sum(t["max_points"] for t in tests)
        _write_status(self.layout, student, module, name, {
            "status": status, "reasons": reasons, "tests": tests, "sandboxed": sandboxed,
            "notes": restored.notes, "seconds": reply.get("seconds")})
        return Outcome(student, module, name, status, reasons, score, max_score)

    def apply(self, nb, restored, reply) -> tuple[str, list[str], list[dict]]:
        """Fill the notebook with the outputs, and decide the status with its reasons."""
        from nbgrader import utils

        o = self.options
        limits = {"notebook_timeout": o.notebook_timeout, "cell_timeout": o.cell_timeout, "memory_mb": o.memory_mb,
                  "max_processes": o.max_processes, "max_output_mb": o.max_output_mb, "max_disk_mb": o.max_disk_mb}
        statuses: set[str] = set()
        reasons: list[str] = []
        stopped = reply.get("stopped")
        if stopped in STOP_REASONS:
            status, text = STOP_REASONS[stopped]
            statuses.add(status)
            reasons.append(text.format(**limits))
        elif str(stopped or "").startswith("test_failed"):
            statuses.add("crashed")
            reasons.append("a test could not be completed: the test worker failed on a value of this notebook")
        elif stopped:
            statuses.add("crashed")
            reasons.append(str(stopped))
        elif not reply.get("finished"):
            statuses.add("crashed")
            reasons.append(f"the notebook's process ended early (exit status {reply.get('exit')})")
        if restored.tampering:
            statuses.add("tampered")
            reasons += restored.tampering
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
                cell.outputs = _outputs(result["outputs"])
            if result and result.get("timed_out"):
                statuses.add("timeout")
                reasons.append(f"cell {index} ran past {o.cell_timeout:g} s and was interrupted")
                cell.outputs.append(_error("CellTimeoutError", "No reply from kernel before timeout"))
            if any(out.get("ename") == "MemoryError" for out in cell.outputs):
                statuses.add("crashed")
                reasons.append(f"cell {index} ran out of memory (limit {o.memory_mb} MB)")
            if utils.is_grade(cell) and cell.cell_type == "code" and is_test(cell):
                info = result or {}
                passed = bool(info.get("passed"))
                # The verdict is the test worker's own; the outputs only show it (nbgrader's
                # determine_grade then agrees: an error output scores zero).
                if not passed and not any(out.get("output_type") == "error" for out in cell.outputs):
                    cell.outputs.append(_error(str(info.get("ename") or "NotExecuted"),
                                               str(info.get("evalue") or "grading stopped before this test ran")))
                points, max_points = utils.determine_grade(cell)
                if not passed:
                    points = 0.0
                tests.append({"grade_id": grade_id(cell), "points": points, "max_points": max_points,
                              "passed": passed and points == max_points,
                              "failed_in": info.get("failed_in") or (None if passed else "not run"),
                              "ename": info.get("ename"), "evalue": info.get("evalue"),
                              "authored": bool(info.get("authored"))})
        for cell in nb.cells:
            if utils.is_grade(cell) and not is_test(cell):
                tests.append({"grade_id": grade_id(cell), "points": None, "manual": True,
                              "max_points": float(cell.metadata["nbgrader"]["points"]), "passed": None})
        status = next((s for s in STATUS_ORDER if s in statuses), "ok")
        return status, list(dict.fromkeys(reasons)), tests


def _answer_texts(source: nbformat.NotebookNode) -> dict[str, str]:
    """The solution text of each answer cell: which names the contract binds."""
    return {grade_id(cell): cell.source for cell in source.cells
            if cell.cell_type == "code" and is_answer(cell) and grade_id(cell)}


def _text(value):
    """Any string from a submission made safe to write: lone surrogates and NULs replaced."""
    if isinstance(value, str):
        return value.encode("utf-8", "replace").decode("utf-8").replace("\x00", "\ufffd")
    if isinstance(value, list):
        return [_text(v) for v in value]
    if isinstance(value, dict):
        return {_text(str(k)): _text(v) for k, v in value.items()}
    if value is None or isinstance(value, bool | int | float):
        return value
    return _text(str(value))


def _outputs(raw) -> list:
    """nbformat outputs from a worker's reply; anything malformed is replaced by a note."""
    outputs = []
    for item in raw if isinstance(raw, list) else []:
        try:
            output = nbformat.from_dict(_text(item))
            kind = output.get("output_type")
            fine = (kind == "stream" and isinstance(output.get("text"), str)
                    and output.get("name") in ("stdout", "stderr")) or (
                kind in ("display_data", "execute_result") and isinstance(output.get("data"), dict)) or (
                kind == "error" and isinstance(output.get("traceback"), list))
            if not fine:
                raise ValueError(kind)
            if kind in ("display_data", "execute_result"):
                output.data = {k: v for k, v in output.data.items() if _valid_mime(k, v)}
                output.setdefault("metadata", {})
                if kind == "execute_result":
                    output.setdefault("execution_count", None)
            outputs.append(output)
        except Exception:  # noqa: BLE001 - a malformed output must not stop the batch
            note = "[an output the grader could not read]\n"
            outputs.append(nbformat.v4.new_output("stream", name="stdout", text=note))
    return outputs


def _valid_mime(mime: str, value) -> bool:
    """Image data must be what it says (base64 of a PNG or JPEG); other data must be text or JSON."""
    if mime in ("image/png", "image/jpeg"):
        import base64

        try:
            head = base64.b64decode(value[:64] if isinstance(value, str) else "", validate=False)
        except ValueError:
            return False
        return head.startswith(b"\x89PNG\r\n\x1a\n" if mime == "image/png" else b"\xff\xd8\xff")
    return isinstance(value, str | dict | list)


def _scrub(nb) -> None:
    for cell in nb.cells:
        cell.source = _text(cell.source)
        if cell.cell_type == "code":
            cell.outputs = [nbformat.from_dict(_text(out)) for out in cell.outputs]


def _error(ename: str, evalue: str):
    return nbformat.v4.new_output("error", ename=ename, evalue=evalue, traceback=[f"{ename}: {evalue}"])


class LineProgress:
    """Progress as plain lines ("grading: 6/25 notebooks"), every tenth of the work and at the end:
    a log file or a pipe gets readable lines instead of a bar's carriage-return frames."""

    def __init__(self, total: int, desc: str, unit: str, stream):
        self.total, self.desc, self.unit, self.stream = total, desc, unit, stream
        self.done = 0
        self.step = max(1, -(-total // 10))

    def update(self, n: int = 1) -> None:
        """Count `n` more items done, printing a line when a step or the end is reached."""
        before, self.done = self.done, self.done + n
        if self.done // self.step > before // self.step or (self.done >= self.total > before):
            print(f"{self.desc}: {self.done}/{self.total} {self.unit}s", file=self.stream, flush=True)

    def close(self) -> None:
        """Nothing to clear (the same interface as a tqdm bar)."""


def _progress(total: int, enabled: bool, stream=None):
    """A tqdm bar on a terminal; plain lines when the stream is a file or pipe; silent when disabled."""
    from tqdm import tqdm

    stream = stream or sys.stderr
    if enabled and not (hasattr(stream, "isatty") and stream.isatty()):
        return LineProgress(total, "grading", "notebook", stream)
    return tqdm(total=total, desc="grading", unit="notebook", disable=not enabled, file=stream)


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
