"""Same seed -> byte-identical files (any PYTHONHASHSEED); another seed -> another world; the committed
datasets are a fresh build."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

from analystlab.world import build

ROOT = Path(__file__).resolve().parents[2]


def _hashes(folder: Path) -> dict[str, str]:
    files = json.loads((folder / "manifest.json").read_text(encoding="utf-8"))["files"]
    return {name: spec["sha256"] for name, spec in files.items()}


def test_same_seed_other_hash_seed_is_byte_identical(out, tmp_path):
    target = tmp_path / "again"
    env = {**os.environ, "PYTHONHASHSEED": "12345"}
    code = f"from analystlab.world import build; build(out={str(target)!r})"
    subprocess.run([sys.executable, "-c", code], check=True, env=env, cwd=tmp_path)
    assert _hashes(target) == _hashes(out)
    assert (target / "manifest.json").read_bytes() == (out / "manifest.json").read_bytes()


def test_another_seed_gives_another_world(out, tmp_path):
    other = build(seed=7, out=tmp_path / "seed7")
    a, b = _hashes(out), _hashes(other)
    assert sorted(a) == sorted(b)
    changed = [name for name in a if a[name] != b[name]]
    assert "seizures.csv" in changed and "calls.csv" in changed
    assert json.loads((other / "manifest.json").read_text())["seed"] == 7


def test_committed_datasets_equal_a_fresh_build(out):
    committed = ROOT / "datasets"
    assert _hashes(committed) == _hashes(out), "datasets/ is stale: run `analystlab data build` and commit"
