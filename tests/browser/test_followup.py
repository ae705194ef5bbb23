"""The yearly follow-up page in a real browser: the tables, another year and a wrong year have no axe violations,
and an engagement in the list leads to its economy page (as Sara and as Hans)."""

import pytest

pytestmark = pytest.mark.browser


@pytest.mark.parametrize("username", ["sara", "hans"])
def test_the_yearly_follow_up_is_accessible_and_leads_to_the_economy(
    page, site, login, assert_accessible, live_server, username
):
    login(site.users[username])
    base = live_server.url
    page.goto(f"{base}/uppfoljning/ar/?year=2025")
    assert page.locator("h1").inner_text() == "Årlig uppföljning 2025"
    # The ongoing exchange with Røros has no budget for 2025: it is listed as lacking its outcome.
    row = page.locator("tbody tr", has_text="Skolutbyte med Røros")
    assert "Utfall för året saknas" in row.inner_text()
    assert page.locator("table caption").count() >= 2
    assert_accessible(page, "årsuppföljningen")
    page.goto(f"{base}/uppfoljning/ar/")
    assert_accessible(page, "årsuppföljningen för förra året")
    page.goto(f"{base}/uppfoljning/ar/?year=tjugo")
    assert page.get_by_text("Ange året med fyra siffror, t.ex. 2025.").first.is_visible()
    assert_accessible(page, "årsuppföljningen med fel år")
    page.goto(f"{base}/uppfoljning/ar/?year=2025")
    page.locator("tbody tr", has_text="Skolutbyte med Røros").get_by_role("link", name="Ekonomi").click()
    page.wait_for_load_state()
    assert page.url.endswith(f"/engagemang/{site.open_engagement.pk}/ekonomi/")
