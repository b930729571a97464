"""The instructor's commands: intake, grade, feedback, export, report, demo-cohort."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from .layout import load_layout


def _grade_options(args: argparse.Namespace):
    from .grade import Options

    sandbox = "off" if args.no_sandbox else ("require" if args.require_sandbox else "auto")
    return Options(workers=args.workers, cell_timeout=args.cell_timeout, notebook_timeout=args.notebook_timeout,
                   memory_mb=args.memory_mb, sandbox=sandbox, progress=not args.quiet)


def print_summary(summary) -> int:
    counts = summary.counts()
    print(f"graded {len(summary.outcomes)} notebook(s) in {summary.seconds:.1f} s "
          f"({'sandboxed' if summary.sandboxed else 'NOT sandboxed'}): "
          + ", ".join(f"{n} {s}" for s, n in sorted(counts.items())))
    for outcome in summary.outcomes:
        if outcome.status != "ok":
            print(f"  {outcome.student}/{outcome.module}/{outcome.notebook}: {outcome.status}"
                  + (f" — {'; '.join(outcome.reasons[:4])}" if outcome.reasons else ""))
    for warning in summary.warnings:
        print(f"warning: {warning}", file=sys.stderr)
    return 1 if counts.get("error") else 0


def _cmd_intake(args: argparse.Namespace) -> int:
    from .intake import intake

    report = intake(load_layout(), Path(args.source))
    print("\n".join(report.lines()))
    return 1 if report.needs_attention else 0


def _cmd_grade(args: argparse.Namespace) -> int:
    from .grade import Grader

    return print_summary(Grader(load_layout(), _grade_options(args)).run(args.module, args.student))


def _cmd_feedback(args: argparse.Namespace) -> int:
    from .feedback import generate

    written = generate(load_layout(), args.module, args.student)
    print(f"wrote {len(written)} feedback page(s) under {load_layout().feedback}")
    return 0


def _cmd_export(args: argparse.Namespace) -> int:
    from .export import export

    layout = load_layout()
    module = layout.resolve_module(args.module) if args.module else None
    path, rows = export(layout, Path(args.output) if args.output else layout.reports / "grades.csv", module,
                        args.all_modules)
    flagged = sum(1 for row in rows if row["status"] != "ok")
    modules = sorted({row["module"] for row in rows})
    print(f"wrote {path}: {len(rows)} row(s) for {', '.join(modules) or 'no module'}, "
          f"{flagged} not ok (see the status and reasons columns)")
    if not module and not args.all_modules:
        print("only modules handed out or in are listed; --all-modules lists every released module")
    return 0


def _cmd_report(args: argparse.Namespace) -> int:
    from .report import build

    page = build(load_layout(), Path(args.output) if args.output else None)
    print(f"wrote {page}")
    return 0


def demo_lab_command(real, out: Path) -> str:
    """The shell command that opens JupyterLab on the demo course with the course lab's settings (no
    news pop-up, no exchange-less Assignment List), as `make lab` does for the course itself."""
    import os
    import shlex

    settings = real.root / "classroom" / "jupyter" / "course-lab"
    jupyter = Path(sys.executable).parent / "jupyter"
    root_flag = " --allow-root" if os.geteuid() == 0 else ""  # JupyterLab refuses root without it
    return (f"cd {shlex.quote(str(out))} && JUPYTER_CONFIG_PATH={shlex.quote(str(settings))} "
            f"{shlex.quote(str(jupyter))} lab{root_flag}")


def _cmd_demo(args: argparse.Namespace) -> int:
    from . import demo
    from .export import export
    from .feedback import generate
    from .grade import Grader
    from .intake import intake
    from .report import build

    real = load_layout()
    modules = [real.resolve_module(args.module)] if args.module else real.modules()
    out = Path(args.output) if args.output else real.reports / "demo-cohort"
    print(f"demo course in {out} (its own gradebook; the real one is not touched)")
    layout = demo.build_course(real, out, modules)
    inbox = demo.make_inbox(layout, args.students)
    print(f"1. intake {inbox}")
    print("\n".join("   " + line for line in intake(layout, inbox).lines()))
    print("2. grade")
    options = _grade_options(args)
    summary = Grader(layout, options).run()
    print_summary(summary)
    print(f"3. feedback: {len(generate(layout))} page(s) in {layout.feedback}")
    path, _ = export(layout, layout.reports / "grades.csv")
    print(f"4. export: {path}")
    print(f"5. report: {build(layout)}")
    print(f"6. explore it in the formgrader: {demo_lab_command(real, out)}\n"
          "   then Nbgrader → Formgrader (Manage Assignments, Manual Grading)")
    return 0


def _add_grade_arguments(parser: argparse.ArgumentParser, cell_timeout: float = 60.0) -> None:
    parser.add_argument("--workers", type=int, default=0, help="parallel workers (default: all cores)")
    parser.add_argument("--cell-timeout", type=float, default=cell_timeout,
                        help="seconds per cell (default %(default)s)")
    parser.add_argument("--notebook-timeout", type=float, default=300.0,
                        help="seconds per notebook (default %(default)s)")
    parser.add_argument("--memory-mb", type=int, default=2048, help="memory per notebook in MB (default %(default)s)")
    group = parser.add_mutually_exclusive_group()
    group.add_argument("--require-sandbox", action="store_true", help="fail if bubblewrap cannot be used")
    group.add_argument("--no-sandbox", action="store_true", help="grade without the sandbox (trusted work only)")
    parser.add_argument("--quiet", action="store_true", help="no progress bar")


def register(sub) -> None:
    """Add the grading commands to the `analystlab` parser's subcommands."""
    p = sub.add_parser("intake", help="take in submissions from a folder or zip into grading/submitted/")
    p.add_argument("source", help="folder of <student>_<module>.ipynb files or per-student folders, or a zip")
    p.set_defaults(handler=_cmd_intake)

    p = sub.add_parser("grade", help="autograde submissions in parallel, sandboxed")
    p.add_argument("--module", help="only this module (slug, number or a word of it: 03, telephone)")
    p.add_argument("--student", help="only this student")
    _add_grade_arguments(p)
    p.set_defaults(handler=_cmd_grade)

    p = sub.add_parser("feedback", help="write per-student HTML feedback (no hidden tests)")
    p.add_argument("--module", help="only this module (slug, number or a word of it: 03, telephone)")
    p.add_argument("--student", help="only this student")
    p.set_defaults(handler=_cmd_feedback)

    p = sub.add_parser("export", help="write grades.csv with per-question points and a status per submission")
    p.add_argument("--module", help="only this module (slug, number or a word of it: 03, telephone)")
    p.add_argument("--output", help="CSV path in an existing folder (default grading/reports/grades.csv)")
    p.add_argument("--all-modules", action="store_true",
                   help="a row per trainee for every released module, even one nobody was given or handed in "
                        "(default: only modules released to the exchange, taken in or graded)")
    p.set_defaults(handler=_cmd_export)

    p = sub.add_parser("report", help="cohort report: HTML with PNG figures")
    p.add_argument("--output", help="folder (default grading/reports/cohort)")
    p.set_defaults(handler=_cmd_report)

    p = sub.add_parser("demo-cohort", help="synthesise a cohort and run intake, grade, feedback, export, report")
    p.add_argument("--students", type=int, default=12,
                   help="how many synthetic trainees to invent (default %(default)s; 8 or more include five cheats)")
    p.add_argument("--module", help="only this module, e.g. 03 or telephone (default: all with exercises)")
    p.add_argument("--output", help="demo course folder (default grading/reports/demo-cohort)")
    _add_grade_arguments(p, cell_timeout=15.0)
    p.set_defaults(handler=_cmd_demo)
