"""The two install routes (pip via pyproject.toml, conda via environment.yml) pin the same stack."""

import re
import tomllib
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]


def _pins(requirements):
    pins = {}
    for line in requirements:
        match = re.fullmatch(r"([A-Za-z0-9_.\-]+)==([^\s;]+)", line.strip())
        assert match, f"not pinned to one version: {line!r}"
        pins[match.group(1).lower().replace("_", "-")] = match.group(2)
    return pins


def _all_requirements(project):
    """The package's dependencies and every optional extra (dev, classroom, ...)."""
    return project["dependencies"] + [req for extra in project["optional-dependencies"].values() for req in extra]


def test_pyproject_and_environment_pin_the_same_packages():
    project = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]
    pyproject = _pins(_all_requirements(project))
    lines = (ROOT / "environment.yml").read_text().splitlines()
    pip_start = lines.index("  - pip:")
    conda = [line.strip()[2:] for line in lines[pip_start + 1:] if line.strip().startswith("- ")]
    environment = _pins([item for item in conda if item not in ("-e .", "-c constraints.txt")])
    assert environment == pyproject
    assert "-e ." in conda, "environment.yml must install the analystlab package itself"
    # Indirect dependencies too: the conda route resolves under the same constraints as `make venv`.
    assert conda[0] == "-c constraints.txt", "environment.yml's pip list must start with -c constraints.txt"
    assert "  - python=3.11" in lines


def test_constraints_agree_with_pyproject():
    project = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]
    pyproject = _pins(_all_requirements(project))
    constraints = _pins([line for line in (ROOT / "constraints.txt").read_text().splitlines() if line.strip()])
    mismatched = {name: (version, constraints.get(name)) for name, version in pyproject.items()
                  if constraints.get(name) != version}
    assert not mismatched, f"constraints.txt disagrees with pyproject.toml: {mismatched}"


def test_ci_runs_the_readme_test_command():
    readme = (ROOT / "README.md").read_text()
    ci = (ROOT / ".ci" / "run").read_text()
    assert "make test" in readme.split("##")[1], "README's quick start must give `make test`"
    assert "make lab" in readme.split("##")[1], "README's quick start must give `make lab`"
    assert [line for line in ci.splitlines() if line and not line.startswith(("#", "set ", "cd "))] == ["make test"]


def test_layout_matches_design():
    for path in ["README.md", "environment.yml", "pyproject.toml", "Makefile", "nbgrader_config.py",
                 "grading/nbgrader_config.py", "src/analystlab/data.py", "src/analystlab/cli.py",
                 "src/analystlab/world", "modules", "solutions", "exercises", "datasets/manifest.json",
                 "datasets/README.md", "tests", "benchmarks", ".ci/run", "START.ipynb"]:
        assert (ROOT / path).exists(), f"missing {path}"
    shim = (ROOT / "nbgrader_config.py").read_text()
    assert 'load_subconfig("grading/nbgrader_config.py")' in shim


# Installer tooling, left out of constraints as pip-compile leaves it out (nbgrader asks for setuptools).
_TOOLING = {"pip", "setuptools", "wheel"}


def _installed_tree(extras, path=None):
    """{package: version} of everything analystlab with `extras` pulls in, as installed on `path`
    (a site-packages folder; default: this interpreter's)."""
    from importlib.metadata import distributions

    from packaging.requirements import Requirement
    from packaging.utils import canonicalize_name

    def find(name):
        found = next(iter(distributions(name=name, path=path) if path else distributions(name=name)), None)
        assert found is not None, f"{name} is required by the tree but not installed{f' in {path[0]}' if path else ''}"
        return found

    installed, todo = {}, [("analystlab", set(extras))]
    while todo:
        name, wanted_extras = todo.pop()
        dist = find(name)
        installed[canonicalize_name(name)] = dist.version
        for text in dist.requires or []:
            requirement = Requirement(text)
            wanted = not requirement.marker or any(requirement.marker.evaluate({"extra": e})
                                                   for e in wanted_extras or {""})
            key = canonicalize_name(requirement.name)
            if wanted and key not in installed and key not in {n for n, _ in todo}:
                todo.append((key, set(requirement.extras)))
    return {name: version for name, version in installed.items() if name not in _TOOLING | {"analystlab"}}


def _assert_pinned(tree, constraints_file):
    from packaging.utils import canonicalize_name

    constraints = {canonicalize_name(name): version for name, version in _pins(
        [line for line in constraints_file.read_text().splitlines() if line.strip()]).items()}
    unpinned = sorted(set(tree) - set(constraints))
    assert not unpinned, f"in the dependency tree but not pinned in {constraints_file}: {unpinned}"
    differ = {name: (version, constraints[name]) for name, version in tree.items() if constraints[name] != version}
    assert not differ, f"installed (version, {constraints_file.name}) differ: {differ}"


def test_constraints_pin_every_indirect_dependency():
    """Walk the course environment's tree from analystlab with the `dev` extra (what `make venv`
    installs): every package in it is pinned in constraints.txt at the installed version, so neither
    route lets an indirect dependency float."""
    makefile = (ROOT / "Makefile").read_text()
    assert '-e ".[dev]"' in makefile, "make venv installs the dev extra; walk what it installs"
    _assert_pinned(_installed_tree({"dev"}), ROOT / "constraints.txt")


def test_classroom_environment_pins_every_indirect_dependency():
    """The classroom's own environment (`make classroom-deps`, with the `classroom` extra) is held by
    the same constraints, as its install script wrote them beside it."""
    from analystlab.classroom import ENV_DIR

    site = sorted(ENV_DIR.glob("lib/python3*/site-packages"))
    if not site:
        pytest.skip("the classroom environment is not installed here: `make classroom-deps` (as root, with npm)")
    _assert_pinned(_installed_tree({"classroom"}, path=[str(site[0])]), ENV_DIR / "constraints.txt")
