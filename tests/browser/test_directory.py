"""The directory for local actors and the introduction requests in a real browser, as Erik (extern) and Sara
(samordnare): the list (filtered, empty), the detail pages, the request form (also with errors), the inbox, the
answer page and "Mina förfrågningar", each with zero WCAG 2.1 A/AA violations (axe-core). The mails go through
the real SMTP server of tests/smtp.py."""

from urllib.parse import quote

import pytest

pytestmark = pytest.mark.browser


@pytest.fixture
def shared_site(site):
    """The browser data set, with Ingrid's consent to be shown with her title and email."""
    site.contact.consent_to_share = True
    site.contact.shared_fields = ["title", "email"]
    site.contact.save()
    return site


def test_erik_lands_on_the_directory_and_filters_it(shared_site, page, login, assert_accessible):
    login(shared_site.users["erik"])
    page.goto("/")
    assert page.url.endswith("/katalog/")
    assert page.get_by_role("heading", level=1).inner_text() == "Katalog för lokala aktörer"
    assert page.get_by_role("link", name="Gränskommittén Nord").is_visible()
    assert page.get_by_role("link", name="Røros kommune").first.is_visible()
    assert "ingrid@roros.no" in page.locator("main").inner_text()
    assert_accessible(page, "katalogen")

    page.get_by_label("Land").select_option("EE")
    with page.expect_navigation():
        page.get_by_role("button", name="Visa").click()
    main = page.locator("main").inner_text()
    assert "Tartu linn" in main and "Røros kommune" not in main
    assert_accessible(page, "katalogen filtrerad på land")

    for what, query, expected in [
        ("utan träffar", "?q=finnsintealls", "Inga organisationer matchar sökningen."),
        ("med fel i filtret", "?country=XX&q=" + "x" * 201, "Skriv ett kortare sökord"),
        ("sökning med skript", "?q=" + quote("<script>alert(1)</script>"), "Inga organisationer matchar"),
    ]:
        assert page.goto(f"/katalog/{query}").status == 200
        assert expected in page.locator("main").inner_text(), what
        assert_accessible(page, f"katalogen {what}")


def test_the_empty_directory_has_no_violations(site, page, login, assert_accessible):
    from utblick.partners.models import Network, Organisation

    Organisation.objects.update(in_directory=False)
    Network.objects.update(in_directory=False)
    login(site.users["erik"])
    page.goto("/katalog/")
    assert "Katalogen har inga organisationer ännu." in page.locator("main").inner_text()
    assert_accessible(page, "en tom katalog")


def test_erik_asks_for_an_introduction_and_sara_answers(
    shared_site, page, login, assert_accessible, smtp_server, live_server
):
    site = shared_site
    login(site.users["erik"])
    page.goto(f"/katalog/organisation/{site.partner.pk}/")
    assert page.get_by_role("heading", level=1).inner_text() == "Røros kommune"
    assert "Ingrid Haugen" in page.get_by_role("region", name="Kontaktpersoner").inner_text()
    assert_accessible(page, "organisationens sida i katalogen")

    with page.expect_navigation():
        page.get_by_role("button", name="Skicka intresseanmälan").click()
    assert page.locator(".error-summary").is_visible()
    assert "Skriv vad du vill ha hjälp med" in page.locator("#id_message_error").inner_text()
    assert_accessible(page, "formuläret för intresseanmälan med fel")

    page.get_by_label("Vem vill du komma i kontakt med?").select_option(label="Ingrid Haugen, Rektor")
    page.get_by_label("Din organisation").fill("Funäsdalens skola")
    page.get_by_label("Vad vill du ha hjälp med?").fill("Vi vill starta ett elevutbyte med en skola i Røros.")
    with page.expect_navigation():
        page.get_by_role("button", name="Skicka intresseanmälan").click()
    assert page.url.endswith("/katalog/mina-forfragningar/")
    assert "Tack! Din intresseanmälan är skickad" in page.locator("main").inner_text()
    assert_accessible(page, "mina förfrågningar med en väntande")
    [mail] = smtp_server.messages
    assert mail.recipients == ["sara@kommun.example"]
    assert mail.subject == "Ny intresseanmälan från Funäsdalens skola"
    link = next(line for line in mail.body.splitlines() if "/katalog/forfragningar/" in line)
    assert link.startswith(live_server.url)

    page.goto(f"/katalog/natverk/{site.network.pk}/")
    assert page.get_by_role("heading", level=1).inner_text() == "Gränskommittén Nord"
    assert "Gemensamma projekt" not in page.locator("main").inner_text()  # the purpose is not shared
    assert_accessible(page, "nätverkets sida i katalogen")

    login(site.users["sara"])
    page.goto("/")
    assert "Nya intresseanmälningar (1)" in page.locator("main").inner_text()
    with page.expect_navigation():
        page.get_by_role("link", name="Visa intresseanmälningarna").click()
    assert page.get_by_role("heading", level=1).inner_text() == "Intresseanmälningar"
    assert_accessible(page, "inkorgen med intresseanmälningar")
    with page.expect_navigation():
        page.get_by_role("link", name="Funäsdalens skola").click()
    assert page.url == link
    assert_accessible(page, "en intresseanmälan att besvara")

    with page.expect_navigation():
        page.get_by_role("button", name="Skicka svaret").click()
    assert page.locator(".error-summary").is_visible()
    assert_accessible(page, "svarsformuläret med fel")
    page.get_by_label("Svar till den som frågade").fill("Jag har bett Ingrid kontakta dig.")
    with page.expect_navigation():
        page.get_by_role("button", name="Skicka svaret").click()
    assert "Svaret är sparat och skickat till den som frågade." in page.locator("main").inner_text()
    assert_accessible(page, "en hanterad intresseanmälan")
    answer = smtp_server.to("erik@kommun.example")
    assert [mail.subject for mail in answer] == ["Svar på din intresseanmälan till kommunen"]

    page.goto("/katalog/forfragningar/?status=ny")
    assert "Inga nya förfrågningar väntar på svar." in page.locator("main").inner_text()
    assert_accessible(page, "inkorgen utan nya förfrågningar")
    page.goto("/katalog/forfragningar/?status=fel")
    assert_accessible(page, "inkorgen med fel i filtret")
    page.goto("/katalog/")
    assert_accessible(page, "katalogen för samordnaren")
    page.goto("/katalog/mina-forfragningar/")
    assert "Du har inte skickat någon intresseanmälan ännu." in page.locator("main").inner_text()
    assert_accessible(page, "mina förfrågningar, tom")

    login(site.users["erik"])
    page.goto("/katalog/mina-forfragningar/")
    assert "Jag har bett Ingrid kontakta dig." in page.locator("main").inner_text()
    assert_accessible(page, "mina förfrågningar med ett svar")
