"""The sandbox command mounts the private /tmp before the Python installation, so a course whose
virtualenv lives under /tmp (a CI checkout) still has its interpreter inside the sandbox."""

from pathlib import Path

from analystlab.grading import sandbox


def test_private_tmp_is_mounted_before_python(monkeypatch):
    venv = Path("/tmp/ci-checkout/.venv")
    monkeypatch.setattr(sandbox, "_python_paths", lambda: [venv])
    argv = sandbox.bwrap_command(None)
    tmpfs = next(i for i in range(len(argv) - 1) if argv[i] == "--tmpfs" and argv[i + 1] == "/tmp")
    bind = next(i for i in range(len(argv) - 2) if argv[i] == "--ro-bind" and argv[i + 1] == str(venv))
    assert tmpfs < bind, "a tmpfs on /tmp mounted after the virtualenv would hide it"
