"""The demo cohort's course opens in the formgrader: JupyterLab started as demo-cohort says finds its
configuration, gradebook and graded submissions, with the course lab's settings."""

from __future__ import annotations

import json
import os
import signal
import socket
import subprocess
import time
import urllib.request

import pytest
from grading_support import MODULE, REPO

from analystlab.cli import main

TOKEN = "demo-formgrader-test"


@pytest.mark.slow
def test_demo_cohort_opens_in_the_formgrader(course, tmp_path, capsys):
    out = tmp_path / "demo"
    (course.root / "classroom").symlink_to(REPO / "classroom")  # the course lab's settings, as in the course
    assert main(["demo-cohort", "--students", "3", "--output", str(out), "--workers", "2", "--quiet"]) == 0
    printed = capsys.readouterr().out
    assert "Nbgrader → Formgrader" in printed
    command = next(line for line in printed.splitlines() if "explore it in the formgrader: " in line)
    command = command.split("explore it in the formgrader: ", 1)[1]
    assert command.startswith(f"cd {out} && JUPYTER_CONFIG_PATH=")
    assert (out / "nbgrader_config.py").is_file()
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    env = {**os.environ, "JUPYTER_RUNTIME_DIR": str(tmp_path / "runtime")}
    env.pop("ANALYSTLAB_ROOT", None)
    # The command as printed, as an instructor pastes it into a shell.
    process = subprocess.Popen(["sh", "-c", f"{command} --no-browser --port={port} --ServerApp.ip=127.0.0.1 "
                                f"--IdentityProvider.token={TOKEN}"], env=env, stdout=subprocess.PIPE,
                               stderr=subprocess.STDOUT, text=True, start_new_session=True)
    try:
        request = urllib.request.Request(f"http://127.0.0.1:{port}/formgrader/api/assignments",
                                         headers={"Authorization": f"token {TOKEN}"})
        deadline = time.monotonic() + 90
        while True:
            try:
                with urllib.request.urlopen(request, timeout=10) as response:
                    assignments = json.loads(response.read())
                break
            except OSError:
                if process.poll() is not None or time.monotonic() > deadline:
                    pytest.fail(f"the server did not answer:\n{process.stdout.read() if process.poll() else ''}")
                time.sleep(0.5)
        listed = {a["name"]: a for a in assignments}
        assert list(listed) == [MODULE]
        assert listed[MODULE]["num_submissions"] == 3
        # The course lab's settings: no news pop-up, no Assignment List without an exchange, formgrader on.
        page = urllib.request.urlopen(urllib.request.Request(
            f"http://127.0.0.1:{port}/lab", headers={"Authorization": f"token {TOKEN}"}), timeout=10).read().decode()
        disabled = page.split('"disabledExtensions"')[1].split("]")[0]
        for panel in ("@jupyterlab/apputils-extension:announcements", "@jupyter/nbgrader:assignment-list"):
            assert f'"{panel}"' in disabled, f"{panel} is not disabled in the demo's lab"
        assert '"@jupyter/nbgrader:formgrader"' not in disabled
    finally:
        os.killpg(process.pid, signal.SIGTERM)
        process.wait(timeout=30)
