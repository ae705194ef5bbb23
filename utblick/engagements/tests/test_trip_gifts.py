"""Gifts given and received on trips (R-62): recorded with what, value and counterpart, with history."""

import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from utblick.core.history import history_of
from utblick.engagements import trip_actions
from utblick.engagements.models_trips import Gift


@pytest.fixture
def engagement(make_engagement):
    return make_engagement(title="Skolutbyte med Røros")


@pytest.fixture
def trip(engagement, hans):
    return trip_actions.create_trip(
        engagement,
        by=hans,
        fields={
            "destination": "Røros",
            "country": "NO",
            "start_date": datetime.date(2026, 3, 15),
            "end_date": datetime.date(2026, 3, 18),
            "purpose": "Besöka partnerskolan.",
        },
    )


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


def test_hans_records_a_received_gift_and_it_shows_on_the_trip(client_for, engagement, trip):
    client = client_for("hans")
    url = f"/engagemang/{engagement.pk}/resor/{trip.pk}/"
    assert client.get(url + "gavor/ny/").status_code == 200
    response = client.post(url + "gavor/ny/", gift_data())
    assert response.status_code == 302
    gift = Gift.objects.get()
    assert gift.value == Decimal("450") and gift.direction == "received"
    page = client_for("lisa").get(url).content.decode()
    assert "Tennskål från Røros" in page and "Gåva vi tog emot" in page and "Rørosskolans rektor" in page


def test_a_gift_is_recorded_in_the_engagements_history(engagement, trip, hans):
    trip_actions.add_gift(
        trip,
        by=hans,
        fields={
            **gift_data(direction="given", what="Bok om Härjedalen", value="300"),
            "date": datetime.date(2026, 3, 16),
        },
    )
    changes = {c["field"]: c["after"] for c in history_of(engagement).first().changes}
    assert changes["Resa till Røros 2026-03-15, gåva: riktning"] == "Gåva vi gav"
    assert changes["Resa till Røros 2026-03-15, gåva: värde"] == "300 kr"


def test_editing_and_removing_a_gift(client_for, engagement, trip):
    client = client_for("fredrik")
    url = f"/engagemang/{engagement.pk}/resor/{trip.pk}/gavor/"
    client.post(url + "ny/", gift_data())
    gift = Gift.objects.get()
    assert client.get(f"{url}{gift.pk}/").status_code == 200
    assert client.post(f"{url}{gift.pk}/", gift_data(value="500")).status_code == 302
    gift.refresh_from_db()
    assert gift.value == Decimal("500")
    assert history_of(engagement).first().changes[0]["before"] == "450 kr"
    assert client.post(f"{url}{gift.pk}/ta-bort/").status_code == 302
    assert not Gift.objects.exists()
    assert history_of(engagement).first().reason == "Gåvan togs bort."


def test_a_gift_needs_a_description_counterpart_and_non_negative_value(client_for, engagement, trip):
    response = client_for("hans").post(
        f"/engagemang/{engagement.pk}/resor/{trip.pk}/gavor/ny/", gift_data(what=" ", counterpart="", value="-5")
    )
    page = response.content.decode()
    assert response.status_code == 200
    assert "Beskriv gåvan, t.ex. en bok om Härjedalen." in page
    assert "Ange vem gåvan kom från eller gick till." in page
    assert not Gift.objects.exists()
    response = client_for("hans").post(f"/engagemang/{engagement.pk}/resor/{trip.pk}/gavor/ny/", gift_data(value="-5"))
    assert "Beloppet kan inte vara negativt." in response.content.decode()
    assert not Gift.objects.exists()


def test_the_action_refuses_a_negative_value(trip, hans):
    with pytest.raises(ValidationError) as error:
        trip_actions.add_gift(trip, by=hans, fields={**gift_data(value="-1"), "date": datetime.date(2026, 3, 16)})
    assert "value" in error.value.message_dict


def test_html_in_a_gift_is_escaped(client_for, engagement, trip):
    client_for("hans").post(
        f"/engagemang/{engagement.pk}/resor/{trip.pk}/gavor/ny/", gift_data(what="<img src=x onerror=alert(1)>")
    )
    page = client_for("hans").get(f"/engagemang/{engagement.pk}/resor/{trip.pk}/").content.decode()
    assert "<img src=x" not in page and "&lt;img src=x onerror=alert(1)&gt;" in page


@pytest.mark.parametrize(("persona", "status"), [("karin", 403), ("lisa", 403), ("per", 403), ("erik", 404)])
def test_only_those_who_may_change_the_engagement_may_record_gifts(client_for, engagement, trip, persona, status):
    response = client_for(persona).post(f"/engagemang/{engagement.pk}/resor/{trip.pk}/gavor/ny/", gift_data())
    assert response.status_code == status
    assert not Gift.objects.exists()


def test_a_gift_of_another_trip_is_not_found(client_for, engagement, trip, hans):
    other = trip_actions.create_trip(
        engagement,
        by=hans,
        fields={
            "destination": "Oulu",
            "country": "FI",
            "start_date": datetime.date(2026, 5, 1),
            "end_date": datetime.date(2026, 5, 2),
            "purpose": "Konferens.",
        },
    )
    gift = trip_actions.add_gift(other, by=hans, fields={**gift_data(), "date": datetime.date(2026, 5, 1)})
    url = f"/engagemang/{engagement.pk}/resor/{trip.pk}/gavor/{gift.pk}/"
    assert client_for("hans").get(url).status_code == 404
    assert client_for("hans").post(url + "ta-bort/").status_code == 404
    assert Gift.objects.exists()
