"""Visits to Härjedalen with guests (issue 6): planning with history, permissions that follow the engagement,
the coordinator's catalogue of places, bad input refused with Swedish sentences, the printable programme in
Swedish and English, the calendar and query counts. Gifts on visits: test_gifts.py."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from tests.matrix import CATALOGUE_CHANGE, PERSONAS, READ, TRIP_CHANGE, TRIP_SECRET_VIEW, TRIP_VIEW
from utblick.core.history import history_of
from utblick.engagements import visit_actions
from utblick.engagements.calendar import events
from utblick.engagements.models_visits import Visit, VisitItem
from utblick.partners.models import Contact


@pytest.fixture
def engagement(make_engagement):
    return make_engagement(title="Skolutbyte med Røros")


@pytest.fixture
def guests():
    return Contact.objects.create(name="Ingrid Ødegård"), Contact.objects.create(name="Lars Haugen")


@pytest.fixture
def place(sara):
    return visit_actions.save_place(
        None, by=sara, fields={"name": "Fjällmuseet", "kind": "sevärdhet", "address": "Funäsdalen"}
    )


def visit_fields(**overrides):
    fields = {
        "title": "Skolledare från Røros",
        "start_date": datetime.date(2026, 5, 12),
        "end_date": datetime.date(2026, 5, 14),
        "host": None,
        "purpose": "Visa skolorna och planera utbytet.",
        "notes": "",
        "guests": [],
    }
    fields.update(overrides)
    return fields


def item_fields(**overrides):
    fields = {
        "date": datetime.date(2026, 5, 12),
        "start_time": datetime.time(9, 30),
        "end_time": datetime.time(11, 0),
        "place": None,
        "location": "Sveg skola",
        "host": "Rektorn",
        "activity": "Rundvandring i skolan",
    }
    fields.update(overrides)
    return fields


@pytest.fixture
def visit(engagement, hans, guests):
    return visit_actions.create_visit(engagement, by=hans, fields=visit_fields(guests=list(guests)))


def form_data(**overrides):
    data = {
        "title": "Skolledare från Røros",
        "start_date": "2026-05-12",
        "end_date": "2026-05-14",
        "host": "",
        "purpose": "Visa skolorna.",
        "notes": "",
    }
    data.update(overrides)
    return data


# Create and edit, with history


def test_hans_registers_a_visit_and_it_shows_on_the_engagement_page(client_for, engagement, guests):
    client = client_for("hans")
    response = client.post(
        f"/engagemang/{engagement.pk}/besok/ny/", form_data(guests=[str(guests[0].pk), str(guests[1].pk)])
    )
    visit = Visit.objects.get()
    assert response.status_code == 302
    assert response["Location"] == f"/engagemang/{engagement.pk}/besok/{visit.pk}/"
    assert set(visit.guests.all()) == set(guests)
    page = client.get(f"/engagemang/{engagement.pk}/").content.decode()
    assert "Besök" in page and "Skolledare från Røros" in page
    detail = client.get(response["Location"]).content.decode()
    assert "Ingrid Ødegård, Lars Haugen" in detail


def test_creating_and_editing_a_visit_is_recorded_in_the_engagements_history(engagement, visit, hans):
    fields = {c["field"]: c["after"] for c in history_of(engagement).first().changes}
    assert fields["Besök: Skolledare från Røros 2026-05-12: gäster"] == "Ingrid Ødegård, Lars Haugen"
    visit_actions.update_visit(
        visit, by=hans, fields=visit_fields(end_date=datetime.date(2026, 5, 15), guests=list(visit.guests.all()))
    )
    by_field = {c["field"]: (c["before"], c["after"]) for c in history_of(engagement).first().changes}
    assert by_field == {"Besök: Skolledare från Røros 2026-05-12: sista dag": ("2026-05-14", "2026-05-15")}


def test_the_edit_page_saves_changes(client_for, engagement, visit):
    client = client_for("fredrik")
    url = f"/engagemang/{engagement.pk}/besok/{visit.pk}/"
    assert client.get(url + "andra/").status_code == 200
    assert client.post(url + "andra/", form_data(title="Rektorer från Røros")).status_code == 302
    assert "Rektorer från Røros" in client.get(url).content.decode()


def test_programme_items_are_added_edited_and_removed_with_history(client_for, engagement, visit, place):
    client = client_for("hans")
    url = f"/engagemang/{engagement.pk}/besok/{visit.pk}/"
    data = {
        "date": "2026-05-13",
        "start_time": "10:00",
        "end_time": "",
        "place": str(place.pk),
        "location": "",
        "host": "Museichefen",
        "activity": "Guidning i museet",
    }
    assert client.post(url + "punkter/ny/", data).status_code == 302
    item = VisitItem.objects.get()
    assert item.place == place
    assert client.post(url + f"punkter/{item.pk}/", {**data, "activity": "Guidning och fika"}).status_code == 302
    page = client.get(url).content.decode()
    assert "Fjällmuseet" in page and "Guidning och fika" in page
    assert client.post(url + f"punkter/{item.pk}/ta-bort/").status_code == 302
    assert not VisitItem.objects.exists()
    assert history_of(engagement).first().reason == "Programpunkten togs bort."


# Permissions follow the engagement


@pytest.mark.parametrize("persona", PERSONAS)
def test_who_may_see_a_visit_and_its_programme(client_for, engagement, visit, persona):
    client = client_for(persona)
    assert client.get(f"/engagemang/{engagement.pk}/besok/{visit.pk}/").status_code == TRIP_VIEW[persona]
    assert client.get(f"/engagemang/{engagement.pk}/besok/{visit.pk}/program/").status_code == TRIP_VIEW[persona]


@pytest.mark.parametrize("persona", PERSONAS)
@pytest.mark.parametrize("page", ["andra/", "punkter/ny/"])
def test_who_may_change_a_visit(client_for, engagement, visit, persona, page):
    url = f"/engagemang/{engagement.pk}/besok/{visit.pk}/{page}"
    assert client_for(persona).get(url).status_code == TRIP_CHANGE[persona]


@pytest.mark.parametrize("persona", PERSONAS)
def test_who_may_add_a_visit(client_for, engagement, persona):
    assert client_for(persona).get(f"/engagemang/{engagement.pk}/besok/ny/").status_code == TRIP_CHANGE[persona]


@pytest.mark.parametrize("persona", PERSONAS)
def test_a_secret_engagements_visit_stays_secret(client_for, make_engagement, hans, persona):
    secret = make_engagement(title="Känsligt samråd", is_secret=True, secrecy_ground="OSL 21 kap. 7 §")
    visit = visit_actions.create_visit(secret, by=hans, fields=visit_fields())
    url = f"/engagemang/{secret.pk}/besok/{visit.pk}/"
    assert client_for(persona).get(url).status_code == TRIP_SECRET_VIEW[persona]


def test_karin_cannot_post_to_another_units_visit(client_for, engagement, visit):
    response = client_for("karin").post(f"/engagemang/{engagement.pk}/besok/{visit.pk}/andra/", form_data(title="X"))
    assert response.status_code == 403
    assert Visit.objects.get().title == "Skolledare från Røros"


def test_a_visit_is_not_found_under_another_engagement(client_for, make_engagement, visit):
    other = make_engagement(title="Annat")
    assert client_for("sara").get(f"/engagemang/{other.pk}/besok/{visit.pk}/").status_code == 404


def test_an_item_of_another_visit_is_not_found(client_for, engagement, visit, hans):
    other = visit_actions.create_visit(engagement, by=hans, fields=visit_fields(title="Annat besök"))
    item = visit_actions.add_item(other, by=hans, fields=item_fields())
    url = f"/engagemang/{engagement.pk}/besok/{visit.pk}/punkter/{item.pk}/"
    assert client_for("hans").get(url).status_code == 404
    assert client_for("hans").post(url + "ta-bort/").status_code == 404
    assert VisitItem.objects.count() == 1


# The catalogue of places


@pytest.mark.parametrize("persona", PERSONAS)
def test_who_may_read_the_catalogue(client_for, place, persona):
    assert client_for(persona).get("/engagemang/platser/").status_code == READ[persona]


@pytest.mark.parametrize("persona", PERSONAS)
@pytest.mark.parametrize("page", ["ny/", "{pk}/"])
def test_only_the_coordinator_changes_the_catalogue(client_for, place, persona, page):
    url = "/engagemang/platser/" + page.format(pk=place.pk)
    assert client_for(persona).get(url).status_code == CATALOGUE_CHANGE[persona]


def test_the_catalogue_actions_refuse_a_handlaggare(hans, place):
    with pytest.raises(PermissionDenied):
        visit_actions.save_place(None, by=hans, fields={"name": "X", "kind": "plats"})
    with pytest.raises(PermissionDenied):
        visit_actions.set_place_active(place, by=hans, active=False)


def test_sara_adds_edits_and_deactivates_a_place(client_for, place):
    client = client_for("sara")
    response = client.post("/engagemang/platser/ny/", {"name": "Ljusnedals bruk", "kind": "företag"})
    assert response.status_code == 302
    assert (
        client.post(
            f"/engagemang/platser/{place.pk}/", {"name": "Fjällmuseet i Funäsdalen", "kind": "sevärdhet"}
        ).status_code
        == 302
    )
    assert client.post(f"/engagemang/platser/{place.pk}/aktiv/", {"active": "0"}).status_code == 302
    place.refresh_from_db()
    assert not place.is_active and place.name == "Fjällmuseet i Funäsdalen"
    page = client.get("/engagemang/platser/").content.decode()
    assert "Ljusnedals bruk" in page and "Inaktiv" in page


def test_a_handlaggare_cannot_deactivate_a_place(client_for, place):
    assert client_for("hans").post(f"/engagemang/platser/{place.pk}/aktiv/", {"active": "0"}).status_code == 403
    place.refresh_from_db()
    assert place.is_active


def test_the_item_form_offers_only_active_places(client_for, engagement, visit, place, sara):
    closed = visit_actions.save_place(None, by=sara, fields={"name": "Nedlagda sågen", "kind": "plats"})
    visit_actions.set_place_active(closed, by=sara, active=False)
    page = client_for("hans").get(f"/engagemang/{engagement.pk}/besok/{visit.pk}/punkter/ny/").content.decode()
    assert "Fjällmuseet" in page and "Nedlagda sågen" not in page


# Bad input


def test_the_last_day_cannot_come_before_the_first(engagement, hans):
    with pytest.raises(ValidationError) as error:
        visit_actions.create_visit(engagement, by=hans, fields=visit_fields(end_date=datetime.date(2026, 5, 1)))
    assert error.value.message_dict["end_date"] == [
        "Sista dagen kan inte ligga före första dagen. Kontrollera datumen."
    ]


def test_the_form_shows_the_date_error_in_swedish(client_for, engagement):
    response = client_for("hans").post(f"/engagemang/{engagement.pk}/besok/ny/", form_data(end_date="2026-05-01"))
    assert response.status_code == 200
    assert "Sista dagen kan inte ligga före första dagen." in response.content.decode()
    assert not Visit.objects.exists()


def test_a_programme_item_outside_the_visits_dates_is_refused(visit, hans):
    with pytest.raises(ValidationError) as error:
        visit_actions.add_item(visit, by=hans, fields=item_fields(date=datetime.date(2026, 5, 20)))
    assert error.value.message_dict["date"] == [
        "Datumet ligger utanför besöket. Välj en dag från 2026-05-12 till 2026-05-14."
    ]


def test_an_end_time_before_the_start_time_is_refused(visit, hans):
    with pytest.raises(ValidationError) as error:
        visit_actions.add_item(visit, by=hans, fields=item_fields(end_time=datetime.time(8, 0)))
    assert "end_time" in error.value.message_dict


def test_an_inactive_place_is_refused(visit, hans, place, sara):
    visit_actions.set_place_active(place, by=sara, active=False)
    with pytest.raises(ValidationError) as error:
        visit_actions.add_item(visit, by=hans, fields=item_fields(place=place))
    assert error.value.message_dict["place"] == ["Fjällmuseet finns inte längre i katalogen. Välj en aktiv plats."]


def test_an_item_keeps_its_place_after_the_place_is_deactivated(visit, hans, place, sara):
    item = visit_actions.add_item(visit, by=hans, fields=item_fields(place=place))
    visit_actions.set_place_active(place, by=sara, active=False)
    visit_actions.update_item(item, by=hans, fields=item_fields(place=place, activity="Ändrad"))
    item.refresh_from_db()
    assert item.place == place and item.activity == "Ändrad"


def test_moving_the_visit_away_from_its_programme_is_refused(visit, hans):
    visit_actions.add_item(visit, by=hans, fields=item_fields())
    with pytest.raises(ValidationError) as error:
        visit_actions.update_visit(
            visit,
            by=hans,
            fields=visit_fields(start_date=datetime.date(2026, 6, 1), end_date=datetime.date(2026, 6, 2)),
        )
    assert "start_date" in error.value.message_dict


def test_html_in_a_visit_is_shown_as_text(client_for, engagement, hans, place):
    visit = visit_actions.create_visit(engagement, by=hans, fields=visit_fields(title="<script>alert(1)</script>"))
    visit_actions.add_item(visit, by=hans, fields=item_fields(activity="<b>fet</b>"))
    for url in (
        f"/engagemang/{engagement.pk}/besok/{visit.pk}/",
        f"/engagemang/{engagement.pk}/besok/{visit.pk}/program/",
    ):
        page = client_for("hans").get(url).content.decode()
        assert "<script>alert(1)</script>" not in page and "&lt;script&gt;" in page
        assert "<b>fet</b>" not in page


# The printable programme


@pytest.fixture
def programme(visit, hans, place):
    visit_actions.add_item(visit, by=hans, fields=item_fields(date=datetime.date(2026, 5, 13), activity="Andra dagen"))
    visit_actions.add_item(
        visit, by=hans, fields=item_fields(start_time=datetime.time(13, 0), end_time=None, activity="Efter lunch")
    )
    visit_actions.add_item(visit, by=hans, fields=item_fields(place=place, location="", activity="Morgonen"))
    return visit


def test_the_programme_in_swedish_lists_items_in_time_order(client_for, engagement, programme):
    response = client_for("lisa").get(f"/engagemang/{engagement.pk}/besok/{programme.pk}/program/?lang=sv")
    page = response.content.decode()
    assert '<html lang="sv"' in page
    assert "Program: Skolledare från Røros" in page and "Välkommen till Härjedalen!" in page
    assert page.index("Morgonen") < page.index("Efter lunch") < page.index("Andra dagen")
    assert "Fjällmuseet" in page and "Funäsdalen" in page
    assert "Ingrid Ødegård, Lars Haugen" in page


def test_the_programme_in_english_has_english_page_language(client_for, engagement, programme):
    page = client_for("lisa").get(f"/engagemang/{engagement.pk}/besok/{programme.pk}/program/?lang=en").content.decode()
    assert '<html lang="en"' in page
    assert "Tuesday 12 May 2026" in page or "12 May 2026" in page
    assert page.index("Morgonen") < page.index("Efter lunch") < page.index("Andra dagen")


def test_an_unknown_programme_language_falls_back_to_swedish(client_for, engagement, programme):
    page = client_for("lisa").get(f"/engagemang/{engagement.pk}/besok/{programme.pk}/program/?lang=xx").content.decode()
    assert '<html lang="sv"' in page


# Calendar


def test_visits_show_in_the_calendar_as_multi_day_events(engagement, visit, hans):
    found = {e.uid: e for e in events(hans, datetime.date(2026, 5, 1), datetime.date(2026, 5, 31))}
    event = found[f"visit-{visit.pk}"]
    assert event.title == "Besök: Skolledare från Røros"
    assert (event.start, event.end, event.days()) == (datetime.date(2026, 5, 12), datetime.date(2026, 5, 14), 3)
    assert event.url == f"/engagemang/{engagement.pk}/besok/{visit.pk}/"
    assert f"visit-{visit.pk}" not in {
        e.uid for e in events(hans, datetime.date(2026, 6, 1), datetime.date(2026, 6, 30))
    }


def test_karin_does_not_see_a_secret_visit_in_the_calendar(make_engagement, hans, karin):
    secret = make_engagement(title="Känsligt", is_secret=True, secrecy_ground="OSL")
    visit_actions.create_visit(secret, by=hans, fields=visit_fields())
    assert not [e for e in events(karin, datetime.date(2026, 5, 1), datetime.date(2026, 5, 31)) if e.kind == "visit"]


# Query counts


def _queries(client, url):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as ctx:
        assert client.get(url).status_code == 200
    return len(ctx.captured_queries)


def _add_items(visit, by, place, count):
    for number in range(count):
        visit_actions.add_item(visit, by=by, fields=item_fields(place=place, activity=f"Punkt {number}"))


@pytest.mark.parametrize("page", ["", "program/?lang=en"])
def test_the_visit_pages_use_a_constant_number_of_queries(client_for, engagement, visit, hans, place, page):
    client = client_for("hans")
    url = f"/engagemang/{engagement.pk}/besok/{visit.pk}/{page}"
    _add_items(visit, hans, place, 1)
    few = _queries(client, url)
    _add_items(visit, hans, place, 5)
    visit.guests.add(Contact.objects.create(name="Tredje gästen"))
    assert _queries(client, url) == few


def test_the_catalogue_list_uses_a_constant_number_of_queries(client_for, sara):
    client = client_for("sara")
    visit_actions.save_place(None, by=sara, fields={"name": "A", "kind": "plats"})
    few = _queries(client, "/engagemang/platser/")
    for number in range(5):
        visit_actions.save_place(None, by=sara, fields={"name": f"Plats {number}", "kind": "plats"})
    assert _queries(client, "/engagemang/platser/") == few


def test_the_engagement_page_with_visits_uses_a_constant_number_of_queries(client_for, engagement, hans):
    client = client_for("hans")
    url = f"/engagemang/{engagement.pk}/"
    visit_actions.create_visit(engagement, by=hans, fields=visit_fields())
    few = _queries(client, url)
    for number in range(4):
        visit_actions.create_visit(engagement, by=hans, fields=visit_fields(title=f"Besök {number}"))
    assert _queries(client, url) == few
