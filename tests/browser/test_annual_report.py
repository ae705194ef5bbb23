"""The annual report in a real browser: the report with its charts, a list behind a figure and the year error
have no axe violations, and a figure leads to the engagements behind it (as Sara and as Hans)."""

import pytest

from utblick.reports.tests import annual_data

pytestmark = pytest.mark.browser


@pytest.mark.parametrize("username", ["sara", "hans"])
def test_the_report_and_the_lists_behind_its_figures_are_accessible(
    page, site, login, assert_accessible, live_server, make_engagement, units, personas, username
):
    annual_data.build(make_engagement, units, personas)
    login(site.users[username])
    base = live_server.url
    page.goto(f"{base}/uppfoljning/arsrapport/?year=2025")
    assert page.locator("h1").inner_text() == "Internationellt arbete 2025 – Hela kommunen"
    assert page.locator("figure.chart svg").count() >= 3
    assert "Under 2025 bedrev Härjedalens kommun" in page.locator(".report-summary").inner_text()
    assert_accessible(page, "årsrapporten")
    page.goto(f"{base}/uppfoljning/arsrapport/?year=2025&unit={units['buf'].pk}")
    assert_accessible(page, "årsrapporten för en enhet")
    page.goto(f"{base}/uppfoljning/arsrapport/?year=tjugo")
    assert "Ange året med fyra siffror" in page.content()
    assert_accessible(page, "årsrapporten med fel i året")

    page.goto(f"{base}/uppfoljning/arsrapport/?year=2025")
    page.locator("#partners_by_country ~ .table-wrap table tbody tr", has_text="Norge").locator("a").first.click()
    page.wait_for_load_state()
    assert "/uppfoljning/arsrapport/underlag/" in page.url
    assert page.locator("h1").inner_text() == "Engagemang med samarbetspartner i Norge, 2025"
    assert_accessible(page, "listan bakom en siffra")
    page.locator("main table").get_by_role("link", name="Skolutbyte med Røros").first.click()
    page.wait_for_load_state()
    assert "/engagemang/" in page.url
