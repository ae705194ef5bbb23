"""manage.py annual_report writes the report as each format, as the system; bad arguments get a Swedish reason."""

import io
import zipfile

import pytest
from django.core.management import CommandError, call_command
from docx import Document
from openpyxl import load_workbook
from pypdf import PdfReader

from utblick.engagements.models import Status


@pytest.fixture
def year_of_work(make_engagement, units):
    """Two engagements of 2025 in Hans's unit, one of them secret, and one in Karin's."""
    make_engagement(title="Skolutbyte med Røros", status=Status.ONGOING)
    make_engagement(title="Hemligt utbyte om elevhälsa", status=Status.ONGOING, is_secret=True)
    make_engagement(title="Kulturfestival med Tartu", status=Status.ONGOING, owner_unit=units["kultur"])


def run(*args):
    out = io.StringIO()
    call_command("annual_report", *args, stdout=out)
    return out.getvalue()


@pytest.mark.parametrize("fmt", ["docx", "pdf", "xlsx"])
def test_the_command_writes_the_whole_municipalitys_report_in_each_format(year_of_work, tmp_path, fmt):
    target = tmp_path / f"arsrapport.{fmt}"
    output = run("--year", "2025", "--format", fmt, "--output", str(target))
    assert output.startswith(f"Skrev {target} (")
    data = target.read_bytes()
    if fmt == "docx":
        document = Document(io.BytesIO(data))
        assert document.paragraphs[0].text == "Internationellt arbete 2025 – Hela kommunen"
        assert document.tables
    elif fmt == "pdf":
        text = "".join(page.extract_text() for page in PdfReader(io.BytesIO(data)).pages)
        assert "Internationellt arbete 2025 – Hela kommunen" in text
        assert "Hemligt utbyte" not in text  # counted, never named
    else:
        workbook = load_workbook(io.BytesIO(data))
        assert workbook.sheetnames[0] == "Sammanfattning"
        assert len(workbook.sheetnames) > 1


def test_the_command_writes_one_units_report(year_of_work, units, tmp_path):
    target = tmp_path / "kultur.docx"
    run("--year", "2025", "--unit", str(units["kultur"].pk), "--format", "docx", "--output", str(target))
    with zipfile.ZipFile(target) as package:
        assert "word/document.xml" in package.namelist()
    assert Document(str(target)).paragraphs[0].text == "Internationellt arbete 2025 – Kultur och fritid"


def test_the_command_refuses_an_unknown_unit(policy, tmp_path):
    with pytest.raises(CommandError, match="Det finns ingen enhet med id 999999"):
        run("--year", "2025", "--unit", "999999", "--format", "pdf", "--output", str(tmp_path / "x.pdf"))


@pytest.mark.parametrize("year", ["1999", "3000", "205"])
def test_the_command_refuses_a_year_out_of_range(policy, tmp_path, year):
    with pytest.raises(CommandError, match="Året måste vara mellan 2000 och"):
        run("--year", year, "--format", "pdf", "--output", str(tmp_path / "x.pdf"))


def test_the_command_refuses_an_unknown_format(policy, tmp_path):
    with pytest.raises(CommandError, match="Okänt format ”odt”. Välj docx \\(Word\\), pdf eller xlsx \\(Excel\\)."):
        run("--year", "2025", "--format", "odt", "--output", str(tmp_path / "x.odt"))


def test_the_command_refuses_an_output_in_a_missing_folder(policy, tmp_path):
    missing = tmp_path / "finns-inte"
    with pytest.raises(CommandError, match="Mappen .*finns-inte finns inte. Skapa den först"):
        run("--year", "2025", "--format", "xlsx", "--output", str(missing / "x.xlsx"))
    assert not missing.exists()


def test_the_format_may_be_written_in_capitals(policy, tmp_path):
    target = tmp_path / "rapport.xlsx"
    run("--year", "2025", "--format", "XLSX", "--output", str(target))
    assert target.read_bytes()[:2] == b"PK"
