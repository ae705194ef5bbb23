"""Fixtures for the partner register's tests: organisations and their part in engagements."""

import pytest

from utblick.engagements.models import Participation
from utblick.partners.models import Organisation


@pytest.fixture
def make_organisation(db):
    """Create an organisation directly (not through actions); override any field."""

    def make(**fields):
        defaults = {"name": "Røros kommune", "country": "NO", "kind": Organisation.Kind.KOMMUN, "city": "Røros"}
        defaults.update(fields)
        return Organisation.objects.create(**defaults)

    return make


@pytest.fixture
def roros(make_organisation):
    return make_organisation(website="https://www.roros.kommune.no")


@pytest.fixture
def take_part():
    """take_part(organisation, engagement, role) -> the organisation's participation in the engagement."""

    def make(organisation, engagement, role=Participation.Role.PARTNER):
        return Participation.objects.create(organisation=organisation, engagement=engagement, role=role)

    return make


@pytest.fixture
def secret_buf_engagement(make_engagement):
    """A secret engagement of Barn, utbildning och fritid (Hans's and Fredrik's unit, not Karin's)."""
    return make_engagement(title="Hemligt utbyte om elevhälsa", is_secret=True, secrecy_ground="OSL 23 kap. 2 §")
