"""Exports of the partner register: the lists as CSV and Excel (as filtered, formula-safe) and a person as vCard."""

import csv
import io

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from openpyxl import load_workbook

from tests.matrix import PERSONAS
from utblick.partners.importing import check_file
from utblick.partners.models import Affiliation, Contact
from utblick.partners.vcard import escape, fold

# Every internal role reads the register; the external actor sees only the directory.
READ = {"erik": 403, None: 302}


def csv_rows(response):
    text = b"".join(response.streaming_content).decode("utf-8")
    assert text.startswith("\ufeff")
    return list(csv.reader(io.StringIO(text[1:]), delimiter=";"))


def xlsx_rows(response):
    return [list(row) for row in load_workbook(io.BytesIO(response.content)).active.iter_rows(values_only=True)]


@pytest.fixture
def contact(roros, sara):
    from utblick.partners.actions import create_contact

    return create_contact(
        by=sara,
        fields={
            "name": "Ingrid Haugen",
            "title": "Rektor",
            "email": "ingrid@roros.example",
            "phone": "+47 72 41 00 00",
        },
        affiliations=[(roros, "Rektor")],
    )


@pytest.mark.parametrize("username", PERSONAS)
@pytest.mark.parametrize(
    "path",
    ["/partner/export.csv", "/partner/export.xlsx", "/partner/kontakter/export.csv", "/partner/kontakter/export.xlsx"],
)
def test_every_internal_role_can_export_the_lists(client_for, contact, username, path):
    assert client_for(username).get(path).status_code == READ.get(username, 200)


@pytest.mark.parametrize("username", PERSONAS)
def test_every_internal_role_can_download_a_vcard(client_for, contact, username):
    response = client_for(username).get(f"/partner/kontakter/{contact.pk}/vcard.vcf")
    assert response.status_code == READ.get(username, 200)


@pytest.mark.parametrize(
    "path", ["/partner/export.pdf", "/partner/kontakter/export.json", "/partner/kontakter/999999/vcard.vcf"]
)
def test_unknown_formats_and_contacts_are_404(client_for, personas, path):
    assert client_for("hans").get(path).status_code == 404


def test_the_organisation_list_is_exported_with_the_import_headers(client_for, roros):
    rows = csv_rows(client_for("lisa").get("/partner/export.csv"))
    assert rows[0] == [
        "Organisation",
        "Namn på eget språk",
        "Land",
        "Region",
        "Ort",
        "Typ",
        "Webbplats",
        "Beskrivning",
        "Etablerad partner",
        "Engagemang",
    ]
    assert rows[1] == [
        "Røros kommune",
        "",
        "Norge",
        "",
        "Røros",
        "Kommun",
        "https://www.roros.kommune.no",
        "",
        "Nej",
        "0",
    ]


def test_the_export_follows_the_list_filters(client_for, roros, make_organisation):
    make_organisation(name="Tartu linn", country="EE", city="Tartu")
    make_organisation(name="Trondheim kommune", country="NO", kind="kommun", city="Trondheim")
    client = client_for("hans")
    names = [row[0] for row in csv_rows(client.get("/partner/export.csv", {"country": "NO", "sort": "-name"}))[1:]]
    assert names == ["Trondheim kommune", "Røros kommune"]
    names = [row[0] for row in xlsx_rows(client.get("/partner/export.xlsx", {"q": "tartu"}))[1:]]
    assert names == ["Tartu linn"]


def test_an_export_with_a_broken_filter_is_refused_with_a_message(client_for, roros):
    response = client_for("hans").get("/partner/export.csv", {"country": "XX"})
    assert response.status_code == 400
    page = response.content.decode()
    assert "Filtret innehåller fel. Rätta felen i listan och exportera igen." in page
    assert 'href="/partner/?country=XX"' in page


@pytest.mark.parametrize("start", ["=", "+", "-", "@"])
def test_cells_that_start_like_a_formula_are_neutralised_in_csv_and_excel(client_for, make_organisation, start):
    make_organisation(name=f'{start}HYPERLINK("https://evil.example","Klicka")', city=f"{start}1+1")
    client = client_for("hans")
    for rows in (csv_rows(client.get("/partner/export.csv")), xlsx_rows(client.get("/partner/export.xlsx"))):
        assert rows[1][0] == f'\'{start}HYPERLINK("https://evil.example","Klicka")'
        assert rows[1][4] == f"'{start}1+1"


def test_the_contact_list_has_one_row_per_person_and_organisation(client_for, contact, make_organisation):
    tartu = make_organisation(name="Tartu linn", country="EE")
    Affiliation.objects.create(contact=contact, organisation=tartu, role="Styrelseledamot")
    Contact.objects.create(name="Utan Organisation")
    rows = csv_rows(client_for("per").get("/partner/kontakter/export.csv"))
    assert rows[0] == [
        "Kontaktperson",
        "Titel",
        "Organisation",
        "Land",
        "Roll",
        "E-post",
        "Telefon",
        "Språk",
        "Anteckningar",
    ]
    assert rows[1:] == [
        [
            "Ingrid Haugen",
            "Rektor",
            "Røros kommune",
            "Norge",
            "Rektor",
            "ingrid@roros.example",
            "'+47 72 41 00 00",
            "",
            "",
        ],
        [
            "Ingrid Haugen",
            "Rektor",
            "Tartu linn",
            "Estland",
            "Styrelseledamot",
            "ingrid@roros.example",
            "'+47 72 41 00 00",
            "",
            "",
        ],
        ["Utan Organisation", "", "", "", "", "", "", "", ""],
    ]


def test_the_contact_export_follows_the_search_and_leaves_out_anonymised_people(client_for, contact):
    Contact.objects.create(name="Mari Tamm", email="mari@tartu.example")
    Contact.objects.create(name="Anonymiserad", anonymised_at=timezone.now())
    client = client_for("lisa")
    assert [row[0] for row in xlsx_rows(client.get("/partner/kontakter/export.xlsx"))[1:]] == [
        "Ingrid Haugen",
        "Mari Tamm",
    ]
    assert [row[0] for row in csv_rows(client.get("/partner/kontakter/export.csv", {"q": "tartu"}))[1:]] == [
        "Mari Tamm"
    ]


def test_the_contact_export_costs_the_same_queries_for_one_or_many(
    client_for, contact, roros, django_assert_num_queries
):
    client = client_for("hans")
    client.get("/partner/kontakter/export.csv")  # the session and the user, once
    with CaptureQueriesContext(connection) as one:
        b"".join(client.get("/partner/kontakter/export.csv").streaming_content)
    for number in range(20):
        Affiliation.objects.create(contact=Contact.objects.create(name=f"Person {number}"), organisation=roros)
    with CaptureQueriesContext(connection) as many:
        content = b"".join(client.get("/partner/kontakter/export.csv").streaming_content)
    assert content.count(b"\n") == 22
    assert len(many) == len(one)


def test_the_organisation_export_costs_the_same_queries_for_one_or_many(client_for, roros, make_organisation):
    client = client_for("hans")
    client.get("/partner/export.xlsx")
    with CaptureQueriesContext(connection) as one:
        client.get("/partner/export.xlsx")
    for number in range(20):
        make_organisation(name=f"Organisation {number}")
    with CaptureQueriesContext(connection) as many:
        response = client.get("/partner/export.xlsx")
    assert len(xlsx_rows(response)) == 22
    assert len(many) == len(one)


def test_an_exported_list_can_be_imported_again_and_links_to_what_exists(client_for, contact):
    client = client_for("sara")
    for path in ("/partner/export.csv", "/partner/kontakter/export.csv"):
        content = b"".join(client.get(path).streaming_content)
        plan = check_file(content, "export.csv")
        assert plan.problems == []
        assert all(item.existing for item in plan.organisations)
    assert plan.contacts[0].existing == contact


def test_the_list_pages_link_to_the_exports(client_for, contact):
    client = client_for("lisa")
    assert 'href="/partner/export.csv?"' in client.get("/partner/").content.decode()
    assert (
        'href="/partner/kontakter/export.xlsx?q=ingrid"'
        in client.get("/partner/kontakter/", {"q": "ingrid"}).content.decode()
    )
    assert (
        f'href="/partner/kontakter/{contact.pk}/vcard.vcf"'
        in client.get(f"/partner/kontakter/{contact.pk}/").content.decode()
    )


# ---- vCard ---------------------------------------------------------------------------------------------------


def test_a_contact_becomes_a_vcard_3(client_for, contact):
    response = client_for("hans").get(f"/partner/kontakter/{contact.pk}/vcard.vcf")
    assert response["Content-Type"] == "text/vcard; charset=utf-8"
    assert response["Content-Disposition"] == 'attachment; filename="ingrid-haugen.vcf"'
    lines = response.content.decode().split("\r\n")
    assert lines[:4] == ["BEGIN:VCARD", "VERSION:3.0", "N:Haugen;Ingrid;;;", "FN:Ingrid Haugen"]
    assert "ORG:Røros kommune" in lines
    assert "ROLE:Rektor" in lines and "TITLE:Rektor" in lines
    assert "EMAIL;TYPE=INTERNET:ingrid@roros.example" in lines
    assert "TEL;TYPE=WORK,VOICE:+47 72 41 00 00" in lines
    assert lines[-2:] == ["END:VCARD", ""]


def test_commas_semicolons_backslashes_and_line_breaks_are_escaped(client_for, roros, sara):
    from utblick.partners.actions import create_contact

    tricky = create_contact(
        by=sara,
        fields={"name": "Haugen, Ingrid; Rektor", "title": "Rektor\r\nEND:VCARD\r\nBEGIN:VCARD", "notes": "hemligt"},
        affiliations=[(roros, "a\\b")],
    )
    text = client_for("hans").get(f"/partner/kontakter/{tricky.pk}/vcard.vcf").content.decode()
    lines = text.split("\r\n")
    assert "FN:Haugen\\, Ingrid\\; Rektor" in lines
    assert "TITLE:Rektor\\nEND:VCARD\\nBEGIN:VCARD" in lines
    assert "ROLE:a\\\\b" in lines
    assert lines.count("BEGIN:VCARD") == 1 and lines.count("END:VCARD") == 1  # no line of its own
    assert "hemligt" not in text  # the municipality's own notes stay in Utblick


def test_escape_and_fold_follow_rfc_2426():
    assert escape("a,b;c\\d\ne") == "a\\,b\\;c\\\\d\\ne"
    long = "NOTE:" + "å" * 100
    folded = fold(long)
    pieces = folded.split("\r\n ")
    assert all(len(piece.encode()) <= 75 for piece in pieces)
    assert "".join(pieces) == long


def test_an_anonymised_contact_has_no_vcard(client_for, contact):
    Contact.objects.filter(pk=contact.pk).update(anonymised_at=timezone.now())
    assert client_for("sara").get(f"/partner/kontakter/{contact.pk}/vcard.vcf").status_code == 404
