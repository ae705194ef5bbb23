"""Handing an engagement or a partner relation over to Kommunstyrelsen/NUK (R-25), and approvals of official
contacts by the förvaltningschef (R-24)."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from utblick.engagements.models import Engagement
from utblick.organisation.models import OrgUnit, Person
from utblick.partners.models import Contact, Organisation


class Handover(models.Model):
    """A unit's proposal that an engagement or a partner relation, grown municipality-wide, goes to Kommunstyrelsen."""

    class State(models.TextChoices):
        PROPOSED = "proposed", _("Föreslagen")
        ACCEPTED = "accepted", _("Mottagen")
        DECLINED = "declined", _("Avböjd")
        WITHDRAWN = "withdrawn", _("Återkallad")

    engagement = models.ForeignKey(
        Engagement,
        verbose_name=_("engagemang"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="handovers",
    )
    organisation = models.ForeignKey(
        Organisation,
        verbose_name=_("partnerorganisation"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="handovers",
    )
    # A partner relation usually comes with the unit's engagements with that partner: those chosen go along.
    included_engagements = models.ManyToManyField(
        Engagement, verbose_name=_("engagemang som följer med"), blank=True, related_name="handovers_included"
    )
    from_unit = models.ForeignKey(
        OrgUnit, verbose_name=_("lämnande enhet"), on_delete=models.PROTECT, related_name="handovers_from"
    )
    to_unit = models.ForeignKey(
        OrgUnit,
        verbose_name=_("mottagande enhet"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="handovers_to",
    )
    reason = models.TextField(_("varför relationen har blivit kommunövergripande"), max_length=5000)
    cooperation_forms = models.TextField(
        _("etablerade samarbetsformer"),
        max_length=10000,
        help_text=_("Hur samarbetet går till i dag: avtal, projekt, utbyten, kanaler och vem som gör vad."),
    )
    recurring_meetings = models.TextField(
        _("återkommande möten"),
        max_length=5000,
        blank=True,
        help_text=_("Möten och tillfällen som återkommer, t.ex. ”årsmöte i maj”, ”styrgrupp varje kvartal”."),
    )
    state = models.CharField(_("läge"), max_length=20, choices=State.choices, default=State.PROPOSED)
    proposed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("föreslagen av"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    proposed_at = models.DateTimeField(_("föreslagen"), auto_now_add=True)
    answered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("besvarad av"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    answered_at = models.DateTimeField(_("besvarad"), null=True, blank=True)
    answer_comment = models.TextField(_("kommentar eller skäl"), max_length=5000, blank=True)

    class Meta:
        verbose_name = _("överlämning")
        verbose_name_plural = _("överlämningar")
        ordering = ["-proposed_at", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(engagement__isnull=False, organisation__isnull=True)
                | Q(engagement__isnull=True, organisation__isnull=False),
                name="handover_of_engagement_or_organisation",
            ),
            # One open proposal at a time for the same engagement or relation.
            models.UniqueConstraint(
                fields=["engagement"], condition=Q(state="proposed"), name="one_open_handover_per_engagement"
            ),
            models.UniqueConstraint(
                fields=["organisation", "from_unit"],
                condition=Q(state="proposed"),
                name="one_open_handover_per_relation",
            ),
        ]

    def __str__(self):
        subject = self.engagement if self.engagement_id else self.organisation
        return str(_("Överlämning av %(subject)s") % {"subject": subject})


class HandoverKnowledge(models.Model):
    """Who knows whom: one of the municipality's people, whom they know on the partner side and how (R-25)."""

    handover = models.ForeignKey(Handover, on_delete=models.CASCADE, related_name="knowledge")
    person = models.ForeignKey(
        Person, verbose_name=_("person i kommunen"), on_delete=models.PROTECT, related_name="handover_knowledge"
    )
    contact = models.ForeignKey(
        Contact,
        verbose_name=_("kontaktperson hos partnern"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="handover_knowledge",
    )
    note = models.TextField(
        _("vad personen vet"),
        max_length=2000,
        blank=True,
        help_text=_("T.ex. ”känner rektorn sedan 2019, träffas på nätverkets årsmöte”."),
    )

    class Meta:
        verbose_name = _("kunskap om relationen")
        verbose_name_plural = _("kunskap om relationen")
        ordering = ["pk"]

    def __str__(self):
        return f"{self.person.name} – {self.contact or ''}".rstrip(" –")


class ContactApproval(models.Model):
    """The förvaltningschef's approval of an engagement as an official contact in the committee's area (R-24)."""

    class State(models.TextChoices):
        REQUESTED = "requested", _("Begärt")
        APPROVED = "approved", _("Godkänt")
        DECLINED = "declined", _("Inte godkänt")
        WITHDRAWN = "withdrawn", _("Återkallat")

    engagement = models.ForeignKey(Engagement, on_delete=models.CASCADE, related_name="approvals")
    # The unit the engagement belonged to when asked: an approval stops counting when the engagement moves.
    unit = models.ForeignKey(OrgUnit, verbose_name=_("enhet"), on_delete=models.PROTECT, related_name="+")
    state = models.CharField(_("läge"), max_length=20, choices=State.choices, default=State.REQUESTED)
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("begärt av"), null=True, on_delete=models.SET_NULL, related_name="+"
    )
    requested_at = models.DateTimeField(_("begärt"), auto_now_add=True)
    request_comment = models.TextField(_("meddelande till förvaltningschefen"), max_length=5000, blank=True)
    answered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("besvarat av"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    answered_by_name = models.CharField(_("besvarat av"), max_length=300, blank=True)
    answered_at = models.DateTimeField(_("besvarat"), null=True, blank=True)
    comment = models.TextField(_("kommentar"), max_length=5000, blank=True)

    class Meta:
        verbose_name = _("godkännande av officiell kontakt")
        verbose_name_plural = _("godkännanden av officiella kontakter")
        ordering = ["-requested_at", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["engagement"], condition=Q(state="requested"), name="one_open_approval_per_engagement"
            ),
        ]

    def __str__(self):
        return f"{self.engagement} – {self.get_state_display()}"
