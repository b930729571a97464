"""`analystlab data verify`: the committed datasets match their manifest, and a spreadsheet's damage
to a copy is named with its cause and fix."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from analystlab import manifest

ROOT = Path(__file__).resolve().parents[1]
TABLE = """\
phone,imei,called_at,day,minutes
+77011234567,356938035643809,2026-03-01T10:15:00+05:00,2026-03-01,3
+992927654321,013456789012347,2026-03-02T23:59:00+05:00,2026-03-02,12
"""
TYPES = {"phone": "string", "imei": "string", "called_at": "datetime", "day": "date", "minutes": "int"}


@pytest.fixture
def datasets(tmp_path) -> Path:
    folder = tmp_path / "datasets"
    folder.mkdir()
    (folder / "calls.csv").write_text(TABLE, encoding="utf-8")
    manifest.write_manifest(folder, {"calls.csv": manifest.file_record(folder / "calls.csv", TYPES)}, seed=1)
    return folder


def _verify(folder: Path) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "analystlab.cli", "data", "verify", "--dir", str(folder)],
                          capture_output=True, text=True)


def test_committed_datasets_match_manifest():
    result = _verify(ROOT / "datasets")
    assert result.returncode == 0, result.stderr
    assert "all files match" in result.stdout


def test_clean_copy_verifies(datasets):
    assert manifest.verify(datasets) == []


def test_leading_zeros_stripped_are_named(datasets):
    # What a spreadsheet does on re-save: numbers lose '+' and leading zeros.
    damaged = TABLE.replace("+77011234567", "77011234567").replace(",013456789012347", ",13456789012347")
    (datasets / "calls.csv").write_text(damaged, encoding="utf-8")
    result = _verify(datasets)
    assert result.returncode == 3
    assert "calls.csv" in result.stderr
    assert "column 'imei'" in result.stderr and "leading zeros or '+' stripped" in result.stderr
    assert "column 'phone'" in result.stderr
    assert "git checkout -- datasets/calls.csv" in result.stderr


def test_scientific_notation_and_rewritten_dates_are_named(datasets):
    damaged = TABLE.replace("356938035643809", "3.56938E+14").replace(",2026-03-01,", ",01.03.2026,")
    (datasets / "calls.csv").write_text(damaged, encoding="utf-8")
    [problem] = manifest.verify(datasets)
    assert "column 'imei': identifiers turned into numbers in scientific notation" in problem.what
    assert "column 'day': dates rewritten in another format (e.g. '01.03.2026'" in problem.what
    assert problem.cause == "re-saved by a spreadsheet"


def test_line_endings_only(datasets):
    (datasets / "calls.csv").write_bytes(TABLE.replace("\n", "\r\n").encode())
    [problem] = manifest.verify(datasets)
    assert problem.what.startswith("values equal but bytes differ")


def test_missing_file_and_corrupt_manifest(datasets):
    (datasets / "calls.csv").unlink()
    [problem] = manifest.verify(datasets)
    assert problem.what == "missing"
    (datasets / "manifest.json").write_text("{not json")
    result = _verify(datasets)
    assert result.returncode == 3
    assert "manifest" in result.stderr and "corrupt" in result.stderr
    assert "Traceback" not in result.stderr


def test_loader_keeps_identifiers_and_types(datasets, monkeypatch):
    from analystlab import data

    monkeypatch.setenv("ANALYSTLAB_DATA", str(datasets))
    frame = data.load("calls")
    assert list(frame["imei"]) == ["356938035643809", "013456789012347"]
    assert list(frame["phone"]) == ["+77011234567", "+992927654321"]
    assert str(frame["minutes"].dtype) == "Int64"
    assert str(frame["day"].dtype).startswith("datetime64")
    assert str(frame["called_at"].iloc[0]) == "2026-03-01 05:15:00+00:00"


def test_datasets_found_from_any_folder(datasets, tmp_path, monkeypatch):
    from analystlab import paths

    monkeypatch.delenv("ANALYSTLAB_DATA", raising=False)
    course = datasets.parent
    for folder in ["modules/00-orientation", "solutions/00-orientation", "exercises/00-orientation",
                   "grading/autograded/alice/00-orientation", "my-work/00-orientation"]:
        (course / folder).mkdir(parents=True)
        monkeypatch.chdir(course / folder)
        assert paths.datasets_dir() == datasets, folder
    elsewhere = tmp_path.parent / f"{tmp_path.name}-downloads"
    elsewhere.mkdir()
    monkeypatch.chdir(elsewhere)  # a trainee's copy outside the course still finds the checkout's data
    assert paths.datasets_dir() == ROOT / "datasets"
    monkeypatch.setenv("ANALYSTLAB_DATA", str(datasets))
    assert paths.datasets_dir() == datasets


def test_unknown_dataset_names_the_available_ones(datasets, monkeypatch):
    from analystlab import data
    from analystlab.errors import DataError

    monkeypatch.setenv("ANALYSTLAB_DATA", str(datasets))
    with pytest.raises(DataError, match="no dataset called 'call'. Available: calls"):
        data.load("call")
