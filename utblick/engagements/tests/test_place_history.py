"""The catalogue of places ("Härjedalens positiva sidor") keeps a history (R-62): every addition, change,
deactivation and return is recorded with who and from what to what, in the same transaction; each place has a
history page that every internal role reads; the catalogue is reachable from the engagement list, the
calendar and the engagement page; and the list keeps a constant number of queries."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from tests.matrix import PERSONAS, READ
from utblick.core.history import history_of
from utblick.core.models import Change
from utblick.engagements import visit_actions
from utblick.engagements.models_visits import Place


@pytest.fixture
def place(sara):
    return visit_actions.save_place(
        None, by=sara, fields={"name": "Fjällmuseet", "kind": "sevärdhet", "address": "Funäsdalen"}
    )


def changes_of(row) -> dict[str, tuple[str, str]]:
    return {c["field"]: (c["before"], c["after"]) for c in row.changes}


def test_adding_a_place_is_recorded_with_the_coordinator_and_its_values(place, sara):
    row = history_of(place).get()
    assert row.action == Change.Action.CREATED
    assert row.actor == sara and row.actor_name == "Sara Samordnare (sara)"
    assert changes_of(row) == {
        "Namn": ("", "Fjällmuseet"),
        "Slag": ("", "sevärdhet"),
        "Adress och ort": ("", "Funäsdalen"),
        "Aktiv": ("", "Ja"),
    }


def test_changing_a_place_records_only_what_changed_old_and_new(place, sara):
    visit_actions.save_place(
        place, by=sara, fields={"name": "Fjällmuseet i Funäsdalen", "kind": "sevärdhet", "address": "Funäsdalen"}
    )
    row = history_of(place).first()
    assert row.action == Change.Action.UPDATED and row.actor == sara
    assert changes_of(row) == {"Namn": ("Fjällmuseet", "Fjällmuseet i Funäsdalen")}


def test_saving_a_place_unchanged_writes_no_history(place, sara):
    visit_actions.save_place(
        place, by=sara, fields={"name": "Fjällmuseet", "kind": "sevärdhet", "address": "Funäsdalen"}
    )
    assert history_of(place).count() == 1


def test_deactivating_and_bringing_back_a_place_is_recorded(place, sara):
    visit_actions.set_place_active(place, by=sara, active=False)
    row = history_of(place).first()
    assert row.action == Change.Action.STATUS and row.actor == sara
    assert changes_of(row) == {"Aktiv": ("Ja", "Nej")}
    assert row.reason == "Platsen inaktiverades."
    visit_actions.set_place_active(place, by=sara, active=False)  # already inactive: nothing new happens
    assert history_of(place).count() == 2
    visit_actions.set_place_active(place, by=sara, active=True)
    row = history_of(place).first()
    assert changes_of(row) == {"Aktiv": ("Nej", "Ja")} and row.reason == "Platsen aktiverades igen."


def test_a_change_and_its_history_row_are_saved_together_or_not_at_all(place, sara, monkeypatch):
    def broken(*args, **kwargs):
        raise RuntimeError("history down")

    monkeypatch.setattr(visit_actions.history, "record", broken)
    with pytest.raises(RuntimeError):
        visit_actions.save_place(place, by=sara, fields={"name": "Nytt namn", "kind": "sevärdhet"})
    with pytest.raises(RuntimeError):
        visit_actions.save_place(None, by=sara, fields={"name": "Ny plats", "kind": "plats"})
    with pytest.raises(RuntimeError):
        visit_actions.set_place_active(place, by=sara, active=False)
    place.refresh_from_db()
    assert place.name == "Fjällmuseet" and place.is_active
    assert not Place.objects.filter(name="Ny plats").exists()


def test_the_pages_record_the_history_too(client_for, place):
    client = client_for("sara")
    client.post(f"/engagemang/platser/{place.pk}/", {"name": "Fjällmuseet", "kind": "museum", "address": "Funäsdalen"})
    client.post(f"/engagemang/platser/{place.pk}/aktiv/", {"active": "0"})
    rows = list(history_of(place))
    assert [row.action for row in rows] == [Change.Action.STATUS, Change.Action.UPDATED, Change.Action.CREATED]
    assert changes_of(rows[1]) == {"Slag": ("sevärdhet", "museum")}


def test_the_history_page_shows_who_changed_what_from_what_to_what(client_for, place, sara):
    visit_actions.save_place(place, by=sara, fields={"name": "Fjällmuseet", "kind": "museum", "address": "Sveg"})
    visit_actions.set_place_active(place, by=sara, active=False)
    page = client_for("lisa").get(f"/engagemang/platser/{place.pk}/historik/").content.decode()
    assert "Historik: Fjällmuseet" in page
    assert page.count("Sara Samordnare (sara)") == 3
    assert "Funäsdalen" in page and "Sveg" in page and "museum" in page
    assert "Platsen inaktiverades." in page


def test_html_in_a_place_is_shown_as_text_on_the_history_page(client_for, sara):
    place = visit_actions.save_place(None, by=sara, fields={"name": "<b>Fet</b>", "kind": "<script>x</script>"})
    page = client_for("hans").get(f"/engagemang/platser/{place.pk}/historik/").content.decode()
    assert "<script>x</script>" not in page and "&lt;script&gt;x&lt;/script&gt;" in page
    assert "&lt;b&gt;Fet&lt;/b&gt;" in page


@pytest.mark.parametrize("persona", PERSONAS)
def test_who_may_read_a_places_history(client_for, place, persona):
    assert client_for(persona).get(f"/engagemang/platser/{place.pk}/historik/").status_code == READ[persona]


def test_the_history_of_an_unknown_place_is_not_found(client_for, place):
    assert client_for("sara").get(f"/engagemang/platser/{place.pk + 1000}/historik/").status_code == 404


def test_the_list_and_the_edit_page_link_to_the_history(client_for, place):
    url = f"/engagemang/platser/{place.pk}/historik/"
    assert url in client_for("lisa").get("/engagemang/platser/").content.decode()
    assert url in client_for("sara").get(f"/engagemang/platser/{place.pk}/").content.decode()


# The catalogue is reachable from where users of visits look


@pytest.mark.parametrize("persona", ["sara", "hans", "lisa", "per"])
def test_the_engagement_list_and_the_calendar_link_to_the_catalogue(client_for, persona):
    client = client_for(persona)
    for url in ("/engagemang/", "/kalender/"):
        page = client.get(url).content.decode()
        assert 'href="/engagemang/platser/">Platser att visa</a>' in page, url


def test_the_engagement_page_links_to_the_catalogue_in_its_visits_section(client_for, make_engagement):
    engagement = make_engagement()
    page = client_for("hans").get(f"/engagemang/{engagement.pk}/").content.decode()
    visits = page[page.index('id="h-visits"') :]
    assert 'href="/engagemang/platser/">Platser att visa</a>' in visits


# Query counts


def _queries(client, url) -> int:
    with CaptureQueriesContext(connection) as ctx:
        assert client.get(url).status_code == 200
    return len(ctx.captured_queries)


def _add_places(by, count, start=0):
    for number in range(start, start + count):
        place = visit_actions.save_place(None, by=by, fields={"name": f"Plats {number}", "kind": "plats"})
        visit_actions.set_place_active(place, by=by, active=number % 2 == 0)


@pytest.mark.parametrize("persona", ["sara", "lisa"])
def test_the_catalogue_list_keeps_a_constant_number_of_queries(client_for, sara, persona):
    client = client_for(persona)
    _add_places(sara, 3)
    few = _queries(client, "/engagemang/platser/")
    _add_places(sara, 6, start=3)
    assert _queries(client, "/engagemang/platser/") == few


def test_the_history_page_keeps_a_constant_number_of_queries(client_for, place, sara):
    client = client_for("lisa")
    url = f"/engagemang/platser/{place.pk}/historik/"
    few = _queries(client, url)
    for number in range(6):
        visit_actions.save_place(place, by=sara, fields={"name": f"Fjällmuseet {number}", "kind": "sevärdhet"})
    assert _queries(client, url) == few
