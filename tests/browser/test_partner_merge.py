"""Duplicates in a real browser: suggestions appear while typing, and Sara merges two records step by step,
each page with zero axe violations."""

import pytest

pytestmark = pytest.mark.browser


def _suggestions(page):
    return page.locator("#duplicate-suggestions")


def test_a_similar_organisation_is_suggested_while_hans_types(site, page, login, assert_accessible):
    login(site.users["hans"])
    page.goto("/partner/ny/")
    region = _suggestions(page)
    assert region.get_attribute("aria-live") == "polite"
    assert region.inner_text().strip() == ""
    page.get_by_label("Namn", exact=False).first.press_sequentially("Roros kommun", delay=20)
    link = region.get_by_role("link", name="Røros kommune")
    link.wait_for()
    assert "Liknande namn" in region.inner_text()
    assert_accessible(page, "ny partner med förslag på dubbletter")

    page.get_by_label("Namn", exact=False).first.fill("Helt annat namn")
    page.wait_for_function("document.getElementById('duplicate-suggestions').innerText.trim() === ''")


def test_a_contact_with_the_same_email_is_suggested(site, page, login, assert_accessible):
    login(site.users["hans"])
    page.goto("/partner/kontakter/ny/")
    page.locator("#id_email").fill("INGRID@roros.no")
    region = _suggestions(page)
    region.get_by_role("link", name="Ingrid Haugen").wait_for()
    assert "Samma e-postadress" in region.inner_text()
    assert_accessible(page, "ny kontaktperson med förslag på dubbletter")


def test_without_javascript_the_form_lists_duplicates_after_a_save_attempt(site, browser, live_server, login):
    from django.conf import settings
    from django.test import Client

    client = Client()
    client.force_login(site.users["hans"])
    context = browser.new_context(base_url=live_server.url, java_script_enabled=False, locale="sv-SE")
    try:
        cookie = client.cookies[settings.SESSION_COOKIE_NAME]
        context.add_cookies([{"name": settings.SESSION_COOKIE_NAME, "value": cookie.value, "url": live_server.url}])
        page = context.new_page()
        page.goto("/partner/ny/")
        page.locator("#id_name").fill("Röros kommun")
        with page.expect_navigation():
            page.get_by_role("button", name="Lägg till organisationen").click()
        assert page.locator(".error-summary").is_visible()  # no country chosen
        assert _suggestions(page).get_by_role("link", name="Røros kommune").is_visible()
    finally:
        context.close()


def test_sara_merges_a_duplicate_organisation(site, page, login, assert_accessible):
    from utblick.partners.actions import create_organisation
    from utblick.partners.models import Organisation

    sara = site.users["sara"]
    duplicate = create_organisation(
        by=sara, fields={"name": "Röros kommun", "country": "SE", "kind": "kommun", "city": ""}
    )
    login(sara)
    page.goto(f"/partner/{site.partner.pk}/")
    with page.expect_navigation():
        page.get_by_role("link", name="Slå ihop med en dubblett").click()
    assert page.get_by_role("heading", level=1).inner_text() == "Slå ihop Røros kommune med en dubblett"
    assert page.get_by_label("Röros kommun", exact=False).is_checked()
    assert_accessible(page, "välj dubblett")

    page.get_by_label("Sök en annan post på namn").fill("<script>x</script>")
    with page.expect_navigation():
        page.get_by_role("button", name="Sök", exact=True).last.click()
    assert_accessible(page, "välj dubblett, sökning utan träffar")

    page.goto(f"/partner/{site.partner.pk}/sla-ihop/")
    with page.expect_navigation():
        page.get_by_role("button", name="Jämför de två").click()
    table = page.get_by_role("table", name="De två posterna sida vid sida")
    assert "Röros kommun" in table.inner_text() and "Røros kommune" in table.inner_text()
    assert page.get_by_label("Behåll Røros kommune", exact=False).is_checked()
    assert_accessible(page, "jämför och slå ihop")

    with page.expect_navigation():
        page.get_by_role("button", name="Slå ihop").click()
    assert page.url.endswith(f"/partner/{site.partner.pk}/")
    assert "har slagits ihop med" in page.locator(".messages").inner_text()
    assert "Sammanslagen med dubbletten" in page.locator("section[aria-labelledby=history-heading]").inner_text()
    assert not Organisation.objects.filter(pk=duplicate.pk).exists()
    assert_accessible(page, "partnersidan efter sammanslagning")


def test_sara_merges_a_duplicate_contact_and_keeps_the_other_one(site, page, login, assert_accessible):
    from utblick.partners.actions import create_contact
    from utblick.partners.models import Contact

    sara = site.users["sara"]
    duplicate = create_contact(by=sara, fields={"name": "Ingrid Haugen", "phone": "+47 72 41 90 00"})
    login(sara)
    page.goto(f"/partner/kontakter/{site.contact.pk}/sla-ihop/")
    assert "Samma namn" in page.locator("main").inner_text()
    with page.expect_navigation():
        page.get_by_role("button", name="Jämför de två").click()
    page.get_by_label(f"Behåll Ingrid Haugen (nr {duplicate.pk})").check()
    assert_accessible(page, "jämför och slå ihop kontaktpersoner")
    with page.expect_navigation():
        page.get_by_role("button", name="Slå ihop").click()
    assert page.url.endswith(f"/partner/kontakter/{duplicate.pk}/")
    assert not Contact.objects.filter(pk=site.contact.pk).exists()
    duplicate.refresh_from_db()
    assert duplicate.email == "ingrid@roros.no"
    assert_accessible(page, "kontaktpersonen efter sammanslagning")


def test_merge_errors_are_shown_accessibly(site, page, login, assert_accessible):
    login(site.users["sara"])
    page.goto(f"/partner/{site.partner.pk}/sla-ihop/?med={site.partner.pk}")
    assert "kan inte slås ihop med sig själv" in page.locator(".error-summary").inner_text()
    assert_accessible(page, "sammanslagning med sig själv")
    page.goto(f"/partner/{site.partner.pk}/sla-ihop/?med=999999")
    assert "finns inte längre" in page.locator(".error-summary").inner_text()
