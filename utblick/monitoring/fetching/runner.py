"""Fetching sources: one source (fetch, parse, store, record the outcome on the row), the due round run by the
background worker, and the preview of an unsaved source.

A round claims each due source before fetching it, with one conditional UPDATE that moves its next_fetch_at
a lease ahead (CLAIM_LEASE): two workers never fetch the same source, and a worker killed mid-fetch leaves the
source due again once the lease has passed, so nothing is lost. Each source is fetched in its own try, and its
items are committed in its own transaction, so one broken source never stops or undoes the others.
"""

from __future__ import annotations

import datetime
import logging
from dataclasses import dataclass, field

from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext as _
from django_tasks import task

from utblick.monitoring.fetching.http import FetchError, fetch
from utblick.monitoring.fetching.parsing import ParsedItem, read
from utblick.monitoring.fetching.storing import sanitise, store
from utblick.monitoring.models import Source

logger = logging.getLogger(__name__)

CLAIM_LEASE = datetime.timedelta(minutes=10)


def unexpected_error() -> str:
    return _(
        "Ett oväntat fel uppstod när källan hämtades. Försök igen senare; kvarstår felet, kontakta "
        "systemförvaltaren (felet finns i loggen)."
    )


@dataclass
class Outcome:
    """What one fetch of one source did: how many new items, or the Swedish error."""

    source_id: int
    name: str
    new_count: int = 0
    error: str = ""
    new_ids: list[int] = field(default_factory=list)
    not_modified: bool = False

    @property
    def ok(self) -> bool:
        return not self.error


@dataclass
class Preview:
    """The items an unsaved source would give now (summaries sanitised), or the error (a Swedish sentence);
    nothing is stored."""

    items: list[ParsedItem] = field(default_factory=list)
    error: str = ""
    format: str = ""


def preview(source: Source) -> Preview:
    """Fetch and parse `source` (saved or not) without storing anything or changing its fetch state."""
    try:
        response = fetch(source.url)
        parsed = read(response.body, response.headers.get("content-type", ""), response.url, source)
    except FetchError as error:
        return Preview(error=error.message)
    except Exception:
        logger.exception("Preview of %s failed unexpectedly", source.url)
        return Preview(error=unexpected_error())
    for item in parsed.items:
        item.summary_html = sanitise(item.summary_html)  # safe to show as it is, like a stored summary
    return Preview(items=parsed.items, format=parsed.format)


def fetch_source(source: Source) -> Outcome:
    """Fetch one source now, store its new items and record the outcome on the row. Never raises for a bad
    source: the error is on the row and in the Outcome."""
    started = timezone.now()
    outcome = Outcome(source_id=source.pk, name=source.name)
    detected_format = source.detected_format
    try:
        response = fetch(source.url, etag=source.etag, last_modified=source.last_modified)
        if response.not_modified:
            outcome.not_modified = True
        else:
            parsed = read(response.body, response.headers.get("content-type", ""), response.url, source)
            detected_format = parsed.format
            new_items = store(source, parsed.items)
            outcome.new_count = len(new_items)
            outcome.new_ids = [item.pk for item in new_items]
    except FetchError as error:
        outcome.error = error.message
    except Exception:
        logger.exception("Fetching source %s (%s) failed unexpectedly", source.pk, source.url)
        outcome.error = unexpected_error()

    now = timezone.now()
    state = {"last_fetched_at": now, "next_fetch_at": started + datetime.timedelta(minutes=source.interval_minutes)}
    if outcome.ok:
        state.update(
            last_success_at=now,
            last_error="",
            consecutive_failures=0,
            failing_since=None,
            detected_format=detected_format,
        )
        if not outcome.not_modified:
            # Validators only after a body was stored: a failed parse must not turn into 304s forever.
            state.update(
                etag=response.headers.get("etag", "")[:500],
                last_modified=response.headers.get("last-modified", "")[:100],
            )
    else:
        state.update(
            last_error=outcome.error,
            consecutive_failures=F("consecutive_failures") + 1,
            failing_since=source.failing_since or now,
        )
    # An UPDATE of the fetch state only: a coordinator editing the source meanwhile keeps their changes.
    Source.objects.filter(pk=source.pk).update(**state)
    for name, value in state.items():
        if name != "consecutive_failures":
            setattr(source, name, value)
    source.consecutive_failures = 0 if outcome.ok else source.consecutive_failures + 1
    return outcome


def claim(source_id: int, seen_next_fetch_at: datetime.datetime | None, now: datetime.datetime) -> bool:
    """Take a due source for this worker: move next_fetch_at a lease ahead, if nobody moved it since we read it."""
    due = Source.objects.filter(pk=source_id, is_active=True)
    if seen_next_fetch_at is None:
        due = due.filter(next_fetch_at__isnull=True)
    else:
        due = due.filter(next_fetch_at=seen_next_fetch_at)
    return due.update(next_fetch_at=now + CLAIM_LEASE) == 1


def due_sources(now: datetime.datetime):
    return (
        Source.objects.filter(is_active=True)
        .filter(Q(next_fetch_at__isnull=True) | Q(next_fetch_at__lte=now))
        .order_by(F("next_fetch_at").asc(nulls_first=True), "pk")
    )


def fetch_due_sources(now: datetime.datetime | None = None) -> list[Outcome]:
    """Fetch every active source whose time has come, one by one, each claimed first."""
    now = now or timezone.now()
    outcomes = []
    for source_id, seen in list(due_sources(now).values_list("pk", "next_fetch_at")):
        if not claim(source_id, seen, now):
            continue  # another worker has it
        try:
            source = Source.objects.get(pk=source_id)
            outcomes.append(fetch_source(source))
        except Exception:
            # fetch_source does not raise for a bad source; this is a bug or a lost database connection.
            # The claim's lease makes the source due again later.
            logger.exception("The fetch round failed on source %s", source_id)
    announce(outcomes)
    return outcomes


def announce(outcomes: list[Outcome]) -> None:
    """Queue the instant email digests when the fetches brought new items (never raises)."""
    from utblick.monitoring.digests import send_instant

    send_instant([pk for outcome in outcomes for pk in outcome.new_ids])


@task()
def fetch_due_sources_task() -> dict:
    """The scheduler's job (every five minutes): fetch the due sources; returns counts for the task's result."""
    from utblick.core.permissions import acting_as_system

    with acting_as_system():
        outcomes = fetch_due_sources()
    return {
        "sources": len(outcomes),
        "failed": sum(1 for outcome in outcomes if not outcome.ok),
        "new_items": sum(outcome.new_count for outcome in outcomes),
    }
