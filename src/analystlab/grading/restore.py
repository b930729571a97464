"""Rebuild a submission on the source notebook's skeleton before it is graded.

The source notebook (solutions/) decides which cells exist, in which order, of which type and with
which tests. From the submission only the trainee's own work is taken: the answer cells (matched by
grade_id, or recovered by position when their metadata was stripped) and any cells the trainee
added (kept where the trainee put them). Test and other locked cells always come from the source,
so a deleted, duplicated, reordered, edited or retyped test is restored — and the submission is
flagged with what was found.
"""

from __future__ import annotations

import copy
from collections import defaultdict
from dataclasses import dataclass, field

import nbformat
from nbformat import NotebookNode

HIDDEN_BEGIN = "### BEGIN HIDDEN TESTS"
HIDDEN_END = "### END HIDDEN TESTS"


def nbgrader_meta(cell) -> dict:
    meta = cell.get("metadata", {}).get("nbgrader", {})
    return meta if isinstance(meta, dict) else {}


def grade_id(cell) -> str | None:
    value = nbgrader_meta(cell).get("grade_id")
    return value if isinstance(value, str) and value else None


def is_answer(cell) -> bool:
    return bool(nbgrader_meta(cell).get("solution"))


def is_test(cell) -> bool:
    """An autograded test cell: a graded code cell that is not itself an answer."""
    meta = nbgrader_meta(cell)
    return cell.get("cell_type") == "code" and bool(meta.get("grade")) and not meta.get("solution")


def split_test(source: str) -> list[tuple[str, str]]:
    """[(kind, code)] with kind 'visible' or 'hidden', in source order; empty parts dropped."""
    parts, kind, lines = [], "visible", []
    for line in source.splitlines(keepends=True):
        marker = line.strip()
        if marker == HIDDEN_BEGIN or marker == HIDDEN_END:
            parts.append((kind, "".join(lines)))
            kind, lines = ("hidden" if marker == HIDDEN_BEGIN else "visible"), []
            continue
        lines.append(line)
    parts.append((kind, "".join(lines)))
    return [(k, code) for k, code in parts if code.strip()]


def visible_source(source: str) -> tuple[str, int]:
    """A test's source without its hidden block, and how many hidden statements were left out."""
    shown, hidden = [], 0
    for kind, code in split_test(source):
        if kind == "visible":
            shown.append(code.rstrip("\n"))
        else:
            hidden += sum(1 for line in code.splitlines() if line.strip() and not line.strip().startswith("#"))
    return "\n".join(shown), hidden


@dataclass
class Restored:
    """The notebook to grade and what was wrong with the submission's structure."""

    notebook: NotebookNode
    tampering: list[str] = field(default_factory=list)  # test/locked cells changed: review needed
    notes: list[str] = field(default_factory=list)  # harmless oddities, reported for information


def _clean_extra(cell) -> NotebookNode:
    extra = copy.deepcopy(cell)
    extra.setdefault("metadata", {}).pop("nbgrader", None)
    if extra.get("cell_type") == "code":
        extra["outputs"], extra["execution_count"] = [], None
    return nbformat.from_dict(extra)


def restore(source: NotebookNode, release: NotebookNode, submitted: NotebookNode) -> Restored:
    """Combine the source skeleton with the trainee's answers (see the module docstring)."""
    result = Restored(nbformat.v4.new_notebook(metadata=copy.deepcopy(source.metadata)))
    src = source.cells
    by_id = {grade_id(c): i for i, c in enumerate(src) if grade_id(c)}
    by_content: dict[tuple, int] = {}
    for i, cell in enumerate(src):
        if not is_answer(cell):
            by_content.setdefault((cell.cell_type, cell.source), i)
    stub = {grade_id(c): c for c in release.cells if grade_id(c)}

    last_copy = {}
    for position, cell in enumerate(submitted.cells):
        if grade_id(cell) in by_id:
            last_copy[grade_id(cell)] = position
    matched: dict[int, NotebookNode] = {}
    extras: dict[int, list] = defaultdict(list)
    seen_locked: list[int] = []
    anchor = -1
    for position, cell in enumerate(submitted.cells):
        gid = grade_id(cell)
        index = None
        if gid in by_id:
            if last_copy[gid] != position:
                kind = "answer" if is_answer(src[by_id[gid]]) else "test/locked"
                (result.notes if kind == "answer" else result.tampering).append(
                    f"duplicated {kind} cell {gid}: graded the last copy")
                extras[anchor].append(_clean_extra(cell))
                continue
            index = by_id[gid]
        elif gid:
            result.notes.append(f"cell with unknown grade_id {gid!r} treated as an ordinary cell")
        else:
            candidate = by_content.get((cell.get("cell_type"), cell.get("source")))
            if candidate is not None and candidate not in matched:
                index = candidate
                if grade_id(src[candidate]):
                    result.tampering.append(f"nbgrader metadata stripped from {grade_id(src[candidate])}: restored")
        if index is None:
            extras[anchor].append(_clean_extra(cell))
            continue
        matched[index] = cell
        if not is_answer(src[index]):
            seen_locked.append(index)
        anchor = index
    if seen_locked != sorted(seen_locked):
        result.tampering.append("test or locked cells were reordered: graded in the source order")

    cells = list(extras[-1])
    for i, scell in enumerate(src):
        gid = grade_id(scell)
        if is_answer(scell):
            cell = matched.get(i)
            pending = extras.get(i - 1, [])
            if cell is None and pending:
                # Metadata stripped: the trainee's cell right after the prompt is the answer.
                cell = next((c for c in pending if c.cell_type == scell.cell_type), pending[0])
                pending.remove(cell)
                cells.extend(pending)
                pending.clear()
                result.tampering.append(f"answer cell {gid} had lost its nbgrader metadata: recovered by position")
            if cell is None:
                result.notes.append(f"answer cell {gid} missing: graded as unanswered")
                cell = stub.get(gid, scell)
                source_text = cell.source if cell is not scell else ""
            else:
                source_text = cell.get("source", "")
                if cell.get("cell_type") != scell.cell_type:
                    result.notes.append(f"answer cell {gid} changed from {scell.cell_type} to "
                                        f"{cell.get('cell_type')}: graded as {scell.cell_type}")
            new = copy.deepcopy(scell)
            new.source = source_text
        elif gid or nbgrader_meta(scell).get("locked"):
            new = copy.deepcopy(scell)
            cell = matched.get(i)
            label = gid or f"cell {i}"
            if cell is None:
                result.tampering.append(f"{'test' if is_test(scell) else 'locked'} cell {label} was deleted: restored")
            elif cell.get("cell_type") != scell.cell_type:
                result.tampering.append(
                    f"cell {label} changed from {scell.cell_type} to {cell.get('cell_type')}: restored")
            elif is_test(scell) and cell.get("source") not in (scell.source, stub.get(gid, scell).source):
                result.tampering.append(f"test cell {label} was edited: restored")
        else:
            cell = matched.get(i)
            if cell is None:
                continue  # an ordinary cell the trainee removed; nbgrader does not restore these either
            new = copy.deepcopy(scell)
            new.source = cell.get("source", "")
        if new.cell_type == "code":
            new.outputs, new.execution_count = [], None
        cells.append(new)
        cells.extend(extras.get(i, []))
    result.notebook.cells = cells
    _unique_ids(result.notebook)
    return result


def _unique_ids(notebook: NotebookNode) -> None:
    taken = [cell.get("id") for cell in notebook.cells]
    seen: set = set()
    for number, cell in enumerate(notebook.cells):
        cid = cell.get("id")
        if not cid or cid in seen:
            cid = f"cell-{number:04d}"
            while cid in seen or cid in taken:
                cid += "x"
            cell["id"] = cid
        seen.add(cid)
