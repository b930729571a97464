"""Bad input: a clear message, a non-zero exit and nothing half-written."""

from __future__ import annotations

import importlib
import subprocess
import sys

import pytest

from analystlab.errors import AnalystlabError, DataError
from analystlab.world import build


def _cli(*args, cwd):
    return subprocess.run([sys.executable, "-m", "analystlab.cli", "data", "build", *args],
                          capture_output=True, text=True, cwd=cwd)


@pytest.mark.parametrize("seed", ["abc", "-1", str(2**32)])
def test_invalid_seed(tmp_path, seed):
    run = _cli("--seed", seed, "--out", str(tmp_path / "x"), cwd=tmp_path)
    assert run.returncode != 0
    assert "invalid seed" in run.stdout + run.stderr
    assert not (tmp_path / "x").exists()
    assert [p.name for p in tmp_path.iterdir()] == []


def test_unknown_scale(tmp_path):
    with pytest.raises(AnalystlabError, match="unknown scale 'huge'"):
        build(out=tmp_path / "x", scale="huge")
    assert not (tmp_path / "x").exists()


def test_non_empty_foreign_folder_is_refused(tmp_path):
    folder = tmp_path / "mine"
    folder.mkdir()
    (folder / "thesis.docx").write_text("precious")
    run = _cli("--out", str(folder), cwd=tmp_path)
    assert run.returncode != 0
    assert "not empty" in run.stdout + run.stderr
    assert sorted(p.name for p in folder.iterdir()) == ["thesis.docx"]
    assert sorted(p.name for p in tmp_path.iterdir()) == ["mine"]


def test_missing_parent_is_refused(tmp_path):
    with pytest.raises(DataError, match="does not exist"):
        build(out=tmp_path / "no" / "such")


def test_failed_build_leaves_nothing(tmp_path, monkeypatch):
    build_module = importlib.import_module("analystlab.world.build")

    def boom(*args, **kwargs):
        raise RuntimeError("disk full")

    monkeypatch.setattr(build_module, "write_tables", boom)
    with pytest.raises(RuntimeError):
        build_module.build(out=tmp_path / "x")
    assert list(tmp_path.iterdir()) == []
