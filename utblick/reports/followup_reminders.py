"""Reminder emails for the yearly follow-up (R-51): each responsible officer hears which engagements lack something.

The engagements are those of the follow-up page (reports.followup.lacking_followup), for the whole
municipality. Each one goes to its responsible officer's email address; one without an officer, whose officer
has no address or is no longer active, goes to the coordinators (every active account with the role
samordnare and an email address) in a list of its own. Every address gets one email at most per run.

A reminder sent is recorded (FollowupReminder); the same address is not reminded about the same year again
within settings.FOLLOWUP_REMINDER_INTERVAL_DAYS days unless forced, so a daily scheduled run emails each
person about once a month until the gaps are filled.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.mail import EmailMultiAlternatives, get_connection
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django_tasks import task

from utblick.core.roles import Role
from utblick.engagements.models import Engagement
from utblick.organisation.models import Person
from utblick.reports.followup import MISSING_TEXTS, default_year, lacking_followup, missing_of
from utblick.reports.models import FollowupReminder


@dataclass
class Line:
    """One engagement in an email: what it lacks and where to fill it in."""

    title: str
    unit: str
    missing: str
    url: str
    economy_url: str


@dataclass
class Reminder:
    """One email to one address: the engagements the person is responsible for, and (coordinators) the rest."""

    email: str
    name: str
    person: Person | None = None
    own: list[Line] = field(default_factory=list)
    unassigned: list[Line] = field(default_factory=list)

    @property
    def count(self) -> int:
        return len(self.own) + len(self.unassigned)


@dataclass
class Outcome:
    """What a run did: the reminders sent (or, dry, that would be sent) and those held back by the interval."""

    sent: list[Reminder] = field(default_factory=list)
    skipped: list[Reminder] = field(default_factory=list)


def absolute(path: str) -> str:
    return settings.UTBLICK_BASE_URL.rstrip("/") + path


def _line(engagement: Engagement) -> Line:
    return Line(
        title=engagement.title,
        unit=engagement.owner_unit.name,
        missing=", ".join(str(MISSING_TEXTS[name]) for name in missing_of(engagement)),
        url=absolute(reverse("engagements:detail", args=[engagement.pk])),
        economy_url=absolute(reverse("finance:economy", args=[engagement.pk])),
    )


def _coordinators():
    """(email, name, person) of every active coordinator account with an address, by name."""
    users = (
        get_user_model()
        .objects.filter(is_active=True, memberships__role=Role.SAMORDNARE)
        .exclude(email="")
        .select_related("person")
        .distinct()
        .order_by("last_name", "first_name", "pk")
    )
    for user in users:
        person = getattr(user, "person", None)
        yield user.email, user.get_full_name() or user.get_username(), person


def reminders_for(year: int, today: datetime.date) -> list[Reminder]:
    """The emails the year's follow-up calls for, one per address, ordered by address."""
    by_email: dict[str, Reminder] = {}
    unassigned: list[Line] = []
    for engagement in lacking_followup(Engagement.objects.all(), year, today):
        officer = engagement.responsible_officer
        line = _line(engagement)
        if officer is None or not officer.is_active or not officer.email.strip():
            unassigned.append(line)
            continue
        email = officer.email.strip()
        reminder = by_email.setdefault(email.lower(), Reminder(email=email, name=officer.name, person=officer))
        reminder.own.append(line)
    if unassigned:
        for email, name, person in _coordinators():
            reminder = by_email.setdefault(email.lower(), Reminder(email=email, name=name, person=person))
            reminder.unassigned = list(unassigned)
    return sorted(by_email.values(), key=lambda reminder: reminder.email.lower())


def subject_of(reminder: Reminder, year: int) -> str:
    return ngettext(
        "Uppföljning %(year)d: %(count)d engagemang saknar uppgifter",
        "Uppföljning %(year)d: %(count)d engagemang saknar uppgifter",
        reminder.count,
    ) % {"year": year, "count": reminder.count}


def message_of(reminder: Reminder, year: int, connection=None) -> EmailMultiAlternatives:
    """The email in Swedish: plain text with a simple HTML alternative."""
    context = {
        "reminder": reminder,
        "year": year,
        "page_url": absolute(reverse("reports:followup")) + f"?year={year}",
        "interval_days": settings.FOLLOWUP_REMINDER_INTERVAL_DAYS,
    }
    message = EmailMultiAlternatives(
        subject=subject_of(reminder, year),
        body=render_to_string("reports/followup_reminder_email.txt", context),
        to=[reminder.email],
        connection=connection,
    )
    message.attach_alternative(render_to_string("reports/followup_reminder_email.html", context), "text/html")
    return message


def recently_reminded(year: int, now: datetime.datetime) -> set[str]:
    """Addresses (lower case) reminded about `year` within the interval."""
    since = now - datetime.timedelta(days=settings.FOLLOWUP_REMINDER_INTERVAL_DAYS)
    emails = FollowupReminder.objects.filter(year=year, sent_at__gte=since).values_list("email", flat=True)
    return {email.lower() for email in emails}


def send_reminders(year: int | None = None, *, dry_run: bool = False, force: bool = False, report=None) -> Outcome:
    """Send the year's reminders (default: last year), skipping addresses reminded within the interval.

    `report(text)` is called with one line per email sent (or, dry, that would be sent).
    """
    today = timezone.localdate()
    year = default_year(today) if year is None else year
    outcome = Outcome()
    with translation.override(settings.LANGUAGE_CODE):
        reminders = reminders_for(year, today)
        recent = set() if force else recently_reminded(year, timezone.now())
        due = []
        for reminder in reminders:
            (outcome.skipped if reminder.email.lower() in recent else due).append(reminder)
        if dry_run:
            for reminder in due:
                outcome.sent.append(reminder)
                if report:
                    report(
                        _("Skulle skicka till %(email)s: ”%(subject)s”.")
                        % {"email": reminder.email, "subject": subject_of(reminder, year)}
                    )
            return outcome
        if not due:
            return outcome
        with get_connection() as connection:
            for reminder in due:
                message_of(reminder, year, connection).send()
                # Recorded one by one: when the mail server fails half-way, those already sent are not sent again.
                FollowupReminder.objects.create(
                    email=reminder.email, person=reminder.person, year=year, engagement_count=reminder.count
                )
                outcome.sent.append(reminder)
                if report:
                    report(
                        _("Skickade till %(email)s: ”%(subject)s”.")
                        % {"email": reminder.email, "subject": subject_of(reminder, year)}
                    )
    return outcome


@task()
def send_followup_reminders_task(year: int | None = None) -> int:
    """The reminders as a background task (the scheduler enqueues it daily); returns how many were sent."""
    return len(send_reminders(year).sent)
