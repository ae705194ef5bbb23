"""Changes to an engagement notify its responsible politician and officer (issue 6, point 7).

Hans is the responsible officer and Per the responsible politician of an engagement of Barn, utbildning och
fritid; Sara (the coordinator) or Fredrik changes it. The actor is never notified of their own change, nor is an
account that has been switched off, and creating an engagement notifies no one.
"""

import datetime

import pytest

from utblick.engagements import actions, trip_actions
from utblick.engagements.models import Status
from utblick.finance import actions as finance_actions
from utblick.notifications.kinds import Kind
from utblick.notifications.models import Notification
from utblick.organisation.models import Person


@pytest.fixture
def engagement(make_engagement, hans, per):
    return make_engagement(
        title="Skolutbyte med Røros",
        responsible_officer=Person.objects.get(user=hans),
        responsible_politician=Person.objects.get(user=per),
    )


def notified(kind=Kind.ENGAGEMENT_CHANGE):
    return sorted(n.recipient.username for n in Notification.objects.filter(kind=kind).select_related("recipient"))


def edit(engagement, *, by, **fields):
    return actions.update_engagement(
        engagement,
        by=by,
        expected_version=engagement.version,
        fields=fields,
        objectives=list(engagement.objectives.all()),
    )


def test_an_edit_by_the_coordinator_notifies_the_officer_and_the_politician(engagement, sara):
    edit(engagement, by=sara, purpose="Nytt syfte.")
    assert notified() == ["hans", "per"]
    notification = Notification.objects.filter(recipient__username="hans").get()
    assert notification.title == "”Skolutbyte med Røros” har ändrats"
    assert notification.text == "Sara Samordnare (sara) ändrade: Syfte"
    assert notification.actor_name == "Sara Samordnare (sara)"
    assert notification.url == f"/engagemang/{engagement.pk}/historik/"
    assert not notification.is_read


def test_the_officer_is_not_notified_of_his_own_edit(engagement, hans):
    edit(engagement, by=hans, purpose="Nytt syfte.")
    assert notified() == ["per"]


def test_an_edit_that_changes_nothing_notifies_no_one(engagement, sara):
    edit(engagement, by=sara)
    assert notified() == []


def test_a_switched_off_account_is_not_notified(engagement, sara, per):
    per.is_active = False
    per.save()
    edit(engagement, by=sara, purpose="Nytt syfte.")
    assert notified() == ["hans"]


def test_a_status_move_notifies_the_responsible_people(engagement, fredrik):
    actions.move_engagement(engagement, Status.CANCELLED, by=fredrik, reason="Partnern drog sig ur.")
    assert notified() == ["hans", "per"]
    assert Notification.objects.filter(recipient__username="per").get().text == (
        "Fredrik Förvaltningschef (fredrik) ändrade: Status"
    )


def test_archiving_and_restoring_notify_the_responsible_people(engagement, sara):
    actions.archive_engagement(engagement, by=sara, reason="Klart.")
    actions.restore_engagement(engagement, by=sara)
    assert notified() == ["hans", "hans", "per", "per"]


def test_planning_a_trip_notifies_the_responsible_people(engagement, sara):
    trip_actions.create_trip(
        engagement,
        by=sara,
        fields={
            "destination": "Røros",
            "country": "NO",
            "start_date": datetime.date(2026, 3, 15),
            "end_date": datetime.date(2026, 3, 18),
            "purpose": "Besöka partnerskolan.",
            "programme": "",
            "decision": None,
            "travellers": [],
        },
    )
    assert notified() == ["hans", "per"]
    assert "Resa" in Notification.objects.filter(recipient__username="hans").get().text


def test_a_budget_line_notifies_the_responsible_people_but_not_its_author(engagement, hans):
    fields = {
        "year": "2026",
        "direction": "cost",
        "cost_category": "resor",
        "funding_source": "",
        "description": "Resa till Røros",
        "planned_amount": "12 000",
        "actual_amount": "",
        "currency": "SEK",
        "exchange_rate": "",
        "ansvar": "",
        "verksamhet": "",
        "projekt": "",
    }
    finance_actions.add_budget_line(engagement, by=hans, fields=fields)
    assert notified() == ["per"]
    assert "Budgetrad 2026" in Notification.objects.get().text


def test_creating_an_engagement_notifies_no_one(units, hans, per, sara):
    from utblick.policy.models import Objective

    actions.create_engagement(
        by=sara,
        fields={
            "title": "Nytt samarbete",
            "kind": "samarbete",
            "purpose": "Lära av varandra.",
            "unit_goal": "Bättre språk.",
            "owner_unit": units["buf"],
            "responsible_officer": Person.objects.get(user=hans),
            "responsible_politician": Person.objects.get(user=per),
        },
        objectives=[Objective.objects.get(code="M3")],
    )
    assert notified() == []


def test_an_engagement_without_responsible_people_notifies_no_one(make_engagement, sara):
    engagement = make_engagement(title="Utan ansvariga")
    edit(engagement, by=sara, purpose="Nytt syfte.")
    assert notified() == []
