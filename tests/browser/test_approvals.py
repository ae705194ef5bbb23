"""Official contacts in a real browser: Hans marks an engagement as an official contact (the form steers a contact
with a municipality abroad to Kommunstyrelsen) and asks for approval; Fredrik finds the request from the start page,
tries to decline without a reason, then approves with a comment; the engagement page shows who, when and the
comment. Every page and state on the way has zero axe violations (WCAG 2.0/2.1 A and AA)."""

import pytest

pytestmark = pytest.mark.browser


@pytest.fixture
def engagement(site):
    from utblick.engagements import actions
    from utblick.engagements.models import Kind, Participation
    from utblick.organisation.models import Person

    hans = site.users["hans"]
    return actions.create_engagement(
        by=hans,
        fields={
            "title": "Officiellt samarbete med Røros",
            "kind": Kind.SAMARBETE,
            "purpose": "Kommunerna samarbetar om skolans språkundervisning.",
            "unit_goal": "Ökad måluppfyllelse i språk.",
            "owner_unit": site.unit,
            "responsible_officer": Person.objects.get(user=hans),
        },
        objectives=[site.objective],
        participations=[(site.partner, Participation.Role.PARTNER)],
    )


def test_hans_asks_and_fredrik_approves_an_official_contact(page, site, engagement, login, assert_accessible):
    from utblick.engagements.models_handover import ContactApproval

    login(site.users["hans"])
    assert page.goto(f"/engagemang/{engagement.pk}/redigera/").status == 200
    checkbox = page.get_by_label("Officiell kontakt", exact=True)
    assert page.get_by_text("hör kontakten till Kommunstyrelsen", exact=False).is_visible()
    checkbox.focus()
    page.keyboard.press("Space")
    assert checkbox.is_checked()
    with page.expect_navigation():
        page.get_by_role("button", name="Spara ändringar").click()
    # Røros kommune is a municipality abroad: the contact belongs to Kommunstyrelsen, which Hans cannot choose.
    assert page.get_by_role("alert").get_by_role("link", name="Ansvarig enhet", exact=False).is_visible()
    assert_accessible(page, "engagemangsformuläret med fel om Kommunstyrelsen")
    page.locator("#id_partners-0-organisation").select_option("")
    with page.expect_navigation():
        page.get_by_role("button", name="Spara ändringar").click()
    assert page.url.endswith(f"/engagemang/{engagement.pk}/")

    section = page.locator("section[aria-labelledby='h-official']")
    assert section.get_by_role("heading", name="Officiell kontakt").is_visible()
    assert section.get_by_text("Kan godkännas av: Fredrik Förvaltningschef").is_visible()
    assert_accessible(page, "engagemangssidan med officiell kontakt")
    with page.expect_navigation():
        section.get_by_role("link", name="Begär godkännande").click()
    assert_accessible(page, "begär godkännande")
    page.get_by_label("Meddelande till förvaltningschefen").fill("Vi vill skriva avtal i mars.")
    with page.expect_navigation():
        page.get_by_role("button", name="Skicka begäran").click()
    assert section.get_by_text("Väntar på förvaltningschefens svar").is_visible()
    assert_accessible(page, "engagemangssidan med en öppen begäran")

    login(site.users["fredrik"])
    assert page.goto("/").status == 200
    assert page.get_by_role("heading", name="Officiella kontakter att godkänna (1)").is_visible()
    assert_accessible(page, "startsidan med begäranden")
    with page.expect_navigation():
        page.get_by_role("link", name="Visa begärandena").click()
    assert_accessible(page, "listan över begäranden")
    with page.expect_navigation():
        page.get_by_role("link", name="Officiellt samarbete med Røros").click()
    assert page.get_by_text("Vi vill skriva avtal i mars.").is_visible()
    assert_accessible(page, "besvara begäran")

    with page.expect_navigation():
        page.get_by_role("button", name="Godkänn inte").click()
    assert page.get_by_text("Skriv varför du inte godkänner kontakten", exact=False).first.is_visible()
    assert_accessible(page, "besvara begäran med fel")
    page.get_by_label("Kommentar").fill("Bra initiativ, håll mig informerad.")
    with page.expect_navigation():
        page.get_by_role("button", name="Godkänn", exact=True).click()
    assert page.url.endswith(f"/engagemang/{engagement.pk}/")

    approval = ContactApproval.objects.get()
    assert approval.state == ContactApproval.State.APPROVED
    from django.utils import timezone

    section = page.locator("#approval-current")
    assert section.get_by_text("Fredrik Förvaltningschef").is_visible()
    assert section.get_by_text("Bra initiativ, håll mig informerad.").is_visible()
    assert section.get_by_text(f"{timezone.localtime(approval.answered_at):%Y-%m-%d %H:%M}").is_visible()
    assert_accessible(page, "engagemangssidan med godkännandet")
    assert page.goto("/engagemang/godkannanden/").status == 200
    assert page.get_by_role("heading", name="Dina senaste svar").is_visible()
    assert_accessible(page, "listan efter svaret")
