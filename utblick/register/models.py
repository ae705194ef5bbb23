"""Requests from local actors to be introduced to a partner in the directory (R-31)."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

MESSAGE_MAX_LENGTH = 5000


class IntroductionRequest(models.Model):
    """An "intresseanmälan": a local actor asks the coordinator to introduce them to an organisation,
    a network or one of its contact persons in the directory.

    The requester writes their own organisation and phone number as free text (an external account
    belongs to no unit of ours). The targets are kept as nullable links: a partner record that is later
    merged away leaves the request readable. The coordinator handles it and writes an answer, which
    reaches the requester by email and on their page of requests.
    """

    class Status(models.TextChoices):
        NY = "ny", _("Ny")
        HANTERAD = "hanterad", _("Hanterad")

    requester = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("skickad av"),
        on_delete=models.SET_NULL,
        null=True,
        related_name="introduction_requests",
    )
    requester_organisation = models.CharField(_("frågande organisation"), max_length=300)
    requester_phone = models.CharField(_("telefon till den som frågar"), max_length=50, blank=True)
    target_organisation = models.ForeignKey(
        "partners.Organisation",
        verbose_name=_("organisation"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    target_network = models.ForeignKey(
        "partners.Network",
        verbose_name=_("nätverk"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    target_contact = models.ForeignKey(
        "partners.Contact",
        verbose_name=_("kontaktperson"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    message = models.TextField(_("meddelande"), max_length=MESSAGE_MAX_LENGTH)
    status = models.CharField(_("status"), max_length=20, choices=Status.choices, default=Status.NY)
    created_at = models.DateTimeField(_("skickad"), auto_now_add=True)
    handled_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("hanterad av"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    handled_at = models.DateTimeField(_("hanterad"), null=True, blank=True)
    answer = models.TextField(_("svar"), max_length=MESSAGE_MAX_LENGTH, blank=True)

    class Meta:
        verbose_name = _("intresseanmälan")
        verbose_name_plural = _("intresseanmälningar")
        ordering = ["-created_at", "-pk"]
        indexes = [
            models.Index(fields=["status", "-created_at"]),
            models.Index(fields=["requester", "-created_at"]),
        ]

    def __str__(self):
        # No names here: the history keeps this text, and a contact person may later be anonymised.
        return str(_("Intresseanmälan #%(pk)s")) % {"pk": self.pk}

    @property
    def is_new(self) -> bool:
        return self.status == self.Status.NY
