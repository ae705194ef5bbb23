"""Exporting the filtered list to CSV and Excel: what the files contain, who gets what, and the limits."""

import csv
import datetime
import io
import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from openpyxl import load_workbook

from utblick.engagements.models import Kind
from utblick.engagements.tests.helpers import with_relations
from utblick.organisation.models import Person

CSV = "/engagemang/export.csv"
XLSX = "/engagemang/export.xlsx"


def content(response) -> bytes:
    return b"".join(response.streaming_content) if response.streaming else response.content


def csv_rows(response) -> list[list[str]]:
    text = content(response).decode("utf-8")
    assert text.startswith("\ufeff"), "Excel needs the byte-order mark to read UTF-8"
    return list(csv.reader(io.StringIO(text[1:]), delimiter=";"))


def xlsx_rows(response) -> list[list]:
    sheet = load_workbook(io.BytesIO(content(response))).active
    return [list(row) for row in sheet.iter_rows(values_only=True)]


def as_dicts(rows) -> list[dict]:
    header, *body = rows
    return [dict(zip(header, row, strict=True)) for row in body]


@pytest.fixture
def school_exchange(make_engagement, per, hans):
    engagement = make_engagement(
        title="Skolutbyte med Røros",
        kind=Kind.SAMARBETE,
        diary_number="BUN 2025/117",
        responsible_politician=Person.objects.get(user=per),
        responsible_officer=Person.objects.get(user=hans),
        results="Nya arbetssätt i matematik.",
    )
    return with_relations(engagement)


def test_csv_has_swedish_headers_semicolons_and_iso_dates(client_for, school_exchange):
    response = client_for("sara").get(CSV)
    assert response.status_code == 200
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    today = timezone.localdate().isoformat()
    assert response["Content-Disposition"] == f'attachment; filename="engagemang-{today}.csv"'
    (row,) = as_dicts(csv_rows(response))
    assert row["Titel"] == "Skolutbyte med Røros"
    assert row["Typ"] == "Samarbete/partnerskap"
    assert row["Status"] == "Idé"
    assert row["Ansvarig enhet"] == "Barn, utbildning och fritid"
    assert row["Ansvarig förtroendevald"] == "Per Politiker"
    assert row["Ansvarig tjänsteman"] == "Hans Handläggare"
    assert row["Mål"] == "M3, M5"
    assert row["Partner"] == f"Oulun kaupunki {school_exchange.pk}, Røros kommune {school_exchange.pk}"
    assert row["Länder"] == "Finland, Norge"
    assert row["Startdatum"] == "2025-08-01"
    assert row["Slutdatum"] == "2026-06-30"
    assert row["Diarienummer"] == "BUN 2025/117"
    assert row["Sekretess"] == "Nej"
    assert row["Resultat"] == "Nya arbetssätt i matematik."


def test_xlsx_has_a_bold_frozen_header_column_widths_and_real_dates(client_for, school_exchange):
    response = client_for("sara").get(XLSX)
    assert response.status_code == 200
    assert response["Content-Type"] == "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    today = timezone.localdate().isoformat()
    assert response["Content-Disposition"] == f'attachment; filename="engagemang-{today}.xlsx"'
    sheet = load_workbook(io.BytesIO(response.content)).active
    assert sheet.freeze_panes == "A2"
    assert sheet["A1"].value == "ID" and sheet["A1"].font.bold
    assert sheet["B1"].value == "Titel" and sheet["B1"].font.bold
    assert sheet.column_dimensions["B"].width == 40
    (row,) = as_dicts(xlsx_rows(response))
    assert row["Titel"] == "Skolutbyte med Røros"
    assert row["Startdatum"] == datetime.datetime(2025, 8, 1)
    assert row["Länder"] == "Finland, Norge"


@pytest.mark.parametrize("url", [CSV, XLSX])
def test_the_export_has_the_filtered_list_without_pages(client_for, make_engagement, settings, url):
    settings.UTBLICK_PAGE_SIZE = 2
    for i in range(5):
        make_engagement(title=f"Vänort {i}", kind=Kind.VANORT)
    make_engagement(title="Resa till Bryssel", kind=Kind.RESA)
    make_engagement(title="Arkiverad vänort", kind=Kind.VANORT, archived_at=timezone.now())
    response = client_for("sara").get(url, {"kind": "vanort", "sort": "title", "page": "2"})
    rows = csv_rows(response) if url == CSV else xlsx_rows(response)
    assert [row["Titel"] for row in as_dicts(rows)] == [f"Vänort {i}" for i in range(5)]


@pytest.mark.parametrize("url", [CSV, XLSX])
def test_cells_that_a_spreadsheet_would_run_as_formulas_get_a_leading_apostrophe(client_for, make_engagement, url):
    make_engagement(
        title='=HYPERLINK("http://angripare.example","klicka")',
        purpose="+46 70 123 45 67",
        results="@SUM(A1:A2)",
        diary_number="-2025/1",
    )
    response = client_for("sara").get(url)
    (row,) = as_dicts(csv_rows(response) if url == CSV else xlsx_rows(response))
    assert row["Titel"] == '\'=HYPERLINK("http://angripare.example","klicka")'
    assert row["Syfte"] == "'+46 70 123 45 67"
    assert row["Resultat"] == "'@SUM(A1:A2)"
    assert row["Diarienummer"] == "'-2025/1"


def test_xlsx_export_drops_control_characters_that_excel_cannot_hold(client_for, make_engagement):
    make_engagement(title="Utbyte\x0bmed\x1fTartu")
    (row,) = as_dicts(xlsx_rows(client_for("sara").get(XLSX)))
    assert row["Titel"] == "UtbytemedTartu"


@pytest.mark.parametrize("url", [CSV, XLSX])
def test_secret_engagements_are_exported_only_to_those_who_may_see_them(client_for, make_engagement, url):
    make_engagement(title="Känsligt samråd", is_secret=True, secrecy_ground="OSL 21 kap. 7 §")
    make_engagement(title="Öppet utbyte")

    def exported(persona):
        response = client_for(persona).get(url)
        return sorted(row["Titel"] for row in as_dicts(csv_rows(response) if url == CSV else xlsx_rows(response)))

    assert exported("karin") == ["Öppet utbyte"]
    assert exported("lisa") == ["Öppet utbyte"]
    assert exported("hans") == ["Känsligt samråd", "Öppet utbyte"]
    assert exported("sara") == ["Känsligt samråd", "Öppet utbyte"]


@pytest.mark.parametrize("url", [CSV, XLSX])
@pytest.mark.parametrize(
    ("persona", "status"),
    [("sara", 200), ("hans", 200), ("karin", 200), ("fredrik", 200), ("per", 200), ("lisa", 200), ("erik", 403)],
)
def test_who_may_export(client_for, make_engagement, url, persona, status):
    make_engagement()
    assert client_for(persona).get(url).status_code == status


@pytest.mark.parametrize("url", [CSV, XLSX])
def test_anonymous_visitors_are_sent_to_login_from_the_export(client, make_engagement, url):
    response = client.get(url)
    assert response.status_code == 302
    assert response["Location"].startswith("/konto/logga-in/")


@pytest.mark.parametrize("fmt", ["pdf", "CSV", "csv.exe", "json"])
def test_an_unknown_format_is_not_found(client_for, db, fmt):
    assert client_for("sara").get(f"/engagemang/export.{fmt}").status_code == 404


def test_an_export_larger_than_the_limit_is_refused_with_a_swedish_explanation(client_for, make_engagement, settings):
    settings.UTBLICK_EXPORT_MAX_ROWS = 2
    for i in range(3):
        make_engagement(title=f"Utbyte {i}", kind=Kind.VANORT)
    response = client_for("sara").get(CSV)
    assert response.status_code == 400
    body = response.content.decode()
    assert "Urvalet innehåller 3 engagemang men högst 2 kan exporteras åt gången." in body
    assert "Begränsa urvalet med filtren och exportera igen." in body
    assert client_for("sara").get(CSV, {"q": "Utbyte 1"}).status_code == 200


@pytest.mark.parametrize("url", [CSV, XLSX])
def test_an_export_with_a_bad_filter_is_refused_with_the_error(client_for, make_engagement, url):
    make_engagement()
    response = client_for("hans").get(url, {"year": "abc"})
    assert response.status_code == 400
    body = response.content.decode()
    assert "Filtret innehåller fel." in body
    assert "Ange året med fyra siffror, till exempel 2025." in body


def count_queries(client, url) -> int:
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
        assert response.status_code == 200
        data = content(response)  # a streamed export runs its queries while it is read
    assert data
    return len(queries)


@pytest.mark.parametrize("url", [CSV, XLSX])
def test_the_export_costs_the_same_number_of_queries_for_3_and_40_engagements(
    client_for, make_engagement, units, per, hans, url
):
    politician, officer = Person.objects.get(user=per), Person.objects.get(user=hans)

    def add(n):
        for i in range(n):
            with_relations(
                make_engagement(
                    title=f"Utbyte {i}",
                    owner_unit=units["gymnasiet" if i % 2 else "kultur"],
                    responsible_politician=politician,
                    responsible_officer=officer,
                )
            )

    client = client_for("hans")
    add(3)
    client.get(url)  # warm caches that are not per request
    few = count_queries(client, url)
    add(37)
    many = count_queries(client, url)
    response = client.get(url)
    assert len(csv_rows(response) if url == CSV else xlsx_rows(response)) == 41
    assert few == many


def test_the_csv_is_streamed(client_for, make_engagement):
    make_engagement()
    response = client_for("sara").get(CSV)
    assert response.streaming
    assert re.match(rb"\xef\xbb\xbfID;Titel;Typ;Status;", content(client_for("sara").get(CSV)))
