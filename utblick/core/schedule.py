"""Periodic jobs without cron: a list of jobs, and a check that enqueues each one when its interval has passed.

`manage.py run_scheduler` calls `run_due_jobs()` every minute (`--once`: one check, for tests and for those who
prefer cron). A job is a Django Tasks task; the scheduler only enqueues it and the worker (`manage.py
db_worker`) runs it, so a slow job never holds the scheduler up.

When each job last ran is kept in the database (core.ScheduledRun), so a restart does not repeat work. Two
schedulers started by mistake do not both run a job: a run is claimed with one conditional UPDATE ("set the
last run to now where it is still what I read"), which only one of them can win, on SQLite and PostgreSQL alike.
"""

from __future__ import annotations

import datetime
import logging
from dataclasses import dataclass

from django.db.models import F
from django.utils import timezone
from django.utils.module_loading import import_string
from django_tasks import task

from utblick.core.models import ScheduledRun

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class Job:
    """Something enqueued every `interval`: a django_tasks task by dotted path (imported when due), with its
    arguments; housekeeping that exists as a management command runs through `run_command`."""

    name: str
    interval: datetime.timedelta
    task: str
    args: tuple = ()


@task()
def run_command(name: str) -> None:
    """A management command as a scheduled task, as the system (its output goes to the worker's log)."""
    from django.core.management import call_command

    from utblick.core.permissions import acting_as_system

    with acting_as_system():
        call_command(name)


DAILY = datetime.timedelta(days=1)
HOURLY = datetime.timedelta(hours=1)
WEEKLY = datetime.timedelta(days=7)
# The periodic jobs. Core does not import the apps' tasks: each is named by its path and imported when due.
JOBS = (
    # The reminders' own interval (FOLLOWUP_REMINDER_INTERVAL_DAYS) decides whom to email again.
    Job("followup_reminders", DAILY, "utblick.reports.followup_reminders.send_followup_reminders_task"),
    # Housekeeping that operations.md used to ask cron for.
    Job("delete_stale_partner_imports", DAILY, "utblick.core.schedule.run_command", ("delete_stale_partner_imports",)),
    Job("delete_old_report_exports", DAILY, "utblick.core.schedule.run_command", ("delete_old_report_exports",)),
    Job("anonymise_expired_contacts", DAILY, "utblick.core.schedule.run_command", ("anonymise_expired_contacts",)),
    # Notification emails the mail server refused are tried again for two days (notifications.mail.RETRY_WITHIN).
    Job("notification_email_retry", HOURLY, "utblick.notifications.mail.send_pending_emails"),
    # Trips 30 days from departure without a decision: each responsible person and traveller is told once per trip.
    Job(
        "notify_trips_lacking_decision",
        DAILY,
        "utblick.core.schedule.run_command",
        ("notify_trips_lacking_decision",),
    ),
    # Each source has its own interval (Source.next_fetch_at); this only looks for due ones every five minutes.
    Job(
        "fetch_due_sources", datetime.timedelta(minutes=5), "utblick.monitoring.fetching.runner.fetch_due_sources_task"
    ),
    # Monitoring digests: checked hourly, each subscription is sent when its own day or week has passed.
    Job("monitoring_daily_digests", HOURLY, "utblick.monitoring.digests.send_digests_task", ("daily",)),
    Job("monitoring_weekly_digests", HOURLY, "utblick.monitoring.digests.send_digests_task", ("weekly",)),
    Job("monitoring_weekly_summary", WEEKLY, "utblick.monitoring.digests.send_weekly_summary_task"),
)


def is_due(job: Job, last_run_at: datetime.datetime | None, now: datetime.datetime) -> bool:
    return last_run_at is None or last_run_at + job.interval <= now


def claim(job: Job, now: datetime.datetime) -> datetime.datetime | None | bool:
    """Mark the job as run at `now` if it is due and no other scheduler got there first.

    Returns the previous last run (None when it never ran) when claimed, False otherwise.
    """
    run, _created = ScheduledRun.objects.get_or_create(name=job.name)
    if not is_due(job, run.last_run_at, now):
        return False
    won = ScheduledRun.objects.filter(pk=run.pk, last_run_at=run.last_run_at).update(
        last_run_at=now, runs=F("runs") + 1
    )
    return run.last_run_at if won else False


def run_due_jobs(now: datetime.datetime | None = None, jobs=None, report=None) -> list[str]:
    """Enqueue every due job (of JOBS, unless given) once; returns the names of those enqueued."""
    now = now or timezone.now()
    enqueued = []
    for job in JOBS if jobs is None else jobs:
        previous = claim(job, now)
        if previous is False:
            continue
        try:
            import_string(job.task).enqueue(*job.args)
        except Exception:
            # Give the claim back, so the next check tries again instead of waiting a whole interval.
            ScheduledRun.objects.filter(name=job.name, last_run_at=now).update(last_run_at=previous)
            logger.exception("The scheduled job %s could not be enqueued", job.name)
            continue
        enqueued.append(job.name)
        if report:
            report(job.name)
    return enqueued
