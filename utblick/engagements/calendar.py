"""The calendar (issue 6, point 6): dated events of the engagements a user may see, for the page and the feeds.

Every kind of event comes from one provider: a function (engagements, first, last) -> list[Event] that runs
one query. `PROVIDERS` lists them; a new kind (trips, visits) is one more function in that list.
"""

import datetime
from collections.abc import Callable, Iterable
from dataclasses import dataclass

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.db.models import QuerySet
from django.urls import NoReverseMatch, reverse
from django.utils.translation import gettext as _

from utblick.core.history import record
from utblick.core.models import Change
from utblick.core.permissions import ensure_role
from utblick.engagements.models import Decision, Engagement, Status

# A finished engagement must be followed up (its economy checked, status "followed up") within this many days
# of its end date: two months, the time the finance office needs to close the accounts of the last month.
FOLLOW_UP_DAYS = 60


@dataclass(frozen=True)
class Event:
    """One all-day event: `end` is the last day (inclusive); `uid` is stable across fetches of the feed."""

    uid: str
    title: str
    start: datetime.date
    end: datetime.date
    kind: str
    url: str
    unit: str

    def days(self) -> int:
        return (self.end - self.start).days + 1


def _detail(pk: int) -> str:
    return reverse("engagements:detail", args=[pk])


def starts(engagements: QuerySet, first: datetime.date, last: datetime.date) -> list[Event]:
    rows = engagements.filter(start_date__range=(first, last)).values_list(
        "pk", "title", "start_date", "owner_unit__name"
    )
    return [
        Event(f"engagement-{pk}-start", _("Start: %(title)s") % {"title": title}, day, day, "start", _detail(pk), unit)
        for pk, title, day, unit in rows
    ]


def ends(engagements: QuerySet, first: datetime.date, last: datetime.date) -> list[Event]:
    rows = engagements.filter(end_date__range=(first, last)).values_list("pk", "title", "end_date", "owner_unit__name")
    return [
        Event(f"engagement-{pk}-end", _("Slut: %(title)s") % {"title": title}, day, day, "end", _detail(pk), unit)
        for pk, title, day, unit in rows
    ]


def decisions(engagements: QuerySet, first: datetime.date, last: datetime.date) -> list[Event]:
    rows = Decision.objects.filter(engagement__in=engagements, decided_on__range=(first, last)).values_list(
        "pk", "body", "decided_on", "engagement_id", "engagement__title", "engagement__owner_unit__name"
    )
    return [
        Event(
            f"decision-{pk}",
            _("Beslut: %(body)s – %(title)s") % {"body": body, "title": title},
            day,
            day,
            "decision",
            _detail(engagement_id),
            unit,
        )
        for pk, body, day, engagement_id, title, unit in rows
    ]


def follow_ups(engagements: QuerySet, first: datetime.date, last: datetime.date) -> list[Event]:
    """Finished engagements not yet followed up (status FINISHED, not FOLLOWED_UP): due FOLLOW_UP_DAYS after the
    end date. Once the engagement is marked followed up the deadline disappears from the calendar."""
    delta = datetime.timedelta(days=FOLLOW_UP_DAYS)
    rows = engagements.filter(status=Status.FINISHED, end_date__range=(first - delta, last - delta)).values_list(
        "pk", "title", "end_date", "owner_unit__name"
    )
    return [
        Event(
            f"engagement-{pk}-follow-up",
            _("Uppföljning: %(title)s") % {"title": title},
            end + delta,
            end + delta,
            "follow_up",
            _detail(pk),
            unit,
        )
        for pk, title, end, unit in rows
    ]


def _trip_url(engagement_id: int, pk: int) -> str:
    try:
        return reverse("engagements:trip_detail", args=[engagement_id, pk])
    except NoReverseMatch:  # without the trip's own page, the engagement's page lists its trips
        return _detail(engagement_id)


def trips(engagements: QuerySet, first: datetime.date, last: datetime.date) -> list[Event]:
    """Trips as multi-day events (only when the trips module exists: it is built alongside the calendar)."""
    from utblick.engagements.models_trips import Trip

    rows = Trip.objects.filter(engagement__in=engagements, start_date__lte=last, end_date__gte=first).values_list(
        "pk",
        "destination",
        "start_date",
        "end_date",
        "engagement_id",
        "engagement__title",
        "engagement__owner_unit__name",
    )
    return [
        Event(
            f"trip-{pk}",
            _("Resa: %(destination)s – %(title)s") % {"destination": destination, "title": title},
            start,
            max(end or start, start),
            "trip",
            _trip_url(engagement_id, pk),
            unit,
        )
        for pk, destination, start, end, engagement_id, title, unit in rows
    ]


def visits(engagements: QuerySet, first: datetime.date, last: datetime.date) -> list[Event]:
    """Visits by guests to Härjedalen as multi-day events."""
    from utblick.engagements.models_visits import Visit

    rows = Visit.objects.filter(engagement__in=engagements, start_date__lte=last, end_date__gte=first).values_list(
        "pk", "title", "start_date", "end_date", "engagement_id", "engagement__owner_unit__name"
    )
    return [
        Event(
            f"visit-{pk}",
            _("Besök: %(title)s") % {"title": title},
            start,
            max(end, start),
            "visit",
            reverse("engagements:visit_detail", args=[engagement_id, pk]),
            unit,
        )
        for pk, title, start, end, engagement_id, unit in rows
    ]


def _has_trips() -> bool:
    try:
        from utblick.engagements.models_trips import Trip  # noqa: F401
    except ImportError:
        return False
    return True


Provider = Callable[[QuerySet, datetime.date, datetime.date], list[Event]]
PROVIDERS: list[Provider] = [starts, ends, decisions, follow_ups] + ([trips] if _has_trips() else []) + [visits]


def visible_engagements(user, unit_ids: Iterable[int] | None = None) -> QuerySet:
    """The engagements the user may see, not archived, optionally only those owned by the given units."""
    queryset = Engagement.objects.restrict(user, "view").not_archived()
    if unit_ids is not None:
        queryset = queryset.filter(owner_unit__in=list(unit_ids))
    return queryset


def events(user, first: datetime.date, last: datetime.date, unit_ids=None, providers=None) -> list[Event]:
    """Every event touching first..last (inclusive) of the engagements the user may see, sorted by date and title."""
    engagements = visible_engagements(user, unit_ids)
    found = [event for provider in providers or PROVIDERS for event in provider(engagements, first, last)]
    return sorted(found, key=lambda event: (event.start, event.end, event.title, event.uid))


# Writes: the user's own feed tokens (core.CalendarToken). The token itself never goes into the history.


def personal_feed(user):
    """The user's feed of everything they may see, made on first use."""
    from utblick.core.models import CalendarToken

    ensure_role(user, "engagement", "view")
    token = CalendarToken.objects.filter(user=user, unit=None).first()
    if token is None:
        with transaction.atomic():
            token, created = CalendarToken.objects.get_or_create(user=user, unit=None)
            if created:
                record(token, by=user, action=Change.Action.CREATED)
    return token


def create_unit_feed(unit, *, by):
    """A feed of what `by` may see of `unit` and the units below it; one per user and unit."""
    from utblick.core.models import CalendarToken

    ensure_role(by, "engagement", "view")
    with transaction.atomic():
        token, created = CalendarToken.objects.get_or_create(user=by, unit=unit)
        if created:
            record(token, by=by, action=Change.Action.CREATED)
    return token


def renew_feed(token, *, by):
    """A new secret for one of the user's own feeds: the old URL stops working at once."""
    from utblick.core.models import CalendarToken, new_calendar_token

    ensure_role(by, "engagement", "view")
    if token.user_id != by.pk:
        raise PermissionDenied
    with transaction.atomic():
        CalendarToken.objects.filter(pk=token.pk).update(token=new_calendar_token(), last_used_at=None)
        token.refresh_from_db()
        record(token, by=by, action=Change.Action.UPDATED, reason=_("Länken förnyades; den gamla slutar fungera."))
    return token
