"""A trainee's progress: run the visible tests of the workspace notebooks and count what passes.

Uses nbgrader's Validator to execute each notebook (in memory: the trainee's file is never written)
and reads each test cell's score with nbgrader's own grading rules. Works without an instructor
or a gradebook. Hidden tests only run when the instructor grades, so "passed" here means the
visible checks pass.

Only exercises are checked (notebooks with nbgrader cells; an executed lesson copy is not one).
Notebooks run in parallel, one process each up to the number of cores, and a notebook whose bytes
have not changed since the last check is not run again: its result is remembered in
`my-work/.progress-cache.json`, keyed on the notebook's content and the course's data and version.
"""

from __future__ import annotations

import hashlib
import json
import multiprocessing
import os
import sys
import tempfile
import textwrap
from concurrent.futures import ProcessPoolExecutor
from dataclasses import asdict, dataclass, field
from pathlib import Path

from nbgrader import utils
from nbgrader.validator import Validator

from . import __version__
from .course import SYLLABUS, find_module
from .errors import AnalystlabError
from .notebooks import check_readable, grade_cells, is_autograded_test, local_kernel_config, task_titles
from .paths import course_root, datasets_dir

CACHE_NAME = ".progress-cache.json"
MAX_WORKERS = 4  # each notebook's kernel may hold up to 1.5 GB: four at once still fits a modest laptop


@dataclass
class QuestionResult:
    """One graded cell: its id, points earned (None for manually graded cells), the first error line
    and the title of its task ("Task 3 — Seizures at the border crossings")."""

    grade_id: str
    max_points: float
    points: float | None
    error: str = ""
    title: str = ""

    @property
    def label(self) -> str:
        """A short name for the task: "Task 3", or the start of its title."""
        title = self.title or self.grade_id
        return title.split(" — ")[0] if " — " in title else textwrap.shorten(title, 30, placeholder="…")

    @property
    def passed(self) -> bool:
        return self.points is not None and self.points >= self.max_points


@dataclass
class NotebookProgress:
    """Results for one workspace notebook."""

    module: str
    notebook: Path
    questions: list[QuestionResult] = field(default_factory=list)
    problem: str = ""

    @property
    def autograded(self) -> list[QuestionResult]:
        return [q for q in self.questions if q.points is not None]

    @property
    def manual_points(self) -> float:
        return sum(q.max_points for q in self.questions if q.points is None)


def _first_error_line(cell) -> str:
    for output in cell.get("outputs", []):
        if output.get("output_type") == "error":
            return f"{output.get('ename', 'Error')}: {output.get('evalue', '')}".strip().splitlines()[0][:160]
    return ""


def check_notebook(module: str, path: Path, timeout: int = 120) -> NotebookProgress:
    """Execute one notebook with nbgrader's Validator and score each graded cell."""
    result = NotebookProgress(module=module, notebook=path)
    try:
        notebook = check_readable(path)
    except AnalystlabError as exc:
        result.problem = str(exc)
        return result
    titles = task_titles(notebook)
    with tempfile.TemporaryDirectory(prefix="analystlab-progress-") as scratch:
        # A per-cell time limit stops a runaway loop from hanging the progress check.
        config = local_kernel_config(Path(scratch))
        config.Execute.timeout = timeout
        validator = Validator(config=config)
        with utils.chdir(str(path.parent)):  # the kernel starts in the notebook's folder, as in JupyterLab
            executed = validator._preprocess(notebook)
    for cell in grade_cells(executed):
        meta = cell.metadata.nbgrader
        max_points = float(meta.get("points", 0))
        title = titles.get(meta["grade_id"], "")
        if not is_autograded_test(cell):
            result.questions.append(QuestionResult(meta["grade_id"], max_points, None, title=title))
            continue
        score, max_score = utils.determine_grade(cell, validator.log)
        result.questions.append(QuestionResult(meta["grade_id"], float(max_score), float(score),
                                               _first_error_line(cell), title))
    return result


def is_exercise(path: Path) -> bool:
    """Whether a notebook is an exercise: it has nbgrader cells. An unreadable file counts as one, so
    that the progress table reports it rather than skipping it silently."""
    try:
        return bool(grade_cells(check_readable(path)))
    except AnalystlabError:
        return True


def workspace_notebooks(names: list[str] | None = None) -> list[tuple[str, Path]]:
    """(module slug, notebook) pairs in my-work/, for the named modules or every started one: the
    exercises only (a lesson copied or saved there has no nbgrader cells and nothing to check)."""
    root = course_root()
    slugs = [find_module(name, root).slug for name in names] if names else [m.slug for m in SYLLABUS]
    pairs = []
    for slug in slugs:
        folder = root / "my-work" / slug
        if names and not folder.is_dir():
            raise AnalystlabError(f"you have not started {slug} yet: run `analystlab start {slug}` first.")
        lessons = {lesson.name for lesson in (root / "modules" / slug).glob("*.ipynb")}  # copies, not graded
        pairs.extend((slug, nb) for nb in sorted(folder.glob("*.ipynb"))
                     if nb.name not in lessons and is_exercise(nb))
    return pairs


def _course_fingerprint() -> str:
    """What a result depends on besides the notebook: the package version and the datasets' manifest."""
    try:
        manifest = datasets_dir() / "manifest.json"
        data = manifest.read_bytes() if manifest.is_file() else b""
    except (AnalystlabError, OSError):
        data = b""
    return __version__ + ":" + hashlib.sha256(data).hexdigest()


def _cache_key(notebook: Path, fingerprint: str) -> str | None:
    try:
        content = notebook.read_bytes()
    except OSError:
        return None
    return hashlib.sha256(fingerprint.encode() + b"\0" + content).hexdigest()


def _cache_path() -> Path:
    return course_root() / "my-work" / CACHE_NAME


def _load_cache() -> dict:
    try:
        cache = json.loads(_cache_path().read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    return cache if isinstance(cache, dict) else {}


def _save_cache(cache: dict) -> None:
    """Write the cache atomically; a read-only workspace only means no cache."""
    path = _cache_path()
    try:
        scratch = path.with_name(path.name + ".tmp")
        scratch.write_text(json.dumps(cache, indent=0, sort_keys=True), encoding="utf-8")
        os.replace(scratch, path)
    except OSError:
        pass


def _cacheable(progress: NotebookProgress) -> bool:
    """A run cut short by the machine (a time limit, a dead kernel) may pass next time: not remembered."""
    return not progress.problem and not any("Timeout" in q.error or "DeadKernel" in q.error
                                            for q in progress.questions)


def _from_cache(slug: str, notebook: Path, entry) -> NotebookProgress | None:
    try:
        return NotebookProgress(slug, notebook, [QuestionResult(**q) for q in entry["questions"]])
    except (KeyError, TypeError):
        return None


def _results(pairs: list[tuple[str, Path]]):
    """Yield each pair's NotebookProgress in the order of pairs, running the unchanged notebooks not at all
    and the others in parallel (one process per notebook, up to the number of cores)."""
    fingerprint = _course_fingerprint()
    cache = _load_cache()
    keys = [_cache_key(notebook, fingerprint) for _, notebook in pairs]
    done: dict[int, NotebookProgress] = {}
    for index, ((slug, notebook), key) in enumerate(zip(pairs, keys, strict=True)):
        entry = cache.get(str(notebook))
        if key and isinstance(entry, dict) and entry.get("key") == key:
            cached = _from_cache(slug, notebook, entry)
            if cached is not None:
                done[index] = cached
    pending = [index for index in range(len(pairs)) if index not in done]
    workers = min(len(pending), os.cpu_count() or 1, MAX_WORKERS)
    pool = None
    if workers > 1:
        # spawn, not fork: the caller may be a Jupyter kernel with threads running
        pool = ProcessPoolExecutor(max_workers=workers, mp_context=multiprocessing.get_context("spawn"))
    try:
        futures = {index: pool.submit(check_notebook, *pairs[index]) for index in pending} if pool else {}
        for index, (slug, notebook) in enumerate(pairs):
            if index not in done:
                done[index] = futures[index].result() if pool else check_notebook(slug, notebook)
                if keys[index] and _cacheable(done[index]):
                    # saved at once: the caller may stop reading after the last row, and an interrupted
                    # check keeps what it has already run
                    cache[str(notebook)] = {"key": keys[index],
                                            "questions": [asdict(q) for q in done[index].questions]}
                    _save_cache(cache)
            yield done[index]
    finally:
        if pool:
            pool.shutdown(wait=True, cancel_futures=True)


WIDTH = 78  # fits a JupyterLab output area at 1366 px with the file browser open, and a terminal


def _note(label: str, text: str) -> str:
    """An indented line under a table row, wrapped between words (never inside one)."""
    return textwrap.fill(text, WIDTH, initial_indent=f"  {label} ", subsequent_indent=" " * (len(label) + 3),
                         break_long_words=False, break_on_hyphens=False)


def progress_report(names: list[str] | None = None) -> int:
    """Print a table of questions passed and points per module, with what to look at next under each
    row; return 2 if a notebook is unreadable, else 0 (the CLI's exit code)."""
    pairs = workspace_notebooks(names)
    if not pairs:
        print("No exercises started yet. Start one with: analystlab start 00-orientation")
        return 0
    module_width = max(len("module"), *(len(slug) for slug, _ in pairs))
    # The notebook column gives way (names shortened with …) so that a row never wraps.
    notebook_width = min(max(len("notebook"), *(len(notebook.name) for _, notebook in pairs)),
                         max(len("notebook"), WIDTH - module_width - 23))
    print(f"{'module':{module_width}}  {'notebook':{notebook_width}}  {'passed':>8}  {'points':>9}")
    unreadable = 0
    results = _results(pairs)
    for slug, notebook in pairs:
        name = notebook.name if len(notebook.name) <= notebook_width else notebook.name[:notebook_width - 1] + "…"
        row = f"{slug:{module_width}}  {name:{notebook_width}}"
        if sys.stdout.isatty():  # a transient "running" line while the notebook executes
            print(f"{row}  running…", end="\r", flush=True)
        progress = next(results)
        if progress.problem:
            print(f"{row}  {'-':>8}  {'-':>9}\n{_note('problem:', progress.problem)}")
            unreadable += 1
            continue
        auto = progress.autograded
        earned = sum(q.points for q in auto)
        possible = sum(q.max_points for q in auto)
        print(f"{row}  {f'{sum(q.passed for q in auto)} / {len(auto)}':>8}  {f'{earned:g} / {possible:g}':>9}")
        todo = [q.label for q in auto if not q.passed]
        if todo:
            more = f" and {len(todo) - 3} more" if len(todo) > 3 else ""
            print(_note("to do:", ", ".join(todo[:3]) + more))
        else:
            print(_note("done:", "all visible checks pass"))
        if progress.manual_points:
            print(_note("+", f"{progress.manual_points:g} points for written answers, marked by your instructor"))
    results.close()  # stops the worker processes now rather than when the generator is collected
    return 2 if unreadable else 0


def print_progress(names: list[str] | None = None) -> None:
    """Print the progress table (the start page's cell: it returns nothing, so the notebook shows no Out[])."""
    progress_report(names)
