"""Limits per classroom account: one control group per account under the classroom's own parent
group, holding memory and tasks (processes and threads) of everything that account's server starts.

Made with the kernel's cgroup interface (v2, or the v1 memory and pids hierarchies), like the grader's
per-submission groups (analystlab.grading.cgroup), whose join and kill this reuses. In v1 the groups
nest inside the hub's own group, so the host's limits on the hub still cover the trainees.
"""

from __future__ import annotations

import contextlib
import os
from pathlib import Path

from ..grading.cgroup import ROOT, Cgroup

# One trainee: two notebooks at the 1.5 GB peak the course holds every notebook to (DESIGN.md), with
# the server's and terminal's share inside the same figure.
MEMORY_LIMIT = 3 * 1024**3
# Tasks count threads: a server, a terminal and a few kernels with numpy/pyarrow/duckdb thread pools stay
# well under it on a many-core server; a fork bomb stops at it.
PIDS_LIMIT = 512


def _own_group(controller: str) -> str:
    """This process's group in a v1 hierarchy ('' for the root group)."""
    with contextlib.suppress(OSError):
        for line in Path("/proc/self/cgroup").read_text().splitlines():
            _, controllers, path = line.split(":", 2)
            if controller in controllers.split(","):
                return path.strip("/")
    return ""


def _parents(name: str) -> list[tuple[Path, dict[str, str]]] | None:
    """The classroom's parent group in each hierarchy with its limit files ({file: 'memory'|'pids'}), or
    None where this process may not make groups (not root, or no memory and pids controllers)."""
    if os.geteuid() != 0:
        return None
    controllers = ROOT / "cgroup.controllers"
    if controllers.is_file():
        if {"memory", "pids"} <= set(controllers.read_text().split()) and os.access(ROOT, os.W_OK):
            return [(ROOT / name, {"memory.max": "memory", "pids.max": "pids"})]
        return None
    memory, pids = ROOT / "memory", ROOT / "pids"
    if os.access(memory, os.W_OK) and os.access(pids, os.W_OK):
        return [(memory / _own_group("memory") / name, {"memory.limit_in_bytes": "memory"}),
                (pids / _own_group("pids") / name, {"pids.max": "pids"})]
    return None


def available(name: str = "probe") -> bool:
    """Whether this process can give accounts control groups here."""
    return _parents(name) is not None


def account_group(name: str, user: str, memory_bytes: int, pids: int) -> Cgroup | None:
    """The account's group under the classroom's parent `name` (made, or reused and reset, here), with
    these limits (0: none); None where this machine gives no groups."""
    parents = _parents(name)
    if parents is None:
        return None
    values = {"memory": str(memory_bytes) if memory_bytes else "max", "pids": str(pids) if pids else "max"}
    dirs = []
    for parent, files in parents:
        parent.mkdir(parents=True, exist_ok=True)
        if "memory.max" in files:
            # cgroup v2: each level hands the memory and pids controllers down to its children.
            for level in (parent.parent, parent):
                with contextlib.suppress(OSError):
                    (level / "cgroup.subtree_control").write_text("+memory +pids")
        group = parent / user
        group.mkdir(exist_ok=True)
        for setting, kind in files.items():
            value = values[kind]
            (group / setting).write_text("-1" if value == "max" and setting == "memory.limit_in_bytes" else value)
        dirs.append(group)
    return Cgroup(dirs)


def _made(name: str) -> list[Path]:
    """Every parent group of this name (v1 groups sit under whichever group the hub ran in)."""
    if (ROOT / "cgroup.controllers").is_file():
        return [ROOT / name] if (ROOT / name).is_dir() else []
    found = []
    for hierarchy in (ROOT / "memory", ROOT / "pids"):
        for folder, dirs, _ in os.walk(hierarchy):
            if name in dirs:
                found.append(Path(folder) / name)
            dirs[:] = [d for d in dirs if d != name and len(Path(folder, d).relative_to(hierarchy).parts) < 4]
    return found


def remove_groups(name: str) -> None:
    """Kill what is left in the classroom's groups and remove them."""
    if os.geteuid() != 0:
        return
    for parent in _made(name):
        for group in sorted(path for path in parent.iterdir() if path.is_dir()):
            Cgroup([group]).remove()
        with contextlib.suppress(OSError):
            parent.rmdir()
