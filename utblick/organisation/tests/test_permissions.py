"""Who may open the organisation pages: every organisation view × every persona → the expected status code."""

import pytest

from utblick.organisation.models import OrgUnit, Person

READERS = ["hans", "karin", "fredrik", "per", "lisa"]
PERSONAS = ["sara", *READERS, "erik", None]
VIEWS = ["overview", "unit_create", "unit_edit", "person_create", "person_edit"]


def urls():
    unit = OrgUnit.objects.get(code="kultur")
    person = Person.objects.get(name="Karin Kultur")
    return {
        "overview": "/organisation/",
        "unit_create": "/organisation/enheter/ny/",
        "unit_edit": f"/organisation/enheter/{unit.pk}/andra/",
        "person_create": "/organisation/personer/ny/",
        "person_edit": f"/organisation/personer/{person.pk}/andra/",
    }


def expected(view: str, persona: str | None) -> int:
    if persona is None:
        return 302
    if persona == "erik":
        return 403
    if persona == "sara" or view == "overview":
        return 200
    return 403


@pytest.mark.parametrize("persona", PERSONAS, ids=lambda p: p or "anonymous")
@pytest.mark.parametrize("view", VIEWS)
def test_organisation_view_answers_each_persona_with_the_expected_status(client_for, view, persona):
    response = client_for(persona).get(urls()[view])
    assert response.status_code == expected(view, persona)
    if persona is None:
        assert response.url.startswith("/konto/logga-in/")


@pytest.mark.parametrize("persona", [*READERS, "erik"])
def test_only_the_coordinator_may_move_a_unit(client_for, persona):
    kultur = OrgUnit.objects.get(code="kultur")
    bun = OrgUnit.objects.get(code="bun")
    data = {"name": "Kultur och fritid", "code": "kultur", "kind": "kontor", "parent": bun.pk, "is_active": "on"}
    response = client_for(persona).post(f"/organisation/enheter/{kultur.pk}/andra/", data)
    assert response.status_code == 403
    kultur.refresh_from_db()
    assert kultur.parent.code == "klf"


@pytest.mark.parametrize("persona", [*READERS, "erik"])
def test_only_the_coordinator_may_add_a_person(client_for, persona):
    nuk = OrgUnit.objects.get(code="nuk")
    data = {"name": "Ny Person", "kind": "tjansteman", "unit": nuk.pk, "is_active": "on"}
    assert client_for(persona).post("/organisation/personer/ny/", data).status_code == 403
    assert not Person.objects.filter(name="Ny Person").exists()


def test_readers_see_the_tree_but_no_add_or_change_links(client_for):
    page = client_for("per").get("/organisation/").content.decode()
    assert "Näringslivs- och utvecklingskontoret" in page
    assert "Lägg till" not in page
    assert "/andra/" not in page


def test_the_coordinator_sees_add_and_change_links(client_for):
    page = client_for("sara").get("/organisation/").content.decode()
    assert 'href="/organisation/enheter/ny/"' in page
    assert 'href="/organisation/personer/ny/"' in page
    assert f"/organisation/enheter/{OrgUnit.objects.get(code='nuk').pk}/andra/" in page


def test_a_unit_that_does_not_exist_is_404_for_the_coordinator(client_for):
    assert client_for("sara").get("/organisation/enheter/999999/andra/").status_code == 404
