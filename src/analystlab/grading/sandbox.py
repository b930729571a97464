"""The bubblewrap sandbox that grading workers run in.

What a submission sees: the operating system and the Python installation read-only, the datasets
read-only *without* datasets/truth/, an empty private /tmp, its own process and network namespaces
(no network at all). What it does not see: the course folder (solutions/, exercises/, grading/ with
the gradebook and every other submission), the instructor's home, the host's /tmp.
"""

from __future__ import annotations

import functools
import os
import shutil
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

import analystlab

TRAINEE_MODULE = "analystlab.grading.trainee"
TESTER_MODULE = "analystlab.grading.tester"
SANDBOX_JOBS = "/jobs"
TMP_BYTES = 1024 * 1024 * 1024  # the private /tmp is memory: bounded, whatever a submission writes
SANDBOX_DATA = "/course-data/datasets"
SANDBOX_MPL_SEED = "/course-data/mplcache"
BASE_ENV = {
    "LANG": "C.UTF-8",
    "MPLBACKEND": "module://matplotlib_inline.backend_inline",
    "PYTHONDONTWRITEBYTECODE": "1",
    "PYTHONNOUSERSITE": "1",
    # One thread per library: the grader already runs one worker per core.
    "OPENBLAS_NUM_THREADS": "1",
    "OMP_NUM_THREADS": "1",
    "MKL_NUM_THREADS": "1",
    "NBGRADER_EXECUTION": "autograde",
}


@dataclass(frozen=True)
class WorkerSpec:
    """How to start one grading worker."""

    argv: list[str]
    env: dict[str, str]
    sandboxed: bool


def bwrap_path() -> str | None:
    return shutil.which("bwrap")


def _package_root() -> Path:
    return Path(analystlab.__file__).resolve().parents[1]


def _python_paths() -> list[Path]:
    """Folders the interpreter needs: its installation, the virtualenv and the analystlab package."""
    candidates = {Path(sys.base_prefix).resolve(), Path(sys.prefix).resolve(), _package_root()}
    for entry in sys.path:
        if entry and Path(entry).is_dir():
            path = Path(entry).resolve()
            if any(path.is_relative_to(base) for base in candidates):
                continue
            if "site-packages" in path.parts or "dist-packages" in path.parts:
                candidates.add(path)
    # Nested paths are covered by their parents.
    ordered = sorted(candidates, key=lambda p: len(p.parts))
    kept: list[Path] = []
    for path in ordered:
        if not any(path.is_relative_to(k) for k in kept):
            kept.append(path)
    return kept


def _system_binds() -> list[str]:
    args = ["--ro-bind", "/usr", "/usr", "--ro-bind", "/etc", "/etc"]
    for name in ("bin", "sbin", "lib", "lib32", "lib64", "libx32"):
        host = Path("/") / name
        if host.is_symlink():
            args += ["--symlink", os.readlink(host), str(host)]
        elif host.is_dir():
            args += ["--ro-bind", str(host), str(host)]
    return args


def _mpl_cache() -> Path | None:
    try:
        import matplotlib

        folder = Path(matplotlib.get_cachedir())
    except Exception:  # noqa: BLE001 - without a font cache matplotlib just builds one
        return None
    return folder if folder.is_dir() else None


def bwrap_command(datasets: Path | None, jobs: Path | None = None, jobs_writable: bool = False) -> list[str]:
    args = [bwrap_path() or "bwrap", "--unshare-all", "--die-with-parent", "--new-session",
            "--cap-drop", "ALL", "--hostname", "grader", *_system_binds()]
    # The private /tmp comes first: a later mount hides what lies under it, and the course (with
    # its virtualenv) may itself live under /tmp, as in a CI checkout.
    args += ["--proc", "/proc", "--dev", "/dev", "--size", str(TMP_BYTES), "--tmpfs", "/tmp", "--dir", "/tmp/home"]
    for path in _python_paths():
        args += ["--ro-bind", str(path), str(path)]
    if datasets is not None and datasets.is_dir():
        args += ["--ro-bind", str(datasets), SANDBOX_DATA]
        if (datasets / "truth").is_dir():
            args += ["--tmpfs", f"{SANDBOX_DATA}/truth"]  # the answer key is never visible
    cache = _mpl_cache()
    if cache is not None:
        args += ["--ro-bind", str(cache), SANDBOX_MPL_SEED]
    if jobs is not None:
        args += ["--bind" if jobs_writable else "--ro-bind", str(jobs), SANDBOX_JOBS]
    args += ["--chdir", "/tmp", "--clearenv"]
    return args


def worker_spec(kind: str, datasets: Path | None, sandbox: bool, jobs: Path) -> WorkerSpec:
    """The command for one worker, inside bubblewrap when `sandbox` is true.

    kind is "trainee" (runs submissions; may write only its scratch folder `jobs`) or "tester" (runs
    the tests; sees the same folder read-only, to check the files a submission saved). The two run in
    separate sandboxes: neither can see or signal the other's processes."""
    module = TRAINEE_MODULE if kind == "trainee" else TESTER_MODULE
    python = [sys.executable, "-m", module]
    if not sandbox:
        env = {**os.environ, **BASE_ENV, "ANALYSTLAB_JOBS": str(jobs)}
        if datasets is not None:
            env["ANALYSTLAB_DATA"] = str(datasets)
        if kind == "tester":
            env["MPLBACKEND"] = "Agg"
        return WorkerSpec(python, env, sandboxed=False)
    env = {
        **BASE_ENV,
        "PATH": f"{Path(sys.executable).parent}:/usr/local/bin:/usr/bin:/bin",
        "HOME": "/tmp/home",
        "TMPDIR": "/tmp",
        "MPLCONFIGDIR": "/tmp/mpl",
        "IPYTHONDIR": "/tmp/ipython",
        "ANALYSTLAB_MPL_SEED": SANDBOX_MPL_SEED,
        "ANALYSTLAB_JOBS": SANDBOX_JOBS,
        "ANALYSTLAB_SANDBOXED": "1",
        # The package the grader itself runs (bound above), also when the virtualenv's own install
        # points elsewhere, as in a git worktree of the course.
        "PYTHONPATH": str(_package_root()),
    }
    if kind == "tester":
        env["MPLBACKEND"] = "Agg"
    if datasets is not None:
        env["ANALYSTLAB_DATA"] = SANDBOX_DATA
    argv = bwrap_command(datasets, jobs, jobs_writable=kind == "trainee")
    for key, value in env.items():
        argv += ["--setenv", key, value]
    return WorkerSpec(argv + ["--", *python], {"PATH": os.environ.get("PATH", "/usr/bin:/bin")}, sandboxed=True)


@functools.cache
def sandbox_problem() -> str | None:
    """Why the sandbox cannot be used here, or None when it works."""
    if bwrap_path() is None:
        return ("bubblewrap (bwrap) is not installed. Install it with `sudo apt-get install bubblewrap` "
                "(Debian/Ubuntu) or `make system-deps` as root.")
    argv = bwrap_command(None) + ["--", sys.executable, "-c", "pass"]
    try:
        run = subprocess.run(argv, capture_output=True, text=True, timeout=30)
    except (OSError, subprocess.TimeoutExpired) as exc:
        return f"bubblewrap is installed but could not start: {exc}"
    if run.returncode != 0:
        return ("bubblewrap is installed but cannot create a sandbox here "
                f"({run.stderr.strip()[:300] or 'exit code ' + str(run.returncode)}); "
                "unprivileged user namespaces may be disabled.")
    return None
