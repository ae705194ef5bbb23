"""The policy health dashboard in a real browser: the table, a filtered view, a list behind a number and the
filter error have no axe violations, and a number leads to the engagement to fix (as Sara and as Hans)."""

import pytest

pytestmark = pytest.mark.browser


@pytest.mark.parametrize("username", ["sara", "hans"])
def test_the_dashboard_and_its_lists_are_accessible(page, site, login, assert_accessible, live_server, username):
    login(site.users[username])
    base = live_server.url
    page.goto(f"{base}/uppfoljning/")
    assert page.locator("table caption").count() == 1
    assert_accessible(page, "uppföljningen")
    page.goto(f"{base}/uppfoljning/?unit={site.unit.pk}")
    assert_accessible(page, "uppföljningen filtrerad på enhet")
    page.goto(f"{base}/uppfoljning/?unit=999999")
    assert_accessible(page, "uppföljningen med fel i filtret")
    page.goto(f"{base}/uppfoljning/")
    links = page.locator("table tfoot a")
    assert links.count() > 0
    links.first.click()
    page.wait_for_load_state()
    assert "/uppfoljning/brister/" in page.url
    assert_accessible(page, "listan bakom en siffra")
    page.locator("main ul.gap-list a").first.click()
    page.wait_for_load_state()
    assert "/engagemang/" in page.url
