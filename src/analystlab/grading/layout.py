"""Where grading reads and writes, taken from the course's nbgrader configuration.

Reading grading/nbgrader_config.py (rather than repeating its paths) keeps `analystlab grade`,
`nbgrader` and the formgrader pointed at the same folders and gradebook.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

from ..course import ambiguous_message, match_modules
from ..errors import AnalystlabError, UnknownModuleError


class GradingError(AnalystlabError):
    """Bad input to a grading command (unknown student, unreadable archive, ...)."""

    exit_code = 2


class GradebookMissingError(AnalystlabError):
    """The nbgrader gradebook does not exist or does not know the module."""

    exit_code = 5


class SandboxUnavailableError(AnalystlabError):
    """The sandbox was required but cannot be used on this machine."""

    exit_code = 4


@dataclass(frozen=True)
class Layout:
    """The course folders grading works with."""

    root: Path
    source: Path
    release: Path
    submitted: Path
    autograded: Path
    feedback: Path
    db_path: Path
    course_id: str
    datasets: Path | None

    @property
    def db_url(self) -> str:
        return f"sqlite:///{self.db_path}"

    @property
    def reports(self) -> Path:
        return self.root / "grading" / "reports"

    @property
    def config_file(self) -> Path:
        return self.root / "grading" / "nbgrader_config.py"

    def modules(self) -> list[str]:
        """Assignment ids: folders of source notebooks, in syllabus order."""
        if not self.source.is_dir():
            return []
        return sorted(p.name for p in self.source.iterdir() if p.is_dir() and any(p.glob("*.ipynb")))

    def notebooks(self, module: str) -> list[str]:
        """Notebook names (without .ipynb) of a module's source."""
        return sorted(p.stem for p in (self.source / module).glob("*.ipynb"))

    def resolve_module(self, name: str) -> str:
        """A module id from a slug, number ('03', '3'), name or unambiguous prefix or word of the slug
        ('telephone', 'tele'); raises UnknownModuleError, listing the candidates when several fit."""
        modules = self.modules()
        matches = match_modules(name, modules)
        if len(matches) > 1:
            raise UnknownModuleError(ambiguous_message(name, matches))
        if not matches:
            raise UnknownModuleError(f"unknown module {name!r}. Modules with exercises: {', '.join(modules) or 'none'}")
        return matches[0]

    def students(self) -> list[str]:
        """Students with at least one submission folder."""
        if not self.submitted.is_dir():
            return []
        return sorted(p.name for p in self.submitted.iterdir() if p.is_dir() and not p.name.startswith("."))


def load_layout(root: Path | None = None) -> Layout:
    """The layout of the course at `root` (default: the current course)."""
    if root is None:
        from ..paths import course_root

        root = course_root()
    root = Path(root).resolve()
    config_file = root / "grading" / "nbgrader_config.py"
    values: dict = {}
    if config_file.is_file():
        from traitlets.config.loader import PyFileConfigLoader

        config = PyFileConfigLoader(config_file.name, path=str(config_file.parent)).load_config()
        values = dict(config.get("CourseDirectory", {}))
    base = Path(values.get("root", root))

    def folder(key: str, default: str) -> Path:
        return (base / values.get(key, default)).resolve()

    db_url = values.get("db_url", f"sqlite:///{base / 'grading' / 'gradebook.db'}")
    datasets = Path(os.environ["ANALYSTLAB_DATA"]) if os.environ.get("ANALYSTLAB_DATA") else root / "datasets"
    return Layout(
        root=root,
        source=folder("source_directory", "solutions"),
        release=folder("release_directory", "exercises"),
        submitted=folder("submitted_directory", "grading/submitted"),
        autograded=folder("autograded_directory", "grading/autograded"),
        feedback=folder("feedback_directory", "grading/feedback"),
        db_path=Path(db_url.removeprefix("sqlite:///")),
        course_id=values.get("course_id", "analystlab"),
        datasets=datasets.resolve() if datasets.is_dir() else None,
    )
