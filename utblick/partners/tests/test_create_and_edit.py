"""Adding and editing partner organisations, their history, duplicates and the way back to a form."""

import pytest

from utblick.core.history import history_of
from utblick.core.models import Change
from utblick.partners.models import Organisation

NEW = {"name": "Tartu linn", "country": "EE", "kind": "kommun", "city": "Tartu", "website": "https://tartu.ee"}


def test_handlaggare_adds_an_organisation_and_lands_on_its_page(client_for):
    response = client_for("hans").post("/partner/ny/", NEW, follow=True)
    organisation = Organisation.objects.get(name="Tartu linn")
    assert response.redirect_chain[-1][0] == f"/partner/{organisation.pk}/"
    page = response.content.decode()
    assert "Tartu linn har lagts till i partnerregistret." in page
    assert "Estland" in page
    assert organisation.country.code == "EE"
    assert organisation.website == "https://tartu.ee"


def test_creating_writes_a_history_row_with_every_value(client_for, hans):
    client_for("hans").post("/partner/ny/", NEW)
    organisation = Organisation.objects.get(name="Tartu linn")
    (change,) = history_of(organisation)
    assert change.action == Change.Action.CREATED
    assert change.actor == hans
    assert {"field": "Land", "before": "", "after": "Estland"} in change.changes
    assert {"field": "Namn", "before": "", "after": "Tartu linn"} in change.changes


def test_editing_writes_a_history_row_with_only_what_changed(client_for, roros, fredrik):
    data = {
        "name": "Røros kommune",
        "country": "NO",
        "kind": "kommun",
        "city": "Røros",
        "website": "https://roros.no",
        "in_directory": "on",
    }
    response = client_for("fredrik").post(f"/partner/{roros.pk}/redigera/", data, follow=True)
    assert "Ändringarna i Røros kommune har sparats." in response.content.decode()
    (change,) = history_of(roros)
    assert change.action == Change.Action.UPDATED
    assert change.actor == fredrik
    assert change.changes == [
        {"field": "Webbplats", "before": "https://www.roros.kommune.no", "after": "https://roros.no"}
    ]


def test_saving_without_changes_writes_no_history(client_for, roros):
    data = {
        "name": roros.name,
        "country": "NO",
        "kind": "kommun",
        "city": "Røros",
        "website": roros.website,
        "in_directory": "on",
    }
    client_for("sara").post(f"/partner/{roros.pk}/redigera/", data)
    assert not history_of(roros).exists()


def test_edit_form_is_filled_in_with_the_current_values(client_for, roros):
    page = client_for("karin").get(f"/partner/{roros.pk}/redigera/").content.decode()
    assert 'value="Røros kommune"' in page
    assert '<option value="NO" selected>Norge</option>' in page


def test_a_missing_scheme_in_the_website_is_taken_as_https(client_for):
    client_for("hans").post("/partner/ny/", {**NEW, "website": "tartu.ee"})
    assert Organisation.objects.get(name="Tartu linn").website == "https://tartu.ee"


def test_same_name_in_the_same_country_is_refused_with_a_link_to_the_existing(client_for, roros):
    data = {"name": "RØROS KOMMUNE", "country": "NO", "kind": "kommun"}
    response = client_for("hans").post("/partner/ny/", data)
    page = response.content.decode()
    assert response.status_code == 200
    assert "Det finns redan en organisation som heter ”Røros kommune” i Norge." in page
    assert f'href="/partner/{roros.pk}/"' in page
    assert Organisation.objects.count() == 1


def test_same_name_in_another_country_is_allowed(client_for, roros):
    response = client_for("hans").post("/partner/ny/", {"name": "Røros kommune", "country": "SE", "kind": "annan"})
    assert response.status_code == 302
    assert Organisation.objects.filter(name="Røros kommune").count() == 2


def test_renaming_into_an_existing_organisation_is_refused(client_for, roros, make_organisation):
    other = make_organisation(name="Holtålen kommune", city="Ålen")
    data = {"name": "Røros Kommune", "country": "NO", "kind": "kommun"}
    response = client_for("sara").post(f"/partner/{other.pk}/redigera/", data)
    assert "Det finns redan en organisation som heter ”Røros kommune” i Norge." in response.content.decode()
    other.refresh_from_db()
    assert other.name == "Holtålen kommune"


def test_after_saving_the_user_returns_to_the_page_given_in_next(client_for):
    client = client_for("hans")
    form = client.get("/partner/ny/", {"next": "/engagemang/nytt/?steg=2"}).content.decode()
    assert '<input type="hidden" name="next" value="/engagemang/nytt/?steg=2">' in form
    response = client.post("/partner/ny/", {**NEW, "next": "/engagemang/nytt/?steg=2"})
    organisation = Organisation.objects.get(name="Tartu linn")
    assert response["Location"] == f"/engagemang/nytt/?steg=2&ny_partner={organisation.pk}"


@pytest.mark.parametrize(
    "next_url", ["https://example.com/", "//example.com/", "javascript:alert(1)", "http://127.0.0.1.example/"]
)
def test_next_pointing_off_the_site_is_ignored(client_for, next_url):
    client = client_for("hans")
    assert next_url not in client.get("/partner/ny/", {"next": next_url}).content.decode()
    response = client.post("/partner/ny/", {**NEW, "next": next_url})
    organisation = Organisation.objects.get(name="Tartu linn")
    assert response["Location"] == f"/partner/{organisation.pk}/"
