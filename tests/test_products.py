"""The probability yardstick and the Word-report reader of `analystlab.products`."""

from __future__ import annotations

import io

import docx
import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402
from docx.shared import Cm  # noqa: E402

from analystlab import products  # noqa: E402


def test_yardstick_ranges_are_ordered_with_gaps_between():
    ranges = products.PHIA_YARDSTICK
    assert [term for term, _, _ in ranges] == list(products.YARDSTICK_TERMS)
    assert ranges[0][1] == 0 and ranges[-1][2] == 100
    for (_, low, high), (_, next_low, _) in zip(ranges, ranges[1:], strict=False):
        assert low < high < next_low, "ranges rise, and a gap separates each from the next (PHIA 2023)"
    assert dict((t, (lo, hi)) for t, lo, hi in ranges)["likely"] == (55, 75)


def _report() -> bytes:
    document = docx.Document()
    document.sections[0].header.paragraphs[0].text = "RESTRICTED"
    document.add_paragraph("Target profile: A. Person", style="Title")
    document.add_heading("Bottom line up front", level=1)
    document.add_paragraph("First paragraph.")
    document.add_paragraph("")
    document.add_heading("Detail", level=2)
    document.add_paragraph("Second paragraph.", style="List Bullet")
    document.add_heading("Source annex", level=1)
    table = document.add_table(rows=1, cols=2)
    table.rows[0].cells[0].text, table.rows[0].cells[1].text = "Report", "Text"
    row = table.add_row().cells
    row[0].text, row[1].text = "IR-1", "a sanitised text"
    fig, ax = plt.subplots(figsize=(2, 1))
    ax.plot([0, 1], [0, 1])
    document.add_picture(io.BytesIO(products.figure_png(fig, dpi=50)), width=Cm(4))
    plt.close(fig)
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def test_outline_lists_title_headings_sections_tables_pictures_and_header():
    outline = products.docx_outline(_report())
    assert outline.title == "Target profile: A. Person"
    assert outline.headings == [(1, "Bottom line up front"), (2, "Detail"), (1, "Source annex")]
    # Paragraphs under a level-2 heading belong to the level-1 section; headings and empty paragraphs do not.
    assert outline.sections["Bottom line up front"] == ["First paragraph.", "Second paragraph."]
    assert outline.section_styles["Bottom line up front"] == ["Normal", "List Bullet"]
    assert outline.tables == [[["Report", "Text"], ["IR-1", "a sanitised text"]]]
    assert outline.table_sections == ["Source annex"]
    assert outline.pictures == 1
    assert outline.header == "RESTRICTED"
    assert "a sanitised text" in outline.text and "RESTRICTED" in outline.text


def test_figure_png_is_a_png():
    fig, ax = plt.subplots(figsize=(2, 1))
    data = products.figure_png(fig, dpi=50)
    plt.close(fig)
    assert data.startswith(b"\x89PNG\r\n\x1a\n")
