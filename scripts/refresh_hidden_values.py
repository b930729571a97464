"""Recompute the expected values of a source notebook's `_h` hidden tests after the data changed.

Hidden tests written as

    _h = {...}                       # what the trainee's answer looks like, reduced to plain values
    assert _h == {...literal...}, "message"

compare against literal values. After the case world is regenerated (or a task is re-aimed at other
records), this script runs the source notebook with its solutions, records each test's `_h` and writes
it back as the new literal. Review the diff: a value that changed is a value the lesson, the model
answers and the instructor notes may quote too.

    python scripts/refresh_hidden_values.py solutions/03-telephone-analysis/03-exercise.ipynb [--check]

`--check` only reports which literals differ and exits 1 if any does.
"""

from __future__ import annotations

import argparse
import json
import re
import sys
from pathlib import Path

import nbformat
from nbclient import NotebookClient

# The message is the single string literal that ends the line; the literal is everything before it.
_ASSERT = re.compile(r"""^(?P<indent>[ \t]*)assert _h == (?P<literal>.+), """
                     r"""(?P<message>'[^'\n]*'|"[^"\n]*")[ \t]*$""", re.M)
_RECORD = "__refreshed__"


def _grade_id(cell) -> str:
    return cell.metadata.get("nbgrader", {}).get("grade_id", "")


def recorded_values(path: Path) -> dict[str, str]:
    """Run the source notebook (solutions in place) and return grade_id -> repr of its `_h`."""
    nb = nbformat.read(str(path), as_version=4)
    probe = nbformat.from_dict(nb)
    probe.cells.insert(0, nbformat.v4.new_code_cell(f"{_RECORD} = {{}}"))
    for cell in probe.cells:
        if cell.cell_type == "code" and "assert _h ==" in cell.source:
            key = _grade_id(cell)
            cell.source = _ASSERT.sub(lambda m, key=key: f"{m['indent']}{_RECORD}[{key!r}] = repr(_h)", cell.source)
    probe.cells.append(nbformat.v4.new_code_cell(f"import json; print(json.dumps({_RECORD}))"))
    NotebookClient(probe, timeout=300, kernel_name="python3",
                   resources={"metadata": {"path": str(path.parent)}}).execute()

    text = "".join(o.get("text", "") for o in probe.cells[-1].outputs if o.output_type == "stream")
    return json.loads(text.strip().splitlines()[-1])


def refresh(path: Path, check: bool = False) -> list[str]:
    """Write the recorded values into the notebook's `assert _h == …` lines; return the grade ids changed."""
    values = recorded_values(path)
    nb = nbformat.read(str(path), as_version=4)
    changed = []
    for cell in nb.cells:
        gid = _grade_id(cell)
        if gid not in values:
            continue

        def swap(match, gid=gid):
            if match["literal"] != values[gid]:
                changed.append(gid)
            return f"{match['indent']}assert _h == {values[gid]}, {match['message']}"

        cell.source = _ASSERT.sub(swap, cell.source)
    if changed and not check:
        nbformat.write(nb, str(path))
    return changed


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("notebooks", nargs="+", type=Path)
    parser.add_argument("--check", action="store_true", help="report the literals that differ; change nothing")
    args = parser.parse_args()
    status = 0
    for path in args.notebooks:
        changed = refresh(path, check=args.check)
        verb = "differ" if args.check else "updated"
        print(f"{path}: {len(changed)} {verb}" + (f" ({', '.join(changed)})" if changed else ""))
        status |= bool(changed and args.check)
    return status


if __name__ == "__main__":
    sys.exit(main())
