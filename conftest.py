"""Shared test fixtures: the shipped policy, the organisation and the personas of CONVENTIONS.md.

Personas: Sara (samordnare, NUK), Hans (handläggare, Barn, utbildning och fritid), Karin (handläggare,
Kultur och fritid), Fredrik (förvaltningschef, Barn, utbildning och fritid), Per (förtroendevald),
Lisa (läsare), Erik (extern aktör). Anonymous is the plain `client`.
"""

import datetime
from pathlib import Path

import pytest
from django.contrib.auth import get_user_model

from tests.smtp import smtp_server  # noqa: F401 - the real SMTP server fixture for email tests
from utblick.core.roles import Role
from utblick.engagements.models import Engagement, Kind
from utblick.organisation.models import Membership, OrgUnit, Person
from utblick.policy.loader import load_policy
from utblick.policy.models import Objective

POLICY_FILE = Path(__file__).parent / "policies" / "harjedalen.yaml"
PASSWORD = "rätt-häst-batteri-42"

PERSONAS = {
    # username: (full name, role, unit code, person kind or None)
    "sara": ("Sara Samordnare", Role.SAMORDNARE, "nuk", "tjansteman"),
    "hans": ("Hans Handläggare", Role.HANDLAGGARE, "buf", "tjansteman"),
    "karin": ("Karin Kultur", Role.HANDLAGGARE, "kultur", "tjansteman"),
    "fredrik": ("Fredrik Förvaltningschef", Role.FORVALTNINGSCHEF, "buf", "tjansteman"),
    "per": ("Per Politiker", Role.FORTROENDEVALD, "bun", "fortroendevald"),
    "lisa": ("Lisa Läsare", Role.LASARE, "sof", None),
    "erik": ("Erik Extern", Role.EXTERN, "nuk", None),
}


@pytest.fixture
def policy(db):
    return load_policy(POLICY_FILE)


@pytest.fixture
def units(policy):
    return {unit.code: unit for unit in OrgUnit.objects.all()}


def make_persona(username: str, units: dict) -> "get_user_model()":
    full_name, role, unit_code, person_kind = PERSONAS[username]
    first, last = full_name.split(" ", 1)
    user = get_user_model().objects.create_user(
        username, email=f"{username}@kommun.example", password=PASSWORD, first_name=first, last_name=last
    )
    Membership.objects.create(user=user, unit=units[unit_code], role=role)
    if person_kind:
        Person.objects.create(name=full_name, kind=person_kind, unit=units[unit_code], user=user, email=user.email)
    return user


@pytest.fixture
def personas(units):
    return {username: make_persona(username, units) for username in PERSONAS}


for _username in PERSONAS:

    def _fixture(personas, _username=_username):
        return personas[_username]

    globals()[_username] = pytest.fixture(_fixture, name=_username)


@pytest.fixture
def client_for(client, personas):
    """client_for("hans") -> a test client logged in as Hans; client_for(None) -> anonymous."""
    from django.test import Client

    def make(username):
        c = Client()
        if username:
            c.force_login(personas[username])
        return c

    return make


@pytest.fixture
def make_engagement(units, personas):
    """Create an engagement directly (not through actions) with sensible defaults; override any field."""

    def make(**fields):
        objectives = fields.pop("objectives", None)
        defaults = {
            "title": "Skolutbyte med Røros",
            "kind": Kind.SAMARBETE,
            "purpose": "Elever och lärare lär av varandras arbetssätt.",
            "unit_goal": "Ökad måluppfyllelse i språk.",
            "owner_unit": units["buf"],
            "start_date": datetime.date(2025, 8, 1),
            "end_date": datetime.date(2026, 6, 30),
        }
        defaults.update(fields)
        engagement = Engagement.objects.create(**defaults)
        engagement.objectives.set(objectives or [Objective.objects.get(code="M3")])
        return engagement

    return make


@pytest.fixture(autouse=True)
def _swedish_after_each_test():
    """A request in English leaves English active in the thread (as any request leaves its language);
    the next test in the same worker must start in Swedish, the service's language."""
    yield
    from django.conf import settings
    from django.utils import translation

    translation.activate(settings.LANGUAGE_CODE)
