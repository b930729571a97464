"""Small notebook helpers shared by release, workspace and progress."""

from __future__ import annotations

from pathlib import Path

import nbformat

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
