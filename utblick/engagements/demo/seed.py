"""Writing the demo through the actions (engagements/actions.py), and the demo accounts (setup_demo)."""

from __future__ import annotations

import secrets
from dataclasses import dataclass, field

from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils import timezone

from utblick.core.roles import Role
from utblick.engagements import actions
from utblick.engagements.demo.coordination_seed import DemoReport, seed_coordination
from utblick.engagements.demo.data import (
    ACCOUNTS,
    ADMIN_USERNAME,
    EMAIL_DOMAIN,
    LIFE,
    ORGANISATIONS,
    PEOPLE,
    POLICY_FILE,
    SYSTEM_USERNAME,
    DemoEngagement,
    demo_engagements,
)
from utblick.engagements.demo.finance_seed import seed_economy
from utblick.engagements.demo.knowledge_seed import seed_knowledge
from utblick.engagements.demo.partners_seed import seed_partner_register
from utblick.engagements.models import Engagement, Status
from utblick.organisation.models import Membership, OrgUnit, Person
from utblick.partners.models import Organisation
from utblick.policy.loader import load_policy
from utblick.policy.models import Area, Objective, Policy, PriorityCriterion


# ---------------------------------------------------------------------------------------------------
# Writing the demo to the database
# ---------------------------------------------------------------------------------------------------
@dataclass
class SeedResult:
    created: bool
    engagements: int = 0
    people: int = 0
    organisations: int = 0
    contacts: int = 0
    networks: int = 0
    interactions: int = 0
    countries: list[str] = field(default_factory=list)


def demo_exists() -> bool:
    """Whether the demo data set has been written (its system account exists)."""
    return get_user_model().objects.filter(username=SYSTEM_USERNAME).exists()


def ensure_policy() -> None:
    """Load the shipped policy when no policy has been loaded yet."""
    if not Policy.objects.exists():
        load_policy(POLICY_FILE)


def seed_demo() -> SeedResult:
    """Write the demo people, partners and engagements, unless they are there already."""
    with transaction.atomic():
        if demo_exists():
            return SeedResult(created=False)
        ensure_policy()
        system = _system_user()
        units = {u.code: u for u in OrgUnit.objects.all()}
        people = {
            p.key: Person.objects.create(name=p.name, kind=p.kind, title=p.title, unit=units[p.unit], email=p.email)
            for p in PEOPLE
        }
        orgs = {
            o.key: Organisation.objects.create(name=o.name, country=o.country, kind=o.kind, city=o.city)
            for o in ORGANISATIONS
        }
        lookups = {
            "units": units,
            "people": people,
            "orgs": orgs,
            "objectives": {o.code: o for o in Objective.objects.all()},
            "areas": {a.code: a for a in Area.objects.all()},
            "criteria": {c.code: c for c in PriorityCriterion.objects.all()},
        }
        specs = demo_engagements()
        written = [_write(spec, by=system, **lookups) for spec in specs]
        seed_economy(written, by=system, today=timezone.localdate())
        register = seed_partner_register(by=system, people=people, orgs=orgs)
        # The system account only wrote the demo: it keeps its name in the history but cannot sign in.
        system.is_active = False
        system.save(update_fields=["is_active"])
    return SeedResult(
        created=True,
        engagements=len(specs),
        people=len(people),
        organisations=len(orgs),
        contacts=register["contacts"],
        networks=register["networks"],
        interactions=register["interactions"],
        countries=sorted({o.country for o in ORGANISATIONS}),
    )


def _system_user():
    user = get_user_model().objects.create_user(SYSTEM_USERNAME, first_name="System")
    user.set_unusable_password()
    user.save()
    Membership.objects.create(user=user, unit=OrgUnit.objects.get(code="nuk"), role=Role.SAMORDNARE)
    return user


def _write(spec: DemoEngagement, *, by, units, people, orgs, objectives, areas, criteria) -> Engagement:
    """Walk one engagement through its life with the actions, as a coordinator would have done."""
    fields = {
        "title": spec.title,
        "kind": spec.kind,
        "summary": spec.summary,
        "purpose": spec.purpose,
        "unit_goal": spec.unit_goal,
        "added_value": spec.added_value,
        "benefits_municipality": "k" in spec.benefits,
        "benefits_companies": "f" in spec.benefits,
        "benefits_residents": "i" in spec.benefits,
        "owner_unit": units[spec.unit],
        "scope": spec.scope,
        "responsible_politician": people.get(spec.politician),
        "responsible_officer": people.get(spec.officer),
        "start_date": spec.start,
        "end_date": spec.end,
        "is_secret": bool(spec.secrecy_ground),
        "secrecy_ground": spec.secrecy_ground,
    }
    engagement = actions.create_engagement(
        by=by,
        fields=fields,
        objectives=[objectives[c] for c in spec.objectives],
        areas=[areas[c] for c in spec.areas],
        participations=[(orgs[key], role) for key, role in spec.partners],
    )
    for step in LIFE[1 : LIFE.index(spec.reached) + 1]:
        if step == Status.ASSESSED:
            actions.set_assessment(engagement, by=by, justifications={criteria[c]: t for c, t in spec.criteria})
        elif step == Status.DECIDED:
            decision = spec.decision
            actions.add_decision(
                engagement,
                by=by,
                body=decision.body,
                decided_on=decision.decided_on,
                diary_number=decision.diary_number,
                description=decision.description,
            )
        elif step == Status.FINISHED:
            _update(engagement, by, reason="Slutredovisning", results=spec.results, dissemination=spec.dissemination)
        elif step == Status.FOLLOWED_UP:
            _add_outcome(engagement, by, spec)
        actions.move_engagement(engagement, step, by=by)
        if step == Status.ONGOING and spec.implementation:
            _update(engagement, by, reason="Lägesrapport", implementation=spec.implementation)
    if spec.status == Status.CANCELLED:
        actions.move_engagement(engagement, Status.CANCELLED, by=by, reason=spec.cancel_reason)
    if spec.archive_reason:
        actions.archive_engagement(engagement, by=by, reason=spec.archive_reason)
    return engagement


def _add_outcome(engagement: Engagement, by, spec: DemoEngagement) -> None:
    """A followed-up demo engagement's economy: one travel line with its outcome, so it may be marked followed up."""
    from utblick.finance.actions import add_budget_line  # the finance app builds on engagements, not the reverse

    year = (spec.end or spec.start).year
    fields = {"year": year, "direction": "cost", "cost_category": "resor", "planned_amount": "40000"}
    add_budget_line(engagement, by=by, fields={**fields, "actual_amount": "38500", "description": "Resor och logi"})


def _update(engagement: Engagement, by, *, reason: str, **fields) -> None:
    """Edit some fields through update_engagement, keeping the relations as they are."""
    engagement.refresh_from_db()
    actions.update_engagement(
        engagement,
        by=by,
        expected_version=engagement.version,
        fields=fields,
        objectives=list(engagement.objectives.all()),
        areas=list(engagement.areas.all()),
        participations=[(p.organisation, p.role) for p in engagement.participations.select_related("organisation")],
        countries=[str(c.country) for c in engagement.countries.all()],
        reason=reason,
    )


# ---------------------------------------------------------------------------------------------------
# Demo accounts (setup_demo)
# ---------------------------------------------------------------------------------------------------
@dataclass(frozen=True)
class NewAccount:
    username: str
    role: str
    unit: str
    password: str


def accounts_exist() -> bool:
    """Whether anyone other than the demo data's system account has an account."""
    return get_user_model().objects.exclude(username=SYSTEM_USERNAME).exists()


def demo_usernames() -> list[str]:
    names = [username for username, *_rest in ACCOUNTS] + [ADMIN_USERNAME]
    found = set(get_user_model().objects.filter(username__in=names).values_list("username", flat=True))
    return [name for name in names if name in found]


@transaction.atomic
def create_demo_accounts() -> list[NewAccount]:
    """One account per role, linked to its demo person, plus the IT superuser; each with a random password."""
    User = get_user_model()
    units = {u.code: u for u in OrgUnit.objects.all()}
    people = {p.key: p for p in PEOPLE}
    created = []
    for username, role, unit_code, person_key, name in ACCOUNTS:
        demo_person = people.get(person_key)
        first, last = (demo_person.name if demo_person else name).split(" ", 1)
        email = demo_person.email if demo_person else f"{username}@foretag.example"
        password = secrets.token_urlsafe(12)
        user = User.objects.create_user(username, email=email, password=password, first_name=first, last_name=last)
        Membership.objects.create(user=user, unit=units[unit_code], role=role)
        if demo_person:
            Person.objects.filter(name=demo_person.name, unit__code=demo_person.unit, user=None).update(user=user)
        created.append(NewAccount(username, str(Role(role).label), units[unit_code].name, password))
    password = secrets.token_urlsafe(12)
    User.objects.create_superuser(ADMIN_USERNAME, email=f"it@{EMAIL_DOMAIN}", password=password)
    created.append(NewAccount(ADMIN_USERNAME, "IT-administratör (superanvändare)", "–", password))
    return created


@transaction.atomic
def seed_with_accounts() -> DemoReport:
    """The demo of what the demo accounts do themselves (after create_demo_accounts): handovers, official contacts,
    competence profiles, lessons, news and questions to the coordinator. Adds nothing that is there already."""
    return seed_coordination().extend(seed_knowledge())
