"""Notifications: what a user should know about, shown in the app and, when the user chooses, sent by email."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from utblick.notifications.kinds import EMAIL_BY_DEFAULT, Kind


class Notification(models.Model):
    """One thing one user should know about, with a link to where to act."""

    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("mottagare"), on_delete=models.CASCADE, related_name="notifications"
    )
    kind = models.CharField(_("typ"), max_length=30, choices=Kind.choices)
    title = models.CharField(_("rubrik"), max_length=300)
    text = models.TextField(_("text"), max_length=10000, blank=True)
    url = models.CharField(_("länk"), max_length=500, blank=True)
    # Set when the same event must reach a user only once (e.g. "trip 12 lacks a decision"), however often asked.
    key = models.CharField(max_length=200, blank=True, editable=False)
    actor_name = models.CharField(_("från"), max_length=300, blank=True)
    created_at = models.DateTimeField(_("skapad"), auto_now_add=True)
    read_at = models.DateTimeField(_("läst"), null=True, blank=True)
    # Whether the recipient chose this kind by email when it was created; emailed_at is set when it was sent. One
    # wanted but not sent (the mail server was down) is sent by the hourly retry (mail.send_pending_emails).
    email_wanted = models.BooleanField(_("ska skickas med e-post"), default=False, editable=False)
    emailed_at = models.DateTimeField(_("skickad med e-post"), null=True, blank=True)

    class Meta:
        verbose_name = _("avisering")
        verbose_name_plural = _("aviseringar")
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["recipient", "key"], condition=~Q(key=""), name="notification_once_per_key"
            ),
        ]
        indexes = [
            models.Index(fields=["recipient", "read_at"]),
            models.Index(fields=["recipient", "-created_at"]),
            models.Index(
                fields=["created_at"],
                condition=Q(email_wanted=True, emailed_at__isnull=True),
                name="notification_email_pending",
            ),
        ]

    def __str__(self):
        return self.title

    @property
    def is_read(self) -> bool:
        return self.read_at is not None


class EmailChoice(models.Model):
    """A user's choice whether one kind of notification also comes by email (no row: the kind's default)."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notification_choices")
    kind = models.CharField(_("typ"), max_length=30, choices=Kind.choices)
    by_email = models.BooleanField(_("med e-post"))

    class Meta:
        verbose_name = _("val av e-post för aviseringar")
        verbose_name_plural = _("val av e-post för aviseringar")
        constraints = [models.UniqueConstraint(fields=["user", "kind"], name="unique_email_choice")]

    def __str__(self):
        return f"{self.user} – {self.kind}: {self.by_email}"


def email_choices(user) -> dict[str, bool]:
    """Per kind, whether the user gets it by email: their choice, else the kind's default."""
    chosen = dict(EmailChoice.objects.filter(user=user).values_list("kind", "by_email"))
    return {kind: chosen.get(kind, EMAIL_BY_DEFAULT[kind]) for kind in Kind.values}
