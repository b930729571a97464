"""`make lab` starts JupyterLab (as root too) serving the start page, with the nbgrader extension, the
Russian interface available, no news pop-up, and a loud warning rather than a refusal when a dataset
was re-saved."""

from __future__ import annotations

import json
import os
import signal
import socket
import subprocess
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest
from test_cli import _resaved_datasets

ROOT = Path(__file__).resolve().parents[1]
TOKEN = "analystlab-test-token"


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _get(url: str) -> tuple[int, str, str]:
    """Status, body and the URL reached after redirects."""
    request = urllib.request.Request(url, headers={"Authorization": f"token {TOKEN}"})
    with urllib.request.urlopen(request, timeout=10) as response:
        return response.status, response.read().decode("utf-8", "replace"), response.geturl()


@pytest.mark.slow
def test_make_lab_serves_the_start_page(tmp_path):
    port = _free_port()
    args = f"--no-browser --port={port} --ServerApp.ip=127.0.0.1 --IdentityProvider.token={TOKEN}"
    # A dataset re-saved by a spreadsheet: the lab warns and starts all the same.
    datasets = _resaved_datasets(tmp_path / "datasets")
    env = {**os.environ, "JUPYTER_RUNTIME_DIR": str(tmp_path / "runtime"), "ANALYSTLAB_DATA": str(datasets)}
    process = subprocess.Popen(["make", "-s", "lab", f"LAB_ARGS={args}"], cwd=ROOT, env=env,
                               stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, start_new_session=True)
    try:
        base = f"http://127.0.0.1:{port}"
        deadline = time.monotonic() + 90
        while True:
            try:
                status, page, reached = _get(f"{base}/")
                break
            except OSError:
                if process.poll() is not None or time.monotonic() > deadline:
                    output = process.stdout.read() if process.poll() is not None else ""
                    pytest.fail(f"JupyterLab did not start:\n{output}")
                time.sleep(0.5)
        assert status == 200
        assert reached.endswith("/lab/tree/my-work/START.ipynb"), f"the server opens {reached}, not the start page"
        assert "@jupyter/nbgrader" in page, "the nbgrader JupyterLab extension is not enabled"
        # No exchange here: the Assignment and Course Lists are off rather than showing errors.
        # The news pop-up ("get notified about official Jupyter news?") is the announcements plugin.
        for panel in ("@jupyter/nbgrader:assignment-list", "@jupyter/nbgrader:course-list",
                      "@jupyterlab/apputils-extension:announcements"):
            assert f'"{panel}"' in page.split('"disabledExtensions"')[1].split("]")[0], f"{panel} is not disabled"
        # The pinned Russian language pack loads with the pinned JupyterLab.
        _, body, _ = _get(f"{base}/lab/api/translations/")
        assert json.loads(body)["data"]["ru_RU"]["displayName"] == "Russian (Russia)"
        _, body, _ = _get(f"{base}/lab/api/translations/ru_RU")
        assert json.loads(body)["data"]["jupyterlab"]["Settings"] == ["Настройки"]
        with pytest.raises(urllib.error.HTTPError, match="404"):
            _get(f"{base}/assignments?course_id=analystlab")
        status, body, _ = _get(f"{base}/api/contents/my-work/START.ipynb")
        assert status == 200
        notebook = json.loads(body)["content"]
        assert notebook["cells"][0]["source"].startswith("# analystlab")
    finally:
        os.killpg(process.pid, signal.SIGTERM)
        output = process.communicate(timeout=30)[0]
    assert "WARNING: 1 dataset file(s) differ from the manifest" in output
    assert "phones.csv" in output
