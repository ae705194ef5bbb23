"""What the directory shows a local actor, field by field, and what never leaks (directory.share and the pages)."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from utblick.partners.models import Affiliation, Network, Organisation
from utblick.register import directory
from utblick.register.directory import SharedAffiliation, SharedContact
from utblick.register.tests.conftest import contact

LIST = "/katalog/"


def organisation_page(client, organisation):
    return client.get(f"/katalog/organisation/{organisation.pk}/")


def network_page(client, network):
    return client.get(f"/katalog/natverk/{network.pk}/")


def every_page(client, catalogue) -> str:
    """The list and every detail page of the directory, as one text."""
    pages = [
        client.get(LIST),
        organisation_page(client, catalogue.roros),
        organisation_page(client, catalogue.tartu),
        network_page(client, catalogue.committee),
        network_page(client, catalogue.old_office),
    ]
    assert [page.status_code for page in pages] == [200] * len(pages)
    return "\n".join(page.content.decode() for page in pages)


# ---- share(): the one definition ---------------------------------------------------------------


def test_an_organisation_is_shared_with_exactly_its_public_fields_and_consenting_contacts(catalogue):
    shared = directory.share_one(catalogue.roros)
    assert shared.name == "Røros kommune"
    assert shared.native_name == "Røros kommune"
    assert (shared.country_code, shared.country_name) == ("NO", "Norge")
    assert (shared.kind, shared.kind_label) == ("kommun", "Kommun")
    assert (shared.region, shared.city) == ("Trøndelag", "Røros")
    assert shared.website == "https://www.roros.kommune.no" and shared.website_is_link
    assert shared.description == "Bergsstad i Trøndelag med skolor som vill ha utbyten."
    assert shared.contacts == (
        SharedContact(
            pk=catalogue.ingrid.pk,
            name="Ingrid Haugen",
            affiliations=(SharedAffiliation(catalogue.roros.pk, "Røros kommune", "Rektor"),),
            title="Rektor vid Røros skole",
            email="ingrid@roros.example",
        ),
    )


def test_a_contact_shows_only_the_fields_in_shared_fields(catalogue):
    [astrid] = directory.share_one(catalogue.tartu).contacts
    assert astrid.name == "Astrid Lindqvist"
    assert astrid.phone == "+372 555 0101"
    assert (astrid.title, astrid.languages, astrid.email) == ("", "", "")
    [ingrid] = directory.share_one(catalogue.roros).contacts
    assert (ingrid.languages, ingrid.phone) == ("", "")


def test_a_contact_without_consent_or_anonymised_is_never_shared(catalogue):
    names = {c.name for c in directory.share_one(catalogue.roros).contacts}
    assert "Ola Nordmann" not in names
    assert catalogue.anonymised.name not in names


def test_a_contacts_organisations_outside_the_directory_are_not_named(catalogue):
    [ingrid] = directory.share_one(catalogue.roros).contacts
    assert [a.organisation_name for a in ingrid.affiliations] == ["Røros kommune"]


def test_a_contact_in_two_shared_organisations_is_shown_under_both_with_each_role(catalogue):
    Affiliation.objects.create(contact=catalogue.ingrid, organisation=catalogue.tartu, role="Gästforskare")
    roros, tartu = directory.share([catalogue.roros, catalogue.tartu])
    [ingrid] = [c for c in tartu.contacts if c.name == "Ingrid Haugen"]
    assert ingrid in roros.contacts
    assert {(a.organisation_name, a.role) for a in ingrid.affiliations} == {
        ("Røros kommune", "Rektor"),
        ("Tartu Ülikool", "Gästforskare"),
    }


@pytest.mark.parametrize("malformed", ["email", {"email": True}, [["email"]], ["notes", "name"], 42])
def test_malformed_shared_fields_share_nothing_beyond_the_name(catalogue, malformed):
    catalogue.astrid.shared_fields = malformed
    catalogue.astrid.save()
    [astrid] = directory.share_one(catalogue.tartu).contacts
    assert (astrid.name, astrid.title, astrid.languages, astrid.email, astrid.phone) == (
        "Astrid Lindqvist",
        "",
        "",
        "",
        "",
    )


def test_records_outside_the_directory_are_left_out_and_other_kinds_refused(catalogue):
    assert directory.share([catalogue.hidden, catalogue.hidden_network]) == []
    assert directory.share_one(catalogue.hidden) is None
    with pytest.raises(TypeError):
        directory.share([catalogue.ingrid])


def test_a_network_is_shared_without_fee_purpose_representative_or_objectives(catalogue):
    shared = directory.share_one(catalogue.committee)
    assert set(vars(shared)) == {
        "pk",
        "name",
        "description",
        "website",
        "member_since",
        "member_until",
        "is_active",
        "organisation",
    }
    assert shared.is_active and shared.organisation.name == "Røros kommune"
    assert [c.name for c in shared.contacts] == ["Ingrid Haugen"]


def test_a_networks_organisation_outside_the_directory_is_not_shown(catalogue):
    catalogue.old_office.organisation = catalogue.hidden
    catalogue.old_office.save()
    shared = directory.share_one(catalogue.old_office)
    assert shared.organisation is None and shared.contacts == ()


def test_ongoing_networks_come_first(catalogue):
    Network.objects.create(name="Arktiskt råd för kommuner", member_since=datetime.date(2010, 1, 1))
    assert [n.name for n in directory.networks()] == [
        "Arktiskt råd för kommuner",
        "Gränskommittén Nord",
        "EU-kontoret Mitt",
    ]


# ---- the pages ---------------------------------------------------------------------------------


def test_no_page_shows_what_is_not_shared(client_for, catalogue):
    html = every_page(client_for("erik"), catalogue)
    for secret in [
        "Ola Nordmann",  # no consent
        "ola@roros.example",
        "Anonymiserad kontaktperson",
        "Hemliga Gruvbolaget",  # not in the directory, also not as Ingrid's other organisation
        "Styrelseledamot",
        "Det hemliga nätverket",
        "Intern anteckning",  # a contact's notes
        "norska, engelska",  # Ingrid does not share her languages
        "+47 72 41 00 00",  # … nor her phone
        "astrid@tartu.example",  # Astrid does not share her email
        "Professor",  # … nor her title
        "Internt syfte",  # a network's purpose
        "12 500",  # its fee
        "Karin Kultur",  # the municipality's representative
        "Skolutbyte med Røros i hemlighet",  # engagements
        "Planeringsmöte",  # interactions
        "budgeten",
        "Historik",
        "/partner/",  # no link into the internal register
    ]:
        assert secret not in html, secret


def test_pages_show_what_is_shared(client_for, catalogue):
    html = every_page(client_for("erik"), catalogue)
    for shown in [
        "Ingrid Haugen",
        "Rektor vid Røros skole",
        'href="mailto:ingrid@roros.example"',
        "Astrid Lindqvist",
        "+372 555 0101",
        "Norge",
        "Estland",
        "Universitet eller högskola",
        "Trøndelag",
        'href="https://www.roros.kommune.no"',
        "Samarbete mellan kommuner på båda sidor om gränsen.",
        "Gränskommittén Nord",
        "EU-kontoret Mitt",
    ]:
        assert shown in html, shown


def test_a_contact_without_consent_is_never_in_the_html_even_for_the_coordinator(client_for, catalogue):
    assert "Ola Nordmann" not in every_page(client_for("sara"), catalogue)


def test_a_consenting_contact_without_email_in_shared_fields_never_shows_the_email(client_for, catalogue):
    catalogue.ingrid.shared_fields = ["title", "languages", "phone"]
    catalogue.ingrid.save()
    html = every_page(client_for("erik"), catalogue)
    assert "Ingrid Haugen" in html and "norska, engelska" in html and "+47 72 41 00 00" in html
    assert "ingrid@roros.example" not in html


def test_objects_outside_the_directory_are_404_for_everyone(client_for, catalogue):
    for username in ("erik", "sara"):
        client = client_for(username)
        assert organisation_page(client, catalogue.hidden).status_code == 404
        assert network_page(client, catalogue.hidden_network).status_code == 404
        assert client.get("/katalog/organisation/999999/").status_code == 404
        assert client.get("/katalog/natverk/999999/").status_code == 404


def test_internal_users_get_a_link_to_the_partner_register_but_erik_does_not(client_for, catalogue):
    url = f'href="/partner/{catalogue.roros.pk}/"'
    assert url in organisation_page(client_for("lisa"), catalogue.roros).content.decode()
    assert url not in organisation_page(client_for("erik"), catalogue.roros).content.decode()


def test_script_in_partner_data_is_shown_escaped(client_for, catalogue):
    catalogue.roros.description = "<script>alert('x')</script>"
    catalogue.roros.website = "javascript:alert(1)"
    catalogue.roros.save()
    catalogue.ingrid.title = "<img src=x onerror=alert(1)>"
    catalogue.ingrid.save()
    html = every_page(client_for("erik"), catalogue)
    assert "<script>alert" not in html and "&lt;script&gt;alert(&#x27;x&#x27;)&lt;/script&gt;" in html
    assert "<img src=x" not in html
    assert 'href="javascript:' not in html


# ---- search, filters, pagination ---------------------------------------------------------------


def names_on(client, **params):
    html = client.get(LIST, params).content.decode()
    found = [
        name
        for name in ("Røros kommune", "Tartu Ülikool", "Gränskommittén Nord", "EU-kontoret Mitt", "Hemliga Gruvbolaget")
        if f">{name}</a>" in html
    ]
    return found, html


def test_search_finds_organisations_by_their_fields_without_accents(client_for, catalogue):
    assert names_on(client_for("erik"), q="roros")[0] == ["Røros kommune"]
    assert names_on(client_for("erik"), q="Tartu")[0] == ["Tartu Ülikool"]


def test_search_finds_an_organisation_by_a_shared_contacts_name(client_for, catalogue):
    assert names_on(client_for("erik"), q="Ingrid")[0] == ["Røros kommune"]


def test_search_never_finds_through_what_is_not_shown(client_for, catalogue):
    client = client_for("erik")
    for term in ("Nordmann", "Kulturchef", "projektmedlen", "budgeten", "Gruvbolaget", "hemliga nätverket"):
        found, html = names_on(client, q=term)
        assert found == [], term
        assert "Inga organisationer matchar sökningen" in html


def test_search_finds_networks_by_name_and_description(client_for, catalogue):
    assert names_on(client_for("erik"), q="Bryssel")[0] == ["EU-kontoret Mitt"]


def test_filters_by_country_and_kind_narrow_organisations_and_networks(client_for, catalogue):
    client = client_for("erik")
    assert names_on(client, country="EE")[0] == ["Tartu Ülikool"]
    assert names_on(client, kind="kommun")[0] == ["Røros kommune", "Gränskommittén Nord"]
    assert names_on(client, country="NO", kind="universitet")[0] == []


def test_the_country_filter_offers_only_countries_in_the_directory(client_for, catalogue):
    html = client_for("erik").get(LIST).content.decode()
    assert '<option value="EE">Estland</option>' in html
    assert '<option value="SE"' not in html


@pytest.mark.parametrize(
    ("params", "message"),
    [
        ({"country": "XX"}, "Det finns ingen organisation från det landet i katalogen."),
        ({"kind": "rymdstation"}, "Typen känns inte igen."),
        ({"q": "x" * 201}, "Skriv ett kortare sökord, högst 200 tecken."),
    ],
)
def test_bad_filters_are_explained_in_swedish_and_the_rest_still_applies(client_for, catalogue, params, message):
    response = client_for("erik").get(LIST, params)
    assert response.status_code == 200
    assert message in response.content.decode()


def test_an_empty_directory_says_so(client_for, db, personas):
    html = client_for("erik").get(LIST).content.decode()
    assert "Katalogen har inga organisationer ännu." in html


def test_the_list_is_paginated_with_the_networks_on_the_first_page(client_for, catalogue, settings):
    settings.UTBLICK_PAGE_SIZE = 1
    client = client_for("erik")
    first, html = names_on(client)
    assert first == ["Røros kommune", "Gränskommittén Nord", "EU-kontoret Mitt"]
    assert "Sida 1 av 2" in html
    assert names_on(client, page=2)[0] == ["Tartu Ülikool"]


def test_the_list_uses_the_same_number_of_queries_for_one_and_many_organisations(client_for, catalogue):
    client = client_for("erik")
    client.get(LIST)  # warm the session and the access cache of this client

    def queries():
        with CaptureQueriesContext(connection) as captured:
            assert client.get(LIST).status_code == 200
        return len(captured)

    few = queries()
    for i in range(8):
        organisation = Organisation.objects.create(name=f"Förening {i}", country="FI", kind="forening")
        contact(
            f"Person {i}",
            at=[(organisation, "Ordförande"), (catalogue.roros, "")],
            shared=["email"],
            email=f"p{i}@x.example",
        )
        Network.objects.create(name=f"Nätverk {i}", organisation=organisation, member_since=datetime.date(2020, 1, 1))
    assert queries() == few


def test_detail_pages_use_the_same_number_of_queries_however_many_contacts(client_for, catalogue):
    client = client_for("erik")

    def queries(page):
        with CaptureQueriesContext(connection) as captured:
            assert page(client).status_code == 200
        return len(captured)

    def roros_page(c):
        return organisation_page(c, catalogue.roros)

    def committee_page(c):
        return network_page(c, catalogue.committee)

    before = (queries(roros_page), queries(committee_page))
    for i in range(6):
        contact(f"Person {i}", at=[(catalogue.roros, "Lärare"), (catalogue.tartu, "")], shared=["email", "phone"])
        Network.objects.create(
            name=f"Nätverk {i}", organisation=catalogue.roros, member_since=datetime.date(2020, 1, 1)
        )
    assert (queries(roros_page), queries(committee_page)) == before
