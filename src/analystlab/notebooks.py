"""Small notebook helpers shared by release, workspace and progress."""

from __future__ import annotations

import re
from pathlib import Path

import nbformat
from traitlets.config import Config

from .errors import AnalystlabError


def check_readable(path: Path) -> nbformat.NotebookNode:
    """Read a notebook, raising a clear error when it is corrupt or not a notebook."""
    try:
        notebook = nbformat.read(str(path), as_version=4)
        nbformat.validate(notebook)
    except FileNotFoundError as exc:
        raise AnalystlabError(f"{path}: no such notebook") from exc
    except Exception as exc:  # nbformat raises several unrelated types for broken files
        first_line = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
        raise AnalystlabError(
            f"{path} is not a readable notebook ({first_line}). If it is your work, open a copy in a text "
            "editor to recover the code; JupyterLab keeps checkpoints in .ipynb_checkpoints/."
        ) from exc
    return notebook


def grade_cells(notebook: nbformat.NotebookNode) -> list[nbformat.NotebookNode]:
    """Cells nbgrader grades (autograded test cells and manual cells), in notebook order."""
    return [cell for cell in notebook.cells if cell.get("metadata", {}).get("nbgrader", {}).get("grade")]


def is_autograded_test(cell: nbformat.NotebookNode) -> bool:
    """A code cell with points and no solution: nbgrader's autograder test."""
    meta = cell.get("metadata", {}).get("nbgrader", {})
    return cell.cell_type == "code" and meta.get("grade") and not meta.get("solution")


def local_kernel_config(folder: Path) -> Config:
    """Kernel settings for notebooks the course runs itself (progress, selfcheck): local sockets in
    `folder` rather than TCP, so there is no port to find and the kernel prints no warning about
    unencrypted TCP into the trainee's output."""
    return Config({"KernelManager": {"transport": "ipc", "ip": str(Path(folder) / "kernel")}})


_HEADING = re.compile(r"^(#{2,6})\s+(.+?)\s*#*\s*$")
_POINTS = re.compile(r"\s*\([^()]*\bpoints?\b[^()]*\)\s*$")


def _plain(text: str, limit: int = 70) -> str:
    text = re.sub(r"\*\*|`", "", text).strip()
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def task_titles(notebook: nbformat.NotebookNode) -> dict[str, str]:
    """{grade_id: title} for every graded cell, from the text the trainee reads above it.

    A graded cell's title is the highest-ranking heading (## and below; # is the notebook's title)
    between it and the previous graded cell, without its "(2 points)" suffix: "Task 1 — Records typed
    in twice". Without a heading, the first line of the last prompt above it; without any text, the
    previous graded cell's title (a second test of one task); failing all, its grade id.
    """
    titles: dict[str, str] = {}
    headings: list[tuple[int, str]] = []
    prompt, previous = "", ""
    for cell in notebook.cells:
        meta = cell.get("metadata", {}).get("nbgrader", {})
        if meta.get("grade") and meta.get("grade_id"):
            if headings:
                level = min(rank for rank, _ in headings)
                title = [text for rank, text in headings if rank == level][-1]
            else:
                title = prompt or previous or meta["grade_id"]
            titles[meta["grade_id"]] = title
            headings, prompt, previous = [], "", title
        elif cell.get("cell_type") == "markdown" and not meta.get("solution"):
            lines = [line.strip() for line in cell.get("source", "").splitlines() if line.strip()]
            for line in lines:
                match = _HEADING.match(line)
                if match:
                    headings.append((len(match.group(1)), _plain(_POINTS.sub("", match.group(2)))))
            text = [line for line in lines if not line.startswith("#")]
            if text:
                prompt = _plain(text[0])
    return titles
