"""Fixtures for the economy of an engagement: the seeded funding sources and a few engagements with lines."""

from decimal import Decimal

import pytest

from utblick.finance.models import BudgetLine, FundingSource


@pytest.fixture
def sources(db):
    """The funding sources the data migration seeded, by name."""
    return {source.name: source for source in FundingSource.objects.all()}


@pytest.fixture
def engagement(make_engagement):
    """An open engagement of Barn, utbildning och fritid (Hans's and Fredrik's unit)."""
    return make_engagement(title="Skolutbyte med Røros")


@pytest.fixture
def secret_engagement(make_engagement):
    return make_engagement(title="Känsligt samråd", is_secret=True, secrecy_ground="OSL 21 kap. 7 §")


@pytest.fixture
def make_line(sources):
    """make_line(engagement, **fields): a line saved directly (not through the actions), a travel cost by default."""

    def make(engagement, **fields):
        source = fields.pop("source", None)
        defaults = {"year": 2026, "direction": "cost", "cost_category": "resor", "planned_amount": Decimal(1000)}
        if source:
            defaults.update(direction="income", cost_category="", funding_source=sources[source])
        defaults.update(fields)
        return BudgetLine.objects.create(engagement=engagement, **defaults)

    return make


def line_data(**changes) -> dict:
    """POST data for the budget-line form: a planned travel cost of 12 000 kr in 2026."""
    data = {
        "year": "2026",
        "direction": "cost",
        "cost_category": "resor",
        "funding_source": "",
        "description": "Resa till Røros",
        "planned_amount": "12 000",
        "actual_amount": "",
        "currency": "SEK",
        "exchange_rate": "",
        "ansvar": "",
        "verksamhet": "",
        "projekt": "",
    }
    data.update(changes)
    return data
