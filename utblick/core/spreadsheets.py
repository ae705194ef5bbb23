"""Lists as CSV and Excel files: what every export in Utblick shares (engagements, partners, contact persons).

Text cells are made safe first (safe_text): a cell that starts with = + - @ (or a tab or carriage return)
gets a leading apostrophe, so a spreadsheet shows it as text instead of running it as a formula.
"""

import csv
import io

from django.http import HttpResponse, StreamingHttpResponse
from django.utils.http import content_disposition_header
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
XLSX_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def safe_text(value: str) -> str:
    """Text a spreadsheet will not run as a formula, without characters an XLSX file cannot hold."""
    value = ILLEGAL_CHARACTERS_RE.sub("", value)
    return "'" + value if value.startswith(FORMULA_STARTS) else value


def safe_row(values) -> list:
    """A row with every text made safe; numbers and dates stay what they are."""
    return [safe_text(value) if isinstance(value, str) else value for value in values]


def csv_value(value) -> str:
    if value is None:
        return ""
    if hasattr(value, "isoformat"):
        return value.isoformat()  # YYYY-MM-DD
    return str(value)


class _Echo:
    def write(self, value):
        return value


def csv_lines(headers, rows):
    """The lines of a CSV file: semicolons and a byte-order mark, what Excel with Swedish settings opens correctly."""
    writer = csv.writer(_Echo(), delimiter=";")
    yield "\ufeff" + writer.writerow([str(header) for header in headers])
    for row in rows:
        yield writer.writerow([csv_value(v) for v in row])


def csv_response(headers, rows, filename: str) -> StreamingHttpResponse:
    """Stream rows (already made safe) as a CSV download."""
    response = StreamingHttpResponse(csv_lines(headers, rows), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = content_disposition_header(as_attachment=True, filename=filename)
    return response


def xlsx_bytes(columns, rows, title: str) -> bytes:
    """An Excel workbook of one sheet: `columns` are (header, width), the header row bold and frozen."""
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(title=str(title)[:31])
    sheet.freeze_panes = "A2"
    for index, (_header, width) in enumerate(columns, start=1):
        sheet.column_dimensions[get_column_letter(index)].width = width
    bold = Font(bold=True)
    header_cells = []
    for header, _width in columns:
        cell = WriteOnlyCell(sheet, value=str(header))
        cell.font = bold
        header_cells.append(cell)
    sheet.append(header_cells)
    for row in rows:
        sheet.append(row)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def xlsx_response(columns, rows, filename: str, title: str) -> HttpResponse:
    """Rows (already made safe) as an Excel download; see xlsx_bytes."""
    response = HttpResponse(xlsx_bytes(columns, rows, title), content_type=XLSX_CONTENT_TYPE)
    response["Content-Disposition"] = content_disposition_header(as_attachment=True, filename=filename)
    return response
