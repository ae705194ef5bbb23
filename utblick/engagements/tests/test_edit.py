"""Editing an engagement: history of every field, and no lost updates when two people edit at once."""

import pytest

from utblick.core.models import Change
from utblick.engagements.tests.test_create import form_data


@pytest.fixture
def engagement(client_for, units):
    client_for("hans").post("/engagemang/nytt/", form_data(units))
    from utblick.engagements.models import Engagement

    return Engagement.objects.get()


def edit_data(units, engagement, **overrides):
    data = form_data(units, version=engagement.version)
    data.update(overrides)
    return data


def test_the_history_shows_who_changed_which_field_from_what_to_what(client_for, units, engagement, hans):
    client = client_for("hans")
    response = client.post(
        f"/engagemang/{engagement.pk}/redigera/", edit_data(units, engagement, purpose="Nytt syfte.")
    )
    assert response.status_code == 302
    change = Change.objects.filter(action=Change.Action.UPDATED).get()
    assert change.actor == hans
    assert change.changes == [
        {"field": "Syfte", "before": "Eleverna lär sig norska och nordiskt samarbete.", "after": "Nytt syfte."}
    ]
    page = client_for("lisa").get(f"/engagemang/{engagement.pk}/historik/").content.decode()
    assert "Hans Handläggare (hans)" in page
    assert "Eleverna lär sig norska och nordiskt samarbete." in page and "Nytt syfte." in page


def test_the_second_of_two_simultaneous_saves_is_refused_and_the_first_is_kept(client_for, units, engagement):
    hans, sara = client_for("hans"), client_for("sara")
    opened_version = engagement.version  # both open the form now
    first = hans.post(f"/engagemang/{engagement.pk}/redigera/", edit_data(units, engagement, title="Hans titel"))
    assert first.status_code == 302
    second = sara.post(
        f"/engagemang/{engagement.pk}/redigera/", form_data(units, version=opened_version, title="Saras titel")
    )
    page = second.content.decode()
    assert second.status_code == 200
    assert "Någon annan har ändrat engagemanget medan du redigerade." in page
    assert 'value="Saras titel"' in page  # what Sara typed is still in her form
    engagement.refresh_from_db()
    assert engagement.title == "Hans titel"


def test_karin_cannot_edit_an_engagement_of_education_but_sara_can(client_for, units, engagement):
    assert client_for("karin").get(f"/engagemang/{engagement.pk}/redigera/").status_code == 403
    assert client_for("sara").get(f"/engagemang/{engagement.pk}/redigera/").status_code == 200


def test_hans_cannot_move_his_engagement_to_the_culture_unit(client_for, units, engagement):
    response = client_for("hans").post(
        f"/engagemang/{engagement.pk}/redigera/", edit_data(units, engagement, owner_unit=units["kultur"].pk)
    )
    assert response.status_code == 200
    engagement.refresh_from_db()
    assert engagement.owner_unit == units["buf"]


def test_editing_partners_updates_the_countries(client_for, units, engagement):
    from utblick.partners.models import Organisation

    tallinn = Organisation.objects.create(name="Tallinna Ülikool", country="EE", kind="universitet")
    client_for("hans").post(
        f"/engagemang/{engagement.pk}/redigera/",
        edit_data(units, engagement, **{"partners-0-organisation": tallinn.pk}, countries=["FI"]),
    )
    assert sorted(str(c.country) for c in engagement.countries.all()) == ["EE", "FI"]
    assert "Tallinna Ülikool" in Change.objects.filter(action=Change.Action.UPDATED).get().changes[0]["after"]


def test_archiving_hides_nothing_forever_and_is_in_the_history(client_for, units, engagement):
    client = client_for("hans")
    client.post(f"/engagemang/{engagement.pk}/arkivera/", {"reason": "Dubblett"})
    engagement.refresh_from_db()
    assert engagement.is_archived
    assert client.get(f"/engagemang/{engagement.pk}/").status_code == 200
    client.post(f"/engagemang/{engagement.pk}/aterstall/")
    engagement.refresh_from_db()
    assert not engagement.is_archived
    actions = list(Change.objects.order_by("at", "pk").values_list("action", "reason"))
    assert actions[-2:] == [("archived", "Dubblett"), ("restored", "")]


@pytest.mark.parametrize("persona", ["lisa", "per", "karin"])
def test_people_who_may_not_change_it_cannot_archive_it(client_for, engagement, persona):
    assert client_for(persona).post(f"/engagemang/{engagement.pk}/arkivera/").status_code == 403
    engagement.refresh_from_db()
    assert not engagement.is_archived


def test_archiving_needs_a_post(client_for, engagement):
    assert client_for("hans").get(f"/engagemang/{engagement.pk}/arkivera/").status_code == 405
