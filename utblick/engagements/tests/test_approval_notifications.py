"""Notifications for approvals needed and given (Kind.APPROVAL): in the app, and by email through a real SMTP
server for those who chose it (approvals come by email by default)."""

import pytest

from utblick.engagements import approval_actions
from utblick.notifications.kinds import Kind
from utblick.notifications.models import EmailChoice, Notification
from utblick.organisation.models import Person


@pytest.fixture
def official(make_engagement, hans, per):
    return make_engagement(
        title="Officiellt samarbete med Røros",
        is_official_contact=True,
        responsible_officer=Person.objects.get(user=hans),
        responsible_politician=Person.objects.get(user=per),
    )


def test_fredrik_is_notified_in_the_app_and_by_email_when_his_approval_is_needed(
    official, hans, fredrik, smtp_server, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        approval = approval_actions.request_approval(official, by=hans, message="Beslut behövs i mars.")
    notification = Notification.objects.get()
    assert notification.recipient == fredrik and notification.kind == Kind.APPROVAL
    assert notification.title == "”Officiellt samarbete med Røros” behöver ditt godkännande som officiell kontakt"
    assert notification.url == f"/engagemang/{official.pk}/godkannande/{approval.pk}/"
    assert "Hans Handläggare (hans) ber dig som förvaltningschef för Barn, utbildning och fritid" in notification.text
    assert "Beslut behövs i mars." in notification.text
    [mail] = smtp_server.messages
    assert mail.recipients == ["fredrik@kommun.example"]
    assert mail.subject.strip() == notification.title  # a long encoded subject may be folded after "Subject:"
    assert f"/engagemang/{official.pk}/godkannande/{approval.pk}/" in mail.body


def test_fredrik_who_chose_no_email_gets_the_notification_in_the_app_only(
    official, hans, fredrik, smtp_server, django_capture_on_commit_callbacks
):
    EmailChoice.objects.create(user=fredrik, kind=Kind.APPROVAL, by_email=False)
    with django_capture_on_commit_callbacks(execute=True):
        approval_actions.request_approval(official, by=hans)
    assert Notification.objects.get().recipient == fredrik
    assert smtp_server.messages == []


def test_the_requester_and_the_responsible_people_hear_the_answer(
    official, hans, per, fredrik, sara, smtp_server, django_capture_on_commit_callbacks
):
    approval = approval_actions.request_approval(official, by=sara)
    with django_capture_on_commit_callbacks(execute=True):
        approval_actions.approve(approval, by=fredrik, comment="Bra initiativ.")
    answers = Notification.objects.exclude(recipient=fredrik)
    assert sorted(n.recipient.username for n in answers) == ["hans", "per", "sara"]
    for notification in answers:
        assert notification.kind == Kind.APPROVAL
        assert notification.title == "”Officiellt samarbete med Røros” är godkänt som officiell kontakt"
        assert notification.text == "Fredrik Förvaltningschef, förvaltningschef: Bra initiativ."
        assert notification.url == f"/engagemang/{official.pk}/"
    assert sorted(address for mail in smtp_server.messages for address in mail.recipients) == [
        "hans@kommun.example",
        "per@kommun.example",
        "sara@kommun.example",
    ]


def test_a_decline_is_told_with_its_reason_and_the_actor_is_not_told(official, hans, fredrik):
    approval = approval_actions.request_approval(official, by=hans)
    approval_actions.decline(approval, by=fredrik, comment="Budgeten saknas.")
    [told] = Notification.objects.filter(title__contains="inte godkänt", recipient=hans)
    assert told.text == "Fredrik Förvaltningschef, förvaltningschef: Budgeten saknas."
    assert not Notification.objects.filter(recipient=hans, title__contains="behöver ditt godkännande").exists()
    assert not Notification.objects.filter(recipient=fredrik, title__contains="inte godkänt").exists()


def test_an_inactive_forvaltningschef_is_not_asked(official, hans, fredrik, units):
    from django.contrib.auth import get_user_model

    from utblick.core.roles import Role
    from utblick.organisation.models import Membership

    deputy = get_user_model().objects.create_user("vera", email="vera@kommun.example")
    Membership.objects.create(user=deputy, unit=units["bun"], role=Role.FORVALTNINGSCHEF)
    deputy.is_active = False
    deputy.save()
    approval_actions.request_approval(official, by=hans)
    assert [n.recipient for n in Notification.objects.all()] == [fredrik]
