"""External organisations the municipality works with (a minimal register; see the partners issue)."""

from django.db import models
from django.utils.translation import gettext_lazy as _
from django_countries.fields import CountryField

from utblick.core.permissions import RestrictedQuerySet


class Organisation(models.Model):
    """A partner organisation outside the municipality: another municipality, a region, a school, a company …"""

    class Kind(models.TextChoices):
        KOMMUN = "kommun", _("Kommun")
        REGION = "region", _("Region")
        SKOLA = "skola", _("Skola")
        UNIVERSITET = "universitet", _("Universitet eller högskola")
        FORETAG = "foretag", _("Företag")
        FORENING = "forening", _("Förening")
        MYNDIGHET = "myndighet", _("Myndighet")
        NATVERK = "natverk", _("Nätverk")
        EU_ORGAN = "eu_organ", _("EU-organ")
        ANNAN = "annan", _("Annan")

    name = models.CharField(_("namn"), max_length=300)
    country = CountryField(_("land"))
    kind = models.CharField(_("typ"), max_length=20, choices=Kind.choices, default=Kind.ANNAN)
    city = models.CharField(_("ort"), max_length=200, blank=True)
    website = models.URLField(_("webbplats"), blank=True, max_length=500)
    created_at = models.DateTimeField(_("skapad"), auto_now_add=True)

    objects = RestrictedQuerySet.as_manager()
    permission_kind = "partner"

    class Meta:
        verbose_name = _("partnerorganisation")
        verbose_name_plural = _("partnerorganisationer")
        ordering = ["name"]
        indexes = [models.Index(fields=["country"])]

    def __str__(self):
        return f"{self.name} ({self.country.name})" if self.country else self.name
