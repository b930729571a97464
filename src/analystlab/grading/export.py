"""`analystlab export`: grades.csv with per-question points and an honest status per submission.

The status says why a score is what it is: ok, timeout, crashed, corrupt, tampered (flagged for
review, with the reasons) or missing. A crash or a missing notebook is never a silent zero.
"""

from __future__ import annotations

import csv
from pathlib import Path

from .grade import STATUS_ORDER, read_status
from .gradebook import read_scores
from .layout import GradingError, Layout


def _worst(statuses: list[str]) -> str:
    return next((s for s in STATUS_ORDER if s in statuses), "ok")


def assigned_modules(layout: Layout, known: list[str], graded: set[str]) -> list[str]:
    """The modules of `known` that were handed out or handed in: released to nbgrader's exchange, taken
    in (grading/submitted/<student>/<module>/) or graded for at least one trainee."""
    from .gradebook import nbgrader_config

    config = nbgrader_config(layout)
    exchange = Path(config.get("Exchange", {}).get("root", "/srv/nbgrader/exchange")) / layout.course_id / "outbound"
    submitted = {p.name for p in layout.submitted.glob("*/*") if p.is_dir()} if layout.submitted.is_dir() else set()
    return [m for m in known if m in graded or m in submitted or (exchange / m).is_dir()]


def collect(layout: Layout, module: str | None = None, all_modules: bool = False) -> tuple[list[dict], list[str]]:
    """One row per (student, module) and the question columns, from the gradebook and grading status.

    Modules: `module` alone if given; every module the gradebook knows with `all_modules`; otherwise
    only the assigned ones (see `assigned_modules`), so a module nobody was given lists nobody as missing.
    """
    rows_raw, students, modules, cells = read_scores(layout)
    if module:
        modules = [m for m in modules if m == module]
    elif not all_modules:
        modules = assigned_modules(layout, modules, {row["module"] for row in rows_raw})
    by_submission: dict[tuple[str, str], list[dict]] = {}
    for row in rows_raw:
        by_submission.setdefault((row["student"], row["module"]), []).append(row)
    columns: list[str] = []
    for mod in modules:
        for (m, _notebook), ids in sorted(cells.items()):
            if m == mod:
                columns += [f"{mod}:{gid}" if not module else gid for gid in ids]
    rows = []
    for student in sorted(students):
        for mod in modules:
            grades = by_submission.get((student, mod))
            status_info = read_status(layout, student, mod)
            row = {"student": student, "module": mod}
            if not grades or not status_info:
                row.update(status="missing", reasons="no submission" if not grades else "submitted but not graded yet",
                           score=0.0, max_score=_max(cells, mod, rows_raw), manual_pending=0)
                rows.append(row)
                continue
            statuses = [info.get("status", "ok") for info in status_info.values()]
            reasons = [r for info in status_info.values() for r in info.get("reasons", [])]
            known = set(status_info)
            missing_nbs = sorted({g["notebook"] for g in grades} - known)
            if missing_nbs:
                statuses.append("missing")
                reasons.append(f"not graded: {', '.join(missing_nbs)}")
            row.update(status=_worst(statuses), reasons="; ".join(dict.fromkeys(reasons)),
                       score=round(sum(g["score"] or 0 for g in grades), 3),
                       max_score=round(sum(g["max_score"] for g in grades), 3),
                       manual_pending=sum(1 for g in grades if g["needs_manual"]))
            for g in grades:
                key = g["grade_id"] if module else f"{mod}:{g['grade_id']}"
                row[key] = "" if g["score"] is None else round(g["score"], 3)
            rows.append(row)
    return rows, columns


def _max(cells, module, rows_raw) -> float:
    maxima = {(r["module"], r["grade_id"]): r["max_score"] for r in rows_raw}
    return round(sum(maxima.get((module, gid), 0) for (m, _), ids in cells.items() if m == module for gid in ids), 3)


def export(layout: Layout, output: Path, module: str | None = None,
           all_modules: bool = False) -> tuple[Path, list[dict]]:
    """Write grades.csv to `output` and return the path and the rows. The course's own reports folder
    is made when missing; any other folder must exist (a mistyped path is refused, not created)."""
    if output.parent.resolve() == layout.reports.resolve():
        layout.reports.mkdir(parents=True, exist_ok=True)
    if not output.parent.is_dir():
        raise GradingError(f"cannot write {output}: the folder {output.parent} does not exist. "
                           "Create it first, or give a path in an existing folder.")
    rows, columns = collect(layout, module, all_modules)
    fields = ["student", "module", "status", "score", "max_score", "manual_pending", *columns, "reasons"]
    with open(output, "w", newline="", encoding="utf-8") as handle:
        writer = csv.DictWriter(handle, fieldnames=fields, extrasaction="ignore")
        writer.writeheader()
        writer.writerows(rows)
    return output, rows
