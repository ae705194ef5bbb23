"""The rules of handing an engagement or a partner relation over to Kommunstyrelsen/NUK (R-25): who may propose,
withdraw and answer, what can be proposed, how a proposal's texts and who-knows-whom rows are checked, and which
handovers a user may see. No writes here: handover_actions.py writes, using these checks.
"""

from django.core.exceptions import PermissionDenied
from django.db.models import Q
from django.utils.translation import gettext as _

from utblick.core.permissions import Scope, access_for, allows, has_role
from utblick.core.roles import Role
from utblick.engagements.models import Engagement, EngagementScope, Status
from utblick.engagements.models_handover import Handover
from utblick.organisation.models import OrgUnit, Person
from utblick.partners.models import Contact

TEXT_LIMITS = {"reason": 5000, "cooperation_forms": 10000, "recurring_meetings": 5000}
NOTE_LIMIT = 2000
KNOWLEDGE_MAX = 30
PROPOSER_ROLES = (Role.SAMORDNARE, Role.FORVALTNINGSCHEF, Role.HANDLAGGARE)


def NO_KNOWLEDGE() -> str:  # noqa: N802 - a sentence, read in the request's language
    return _("Ange minst en person i kommunen som känner relationen, och gärna vem hos partnern.")


def receiving_units():
    """The units that can receive a handover: those of kind Kommunstyrelse and every unit below them."""
    tops = list(OrgUnit.objects.filter(kind=OrgUnit.Kind.KOMMUNSTYRELSE).values_list("pk", flat=True))
    return OrgUnit.objects.filter(pk__in=OrgUnit.with_descendants(tops))


def receiving_ids() -> set[int]:
    return set(receiving_units().values_list("pk", flat=True))


def is_coordinator(user) -> bool:
    return bool(user is not None and user.is_authenticated and has_role(user, Role.SAMORDNARE))


def ensure_coordinator(user) -> None:
    """Only a coordinator (or a superuser) answers a handover: anyone else is refused, whatever the page sent."""
    if not is_coordinator(user):
        raise PermissionDenied


def changeable_unit_ids(user) -> set[int] | None:
    """The units whose engagements the user may change; None means every unit (the coordinator)."""
    access = access_for(user)
    if access.scope("engagement", "change") is Scope.ALL:
        return None
    return set(access.units_for("engagement", "change"))


def may_propose_relation(user) -> bool:
    return bool(user is not None and user.is_authenticated and has_role(user, *PROPOSER_ROLES))


def engagement_refusal(engagement: Engagement, *, open_exists: bool | None = None, receiving=None) -> str:
    """Why the engagement cannot be proposed for handover now, as a Swedish sentence; empty when it can."""
    if engagement.is_archived:
        return _("Engagemanget är arkiverat. Återställ det från arkivet innan du föreslår en överlämning.")
    if engagement.status == Status.CANCELLED:
        return _("Engagemanget är avbrutet och kan inte lämnas över.")
    receiving = receiving_ids() if receiving is None else receiving
    if engagement.owner_unit_id in receiving and engagement.scope == EngagementScope.MUNICIPALITY:
        return _("Engagemanget är redan kommunövergripande och ägs av Kommunstyrelsen. Det behöver inte lämnas över.")
    if open_exists is None:
        open_exists = engagement.handovers.filter(state=Handover.State.PROPOSED).exists()
    if open_exists:
        return _("Det finns redan ett öppet förslag om överlämning av engagemanget. Vänta på samordnarens svar.")
    return ""


def clean_texts(fields: dict, errors: dict) -> dict:
    cleaned = {name: str(fields.get(name) or "").strip() for name in TEXT_LIMITS}
    if not cleaned["reason"]:
        errors["reason"] = _("Beskriv varför relationen har blivit kommunövergripande.")
    if not cleaned["cooperation_forms"]:
        errors["cooperation_forms"] = _("Beskriv hur samarbetet går till i dag, så att Kommunstyrelsen kan ta vid.")
    for name, limit in TEXT_LIMITS.items():
        if len(cleaned[name]) > limit:
            errors[name] = _("Texten får vara högst %(limit)s tecken (nu %(count)s). Korta av den.") % {
                "limit": limit,
                "count": len(cleaned[name]),
            }
    return cleaned


def clean_knowledge(knowledge, organisation_ids, errors: dict) -> list[tuple[Person, Contact | None, str]]:
    """Check the who-knows-whom rows: an active person each, a contact of the partner, a note of sensible length."""
    rows = [(person, contact, str(note or "").strip()) for person, contact, note in knowledge or [] if person]
    problems = []
    if not rows:
        problems.append(NO_KNOWLEDGE())
    if len(rows) > KNOWLEDGE_MAX:
        problems.append(_("Ange högst %(max)s personer. Samla resten i anteckningarna.") % {"max": KNOWLEDGE_MAX})
    contact_ids = {contact.pk for _person, contact, _note in rows if contact is not None}
    allowed = set(
        Contact.objects.filter(pk__in=contact_ids, organisations__in=organisation_ids).values_list("pk", flat=True)
    )
    for person, contact, note in rows:
        if not person.is_active:
            problems.append(
                _("%(name)s är inte längre aktiv. Välj bland de aktiva personerna.") % {"name": person.name}
            )
        if contact is not None and contact.pk not in allowed:
            problems.append(
                _("%(name)s är inte kontaktperson hos partnern. Välj en kontaktperson hos partnerorganisationen.")
                % {"name": contact.name}
            )
        if len(note) > NOTE_LIMIT:
            problems.append(
                _("Anteckningen om %(name)s får vara högst %(limit)s tecken. Korta av den.")
                % {
                    "name": person.name,
                    "limit": NOTE_LIMIT,
                }
            )
    if problems:
        errors["knowledge"] = problems
    return rows


def relation_engagements(organisation, user):
    """The engagements with this partner that the user may change and could send along with the relation."""
    return (
        Engagement.objects.restrict(user, "change")
        .not_archived()
        .exclude(status=Status.CANCELLED)
        .filter(participations__organisation=organisation)
        .select_related("owner_unit")
        .distinct()
        .order_by("title", "pk")
    )


def proposable_units(user):
    """The units a user may propose a relation handover from: those whose engagements they may change."""
    ids = changeable_unit_ids(user)
    units = OrgUnit.objects.filter(is_active=True)
    return units if ids is None else units.filter(pk__in=ids)


def may_withdraw(user, handover: Handover) -> bool:
    """The proposer, or anyone who may change what is proposed, may withdraw an open proposal."""
    return handover.state == Handover.State.PROPOSED and may_change_subject(user, handover)


def may_change_subject(user, handover: Handover) -> bool:
    if user is None or not user.is_authenticated:
        return False
    if handover.proposed_by_id == user.pk:
        return True
    if handover.engagement_id:
        return allows(user, "change", handover.engagement)
    ids = changeable_unit_ids(user)
    return ids is None or handover.from_unit_id in ids


def visible_handovers(user):
    """The handovers the user may see: all for the coordinator; otherwise their units' proposals (the engagement
    must also be visible to them) and their own."""
    handovers = Handover.objects.all()
    access = access_for(user)
    if access.scope("engagement", "view") is Scope.ALL:
        return handovers
    if access.scope("engagement", "view") is Scope.NONE:
        return handovers.none()
    units = access.units_for("engagement", "view")
    mine = Q(from_unit__in=units) | Q(proposed_by=user)
    visible = Q(engagement__isnull=True) | Q(engagement__in=Engagement.objects.restrict(user, "view"))
    return handovers.filter(mine & visible)


def viewable_handovers(user):
    """The handovers whose page the user may open: the listed ones, and any handover of an engagement they may see
    (its page shows the handover section to everyone who sees the engagement)."""
    access = access_for(user)
    scope = access.scope("engagement", "view")
    if scope is Scope.ALL:
        return Handover.objects.all()
    if scope is Scope.NONE:
        return Handover.objects.none()
    units = access.units_for("engagement", "view")
    visible = Engagement.objects.restrict(user, "view")
    return Handover.objects.filter(
        Q(engagement__in=visible) | Q(engagement__isnull=True) & (Q(from_unit__in=units) | Q(proposed_by=user))
    )
