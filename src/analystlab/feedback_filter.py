"""Keep hidden tests out of nbgrader's own feedback pages.

nbgrader's feedback step (`nbgrader generate_feedback`, and the formgrader's Generate Feedback
button, which runs the same converter) exports the autograded notebook to HTML as it is: the
hidden tests' source, their tracebacks and anything a trainee's code printed while they ran.
`HideHiddenTests` is registered in grading/nbgrader_config.py between nbgrader's GetGrades and the
HTML export. For every cell it

- removes each `### BEGIN HIDDEN TESTS` ... `### END HIDDEN TESTS` region from the source;
- in a test cell that had such a region, keeps an error only as `Name: message` when it was raised
  by a visible check, and as the bare exception name when it was raised by a hidden one (a library's
  message, e.g. numpy's "DESIRED: 7.125", would give the answer away), and withholds any other
  output (a trainee function called by a hidden test could print the hidden inputs);
- withholds any output, in any cell, that echoes a line of hidden test code (`print(In)` run after
  the tests, a traceback quoting them), comparing letters and digits only, so quoting, escaping and
  re-wrapping do not hide an echo.

The hidden lines come from the notebook itself and from the gradebook's copy of the source cells,
so a test cell the trainee deleted or edited does not make its hidden code look harmless.
"""

from __future__ import annotations

import html
import re

from nbconvert.preprocessors import Preprocessor
from nbformat import NotebookNode
from traitlets import Bool, Integer, Unicode

ANSI = re.compile(r"\x1b\[[0-9;]*[A-Za-z]")
# IPython names the failing line of a cell as "Cell In[7], line 12" (ipykernel 6+).
CELL_LINE = re.compile(r"Cell In\[\d+\], line (\d+)")
WITHHELD = "[output withheld from feedback: it could show hidden test code]"
NOT_SHOWN = "# (hidden checks: not shown)"


def _letters(text: str) -> str:
    """Lower-case letters and digits only: the part of a line an echo cannot disguise by quoting."""
    return "".join(ch for ch in text.lower() if ch.isalnum())


def split_hidden(source: str, begin: str, end: str) -> tuple[list[str], list[int]]:
    """The hidden lines of a cell and the (1-based) numbers of every line inside a hidden region,
    markers included. An unterminated region runs to the end of the cell."""
    hidden, numbers, inside = [], [], False
    for number, line in enumerate(source.splitlines(), start=1):
        if begin in line:
            inside = True
        if inside:
            numbers.append(number)
            if begin not in line and end not in line:
                hidden.append(line)
        if end in line:
            inside = False
    return hidden, numbers


def strip_hidden(source: str, begin: str, end: str) -> str:
    """The source without its hidden regions; one comment line stands where they were."""
    _, numbers = split_hidden(source, begin, end)
    if not numbers:
        return source
    drop = set(numbers)
    kept = [line for number, line in enumerate(source.splitlines(), start=1) if number not in drop]
    return "\n".join([*kept, NOT_SHOWN]) if kept else NOT_SHOWN


def output_text(output: NotebookNode) -> str:
    """Everything readable in one output (streams, text of every mimetype, tracebacks)."""
    kind = output.get("output_type")
    if kind == "stream":
        return str(output.get("text", ""))
    if kind == "error":
        parts = [output.get("ename", ""), output.get("evalue", ""), *output.get("traceback", [])]
        return ANSI.sub("", "\n".join(str(p) for p in parts))
    parts = []
    for mime, value in output.get("data", {}).items():
        if mime.startswith("text/") or mime.endswith(("json", "javascript", "+xml")):
            text = value if isinstance(value, str) else "".join(value) if isinstance(value, list) else str(value)
            parts.append(html.unescape(text) if mime == "text/html" else text)
    return "\n".join(parts)


def failing_line(output: NotebookNode) -> int | None:
    """The line of the executed cell an error was raised at: the outermost cell frame of the traceback
    (frames further in may be trainee functions defined in other cells)."""
    found = CELL_LINE.search(ANSI.sub("", "\n".join(output.get("traceback", []))))
    return int(found.group(1)) if found else None


def _note(text: str) -> NotebookNode:
    return NotebookNode(output_type="stream", name="stdout", text=text + "\n")


class HideHiddenTests(Preprocessor):
    """Remove hidden tests, and anything that shows them, from a notebook before it is exported."""

    # nbgrader registers its converters' preprocessors without enabling them.
    enabled = Bool(True, help="run this preprocessor").tag(config=True)
    begin_test_delimeter = Unicode("BEGIN HIDDEN TESTS", help="marks the start of a hidden test region").tag(
        config=True)
    end_test_delimeter = Unicode("END HIDDEN TESTS", help="marks the end of a hidden test region").tag(config=True)
    min_echo_chars = Integer(
        12, help="letters and digits a hidden line needs before an output containing it counts as an echo"
    ).tag(config=True)

    def _split(self, source: str) -> tuple[list[str], list[int]]:
        return split_hidden(source, self.begin_test_delimeter, self.end_test_delimeter)

    def _gradebook_sources(self, resources: dict) -> list[str]:
        """The source of every graded cell of this notebook as the gradebook keeps it (with hidden tests)."""
        info = resources.get("nbgrader") or {}
        if not all(info.get(key) for key in ("db_url", "assignment", "notebook")):
            return []
        from nbgrader.api import Gradebook, MissingEntry

        try:
            with Gradebook(info["db_url"]) as gradebook:
                notebook = gradebook.find_notebook(info["notebook"], info["assignment"])
                return [cell.source or "" for cell in notebook.source_cells]
        except MissingEntry:
            return []

    def hidden_fingerprints(self, nb: NotebookNode, resources: dict) -> set[str]:
        """Letters-and-digits forms of every hidden line long enough to recognise in an output."""
        sources = [cell.source for cell in nb.cells] + self._gradebook_sources(resources)
        prints = set()
        for source in sources:
            for line in self._split(source)[0]:
                key = _letters(line)
                if len(key) >= self.min_echo_chars:
                    prints.add(key)
        return prints

    def preprocess(self, nb: NotebookNode, resources: dict):
        prints = self.hidden_fingerprints(nb, resources)
        for cell in nb.cells:
            self._clean_cell(cell, prints)
        return nb, resources

    def _clean_cell(self, cell: NotebookNode, prints: set[str]) -> None:
        _, hidden_numbers = self._split(cell.source)
        if hidden_numbers:
            cell.source = strip_hidden(cell.source, self.begin_test_delimeter, self.end_test_delimeter)
        if cell.cell_type != "code":
            return
        outputs = []
        for output in cell.get("outputs", []):
            if hidden_numbers:
                output = self._test_output(output, set(hidden_numbers))
            elif prints and any(key in _letters(output_text(output)) for key in prints):
                output = _note(WITHHELD)
            outputs.append(output)
        cell.outputs = outputs

    def _test_output(self, output: NotebookNode, hidden_numbers: set[int]) -> NotebookNode:
        """One output of a test cell that has hidden checks: only the verdict of a check survives."""
        if output.get("output_type") != "error":
            return _note(WITHHELD)
        ename = str(output.get("ename", "Error"))
        line = failing_line(output)
        if line is None or line in hidden_numbers:
            message = f"{ename}: a hidden check failed (details withheld: they would reveal the answer)"
            return NotebookNode(output_type="error", ename=ename, evalue="", traceback=[message])
        evalue = str(output.get("evalue", ""))
        return NotebookNode(output_type="error", ename=ename, evalue=evalue, traceback=[f"{ename}: {evalue}"])
