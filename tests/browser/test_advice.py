"""Fråga samordnaren in a real browser: Hans asks from the start page (first with errors), Sara answers from her
list, Hans follows up and closes, Sara publishes the question as a FAQ entry, Lisa finds it by searching; every
page on the way has no axe violations (WCAG 2.0/2.1 A and AA)."""

import pytest

pytestmark = pytest.mark.browser


def test_asking_answering_and_publishing_as_faq(page, site, login, assert_accessible):
    from utblick.knowledge.models import AdviceRequest, FaqEntry

    hans, sara, lisa = site.users["hans"], site.users["sara"], site.users["lisa"]

    # Hans asks, from the start page.
    login(hans)
    page.goto("/")
    with page.expect_navigation():
        page.get_by_role("link", name="Fråga samordnaren").first.click()
    assert page.get_by_role("heading", name="Fråga samordnaren", level=1).is_visible()
    assert_accessible(page, "ny fråga")
    with page.expect_navigation():
        page.get_by_role("button", name="Skicka frågan").click()
    assert page.get_by_text("Skriv din fråga till samordnaren.").first.is_visible()
    assert_accessible(page, "ny fråga med fel")
    page.get_by_label("Ämne", exact=False).fill("Bidrag till elevutbyte")
    page.get_by_label("Din fråga", exact=False).fill("Vilket EU-program passar vårt elevutbyte med Røros?")
    page.get_by_label("Engagemang som frågan gäller", exact=False).select_option(str(site.open_engagement.pk))
    page.get_by_label("Land", exact=False).select_option("NO")
    with page.expect_navigation():
        page.get_by_role("button", name="Skicka frågan").click()
    advice = AdviceRequest.objects.get()
    assert page.url.endswith(f"/kunskap/fragor/{advice.pk}/")
    assert page.get_by_text("Din fråga är skickad till samordnaren.").is_visible()
    assert_accessible(page, "frågan, som den som frågade ser den")
    page.goto("/kunskap/fragor/")
    assert page.get_by_role("link", name="Bidrag till elevutbyte").is_visible()
    assert_accessible(page, "mina frågor")

    # Sara answers from her list.
    login(sara)
    page.goto("/kunskap/fragor/?state=open")
    assert page.get_by_role("cell", name="Hans Handläggare").is_visible()
    assert_accessible(page, "samordnarens lista")
    with page.expect_navigation():
        page.get_by_role("link", name="Bidrag till elevutbyte").click()
    with page.expect_navigation():
        page.get_by_role("button", name="Skicka svaret").click()
    assert page.get_by_text("Skriv ditt svar till den som frågade.").first.is_visible()
    assert_accessible(page, "svar med fel")
    page.get_by_label("Ditt svar", exact=False).fill("Hej Hans! Erasmus+ skolutbyte passar; ansök i februari.")
    with page.expect_navigation():
        page.get_by_role("button", name="Skicka svaret").click()
    assert page.get_by_role("heading", name="Svar från Sara Samordnare").is_visible()
    assert_accessible(page, "frågan, som samordnaren ser den")

    # Hans follows up, then closes.
    login(hans)
    page.goto(f"/kunskap/fragor/{advice.pk}/")
    page.get_by_label("Din följdfråga", exact=False).fill("Gäller det även gymnasiet?")
    with page.expect_navigation():
        page.get_by_role("button", name="Skicka följdfrågan").click()
    assert page.get_by_text("Väntar på svar").first.is_visible()
    with page.expect_navigation():
        page.get_by_role("button", name="Avsluta frågan").click()
    advice.refresh_from_db()
    assert advice.state == "closed"
    assert_accessible(page, "avslutad fråga")

    # Sara publishes it as a FAQ entry, without Hans's name.
    login(sara)
    page.goto(f"/kunskap/fragor/{advice.pk}/")
    with page.expect_navigation():
        page.get_by_role("link", name="Publicera som vanlig fråga").click()
    assert_accessible(page, "publicera som vanlig fråga")
    page.locator("#id_question").fill("Vilket EU-program passar ett elevutbyte?")
    page.locator("#id_answer").fill("Erasmus+ skolutbyte passar; ansök i februari.")
    with page.expect_navigation():
        page.get_by_role("button", name="Publicera").click()
    assert page.get_by_text("Välj en kategori för frågan.").first.is_visible()
    assert_accessible(page, "publicera med fel")
    page.get_by_label("Kategori", exact=False).select_option("funding")
    with page.expect_navigation():
        page.get_by_role("button", name="Publicera").click()
    entry = FaqEntry.objects.get()
    assert page.url.endswith(f"/kunskap/vanliga-fragor/{entry.pk}/")
    assert_accessible(page, "vanlig fråga, som samordnaren ser den")

    # Lisa finds it by searching.
    login(lisa)
    page.goto("/kunskap/vanliga-fragor/")
    assert_accessible(page, "vanliga frågor")
    page.get_by_label("Sök bland de vanliga frågorna", exact=False).fill("erasmus")
    with page.expect_navigation():
        page.get_by_role("search", name="Sök och filtrera vanliga frågor").get_by_role("button", name="Sök").click()
    assert page.get_by_text("1 fråga matchar sökningen.").is_visible()
    assert "Hans" not in page.content()
    assert_accessible(page, "sökning bland vanliga frågor")
    with page.expect_navigation():
        page.get_by_role("link", name="Vilket EU-program passar ett elevutbyte?").click()
    assert page.get_by_role("heading", name="Svar").is_visible()
    assert_accessible(page, "vanlig fråga")
    page.goto("/kunskap/vanliga-fragor/?q=finnsinte")
    assert page.get_by_text("Inga vanliga frågor matchar sökningen.").is_visible()
    assert_accessible(page, "sökning utan träffar")
