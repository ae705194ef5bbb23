"""The annual report as DOCX, PDF and XLSX: what a reader of each file checks (headings, every number, Swedish
letters, the alt texts) and what keeps the files safe (escaped labels, no formulas, no fetches)."""

import io
import re
import shutil
import subprocess
import xml.etree.ElementTree as ET
import zipfile

import pytest
from docx import Document
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml.ns import qn
from docx.shared import Cm
from openpyxl import load_workbook
from pypdf import PdfReader

from utblick.reports.annual import render_common
from utblick.reports.annual.export import FORMATS, export, file_name, report_file_name
from utblick.reports.annual.render_common import format_cell, format_number
from utblick.reports.annual.render_pdf import data_only_url_fetcher, print_html
from utblick.reports.annual.render_xlsx import MONEY_FORMAT, NUMBER_FORMAT, sheet_name
from utblick.reports.tests.sample_report import (
    FORMULA_LABEL,
    LONG_LABEL,
    SCRIPT_LABEL,
    sample_report,
    stand_in_draw,
)

NBSP = "\u00a0"


@pytest.fixture(scope="module")
def report():
    return sample_report()


@pytest.fixture(scope="module")
def files(report):
    """Each format rendered once for the module, with the real charts (annual.charts)."""
    return {fmt: export(report, fmt) for fmt in FORMATS}


def expected_cells(report):
    """Every (label, [cell texts]) of every table, the totals included."""
    for table in report.tables():
        for row in table.rows + ([table.total] if table.total else []):
            yield table, row.label, [format_cell(figure, money=table.money) for figure in row.cells]


def spaces(text: str) -> str:
    return text.replace(NBSP, " ")


# ---- Numbers ---------------------------------------------------------------------------------------------------


def test_money_is_written_the_swedish_way_with_non_breaking_spaces(report):
    assert format_number(1234567) == f"1{NBSP}234{NBSP}567"
    economy = report.section("economy").table("economy_by_unit")
    assert format_cell(economy.rows[0].cells[0], money=True) == f"1{NBSP}234{NBSP}567{NBSP}kr"
    assert format_cell(None) == ""


def test_file_names_say_year_and_unit_without_swedish_letters_or_spaces(report):
    assert report_file_name(report, "docx") == "internationellt-arbete-2025-hela-kommunen.docx"
    assert (
        file_name(2024, "Barn, utbildning och fritid", "pdf")
        == "internationellt-arbete-2024-barn-utbildning-och-fritid.pdf"
    )
    assert file_name(2025, "Kultur & fritid i Åre", "xlsx") == "internationellt-arbete-2025-kultur-fritid-i-are.xlsx"


# ---- DOCX ------------------------------------------------------------------------------------------------------


def test_the_word_file_has_the_title_the_sections_and_the_summary(report, files):
    document = Document(io.BytesIO(files["docx"]))
    headings = [(p.style.name, p.text) for p in document.paragraphs if p.style.name.startswith("Heading")]
    assert headings[0] == ("Heading 1", "Internationellt arbete 2025 – Hela kommunen")
    assert [text for style, text in headings if style == "Heading 2"] == [
        "Partner och länder",
        "Omfattning",
        "Inriktning",
        "Ekonomi",
    ]
    texts = [p.text for p in document.paragraphs]
    assert "Flest partner finns i Norge; samarbetet med Åland och Österrike växer." in texts
    assert document.core_properties.title == report.title
    assert document.core_properties.language == "sv-SE"


def test_every_number_of_every_table_is_in_the_word_file_with_its_label(report, files):
    document = Document(io.BytesIO(files["docx"]))
    word_rows = [tuple(cell.text for cell in row.cells) for table in document.tables for row in table.rows]
    assert len(document.tables) == len(list(report.tables()))
    for _table, label, cells in expected_cells(report):
        assert (label, *cells) in word_rows, label
    assert ("Barn, utbildning och fritid", f"1{NBSP}234{NBSP}567{NBSP}kr", f"987{NBSP}654{NBSP}kr") in word_rows
    assert (SCRIPT_LABEL, "1", "1") in word_rows  # text, as written
    assert (LONG_LABEL, "1", "1") in word_rows


def test_word_tables_have_a_repeating_header_numbers_to_the_right_and_a_bold_total(files):
    document = Document(io.BytesIO(files["docx"]))
    table = document.tables[0]
    header = table.rows[0]
    assert header._tr.trPr.find(qn("w:tblHeader")) is not None
    assert [cell.text for cell in header.cells] == ["Land", "Engagemang", "Partner"]
    assert table._tbl.tblPr.find(qn("w:tblCaption")).get(qn("w:val")) == "Partner per land"
    number = table.rows[1].cells[1].paragraphs[0]
    label = table.rows[1].cells[0].paragraphs[0]
    assert number.style.name == "Tabelltal"
    assert number.style.paragraph_format.alignment == WD_ALIGN_PARAGRAPH.RIGHT
    assert label.style.name == "Tabelltext"
    assert number.paragraph_format.alignment is None  # a style, not direct formatting: the municipality edits it
    total = table.rows[-1]
    assert total.cells[0].text == "Totalt"
    assert total.cells[0].paragraphs[0].style.font.bold is True
    assert total.cells[1].paragraphs[0].style.name == "Tabellsumma tal"
    notes = [p.text for p in document.paragraphs if p.style.name == "Tabellnot"]
    assert "Ett engagemang med partner i flera länder räknas en gång per land." in notes


def test_each_chart_is_a_picture_16_cm_wide_with_its_description_as_alt_text_and_a_caption(report, files):
    document = Document(io.BytesIO(files["docx"]))
    charts = [chart for section in report.sections for chart in section.charts]
    shapes = list(document.inline_shapes)
    assert len(shapes) == len(charts) == 2
    for shape, chart in zip(shapes, charts, strict=True):
        assert shape._inline.docPr.get("descr") == chart.description
        assert abs(shape.width - Cm(16)) < Cm(0.1)
    captions = [p.text for p in document.paragraphs if p.style.name == "Caption"]
    assert "Figur 1. Partnerländer" in captions
    assert "Figur 2. Pågående engagemang per förvaltning" in captions
    assert "Tabell 1. Partner per land" in captions


def test_the_word_file_is_a4_in_swedish(files):
    document = Document(io.BytesIO(files["docx"]))
    section = document.sections[0]
    assert abs(section.page_width - Cm(21)) < Cm(0.05)
    assert abs(section.page_height - Cm(29.7)) < Cm(0.05)
    languages = document.styles.element.findall(".//" + qn("w:lang"))
    assert languages and all(lang.get(qn("w:val")) == "sv-SE" for lang in languages)


def test_the_word_footer_says_when_it_was_made_and_secret_engagements_are_counted_not_named(files):
    document = Document(io.BytesIO(files["docx"]))
    assert document.sections[0].footer.paragraphs[0].text == "Skapad 2026-02-03 ur Utblick"
    texts = [p.text for p in document.paragraphs]
    assert "2 sekretessbelagda engagemang räknas i siffrorna men namnges inte." in texts


def test_one_secret_engagement_is_said_in_the_singular():
    assert render_common.secret_sentence(sample_report(secret_count=1)) == (
        "1 sekretessbelagt engagemang räknas i siffrorna men namnges inte."
    )


def test_without_secret_engagements_the_word_file_says_nothing_about_secrecy(monkeypatch):
    monkeypatch.setattr(render_common, "draw_chart", stand_in_draw)
    document = Document(io.BytesIO(export(sample_report(secret_count=0), "docx")))
    assert not [p.text for p in document.paragraphs if "sekretess" in p.text]


def test_the_word_file_is_a_valid_office_package_and_converts_where_libreoffice_is_installed(files, tmp_path):
    with zipfile.ZipFile(io.BytesIO(files["docx"])) as package:
        names = set(package.namelist())
        assert {"[Content_Types].xml", "word/document.xml", "word/styles.xml", "_rels/.rels"} <= names
        types = ET.fromstring(package.read("[Content_Types].xml"))
        assert any(override.get("PartName") == "/word/document.xml" for override in types), (
            "document.xml saknas i [Content_Types].xml"
        )
        body = ET.fromstring(package.read("word/document.xml"))
        assert body.tag == qn("w:document")
        assert [name for name in names if name.startswith("word/media/")]
    office = shutil.which("libreoffice") or shutil.which("soffice")
    if office:
        source = tmp_path / "rapport.docx"
        source.write_bytes(files["docx"])
        subprocess.run(
            [office, "--headless", "--convert-to", "pdf", "--outdir", str(tmp_path), str(source)],
            check=True,
            timeout=120,
            capture_output=True,
        )
        text = "".join(page.extract_text() for page in PdfReader(tmp_path / "rapport.pdf").pages)
        assert "Österrike" in text


# ---- PDF -------------------------------------------------------------------------------------------------------


def pdf_text(data: bytes) -> str:
    return spaces("\n".join(page.extract_text() for page in PdfReader(io.BytesIO(data)).pages))


def test_the_pdf_has_the_title_swedish_letters_and_every_number(report, files):
    text = pdf_text(files["pdf"])
    assert "Internationellt arbete 2025 – Hela kommunen" in text
    for word in ("Åland", "Österrike", "Härjedalens kommun", "Pågående", "förvaltning"):
        assert word in text
    for _table, label, cells in expected_cells(report):
        if len(label) < 60:  # a long label wraps over lines
            assert spaces(" ".join([label, *(cell for cell in cells if cell)])) in text, label
    assert "1 234 567 kr" in text


def test_the_pdf_has_page_numbers_the_creation_line_and_the_secrecy_sentence(files):
    reader = PdfReader(io.BytesIO(files["pdf"]))
    pages = len(reader.pages)
    first = spaces(reader.pages[0].extract_text())
    assert f"Sida 1 av {pages}" in first
    assert "Skapad 2026-02-03 ur Utblick" in first
    assert "2 sekretessbelagda engagemang räknas i siffrorna men namnges inte." in pdf_text(files["pdf"])
    assert reader.metadata.title == "Internationellt arbete 2025 – Hela kommunen"


def test_the_pdf_is_set_in_dejavu_sans(files):
    reader = PdfReader(io.BytesIO(files["pdf"]))
    fonts = {
        str(font.get_object()["/BaseFont"]) for page in reader.pages for font in page["/Resources"]["/Font"].values()
    }
    assert fonts and all("DejaVu-Sans" in font for font in fonts), fonts


def test_the_print_html_shows_a_label_that_looks_like_a_script_as_text(report):
    html = print_html(report, {chart.key: stand_in_draw(chart, {}) for s in report.sections for chart in s.charts})
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert "<script>" not in html
    assert '<th scope="col">Land</th>' in html
    assert "<caption>Tabell 1. Partner per land</caption>" in html
    assert 'lang="sv"' in html


@pytest.mark.parametrize(
    "url",
    ["http://127.0.0.1:9/x.css", "https://fonts.example.org/font.woff", "file:///etc/passwd", "ftp://127.0.0.1/x"],
)
def test_the_pdf_renderer_fetches_nothing_but_data_urls(url):
    with pytest.raises(ValueError):
        data_only_url_fetcher().fetch(url)


def test_the_pdf_renderer_reads_a_data_url():
    response = data_only_url_fetcher().fetch("data:text/plain;base64,aGVq")
    assert response.read() == b"hej"


# ---- XLSX ------------------------------------------------------------------------------------------------------


def test_the_workbook_starts_with_a_summary_sheet(report, files):
    workbook = load_workbook(io.BytesIO(files["xlsx"]))
    summary = workbook.worksheets[0]
    assert summary.title == "Sammanfattning"
    values = [cell for row in summary.iter_rows(values_only=True) for cell in row if cell is not None]
    assert values[0] == "Internationellt arbete 2025 – Hela kommunen"
    assert "Hela kommunen" in values and "Härjedalens kommun" in values
    assert 2025 in values  # the year as a number
    assert "Flest partner finns i Norge; samarbetet med Åland och Österrike växer." in values
    assert workbook.properties.title == report.title


def test_every_table_has_its_own_sheet_with_a_name_excel_accepts(report, files):
    workbook = load_workbook(io.BytesIO(files["xlsx"]))
    names = workbook.sheetnames[1:]
    assert len(names) == len(list(report.tables()))
    assert len({name.lower() for name in names}) == len(names)
    for name in names:
        assert len(name) <= 31
        assert not re.search(r"[\[\]:*?/\\]", name)
    assert names == [
        "Partner per land",
        "Engagemang per förvaltning och",
        "Engagemang per mål M1–M3",
        "Budget och utfall",
        "Budget och utfall (2)",
    ]


def test_numbers_in_the_workbook_are_numbers_with_thousands_and_kronor_formats(report, files):
    workbook = load_workbook(io.BytesIO(files["xlsx"]))
    economy = workbook["Budget och utfall"]
    assert [cell.value for cell in economy[2]] == ["Barn, utbildning och fritid", 1234567, 987654]
    assert isinstance(economy["B2"].value, int)
    assert economy["B2"].number_format == MONEY_FORMAT
    partners = workbook["Partner per land"]
    assert [cell.value for cell in partners[2]] == ["Norge", 7, 12]
    assert partners["B2"].number_format == NUMBER_FORMAT
    assert partners["C4"].value is None  # Österrike has no partner count: empty, not 0
    for sheet, table in zip(workbook.worksheets[1:], report.tables(), strict=True):
        rows = list(sheet.iter_rows(min_row=2, max_row=1 + len(table.rows), values_only=True))
        for row, source in zip(rows, table.rows, strict=True):
            assert all(isinstance(value, int | float) or value is None for value in row[1:]), row
            assert list(row[1:]) == [None if figure is None else int(figure.value) for figure in source.cells]


def test_the_header_row_is_bold_and_frozen_and_the_total_bold(files):
    workbook = load_workbook(io.BytesIO(files["xlsx"]))
    sheet = workbook["Partner per land"]
    assert sheet.freeze_panes == "A2"
    assert all(cell.font.bold for cell in sheet[1])
    assert [cell.value for cell in sheet[1]] == ["Land", "Engagemang", "Partner"]
    total = next(row for row in sheet.iter_rows() if row[0].value == "Totalt")
    assert all(cell.font.bold for cell in total)
    assert sheet.column_dimensions["A"].width >= 40  # the long label
    assert sheet.column_dimensions["B"].width >= 12


def test_a_label_that_looks_like_a_formula_is_text_in_the_workbook(files):
    workbook = load_workbook(io.BytesIO(files["xlsx"]))
    labels = [row[0] for row in workbook["Partner per land"].iter_rows(values_only=True)]
    assert "'" + FORMULA_LABEL in labels
    assert FORMULA_LABEL not in labels
    assert SCRIPT_LABEL in labels  # plain text in a cell, harmless
    with zipfile.ZipFile(io.BytesIO(files["xlsx"])) as package:
        sheets = [package.read(name) for name in package.namelist() if name.startswith("xl/worksheets/")]
    assert not any(b"<f>" in sheet for sheet in sheets)  # no formula anywhere


def test_sheet_names_are_cut_cleaned_and_made_unique():
    taken = {"sammanfattning"}
    assert sheet_name("Sammanfattning", taken) == "Sammanfattning (2)"
    assert sheet_name("a/b\\c?d*e[f]g:h", taken) == "a b c d e f g h"
    assert sheet_name("x" * 40, taken) == "x" * 31
    assert sheet_name("x" * 40, taken) == "x" * 27 + " (2)"
    assert sheet_name("'?'", taken) == "Tabell"


def test_export_gives_each_format_its_content_type(report, files):
    assert files["docx"][:2] == b"PK" and files["xlsx"][:2] == b"PK"
    assert files["pdf"].startswith(b"%PDF-")
    assert FORMATS["pdf"].content_type == "application/pdf"
    assert FORMATS["docx"].content_type.endswith("wordprocessingml.document")
    assert FORMATS["xlsx"].content_type.endswith("spreadsheetml.sheet")


def test_rendering_the_pdf_does_not_fill_the_log_with_the_charts_svg_styles(report, caplog):
    import logging

    with caplog.at_level(logging.WARNING, logger="weasyprint"):
        export(report, "pdf")
    assert not [record for record in caplog.records if "fill" in record.getMessage()]


def test_the_pdf_is_tagged_and_in_swedish_for_screen_readers(files):
    root = PdfReader(io.BytesIO(files["pdf"])).trailer["/Root"]
    assert root["/Lang"] == "sv"
    assert bool(root["/MarkInfo"]["/Marked"])
    assert "/StructTreeRoot" in root
