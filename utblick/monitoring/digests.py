"""Email digests of monitoring items (issue 5, point 6): subscriptions, unsubscribe tokens, the weekly summary.

Who gets what
- A user's active subscriptions of one frequency (instant, daily, weekly) make one email together. An item is
  in it when it matches any of those subscriptions: tagged with one of its units or objectives, from one of its
  sources, or containing one of its keywords (whole words, case- and accent-insensitive, the same matching as
  the rules: utblick.monitoring.rules.terms_regex on normalize()d title and text).
- Only items fetched after the subscription's `last_sent_at` (on the first send: at most FIRST_WINDOW back),
  and not triaged "Ej relevant". Users who lost every internal role (or their account, or their address)
  get nothing.
- Daily subscriptions are due when their last send is DUE_AFTER[daily] (23 h) old, weekly ones after 6.5 days;
  the scheduler checks every hour, so running it again sends nothing twice. Instant digests go out after every
  fetch round (send_instant, called by the fetch runner) with whatever is new since the last one.
- Nothing twice, even with two workers: a digest's subscriptions are claimed (last_sent_at moved to the run's
  time with a conditional UPDATE) before the email leaves; a failed send gives the claim back.

Unsubscribing works without logging in: each digest carries a signed token (django.core.signing, salted,
valid UNSUBSCRIBE_MAX_AGE) naming the user and the subscriptions in it. GET on the link only shows a
confirmation page (mail scanners follow links); POST deactivates, which is also what a mail program's
one-click unsubscribe (RFC 8058: List-Unsubscribe + List-Unsubscribe-Post headers) does.

The weekly summary for Kommunstyrelsen lists the items marked Relevant or Delad in the past week, by unit and
by objective, to settings.MONITORING_WEEKLY_SUMMARY_TO (or, when empty, every coordinator); a week without any
sends nothing.
"""

from __future__ import annotations

import datetime
import logging
from dataclasses import dataclass, field

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core import signing
from django.core.mail import EmailMultiAlternatives, get_connection
from django.db.models import Q
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django_tasks import task

from utblick.core.permissions import RULES, Scope
from utblick.core.roles import Role
from utblick.monitoring.models import Item, Subscription

logger = logging.getLogger(__name__)

Frequency = Subscription.Frequency
FIRST_WINDOW = datetime.timedelta(days=7)
# A little under a day and a week, so that an hourly check never slips a whole period.
DUE_AFTER = {
    Frequency.INSTANT: datetime.timedelta(0),
    Frequency.DAILY: datetime.timedelta(hours=23),
    Frequency.WEEKLY: datetime.timedelta(days=6, hours=12),
}
SUMMARY_WINDOW = datetime.timedelta(days=7)
# An email lists at most this many items (newest first) and says how many more there are in Utblick.
MAX_ITEMS_PER_EMAIL = 100
UNSUBSCRIBE_SALT = "utblick.monitoring.unsubscribe"
UNSUBSCRIBE_MAX_AGE = datetime.timedelta(days=180)


def absolute(path: str) -> str:
    return settings.UTBLICK_BASE_URL.rstrip("/") + path


def item_url(item_pk: int) -> str:
    """The item's page in Utblick (/bevakning/<pk>/), absolute."""
    return absolute(reverse("monitoring:item", args=[item_pk]))


# --- unsubscribe tokens ------------------------------------------------------------------------------------


def unsubscribe_token(user_pk: int, subscription_pks: list[int]) -> str:
    return signing.dumps({"u": user_pk, "s": sorted(subscription_pks)}, salt=UNSUBSCRIBE_SALT, compress=True)


class BadToken(Exception):
    """The link was changed, is too old, or names subscriptions that no longer exist."""

    def __init__(self, expired: bool = False):
        super().__init__("expired" if expired else "bad")
        self.expired = expired


def subscriptions_of_token(token: str):
    """The subscriptions an unsubscribe token names (those that still exist), or BadToken."""
    try:
        data = signing.loads(token, salt=UNSUBSCRIBE_SALT, max_age=UNSUBSCRIBE_MAX_AGE)
    except signing.SignatureExpired as error:
        raise BadToken(expired=True) from error
    except signing.BadSignature as error:
        raise BadToken() from error
    if not isinstance(data, dict) or not isinstance(data.get("u"), int) or not isinstance(data.get("s"), list):
        raise BadToken()
    ids = [pk for pk in data["s"] if isinstance(pk, int)]
    subscriptions = list(Subscription.objects.filter(user_id=data["u"], pk__in=ids).order_by("name", "pk"))
    if not subscriptions:
        raise BadToken()
    return subscriptions


def unsubscribe_url(user_pk: int, subscription_pks: list[int]) -> str:
    return absolute(reverse("monitoring:unsubscribe", args=[unsubscribe_token(user_pk, subscription_pks)]))


# --- matching ----------------------------------------------------------------------------------------------


@dataclass
class Candidate:
    """An item that may go into digests, with the ids it is matched on."""

    item: Item
    unit_ids: set[int] = field(default_factory=set)
    objective_ids: set[int] = field(default_factory=set)
    normalized: str = ""


@dataclass
class Criteria:
    """One subscription, ready to match: since when, and what it looks for."""

    subscription: Subscription
    since: datetime.datetime
    unit_ids: set[int]
    objective_ids: set[int]
    source_ids: set[int]
    keywords: object  # a compiled re.Pattern or None

    def matches(self, candidate: Candidate) -> bool:
        if candidate.item.fetched_at <= self.since:
            return False
        return bool(
            candidate.unit_ids & self.unit_ids
            or candidate.objective_ids & self.objective_ids
            or candidate.item.source_id in self.source_ids
            or (self.keywords is not None and self.keywords.search(candidate.normalized))
        )


def criteria_of(subscription: Subscription, now: datetime.datetime) -> Criteria:
    from utblick.monitoring.rules import terms_regex

    first = now - FIRST_WINDOW
    since = subscription.last_sent_at or first
    return Criteria(
        subscription=subscription,
        since=since,
        unit_ids={u.pk for u in subscription.units.all()},
        objective_ids={o.pk for o in subscription.objectives.all()},
        source_ids={s.pk for s in subscription.sources.all()},
        keywords=terms_regex(subscription.keywords),
    )


def candidates(since: datetime.datetime, until: datetime.datetime) -> list[Candidate]:
    """Items fetched in (since, until] and not "Ej relevant", with their tags (three queries)."""
    from utblick.monitoring.rules import normalize

    items = (
        Item.objects.filter(fetched_at__gt=since, fetched_at__lte=until)
        .exclude(state=Item.State.NOT_RELEVANT)
        .select_related("source")
        .defer("summary")
        .order_by("-published_at", "-fetched_at", "-pk")
    )
    by_pk = {item.pk: Candidate(item=item, normalized=normalize(f"{item.title}\n{item.text}")) for item in items}
    if not by_pk:
        return []
    window = Item.objects.filter(fetched_at__gt=since, fetched_at__lte=until)
    for item_id, unit_id in Item.units.through.objects.filter(item__in=window).values_list("item_id", "orgunit_id"):
        if item_id in by_pk:
            by_pk[item_id].unit_ids.add(unit_id)
    for item_id, objective_id in Item.objectives.through.objects.filter(item__in=window).values_list(
        "item_id", "objective_id"
    ):
        if item_id in by_pk:
            by_pk[item_id].objective_ids.add(objective_id)
    return list(by_pk.values())


# --- digests -----------------------------------------------------------------------------------------------


@dataclass
class Digest:
    """One email: one user's subscriptions of one frequency and the items they match."""

    user: object
    frequency: str
    subscriptions: list[Subscription] = field(default_factory=list)
    items: list[Item] = field(default_factory=list)
    more: int = 0  # matching items left out of the email (over MAX_ITEMS_PER_EMAIL)

    @property
    def email(self) -> str:
        return self.user.email.strip()


@dataclass
class Outcome:
    """What a run did: the digests sent (or, dry, that would be sent), and those that failed."""

    sent: list[Digest] = field(default_factory=list)
    empty: list[Digest] = field(default_factory=list)
    failed: list[Digest] = field(default_factory=list)


def internal_roles() -> list[str]:
    """The roles that may read monitoring items (every internal one)."""
    return [role for role, scope in RULES["monitoring"]["view"].items() if scope is not Scope.NONE]


def due_subscriptions(frequency: str, now: datetime.datetime):
    """Active subscriptions of this frequency whose last send is old enough, of active users who may read items."""
    qs = Subscription.objects.filter(frequency=frequency, is_active=True, user__is_active=True).exclude(user__email="")
    if DUE_AFTER[frequency]:
        qs = qs.filter(Q(last_sent_at__isnull=True) | Q(last_sent_at__lte=now - DUE_AFTER[frequency]))
    readers = get_user_model().objects.filter(
        Q(is_superuser=True) | Q(memberships__role__in=internal_roles()), is_active=True
    )
    return (
        qs.filter(user__in=readers)
        .select_related("user")
        .prefetch_related("units", "objectives", "sources")
        .order_by("user_id", "pk")
    )


def digests_for(frequency: str, now: datetime.datetime) -> list[Digest]:
    """The digests due now, one per user (those without items included, with no items)."""
    criteria = [criteria_of(subscription, now) for subscription in due_subscriptions(frequency, now)]
    if not criteria:
        return []
    pool = candidates(min(c.since for c in criteria), now)
    digests: dict[int, Digest] = {}
    matched: dict[int, set[int]] = {}
    for c in criteria:
        user = c.subscription.user
        digest = digests.setdefault(user.pk, Digest(user=user, frequency=frequency))
        digest.subscriptions.append(c.subscription)
        seen = matched.setdefault(user.pk, set())
        for candidate in pool:
            if candidate.item.pk not in seen and c.matches(candidate):
                seen.add(candidate.item.pk)
    order = {candidate.item.pk: index for index, candidate in enumerate(pool)}
    by_pk = {candidate.item.pk: candidate.item for candidate in pool}
    for user_pk, digest in digests.items():
        items = [by_pk[pk] for pk in sorted(matched[user_pk], key=order.__getitem__)]
        digest.items, digest.more = items[:MAX_ITEMS_PER_EMAIL], max(0, len(items) - MAX_ITEMS_PER_EMAIL)
    return list(digests.values())


def subject_of(digest: Digest) -> str:
    count = len(digest.items) + digest.more
    words = {
        Frequency.INSTANT: _("direkt"),
        Frequency.DAILY: _("dagligt sammandrag"),
        Frequency.WEEKLY: _("veckosammandrag"),
    }[digest.frequency]
    return ngettext(
        "Omvärldsbevakning (%(kind)s): %(count)d ny post",
        "Omvärldsbevakning (%(kind)s): %(count)d nya poster",
        count,
    ) % {"kind": words, "count": count}


def _item_lines(items) -> list[dict]:
    return [
        {
            "title": item.title,
            "source": item.source.name,
            "date": item.published_at or item.fetched_at,
            "url": item_url(item.pk),
            "link": item.link if item.link.lower().startswith(("http://", "https://")) else "",
        }
        for item in items
    ]


def message_of(digest: Digest, connection=None) -> EmailMultiAlternatives:
    """The digest in Swedish: plain text and HTML, with an unsubscribe link and one-click headers."""
    url = unsubscribe_url(digest.user.pk, [s.pk for s in digest.subscriptions])
    context = {
        "digest": digest,
        "name": digest.user.get_full_name() or digest.user.get_username(),
        "lines": _item_lines(digest.items),
        "total": len(digest.items) + digest.more,
        "subscription_names": [str(s) for s in digest.subscriptions],
        "unsubscribe_url": url,
        "subscriptions_url": absolute(reverse("monitoring:subscriptions")),
        "items_url": absolute(reverse("monitoring:items")),
    }
    message = EmailMultiAlternatives(
        subject=subject_of(digest),
        body=render_to_string("monitoring/digest_email.txt", context),
        to=[digest.email],
        connection=connection,
        headers={"List-Unsubscribe": f"<{url}>", "List-Unsubscribe-Post": "List-Unsubscribe=One-Click"},
    )
    message.attach_alternative(render_to_string("monitoring/digest_email.html", context), "text/html")
    return message


def _claim(digest: Digest, now: datetime.datetime) -> bool:
    """Move the digest's subscriptions' last send to `now`, unless another run got there first."""
    won = []
    for subscription in digest.subscriptions:
        if Subscription.objects.filter(pk=subscription.pk, last_sent_at=subscription.last_sent_at).update(
            last_sent_at=now
        ):
            won.append(subscription)
        else:
            _give_back(won, now)
            return False
    return True


def _give_back(subscriptions, now: datetime.datetime) -> None:
    for subscription in subscriptions:
        Subscription.objects.filter(pk=subscription.pk, last_sent_at=now).update(last_sent_at=subscription.last_sent_at)


def send_digests(frequency: str, *, now=None, dry_run: bool = False, report=None) -> Outcome:
    """Send every digest of this frequency that is due; `report(text)` gets one line per email."""
    now = now or timezone.now()
    outcome = Outcome()
    with translation.override(settings.LANGUAGE_CODE):
        digests = digests_for(frequency, now)
        with_items = [d for d in digests if d.items]
        if dry_run:
            for digest in with_items:
                outcome.sent.append(digest)
                if report:
                    report(
                        _("Skulle skicka till %(email)s: ”%(subject)s”.")
                        % {"email": digest.email, "subject": subject_of(digest)}
                    )
            return outcome
        for digest in digests:
            # Nothing new: the next digest starts from now all the same.
            if not digest.items and _claim(digest, now):
                outcome.empty.append(digest)
        if not with_items:
            return outcome
        with get_connection() as connection:
            for digest in with_items:
                if not _claim(digest, now):
                    continue
                try:
                    message_of(digest, connection).send()
                except Exception:
                    # One refused address (or a mail server hiccup) must not stop the others; retried next run.
                    _give_back(digest.subscriptions, now)
                    logger.exception("The monitoring digest to %s could not be sent", digest.email)
                    outcome.failed.append(digest)
                    if report:
                        report(_("Kunde inte skicka till %(email)s.") % {"email": digest.email})
                    continue
                outcome.sent.append(digest)
                if report:
                    report(
                        _("Skickade till %(email)s: ”%(subject)s”.")
                        % {"email": digest.email, "subject": subject_of(digest)}
                    )
    return outcome


@task()
def send_digests_task(frequency: str) -> int:
    """The digests of one frequency that are due, in the worker (the scheduler enqueues it hourly)."""
    return len(send_digests(frequency).sent)


@task()
def send_instant_task() -> int:
    """The instant digests with whatever is new since each one's last send."""
    return len(send_digests(Frequency.INSTANT).sent)


def send_instant(new_items=()) -> None:
    """Called by the fetch runner after a round: queue the instant digests when the round brought new items.

    Never raises: a mail problem must not disturb fetching (the next round, or the command, sends them).
    """
    if not new_items:
        return
    try:
        send_instant_task.enqueue()
    except Exception:
        logger.exception("The instant monitoring digests could not be queued")


# --- the weekly summary for Kommunstyrelsen ----------------------------------------------------------------


@dataclass
class Group:
    name: str
    lines: list[dict]


@dataclass
class Summary:
    """The items marked relevant (or shared) in the week, grouped by unit and by objective."""

    since: datetime.datetime
    until: datetime.datetime
    count: int
    by_unit: list[Group]
    by_objective: list[Group]
    recipients: list[str]


def summary_recipients() -> list[str]:
    configured = [a.strip() for a in settings.MONITORING_WEEKLY_SUMMARY_TO if a.strip()]
    if configured:
        return configured
    users = (
        get_user_model()
        .objects.filter(is_active=True, memberships__role=Role.SAMORDNARE)
        .exclude(email="")
        .order_by("email")
        .values_list("email", flat=True)
        .distinct()
    )
    return list(dict.fromkeys(users))


def weekly_summary(now=None) -> Summary:
    now = now or timezone.now()
    since = now - SUMMARY_WINDOW
    items = list(
        Item.objects.filter(
            state__in=[Item.State.RELEVANT, Item.State.SHARED], triaged_at__gt=since, triaged_at__lte=now
        )
        .select_related("source", "assigned_unit")
        .prefetch_related("units", "objectives")
        .defer("summary")
        .order_by("-triaged_at", "-pk")
    )
    by_unit: dict[str, list[dict]] = {}
    by_objective: dict[str, list[dict]] = {}
    for item, line in zip(items, _item_lines(items), strict=True):
        line["state"] = item.get_state_display()
        line["comment"] = item.comment
        units = {u.name for u in item.units.all()}
        if item.assigned_unit:
            units.add(item.assigned_unit.name)
        for name in sorted(units) or [_("Utan enhet")]:
            by_unit.setdefault(name, []).append(line)
        for name in sorted(f"{o.code} {o.name}" for o in item.objectives.all()) or [_("Utan mål")]:
            by_objective.setdefault(name, []).append(line)
    return Summary(
        since=since,
        until=now,
        count=len(items),
        by_unit=[Group(name, lines) for name, lines in by_unit.items()],
        by_objective=[Group(name, lines) for name, lines in by_objective.items()],
        recipients=summary_recipients(),
    )


def summary_subject(summary: Summary) -> str:
    return ngettext(
        "Omvärldsbevakning, veckan som gått: %(count)d relevant post",
        "Omvärldsbevakning, veckan som gått: %(count)d relevanta poster",
        summary.count,
    ) % {"count": summary.count}


def send_weekly_summary(*, now=None, dry_run: bool = False, report=None) -> Summary:
    """Email the week's summary to its recipients (one email, every recipient in To)."""
    with translation.override(settings.LANGUAGE_CODE):
        summary = weekly_summary(now)
        subject = summary_subject(summary)
        if not summary.count:
            # No email about nothing: the week with no relevant items passes quietly.
            if report:
                report(_("Inga poster markerades som relevanta den senaste veckan; ingen sammanfattning skickas."))
            return summary
        if not summary.recipients:
            if report:
                report(_("Veckosammanfattningen har inga mottagare: ange MONITORING_WEEKLY_SUMMARY_TO."))
            return summary
        if not dry_run:
            context = {"summary": summary, "items_url": absolute(reverse("monitoring:items"))}
            message = EmailMultiAlternatives(
                subject=subject,
                body=render_to_string("monitoring/summary_email.txt", context),
                to=summary.recipients,
            )
            message.attach_alternative(render_to_string("monitoring/summary_email.html", context), "text/html")
            message.send()
        if report:
            line = (
                _("Skulle skicka till %(email)s: ”%(subject)s”.")
                if dry_run
                else _("Skickade till %(email)s: ”%(subject)s”.")
            )
            report(line % {"email": ", ".join(summary.recipients), "subject": subject})
    return summary


@task()
def send_weekly_summary_task() -> int:
    """The weekly summary in the worker (the scheduler enqueues it once a week); returns the item count."""
    return send_weekly_summary().count
