"""Modules are named by slug, number, name, or any unambiguous prefix or word of the slug."""

from __future__ import annotations

from pathlib import Path

import pytest

from analystlab.course import SYLLABUS, find_module, match_modules
from analystlab.errors import UnknownModuleError
from analystlab.grading.layout import load_layout

SLUGS = [module.slug for module in SYLLABUS]


@pytest.mark.parametrize(("name", "slug"), [
    ("03-telephone-analysis", "03-telephone-analysis"), ("03", "03-telephone-analysis"),
    ("3", "03-telephone-analysis"), ("telephone-analysis", "03-telephone-analysis"),
    ("telephone", "03-telephone-analysis"), ("Tele", "03-telephone-analysis"), ("03-tel", "03-telephone-analysis"),
    ("telephone analysis", "03-telephone-analysis"), ("link", "04-link-analysis"), ("gis", "05-gis"),
    ("05", "05-gis"), ("profiling", "07-offender-profiling"), ("risk", "08-risk-modelling"),
    ("orient", "00-orientation"), ("0", "00-orientation"), ("modules/05-gis/", "05-gis"),
])
def test_unambiguous_names_find_one_module(name, slug):
    assert match_modules(name, SLUGS) == [slug]


def test_ambiguous_names_list_every_candidate():
    assert match_modules("analysis", SLUGS) == ["03-telephone-analysis", "04-link-analysis"]
    assert match_modules("in", SLUGS) == ["02-data-integration", "11-intelligence-products"]
    assert match_modules("nothing-like-it", SLUGS) == []
    assert match_modules("  ", SLUGS) == []


def _course(root: Path, slugs: list[str]) -> Path:
    for slug in slugs:
        (root / "solutions" / slug).mkdir(parents=True)
        (root / "solutions" / slug / "x.ipynb").write_text("{}")
    return root


def test_find_module_by_word_and_its_errors(tmp_path):
    root = _course(tmp_path, ["03-telephone-analysis", "04-link-analysis", "05-gis"])
    assert find_module("telephone", root).slug == "03-telephone-analysis"
    assert find_module("link", root).slug == "04-link-analysis"
    with pytest.raises(UnknownModuleError, match="could mean several modules: 03-telephone-analysis, 04-link-analysis"):
        find_module("analysis", root)
    with pytest.raises(UnknownModuleError, match="not available yet"):
        find_module("anpr", root)
    with pytest.raises(UnknownModuleError, match="unknown module 'zebra'. Available: 03-tel"):
        find_module("zebra", root)


def test_grading_commands_resolve_the_same_names(tmp_path):
    root = _course(tmp_path, ["03-telephone-analysis", "04-link-analysis", "99-fixture"])
    layout = load_layout(root)
    assert layout.resolve_module("telephone") == "03-telephone-analysis"
    assert layout.resolve_module("fix") == "99-fixture"
    assert layout.resolve_module("4") == "04-link-analysis"
    with pytest.raises(UnknownModuleError, match="could mean several modules"):
        layout.resolve_module("analysis")


def test_intake_file_and_folder_names_resolve_the_same_names(tmp_path):
    from analystlab.grading.intake import identify

    layout = load_layout(_course(tmp_path, ["03-telephone-analysis", "04-link-analysis", "05-gis"]))
    assert identify(layout, ("aigerim_telephone.ipynb",))[0] == ("aigerim", "03-telephone-analysis", "x")
    assert identify(layout, ("dana", "link.ipynb"))[0] == ("dana", "04-link-analysis", "x")
    assert identify(layout, ("ivan", "tele", "x.ipynb"))[0] == ("ivan", "03-telephone-analysis", "x")
    found, kind, why = identify(layout, ("aigerim_analysis.ipynb",))
    assert found is None and kind == "ambiguous"
    assert why == "matches 03-telephone-analysis/x, 04-link-analysis/x"
    found, kind, why = identify(layout, ("ivan", "a", "x.ipynb"))
    assert found is None and kind == "ambiguous" and "03-telephone-analysis, 04-link-analysis" in why
    assert identify(layout, ("ivan", "zebra", "x.ipynb"))[1:] == ("unmatched", "'zebra' is not a module")
