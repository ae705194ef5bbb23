"""The catalogue of places in a real browser: reached from the engagement list and the calendar ("Platser att
visa"); the list, the edit form (with its errors) and a place's history page have no axe violations; Sara
changes and deactivates a place and the history page shows it."""

import pytest

pytestmark = pytest.mark.browser


@pytest.fixture
def place(site):
    from utblick.engagements import visit_actions

    sara = site.users["sara"]
    visit_actions.save_place(None, by=sara, fields={"name": "Ljusnedals bruk", "kind": "företag"})
    return visit_actions.save_place(
        None,
        by=sara,
        fields={
            "name": "Fjällmuseet",
            "kind": "sevärdhet",
            "description": "Samisk kultur och fäbodliv.",
            "address": "Funäsdalen",
            "contact": "Museichefen, 0684-164 10",
        },
    )


def test_sara_keeps_the_catalogue_and_reads_a_places_history(page, site, place, login, assert_accessible):
    login(site.users["sara"])
    assert page.goto("/engagemang/").status == 200
    with page.expect_navigation():
        page.get_by_role("link", name="Platser att visa").click()
    assert page.url.endswith("/engagemang/platser/")
    assert page.get_by_role("rowheader", name="Fjällmuseet", exact=False).is_visible()
    assert_accessible(page, "katalogen över platser")

    with page.expect_navigation():
        page.get_by_role("link", name="Ändra Fjällmuseet").click()
    assert_accessible(page, "ändra platsen")
    page.locator("#id_name").fill("")
    with page.expect_navigation():
        page.get_by_role("button", name="Spara platsen").click()
    assert page.get_by_text("Ange platsens namn.").first.is_visible()
    assert_accessible(page, "ändra platsen med fel")
    page.locator("#id_name").fill("Fjällmuseet i Funäsdalen")
    with page.expect_navigation():
        page.get_by_role("button", name="Spara platsen").click()
    with page.expect_navigation():
        page.get_by_role("button", name="Inaktivera Fjällmuseet i Funäsdalen").click()

    with page.expect_navigation():
        page.get_by_role("link", name="Historik för Fjällmuseet i Funäsdalen").click()
    assert page.get_by_role("heading", level=1).inner_text() == "Historik: Fjällmuseet i Funäsdalen"
    main = page.locator("main").inner_text()
    assert "Platsen inaktiverades." in main and "Fjällmuseet i Funäsdalen" in main
    assert main.count("Sara Samordnare (sara)") == 3
    assert_accessible(page, "platsens historik")

    with page.expect_navigation():
        page.get_by_role("link", name="Tillbaka till katalogen").click()
    with page.expect_navigation():
        page.get_by_role("link", name="Lägg till en plats").click()
    assert_accessible(page, "ny plats")


def test_a_reader_finds_the_catalogue_from_the_calendar_and_reads_the_history(
    page, site, place, login, assert_accessible
):
    login(site.users["lisa"])
    assert page.goto("/kalender/").status == 200
    with page.expect_navigation():
        page.get_by_role("link", name="Platser att visa").click()
    assert page.get_by_role("link", name="Ändra Fjällmuseet").count() == 0
    assert_accessible(page, "katalogen för en läsare")
    with page.expect_navigation():
        page.get_by_role("link", name="Historik för Fjällmuseet").click()
    assert page.get_by_role("heading", level=1).inner_text() == "Historik: Fjällmuseet"
    assert_accessible(page, "platsens historik för en läsare")
