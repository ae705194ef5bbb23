"""Making profiles for the tests through the actions, and counting a page's queries."""

import datetime

from django.contrib.auth import get_user_model
from django.db import connection
from django.test.utils import CaptureQueriesContext

from utblick.competence import actions
from utblick.competence.models import PARTS, EuKnowledge, Visibility
from utblick.core.roles import Role
from utblick.organisation.models import Membership, Person
from utblick.partners.models import Network

ALL_VISIBLE = {f"show_{part}": Visibility.VISIBLE for part, _label in PARTS}
ALL_PRIVATE = {f"show_{part}": Visibility.PRIVATE for part, _label in PARTS}


def area(name: str) -> EuKnowledge:
    return EuKnowledge.objects.get(name=name)


def make_profile(
    user,
    *,
    languages=(),
    eu=(),
    experiences=(),
    networks=(),
    other_networks="",
    willing=False,
    help_note="",
    visible=True,
    **visibility,
):
    """A profile with the given content, every part visible (or private), made through the actions."""
    profile = actions.profile_of(user, create=True)
    fields = {**(ALL_VISIBLE if visible else ALL_PRIVATE), **visibility}
    fields.update({"other_networks": other_networks, "willing_to_help": willing, "help_note": help_note})
    actions.update_profile(
        profile, by=user, fields=fields, eu_knowledge=[area(name) for name in eu], networks=list(networks)
    )
    for language, level in languages:
        actions.set_language(profile, by=user, language=language, level=level)
    for experience in experiences:
        actions.save_experience(
            profile,
            None,
            by=user,
            fields={"country": "", "place": "", "start_year": None, "end_year": None, **experience},
        )
    return profile


def make_network(name: str, *, by, since=datetime.date(2019, 1, 1), until=None) -> Network:
    """A network membership of the partner register, made through its action."""
    from utblick.partners.actions import create_network

    return create_network(by=by, fields={"name": name, "member_since": since, "member_until": until})


def make_employee(username: str, unit, *, role=Role.HANDLAGGARE, name: str | None = None, person: bool = True):
    first, last = (name or f"{username.capitalize()} Anställd").split(" ", 1)
    user = get_user_model().objects.create_user(username, first_name=first, last_name=last)
    Membership.objects.create(user=user, unit=unit, role=role)
    if person:
        Person.objects.create(name=f"{first} {last}", kind=Person.Kind.TJANSTEMAN, unit=unit, user=user)
    return user


def count_queries(client, url: str) -> int:
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200, response.status_code
    return len(queries)


def ensure_eu_list() -> None:
    """The EU knowledge list of migration 0002, again: a transactional test (the browser's) empties the tables."""
    import importlib

    from django.apps import apps

    importlib.import_module("utblick.competence.migrations.0002_eu_knowledge_list").seed(apps, None)
