"""`analystlab intake SOURCE`: file submissions into grading/submitted/<student>/<module>/.

SOURCE is a folder or a zip holding `<student>_<module>.ipynb` files, one subfolder per student
(`<student>/<module>.ipynb` or `<student>/<module>/<notebook>.ipynb`), or nbgrader's own layout.
Nothing is dropped silently: files that match no student and module, or more than one, are
listed. A second submission never silently replaces the first: both are kept (the older one under
`.previous/`), the newer one is graded, and the report says so.
"""

from __future__ import annotations

import json
import re
import shutil
import tempfile
import zipfile
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from pathlib import Path

from ..course import ambiguous_message, match_modules
from .layout import GradingError, Layout

STUDENT_ID = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._@-]{0,63}$")
SKIP_PARTS = {"__MACOSX", ".ipynb_checkpoints", ".git"}
ZIP_MAX_BYTES = 2 * 1024**3
ZIP_MAX_FILES = 20_000
TIMESTAMP_FORMAT = "%Y-%m-%d %H:%M:%S.%f UTC"


FUTURE_TOLERANCE = timedelta(minutes=10)  # clock skew between a trainee's machine and this one


@dataclass
class Candidate:
    path: Path
    shown: str  # the name the instructor knows the file by
    mtime: datetime
    parts: str = ""  # the path that names the student and module (shown, less a wrapping folder)

    def __post_init__(self) -> None:
        self.parts = self.parts or self.shown


def _unwrap(candidates: list[Candidate], table) -> list[Candidate]:
    """A zip often wraps everything in one folder (`session3/t01/00-orientation.ipynb`): when every
    file sits below the same folder and none directly in it, that folder is not a student."""
    firsts = {Path(c.shown).parts[0] for c in candidates}
    if len(firsts) != 1 or any(len(Path(c.shown).parts) < 3 for c in candidates):
        return candidates
    if any(len(Path(c.shown).parts) == 3 and Path(c.shown).parts[1].lower() in table for c in candidates):
        return candidates  # <student>/<module>/<notebook>: a real student folder
    return [Candidate(c.path, c.shown, c.mtime, Path(*Path(c.shown).parts[1:]).as_posix()) for c in candidates]


@dataclass
class IntakeReport:
    """What happened to every file in SOURCE."""

    accepted: list[str] = field(default_factory=list)
    unchanged: list[str] = field(default_factory=list)
    superseded: list[str] = field(default_factory=list)
    unreadable: list[str] = field(default_factory=list)
    unmatched: list[str] = field(default_factory=list)
    ambiguous: list[str] = field(default_factory=list)

    @property
    def needs_attention(self) -> bool:
        return bool(self.unmatched or self.ambiguous)

    def lines(self) -> list[str]:
        out = [f"accepted {len(self.accepted)} notebook(s)" + (f", {len(self.unchanged)} already on file" if
                                                              self.unchanged else "")]
        for title, items in (("kept both versions (the newer is graded)", self.superseded),
                             ("accepted but unreadable (will be graded as corrupt)", self.unreadable),
                             ("NOT taken in: no matching student and module", self.unmatched),
                             ("NOT taken in: ambiguous", self.ambiguous)):
            if items:
                out.append(f"{title}:")
                out += [f"  {item}" for item in items]
        return out


def _aliases(layout: Layout) -> dict[str, set[tuple[str, str | None]]]:
    """Lower-case name -> {(module, notebook or None)} it may refer to: the slug, its number and name,
    and each word of the name ('telephone' in 03-telephone-analysis; a word two modules share lists both)."""
    table: dict[str, set] = {}
    for module in layout.modules():
        number, _, tail = module.partition("-")
        names = {module, tail, *tail.split("-")} | ({number, str(int(number))} if number.isdigit() else set())
        names.discard("")
        for name in names:
            table.setdefault(name.lower(), set()).add((module, None))
        for notebook in layout.notebooks(module):
            table.setdefault(notebook.lower(), set()).add((module, notebook))
    return table


def _pick(layout: Layout, options: set) -> tuple[tuple[str, str] | None, str | None]:
    """One (module, notebook) from candidate matches, or the reason there is none."""
    resolved = set()
    for module, notebook in options:
        if notebook is None:
            notebooks = layout.notebooks(module)
            if len(notebooks) != 1:
                return None, f"module {module} has several notebooks ({', '.join(notebooks)}): name the notebook"
            notebook = notebooks[0]
        resolved.add((module, notebook))
    if len(resolved) > 1:
        return None, "matches " + ", ".join(f"{m}/{n}" for m, n in sorted(resolved))
    return (next(iter(resolved)), None) if resolved else (None, "no module of that name")


def identify(layout: Layout, parts: tuple[str, ...], table=None) -> tuple[tuple[str, str, str] | None, str, str | None]:
    """(student, module, notebook) for a notebook's path relative to SOURCE, or why not.

    The second value is 'unmatched' or 'ambiguous'.
    """
    table = table if table is not None else _aliases(layout)
    stem = Path(parts[-1]).stem
    if len(parts) > 3:
        return None, "unmatched", "nested too deep: expected <student>/<module>/<notebook>.ipynb at most"
    if len(parts) == 3 and parts[-2].lower() in table:
        student = parts[0]
        match, why = _pick(layout, {(m, stem) for m, _ in table[parts[-2].lower()] if stem in layout.notebooks(m)}
                           or table[parts[-2].lower()])
    elif len(parts) == 2:
        student = parts[0]
        match, why = _pick(layout, table.get(stem.lower(), set()))
        if match is None and why == "no module of that name":
            student, match, why = _split_flat(layout, stem, table, default_student=student)
    elif len(parts) == 1:
        student, match, why = _split_flat(layout, stem, table)
    elif len(parts) == 3 and (folder := match_modules(parts[-2], layout.modules())):
        # A module folder named by a prefix ('tele'): the folder can name nothing but a module.
        student = parts[0]
        if len(folder) > 1:
            return None, "ambiguous", ambiguous_message(parts[-2], folder)
        match, why = _pick(layout, {(folder[0], stem)} if stem in layout.notebooks(folder[0]) else {(folder[0], None)})
    else:
        return None, "unmatched", f"{parts[1]!r} is not a module"
    if match is None:
        return None, ("ambiguous" if why and why.startswith(("matches", "module")) else "unmatched"), why
    if not student or not STUDENT_ID.match(student):
        return None, "unmatched", f"{student!r} is not a usable student id (letters, digits, . _ @ -)"
    return (student, *match), "", None


def _split_flat(layout: Layout, stem: str, table, default_student: str | None = None):
    """`<student>_<module-or-notebook>`: the longest known name after an underscore wins."""
    found = []
    for name, options in table.items():
        suffix = "_" + name
        if stem.lower().endswith(suffix) and len(stem) > len(suffix):
            found.append((len(name), stem[: -len(suffix)], options))
    if not found:
        if default_student:
            return default_student, None, "no module or notebook name in the file name"
        return None, None, "expected <student>_<module>.ipynb"
    found.sort(key=lambda item: -item[0])
    longest = [f for f in found if f[0] == found[0][0]]
    options = set().union(*(f[2] for f in longest))
    students = {f[1] for f in longest}
    if len(students) > 1:
        return None, None, "matches " + ", ".join(sorted(students))
    match, why = _pick(layout, options)
    return default_student or next(iter(students)), match, why


def _extract(archive: Path, into: Path) -> list[str]:
    """Unpack a zip safely (no absolute or parent paths, bounded size); returns refused entries."""
    refused = []
    try:
        with zipfile.ZipFile(archive) as zipped:
            entries = zipped.infolist()
            if len(entries) > ZIP_MAX_FILES or sum(e.file_size for e in entries) > ZIP_MAX_BYTES:
                raise GradingError(f"{archive.name} is too large to take in (over {ZIP_MAX_FILES} files or 2 GB)")
            for entry in entries:
                name = entry.filename
                if entry.is_dir():
                    continue
                target = (into / name).resolve()
                if name.startswith("/") or ".." in Path(name).parts or not target.is_relative_to(into.resolve()):
                    refused.append(f"{name} (unsafe path in the zip)")
                    continue
                target.parent.mkdir(parents=True, exist_ok=True)
                with zipped.open(entry) as src, open(target, "wb") as dst:
                    shutil.copyfileobj(src, dst)
                stamp = datetime(*entry.date_time).timestamp()
                import os

                os.utime(target, (stamp, stamp))
    except zipfile.BadZipFile as exc:
        raise GradingError(f"{archive.name} is not a valid zip file ({exc}).") from None
    return refused


def _candidates(root: Path) -> list[Candidate]:
    found = []
    for path in sorted(root.rglob("*")):
        rel = path.relative_to(root)
        if not path.is_file() or any(part in SKIP_PARTS or part.startswith(".") for part in rel.parts):
            continue
        found.append(Candidate(path, rel.as_posix(), datetime.fromtimestamp(path.stat().st_mtime, UTC)))
    return found


def _readable(path: Path) -> bool:
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
        return isinstance(data, dict) and data.get("nbformat") == 4 and isinstance(data.get("cells"), list)
    except (OSError, UnicodeDecodeError, ValueError):
        return False


def _read_stamp(folder: Path) -> datetime | None:
    try:
        return datetime.strptime((folder / "timestamp.txt").read_text().strip(), TIMESTAMP_FORMAT).replace(tzinfo=UTC)
    except (OSError, ValueError):
        return None


def intake(layout: Layout, source: Path) -> IntakeReport:
    """Take in every notebook under SOURCE (folder or zip); see the module docstring."""
    source = Path(source)
    if not source.exists():
        raise GradingError(f"{source} does not exist.")
    if not layout.modules():
        raise GradingError(f"no modules with exercises in {layout.source}.")
    with tempfile.TemporaryDirectory(prefix="analystlab-intake-") as tmp:
        report = IntakeReport()
        root = source
        if source.is_file():
            if not zipfile.is_zipfile(source):
                raise GradingError(f"{source.name} is not a valid zip file (nor a folder).")
            root = Path(tmp)
            report.unmatched += _extract(source, root)
        candidates = _candidates(root)
        if not candidates:
            raise GradingError(f"{source} contains no files to take in.")
        table = _aliases(layout)
        placed = []
        latest = datetime.now(UTC) + FUTURE_TOLERANCE
        candidates = _unwrap(candidates, table)
        for candidate in candidates:
            if candidate.path.suffix != ".ipynb":
                report.unmatched.append(f"{candidate.shown} (not a notebook)")
                continue
            match, problem, why = identify(layout, Path(candidate.parts).parts, table)
            if match is None:
                getattr(report, problem).append(f"{candidate.shown} ({why})")
                continue
            if candidate.mtime > latest:  # a date in the future would win every "newest" comparison
                report.unmatched.append(f"{candidate.shown} (dated {candidate.mtime:%Y-%m-%d %H:%M} UTC, in the "
                                        "future: check the file, then touch it and take it in again)")
                continue
            placed.append((candidate.mtime, candidate, match))
        if not placed and not report.unmatched and not report.ambiguous:
            raise GradingError(f"{source} contains no notebooks.")
        for _, candidate, (student, module, notebook) in sorted(placed, key=lambda item: item[0]):
            _place(layout, candidate, student, module, notebook, report)
        return report


def _place(layout: Layout, candidate: Candidate, student: str, module: str, notebook: str,
           report: IntakeReport) -> None:
    folder = layout.submitted / student / module
    dest = folder / f"{notebook}.ipynb"
    label = f"{candidate.shown} -> {student}/{module}/{notebook}.ipynb"
    data = candidate.path.read_bytes()
    current = _read_stamp(folder)
    if dest.is_file():
        if dest.read_bytes() == data:
            report.unchanged.append(label)
            return
        older_incoming = current is not None and candidate.mtime < current
        archive = folder / ".previous" / (candidate.mtime if older_incoming else (current or candidate.mtime)
                                          ).strftime("%Y%m%dT%H%M%S%fZ")
        archive.mkdir(parents=True, exist_ok=True)
        if older_incoming:
            (archive / dest.name).write_bytes(data)
            report.superseded.append(f"{label}: older than the one on file; kept in {archive.relative_to(layout.root)}")
            return
        shutil.copy2(dest, archive / dest.name)
        report.superseded.append(f"{label}: replaces an earlier submission, kept in "
                                 f"{archive.relative_to(layout.root)}")
    folder.mkdir(parents=True, exist_ok=True)
    dest.write_bytes(data)
    newest = max(filter(None, [current, candidate.mtime]))
    (folder / "timestamp.txt").write_text(newest.strftime(TIMESTAMP_FORMAT))
    report.accepted.append(label)
    if not _readable(dest):
        report.unreadable.append(label)
