"""Test data shared by the handover tests (R-25): an education engagement with a partner and its contact person."""

import pytest

from utblick.engagements import handover_actions
from utblick.engagements.models import Participation
from utblick.organisation.models import Person
from utblick.partners.models import Affiliation, Contact, Organisation


@pytest.fixture
def people(personas):
    return {name: Person.objects.get(user=personas[name]) for name in ("hans", "per", "karin", "sara", "fredrik")}


@pytest.fixture
def partner(db):
    return Organisation.objects.create(name="Røros kommune", country="NO", kind="kommun")


@pytest.fixture
def contact(partner):
    contact = Contact.objects.create(name="Ingrid Haugen", title="Rektor")
    Affiliation.objects.create(contact=contact, organisation=partner, role="Rektor")
    return contact


@pytest.fixture
def other_contact(db):
    other = Organisation.objects.create(name="Tartu linn", country="EE", kind="kommun")
    contact = Contact.objects.create(name="Mari Tamm")
    Affiliation.objects.create(contact=contact, organisation=other)
    return contact


@pytest.fixture
def engagement(make_engagement, people, partner):
    engagement = make_engagement(
        title="Skolutbyte med Røros", responsible_officer=people["hans"], responsible_politician=people["per"]
    )
    Participation.objects.create(engagement=engagement, organisation=partner)
    return engagement


FIELDS = {
    "reason": "Utbytet omfattar nu hela kommunen, även näringslivet.",
    "cooperation_forms": "Avtal om elevutbyte; gemensam styrgrupp.",
    "recurring_meetings": "Styrgrupp varje kvartal.",
}


@pytest.fixture
def proposal(engagement, hans, people, contact):
    return handover_actions.propose_engagement_handover(
        engagement,
        by=hans,
        fields=FIELDS,
        knowledge=[(people["hans"], contact, "Känner rektorn sedan 2019."), (people["fredrik"], None, "")],
    )


def form_data(knowledge=(), **overrides):
    """POST data for the proposal form with its knowledge formset (prefix "kunskap")."""
    rows = list(knowledge)
    data = {
        **FIELDS,
        "kunskap-TOTAL_FORMS": str(max(len(rows), 1)),
        "kunskap-INITIAL_FORMS": "0",
        "kunskap-MIN_NUM_FORMS": "0",
        "kunskap-MAX_NUM_FORMS": "30",
    }
    for i, (person, contact, note) in enumerate(rows):
        data[f"kunskap-{i}-person"] = str(person) if person else ""
        data[f"kunskap-{i}-contact"] = str(contact) if contact else ""
        data[f"kunskap-{i}-note"] = note
    data.update(overrides)
    return data
