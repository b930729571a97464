"""A control group per trainee worker: memory and process limits over every process of it.

Limits set with setrlimit apply per process, and RLIMIT_NPROC not at all to root; a control group
counts all processes together, whoever runs them, and lets the grader kill every one of them at
once. Used where the grader may create one (root, cgroup v2 with the memory and pids controllers,
or the v1 memory and pids hierarchies); elsewhere the per-process limits and the worker's own
watchdog still hold, and `available()` says why the group is missing.
"""

from __future__ import annotations

import contextlib
import itertools
import os
import signal
import time
from pathlib import Path

ROOT = Path("/sys/fs/cgroup")
_counter = itertools.count()


def _writable(path: Path) -> bool:
    return path.is_dir() and os.access(path, os.W_OK)


def _layout() -> dict[str, Path] | None:
    """Where to create groups: {'memory': dir, 'pids': dir}, or None when this machine gives none."""
    if os.geteuid() != 0:
        return None
    controllers = ROOT / "cgroup.controllers"
    if controllers.is_file():
        present = set(controllers.read_text().split())
        if {"memory", "pids"} <= present and _writable(ROOT):
            return {"v2": ROOT}
        return None
    if _writable(ROOT / "memory") and _writable(ROOT / "pids"):
        return {"memory": ROOT / "memory", "pids": ROOT / "pids"}
    return None


def available() -> bool:
    return _layout() is not None


class Cgroup:
    """One group (one directory per hierarchy) with a memory and a process limit."""

    def __init__(self, dirs: list[Path]) -> None:
        self.dirs = dirs

    @classmethod
    def create(cls, limits: dict) -> Cgroup | None:
        layout = _layout()
        if layout is None:
            return None
        name = f"analystlab-{os.getpid()}-{next(_counter)}"
        memory = str(int(limits["memory_bytes"]))
        pids = str(int(limits["pids"]))
        try:
            if "v2" in layout:
                group = layout["v2"] / name
                with contextlib.suppress(OSError):
                    (layout["v2"] / "cgroup.subtree_control").write_text("+memory +pids")
                group.mkdir()
                (group / "memory.max").write_text(memory)
                (group / "pids.max").write_text(pids)
                return cls([group])
            made = []
            for controller, setting, value in (("memory", "memory.limit_in_bytes", memory), ("pids", "pids.max", pids)):
                group = layout[controller] / name
                group.mkdir()
                made.append(group)
                (group / setting).write_text(value)
            return cls(made)
        except OSError:
            for group in locals().get("made", []):
                with contextlib.suppress(OSError):
                    group.rmdir()
            return None

    def join(self) -> None:
        """Move the calling process into the group (called in the worker before it starts Python)."""
        for group in self.dirs:
            (group / "cgroup.procs").write_text(str(os.getpid()))

    def pids(self) -> list[int]:
        found: set[int] = set()
        for group in self.dirs:
            with contextlib.suppress(OSError, ValueError):
                found |= {int(line) for line in (group / "cgroup.procs").read_text().split()}
        return sorted(found)

    def kill(self) -> None:
        """Kill every process in the group, including any forked while we were killing."""
        for group in self.dirs:
            if (group / "cgroup.kill").exists():
                with contextlib.suppress(OSError):
                    (group / "cgroup.kill").write_text("1")
        for _ in range(200):
            left = self.pids()
            if not left:
                return
            for pid in left:
                with contextlib.suppress(OSError):
                    os.kill(pid, signal.SIGKILL)
            time.sleep(0.005)

    def remove(self) -> None:
        self.kill()
        for group in self.dirs:
            for _ in range(50):
                try:
                    group.rmdir()
                    break
                except OSError:
                    time.sleep(0.02)
