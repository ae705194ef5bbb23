"""Moving an engagement through its life: Idé → Bedömd → Beslutad → Pågående → Avslutad, or Avbruten."""

import datetime

import pytest

from utblick.core.errors import PolicyViolation
from utblick.core.models import Change
from utblick.engagements import actions
from utblick.engagements.models import Status
from utblick.organisation.models import Person
from utblick.policy.models import PriorityCriterion


@pytest.fixture
def idea(make_engagement):
    return make_engagement()


def assess(engagement, by):
    actions.set_assessment(
        engagement, by=by, justifications={PriorityCriterion.objects.get(code="P4"): "Stort utbyte."}
    )


def decide_ready(engagement, by, per, hans):
    engagement.responsible_politician = Person.objects.get(user=per)
    engagement.responsible_officer = Person.objects.get(user=hans)
    engagement.save()
    actions.add_decision(
        engagement,
        by=by,
        body="Barn- och utbildningsnämnden",
        decided_on=datetime.date(2025, 6, 1),
        diary_number="BUN 2025/7",
    )


def test_idea_cannot_be_assessed_without_a_priority_assessment(idea, hans):
    with pytest.raises(PolicyViolation) as exc:
        actions.move_engagement(idea, Status.ASSESSED, by=hans)
    assert exc.value.messages == [
        "Gör prioriteringsbedömningen: ange minst ett prioriterat område som engagemanget uppfyller, med motivering."
    ]


def test_engagement_cannot_be_decided_without_decision_and_both_responsible_people(idea, hans):
    assess(idea, hans)
    actions.move_engagement(idea, Status.ASSESSED, by=hans)
    with pytest.raises(PolicyViolation) as exc:
        actions.move_engagement(idea, Status.DECIDED, by=hans)
    assert exc.value.messages == [
        "Registrera beslutet: beslutande organ, beslutsdatum och diarienummer.",
        "Ange ansvarig förtroendevald.",
        "Ange ansvarig tjänsteman.",
    ]


def test_a_whole_life_from_idea_to_finished(idea, hans, per):
    assess(idea, hans)
    actions.move_engagement(idea, Status.ASSESSED, by=hans)
    decide_ready(idea, hans, per, hans)
    actions.move_engagement(idea, Status.DECIDED, by=hans)
    actions.move_engagement(idea, Status.ONGOING, by=hans)
    with pytest.raises(PolicyViolation) as exc:
        actions.move_engagement(idea, Status.FINISHED, by=hans)
    assert exc.value.messages == ["Beskriv resultatet av engagemanget.", "Beskriv hur resultatet sprids inom kommunen."]
    idea.results, idea.dissemination = "Tolv elever deltog.", "Redovisat på rektorsmötet."
    idea.save()
    actions.move_engagement(idea, Status.FINISHED, by=hans)
    idea.refresh_from_db()
    assert idea.status == Status.FINISHED
    moves = Change.objects.filter(action=Change.Action.STATUS).order_by("at", "pk")
    assert [m.changes[0]["after"] for m in moves] == ["Bedömd", "Beslutad", "Pågående", "Avslutad"]


def test_steps_cannot_be_skipped(idea, hans):
    with pytest.raises(PolicyViolation) as exc:
        actions.move_engagement(idea, Status.ONGOING, by=hans)
    assert "kan inte flyttas till ”Pågående”" in exc.value.messages[0]


def test_cancelling_needs_a_reason_and_is_final(idea, hans):
    with pytest.raises(PolicyViolation):
        actions.move_engagement(idea, Status.CANCELLED, by=hans, reason="  ")
    actions.move_engagement(idea, Status.CANCELLED, by=hans, reason="Partnern drog sig ur.")
    idea.refresh_from_db()
    assert idea.cancel_reason == "Partnern drog sig ur."
    with pytest.raises(PolicyViolation):
        actions.move_engagement(idea, Status.ASSESSED, by=hans)


def test_the_page_lists_what_is_missing_and_refuses_the_move_in_swedish(client_for, idea):
    client = client_for("hans")
    page = client.get(f"/engagemang/{idea.pk}/").content.decode()
    assert "För att gå vidare till ”Bedömd” behöver du:" in page
    response = client.post(f"/engagemang/{idea.pk}/status/", {"to": "decided"}, follow=True)
    assert "kan inte flyttas till ”Beslutad”" in response.content.decode()
    idea.refresh_from_db()
    assert idea.status == Status.IDEA


def test_karin_cannot_move_an_engagement_of_another_unit(client_for, idea, hans):
    assess(idea, hans)
    response = client_for("karin").post(f"/engagemang/{idea.pk}/status/", {"to": "assessed"})
    assert response.status_code == 403
    idea.refresh_from_db()
    assert idea.status == Status.IDEA


def test_decision_form_requires_body_date_and_diary_number(client_for, idea):
    response = client_for("hans").post(f"/engagemang/{idea.pk}/beslut/nytt/", {"body": "", "decided_on": "igår"})
    page = response.content.decode()
    assert response.status_code == 200
    assert idea.decisions.count() == 0
    assert page.count("Detta fält måste fyllas i.") >= 2
    assert "Ange datumet som ÅÅÅÅ-MM-DD, till exempel 2026-03-15." in page


def test_decision_is_recorded_and_shown(client_for, idea):
    client = client_for("hans")
    response = client.post(
        f"/engagemang/{idea.pk}/beslut/nytt/",
        {"body": "Barn- och utbildningsnämnden", "decided_on": "2025-06-01", "diary_number": "BUN 2025/7"},
    )
    assert response.status_code == 302
    page = client.get(f"/engagemang/{idea.pk}/").content.decode()
    assert "BUN 2025/7" in page and "2025-06-01" in page
