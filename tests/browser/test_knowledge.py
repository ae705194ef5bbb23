"""Lessons learned and news in a real browser: every new page (lesson search, lessons to write, the lesson form
with its errors, the lesson page, the engagement page's lesson section, the news list, page, admin page and form
with its errors, the start page's news) has no axe violations, and Hans writes a lesson and Sara publishes news
through the forms."""

import pytest

pytestmark = pytest.mark.browser


@pytest.fixture
def finished(site):
    from utblick.engagements.models import Engagement, Status

    engagement = site.open_engagement
    Engagement.objects.filter(pk=engagement.pk).update(
        status=Status.FINISHED, results="Tolv elever deltog.", dissemination="Redovisat på rektorsmötet."
    )
    engagement.refresh_from_db()
    return engagement


def test_hans_writes_a_lesson_through_accessible_pages(page, site, finished, login, assert_accessible):
    login(site.users["hans"])
    assert page.goto("/kunskap/erfarenheter/att-skriva/").status == 200
    assert_accessible(page, "erfarenheter att skriva")
    with page.expect_navigation():
        page.get_by_role("link", name=f"Skriv erfarenheter – {finished.title}").click()
    assert_accessible(page, "formuläret för erfarenheter")
    page.get_by_label("Rubrik", exact=False).fill("")
    page.get_by_label("Vad fungerade?", exact=False).fill("")
    with page.expect_navigation():
        page.get_by_role("button", name="Spara erfarenheterna").click()
    assert page.get_by_text("Beskriv vad som fungerade").first.is_visible()
    assert_accessible(page, "formuläret för erfarenheter med fel")
    page.get_by_label("Rubrik", exact=False).fill("Planera resorna tidigt")
    page.get_by_label("Vad fungerade?", exact=False).fill("Distanslektioner före resan.")
    page.get_by_label("Råd till andra", exact=False).fill("Boka tåg i god tid – gärna tre månader före.")
    with page.expect_navigation():
        page.get_by_role("button", name="Spara erfarenheterna").click()
    assert page.get_by_role("heading", name="Planera resorna tidigt").is_visible()
    assert_accessible(page, "erfarenheten")

    assert page.goto(f"/engagemang/{finished.pk}/").status == 200
    assert page.get_by_role("heading", name="Erfarenheter", exact=True).is_visible()
    assert_accessible(page, "engagemangssidan med erfarenheter")

    login(site.users["lisa"])
    assert page.goto("/kunskap/?q=tåg").status == 200
    assert page.get_by_role("link", name="Planera resorna tidigt").is_visible()
    assert_accessible(page, "sökningen bland erfarenheterna")


def test_sara_publishes_news_through_accessible_pages(page, site, login, assert_accessible):
    login(site.users["sara"])
    assert page.goto("/kunskap/nyheter/hantera/").status == 200
    assert_accessible(page, "hantera nyheter utan flöde")
    with page.expect_navigation():
        page.get_by_role("button", name="Skapa adress till flödet").click()
    assert_accessible(page, "hantera nyheter med flöde")
    with page.expect_navigation():
        page.get_by_role("link", name="Ny nyhet").click()
    assert_accessible(page, "ny nyhet")
    page.get_by_label("Valda enheter").check()
    with page.expect_navigation():
        page.get_by_role("button", name="Publicera nu").click()
    assert page.get_by_text("Välj minst en enhet").first.is_visible()
    assert_accessible(page, "ny nyhet med fel")
    page.get_by_label("Rubrik", exact=False).fill("Utlysning: Erasmus+ 2027")
    page.locator("#id_text").fill("Ansök senast den 1 mars.\n\nSamordnaren hjälper till.")
    page.get_by_label("Utlysningar").check()
    page.get_by_label("Alla i kommunen").check()
    with page.expect_navigation():
        page.get_by_role("button", name="Publicera nu").click()
    assert page.get_by_role("heading", name="Utlysning: Erasmus+ 2027").is_visible()
    assert_accessible(page, "nyheten")

    login(site.users["hans"])
    assert page.goto("/").status == 200
    assert page.get_by_role("link", name="Utlysning: Erasmus+ 2027").is_visible()
    assert_accessible(page, "startsidan med nyheter")
    assert page.goto("/kunskap/nyheter/").status == 200
    assert_accessible(page, "nyheter")
