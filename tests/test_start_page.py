"""The start page and README list every built module, and their links lead somewhere."""

import re
from pathlib import Path

import nbformat
from course_harness import built_slugs

ROOT = Path(__file__).resolve().parents[1]


def test_start_page_links_resolve():
    notebook = nbformat.read(str(ROOT / "START.ipynb"), as_version=4)
    text = "\n".join(cell.source for cell in notebook.cells if cell.cell_type == "markdown")
    links = re.findall(r"\]\(([^)#]+)\)", text)
    assert links, "the start page links to nothing"
    missing = [link for link in links if not (ROOT / link).exists()]
    assert not missing, f"START.ipynb links to missing files: {missing}"


def test_every_built_module_is_listed_with_its_lesson():
    notebook = nbformat.read(str(ROOT / "START.ipynb"), as_version=4)
    text = "\n".join(cell.source for cell in notebook.cells)
    readme = (ROOT / "README.md").read_text()
    for slug in built_slugs():
        lessons = sorted((ROOT / "modules" / slug).glob("*.ipynb"))
        assert lessons, f"{slug} has an exercise but no lesson in modules/{slug}/"
        assert f"modules/{slug}/{lessons[0].name}" in text, f"START.ipynb does not link {slug}'s lesson"
        assert f'start("{slug}")' in text
        assert f"`modules/{slug}/`" in readme, f"README's module table lacks {slug}"
