"""Feed health (issue 5, point 7): each source's fetch state and items per week, from one grouped query."""

import datetime
from dataclasses import dataclass

from django.db.models import Count, Q
from django.db.models.functions import Coalesce

from utblick.monitoring.models import Source

WEEKS = 4
FLAG_DAYS = 7  # a source that has failed this long is flagged to the coordinator


@dataclass
class HealthRow:
    source: Source
    items_per_week: float
    flagged: bool  # has failed for FLAG_DAYS days or more


def failing_cutoff(now: datetime.datetime) -> datetime.datetime:
    return now - datetime.timedelta(days=FLAG_DAYS)


def long_failing(now: datetime.datetime):
    """Active sources that have failed without a success for FLAG_DAYS days or more."""
    return Source.objects.filter(
        is_active=True, consecutive_failures__gt=0, failing_since__isnull=False, failing_since__lte=failing_cutoff(now)
    )


def long_failing_count(now: datetime.datetime) -> int:
    return long_failing(now).count()


def health_rows(now: datetime.datetime) -> list[HealthRow]:
    """Every source with its items per week over the last four weeks (by publication date, else fetch date)."""
    since = now - datetime.timedelta(weeks=WEEKS)
    cutoff = failing_cutoff(now)
    sources = (
        Source.objects.alias(item_date=Coalesce("items__published_at", "items__fetched_at"))
        .annotate(recent_items=Count("items", filter=Q(item_date__gte=since, item_date__lte=now)))
        .order_by("-is_active", "name", "pk")
    )
    return [
        HealthRow(
            source=source,
            items_per_week=source.recent_items / WEEKS,
            flagged=bool(
                source.is_active
                and source.consecutive_failures
                and source.failing_since is not None
                and source.failing_since <= cutoff
            ),
        )
        for source in sources
    ]
