"""Telling people about trips that lack a decision (R-62): once per trip, as soon as it is 30 days from departure.

The trips are those of the follow-up dashboard ("Resor utan beslut", TripQuerySet.lacking_decision) on engagements
that are neither archived nor cancelled, and that are not yet back home. The engagement's responsible politician
and officer and the trip's travellers hear about it, in the app and (by their choice) by email. A daily scheduled
job (core.schedule) and `manage.py notify_trips_lacking_decision` call it; asking again never repeats a notification.
"""

import datetime

from django.db import transaction
from django.db.models import Prefetch
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from utblick.core.permissions import ensure_role
from utblick.engagements.models import Status
from utblick.engagements.models_trips import Trip
from utblick.notifications.actions import notify, users_of_people
from utblick.notifications.kinds import Kind
from utblick.organisation.models import Person

TRIP_DECISION_DAYS = 30  # the same horizon as the follow-up dashboard (reports.health.TRIP_DECISION_DAYS)


def key_of(trip: Trip) -> str:
    return f"trip-lacking-decision-{trip.pk}"


def trips_lacking_decision(today: datetime.date):
    """Every trip leaving within 30 days, or under way, without a decision, on a live engagement."""
    return (
        Trip.objects.filter(engagement__archived_at__isnull=True, end_date__gte=today)
        .exclude(engagement__status=Status.CANCELLED)
        .lacking_decision(today, TRIP_DECISION_DAYS)
        .select_related(
            "engagement__responsible_politician__user",
            "engagement__responsible_officer__user",
        )
        .prefetch_related(Prefetch("travellers", queryset=Person.objects.select_related("user")))
        .order_by("start_date", "pk")
    )


def recipients_of(trip: Trip) -> list:
    """The accounts of the engagement's responsible people and of the trip's travellers."""
    engagement = trip.engagement
    return users_of_people(engagement.responsible_politician, engagement.responsible_officer, *trip.travellers.all())


def notify_trips_lacking_decision(*, by, today: datetime.date | None = None) -> int:
    """Notify about each trip lacking a decision those who have not heard of it yet; returns how many were told.

    Run by the system (`by=None` inside acting_as_system) or a coordinator.
    """
    ensure_role(by, "organisation", "change")
    today = today or timezone.localdate()
    told = 0
    for trip in trips_lacking_decision(today):
        with transaction.atomic():
            told += len(
                notify(
                    recipients_of(trip),
                    kind=Kind.TRIP_DECISION,
                    title=_("Resan till %(destination)s den %(date)s saknar beslut"),
                    text=_(
                        "Resan i ”%(engagement)s” avgår %(date)s men har inget registrerat beslut. Registrera "
                        "beslutet om resan under engagemangets beslut och välj det på resan före avresan."
                    ),
                    params={
                        "destination": trip.destination,
                        "date": trip.start_date.isoformat(),
                        "engagement": trip.engagement.title,
                    },
                    url=reverse("engagements:trip_detail", args=[trip.engagement_id, trip.pk]),
                    key=key_of(trip),
                    by=by,
                )
            )
    return told
