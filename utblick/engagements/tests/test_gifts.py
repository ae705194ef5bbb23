"""Gifts given and received on trips and during visits (R-62): one module serves both. Each test runs for a
trip and for a visit: recorded with what, value and counterpart, with history on the engagement, bad input
refused with Swedish sentences, HTML escaped, and permissions that follow the engagement."""

import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction

from tests.matrix import PERSONAS, TRIP_CHANGE
from utblick.core.history import history_of
from utblick.engagements import gift_actions, trip_actions, visit_actions
from utblick.engagements.models_trips import Gift
from utblick.notifications.kinds import Kind
from utblick.notifications.models import Notification
from utblick.organisation.models import Person

# How the engagement's history names a gift of the trip or the visit made by the `owner` fixture.
PREFIX = {
    "trip": "Resa till Røros 2026-03-15, gåva",
    "visit": "Besök: Skolledare från Røros 2026-05-12, gåva",
}


@pytest.fixture
def engagement(make_engagement):
    return make_engagement(title="Skolutbyte med Røros")


def make_owner(kind, engagement, by, *, other=False):
    """A trip to Røros or a visit from Røros (with `other`, a second one in the same engagement)."""
    if kind == "trip":
        fields = {
            "destination": "Oulu" if other else "Røros",
            "country": "FI" if other else "NO",
            "start_date": datetime.date(2026, 5, 1) if other else datetime.date(2026, 3, 15),
            "end_date": datetime.date(2026, 5, 2) if other else datetime.date(2026, 3, 18),
            "purpose": "Konferens." if other else "Besöka partnerskolan.",
        }
        return trip_actions.create_trip(engagement, by=by, fields=fields)
    fields = {
        "title": "Annat besök" if other else "Skolledare från Røros",
        "start_date": datetime.date(2026, 5, 12),
        "end_date": datetime.date(2026, 5, 14),
        "purpose": "Visa skolorna och planera utbytet.",
    }
    return visit_actions.create_visit(engagement, by=by, fields=fields)


@pytest.fixture(params=["trip", "visit"])
def kind(request):
    return request.param


@pytest.fixture
def owner(kind, engagement, hans):
    return make_owner(kind, engagement, hans)


def page_of(engagement, owner) -> str:
    """The trip's or the visit's page; its gift pages are under gavor/."""
    family = "resor" if owner._meta.model_name == "trip" else "besok"
    return f"/engagemang/{engagement.pk}/{family}/{owner.pk}/"


def gift_data(**overrides):
    data = {
        "direction": "received",
        "what": "Tennskål från Røros",
        "value": "450",
        "counterpart": "Rørosskolans rektor",
        "date": "2026-03-16",
        "note": "",
    }
    data.update(overrides)
    return data


def gift_fields(**overrides):
    """What the form hands to the actions: the same, with the date as a date."""
    return {**gift_data(**overrides), "date": datetime.date(2026, 3, 16)}


def test_hans_records_a_received_gift_and_it_shows_on_the_page(client_for, engagement, owner, kind):
    client = client_for("hans")
    url = page_of(engagement, owner)
    assert client.get(url + "gavor/ny/").status_code == 200
    response = client.post(url + "gavor/ny/", gift_data())
    assert response.status_code == 302
    assert response["Location"] == url
    gift = Gift.objects.get()
    assert gift.value == Decimal("450") and gift.direction == "received"
    assert gift_actions.owner_of(gift) == owner
    assert (gift.trip, gift.visit) == ((owner, None) if kind == "trip" else (None, owner))
    page = client_for("lisa").get(url).content.decode()
    assert "Tennskål från Røros" in page and "Gåva vi tog emot" in page and "Rørosskolans rektor" in page


def test_a_gift_is_recorded_in_the_engagements_history(engagement, owner, kind, hans):
    gift_actions.add_gift(owner, by=hans, fields=gift_fields(direction="given", what="Bok om Härjedalen", value="300"))
    changes = {c["field"]: c["after"] for c in history_of(engagement).first().changes}
    assert changes[f"{PREFIX[kind]}: riktning"] == "Gåva vi gav"
    assert changes[f"{PREFIX[kind]}: värde"] == "300 kr"
    assert changes[f"{PREFIX[kind]}: vad"] == "Bok om Härjedalen"
    assert history_of(engagement).first().actor == hans


def test_editing_and_removing_a_gift(client_for, engagement, owner):
    client = client_for("fredrik")
    url = page_of(engagement, owner) + "gavor/"
    client.post(url + "ny/", gift_data())
    gift = Gift.objects.get()
    edit_page = client.get(f"{url}{gift.pk}/")
    assert edit_page.status_code == 200
    assert 'value="Tennskål från Røros"' in edit_page.content.decode()
    assert client.post(f"{url}{gift.pk}/", gift_data(value="500")).status_code == 302
    gift.refresh_from_db()
    assert gift.value == Decimal("500")
    assert history_of(engagement).first().changes[0]["before"] == "450 kr"
    assert client.post(f"{url}{gift.pk}/", gift_data(value="500", what="Tennskål")).status_code == 302
    assert "Tennskål" in client.get(page_of(engagement, owner)).content.decode()
    assert client.post(f"{url}{gift.pk}/ta-bort/").status_code == 302
    assert not Gift.objects.exists()
    assert history_of(engagement).first().reason == "Gåvan togs bort."


def test_saving_a_gift_unchanged_writes_no_history(engagement, owner, hans):
    gift = gift_actions.add_gift(owner, by=hans, fields=gift_fields())
    rows = history_of(engagement).count()
    gift_actions.update_gift(gift, by=hans, fields=gift_fields())
    assert history_of(engagement).count() == rows


def test_a_gift_needs_a_description_counterpart_and_non_negative_value(client_for, engagement, owner):
    url = page_of(engagement, owner) + "gavor/ny/"
    response = client_for("hans").post(url, gift_data(what=" ", counterpart="", value="-5"))
    page = response.content.decode()
    assert response.status_code == 200
    assert "Beskriv gåvan, t.ex. en bok om Härjedalen." in page
    assert "Ange vem gåvan kom från eller gick till." in page
    assert not Gift.objects.exists()
    response = client_for("hans").post(url, gift_data(value="-5"))
    assert "Beloppet kan inte vara negativt." in response.content.decode()
    assert not Gift.objects.exists()


def test_the_action_refuses_a_negative_value(owner, hans):
    with pytest.raises(ValidationError) as error:
        gift_actions.add_gift(owner, by=hans, fields=gift_fields(value="-1"))
    assert "value" in error.value.message_dict


def test_the_action_refuses_an_unknown_direction_and_a_missing_date(owner, hans):
    with pytest.raises(ValidationError) as error:
        gift_actions.add_gift(owner, by=hans, fields={**gift_fields(direction="stolen"), "date": None})
    assert set(error.value.message_dict) == {"direction", "date"}
    assert not Gift.objects.exists()


def test_html_in_a_gift_is_escaped(client_for, engagement, owner):
    url = page_of(engagement, owner)
    client_for("hans").post(url + "gavor/ny/", gift_data(what="<img src=x onerror=alert(1)>"))
    page = client_for("hans").get(url).content.decode()
    assert "<img src=x" not in page and "&lt;img src=x onerror=alert(1)&gt;" in page


@pytest.mark.parametrize("persona", PERSONAS)
def test_who_may_open_the_gift_form(client_for, engagement, owner, persona):
    url = page_of(engagement, owner) + "gavor/ny/"
    assert client_for(persona).get(url).status_code == TRIP_CHANGE[persona]


@pytest.mark.parametrize(("persona", "status"), [("karin", 403), ("lisa", 403), ("per", 403), ("erik", 404)])
def test_only_those_who_may_change_the_engagement_may_record_gifts(client_for, engagement, owner, persona, status):
    response = client_for(persona).post(page_of(engagement, owner) + "gavor/ny/", gift_data())
    assert response.status_code == status
    assert not Gift.objects.exists()


@pytest.mark.parametrize(("persona", "status"), [("karin", 403), ("lisa", 403), ("erik", 404), (None, 302)])
def test_only_those_who_may_change_the_engagement_may_edit_or_remove_gifts(
    client_for, engagement, owner, hans, persona, status
):
    gift = gift_actions.add_gift(owner, by=hans, fields=gift_fields())
    url = page_of(engagement, owner) + f"gavor/{gift.pk}/"
    client = client_for(persona)
    assert client.post(url, gift_data(what="Annat")).status_code == status
    assert client.post(url + "ta-bort/").status_code == status
    gift.refresh_from_db()
    assert gift.what == "Tennskål från Røros"


def test_the_actions_refuse_karin_for_another_units_engagement(owner, hans, karin):
    with pytest.raises(PermissionDenied):
        gift_actions.add_gift(owner, by=karin, fields=gift_fields())
    gift = gift_actions.add_gift(owner, by=hans, fields=gift_fields())
    with pytest.raises(PermissionDenied):
        gift_actions.update_gift(gift, by=karin, fields=gift_fields(value="1"))
    with pytest.raises(PermissionDenied):
        gift_actions.remove_gift(gift, by=karin)
    assert Gift.objects.get().value == Decimal("450")


def test_a_gift_of_another_trip_or_visit_is_not_found(client_for, engagement, owner, kind, hans):
    other = make_owner(kind, engagement, hans, other=True)
    gift = gift_actions.add_gift(other, by=hans, fields=gift_fields())
    url = page_of(engagement, owner) + f"gavor/{gift.pk}/"
    assert client_for("hans").get(url).status_code == 404
    assert client_for("hans").post(url + "ta-bort/").status_code == 404
    assert Gift.objects.exists()


def test_a_gift_under_another_engagement_is_not_found(client_for, make_engagement, engagement, owner, hans):
    gift = gift_actions.add_gift(owner, by=hans, fields=gift_fields())
    other = make_engagement(title="Annat")
    url = page_of(other, owner) + f"gavor/{gift.pk}/"
    assert client_for("sara").get(url).status_code == 404
    assert client_for("sara").post(url + "ta-bort/").status_code == 404
    assert Gift.objects.exists()


def test_a_gift_belongs_to_a_trip_or_a_visit_never_both_or_neither(engagement, hans):
    trip, visit = make_owner("trip", engagement, hans), make_owner("visit", engagement, hans)
    common = {"direction": "given", "what": "Bok", "value": 1, "counterpart": "X", "date": datetime.date(2026, 5, 12)}
    with pytest.raises(IntegrityError), transaction.atomic():
        Gift.objects.create(**common)
    with pytest.raises(IntegrityError), transaction.atomic():
        Gift.objects.create(trip=trip, visit=visit, **common)
    with pytest.raises(TypeError):
        gift_actions.add_gift(engagement, by=hans, fields=gift_fields())


def test_a_gift_notifies_the_engagements_responsible_people_but_not_the_actor(
    make_engagement, kind, hans, per, fredrik
):
    engagement = make_engagement(
        responsible_officer=Person.objects.get(user=hans), responsible_politician=Person.objects.get(user=per)
    )
    owner = make_owner(kind, engagement, fredrik)
    Notification.objects.all().delete()
    gift = gift_actions.add_gift(owner, by=fredrik, fields=gift_fields())
    gift_actions.remove_gift(gift, by=hans)
    received = Notification.objects.filter(kind=Kind.ENGAGEMENT_CHANGE).order_by("pk")
    assert sorted((n.recipient.username, n.actor_name) for n in received) == [
        ("hans", "Fredrik Förvaltningschef (fredrik)"),
        ("per", "Fredrik Förvaltningschef (fredrik)"),
        ("per", "Hans Handläggare (hans)"),
    ]
    assert f"{PREFIX[kind]}: vad" in received.first().text
