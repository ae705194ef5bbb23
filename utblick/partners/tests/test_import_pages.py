"""The import pages: upload, preview (what happens, duplicates to decide on, or what to fix), import once."""

import pytest
from django.contrib.auth import get_user_model
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from tests.matrix import PERSONAS
from utblick.core.history import history_of
from utblick.core.roles import Role
from utblick.organisation.models import Membership
from utblick.partners.models import Contact, Organisation, PartnerImport
from utblick.partners.tests.import_files import HEADERS, RÖROS, TARTU, csv_file, xlsx

# Only the coordinator imports (the partners issue: "only samordnare merges, anonymises and imports").
ONLY_SARA = {"sara": 200, None: 302}


def status_for(username):
    return ONLY_SARA.get(username, 403)


def upload(client, content, name="partner.xlsx"):
    return client.post("/partner/import/", {"file": SimpleUploadedFile(name, content)})


@pytest.fixture
def stored(sara):
    return PartnerImport.objects.create(
        file_name="partner.xlsx", content=xlsx([HEADERS, TARTU, RÖROS]), created_by=sara
    )


# ---- Permissions ------------------------------------------------------------------------------------------------


@pytest.mark.parametrize("username", PERSONAS)
@pytest.mark.parametrize("path", ["/partner/import/", "/partner/import/mall.xlsx", "/partner/import/mall.csv"])
def test_only_the_coordinator_opens_the_import_pages(client_for, personas, username, path):
    assert client_for(username).get(path).status_code == status_for(username)


@pytest.mark.parametrize("username", PERSONAS)
def test_only_the_coordinator_sees_a_preview(client_for, stored, username):
    assert client_for(username).get(f"/partner/import/{stored.pk}/").status_code == status_for(username)


@pytest.mark.parametrize("username", PERSONAS)
def test_only_the_coordinator_can_upload(client_for, personas, username):
    response = upload(client_for(username), xlsx([HEADERS, TARTU]))
    assert response.status_code == (302 if username in ("sara", None) else 403)
    assert PartnerImport.objects.exists() == (username == "sara")


@pytest.mark.parametrize("username", PERSONAS)
def test_only_the_coordinator_can_import(client_for, stored, username):
    response = client_for(username).post(f"/partner/import/{stored.pk}/")
    assert response.status_code == (302 if username in ("sara", None) else 403)
    assert Organisation.objects.exists() == (username == "sara")


def test_another_coordinators_import_is_404(client_for, stored, units):
    sofia = get_user_model().objects.create_user("sofia")
    Membership.objects.create(user=sofia, unit=units["nuk"], role=Role.SAMORDNARE)
    client = Client()
    client.force_login(sofia)
    assert client.get(f"/partner/import/{stored.pk}/").status_code == 404
    assert client.post(f"/partner/import/{stored.pk}/").status_code == 404
    assert not Organisation.objects.exists()


def test_an_unknown_import_and_an_unknown_template_format_are_404(client_for, personas):
    assert client_for("sara").get("/partner/import/999999/").status_code == 404
    assert client_for("sara").get("/partner/import/mall.pdf").status_code == 404


def test_the_upload_checks_the_csrf_token(personas):
    client = Client(enforce_csrf_checks=True)
    client.force_login(personas["sara"])
    assert upload(client, xlsx([HEADERS, TARTU])).status_code == 403
    assert not PartnerImport.objects.exists()


def test_the_list_page_links_to_the_import_only_for_the_coordinator(client_for, personas):
    assert 'href="/partner/import/"' in client_for("sara").get("/partner/").content.decode()
    assert 'href="/partner/import/"' not in client_for("hans").get("/partner/").content.decode()


# ---- Upload -----------------------------------------------------------------------------------------------------


def test_an_uploaded_file_is_kept_and_previewed_without_writing_anything(client_for, personas):
    client = client_for("sara")
    response = upload(client, xlsx([HEADERS, TARTU, RÖROS]))
    stored = PartnerImport.objects.get()
    assert response["Location"] == f"/partner/import/{stored.pk}/"
    assert stored.created_by == personas["sara"] and stored.imported_at is None
    page = client.get(response["Location"]).content.decode()
    assert "2 nya organisationer skapas." in page
    assert "2 nya kontaktpersoner skapas." in page
    assert "Tartu linn" in page and "Mari Tamm" in page
    assert not Organisation.objects.exists()


def test_no_file_asks_for_one(client_for, personas):
    response = client_for("sara").post("/partner/import/", {})
    assert "Välj en fil att importera." in response.content.decode()


def test_an_empty_file_is_refused_in_swedish(client_for, personas):
    response = upload(client_for("sara"), b"", "tom.csv")
    assert "Filen är tom. Välj en fil med en rubrikrad" in response.content.decode()
    assert not PartnerImport.objects.exists()


def test_a_file_over_the_size_limit_is_refused_before_it_is_kept(client_for, personas, settings):
    settings.PARTNERS_IMPORT_MAX_BYTES = 100 * 1024
    content = csv_file([["Organisation", "Land"]] + [["Tartu linn", "EE"]] * 20_000)
    assert len(content) > 2 * settings.PARTNERS_IMPORT_MAX_BYTES
    response = upload(client_for("sara"), content, "a.csv")
    page = response.content.decode()
    assert response.status_code == 200
    assert "Filen är 0,29 MB, men högst 0,10 MB kan importeras åt gången." in page
    assert "Dela upp den i mindre filer" in page
    assert 'href="#id_file"' in page
    assert not PartnerImport.objects.exists()


def test_a_50_mb_upload_is_refused_by_the_default_limit(client_for, personas, settings):
    assert settings.PARTNERS_IMPORT_MAX_BYTES < 50 * 1024 * 1024
    big = b"Organisation;Land\r\n" + b"Tartu linn;EE\r\n" * (50 * 1024 * 1024 // 15)
    response = upload(client_for("sara"), big, "stor.csv")
    page = response.content.decode()
    assert "Dela upp den i mindre filer" in page
    assert "Filen är 50 MB, men högst 10 MB kan importeras åt gången." in page
    assert not PartnerImport.objects.exists()


def test_a_file_just_under_the_limit_is_accepted(client_for, personas, settings):
    content = xlsx([HEADERS, TARTU])
    settings.PARTNERS_IMPORT_MAX_BYTES = len(content)
    assert upload(client_for("sara"), content).status_code == 302
    assert bytes(PartnerImport.objects.get().content) == content


def test_the_size_is_checked_again_when_the_upload_handler_is_not_in_front(rf, personas, settings):
    from django.core.files.uploadedfile import SimpleUploadedFile as Upload

    from utblick.partners.import_views import UploadForm

    settings.PARTNERS_IMPORT_MAX_BYTES = 10
    form = UploadForm({}, {"file": Upload("a.csv", b"Organisation;Land\r\nTartu;EE\r\n")})
    assert not form.is_valid()
    assert "högst" in form.errors["file"][0]


def test_a_folder_in_the_file_name_is_dropped(client_for, personas):
    upload(client_for("sara"), xlsx([HEADERS, TARTU]), "C:\\Users\\sara\\..\\partner.xlsx")
    assert PartnerImport.objects.get().file_name == "partner.xlsx"


# ---- Preview and import ----------------------------------------------------------------------------------------


def test_importing_writes_everything_with_history_and_a_summary(client_for, stored, sara):
    client = client_for("sara")
    response = client.post(f"/partner/import/{stored.pk}/")
    assert response.status_code == 302
    stored.refresh_from_db()
    assert stored.imported_at is not None
    assert stored.summary == {
        "organisations_created": 2,
        "organisations_linked": 0,
        "contacts_created": 2,
        "contacts_linked": 0,
        "skipped": [],
    }
    assert bytes(stored.content) == b""  # the personal data in the file are not kept after the import
    for record in [*Organisation.objects.all(), *Contact.objects.all()]:
        assert history_of(record)[0].actor == sara
    page = client.get(response["Location"]).content.decode()
    assert "Importen är klar." in page
    assert "Filen importerades" in page
    assert ">Importera</button>" not in page


def test_a_second_import_of_the_same_file_does_nothing(client_for, stored):
    client = client_for("sara")
    client.post(f"/partner/import/{stored.pk}/")
    counts = Organisation.objects.count(), Contact.objects.count()
    response = client.post(f"/partner/import/{stored.pk}/", follow=True)
    assert "Filen är redan importerad. Inget har ändrats." in response.content.decode()
    assert (Organisation.objects.count(), Contact.objects.count()) == counts


def test_a_file_with_errors_shows_row_column_and_what_to_fix_and_cannot_be_imported(client_for, sara):
    stored = PartnerImport.objects.create(
        file_name="fel.csv",
        content=csv_file([["Organisation", "Land"], ["Tartu linn", "EE"], ["Narnia stad", "Narnia"]]),
        created_by=sara,
    )
    client = client_for("sara")
    page = client.get(f"/partner/import/{stored.pk}/").content.decode()
    assert "Filen innehåller fel – ingenting har importerats" in page
    assert '<th scope="col">Rad</th><th scope="col">Kolumn</th><th scope="col">Vad som ska rättas</th>' in page
    assert '<th scope="row">3</th>' in page and "<td>Land</td>" in page
    assert "Landet ”Narnia” känns inte igen." in page
    assert ">Importera</button>" not in page
    client.post(f"/partner/import/{stored.pk}/")
    assert not Organisation.objects.exists()
    stored.refresh_from_db()
    assert stored.imported_at is None


def test_a_broken_file_is_reported_for_the_whole_file(client_for, sara):
    stored = PartnerImport.objects.create(file_name="trasig.xlsx", content=b"PK\x03\x04trasig", created_by=sara)
    page = client_for("sara").get(f"/partner/import/{stored.pk}/").content.decode()
    assert "Hela filen" in page
    assert "kunde inte läsas som en Excel-fil" in page


def test_likely_duplicates_are_shown_for_a_decision_and_a_choice_is_required(client_for, stored, make_organisation):
    roros = make_organisation(name="Roros kommun")
    client = client_for("sara")
    page = client.get(f"/partner/import/{stored.pk}/").content.decode()
    assert "Möjliga dubbletter" in page
    assert f'<input type="radio" name="o1" id="o1-{roros.pk}" value="{roros.pk}">' in page
    assert "Använd befintlig: Roros kommun, Norge" in page
    assert "Skapa ny" in page
    response = client.post(f"/partner/import/{stored.pk}/")
    assert response.status_code == 200
    assert "Välj om den befintliga ska användas eller en ny skapas." in response.content.decode()
    assert not Contact.objects.exists()
    response = client.post(f"/partner/import/{stored.pk}/", {"o1": str(roros.pk)})
    assert response.status_code == 302
    assert Organisation.objects.count() == 2  # Tartu created, Røros linked to the existing one
    assert roros.contacts.get().name == "Ingrid Haugen"


def test_the_chosen_option_stays_chosen_when_the_page_is_shown_again(client_for, sara, make_organisation):
    roros = make_organisation(name="Roros kommun")
    make_organisation(name="Tartu", country="EE")
    stored = PartnerImport.objects.create(file_name="a.xlsx", content=xlsx([HEADERS, TARTU, RÖROS]), created_by=sara)
    page = client_for("sara").post(f"/partner/import/{stored.pk}/", {"o1": str(roros.pk)}).content.decode()
    assert f'value="{roros.pk}" checked' in page


def test_a_write_that_fails_shows_why_and_the_file_stays_importable(client_for, stored, monkeypatch):
    from django.core.exceptions import ValidationError

    def refuse(**kwargs):
        raise ValidationError({"name": "Det finns redan en organisation som heter så."})

    monkeypatch.setattr("utblick.partners.importing.writing.create_organisations_bulk", refuse)
    page = client_for("sara").post(f"/partner/import/{stored.pk}/").content.decode()
    assert "Importen avbröts och ingenting har sparats" in page
    stored.refresh_from_db()
    assert stored.imported_at is None
    assert not Organisation.objects.exists()


def test_script_in_a_name_is_shown_as_text_in_the_preview_and_the_register(client_for, sara):
    name = "<script>alert(1)</script> AB"
    stored = PartnerImport.objects.create(
        file_name="<b>x</b>.csv", content=csv_file([["Organisation", "Land"], [name, "EE"]]), created_by=sara
    )
    client = client_for("sara")
    page = client.get(f"/partner/import/{stored.pk}/").content.decode()
    assert "<script>alert(1)</script>" not in page and "<b>x</b>" not in page
    assert "&lt;script&gt;alert(1)&lt;/script&gt; AB" in page
    client.post(f"/partner/import/{stored.pk}/")
    page = client.get("/partner/").content.decode()
    assert "<script>alert(1)</script>" not in page
    assert "&lt;script&gt;alert(1)&lt;/script&gt; AB" in page


def test_the_template_has_the_swedish_headers_and_an_example_row(client_for, personas):
    from io import BytesIO

    from openpyxl import load_workbook

    response = client_for("sara").get("/partner/import/mall.xlsx")
    assert response["Content-Disposition"] == 'attachment; filename="partnerimport-mall.xlsx"'
    rows = list(load_workbook(BytesIO(response.content)).active.iter_rows(values_only=True))
    assert rows[0][:3] == ("Organisation", "Namn på eget språk", "Land")
    assert "Kontaktperson" in rows[0] and "E-post" in rows[0]
    assert len(rows) == 2
    text = b"".join(client_for("sara").get("/partner/import/mall.csv").streaming_content).decode("utf-8-sig")
    assert text.splitlines()[0].startswith("Organisation;Namn på eget språk;Land;")


def test_more_likely_duplicates_than_a_page_can_decide_on_stop_the_import(
    client_for, stored, make_organisation, monkeypatch
):
    monkeypatch.setattr("utblick.partners.import_views.MAX_DECISIONS", 0)
    make_organisation(name="Roros kommun")
    client = client_for("sara")
    page = client.get(f"/partner/import/{stored.pk}/").content.decode()
    assert "fler än vad som går att ta ställning till på en gång (högst 0)" in page
    assert ">Importera</button>" not in page
    client.post(f"/partner/import/{stored.pk}/", {"o1": "new"})
    assert Organisation.objects.count() == 1
