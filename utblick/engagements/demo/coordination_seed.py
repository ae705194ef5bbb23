"""The demo of coordination, written after the demo accounts exist (setup_demo): handovers and official contacts.

The demo accounts do what they would have done themselves, through the actions: Karin proposed that the South
Sami cooperation go to Kommunstyrelsen and Sara accepted it (so the engagement lists its knowledge holders);
Hans proposes that the pupil exchange with Røros videregående skole go the same way (open, on Sara's list); Hans
asked Fredrik to approve the Banff partnership as an official contact (approved, with a comment) and asks him to
approve the work placements in Røros (waiting on Fredrik's list). Histories and notifications are real.

Every step looks for what it would write first and leaves it alone when it is there, so running it again adds
nothing. A step whose account, person or engagement is missing is skipped, with the reason in the report.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from django.contrib.auth import get_user_model
from django.utils.translation import gettext as _
from django.utils.translation import ngettext_lazy

from utblick.engagements.demo.data import ACCOUNTS, PEOPLE
from utblick.engagements.models import Engagement
from utblick.organisation.models import OrgUnit, Person
from utblick.partners.models import Contact

# The engagements of the demo (engagements_data.py) that this step works on, by title.
ACCEPTED = "Sydsamisk kultur och språk över gränsen"
PROPOSED = "Erasmus+ elevutbyte med Røros videregående skole"
APPROVED = "Atlas partnerskap med Banff Community High School"
WAITING = "Arbetsplatsförlagt lärande i Røros för restaurangelever"


# What the demo steps write, in the order the report names them.
COUNTED = {
    "handover": ngettext_lazy("%(count)d överlämning", "%(count)d överlämningar", "count"),
    "approval": ngettext_lazy(
        "%(count)d godkännande av officiell kontakt", "%(count)d godkännanden av officiella kontakter", "count"
    ),
    "profile": ngettext_lazy("%(count)d kompetensprofil", "%(count)d kompetensprofiler", "count"),
    "lesson": ngettext_lazy("%(count)d erfarenhet", "%(count)d erfarenheter", "count"),
    "news": ngettext_lazy("%(count)d publicerad nyhet", "%(count)d publicerade nyheter", "count"),
    "draft": ngettext_lazy("%(count)d nyhetsutkast", "%(count)d nyhetsutkast", "count"),
    "advice": ngettext_lazy("%(count)d fråga till samordnaren", "%(count)d frågor till samordnaren", "count"),
    "faq": ngettext_lazy("%(count)d vanlig fråga", "%(count)d vanliga frågor", "count"),
}


@dataclass
class DemoReport:
    """What the demo steps wrote (counted by kind, see COUNTED) and what they skipped, and why."""

    added: dict[str, int] = field(default_factory=dict)
    skipped: list[str] = field(default_factory=list)

    def add(self, kind: str, count: int = 1) -> None:
        self.added[kind] = self.added.get(kind, 0) + count

    def extend(self, other: DemoReport) -> DemoReport:
        for kind, count in other.added.items():
            self.add(kind, count)
        self.skipped += other.skipped
        return self

    def summary(self) -> str:
        """E.g. "2 överlämningar, 6 kompetensprofiler och 1 vanlig fråga"; empty when nothing was written."""
        parts = [label % {"count": self.added[kind]} for kind, label in COUNTED.items() if self.added.get(kind)]
        if len(parts) < 2:
            return "".join(parts)
        return _("%(first)s och %(last)s") % {"first": ", ".join(parts[:-1]), "last": parts[-1]}


class Missing(Exception):
    """Something the step needs is not in the database: the message says what, in Swedish."""


def demo_accounts() -> dict:
    """The demo accounts that exist and may sign in, by user name."""
    names = [username for username, *_rest in ACCOUNTS]
    return {u.username: u for u in get_user_model().objects.filter(username__in=names, is_active=True)}


def account(accounts: dict, username: str):
    if username not in accounts:
        raise Missing(_("demokontot %(name)s finns inte") % {"name": username})
    return accounts[username]


def person(key: str) -> Person:
    """The demo person with this key (data.PEOPLE), found by name and unit."""
    spec = next(p for p in PEOPLE if p.key == key)
    found = Person.objects.filter(name=spec.name, unit__code=spec.unit).order_by("pk").first()
    if found is None:
        raise Missing(_("personen %(name)s finns inte") % {"name": spec.name})
    return found


def engagement(title: str) -> Engagement:
    found = Engagement.objects.filter(title=title).order_by("pk").first()
    if found is None:
        raise Missing(_("engagemanget ”%(title)s” finns inte") % {"title": title})
    return found


def contact(name: str) -> Contact:
    found = Contact.objects.filter(name=name).order_by("pk").first()
    if found is None:
        raise Missing(_("kontaktpersonen %(name)s finns inte") % {"name": name})
    return found


def run_step(report: DemoReport, what: str, step) -> None:
    """Run one step; if something it needs is missing, note why it was skipped and go on with the next."""
    try:
        step(report)
    except Missing as missing:
        report.skipped.append(_("%(what)s hoppades över: %(reason)s.") % {"what": what, "reason": missing})


def seed_coordination() -> DemoReport:
    """Handovers to Kommunstyrelsen and official contacts; needs the demo accounts (sara, hans, karin, fredrik)."""
    report = DemoReport()
    accounts = demo_accounts()
    run_step(report, _("Den mottagna överlämningen"), lambda r: _accepted_handover(r, accounts))
    run_step(report, _("Det öppna förslaget om överlämning"), lambda r: _open_handover(r, accounts))
    run_step(report, _("Den godkända officiella kontakten"), lambda r: _approved_contact(r, accounts))
    run_step(report, _("Begäran om godkännande av officiell kontakt"), lambda r: _waiting_contact(r, accounts))
    return report


def _accepted_handover(report: DemoReport, accounts: dict) -> None:
    from utblick.engagements.handover_actions import accept_handover, propose_engagement_handover

    karin, sara = account(accounts, "karin"), account(accounts, "sara")
    sami = engagement(ACCEPTED)
    if sami.handovers.exists():
        return
    knowledge = [
        (
            person("karin"),
            contact("Elle Jonsen"),
            "Har arbetat med Elle sedan projektstarten 2024; planerar kulturveckan tillsammans med henne.",
        ),
        (person("ks_culture"), None, "Politisk kontakt med Røros och Tydal i frågor om sydsamiska."),
    ]
    officer = person("sara")
    kommunstyrelsen = OrgUnit.objects.filter(code="ks").first()
    if kommunstyrelsen is None:
        raise Missing(_("enheten Kommunstyrelsen finns inte"))
    proposal = propose_engagement_handover(
        sami,
        by=karin,
        fields={
            "reason": "Härjedalen är förvaltningskommun för sydsamiska. Samarbetet över gränsen rör nu skolan, "
            "biblioteken och kommunens samiska språkarbete, inte bara kulturverksamheten.",
            "cooperation_forms": "Gemensam handlingsplan med Røros och Tydal kommuner och Saemien Sijte. "
            "Språkcaféer varannan månad, gemensam kulturvecka i februari och utlån av sydsamisk litteratur "
            "mellan biblioteken.",
            "recurring_meetings": "Styrgrupp varje kvartal (digitalt), kulturveckan i februari.",
        },
        knowledge=knowledge,
    )
    accept_handover(
        proposal,
        by=sara,
        to_unit=kommunstyrelsen,
        officer=officer,
        comment="Kommunstyrelsen tar över som en del av arbetet i förvaltningsområdet för samiska språk. "
        "Karin Olsson och Jonas Mårtensson står kvar som kunskapsbärare.",
    )
    report.add("handover")


def _open_handover(report: DemoReport, accounts: dict) -> None:
    from utblick.engagements.handover_actions import propose_engagement_handover

    hans = account(accounts, "hans")
    exchange = engagement(PROPOSED)
    if exchange.handovers.exists():
        return
    siri = contact("Siri Aune")
    knowledge = [
        (person("hans"), siri, "Har samordnat utbytet sedan 2024 och känner rektorn väl."),
        (person("gym_head"), siri, "Rektorskollega; träffas på rektorsmötet i Røros varje maj."),
    ]
    propose_engagement_handover(
        exchange,
        by=hans,
        fields={
            "reason": "Utbytet med Røros videregående skole har vuxit: besöksnäringen och vänortssamarbetet med "
            "Røros kommun deltar nu, och Røros vill ha ett samlat avtal med kommunen i stället för med skolan.",
            "cooperation_forms": "Elevutbyte en vecka per termin, lärarutbyte inom Erasmus+ och gemensamma "
            "projektdagar om turism. Rektorerna har ett samarbetsavtal som löper till juni 2026.",
            "recurring_meetings": "Planeringsmöte i augusti och januari; rektorsmöte i Røros i maj.",
        },
        knowledge=knowledge,
    )
    report.add("handover")


def _mark_official(target: Engagement, *, by) -> Engagement:
    """Tick "Officiell kontakt" on the engagement, as its handläggare would in the edit form."""
    from utblick.engagements import actions

    target.refresh_from_db()
    if target.is_official_contact:
        return target
    return actions.update_engagement(
        target,
        by=by,
        expected_version=target.version,
        fields={"is_official_contact": True},
        objectives=list(target.objectives.all()),
        areas=list(target.areas.all()),
        participations=[(p.organisation, p.role) for p in target.participations.select_related("organisation")],
        countries=[str(c.country) for c in target.countries.all()],
        reason="Skolan företräder kommunen officiellt i samarbetet.",
    )


def _approved_contact(report: DemoReport, accounts: dict) -> None:
    from utblick.engagements.approval_actions import approve, request_approval

    hans, fredrik = account(accounts, "hans"), account(accounts, "fredrik")
    banff = engagement(APPROVED)
    if banff.approvals.exists():
        return
    banff = _mark_official(banff, by=hans)
    request = request_approval(
        banff, by=hans, message="Partnerskapet undertecknas av kommunen; Banff vill ha ett godkännande från oss."
    )
    approve(
        request,
        by=fredrik,
        comment="Godkänt. Redovisa utbytet för Barn- och utbildningsnämnden i samband med årsredovisningen.",
    )
    report.add("approval")


def _waiting_contact(report: DemoReport, accounts: dict) -> None:
    from utblick.engagements.approval_actions import request_approval

    hans = account(accounts, "hans")
    account(accounts, "fredrik")  # the one who answers: without him the request would wait for nobody
    placements = engagement(WAITING)
    if placements.approvals.exists():
        return
    placements = _mark_official(placements, by=hans)
    request_approval(
        placements,
        by=hans,
        message="Vi behöver beslutet före sommaren så att eleverna kan åka till Røros i september.",
    )
    report.add("approval")
