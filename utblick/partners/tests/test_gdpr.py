"""GDPR for contact persons: legal basis and consent, the register extract, anonymisation, and who may do what."""

import datetime
import io
import json

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from tests.matrix import ONLY_SARA, PERSONAS
from utblick.core.history import history_of
from utblick.core.models import Change
from utblick.organisation.models import Person
from utblick.partners.actions import create_contact, create_interaction, update_contact, update_organisation
from utblick.partners.gdpr import ANONYMISED, anonymise_contact
from utblick.partners.models import Affiliation, Contact, Interaction, LegalBasis
from utblick.partners.register_extract import refusing_url_fetcher

NAME, EMAIL, PHONE = "Åsa Ødegård", "asa.odegard@roros.no", "+47 72 41 90 01"
TODAY = timezone.localdate


def person(username):
    return Person.objects.get(user__username=username)


@pytest.fixture
def asa(roros, hans):
    """Åsa, project leader in Røros, known by Karin, who agreed to be shown with email and phone."""
    return create_contact(
        by=hans,
        fields={
            "name": NAME,
            "title": "Projektledare",
            "languages": "norska, svenska",
            "email": EMAIL,
            "phone": PHONE,
            "notes": "Träffades på Kirkenesmötet.",
            "legal_basis": LegalBasis.ALLMANT_INTRESSE,
            "consent_to_share": True,
            "consent_date": datetime.date(2026, 1, 10),
            "consent_method": "muntligt vid mötet i Røros",
            "shared_fields": ["phone", "email"],
        },
        affiliations=[(roros, "Projektledare")],
        known_by=[person("karin")],
    )


@pytest.fixture
def meeting(asa, roros, hans, make_engagement):
    """A meeting whose subject and notes name Åsa, about an open engagement."""
    return create_interaction(
        by=hans,
        fields={
            "kind": Interaction.Kind.MOTE,
            "date": datetime.date(2026, 2, 1),
            "subject": f"Möte med {NAME}",
            "notes": f"Skicka protokollet till {EMAIL}. Ring {PHONE} före besöket.",
            "organisation": roros,
            "engagement": make_engagement(title="Skolutbyte med Røros"),
        },
        contacts=[asa],
        participants=[person("hans")],
    )


def form_data(**fields):
    data = {
        "name": "Ola Nordmann",
        "title": "",
        "languages": "",
        "email": "",
        "phone": "",
        "notes": "",
        "legal_basis": "allmant_intresse",
        "consent_date": TODAY().isoformat(),
        "consent_method": "",
        "organisations-TOTAL_FORMS": "1",
        "organisations-INITIAL_FORMS": "0",
        "organisations-MIN_NUM_FORMS": "0",
        "organisations-MAX_NUM_FORMS": "20",
        "organisations-0-organisation": "",
        "organisations-0-role": "",
    }
    data.update(fields)
    return data


def every_change_as_text() -> str:
    rows = Change.objects.values_list("object_repr", "changes", "reason")
    return json.dumps(list(rows), ensure_ascii=False).casefold()


# ---- Legal basis and consent ----------------------------------------------------------------------------


def test_a_new_contact_is_held_in_the_public_interest_without_consent(hans):
    contact = create_contact(by=hans, fields={"name": "Ola Nordmann"})
    assert contact.legal_basis == LegalBasis.ALLMANT_INTRESSE
    assert contact.consent_to_share is False
    assert contact.shared_fields == []


def test_consent_is_kept_with_its_date_and_way_and_who_recorded_it(asa, hans):
    assert asa.consent_to_share is True
    assert asa.consent_date == datetime.date(2026, 1, 10)
    assert asa.consent_method == "muntligt vid mötet i Røros"
    assert asa.consent_recorded_by == hans
    assert asa.shared_fields == ["email", "phone"]  # in the register's order


def test_consent_without_date_or_way_is_refused_with_swedish_sentences(hans):
    with pytest.raises(ValidationError) as error:
        create_contact(by=hans, fields={"name": "Ola Nordmann", "consent_to_share": True})
    assert error.value.message_dict == {
        "consent_date": ["Ange när personen samtyckte, som ÅÅÅÅ-MM-DD."],
        "consent_method": [
            "Ange hur personen samtyckte, till exempel ”muntligt vid mötet i Røros” eller ”e-post 2026-03-02”."
        ],
    }
    assert not Contact.objects.exists()


def test_consent_dated_in_the_future_is_refused(hans):
    fields = {"name": "Ola", "consent_to_share": True, "consent_method": "e-post"}
    with pytest.raises(ValidationError) as error:
        create_contact(by=hans, fields={**fields, "consent_date": TODAY() + datetime.timedelta(days=1)})
    assert "framtiden" in error.value.message_dict["consent_date"][0]


@pytest.mark.parametrize("date", ["igår", "2026-13-01", "10/1/2026"])
def test_a_consent_date_that_is_not_a_date_is_refused(hans, date):
    fields = {"name": "Ola", "consent_to_share": True, "consent_method": "e-post", "consent_date": date}
    with pytest.raises(ValidationError) as error:
        create_contact(by=hans, fields=fields)
    assert error.value.message_dict["consent_date"] == [
        "Ange när samtycket lämnades som ÅÅÅÅ-MM-DD, till exempel 2026-03-15."
    ]


def test_a_consent_date_as_text_is_read(hans):
    fields = {"name": "Ola", "consent_to_share": True, "consent_method": "e-post", "consent_date": "2026-01-02"}
    assert create_contact(by=hans, fields=fields).consent_date == datetime.date(2026, 1, 2)


@pytest.mark.parametrize("shared", [["notes"], ["email", "name"], [{"email": 1}], "email", 7])
def test_shared_fields_outside_the_shareable_ones_are_refused(hans, shared):
    fields = {"name": "Ola", "consent_to_share": True, "consent_method": "e-post", "consent_date": TODAY()}
    with pytest.raises(ValidationError) as error:
        create_contact(by=hans, fields={**fields, "shared_fields": shared})
    assert error.value.message_dict["shared_fields"] == [
        "Bara titel, språk, e-post, telefon kan visas för lokala aktörer. Välj bland dem."
    ]


def test_an_unknown_legal_basis_is_refused(hans):
    with pytest.raises(ValidationError) as error:
        create_contact(by=hans, fields={"name": "Ola", "legal_basis": "för att vi vill"})
    assert error.value.message_dict["legal_basis"] == ["Välj en rättslig grund ur listan."]


def test_withdrawing_consent_clears_what_was_shared_and_the_consent_record(asa, karin):
    update_contact(asa, by=karin, fields={"consent_to_share": False, "shared_fields": ["email"]})
    asa.refresh_from_db()
    assert (asa.consent_to_share, asa.shared_fields, asa.consent_date, asa.consent_method) == (False, [], None, "")
    assert asa.consent_recorded_by is None


def test_changed_consent_is_recorded_by_the_editor_and_other_edits_leave_the_recorder(asa, karin, sara, hans):
    update_contact(asa, by=sara, fields={"title": "Rektor"})
    assert Contact.objects.get(pk=asa.pk).consent_recorded_by == hans
    update_contact(asa, by=karin, fields={"shared_fields": ["email"]})
    assert Contact.objects.get(pk=asa.pk).consent_recorded_by == karin


def test_history_records_legal_basis_and_consent(asa, karin):
    created = {item["field"]: item["after"] for item in history_of(asa).get().changes}
    assert created["Rättslig grund"] == "Uppgift av allmänt intresse"
    assert created["Samtycker till att visas för lokala aktörer"] == "Ja"
    assert created["Samtycke lämnat"] == "2026-01-10"
    assert created["Hur samtycket lämnades"] == "muntligt vid mötet i Røros"
    assert created["Samtycket registrerat av"] == "Hans Handläggare (hans)"
    assert created["Uppgifter som visas för lokala aktörer"] == "E-post, Telefon"
    update_contact(asa, by=karin, fields={"legal_basis": LegalBasis.AVTAL, "consent_to_share": False})
    changed = {item["field"]: (item["before"], item["after"]) for item in history_of(asa).first().changes}
    assert changed["Rättslig grund"] == ("Uppgift av allmänt intresse", "Avtal")
    assert changed["Samtycker till att visas för lokala aktörer"] == ("Ja", "Nej")
    assert changed["Uppgifter som visas för lokala aktörer"] == ("E-post, Telefon", "")


def test_hans_gives_consent_through_the_form(client_for, hans):
    data = form_data(
        consent_to_share="on", consent_date="2026-02-03", consent_method="e-post", shared_fields=["title", "email"]
    )
    response = client_for("hans").post("/partner/kontakter/ny/", data)
    contact = Contact.objects.get()
    assert response.status_code == 302
    assert (contact.consent_date, contact.consent_method, contact.shared_fields) == (
        datetime.date(2026, 2, 3),
        "e-post",
        ["title", "email"],
    )
    assert contact.consent_recorded_by == hans


def test_the_form_shows_the_missing_way_of_consent_next_to_its_field(client_for):
    response = client_for("karin").post("/partner/kontakter/ny/", form_data(consent_to_share="on"))
    page = response.content.decode()
    assert response.status_code == 200
    assert 'id="id_consent_method_error"' in page
    assert "Ange hur personen samtyckte" in page
    assert not Contact.objects.exists()


def test_the_form_refuses_a_field_that_cannot_be_shared(client_for):
    data = form_data(consent_to_share="on", consent_method="e-post", shared_fields=["notes"])
    page = client_for("hans").post("/partner/kontakter/ny/", data).content.decode()
    assert "Välj bland uppgifterna i listan." in page
    assert not Contact.objects.exists()


def test_a_new_contact_form_offers_public_interest_and_today(client_for):
    page = client_for("hans").get("/partner/kontakter/ny/").content.decode()
    assert '<option value="allmant_intresse" selected>Uppgift av allmänt intresse</option>' in page
    assert f'value="{TODAY().isoformat()}"' in page
    for label in ("Titel", "Språk", "E-post", "Telefon"):
        assert f"\n {label}</label>" in page


def test_the_edit_form_shows_the_stored_consent(client_for, asa):
    page = client_for("hans").get(f"/partner/kontakter/{asa.pk}/redigera/").content.decode()
    assert 'id="id_consent_to_share" checked' in page
    assert 'value="2026-01-10"' in page
    assert 'value="muntligt vid mötet i Røros"' in page
    assert 'value="email" id="id_shared_fields_2" checked' in page


# ---- The contact page ----------------------------------------------------------------------------------


def test_contact_page_shows_legal_basis_consent_shared_fields_and_retention_date(client_for, asa, settings):
    settings.PARTNERS_CONTACT_RETENTION_DAYS = 100
    page = client_for("lisa").get(f"/partner/kontakter/{asa.pk}/").content.decode()
    earliest = TODAY() + datetime.timedelta(days=101)
    assert "Personuppgifter (GDPR)" in page
    assert "Uppgift av allmänt intresse" in page
    assert "Ja, lämnat 2026-01-10 (muntligt vid mötet i Røros)." in page
    assert "Registrerat av Hans Handläggare (hans)." in page
    assert "Namn och organisation, e-post, telefon" in page
    assert f"Gallras och anonymiseras tidigast {earliest:%Y-%m-%d}" in page


def test_the_retention_date_follows_a_later_interaction(client_for, asa, roros, hans, settings):
    settings.PARTNERS_CONTACT_RETENTION_DAYS = 30
    planned = TODAY() + datetime.timedelta(days=40)
    create_interaction(
        by=hans, fields={"date": planned, "subject": "Planerat besök", "organisation": roros}, contacts=[asa]
    )
    page = client_for("hans").get(f"/partner/kontakter/{asa.pk}/").content.decode()
    assert f"tidigast {planned + datetime.timedelta(days=31):%Y-%m-%d}" in page


def test_contact_page_says_when_no_retention_time_is_set(client_for, asa, settings):
    settings.PARTNERS_CONTACT_RETENTION_DAYS = 0
    assert (
        "Ingen gallringsfrist är inställd." in client_for("hans").get(f"/partner/kontakter/{asa.pk}/").content.decode()
    )


@pytest.mark.parametrize("username", ["sara", "hans", "lisa"])
def test_only_the_coordinator_gets_links_to_extract_and_anonymise(client_for, asa, username):
    page = client_for(username).get(f"/partner/kontakter/{asa.pk}/").content.decode()
    links = [f"/partner/kontakter/{asa.pk}/registerutdrag.pdf", f"/partner/kontakter/{asa.pk}/anonymisera/"]
    assert all((link in page) == (username == "sara") for link in links)


# ---- Register extract ----------------------------------------------------------------------------------


def test_json_extract_holds_every_field_organisations_contacts_meetings_consent_and_history(
    client_for, asa, meeting, roros, settings
):
    settings.PARTNERS_CONTACT_RETENTION_DAYS = 100
    response = client_for("sara").get(f"/partner/kontakter/{asa.pk}/registerutdrag.json")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/json; charset=utf-8"
    assert response["Content-Disposition"].startswith(f'attachment; filename="registerutdrag-kontaktperson-{asa.pk}-')
    extract = json.loads(response.content.decode("utf-8"))
    person_data = extract["kontaktperson"]
    assert (person_data["namn"], person_data["titel"], person_data["sprak"]) == (
        NAME,
        "Projektledare",
        "norska, svenska",
    )
    assert (person_data["e_post"], person_data["telefon"]) == (EMAIL, PHONE)
    assert person_data["anteckningar"] == "Träffades på Kirkenesmötet."
    assert person_data["anonymiserad"] is None
    assert extract["personuppgifter"] == {
        "rattslig_grund": "Uppgift av allmänt intresse",
        "samtycker_till_att_visas_for_lokala_aktorer": True,
        "samtycke_lamnat": "2026-01-10",
        "samtycke_hur": "muntligt vid mötet i Røros",
        "samtycke_registrerat_av": "Hans Handläggare (hans)",
        "uppgifter_som_visas_for_lokala_aktorer": ["E-post", "Telefon"],
        "senaste_aktivitet": TODAY().isoformat(),
        "gallras_tidigast": (TODAY() + datetime.timedelta(days=101)).isoformat(),
    }
    assert extract["organisationer"] == [{"organisation": "Røros kommune", "land": "Norge", "roll": "Projektledare"}]
    assert extract["kand_av"] == [{"namn": "Karin Kultur", "titel": "", "enhet": person("karin").unit.name}]
    assert extract["kontakttillfallen"] == [
        {
            "datum": "2026-02-01",
            "typ": "Möte",
            "amne": f"Möte med {NAME}",
            "organisation": "Røros kommune",
            "anteckningar": f"Skicka protokollet till {EMAIL}. Ring {PHONE} före besöket.",
        }
    ]
    [created] = extract["historik"]
    assert created["handelse"] == "Skapad"
    assert created["utford_av"] == "Hans Handläggare (hans)"
    assert {"uppgift": "Namn", "fore": "", "efter": NAME} in created["andringar"]
    assert extract["registerutdrag"]["skapat_av"] == "Sara Samordnare (sara)"


def test_json_extract_is_utf8_without_escaped_letters(client_for, asa):
    body = client_for("sara").get(f"/partner/kontakter/{asa.pk}/registerutdrag.json").content
    assert NAME.encode("utf-8") in body
    assert b"\\u00c5" not in body


def test_extract_lists_meetings_of_secret_engagements_too(client_for, asa, roros, hans, secret_buf_engagement):
    create_interaction(
        by=hans,
        fields={
            "date": datetime.date(2026, 1, 20),
            "subject": "Samtal om elevhälsa",
            "organisation": roros,
            "engagement": secret_buf_engagement,
        },
        contacts=[asa],
    )
    extract = json.loads(client_for("sara").get(f"/partner/kontakter/{asa.pk}/registerutdrag.json").content)
    assert [row["amne"] for row in extract["kontakttillfallen"]] == ["Samtal om elevhälsa"]
    assert "Hemligt utbyte om elevhälsa" not in json.dumps(extract, ensure_ascii=False)


def test_pdf_extract_is_a_pdf_with_the_persons_data_in_swedish(client_for, asa, meeting):
    from pypdf import PdfReader

    response = client_for("sara").get(f"/partner/kontakter/{asa.pk}/registerutdrag.pdf")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"].endswith('.pdf"')
    assert response.content.startswith(b"%PDF")
    text = "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(response.content)).pages)
    for expected in (
        "Registerutdrag",
        NAME,
        EMAIL,
        "Rättslig grund",
        "Uppgift av allmänt intresse",
        "Kontakttillfällen",
    ):
        assert expected in text


def test_pdf_extract_of_a_name_with_markup_shows_it_as_text(client_for, hans):
    from pypdf import PdfReader

    contact = create_contact(by=hans, fields={"name": "<b>Åke</b> <script>alert(1)</script>"})
    response = client_for("sara").get(f"/partner/kontakter/{contact.pk}/registerutdrag.pdf")
    text = PdfReader(io.BytesIO(response.content)).pages[0].extract_text()
    assert "<b>Åke</b>" in text


@pytest.mark.parametrize("url", ["file:///etc/hostname", "http://127.0.0.1:9/style.css", "data:text/css,body{}"])
def test_the_pdf_renderer_fetches_nothing(url):
    with pytest.raises(ValueError, match="hämtar inga resurser"):
        refusing_url_fetcher().fetch(url)


def test_only_the_coordinator_may_make_an_extract_through_the_function(asa, hans):
    from utblick.partners.register_extract import register_extract

    with pytest.raises(PermissionDenied):
        register_extract(asa, by=hans)


# ---- Anonymisation -------------------------------------------------------------------------------------


def test_anonymisation_removes_the_personal_data_and_keeps_the_record(asa, meeting, roros, sara):
    anonymise_contact(asa, by=sara, reason="Personen har begärt det.")
    contact = Contact.objects.get(pk=asa.pk)
    assert contact.name == f"Anonymiserad kontaktperson #{asa.pk}"
    assert (contact.title, contact.languages, contact.email, contact.phone, contact.notes) == ("", "", "", "", "")
    assert (contact.consent_to_share, contact.consent_method, contact.shared_fields) == (False, "", [])
    assert contact.consent_date is None and contact.consent_recorded_by is None
    assert contact.anonymised_at is not None
    assert list(contact.known_by.all()) == []
    assert contact.legal_basis == LegalBasis.ALLMANT_INTRESSE
    assert Affiliation.objects.get(contact=contact).organisation == roros
    assert list(meeting.contacts.all()) == [contact]
    assert asa.anonymised_at is not None  # the caller's object is up to date


def test_anonymisation_removes_the_person_from_the_history_of_the_contact(asa, sara, karin):
    update_contact(asa, by=karin, fields={"name": "Åsa Ødegård-Lien", "phone": "+47 900 00 000"})
    anonymise_contact(asa, by=sara, reason="Personen har begärt det.")
    rows = list(history_of(asa))
    assert all(row.object_repr == f"Anonymiserad kontaktperson #{asa.pk}" for row in rows)
    created = {item["field"]: item["after"] for item in rows[-1].changes}
    assert (created["Namn"], created["E-post"], created["Telefon"]) == (ANONYMISED, ANONYMISED, ANONYMISED)
    assert created["Anteckningar"] == ANONYMISED
    assert created["Hur samtycket lämnades"] == ANONYMISED
    assert created["Rättslig grund"] == "Uppgift av allmänt intresse"  # not personal data, kept
    assert created["Organisationer"] == "Røros kommune (Projektledare)"
    text = every_change_as_text()
    for value in (NAME, "Ødegård-Lien", EMAIL, PHONE, "+47 900 00 000", "Kirkenesmötet"):
        assert value.casefold() not in text


def test_anonymisation_removes_the_name_from_the_meetings_history_and_text(asa, meeting, sara, hans):
    from utblick.partners.actions import update_interaction

    update_interaction(meeting, by=hans, fields={"notes": f"{NAME.upper()} kunde inte komma."})
    anonymise_contact(asa, by=sara, reason="Personen har begärt det.")
    meeting.refresh_from_db()
    assert meeting.subject == f"Möte med {ANONYMISED}"
    assert meeting.notes == f"{ANONYMISED} kunde inte komma."
    meeting_history = json.dumps([row.changes for row in history_of(meeting)], ensure_ascii=False).casefold()
    assert NAME.casefold() not in meeting_history
    assert f"Möte med {ANONYMISED}" in json.dumps([row.changes for row in history_of(meeting)], ensure_ascii=False)
    assert all(NAME not in row.object_repr for row in history_of(meeting))
    assert history_of(meeting).first().reason.startswith("Personuppgifter om en anonymiserad kontaktperson")


def test_anonymisation_also_removes_former_names_and_emails_from_other_records(asa, meeting, sara, karin):
    update_contact(asa, by=karin, fields={"name": "Åsa Lien", "email": "asa.lien@roros.no"})
    anonymise_contact(asa, by=sara, reason="Personen har begärt det.")
    text = every_change_as_text()
    for value in (NAME, EMAIL, "Åsa Lien", "asa.lien@roros.no"):
        assert value.casefold() not in text
    assert NAME not in Interaction.objects.get(pk=meeting.pk).subject


def test_anonymisation_removes_the_person_from_other_records_history(asa, roros, sara, hans):
    update_organisation(roros, by=hans, fields={"description": f"Kontakt: {NAME}, {EMAIL}."})
    anonymise_contact(asa, by=sara, reason="Personen har begärt det.")
    description = {item["field"]: item["after"] for item in history_of(roros).first().changes}["Beskrivning"]
    assert description == f"Kontakt: {ANONYMISED}, {ANONYMISED}."
    assert NAME.casefold() not in every_change_as_text()


@pytest.mark.parametrize("written", [NAME, NAME.lower(), NAME.upper()])
def test_anonymisation_finds_the_name_alone_with_its_accents_in_other_records_history(asa, roros, sara, hans, written):
    """On SQLite the JSON text holds å and ø as \\u escapes; the search must still find the name."""
    update_organisation(roros, by=hans, fields={"description": f"Fråga {written} först."})
    anonymise_contact(asa, by=sara, reason="Personen har begärt det.")
    description = {item["field"]: item["after"] for item in history_of(roros).first().changes}["Beskrivning"]
    assert description == f"Fråga {ANONYMISED} först."


def test_anonymisation_is_logged_with_its_reason_without_personal_data(asa, sara):
    anonymise_contact(asa, by=sara, reason=f"{NAME} bad om det i e-post från {EMAIL}.")
    row = history_of(asa).first()
    assert row.actor == sara
    assert row.changes == [{"field": "Personuppgifter", "before": "", "after": "Anonymiserade"}]
    assert row.reason == f"{ANONYMISED} bad om det i e-post från {ANONYMISED}."


def test_a_short_phone_number_does_not_erase_other_text(hans, sara, roros):
    contact = create_contact(by=hans, fields={"name": "Bo", "phone": "12"})
    update_organisation(roros, by=hans, fields={"city": "Røros 12"})
    anonymise_contact(contact, by=sara, reason="Personen har begärt det.")
    assert {item["field"]: item["after"] for item in history_of(roros).first().changes}["Ort"] == "Røros 12"


def test_an_anonymised_contact_cannot_be_edited(asa, sara, hans):
    anonymise_contact(asa, by=sara, reason="Personen har begärt det.")
    with pytest.raises(ValidationError) as error:
        update_contact(asa, by=hans, fields={"name": "Åsa igen"})
    assert error.value.messages == [
        "Kontaktpersonen är anonymiserad och kan inte ändras. Posten finns kvar för arkivet, utan personuppgifter."
    ]


def test_the_edit_page_of_an_anonymised_contact_explains_and_saves_nothing(client_for, asa, sara):
    anonymise_contact(asa, by=sara, reason="Personen har begärt det.")
    client = client_for("hans")
    assert (
        "är anonymiserad och kan inte ändras" in client.get(f"/partner/kontakter/{asa.pk}/redigera/").content.decode()
    )
    response = client.post(f"/partner/kontakter/{asa.pk}/redigera/", form_data(name="Åsa igen"))
    assert response.status_code == 200
    assert "är anonymiserad och kan inte ändras" in response.content.decode()
    assert Contact.objects.get(pk=asa.pk).name == f"Anonymiserad kontaktperson #{asa.pk}"


def test_an_anonymised_contact_page_has_no_edit_or_anonymise_button(client_for, asa, sara):
    anonymise_contact(asa, by=sara, reason="Personen har begärt det.")
    page = client_for("sara").get(f"/partner/kontakter/{asa.pk}/").content.decode()
    assert f"/partner/kontakter/{asa.pk}/redigera/" not in page
    assert f"/partner/kontakter/{asa.pk}/anonymisera/" not in page
    assert "Personuppgifterna anonymiserades" in page
    assert "Anonymiserad av Sara Samordnare (sara). Skäl: Personen har begärt det." in page
    assert NAME not in page


def test_anonymising_twice_is_refused(asa, sara):
    anonymise_contact(asa, by=sara, reason="Personen har begärt det.")
    with pytest.raises(ValidationError) as error:
        anonymise_contact(asa, by=sara, reason="En gång till.")
    assert error.value.messages == [
        "Kontaktpersonen är anonymiserad och kan inte ändras. Posten finns kvar för arkivet, utan personuppgifter."
    ]
    assert history_of(asa).count() == 2


@pytest.mark.parametrize("reason", ["", "   ", None])
def test_anonymisation_needs_a_reason(asa, sara, reason):
    with pytest.raises(ValidationError) as error:
        anonymise_contact(asa, by=sara, reason=reason)
    assert "Ange varför kontaktpersonen anonymiseras" in error.value.message_dict["reason"][0]
    assert Contact.objects.get(pk=asa.pk).anonymised_at is None


def test_a_huge_reason_is_refused(asa, sara):
    with pytest.raises(ValidationError) as error:
        anonymise_contact(asa, by=sara, reason="x" * 2001)
    assert error.value.message_dict["reason"] == ["Skälet får vara högst 2000 tecken. Korta av det."]


@pytest.mark.parametrize("username", ["hans", "fredrik", "lisa"])
def test_only_the_coordinator_may_anonymise_through_the_action(asa, personas, username):
    with pytest.raises(PermissionDenied):
        anonymise_contact(asa, by=personas[username], reason="Personen har begärt det.")
    assert Contact.objects.get(pk=asa.pk).name == NAME


def test_the_confirmation_page_explains_and_asks_for_a_reason(client_for, asa):
    page = client_for("sara").get(f"/partner/kontakter/{asa.pk}/anonymisera/").content.decode()
    assert "Den går inte att ångra." in page
    assert '<label for="id_reason">Skäl till anonymiseringen' in page
    assert Contact.objects.get(pk=asa.pk).anonymised_at is None


def test_the_confirmation_page_without_a_reason_shows_the_error_and_changes_nothing(client_for, asa):
    response = client_for("sara").post(f"/partner/kontakter/{asa.pk}/anonymisera/", {"reason": "  "})
    assert response.status_code == 200
    assert "Ange varför kontaktpersonen anonymiseras" in response.content.decode()
    assert Contact.objects.get(pk=asa.pk).anonymised_at is None


def test_sara_anonymises_through_the_confirmation_page(client_for, asa):
    response = client_for("sara").post(f"/partner/kontakter/{asa.pk}/anonymisera/", {"reason": "Begäran 2026-03-02."})
    assert response.status_code == 302
    assert response["Location"] == f"/partner/kontakter/{asa.pk}/"
    assert Contact.objects.get(pk=asa.pk).anonymised_at is not None


def test_the_confirmation_page_of_an_anonymised_contact_has_nothing_to_confirm(client_for, asa, sara):
    anonymise_contact(asa, by=sara, reason="Personen har begärt det.")
    client = client_for("sara")
    page = client.get(f"/partner/kontakter/{asa.pk}/anonymisera/").content.decode()
    assert "Det finns inga personuppgifter kvar att ta bort." in page
    assert 'name="reason"' not in page
    response = client.post(f"/partner/kontakter/{asa.pk}/anonymisera/", {"reason": "Igen."})
    assert response.status_code == 200
    assert history_of(asa).count() == 2


# ---- Who may do what ------------------------------------------------------------------------------------


@pytest.mark.parametrize("username", PERSONAS)
@pytest.mark.parametrize("path", ["registerutdrag.json", "registerutdrag.pdf", "anonymisera/"])
def test_contact_gdpr_pages_by_persona(client_for, asa, username, path):
    response = client_for(username).get(f"/partner/kontakter/{asa.pk}/{path}")
    assert response.status_code == ONLY_SARA[username]


@pytest.mark.parametrize("username", PERSONAS)
def test_anonymise_post_by_persona(client_for, asa, username):
    response = client_for(username).post(f"/partner/kontakter/{asa.pk}/anonymisera/", {"reason": "Begäran."})
    assert response.status_code == {**ONLY_SARA, "sara": 302}[username]
    assert (Contact.objects.get(pk=asa.pk).anonymised_at is not None) == (username == "sara")


@pytest.mark.parametrize("username", PERSONAS)
def test_consent_fields_edit_by_persona(client_for, asa, username):
    """Handläggare, förvaltningschefer and the coordinator keep the consent; nobody else changes it."""
    data = form_data(name=NAME, consent_to_share="on", consent_date="2026-01-10", consent_method="e-post")
    response = client_for(username).post(f"/partner/kontakter/{asa.pk}/redigera/", data)
    changed = Contact.objects.get(pk=asa.pk).consent_method == "e-post"
    expected = {"sara": 302, "hans": 302, "karin": 302, "fredrik": 302, "per": 403, "lisa": 403, "erik": 403}
    assert response.status_code == expected.get(username, 302)
    assert changed == (username in ("sara", "hans", "karin", "fredrik"))


@pytest.mark.parametrize("path", ["registerutdrag.json", "registerutdrag.pdf", "anonymisera/"])
def test_unknown_contact_is_404_for_the_coordinator(client_for, personas, path):
    assert client_for("sara").get(f"/partner/kontakter/999999/{path}").status_code == 404
