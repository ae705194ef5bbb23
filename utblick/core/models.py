"""Records shared by every app: the change history and the scheduler's last runs."""

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.utils.translation import gettext_lazy as _


class Change(models.Model):
    """One change to a record, as the history page shows it: who, when, which fields from what to what."""

    class Action(models.TextChoices):
        CREATED = "created", _("Skapad")
        UPDATED = "updated", _("Ändrad")
        STATUS = "status", _("Status ändrad")
        ARCHIVED = "archived", _("Arkiverad")
        RESTORED = "restored", _("Återställd från arkivet")

    content_type = models.ForeignKey(ContentType, on_delete=models.PROTECT)
    object_id = models.PositiveBigIntegerField()
    object_repr = models.CharField(_("post"), max_length=300)
    action = models.CharField(_("händelse"), max_length=20, choices=Action.choices)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("av"), null=True, blank=True, on_delete=models.SET_NULL
    )
    # Kept as text too: the history must still say who acted after an account is removed.
    actor_name = models.CharField(_("utförd av"), max_length=300)
    at = models.DateTimeField(_("tidpunkt"), auto_now_add=True, db_index=True)
    changes = models.JSONField(_("ändringar"), default=list)
    reason = models.TextField(_("motivering"), blank=True)

    class Meta:
        verbose_name = _("ändring")
        verbose_name_plural = _("ändringar")
        ordering = ["-at", "-pk"]
        indexes = [models.Index(fields=["content_type", "object_id", "-at"])]

    def __str__(self):
        return f"{self.object_repr}: {self.get_action_display()} ({self.actor_name})"


class ScheduledRun(models.Model):
    """When a periodic job of core.schedule last ran, so a restarted scheduler does not repeat its work."""

    name = models.CharField(_("jobb"), max_length=100, unique=True)
    last_run_at = models.DateTimeField(_("senast körd"), null=True, blank=True)
    runs = models.PositiveIntegerField(_("antal körningar"), default=0)

    class Meta:
        verbose_name = _("schemalagd körning")
        verbose_name_plural = _("schemalagda körningar")

    def __str__(self):
        return self.name


def new_calendar_token() -> str:
    import secrets

    return secrets.token_urlsafe(32)


class CalendarToken(models.Model):
    """A secret in the URL of an iCalendar feed that Outlook subscribes to (Outlook cannot log in).

    Without a unit: everything the user may see. With a unit: what the user may see of that unit (and the units
    below it). Renewing replaces the token, so the old URL stops working.
    """

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("användare"), on_delete=models.CASCADE, related_name="calendar_tokens"
    )
    unit = models.ForeignKey(
        "organisation.OrgUnit",
        verbose_name=_("enhet"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="+",
    )
    token = models.CharField(_("nyckel"), max_length=64, unique=True, default=new_calendar_token)
    created_at = models.DateTimeField(_("skapad"), auto_now_add=True)
    last_used_at = models.DateTimeField(_("senast använd"), null=True, blank=True)

    class Meta:
        verbose_name = _("kalenderprenumeration")
        verbose_name_plural = _("kalenderprenumerationer")
        ordering = ["user", "unit", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["user", "unit"], name="calendar_token_one_per_user_unit"),
            models.UniqueConstraint(
                fields=["user"], condition=models.Q(unit__isnull=True), name="calendar_token_one_personal"
            ),
        ]

    def __str__(self):
        return f"{self.user} – {self.unit or _('alla')}"
