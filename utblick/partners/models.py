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


class Contact(models.Model):
    """A person at a partner organisation whom the municipality is in touch with.

    A contact may belong to several organisations (see Affiliation), and `known_by` lists the
    municipality's own people who know the contact, so the acquaintance is kept when work changes hands.
    """

    name = models.CharField(_("namn"), max_length=200)
    title = models.CharField(_("titel"), max_length=200, blank=True)
    languages = models.CharField(_("språk"), max_length=200, blank=True)
    email = models.EmailField(_("e-post"), max_length=254, blank=True)
    phone = models.CharField(_("telefon"), max_length=50, blank=True)
    notes = models.TextField(_("anteckningar"), max_length=5000, blank=True)
    organisations = models.ManyToManyField(
        Organisation,
        verbose_name=_("organisationer"),
        through="Affiliation",
        related_name="contacts",
        blank=True,
    )
    known_by = models.ManyToManyField(
        "organisation.Person",
        verbose_name=_("kommunens personer som känner kontaktpersonen"),
        related_name="known_contacts",
        blank=True,
    )
    created_at = models.DateTimeField(_("skapad"), auto_now_add=True)

    objects = RestrictedQuerySet.as_manager()
    permission_kind = "partner"

    class Meta:
        verbose_name = _("kontaktperson")
        verbose_name_plural = _("kontaktpersoner")
        ordering = ["name", "pk"]

    def __str__(self):
        return self.name


class Affiliation(models.Model):
    """That a contact person works at or represents an organisation, and in what role (e.g. ”Rektor”)."""

    contact = models.ForeignKey(
        Contact, verbose_name=_("kontaktperson"), on_delete=models.CASCADE, related_name="affiliations"
    )
    organisation = models.ForeignKey(
        Organisation, verbose_name=_("organisation"), on_delete=models.CASCADE, related_name="affiliations"
    )
    role = models.CharField(_("roll"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("koppling till organisation")
        verbose_name_plural = _("kopplingar till organisationer")
        ordering = ["organisation__name", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["contact", "organisation"], name="unique_affiliation_per_organisation")
        ]

    def __str__(self):
        return f"{self.contact.name}, {self.role} ({self.organisation.name})" if self.role else str(self.contact)
