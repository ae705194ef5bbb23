"""Fixtures for the directory's tests: a register with things that may be shared and things that must not."""

import datetime
from dataclasses import dataclass

import pytest
from django.utils import timezone

from utblick.engagements.models import Participation
from utblick.organisation.models import Person
from utblick.partners.models import Affiliation, Contact, Interaction, Network, Organisation


@pytest.fixture(autouse=True)
def _mail_goes_to_a_real_smtp_server(smtp_server):
    """Every test here sends its email (if any) through aiosmtpd on 127.0.0.1, never to a fake backend."""
    return smtp_server


@dataclass
class Catalogue:
    roros: Organisation  # in the directory, with contacts, a network and internal notes about it
    tartu: Organisation  # in the directory, another country and kind
    hidden: Organisation  # not in the directory
    ingrid: Contact  # consented; shares title and email (not languages, not phone)
    ola: Contact  # did not consent
    astrid: Contact  # consented, shares only the phone
    anonymised: Contact  # consented once, then anonymised
    committee: Network  # in the directory, ongoing, organisation Røros
    old_office: Network  # in the directory, ended
    hidden_network: Network  # not in the directory


def contact(name, *, at, consent=True, shared=(), anonymised=False, **fields):
    """A contact person with affiliations [(organisation, role)], made directly (not through actions)."""
    person = Contact.objects.create(
        name=name,
        consent_to_share=consent,
        consent_date=datetime.date(2026, 1, 10) if consent else None,
        consent_method="muntligt" if consent else "",
        shared_fields=list(shared),
        anonymised_at=timezone.now() if anonymised else None,
        **fields,
    )
    for organisation, role in at:
        Affiliation.objects.create(contact=person, organisation=organisation, role=role)
    return person


@pytest.fixture
def catalogue(personas, make_engagement):
    roros = Organisation.objects.create(
        name="Røros kommune",
        native_name="Røros kommune",
        country="NO",
        kind=Organisation.Kind.KOMMUN,
        region="Trøndelag",
        city="Røros",
        website="https://www.roros.kommune.no",
        description="Bergsstad i Trøndelag med skolor som vill ha utbyten.",
    )
    tartu = Organisation.objects.create(
        name="Tartu Ülikool", country="EE", kind=Organisation.Kind.UNIVERSITET, city="Tartu"
    )
    hidden = Organisation.objects.create(
        name="Hemliga Gruvbolaget AB", country="NO", kind=Organisation.Kind.FORETAG, in_directory=False
    )
    ingrid = contact(
        "Ingrid Haugen",
        at=[(roros, "Rektor"), (hidden, "Styrelseledamot")],
        shared=["title", "email"],
        title="Rektor vid Røros skole",
        languages="norska, engelska",
        email="ingrid@roros.example",
        phone="+47 72 41 00 00",
        notes="Intern anteckning: vill inte kontaktas i juli.",
    )
    ola = contact(
        "Ola Nordmann",
        at=[(roros, "Kulturchef")],
        consent=False,
        title="Kulturchef",
        email="ola@roros.example",
        phone="+47 99 99 99 99",
    )
    astrid = contact(
        "Astrid Lindqvist",
        at=[(tartu, "Forskare")],
        shared=["phone"],
        title="Professor",
        email="astrid@tartu.example",
        phone="+372 555 0101",
    )
    anonymised = contact("Anonymiserad kontaktperson #99", at=[(roros, "")], shared=["email"], anonymised=True)
    karin = Person.objects.get(user__username="karin")
    committee = Network.objects.create(
        name="Gränskommittén Nord",
        organisation=roros,
        description="Samarbete mellan kommuner på båda sidor om gränsen.",
        purpose="Internt syfte: vi vill åt projektmedlen.",
        member_since=datetime.date(2019, 1, 1),
        yearly_fee="12500.00",
        representative=karin,
        website="https://www.grans.example",
    )
    old_office = Network.objects.create(
        name="EU-kontoret Mitt",
        description="Regionalt EU-kontor i Bryssel.",
        member_since=datetime.date(2015, 1, 1),
        member_until=datetime.date(2022, 12, 31),
    )
    hidden_network = Network.objects.create(
        name="Det hemliga nätverket", member_since=datetime.date(2020, 1, 1), in_directory=False
    )
    engagement = make_engagement(title="Skolutbyte med Røros i hemlighet")
    Participation.objects.create(organisation=roros, engagement=engagement, role=Participation.Role.PARTNER)
    Interaction.objects.create(
        organisation=roros,
        date=datetime.date(2026, 3, 15),
        subject="Planeringsmöte om elevutbyte",
        notes="Internt: budgeten är osäker.",
    )
    return Catalogue(roros, tartu, hidden, ingrid, ola, astrid, anonymised, committee, old_office, hidden_network)
