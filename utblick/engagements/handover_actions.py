"""Handing an engagement or a partner relation over to Kommunstyrelsen/NUK (R-25): propose, withdraw, accept
and decline. Only a coordinator answers; the handover is written in the history of every record it touches.

The claim on an answer is a conditional UPDATE on state=proposed, so two coordinators answering at once cannot
both succeed: the second gets a Swedish sentence and nothing of theirs is written.
"""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.db.models import F, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from utblick.core import history
from utblick.core.models import Change
from utblick.core.permissions import Scope, access_for, allows, ensure_can, has_role
from utblick.core.roles import Role
from utblick.engagements.changes import record_engagement_change
from utblick.engagements.models import Engagement, EngagementScope, Status
from utblick.engagements.models_handover import Handover, HandoverKnowledge
from utblick.notifications.actions import coordinators, notify, users_of_people
from utblick.notifications.kinds import Kind
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


def _receiving_ids() -> set[int]:
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
    receiving = _receiving_ids() if receiving is None else receiving
    if engagement.owner_unit_id in receiving and engagement.scope == EngagementScope.MUNICIPALITY:
        return _("Engagemanget är redan kommunövergripande och ägs av Kommunstyrelsen. Det behöver inte lämnas över.")
    if open_exists is None:
        open_exists = engagement.handovers.filter(state=Handover.State.PROPOSED).exists()
    if open_exists:
        return _("Det finns redan ett öppet förslag om överlämning av engagemanget. Vänta på samordnarens svar.")
    return ""


def _clean_texts(fields: dict, errors: dict) -> dict:
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


def _clean_knowledge(knowledge, organisation_ids, errors: dict) -> list[tuple[Person, Contact | None, str]]:
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


def _save(handover: Handover, rows) -> None:
    """Insert the proposal and its knowledge rows; a concurrent open proposal becomes a Swedish error."""
    try:
        with transaction.atomic():
            handover.save()
    except IntegrityError:
        raise ValidationError(
            _("Det finns redan ett öppet förslag om överlämning av det här. Vänta på samordnarens svar.")
        ) from None
    HandoverKnowledge.objects.bulk_create(
        HandoverKnowledge(handover=handover, person=person, contact=contact, note=note)
        for person, contact, note in rows
    )


def _url(handover: Handover) -> str:
    return reverse("engagements:handover_detail", args=[handover.pk])


def subject_name(handover: Handover) -> str:
    return handover.engagement.title if handover.engagement_id else handover.organisation.name


def _proposal_change(state_after: str, state_before: str = "") -> list[dict]:
    return [{"field": str(_("Överlämning till Kommunstyrelsen")), "before": state_before, "after": state_after}]


def _notify_coordinators(handover: Handover, by) -> None:
    notify(
        coordinators(),
        kind=Kind.HANDOVER,
        title=gettext_lazy("Förslag om överlämning: %(name)s"),
        text=gettext_lazy("%(unit)s föreslår att %(name)s lämnas över till Kommunstyrelsen."),
        params={"name": subject_name(handover), "unit": handover.from_unit.name},
        url=_url(handover),
        key=f"handover-proposed-{handover.pk}",
        by=by,
    )


def propose_engagement_handover(engagement: Engagement, *, by, fields: dict, knowledge) -> Handover:
    """Propose that an engagement grown municipality-wide goes to Kommunstyrelsen, with who knows whom."""
    ensure_can(by, "change", engagement)
    refusal = engagement_refusal(engagement)
    if refusal:
        raise ValidationError(refusal)
    errors: dict = {}
    texts = _clean_texts(fields, errors)
    organisation_ids = list(engagement.participations.values_list("organisation_id", flat=True))
    rows = _clean_knowledge(knowledge, organisation_ids, errors)
    if errors:
        raise ValidationError(errors)
    handover = Handover(engagement=engagement, from_unit=engagement.owner_unit, proposed_by=by, **texts)
    with transaction.atomic():
        _save(handover, rows)
        record_engagement_change(
            engagement,
            by=by,
            action=Change.Action.UPDATED,
            changes=_proposal_change(str(Handover.State.PROPOSED.label)),
            reason=texts["reason"],
        )
        _notify_coordinators(handover, by)
    return handover


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


def propose_relation_handover(
    organisation, *, by, from_unit: OrgUnit, included=(), fields: dict, knowledge
) -> Handover:
    """Propose that a unit's relation with a partner organisation goes to Kommunstyrelsen, with chosen engagements."""
    if not may_propose_relation(by):
        raise PermissionDenied
    errors: dict = {}
    if from_unit is None or not proposable_units(by).filter(pk=from_unit.pk).exists():
        errors["from_unit"] = _("Välj en av de enheter vars engagemang du får ändra.")
    receiving = _receiving_ids()
    if organisation.relation_unit_id in receiving:
        raise ValidationError(
            _("Relationen med %(name)s ägs redan av Kommunstyrelsen och behöver inte lämnas över.")
            % {"name": organisation.name}
        )
    included = list(included or [])
    if included and "from_unit" not in errors:
        allowed = set(relation_engagements(organisation, by).values_list("pk", flat=True))
        subtree = OrgUnit.with_descendants([from_unit.pk])
        wrong = [e.title for e in included if e.pk not in allowed or e.owner_unit_id not in subtree]
        if wrong:
            errors["included_engagements"] = _(
                "%(titles)s kan inte följa med: välj bara engagemang med partnern som den lämnande enheten äger "
                "och som du får ändra."
            ) % {"titles": ", ".join(wrong)}
    texts = _clean_texts(fields, errors)
    rows = _clean_knowledge(knowledge, [organisation.pk], errors)
    if errors:
        raise ValidationError(errors)
    handover = Handover(organisation=organisation, from_unit=from_unit, proposed_by=by, **texts)
    with transaction.atomic():
        _save(handover, rows)
        handover.included_engagements.set(included)
        history.record(
            organisation,
            by=by,
            action=Change.Action.UPDATED,
            changes=_proposal_change(str(Handover.State.PROPOSED.label)),
            reason=texts["reason"],
        )
        for engagement in included:
            record_engagement_change(
                engagement,
                by=by,
                action=Change.Action.UPDATED,
                changes=_proposal_change(_("Föreslagen, med relationen till %(name)s") % {"name": organisation.name}),
            )
        _notify_coordinators(handover, by)
    return handover


def may_withdraw(user, handover: Handover) -> bool:
    """The proposer, or anyone who may change what is proposed, may withdraw an open proposal."""
    return handover.state == Handover.State.PROPOSED and _may_change_subject(user, handover)


def _may_change_subject(user, handover: Handover) -> bool:
    if user is None or not user.is_authenticated:
        return False
    if handover.proposed_by_id == user.pk:
        return True
    if handover.engagement_id:
        return allows(user, "change", handover.engagement)
    ids = changeable_unit_ids(user)
    return ids is None or handover.from_unit_id in ids


def _engagements_of(handover: Handover) -> list[Engagement]:
    if handover.engagement_id:
        return [handover.engagement]
    return list(
        handover.included_engagements.select_related("owner_unit", "responsible_politician", "responsible_officer")
    )


def _claim(handover: Handover, *, by, state: str, comment: str, to_unit=None) -> None:
    """Answer the proposal only if it is still open; otherwise a Swedish sentence and nothing written."""
    now = timezone.now()
    claimed = Handover.objects.filter(pk=handover.pk, state=Handover.State.PROPOSED).update(
        state=state, answered_by=by, answered_at=now, answer_comment=comment, to_unit=to_unit
    )
    if not claimed:
        current = Handover.objects.filter(pk=handover.pk).values_list("state", flat=True).first()
        label = Handover.State(current).label if current in Handover.State.values else current
        raise ValidationError(
            _("Förslaget är redan besvarat eller återkallat (nu: %(state)s). Ladda om sidan för att se svaret.")
            % {"state": label}
        )
    handover.state, handover.answered_by, handover.answered_at = state, by, now
    handover.answer_comment, handover.to_unit = comment, to_unit


def withdraw_handover(handover: Handover, *, by) -> Handover:
    """Take back an open proposal; it stays in the list and in the history as withdrawn."""
    if not _may_change_subject(by, handover):
        raise PermissionDenied
    with transaction.atomic():
        _claim(handover, by=by, state=Handover.State.WITHDRAWN, comment="")
        _record_answer(handover, by=by, reason=_("Förslaget återkallades."))
    return handover


def _record_answer(handover: Handover, *, by, reason: str, per_engagement=None) -> None:
    """History rows for an answer: on the organisation (if any) and on every engagement it concerns."""
    change = _proposal_change(str(Handover.State(handover.state).label), str(Handover.State.PROPOSED.label))
    if handover.organisation_id:
        history.record(handover.organisation, by=by, action=Change.Action.UPDATED, changes=change, reason=reason)
    for engagement in _engagements_of(handover):
        extra = (per_engagement or {}).get(engagement.pk, [])
        record_engagement_change(engagement, by=by, action=Change.Action.UPDATED, changes=change + extra, reason=reason)


def _names(people) -> str:
    return ", ".join(sorted({p.name for p in people}))


def accept_handover(
    handover: Handover,
    *,
    by,
    to_unit: OrgUnit,
    officer: Person | None = None,
    politician: Person | None = None,
    comment: str = "",
) -> Handover:
    """The coordinator receives the engagement or relation: Kommunstyrelsen owns it, municipality-wide, and the
    people who ran it stay listed as knowledge holders (and so keep reading it)."""
    ensure_coordinator(by)
    errors: dict = {}
    comment = str(comment or "").strip()
    if to_unit is None or to_unit.pk not in _receiving_ids():
        errors["to_unit"] = _("Välj Kommunstyrelsen eller en enhet under den som mottagare.")
    if officer is not None and (officer.kind != Person.Kind.TJANSTEMAN or not officer.is_active):
        errors["officer"] = _(
            "Välj en aktiv tjänsteman som ny ansvarig, eller lämna tomt för att behålla den nuvarande."
        )
    if politician is not None and (politician.kind != Person.Kind.FORTROENDEVALD or not politician.is_active):
        errors["politician"] = _(
            "Välj en aktiv förtroendevald som ny ansvarig, eller lämna tomt för att behålla den nuvarande."
        )
    if len(comment) > 5000:
        errors["comment"] = _("Kommentaren får vara högst 5 000 tecken. Korta av den.")
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        _claim(handover, by=by, state=Handover.State.ACCEPTED, comment=comment, to_unit=to_unit)
        knowing = [row.person for row in handover.knowledge.select_related("person")]
        former: list[Person] = []
        per_engagement = {}
        engagements = _engagements_of(handover)
        for engagement in engagements:
            per_engagement[engagement.pk] = _move_engagement(engagement, to_unit, officer, politician, knowing)
            former += [p for p in (engagement.responsible_politician, engagement.responsible_officer) if p]
        if handover.organisation_id:
            organisation = handover.organisation
            before = str(organisation.relation_unit or "")
            type(organisation).objects.filter(pk=organisation.pk).update(relation_unit=to_unit)
            organisation.relation_unit = to_unit
            per_org = [{"field": str(_("Ansvar för relationen")), "before": before, "after": to_unit.name}]
            history.record(
                organisation,
                by=by,
                action=Change.Action.UPDATED,
                changes=_proposal_change(str(Handover.State.ACCEPTED.label), str(Handover.State.PROPOSED.label))
                + per_org,
                reason=_("Överlämnat till %(unit)s.") % {"unit": to_unit.name},
            )
        reason = _("Överlämnat till %(unit)s.") % {"unit": to_unit.name}
        if comment:
            reason = f"{reason} {comment}"
        change = _proposal_change(str(Handover.State.ACCEPTED.label), str(Handover.State.PROPOSED.label))
        for engagement in engagements:
            record_engagement_change(
                engagement,
                by=by,
                action=Change.Action.UPDATED,
                changes=change + per_engagement[engagement.pk],
                reason=reason,
            )
        _notify_answer(
            handover,
            by=by,
            former=former,
            title=gettext_lazy("Överlämningen av %(name)s är mottagen"),
            text=gettext_lazy("%(unit)s tar över ansvaret. Ni som arbetat med det står kvar som kunskapsbärare."),
            params={"unit": to_unit.name},
        )
    return handover


def _move_engagement(engagement: Engagement, to_unit, officer, politician, knowing) -> list[dict]:
    """Give one engagement to the receiving unit; returns its history changes."""
    before = {
        "unit": engagement.owner_unit.name,
        "scope": engagement.get_scope_display(),
        "officer": str(engagement.responsible_officer or ""),
        "politician": str(engagement.responsible_politician or ""),
        "holders": _names(engagement.knowledge_holders.all()),
    }
    holders = [p for p in (engagement.responsible_politician, engagement.responsible_officer, *knowing) if p]
    engagement.owner_unit = to_unit
    engagement.scope = EngagementScope.MUNICIPALITY
    if officer is not None:
        engagement.responsible_officer = officer
    if politician is not None:
        engagement.responsible_politician = politician
    Engagement.objects.filter(pk=engagement.pk).update(
        owner_unit=to_unit,
        scope=EngagementScope.MUNICIPALITY,
        responsible_officer=engagement.responsible_officer,
        responsible_politician=engagement.responsible_politician,
        version=F("version") + 1,
        updated_at=timezone.now(),
    )
    engagement.version += 1
    engagement.knowledge_holders.add(*holders)
    after = {
        "unit": to_unit.name,
        "scope": engagement.get_scope_display(),
        "officer": str(engagement.responsible_officer or ""),
        "politician": str(engagement.responsible_politician or ""),
        "holders": _names(engagement.knowledge_holders.all()),
    }
    labels = {
        "unit": _("Ansvarig enhet"),
        "scope": _("Omfattning"),
        "officer": _("Ansvarig tjänsteman"),
        "politician": _("Ansvarig förtroendevald"),
        "holders": _("Kunskapsbärare"),
    }
    return [{"field": str(labels[k]), "before": before[k], "after": after[k]} for k in labels if before[k] != after[k]]


def decline_handover(handover: Handover, *, by, reason: str) -> Handover:
    """The coordinator declines the proposal with a reason; the unit keeps the engagement or relation."""
    ensure_coordinator(by)
    reason = str(reason or "").strip()
    if not reason:
        raise ValidationError({"reason": _("Skriv varför förslaget avböjs, så att enheten vet hur den ska gå vidare.")})
    if len(reason) > 5000:
        raise ValidationError({"reason": _("Skälet får vara högst 5 000 tecken. Korta av det.")})
    with transaction.atomic():
        _claim(handover, by=by, state=Handover.State.DECLINED, comment=reason)
        former = [
            p
            for engagement in _engagements_of(handover)
            for p in (engagement.responsible_politician, engagement.responsible_officer)
            if p
        ]
        _record_answer(handover, by=by, reason=reason)
        _notify_answer(
            handover,
            by=by,
            former=former,
            title=gettext_lazy("Överlämningen av %(name)s är avböjd"),
            text=gettext_lazy("Skäl: %(reason)s"),
            params={"reason": reason},
        )
    return handover


def _notify_answer(handover: Handover, *, by, former, title, text, params) -> None:
    users = users_of_people(*former)
    if handover.proposed_by is not None:
        users.append(handover.proposed_by)
    notify(
        users,
        kind=Kind.HANDOVER,
        title=title,
        text=text,
        params={"name": subject_name(handover), **params},
        url=_url(handover),
        key=f"handover-answered-{handover.pk}",
        by=by,
    )


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
