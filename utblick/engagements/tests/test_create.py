"""Registering an engagement through the form (issue 2, point 3)."""

import pytest

from utblick.core.models import Change
from utblick.engagements.models import Engagement, Status
from utblick.organisation.models import Person
from utblick.partners.models import Organisation
from utblick.policy.models import Area, Objective


@pytest.fixture
def roros(db):
    return Organisation.objects.create(name="Røros kommune", country="NO", kind="kommun", city="Røros")


def form_data(units, **overrides):
    data = {
        "title": "Skolutbyte med Røros",
        "kind": "samarbete",
        "summary": "Elevutbyte mellan gymnasieskolorna.",
        "purpose": "Eleverna lär sig norska och nordiskt samarbete.",
        "unit_goal": "Ökad måluppfyllelse i moderna språk.",
        "added_value": "Starkare band över gränsen.",
        "benefits_residents": "on",
        "owner_unit": units["buf"].pk,
        "scope": "unit",
        "objectives": [Objective.objects.get(code="M3").pk, Objective.objects.get(code="M5").pk],
        "areas": [Area.objects.get(code="skola").pk],
        "start_date": "2026-01-15",
        "end_date": "2026-12-31",
        "diary_number": "BUN 2026/12",
        "partners-TOTAL_FORMS": "3",
        "partners-INITIAL_FORMS": "0",
        "partners-MIN_NUM_FORMS": "0",
        "partners-MAX_NUM_FORMS": "50",
        "partners-0-role": "partner",
        "partners-1-role": "partner",
        "partners-2-role": "partner",
    }
    data.update(overrides)
    return data


def test_hans_registers_an_engagement_with_partner_and_its_country(client_for, units, roros, hans):
    response = client_for("hans").post(
        "/engagemang/nytt/", form_data(units, **{"partners-0-organisation": roros.pk, "partners-0-role": "lead"})
    )
    engagement = Engagement.objects.get()
    assert response.status_code == 302
    assert response["Location"] == f"/engagemang/{engagement.pk}/"
    assert engagement.status == Status.IDEA
    assert engagement.created_by == hans
    assert [str(c.country) for c in engagement.countries.all()] == ["NO"]
    assert engagement.participations.get().role == "lead"
    assert "Røros kommune" in engagement.search_text
    assert sorted(o.code for o in engagement.objectives.all()) == ["M3", "M5"]
    page = client_for("hans").get(response["Location"]).content.decode()
    assert "Skolutbyte med Røros" in page and "Røros kommune" in page and "Norge" in page


def test_the_creation_is_the_first_row_of_the_history(client_for, units, hans):
    client_for("hans").post("/engagemang/nytt/", form_data(units))
    change = Change.objects.get()
    assert change.action == Change.Action.CREATED
    assert change.actor == hans
    assert {"field": "Titel", "before": "", "after": "Skolutbyte med Röros"} not in change.changes
    assert {"field": "Titel", "before": "", "after": "Skolutbyte med Røros"} in change.changes


def test_a_form_with_errors_keeps_what_was_typed_and_names_each_field(client_for, units):
    response = client_for("hans").post(
        "/engagemang/nytt/", form_data(units, purpose="", objectives=[], title="Mitt <b>utbyte</b>")
    )
    page = response.content.decode()
    assert response.status_code == 200
    assert Engagement.objects.count() == 0
    assert "Formuläret innehåller fel" in page
    assert "Välj minst ett mål i policyn som engagemanget bidrar till." in page
    assert 'href="#id_purpose"' in page
    assert "Mitt &lt;b&gt;utbyte&lt;/b&gt;" in page  # kept, and shown as text


def test_a_title_of_100000_characters_is_refused_with_a_message(client_for, units):
    response = client_for("hans").post("/engagemang/nytt/", form_data(units, title="x" * 100_000))
    assert response.status_code == 200
    assert Engagement.objects.count() == 0
    assert "Säkerställ att detta värde har som mest 200 tecken" in response.content.decode()


def test_script_in_text_is_shown_as_text_on_the_engagement_page(client_for, units):
    client_for("hans").post("/engagemang/nytt/", form_data(units, purpose="<script>alert(1)</script>"))
    page = client_for("sara").get(f"/engagemang/{Engagement.objects.get().pk}/").content.decode()
    assert "<script>alert(1)</script>" not in page
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page


def test_a_secret_engagement_needs_its_legal_ground(client_for, units):
    response = client_for("hans").post("/engagemang/nytt/", form_data(units, is_secret="on"))
    assert Engagement.objects.count() == 0
    assert "Ange sekretessgrunden" in response.content.decode()


def test_end_date_before_start_date_is_refused(client_for, units):
    response = client_for("hans").post("/engagemang/nytt/", form_data(units, end_date="2025-01-01"))
    assert Engagement.objects.count() == 0
    assert "Slutdatumet kan inte ligga före startdatumet." in response.content.decode()


def test_the_same_partner_twice_is_refused(client_for, units, roros):
    data = form_data(units, **{"partners-0-organisation": roros.pk, "partners-1-organisation": roros.pk})
    response = client_for("hans").post("/engagemang/nytt/", data)
    assert Engagement.objects.count() == 0
    assert "står med två gånger bland partnerna" in response.content.decode()


def test_hans_cannot_register_an_engagement_for_the_culture_unit(client_for, units):
    response = client_for("hans").post("/engagemang/nytt/", form_data(units, owner_unit=units["kultur"].pk))
    assert response.status_code == 200
    assert Engagement.objects.count() == 0
    assert "owner_unit" in response.context["form"].errors


def test_only_responsible_people_of_the_right_kind_can_be_chosen(client_for, units, per, hans):
    politician = Person.objects.get(user=per)
    officer = Person.objects.get(user=hans)
    ok = client_for("hans").post(
        "/engagemang/nytt/", form_data(units, responsible_politician=politician.pk, responsible_officer=officer.pk)
    )
    assert ok.status_code == 302
    wrong = client_for("hans").post("/engagemang/nytt/", form_data(units, responsible_politician=officer.pk))
    assert "responsible_politician" in wrong.context["form"].errors


@pytest.mark.parametrize("persona", ["per", "lisa", "erik"])
def test_readers_cannot_open_the_new_engagement_form(client_for, persona):
    assert client_for(persona).get("/engagemang/nytt/").status_code == 403


def test_a_partner_registered_from_the_form_is_offered_on_return(client_for, roros):
    page = client_for("hans").get(f"/engagemang/nytt/?ny_partner={roros.pk}").content.decode()
    assert f'<option value="{roros.pk}" selected>Røros kommune (Norge)</option>' in page


def test_the_form_suggests_the_registering_persons_own_unit(client_for, units):
    form = client_for("karin").get("/engagemang/nytt/").context["form"]
    assert form["owner_unit"].value() == units["kultur"].pk
    assert set(form.fields["owner_unit"].queryset) == {units["kultur"]}
