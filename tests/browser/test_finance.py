"""The economy of an engagement in a real browser: the page, its forms and their errors have no axe violations,
and a line can be added, corrected and removed with the keyboard-reachable forms (as Sara and as Hans)."""

from decimal import Decimal

import pytest

pytestmark = pytest.mark.browser


@pytest.fixture
def budget(site):
    from utblick.finance import actions
    from utblick.finance.models import FundingSource

    engagement, hans = site.open_engagement, site.users["hans"]
    # get_or_create: the live server's tests empty the tables afterwards, the seeded sources included.
    erasmus, _ = FundingSource.objects.get_or_create(name="Erasmus+", defaults={"kind": "eu_program"})
    base = {"year": "2025", "direction": "cost", "cost_category": "resor", "planned_amount": "10 000"}
    actions.add_budget_line(engagement, by=hans, fields={**base, "actual_amount": "9 500", "ansvar": "4100"})
    actions.add_budget_line(
        engagement,
        by=hans,
        fields={
            **base,
            "cost_category": "kopta_tjanster",
            "planned_amount": "1000",
            "currency": "EUR",
            "exchange_rate": "11,50",
        },
    )
    actions.add_budget_line(
        engagement,
        by=hans,
        fields={
            **base,
            "year": "2026",
            "direction": "income",
            "funding_source": erasmus,
            "planned_amount": "8000",
            "currency": "EUR",
            "exchange_rate": "11,50",
            "description": "Ackreditering",
        },
    )
    return engagement


@pytest.mark.parametrize("username", ["sara", "hans"])
def test_economy_pages_and_forms_are_accessible(page, site, budget, login, assert_accessible, username):
    from utblick.finance.models import BudgetLine

    login(site.users[username])
    url = f"/engagemang/{budget.pk}/ekonomi/"
    assert page.goto(f"/engagemang/{budget.pk}/").status == 200
    assert_accessible(page, "engagemangssidan med ekonomi")
    with page.expect_navigation():
        page.get_by_role("link", name="Visa och ändra budget och utfall").click()
    assert page.get_by_role("heading", name="2025").is_visible()
    assert_accessible(page, "ekonomisidan")

    # The add form re-shown with its errors, then filled in correctly.
    page.get_by_label("Planerat belopp", exact=True).fill("-5")
    with page.expect_navigation():
        page.get_by_role("button", name="Lägg till raden").click()
    assert page.locator(".error-summary").is_visible()
    assert_accessible(page, "ekonomisidan med fel i formuläret")
    page.get_by_label("År", exact=True).fill("2026")
    page.get_by_role("radio", name="Kostnad").check()
    page.get_by_label("Kostnadsslag (för kostnader)", exact=True).select_option("arbetstid")
    page.get_by_label("Planerat belopp", exact=True).fill("20 000")
    with page.expect_navigation():
        page.get_by_role("button", name="Lägg till raden").click()
    assert page.url.endswith(url)
    assert BudgetLine.objects.filter(engagement=budget, cost_category="arbetstid", planned_amount=20000).exists()

    line = BudgetLine.objects.get(engagement=budget, cost_category="resor")
    assert page.goto(f"{url}{line.pk}/redigera/").status == 200
    assert_accessible(page, "ändra budgetrad")
    page.get_by_label("Valuta", exact=True).fill("XYZ")
    with page.expect_navigation():
        page.get_by_role("button", name="Spara ändringarna").click()
    assert page.locator(".error-summary").is_visible()
    assert_accessible(page, "ändra budgetrad med fel")
    page.get_by_label("Valuta", exact=True).fill("SEK")
    page.get_by_label("Utfall", exact=True).fill("9 800,50")
    with page.expect_navigation():
        page.get_by_role("button", name="Spara ändringarna").click()
    line.refresh_from_db()
    assert line.actual_amount == Decimal("9800.50")

    assert page.goto(f"{url}{line.pk}/ta-bort/").status == 200
    assert_accessible(page, "ta bort budgetrad")
    with page.expect_navigation():
        page.get_by_role("button", name="Ta bort raden").click()
    assert not BudgetLine.objects.filter(pk=line.pk).exists()
    assert_accessible(page, "ekonomisidan efter borttagning")
