"""The iCalendar feeds behind a secret token: they parse back, carry Swedish characters and stable UIDs, never
show another unit's secret engagements, and stop working when renewed, unknown or the user is inactive."""

import datetime

import pytest
from django.test import Client
from django.utils import timezone
from icalendar import Calendar

from utblick.core.models import CalendarToken
from utblick.engagements.models import Decision


def feed_path(token: CalendarToken) -> str:
    return f"/kalender/ical/{token.token}.ics"


def fetch(token: CalendarToken) -> Calendar:
    response = Client().get(feed_path(token))  # no login: Outlook cannot log in
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/calendar")
    return Calendar.from_ical(response.content)


def vevents(calendar: Calendar) -> dict[str, object]:
    return {str(event["SUMMARY"]): event for event in calendar.walk("VEVENT")}


@pytest.fixture
def soon():
    return timezone.localdate() + datetime.timedelta(days=14)


@pytest.fixture
def engagements(make_engagement, units, soon):
    own = make_engagement(
        title="Språkläger i Östersund med Åre", start_date=soon, end_date=soon + datetime.timedelta(3)
    )
    Decision.objects.create(engagement=own, body="Barn- och utbildningsnämnden", decided_on=soon, diary_number="7")
    secret = make_engagement(
        title="Hemlig förhandling i Málaga",
        owner_unit=units["kultur"],
        is_secret=True,
        secrecy_ground="OSL 18:1",
        start_date=soon,
        end_date=None,
    )
    open_culture = make_engagement(
        title="Bokmässa i Göteborg", owner_unit=units["kultur"], start_date=soon, end_date=None
    )
    return {"own": own, "secret": secret, "open_culture": open_culture}


def test_the_personal_feed_parses_back_with_swedish_characters(engagements, hans, soon):
    token = CalendarToken.objects.create(user=hans)
    calendar = fetch(token)
    assert str(calendar["X-WR-CALNAME"]) == "Utblick – Hans Handläggare"
    found = vevents(calendar)
    start = found["Start: Språkläger i Östersund med Åre"]
    assert start["DTSTART"].dt == soon
    assert start["DTEND"].dt == soon + datetime.timedelta(days=1)  # all day: DTEND is the day after
    assert str(start["URL"]).endswith(f"/engagemang/{engagements['own'].pk}/")
    assert "Beslut: Barn- och utbildningsnämnden – Språkläger i Östersund med Åre" in found
    assert "Slut: Språkläger i Östersund med Åre" in found
    assert "Start: Bokmässa i Göteborg" in found  # another unit's open engagement


def test_uids_are_stable_across_fetches(engagements, hans):
    token = CalendarToken.objects.create(user=hans)
    first = sorted(str(event["UID"]) for event in fetch(token).walk("VEVENT"))
    second = sorted(str(event["UID"]) for event in fetch(token).walk("VEVENT"))
    assert first == second and len(set(first)) == len(first) == 4


def test_hans_feed_never_shows_another_units_secret_engagement(engagements, hans, karin):
    assert not any("Málaga" in summary for summary in vevents(fetch(CalendarToken.objects.create(user=hans))))
    assert "Start: Hemlig förhandling i Málaga" in vevents(fetch(CalendarToken.objects.create(user=karin)))


def test_a_unit_feed_shows_what_its_owner_may_see_of_that_unit(engagements, hans, units):
    token = CalendarToken.objects.create(user=hans, unit=units["kultur"])
    calendar = fetch(token)
    assert str(calendar["X-WR-CALNAME"]) == f"Utblick – {units['kultur'].name}"
    assert set(vevents(calendar)) == {"Start: Bokmässa i Göteborg"}


def test_fetching_records_when_the_feed_was_last_used(engagements, hans):
    token = CalendarToken.objects.create(user=hans)
    fetch(token)
    token.refresh_from_db()
    assert token.last_used_at is not None


def test_the_page_shows_the_users_own_absolute_feed_url(client_for, hans, settings):
    settings.UTBLICK_BASE_URL = "https://utblick.herjedalen.example"
    page = client_for("hans").get("/kalender/").content.decode()
    token = CalendarToken.objects.get(user=hans, unit=None)
    assert f"https://utblick.herjedalen.example/kalender/ical/{token.token}.ics" in page
    assert "Prenumerera i Outlook" in page


def test_a_renewed_token_invalidates_the_old_url(client_for, hans, engagements):
    client = client_for("hans")
    client.get("/kalender/")
    token = CalendarToken.objects.get(user=hans, unit=None)
    old = feed_path(token)
    response = client.post(f"/kalender/prenumeration/{token.pk}/fornya/")
    assert response.status_code == 302
    assert Client().get(old).status_code == 404
    token.refresh_from_db()
    assert feed_path(token) != old
    assert "Start: Språkläger i Östersund med Åre" in vevents(fetch(token))
    page = client.get(response["Location"]).content.decode()
    assert "Den gamla länken fungerar inte längre" in page


def test_one_cannot_renew_another_users_token(client_for, karin):
    token = CalendarToken.objects.create(user=karin)
    assert client_for("hans").post(f"/kalender/prenumeration/{token.pk}/fornya/").status_code == 404
    assert CalendarToken.objects.get(pk=token.pk).token == token.token


def test_a_unit_feed_is_created_from_the_page(client_for, hans, units):
    client = client_for("hans")
    response = client.post("/kalender/prenumeration/enhet/", {"feed-unit": units["kultur"].pk})
    assert response.status_code == 302
    token = CalendarToken.objects.get(user=hans, unit=units["kultur"])
    assert token.token in client.get("/kalender/").content.decode()


def test_a_unit_feed_without_a_unit_gets_a_swedish_message(client_for):
    response = client_for("hans").post("/kalender/prenumeration/enhet/", {"feed-unit": ""})
    assert response.status_code == 400
    assert "Välj vilken enhet kalendern ska visa." in response.content.decode()


def test_an_unknown_token_is_404(db):
    assert Client().get("/kalender/ical/finns-inte.ics").status_code == 404


def test_an_inactive_users_token_is_404(hans):
    token = CalendarToken.objects.create(user=hans)
    hans.is_active = False
    hans.save()
    assert Client().get(feed_path(token)).status_code == 404


def test_an_external_users_token_is_404(erik):
    assert Client().get(feed_path(CalendarToken.objects.create(user=erik))).status_code == 404


def test_tokens_are_long_and_unique(hans, karin):
    first, second = CalendarToken.objects.create(user=hans), CalendarToken.objects.create(user=karin)
    assert first.token != second.token and len(first.token) >= 40


def test_renewing_is_in_the_history_without_the_secret(client_for, hans):
    from utblick.core.history import history_of

    client = client_for("hans")
    client.get("/kalender/")
    token = CalendarToken.objects.get(user=hans, unit=None)
    client.post(f"/kalender/prenumeration/{token.pk}/fornya/")
    token.refresh_from_db()
    rows = list(history_of(token))
    assert [row.action for row in rows] == ["updated", "created"]
    assert rows[0].actor == hans
    assert all(token.token not in f"{row.object_repr} {row.changes} {row.reason}" for row in rows)
