"""Trips in a real browser: the engagement's trip section, a new trip (with its errors), the trip page with
costs and gifts, the cost, gift and report forms, and the dashboard's "Resor utan beslut" list have no axe
violations, and a trip can be planned and given a cost and a gift through the forms (as Sara and as Hans)."""

import datetime

import pytest

pytestmark = pytest.mark.browser


@pytest.fixture
def trip(site):
    from django.utils import timezone

    from utblick.engagements import gift_actions, trip_actions
    from utblick.organisation.models import Person

    engagement, hans = site.open_engagement, site.users["hans"]
    today = timezone.localdate()
    trip = trip_actions.create_trip(
        engagement,
        by=hans,
        fields={
            "destination": "Røros",
            "country": "NO",
            "start_date": today + datetime.timedelta(days=7),
            "end_date": today + datetime.timedelta(days=9),
            "purpose": "Besöka partnerskolan och planera elevutbytet.",
            "programme": "Dag 1: skolbesök.",
            "travellers": [Person.objects.get(user=hans)],
        },
    )
    person = Person.objects.get(user=hans)
    trip_actions.add_cost(trip, by=hans, fields={"kind": "travel", "estimated_amount": "4500", "traveller": person})
    trip_actions.add_cost(trip, by=hans, fields={"kind": "fees", "estimated_amount": "1200", "actual_amount": "1200"})
    gift_actions.add_gift(
        trip,
        by=hans,
        fields={
            "direction": "received",
            "what": "Tennskål",
            "value": "450",
            "counterpart": "Rektorn",
            "date": today + datetime.timedelta(days=8),
        },
    )
    return trip


@pytest.mark.parametrize("username", ["sara", "hans"])
def test_trip_pages_and_forms_are_accessible(page, site, trip, login, assert_accessible, username):
    from utblick.engagements.models_trips import Gift, Trip, TripCost

    login(site.users[username])
    engagement = site.open_engagement
    assert page.goto(f"/engagemang/{engagement.pk}/").status == 200
    assert page.get_by_role("heading", name="Resor", exact=True).is_visible()
    assert_accessible(page, "engagemangssidan med resor")

    with page.expect_navigation():
        page.get_by_role("link", name="Registrera en resa").click()
    assert_accessible(page, "ny resa")
    page.get_by_label("Resmål", exact=False).fill("Oulu")
    page.get_by_label("Land", exact=False).select_option("FI")
    page.get_by_label("Avresa", exact=False).fill("2026-05-10")
    page.get_by_label("Hemkomst", exact=False).fill("2026-05-08")
    page.get_by_label("Syfte med resan", exact=False).fill("Konferens om skolutveckling.")
    with page.expect_navigation():
        page.get_by_role("button", name="Spara resan").click()
    assert page.get_by_text("Hemkomsten kan inte ligga före avresan. Kontrollera datumen.").first.is_visible()
    assert_accessible(page, "ny resa med fel")
    page.get_by_label("Hemkomst", exact=False).fill("2026-05-12")
    with page.expect_navigation():
        page.get_by_role("button", name="Spara resan").click()
    new = Trip.objects.get(destination="Oulu")
    assert page.url.endswith(f"/engagemang/{engagement.pk}/resor/{new.pk}/")

    assert page.goto(f"/engagemang/{engagement.pk}/resor/{trip.pk}/").status == 200
    assert page.get_by_role("rowheader", name="Tennskål").is_visible()
    assert_accessible(page, "resans sida")

    with page.expect_navigation():
        page.get_by_role("link", name="Lägg till en kostnad").click()
    assert_accessible(page, "ny kostnad")
    page.get_by_label("Slag", exact=False).select_option("lodging")
    page.get_by_label("Beräknat belopp (kr)", exact=False).fill("3 000")
    with page.expect_navigation():
        page.get_by_role("button", name="Spara kostnaden").click()
    assert TripCost.objects.filter(trip=trip, kind="lodging", estimated_amount=3000).exists()

    with page.expect_navigation():
        page.get_by_role("link", name="Registrera en gåva").click()
    assert_accessible(page, "ny gåva")
    page.get_by_role("radio", name="Gåva vi gav").check()
    page.locator("#id_what").fill("Bok om Härjedalen")
    page.get_by_label("Uppskattat värde (kr)", exact=False).fill("300")
    page.get_by_label("Från eller till vem", exact=False).fill("Rørosskolan")
    page.get_by_label("Datum", exact=False).fill("2026-03-16")
    with page.expect_navigation():
        page.get_by_role("button", name="Spara gåvan").click()
    assert Gift.objects.filter(trip=trip, what="Bok om Härjedalen").exists()

    with page.expect_navigation():
        page.get_by_role("link", name="Skriv rapport efter resan").click()
    assert_accessible(page, "rapport efter resan")

    assert page.goto("/uppfoljning/").status == 200
    assert_accessible(page, "uppföljningen med resor utan beslut")
    with page.expect_navigation():
        page.locator(
            "#h-trip-decisions ~ div table a, section[aria-labelledby='h-trip-decisions'] table a"
        ).first.click()
    assert "/engagemang/resor/utan-beslut/" in page.url
    assert page.get_by_role("link", name="Røros", exact=False).first.is_visible()
    assert_accessible(page, "resor utan beslut")
