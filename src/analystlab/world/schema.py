"""Schema definitions of every dataset: the data dictionary, the manifest types and the CSV writer."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd


@dataclass(frozen=True)
class Column:
    """One column: name, manifest type, unit, meaning and (for times) the time zone it is in."""

    name: str
    type: str
    meaning: str
    unit: str = ""
    tz: str = ""


@dataclass
class Table:
    """A dataset file with its schema; `frame` holds the values, already formatted where it matters."""

    path: str  # relative to datasets/, e.g. 'seizures.csv' or 'truth/organisation.csv'
    title: str
    description: str
    columns: tuple[Column, ...]
    frame: pd.DataFrame | None = None
    rows: int | None = None  # for non-CSV files written elsewhere
    notes: tuple[str, ...] = field(default_factory=tuple)
    instructor_notes: tuple[str, ...] = field(default_factory=tuple)  # only in truth/README.md

    @property
    def is_answer_key(self) -> bool:
        return self.path.startswith("truth/")

    @property
    def column_types(self) -> dict[str, str]:
        return {c.name: c.type for c in self.columns}

    def write(self, root: Path) -> Path:
        """Write the frame as UTF-8 CSV with '\\n' line ends, columns in schema order."""
        target = root / self.path
        target.parent.mkdir(parents=True, exist_ok=True)
        names = [c.name for c in self.columns]
        missing = [n for n in names if n not in self.frame.columns]
        if missing:
            raise ValueError(f"{self.path}: frame lacks columns {missing}")
        self.frame[names].to_csv(target, index=False, lineterminator="\n", encoding="utf-8")
        return target


def dictionary_markdown(tables: list[Table], header: str) -> str:
    """datasets/README.md: the trainees' data dictionary, generated from the schemas. It describes the
    data only: the answer key and the notes for instructors are in `answer_key_markdown`."""
    public = [t for t in tables if not t.is_answer_key]
    lines = [header.rstrip(), "", "## Files", ""]
    lines += [f"- [`{t.path}`](#{_anchor(t.path)}): {t.title}" for t in public]
    for t in public:
        lines += ["", f"## {t.path}", "", t.description.strip(), ""]
        lines += _bullets(t.notes)
        lines += _column_table(t)
    return "\n".join(lines) + "\n"


def answer_key_markdown(tables: list[Table], header: str) -> str:
    """datasets/truth/README.md: the instructors' document: every answer-key file, and what the public
    files hide (notes kept out of the trainees' dictionary)."""
    key = [t for t in tables if t.is_answer_key]
    lines = [header.rstrip(), "", "## Files", ""]
    lines += [f"- [`{t.path.removeprefix('truth/')}`](#{_anchor(t.path)}): {t.title}" for t in key]
    for t in key:
        lines += ["", f"## {t.path}", "", t.description.strip(), ""]
        lines += _bullets(t.notes)
        lines += _column_table(t)
    hidden = [t for t in tables if t.instructor_notes]
    if hidden:
        lines += ["", "## Notes on the public files", ""]
        for t in hidden:
            lines += [f"- `{t.path}`: {note}" for note in t.instructor_notes]
    return "\n".join(lines) + "\n"


def _bullets(notes: tuple[str, ...]) -> list[str]:
    return [f"- {note}" for note in notes] + ([""] if notes else [])


def _column_table(t: Table) -> list[str]:
    lines = ["| column | type | unit | time zone | meaning |", "|---|---|---|---|---|"]
    for c in t.columns:
        lines.append(f"| `{c.name}` | {c.type} | {c.unit or '–'} | {c.tz or '–'} | {c.meaning} |")
    return lines


def _anchor(path: str) -> str:
    return "".join(ch for ch in path.lower() if ch.isalnum() or ch in "-_ ").replace(" ", "-")
