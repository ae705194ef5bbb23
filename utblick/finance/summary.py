"""Adding up an engagement's budget lines: per year and in all, planned and actual, in SEK.

Net cost for the municipality = costs − external income, where external income is income from every
source except the municipality's own budget (FundingSource.is_external).
"""

from dataclasses import dataclass, field
from decimal import Decimal

from utblick.finance.models import BudgetLine


@dataclass
class Totals:
    """Planned and actual sums in SEK; `actual` sums the lines whose outcome is recorded."""

    cost_planned: Decimal = Decimal(0)
    cost_actual: Decimal = Decimal(0)
    income_planned: Decimal = Decimal(0)
    income_actual: Decimal = Decimal(0)
    external_planned: Decimal = Decimal(0)
    external_actual: Decimal = Decimal(0)

    @property
    def net_planned(self) -> Decimal:
        return self.cost_planned - self.external_planned

    @property
    def net_actual(self) -> Decimal:
        return self.cost_actual - self.external_actual

    def add(self, line: BudgetLine) -> None:
        planned, actual = line.planned_sek, line.actual_sek or Decimal(0)
        if line.is_cost:
            self.cost_planned += planned
            self.cost_actual += actual
            return
        self.income_planned += planned
        self.income_actual += actual
        if line.is_external_income:
            self.external_planned += planned
            self.external_actual += actual


@dataclass
class Year:
    year: int
    costs: list = field(default_factory=list)
    incomes: list = field(default_factory=list)
    totals: Totals = field(default_factory=Totals)


@dataclass
class Economy:
    years: list[Year]
    totals: Totals
    line_count: int


def summarise(lines) -> Economy:
    """The lines (with funding_source loaded) grouped by year, oldest first, with totals per year and in all."""
    by_year: dict[int, Year] = {}
    totals = Totals()
    count = 0
    for line in sorted(lines, key=lambda line: (line.year, line.pk or 0)):
        year = by_year.setdefault(line.year, Year(line.year))
        (year.costs if line.is_cost else year.incomes).append(line)
        year.totals.add(line)
        totals.add(line)
        count += 1
    return Economy(years=list(by_year.values()), totals=totals, line_count=count)


def economy_of(engagement) -> Economy:
    """One query, whatever the number of lines."""
    return summarise(BudgetLine.objects.filter(engagement=engagement).select_related("funding_source"))
