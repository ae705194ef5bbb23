"""Files for the import tests, made the way municipalities make them: Excel workbooks and CSV in several encodings."""

import csv
import io
import zipfile

from openpyxl import Workbook

HEADERS = ["Organisation", "Land", "Ort", "Typ", "Kontaktperson", "Titel", "Roll", "E-post", "Telefon"]
TARTU = [
    "Tartu linn",
    "Estland",
    "Tartu",
    "Kommun",
    "Mari Tamm",
    "Kulturchef",
    "Vänortskontakt",
    "mari@tartu.example",
    "+372 736 1111",
]
RÖROS = ["Røros kommune", "Norge", "Røros", "Kommun", "Ingrid Haugen", "Rektor", "", "ingrid@roros.example", ""]


def xlsx(rows, title="Partner") -> bytes:
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = title
    for row in rows:
        sheet.append(row)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def csv_file(rows, *, delimiter=";", encoding="utf-8", bom=False) -> bytes:
    buffer = io.StringIO()
    csv.writer(buffer, delimiter=delimiter, lineterminator="\r\n").writerows(rows)
    data = buffer.getvalue().encode(encoding)
    return (b"\xef\xbb\xbf" + data) if bom else data


def zip_bomb(member_size=300 * 1024 * 1024) -> bytes:
    """A zip named like a workbook whose one member unpacks from about 300 KB to `member_size` bytes of zeros."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED, compresslevel=9) as archive:
        with archive.open("xl/worksheets/sheet1.xml", "w", force_zip64=True) as member:
            chunk = b"\0" * (1024 * 1024)
            for _ in range(member_size // len(chunk)):
                member.write(chunk)
        archive.writestr("[Content_Types].xml", "<Types/>")
    return buffer.getvalue()
