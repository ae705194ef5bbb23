"""Visits in a real browser: the engagement's visit section, a new visit (with its errors), the visit page,
the programme item and gift forms, the catalogue of places and the printable programme in Swedish and English have no
axe violations; the programme prints on A4 without the site's navigation."""

import datetime

import pytest

pytestmark = pytest.mark.browser


@pytest.fixture
def visit(site):
    from utblick.engagements import visit_actions
    from utblick.partners.models import Contact

    engagement, hans, sara = site.open_engagement, site.users["hans"], site.users["sara"]
    place = visit_actions.save_place(
        None, by=sara, fields={"name": "Fjällmuseet", "kind": "sevärdhet", "address": "Funäsdalen"}
    )
    visit = visit_actions.create_visit(
        engagement,
        by=hans,
        fields={
            "title": "Skolledare från Røros",
            "start_date": datetime.date(2026, 5, 12),
            "end_date": datetime.date(2026, 5, 13),
            "purpose": "Visa skolorna.",
            "guests": [Contact.objects.create(name="Ingrid Ødegård")],
        },
    )
    for day, hour, activity in ((13, 9, "Skolbesök"), (12, 14, "Museet"), (12, 9, "Välkomstfika")):
        visit_actions.add_item(
            visit,
            by=hans,
            fields={
                "date": datetime.date(2026, 5, day),
                "start_time": datetime.time(hour, 0),
                "place": place if activity == "Museet" else None,
                "location": "" if activity == "Museet" else "Sveg",
                "activity": activity,
            },
        )
    return visit


def test_visit_pages_and_forms_are_accessible(page, site, visit, login, assert_accessible):
    from utblick.engagements.models_visits import Visit

    login(site.users["hans"])
    engagement = site.open_engagement
    assert page.goto(f"/engagemang/{engagement.pk}/").status == 200
    assert page.get_by_role("heading", name="Besök", exact=True).is_visible()
    assert_accessible(page, "engagemangssidan med besök")

    with page.expect_navigation():
        page.get_by_role("link", name="Registrera ett besök").click()
    assert_accessible(page, "nytt besök")
    page.get_by_label("Rubrik", exact=False).fill("Kulturråd från Oulu")
    page.get_by_label("Första dag", exact=False).fill("2026-06-10")
    page.get_by_label("Sista dag", exact=False).fill("2026-06-08")
    page.get_by_label("Syfte med besöket", exact=False).fill("Visa kulturskolan.")
    with page.expect_navigation():
        page.get_by_role("button", name="Spara besöket").click()
    assert page.get_by_text("Sista dagen kan inte ligga före första dagen. Kontrollera datumen.").first.is_visible()
    assert_accessible(page, "nytt besök med fel")
    page.get_by_label("Sista dag", exact=False).fill("2026-06-11")
    with page.expect_navigation():
        page.get_by_role("button", name="Spara besöket").click()
    new = Visit.objects.get(title="Kulturråd från Oulu")
    assert page.url.endswith(f"/engagemang/{engagement.pk}/besok/{new.pk}/")

    assert page.goto(f"/engagemang/{engagement.pk}/besok/{visit.pk}/").status == 200
    assert page.get_by_role("cell", name="Fjällmuseet").is_visible()
    assert_accessible(page, "besökets sida")
    with page.expect_navigation():
        page.get_by_role("link", name="Lägg till en programpunkt").click()
    assert_accessible(page, "ny programpunkt")
    page.get_by_label("Vad som visas eller görs", exact=False).fill("Fika i Funäsdalen")
    page.get_by_label("Starttid", exact=False).fill("15:00")
    with page.expect_navigation():
        page.get_by_role("button", name="Spara programpunkten").click()
    assert page.get_by_role("cell", name="Fika i Funäsdalen").is_visible()

    with page.expect_navigation():
        page.get_by_role("link", name="Registrera en gåva").click()
    assert_accessible(page, "ny gåva under besöket")


def test_the_catalogue_is_accessible_for_sara(page, site, visit, login, assert_accessible):
    login(site.users["sara"])
    assert page.goto("/engagemang/platser/").status == 200
    assert page.get_by_role("rowheader", name="Fjällmuseet", exact=False).is_visible()
    assert_accessible(page, "katalogen över platser")
    with page.expect_navigation():
        page.get_by_role("link", name="Lägg till en plats").click()
    assert_accessible(page, "ny plats")


@pytest.mark.parametrize("lang, heading", [("sv", "Program: Skolledare från Røros"), ("en", None)])
def test_the_printable_programme_is_accessible_and_prints_without_navigation(
    page, site, visit, login, assert_accessible, lang, heading
):
    login(site.users["hans"])
    assert page.goto(f"/engagemang/{site.open_engagement.pk}/besok/{visit.pk}/program/?lang={lang}").status == 200
    assert page.locator("html").get_attribute("lang") == lang
    if heading:
        assert page.get_by_role("heading", level=1).inner_text() == heading
    text = page.locator("main").inner_text()
    assert text.index("Välkomstfika") < text.index("Museet") < text.index("Skolbesök")
    assert_accessible(page, f"programmet ({lang})")
    page.emulate_media(media="print")
    display = page.eval_on_selector(".site-header", "el => getComputedStyle(el).display")
    assert display == "none"
    assert page.pdf(format="A4").startswith(b"%PDF")
