"""Recognise a module's hidden tests in a page handed to a trainee (feedback HTML)."""

from __future__ import annotations

import html
import re
from pathlib import Path

import nbformat

from analystlab.feedback_filter import split_hidden, strip_hidden

ROOT = Path(__file__).resolve().parents[1]


def letters(text: str) -> str:
    """Lower-case letters and digits only, so markup, quoting and wrapping do not hide a line."""
    return "".join(ch for ch in text.lower() if ch.isalnum())


def page_letters(page: str) -> str:
    """The visible text of an HTML page, letters and digits only."""
    return letters(html.unescape(re.sub(r"<[^>]+>", " ", page)))


def hidden_prints(module: str, notebook: str) -> list[str]:
    """Every line of the module's hidden tests long enough to recognise, letters and digits only."""
    source = nbformat.read(ROOT / "solutions" / module / f"{notebook}.ipynb", as_version=4)
    lines = [line for cell in source.cells
             for line in split_hidden(cell.source, "BEGIN HIDDEN TESTS", "END HIDDEN TESTS")[0]]
    # A message a visible check also shows ("keep the register's order") is not a hidden test's secret.
    public = letters("\n".join(strip_hidden(cell.source, "BEGIN HIDDEN TESTS", "END HIDDEN TESTS")
                                for cell in source.cells if not cell.metadata.get("nbgrader", {}).get("solution")))
    return [key for key in map(letters, lines) if len(key) >= 12 and key not in public]


def assert_no_hidden_test(page: str, module: str, notebook: str, name: str) -> None:
    """Fail, naming the page, if it shows a hidden test marker or any hidden test line."""
    assert "HIDDEN TESTS" not in page, f"{name} shows a hidden test marker"
    text = page_letters(page)
    leaked = [key for key in hidden_prints(module, notebook) if key in text]
    assert not leaked, f"{name} shows {len(leaked)} hidden test line(s), e.g. {leaked[0][:60]}"
