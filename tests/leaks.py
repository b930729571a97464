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
and (for `answer_counts`) the integers of at least 2 digits in the hidden tests.

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
import phonenumbers

ROOT = Path(__file__).resolve().parents[1]

_HIDDEN = re.compile(r"^\s*### BEGIN HIDDEN TESTS\s*$(.*?)^\s*### END HIDDEN TESTS\s*$", re.M | re.S)
_SOLUTION = re.compile(r"^\s*### BEGIN SOLUTION\s*$(.*?)^\s*### END SOLUTION\s*$", re.M | re.S)
_ID = re.compile(r"(?<![\w+-])(?:[A-Z]{1,4}-?\d{3,}(?:-\d+)*|[A-Z]{1,4}-\d{2,}|\+\d{8,15}|\d{15}"
                 r"|\d{3}-\d{2}-\d{3,5}-\d{3,6})(?![\w-])")
_NUMBER = re.compile(r"(?<![\w.])-?\d+(?:\.\d+)?(?:[eE][-+]?\d+)?(?![\w.])")
_COLOUR = re.compile(r"#[0-9A-Fa-f]{6}")
# Constants passed to these are presentation (titles, labels, colours), not answers.
_PRESENTATION = {"set_title", "set_xlabel", "set_ylabel", "suptitle", "title", "xlabel", "ylabel", "legend",
                 "text", "annotate", "savefig", "label", "color", "colors", "cmap", "fmt", "print"}
MIN_STRING = 5
MIN_DIGITS = 4
# Another module's answer number counts as shown only to this many significant digits: a notebook
# prints hundreds of numbers and a module checks hundreds, so four digits would match by chance.
OTHER_MIN_DIGITS = 6
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
    # Date formats ('%m/%d/%Y') are a way of writing, like a colour or a column name.
    if (_COLOUR.fullmatch(value) or re.fullmatch(r"[a-z_][a-z0-9_]*|[a-z]+(?:[A-Z][a-z]+)+", value)
            or re.fullmatch(r"(?:%[a-zA-Z]|[-/.:, T])+", value)
            or re.search(r"[\[\]^\\]", value)):
        return False
    return len(value) >= MIN_STRING and bool(re.search(r"\w", value))


def _distinctive_number(value, min_digits: int = MIN_DIGITS) -> bool:
    if isinstance(value, bool):
        return False
    if min_digits < MIN_DIGITS:
        return isinstance(value, int) and len(str(abs(value))) >= min_digits
    return significant_digits(repr(value)) >= min_digits


def _code_literals(code: str, min_digits: int = MIN_DIGITS) -> set[str]:
    """String and number constants of a piece of Python (numbers as written, via repr), leaving out
    failure messages and presentation arguments."""
    found: set[str] = set()
    try:
        tree = ast.parse(code)
    except SyntaxError:
        found |= {m.group(1) for m in re.finditer(r"""['"]([^'"\n]+)['"]""", code) if _distinctive_string(m.group(1))}
        found |= {m.group(0) for m in _NUMBER.finditer(code) if significant_digits(m.group(0)) >= MIN_DIGITS}
        return found
    skip: set[int] = set()
    for node in ast.walk(tree):
        # Failure messages, presentation arguments and dict keys (labels such as a month or a drug,
        # under which the answer values stand) are not answer values.
        if isinstance(node, ast.Dict):
            skip |= {id(key) for key in node.keys if isinstance(key, ast.Constant)}
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
            elif isinstance(node.value, (int, float)) and _distinctive_number(node.value, min_digits):
                found.add(repr(node.value))
    return found


def _text_literals(text: str) -> set[str]:
    """Identifiers and long numbers in prose (a model answer): phrases are not distinctive."""
    found = {m.group(0) for m in _ID.finditer(text)}
    # The digits of an identifier ('+992917714544') are that identifier, not a number of their own.
    rest = _ID.sub(" ", text)
    found |= {m.group(0) for m in _NUMBER.finditer(rest) if significant_digits(m.group(0)) >= MIN_DIGITS}
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
    """Names and values a trainee has from the data itself: dataset and column names, the values of
    columns with few distinct values (categories such as 'commercial burglary') and every decimal
    value of a record, from the shipped datasets."""
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
            # A decimal measured on one record (a seizure's kilograms) is data, even when an answer
            # that sums a single record equals it.
            words |= {value for value in values if re.fullmatch(r"-?\d+\.\d+", value)}
    return frozenset(w.strip() for w in words if w)


def answer_literals(slug: str) -> set[str]:
    """The distinctive literals of a module's hidden tests and solution regions that the trainee
    does not legitimately have (see the module docstring). Strings as they are; numbers as written."""
    return set(_answer_literals(slug))


def answer_values(slug: str) -> set[str]:
    """The answer literals that come from the hidden tests or a model answer: what an answer is, as
    against the constants a solution's code is written with (labels, pieces of an event text)."""
    from_hidden, _, from_prose = _literal_sources(slug)
    return set(_answer_literals(slug) & (from_hidden | from_prose))


@cache
def _literal_sources(slug: str) -> tuple[frozenset[str], frozenset[str], frozenset[str]]:
    """The distinctive literals of a module's hidden tests, solution code and solution prose."""
    hidden, solution, prose = _regions(slug)
    return (frozenset().union(*(_code_literals(code) for code in hidden)),
            frozenset().union(*(_code_literals(code) for code in solution)),
            frozenset().union(*(_text_literals(text) for text in prose)))


@cache
def _answer_literals(slug: str) -> frozenset[str]:
    """The distinctive literals of a module's hidden tests and solution regions that the trainee
    does not legitimately have (see the module docstring). Strings as they are; numbers as written."""
    from_hidden, from_solution, from_prose = _literal_sources(slug)
    visible_code = "\n".join(p for p, cell_is_md in _public_parts(slug) if not cell_is_md)
    markdown = "\n".join(p for p, cell_is_md in _public_parts(slug) if cell_is_md)
    vocabulary = data_vocabulary()

    def public_literal(literal: str) -> bool:
        if literal in vocabulary or _mentions(visible_code, literal):
            return True
        # A value the prompt states is an input when the solution (code or model answer) uses it too.
        return literal in from_solution | from_prose and _mentions(markdown, literal)

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
    """Integers of two digits or more in the hidden tests and not in the public text: counts such as a
    number of links or duplicates, not distinctive on their own (so looked for only in what given
    cells print), but an answer when a given cell prints them."""
    public = "\n".join(p for p, _ in _public_parts(slug))
    found = {int(lit) for code in _regions(slug)[0] for lit in _code_literals(code, min_digits=2)
             if re.fullmatch(r"\d{2,}", lit)}
    manifest = json.loads((ROOT / "datasets" / "manifest.json").read_text(encoding="utf-8"))
    rows = {spec.get("rows") for spec in manifest["files"].values()}
    return frozenset(n for n in found if n not in rows and not re.search(rf"(?<![\w.]){n}(?![\w.])", public))


def _mentions(text: str, literal: str) -> bool:
    if _looks_numeric(literal):
        return bool(find_leaks(text, {literal}))
    return literal in text


def _looks_numeric(literal: str) -> bool:
    return bool(re.fullmatch(r"-?\d+(?:\.\d+)?(?:[eE][-+]?\d+)?", literal))


def _matches_number(printed: str, literal: str, min_digits: int = MIN_DIGITS) -> bool:
    """Whether a number printed in text is `literal` shown at the printed precision (at least
    `min_digits` significant digits shown, so '0.77' does not count as 0.7697…)."""
    if significant_digits(printed) < min_digits:
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


def find_leaks(text: str, literals, min_digits: int = MIN_DIGITS) -> set[str]:
    """The literals that occur in `text`: strings verbatim, numbers at the precision printed (with at
    least `min_digits` significant digits)."""
    found = {lit for lit in literals if not _looks_numeric(lit) and lit in text}
    numbers = [lit for lit in literals if _looks_numeric(lit)]
    if numbers:
        for match in _NUMBER.finditer(text):
            printed = match.group(0)
            found |= {lit for lit in numbers if _matches_number(printed, lit, min_digits)}
    return found


def count_leaks(text: str, counts) -> set[int]:
    """The answer counts that `text` prints as a whole word ('144 links')."""
    words = {int(m) for m in re.findall(r"(?<![\w.,-])(\d{2,})(?![\w.,])", text)}
    return words & set(counts)


@cache
def answer_pairs(slug: str) -> tuple[dict, ...]:
    """Tables of an answer written in the hidden tests as {(row, column): value} (a co-travel or
    call-count matrix): each cell is small, but the table as a whole is the answer."""
    tables = []
    for code in _regions(slug)[0]:
        try:
            tree = ast.parse(code)
        except SyntaxError:
            continue
        for node in ast.walk(tree):
            if not isinstance(node, ast.Dict) or len(node.keys) < 3:
                continue
            try:
                table = ast.literal_eval(node)
            except ValueError:
                continue
            if all(isinstance(k, tuple) and len(k) == 2 and all(isinstance(p, str) for p in k)
                   and isinstance(v, (int, float)) and not isinstance(v, bool) for k, v in table.items()):
                tables.append(table)
    return tuple(tables)


def _text_tables(text: str) -> list[dict[tuple[str, str], str]]:
    """Labelled tables in plain-text output (pandas' text repr): {(row label, column label): cell}.
    The header may start with the columns' name, and an index-name line may follow it."""
    tables, lines = [], [line.split() for line in text.splitlines()]
    for start, header in enumerate(lines):
        if len(header) < 2:
            continue
        rows = lines[start + 1:]
        if rows and len(rows[0]) == 1:
            rows = rows[1:]
        table = {}
        for row in rows:
            if len(row) == len(header) + 1:
                columns = header
            elif len(row) == len(header):
                columns = header[1:]
            else:
                break
            table.update({(row[0], column): cell for column, cell in zip(columns, row[1:], strict=True)})
        if table:
            tables.append(table)
    return tables


def table_leaks(text: str, pairs) -> list[dict]:
    """The answer tables (see `answer_pairs`) that a printed table in `text` reproduces cell for cell."""
    leaked = []
    printed = _text_tables(text)
    for answer in pairs:
        if any(all(_same(_cell(table, i, j), v) for (i, j), v in answer.items()) for table in printed):
            leaked.append(answer)
    return leaked


def _cell(table: dict, row: str, column: str) -> str:
    return table.get((row, column), table.get((column, row), ""))


def _same(printed: str, value) -> bool:
    try:
        return abs(float(printed) - float(value)) < 1e-9 * max(1.0, abs(float(value)))
    except ValueError:
        return False


def _normal_line(line: str) -> str:
    """A code line without comments, spaces, the name it assigns to, and with every private name
    (`_in`, `_in_hex`) the same, so a renamed copy of a solution line still matches."""
    line = re.sub(r"#.*$", "", line).strip()
    line = re.sub(r"^[A-Za-z_][\w.]*(\[[^\]]*\])?\s*=(?!=)", "", line)
    return re.sub(r"(?<![\w.])_\w+", "_", re.sub(r"\s+", "", line))


def solution_lines(slug: str) -> list[set[str]]:
    """Per solution region, its lines that do real work (normalised: no spaces or comments, no name
    assigned to, private names alike), for finding a given cell that copies an answer's code."""
    regions = []
    for code in _regions(slug)[1]:
        lines = set()
        for line in code.splitlines():
            norm = _normal_line(line)
            if len(norm) >= 30 and not norm.startswith(("import", "from", "print(", "def", "return")):
                lines.add(norm)
        regions.append(lines)
    return regions


def repeated_solution_lines(code: str, regions: list[set[str]]) -> list[str]:
    """The lines of `code` that copy a solution region: two or more of its lines (one shared step,
    such as a join, is the method and may be shown on another measure)."""
    copied = []
    for lines in regions:
        hits = [line.strip() for line in code.splitlines() if _normal_line(line) in lines]
        if len(hits) >= 2:
            copied += hits
    return copied


PROBE = "answer-probe:"


def answer_probe(notebook) -> str:
    """Code for a cell appended to a released exercise whose answer cells hold the solution: it prints
    which names set by a given cell end up equal to an answer (a name the task's test cell reads),
    leaving out given cells that are built from that very answer (the trainee's own)."""
    given, answers = {}, set()
    cells = notebook.cells
    for index, cell in enumerate(cells):
        meta = cell.metadata.get("nbgrader", {})
        if cell.cell_type != "code":
            continue
        names = _assigned(cell.source)
        if meta.get("solution"):
            test = next((c.source for c in cells[index + 1:] if c.metadata.get("nbgrader", {}).get("grade")), "")
            answers |= {n for n in names if not n.startswith("_") and re.search(rf"\b{re.escape(n)}\b", test)}
        elif not meta.get("grade"):
            for name in names:
                given[name] = cell.source
    pairs = sorted((g, a) for g, source in given.items() for a in answers
                   if g != a and not re.search(rf"\b{re.escape(a)}\b", source))
    return f"""
def _leak_same(a, b):
    import numpy as np, pandas as pd
    try:
        if isinstance(a, (pd.DataFrame, pd.Series)) and isinstance(b, (pd.DataFrame, pd.Series)):
            shapes = [getattr(x, "geometry", None) if isinstance(x, pd.DataFrame) and "geometry" in x else None
                      for x in (a, b)]
            if (shapes[0] is None) != (shapes[1] is None):
                return False
            if shapes[0] is not None:
                if not shapes[0].to_crs(shapes[1].crs).reset_index(drop=True).geom_equals_exact(
                        shapes[1].reset_index(drop=True), 1e-6).all():
                    return False
                a, b = (pd.DataFrame(x).drop(columns="geometry") for x in (a, b))
            return bool(a.reset_index(drop=True).equals(b.reset_index(drop=True)))
        if hasattr(a, "adj") and hasattr(b, "adj"):
            import networkx as nx
            return bool(nx.utils.graphs_equal(a, b))
        if isinstance(a, np.ndarray) or isinstance(b, np.ndarray):
            a, b = np.asarray(a), np.asarray(b)
            return a.shape == b.shape and a.dtype.kind in "fiub" and bool(np.allclose(a, b))
        if isinstance(a, (list, tuple, dict, str, int, float, set)) and type(a) is type(b):
            return bool(a == b) and bool(a)
    except Exception:
        return False
    return False
print({PROBE!r}, [[_g, _a] for _g, _a in {pairs!r} if _g in globals() and _a in globals()
                  and _leak_same(globals()[_g], globals()[_a])])
"""


def _assigned(code: str) -> set[str]:
    try:
        tree = ast.parse(code)
    except SyntaxError:
        return set()
    names = set()
    for node in tree.body:
        targets = node.targets if isinstance(node, ast.Assign) else [node.target] if isinstance(
            node, (ast.AnnAssign, ast.AugAssign)) else []
        for target in targets:
            names |= {n.id for n in ast.walk(target) if isinstance(n, ast.Name)}
    return names


def probe_findings(executed) -> list[str]:
    """The given names the appended answer probe found equal to an answer."""
    text = output_text(executed.cells[-1]) if executed.cells else ""
    found = re.search(re.escape(PROBE) + r"\s*(\[.*\])", text)
    if not found:
        return [f"the answer probe did not run: {text[-300:]!r}"]
    return [f"a given cell sets {g!r} equal to the answer {a!r}" for g, a in ast.literal_eval(found.group(1))]


def output_text(cell) -> str:
    """Everything a code cell shows when run: streams, plain-text and HTML results, errors."""
    parts = []
    for out in cell.get("outputs", []):
        if out.get("output_type") == "stream":
            parts.append(out.get("text", ""))
        elif "data" in out:
            data = out["data"]
            # HTML only where there is no plain text: a table's HTML repeats its text, and a map's HTML
            # is an embedded page (scripts, coordinates) whose digits are not shown values.
            parts += [data.get("text/plain", "") or data.get("text/html", ""), data.get("text/markdown", "")]
        elif out.get("output_type") == "error":
            parts.append(f"{out.get('ename')}: {out.get('evalue')}")
    return "\n".join(p if isinstance(p, str) else "".join(p) for p in parts)


def _ungroup(text: str) -> str:
    """Thousands separators dropped ('3,319' -> '3319'), as a given cell may format a count."""
    return re.sub(r"(?<=\d),(?=\d{3}(?!\d))", "", text)


def scan_release(slug: str, executed) -> list[str]:
    """Where an executed released exercise (answer cells holding the solution) hands out an answer:
    markdown or given-cell code with an answer literal, markdown or a check naming an answer name, a
    given cell repeating solution code, or a given cell whose output shows an answer literal, an answer
    count or an answer table."""
    values, groups = _values(slug), answer_id_groups(slug)
    # An answer row that repeats an input the given cells state (the phone asked about) is judged on its
    # other members; an answer made only of given identifiers stays whole (naming it hands it out).
    given = set().union(*(set(_ID.findall(c.source)) for c in executed.cells if c.cell_type == "code"
                          and not c.metadata.get("nbgrader", {}).get("solution")
                          and not c.metadata.get("nbgrader", {}).get("grade")))
    whole = tuple(g for g in groups if g <= given)
    groups = tuple({g - given if g - given else g for g in groups})
    counts, pairs, lines = answer_counts(slug), answer_pairs(slug), solution_lines(slug)
    names = answer_names(slug)
    found = []
    for index, cell in enumerate(executed.cells):
        meta = cell.metadata.get("nbgrader", {})
        where = f"cell {index} ({meta.get('grade_id') or cell.cell_type})"
        if meta.get("solution"):
            continue
        if cell.cell_type == "markdown" or meta.get("grade"):
            # Prose and check messages must not name the finding (a given list of candidates may).
            found += [f"{where}: names the answer {name!r}" for name in sorted(names) if name in cell.source]
        if cell.cell_type == "markdown":
            found += [f"{where}: text holds {lit!r}" for lit in sorted(find_leaks(cell.source, values))]
            found += [f"{where}: text holds {_describe(g)}" for g in id_leaks(cell.source, groups)]
            continue
        if cell.cell_type != "code" or meta.get("grade"):
            continue
        found += [f"{where}: code holds {lit!r}" for lit in sorted(find_leaks(cell.source, values))]
        found += [f"{where}: code holds {_describe(g)}" for g in id_leaks(cell.source, groups)]
        found += [f"{where}: a line names {_describe(g)}" for g in named_answers(cell.source, whole)
                  if g not in id_leaks(cell.source, groups)]
        found += [f"{where}: code repeats the solution line {line!r}"
                  for line in repeated_solution_lines(cell.source, lines)]
        shown = _ungroup(output_text(cell))
        found += [f"{where}: output shows {lit!r}" for lit in sorted(find_leaks(shown, values))]
        found += [f"{where}: output shows {_describe(g)}" for g in id_leaks(shown, groups)]
        found += [f"{where}: output shows the answer count {n}" for n in sorted(count_leaks(shown, counts))]
        found += [f"{where}: output shows an answer table" for _ in table_leaks(shown, pairs)]
    return found


def scan_lesson(slug: str, executed, others=()) -> list[str]:
    """Where an executed lesson shows an answer of its module's exercise: an answer literal or answer
    table in its text, code or output, or an answer name (a column a task asks to find) in its text.
    For each module of `others`, where it shows that module's answer literals, answer id groups or
    answer tables: a lesson may not teach on another module's answer either. Answer names are left
    out there: they are column names, an answer only in their own module's question."""
    cells = list(enumerate(executed.cells))
    found = _shown_answers(slug, cells, _values(slug), names=True)
    for other in others:
        found += [f"{problem} (an answer of {other})"
                  for problem in _shown_answers(other, cells, _other_values(other), names=False,
                                                 min_digits=OTHER_MIN_DIGITS)]
    return found


def other_module_answers(notebook, others) -> list[str]:
    """Where a released exercise's text or given code (every cell but the answer cells; outputs are
    not read) holds an answer literal or answer id group of one of the modules `others`: one module's
    release must not hand out another's answer."""
    cells = [(index, cell) for index, cell in enumerate(notebook.cells)
             if not cell.metadata.get("nbgrader", {}).get("solution")]
    return [f"{problem} (an answer of {other})" for other in others
            for problem in _shown_answers(other, cells, _other_values(other), names=False, outputs=False,
                                              min_digits=OTHER_MIN_DIGITS)]


def _shown_answers(slug: str, cells, values: set[str], names: bool, outputs: bool = True,
                   min_digits: int = MIN_DIGITS) -> list[str]:
    """Where the (index, cell) pairs `cells` show one of `values` (numbers to `min_digits`), an answer id
    group or an answer table of module `slug` in their source or, with `outputs`, in what a code cell
    shows; answer names only with `names`."""
    groups = answer_id_groups(slug)
    pairs, answers = answer_pairs(slug), answer_names(slug) if names else frozenset()
    found = []
    for index, cell in cells:
        where = f"cell {index}"
        found += [f"{where}: source holds {lit!r}" for lit in sorted(find_leaks(cell.source, values, min_digits))]
        found += [f"{where}: source holds {_describe(g)}" for g in id_leaks(cell.source, groups)]
        found += [f"{where}: source names the answer {name!r}" for name in sorted(answers) if name in cell.source]
        if cell.cell_type != "code" or not outputs:
            continue
        shown = _ungroup(output_text(cell))
        found += [f"{where}: output shows {lit!r}" for lit in sorted(find_leaks(shown, values, min_digits))]
        found += [f"{where}: output shows {_describe(g)}" for g in id_leaks(shown, groups)]
        found += [f"{where}: output shows an answer table" for _ in table_leaks(shown, pairs)]
    return found


def _values(slug: str) -> set[str]:
    """The answer literals that are not record identifiers (those are looked for as groups)."""
    return {lit for lit in answer_literals(slug) if not _is_id(lit)}


def _other_values(slug: str) -> set[str]:
    """What another module's notebooks must not show of this module's answers: its answer values, not
    the constants its solution code is written with (common words elsewhere); numbers are matched
    to OTHER_MIN_DIGITS significant digits."""
    return {lit for lit in answer_values(slug) if not _is_id(lit)}


@cache
def answer_names(slug: str) -> frozenset[str]:
    """Names from the data that are a task's whole answer (a hidden test's `answer == "column"`):
    public as names, but a lesson that names one as the finding has given the answer."""
    names = set()
    for code in _regions(slug)[0]:
        try:
            tree = ast.parse(code)
        except SyntaxError:
            continue
        for node in ast.walk(tree):
            if (isinstance(node, ast.Compare) and isinstance(node.left, ast.Name) and len(node.ops) == 1
                    and isinstance(node.ops[0], ast.Eq) and isinstance(node.comparators[0], ast.Constant)
                    and isinstance(node.comparators[0].value, str)):
                value = node.comparators[0].value
                if re.fullmatch(r"[a-z][a-z0-9]*(?:_[a-z0-9]+)+", value):
                    names.add(value)
    return frozenset(names)


def _is_id(value: str) -> bool:
    return bool(_ID.fullmatch(value))


def _family(identifier: str) -> str:
    """What kind of identifier: its leading letters and signs ('SZ-', 'HX'), a phone number's country
    calling code ('+7', '+992'), '' for IMEIs."""
    head = re.match(r"[A-Z+-]*", identifier).group(0)
    if head.startswith("+"):
        try:
            return f"+{phonenumbers.parse(identifier).country_code}"
        except phonenumbers.NumberParseException:
            return identifier[:4]
    return head


@cache
def answer_id_groups(slug: str) -> tuple[frozenset[str], ...]:
    """The record identifiers an answer is made of, as the groups the hidden tests list them in (a
    list of seizure ids, one chain of phone numbers, a single id). An identifier in a data table is
    not an answer; a selection that is mostly one answer's group is."""
    literals = answer_literals(slug)
    groups: set[frozenset[str]] = set()
    for code in _regions(slug)[0]:
        try:
            tree = ast.parse(code)
        except SyntaxError:
            continue
        inside: set[int] = set()
        for node in ast.walk(tree):
            if isinstance(node, (ast.List, ast.Tuple, ast.Set)):
                members = frozenset(sub.value for sub in ast.walk(node) if isinstance(sub, ast.Constant)
                                    and isinstance(sub.value, str) and sub.value in literals and _is_id(sub.value))
                if members:
                    groups.add(members)
                    inside |= {id(sub) for sub in ast.walk(node)}
        # A dict's keys name what each answer is about (a phone asked about, its night cell the answer).
        keys = {id(key) for node in ast.walk(tree) if isinstance(node, ast.Dict) for key in node.keys if key}
        for node in ast.walk(tree):
            if (id(node) not in inside and id(node) not in keys and isinstance(node, ast.Constant)
                    and isinstance(node.value, str) and node.value in literals and _is_id(node.value)):
                groups.add(frozenset([node.value]))
    grouped = set().union(*groups) if groups else set()
    groups |= {frozenset([lit]) for lit in literals if _is_id(lit) and lit not in grouped}
    return tuple(sorted(groups, key=sorted))


def id_leaks(text: str, groups) -> list[frozenset[str]]:
    """The answer groups (see `answer_id_groups`) that `text` shows as a selection: at least half of
    the group, making up at least half of the identifiers of that kind shown."""
    shown = set(_ID.findall(text))
    leaked = []
    for group in groups:
        hits = shown & group
        if not hits or len(hits) < len(group) / 2:
            continue
        families = {_family(member) for member in group}
        same_kind = {ident for ident in shown if _family(ident) in families}
        if len(hits) >= len(same_kind) / 2:
            leaked.append(group)
    return leaked


def named_answers(code: str, groups) -> list[frozenset[str]]:
    """The answer groups that single lines of given code name on their own: a line whose identifiers
    are all members of one group, and at least half of it (``LEADER = "+992…"`` when the leader's
    numbers are a task's answer). A list of candidates mixes answers with other identifiers."""
    named = []
    for line in code.splitlines():
        shown = set(_ID.findall(line))
        named += [g for g in groups if shown and shown <= g and len(shown) >= len(g) / 2 and g not in named]
    return named


def _describe(group: frozenset[str]) -> str:
    members = sorted(group)
    return repr(members[0]) if len(members) == 1 else f"{len(members)} ids of one answer ({members[0]!r}, …)"
