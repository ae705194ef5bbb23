"""The calendar: events of each kind from hand-made engagements, only what the user may see, the unit filter,
the month grid's edges, a wrong month and constant query counts; the page's permission matrix."""

import datetime
import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from tests.matrix import PERSONAS, READ
from utblick.engagements.calendar import FOLLOW_UP_DAYS, events
from utblick.engagements.models import Decision, Status

URL = "/kalender/"
NOV_FIRST, NOV_LAST = datetime.date(2026, 11, 1), datetime.date(2026, 11, 30)


def titles(found):
    return [event.title for event in found]


@pytest.fixture
def year_of_events(make_engagement, units):
    """One engagement per kind of event in November 2026, for BUF unless told otherwise."""
    started = make_engagement(title="Språkläger i Åre", start_date=datetime.date(2026, 11, 3), end_date=None)
    ending = make_engagement(title="Körutbyte med Östersund", end_date=datetime.date(2026, 11, 20))
    decided = make_engagement(title="Vänort Röros", start_date=datetime.date(2025, 1, 1), end_date=None)
    Decision.objects.create(
        engagement=decided,
        body="Barn- och utbildningsnämnden",
        decided_on=datetime.date(2026, 11, 12),
        diary_number="1",
    )
    finished = make_engagement(
        title="Läsfrämjande i Härnösand",
        status=Status.FINISHED,
        end_date=datetime.date(2026, 11, 25) - datetime.timedelta(days=FOLLOW_UP_DAYS),
    )
    return {"started": started, "ending": ending, "decided": decided, "finished": finished}


def test_each_kind_of_event_appears_on_its_day(year_of_events, hans):
    found = {event.title: event for event in events(hans, NOV_FIRST, NOV_LAST)}
    assert found["Start: Språkläger i Åre"].start == datetime.date(2026, 11, 3)
    assert found["Slut: Körutbyte med Östersund"].start == datetime.date(2026, 11, 20)
    assert found["Beslut: Barn- och utbildningsnämnden – Vänort Röros"].start == datetime.date(2026, 11, 12)
    assert found["Uppföljning: Läsfrämjande i Härnösand"].start == datetime.date(2026, 11, 25)
    event = found["Start: Språkläger i Åre"]
    assert event.end == event.start and event.unit and event.url == f"/engagemang/{year_of_events['started'].pk}/"


def test_a_followed_up_engagement_has_no_follow_up_deadline(year_of_events, hans):
    finished = year_of_events["finished"]
    finished.status = Status.FOLLOWED_UP
    finished.save()
    assert "Uppföljning: Läsfrämjande i Härnösand" not in titles(events(hans, NOV_FIRST, NOV_LAST))


def test_events_outside_the_range_are_left_out(year_of_events, hans):
    assert events(hans, datetime.date(2026, 12, 1), datetime.date(2026, 12, 31)) == []


def test_archived_engagements_are_left_out(year_of_events, hans):
    started = year_of_events["started"]
    started.archived_at = timezone.now()
    started.save()
    assert "Start: Språkläger i Åre" not in titles(events(hans, NOV_FIRST, NOV_LAST))


def test_handlaggare_does_not_see_another_units_secret_engagement(make_engagement, units, hans, karin):
    make_engagement(
        title="Hemlig förhandling i Málaga",
        owner_unit=units["kultur"],
        is_secret=True,
        secrecy_ground="OSL 18:1",
        start_date=datetime.date(2026, 11, 5),
        end_date=None,
    )
    assert "Start: Hemlig förhandling i Málaga" not in titles(events(hans, NOV_FIRST, NOV_LAST))
    assert "Start: Hemlig förhandling i Málaga" in titles(events(karin, NOV_FIRST, NOV_LAST))


def test_the_unit_filter_keeps_only_that_units_engagements(make_engagement, units, sara):
    make_engagement(title="Bokmässa", owner_unit=units["kultur"], start_date=datetime.date(2026, 11, 6), end_date=None)
    make_engagement(title="Lärarutbyte", owner_unit=units["buf"], start_date=datetime.date(2026, 11, 6), end_date=None)
    found = titles(events(sara, NOV_FIRST, NOV_LAST, unit_ids=[units["kultur"].pk]))
    assert "Start: Bokmässa" in found and "Start: Lärarutbyte" not in found
    page = _client(sara).get(URL, {"month": "2026-11", "unit": units["kultur"].pk}).content.decode()
    assert "Start: Bokmässa" in page and "Start: Lärarutbyte" not in page


def _client(user):
    from django.test import Client

    client = Client()
    client.force_login(user)
    return client


def test_the_month_view_shows_events_as_links_with_swedish_names(year_of_events, hans):
    page = _client(hans).get(URL, {"month": "2026-11"}).content.decode()
    assert "November 2026" in page
    assert "Måndag" in page and "Söndag" in page
    assert f'href="/engagemang/{year_of_events["started"].pk}/">Start: Språkläger i Åre</a>' in page
    assert "?month=2026-10" in page and "?month=2026-12" in page


def _week_rows(page):
    body = page.split("<tbody>", 1)[1].split("</tbody>", 1)[0]
    return re.findall(r"<tr>(.*?)</tr>", body, re.S)


def test_a_month_starting_on_sunday_begins_with_the_previous_weeks_days(hans):
    # March 2026 starts on a Sunday: the first row runs Monday 23 February to Sunday 1 March.
    page = _client(hans).get(URL, {"month": "2026-03"}).content.decode()
    rows = _week_rows(page)
    assert "måndag 23 februari" in rows[0] and "söndag 1 mars" in rows[0]
    assert "tisdag 31 mars" in rows[-1]
    assert len(rows) == 6


def test_february_in_a_leap_year_has_its_29th_day(hans):
    page = _client(hans).get(URL, {"month": "2028-02"}).content.decode()
    assert "tisdag 29 februari" in page
    assert "Februari 2028" in page


def test_today_is_marked(hans):
    page = _client(hans).get(URL).content.decode()
    assert page.count('aria-current="date"') == 1


@pytest.mark.parametrize("month", ["2026-13", "november", "26-11", "2026-00", "9999-01", "2026-1-1"])
def test_a_wrong_month_gets_a_swedish_message(hans, month):
    response = _client(hans).get(URL, {"month": month})
    assert response.status_code == 200
    assert "Ange månaden som år och månad med siffror, t.ex. 2026-11." in response.content.decode()


def test_a_wrong_unit_gets_a_swedish_message(hans):
    response = _client(hans).get(URL, {"unit": "999999"})
    assert "Välj en enhet i listan." in response.content.decode()


def test_the_list_view_groups_coming_events_by_date(make_engagement, hans):
    today = timezone.localdate()
    make_engagement(title="Studiebesök i Trondheim", start_date=today + datetime.timedelta(days=10), end_date=None)
    make_engagement(title="Avslutat projekt", start_date=today - datetime.timedelta(days=400), end_date=None)
    page = _client(hans).get(URL, {"view": "list"}).content.decode()
    assert "Start: Studiebesök i Trondheim" in page
    assert "Avslutat projekt" not in page
    assert "<h3>" in page


@pytest.mark.parametrize("view", ["month", "list"])
def test_the_number_of_queries_does_not_grow_with_the_events(make_engagement, hans, view):
    today = timezone.localdate()
    params = {"view": "list"} if view == "list" else {"month": today.strftime("%Y-%m")}
    client = _client(hans)

    def count():
        client.get(URL, params)  # the first visit creates the personal feed token
        with CaptureQueriesContext(connection) as queries:
            response = client.get(URL, params)
        return len(queries), response.content.decode().count('class="event')

    make_engagement(title="Ett", start_date=today + datetime.timedelta(days=1), end_date=None)
    few, shown_few = count()
    for n in range(6):
        engagement = make_engagement(
            title=f"Fler {n}",
            start_date=today + datetime.timedelta(days=2),
            end_date=today + datetime.timedelta(days=3),
        )
        Decision.objects.create(engagement=engagement, body="KS", decided_on=today + datetime.timedelta(days=2))
    many, shown_many = count()
    assert shown_many > shown_few
    assert many == few


@pytest.mark.parametrize("username", PERSONAS)
def test_calendar_permission_matrix(client_for, username):
    assert client_for(username).get(URL).status_code == READ[username]


def test_a_trip_is_a_multi_day_event_on_each_of_its_days(make_engagement, hans):
    trips = pytest.importorskip("utblick.engagements.models_trips")
    engagement = make_engagement(title="Skolutbyte med Røros")
    trip = trips.Trip.objects.create(
        engagement=engagement,
        destination="Tromsø",
        start_date=datetime.date(2026, 10, 30),
        end_date=datetime.date(2026, 11, 2),
        purpose="Besöka partnerskolan.",
    )
    (event,) = [event for event in events(hans, NOV_FIRST, NOV_LAST) if event.kind == "trip"]
    assert event.title == "Resa: Tromsø – Skolutbyte med Røros"
    assert (event.start, event.end, event.days()) == (trip.start_date, trip.end_date, 4)
    page = _client(hans).get(URL, {"month": "2026-11"}).content.decode()
    assert page.count(">Resa: Tromsø – Skolutbyte med Røros</a>") == 4  # 30 and 31 October are in the first week
    assert f"/engagemang/{engagement.pk}/" in event.url


def test_a_new_kind_of_event_is_one_provider_function(make_engagement, hans):
    from utblick.engagements.calendar import PROVIDERS, Event

    def visits(engagements, first, last):
        return [Event("visit-1", "Besök: Gäster från Åland", first, first, "visit", "/", "BUF")]

    found = events(hans, NOV_FIRST, NOV_LAST, providers=[*PROVIDERS, visits])
    assert "Besök: Gäster från Åland" in titles(found)
