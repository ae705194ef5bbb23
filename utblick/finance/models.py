"""The economy of an engagement (R-51): planned and actual costs and income per year, and where the money comes from.

SEK values are computed from the amount and the stored rate (properties and `sek()`), not stored: the rate
used is itself kept on the line, so the SEK value can always be recomputed and can never drift from the
amount it was derived from when either is corrected. Reports that sum many lines multiply in the database.
"""

from decimal import ROUND_HALF_UP, Decimal

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

YEAR_MIN, YEAR_MAX = 1990, 2100
AMOUNT_MAX = Decimal("999999999999.99")  # max_digits=14, decimal_places=2
ORE = Decimal("0.01")


def sek(amount: Decimal | None, rate: Decimal) -> Decimal | None:
    """An amount in a line's currency in Swedish kronor, rounded to whole öre."""
    if amount is None:
        return None
    return (amount * rate).quantize(ORE, rounding=ROUND_HALF_UP)


class FundingSource(models.Model):
    """Where income for an engagement comes from: the own budget, an EU programme, the state, a partner …"""

    class Kind(models.TextChoices):
        OWN_BUDGET = "egen_budget", _("Egen budget")
        EU_PROGRAMME = "eu_program", _("EU-program")
        STATE = "statliga", _("Statliga medel")
        REGIONAL = "regionala", _("Regionala medel")
        PARTNER = "partnerbidrag", _("Partnerbidrag")
        OTHER = "annat", _("Annat")

    name = models.CharField(_("namn"), max_length=200, unique=True)
    kind = models.CharField(_("slag"), max_length=20, choices=Kind.choices)
    is_active = models.BooleanField(
        _("aktiv"), default=True, help_text=_("Inaktiva källor går inte att välja för nya rader men finns kvar.")
    )

    class Meta:
        verbose_name = _("finansieringskälla")
        verbose_name_plural = _("finansieringskällor")
        ordering = ["name"]

    def __str__(self):
        return self.name

    @property
    def is_external(self) -> bool:
        """Money from outside the municipality: every source except its own budget."""
        return self.kind != self.Kind.OWN_BUDGET


class Direction(models.TextChoices):
    COST = "cost", _("Kostnad")
    INCOME = "income", _("Intäkt")


class CostCategory(models.TextChoices):
    TRAVEL = "resor", _("Resor")
    WORKING_TIME = "arbetstid", _("Arbetstid")
    FEES = "deltagaravgifter", _("Deltagaravgifter")
    CO_FUNDING = "medfinansiering", _("Medfinansiering")
    SERVICES = "kopta_tjanster", _("Köpta tjänster")
    OTHER = "ovrigt", _("Övrigt")


class BudgetLine(models.Model):
    """One line of an engagement's budget and outcome for a year: a cost of a category or income from a source."""

    engagement = models.ForeignKey(
        "engagements.Engagement", on_delete=models.CASCADE, related_name="budget_lines", verbose_name=_("engagemang")
    )
    year = models.PositiveSmallIntegerField(_("år"))
    direction = models.CharField(_("typ"), max_length=10, choices=Direction.choices)
    cost_category = models.CharField(_("kostnadsslag"), max_length=20, choices=CostCategory.choices, blank=True)
    funding_source = models.ForeignKey(
        FundingSource,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="budget_lines",
        verbose_name=_("finansieringskälla"),
    )
    description = models.CharField(_("beskrivning"), max_length=300, blank=True)
    planned_amount = models.DecimalField(_("planerat belopp"), max_digits=14, decimal_places=2, default=Decimal(0))
    actual_amount = models.DecimalField(
        _("utfall"), max_digits=14, decimal_places=2, null=True, blank=True, help_text=_("Tomt tills utfallet är känt.")
    )
    currency = models.CharField(_("valuta"), max_length=3, default="SEK")
    exchange_rate = models.DecimalField(_("kurs till SEK"), max_digits=12, decimal_places=6, default=Decimal(1))
    ansvar = models.CharField(_("ansvar"), max_length=20, blank=True)
    verksamhet = models.CharField(_("verksamhet"), max_length=20, blank=True)
    projekt = models.CharField(_("projekt"), max_length=20, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("budgetrad")
        verbose_name_plural = _("budgetrader")
        ordering = ["year", "direction", "pk"]
        indexes = [models.Index(fields=["engagement", "year"], name="finance_line_engagement_year")]
        constraints = [
            models.CheckConstraint(condition=Q(planned_amount__gte=0), name="finance_line_planned_not_negative"),
            models.CheckConstraint(
                condition=Q(actual_amount__isnull=True) | Q(actual_amount__gte=0),
                name="finance_line_actual_not_negative",
            ),
            models.CheckConstraint(condition=Q(exchange_rate__gt=0), name="finance_line_rate_positive"),
            models.CheckConstraint(
                condition=Q(year__gte=YEAR_MIN, year__lte=YEAR_MAX), name="finance_line_year_in_range"
            ),
            models.CheckConstraint(
                condition=Q(direction=Direction.COST, funding_source__isnull=True) & ~Q(cost_category="")
                | Q(direction=Direction.INCOME, funding_source__isnull=False, cost_category=""),
                name="finance_line_cost_has_category_income_has_source",
            ),
        ]

    def __str__(self):
        return f"{self.year}, {self.kind_label}"

    @property
    def is_cost(self) -> bool:
        return self.direction == Direction.COST

    @property
    def kind_label(self) -> str:
        """'Resor' for a cost, the source's name ('Erasmus+') for income."""
        if self.is_cost:
            return str(self.get_cost_category_display())
        return self.funding_source.name if self.funding_source_id else ""

    @property
    def is_external_income(self) -> bool:
        return not self.is_cost and self.funding_source is not None and self.funding_source.is_external

    @property
    def planned_sek(self) -> Decimal:
        return sek(self.planned_amount, self.exchange_rate)

    @property
    def actual_sek(self) -> Decimal | None:
        return sek(self.actual_amount, self.exchange_rate)
