"""Notifications in a real browser: Sara sees her unread count in the header, opens a notification (she lands on
its link and the count drops), filters the unread ones and changes her email choices with the keyboard only. The
inbox (all, unread only, empty) and the choices page have no axe violations."""

import pytest

pytestmark = pytest.mark.browser


@pytest.fixture
def sara_notified(site, settings):
    """Three unread notifications for Sara, made the way the apps make them (notify, by Hans)."""
    from django.urls import reverse

    from utblick.notifications.actions import notify
    from utblick.notifications.kinds import Kind

    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    sara, hans, engagement = site.users["sara"], site.users["hans"], site.open_engagement
    notify(
        [sara],
        kind=Kind.ENGAGEMENT_CHANGE,
        title="”%(title)s” har ändrats",
        text="Hans Handläggare ändrade: Syfte",
        params={"title": "Gammal vänortsförbindelse"},
        url=reverse("engagements:history", args=[site.archived_engagement.pk]),
        by=hans,
    )
    notify(
        [sara],
        kind=Kind.TRIP_DECISION,
        title="Resan till Røros saknar beslut",
        url=reverse("engagements:trips_lacking_decision"),
        by=None,
    )
    notify(
        [sara],
        kind=Kind.HANDOVER,
        title="”%(title)s” föreslås för överlämning till Kommunstyrelsen",
        params={"title": engagement.title},
        url=reverse("engagements:detail", args=[engagement.pk]),
        by=hans,
    )
    return sara


def header_link(page):
    return page.locator("header").get_by_role("link", name="Aviseringar")


def test_sara_opens_a_notification_and_the_unread_count_drops(page, site, login, assert_accessible, sara_notified):
    login(sara_notified)
    page.goto("/")
    assert header_link(page).inner_text() == "Aviseringar (3 olästa)"
    header_link(page).click()
    assert page.get_by_role("heading", level=1).inner_text() == "Aviseringar"
    assert page.get_by_text("Du har 3 olästa aviseringar.").is_visible()
    assert page.locator("tbody tr").count() == 3
    assert page.locator("tbody tr").first.get_by_text("Oläst").is_visible()  # in words, not only by style
    assert_accessible(page, "aviseringarna")

    page.get_by_role("link", name="”Skolutbyte med Røros” föreslås för överlämning till Kommunstyrelsen").click()
    page.wait_for_url(f"**/engagemang/{site.open_engagement.pk}/")
    assert header_link(page).inner_text() == "Aviseringar (2 olästa)"

    page.goto("/aviseringar/")
    page.get_by_role("link", name="Bara olästa").click()
    assert page.locator("tbody tr").count() == 2
    assert page.get_by_role("link", name="Bara olästa").get_attribute("aria-current") == "page"
    assert_accessible(page, "de olästa aviseringarna")

    page.get_by_role("button", name="Markera alla som lästa").click()
    assert page.get_by_text("2 aviseringar markerades som lästa.").is_visible()
    assert header_link(page).inner_text() == "Aviseringar"
    page.get_by_role("link", name="Bara olästa").click()
    assert page.get_by_text("Du har inga olästa aviseringar.").is_visible()
    assert_accessible(page, "en tom lista med aviseringar")


def test_sara_changes_her_email_choices_with_the_keyboard(page, site, login, assert_accessible, sara_notified):
    from utblick.notifications.models import email_choices

    login(sara_notified)
    page.goto("/aviseringar/installningar/")
    assert page.get_by_role("heading", level=1).inner_text() == "Aviseringar med e-post"
    handover = page.get_by_role("checkbox", name="Överlämningar till Kommunstyrelsen")
    news = page.get_by_role("checkbox", name="Nyheter från samordnaren")
    assert handover.is_checked() and not news.is_checked()
    assert_accessible(page, "valen av e-post")

    handover.focus()
    page.keyboard.press("Space")  # off
    for _ in range(20):  # on to the news box with Tab, as one does without a mouse
        if news.evaluate("element => element === document.activeElement"):
            break
        page.keyboard.press("Tab")
    page.keyboard.press("Space")  # on
    save = page.get_by_role("button", name="Spara")
    for _ in range(20):
        if save.evaluate("element => element === document.activeElement"):
            break
        page.keyboard.press("Tab")
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert page.get_by_text("Dina val av e-post är sparade.").is_visible()
    assert not handover.is_checked() and news.is_checked()
    choices = email_choices(sara_notified)
    assert choices["handover"] is False and choices["news"] is True and choices["approval"] is True
    assert_accessible(page, "valen av e-post efter sparandet")


def test_without_an_email_address_the_choices_page_says_so(page, site, login, assert_accessible):
    lisa = site.users["lisa"]
    lisa.email = ""
    lisa.save()
    login(lisa)
    page.goto("/aviseringar/installningar/")
    assert page.get_by_text("Ditt konto har ingen e-postadress").is_visible()
    assert_accessible(page, "valen av e-post utan adress")
