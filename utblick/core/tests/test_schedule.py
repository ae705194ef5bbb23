"""The scheduler: a due job is enqueued once, not again before its interval, and never by two schedulers at once."""

import datetime
from io import StringIO

import pytest
from django.core.management import call_command
from django.utils import timezone
from django_tasks import task

from utblick.core import schedule
from utblick.core.models import ScheduledRun
from utblick.core.schedule import Job, claim, run_due_jobs
from utblick.engagements.models import Status
from utblick.organisation.models import Person
from utblick.reports.models import FollowupReminder

pytestmark = pytest.mark.django_db

RUNS = []


@task()
def count_run() -> None:
    """A job for these tests: notes that it ran (the test settings' backend runs tasks at once)."""
    RUNS.append(timezone.now())


@pytest.fixture
def counted(monkeypatch):
    RUNS.clear()
    job = Job("test_job", datetime.timedelta(hours=1), f"{__name__}.count_run")
    monkeypatch.setattr(schedule, "JOBS", (job,))
    return job


def run_scheduler_once() -> str:
    out = StringIO()
    call_command("run_scheduler", "--once", stdout=out)
    return out.getvalue()


def test_once_runs_a_due_job_and_not_again_within_its_interval(counted):
    assert run_scheduler_once() == "Jobbet test_job lades i kö.\n"
    assert len(RUNS) == 1
    assert run_scheduler_once() == ""
    assert len(RUNS) == 1
    stored = ScheduledRun.objects.get(name="test_job")
    assert stored.runs == 1 and stored.last_run_at is not None


def test_the_job_runs_again_once_its_interval_has_passed(counted):
    start = timezone.now()
    assert run_due_jobs(start, jobs=(counted,)) == ["test_job"]
    assert run_due_jobs(start + datetime.timedelta(minutes=59), jobs=(counted,)) == []
    assert run_due_jobs(start + datetime.timedelta(hours=1), jobs=(counted,)) == ["test_job"]
    assert len(RUNS) == 2
    assert ScheduledRun.objects.get(name="test_job").runs == 2


def test_a_scheduler_that_read_the_old_last_run_loses_the_claim_to_the_one_that_ran_first(counted, monkeypatch):
    now = timezone.now()
    stale = ScheduledRun.objects.create(name="test_job")  # what a second scheduler read before the first claimed
    assert claim(counted, now) is None  # the first scheduler: never ran before, claimed
    monkeypatch.setattr(ScheduledRun.objects, "get_or_create", lambda **kwargs: (stale, False))
    assert claim(counted, now) is False  # the second one: its conditional UPDATE finds no row to change
    assert ScheduledRun.objects.get(name="test_job").runs == 1


def test_a_job_that_cannot_be_enqueued_is_tried_again_at_the_next_check(counted, monkeypatch):
    broken = Job("test_job", datetime.timedelta(hours=1), f"{__name__}.no_such_task")
    assert run_due_jobs(jobs=(broken,)) == []
    assert ScheduledRun.objects.get(name="test_job").last_run_at is None
    assert run_due_jobs(jobs=(counted,)) == ["test_job"]


def test_the_follow_up_reminders_are_a_daily_job_that_emails_once(smtp_server, make_engagement, personas):
    [job] = [job for job in schedule.JOBS if job.name == "followup_reminders"]
    assert job.interval == datetime.timedelta(days=1)
    last_year = timezone.localdate().year - 1
    make_engagement(
        title="Fjolårets utbyte",
        status=Status.ONGOING,
        start_date=datetime.date(last_year, 1, 1),
        end_date=datetime.date(2099, 1, 1),
        responsible_officer=Person.objects.get(user=personas["hans"]),
    )
    assert "Jobbet followup_reminders lades i kö." in run_scheduler_once()
    assert [mail.recipients for mail in smtp_server.messages] == [["hans@kommun.example"]]
    assert run_scheduler_once() == ""  # a restart the same day does nothing
    # A day later the job runs again, and the reminders' own interval keeps Hans from a second email.
    ScheduledRun.objects.filter(name="followup_reminders").update(
        last_run_at=timezone.now() - datetime.timedelta(days=1, minutes=1)
    )
    assert "Jobbet followup_reminders lades i kö." in run_scheduler_once()
    assert len(smtp_server.messages) == 1
    assert FollowupReminder.objects.count() == 1


def test_the_daily_housekeeping_runs_without_cron(personas):
    """Stale uploads and old report files are deleted by the scheduler's daily jobs, as their commands would."""
    from utblick.partners.models import PartnerImport
    from utblick.reports.models import ReportExport

    long_ago = timezone.now() - datetime.timedelta(days=30)
    upload = PartnerImport.objects.create(file_name="gammal.csv", content=b"namn\n", created_by=personas["sara"])
    made = ReportExport.objects.create(requested_by=personas["sara"], year=2025, format="pdf", status="done")
    fresh = ReportExport.objects.create(requested_by=personas["sara"], year=2025, format="docx", status="done")
    PartnerImport.objects.filter(pk=upload.pk).update(created_at=long_ago)
    ReportExport.objects.filter(pk=made.pk).update(created_at=long_ago)
    enqueued = run_due_jobs()
    assert {"delete_stale_partner_imports", "delete_old_report_exports", "anonymise_expired_contacts"} <= set(enqueued)
    assert not PartnerImport.objects.filter(pk=upload.pk).exists()
    assert list(ReportExport.objects.values_list("pk", flat=True)) == [fresh.pk]
