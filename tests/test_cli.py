"""The command line and the Makefiles: version, help for every option, `make start`, and `make lab`'s
data check that warns rather than locking a trainee out."""

from __future__ import annotations

import argparse
import re
import subprocess
import sys
from importlib.metadata import version
from pathlib import Path

import pytest

from analystlab.cli import build_parser, main
from analystlab.manifest import file_record, write_manifest

ROOT = Path(__file__).resolve().parents[1]
MAKEFILES = [ROOT / "Makefile", ROOT / "edition" / "Makefile"]


def test_version_comes_from_the_package_metadata(capsys):
    with pytest.raises(SystemExit) as stop:
        main(["--version"])
    assert stop.value.code == 0
    assert capsys.readouterr().out.strip() == f"analystlab {version('analystlab')}"


def _parsers(parser: argparse.ArgumentParser, name: str = "analystlab"):
    yield name, parser
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction):
            for sub_name, sub in action.choices.items():
                yield from _parsers(sub, f"{name} {sub_name}")


def test_every_option_and_argument_has_help():
    undocumented = [f"{name} {action.option_strings or action.dest}"
                    for name, parser in _parsers(build_parser()) for action in parser._actions
                    if not isinstance(action, argparse._SubParsersAction) and not action.help]
    assert not undocumented, f"no help text: {undocumented}"


def _phony_and_rules(makefile: Path) -> tuple[set[str], set[str]]:
    text = makefile.read_text()
    phony = {name for line in re.findall(r"^\.PHONY:(.*)$", text, re.M) for name in line.split()}
    rules = set(re.findall(r"^([A-Za-z][\w-]*)\s*:(?!=)", text, re.M))
    return phony, rules


@pytest.mark.parametrize("makefile", MAKEFILES, ids=["course", "edition"])
def test_every_declared_make_target_has_a_rule(makefile):
    phony, rules = _phony_and_rules(makefile)
    assert "start" in phony
    assert not phony - rules, f"declared .PHONY without a rule: {sorted(phony - rules)}"


@pytest.mark.parametrize("makefile", MAKEFILES, ids=["course", "edition"])
def test_make_start_copies_the_named_module_and_explains_itself_without_one(makefile):
    planned = subprocess.run(["make", "-n", "-f", str(makefile), "start", "MODULE=telephone"], cwd=ROOT,
                             capture_output=True, text=True)
    assert planned.returncode == 0, planned.stderr
    assert '.venv/bin/analystlab start "telephone"' in planned.stdout.splitlines()
    bare = subprocess.run(["make", "-s", "-f", str(makefile), "start", "STAMP=Makefile"], cwd=ROOT,
                          capture_output=True, text=True)
    assert bare.returncode == 2 and "usage: make start MODULE=03" in bare.stdout


@pytest.mark.parametrize("makefile", MAKEFILES, ids=["course", "edition"])
def test_make_lab_checks_the_data_without_refusing_to_start(makefile):
    planned = subprocess.run(["make", "-n", "-f", str(makefile), "lab"], cwd=ROOT, capture_output=True, text=True)
    assert ".venv/bin/analystlab data verify --warn" in planned.stdout.splitlines()


def _resaved_datasets(folder: Path) -> Path:
    """A datasets folder whose CSV was re-saved by a spreadsheet after the manifest was written."""
    folder.mkdir()
    (folder / "phones.csv").write_text("msisdn,seen\n+77011234567,2024-01-05\n0701234567,2024-01-06\n")
    write_manifest(folder, {"phones.csv": file_record(folder / "phones.csv", {"msisdn": "string", "seen": "date"})})
    (folder / "phones.csv").write_text("msisdn,seen\n77011234567,05/01/2024\n701234567,06/01/2024\n")
    return folder


def test_verify_warn_names_the_problem_and_the_fix_but_exits_zero(tmp_path):
    folder = _resaved_datasets(tmp_path / "datasets")
    strict = subprocess.run([sys.executable, "-m", "analystlab.cli", "data", "verify", "--dir", str(folder)],
                            capture_output=True, text=True)
    assert strict.returncode == 3
    warned = subprocess.run([sys.executable, "-m", "analystlab.cli", "data", "verify", "--warn", "--dir", str(folder)],
                            capture_output=True, text=True)
    assert warned.returncode == 0
    assert "phones.csv" in warned.stderr and "fix:" in warned.stderr
    assert "WARNING: 1 dataset file(s) differ from the manifest" in warned.stderr
    assert "JupyterLab starts anyway and your work in my-work/ is safe" in warned.stderr
