"""Every page of the register, as every role it looks different for, has no WCAG 2.1 A/AA violations (axe-core).

Which roles a page is visited as: every role that may open it.
  - start page: every role, Erik included; lists, engagement page, history, partners, policy and
    organisation overviews: every internal role;
  - engagement and partner forms: the roles that may change (Sara, Hans, Karin, Fredrik);
  - edit pages of policy and organisation: only the coordinator may open them;
  - roles refused a page get the 403/404 page, which is visited too;
  - the error pages: 404 (Hans), 403 (Karin opening another unit's edit page), a refused export (400);
  - forms re-shown with their errors after an empty submit; lists filtered, empty and with filter errors.
One test per role, so the data set is built once per role; every page is loaded once and every
failing page is listed in the assertion message.
"""

from collections.abc import Callable
from dataclasses import dataclass

import pytest

from tests.browser.axe import axe_violations, describe_violations

pytestmark = pytest.mark.browser


@dataclass(frozen=True)
class Visit:
    name: str
    path: Callable  # (site, username) -> path
    roles: tuple[str, ...]
    status: int = 200
    # A submit button to press with the form as it is, to check the form re-shown with its errors.
    submit_empty: str | None = None


def _own(site, username):
    """An engagement the user may change: Karin's unit's one for Karin, the education one for the others."""
    return site.culture_engagement if username == "karin" else site.open_engagement


ALL = ("sara", "hans", "karin", "fredrik", "per", "lisa")
CHANGERS = ("sara", "hans", "karin", "fredrik")

VISITS = [
    Visit("startsidan", lambda s, u: "/", (*ALL, "erik")),
    Visit("engagemangslistan", lambda s, u: "/engagemang/", ALL),
    Visit(
        "engagemangslistan filtrerad",
        lambda s, u: "/engagemang/?q=R%C3%B8ros&kind=samarbete&status=ongoing&sort=title",
        ("sara", "lisa"),
    ),
    Visit("engagemangslistan utan träffar", lambda s, u: "/engagemang/?q=finnsintealls", ("sara",)),
    Visit("engagemangslistan med arkiverade", lambda s, u: "/engagemang/?archived=only", ("sara",)),
    Visit("engagemangslistan med fel i filtret", lambda s, u: "/engagemang/?year=tjugo&kind=fel", ("sara",)),
    Visit("export som inte går", lambda s, u: "/engagemang/export.csv?year=tjugo", ("sara",), status=400),
    Visit("nytt engagemang", lambda s, u: "/engagemang/nytt/", CHANGERS),
    Visit(
        "nytt engagemang med fel",
        lambda s, u: "/engagemang/nytt/",
        ("hans",),
        submit_empty="main form[method=post] button[type=submit]",
    ),
    Visit("engagemangssidan", lambda s, u: f"/engagemang/{s.open_engagement.pk}/", ALL),
    Visit("engagemangssidan, eget", lambda s, u: f"/engagemang/{s.culture_engagement.pk}/", ("karin",)),
    Visit("engagemangssidan, sekretess", lambda s, u: f"/engagemang/{s.secret_engagement.pk}/", ("hans",)),
    Visit("engagemangssidan, arkiverat", lambda s, u: f"/engagemang/{s.archived_engagement.pk}/", ("sara",)),
    Visit("ändra engagemang", lambda s, u: f"/engagemang/{_own(s, u).pk}/redigera/", CHANGERS),
    Visit("prioriteringsbedömning", lambda s, u: f"/engagemang/{_own(s, u).pk}/bedomning/", CHANGERS),
    Visit("nytt beslut", lambda s, u: f"/engagemang/{_own(s, u).pk}/beslut/nytt/", CHANGERS),
    Visit(
        "nytt beslut med fel",
        lambda s, u: f"/engagemang/{_own(s, u).pk}/beslut/nytt/",
        ("hans",),
        submit_empty="main form[method=post] button[type=submit]",
    ),
    Visit("historik", lambda s, u: f"/engagemang/{s.open_engagement.pk}/historik/", ALL),
    Visit("partnerlistan", lambda s, u: "/partner/", ALL),
    Visit("partnerlistan filtrerad", lambda s, u: "/partner/?q=r%C3%B8&country=NO&kind=kommun", ("hans",)),
    Visit("partnerlistan utan träffar", lambda s, u: "/partner/?q=finnsintealls", ("hans",)),
    Visit("partnersidan", lambda s, u: f"/partner/{s.partner.pk}/", ALL),
    Visit("ny partner", lambda s, u: "/partner/ny/", CHANGERS),
    Visit(
        "ny partner med fel",
        lambda s, u: "/partner/ny/",
        ("hans",),
        submit_empty="main form[method=post] button[type=submit]",
    ),
    Visit("ändra partner", lambda s, u: f"/partner/{s.partner.pk}/redigera/", CHANGERS),
    Visit("kontaktpersoner", lambda s, u: "/partner/kontakter/", ALL),
    Visit("kontaktpersoner utan träffar", lambda s, u: "/partner/kontakter/?q=finnsintealls", ("hans",)),
    Visit("kontaktpersonen", lambda s, u: f"/partner/kontakter/{s.contact.pk}/", ALL),
    Visit("ny kontaktperson", lambda s, u: "/partner/kontakter/ny/", CHANGERS),
    Visit(
        "ny kontaktperson med fel",
        lambda s, u: "/partner/kontakter/ny/",
        ("hans",),
        submit_empty="main form[method=post] button[type=submit]",
    ),
    Visit("ändra kontaktperson", lambda s, u: f"/partner/kontakter/{s.contact.pk}/redigera/", CHANGERS),
    Visit("nätverk", lambda s, u: "/partner/natverk/", ALL),
    Visit("nätverk, avslutade", lambda s, u: "/partner/natverk/?status=ended", ("hans",)),
    Visit("nätverk med fel i filtret", lambda s, u: "/partner/natverk/?status=fel", ("hans",)),
    Visit("nätverket", lambda s, u: f"/partner/natverk/{s.network.pk}/", ALL),
    Visit("nytt nätverk", lambda s, u: "/partner/natverk/ny/", CHANGERS),
    Visit(
        "nytt nätverk med fel",
        lambda s, u: "/partner/natverk/ny/",
        ("hans",),
        submit_empty="main form[method=post] button[type=submit]",
    ),
    Visit("ändra nätverk", lambda s, u: f"/partner/natverk/{s.network.pk}/redigera/", CHANGERS),
    Visit("kontakter över tid", lambda s, u: "/partner/interaktioner/", ALL),
    Visit(
        "kontakter över tid, filtrerade",
        lambda s, u: f"/partner/interaktioner/?organisation={s.partner.pk}&kind=mote",
        ("hans",),
    ),
    Visit("kontakter över tid med fel i filtret", lambda s, u: "/partner/interaktioner/?kind=fel", ("hans",)),
    Visit("kontakten", lambda s, u: f"/partner/interaktioner/{s.interaction.pk}/", ALL),
    Visit("ny kontakt", lambda s, u: "/partner/interaktioner/ny/", CHANGERS),
    Visit(
        "ny kontakt med fel",
        lambda s, u: "/partner/interaktioner/ny/",
        ("hans",),
        submit_empty="main form[method=post] button[type=submit]",
    ),
    Visit("ändra kontakt", lambda s, u: f"/partner/interaktioner/{s.interaction.pk}/redigera/", CHANGERS),
    Visit("policyn", lambda s, u: "/policy/", ALL),
    Visit("ändra policyn", lambda s, u: "/policy/andra/", ("sara",)),
    Visit("nytt mål", lambda s, u: "/policy/mal/ny/", ("sara",)),
    Visit("ändra mål", lambda s, u: f"/policy/mal/{s.objective.pk}/andra/", ("sara",)),
    Visit("ändra kriterium", lambda s, u: f"/policy/kriterier/{s.criterion.pk}/andra/", ("sara",)),
    Visit("ändra område", lambda s, u: f"/policy/omraden/{s.area.pk}/andra/", ("sara",)),
    Visit("organisationen", lambda s, u: "/organisation/", ALL),
    Visit("ny enhet", lambda s, u: "/organisation/enheter/ny/", ("sara",)),
    Visit("ändra enhet", lambda s, u: f"/organisation/enheter/{s.unit.pk}/andra/", ("sara",)),
    Visit(
        "ny enhet med fel",
        lambda s, u: "/organisation/enheter/ny/",
        ("sara",),
        submit_empty="main form[method=post] button[type=submit]",
    ),
    Visit("ny person", lambda s, u: "/organisation/personer/ny/", ("sara",)),
    Visit("ändra person", lambda s, u: f"/organisation/personer/{s.person.pk}/andra/", ("sara",)),
    Visit("sidan finns inte", lambda s, u: "/engagemang/999999/", ("hans",), status=404),
    Visit("ingen behörighet", lambda s, u: f"/engagemang/{s.open_engagement.pk}/redigera/", ("karin",), status=403),
]


def visits_for(username: str) -> list[Visit]:
    return [visit for visit in VISITS if username in visit.roles]


def check_pages(page, site, username: str) -> list[str]:
    """Visit each page the role is listed for; return one message per page with problems."""
    problems = []
    for visit in visits_for(username):
        path = visit.path(site, username)
        response = page.goto(path)
        if response.status != visit.status:
            problems.append(f"{visit.name} ({path}): svarade {response.status}, väntade {visit.status}")
            continue
        if visit.submit_empty:
            with page.expect_navigation():
                page.locator(visit.submit_empty).first.click()
            if not page.locator(".error-summary").count():
                problems.append(f"{visit.name} ({path}): formuläret visades inte på nytt med fel efter en tom sändning")
        if "Under arbete" in page.content():
            problems.append(f"{visit.name} ({path}): sidan är inte färdig (”Under arbete”)")
        violations = axe_violations(page)
        if violations:
            problems.append(f"{visit.name} ({path}):\n{describe_violations(violations)}")
    return problems


@pytest.mark.parametrize("username", [*ALL, "erik"])
def test_every_page_has_no_wcag_violations_for(username, site, page, login):
    login(site.users[username])
    problems = check_pages(page, site, username)
    assert not problems, f"Brister för {username}:\n" + "\n".join(problems)


def test_login_page_has_no_wcag_violations_also_with_errors(site, page, assert_accessible):
    page.goto("/konto/logga-in/")
    assert_accessible(page, "inloggningssidan")
    page.get_by_label("Användarnamn").fill("hans")
    page.get_by_label("Lösenord").fill("fel lösenord")
    with page.expect_navigation():
        page.get_by_role("button", name="Logga in").click()
    assert page.locator(".error-summary").is_visible()
    assert_accessible(page, "inloggningssidan med fel")


def test_the_stylesheet_is_served_and_axe_reports_a_broken_page(site, page, login):
    """The checks above mean something: the real CSS is applied, and axe does flag a real problem."""
    login(site.users["hans"])
    page.goto("/engagemang/nytt/")
    header_background = page.eval_on_selector(".site-header", "el => getComputedStyle(el).backgroundColor")
    assert header_background == "rgb(11, 79, 121)"
    page.eval_on_selector_all("main label", "labels => labels.forEach(l => l.remove())")
    page.eval_on_selector(".brand", "el => { el.style.color = '#5a7d95'; }")
    found = {violation["id"] for violation in axe_violations(page)}
    assert {"label", "color-contrast"} <= found
