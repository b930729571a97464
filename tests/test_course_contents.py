"""The lab keeps course material as shipped: lessons, exercises, datasets and the start page are
read-only (JupyterLab shows a lock and never autosaves them); the trainee's my-work/ is theirs."""

from __future__ import annotations

import asyncio
import json
import os
import shutil
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

import nbformat
import pytest
from tornado import web

from analystlab.lab_contents import CourseContentsManager

ROOT = Path(__file__).resolve().parents[1]
TOKEN = "course-contents-test"
LAB_CONFIGS = ("classroom/jupyter/course-lab", "classroom/jupyter/trainee", "edition/jupyter")


def _course(root: Path) -> Path:
    """A small course layout: a lesson, an exercise, a dataset, the start page and a trainee copy."""
    for folder in ("modules/00-orientation", "exercises/00-orientation", "datasets", "my-work/00-orientation"):
        (root / folder).mkdir(parents=True)
    notebook = nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell("1 + 1")])
    for path in ("modules/00-orientation/00-lesson.ipynb", "exercises/00-orientation/00-exercise.ipynb",
                 "START.ipynb", "my-work/00-orientation/00-lesson.ipynb", "my-work/START.ipynb"):
        nbformat.write(notebook, str(root / path))
    (root / "datasets" / "seizures.csv").write_text("seizure_id,quantity_kg\nSZ-0001,1.5\n")
    return root


def _run(coroutine):
    return asyncio.run(coroutine)


def test_course_material_reads_as_read_only_and_refuses_changes(tmp_path):
    root = _course(tmp_path)
    manager = CourseContentsManager(root_dir=str(root))
    lesson = "modules/00-orientation/00-lesson.ipynb"
    model = _run(manager.get(lesson))
    assert model["writable"] is False
    for path in ("exercises/00-orientation/00-exercise.ipynb", "START.ipynb", "datasets/seizures.csv"):
        assert _run(manager.get(path, content=False))["writable"] is False, path
    listing = _run(manager.get("modules/00-orientation"))
    assert [entry["writable"] for entry in listing["content"]] == [False]
    before = (root / lesson).read_bytes()
    model["content"].cells[0].outputs = [nbformat.v4.new_output("execute_result", {"text/plain": "2"})]
    with pytest.raises(web.HTTPError) as refused:
        _run(manager.save({"type": "notebook", "content": model["content"]}, lesson))
    assert refused.value.status_code == 403 and "my-work/" in refused.value.log_message
    assert (root / lesson).read_bytes() == before, "the lesson on disk changed"
    with pytest.raises(web.HTTPError, match="403"):
        _run(manager.save({"type": "file", "format": "text", "content": "x"}, "datasets/new.csv"))
    with pytest.raises(web.HTTPError, match="403"):
        _run(manager.delete_file("datasets/seizures.csv"))
    with pytest.raises(web.HTTPError, match="403"):
        _run(manager.rename_file("my-work/START.ipynb", "START.ipynb"))
    with pytest.raises(web.HTTPError, match="403"):
        _run(manager.rename_file(lesson, "my-work/moved.ipynb"))
    assert (root / "datasets" / "seizures.csv").exists() and (root / lesson).read_bytes() == before


def test_the_trainees_own_copies_save_as_usual(tmp_path):
    root = _course(tmp_path)
    manager = CourseContentsManager(root_dir=str(root))
    copy = "my-work/00-orientation/00-lesson.ipynb"
    model = _run(manager.get(copy))
    assert model["writable"] is True
    model["content"].cells[0].source = "2 + 2"
    _run(manager.save({"type": "notebook", "content": model["content"]}, copy))
    assert nbformat.read(str(root / copy), as_version=4).cells[0].source == "2 + 2"
    # A module folder's name inside my-work is the trainee's, not the course's.
    assert manager.is_course_material("my-work/modules/x.ipynb") is False
    assert manager.is_course_material("START.ipynb") is True
    assert manager.is_course_material("notes/START.ipynb") is False


def test_an_author_can_switch_the_protection_off(tmp_path):
    root = _course(tmp_path)
    manager = CourseContentsManager(root_dir=str(root), protect_course=False)
    assert _run(manager.get("modules/00-orientation/00-lesson.ipynb", content=False))["writable"] is True


@pytest.mark.parametrize("folder", LAB_CONFIGS)
def test_every_lab_configuration_uses_it(folder):
    # jupyter_server_config.d/ only switches extensions on and off; server settings live here.
    config = json.loads((ROOT / folder / "jupyter_server_config.json").read_text())
    assert config["ServerApp"]["contents_manager_class"] == "analystlab.lab_contents.CourseContentsManager"


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _request(url: str, method: str = "GET", body: dict | None = None) -> tuple[int, dict]:
    data = json.dumps(body).encode() if body is not None else None
    request = urllib.request.Request(url, data=data, method=method,
                                     headers={"Authorization": f"token {TOKEN}", "Content-Type": "application/json"})
    try:
        with urllib.request.urlopen(request, timeout=10) as response:
            return response.status, json.loads(response.read() or b"{}")
    except urllib.error.HTTPError as error:
        return error.code, json.loads(error.read() or b"{}")


@pytest.mark.slow
def test_the_course_lab_server_refuses_to_save_a_lesson(tmp_path):
    """Over HTTP, as JupyterLab's autosave would: the course lab's configuration serves the lesson as
    read-only and answers 403 to a save, while the trainee's copy saves."""
    root = _course(tmp_path / "course")
    config = tmp_path / "config"
    shutil.copytree(ROOT / "classroom/jupyter/course-lab", config)
    port = _free_port()
    env = {**os.environ, "JUPYTER_CONFIG_PATH": str(config), "JUPYTER_RUNTIME_DIR": str(tmp_path / "runtime")}
    server = subprocess.Popen(
        [sys.executable, "-m", "jupyter_server", f"--port={port}", "--ip=127.0.0.1", "--no-browser",
         f"--ServerApp.root_dir={root}", f"--IdentityProvider.token={TOKEN}", "--allow-root"],
        env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True, start_new_session=True)
    base = f"http://127.0.0.1:{port}/api/contents"
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                status, lesson = _request(f"{base}/modules/00-orientation/00-lesson.ipynb")
                break
            except OSError:
                if server.poll() is not None or time.monotonic() > deadline:
                    pytest.fail(f"jupyter server did not start: {server.stderr.read() if server.poll() else ''}")
                time.sleep(0.3)
        assert status == 200 and lesson["writable"] is False
        status, refused = _request(f"{base}/modules/00-orientation/00-lesson.ipynb", "PUT",
                                   {"type": "notebook", "content": lesson["content"]})
        assert status == 403 and "read-only" in refused["message"], refused
        status, copy = _request(f"{base}/my-work/00-orientation/00-lesson.ipynb")
        assert status == 200 and copy["writable"] is True
        status, _ = _request(f"{base}/my-work/00-orientation/00-lesson.ipynb", "PUT",
                             {"type": "notebook", "content": copy["content"]})
        assert status == 200
    finally:
        os.killpg(server.pid, 15)
        server.wait(timeout=20)
