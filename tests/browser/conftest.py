"""Fixtures for the real-browser tests: one Chromium per session, a fresh context per test, the app on
pytest-django's live_server, a small data set made through the actions, and axe-core.

Chromium is Debian's package (/usr/bin/chromium, `make chromium` installs it); Playwright's own browser
download is never used. When Chromium is missing the tests fail with a message that says what to do.
"""

import datetime
import os
import re
import shutil
from dataclasses import dataclass
from pathlib import Path

import pytest

from tests.browser.axe import axe_violations, describe_violations

# The live server listens on the loopback address only.
os.environ.setdefault("DJANGO_LIVE_TEST_SERVER_ADDRESS", "127.0.0.1")

CHROMIUM = os.environ.get("UTBLICK_CHROMIUM") or shutil.which("chromium") or "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
]


@pytest.hookimpl(trylast=True)
def pytest_collection_modifyitems(items):
    """Browser tests run after all others: see `browser` for why the rest must not share its session."""
    items.sort(key=lambda item: item.get_closest_marker("browser") is not None)


@pytest.fixture(scope="session")
def browser():
    """One Chromium for the session.

    While Playwright's sync API is open, the main thread has a running event loop, and Django refuses
    ORM calls from such a thread unless DJANGO_ALLOW_ASYNC_UNSAFE is set. It is set only from here to the
    end of the session, and the browser tests run last, so no other test (or the subprocesses it starts)
    sees it.
    """
    if not Path(CHROMIUM).exists():
        pytest.fail(
            f"Chromium saknas ({CHROMIUM}). Installera Debians paket 'chromium' (`make chromium` gör det som root) "
            "eller peka UTBLICK_CHROMIUM på en chromium-binär; webbläsartesterna kan inte köras utan den.",
            pytrace=False,
        )
    from playwright.sync_api import sync_playwright

    previous = os.environ.get("DJANGO_ALLOW_ASYNC_UNSAFE")
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    try:
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
            yield browser
            browser.close()
    finally:
        if previous is None:
            del os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"]
        else:
            os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = previous


@pytest.fixture(autouse=True)
def _plain_http_cookies(settings):
    """The live server speaks plain HTTP on 127.0.0.1: cookies must not require HTTPS there."""
    settings.SESSION_COOKIE_SECURE = False
    settings.CSRF_COOKIE_SECURE = False
    settings.SECURE_SSL_REDIRECT = False


@pytest.fixture
def context(browser, live_server):
    """A fresh browser context (own cookies) pointed at the live server, in Swedish.

    Requests anywhere but the live server are refused and reported: Utblick must work on an intranet
    without a CDN, and the tests must not reach the outside world.
    """
    context = browser.new_context(base_url=live_server.url, locale="sv-SE", timezone_id="Europe/Stockholm")
    context.set_default_timeout(10_000)
    outside = []

    def refuse(route):
        outside.append(route.request.url)
        route.abort()

    context.route(re.compile(r"^(?!" + re.escape(live_server.url) + r"/)https?://"), refuse)
    yield context
    context.close()
    assert not outside, f"Sidorna försökte hämta något utanför servern: {outside}"


@pytest.fixture
def page(context):
    return context.new_page()


@pytest.fixture
def login(context, live_server):
    """login(user): make the browser context signed in as `user` by handing it a fresh session cookie."""
    from django.conf import settings
    from django.test import Client

    def do(user):
        client = Client()
        client.force_login(user)
        cookie = client.cookies[settings.SESSION_COOKIE_NAME]
        context.clear_cookies()
        context.add_cookies(
            [{"name": settings.SESSION_COOKIE_NAME, "value": cookie.value, "url": live_server.url, "httpOnly": True}]
        )

    return do


@pytest.fixture
def assert_accessible():
    """assert_accessible(page): zero axe-core violations for the WCAG 2.0/2.1 A and AA tags."""

    def check(page, what: str = ""):
        violations = axe_violations(page)
        assert not violations, f"axe-core hittade brister på {what or page.url}:\n{describe_violations(violations)}"

    return check


@dataclass
class Site:
    """The data set every browser test can use; all of it made through the actions, so history exists."""

    users: dict
    open_engagement: object  # Barn, utbildning och fritid; ongoing, assessed, decided, with partners
    secret_engagement: object  # Barn, utbildning och fritid; secret
    culture_engagement: object  # Kultur och fritid (Karin's unit)
    archived_engagement: object
    partner: object
    unit: object
    person: object
    objective: object
    criterion: object
    area: object
    contact: object = None  # a contact person at Røros kommune
    network: object = None  # a network membership, represented by Karin
    interaction: object = None  # a meeting with Røros about the open education engagement


@pytest.fixture
def site(personas, units):
    from utblick.engagements import actions
    from utblick.engagements.models import Kind, Participation, Status
    from utblick.organisation.models import Person
    from utblick.partners.actions import create_contact, create_interaction, create_network, create_organisation
    from utblick.policy.models import Area, Objective, PriorityCriterion

    sara, hans, karin = personas["sara"], personas["hans"], personas["karin"]
    per = Person.objects.get(user=personas["per"])
    hans_person = Person.objects.get(user=hans)
    karin_person = Person.objects.get(user=karin)
    objectives = {o.code: o for o in Objective.objects.all()}
    criteria = {c.code: c for c in PriorityCriterion.objects.all()}

    roros = create_organisation(
        by=sara,
        fields={
            "name": "Røros kommune",
            "country": "NO",
            "kind": "kommun",
            "city": "Røros",
            "website": "https://www.roros.kommune.no",
        },
    )
    tartu = create_organisation(by=sara, fields={"name": "Tartu linn", "country": "EE", "kind": "kommun"})
    create_organisation(by=sara, fields={"name": "Inverness Royal Academy", "country": "GB", "kind": "skola"})

    base = {
        "kind": Kind.SAMARBETE,
        "purpose": "Elever och lärare lär av varandras arbetssätt.",
        "unit_goal": "Ökad måluppfyllelse i språk.",
        "owner_unit": units["buf"],
        "responsible_politician": per,
        "responsible_officer": hans_person,
        "start_date": datetime.date(2025, 8, 1),
        "end_date": datetime.date(2026, 6, 30),
    }
    exchange = actions.create_engagement(
        by=hans,
        fields={**base, "title": "Skolutbyte med Røros", "summary": "Utbyte mellan högstadieskolor."},
        objectives=[objectives["M3"]],
        areas=list(Area.objects.all()[:1]),
        participations=[(roros, Participation.Role.PARTNER)],
        countries=["FI"],
    )
    actions.set_assessment(
        exchange, by=hans, justifications={criteria["P2"]: "Norge ligger i vår europeiska närregion."}
    )
    actions.move_engagement(exchange, Status.ASSESSED, by=hans)
    actions.add_decision(
        exchange,
        by=hans,
        body="Barn- och utbildningsnämnden",
        decided_on=datetime.date(2025, 6, 10),
        diary_number="BUN 2025/118",
    )
    exchange.refresh_from_db()
    actions.move_engagement(exchange, Status.DECIDED, by=hans)
    exchange.refresh_from_db()
    actions.move_engagement(exchange, Status.ONGOING, by=hans)
    exchange.refresh_from_db()
    actions.update_engagement(
        exchange,
        by=hans,
        expected_version=exchange.version,
        fields={"implementation": "Två besök per läsår, digitala lektioner däremellan."},
        objectives=[objectives["M3"], objectives["M1"]],
        participations=[(roros, Participation.Role.PARTNER)],
        countries=["FI"],
    )
    exchange.refresh_from_db()

    secret = actions.create_engagement(
        by=hans,
        fields={**base, "title": "Hemligt utbyte om elevhälsa", "is_secret": True, "secrecy_ground": "OSL 23 kap. 2 §"},
        objectives=[objectives["M3"]],
    )
    culture = actions.create_engagement(
        by=karin,
        fields={
            **base,
            "title": "Kulturfestival med Tartu",
            "kind": Kind.PROJEKT,
            "owner_unit": units["kultur"],
            "responsible_officer": karin_person,
            "results": "Tre gemensamma konserter.",
        },
        objectives=[objectives["M2"]],
        participations=[(tartu, Participation.Role.LEAD)],
    )
    archived = actions.create_engagement(
        by=sara,
        fields={**base, "title": "Gammal vänortsförbindelse", "kind": Kind.VANORT, "owner_unit": units["nuk"]},
        objectives=[objectives["M1"]],
    )
    actions.archive_engagement(archived, by=sara, reason="Avslutad sedan länge.")

    contact = create_contact(
        by=hans,
        fields={
            "name": "Ingrid Haugen",
            "title": "Rektor",
            "languages": "norska, engelska",
            "email": "ingrid@roros.no",
        },
        affiliations=[(roros, "Rektor")],
        known_by=[karin_person],
    )

    network = create_network(
        by=sara,
        fields={
            "name": "Gränskommittén Nord",
            "organisation": roros,
            "purpose": "Gemensamma projekt över gränsen.",
            "member_since": datetime.date(2019, 1, 1),
            "yearly_fee": "12 500",
            "representative": karin_person,
            "website": "https://www.grans.example",
        },
        objectives=[objectives["M1"]],
    )

    interaction = create_interaction(
        by=hans,
        fields={
            "kind": "mote",
            "date": datetime.date(2026, 3, 15),
            "subject": "Planeringsmöte om elevutbyte",
            "notes": "Vi bestämde datum för besöket.",
            "organisation": roros,
            "engagement": exchange,
        },
        contacts=[contact],
        participants=[hans_person, karin_person],
    )

    return Site(
        users=personas,
        open_engagement=exchange,
        secret_engagement=secret,
        culture_engagement=culture,
        archived_engagement=archived,
        partner=roros,
        unit=units["buf"],
        person=hans_person,
        objective=objectives["M3"],
        criterion=criteria["P2"],
        area=Area.objects.order_by("pk").first(),
        contact=contact,
        network=network,
        interaction=interaction,
    )
