"""The coordinator edits objectives, priority criteria and areas; everyone internal reads them."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from utblick.core.history import history_of
from utblick.core.models import Change
from utblick.policy import actions
from utblick.policy.models import Area, Objective, Policy, PriorityCriterion


def item_data(**overrides):
    data = {"code": "M6", "name": "Stärka unga", "description": "Unga får internationell erfarenhet.", "order": 6}
    data["is_active"] = "on"
    data.update(overrides)
    return {k: v for k, v in data.items() if v is not None}


def test_lisa_reads_the_policy_name_purpose_and_every_kind_of_item(client_for, policy):
    page = client_for("lisa").get("/policy/").content.decode()
    assert "Internationell policy för Härjedalens kommun" in page
    assert "plattform för kommunens arbete med internationella frågor" in page
    for heading in ("Mål", "Prioriteringskriterier", "Områden"):
        assert f">{heading}</h2>" in page
    assert "Tillväxt och näringslivsutveckling" in page
    assert "Samarbete med andra europeiska regioner" in page
    assert "Kultur och föreningsliv" in page


def test_the_overview_says_what_suggests_a_priority_criterion(client_for, policy):
    page = client_for("per").get("/policy/").content.decode()
    assert "Föreslås när en partner finns i ett annat europeiskt land" in page
    assert "Föreslås när en partner redan varit med i ett tidigare engagemang" in page
    assert "Bedöms manuellt" in page


def test_sara_adds_an_objective_and_sees_it_on_the_policy(client_for, policy):
    client = client_for("sara")
    response = client.post("/policy/mal/ny/", item_data())
    assert response.status_code == 302
    assert response.url == "/policy/#mal"
    objective = Objective.objects.get(code="M6")
    assert objective.policy == policy
    assert objective.is_active
    page = client.get("/policy/").content.decode()
    assert "Stärka unga" in page
    assert "Ändringarna är sparade." in page


def test_sara_adds_a_priority_criterion_suggested_from_partners(client_for, policy):
    data = item_data(code="P8", name="Nordiskt samarbete", suggestion="european_partner")
    assert client_for("sara").post("/policy/kriterier/ny/", data).status_code == 302
    assert PriorityCriterion.objects.get(code="P8").suggestion == "european_partner"


def test_sara_renames_an_area(client_for, policy):
    area = Area.objects.get(code="skola")
    data = item_data(code="skola", name="Skola och vuxenutbildning", order=2)
    assert client_for("sara").post(f"/policy/omraden/{area.pk}/andra/", data).status_code == 302
    area.refresh_from_db()
    assert area.name == "Skola och vuxenutbildning"


def test_the_edit_form_opens_with_the_items_current_values(client_for, policy):
    objective = Objective.objects.get(code="M2")
    page = client_for("sara").get(f"/policy/mal/{objective.pk}/andra/").content.decode()
    assert 'value="Marknadsföra kommunen som turistort och bosättningsort"' in page
    assert "<h1>Ändra mål M2</h1>" in page


def test_a_new_item_is_offered_the_next_order_number(client_for, policy):
    page = client_for("sara").get("/policy/mal/ny/").content.decode()
    assert 'name="order" value="6"' in page


def test_unticking_in_use_keeps_the_item_and_shows_it_as_not_in_use(client_for, policy):
    objective = Objective.objects.get(code="M5")
    data = item_data(code="M5", name=objective.name, is_active=None)
    client = client_for("sara")
    assert client.post(f"/policy/mal/{objective.pk}/andra/", data).status_code == 302
    objective.refresh_from_db()
    assert objective.is_active is False
    assert "Nej, används inte" in client.get("/policy/").content.decode()


def test_there_is_no_way_to_delete_a_policy_item(client_for, policy):
    page = client_for("sara").get(f"/policy/mal/{Objective.objects.get(code='M1').pk}/andra/").content.decode()
    assert "Ta bort" not in page
    assert "Avmarkera" in page


def test_a_duplicate_code_is_refused_with_a_swedish_message_and_the_typed_text_is_kept(client_for, policy):
    response = client_for("sara").post("/policy/mal/ny/", item_data(code="M1", name="Dubblett"))
    assert response.status_code == 200
    page = response.content.decode()
    assert "Koden ”M1” används redan av ett annat mål i policyn. Välj en annan kod." in page
    assert 'value="Dubblett"' in page
    assert Objective.objects.filter(code="M1").count() == 1


def test_the_same_code_may_be_used_by_different_kinds(client_for, policy):
    assert client_for("sara").post("/policy/omraden/ny/", item_data(code="M1", name="Område M1")).status_code == 302
    assert Area.objects.filter(code="M1").exists()


def test_changing_an_item_to_anothers_code_is_refused(client_for, policy):
    objective = Objective.objects.get(code="M2")
    response = client_for("sara").post(f"/policy/mal/{objective.pk}/andra/", item_data(code="M3"))
    assert "Koden ”M3” används redan" in response.content.decode()
    objective.refresh_from_db()
    assert objective.code == "M2"


def test_an_empty_form_names_each_missing_field_in_swedish(client_for, policy):
    response = client_for("sara").post("/policy/mal/ny/", {})
    page = response.content.decode()
    assert response.status_code == 200
    assert "Formuläret innehåller fel" in page
    assert "Fyll i fältet ”Kod”." in page
    assert "Fyll i fältet ”Namn”." in page
    assert 'href="#id_code"' in page
    assert Objective.objects.count() == 5


def test_a_100000_character_name_is_refused_with_a_message(client_for, policy):
    response = client_for("sara").post("/policy/mal/ny/", item_data(name="x" * 100_000))
    page = response.content.decode()
    assert response.status_code == 200
    assert "har som mest 300 tecken" in page
    assert not Objective.objects.filter(code="M6").exists()


def test_a_100000_character_description_is_accepted_as_text(client_for, policy):
    response = client_for("sara").post("/policy/mal/ny/", item_data(description="y" * 100_000))
    assert response.status_code == 302


def test_script_in_a_name_is_shown_as_text(client_for, policy):
    client_for("sara").post("/policy/mal/ny/", item_data(name="<script>alert(1)</script>"))
    page = client_for("lisa").get("/policy/").content.decode()
    assert "<script>alert(1)</script>" not in page
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page


def test_adding_an_item_writes_a_history_row_with_its_values(client_for, policy, sara):
    client_for("sara").post("/policy/mal/ny/", item_data())
    change = history_of(Objective.objects.get(code="M6")).get()
    assert change.action == Change.Action.CREATED
    assert change.actor == sara
    assert {"field": "Namn", "before": "", "after": "Stärka unga"} in change.changes


def test_changing_an_item_writes_a_history_row_with_before_and_after(client_for, policy, sara):
    objective = Objective.objects.get(code="M4")
    data = item_data(code="M4", name="Demokrati och hållbarhet", description=objective.description, order=4)
    client_for("sara").post(f"/policy/mal/{objective.pk}/andra/", data)
    change = history_of(objective).get()
    assert change.action == Change.Action.UPDATED
    assert change.actor_name == "Sara Samordnare (sara)"
    assert change.changes == [
        {
            "field": "Namn",
            "before": "Demokratisk och långsiktigt hållbar utveckling",
            "after": "Demokrati och hållbarhet",
        }
    ]
    page = client_for("sara").get(f"/policy/mal/{objective.pk}/andra/").content.decode()
    assert "Historik" in page
    assert "Demokrati och hållbarhet" in page


def test_saving_without_changes_writes_no_history(client_for, policy):
    objective = Objective.objects.get(code="M3")
    data = item_data(code="M3", name=objective.name, description=objective.description, order=objective.order)
    client_for("sara").post(f"/policy/mal/{objective.pk}/andra/", data)
    assert not history_of(objective).exists()


def test_unticking_in_use_is_recorded_in_the_history(policy, sara):
    area = Area.objects.get(code="kultur")
    actions.update_item(area, by=sara, fields={"is_active": False})
    assert history_of(area).get().changes == [{"field": "Används", "before": "Ja", "after": "Nej"}]


def test_hans_cannot_change_the_policy_through_the_action_either(policy, hans):
    with pytest.raises(PermissionDenied):
        actions.create_item(Objective, by=hans, policy=policy, fields={"code": "M9", "name": "Nej"})
    with pytest.raises(PermissionDenied):
        actions.update_item(Objective.objects.get(code="M1"), by=hans, fields={"name": "Nej"})
    assert not Change.objects.exists()


def test_the_action_refuses_a_duplicate_code_without_writing(policy, sara):
    with pytest.raises(ValidationError) as error:
        actions.create_item(Area, by=sara, policy=policy, fields={"code": "skola", "name": "Skola igen"})
    assert "används redan" in error.value.message_dict["code"][0]
    assert Area.objects.filter(code="skola").count() == 1
    assert not Change.objects.exists()


def test_sara_changes_the_policys_name_adoption_and_purpose(client_for, policy, sara):
    data = {"name": policy.name, "adopted": "KF 2015-06-16 § 54", "purpose": policy.purpose}
    assert client_for("sara").post("/policy/andra/", data).status_code == 302
    policy.refresh_from_db()
    assert policy.adopted == "KF 2015-06-16 § 54"
    assert history_of(policy).get().changes == [{"field": "Antagen", "before": "", "after": "KF 2015-06-16 § 54"}]
    assert "KF 2015-06-16 § 54" in client_for("lisa").get("/policy/").content.decode()


def test_the_overview_explains_how_to_load_a_policy_when_none_is_loaded(client_for, policy):
    client = client_for("lisa")
    Objective.objects.all().delete()
    PriorityCriterion.objects.all().delete()
    Area.objects.all().delete()
    Policy.objects.all().delete()
    page = client.get("/policy/").content.decode()
    assert "manage.py load_policy" in page
    assert client_for("sara").get("/policy/mal/ny/").status_code == 404
