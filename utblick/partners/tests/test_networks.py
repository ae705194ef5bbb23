"""The municipality's memberships in networks: pages, permissions, bad input, history and query counts."""

import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext

from tests.matrix import PERSONAS, READ, WRITE
from utblick.core.history import history_of
from utblick.core.models import Change
from utblick.organisation.models import Person
from utblick.partners.actions import create_network, update_network
from utblick.partners.models import Network
from utblick.policy.models import Objective


def person(username):
    return Person.objects.get(user__username=username)


def objective(code):
    return Objective.objects.get(code=code)


@pytest.fixture
def committee(personas, roros):
    """A cross-border committee that Karin represents us in, made through the action so history exists."""
    return create_network(
        by=personas["hans"],
        fields={
            "name": "Gränskommittén Nord",
            "organisation": roros,
            "description": "Samarbete mellan kommuner på båda sidor om gränsen.",
            "purpose": "Vi får del av gemensamma projektmedel.",
            "member_since": datetime.date(2019, 1, 1),
            "yearly_fee": Decimal("12500.50"),
            "representative": person("karin"),
            "website": "https://www.grans.example",
        },
        objectives=[objective("M1")],
    )


@pytest.fixture
def ended(personas):
    """An EU regional office the municipality left in 2022."""
    return create_network(
        by=personas["sara"],
        fields={
            "name": "EU-kontoret Mitt",
            "member_since": datetime.date(2015, 1, 1),
            "member_until": datetime.date(2022, 12, 31),
        },
    )


def form_data(**fields):
    data = {
        "name": "Euroregion Väst",
        "organisation": "",
        "description": "",
        "purpose": "Gemensamma ansökningar till Interreg.",
        "member_since": "2024-01-01",
        "member_until": "",
        "yearly_fee": "8 000",
        "representative": "",
        "website": "",
    }
    data.update(fields)
    return data


# ---- Behaviour ----------------------------------------------------------------------------------------


def test_hans_adds_a_network_with_representative_and_objectives(client_for, roros):
    data = form_data(organisation=roros.pk, representative=person("karin").pk, objectives=[objective("M2").pk])
    response = client_for("hans").post("/partner/natverk/ny/", data)
    network = Network.objects.get()
    assert response.status_code == 302
    assert response["Location"] == f"/partner/natverk/{network.pk}/"
    assert network.organisation == roros
    assert network.representative == person("karin")
    assert network.yearly_fee == Decimal("8000")
    assert list(network.objectives.all()) == [objective("M2")]


def test_network_page_shows_facts_representative_and_objectives(client_for, committee, roros):
    page = client_for("lisa").get(f"/partner/natverk/{committee.pk}/").content.decode()
    assert "<h1>Gränskommittén Nord</h1>" in page
    assert "2019-01-01" in page
    assert "Tills vidare" in page
    assert "12\xa0500,50 kr" in page
    assert "Karin Kultur" in page
    assert "Vi får del av gemensamma projektmedel." in page
    assert f'href="/partner/{roros.pk}/">Røros kommune</a>' in page
    assert str(objective("M1")) in page
    assert "Pågående medlemskap" in page


def test_list_shows_period_fee_representative_and_status(client_for, committee, ended):
    page = client_for("per").get("/partner/natverk/").content.decode()
    assert "2019-01-01–" in page
    assert "2015-01-01–2022-12-31" in page
    assert "12\xa0500,50 kr" in page
    assert "Karin Kultur" in page
    assert "Pågående" in page
    assert "Avslutat" in page
    assert "2 nätverk" in page


def test_list_filters_ongoing_and_ended_memberships(client_for, committee, ended):
    client = client_for("lisa")
    active = client.get("/partner/natverk/", {"status": "active"}).content.decode()
    assert "Gränskommittén Nord" in active
    assert "EU-kontoret Mitt" not in active
    ended_page = client.get("/partner/natverk/", {"status": "ended"}).content.decode()
    assert "EU-kontoret Mitt" in ended_page
    assert "Gränskommittén Nord" not in ended_page


def test_a_membership_ending_today_is_still_ongoing(personas):
    today = datetime.date.today()
    network = create_network(
        by=personas["hans"], fields={"name": "N", "member_since": datetime.date(2020, 1, 1), "member_until": today}
    )
    assert network.is_active


def test_an_unknown_filter_value_says_what_to_choose(client_for, committee):
    page = client_for("lisa").get("/partner/natverk/", {"status": "fel"}).content.decode()
    assert "Välj pågående, avslutade eller alla medlemskap." in page
    assert "Gränskommittén Nord" in page


def test_list_is_paginated_with_the_shared_page_parameter(client_for, hans, settings):
    settings.UTBLICK_PAGE_SIZE = 2
    for name in ["Alfa", "Beta", "Gamma"]:
        create_network(by=hans, fields={"name": name, "member_since": datetime.date(2020, 1, 1)})
    page_2 = client_for("sara").get("/partner/natverk/", {"page": 2}).content.decode()
    assert "Gamma" in page_2
    assert "Alfa" not in page_2
    assert "Sida 2 av 2" in page_2


def test_partner_list_links_to_the_networks_next_to_the_contacts(client_for, roros):
    page = client_for("lisa").get("/partner/").content.decode()
    assert 'href="/partner/kontakter/"' in page
    assert 'href="/partner/natverk/"' in page


def test_edit_page_shows_the_stored_values_with_a_swedish_fee(client_for, committee):
    page = client_for("hans").get(f"/partner/natverk/{committee.pk}/redigera/").content.decode()
    assert 'value="Gränskommittén Nord"' in page
    assert 'value="2019-01-01"' in page
    assert 'value="12500,50"' in page
    assert f'<option value="{person("karin").pk}" selected>' in page
    assert f'name="objectives" value="{objective("M1").pk}" id="id_objectives_0" checked>' in page


def test_edit_ends_the_membership_and_replaces_the_objectives(client_for, committee, roros):
    data = form_data(
        name="Gränskommittén Nord",
        member_since="2019-01-01",
        member_until="2023-06-30",
        yearly_fee="12500,50",
        representative=person("hans").pk,
        objectives=[objective("M2").pk, objective("M3").pk],
    )
    response = client_for("karin").post(f"/partner/natverk/{committee.pk}/redigera/", data)
    assert response.status_code == 302
    committee.refresh_from_db()
    assert committee.member_until == datetime.date(2023, 6, 30)
    assert not committee.is_active
    assert committee.representative == person("hans")
    assert sorted(o.code for o in committee.objectives.all()) == ["M2", "M3"]


# ---- History ------------------------------------------------------------------------------------------


def test_creating_a_network_writes_history_with_readable_values(committee):
    change = history_of(committee).get()
    assert change.action == Change.Action.CREATED
    shown = {item["field"]: item["after"] for item in change.changes}
    assert shown["Namn"] == "Gränskommittén Nord"
    assert shown["Medlem sedan"] == "2019-01-01"
    assert shown["Årsavgift"] == "12\xa0500,50 kr"
    assert shown["Representant"] == "Karin Kultur"
    assert shown["Mål i policyn"] == str(objective("M1"))
    assert shown["Organisation"] == "Røros kommune"


def test_an_edit_records_before_and_after_of_representative_objectives_and_fee(committee, sara):
    update_network(
        committee,
        by=sara,
        fields={"representative": person("hans"), "yearly_fee": "15000"},
        objectives=[objective("M2")],
    )
    change = history_of(committee).first()
    assert change.action == Change.Action.UPDATED
    changed = {item["field"]: (item["before"], item["after"]) for item in change.changes}
    assert changed == {
        "Årsavgift": ("12\xa0500,50 kr", "15\xa0000,00 kr"),
        "Representant": ("Karin Kultur", "Hans Handläggare"),
        "Mål i policyn": (str(objective("M1")), str(objective("M2"))),
    }


def test_an_edit_without_changes_writes_no_history(committee, sara):
    update_network(committee, by=sara, fields={"name": "Gränskommittén Nord", "yearly_fee": "12 500,50"})
    assert history_of(committee).count() == 1


def test_network_page_shows_the_history_table(client_for, committee):
    page = client_for("lisa").get(f"/partner/natverk/{committee.pk}/").content.decode()
    assert "Historik" in page
    assert '<th scope="row">Representant</th>' in page


# ---- Permissions --------------------------------------------------------------------------------------


@pytest.mark.parametrize("username", PERSONAS)
def test_network_list_status_by_persona(client_for, committee, username):
    assert client_for(username).get("/partner/natverk/").status_code == READ[username]


@pytest.mark.parametrize("username", PERSONAS)
def test_network_detail_status_by_persona(client_for, committee, username):
    assert client_for(username).get(f"/partner/natverk/{committee.pk}/").status_code == READ[username]


@pytest.mark.parametrize("username", PERSONAS)
def test_network_create_page_status_by_persona(client_for, personas, username):
    assert client_for(username).get("/partner/natverk/ny/").status_code == WRITE[username]


@pytest.mark.parametrize("username", PERSONAS)
def test_network_edit_page_status_by_persona(client_for, committee, username):
    assert client_for(username).get(f"/partner/natverk/{committee.pk}/redigera/").status_code == WRITE[username]


@pytest.mark.parametrize("username", PERSONAS)
def test_only_keepers_of_the_register_can_post_a_new_network(client_for, personas, username):
    response = client_for(username).post("/partner/natverk/ny/", form_data())
    created = Network.objects.filter(name="Euroregion Väst").exists()
    if WRITE[username] == 200:
        assert response.status_code == 302
        assert created
    else:
        assert response.status_code == WRITE[username]
        assert not created


@pytest.mark.parametrize("username", PERSONAS)
def test_only_keepers_of_the_register_can_post_a_network_edit(client_for, committee, username):
    response = client_for(username).post(f"/partner/natverk/{committee.pk}/redigera/", form_data(name="Ändrat"))
    committee.refresh_from_db()
    if WRITE[username] == 200:
        assert response.status_code == 302
        assert committee.name == "Ändrat"
    else:
        assert response.status_code == WRITE[username]
        assert committee.name == "Gränskommittén Nord"


def test_anonymous_visitor_of_a_network_is_sent_to_the_login_page(client, committee):
    assert client.get(f"/partner/natverk/{committee.pk}/")["Location"].startswith("/konto/logga-in/")


def test_unknown_network_is_404(client_for, personas):
    assert client_for("sara").get("/partner/natverk/999999/").status_code == 404
    assert client_for("sara").get("/partner/natverk/999999/redigera/").status_code == 404


@pytest.mark.parametrize("username", ["per", "lisa"])
def test_readers_see_no_buttons_for_adding_or_editing_networks(client_for, committee, username):
    client = client_for(username)
    assert "/partner/natverk/ny/" not in client.get("/partner/natverk/").content.decode()
    assert "/redigera/" not in client.get(f"/partner/natverk/{committee.pk}/").content.decode()


def test_action_refuses_readers_and_changes_nothing(committee, lisa, erik):
    for user in (lisa, erik, None):
        with pytest.raises(PermissionDenied):
            create_network(by=user, fields={"name": "Ny", "member_since": datetime.date(2020, 1, 1)})
        with pytest.raises(PermissionDenied):
            update_network(committee, by=user, fields={"name": "Ändrat"})
    committee.refresh_from_db()
    assert committee.name == "Gränskommittén Nord"
    assert Network.objects.count() == 1


# ---- Bad input ----------------------------------------------------------------------------------------


def test_an_empty_form_asks_for_name_and_start_date_and_keeps_the_other_values(client_for, personas):
    response = client_for("hans").post("/partner/natverk/ny/", form_data(name=" ", member_since=""))
    page = response.content.decode()
    assert response.status_code == 200
    assert "Ange nätverkets namn." in page
    assert "Ange sedan när kommunen är medlem, som ÅÅÅÅ-MM-DD." in page
    assert 'href="#id_name"' in page
    assert "Gemensamma ansökningar till Interreg." in page
    assert not Network.objects.exists()


@pytest.mark.parametrize("field", ["name", "description", "purpose"])
def test_a_100000_character_field_is_refused_with_a_message(client_for, personas, field):
    response = client_for("hans").post("/partner/natverk/ny/", form_data(**{field: "x" * 100_000}))
    assert response.status_code == 200
    assert "tecken (nu 100000)" in response.content.decode()
    assert not Network.objects.exists()


@pytest.mark.parametrize("fee", ["x" * 100_000, "9" * 100_000, "tolv", "12,5,0", "NaN", "Infinity"])
def test_a_fee_that_is_not_a_sensible_amount_is_refused(client_for, personas, fee):
    response = client_for("hans").post("/partner/natverk/ny/", form_data(yearly_fee=fee))
    page = response.content.decode()
    assert response.status_code == 200
    assert "Årsavgift" in page
    assert any(
        text in page
        for text in ("Ange årsavgiften i kronor som ett tal", "Årsavgiften är för stor.", "högst två decimaler")
    )
    assert not Network.objects.exists()


def test_a_negative_fee_is_refused_with_a_swedish_sentence(client_for, personas):
    page = client_for("hans").post("/partner/natverk/ny/", form_data(yearly_fee="-100")).content.decode()
    assert "Årsavgiften kan inte vara negativ. Ange 0 eller mer, eller lämna fältet tomt." in page
    assert not Network.objects.exists()


@pytest.mark.parametrize("fee", ["12,5", "12.50", "12,50", " 12,50 ", "12\xa0500,50", "12 500"])
def test_a_fee_in_swedish_or_plain_decimal_format_is_accepted(client_for, personas, fee):
    response = client_for("hans").post("/partner/natverk/ny/", form_data(yearly_fee=fee))
    assert response.status_code == 302
    expected = {"12 500": Decimal("12500"), "12\xa0500,50": Decimal("12500.50")}.get(fee, Decimal("12.50"))
    assert Network.objects.get().yearly_fee == expected


def test_a_fee_with_fractions_of_an_ore_is_refused(client_for, personas):
    page = client_for("hans").post("/partner/natverk/ny/", form_data(yearly_fee="12,505")).content.decode()
    assert "Ange årsavgiften med högst två decimaler (öre)." in page


def test_an_end_before_the_start_is_refused(client_for, personas):
    data = form_data(member_since="2024-01-01", member_until="2023-12-31")
    page = client_for("hans").post("/partner/natverk/ny/", data).content.decode()
    assert "Medlemskapet kan inte sluta före det började. Ange ett slutdatum efter 2024-01-01" in page
    assert not Network.objects.exists()


@pytest.mark.parametrize("day", ["2024-13-01", "igår", "2024-02-30"])
def test_a_malformed_date_is_refused(client_for, personas, day):
    page = client_for("hans").post("/partner/natverk/ny/", form_data(member_since=day)).content.decode()
    assert "Ange datumet som ÅÅÅÅ-MM-DD, till exempel 2026-03-15." in page
    assert not Network.objects.exists()


@pytest.mark.parametrize("website", ["javascript:alert(1)", "ftp://example.se", "inte en adress"])
def test_a_bad_website_is_refused(client_for, personas, website):
    page = client_for("hans").post("/partner/natverk/ny/", form_data(website=website)).content.decode()
    assert "Ange webbplatsen som en fullständig adress som börjar med http:// eller https://" in page
    assert not Network.objects.exists()


def test_an_unknown_representative_organisation_or_objective_is_refused(client_for, personas):
    data = form_data(representative="999999", organisation="999999", objectives=["999999"])
    page = client_for("hans").post("/partner/natverk/ny/", data).content.decode()
    assert "Välj en person ur listan." in page
    assert "Organisationen finns inte längre. Välj en annan ur listan." in page
    assert "Välj mål ur listan." in page
    assert not Network.objects.exists()


def test_script_in_a_name_and_purpose_is_shown_as_text_everywhere(client_for, personas):
    client_for("hans").post(
        "/partner/natverk/ny/", form_data(name="<script>alert(1)</script> N", purpose="<script>alert(2)</script>")
    )
    network = Network.objects.get()
    for url in ["/partner/natverk/", f"/partner/natverk/{network.pk}/", f"/partner/natverk/{network.pk}/redigera/"]:
        page = client_for("sara").get(url).content.decode()
        assert "<script>alert" not in page
        assert "&lt;script&gt;alert(1)&lt;/script&gt; N" in page


@pytest.mark.parametrize(
    "fields, message",
    [
        ({"name": "", "member_since": datetime.date(2020, 1, 1)}, "Ange nätverkets namn."),
        ({"name": "x" * 100_000, "member_since": datetime.date(2020, 1, 1)}, "Namnet får vara högst 300 tecken."),
        ({"name": "A"}, "Ange sedan när kommunen är medlem"),
        ({"name": "A", "member_since": datetime.date(2020, 1, 1), "yearly_fee": -1}, "kan inte vara negativ"),
        ({"name": "A", "member_since": datetime.date(2020, 1, 1), "yearly_fee": "abc"}, "Ange årsavgiften i kronor"),
        (
            {"name": "A", "member_since": datetime.date(2020, 1, 1), "member_until": datetime.date(2019, 1, 1)},
            "Medlemskapet kan inte sluta före det började.",
        ),
        (
            {"name": "A", "member_since": datetime.date(2020, 1, 1), "website": "javascript:alert(1)"},
            "börjar med http:// eller https://",
        ),
    ],
)
def test_action_refuses_bad_values_with_swedish_sentences(hans, fields, message):
    with pytest.raises(ValidationError) as error:
        create_network(by=hans, fields=fields)
    assert any(message in text for text in error.value.messages)
    assert not Network.objects.exists()


def test_a_bad_edit_changes_nothing_and_writes_no_history(client_for, committee):
    response = client_for("hans").post(
        f"/partner/natverk/{committee.pk}/redigera/", form_data(name="Nytt namn", yearly_fee="-5")
    )
    assert response.status_code == 200
    committee.refresh_from_db()
    assert committee.name == "Gränskommittén Nord"
    assert history_of(committee).count() == 1


# ---- Query counts -------------------------------------------------------------------------------------


def _queries(client, url) -> int:
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200
    return len(queries)


@pytest.mark.parametrize("username", ["sara", "lisa"])
def test_network_list_uses_the_same_number_of_queries_for_3_and_30_networks(
    client_for, make_organisation, hans, settings, username
):
    settings.UTBLICK_PAGE_SIZE = 50
    client = client_for(username)
    organisation = make_organisation(name="Sekretariatet")
    client.get("/partner/natverk/")

    def add(numbers):
        for n in numbers:
            create_network(
                by=hans,
                fields={
                    "name": f"Nätverk {n}",
                    "organisation": organisation,
                    "member_since": datetime.date(2020, 1, 1),
                    "yearly_fee": n * 100,
                    "representative": person("karin"),
                },
                objectives=[objective("M1"), objective("M2")],
            )

    add(range(3))
    with_3 = _queries(client, "/partner/natverk/")
    add(range(3, 30))
    with_30 = _queries(client, "/partner/natverk/")
    assert Network.objects.count() == 30
    assert with_30 == with_3
