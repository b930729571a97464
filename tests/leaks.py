"""Answer literals of an exercise, and a search for them in what a trainee can read or run.

An *answer literal* is a distinctive value written in a module's hidden tests or solution regions
(`### BEGIN HIDDEN TESTS` … `### END HIDDEN TESTS`, `### BEGIN SOLUTION` … `### END SOLUTION`, and
whole solution cells such as model answers) that the trainee does not legitimately have: it is not in
the visible test code, not a dataset or column name, not a value of a low-cardinality data column,
and not an input the prompt states (a literal the prompt mentions counts as an input only when the
solution code itself uses it; a value the prompt shows that only the hidden tests compare against is
an answer printed in the prompt).

Distinctive means: strings of at least 5 characters with a letter or digit in them, identifiers
such as 'SZ-0019' or '+77011234567' of any length above 3, numbers with at least 4 significant digits,
and (for `answer_counts`) integers of at least 2 digits that a hidden test compares with `==`.

`find_leaks(text, literals)` matches strings exactly and numbers at the precision they are printed
with, so a given cell printing ``0.7698`` leaks a hidden ``0.7697622915242065``.
"""

from __future__ import annotations

import ast
import csv
import json
import re
from decimal import Decimal, InvalidOperation
from functools import cache, lru_cache
from pathlib import Path

import nbformat

ROOT = Path(__file__).resolve().parents[1]

_HIDDEN = re.compile(r"^\s*### BEGIN HIDDEN TESTS\s*$(.*?)^\s*### END HIDDEN TESTS\s*$", re.M | re.S)
_SOLUTION = re.compile(r"^\s*### BEGIN SOLUTION\s*$(.*?)^\s*### END SOLUTION\s*$", re.M | re.S)
_ID = re.compile(r"(?<![\w+-])(?:[A-Z]{1,4}-\d{2,}(?:-\d+)*|\+\d{8,15}|\d{15})(?![\w-])")
_NUMBER = re.compile(r"(?<![\w.])-?\d+(?:\.\d+)?(?:[eE][-+]?\d+)?(?![\w.])")
_COLOUR = re.compile(r"#[0-9A-Fa-f]{6}")
# Constants passed to these are presentation (titles, labels, colours), not answers.
_PRESENTATION = {"set_title", "set_xlabel", "set_ylabel", "suptitle", "title", "xlabel", "ylabel", "legend",
                 "text", "annotate", "savefig", "label", "color", "colors", "cmap", "fmt", "print"}
_EQ_INT = re.compile(r"==\s*(\d{2,})\b|\b(\d{2,})\s*==")
MIN_STRING = 5
MIN_DIGITS = 4
LOW_CARDINALITY = 60


def significant_digits(text: str) -> int:
    """Significant digits of a number, trailing zeros dropped ('0.007254' -> 4, '1500' -> 2, '250.0' -> 2)."""
    try:
        return len(Decimal(text).normalize().as_tuple().digits)
    except InvalidOperation:
        return 0


def _distinctive_string(value: str) -> bool:
    value = value.strip()
    if _ID.fullmatch(value):
        return True
    # Colours, names (snake_case column or variable names) and regular expressions are not values.
    if _COLOUR.fullmatch(value) or re.fullmatch(r"[a-z_][a-z0-9_]*", value) or re.search(r"[\[\]^\\]", value):
        return False
    return len(value) >= MIN_STRING and bool(re.search(r"\w", value))


def _distinctive_number(value) -> bool:
    if isinstance(value, bool):
        return False
    return significant_digits(repr(value)) >= MIN_DIGITS


def _code_literals(code: str) -> set[str]:
    """String and number constants of a piece of Python (numbers as written, via repr)."""
    found: set[str] = set()
    try:
        tree = ast.parse(code)
    except SyntaxError:
        found |= {m.group(1) for m in re.finditer(r"""['"]([^'"\n]+)['"]""", code) if _distinctive_string(m.group(1))}
        found |= {m.group(0) for m in _NUMBER.finditer(code) if significant_digits(m.group(0)) >= MIN_DIGITS}
        return found
    skip: set[int] = set()
    for node in ast.walk(tree):
        # Failure messages and presentation arguments are not answer values.
        if isinstance(node, ast.Assert) and node.msg is not None:
            skip |= {id(sub) for sub in ast.walk(node.msg)}
        elif isinstance(node, ast.Call):
            name = getattr(node.func, "attr", getattr(node.func, "id", ""))
            if name in _PRESENTATION:
                skip |= {id(sub) for arg in node.args for sub in ast.walk(arg)}
            skip |= {id(sub) for kw in node.keywords if kw.arg in _PRESENTATION for sub in ast.walk(kw.value)}
    for node in ast.walk(tree):
        if id(node) in skip:
            continue
        if isinstance(node, ast.Constant):
            if isinstance(node.value, str) and _distinctive_string(node.value):
                found.add(node.value.strip())
            elif isinstance(node.value, (int, float)) and _distinctive_number(node.value):
                found.add(repr(node.value))
    return found


def _text_literals(text: str) -> set[str]:
    """Identifiers and long numbers in prose (a model answer): phrases are not distinctive."""
    found = {m.group(0) for m in _ID.finditer(text)}
    found |= {m.group(0) for m in _NUMBER.finditer(text) if significant_digits(m.group(0)) >= MIN_DIGITS}
    return found


def _strip_hidden(code: str) -> str:
    return _HIDDEN.sub("", code)


def source_notebooks(slug: str) -> list[nbformat.NotebookNode]:
    return [nbformat.read(str(p), as_version=4) for p in sorted((ROOT / "solutions" / slug).glob("*.ipynb"))]


def _regions(slug: str) -> tuple[list[str], list[str], list[str]]:
    """(hidden-test code, solution code, solution prose) of a module's source notebooks."""
    hidden, solution, prose = [], [], []
    for nb in source_notebooks(slug):
        for cell in nb.cells:
            meta = cell.metadata.get("nbgrader", {})
            source = cell.source
            if meta.get("solution"):
                regions = _SOLUTION.findall(source)
                if cell.cell_type == "code":
                    solution += regions or [source]
                else:
                    prose += regions or [source]
                continue
            if cell.cell_type == "code" and meta.get("grade"):
                hidden += _HIDDEN.findall(source)
    return hidden, solution, prose


@lru_cache(maxsize=1)
def data_vocabulary() -> frozenset[str]:
    """Names a trainee has from the data itself: dataset and column names, and the values of columns
    with few distinct values (categories such as 'commercial burglary'), from the shipped datasets."""
    folder = ROOT / "datasets"
    manifest = json.loads((folder / "manifest.json").read_text(encoding="utf-8"))
    words: set[str] = set()
    for key, spec in manifest["files"].items():
        if key.startswith("truth/"):
            continue
        words.add(Path(key).with_suffix("").as_posix())
        words |= set(spec.get("columns", {}))
        target = folder / key
        if target.suffix != ".csv" or not target.is_file():
            continue
        with target.open(encoding="utf-8", newline="") as handle:
            rows = list(csv.DictReader(handle))
        for column in rows[0].keys() if rows else []:
            values = {row[column] for row in rows}
            if len(values) <= LOW_CARDINALITY:
                words |= values
                words |= {part for value in values for part in value.split(";")}
    return frozenset(w.strip() for w in words if w)


def answer_literals(slug: str) -> set[str]:
    """The distinctive literals of a module's hidden tests and solution regions that the trainee
    does not legitimately have (see the module docstring). Strings as they are; numbers as written."""
    return set(_answer_literals(slug))


@cache
def _answer_literals(slug: str) -> frozenset[str]:
    """The distinctive literals of a module's hidden tests and solution regions that the trainee
    does not legitimately have (see the module docstring). Strings as they are; numbers as written."""
    hidden, solution, prose = _regions(slug)
    from_hidden = set().union(*(_code_literals(code) for code in hidden)) if hidden else set()
    from_solution = set().union(*(_code_literals(code) for code in solution)) if solution else set()
    from_prose = set().union(*(_text_literals(text) for text in prose)) if prose else set()
    visible_code = "\n".join(p for p, cell_is_md in _public_parts(slug) if not cell_is_md)
    markdown = "\n".join(p for p, cell_is_md in _public_parts(slug) if cell_is_md)
    vocabulary = data_vocabulary()

    def public_literal(literal: str) -> bool:
        if literal in vocabulary or _mentions(visible_code, literal):
            return True
        # A value the prompt states is an input when the solution code uses it too.
        return literal in from_solution and _mentions(markdown, literal)

    return frozenset(lit for lit in from_hidden | from_solution | from_prose if not public_literal(lit))


def _public_parts(slug: str) -> list[tuple[str, bool]]:
    parts = []
    for nb in source_notebooks(slug):
        for cell in nb.cells:
            meta = cell.metadata.get("nbgrader", {})
            if meta.get("solution"):
                continue
            if cell.cell_type == "markdown":
                parts.append((cell.source, True))
            elif meta.get("grade"):
                parts.append((_strip_hidden(cell.source), False))
    return parts


@cache
def answer_counts(slug: str) -> frozenset[int]:
    """Integers (two digits or more) a hidden test compares with `==`: counts such as a number of
    links or duplicates, not distinctive on their own but an answer when a given cell prints them
    next to what they count."""
    hidden = _regions(slug)[0]
    visible_code = "\n".join(p for p, is_md in _public_parts(slug) if not is_md)
    found = {int(a or b) for code in hidden for a, b in _EQ_INT.findall(code)}
    return frozenset(n for n in found if not _mentions(visible_code, str(n)))


def _mentions(text: str, literal: str) -> bool:
    if _looks_numeric(literal):
        return bool(find_leaks(text, {literal}))
    return literal in text


def _looks_numeric(literal: str) -> bool:
    return bool(re.fullmatch(r"-?\d+(?:\.\d+)?(?:[eE][-+]?\d+)?", literal))


def _matches_number(printed: str, literal: str) -> bool:
    """Whether a number printed in text is `literal` shown at the printed precision (at least 4
    significant digits shown, so '0.77' does not count as 0.7697…)."""
    if significant_digits(printed) < MIN_DIGITS:
        return False
    try:
        shown, exact = Decimal(printed), Decimal(literal)
    except InvalidOperation:
        return False
    places = shown.as_tuple().exponent
    try:
        return exact.quantize(Decimal(1).scaleb(places)) == shown if places < 0 else exact == shown
    except InvalidOperation:
        return False


def find_leaks(text: str, literals) -> set[str]:
    """The literals that occur in `text`: strings verbatim, numbers at the precision printed."""
    found = {lit for lit in literals if not _looks_numeric(lit) and lit in text}
    numbers = [lit for lit in literals if _looks_numeric(lit)]
    if numbers:
        for match in _NUMBER.finditer(text):
            printed = match.group(0)
            found |= {lit for lit in numbers if _matches_number(printed, lit)}
    return found


def count_leaks(text: str, counts) -> set[int]:
    """The answer counts that `text` prints as a whole word ('144 links')."""
    words = {int(m) for m in re.findall(r"(?<![\w.,-])(\d{2,})(?![\w.,])", text)}
    return words & set(counts)
