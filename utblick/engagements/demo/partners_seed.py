"""Writing the demo's contact persons, networks and interactions through the partner actions."""

from __future__ import annotations

import datetime
from decimal import Decimal

from utblick.engagements.demo.partners_data import CONTACTS, INTERACTIONS, NETWORKS, ORGANISATION_DETAILS
from utblick.engagements.models import Engagement
from utblick.partners import actions
from utblick.policy.models import Objective

# When the demo's contact persons said yes to being shown to local actors.
CONSENT_DATE = datetime.date(2025, 3, 1)


def seed_partner_register(*, by, people: dict, orgs: dict) -> dict[str, int]:
    """Details of some organisations, then contacts, networks and interactions; returns how many of each."""
    for key, (native_name, region, description) in ORGANISATION_DETAILS.items():
        actions.update_organisation(
            orgs[key], by=by, fields={"native_name": native_name, "region": region, "description": description}
        )
    contacts = {}
    for spec in CONTACTS:
        fields = {
            "name": spec.name,
            "title": spec.title,
            "languages": spec.languages,
            "email": spec.email,
            "phone": spec.phone,
            "notes": spec.notes,
        }
        if spec.shared_fields is not None:
            fields |= {
                "consent_to_share": True,
                "consent_date": CONSENT_DATE,
                "consent_method": "E-post till internationella samordnaren",
                "shared_fields": list(spec.shared_fields),
            }
        contacts[spec.name] = actions.create_contact(
            by=by,
            fields=fields,
            affiliations=[(orgs[key], role) for key, role in spec.affiliations],
            known_by=[people[key] for key in spec.known_by],
        )
    objectives = {o.code: o for o in Objective.objects.all()}
    for spec in NETWORKS:
        actions.create_network(
            by=by,
            fields={
                "name": spec.name,
                "organisation": orgs.get(spec.organisation),
                "description": spec.description,
                "purpose": spec.purpose,
                "member_since": spec.member_since,
                "member_until": spec.member_until,
                "yearly_fee": Decimal(spec.yearly_fee),
                "representative": people.get(spec.representative),
                "website": spec.website,
            },
            objectives=[objectives[code] for code in spec.objectives],
        )
    engagements = dict(Engagement.objects.values_list("title", "pk"))
    for spec in INTERACTIONS:
        actions.create_interaction(
            by=by,
            fields={
                "kind": spec.kind,
                "date": spec.date,
                "subject": spec.subject,
                "notes": spec.notes,
                "organisation": orgs[spec.organisation],
                "engagement": Engagement.objects.get(pk=engagements[spec.engagement]) if spec.engagement else None,
            },
            contacts=[contacts[name] for name in spec.contacts],
            participants=[people[key] for key in spec.participants],
        )
    return {"contacts": len(CONTACTS), "networks": len(NETWORKS), "interactions": len(INTERACTIONS)}
