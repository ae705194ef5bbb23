"""Who may open the policy pages: every policy view × every persona → the expected status code."""

import pytest

from utblick.policy.models import Area, Objective, PriorityCriterion

READERS = ["hans", "karin", "fredrik", "per", "lisa"]
PERSONAS = ["sara", *READERS, "erik", None]


def urls(policy):
    objective = Objective.objects.get(code="M1")
    criterion = PriorityCriterion.objects.get(code="P2")
    area = Area.objects.get(code="skola")
    return {
        "overview": "/policy/",
        "edit": "/policy/andra/",
        "objective_create": "/policy/mal/ny/",
        "criterion_create": "/policy/kriterier/ny/",
        "area_create": "/policy/omraden/ny/",
        "objective_edit": f"/policy/mal/{objective.pk}/andra/",
        "criterion_edit": f"/policy/kriterier/{criterion.pk}/andra/",
        "area_edit": f"/policy/omraden/{area.pk}/andra/",
    }


def expected(view: str, persona: str | None) -> int:
    if persona is None:
        return 302
    if persona == "erik":
        return 403
    if persona == "sara" or view == "overview":
        return 200
    return 403


VIEWS = ["overview", "edit", "objective_create", "criterion_create", "area_create"]
VIEWS += ["objective_edit", "criterion_edit", "area_edit"]


@pytest.mark.parametrize("persona", PERSONAS, ids=lambda p: p or "anonymous")
@pytest.mark.parametrize("view", VIEWS)
def test_policy_view_answers_each_persona_with_the_expected_status(client_for, policy, view, persona):
    response = client_for(persona).get(urls(policy)[view])
    assert response.status_code == expected(view, persona)
    if persona is None:
        assert response.url.startswith("/konto/logga-in/")


@pytest.mark.parametrize("persona", [*READERS, "erik"])
def test_only_the_coordinator_may_save_a_policy_item(client_for, policy, persona):
    objective = Objective.objects.get(code="M1")
    data = {"code": "M1", "name": "Kapad", "description": "", "order": 1, "is_active": "on"}
    response = client_for(persona).post(f"/policy/mal/{objective.pk}/andra/", data)
    assert response.status_code == 403
    objective.refresh_from_db()
    assert objective.name == "Tillväxt och näringslivsutveckling"


def test_anonymous_post_to_a_policy_item_goes_to_login_and_changes_nothing(client_for, policy):
    response = client_for(None).post("/policy/mal/ny/", {"code": "M9", "name": "Nytt"})
    assert response.status_code == 302
    assert not Objective.objects.filter(code="M9").exists()


def test_readers_see_no_add_or_change_links_on_the_policy(client_for, policy):
    page = client_for("lisa").get("/policy/").content.decode()
    assert "Lägg till" not in page
    assert "/policy/mal/" not in page


def test_the_coordinator_sees_add_and_change_links_for_every_kind(client_for, policy):
    page = client_for("sara").get("/policy/").content.decode()
    for kind in ("mal", "kriterier", "omraden"):
        assert f'href="/policy/{kind}/ny/"' in page
    assert f"/policy/mal/{Objective.objects.get(code='M1').pk}/andra/" in page


def test_an_unknown_item_kind_is_404(client_for, policy):
    assert client_for("sara").get("/policy/okant/ny/").status_code == 404
