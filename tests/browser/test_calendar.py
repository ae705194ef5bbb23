"""The calendar in a real browser: the month view (this month and a wrong month), the list view and the
subscription section have no axe violations; an event leads to its engagement; a feed link can be renewed."""

import datetime

import pytest
from django.utils import timezone

pytestmark = pytest.mark.browser


@pytest.mark.parametrize("username", ["sara", "hans"])
def test_the_month_and_list_views_are_accessible(
    page, site, login, assert_accessible, live_server, username, make_engagement
):
    soon = timezone.localdate() + datetime.timedelta(days=1)
    engagement = make_engagement(title="Språkläger i Åre", start_date=soon, end_date=soon + datetime.timedelta(days=2))
    login(site.users[username])
    base = live_server.url
    page.goto(f"{base}/kalender/?month={soon:%Y-%m}")
    assert page.locator("table.calendar-month caption").count() == 1
    if soon.month == timezone.localdate().month:
        assert page.locator("td[aria-current=date]").count() == 1
    assert page.get_by_role("link", name="Start: Språkläger i Åre").count() == 1
    assert_accessible(page, "kalenderns månadsvy")
    page.goto(f"{base}/kalender/?month=2026-13")
    assert page.get_by_text("Ange månaden som år och månad med siffror").first.is_visible()
    assert_accessible(page, "kalendern med fel månad")
    page.goto(f"{base}/kalender/?view=list")
    assert page.get_by_role("heading", name="Kommande händelser").is_visible()
    assert_accessible(page, "kalenderns listvy")
    page.get_by_role("link", name="Start: Språkläger i Åre").click()
    page.wait_for_load_state()
    assert page.url.endswith(f"/engagemang/{engagement.pk}/")


def test_a_feed_link_can_be_renewed(page, site, login, assert_accessible, live_server):
    login(site.users["hans"])
    page.goto(f"{live_server.url}/kalender/")
    old = page.locator("code.feed-url").first.inner_text()
    page.get_by_role("button", name="Förnya länken för allt jag får se").click()
    page.wait_for_load_state()
    assert page.get_by_role("status").is_visible()
    assert page.locator("code.feed-url").first.inner_text() != old
    page.get_by_label("Enhet").last.select_option(str(site.unit.pk))
    page.get_by_role("button", name="Skapa länk för enheten").click()
    page.wait_for_load_state()
    assert page.locator("code.feed-url").count() == 2
    assert_accessible(page, "prenumerationerna")
