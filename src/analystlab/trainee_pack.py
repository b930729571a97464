"""The trainee edition: what a trainee receives, built from the course by an allow-list.

`analystlab trainee-pack DIR` writes DIR/analystlab-trainee/ and DIR/analystlab-trainee.zip: the
lessons, the released exercises, the datasets without the answer key, the runtime package without
the world generator and the grading pipeline, and the edition's own README, Makefile and manifest.

Files come from a git commit (HEAD by default), never from the working tree: an untracked build
artefact, a trainee's run of a lesson or an instructor's scratch file cannot slip in. Only paths that
match ALLOW and none of DENY are shipped; the edition's datasets manifest lists exactly the data it
ships, so it holds no hash of anything left out.
"""

from __future__ import annotations

import json
import re
import shutil
import subprocess
import tomllib
import zipfile
from fnmatch import fnmatchcase
from pathlib import Path

from .errors import AnalystlabError
from .manifest import MANIFEST_NAME
from .paths import course_root

NAME = "analystlab-trainee"

# Runtime modules a trainee's notebooks and the trainee commands use (no release, no grading, no world).
_RUNTIME = ("__init__", "cli", "course", "data", "errors", "manifest", "notebooks", "paths", "progress",
            "selfcheck", "workspace", "lab_contents", "products")
ALLOW = (
    "START.ipynb", "pyproject.toml", "constraints.txt", "environment.yml",
    "modules/*/README.md", "modules/*/*.ipynb",
    "exercises/*/*.ipynb",
    "datasets/README.md", "datasets/*.csv", "datasets/reference/*", "datasets/osint/*", "datasets/capstone/*",
    *(f"src/analystlab/{name}.py" for name in _RUNTIME),
    "src/analystlab/charts/*", "src/analystlab/methods/*",
)
# Never shipped, whatever ALLOW says: the answer key, sources, tests and instructor material.
DENY = ("*truth*", "solutions/*", "tests/*", "grading/*", "src/analystlab/world/*", "src/analystlab/grading/*",
        "*.pyc", "*.egg-info*")
# The edition's own files: everything under edition/ in the course, at the edition's root.
TEMPLATE_DIR = "edition/"
_RENAMED = {"gitignore": ".gitignore"}
# Text that must never reach a trainee: nbgrader's source markers and the instructors' sections.
FORBIDDEN = ("BEGIN HIDDEN TESTS", "END HIDDEN TESTS", "BEGIN SOLUTION", "END SOLUTION", "BEGIN MARK SCHEME",
             "Mark scheme", "## For instructors")
# Manifest header fields the edition keeps (the seed only serves the generator, which is not shipped).
_HEADER = ("format", "generator", "period_start", "period_end", "fictional")


def shipped(path: str) -> bool:
    """Whether a tracked course path belongs in the trainee edition."""
    return any(fnmatchcase(path, p) for p in ALLOW) and not any(fnmatchcase(path, p) for p in DENY)


def template_name(path: str) -> str:
    """Where a file of the course's edition/ folder goes in the edition."""
    name = path.removeprefix(TEMPLATE_DIR)
    return _RENAMED.get(name, name)


def _git(root: Path, *args: str) -> bytes:
    result = subprocess.run(["git", "-C", str(root), *args], capture_output=True)
    if result.returncode != 0:
        raise AnalystlabError(f"git {' '.join(args)} failed in {root}: {result.stderr.decode(errors='replace')}")
    return result.stdout


def tracked_files(root: Path, ref: str) -> list[str]:
    """Every file path in commit `ref` of the course."""
    return sorted(_git(root, "ls-tree", "-r", "-z", "--name-only", ref).decode().split("\0")[:-1])


def _blob(root: Path, ref: str, path: str) -> bytes:
    return _git(root, "show", f"{ref}:{path}")


def edition_manifest(course_manifest: dict, files: list[str]) -> dict:
    """The course's datasets manifest reduced to the shipped datasets files (relative to datasets/)."""
    keep = {path.removeprefix("datasets/") for path in files if path.startswith("datasets/")}
    header = {key: course_manifest[key] for key in _HEADER if key in course_manifest}
    return {**header, "files": {k: v for k, v in course_manifest["files"].items() if k in keep}}


def _extras(pyproject: str) -> dict[str, list[str]]:
    """The course's optional dependency groups (the developers' and the classroom's)."""
    return tomllib.loads(pyproject).get("project", {}).get("optional-dependencies", {})


def edition_pyproject(text: str, pyproject: str) -> str:
    """pyproject.toml without the optional groups: a trainee installs only what the course runs on."""
    if not _extras(pyproject):
        return text
    kept, skipping = [], False
    for line in text.splitlines(keepends=True):
        if line.strip().startswith("["):
            skipping = line.strip() == "[project.optional-dependencies]"
        if not skipping:
            kept.append(line)
    return "".join(kept)


def edition_environment(text: str, pyproject: str) -> str:
    """environment.yml without the packages only the optional groups need."""
    extra = {re.split(r"[=<>!~ ]", spec, maxsplit=1)[0].lower()
             for group in _extras(pyproject).values() for spec in group}
    kept = [line for line in text.splitlines(keepends=True)
            if not (m := re.match(r"\s*-\s*([A-Za-z0-9_.-]+)\s*==", line)) or m.group(1).lower() not in extra]
    return "".join(kept)


_TRIMMED = {"pyproject.toml": edition_pyproject, "environment.yml": edition_environment}


def _check_text(target: Path) -> None:
    """Refuse an edition whose text carries an nbgrader marker or an instructor section."""
    for path in sorted(target.rglob("*")):
        if path.is_file() and path.suffix not in (".png",):
            text = path.read_text(encoding="utf-8", errors="replace")
            found = [marker for marker in FORBIDDEN if marker in text]
            if found:
                raise AnalystlabError(f"{path.relative_to(target)} contains {found}: not built.")


def _write_zip(folder: Path, archive: Path) -> None:
    """A reproducible zip of the folder (sorted, fixed time stamps), entries under NAME/."""
    with zipfile.ZipFile(archive, "w", zipfile.ZIP_DEFLATED) as handle:
        for path in sorted(p for p in folder.rglob("*") if p.is_file()):
            info = zipfile.ZipInfo(f"{NAME}/{path.relative_to(folder).as_posix()}", date_time=(2024, 1, 1, 0, 0, 0))
            info.external_attr = 0o644 << 16
            info.compress_type = zipfile.ZIP_DEFLATED
            handle.writestr(info, path.read_bytes())


def build(out: Path, ref: str = "HEAD", root: Path | None = None) -> Path:
    """Write out/analystlab-trainee/ and out/analystlab-trainee.zip from commit `ref`; return the folder."""
    root = root or course_root()
    out = Path(out).resolve()
    target = out / NAME
    if target.exists():
        raise AnalystlabError(f"{target} exists: remove it or choose another folder.")
    tracked = tracked_files(root, ref)
    files = [path for path in tracked if shipped(path)]
    templates = {path: template_name(path) for path in tracked if path.startswith(TEMPLATE_DIR)}
    if "README.md" not in templates.values() or not any(path.startswith("exercises/") for path in files):
        raise AnalystlabError(f"{root} at {ref} is not a course with released exercises and edition/ templates.")
    out.mkdir(parents=True, exist_ok=True)
    try:
        pyproject = _blob(root, ref, "pyproject.toml").decode("utf-8")
        for path in files:
            content = _blob(root, ref, path)
            if path in _TRIMMED:
                content = _TRIMMED[path](content.decode("utf-8"), pyproject).encode("utf-8")
            _write(target / path, content)
        for template, name in templates.items():
            _write(target / name, _blob(root, ref, template))
        course_manifest = json.loads(_blob(root, ref, f"datasets/{MANIFEST_NAME}"))
        manifest = edition_manifest(course_manifest, files)
        _write(target / "datasets" / MANIFEST_NAME,
               (json.dumps(manifest, indent=1, ensure_ascii=False) + "\n").encode("utf-8"))
        _check_text(target)
        _write_zip(target, out / f"{NAME}.zip")
    except BaseException:
        shutil.rmtree(target, ignore_errors=True)
        raise
    return target


def _write(path: Path, content: bytes) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(content)


def uncommitted(root: Path | None = None) -> list[str]:
    """Shipped files with changes not yet committed (the edition is built from the commit, without them)."""
    root = root or course_root()
    lines = _git(root, "status", "--porcelain", "-z", "--untracked-files=no").decode().split("\0")
    return sorted(line[3:] for line in lines if len(line) > 3 and shipped(line[3:]))
