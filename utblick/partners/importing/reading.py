"""Bytes of an uploaded file -> a header row and data rows of text, for XLSX and CSV as municipalities keep them.

Nothing here trusts the file: an XLSX is a zip archive whose declared sizes are checked before openpyxl
opens it (a zip bomb is refused without being unpacked: Python's zipfile never inflates a member beyond
its declared size), and every limit is a whole Swedish sentence that says what to do instead.
"""

from __future__ import annotations

import csv
import datetime
import io
import re
import zipfile
from dataclasses import dataclass, field

from django.utils.translation import gettext as _

# An XLSX file of a few megabytes unpacks to some tens of megabytes of XML; far more is an attack or a mistake.
MAX_UNCOMPRESSED_BYTES = 200 * 1024 * 1024
# Spreadsheet XML compresses about 5-20 times; a zip bomb compresses thousands of times.
MAX_COMPRESSION_RATIO = 200
MAX_ZIP_MEMBERS = 2000
# Rows and columns read at most: more rows is a file to split, more columns cannot be our template.
MAX_ROWS = 50_000
MAX_COLUMNS = 60
EXCEL_MAX_ROWS = 1_048_576  # a row number beyond Excel's last row is a forged file
MAX_CELL_CHARACTERS = 10_000

ZIP_MAGIC = b"PK\x03\x04"
OLE_MAGIC = b"\xd0\xcf\x11\xe0"  # the old binary .xls format (and other Office 97-2003 files)
UTF8_BOM = b"\xef\xbb\xbf"
DELIMITERS = (";", ",", "\t")
_QUOTED = re.compile(r'"[^"]*"')


class UnreadableFile(Exception):
    """The file cannot be read at all; the message says why and what to do, in Swedish."""


@dataclass
class Table:
    """What a file holds: its header cells, and (row number as the spreadsheet shows it, cells) per data row."""

    headers: list[str]
    rows: list[tuple[int, list[str]]] = field(default_factory=list)
    header_row: int = 1


def read_table(content: bytes, file_name: str = "") -> Table:
    """The first sheet of an XLSX file, or a CSV file, as text; raises UnreadableFile."""
    if not content.strip():
        raise UnreadableFile(_("Filen är tom. Välj en fil med en rubrikrad och minst en rad med organisationer."))
    name = file_name.lower()
    if content.startswith(OLE_MAGIC) or name.endswith(".xls"):
        raise UnreadableFile(
            _(
                "Filen är i det gamla Excel-formatet (.xls). Spara den som Excel-arbetsbok (.xlsx) eller CSV och försök igen."
            )
        )
    if content.startswith(ZIP_MAGIC) or name.endswith((".xlsx", ".xlsm")):
        return _table_from_cells(_xlsx_cells(content))
    return _table_from_cells(_csv_cells(content))


# ---- XLSX -------------------------------------------------------------------------------------------------


def check_zip(content: bytes) -> None:
    """Refuse an archive that is not a zip, or would unpack to far more than a spreadsheet does (a zip bomb)."""
    broken = UnreadableFile(
        _(
            "Filen kunde inte läsas som en Excel-fil (.xlsx). Öppna den i Excel, spara den igen som .xlsx och försök igen."
        )
    )
    try:
        archive = zipfile.ZipFile(io.BytesIO(content))
    except (zipfile.BadZipFile, zipfile.LargeZipFile, ValueError, OSError):
        raise broken from None
    with archive:
        members = archive.infolist()
        if len(members) > MAX_ZIP_MEMBERS:
            raise broken
        total = 0
        for member in members:
            total += member.file_size
            ratio = member.file_size / max(member.compress_size, 1)
            if total > MAX_UNCOMPRESSED_BYTES or (member.file_size > 1024 * 1024 and ratio > MAX_COMPRESSION_RATIO):
                raise UnreadableFile(
                    _(
                        "Filen packas upp till mycket mer data än ett vanligt kalkylark och läses därför inte. "
                        "Kontrollera att det är rätt fil, eller spara den som CSV och försök igen."
                    )
                )


def _xlsx_cells(content: bytes):
    check_zip(content)
    from openpyxl import load_workbook

    try:
        workbook = load_workbook(io.BytesIO(content), read_only=True, data_only=True)
    except Exception:  # noqa: BLE001 - openpyxl raises many kinds of errors for broken files; all mean the same
        raise UnreadableFile(
            _(
                "Filen kunde inte läsas som en Excel-fil (.xlsx). Öppna den i Excel, spara den igen som .xlsx och försök igen."
            )
        ) from None
    try:
        sheet = workbook.worksheets[0] if workbook.worksheets else None
        if sheet is None:
            raise UnreadableFile(_("Excel-filen har inget kalkylblad. Lägg organisationerna på det första bladet."))
        # max_row and max_col bound the work even when a sheet declares rows far apart or a million columns;
        # openpyxl fills the gaps with one shared empty row, skipped here before any work is done on it.
        rows = sheet.iter_rows(max_row=EXCEL_MAX_ROWS, max_col=MAX_COLUMNS, values_only=True)
        for number, values in enumerate(rows, start=1):
            if any(value is not None for value in values):
                yield number, [_cell_text(value) for value in values]
    except UnreadableFile:
        raise
    except Exception:  # noqa: BLE001 - a broken sheet inside a valid archive
        raise UnreadableFile(
            _(
                "Excel-filen är skadad och kunde inte läsas till slut. Öppna den i Excel, spara den igen och försök igen."
            )
        ) from None
    finally:
        workbook.close()


def _cell_text(value) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return _("Ja") if value else _("Nej")
    if isinstance(value, float) and value.is_integer():
        return str(int(value))  # a phone number typed as a number: 4670123456, not 4670123456.0
    if isinstance(value, datetime.datetime | datetime.date):
        return value.isoformat()
    return str(value)


# ---- CSV --------------------------------------------------------------------------------------------------


def decode(content: bytes) -> str:
    """UTF-8 (with or without a byte-order mark), else Windows-1252, what Excel in Swedish saves."""
    if content.startswith(UTF8_BOM):
        content = content[len(UTF8_BOM) :]
    elif content.startswith((b"\xff\xfe", b"\xfe\xff")):
        try:
            return content.decode("utf-16")
        except UnicodeDecodeError:
            pass
    try:
        return content.decode("utf-8")
    except UnicodeDecodeError:
        pass
    try:
        return content.decode("cp1252")
    except UnicodeDecodeError:
        raise UnreadableFile(
            _(
                "Filens teckenkodning känns inte igen. Spara den som ”CSV UTF-8 (kommaavgränsad)” i Excel "
                "och försök igen."
            )
        ) from None


def delimiter_of(text: str) -> str:
    """Semicolon, comma or tab: whichever the header line has most of, outside quotes (csv.Sniffer guesses badly)."""
    first = next((line for line in text.splitlines() if line.strip()), "")
    unquoted = _QUOTED.sub("", first)
    counts = {d: unquoted.count(d) for d in DELIMITERS}
    best = max(DELIMITERS, key=lambda d: counts[d])
    return best if counts[best] else ";"


def _csv_cells(content: bytes):
    text = decode(content)
    if "\x00" in text:
        raise UnreadableFile(
            _("Filen innehåller binära data och är inte en CSV-fil. Välj en .xlsx- eller .csv-fil och försök igen.")
        )
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter_of(text))
    number = 0
    try:
        for number, values in enumerate(reader, start=1):
            yield number, values[:MAX_COLUMNS]
    except csv.Error:
        raise UnreadableFile(
            _(
                "Rad %(row)d i filen kunde inte läsas (ett citattecken saknas eller ett fält är för långt). Rätta raden och försök igen."
            )
            % {"row": number + 1}
        ) from None


# ---- Both -------------------------------------------------------------------------------------------------


def _table_from_cells(cells) -> Table:
    """The first non-empty row is the header; empty rows are skipped but keep their numbers."""
    table = None
    for number, values in cells:
        values = [value.strip() for value in values]
        if not any(values):
            continue
        if table is None:
            while values and not values[-1]:
                values.pop()
            table = Table(headers=values, header_row=number)
            continue
        if len(table.rows) >= MAX_ROWS:
            raise UnreadableFile(
                _("Filen har fler än %(max)d rader. Dela upp den i flera filer och importera dem en i taget.")
                % {"max": MAX_ROWS}
            )
        for value in values:
            if len(value) > MAX_CELL_CHARACTERS:
                raise UnreadableFile(
                    _("Rad %(row)d har en cell med mer än %(max)d tecken. Korta av texten och försök igen.")
                    % {"row": number, "max": MAX_CELL_CHARACTERS}
                )
        table.rows.append((number, values))
    if table is None:
        raise UnreadableFile(_("Filen är tom. Välj en fil med en rubrikrad och minst en rad med organisationer."))
    if not table.rows:
        raise UnreadableFile(_("Filen har bara en rubrikrad. Lägg till minst en rad med en organisation."))
    return table
