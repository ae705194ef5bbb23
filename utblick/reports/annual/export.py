"""The annual report as a file: the formats, their file names, and the background export with its progress.

    export(report, "docx") -> bytes                      # the one entry point for the command and the views
    start_export(by=user, year=2025, unit=None, fmt="pdf")  # a ReportExport row; the task makes the file

A report takes seconds to count, draw and write, so the page starts a task (django_tasks, a worker:
`manage.py db_worker`) and shows how far it has come: queued -> running (three steps) -> done | failed.
Finished files are kept KEEP_HOURS and then deleted (delete_old_exports, `manage.py delete_old_report_exports`).
"""

from __future__ import annotations

import datetime
import logging
from collections.abc import Callable
from dataclasses import dataclass

from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django_tasks import task

from utblick.reports.annual.access import ensure_may_see_report
from utblick.reports.annual.content import AnnualReport
from utblick.reports.annual.figures import build_report, whole_municipality, year_problem
from utblick.reports.annual.render_common import draw_all
from utblick.reports.models import ReportExport

logger = logging.getLogger(__name__)
Status = ReportExport.Status

KEEP_HOURS = 24  # a finished file is deleted after a day: it can be made again at any time


@dataclass(frozen=True)
class Format:
    extension: str
    content_type: str
    render: Callable[..., bytes]  # render(report, drawings) -> bytes
    draws_charts: bool = True


def _docx(report, drawings=None):
    from utblick.reports.annual.render_docx import render_docx

    return render_docx(report, drawings)


def _pdf(report, drawings=None):
    from utblick.reports.annual.render_pdf import render_pdf

    return render_pdf(report, drawings)


def _xlsx(report, drawings=None):
    from utblick.reports.annual.render_xlsx import render_xlsx

    return render_xlsx(report, drawings)


FORMATS = {
    "docx": Format("docx", "application/vnd.openxmlformats-officedocument.wordprocessingml.document", _docx),
    "pdf": Format("pdf", "application/pdf", _pdf),
    "xlsx": Format("xlsx", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", _xlsx, False),
}

STEPS = {
    "counting": gettext_lazy("Räknar fram siffrorna"),
    "drawing": gettext_lazy("Ritar diagrammen"),
    "writing": gettext_lazy("Skriver dokumentet"),
}


def file_name(year: int, unit_name: str, fmt: str) -> str:
    """internationellt-arbete-2025-hela-kommunen.docx (the unit's name as ASCII letters, digits and dashes)."""
    return f"internationellt-arbete-{year}-{slugify(unit_name) or 'enhet'}.{FORMATS[fmt].extension}"


def report_file_name(report: AnnualReport, fmt: str) -> str:
    return file_name(report.year, report.unit_name, fmt)


def export(report: AnnualReport, fmt: str, drawings: dict | None = None) -> bytes:
    """The report in one of FORMATS; the charts are drawn here unless `drawings` are given."""
    chosen = FORMATS[fmt]
    if drawings is None and chosen.draws_charts:
        drawings = draw_all(report)
    return chosen.render(report, drawings or {})


# ---- The background export -------------------------------------------------------------------------------------


def start_export(*, by, year: int, unit, fmt: str) -> ReportExport:
    """Queue the making of a report file for `by`; the task runs at once in tests (ImmediateBackend)."""
    ensure_may_see_report(by, unit)
    if fmt not in FORMATS or year_problem(year):
        raise ValueError(fmt if fmt not in FORMATS else year)
    with transaction.atomic():
        delete_old_exports()
        made = ReportExport.objects.create(requested_by=by, year=year, unit=unit, format=fmt, step="")
    make_report_export.enqueue(made.pk)  # after the commit: a worker must find the row
    return made


def _update(pk: int, *, when: str = Status.RUNNING, **fields) -> bool:
    return bool(ReportExport.objects.filter(pk=pk, status=when).update(**fields))


class _Progress:
    """Moves the export's progress between `start` and `end` as the builder reports how far it has come."""

    def __init__(self, pk: int, start: int, end: int):
        self.pk, self.start, self.end = pk, start, end

    def __call__(self, done: float) -> None:
        percent = self.start + round((self.end - self.start) * min(max(done, 0.0), 1.0))
        _update(self.pk, progress=percent)


def run_export(pk: int) -> None:
    """Count, draw and write the report of the export `pk`, saying which step it is at; a failure says why."""
    if not _update(pk, when=Status.QUEUED, status=Status.RUNNING, progress=5, step=str(STEPS["counting"])):
        return  # deleted meanwhile, or already taken by another run of the same task
    made = ReportExport.objects.select_related("unit").defer("content").get(pk=pk)
    try:
        user = get_user_model().objects.filter(pk=made.requested_by_id, is_active=True).first()
        if user is None:
            raise PermissionDenied
        ensure_may_see_report(user, made.unit)  # the right may have been taken away since the request
        report = build_report(made.year, made.unit, user=user, progress=_Progress(pk, 5, 40))
        chosen = FORMATS[made.format]
        drawings = {}
        if chosen.draws_charts:
            _update(pk, progress=40, step=str(STEPS["drawing"]))
            drawings = draw_all(report)
        _update(pk, progress=70, step=str(STEPS["writing"]))
        content = export(report, made.format, drawings)
        _update(pk, status=Status.DONE, progress=100, step=_("Klar"), content=content, finished_at=timezone.now())
    except PermissionDenied:
        _failed(pk, _("Du har inte längre behörighet att se den här rapporten. Ingen fil har skapats."))
    except Exception:
        _failed(
            pk,
            _(
                "Rapporten kunde inte skapas på grund av ett oväntat fel. Försök igen; om felet kommer tillbaka, "
                "kontakta IT och uppge år, enhet, format och tiden."
            ),
        )
        logger.exception("The annual report export %s failed", pk)


def _failed(pk: int, error: str) -> None:
    _update(pk, status=Status.FAILED, error=error, finished_at=timezone.now())


@task()
def make_report_export(pk: int) -> None:
    """The making of an annual report file, in the background (see run_export)."""
    run_export(pk)


# ---- For the pages ---------------------------------------------------------------------------------------------


def is_running(made: ReportExport) -> bool:
    return made.status in (Status.QUEUED, Status.RUNNING)


def status_message(made: ReportExport) -> str:
    """What the status region says (one sentence; a screen reader reads it when it changes)."""
    if made.status == Status.QUEUED:
        return _("I kö: rapporten börjar snart skapas.")
    if made.status == Status.RUNNING:
        return _("%(step)s: %(percent)d %% klart.") % {"step": made.step, "percent": made.progress}
    if made.status == Status.DONE:
        return _("Klar. Filen kan laddas ned.")
    return _("Misslyckades. %(error)s") % {"error": made.error}


def unit_name(made: ReportExport) -> str:
    return made.unit.name if made.unit_id else whole_municipality()


def delete_old_exports(now: datetime.datetime | None = None) -> int:
    """Delete exports (with their files) made more than KEEP_HOURS ago; how many were deleted."""
    cutoff = (now or timezone.now()) - datetime.timedelta(hours=KEEP_HOURS)
    deleted, _by_model = ReportExport.objects.filter(created_at__lt=cutoff).delete()
    return deleted
