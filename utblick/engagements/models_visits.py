"""Visits to Härjedalen with guests (issue 6): the programme, and the coordinator's catalogue of places.

A visit has no permission of its own: whoever may see or change its engagement may see or change the visit.
The catalogue of places ("Härjedalens positiva sidor") is read by every internal role and kept by the
coordinator (the "organisation" rule in utblick/core/permissions.py).
"""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from utblick.organisation.models import Person


class Place(models.Model):
    """A place, company or activity worth showing to guests."""

    name = models.CharField(_("namn"), max_length=200)
    kind = models.CharField(_("slag"), max_length=100, help_text=_("T.ex. plats, företag, verksamhet, sevärdhet."))
    description = models.TextField(_("beskrivning"), max_length=5000, blank=True)
    address = models.CharField(_("adress och ort"), max_length=300, blank=True)
    contact = models.CharField(_("kontakt"), max_length=300, blank=True)
    is_active = models.BooleanField(_("aktiv"), default=True)

    class Meta:
        verbose_name = _("plats")
        verbose_name_plural = _("platser")
        ordering = ["name", "pk"]

    def __str__(self):
        return self.name


class Visit(models.Model):
    """A visit by guests to Härjedalen within an engagement."""

    engagement = models.ForeignKey(
        "engagements.Engagement", verbose_name=_("engagemang"), on_delete=models.CASCADE, related_name="visits"
    )
    title = models.CharField(_("rubrik"), max_length=200)
    start_date = models.DateField(_("första dag"))
    end_date = models.DateField(_("sista dag"))
    guests = models.ManyToManyField("partners.Contact", verbose_name=_("gäster"), blank=True, related_name="visits")
    host = models.ForeignKey(
        Person, verbose_name=_("värd"), null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    purpose = models.TextField(_("syfte med besöket"), max_length=5000)
    notes = models.TextField(_("anteckningar"), max_length=10000, blank=True)
    created_at = models.DateTimeField(_("skapad"), auto_now_add=True)
    updated_at = models.DateTimeField(_("ändrad"), auto_now=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        verbose_name = _("besök")
        verbose_name_plural = _("besök")
        ordering = ["start_date", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(end_date__gte=models.F("start_date")),
                name="visit_end_after_start",
                violation_error_message=_("Sista dagen kan inte ligga före första dagen."),
            ),
        ]

    def __str__(self):
        return f"{self.title} {self.start_date:%Y-%m-%d}"


class VisitItem(models.Model):
    """One point of a visit's programme."""

    visit = models.ForeignKey(Visit, on_delete=models.CASCADE, related_name="items")
    date = models.DateField(_("datum"))
    start_time = models.TimeField(_("starttid"))
    end_time = models.TimeField(_("sluttid"), null=True, blank=True)
    place = models.ForeignKey(
        Place, verbose_name=_("plats"), null=True, blank=True, on_delete=models.PROTECT, related_name="items"
    )
    location = models.CharField(_("annan plats"), max_length=300, blank=True)
    host = models.CharField(_("värd"), max_length=300, blank=True)
    activity = models.TextField(_("vad som visas eller görs"), max_length=5000)

    class Meta:
        verbose_name = _("programpunkt")
        verbose_name_plural = _("programpunkter")
        ordering = ["date", "start_time", "pk"]

    def __str__(self):
        return f"{self.date:%Y-%m-%d} {self.start_time:%H:%M}"

    @property
    def where(self) -> str:
        return self.place.name if self.place_id else self.location
