"""The demo cohort's course opens in the formgrader: JupyterLab started in its folder finds its
configuration, gradebook and graded submissions."""

from __future__ import annotations

import json
import os
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest
from grading_support import MODULE

from analystlab.cli import main

TOKEN = "demo-formgrader-test"


@pytest.mark.slow
def test_demo_cohort_opens_in_the_formgrader(course, tmp_path, capsys):
    out = tmp_path / "demo"
    assert main(["demo-cohort", "--students", "3", "--output", str(out), "--workers", "2", "--quiet"]) == 0
    printed = capsys.readouterr().out
    assert f"cd {out} && " in printed and "Nbgrader → Formgrader" in printed
    assert (out / "nbgrader_config.py").is_file()
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    jupyter = Path(sys.executable).parent / "jupyter"
    env = {**os.environ, "JUPYTER_RUNTIME_DIR": str(tmp_path / "runtime")}
    env.pop("ANALYSTLAB_ROOT", None)
    process = subprocess.Popen([str(jupyter), "server", "--no-browser", f"--port={port}", "--ServerApp.ip=127.0.0.1",
                                f"--IdentityProvider.token={TOKEN}", *(["--allow-root"] if os.geteuid() == 0 else [])],
                               cwd=out, env=env, stdout=subprocess.PIPE,
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
    finally:
        os.killpg(process.pid, signal.SIGTERM)
        process.wait(timeout=30)
