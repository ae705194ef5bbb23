"""The log of interactions with partner organisations: pages, permissions, secrecy, bad input, history, queries."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext

from tests.matrix import PERSONAS, READ, WRITE
from utblick.core.history import history_of
from utblick.core.models import Change
from utblick.organisation.models import Person
from utblick.partners.actions import create_contact, create_interaction, update_interaction
from utblick.partners.models import Interaction

DAY = datetime.date(2026, 3, 15)


def person(username):
    return Person.objects.get(user__username=username)


@pytest.fixture
def ingrid(roros, hans):
    return create_contact(by=hans, fields={"name": "Ingrid Haugen"}, affiliations=[(roros, "Rektor")])


@pytest.fixture
def stranger(make_organisation, hans):
    """A contact person of another organisation than Røros."""
    other = make_organisation(name="Tromsø kommune", city="Tromsø")
    return create_contact(by=hans, fields={"name": "Ola Nordmann"}, affiliations=[(other, "")])


@pytest.fixture
def meeting(roros, ingrid, hans, make_engagement):
    """A planning meeting with Røros about an open education engagement, made through the action."""
    return create_interaction(
        by=hans,
        fields={
            "kind": Interaction.Kind.MOTE,
            "date": DAY,
            "subject": "Planeringsmöte om elevutbyte",
            "notes": "Vi bestämde datum för besöket.",
            "organisation": roros,
            "engagement": make_engagement(title="Skolutbyte med Røros"),
        },
        contacts=[ingrid],
        participants=[person("hans"), person("karin")],
    )


def form_data(organisation, **fields):
    data = {
        "kind": "telefon",
        "date": "2026-02-01",
        "subject": "Samtal om sommarläger",
        "organisation": organisation.pk,
        "engagement": "",
        "notes": "",
    }
    data.update(fields)
    return data


def visible_subjects(client, url="/partner/interaktioner/"):
    return client.get(url).content.decode()


# ---- Behaviour ----------------------------------------------------------------------------------------


def test_hans_logs_a_call_with_people_on_both_sides(client_for, roros, ingrid):
    data = form_data(roros, contacts=[ingrid.pk], participants=[person("hans").pk, person("fredrik").pk])
    response = client_for("hans").post("/partner/interaktioner/ny/", data)
    interaction = Interaction.objects.get()
    assert response.status_code == 302
    assert response["Location"] == f"/partner/interaktioner/{interaction.pk}/"
    assert interaction.kind == "telefon"
    assert interaction.organisation == roros
    assert list(interaction.contacts.all()) == [ingrid]
    assert sorted(p.name for p in interaction.participants.all()) == ["Fredrik Förvaltningschef", "Hans Handläggare"]
    assert interaction.created_by.username == "hans"


def test_hans_links_an_interaction_to_an_engagement_he_may_change(client_for, roros, make_engagement):
    engagement = make_engagement(title="Lärarutbyte")
    response = client_for("hans").post("/partner/interaktioner/ny/", form_data(roros, engagement=engagement.pk))
    assert response.status_code == 302
    assert Interaction.objects.get().engagement == engagement


def test_detail_page_shows_date_kind_people_notes_and_engagement(client_for, meeting, roros):
    page = client_for("lisa").get(f"/partner/interaktioner/{meeting.pk}/").content.decode()
    assert "<h1>Planeringsmöte om elevutbyte</h1>" in page
    assert "2026-03-15" in page
    assert "Möte" in page
    assert "Ingrid Haugen" in page
    assert "Hans Handläggare" in page
    assert "Karin Kultur" in page
    assert "Vi bestämde datum för besöket." in page
    assert "Skolutbyte med Røros" in page
    assert f'href="/partner/{roros.pk}/">Røros kommune</a>' in page


def test_list_shows_the_newest_interaction_first(client_for, roros, hans):
    for day, subject in [(1, "Första samtalet"), (20, "Senaste besöket"), (10, "Mellersta mejlet")]:
        create_interaction(
            by=hans, fields={"date": datetime.date(2026, 1, day), "subject": subject, "organisation": roros}
        )
    page = client_for("per").get("/partner/interaktioner/").content.decode()
    assert page.index("Senaste besöket") < page.index("Mellersta mejlet") < page.index("Första samtalet")
    assert "3 kontakter" in page


def test_list_filters_by_organisation_and_kind(client_for, roros, make_organisation, hans):
    other = make_organisation(name="Tromsø kommune")
    create_interaction(by=hans, fields={"date": DAY, "subject": "Möte i Røros", "organisation": roros})
    create_interaction(
        by=hans, fields={"date": DAY, "subject": "Mejl till Røros", "kind": "epost", "organisation": roros}
    )
    create_interaction(by=hans, fields={"date": DAY, "subject": "Möte i Tromsø", "organisation": other})
    client = client_for("lisa")
    by_organisation = client.get("/partner/interaktioner/", {"organisation": roros.pk}).content.decode()
    assert "Möte i Røros" in by_organisation
    assert "Mejl till Røros" in by_organisation
    assert "Möte i Tromsø" not in by_organisation
    by_kind = client.get("/partner/interaktioner/", {"organisation": roros.pk, "kind": "epost"}).content.decode()
    assert "Mejl till Røros" in by_kind
    assert "Möte i Røros" not in by_kind


def test_an_unknown_filter_value_says_what_to_choose(client_for, meeting):
    page = client_for("lisa").get("/partner/interaktioner/", {"kind": "fel", "organisation": "999999"}).content.decode()
    assert "Typen känns inte igen. Välj en typ ur listan." in page
    assert "Organisationen finns inte. Välj en organisation ur listan." in page


def test_list_is_paginated_with_the_shared_page_parameter(client_for, roros, hans, settings):
    settings.UTBLICK_PAGE_SIZE = 2
    for day, subject in [(3, "Alfa"), (2, "Beta"), (1, "Gamma")]:
        create_interaction(
            by=hans, fields={"date": datetime.date(2026, 1, day), "subject": subject, "organisation": roros}
        )
    page_2 = client_for("sara").get("/partner/interaktioner/", {"page": 2}).content.decode()
    assert "Gamma" in page_2
    assert "Alfa" not in page_2
    assert "Sida 2 av 2" in page_2


def test_organisation_page_shows_the_latest_ten_interactions_and_links_to_all(client_for, roros, hans):
    for day in range(1, 13):
        create_interaction(
            by=hans,
            fields={"date": datetime.date(2026, 1, day), "subject": f"Samtal nummer {day:02d}", "organisation": roros},
        )
    page = client_for("lisa").get(f"/partner/{roros.pk}/").content.decode()
    assert "Kontakter över tid" in page
    assert "Samtal nummer 12" in page
    assert "Samtal nummer 03" in page
    assert "Samtal nummer 02" not in page
    assert f'href="/partner/interaktioner/?organisation={roros.pk}"' in page


def test_edit_changes_the_kind_and_the_people(client_for, meeting, roros, ingrid):
    data = form_data(
        roros,
        kind="besok",
        date="2026-03-16",
        subject="Besök i Røros",
        contacts=[ingrid.pk],
        participants=[person("sara").pk],
        engagement=meeting.engagement_id,
    )
    response = client_for("karin").post(f"/partner/interaktioner/{meeting.pk}/redigera/", data)
    assert response.status_code == 302
    meeting.refresh_from_db()
    assert meeting.kind == "besok"
    assert meeting.subject == "Besök i Røros"
    assert [p.name for p in meeting.participants.all()] == ["Sara Samordnare"]
    # Karin may not change the education engagement but keeps the link that was there.
    assert meeting.engagement.title == "Skolutbyte med Røros"


def test_edit_page_shows_the_stored_values(client_for, meeting, ingrid):
    page = client_for("hans").get(f"/partner/interaktioner/{meeting.pk}/redigera/").content.decode()
    assert 'value="Planeringsmöte om elevutbyte"' in page
    assert 'value="2026-03-15"' in page
    assert f'<option value="{ingrid.pk}" selected>' in page


# ---- Secret engagements -------------------------------------------------------------------------------


@pytest.fixture
def secret_meeting(roros, hans, secret_buf_engagement):
    return create_interaction(
        by=hans,
        fields={
            "date": DAY,
            "subject": "Samtal om en elevs hälsa",
            "organisation": roros,
            "engagement": secret_buf_engagement,
        },
    )


def test_interaction_on_a_secret_engagement_is_hidden_from_karin_but_shown_to_hans(client_for, secret_meeting, roros):
    karin, hans = client_for("karin"), client_for("hans")
    assert "Samtal om en elevs hälsa" not in visible_subjects(karin)
    assert "Samtal om en elevs hälsa" not in visible_subjects(karin, f"/partner/{roros.pk}/")
    assert karin.get(f"/partner/interaktioner/{secret_meeting.pk}/").status_code == 404
    assert karin.get(f"/partner/interaktioner/{secret_meeting.pk}/redigera/").status_code == 404
    assert "Samtal om en elevs hälsa" in visible_subjects(hans)
    assert "Samtal om en elevs hälsa" in visible_subjects(hans, f"/partner/{roros.pk}/")
    assert hans.get(f"/partner/interaktioner/{secret_meeting.pk}/").status_code == 200


def test_engagement_select_offers_only_engagements_the_user_may_change(
    client_for, secret_buf_engagement, make_engagement, units
):
    make_engagement(title="Kulturutbyte med Tromsø", owner_unit=units["kultur"])
    karin_page = client_for("karin").get("/partner/interaktioner/ny/").content.decode()
    assert "Kulturutbyte med Tromsø" in karin_page
    assert "Hemligt utbyte om elevhälsa" not in karin_page
    hans_page = client_for("hans").get("/partner/interaktioner/ny/").content.decode()
    assert "Hemligt utbyte om elevhälsa" in hans_page
    assert "Kulturutbyte med Tromsø" not in hans_page


def test_karin_cannot_post_a_link_to_a_secret_engagement_of_education(client_for, roros, secret_buf_engagement):
    response = client_for("karin").post(
        "/partner/interaktioner/ny/", form_data(roros, engagement=secret_buf_engagement.pk)
    )
    assert response.status_code == 200
    assert "Välj ett engagemang ur listan, eller inget." in response.content.decode()
    assert not Interaction.objects.exists()


def test_the_action_refuses_a_link_to_an_engagement_the_user_may_not_change(karin, roros, make_engagement):
    with pytest.raises(PermissionDenied):
        create_interaction(
            by=karin, fields={"date": DAY, "subject": "X", "organisation": roros, "engagement": make_engagement()}
        )


def test_readers_cannot_log_interactions_through_the_action(lisa, roros):
    with pytest.raises(PermissionDenied):
        create_interaction(by=lisa, fields={"date": DAY, "subject": "X", "organisation": roros})


# ---- Bad input ----------------------------------------------------------------------------------------


def test_an_empty_form_says_what_to_fill_in(client_for, personas):
    response = client_for("hans").post("/partner/interaktioner/ny/", {})
    page = response.content.decode()
    assert response.status_code == 200
    assert "Ange ett ämne, till exempel ”Planeringsmöte om elevutbyte”." in page
    assert "Ange datumet som ÅÅÅÅ-MM-DD, till exempel 2026-03-15." in page
    assert "Välj vilken organisation kontakten gällde." in page
    assert not Interaction.objects.exists()


def test_a_huge_subject_and_notes_are_refused_with_the_limit(client_for, roros):
    response = client_for("hans").post(
        "/partner/interaktioner/ny/", form_data(roros, subject="x" * 5000, notes="y" * 200_000)
    )
    page = response.content.decode()
    assert "Ämnet får vara högst 200 tecken (nu 5000). Korta av det." in page
    assert "Anteckningarna får vara högst 10000 tecken (nu 200000). Korta av dem." in page
    assert not Interaction.objects.exists()


def test_a_contact_of_another_organisation_is_refused(client_for, roros, stranger):
    response = client_for("hans").post("/partner/interaktioner/ny/", form_data(roros, contacts=[stranger.pk]))
    page = response.content.decode()
    assert "Ola Nordmann hör inte till Røros kommune." in page
    assert not Interaction.objects.exists()


def test_the_action_refuses_a_contact_of_another_organisation(hans, roros, stranger):
    with pytest.raises(ValidationError) as error:
        create_interaction(by=hans, fields={"date": DAY, "subject": "X", "organisation": roros}, contacts=[stranger])
    assert "contacts" in error.value.message_dict


def test_a_date_more_than_a_year_ahead_is_refused(client_for, roros):
    far = datetime.date.today() + datetime.timedelta(days=400)
    response = client_for("hans").post("/partner/interaktioner/ny/", form_data(roros, date=far.isoformat()))
    assert "Datumet ligger mer än ett år fram i tiden." in response.content.decode()
    assert not Interaction.objects.exists()


def test_a_planned_meeting_next_month_is_accepted(hans, roros):
    soon = datetime.date.today() + datetime.timedelta(days=30)
    assert create_interaction(by=hans, fields={"date": soon, "subject": "Planerat", "organisation": roros}).pk


@pytest.mark.parametrize("date", ["15/3/2026", "2026-13-01", "igår"])
def test_a_date_that_is_not_a_date_says_how_to_write_it(client_for, roros, date):
    response = client_for("hans").post("/partner/interaktioner/ny/", form_data(roros, date=date))
    assert "Ange datumet som ÅÅÅÅ-MM-DD, till exempel 2026-03-15." in response.content.decode()


def test_an_unknown_kind_is_refused_by_the_action(hans, roros):
    with pytest.raises(ValidationError) as error:
        create_interaction(by=hans, fields={"date": DAY, "subject": "X", "kind": "brevduva", "organisation": roros})
    assert error.value.message_dict["kind"] == ["Välj en typ av kontakt ur listan."]


def test_script_in_subject_and_notes_is_shown_as_text(client_for, roros):
    client = client_for("hans")
    client.post(
        "/partner/interaktioner/ny/",
        form_data(roros, subject="<script>alert(1)</script> Möte", notes="<script>alert(2)</script>"),
    )
    interaction = Interaction.objects.get()
    for url in [f"/partner/interaktioner/{interaction.pk}/", "/partner/interaktioner/", f"/partner/{roros.pk}/"]:
        page = client.get(url).content.decode()
        assert "<script>alert" not in page
        assert "&lt;script&gt;alert(1)&lt;/script&gt; Möte" in page


# ---- History ------------------------------------------------------------------------------------------


def test_logging_an_interaction_writes_history_with_readable_values(meeting):
    change = history_of(meeting).get()
    assert change.action == Change.Action.CREATED
    shown = {item["field"]: item["after"] for item in change.changes}
    assert shown["Typ"] == "Möte"
    assert shown["Datum"] == "2026-03-15"
    assert shown["Organisation"] == "Røros kommune"
    assert shown["Kontaktpersoner"] == "Ingrid Haugen"
    assert shown["Kommunens deltagare"] == "Hans Handläggare; Karin Kultur"
    assert shown["Engagemang"] == "Skolutbyte med Røros"


def test_an_edit_records_before_and_after(meeting, sara):
    update_interaction(meeting, by=sara, fields={"kind": "video"}, participants=[person("sara")])
    change = history_of(meeting).first()
    assert change.action == Change.Action.UPDATED
    changed = {item["field"]: (item["before"], item["after"]) for item in change.changes}
    assert changed == {
        "Typ": ("Möte", "Videomöte"),
        "Kommunens deltagare": ("Hans Handläggare; Karin Kultur", "Sara Samordnare"),
    }


def test_an_edit_without_changes_writes_no_history(meeting, sara):
    update_interaction(meeting, by=sara, fields={"subject": " Planeringsmöte om elevutbyte "})
    assert history_of(meeting).count() == 1


def test_detail_page_shows_the_history_table(client_for, meeting):
    page = client_for("lisa").get(f"/partner/interaktioner/{meeting.pk}/").content.decode()
    assert "Historik" in page
    assert '<th scope="row">Kommunens deltagare</th>' in page


# ---- Permissions --------------------------------------------------------------------------------------


@pytest.mark.parametrize("username", PERSONAS)
def test_interaction_list_status_by_persona(client_for, meeting, username):
    assert client_for(username).get("/partner/interaktioner/").status_code == READ[username]


@pytest.mark.parametrize("username", PERSONAS)
def test_interaction_detail_status_by_persona(client_for, meeting, username):
    assert client_for(username).get(f"/partner/interaktioner/{meeting.pk}/").status_code == READ[username]


@pytest.mark.parametrize("username", PERSONAS)
def test_interaction_create_page_status_by_persona(client_for, personas, username):
    assert client_for(username).get("/partner/interaktioner/ny/").status_code == WRITE[username]


@pytest.mark.parametrize("username", PERSONAS)
def test_interaction_edit_page_status_by_persona(client_for, meeting, username):
    assert client_for(username).get(f"/partner/interaktioner/{meeting.pk}/redigera/").status_code == WRITE[username]


@pytest.mark.parametrize("username", ["per", "lisa", "erik", None])
def test_a_post_by_someone_who_may_not_change_writes_nothing(client_for, roros, username):
    response = client_for(username).post("/partner/interaktioner/ny/", form_data(roros))
    assert response.status_code in (302, 403)
    assert not Interaction.objects.exists()


def test_anonymous_is_sent_to_the_login_page(client_for, meeting):
    response = client_for(None).get("/partner/interaktioner/")
    assert "/login" in response["Location"] or "logga" in response["Location"].lower()


# ---- Query counts -------------------------------------------------------------------------------------


def _queries(client, url):
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200
    return len(queries)


def _add(hans, roros, ingrid, engagement, numbers):
    for n in numbers:
        create_interaction(
            by=hans,
            fields={"date": DAY, "subject": f"Samtal {n}", "organisation": roros, "engagement": engagement},
            contacts=[ingrid],
            participants=[person("hans")],
        )


@pytest.mark.parametrize("username", ["sara", "karin"])
def test_interaction_list_uses_the_same_number_of_queries_for_3_and_30(
    client_for, roros, ingrid, hans, make_engagement, settings, username
):
    settings.UTBLICK_PAGE_SIZE = 50
    client = client_for(username)
    engagement = make_engagement()
    url = "/partner/interaktioner/"
    client.get(url)
    _add(hans, roros, ingrid, engagement, range(3))
    with_3 = _queries(client, url)
    _add(hans, roros, ingrid, engagement, range(3, 30))
    with_30 = _queries(client, url)
    assert with_30 == with_3


@pytest.mark.parametrize("username", ["lisa", "karin"])
def test_organisation_page_uses_the_same_number_of_queries_for_3_and_30_interactions(
    client_for, roros, ingrid, hans, make_engagement, username
):
    client = client_for(username)
    engagement = make_engagement()
    url = f"/partner/{roros.pk}/"
    client.get(url)
    _add(hans, roros, ingrid, engagement, range(3))
    with_3 = _queries(client, url)
    _add(hans, roros, ingrid, engagement, range(3, 30))
    with_30 = _queries(client, url)
    assert with_30 == with_3


def test_the_engagement_page_lists_its_interactions_with_partners(client_for, roros, make_engagement, hans):
    # A five-digit id: Swedish number formatting must not put a space into the link (12 345).
    exchange = make_engagement(pk=12345, title="Skolutbyte med Røros")
    Interaction.objects.create(
        kind=Interaction.Kind.MOTE,
        date=datetime.date(2026, 3, 2),
        subject="Planering av vårens utbyte",
        organisation=roros,
        engagement=exchange,
    )
    Interaction.objects.create(
        kind=Interaction.Kind.TELEFON,
        date=datetime.date(2026, 3, 3),
        subject="Samtal om något annat",
        organisation=roros,
    )
    page = client_for("lisa").get(f"/engagemang/{exchange.pk}/").content.decode()
    assert "Planering av vårens utbyte" in page
    assert "Samtal om något annat" not in page
    own = client_for("hans").get(f"/engagemang/{exchange.pk}/").content.decode()
    assert f"/partner/interaktioner/ny/?engagement={exchange.pk}" in own


def test_registering_a_contact_from_an_engagement_preselects_it(client_for, roros, make_engagement):
    exchange = make_engagement(title="Skolutbyte med Røros")
    page = client_for("hans").get(f"/partner/interaktioner/ny/?engagement={exchange.pk}").content.decode()
    assert f'<option value="{exchange.pk}" selected>' in page
