"""Trips lacking a decision (R-62) are notified once per trip to the engagement's responsible people and the
trip's travellers: by the daily scheduled job, or `manage.py notify_trips_lacking_decision`."""

import datetime
from io import StringIO

import pytest
from django.core.exceptions import PermissionDenied
from django.core.management import call_command
from django.utils import timezone

from utblick.core import schedule
from utblick.core.permissions import acting_as_system
from utblick.engagements.models import Decision, Status
from utblick.engagements.models_trips import Trip
from utblick.engagements.trip_notifications import notify_trips_lacking_decision
from utblick.notifications.kinds import Kind
from utblick.notifications.models import Notification
from utblick.organisation.models import Person

TODAY = datetime.date(2026, 3, 1)


@pytest.fixture
def engagement(make_engagement, hans, per):
    return make_engagement(
        title="Skolutbyte med Røros",
        responsible_officer=Person.objects.get(user=hans),
        responsible_politician=Person.objects.get(user=per),
    )


@pytest.fixture
def make_trip(fredrik):
    def make(engagement, start, days=3, destination="Røros", **fields):
        trip = Trip.objects.create(
            engagement=engagement,
            destination=destination,
            country="NO",
            start_date=start,
            end_date=start + datetime.timedelta(days=days),
            purpose="Besöka partnerskolan.",
            **fields,
        )
        trip.travellers.set([Person.objects.get(user=fredrik)])
        return trip

    return make


def told(trip=None):
    notifications = Notification.objects.filter(kind=Kind.TRIP_DECISION).select_related("recipient")
    if trip is not None:
        notifications = notifications.filter(key=f"trip-lacking-decision-{trip.pk}")
    return sorted(n.recipient.username for n in notifications)


def test_a_trip_leaving_within_30_days_without_decision_notifies_the_responsible_people_and_travellers(
    engagement, make_trip
):
    trip = make_trip(engagement, TODAY + datetime.timedelta(days=10))
    with pytest.raises(PermissionDenied):  # None is the system only inside acting_as_system()
        notify_trips_lacking_decision(by=None, today=TODAY)
    with acting_as_system():
        assert notify_trips_lacking_decision(by=None, today=TODAY) == 3
    assert told(trip) == ["fredrik", "hans", "per"]
    notification = Notification.objects.filter(recipient__username="hans").get()
    assert notification.title == "Resan till Røros den 2026-03-11 saknar beslut"
    assert "”Skolutbyte med Røros”" in notification.text
    assert notification.url == f"/engagemang/{engagement.pk}/resor/{trip.pk}/"
    assert notification.actor_name == ""


def test_asking_again_does_not_notify_anyone_twice(engagement, make_trip, sara):
    make_trip(engagement, TODAY + datetime.timedelta(days=10))
    assert notify_trips_lacking_decision(by=sara, today=TODAY) == 3
    assert notify_trips_lacking_decision(by=sara, today=TODAY + datetime.timedelta(days=1)) == 0
    assert len(told()) == 3


def test_a_trip_under_way_is_notified_but_one_back_home_or_far_off_is_not(engagement, make_trip, sara):
    under_way = make_trip(engagement, TODAY - datetime.timedelta(days=1), destination="Oslo")
    make_trip(engagement, TODAY - datetime.timedelta(days=10), destination="Trondheim")  # back home
    make_trip(engagement, TODAY + datetime.timedelta(days=31), destination="Bergen")  # more than 30 days away
    notify_trips_lacking_decision(by=sara, today=TODAY)
    assert {n.key for n in Notification.objects.all()} == {f"trip-lacking-decision-{under_way.pk}"}


def test_trips_with_a_decision_or_on_archived_or_cancelled_engagements_are_not_notified(
    engagement, make_engagement, make_trip, sara
):
    decision = Decision.objects.create(engagement=engagement, body="BUN", decided_on=TODAY, diary_number="BUN 2026/1")
    make_trip(engagement, TODAY + datetime.timedelta(days=5), decision=decision)
    make_trip(make_engagement(title="Arkiverat", archived_at=timezone.now()), TODAY + datetime.timedelta(days=5))
    make_trip(make_engagement(title="Avbrutet", status=Status.CANCELLED), TODAY + datetime.timedelta(days=5))
    assert notify_trips_lacking_decision(by=sara, today=TODAY) == 0


def test_a_coordinator_who_runs_it_by_hand_is_not_told_of_her_own_trip(engagement, make_trip, sara):
    trip = make_trip(engagement, TODAY + datetime.timedelta(days=5))
    trip.travellers.add(Person.objects.get(user=sara))
    notify_trips_lacking_decision(by=sara, today=TODAY)
    # The actor is never notified of what she did herself; the daily job acts as the system, so she is told then.
    assert told(trip) == ["fredrik", "hans", "per"]


def test_only_the_system_or_the_coordinator_may_send_the_notifications(engagement, make_trip, hans):
    make_trip(engagement, TODAY + datetime.timedelta(days=5))
    with pytest.raises(PermissionDenied):
        notify_trips_lacking_decision(by=hans, today=TODAY)
    assert told() == []


def test_the_command_notifies_as_the_system_and_says_how_many(engagement, make_trip, sara):
    trip = make_trip(engagement, timezone.localdate() + datetime.timedelta(days=5))
    trip.travellers.add(Person.objects.get(user=sara))
    out = StringIO()
    call_command("notify_trips_lacking_decision", stdout=out)
    assert out.getvalue().strip() == "4 aviseringar om resor utan beslut skapades."
    assert told(trip) == ["fredrik", "hans", "per", "sara"]
    out = StringIO()
    call_command("notify_trips_lacking_decision", stdout=out)
    assert out.getvalue().strip() == "0 aviseringar om resor utan beslut skapades."


def test_the_scheduler_runs_the_command_daily(engagement, make_trip):
    [job] = [job for job in schedule.JOBS if job.name == "notify_trips_lacking_decision"]
    assert job.interval == datetime.timedelta(days=1)
    assert (job.task, job.args) == ("utblick.core.schedule.run_command", ("notify_trips_lacking_decision",))
    trip = make_trip(engagement, timezone.localdate() + datetime.timedelta(days=5))
    schedule.run_command.call(*job.args)
    assert told(trip) == ["fredrik", "hans", "per"]
