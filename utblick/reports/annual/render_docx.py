"""The annual report as a Word document (DOCX), for the municipality to edit and paste from.

Layout goes through named styles (Rubrik 1/2 are Word's own Heading 1/2; the table styles are added here),
so whoever edits the file changes a style once instead of every paragraph. The language is Swedish on the
document defaults, so Word's spelling and hyphenation work in Swedish.
"""

from __future__ import annotations

import io

from django.utils.translation import gettext as _
from docx import Document
from docx.enum.section import WD_ORIENT
from docx.enum.style import WD_STYLE_TYPE
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Pt

from utblick.reports.annual.content import AnnualReport, Row, Table
from utblick.reports.annual.render_common import (
    created_line,
    draw_all,
    figure_caption,
    format_cell,
    secret_sentence,
)

LANGUAGE = "sv-SE"
PICTURE_WIDTH = Cm(16)
# Styles this module adds to Word's default template: (name, based on, alignment, bold, italic, size in points).
TABLE_STYLES = [
    ("Tabelltext", "Normal", WD_ALIGN_PARAGRAPH.LEFT, False, False, 10),
    ("Tabelltal", "Normal", WD_ALIGN_PARAGRAPH.RIGHT, False, False, 10),
    ("Tabellrubrik", "Tabelltext", WD_ALIGN_PARAGRAPH.LEFT, True, False, 10),
    ("Tabellrubrik tal", "Tabelltal", WD_ALIGN_PARAGRAPH.RIGHT, True, False, 10),
    ("Tabellsumma", "Tabelltext", WD_ALIGN_PARAGRAPH.LEFT, True, False, 10),
    ("Tabellsumma tal", "Tabelltal", WD_ALIGN_PARAGRAPH.RIGHT, True, False, 10),
    ("Tabellnot", "Normal", WD_ALIGN_PARAGRAPH.LEFT, False, True, 9),
]


def render_docx(report: AnnualReport, drawings: dict | None = None) -> bytes:
    """The report as DOCX bytes; `drawings` are the charts already drawn (annual.render_common.draw_all)."""
    if drawings is None:
        drawings = draw_all(report)
    document = Document()
    _set_up(document, report)
    document.add_heading(report.title, level=1)
    for paragraph in report.summary:
        document.add_paragraph(paragraph)
    figure_number = table_number = 0
    for section in report.sections:
        document.add_heading(section.title, level=2)
        if section.intro:
            document.add_paragraph(section.intro)
        for chart in section.charts:
            figure_number += 1
            _add_picture(document, drawings[chart.key].png, chart.description)
            document.add_paragraph(figure_caption(figure_number, chart), style="Caption")
        for table in section.tables:
            table_number += 1
            caption = _("Tabell %(number)d. %(title)s") % {"number": table_number, "title": table.title}
            document.add_paragraph(caption, style="Caption").paragraph_format.keep_with_next = True
            _add_table(document, table)
            if table.note:
                document.add_paragraph(table.note, style="Tabellnot")
    secret = secret_sentence(report)
    if secret:
        document.add_paragraph(secret)
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def _set_up(document, report: AnnualReport) -> None:
    """A4 portrait, Swedish language on the styles, the table styles, the footer and the file's properties."""
    for section in document.sections:
        section.orientation = WD_ORIENT.PORTRAIT
        section.page_width, section.page_height = Cm(21), Cm(29.7)
        section.left_margin = section.right_margin = Cm(2.5)
        section.top_margin = section.bottom_margin = Cm(2.5)
        footer = section.footer.paragraphs[0]
        footer.text = created_line(report)
        footer.style = document.styles["Footer"]
    _set_language(document)
    styles = document.styles
    for name, base, alignment, bold, italic, size in TABLE_STYLES:
        style = styles.add_style(name, WD_STYLE_TYPE.PARAGRAPH)
        style.base_style = styles[base]
        style.quick_style = True
        style.paragraph_format.alignment = alignment
        style.paragraph_format.space_before = Pt(0)
        style.paragraph_format.space_after = Pt(0)
        style.font.bold = bold
        style.font.italic = italic
        style.font.size = Pt(size)
    styles["Tabellnot"].paragraph_format.space_before = Pt(3)
    styles["Tabellnot"].paragraph_format.space_after = Pt(12)
    properties = document.core_properties
    properties.title = report.title
    properties.language = LANGUAGE
    properties.author = report.municipality
    properties.comments = created_line(report)


def _set_language(document) -> None:
    """w:lang sv-SE on the document defaults and on the Normal style (which every other style builds on)."""
    styles_element = document.styles.element
    defaults = styles_element.find(qn("w:docDefaults"))
    run_properties = defaults.find(qn("w:rPrDefault")).find(qn("w:rPr"))
    for properties in (run_properties, document.styles["Normal"].element.get_or_add_rPr()):
        language = properties.find(qn("w:lang"))
        if language is None:
            language = OxmlElement("w:lang")
            properties.append(language)
        language.set(qn("w:val"), LANGUAGE)
        language.set(qn("w:eastAsia"), LANGUAGE)
        language.set(qn("w:bidi"), "ar-SA")


def _add_picture(document, png: bytes, description: str) -> None:
    paragraph = document.add_paragraph()
    paragraph.paragraph_format.keep_with_next = True
    shape = paragraph.add_run().add_picture(io.BytesIO(png), width=PICTURE_WIDTH)
    # The alt text a screen reader reads (Word: "Alternativtext"): the chart's description.
    shape._inline.docPr.set("descr", description)


def _add_table(document, table: Table) -> None:
    rows = table.rows + ([table.total] if table.total else [])
    word_table = document.add_table(rows=1 + len(rows), cols=1 + len(table.columns))
    word_table.style = document.styles["Table Grid"]
    word_table.alignment = WD_TABLE_ALIGNMENT.LEFT
    _describe(word_table, table)
    header = word_table.rows[0]
    _repeat_as_header(header)
    _fill(header.cells[0], table.label_heading, "Tabellrubrik")
    for cell, heading in zip(header.cells[1:], table.columns, strict=True):
        _fill(cell, heading, "Tabellrubrik tal")
    for word_row, row in zip(word_table.rows[1:], rows, strict=True):
        total = row is table.total
        _fill_row(word_row, row, table, total=total)


def _fill_row(word_row, row: Row, table: Table, *, total: bool) -> None:
    _fill(word_row.cells[0], row.label, "Tabellsumma" if total else "Tabelltext")
    for cell, figure in zip(word_row.cells[1:], row.cells, strict=False):
        _fill(cell, format_cell(figure, money=table.money), "Tabellsumma tal" if total else "Tabelltal")


def _fill(cell, text: str, style: str) -> None:
    paragraph = cell.paragraphs[0]
    paragraph.text = text
    paragraph.style = cell.part.document.styles[style]


def _repeat_as_header(row) -> None:
    """Mark the row as the table's header: Word repeats it on every page, and screen readers announce it."""
    properties = row._tr.get_or_add_trPr()
    header = OxmlElement("w:tblHeader")
    header.set(qn("w:val"), "true")
    properties.append(header)


def _describe(word_table, table: Table) -> None:
    """The table's title as its caption in Word's "Alternativtext" (w:tblCaption)."""
    properties = word_table._tbl.tblPr
    caption = OxmlElement("w:tblCaption")
    caption.set(qn("w:val"), table.title[:255])
    properties.append(caption)
