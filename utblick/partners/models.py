"""External organisations the municipality works with (a minimal register; see the partners issue)."""

import datetime
from decimal import Decimal

from django.conf import settings
from django.core.validators import MinValueValidator
from django.db import models
from django.db.models.functions import ExtractYear
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django_countries.fields import CountryField

from utblick.core.permissions import RestrictedQuerySet

# An engagement makes its partners established only once it was decided: ideas and cancelled ones do not count.
ESTABLISHING_STATUSES = ("decided", "ongoing", "finished", "followed_up")


def engagement_years(engagements) -> list[int]:
    """The calendar years the engagements cover, from each start date to its end date (or its start year)."""
    years = set()
    for engagement in engagements:
        if engagement.start_date and engagement.status in ESTABLISHING_STATUSES and engagement.archived_at is None:
            last = engagement.end_date or engagement.start_date
            years.update(range(engagement.start_date.year, max(last.year, engagement.start_date.year) + 1))
    return sorted(years)


def established_organisation_ids(engagements=None):
    """Ids of organisations engaged in at least two different calendar years (a subquery, one pass).

    Two different start years, or one engagement whose end falls in a later year than its start.
    `engagements` narrows which engagements count, e.g. those a user may see: a page must not reveal a
    secret engagement by calling a partner established because of it. Reports pass None (all count).
    """
    from utblick.engagements.models import Participation

    participations = Participation.objects.filter(
        engagement__status__in=ESTABLISHING_STATUSES,
        engagement__archived_at__isnull=True,
        engagement__start_date__isnull=False,
    )
    if engagements is not None:
        participations = participations.filter(engagement__in=engagements)
    start_year = ExtractYear("engagement__start_date")
    return (
        participations.order_by()
        .values("organisation")
        .annotate(
            start_years=models.Count(start_year, distinct=True),
            longest=models.Max(ExtractYear("engagement__end_date") - start_year),
        )
        .filter(models.Q(start_years__gte=2) | models.Q(longest__gte=1))
        .values("organisation")
    )


class OrganisationQuerySet(RestrictedQuerySet):
    def with_established(self, engagements=None):
        """Annotate `is_established`: marked so, or engaged in at least two different calendar years."""
        return self.annotate(
            is_established=models.Case(
                models.When(
                    models.Q(marked_established=True) | models.Q(pk__in=established_organisation_ids(engagements)),
                    then=models.Value(True),
                ),
                default=models.Value(False),
                output_field=models.BooleanField(),
            )
        )


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
    native_name = models.CharField(_("namn på eget språk"), max_length=300, blank=True)
    country = CountryField(_("land"))
    kind = models.CharField(_("typ"), max_length=20, choices=Kind.choices, default=Kind.ANNAN)
    region = models.CharField(_("region"), max_length=200, blank=True)
    city = models.CharField(_("ort"), max_length=200, blank=True)
    website = models.URLField(_("webbplats"), blank=True, max_length=500)
    description = models.TextField(_("beskrivning"), max_length=5000, blank=True)
    marked_established = models.BooleanField(
        _("markerad som etablerad partner"),
        default=False,
        help_text=_("För en partner som är etablerad även utan engagemang under två olika år i registret."),
    )
    in_directory = models.BooleanField(
        _("visas i katalogen för lokala aktörer"),
        default=True,
        help_text=_("Lokala företag, föreningar och skolor med konto ser organisationen i katalogen."),
    )
    # Set when a unit hands the relation over to Kommunstyrelsen/NUK; empty while units keep it themselves.
    relation_unit = models.ForeignKey(
        "organisation.OrgUnit",
        verbose_name=_("ansvarig för relationen"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="partner_relations",
    )
    created_at = models.DateTimeField(_("skapad"), auto_now_add=True)

    objects = OrganisationQuerySet.as_manager()
    permission_kind = "partner"

    class Meta:
        verbose_name = _("partnerorganisation")
        verbose_name_plural = _("partnerorganisationer")
        ordering = ["name"]
        indexes = [models.Index(fields=["country"])]

    def __str__(self):
        return f"{self.name} ({self.country.name})" if self.country else self.name


class LegalBasis(models.TextChoices):
    """The GDPR article 6 ground on which the municipality holds a contact person's data."""

    ALLMANT_INTRESSE = "allmant_intresse", _("Uppgift av allmänt intresse")
    SAMTYCKE = "samtycke", _("Samtycke")
    AVTAL = "avtal", _("Avtal")
    RATTSLIG_FORPLIKTELSE = "rattslig_forpliktelse", _("Rättslig förpliktelse")
    BERATTIGAT_INTRESSE = "berattigat_intresse", _("Berättigat intresse")


class Contact(models.Model):
    """A person at a partner organisation whom the municipality is in touch with.

    A contact may belong to several organisations (see Affiliation), and `known_by` lists the
    municipality's own people who know the contact, so the acquaintance is kept when work changes hands.
    The GDPR fields say on what ground the data are held, whether the person consented to be shown to
    local actors (and which fields), and when the personal data were anonymised.
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
    legal_basis = models.CharField(
        _("rättslig grund"), max_length=30, choices=LegalBasis.choices, default=LegalBasis.ALLMANT_INTRESSE
    )
    consent_to_share = models.BooleanField(_("samtycker till att visas för lokala aktörer"), default=False)
    consent_date = models.DateField(_("samtycke lämnat"), null=True, blank=True)
    consent_method = models.CharField(
        _("hur samtycket lämnades"),
        max_length=200,
        blank=True,
        help_text=_("T.ex. ”muntligt vid mötet i Røros” eller ”e-post 2026-03-02”."),
    )
    consent_recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("samtycket registrerat av"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    shared_fields = models.JSONField(
        _("uppgifter som visas för lokala aktörer"),
        default=list,
        blank=True,
        help_text=_("Namn och organisation visas alltid när personen har samtyckt; här väljs resten."),
    )
    anonymised_at = models.DateTimeField(_("anonymiserad"), null=True, blank=True)
    created_at = models.DateTimeField(_("skapad"), auto_now_add=True)
    updated_at = models.DateTimeField(_("senast ändrad"), auto_now=True)

    objects = RestrictedQuerySet.as_manager()
    permission_kind = "partner"

    # Fields a contact may choose to show to local actors in the directory (besides name and organisations).
    SHAREABLE_FIELDS = ("title", "languages", "email", "phone")

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


class Network(models.Model):
    """The municipality's membership in a network or association, e.g. a cross-border committee.

    It says since when (and until when) the municipality is a member, what the membership costs each
    year, who represents the municipality there, why we are members and which policy objectives it serves.
    `organisation` is the network's own organisation in the register, e.g. its secretariat, if there is one.
    """

    name = models.CharField(_("namn"), max_length=300)
    organisation = models.ForeignKey(
        Organisation,
        verbose_name=_("organisation"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="networks",
    )
    description = models.TextField(_("beskrivning"), max_length=5000, blank=True)
    purpose = models.TextField(_("syfte med medlemskapet"), max_length=5000, blank=True)
    member_since = models.DateField(_("medlem sedan"))
    member_until = models.DateField(_("medlem till och med"), null=True, blank=True)
    yearly_fee = models.DecimalField(
        _("årsavgift (kr)"),
        max_digits=12,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[MinValueValidator(Decimal(0))],
    )
    representative = models.ForeignKey(
        "organisation.Person",
        verbose_name=_("kommunens representant"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="represented_networks",
    )
    objectives = models.ManyToManyField(
        "policy.Objective", verbose_name=_("mål i policyn"), related_name="networks", blank=True
    )
    website = models.URLField(_("webbplats"), blank=True, max_length=500)
    in_directory = models.BooleanField(
        _("visas i katalogen för lokala aktörer"),
        default=True,
        help_text=_("Lokala företag, föreningar och skolor med konto ser nätverket i katalogen."),
    )
    created_at = models.DateTimeField(_("skapad"), auto_now_add=True)

    objects = RestrictedQuerySet.as_manager()
    permission_kind = "partner"

    class Meta:
        verbose_name = _("nätverk")
        verbose_name_plural = _("nätverk")
        ordering = ["name", "pk"]

    def __str__(self):
        return self.name

    def has_ended_on(self, day: datetime.date) -> bool:
        """Whether the membership had ended by `day` (a membership without an end date is ongoing)."""
        return self.member_until is not None and self.member_until < day

    @property
    def is_active(self) -> bool:
        return not self.has_ended_on(timezone.localdate())


class Interaction(models.Model):
    """A meeting, call, visit or email with a partner organisation: who took part on both sides, and why.

    `engagement` (optional) is the engagement the contact belongs to. Who may see an interaction follows
    that engagement: one linked to a secret engagement is hidden from users who may not view it (see
    `visible_to`). The reference is a string so that partners does not import engagements at load time.
    """

    class Kind(models.TextChoices):
        MOTE = "mote", _("Möte")
        TELEFON = "telefon", _("Telefonsamtal")
        VIDEO = "video", _("Videomöte")
        BESOK = "besok", _("Besök")
        EPOST = "epost", _("E-post")
        ANNAT = "annat", _("Annat")

    kind = models.CharField(_("typ"), max_length=20, choices=Kind.choices, default=Kind.MOTE)
    date = models.DateField(_("datum"))
    subject = models.CharField(_("ämne"), max_length=200)
    notes = models.TextField(_("anteckningar"), max_length=10000, blank=True)
    organisation = models.ForeignKey(
        Organisation, verbose_name=_("organisation"), on_delete=models.CASCADE, related_name="interactions"
    )
    contacts = models.ManyToManyField(
        Contact, verbose_name=_("kontaktpersoner"), related_name="interactions", blank=True
    )
    participants = models.ManyToManyField(
        "organisation.Person",
        verbose_name=_("kommunens deltagare"),
        related_name="partner_interactions",
        blank=True,
    )
    engagement = models.ForeignKey(
        "engagements.Engagement",
        verbose_name=_("engagemang"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="interactions",
    )
    created_at = models.DateTimeField(_("skapad"), auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("registrerad av"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )

    objects = RestrictedQuerySet.as_manager()
    permission_kind = "partner"

    class Meta:
        verbose_name = _("kontakttillfälle")
        verbose_name_plural = _("kontakttillfällen")
        ordering = ["-date", "-pk"]
        indexes = [models.Index(fields=["organisation", "-date"])]

    def __str__(self):
        return f"{self.date:%Y-%m-%d} {self.subject}" if self.date else self.subject

    @classmethod
    def visible_to(cls, user, action: str = "view"):
        """Interactions the user may `action`: the partner role decides, and a linked engagement must be visible."""
        from utblick.engagements.models import Engagement

        return cls.objects.restrict(user, action).filter(
            models.Q(engagement__isnull=True) | models.Q(engagement__in=Engagement.objects.restrict(user, "view"))
        )


class PartnerImport(models.Model):
    """An uploaded file of organisations and contacts, kept between its preview and the coordinator's go-ahead.

    Checking and importing a large file runs as a background task (partners.importing.jobs); `status`,
    `progress` and `error` tell the pages how far it has come, and `preview` keeps what the check found.
    """

    class Status(models.TextChoices):
        UPLOADED = "uploaded", _("Uppladdad")
        CHECKING = "checking", _("Kontrolleras")
        CHECKED = "checked", _("Kontrollerad")
        IMPORTING = "importing", _("Importeras")
        IMPORTED = "imported", _("Importerad")
        FAILED = "failed", _("Kontrollen misslyckades")

    file_name = models.CharField(_("filnamn"), max_length=255)
    content = models.BinaryField(_("innehåll"))
    created_at = models.DateTimeField(_("uppladdad"), auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("uppladdad av"), on_delete=models.CASCADE, related_name="+"
    )
    imported_at = models.DateTimeField(_("importerad"), null=True, blank=True)
    summary = models.JSONField(_("resultat"), default=dict, blank=True)
    status = models.CharField(_("status"), max_length=20, choices=Status.choices, default=Status.UPLOADED)
    status_changed_at = models.DateTimeField(_("status ändrad"), null=True, blank=True)
    progress = models.PositiveSmallIntegerField(_("klart (procent)"), default=0)
    error = models.TextField(_("fel"), blank=True)
    preview = models.JSONField(_("förhandsvisning"), default=dict, blank=True)

    class Meta:
        verbose_name = _("import av partner")
        verbose_name_plural = _("importer av partner")
        ordering = ["-created_at", "-pk"]

    def __str__(self):
        return self.file_name
