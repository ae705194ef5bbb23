"""The sums are right: a small budget made by hand, in several currencies and years, adds up as counted on paper."""

from decimal import Decimal

import pytest

from utblick.finance.summary import economy_of


@pytest.fixture
def budget(engagement, make_line):
    # 2025: travel 10 000 SEK planned, 9 500 actual; 1 000 EUR at 11,50 planned, 1 200 EUR actual.
    make_line(engagement, year=2025, planned_amount=Decimal(10000), actual_amount=Decimal(9500))
    make_line(
        engagement,
        year=2025,
        cost_category="kopta_tjanster",
        planned_amount=Decimal(1000),
        actual_amount=Decimal(1200),
        currency="EUR",
        exchange_rate=Decimal("11.50"),
    )
    # Erasmus+ pays 8 000 EUR planned at 11,50, 7 000 EUR actual; the own budget 5 000 SEK (not external).
    make_line(
        engagement,
        year=2025,
        source="Erasmus+",
        planned_amount=Decimal(8000),
        actual_amount=Decimal(7000),
        currency="EUR",
        exchange_rate=Decimal("11.50"),
    )
    make_line(engagement, year=2025, source="Egen budget", planned_amount=Decimal(5000), actual_amount=Decimal(5000))
    # 2026: working time 20 000 SEK planned, no outcome yet; 10 000 NOK from Interreg at 0,985 planned.
    make_line(engagement, year=2026, cost_category="arbetstid", planned_amount=Decimal(20000))
    make_line(
        engagement,
        year=2026,
        source="Interreg Sverige-Norge",
        planned_amount=Decimal(10000),
        currency="NOK",
        exchange_rate=Decimal("0.985"),
    )
    return engagement


def test_each_year_adds_up_costs_and_external_income_in_kronor(budget):
    economy = economy_of(budget)
    y2025, y2026 = economy.years
    assert (y2025.year, y2026.year) == (2025, 2026)
    assert y2025.totals.cost_planned == Decimal("21500.00")  # 10 000 + 1 000 × 11,50
    assert y2025.totals.cost_actual == Decimal("23300.00")  # 9 500 + 1 200 × 11,50
    assert y2025.totals.income_planned == Decimal("97000.00")  # 8 000 × 11,50 + 5 000
    assert y2025.totals.external_planned == Decimal("92000.00")  # the own budget is not external
    assert y2025.totals.external_actual == Decimal("80500.00")
    assert y2025.totals.net_planned == Decimal("-70500.00")
    assert y2025.totals.net_actual == Decimal("-57200.00")
    assert y2026.totals.cost_planned == Decimal("20000.00")
    assert y2026.totals.cost_actual == Decimal(0)
    assert y2026.totals.external_planned == Decimal("9850.00")  # 10 000 NOK × 0,985
    assert y2026.totals.net_planned == Decimal("10150.00")


def test_the_whole_engagement_is_the_sum_of_its_years(budget):
    totals = economy_of(budget).totals
    assert totals.cost_planned == Decimal("41500.00")
    assert totals.external_planned == Decimal("101850.00")
    assert totals.net_planned == Decimal("-60350.00")
    assert totals.net_actual == Decimal("-57200.00")
    assert economy_of(budget).line_count == 6


def test_sek_value_is_rounded_to_whole_ore(engagement, make_line):
    line = make_line(engagement, planned_amount=Decimal("333.33"), currency="EUR", exchange_rate=Decimal("11.4567"))
    assert line.planned_sek == Decimal("3818.86")  # 3 818,8619…
    assert line.actual_sek is None


def test_economy_page_shows_the_figures_in_swedish_format(client_for, budget):
    page = client_for("lisa").get(f"/engagemang/{budget.pk}/ekonomi/").content.decode()
    assert "21\xa0500,00 kr" in page or "21 500,00 kr" in page
    assert "Nettokostnad för kommunen" in page
    assert "ej angivet" in page  # the 2026 working time has no outcome yet
    assert "kurs 11,5" in page


def test_engagement_page_shows_the_totals_and_links_to_the_economy(client_for, budget):
    page = client_for("per").get(f"/engagemang/{budget.pk}/").content.decode()
    assert f"/engagemang/{budget.pk}/ekonomi/" in page
    assert "41\xa0500,00 kr" in page or "41 500,00 kr" in page


def test_other_engagements_lines_are_not_counted(engagement, make_engagement, make_line):
    other = make_engagement(title="Annat engagemang")
    make_line(other, planned_amount=Decimal(99999))
    make_line(engagement, planned_amount=Decimal(100))
    assert economy_of(engagement).totals.cost_planned == Decimal("100.00")
