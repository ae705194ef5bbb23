"""Which engagements and budget lines an annual report counts, and which of them stand behind each figure.

One module answers both questions, so a figure and the list behind it can never disagree:

- the year's engagements: not archived, active in the year (annual report for a unit: owned by the unit or
  a unit below it), whatever their state — the scope section counts them by state;
- the year's work: those of them that were decided, ongoing, finished or followed up. Ideas, assessments
  and cancelled engagements are not work carried out, so partners, direction and people count only these;
- money: the budget lines of the year of every not-archived engagement of the unit(s), whatever its
  state or dates, since money spent on an engagement that was later cancelled was still spent.

Secret engagements are counted like any other; what a user may see of them is decided where they are listed.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cached_property

from django.db.models import Exists, OuterRef, Q
from django.db.models.functions import Coalesce, ExtractYear

from utblick.engagements.models import Engagement, EngagementCountry, Participation
from utblick.finance.models import BudgetLine
from utblick.organisation.models import OrgUnit
from utblick.partners.geography import EUROPEAN_COUNTRIES
from utblick.partners.models import ESTABLISHING_STATUSES, established_organisation_ids
from utblick.reports.annual.content import Trace

# Work carried out: the same states that make a partner established (decided, ongoing, finished, followed up).
WORK_STATES = ESTABLISHING_STATUSES
PREPARATION_STATES = ("idea", "assessed")


@dataclass(frozen=True)
class Selection:
    year: int
    unit: OrgUnit | None = None

    @cached_property
    def unit_ids(self) -> set[int] | None:
        return None if self.unit is None else OrgUnit.with_descendants([self.unit.pk])

    def _owned(self, queryset, field="owner_unit"):
        unit_ids = self.unit_ids
        return queryset if unit_ids is None else queryset.filter(**{f"{field}__in": unit_ids})

    def engagements(self):
        return self._owned(Engagement.objects.not_archived().active_in_year(self.year))

    def work(self):
        return self.engagements().filter(status__in=WORK_STATES)

    def lines(self, years=None):
        """The budget lines of the years (default: the report's year) of the unit(s)' not-archived engagements."""
        lines = BudgetLine.objects.filter(year__in=years or [self.year], engagement__archived_at__isnull=True)
        return self._owned(lines, "engagement__owner_unit")

    def partner_ids(self):
        """The organisations taking part in the year's work."""
        return Participation.objects.filter(engagement__in=self.work()).values("organisation")

    def behind(self, trace: Trace):
        """The engagements a figure counts (unrestricted: the caller narrows them to what a user may see)."""
        dimension, value = trace.dimension, trace.value
        if dimension in MONEY_DIMENSIONS:
            lines = self.lines([trace.year or self.year]).filter(MONEY_DIMENSIONS[dimension](value))
            return Engagement.objects.filter(pk__in=lines.values("engagement"))
        if dimension in ALL_DIMENSIONS:
            return self.engagements().filter(ALL_DIMENSIONS[dimension](value))
        if dimension in WORK_DIMENSIONS:
            return self.work().filter(WORK_DIMENSIONS[dimension](self, value))
        raise ValueError(dimension)


def _kind_status(value: str) -> Q:
    kind, _sep, status = value.partition(":")
    return Q(kind=kind) & (Q(status=status) if status else Q())


def _country(selection: Selection, value: str) -> Q:
    return Q(Exists(EngagementCountry.objects.filter(engagement=OuterRef("pk"), country=value)))


def _region(selection: Selection, value: str) -> Q:
    countries = EngagementCountry.objects.filter(engagement=OuterRef("pk"))
    if value == "none":
        return ~Q(Exists(countries))
    european = countries.filter(country__in=EUROPEAN_COUNTRIES)
    return Q(Exists(european)) if value == "europe" else Q(Exists(countries.exclude(country__in=EUROPEAN_COUNTRIES)))


def _partners(selection: Selection, value: str, which: str = "") -> Q:
    """Engagements with a partner from the country `value` (every country when empty), optionally only new or
    established partners, as the partners section counts them."""
    organisations = Participation.objects.filter(engagement=OuterRef("pk"))
    if value:
        organisations = organisations.filter(organisation__country=value)
    if which == "new":
        organisations = organisations.exclude(organisation__in=earlier_partner_ids(selection.year))
    elif which == "established":
        organisations = organisations.filter(
            Q(organisation__marked_established=True) | Q(organisation__in=established_organisation_ids())
        )
    return Q(Exists(organisations))


def earlier_partner_ids(year: int):
    """Organisations that took part in work that began before the year: a partner is new in its first year."""
    return (
        Participation.objects.filter(engagement__archived_at__isnull=True, engagement__status__in=WORK_STATES)
        .annotate(began=Coalesce(ExtractYear("engagement__start_date"), ExtractYear("engagement__created_at")))
        .filter(began__lt=year)
        .values("organisation")
    )


def _people(selection: Selection, value: str) -> Q:
    return Q(responsible_politician__isnull=False) | Q(responsible_officer__isnull=False)


def _new(selection: Selection, value: str) -> Q:
    return began_in(selection.year)


def began_in(year: int) -> Q:
    """Engagements that began in the year: by start date, or by registration when they have no dates."""
    return Q(start_date__year=year) | Q(start_date__isnull=True, created_at__year=year)


# dimension -> the condition on the year's engagements (any state) for a value
ALL_DIMENSIONS = {
    "all": lambda value: Q(),
    "kind": lambda value: Q(kind=value),
    "status": lambda value: Q(status=value),
    "kind_status": _kind_status,
    "preparation": lambda value: Q(status__in=PREPARATION_STATES),
}
# dimension -> the condition on the year's work for a value
WORK_DIMENSIONS = {
    "work": lambda selection, value: Q(),
    "work_kind": lambda selection, value: Q(kind=value),
    "new": _new,
    "objective": lambda selection, value: Q(objectives=value),
    "area": lambda selection, value: Q(areas=value),
    "criterion": lambda selection, value: Q(assessments__criterion=value),
    "country": _country,
    "region": _region,
    "partner_country": _partners,
    "partner_new": lambda selection, value: _partners(selection, value, "new"),
    "partner_established": lambda selection, value: _partners(selection, value, "established"),
    "people": _people,
}
# dimension -> the condition on the budget lines of the year for a value
MONEY_DIMENSIONS = {
    "money": lambda value: Q(),
    "money_cost": lambda value: Q(direction="cost"),
    "money_income": lambda value: Q(direction="income"),
    "money_external": lambda value: Q(direction="income") & ~Q(funding_source__kind="egen_budget"),
    "money_unit": lambda value: Q(engagement__owner_unit=value),
    "money_source": lambda value: Q(funding_source=value),
    "money_category": lambda value: Q(direction="cost", cost_category=value),
    "engagement": lambda value: Q(engagement=value),
}
