"""Signing in through the real Swedish login form, typed like a person would."""

import pytest

pytestmark = pytest.mark.browser

PASSWORD = "rätt-häst-batteri-42"


def test_hans_signs_in_through_the_swedish_login_form_and_lands_on_the_start_page(site, page):
    hans = site.users["hans"]
    hans.set_password(PASSWORD)
    hans.save()

    page.goto("/engagemang/")
    assert "/konto/logga-in/" in page.url, "En anonym besökare ska skickas till inloggningen."
    assert page.locator("html").get_attribute("lang") == "sv"
    assert page.get_by_role("heading", level=1).inner_text() == "Logga in i Utblick"

    page.get_by_label("Användarnamn").focus()
    page.keyboard.type("hans")
    page.keyboard.press("Tab")
    page.keyboard.type("fel-lösenord")
    with page.expect_navigation():
        page.keyboard.press("Enter")
    summary = page.locator(".error-summary").inner_text()
    assert "användarnamn" in summary.lower() and "lösenord" in summary.lower()
    assert page.get_by_label("Användarnamn").input_value() == "hans", "Det användaren skrev ska finnas kvar."

    page.get_by_label("Lösenord").focus()
    page.keyboard.type(PASSWORD)
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert page.url.endswith("/engagemang/"), "Efter inloggningen ska man komma till sidan man bad om."
    assert page.get_by_role("heading", level=1).inner_text() == "Engagemang"

    page.goto("/")
    assert page.get_by_role("heading", level=1).inner_text() == "Välkommen, Hans"
    assert page.get_by_role("button", name="Logga ut").is_visible()
