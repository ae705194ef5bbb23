"""The annual report as an Excel workbook: a summary sheet, then one sheet per table with the numbers as numbers.

Numbers stay numbers (so the municipality can sum and chart them); the number formats group thousands, which
Excel shows with the reader's separator (a space in Swedish Excel: "1 234 567 kr"). Every text cell goes
through safe_text, so a label that starts with "=" is shown as text and never runs as a formula.
"""

from __future__ import annotations

import io
import re
from decimal import Decimal

from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.styles import Alignment, Font
from openpyxl.utils import get_column_letter

from utblick.core.spreadsheets import safe_text
from utblick.reports.annual.content import AnnualReport, Figure, Table
from utblick.reports.annual.render_common import created_line, secret_sentence

# Format codes are stored with "," as the grouping mark; Excel shows each reader's own (a space in Swedish).
NUMBER_FORMAT = "#,##0"
MONEY_FORMAT = '#,##0 "kr"'
SHEET_NAME_MAX = 31
NOT_IN_SHEET_NAMES = re.compile(r"[\[\]:*?/\\]")
LABEL_WIDTH_MAX = 60


def render_xlsx(report: AnnualReport, drawings: dict | None = None) -> bytes:
    """The report as XLSX bytes (`drawings` is accepted like the other renderers'; a workbook has no charts)."""
    workbook = Workbook()
    summary = workbook.active
    summary.title = _("Sammanfattning")
    _write_summary(summary, report)
    taken = {summary.title.lower()}
    for table in report.tables():
        sheet = workbook.create_sheet(title=sheet_name(table.title, taken))
        _write_table(sheet, table)
    workbook.properties.title = report.title
    workbook.properties.creator = report.municipality
    workbook.properties.language = "sv-SE"
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def sheet_name(title: str, taken: set[str]) -> str:
    """A sheet name Excel accepts: without []:*?/\\, at most 31 characters, not used before (any case)."""
    base = NOT_IN_SHEET_NAMES.sub(" ", title)
    base = re.sub(r"\s+", " ", base).strip().strip("'").strip() or _("Tabell")
    name = base[:SHEET_NAME_MAX].rstrip()
    number = 1
    while name.lower() in taken:
        number += 1
        suffix = f" ({number})"
        name = base[: SHEET_NAME_MAX - len(suffix)].rstrip() + suffix
    taken.add(name.lower())
    return name


def _write_summary(sheet, report: AnnualReport) -> None:
    bold = Font(bold=True)
    sheet.append([safe_text(report.title)])
    sheet["A1"].font = Font(bold=True, size=14)
    sheet.append([])
    for label, value in (
        (_("Kommun"), safe_text(report.municipality)),
        (_("Enhet"), safe_text(report.unit_name)),
        (_("År"), report.year),
        (_("Skapad"), safe_text(created_line(report))),
    ):
        sheet.append([label, value])
        sheet.cell(row=sheet.max_row, column=1).font = bold
    sheet.append([])
    sheet.append([_("Sammanfattning")])
    sheet.cell(row=sheet.max_row, column=1).font = bold
    wrap = Alignment(wrap_text=True, vertical="top")
    for paragraph in report.summary:
        sheet.append([safe_text(paragraph)])
        sheet.merge_cells(start_row=sheet.max_row, start_column=1, end_row=sheet.max_row, end_column=2)
        sheet.cell(row=sheet.max_row, column=1).alignment = wrap
        sheet.row_dimensions[sheet.max_row].height = 15 * (1 + len(paragraph) // 90)
    secret = secret_sentence(report)
    if secret:
        sheet.append([])
        sheet.append([safe_text(secret)])
    sheet.column_dimensions["A"].width = 18
    sheet.column_dimensions["B"].width = 80


def cell_value(figure: Figure | None):
    """A number as Excel should hold it: int when whole (counts, whole kronor), else float; None stays empty."""
    if figure is None:
        return None
    value = figure.value
    if isinstance(value, Decimal):
        return int(value) if value == value.to_integral_value() else float(value)
    return value


def _write_table(sheet, table: Table) -> None:
    bold = Font(bold=True)
    sheet.append([safe_text(table.label_heading), *(safe_text(column) for column in table.columns)])
    for cell in sheet[1]:
        cell.font = bold
        if cell.column > 1:
            cell.alignment = Alignment(horizontal="right", wrap_text=True)
    sheet.freeze_panes = "A2"
    rows = table.rows + ([table.total] if table.total else [])
    for row in rows:
        sheet.append([safe_text(row.label), *(cell_value(figure) for figure in row.cells)])
        for cell, figure in zip(sheet[sheet.max_row][1:], row.cells, strict=False):
            money = table.money or (figure is not None and figure.is_money)
            cell.number_format = MONEY_FORMAT if money else NUMBER_FORMAT
        if row is table.total:
            for cell in sheet[sheet.max_row]:
                cell.font = bold
    sheet.append([])
    sheet.append([safe_text(table.title)])
    sheet.cell(row=sheet.max_row, column=1).font = Font(italic=True)
    if table.note:
        sheet.append([safe_text(table.note)])
        sheet.cell(row=sheet.max_row, column=1).font = Font(italic=True)
    label_width = max([len(table.label_heading), *(len(row.label) for row in rows)], default=10)
    sheet.column_dimensions["A"].width = min(max(label_width + 2, 12), LABEL_WIDTH_MAX)
    for index, column in enumerate(table.columns, start=2):
        sheet.column_dimensions[get_column_letter(index)].width = max(len(column) + 2, 16 if table.money else 12)
    for row_cells in sheet.iter_rows(min_row=2, max_row=1 + len(rows), max_col=1):
        row_cells[0].alignment = Alignment(wrap_text=True, vertical="top")
