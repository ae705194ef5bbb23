"""Trips abroad within an engagement (R-62): planning with history, permissions that follow the engagement,
bad input refused with Swedish sentences, cost totals, the dashboard's "Resor utan beslut" and query counts."""

import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from tests.matrix import PERSONAS, READ, TRIP_CHANGE, TRIP_SECRET_VIEW, TRIP_VIEW
from utblick.core.history import history_of
from utblick.engagements import gift_actions, trip_actions
from utblick.engagements.models import Decision
from utblick.engagements.models_trips import CostKind, Trip, TripCost
from utblick.organisation.models import Person


@pytest.fixture
def engagement(make_engagement):
    return make_engagement(title="Skolutbyte med Røros")


@pytest.fixture
def decision(engagement):
    return Decision.objects.create(
        engagement=engagement,
        body="Barn- och utbildningsnämnden",
        decided_on=datetime.date(2026, 1, 20),
        diary_number="BUN 2026/12",
    )


@pytest.fixture
def people(hans, fredrik):
    return Person.objects.get(user=hans), Person.objects.get(user=fredrik)


def trip_fields(**overrides):
    fields = {
        "destination": "Røros",
        "country": "NO",
        "start_date": datetime.date(2026, 3, 15),
        "end_date": datetime.date(2026, 3, 18),
        "purpose": "Besöka partnerskolan och planera elevutbytet.",
        "programme": "Dag 1: skolbesök. Dag 2: workshop.",
        "decision": None,
        "travellers": [],
    }
    fields.update(overrides)
    return fields


@pytest.fixture
def trip(engagement, hans, people):
    return trip_actions.create_trip(engagement, by=hans, fields=trip_fields(travellers=list(people)))


def form_data(**overrides):
    data = {
        "destination": "Røros",
        "country": "NO",
        "start_date": "2026-03-15",
        "end_date": "2026-03-18",
        "purpose": "Besöka partnerskolan.",
        "programme": "",
        "decision": "",
    }
    data.update(overrides)
    return data


# Create and edit, with history


def test_hans_registers_a_trip_and_it_shows_on_the_engagement_page(client_for, engagement, people):
    client = client_for("hans")
    response = client.post(
        f"/engagemang/{engagement.pk}/resor/ny/", form_data(travellers=[str(people[0].pk), str(people[1].pk)])
    )
    trip = Trip.objects.get()
    assert response.status_code == 302
    assert response["Location"] == f"/engagemang/{engagement.pk}/resor/{trip.pk}/"
    assert set(trip.travellers.all()) == set(people)
    page = client.get(f"/engagemang/{engagement.pk}/").content.decode()
    assert "Resor" in page and "Røros, Norge" in page and "Saknas" in page
    assert "Hans Handläggare, Fredrik Förvaltningschef" in page or "Fredrik Förvaltningschef, Hans Handläggare" in page


def test_creating_a_trip_is_recorded_in_the_engagements_history(engagement, trip):
    change = history_of(engagement).first()
    fields = {c["field"]: c["after"] for c in change.changes}
    assert fields["Resa till Røros 2026-03-15: resmål"] == "Røros"
    assert fields["Resa till Røros 2026-03-15: resenärer"] == "Fredrik Förvaltningschef, Hans Handläggare"


def test_editing_a_trip_records_old_and_new_values(engagement, trip, decision, hans):
    trip_actions.update_trip(
        trip,
        by=hans,
        fields=trip_fields(
            decision=decision, end_date=datetime.date(2026, 3, 19), travellers=list(trip.travellers.all())
        ),
    )
    change = history_of(engagement).first()
    by_field = {c["field"]: (c["before"], c["after"]) for c in change.changes}
    assert by_field["Resa till Røros 2026-03-15: hemkomst"] == ("2026-03-18", "2026-03-19")
    assert by_field["Resa till Røros 2026-03-15: beslut"][1].startswith("Barn- och utbildningsnämnden")
    assert len(by_field) == 2


def test_the_edit_page_saves_a_decision_and_the_report_page_saves_the_report(client_for, engagement, trip, decision):
    client = client_for("fredrik")
    url = f"/engagemang/{engagement.pk}/resor/{trip.pk}/"
    assert client.get(url + "andra/").status_code == 200
    response = client.post(url + "andra/", form_data(decision=str(decision.pk)))
    assert response.status_code == 302
    response = client.post(url + "rapport/", {"achieved": "Ett avtal om utbyte.", "dissemination": "På rektorsmötet."})
    assert response.status_code == 302
    page = client.get(url).content.decode()
    assert "Ett avtal om utbyte." in page and "På rektorsmötet." in page and "BUN 2026/12" in page


def test_removing_a_trip_keeps_it_in_the_history(client_for, engagement, trip):
    response = client_for("hans").post(f"/engagemang/{engagement.pk}/resor/{trip.pk}/ta-bort/")
    assert response.status_code == 302
    assert not Trip.objects.exists()
    assert history_of(engagement).first().reason == "Resan togs bort."


# Permissions follow the engagement


@pytest.mark.parametrize("persona", PERSONAS)
def test_who_may_see_a_trip(client_for, engagement, trip, persona):
    assert client_for(persona).get(f"/engagemang/{engagement.pk}/resor/{trip.pk}/").status_code == TRIP_VIEW[persona]


@pytest.mark.parametrize("persona", PERSONAS)
@pytest.mark.parametrize("page", ["andra/", "rapport/", "kostnader/ny/", "gavor/ny/"])
def test_who_may_change_a_trip(client_for, engagement, trip, persona, page):
    url = f"/engagemang/{engagement.pk}/resor/{trip.pk}/{page}"
    assert client_for(persona).get(url).status_code == TRIP_CHANGE[persona]


@pytest.mark.parametrize("persona", PERSONAS)
def test_who_may_add_a_trip(client_for, engagement, persona):
    assert client_for(persona).get(f"/engagemang/{engagement.pk}/resor/ny/").status_code == TRIP_CHANGE[persona]


@pytest.mark.parametrize("persona", PERSONAS)
def test_a_secret_engagements_trip_stays_secret(client_for, make_engagement, hans, persona):
    secret = make_engagement(title="Känsligt samråd", is_secret=True, secrecy_ground="OSL 21 kap. 7 §")
    trip = trip_actions.create_trip(secret, by=hans, fields=trip_fields())
    url = f"/engagemang/{secret.pk}/resor/{trip.pk}/"
    assert client_for(persona).get(url).status_code == TRIP_SECRET_VIEW[persona]


def test_karin_cannot_post_to_another_units_trip(client_for, engagement, trip):
    response = client_for("karin").post(f"/engagemang/{engagement.pk}/resor/{trip.pk}/andra/", form_data())
    assert response.status_code == 403
    assert Trip.objects.get().destination == "Røros"


def test_the_action_refuses_a_user_without_change_permission(trip, karin):
    with pytest.raises(PermissionDenied):
        trip_actions.update_trip(trip, by=karin, fields=trip_fields(destination="Oslo"))


def test_a_trip_under_another_engagement_is_not_found(client_for, make_engagement, trip):
    other = make_engagement(title="Annat")
    assert client_for("hans").get(f"/engagemang/{other.pk}/resor/{trip.pk}/").status_code == 404
    assert client_for("hans").get(f"/engagemang/{other.pk}/resor/{trip.pk}/andra/").status_code == 404


def test_a_cost_of_another_trip_is_not_found(client_for, engagement, trip, hans):
    other = trip_actions.create_trip(engagement, by=hans, fields=trip_fields(destination="Oulu", country="FI"))
    cost = trip_actions.add_cost(other, by=hans, fields={"kind": "travel", "estimated_amount": "100"})
    url = f"/engagemang/{engagement.pk}/resor/{trip.pk}/kostnader/{cost.pk}/"
    assert client_for("hans").get(url).status_code == 404
    assert client_for("hans").post(url + "ta-bort/").status_code == 404
    assert TripCost.objects.filter(pk=cost.pk).exists()


# Bad input


def test_a_trip_cannot_end_before_it_starts(client_for, engagement):
    response = client_for("hans").post(
        f"/engagemang/{engagement.pk}/resor/ny/", form_data(start_date="2026-03-18", end_date="2026-03-15")
    )
    assert response.status_code == 200
    assert "Hemkomsten kan inte ligga före avresan. Kontrollera datumen." in response.content.decode()
    assert not Trip.objects.exists()


def test_the_database_refuses_a_trip_ending_before_it_starts(engagement):
    from django.db import IntegrityError, transaction

    with pytest.raises(IntegrityError), transaction.atomic():
        Trip.objects.create(
            engagement=engagement,
            destination="Røros",
            country="NO",
            start_date=datetime.date(2026, 3, 18),
            end_date=datetime.date(2026, 3, 15),
            purpose="x",
        )


def test_a_decision_of_another_engagement_is_refused(client_for, engagement, make_engagement):
    other = make_engagement(title="Annat")
    foreign = Decision.objects.create(
        engagement=other, body="KS", decided_on=datetime.date(2026, 1, 1), diary_number="KS 1"
    )
    response = client_for("hans").post(f"/engagemang/{engagement.pk}/resor/ny/", form_data(decision=str(foreign.pk)))
    assert response.status_code == 200
    assert "Välj ett beslut som hör till det här engagemanget." in response.content.decode()
    assert not Trip.objects.exists()


def test_an_inactive_person_cannot_be_added_as_traveller(engagement, hans, units):
    gone = Person.objects.create(name="Gustav Gången", kind=Person.Kind.TJANSTEMAN, unit=units["buf"], is_active=False)
    with pytest.raises(ValidationError) as error:
        trip_actions.create_trip(engagement, by=hans, fields=trip_fields(travellers=[gone]))
    assert "Gustav Gången är inte längre aktiv." in error.value.message_dict["travellers"][0]


def test_negative_and_non_numeric_amounts_are_refused(client_for, engagement, trip):
    url = f"/engagemang/{engagement.pk}/resor/{trip.pk}/kostnader/ny/"
    response = client_for("hans").post(url, {"kind": "travel", "estimated_amount": "-100"})
    assert "Beloppet kan inte vara negativt." in response.content.decode()
    response = client_for("hans").post(url, {"kind": "travel", "estimated_amount": "mycket"})
    assert "Skriv beloppet med siffror" in response.content.decode()
    assert not TripCost.objects.exists()


def test_html_in_texts_is_shown_as_text(client_for, engagement, hans):
    trip = trip_actions.create_trip(
        engagement, by=hans, fields=trip_fields(destination="<script>alert(1)</script>", purpose="<b>fet</b>")
    )
    page = client_for("hans").get(f"/engagemang/{engagement.pk}/resor/{trip.pk}/").content.decode()
    assert "<script>alert(1)</script>" not in page and "&lt;script&gt;alert(1)&lt;/script&gt;" in page
    assert "&lt;b&gt;fet&lt;/b&gt;" in page


# Costs and totals


def test_costs_are_summed_per_traveller_and_kind(client_for, engagement, trip, people, hans):
    hans_person, fredrik_person = people
    for traveller, kind, estimated, actual in [
        (hans_person, "travel", "4500", "4200"),
        (hans_person, "lodging", "3000", None),
        (fredrik_person, "travel", "4500", "4800,50"),
        (None, "fees", "1200", "1200"),
    ]:
        trip_actions.add_cost(
            trip,
            by=hans,
            fields={"traveller": traveller, "kind": kind, "estimated_amount": estimated, "actual_amount": actual},
        )
    assert sum(c.estimated_amount for c in trip.costs.all()) == Decimal("13200")
    page = client_for("lisa").get(f"/engagemang/{engagement.pk}/resor/{trip.pk}/").content.decode()
    # per traveller: Fredrik 4 500 / 4 800,50; Hans 7 500 / 4 200; shared 1 200 / 1 200; total 13 200 / 10 200,50
    assert "7\xa0500 kr" in page or "7 500 kr" in page
    assert "10\xa0200,50 kr" in page or "10 200,50 kr" in page
    assert "13\xa0200 kr" in page or "13 200 kr" in page
    assert "Det verkliga beloppet är inte känt för alla kostnader ännu." in page
    # per kind, in the order resor, logi, avgifter: travel 9 000 / 9 000,50
    kinds = page.split("Summa per slag")[1]
    assert kinds.index("Resor") < kinds.index("Logi") < kinds.index("Avgifter")
    assert "9\xa0000,50 kr" in kinds or "9 000,50 kr" in kinds
    engagement_page = client_for("lisa").get(f"/engagemang/{engagement.pk}/").content.decode()
    assert "13\xa0200 kr" in engagement_page or "13 200 kr" in engagement_page


def test_a_cost_must_belong_to_a_traveller_on_the_trip(engagement, trip, hans, units):
    stranger = Person.objects.create(name="Olle Okänd", kind=Person.Kind.TJANSTEMAN, unit=units["buf"])
    with pytest.raises(ValidationError) as error:
        trip_actions.add_cost(trip, by=hans, fields={"traveller": stranger, "kind": "travel", "estimated_amount": "10"})
    assert "Välj en av resans resenärer" in error.value.message_dict["traveller"][0]


def test_editing_and_removing_a_cost_is_recorded(client_for, engagement, trip, hans):
    cost = trip_actions.add_cost(trip, by=hans, fields={"kind": CostKind.TRAVEL, "estimated_amount": "4500"})
    url = f"/engagemang/{engagement.pk}/resor/{trip.pk}/kostnader/{cost.pk}/"
    client = client_for("hans")
    assert client.get(url).status_code == 200
    assert client.post(url, {"kind": "travel", "estimated_amount": "4500", "actual_amount": "4 300"}).status_code == 302
    cost.refresh_from_db()
    assert cost.actual_amount == Decimal("4300")
    change = history_of(engagement).first()
    assert change.changes == [
        {"field": "Resa till Røros 2026-03-15, kostnad: verkligt", "before": "", "after": "4 300 kr"}
    ]
    assert client.post(url + "ta-bort/").status_code == 302
    assert not TripCost.objects.exists()
    assert history_of(engagement).first().reason == "Kostnaden togs bort."


# The dashboard


def test_trips_without_a_decision_near_departure_are_counted_on_the_dashboard(
    client_for, engagement, decision, hans, units
):
    today = timezone.localdate()
    soon = trip_actions.create_trip(
        engagement,
        by=hans,
        fields=trip_fields(
            start_date=today + datetime.timedelta(days=10), end_date=today + datetime.timedelta(days=12)
        ),
    )
    trip_actions.create_trip(  # far away: not yet flagged
        engagement,
        by=hans,
        fields=trip_fields(
            destination="Oulu",
            start_date=today + datetime.timedelta(days=60),
            end_date=today + datetime.timedelta(days=62),
        ),
    )
    trip_actions.create_trip(  # has its decision: not flagged
        engagement,
        by=hans,
        fields=trip_fields(destination="Tallinn", decision=decision, start_date=today, end_date=today),
    )
    page = client_for("sara").get("/uppfoljning/").content.decode()
    assert "Resor utan beslut" in page
    assert f'/engagemang/resor/utan-beslut/?unit={units["buf"].pk}">1<' in page
    listing = client_for("sara").get(f"/engagemang/resor/utan-beslut/?unit={units['buf'].pk}").content.decode()
    assert f"/engagemang/{engagement.pk}/resor/{soon.pk}/" in listing
    assert "Oulu" not in listing and "Tallinn" not in listing
    assert "1 resa saknar beslut." in listing


@pytest.mark.parametrize("persona", PERSONAS)
def test_who_may_see_the_list_of_trips_without_decision(client_for, persona):
    assert client_for(persona).get("/engagemang/resor/utan-beslut/").status_code == READ[persona]


def test_a_wrong_unit_in_the_list_of_trips_without_decision_is_not_found(client_for):
    assert client_for("sara").get("/engagemang/resor/utan-beslut/?unit=999999").status_code == 404
    assert client_for("sara").get("/engagemang/resor/utan-beslut/?unit=abc").status_code == 404


def test_karin_does_not_see_secret_trips_on_the_dashboard(client_for, make_engagement, hans):
    secret = make_engagement(title="Känsligt", is_secret=True, secrecy_ground="OSL")
    today = timezone.localdate()
    trip_actions.create_trip(
        secret, by=hans, fields=trip_fields(destination="Hemligstad", start_date=today, end_date=today)
    )
    assert "Hemligstad" not in client_for("karin").get("/engagemang/resor/utan-beslut/").content.decode()
    assert "Hemligstad" in client_for("hans").get("/engagemang/resor/utan-beslut/").content.decode()
    assert client_for("erik").get("/engagemang/resor/utan-beslut/").status_code == 403


# Query counts


def _add_trips(engagement, hans, people, count):
    for i in range(count):
        trip = trip_actions.create_trip(
            engagement, by=hans, fields=trip_fields(destination=f"Ort {i}", travellers=list(people))
        )
        trip_actions.add_cost(
            trip, by=hans, fields={"kind": "travel", "estimated_amount": "100", "traveller": people[0]}
        )
        gift_actions.add_gift(
            trip,
            by=hans,
            fields={
                "direction": "given",
                "what": "Bok",
                "value": "200",
                "counterpart": "Rektorn",
                "date": datetime.date(2026, 3, 16),
            },
        )
    return trip


def _queries(client, url):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as ctx:
        assert client.get(url).status_code == 200
    return len(ctx.captured_queries)


def test_the_engagement_page_with_trips_uses_a_constant_number_of_queries(client_for, engagement, hans, people):
    client = client_for("hans")
    url = f"/engagemang/{engagement.pk}/"
    _add_trips(engagement, hans, people, 1)
    few = _queries(client, url)
    _add_trips(engagement, hans, people, 5)
    assert _queries(client, url) == few


def test_the_trip_page_uses_a_constant_number_of_queries(client_for, engagement, hans, people):
    client = client_for("hans")
    trip = _add_trips(engagement, hans, people, 1)
    url = f"/engagemang/{engagement.pk}/resor/{trip.pk}/"
    few = _queries(client, url)
    for _ in range(5):
        trip_actions.add_cost(
            trip, by=hans, fields={"kind": "lodging", "estimated_amount": "100", "traveller": people[1]}
        )
        gift_actions.add_gift(
            trip,
            by=hans,
            fields={
                "direction": "received",
                "what": "Tavla",
                "value": "500",
                "counterpart": "Borgmästaren",
                "date": datetime.date(2026, 3, 17),
            },
        )
    assert _queries(client, url) == few


def test_the_dashboard_list_of_trips_uses_a_constant_number_of_queries(
    client_for, engagement, hans, people, make_engagement
):
    client = client_for("sara")
    today = timezone.localdate()
    url = "/engagemang/resor/utan-beslut/"
    trip_actions.create_trip(engagement, by=hans, fields=trip_fields(start_date=today, end_date=today))
    few = _queries(client, url)
    for i in range(5):
        other = make_engagement(title=f"E{i}")
        trip_actions.create_trip(other, by=hans, fields=trip_fields(start_date=today, end_date=today))
    assert _queries(client, url) == few
