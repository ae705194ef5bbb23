"""The demo's money: budget and outcome lines for the decided, ongoing and finished demo engagements.

So that the economy pages, the follow-up and the annual report have something to show after `make run`:
every such engagement gets, for each year it runs (at most its last three), travel and working time costs,
and income from the funding source that fits it (Interreg Sverige-Norge for Norwegian partners, Erasmus+ for
schools, else the municipality's own budget), some in EUR or NOK with a plausible rate. Outcomes are recorded
for the years that have ended; the current year's are left for the follow-up to chase.
"""

from __future__ import annotations

import datetime
from decimal import Decimal

from utblick.engagements.models import Engagement, Status
from utblick.finance.models import FundingSource

RATES = {"EUR": Decimal("11.4500"), "NOK": Decimal("0.9800")}
WITH_MONEY = (Status.DECIDED, Status.ONGOING, Status.FINISHED)


def _source_for(engagement: Engagement) -> FundingSource:
    countries = {str(code) for code in engagement.organisations.values_list("country", flat=True)}
    if "NO" in countries:
        name = "Interreg Sverige-Norge"
    elif engagement.owner_unit.code in ("buf", "gymnasiet", "grundskolan"):
        name = "Erasmus+"
    else:
        name = "Egen budget"
    return FundingSource.objects.filter(name=name).first() or FundingSource.objects.order_by("pk").first()


def seed_economy(engagements: list[Engagement], *, by, today: datetime.date) -> int:
    """Add the demo lines through the finance actions (with history); how many lines were written."""
    from utblick.finance.actions import add_budget_line  # the finance app builds on engagements, not the reverse

    written = 0
    for number, engagement in enumerate(engagements):
        if engagement.status not in WITH_MONEY or engagement.start_date is None:
            continue
        last = min((engagement.end_date or today).year, today.year)
        source = _source_for(engagement)
        for year in range(max(engagement.start_date.year, last - 2), last + 1):
            ended = year < today.year or engagement.status == Status.FINISHED
            travel = Decimal(15000 + 2500 * (number % 7))
            hours = Decimal(30000 + 5000 * (number % 5))
            foreign = "NOK" if source.name == "Interreg Sverige-Norge" else "EUR"
            grant = Decimal(1500 + 250 * (number % 4))
            lines = [
                {
                    "direction": "cost",
                    "cost_category": "resor",
                    "planned_amount": travel,
                    "actual_amount": (travel * Decimal("0.93")).quantize(Decimal(1)) if ended else None,
                    "description": "Resor och logi",
                },
                {
                    "direction": "cost",
                    "cost_category": "arbetstid",
                    "planned_amount": hours,
                    "actual_amount": hours if ended else None,
                    "description": "Egen arbetstid",
                },
                {
                    "direction": "income",
                    "funding_source": source,
                    "planned_amount": grant,
                    "actual_amount": grant if ended else None,
                    "currency": foreign if source.is_external else "SEK",
                    "exchange_rate": RATES[foreign] if source.is_external else Decimal(1),
                    "description": "Bidrag enligt beslut",
                },
            ]
            for fields in lines:
                add_budget_line(engagement, by=by, fields={"year": year, **fields})
                written += 1
    return written
