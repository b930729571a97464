"""Every exercise, graded by real `nbgrader autograde`: the solution earns full marks, the blank
release earns zero, and each plausible wrong answer loses exactly its own question's points."""

from __future__ import annotations

import filecmp

import nbformat
import pytest
from course_harness import (
    ROOT,
    answer_sources,
    built_slugs,
    fill,
    load_mistake_sets,
    make_course,
    nbgrader,
    scores,
    submit,
)

SLUGS = built_slugs()


def _test_cell(answer_id: str) -> str:
    return f"{answer_id}_test"


@pytest.mark.slow
@pytest.mark.parametrize("slug", SLUGS)
def test_exercise_scores(slug, tmp_path):
    course = make_course(tmp_path, slug)
    release = course / "exercises" / slug
    notebooks = sorted(p.name for p in release.glob("*.ipynb"))
    sources = {name: nbformat.read(str(course / "solutions" / slug / name), as_version=4) for name in notebooks}
    released = {name: nbformat.read(str(release / name), as_version=4) for name in notebooks}
    answers = {name: answer_sources(sources[name]) for name in notebooks}
    mistake_sets = load_mistake_sets(slug)

    submit(course, "solution", slug, {n: fill(released[n], answers[n]) for n in notebooks})
    submit(course, "blank", slug, released)
    for index, mistakes in enumerate(mistake_sets):
        submit(course, f"mistakes{index}", slug,
               {n: fill(released[n], {**answers[n], **mistakes}) for n in notebooks})
    nbgrader(course, "autograde", slug, "--force", "--log-level=ERROR")

    problems = []
    auto_ids: set[str] = set()
    for name in notebooks:
        stem = name.removesuffix(".ipynb")
        solution = scores(course, slug, "solution", stem)
        auto = {gid: s for gid, s in solution.items() if s.autograded}
        auto_ids |= set(auto)
        assert len(auto) >= 1, f"{name}: no autograded test cells"
        problems += [f"solution loses points on {gid}: {s.score}/{s.max_score}"
                     for gid, s in auto.items() if s.score != s.max_score]
        graded = nbformat.read(str(course / "autograded" / "solution" / slug / name), as_version=4)
        problems += [f"solution cell raises {out.ename}: {out.evalue}" for cell in graded.cells
                     if cell.cell_type == "code" for out in cell.get("outputs", []) if out.output_type == "error"]
        blank = scores(course, slug, "blank", stem)
        problems += [f"blank release earns {s.score} on {gid}" for gid, s in blank.items()
                     if s.autograded and s.score != 0]
        for index, mistakes in enumerate(mistake_sets):
            got = scores(course, slug, f"mistakes{index}", stem)
            targeted = {_test_cell(gid) for gid in mistakes}
            for gid, s in got.items():
                if not s.autograded:
                    continue
                if gid in targeted and s.score >= s.max_score:
                    problems.append(f"mistake set {index}: wrong answer to {gid[:-5]} still earns full marks")
                if gid not in targeted and s.score != s.max_score:
                    problems.append(f"mistake set {index}: {gid} loses points though its answer is right "
                                    "(a wrong answer elsewhere cascades)")
    covered = {_test_cell(gid) for mistakes in mistake_sets for gid in mistakes}
    problems += [f"no plausible wrong answer covers {gid}" for gid in sorted(auto_ids - covered)]
    assert not problems, f"{slug}:\n  " + "\n  ".join(problems)


@pytest.mark.parametrize("slug", SLUGS)
def test_release_is_current(slug, tmp_path):
    """exercises/ must equal a fresh `nbgrader generate_assignment` of solutions/ (run `analystlab release`)."""
    course = make_course(tmp_path, slug)
    fresh, committed = course / "exercises" / slug, ROOT / "exercises" / slug
    assert committed.is_dir(), f"exercises/{slug} is missing: run `analystlab release {slug}`"
    fresh_files = sorted(p.relative_to(fresh) for p in fresh.rglob("*") if p.is_file())
    committed_files = sorted(p.relative_to(committed) for p in committed.rglob("*") if p.is_file())
    assert fresh_files == committed_files, f"exercises/{slug} has other files than a fresh release"
    stale = [str(p) for p in fresh_files if not filecmp.cmp(fresh / p, committed / p, shallow=False)]
    assert not stale, f"exercises/{slug} is stale ({stale}): run `analystlab release {slug}` and commit"
