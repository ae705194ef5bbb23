"""What the follow-up keeps: reminders sent (R-51) and annual report files being made (R-52)."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class FollowupReminder(models.Model):
    """One reminder email about a year's follow-up, so the same person is not reminded again too soon."""

    email = models.EmailField(_("e-post"))
    person = models.ForeignKey(
        "organisation.Person", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    year = models.PositiveSmallIntegerField(_("år"))
    engagement_count = models.PositiveIntegerField(_("antal engagemang"))
    sent_at = models.DateTimeField(_("skickad"), auto_now_add=True)

    class Meta:
        verbose_name = _("påminnelse om uppföljning")
        verbose_name_plural = _("påminnelser om uppföljning")
        indexes = [models.Index(fields=["email", "year", "sent_at"], name="reports_reminder_recent")]

    def __str__(self):
        return f"{self.email} {self.year}"


class ReportExport(models.Model):
    """An annual report file being made in the background, with how far it has come."""

    class Status(models.TextChoices):
        QUEUED = "queued", _("I kö")
        RUNNING = "running", _("Pågår")
        DONE = "done", _("Klar")
        FAILED = "failed", _("Misslyckades")

    class Format(models.TextChoices):
        DOCX = "docx", _("Word (DOCX)")
        PDF = "pdf", _("PDF")
        XLSX = "xlsx", _("Excel (XLSX)")

    requested_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="report_exports")
    year = models.PositiveSmallIntegerField(_("år"))
    unit = models.ForeignKey("organisation.OrgUnit", null=True, blank=True, on_delete=models.CASCADE, related_name="+")
    format = models.CharField(_("format"), max_length=10, choices=Format.choices)
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.QUEUED)
    progress = models.PositiveSmallIntegerField(_("förlopp"), default=0)
    step = models.CharField(_("steg"), max_length=200, blank=True)
    error = models.TextField(_("fel"), blank=True)
    content = models.BinaryField(_("innehåll"), null=True, blank=True)
    created_at = models.DateTimeField(_("skapad"), auto_now_add=True)
    finished_at = models.DateTimeField(_("klar"), null=True, blank=True)

    class Meta:
        verbose_name = _("export av årsrapport")
        verbose_name_plural = _("exporter av årsrapport")
        ordering = ["-created_at"]

    def __str__(self):
        return f"{self.year} {self.format} ({self.get_status_display()})"
