"""What a trainee types into their own terminal to reach what is not theirs (the classroom privacy
tests upload this file and run it there, as that trainee, with their server's environment and token).

    python attempts.py PLAN.json RESULTS.json

PLAN is a list of attempts ({"id", "kind", ...}); RESULTS the same list, each with "done" (the action
went through) and "detail" (what came back, and for a refused file access, which folder or file
stopped it, with its mode and owner). Standard library only: it runs in the classroom's Python.
"""

from __future__ import annotations

import grp
import json
import os
import pwd
import stat
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path


def _describe(path: Path) -> str:
    info = os.lstat(path)
    owner = pwd.getpwuid(info.st_uid).pw_name
    group = grp.getgrgid(info.st_gid).gr_name
    try:
        acl = "+acl" if "system.posix_acl_access" in os.listxattr(path, follow_symlinks=False) else ""
    except OSError:
        acl = ""
    sticky = " (sticky: only an entry's owner may move it)" if info.st_mode & stat.S_ISVTX else ""
    return f"{path} is {stat.filemode(info.st_mode)}{acl} {owner}:{group}{sticky}"


def _blocker(path: Path, need: int) -> str:
    """The first folder on the way this account may not pass, or the target itself."""
    for part in [*reversed(path.parents), path][1:]:
        if part != path and not os.access(part, os.X_OK):
            return _describe(part)
        if part == path and os.path.lexists(part) and not os.access(part, need):
            return _describe(part)
    return "nothing on the way refuses it"


def _file(attempt: dict) -> tuple[bool, str]:
    path = Path(attempt["path"])
    kind = attempt["kind"]
    try:
        if kind == "read":
            with open(path, "rb") as handle:
                return True, f"read {len(handle.read(4096))} bytes"
        if kind == "list":
            return True, f"listed {len(os.listdir(path))} entries"
        if kind == "write":
            with open(path, "w") as handle:
                handle.write("written by another account\n")
            return True, "written"
        if kind == "rename":
            os.rename(path, str(path) + ".moved")
            return True, "renamed"
    except OSError as exc:
        need = {"read": os.R_OK, "list": os.R_OK, "write": os.W_OK, "rename": os.W_OK}[kind]
        target = path if kind in ("read", "list") else path.parent
        why = f"{type(exc).__name__} [{exc.errno}] {exc.strerror}; {_blocker(target, need)}"
        if kind == "rename" and os.access(path.parent, os.W_OK | os.X_OK):
            why = f"{type(exc).__name__} [{exc.errno}] {exc.strerror}; {_describe(path.parent)}; {_describe(path)}"
        return False, why
    raise ValueError(kind)


def _forge(attempt: dict) -> tuple[bool, str]:
    """A submission folder in inbound/ named as `claimed`, holding `files` ({name: text or {"link": target}})."""
    folder = Path(attempt["inbound"]) / f"{attempt['claimed']}+{attempt['assignment']}+{attempt['timestamp']}+x"
    try:
        folder.mkdir()
        for name, content in attempt["files"].items():
            if isinstance(content, dict):
                os.symlink(content["link"], folder / name)
            else:
                (folder / name).write_text(content)
        folder.chmod(0o777)
    except OSError as exc:
        return False, f"{type(exc).__name__}: {exc}"
    return True, f"made {folder}"


def _http(attempt: dict) -> tuple[bool, str]:
    headers = {}
    if attempt.get("with_token"):
        headers["Authorization"] = f"token {os.environ.get('JUPYTERHUB_API_TOKEN', '')}"
    request = urllib.request.Request(attempt["url"], method=attempt.get("method", "GET"), headers=headers)

    class NoRedirect(urllib.request.HTTPRedirectHandler):
        def redirect_request(self, *args, **kwargs):
            return None

    try:
        with urllib.request.build_opener(NoRedirect).open(request, timeout=20) as response:
            return True, f"HTTP {response.status}: {response.read(300).decode('utf-8', 'replace')}"
    except urllib.error.HTTPError as exc:
        body = exc.read(300).decode("utf-8", "replace")
        where = f" to {exc.headers.get('Location')}" if exc.headers.get("Location") else ""
        return False, f"HTTP {exc.code}{where}: {body}"
    except OSError as exc:
        return False, f"{type(exc).__name__}: {exc}"


def _memory(attempt: dict) -> tuple[bool, str]:
    """A process that fills `bytes` of memory (every page written)."""
    code = f"b = b'x' * {int(attempt['bytes'])}; print(len(b))"
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120)
    if result.returncode == 0:
        return True, f"allocated {result.stdout.strip()} bytes"
    if result.returncode == -9:
        return False, "the process was killed (SIGKILL from the kernel's out-of-memory killer)"
    return False, f"the process ended with {result.returncode}: {result.stderr.strip()[-200:]}"


def _processes(attempt: dict) -> tuple[bool, str]:
    """Start up to `count` sleeping processes; how many the kernel allowed."""
    started, refusal = [], ""
    try:
        for _ in range(int(attempt["count"])):
            started.append(subprocess.Popen(["sleep", "30"]))
    except OSError as exc:
        refusal = f"{type(exc).__name__} [{exc.errno}] {exc.strerror}"
    finally:
        for child in started:
            child.kill()
            child.wait()
    if refusal:
        return False, f"refused after {len(started)} processes: {refusal}"
    return True, f"started {len(started)} processes"


KINDS = {"read": _file, "list": _file, "write": _file, "rename": _file, "forge": _forge, "http": _http,
         "memory": _memory, "processes": _processes}


def main() -> None:
    plan = json.loads(Path(sys.argv[1]).read_text())
    for attempt in plan:
        started = time.monotonic()
        attempt["done"], attempt["detail"] = KINDS[attempt["kind"]](attempt)
        attempt["seconds"] = round(time.monotonic() - started, 2)
    Path(sys.argv[2]).write_text(json.dumps(plan, indent=1))


if __name__ == "__main__":
    main()
