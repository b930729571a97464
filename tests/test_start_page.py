"""The start page and README list every built module, and their links lead somewhere."""

import re
from pathlib import Path

import nbformat
import pytest
from course_harness import built_slugs, trainee_course

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


def test_start_page_and_readmes_say_how_to_switch_to_russian():
    notebook = nbformat.read(str(ROOT / "START.ipynb"), as_version=4)
    text = "\n".join(cell.source for cell in notebook.cells)
    for name, where in (("START.ipynb", text), ("README.md", (ROOT / "README.md").read_text()),
                        ("edition/README.md", (ROOT / "edition" / "README.md").read_text())):
        assert "*Settings → Language → Русский (Россия)*" in where, f"{name} does not say how to switch to Russian"


@pytest.mark.slow
def test_start_page_cells_show_only_what_they_print(tmp_path, monkeypatch):
    """Run the start page's code cells as a trainee does, in a copy of the course (module 00 only):
    no Out[] values, nothing on stderr (no unencrypted-TCP warning from the progress check's kernels),
    and a progress table that fits a laptop's output area without wrapping."""
    from nbclient import NotebookClient

    from analystlab.notebooks import local_kernel_config
    from analystlab.progress import WIDTH

    slug = "00-orientation"
    if slug not in built_slugs():
        pytest.skip("module 00 is not built")
    root = trainee_course(tmp_path, slug)
    monkeypatch.setenv("ANALYSTLAB_ROOT", str(root))
    monkeypatch.setenv("ANALYSTLAB_DATA", str(ROOT / "datasets"))
    notebook = nbformat.read(str(ROOT / "START.ipynb"), as_version=4)
    notebook.cells = [cell for cell in notebook.cells if cell.cell_type == "code"]
    kernels = tmp_path / "kernels"
    kernels.mkdir()
    NotebookClient(notebook, timeout=300, kernel_name="python3", config=local_kernel_config(kernels),
                   resources={"metadata": {"path": str(tmp_path)}}).execute()
    starting, progress = notebook.cells
    assert (root / "my-work" / slug).is_dir()
    for cell in (starting, progress):
        kinds = {(out.output_type, out.get("name")) for out in cell.outputs}
        assert kinds == {("stream", "stdout")}, f"{cell.source!r} shows {kinds}: {cell.outputs}"
    table = "".join(out.text for out in progress.outputs).splitlines()
    assert table[0].split() == ["module", "notebook", "passed", "points"]
    assert table[1].startswith(slug) and "0 / " in table[1]
    assert table[2].startswith("  to do: Task 1, Task 2, Task 3 and ")
    assert max(len(line) for line in table) <= WIDTH, table
