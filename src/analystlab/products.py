"""Intelligence products: the probability yardstick, figures as PNG bytes, and a reader that lists what
a generated Word report holds (title, headings, paragraphs per section, tables, pictures, header).

The reader lets an analyst (and a test) check a report's structure without opening Word: which
sections it has and in which order, whether the figures made it in, what the source annex table says.
It reads the ``.docx`` with python-docx; nothing here writes a report, which the analyst builds from
a template as the lesson of module 11 shows.
"""

from __future__ import annotations

import io
from dataclasses import dataclass, field

# The UK Professional Head of Intelligence Assessment (PHIA) probability yardstick, 2023 edition:
# term, lowest and highest probability in per cent. The gaps between the ranges are deliberate: an
# estimate that falls in one should be refined rather than given a neighbouring term.
PHIA_YARDSTICK: tuple[tuple[str, int, int], ...] = (
    ("remote chance", 0, 5),
    ("highly unlikely", 10, 20),
    ("unlikely", 25, 35),
    ("realistic possibility", 40, 50),
    ("likely", 55, 75),
    ("highly likely", 80, 90),
    ("almost certain", 95, 100),
)
YARDSTICK_TERMS: tuple[str, ...] = tuple(term for term, _, _ in PHIA_YARDSTICK)


def figure_png(figure, dpi: int = 200) -> bytes:
    """A matplotlib figure as PNG bytes (for ``document.add_picture(io.BytesIO(...))``), cropped to
    its contents so titles and labels are kept."""
    buffer = io.BytesIO()
    figure.savefig(buffer, format="png", dpi=dpi, bbox_inches="tight")
    return buffer.getvalue()


@dataclass
class Outline:
    """What a Word report holds, in document order.

    ``headings`` are (level, text) pairs of the paragraphs styled ``Heading N``; ``sections`` maps each
    level-1 heading to the texts of the non-empty paragraphs after it, up to the next level-1 heading
    (headings of lower levels are in ``headings``, not in the section's paragraphs), and
    ``section_styles`` the paragraph style of each of those texts (e.g. ``List Bullet`` for a bullet);
    ``tables`` gives each table as rows of cell texts, and ``table_sections`` the level-1 heading each
    table stands under; ``pictures`` counts inline images; ``header`` is the text of the first
    section's page header; ``text`` is all paragraph and table text.
    """

    title: str = ""
    headings: list[tuple[int, str]] = field(default_factory=list)
    sections: dict[str, list[str]] = field(default_factory=dict)
    section_styles: dict[str, list[str]] = field(default_factory=dict)
    tables: list[list[list[str]]] = field(default_factory=list)
    table_sections: list[str] = field(default_factory=list)
    pictures: int = 0
    header: str = ""
    text: str = ""


def _heading_level(style_name: str) -> int | None:
    if style_name.startswith("Heading "):
        number = style_name.removeprefix("Heading ").strip()
        return int(number) if number.isdigit() else None
    return None


def docx_outline(data: bytes) -> Outline:
    """Read a ``.docx`` given as bytes (``path.read_bytes()`` or a ``BytesIO``'s ``getvalue()``) and
    list its title, headings, paragraphs per level-1 section, tables, pictures and page header."""
    import docx
    from docx.table import Table
    from docx.text.paragraph import Paragraph

    document = docx.Document(io.BytesIO(bytes(data)))
    outline = Outline()
    current = ""
    texts: list[str] = []
    for block in document.element.body.iterchildren():
        tag = block.tag.rsplit("}", 1)[-1]
        if tag == "p":
            paragraph = Paragraph(block, document)
            text = paragraph.text.strip()
            style = paragraph.style.name if paragraph.style is not None else ""
            texts.append(text)
            level = _heading_level(style)
            if style == "Title" and not outline.title:
                outline.title = text
            elif level is not None:
                outline.headings.append((level, text))
                if level == 1:
                    current = text
                    outline.sections.setdefault(current, [])
                    outline.section_styles.setdefault(current, [])
                    continue
            if text and current and level is None:
                outline.sections[current].append(text)
                outline.section_styles[current].append(style)
        elif tag == "tbl":
            table = Table(block, document)
            rows = [[cell.text.strip() for cell in row.cells] for row in table.rows]
            outline.tables.append(rows)
            outline.table_sections.append(current)
            texts += [cell for row in rows for cell in row]
    outline.pictures = len(document.inline_shapes)
    if document.sections:
        outline.header = "\n".join(p.text for p in document.sections[0].header.paragraphs).strip()
    outline.text = "\n".join(texts + [outline.header])
    return outline
