"""The search box in the header, in a real browser: reached and used with the keyboard alone, and every state
of the results page (hits, empty, no hits, an error) without WCAG 2.1 A/AA violations (axe-core)."""

from urllib.parse import quote

import pytest

from tests.browser.test_keyboard import active, has_visible_focus, tab_to

pytestmark = pytest.mark.browser


def test_lisa_searches_from_the_header_with_the_keyboard_only(site, page, login, assert_accessible):
    login(site.users["lisa"])
    page.goto("/")
    tab_to(page, "el.id === 'site-search-q'")
    assert has_visible_focus(page), "Sökrutan ska ha en synlig fokusram."
    page.keyboard.type("roros")
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert "/partner/sok/?q=roros" in page.url
    assert page.get_by_role("heading", level=1).inner_text() == "Sök i partnerregistret"
    organisations = page.get_by_role("region", name="Organisationer (1)")
    assert organisations.get_by_role("link", name="Røros kommune").is_visible()
    assert page.get_by_role("region", name="Kontaktpersoner (1)").get_by_role("link", name="Ingrid Haugen").is_visible()
    assert page.locator("#site-search-q").input_value() == "roros"
    assert_accessible(page, "sökresultatet")
    # On to the first hit with the keyboard.
    tab_to(page, "el.tagName === 'A' && el.textContent.trim() === 'Røros kommune'")
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert page.url.endswith(f"/partner/{site.partner.pk}/")


def test_the_header_search_box_has_an_accessible_name_and_a_search_landmark(site, page, login):
    login(site.users["hans"])
    page.goto("/")
    box = page.get_by_role("search").first.get_by_role("searchbox", name="Sök organisationer, personer och nätverk")
    assert box.is_visible()
    box.focus()
    assert active(page, "el.id") == "site-search-q"


@pytest.mark.parametrize(
    ("what", "query", "expected"),
    [
        ("träffar och en del utan träffar", "?q=roros", "Inga nätverk matchar sökningen."),
        ("träff i en beskrivning", "?q=" + quote("gemensamma"), "Träff i syfte med medlemskapet:"),
        ("tom sökning", "", "Skriv ett eller flera ord i sökrutan"),
        ("inga träffar", "?q=finnsintealls", "Inget i partnerregistret matchar"),
        ("för långt sökord", "?q=" + "x" * 201, "Skriv ett kortare sökord, högst 200 tecken."),
        ("skript i sökordet", "?q=" + quote('<script>alert("x")</script>'), "Inget i partnerregistret matchar"),
    ],
)
def test_the_results_page_has_no_wcag_violations_with(what, query, expected, site, page, login, assert_accessible):
    login(site.users["lisa"])
    response = page.goto(f"/partner/sok/{query}")
    assert response.status == 200
    assert expected in page.locator("main").inner_text()
    assert_accessible(page, f"söksidan: {what}")


def test_the_error_summary_leads_to_the_search_field(site, page, login):
    login(site.users["lisa"])
    page.goto("/partner/sok/?q=" + "x" * 201)
    page.locator(".error-summary a").click()
    assert active(page, "el.id") == "id_q"


def test_erik_has_no_search_box_and_is_refused_the_search_page(site, page, login):
    login(site.users["erik"])
    page.goto("/")
    assert page.locator("#site-search-q").count() == 0
    assert page.goto("/partner/sok/?q=roros").status == 403


@pytest.mark.parametrize(
    "path",
    ["/partner/?q=roros", "/partner/kontakter/?q=rektor", "/partner/natverk/?q=gr%C3%A4ns", "/partner/natverk/?q=nix"],
)
def test_the_lists_searched_from_show_all_have_no_wcag_violations(path, site, page, login, assert_accessible):
    login(site.users["lisa"])
    assert page.goto(path).status == 200
    assert_accessible(page, path)
