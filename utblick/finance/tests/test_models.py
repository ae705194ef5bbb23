"""What the database itself refuses, and the funding sources every installation starts with."""

from decimal import Decimal

import pytest
from django.db import IntegrityError, transaction

from utblick.finance.models import BudgetLine, FundingSource


def test_the_seeded_funding_sources_are_there_and_only_the_own_budget_is_internal(sources):
    assert set(sources) == {
        "Egen budget",
        "Interreg Sverige-Norge",
        "Interreg Aurora",
        "Erasmus+",
        "Statliga medel",
        "Regionala medel",
        "Partners bidrag",
    }
    assert [name for name, source in sources.items() if not source.is_external] == ["Egen budget"]
    assert sources["Interreg Aurora"].kind == FundingSource.Kind.EU_PROGRAMME


@pytest.mark.parametrize(
    "fields",
    [
        {"planned_amount": Decimal(-1)},
        {"actual_amount": Decimal("-0.01")},
        {"exchange_rate": Decimal(0)},
        {"year": 1800},
        {"year": 2101},
        {"cost_category": ""},  # a cost without a category
    ],
)
def test_the_database_refuses_impossible_lines(engagement, make_line, fields):
    with pytest.raises(IntegrityError), transaction.atomic():
        make_line(engagement, **fields)
    assert not BudgetLine.objects.exists()


def test_the_database_refuses_income_without_a_source(engagement):
    with pytest.raises(IntegrityError), transaction.atomic():
        BudgetLine.objects.create(engagement=engagement, year=2026, direction="income", planned_amount=Decimal(1))


def test_a_funding_source_in_use_cannot_be_deleted(engagement, make_line, sources):
    from django.db.models import ProtectedError

    make_line(engagement, source="Erasmus+")
    with pytest.raises(ProtectedError):
        sources["Erasmus+"].delete()


def test_removing_a_line_with_an_empty_post_still_works(client_for, engagement, make_line):
    line = make_line(engagement)
    response = client_for("hans").post(f"/engagemang/{engagement.pk}/ekonomi/{line.pk}/ta-bort/")
    assert response.status_code == 302
    assert not BudgetLine.objects.filter(pk=line.pk).exists()
