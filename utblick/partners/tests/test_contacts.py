"""Contact persons at partner organisations: pages, permissions, bad input, history and query counts."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext

from tests.matrix import PERSONAS, READ, WRITE
from utblick.core.history import history_of
from utblick.core.models import Change
from utblick.organisation.models import Person
from utblick.partners.actions import create_contact, update_contact
from utblick.partners.models import Affiliation, Contact


def person(username):
    return Person.objects.get(user__username=username)


@pytest.fixture
def ingrid(roros, hans, karin):
    """Ingrid, rektor at a school in Røros, known by Karin; made through the action so history exists."""
    return create_contact(
        by=hans,
        fields={
            "name": "Ingrid Haugen",
            "title": "Rektor",
            "languages": "norska, engelska",
            "email": "ingrid@roros.no",
        },
        affiliations=[(roros, "Rektor")],
        known_by=[person("karin")],
    )


def form_data(organisation=None, role="", **fields):
    data = {
        "name": "Ola Nordmann",
        "title": "Projektledare",
        "languages": "norska",
        "email": "ola@roros.no",
        "phone": "+47 72 41 90 00",
        "notes": "",
        "organisations-TOTAL_FORMS": "2",
        "organisations-INITIAL_FORMS": "0",
        "organisations-MIN_NUM_FORMS": "0",
        "organisations-MAX_NUM_FORMS": "20",
        "organisations-0-organisation": organisation.pk if organisation else "",
        "organisations-0-role": role,
        "organisations-1-organisation": "",
        "organisations-1-role": "",
    }
    data.update(fields)
    return data


# ---- Behaviour ----------------------------------------------------------------------------------------


def test_hans_adds_a_contact_with_organisation_role_and_internal_contact_owner(client_for, roros):
    karin_person = person("karin")
    data = form_data(roros, "Projektledare", known_by=[karin_person.pk])
    response = client_for("hans").post("/partner/kontakter/ny/", data)
    contact = Contact.objects.get()
    assert response.status_code == 302
    assert response["Location"] == f"/partner/kontakter/{contact.pk}/"
    assert Affiliation.objects.get(contact=contact).role == "Projektledare"
    assert list(contact.known_by.all()) == [karin_person]


def test_contact_page_shows_facts_organisations_with_role_and_who_knows_the_person(client_for, ingrid, roros):
    page = client_for("lisa").get(f"/partner/kontakter/{ingrid.pk}/").content.decode()
    assert "Ingrid Haugen" in page
    assert "norska, engelska" in page
    assert 'href="mailto:ingrid@roros.no"' in page
    assert f'href="/partner/{roros.pk}/">Røros kommune</a>, Rektor' in page
    assert "Karin Kultur" in page


def test_organisation_page_lists_its_contacts_with_role(client_for, ingrid, roros):
    page = client_for("per").get(f"/partner/{roros.pk}/").content.decode()
    assert "Kontaktpersoner" in page
    assert f'href="/partner/kontakter/{ingrid.pk}/">Ingrid Haugen</a>, Rektor' in page


def test_one_person_can_sit_in_several_organisations_with_different_roles(hans, roros, make_organisation):
    tartu = make_organisation(name="Tartu linn", country="EE")
    contact = create_contact(by=hans, fields={"name": "Mari Tamm"}, affiliations=[(roros, "Rådgivare"), (tartu, "")])
    assert sorted(a.organisation.name for a in contact.affiliations.all()) == ["Røros kommune", "Tartu linn"]


def test_list_shows_contacts_with_their_organisations(client_for, ingrid):
    page = client_for("lisa").get("/partner/kontakter/").content.decode()
    assert "Ingrid Haugen" in page
    assert "Røros kommune (Rektor)" in page
    assert "1 kontaktperson" in page


@pytest.mark.parametrize("query", ["ingrid", "ROROS.NO", "Røros"])
def test_search_finds_contacts_by_name_email_or_organisation(client_for, ingrid, hans, query):
    create_contact(by=hans, fields={"name": "Annan Person", "email": "annan@example.se"})
    page = client_for("sara").get("/partner/kontakter/", {"q": query}).content.decode()
    assert "Ingrid Haugen" in page
    assert "Annan Person" not in page


def test_search_without_match_says_what_to_try(client_for, ingrid):
    page = client_for("sara").get("/partner/kontakter/", {"q": "finnsintealls"}).content.decode()
    assert "Inga kontaktpersoner matchar sökningen." in page


def test_list_is_paginated_with_the_shared_page_parameter(client_for, hans, settings):
    settings.UTBLICK_PAGE_SIZE = 2
    for name in ["Anna", "Bertil", "Cecilia"]:
        create_contact(by=hans, fields={"name": name})
    page_2 = client_for("sara").get("/partner/kontakter/", {"page": 2}).content.decode()
    assert "Cecilia" in page_2
    assert "Anna" not in page_2
    assert "Sida 2 av 2" in page_2


def test_partner_list_links_to_the_contacts(client_for, roros):
    assert 'href="/partner/kontakter/"' in client_for("lisa").get("/partner/").content.decode()


def test_edit_replaces_organisations_and_contact_owners(client_for, ingrid, roros, make_organisation):
    tartu = make_organisation(name="Tartu linn", country="EE")
    data = form_data(tartu, "Koordinator", name="Ingrid Haugen", known_by=[person("hans").pk])
    response = client_for("karin").post(f"/partner/kontakter/{ingrid.pk}/redigera/", data)
    assert response.status_code == 302
    assert [(a.organisation.name, a.role) for a in ingrid.affiliations.all()] == [("Tartu linn", "Koordinator")]
    assert [p.name for p in ingrid.known_by.all()] == ["Hans Handläggare"]


def test_edit_page_shows_the_stored_values(client_for, ingrid, roros):
    page = client_for("hans").get(f"/partner/kontakter/{ingrid.pk}/redigera/").content.decode()
    assert 'value="Ingrid Haugen"' in page
    assert f'<option value="{roros.pk}" selected>' in page
    assert 'value="Rektor"' in page


def test_new_contact_from_an_organisation_page_has_the_organisation_chosen(client_for, roros):
    page = client_for("hans").get(f"/partner/kontakter/ny/?organisation={roros.pk}").content.decode()
    assert f'<option value="{roros.pk}" selected>' in page


# ---- History ------------------------------------------------------------------------------------------


def test_creating_a_contact_writes_history_with_organisations_and_owners_as_text(ingrid):
    change = history_of(ingrid).get()
    assert change.action == Change.Action.CREATED
    shown = {item["field"]: item["after"] for item in change.changes}
    assert shown["Namn"] == "Ingrid Haugen"
    assert shown["Organisationer"] == "Røros kommune (Rektor)"
    assert shown["Känd av"] == "Karin Kultur"


def test_an_edit_records_before_and_after_of_the_links(ingrid, roros, sara):
    update_contact(ingrid, by=sara, fields={}, affiliations=[(roros, "Biträdande rektor")], known_by=[person("hans")])
    change = history_of(ingrid).first()
    assert change.action == Change.Action.UPDATED
    changed = {item["field"]: (item["before"], item["after"]) for item in change.changes}
    assert changed == {
        "Organisationer": ("Røros kommune (Rektor)", "Røros kommune (Biträdande rektor)"),
        "Känd av": ("Karin Kultur", "Hans Handläggare"),
    }


def test_an_edit_without_changes_writes_no_history(ingrid, sara):
    update_contact(ingrid, by=sara, fields={"name": "Ingrid Haugen"})
    assert history_of(ingrid).count() == 1


def test_contact_page_shows_the_history_table(client_for, ingrid):
    page = client_for("lisa").get(f"/partner/kontakter/{ingrid.pk}/").content.decode()
    assert "Historik" in page
    assert '<th scope="row">Organisationer</th>' in page


# ---- Permissions --------------------------------------------------------------------------------------


@pytest.mark.parametrize("username", PERSONAS)
def test_contact_list_status_by_persona(client_for, ingrid, username):
    assert client_for(username).get("/partner/kontakter/").status_code == READ[username]


@pytest.mark.parametrize("username", PERSONAS)
def test_contact_detail_status_by_persona(client_for, ingrid, username):
    assert client_for(username).get(f"/partner/kontakter/{ingrid.pk}/").status_code == READ[username]


@pytest.mark.parametrize("username", PERSONAS)
def test_contact_create_page_status_by_persona(client_for, personas, username):
    assert client_for(username).get("/partner/kontakter/ny/").status_code == WRITE[username]


@pytest.mark.parametrize("username", PERSONAS)
def test_contact_edit_page_status_by_persona(client_for, ingrid, username):
    assert client_for(username).get(f"/partner/kontakter/{ingrid.pk}/redigera/").status_code == WRITE[username]


@pytest.mark.parametrize("username", PERSONAS)
def test_only_keepers_of_the_register_can_post_a_new_contact(client_for, roros, username):
    response = client_for(username).post("/partner/kontakter/ny/", form_data(roros))
    created = Contact.objects.filter(name="Ola Nordmann").exists()
    if WRITE[username] == 200:
        assert response.status_code == 302
        assert created
    else:
        assert response.status_code == WRITE[username]
        assert not created


@pytest.mark.parametrize("username", PERSONAS)
def test_only_keepers_of_the_register_can_post_a_contact_edit(client_for, ingrid, roros, username):
    response = client_for(username).post(f"/partner/kontakter/{ingrid.pk}/redigera/", form_data(roros, name="Ändrad"))
    ingrid.refresh_from_db()
    if WRITE[username] == 200:
        assert response.status_code == 302
        assert ingrid.name == "Ändrad"
    else:
        assert response.status_code == WRITE[username]
        assert ingrid.name == "Ingrid Haugen"


def test_anonymous_visitor_of_a_contact_is_sent_to_the_login_page(client, ingrid):
    assert client.get(f"/partner/kontakter/{ingrid.pk}/")["Location"].startswith("/konto/logga-in/")


def test_unknown_contact_is_404(client_for, personas):
    assert client_for("sara").get("/partner/kontakter/999999/").status_code == 404
    assert client_for("sara").get("/partner/kontakter/999999/redigera/").status_code == 404


@pytest.mark.parametrize("username", ["per", "lisa"])
def test_readers_see_no_buttons_for_adding_or_editing_contacts(client_for, ingrid, roros, username):
    client = client_for(username)
    assert "/partner/kontakter/ny/" not in client.get("/partner/kontakter/").content.decode()
    assert "/redigera/" not in client.get(f"/partner/kontakter/{ingrid.pk}/").content.decode()
    assert "/partner/kontakter/ny/" not in client.get(f"/partner/{roros.pk}/").content.decode()


def test_action_refuses_a_reader_and_changes_nothing(ingrid, lisa, erik):
    for user in (lisa, erik, None):
        with pytest.raises(PermissionDenied):
            create_contact(by=user, fields={"name": "Ny"})
        with pytest.raises(PermissionDenied):
            update_contact(ingrid, by=user, fields={"name": "Ändrad"})
    ingrid.refresh_from_db()
    assert ingrid.name == "Ingrid Haugen"
    assert Contact.objects.count() == 1


# ---- Bad input ----------------------------------------------------------------------------------------


def test_empty_name_is_refused_and_the_other_values_are_kept(client_for, roros):
    response = client_for("hans").post("/partner/kontakter/ny/", form_data(roros, name="  "))
    page = response.content.decode()
    assert response.status_code == 200
    assert "Ange kontaktpersonens namn." in page
    assert 'href="#id_name"' in page
    assert 'value="ola@roros.no"' in page
    assert not Contact.objects.exists()


@pytest.mark.parametrize("field", ["name", "title", "languages", "phone", "notes"])
def test_a_100000_character_field_is_refused_with_a_message(client_for, personas, field):
    response = client_for("hans").post("/partner/kontakter/ny/", form_data(**{field: "x" * 100_000}))
    assert response.status_code == 200
    assert "tecken (nu 100000)" in response.content.decode()
    assert not Contact.objects.exists()


def test_a_100000_character_role_is_refused(client_for, roros):
    response = client_for("hans").post("/partner/kontakter/ny/", form_data(roros, "x" * 100_000))
    assert "Rollen får vara högst 200 tecken." in response.content.decode()
    assert not Contact.objects.exists()


@pytest.mark.parametrize("email", ["inte-en-adress", "a@b", "ola@roros.no<script>"])
def test_a_bad_email_is_refused_with_a_swedish_sentence(client_for, personas, email):
    response = client_for("hans").post("/partner/kontakter/ny/", form_data(email=email))
    assert "Ange en e-postadress i formen namn@exempel.se, eller lämna fältet tomt." in response.content.decode()
    assert not Contact.objects.exists()


def test_the_same_organisation_twice_is_refused(client_for, roros):
    data = form_data(roros, **{"organisations-1-organisation": roros.pk})
    response = client_for("hans").post("/partner/kontakter/ny/", data)
    assert "Røros kommune står med två gånger bland organisationerna. Ta bort den ena raden." in (
        response.content.decode()
    )
    assert not Contact.objects.exists()


def test_an_unknown_organisation_or_person_is_refused(client_for, personas):
    data = form_data(**{"organisations-0-organisation": "999999"}, known_by=["999999"])
    page = client_for("hans").post("/partner/kontakter/ny/", data).content.decode()
    assert "Organisationen finns inte längre. Välj en annan ur listan." in page
    assert "Välj personer ur listan." in page
    assert not Contact.objects.exists()


def test_script_in_a_name_and_role_is_shown_as_text_everywhere(client_for, roros):
    client_for("hans").post(
        "/partner/kontakter/ny/", form_data(roros, "<script>alert(2)</script>", name="<script>alert(1)</script> X")
    )
    contact = Contact.objects.get()
    for url in [
        "/partner/kontakter/",
        f"/partner/kontakter/{contact.pk}/",
        f"/partner/kontakter/{contact.pk}/redigera/",
        f"/partner/{roros.pk}/",
    ]:
        page = client_for("sara").get(url).content.decode()
        assert "<script>alert" not in page
        assert "&lt;script&gt;alert(1)&lt;/script&gt; X" in page


def test_a_too_long_search_is_refused_with_a_message(client_for, personas):
    page = client_for("sara").get("/partner/kontakter/", {"q": "x" * 300}).content.decode()
    assert "Skriv ett kortare sökord, högst 200 tecken." in page


@pytest.mark.parametrize(
    "fields, message",
    [
        ({"name": ""}, "Ange kontaktpersonens namn."),
        ({"name": "x" * 100_000}, "Namnet får vara högst 200 tecken. Korta av det."),
        ({"name": "A", "notes": "x" * 100_000}, "Anteckningarna får vara högst 5000 tecken. Korta av dem."),
        ({"name": "A", "email": "inte-en-adress"}, "Ange en e-postadress i formen namn@exempel.se"),
    ],
)
def test_action_refuses_bad_values_with_swedish_sentences(hans, fields, message):
    with pytest.raises(ValidationError) as error:
        create_contact(by=hans, fields=fields)
    assert any(message in text for text in error.value.messages)
    assert not Contact.objects.exists()


def test_action_refuses_the_same_organisation_twice(hans, roros):
    with pytest.raises(ValidationError):
        create_contact(by=hans, fields={"name": "A"}, affiliations=[(roros, "Rektor"), (roros, "Lärare")])
    assert not Contact.objects.exists()


def test_a_bad_edit_changes_nothing_and_writes_no_history(client_for, ingrid, roros):
    response = client_for("hans").post(
        f"/partner/kontakter/{ingrid.pk}/redigera/", form_data(roros, name="Nytt namn", email="fel")
    )
    assert response.status_code == 200
    ingrid.refresh_from_db()
    assert ingrid.name == "Ingrid Haugen"
    assert history_of(ingrid).count() == 1


# ---- Query counts -------------------------------------------------------------------------------------


def _queries(client, url) -> int:
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200
    return len(queries)


@pytest.mark.parametrize("username", ["sara", "lisa"])
def test_contact_list_uses_the_same_number_of_queries_for_3_and_30_contacts(
    client_for, make_organisation, hans, settings, username
):
    settings.UTBLICK_PAGE_SIZE = 50
    client = client_for(username)
    organisations = [make_organisation(name=f"Organisation {n}") for n in range(2)]
    client.get("/partner/kontakter/")

    def add(numbers):
        for n in numbers:
            create_contact(
                by=hans,
                fields={"name": f"Kontakt {n}"},
                affiliations=[(o, "Roll") for o in organisations],
                known_by=[person("karin")],
            )

    add(range(3))
    with_3 = _queries(client, "/partner/kontakter/")
    add(range(3, 30))
    with_30 = _queries(client, "/partner/kontakter/")
    assert Contact.objects.count() == 30
    assert with_30 == with_3


def test_organisation_page_uses_the_same_number_of_queries_for_3_and_30_contacts(client_for, roros, hans):
    client = client_for("lisa")
    url = f"/partner/{roros.pk}/"
    client.get(url)
    for n in range(3):
        create_contact(by=hans, fields={"name": f"Kontakt {n}"}, affiliations=[(roros, "Roll")])
    with_3 = _queries(client, url)
    for n in range(3, 30):
        create_contact(by=hans, fields={"name": f"Kontakt {n}"}, affiliations=[(roros, "Roll")])
    with_30 = _queries(client, url)
    assert with_30 == with_3
