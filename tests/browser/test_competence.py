"""The competence register in a real browser: every page (search with results, one's own profile and its forms
with errors, a colleague's profile, deletion, coverage with its chart, the EU knowledge list and form, and the
engagement page's suggestions) has no axe violations, and a profile can be made and found through the forms."""

import pytest

pytestmark = pytest.mark.browser


@pytest.fixture
def colleagues(site):
    from utblick.competence.tests.helpers import ensure_eu_list, make_profile

    ensure_eu_list()
    users = site.users
    make_profile(
        users["karin"],
        languages=[("no", "C1"), ("en", "C2")],
        eu=["Interreg"],
        experiences=[
            {"place": "Skottland", "start_year": 2019, "end_year": 2021, "description": "Lärare i Edinburgh."}
        ],
        networks=[site.network],
        other_networks="Eurocities, kulturforum",
        willing=True,
        help_note="Läser ansökningar till Interreg.",
    )
    make_profile(users["fredrik"], languages=[("fi", "B2")], eu=["Statsstöd"])
    return users


def test_hans_makes_his_profile_through_the_forms_and_every_page_is_accessible(
    page, site, colleagues, login, assert_accessible
):
    from utblick.competence.models import CompetenceProfile

    login(site.users["hans"])
    assert page.goto("/kompetens/min-profil/").status == 200
    assert_accessible(page, "min profil, innan den finns")
    with page.expect_navigation():
        page.get_by_role("button", name="Skapa min profil").click()
    assert page.get_by_role("heading", name="Vem ser vad").is_visible()
    assert_accessible(page, "min profil, tom")

    with page.expect_navigation():
        page.get_by_role("link", name="Lägg till ett språk eller ändra en nivå").click()
    with page.expect_navigation():
        page.get_by_role("button", name="Spara språket").click()
    assert page.get_by_text("Välj ett språk i listan.").first.is_visible()
    assert_accessible(page, "språkformuläret med fel")
    page.locator("#id_language").select_option("no")
    page.get_by_label("Nivå enligt den europeiska referensramen (CEFR)", exact=False).select_option("B2")
    with page.expect_navigation():
        page.get_by_role("button", name="Spara språket").click()

    with page.expect_navigation():
        page.get_by_role("link", name="Lägg till en erfarenhet").click()
    page.get_by_label("Från år", exact=False).fill("2021")
    page.get_by_label("Till år", exact=False).fill("2019")
    with page.expect_navigation():
        page.get_by_role("button", name="Spara erfarenheten").click()
    assert page.get_by_text("Ange ett land eller en ort eller region, t.ex. Skottland.").first.is_visible()
    assert_accessible(page, "erfarenhetsformuläret med fel")
    page.get_by_label("Ort eller region", exact=False).fill("Trøndelag")
    page.get_by_label("Till år", exact=False).fill("2023")
    page.get_by_label("Vad du gjorde", exact=False).fill("Projektledare i ett skolutbyte.")
    with page.expect_navigation():
        page.get_by_role("button", name="Spara erfarenheten").click()

    with page.expect_navigation():
        page.get_by_role("link", name="Ändra profil och synlighet").click()
    assert_accessible(page, "profilformuläret")
    page.get_by_label("Interreg", exact=True).check()
    page.get_by_label("Nätverk du deltar i, ur registret").select_option(label="Gränskommittén Nord – Røros kommune")
    page.get_by_label("Andra nätverk").fill("Eurocities, kulturforum – ledamot")
    page.get_by_label("Jag vill hjälpa kollegor med internationella frågor").check()
    for group in page.get_by_role("group").all():
        choice = group.get_by_label("Synlig för kollegor")
        if choice.count():
            choice.check()
    with page.expect_navigation():
        page.get_by_role("button", name="Spara profilen").click()
    assert page.get_by_role("rowheader", name="norska").is_visible()
    assert page.get_by_text("Eurocities, kulturforum – ledamot").is_visible()
    assert_accessible(page, "min profil, ifylld")
    profile = CompetenceProfile.objects.get(user=site.users["hans"])
    assert profile.show_languages == "colleagues" and profile.willing_to_help
    assert list(profile.networks.all()) == [site.network]
    with page.expect_navigation():
        page.get_by_role("link", name="Gränskommittén Nord").click()
    assert page.get_by_role("heading", name="Gränskommittén Nord", level=1).is_visible()
    assert page.goto("/kompetens/min-profil/andra/").status == 200

    # A network id that is not in the register (a stale page, a crafted post) is refused next to the field.
    page.locator("#id_networks option").first.evaluate("option => { option.value = '999999'; option.selected = true; }")
    with page.expect_navigation():
        page.get_by_role("button", name="Spara profilen").click()
    assert page.get_by_text("Välj bland nätverken i listan.", exact=False).first.is_visible()
    assert_accessible(page, "profilformuläret med fel i nätverken")
    assert page.goto("/kompetens/min-profil/").status == 200

    with page.expect_navigation():
        page.get_by_role("link", name="Radera min profil").click()
    assert_accessible(page, "radera profilen")


def test_search_colleague_profile_and_engagement_suggestions_are_accessible(
    page, site, colleagues, login, assert_accessible
):
    login(site.users["lisa"])
    assert page.goto("/kompetens/").status == 200
    assert_accessible(page, "kompetenssökningen")
    page.get_by_label("Sök kollegor").fill("norska, minst B2, Interreg")
    with page.expect_navigation():
        page.get_by_role("button", name="Sök", exact=True).last.click()
    assert page.get_by_role("rowheader", name="Karin Kultur").is_visible()
    assert page.get_by_text("norska C1 (minst B2)").is_visible()
    assert_accessible(page, "sökresultat")
    with page.expect_navigation():
        page.get_by_role("link", name="Karin Kultur").click()
    assert page.get_by_role("heading", name="Internationell erfarenhet").is_visible()
    assert page.get_by_role("link", name="Gränskommittén Nord").is_visible()
    assert_accessible(page, "en kollegas profil")

    assert page.goto("/kompetens/?q=Gränskommittén+Nord").status == 200
    assert page.get_by_role("rowheader", name="Karin Kultur").is_visible()
    assert page.get_by_text("nätverk: Gränskommittén Nord", exact=True).is_visible()
    assert_accessible(page, "sökresultat på ett nätverk")

    assert page.goto(f"/engagemang/{site.open_engagement.pk}/").status == 200  # partners in Norway and Finland
    section = page.locator("section", has=page.get_by_role("heading", name="Kollegor som kan hjälpa"))
    assert section.get_by_role("link", name="Karin Kultur").is_visible()
    assert_accessible(page, "engagemangssidan med förslag på kollegor")


def test_the_coordinators_pages_are_accessible(page, site, colleagues, login, assert_accessible):
    login(site.users["sara"])
    assert page.goto("/kompetens/tackning/").status == 200
    assert page.locator("figure.chart svg").is_visible()
    assert page.get_by_role("table", name="Antal personer per enhet som kan varje språk", exact=False).is_visible()
    assert_accessible(page, "täckning per enhet")

    assert page.goto("/kompetens/eu-kunskap/").status == 200
    assert_accessible(page, "listan över EU-kunskap")
    with page.expect_navigation():
        page.get_by_role("link", name="Lägg till ett område").click()
    with page.expect_navigation():
        page.get_by_role("button", name="Spara").click()
    assert page.get_by_text("Ange områdets namn, t.ex. Interreg.").first.is_visible()
    assert_accessible(page, "nytt område med fel")
    page.get_by_label("Namn", exact=False).fill("Horisont Europa")
    with page.expect_navigation():
        page.get_by_role("button", name="Spara").click()
    assert page.get_by_role("rowheader", name="Horisont Europa").is_visible()
    with page.expect_navigation():
        page.get_by_role("link", name="Ändra Horisont Europa").click()
    assert page.get_by_role("heading", name="Historik").is_visible()
    assert_accessible(page, "ändra område med historik")
