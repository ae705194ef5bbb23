"""International engagements: the register at the heart of Utblick, and what belongs to each one."""

import datetime

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from django_countries.fields import CountryField

from utblick.core.permissions import RestrictedQuerySet
from utblick.organisation.models import OrgUnit, Person
from utblick.partners.models import Organisation
from utblick.policy.models import Area, Objective, PriorityCriterion


class Kind(models.TextChoices):
    PROJEKT = "projekt", _("Projekt")
    SAMARBETE = "samarbete", _("Samarbete/partnerskap")
    NATVERK = "natverk", _("Nätverk")
    VANORT = "vanort", _("Vänort")
    BESOK = "besok", _("Besök till kommunen")
    RESA = "resa", _("Resa")
    KONFERENS = "konferens", _("Konferens")
    ANNAT = "annat", _("Annat")


class Status(models.TextChoices):
    IDEA = "idea", _("Idé")
    ASSESSED = "assessed", _("Bedömd")
    DECIDED = "decided", _("Beslutad")
    ONGOING = "ongoing", _("Pågående")
    FINISHED = "finished", _("Avslutad")
    FOLLOWED_UP = "followed_up", _("Uppföljd")
    CANCELLED = "cancelled", _("Avbruten")


class EngagementScope(models.TextChoices):
    UNIT = "unit", _("Verksamhetsspecifik")
    MUNICIPALITY = "municipality", _("Kommunövergripande")


# The policy's gaps, in the order the follow-up dashboard shows them.
GAPS = ("decision", "responsible", "purpose", "results", "dissemination", "economy")
OPEN_STATES = (Status.IDEA, Status.ASSESSED, Status.DECIDED, Status.ONGOING)
DONE_STATES = (Status.FINISHED, Status.FOLLOWED_UP)  # finished, with or without its economy followed up


def gap_conditions(today: datetime.date) -> dict[str, Q]:
    """For each gap of GAPS, the condition an engagement meets when it has that gap; one definition for all pages."""
    has_decision = models.Exists(Decision.objects.filter(engagement=models.OuterRef("pk")))
    # Budget lines live in the finance app, which builds on this one: reached through the reverse relation.
    budget_line = Engagement._meta.get_field("budget_lines").related_model
    lines = budget_line.objects.filter(engagement=models.OuterRef("pk"))
    return {
        # A decision is needed from the assessment on; a cancelled idea never needed one.
        "decision": Q(status__in=[Status.ASSESSED, Status.DECIDED, Status.ONGOING]) & ~Q(has_decision),
        "responsible": Q(status__in=OPEN_STATES)
        & (Q(responsible_politician__isnull=True) | Q(responsible_officer__isnull=True)),
        "purpose": ~Q(status=Status.CANCELLED) & (Q(purpose="") | Q(unit_goal="")),
        # A followed-up engagement is a finished one whose economy was checked: its texts are still required.
        "results": (Q(status=Status.ONGOING) & Q(end_date__lt=today) | Q(status__in=DONE_STATES)) & Q(results=""),
        "dissemination": Q(status__in=DONE_STATES) & Q(dissemination=""),
        "economy": Q(status=Status.FINISHED)
        & (~Q(models.Exists(lines)) | Q(models.Exists(lines.filter(actual_amount__isnull=True)))),
    }


class EngagementQuerySet(RestrictedQuerySet):
    def active_in_year(self, year: int):
        """Engagements whose time span touches the year (an engagement without dates counts where it was created)."""
        first, last = datetime.date(year, 1, 1), datetime.date(year, 12, 31)
        dated = Q(start_date__lte=last) & (Q(end_date__isnull=True) | Q(end_date__gte=first))
        undated = Q(start_date__isnull=True) & Q(created_at__year=year)
        return self.filter(dated | undated)

    def not_archived(self):
        return self.filter(archived_at__isnull=True)

    def with_gaps(self, today: datetime.date, gaps=GAPS):
        """Annotate what the coordinator must chase (R-50): one boolean `lacks_<gap>` per gap asked for."""
        conditions = gap_conditions(today)
        return self.annotate(
            **{
                f"lacks_{name}": models.ExpressionWrapper(conditions[name], output_field=models.BooleanField())
                for name in gaps
            }
        )

    def needing_action(self, today: datetime.date):
        return (
            self.not_archived()
            # The start page lists the three gaps that block the next step; the dashboard shows them all.
            .with_gaps(today, gaps=("responsible", "decision", "results"))
            .filter(Q(lacks_responsible=True) | Q(lacks_decision=True) | Q(lacks_results=True))
        )


class Engagement(models.Model):
    """An international engagement: a project, partnership, network, twin town, visit, trip or conference."""

    title = models.CharField(_("titel"), max_length=200)
    kind = models.CharField(_("typ"), max_length=20, choices=Kind.choices)
    summary = models.TextField(_("kort beskrivning"), max_length=2000, blank=True)
    purpose = models.TextField(_("syfte"), max_length=5000)
    unit_goal = models.TextField(
        _("verksamhetsmål som engagemanget stödjer"),
        max_length=2000,
        help_text=_("Vilket av enhetens eller nämndens mål engagemanget bidrar till."),
    )
    added_value = models.TextField(
        _("mervärde"), max_length=5000, blank=True, help_text=_("Vilket långsiktigt mervärde engagemanget ger.")
    )
    benefits_municipality = models.BooleanField(_("mervärde för kommunen"), default=False)
    benefits_companies = models.BooleanField(_("mervärde för företag"), default=False)
    benefits_residents = models.BooleanField(_("mervärde för invånare"), default=False)

    owner_unit = models.ForeignKey(
        OrgUnit, verbose_name=_("ansvarig enhet"), on_delete=models.PROTECT, related_name="engagements"
    )
    scope = models.CharField(
        _("omfattning"), max_length=20, choices=EngagementScope.choices, default=EngagementScope.UNIT
    )
    responsible_politician = models.ForeignKey(
        Person,
        verbose_name=_("ansvarig förtroendevald"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="engagements_as_politician",
        limit_choices_to={"kind": Person.Kind.FORTROENDEVALD},
    )
    responsible_officer = models.ForeignKey(
        Person,
        verbose_name=_("ansvarig tjänsteman"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="engagements_as_officer",
        limit_choices_to={"kind": Person.Kind.TJANSTEMAN},
    )
    objectives = models.ManyToManyField(Objective, verbose_name=_("mål i policyn"), related_name="engagements")
    areas = models.ManyToManyField(Area, verbose_name=_("områden"), blank=True, related_name="engagements")

    # an official contact of a committee's area needs its förvaltningschef's approval before a decision.
    is_official_contact = models.BooleanField(
        _("officiell kontakt"),
        default=False,
        help_text=_(
            "Kommunen eller nämnden företräds officiellt i kontakten. Förvaltningschefen måste godkänna den innan "
            "beslut. Officiella kontakter med andra kommuner och regioner i utlandet hör till Kommunstyrelsen."
        ),
    )
    # the people who ran the engagement before a handover keep reading it and are named as holders of
    # the knowledge of the relation.
    knowledge_holders = models.ManyToManyField(
        Person, verbose_name=_("kunskapsbärare"), blank=True, related_name="engagements_as_knowledge_holder"
    )

    start_date = models.DateField(_("startdatum"), null=True, blank=True)
    end_date = models.DateField(_("slutdatum"), null=True, blank=True)
    diary_number = models.CharField(_("diarienummer"), max_length=50, blank=True)
    is_secret = models.BooleanField(
        _("sekretess"),
        default=False,
        help_text=_("Sekretessbelagda engagemang syns bara för den egna enheten och samordnarna."),
    )
    secrecy_ground = models.CharField(
        _("sekretessgrund"), max_length=300, blank=True, help_text=_("Lagrum, t.ex. ”OSL 31 kap. 16 §”.")
    )

    implementation = models.TextField(_("genomförande"), max_length=20000, blank=True)
    results = models.TextField(_("resultat"), max_length=20000, blank=True)
    dissemination = models.TextField(_("spridning inom kommunen"), max_length=10000, blank=True)

    status = models.CharField(_("status"), max_length=20, choices=Status.choices, default=Status.IDEA)
    cancel_reason = models.TextField(_("skäl till avbrott"), blank=True)
    archived_at = models.DateTimeField(_("arkiverad"), null=True, blank=True)

    # Text the free-text search reads: title, purpose, results and partner names, kept by the actions.
    search_text = models.TextField(editable=False, blank=True)
    version = models.PositiveIntegerField(default=1, editable=False)
    created_at = models.DateTimeField(_("skapad"), auto_now_add=True)
    updated_at = models.DateTimeField(_("ändrad"), auto_now=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("skapad av"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    organisations = models.ManyToManyField(Organisation, through="Participation", related_name="engagements")

    objects = EngagementQuerySet.as_manager()
    permission_kind = "engagement"
    permission_unit_field = "owner_unit"
    permission_secret_field = "is_secret"
    permission_person_fields = ("responsible_politician", "responsible_officer", "knowledge_holders")

    class Meta:
        verbose_name = _("engagemang")
        verbose_name_plural = _("engagemang")
        ordering = ["-start_date", "-pk"]
        indexes = [
            models.Index(fields=["status"]),
            models.Index(fields=["kind"]),
            models.Index(fields=["start_date"]),
            models.Index(fields=["end_date"]),
            # The list's usual question, open engagements newest first, and its count, from the index alone.
            models.Index(
                "archived_at", models.F("updated_at").desc(), models.F("id").desc(), name="engagement_open_recent_idx"
            ),
            # Matches the list's default order (most recently changed first) including its tie-breaker.
            models.Index(models.F("updated_at").desc(), models.F("id").desc(), name="engagement_recent_idx"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(end_date__isnull=True)
                | Q(start_date__isnull=True)
                | Q(end_date__gte=models.F("start_date")),
                name="engagement_end_after_start",
                violation_error_message=_("Slutdatumet kan inte ligga före startdatumet."),
            ),
        ]

    def __str__(self):
        return self.title

    # Django's generated get_FOO_display() hashes every choice label (a translation each) per call; the
    # enums look the label up directly, which matters on list pages and in exports.
    def get_kind_display(self) -> str:
        return str(Kind(self.kind).label) if self.kind in Kind.values else self.kind

    def get_status_display(self) -> str:
        return str(Status(self.status).label) if self.status in Status.values else self.status

    def get_scope_display(self) -> str:
        return str(EngagementScope(self.scope).label) if self.scope in EngagementScope.values else self.scope

    @property
    def is_archived(self) -> bool:
        return self.archived_at is not None

    @property
    def benefits_for(self) -> list[str]:
        return [
            str(label)
            for flag, label in (
                (self.benefits_municipality, _("kommunen")),
                (self.benefits_companies, _("företag")),
                (self.benefits_residents, _("invånare")),
            )
            if flag
        ]


class Participation(models.Model):
    """A partner organisation's part in an engagement, with its role."""

    class Role(models.TextChoices):
        LEAD = "lead", _("Huvudman")
        PARTNER = "partner", _("Partner")
        ASSOCIATED = "associated", _("Associerad partner")
        HOST = "host", _("Värd")
        GUEST = "guest", _("Gäst")

    engagement = models.ForeignKey(Engagement, on_delete=models.CASCADE, related_name="participations")
    organisation = models.ForeignKey(
        Organisation, verbose_name=_("organisation"), on_delete=models.PROTECT, related_name="participations"
    )
    role = models.CharField(_("roll"), max_length=20, choices=Role.choices, default=Role.PARTNER)

    class Meta:
        verbose_name = _("deltagande organisation")
        verbose_name_plural = _("deltagande organisationer")
        constraints = [models.UniqueConstraint(fields=["engagement", "organisation"], name="unique_participation")]

    def __str__(self):
        return f"{self.organisation} – {self.get_role_display()}"


class EngagementCountry(models.Model):
    """A country the engagement involves: the partners' countries and any the user adds."""

    engagement = models.ForeignKey(Engagement, on_delete=models.CASCADE, related_name="countries")
    country = CountryField(_("land"))

    class Meta:
        verbose_name = _("land")
        verbose_name_plural = _("länder")
        constraints = [models.UniqueConstraint(fields=["engagement", "country"], name="unique_engagement_country")]
        indexes = [models.Index(fields=["country"])]

    def __str__(self):
        return str(self.country.name)


class PriorityAssessment(models.Model):
    """One priority criterion that the engagement meets, with the justification for it."""

    engagement = models.ForeignKey(Engagement, on_delete=models.CASCADE, related_name="assessments")
    criterion = models.ForeignKey(
        PriorityCriterion, verbose_name=_("kriterium"), on_delete=models.PROTECT, related_name="assessments"
    )
    justification = models.TextField(_("motivering"), max_length=5000)

    class Meta:
        verbose_name = _("prioriteringsbedömning")
        verbose_name_plural = _("prioriteringsbedömningar")
        ordering = ["criterion__order", "criterion__code"]
        constraints = [models.UniqueConstraint(fields=["engagement", "criterion"], name="unique_assessment")]

    def __str__(self):
        return f"{self.criterion.code}: {self.justification[:60]}"


class Decision(models.Model):
    """A formal decision about the engagement: which body decided, when, and its diary number."""

    engagement = models.ForeignKey(Engagement, on_delete=models.CASCADE, related_name="decisions")
    body = models.CharField(
        _("beslutande organ"),
        max_length=200,
        help_text=_("T.ex. Kommunstyrelsen, Barn- och utbildningsnämnden eller förvaltningschef."),
    )
    decided_on = models.DateField(_("beslutsdatum"))
    diary_number = models.CharField(_("diarienummer"), max_length=50)
    description = models.TextField(_("vad som beslutades"), max_length=5000, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        verbose_name = _("beslut")
        verbose_name_plural = _("beslut")
        ordering = ["-decided_on", "-pk"]

    def __str__(self):
        return f"{self.body} {self.decided_on:%Y-%m-%d} ({self.diary_number})"


from utblick.engagements.models_handover import ContactApproval, Handover, HandoverKnowledge  # noqa: E402,F401
from utblick.engagements.models_trips import Gift, Trip, TripCost  # noqa: E402,F401
from utblick.engagements.models_visits import Place, Visit, VisitItem  # noqa: E402,F401
