"""Checking and importing an uploaded file as background tasks, with a status the pages can show.

A file of 10 000 rows takes seconds to check and to write, longer than a page should wait (and, on a busy
machine, than gunicorn's timeout). So the upload page and the preview start the work and return at once:

    uploaded --start_check--> checking --(task)--> checked --start_import--> importing --(task)--> imported
                                            \\-> failed (an unexpected error)          \\-> checked, with `error`

Small files (at most INLINE_MAX_BYTES, some 500 rows) are checked and imported during the request, so the
page answers with the result at once. Either way the same functions run (run_check, run_import), and the
tasks go through the Django Tasks backend of settings.TASKS (a worker: `manage.py db_worker`).

The import checks the file again against the register as it is then, and writes in one transaction
(partners.importing.writing): when anything fails, nothing is written, the file stays importable and the
page says why. Uploads never imported are deleted after KEEP_DAYS (delete_stale_imports).
"""

from __future__ import annotations

import datetime
import logging
import time

from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django_tasks import task

from utblick.partners.importing import check_file
from utblick.partners.importing.preview import MAX_DECISIONS, preview_of
from utblick.partners.importing.writing import ImportFailed, write_plan
from utblick.partners.models import PartnerImport

logger = logging.getLogger(__name__)
Status = PartnerImport.Status

INLINE_MAX_BYTES = 64 * 1024  # about 500 rows of a spreadsheet: checked and imported while the page waits
KEEP_DAYS = 7  # an upload never imported is deleted after this many days (it holds personal data)
SLOW_AFTER = datetime.timedelta(minutes=15)  # a check or import still running then is probably stuck
PROGRESS_EVERY = 0.5  # seconds between two progress updates in the database


def runs_inline(stored: PartnerImport) -> bool:
    return len(stored.content) <= INLINE_MAX_BYTES


def _set(pk: int, *, status: str, when: str | None = None, **fields) -> bool:
    """Move the import to `status` (only from `when`, if given); False when it was not there any more."""
    rows = PartnerImport.objects.filter(pk=pk)
    if when is not None:
        rows = rows.filter(status=when)
    return bool(rows.update(status=status, status_changed_at=timezone.now(), **fields))


class _Progress:
    """Writes how far a check has come to the import's row, at most every PROGRESS_EVERY seconds."""

    def __init__(self, pk: int, start: int = 0, end: int = 100):
        self.pk, self.start, self.end = pk, start, end
        self.last = 0.0

    def __call__(self, done: float) -> None:
        now = time.monotonic()
        if now - self.last >= PROGRESS_EVERY:
            self.last = now
            percent = self.start + round((self.end - self.start) * min(max(done, 0.0), 1.0))
            PartnerImport.objects.filter(pk=self.pk).update(progress=percent)


# ---- Checking -------------------------------------------------------------------------------------------------


def start_check(stored: PartnerImport) -> None:
    """Check a file that was uploaded (or whose check failed): now for a small file, else as a task."""
    if not _set(stored.pk, status=Status.CHECKING, when=stored.status, progress=0, error=""):
        return  # another request started it first
    if runs_inline(stored):
        try:
            run_check(stored.pk)
        except Exception:  # noqa: BLE001 - recorded on the import (the page says so) and logged
            logger.exception("The check of partner import %s failed", stored.pk)
    else:
        check_partner_import.enqueue(stored.pk)


def run_check(pk: int) -> None:
    """Check the file and keep what the preview shows; an unexpected error marks the import as failed."""
    stored = PartnerImport.objects.filter(pk=pk, status=Status.CHECKING).first()
    if stored is None:
        return  # deleted meanwhile, or checked by an earlier run of the same task
    try:
        plan = check_file(bytes(stored.content), stored.file_name, progress=_Progress(pk))
        preview = preview_of(plan)
    except Exception:
        _set(pk, status=Status.FAILED, when=Status.CHECKING, error=_check_failed())
        raise
    _set(pk, status=Status.CHECKED, when=Status.CHECKING, progress=100, preview=preview, error="")


@task()
def check_partner_import(pk: int) -> None:
    """The check of an uploaded partner file, in the background (see run_check)."""
    run_check(pk)


def _check_failed() -> str:
    return _(
        "Kontrollen av filen avbröts av ett oväntat fel. Ladda upp filen igen; om felet kommer tillbaka, kontakta "
        "IT och uppge filens namn och tiden."
    )


# ---- Importing ------------------------------------------------------------------------------------------------


def start_import(stored: PartnerImport, user, decisions: dict[str, str]) -> bool:
    """Import a checked file with the user's choices on likely duplicates; False if it was not (any more) checked."""
    if not _set(stored.pk, status=Status.IMPORTING, when=Status.CHECKED, progress=0, error=""):
        return False
    if runs_inline(stored):
        try:
            run_import(stored.pk, user.pk, decisions)
        except Exception:  # noqa: BLE001 - recorded on the import (the page says so) and logged
            logger.exception("The partner import %s failed", stored.pk)
    else:
        import_partner_file.enqueue(stored.pk, user.pk, decisions)
    return True


def run_import(pk: int, user_pk: int, decisions: dict[str, str]) -> None:
    """Check the file again and write it, all or nothing; a failure takes it back to "checked" with the reason."""
    stored = PartnerImport.objects.filter(pk=pk, status=Status.IMPORTING).first()
    if stored is None:
        return
    plan = None
    try:
        user = get_user_model().objects.filter(pk=user_pk, is_active=True).first()
        if user is None:
            raise PermissionDenied
        plan = check_file(bytes(stored.content), stored.file_name, progress=_Progress(pk, 0, 90))
        if len(plan.decisions) > MAX_DECISIONS:
            raise ImportFailed(_("Filen har fler möjliga dubbletter än vad som går att ta ställning till på en gång."))
        with transaction.atomic():
            # Claiming the row in the same transaction makes two runs (two clicks, two tasks) write only once.
            if not PartnerImport.objects.filter(pk=pk, imported_at__isnull=True).update(imported_at=timezone.now()):
                raise ImportFailed(_("Filen är redan importerad. Inget har ändrats."))
            PartnerImport.objects.filter(pk=pk).update(progress=90)
            summary = write_plan(plan, by=user, decisions=decisions)
            # The file holds personal data that are now in the register (or were left out): it is not kept.
            _set(pk, status=Status.IMPORTED, progress=100, summary=summary.as_dict(), content=b"", preview={})
    except ImportFailed as error:
        _back_to_checked(pk, str(error), plan)
    except PermissionDenied:
        _back_to_checked(pk, _("Du har inte längre behörighet att importera partner. Ingenting har sparats."), plan)
    except Exception:
        _back_to_checked(
            pk,
            _(
                "Importen avbröts av ett oväntat fel och ingenting har sparats. Försök igen; om felet kommer "
                "tillbaka, kontakta IT och uppge filens namn och tiden."
            ),
            plan,
        )
        raise


def _back_to_checked(pk: int, error: str, plan) -> None:
    """Nothing was written: the preview (of the register as it is now, when the file was checked) and why."""
    fields = {"error": error, "progress": 100}
    if plan is not None:
        fields["preview"] = preview_of(plan)
    _set(pk, status=Status.CHECKED, when=Status.IMPORTING, **fields)


@task()
def import_partner_file(pk: int, user_pk: int, decisions: dict[str, str]) -> None:
    """The import of a checked partner file, in the background (see run_import)."""
    run_import(pk, user_pk, decisions)


# ---- For the pages ---------------------------------------------------------------------------------------------


def is_running(stored: PartnerImport) -> bool:
    return stored.status in (Status.CHECKING, Status.IMPORTING)


def status_message(stored: PartnerImport) -> str:
    """What the page says while the file is checked or imported (one sentence; a screen reader reads it)."""
    if stored.status == Status.CHECKING:
        return _("Filen kontrolleras: %(percent)d %% klart.") % {"percent": stored.progress}
    if stored.status == Status.IMPORTING and stored.progress < 90:
        return _("Importen har börjat. Filen kontrolleras en sista gång mot registret: %(percent)d %% klart.") % {
            "percent": stored.progress
        }
    if stored.status == Status.IMPORTING:
        return _("Organisationer och kontaktpersoner sparas i registret.")
    if stored.status == Status.IMPORTED:
        return _("Importen är klar.")
    if stored.status == Status.FAILED:
        return _("Kontrollen av filen misslyckades.")
    return _("Filen är kontrollerad.")


def seems_stuck(stored: PartnerImport) -> bool:
    """Whether a check or import has run (or waited for a worker) for far longer than a large file needs."""
    changed = stored.status_changed_at or stored.created_at
    return is_running(stored) and timezone.now() - changed > SLOW_AFTER


# ---- Uploads never imported -----------------------------------------------------------------------------------


def delete_stale_imports(now: datetime.datetime | None = None) -> int:
    """Delete uploads older than KEEP_DAYS that were never imported (with the file); how many were deleted."""
    cutoff = (now or timezone.now()) - datetime.timedelta(days=KEEP_DAYS)
    deleted, _by_model = PartnerImport.objects.filter(imported_at__isnull=True, created_at__lt=cutoff).delete()
    return deleted
