"""`analystlab` command line: data, release, start, progress (and the instructor's grading commands)."""

from __future__ import annotations

import argparse
import sys

from .errors import AnalystlabError
from .paths import put_environment_tools_on_path


def _cmd_verify(args: argparse.Namespace) -> int:
    from pathlib import Path

    from . import data

    folder = Path(args.dir) if args.dir else None
    problems = data.verify(folder)
    if not problems:
        print("datasets: all files match the manifest")
        return 0
    print(f"datasets: {len(problems)} file(s) differ from the manifest:\n", file=sys.stderr)
    for problem in problems:
        print(str(problem) + "\n", file=sys.stderr)
    if args.warn:  # `make lab`: a changed dataset must not lock a trainee out of their own work
        banner = "!" * 78
        print(f"{banner}\nWARNING: {len(problems)} dataset file(s) differ from the manifest (see above).\n"
              "JupyterLab starts anyway and your work in my-work/ is safe, but lessons and exercises that\n"
              "read these files may give wrong results until you restore them (each 'fix:' line says how),\n"
              f"then check again with: analystlab data verify\n{banner}", file=sys.stderr)
        return 0
    return 3


def _cmd_build(args: argparse.Namespace) -> int:
    from .world import cli as world_cli

    return world_cli.run_build(args) or 0


def _cmd_release(args: argparse.Namespace) -> int:
    from .release import release

    release(args.modules)
    return 0


def _cmd_start(args: argparse.Namespace) -> int:
    from .workspace import start

    start(args.module)
    return 0


def _cmd_workspace(args: argparse.Namespace) -> int:
    from .workspace import sync_lessons

    sync_lessons()
    return 0


def _cmd_selfcheck(args: argparse.Namespace) -> int:
    from .selfcheck import selfcheck

    return selfcheck(args.modules, lessons=not args.no_lessons)


def _cmd_trainee_pack(args: argparse.Namespace) -> int:
    from pathlib import Path

    from . import trainee_pack

    folder = trainee_pack.build(Path(args.dir), ref=args.ref)
    print(f"trainee edition: {folder}\n                 {folder}.zip")
    pending = trainee_pack.uncommitted()
    if pending:
        print(f"note: built from {args.ref}; not included, because not committed: {', '.join(pending)}")
    return 0


def _cmd_progress(args: argparse.Namespace) -> int:
    from .progress import progress_report

    return progress_report(args.modules)


def _cmd_modules(args: argparse.Namespace) -> int:
    from .course import SYLLABUS

    for module in SYLLABUS:
        state = "ready" if module.is_built() else "planned"
        print(f"{module.slug:28} {state:8} {module.title}")
    return 0


def _has_subpackage(name: str) -> bool:
    from importlib.util import find_spec

    return find_spec(f"{__package__}.{name}") is not None


def _version() -> str:
    from importlib.metadata import PackageNotFoundError, version

    try:
        return version("analystlab")
    except PackageNotFoundError:  # run from a source tree that was never installed
        return "unknown (not installed)"


def build_parser() -> argparse.ArgumentParser:
    """The full argument parser (also used by tests)."""
    parser = argparse.ArgumentParser(prog="analystlab", description=__doc__)
    parser.add_argument("--version", action="version", version=f"%(prog)s {_version()}")
    sub = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    data_parser = sub.add_parser("data", help="build or verify the datasets")
    data_sub = data_parser.add_subparsers(dest="data_command", required=True, metavar="ACTION")
    verify = data_sub.add_parser("verify", help="compare datasets/ with datasets/manifest.json")
    verify.add_argument("--dir", help="datasets folder to check (default: the course's)")
    verify.add_argument("--warn", action="store_true",
                        help="report differences with a loud warning but exit 0 (make lab starts anyway)")
    verify.set_defaults(handler=_cmd_verify)
    if _has_subpackage("world"):  # the trainee edition ships the data, not the generator
        build = data_sub.add_parser("build", help="generate the case world's datasets")
        from .world import cli as world_cli

        world_cli.add_build_arguments(build)
        build.set_defaults(handler=_cmd_build)

    if _has_subpackage("release"):
        release = sub.add_parser("release", help="regenerate exercises/ from solutions/ (nbgrader generate_assignment)")
        release.add_argument("modules", nargs="*", help="modules to release (default: all built modules)")
        release.set_defaults(handler=_cmd_release)

    workspace = sub.add_parser("workspace", help="copy the start page and the lessons into my-work/ (run by make lab)")
    workspace.set_defaults(handler=_cmd_workspace)

    start = sub.add_parser("start", help="copy a module's exercise into your own workspace my-work/")
    start.add_argument("module", help="slug, number or a word of it: 03-telephone-analysis, 03, telephone")
    start.set_defaults(handler=_cmd_start)

    progress = sub.add_parser("progress", help="run the visible tests of your workspace notebooks")
    progress.add_argument("modules", nargs="*", help="modules to check (default: all you have started)")
    progress.set_defaults(handler=_cmd_progress)

    modules = sub.add_parser("modules", help="list the course's modules")
    modules.set_defaults(handler=_cmd_modules)

    check = sub.add_parser("selfcheck", help="check this install: data, lessons execute, exercises load")
    check.add_argument("modules", nargs="*", help="modules to check (default: all)")
    check.add_argument("--no-lessons", action="store_true", help="do not execute the lessons (faster)")
    check.set_defaults(handler=_cmd_selfcheck)

    if _has_subpackage("trainee_pack"):
        pack = sub.add_parser("trainee-pack", help="build the trainee edition (no answers) into DIR")
        pack.add_argument("dir", help="output folder: DIR/analystlab-trainee/ and DIR/analystlab-trainee.zip")
        pack.add_argument("--ref", default="HEAD", help="git commit of the course to build from (default: HEAD)")
        pack.set_defaults(handler=_cmd_trainee_pack)

    if _has_subpackage("grading"):  # instructor commands: the course only, not the trainee edition
        from .grading import cli as grading_cli

        grading_cli.register(sub)
    return parser


def main(argv: list[str] | None = None) -> int:
    """Entry point: run a command, turning expected problems into a message and an exit code."""
    args = build_parser().parse_args(argv)
    put_environment_tools_on_path()
    try:
        return args.handler(args)
    except AnalystlabError as exc:
        print(f"analystlab: {exc}", file=sys.stderr)
        return exc.exit_code
    except KeyboardInterrupt:
        print("analystlab: interrupted", file=sys.stderr)
        return 130


if __name__ == "__main__":
    sys.exit(main())
