"""What the classroom tests share: whether this machine can run a classroom, and one running on
127.0.0.1 with fresh accounts in a folder of its own, removed again afterwards."""

from __future__ import annotations

import contextlib
import io
import itertools
import os
import shutil
import signal
import socket
import subprocess
import tempfile
import time
from pathlib import Path

import psutil
import pytest
from hub_client import HubUser

from analystlab.classroom import CLASSROOM_DIR, ENV_DIR, Settings, accounts
from analystlab.classroom.__main__ import remove, setup, start_hub

_rooms = itertools.count()


def why_no_classroom() -> str | None:
    """Why this machine cannot run a classroom test, or None."""
    if os.geteuid() != 0:
        return "the classroom creates Unix accounts: run the tests as root (CI does)"
    if not shutil.which("npm"):
        return "npm is not installed: configurable-http-proxy comes from the npm registry"
    if not (CLASSROOM_DIR / "node_modules" / ".bin" / "configurable-http-proxy").exists():
        return "configurable-http-proxy is not installed: run `make classroom-deps`"
    if not (ENV_DIR / "bin" / "jupyterhub").exists():
        return "the classroom environment is not installed: run `make classroom-deps`"
    missing = [tool for tool in ("useradd", "userdel", "chpasswd", "runuser") if not shutil.which(tool)]
    return f"missing account tools: {', '.join(missing)}" if missing else None


def _free_ports(count: int) -> list[int]:
    sockets = [socket.socket() for _ in range(count)]
    for sock in sockets:
        sock.bind(("127.0.0.1", 0))
    ports = [sock.getsockname()[1] for sock in sockets]
    for sock in sockets:
        sock.close()
    return ports


def _stop(hub: subprocess.Popen, settings: Settings) -> None:
    """Stop the hub (it stops the servers it spawned and its proxy), or kill it."""
    if hub.poll() is None:
        os.killpg(hub.pid, signal.SIGTERM)
        try:
            hub.wait(timeout=30)
        except subprocess.TimeoutExpired:
            os.killpg(hub.pid, signal.SIGKILL)
            hub.wait(timeout=10)
    # The proxy outlives a hub that was killed; the accounts' own processes go with remove().
    proxy_pid = settings.hub_dir / "jupyterhub-proxy.pid"
    if proxy_pid.is_file():
        try:
            psutil.Process(int(proxy_pid.read_text().strip())).kill()
        except (ValueError, psutil.NoSuchProcess):
            pass


@contextlib.contextmanager
def running_classroom(**overrides):
    """A classroom of one instructor and two trainees with fresh names, its hub running on free
    loopback ports; yields (settings, passwords, setup's stderr) and removes it all afterwards."""
    tag = f"alc{os.getpid() % 100000}{next(_rooms)}"
    base = tempfile.mkdtemp(prefix="analystlab-classroom-", dir="/tmp")
    port, hub_port, api_port, service_port = _free_ports(4)
    settings = Settings(base=base, instructor=f"{tag}i", trainees=[f"{tag}a", f"{tag}b"], port=port,
                        hub_port=hub_port, proxy_api_port=api_port, service_port=service_port, **overrides)
    hub = log = None
    try:
        with contextlib.redirect_stderr(io.StringIO()) as warnings:
            passwords = setup(settings)
        log = open(settings.hub_dir / "hub.log", "wb")  # noqa: SIM115 - closed below
        hub = start_hub(settings, log)
        deadline = time.monotonic() + 60
        probe = HubUser(settings.url, "probe")
        while True:
            with contextlib.suppress(OSError):
                if probe.session.get(f"{settings.url}/hub/login", timeout=5).status_code == 200:
                    break
            if hub.poll() is not None or time.monotonic() > deadline:
                pytest.fail("JupyterHub did not start:\n" + (settings.hub_dir / "hub.log").read_text()[-3000:])
            time.sleep(0.5)
        yield settings, passwords, warnings.getvalue()
    finally:
        if hub is not None:
            _stop(hub, settings)
        if log is not None:
            log.close()
        remove(settings)


def instructor_runs(settings: Settings, *command: str, check: bool = True) -> str:
    """A command in the instructor's course, as the instructor's Unix account; its stdout and stderr."""
    argv = [str(Path(settings.python_bin) / command[0]), *command[1:]]
    line = accounts.as_user(settings.instructor, argv, settings.environment("instructor", settings.instructor),
                            settings.course_root)
    result = subprocess.run(line, capture_output=True, text=True, timeout=180)
    if check:
        assert result.returncode == 0, (f"{' '.join(command)} failed ({result.returncode}):\n"
                                        f"{result.stdout}{result.stderr}")
    return result.stdout + result.stderr
