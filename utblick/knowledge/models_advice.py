"""Fråga samordnaren (R-26): an employee's request for advice on an international matter, the conversation with
the coordinator about it, and the answered questions the coordinator publishes as frequently asked questions.

A request is private between the one who asked and the coordinators: nobody else may even learn that it exists.
A FAQ entry is a rewritten copy (question and answer edited so no personal details remain), never the request.
"""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from django_countries.fields import CountryField

from utblick.core.permissions import RestrictedQuerySet, Scope, access_for

SUBJECT_MAX = 200
TEXT_MAX = 5000
FAQ_QUESTION_MAX = 1000
FAQ_ANSWER_MAX = 10000


class AdviceState(models.TextChoices):
    OPEN = "open", _("Väntar på svar")
    ANSWERED = "answered", _("Besvarad")
    CLOSED = "closed", _("Avslutad")


class AdviceRequestQuerySet(RestrictedQuerySet):
    def restrict(self, user, action: str = "view"):
        """The coordinator reaches every request; any other internal role only their own (and only to view:
        their own changes, follow-ups and closing, are checked by the actions)."""
        access = access_for(user)
        if access.scope("advice", "change") is Scope.ALL:
            return self
        if action != "view" or access.scope("advice", "view") is Scope.NONE:
            return self.none()
        return self.filter(asker=user)


class AdviceRequest(models.Model):
    """A question an employee asks the international coordinator, with its state: waiting, answered or closed."""

    asker = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("frågeställare"), on_delete=models.PROTECT, related_name="+"
    )
    subject = models.CharField(_("ämne"), max_length=SUBJECT_MAX)
    question = models.TextField(_("fråga"), max_length=TEXT_MAX)
    engagement = models.ForeignKey(
        "engagements.Engagement",
        verbose_name=_("engagemang"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="advice_requests",
    )
    area = models.ForeignKey(
        "policy.Area", verbose_name=_("område"), null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    country = CountryField(_("land"), blank=True)
    state = models.CharField(_("läge"), max_length=20, choices=AdviceState.choices, default=AdviceState.OPEN)
    # Since when the asker has been waiting (asked, or followed up): the coordinator's list starts with the oldest.
    waiting_since = models.DateTimeField(_("väntar sedan"))
    last_activity_at = models.DateTimeField(_("senaste händelse"))
    created_at = models.DateTimeField(_("ställd"), auto_now_add=True)

    objects = AdviceRequestQuerySet.as_manager()
    permission_kind = "advice"

    class Meta:
        verbose_name = _("fråga till samordnaren")
        verbose_name_plural = _("frågor till samordnaren")
        ordering = ["-last_activity_at", "-pk"]
        indexes = [
            models.Index(fields=["state", "waiting_since", "id"], name="advice_state_waiting_idx"),
            models.Index(fields=["asker", "-last_activity_at"], name="advice_asker_recent_idx"),
        ]

    def __str__(self):
        return self.subject


class AdviceMessage(models.Model):
    """One message in the conversation about a request: the coordinator's answer or the asker's follow-up."""

    request = models.ForeignKey(AdviceRequest, on_delete=models.CASCADE, related_name="messages")
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("skriven av"), null=True, on_delete=models.SET_NULL, related_name="+"
    )
    # Kept as text too: the conversation must still say who wrote after an account is removed.
    author_name = models.CharField(_("namn"), max_length=300)
    from_coordinator = models.BooleanField(_("från samordnaren"))
    text = models.TextField(_("text"), max_length=TEXT_MAX)
    created_at = models.DateTimeField(_("skriven"), auto_now_add=True)

    class Meta:
        verbose_name = _("meddelande")
        verbose_name_plural = _("meddelanden")
        ordering = ["created_at", "pk"]

    def __str__(self):
        return f"{self.request}: {self.author_name}"


class FaqCategory(models.TextChoices):
    FUNDING = "funding", _("EU-program och finansiering")
    PARTNERS = "partners", _("Partner, nätverk och vänorter")
    TRAVEL = "travel", _("Resor och besök")
    RULES = "rules", _("Regler, beslut och ansvar")
    OTHER = "other", _("Övrigt")


class FaqQuerySet(RestrictedQuerySet):
    def restrict(self, user, action: str = "view"):
        """Every internal role reads the published entries; the coordinator also the unpublished ones, and edits."""
        access = access_for(user)
        if access.scope("advice", "change") is Scope.ALL:
            return self
        if action != "view" or access.scope("advice", "view") is Scope.NONE:
            return self.none()
        return self.filter(is_published=True)


class FaqEntry(models.Model):
    """A frequently asked question with its answer, rewritten by the coordinator from an answered request."""

    request = models.OneToOneField(
        AdviceRequest, verbose_name=_("ursprunglig fråga"), on_delete=models.PROTECT, related_name="faq"
    )
    question = models.TextField(_("fråga"), max_length=FAQ_QUESTION_MAX)
    answer = models.TextField(_("svar"), max_length=FAQ_ANSWER_MAX)
    category = models.CharField(_("kategori"), max_length=20, choices=FaqCategory.choices)
    area = models.ForeignKey(
        "policy.Area", verbose_name=_("område"), null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    is_published = models.BooleanField(_("publicerad"), default=True)
    published_at = models.DateTimeField(_("publicerad"), null=True, blank=True)
    # Question and answer in lower case, kept by the actions: what the free-text search reads.
    search_text = models.TextField(editable=False, blank=True)
    updated_at = models.DateTimeField(_("ändrad"), auto_now=True)

    objects = FaqQuerySet.as_manager()
    permission_kind = "advice"

    class Meta:
        verbose_name = _("vanlig fråga")
        verbose_name_plural = _("vanliga frågor")
        ordering = ["category", "-published_at", "-pk"]
        indexes = [models.Index(fields=["is_published", "category"], name="faq_published_idx")]
        constraints = [
            models.CheckConstraint(
                condition=Q(is_published=False) | Q(published_at__isnull=False), name="faq_published_has_date"
            )
        ]

    def __str__(self):
        return self.question[:100]
