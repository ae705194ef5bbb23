"""Handover to Kommunstyrelsen in a real browser, as two users: Hans proposes the engagement with the keyboard,
logs out; Sara finds the notification, opens the proposal and accepts it; the engagement page then shows
Kommunstyrelsen as owner and Hans as knowledge holder. The form (with its errors), the list, the handover page
and the engagement page's section have no axe violations."""

import pytest

pytestmark = pytest.mark.browser


def test_a_handover_walks_from_proposal_to_acceptance_as_two_users(page, site, login, assert_accessible):
    from utblick.engagements.models import Engagement
    from utblick.engagements.models_handover import Handover

    engagement = site.open_engagement
    login(site.users["hans"])
    assert page.goto(f"/engagemang/{engagement.pk}/").status == 200
    assert page.get_by_role("heading", name="Överlämning till Kommunstyrelsen").is_visible()
    assert_accessible(page, "engagemangssidan med avsnittet om överlämning")

    link = page.get_by_role("link", name="Föreslå överlämning till Kommunstyrelsen")
    link.focus()
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert_accessible(page, "förslag om överlämning")

    # Sent empty first: the errors are listed, linked to their fields, and the page stays accessible.
    with page.expect_navigation():
        page.get_by_role("button", name="Skicka förslaget till samordnaren").click()
    assert page.get_by_text("Ange minst en person i kommunen som känner relationen").first.is_visible()
    assert_accessible(page, "förslag om överlämning med fel")

    page.get_by_label("Varför har relationen blivit kommunövergripande?", exact=False).focus()
    page.keyboard.type("Utbytet gäller nu hela kommunen och näringslivet.")
    page.keyboard.press("Tab")
    page.keyboard.type("Avtal om elevutbyte och en gemensam styrgrupp.")
    page.keyboard.press("Tab")
    page.keyboard.type("Styrgrupp varje kvartal.")
    page.get_by_label("Person i kommunen, rad 1").select_option(label="Hans Handläggare")
    page.get_by_label("Kontaktperson hos partnern, rad 1").select_option(label="Ingrid Haugen")
    page.get_by_label("Vad personen vet, rad 1").fill("Känner rektorn sedan 2019.")
    page.get_by_role("button", name="Skicka förslaget till samordnaren").focus()
    with page.expect_navigation():
        page.keyboard.press("Enter")
    handover = Handover.objects.get()
    assert page.url.endswith(f"/engagemang/overlamningar/{handover.pk}/")
    assert page.get_by_text("Förslaget om överlämning är skickat till samordnaren.").is_visible()
    assert_accessible(page, "överlämningens sida för den som föreslog")

    with page.expect_navigation():
        page.get_by_role("button", name="Logga ut").click()

    login(site.users["sara"])
    page.goto("/")
    with page.expect_navigation():
        page.get_by_role("link", name="Aviseringar", exact=False).first.click()
    with page.expect_navigation():
        page.get_by_role("link", name="Förslag om överlämning: Skolutbyte med Røros").click()
    assert page.url.endswith(f"/engagemang/overlamningar/{handover.pk}/")
    assert page.get_by_role("cell", name="Känner rektorn sedan 2019.").is_visible()
    assert_accessible(page, "överlämningens sida med samordnarens svar")

    assert page.goto("/engagemang/overlamningar/").status == 200
    assert page.get_by_role("rowheader", name="Skolutbyte med Røros").is_visible()
    assert_accessible(page, "listan över överlämningar")

    with page.expect_navigation():
        page.get_by_role("link", name="Skolutbyte med Røros").click()
    assert page.get_by_label("Mottagande enhet", exact=False).input_value() == str(
        Engagement.objects.get(pk=engagement.pk).owner_unit.__class__.objects.get(code="ks").pk
    )
    with page.expect_navigation():
        page.get_by_role("button", name="Ta emot överlämningen").click()
    assert page.get_by_text("Överlämningen är mottagen.", exact=False).is_visible()
    handover.refresh_from_db()
    assert handover.state == Handover.State.ACCEPTED

    with page.expect_navigation():
        page.get_by_role("link", name="Skolutbyte med Røros").first.click()
    facts = page.locator("dl.facts").first
    assert "Kommunstyrelsen" in facts.inner_text()
    section = page.locator("section[aria-labelledby='h-handover']")
    assert section.get_by_role("rowheader", name="Hans Handläggare").is_visible()
    assert "Kommunövergripande" in page.content()
    assert_accessible(page, "engagemangssidan efter överlämningen")

    # Hans, as knowledge holder, still reads it (his former officer role stays until Sara names another).
    login(site.users["hans"])
    assert page.goto(f"/engagemang/{engagement.pk}/").status == 200
    assert page.get_by_role("rowheader", name="Hans Handläggare").is_visible()


def test_a_partner_relation_is_proposed_and_declined_on_accessible_pages(page, site, login, assert_accessible):
    from utblick.engagements.models_handover import Handover

    partner = site.partner
    login(site.users["hans"])
    assert page.goto(f"/partner/{partner.pk}/").status == 200
    assert page.get_by_role("heading", name="Ansvar för relationen").is_visible()
    assert_accessible(page, "partnerns sida med ansvar för relationen")
    with page.expect_navigation():
        page.get_by_role("link", name="Föreslå överlämning till Kommunstyrelsen").click()
    assert_accessible(page, "förslag om överlämning av en relation")
    page.get_by_label("Lämnande enhet", exact=False).select_option(label=site.unit.name)
    page.get_by_role("checkbox", name="Skolutbyte med Røros", exact=False).check()
    page.get_by_label("Varför har relationen blivit kommunövergripande?", exact=False).fill("Flera enheter.")
    page.get_by_label("Etablerade samarbetsformer", exact=False).fill("Vänortsavtal.")
    page.get_by_label("Person i kommunen, rad 1").select_option(label="Hans Handläggare")
    with page.expect_navigation():
        page.get_by_role("button", name="Skicka förslaget till samordnaren").click()
    handover = Handover.objects.get(organisation=partner)
    assert list(handover.included_engagements.all()) == [site.open_engagement]

    login(site.users["sara"])
    assert page.goto(f"/engagemang/overlamningar/{handover.pk}/").status == 200
    with page.expect_navigation():
        page.get_by_role("button", name="Avböj förslaget").click()
    assert page.get_by_text("Skriv varför förslaget avböjs", exact=False).first.is_visible()
    assert_accessible(page, "avböjande utan skäl")
    page.get_by_label("Skäl till att förslaget avböjs", exact=False).fill("Relationen är ännu skolspecifik.")
    with page.expect_navigation():
        page.get_by_role("button", name="Avböj förslaget").click()
    handover.refresh_from_db()
    assert handover.state == Handover.State.DECLINED
    assert_accessible(page, "avböjd överlämning")
