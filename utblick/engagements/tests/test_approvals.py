"""The förvaltningschef's approval of official contacts (R-24): no decision without it, only the förvaltningschef of
the engagement's area answers, a move to another unit makes it invalid, and the pages' permissions, bad input
and query counts."""

import datetime

import pytest
from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from tests.matrix import APPROVAL_ANSWER, APPROVAL_LIST, APPROVAL_REQUEST, PERSONAS
from utblick.core.history import history_of
from utblick.core.roles import Role
from utblick.engagements import approval_actions
from utblick.engagements.actions import update_engagement
from utblick.engagements.models import Decision, Status
from utblick.engagements.models_handover import ContactApproval
from utblick.engagements.rules import requirements_missing
from utblick.organisation.models import Membership, Person

State = ContactApproval.State
MISSING = (
    "Förvaltningschefen för Barn, utbildning och fritid måste godkänna den officiella kontakten innan den kan beslutas."
)


@pytest.fixture
def people(hans, per):
    return Person.objects.get(user=hans), Person.objects.get(user=per)


@pytest.fixture
def official(make_engagement, people):
    """An assessed official contact of Barn, utbildning och fritid, ready for a decision but for the approval."""
    engagement = make_engagement(
        title="Officiellt samarbete med Røros",
        is_official_contact=True,
        status=Status.ASSESSED,
        responsible_officer=people[0],
        responsible_politician=people[1],
    )
    Decision.objects.create(
        engagement=engagement,
        body="Barn- och utbildningsnämnden",
        decided_on=datetime.date(2026, 2, 1),
        diary_number="1",
    )
    return engagement


@pytest.fixture
def requested(official, hans):
    return approval_actions.request_approval(official, by=hans, message="Beslut behövs i mars.")


def user_with(username, role, unit, **extra):
    user = get_user_model().objects.create_user(username, email=f"{username}@kommun.example", **extra)
    Membership.objects.create(user=user, unit=unit, role=role)
    return user


def answer_url(approval):
    return f"/engagemang/{approval.engagement_id}/godkannande/{approval.pk}/"


def state_of(approval):
    approval.refresh_from_db()
    return approval.state


# The rule: no decision without approval


def test_an_official_contact_cannot_be_decided_without_the_approval(client_for, official):
    assert requirements_missing(official, Status.DECIDED) == [
        MISSING + " Begär godkännandet under ”Officiell kontakt”."
    ]
    client = client_for("hans")
    response = client.post(f"/engagemang/{official.pk}/status/", {"to": "decided"}, follow=True)
    official.refresh_from_db()
    assert official.status == Status.ASSESSED
    assert MISSING in response.content.decode()


def test_fredriks_approval_makes_the_decision_possible(client_for, official, requested):
    response = client_for("fredrik").post(answer_url(requested), {"answer": "approve", "comment": "Bra initiativ."})
    assert response.status_code == 302 and response["Location"] == f"/engagemang/{official.pk}/"
    assert state_of(requested) == State.APPROVED
    assert requirements_missing(official, Status.DECIDED) == []
    client_for("hans").post(f"/engagemang/{official.pk}/status/", {"to": "decided"})
    official.refresh_from_db()
    assert official.status == Status.DECIDED


def test_a_declined_request_still_blocks_the_decision(client_for, official, requested):
    client_for("fredrik").post(answer_url(requested), {"answer": "decline", "comment": "Budgeten saknas."})
    assert state_of(requested) == State.DECLINED
    client_for("hans").post(f"/engagemang/{official.pk}/status/", {"to": "decided"})
    official.refresh_from_db()
    assert official.status == Status.ASSESSED


def test_the_engagement_page_shows_who_approved_when_and_the_comment(client_for, official, requested):
    client_for("fredrik").post(answer_url(requested), {"answer": "approve", "comment": "Bra initiativ."})
    requested.refresh_from_db()
    page = client_for("lisa").get(f"/engagemang/{official.pk}/").content.decode()
    section = page.split('id="h-official"')[1].split("</section>")[0]
    assert "Godkänd av</dt><dd>Fredrik Förvaltningschef</dd>" in section
    assert "Bra initiativ." in section
    assert f"{timezone.localtime(requested.answered_at):%Y-%m-%d %H:%M}" in section
    assert "Begär godkännande" not in section and "Besvara begäran" not in section
    assert requested.answered_by_name == "Fredrik Förvaltningschef"


def test_the_committees_forvaltningschef_above_the_unit_may_approve(client_for, official, requested, units):
    above = user_with("bodil", Role.FORVALTNINGSCHEF, units["bun"], first_name="Bodil", last_name="Bun")
    assert above in approval_actions.approvers_of(official)
    client = client_for(None)
    client.force_login(above)
    assert client.post(answer_url(requested), {"answer": "approve"}).status_code == 302
    assert state_of(requested) == State.APPROVED


@pytest.mark.parametrize("unit", ["sn", "kultur", "ks", "gymnasiet"])
def test_a_forvaltningschef_of_another_area_cannot_approve(client_for, official, requested, units, unit):
    other = user_with("olga", Role.FORVALTNINGSCHEF, units[unit])
    client = client_for(None)
    client.force_login(other)
    assert client.get(answer_url(requested)).status_code == 403
    assert client.post(answer_url(requested), {"answer": "approve"}).status_code == 403
    assert state_of(requested) == State.REQUESTED
    with pytest.raises(PermissionDenied):
        approval_actions.approve(requested, by=other)


@pytest.mark.parametrize("persona", ["sara", "hans", "karin", "per", "lisa", "erik", None])
@pytest.mark.parametrize("answer", ["approve", "decline"])
def test_nobody_but_the_forvaltningschef_can_answer(client_for, official, requested, persona, answer):
    changes = history_of(official).count()
    response = client_for(persona).post(answer_url(requested), {"answer": answer, "comment": "Nej"})
    assert response.status_code == APPROVAL_ANSWER[persona]
    assert state_of(requested) == State.REQUESTED
    assert history_of(official).count() == changes


@pytest.mark.parametrize("persona", ["sara", "hans", "karin", "per", "lisa"])
def test_the_action_refuses_everyone_but_the_forvaltningschef(official, requested, personas, persona):
    with pytest.raises(PermissionDenied):
        approval_actions.approve(requested, by=personas[persona])
    assert state_of(requested) == State.REQUESTED


def test_a_superuser_is_not_an_approver(client_for, official, requested):
    admin = get_user_model().objects.create_superuser("admin", "admin@kommun.example", "x")
    client = client_for(None)
    client.force_login(admin)
    assert client.post(answer_url(requested), {"answer": "approve"}).status_code == 403
    assert admin not in approval_actions.approvers_of(official)
    assert state_of(requested) == State.REQUESTED


def test_an_inactive_forvaltningschef_is_not_an_approver(official, fredrik):
    fredrik.is_active = False
    fredrik.save()
    assert approval_actions.approvers_of(official) == []
    assert not approval_actions.is_approver(fredrik, official)


def test_a_secret_engagement_of_another_unit_is_not_found_for_karin(client_for, make_engagement, hans):
    secret = make_engagement(title="Hemligt", is_official_contact=True, is_secret=True, secrecy_ground="OSL")
    approval = approval_actions.request_approval(secret, by=hans)
    for url in (answer_url(approval), f"/engagemang/{secret.pk}/godkannande/begar/"):
        assert client_for("karin").get(url).status_code == 404
    assert client_for("karin").post(answer_url(approval), {"answer": "approve"}).status_code == 404
    assert client_for("fredrik").get(answer_url(approval)).status_code == 200


# Asking


def test_asking_records_the_request_in_the_history(official, requested, hans):
    assert requested.state == State.REQUESTED and requested.unit_id == official.owner_unit_id
    assert requested.requested_by == hans and requested.request_comment == "Beslut behövs i mars."
    change = history_of(official).first()
    assert change.actor == hans and change.reason == "Beslut behövs i mars."
    assert change.changes == [
        {
            "field": "Godkännande av officiell kontakt",
            "before": "",
            "after": "Begärt av förvaltningschefen för Barn, utbildning och fritid",
        }
    ]


def test_hans_asks_through_the_page(client_for, official):
    client = client_for("hans")
    page = client.get(f"/engagemang/{official.pk}/godkannande/begar/").content.decode()
    assert "Begäran går till: Fredrik Förvaltningschef" in page
    response = client.post(f"/engagemang/{official.pk}/godkannande/begar/", {"message": "Snart möte."})
    assert response.status_code == 302
    assert ContactApproval.objects.get().request_comment == "Snart möte."
    page = client.get(f"/engagemang/{official.pk}/").content.decode()
    assert "Väntar på förvaltningschefens svar" in page and "Återkalla begäran" in page


def test_only_an_official_contact_can_be_asked_for(make_engagement, hans):
    engagement = make_engagement()
    with pytest.raises(ValidationError) as error:
        approval_actions.request_approval(engagement, by=hans)
    assert "Engagemanget är inte markerat som officiell kontakt." in error.value.messages[0]


def test_one_open_request_at_a_time(official, requested, hans, client_for):
    with pytest.raises(ValidationError) as error:
        approval_actions.request_approval(official, by=hans)
    assert "Det finns redan en obesvarad begäran om godkännande." in error.value.messages[0]
    page = client_for("hans").get(f"/engagemang/{official.pk}/godkannande/begar/").content.decode()
    assert "Det finns redan en obesvarad begäran" in page and "Skicka begäran" not in page


def test_the_database_keeps_one_open_request_when_two_ask_at_once(official, requested, hans, monkeypatch):
    monkeypatch.setattr(approval_actions, "why_no_request", lambda *args: None)  # both passed the check
    with pytest.raises(ValidationError) as error:
        approval_actions.request_approval(official, by=hans)
    assert "Någon annan har just begärt godkännandet." in error.value.messages[0]
    assert ContactApproval.objects.count() == 1


def test_an_approved_contact_is_not_asked_for_again(official, requested, hans, fredrik):
    approval_actions.approve(requested, by=fredrik)
    with pytest.raises(ValidationError) as error:
        approval_actions.request_approval(official, by=hans)
    assert "redan godkänd av förvaltningschefen för Barn, utbildning och fritid" in error.value.messages[0]


def test_a_unit_without_a_forvaltningschef_tells_to_ask_the_coordinator(make_engagement, units, karin):
    engagement = make_engagement(owner_unit=units["kultur"], is_official_contact=True)
    with pytest.raises(ValidationError) as error:
        approval_actions.request_approval(engagement, by=karin)
    assert error.value.messages[0] == (
        "Det finns ingen förvaltningschef för Kultur och fritid i Utblick. Be den internationella samordnaren att "
        "lägga in förvaltningschefen med sin behörighet och begär sedan godkännandet igen."
    )
    assert not ContactApproval.objects.exists()


def test_karin_cannot_ask_for_an_engagement_of_another_unit(official, karin, client_for):
    with pytest.raises(PermissionDenied):
        approval_actions.request_approval(official, by=karin)
    assert client_for("karin").post(f"/engagemang/{official.pk}/godkannande/begar/", {}).status_code == 403
    assert not ContactApproval.objects.exists()


def test_a_new_request_is_possible_after_a_decline(official, requested, hans, fredrik):
    approval_actions.decline(requested, by=fredrik, comment="Saknar budget.")
    again = approval_actions.request_approval(official, by=hans)
    assert again.state == State.REQUESTED and ContactApproval.objects.count() == 2


# Answering


def test_declining_needs_a_reason(client_for, requested):
    response = client_for("fredrik").post(answer_url(requested), {"answer": "decline", "comment": "  "})
    page = response.content.decode()
    assert response.status_code == 200
    assert "Skriv varför du inte godkänner kontakten" in page and 'href="#id_comment"' in page
    assert state_of(requested) == State.REQUESTED


def test_a_decline_is_recorded_with_who_when_and_why(requested, fredrik, official):
    approval_actions.decline(requested, by=fredrik, comment="Saknar budget.")
    requested.refresh_from_db()
    assert requested.answered_by == fredrik and requested.answered_at is not None
    assert requested.comment == "Saknar budget."
    change = history_of(official).first()
    assert change.actor == fredrik and change.reason == "Saknar budget."
    assert change.changes[0]["before"] == "Begärt" and change.changes[0]["after"] == "Inte godkänt"


def test_the_second_of_two_answers_is_refused(client_for, requested, fredrik, units):
    stale = ContactApproval.objects.get(pk=requested.pk)  # a second page opened before the first answer
    stale.engagement = requested.engagement
    approval_actions.approve(requested, by=fredrik, comment="Ja.")
    with pytest.raises(ValidationError) as error:
        approval_actions.decline(stale, by=fredrik, comment="Nej.")
    assert "Begäran har redan besvarats eller återkallats" in error.value.messages[0]
    assert state_of(requested) == State.APPROVED and requested.comment == "Ja."
    response = client_for("fredrik").post(answer_url(requested), {"answer": "decline", "comment": "Nej."})
    assert response.status_code == 200
    assert "Begäran är redan besvarad eller återkallad" in response.content.decode()
    assert state_of(requested) == State.APPROVED


def test_the_conditional_claim_refuses_an_answer_that_raced_past_the_check(requested, fredrik):
    ContactApproval.objects.filter(pk=requested.pk).update(state=State.WITHDRAWN)  # after the page was read
    with pytest.raises(ValidationError):
        approval_actions.approve(requested, by=fredrik)
    assert state_of(requested) == State.WITHDRAWN and requested.answered_by is None


def test_an_unknown_answer_is_refused(client_for, requested):
    response = client_for("fredrik").post(answer_url(requested), {"answer": "kanske", "comment": ""})
    assert response.status_code == 200
    assert "Välj ”Godkänn” eller ”Godkänn inte”." in response.content.decode()
    assert state_of(requested) == State.REQUESTED


def test_a_huge_comment_is_refused(client_for, requested):
    response = client_for("fredrik").post(answer_url(requested), {"answer": "approve", "comment": "x" * 5001})
    assert response.status_code == 200
    assert "Texten får vara högst 5 000 tecken." in response.content.decode()
    assert state_of(requested) == State.REQUESTED
    with pytest.raises(ValidationError):
        approval_actions.request_approval(requested.engagement, by=requested.requested_by, message="x" * 5001)


def test_html_in_messages_and_comments_is_shown_as_text(client_for, official, hans, fredrik):
    approval = approval_actions.request_approval(official, by=hans, message="<script>alert(1)</script>")
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in client_for("fredrik").get(answer_url(approval)).content.decode()
    approval_actions.approve(approval, by=fredrik, comment="<b>Ja</b>")
    page = client_for("hans").get(f"/engagemang/{official.pk}/").content.decode()
    assert "<b>Ja</b>" not in page and "&lt;b&gt;Ja&lt;/b&gt;" in page
    assert "<script>alert(1)</script>" not in page


def test_a_request_of_another_engagement_is_not_found(client_for, make_engagement, requested):
    other = make_engagement(title="Annat", is_official_contact=True)
    url = f"/engagemang/{other.pk}/godkannande/{requested.pk}/"
    assert client_for("fredrik").get(url).status_code == 404
    assert client_for("fredrik").post(url, {"answer": "approve"}).status_code == 404
    assert client_for("hans").post(url + "aterkalla/").status_code == 404
    assert client_for("fredrik").get("/engagemang/999999/godkannande/1/").status_code == 404
    assert state_of(requested) == State.REQUESTED


# Withdrawing


def test_hans_withdraws_an_open_request(client_for, official, requested):
    response = client_for("hans").post(answer_url(requested) + "aterkalla/")
    assert response.status_code == 302
    assert state_of(requested) == State.WITHDRAWN
    assert history_of(official).first().changes[0]["after"] == "Återkallat"
    assert client_for("hans").post(answer_url(requested) + "aterkalla/", follow=True).status_code == 200
    assert state_of(requested) == State.WITHDRAWN


def test_withdrawing_needs_a_post(client_for, requested):
    assert client_for("hans").get(answer_url(requested) + "aterkalla/").status_code == 405


# A move to another unit


def test_moving_the_engagement_to_another_unit_makes_the_approval_invalid(
    client_for, official, requested, fredrik, sara, units
):
    approval_actions.approve(requested, by=fredrik, comment="Ja.")
    official.refresh_from_db()
    update_engagement(
        official,
        by=sara,
        expected_version=official.version,
        fields={"owner_unit": units["gymnasiet"]},
        objectives=list(official.objectives.all()),
    )
    assert approval_actions.valid_approval(official) is None
    assert requirements_missing(official, Status.DECIDED) == [
        "Förvaltningschefen för Gymnasieskolan måste godkänna den officiella kontakten innan den kan beslutas. "
        "Begär godkännandet under ”Officiell kontakt”."
    ]
    page = client_for("hans").get(f"/engagemang/{official.pk}/").content.decode()
    assert "Engagemanget har bytt ansvarig enhet sedan det godkändes." in page
    assert "Det behöver godkännas på nytt av förvaltningschefen för Gymnasieskolan." in page
    # Fredrik is förvaltningschef above Gymnasieskolan, so he is asked again and may approve for the new unit.
    again = approval_actions.request_approval(official, by=sara)
    assert again.unit == units["gymnasiet"]
    approval_actions.approve(again, by=fredrik)
    assert approval_actions.valid_approval(official) == again


def test_a_request_made_before_a_move_cannot_be_answered(official, requested, fredrik, sara, units, client_for):
    official.refresh_from_db()
    update_engagement(
        official,
        by=sara,
        expected_version=official.version,
        fields={"owner_unit": units["grundskolan"]},
        objectives=list(official.objectives.all()),
    )
    requested.engagement.refresh_from_db()
    with pytest.raises(ValidationError) as error:
        approval_actions.approve(requested, by=fredrik)
    assert "Engagemanget har bytt ansvarig enhet sedan godkännandet begärdes" in error.value.messages[0]
    assert state_of(requested) == State.REQUESTED
    page = client_for("hans").get(f"/engagemang/{official.pk}/").content.decode()
    assert "Återkalla begäran och begär ett nytt godkännande." in page
    assert requested.pk not in [a.pk for a in approval_actions.waiting_for(fredrik)]


# Permission matrices of the new pages


@pytest.mark.parametrize("persona", PERSONAS)
def test_who_may_open_the_request_page(client_for, official, persona):
    url = f"/engagemang/{official.pk}/godkannande/begar/"
    assert client_for(persona).get(url).status_code == APPROVAL_REQUEST[persona]


@pytest.mark.parametrize("persona", PERSONAS)
def test_who_may_open_the_answer_page(client_for, requested, persona):
    assert client_for(persona).get(answer_url(requested)).status_code == APPROVAL_ANSWER[persona]


@pytest.mark.parametrize("persona", PERSONAS)
def test_who_may_see_the_list_of_requests(client_for, persona):
    assert client_for(persona).get("/engagemang/godkannanden/").status_code == APPROVAL_LIST[persona]


@pytest.mark.parametrize("persona", PERSONAS)
def test_who_may_withdraw_a_request(client_for, requested, persona):
    response = client_for(persona).post(answer_url(requested) + "aterkalla/")
    expected = 302 if APPROVAL_REQUEST[persona] == 200 else APPROVAL_REQUEST[persona]
    assert response.status_code == expected
    assert state_of(requested) == (State.WITHDRAWN if expected == 302 and persona else State.REQUESTED)


# The list for the förvaltningschef, and the start page


def test_fredrik_sees_the_requests_waiting_for_him_and_the_start_page_links_to_them(
    client_for, official, requested, make_engagement, units, karin
):
    elsewhere = make_engagement(title="Kulturens kontakt", owner_unit=units["kultur"], is_official_contact=True)
    user_with("kurt", Role.FORVALTNINGSCHEF, units["klf"])
    approval_actions.request_approval(elsewhere, by=karin)
    page = client_for("fredrik").get("/engagemang/godkannanden/").content.decode()
    assert f'href="{answer_url(requested)}"' in page and "Officiellt samarbete med Røros" in page
    assert "Kulturens kontakt" not in page
    assert "1 begäran väntar på ditt svar." in page
    start = client_for("fredrik").get("/").content.decode()
    assert "Officiella kontakter att godkänna (1)" in start and 'href="/engagemang/godkannanden/"' in start
    assert "Officiella kontakter att godkänna" not in client_for("hans").get("/").content.decode()
    coordinator = client_for("sara").get("/engagemang/godkannanden/").content.decode()
    assert "Officiellt samarbete med Røros" in coordinator and "Kulturens kontakt" in coordinator
    assert "Väntar på ditt svar" not in coordinator


def test_answered_requests_leave_the_list(client_for, requested, fredrik):
    approval_actions.approve(requested, by=fredrik)
    page = client_for("fredrik").get("/engagemang/godkannanden/").content.decode()
    assert "0 begäranden väntar på ditt svar." in page
    assert "Dina senaste svar" in page and "Godkänt" in page


# Query counts


def _queries(client, url):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as ctx:
        assert client.get(url).status_code == 200
    return len(ctx.captured_queries)


def _open_requests(make_engagement, hans, fredrik, count, start=0):
    for i in range(start, start + count):
        engagement = make_engagement(title=f"Kontakt {i}", is_official_contact=True)
        approval_actions.request_approval(engagement, by=hans, message=f"Meddelande {i}")
        done = make_engagement(title=f"Besvarad {i}", is_official_contact=True)
        approval_actions.approve(approval_actions.request_approval(done, by=hans), by=fredrik, comment="Ja")


@pytest.mark.parametrize("persona", ["fredrik", "sara"])
def test_the_list_of_requests_uses_a_constant_number_of_queries(client_for, make_engagement, hans, fredrik, persona):
    client = client_for(persona)
    _open_requests(make_engagement, hans, fredrik, 2)
    few = _queries(client, "/engagemang/godkannanden/")
    _open_requests(make_engagement, hans, fredrik, 4, start=2)
    assert _queries(client, "/engagemang/godkannanden/") == few


def test_the_engagement_page_with_many_answers_uses_a_constant_number_of_queries(client_for, official, hans, fredrik):
    client = client_for("hans")
    url = f"/engagemang/{official.pk}/"
    approval_actions.decline(approval_actions.request_approval(official, by=hans), by=fredrik, comment="Nej")
    few = _queries(client, url)
    for _ in range(3):
        approval_actions.decline(approval_actions.request_approval(official, by=hans), by=fredrik, comment="Nej")
    approval_actions.request_approval(official, by=hans)
    assert _queries(client, url) == few
