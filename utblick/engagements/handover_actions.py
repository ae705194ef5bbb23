"""Handing an engagement or a partner relation over to Kommunstyrelsen/NUK (R-25): propose, withdraw, accept
and decline. Only a coordinator answers; the handover is written in the history of every record it touches. The
checks (who may do what, what can be proposed, the proposal's input) are in handover_rules.py.

The claim on an answer is a conditional UPDATE on state=proposed, so two coordinators answering at once cannot
both succeed: the second gets a Swedish sentence and nothing of theirs is written.
"""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.db.models import F
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from utblick.core import history
from utblick.core.models import Change
from utblick.core.permissions import ensure_can
from utblick.engagements.changes import record_engagement_change
from utblick.engagements.handover_rules import (
    clean_knowledge,
    clean_texts,
    engagement_refusal,
    ensure_coordinator,
    may_change_subject,
    may_propose_relation,
    proposable_units,
    receiving_ids,
    relation_engagements,
)
from utblick.engagements.models import Engagement, EngagementScope
from utblick.engagements.models_handover import Handover, HandoverKnowledge
from utblick.notifications.actions import coordinators, notify, users_of_people
from utblick.notifications.kinds import Kind
from utblick.organisation.models import OrgUnit, Person


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
    texts = clean_texts(fields, errors)
    organisation_ids = list(engagement.participations.values_list("organisation_id", flat=True))
    rows = clean_knowledge(knowledge, organisation_ids, errors)
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


def propose_relation_handover(
    organisation, *, by, from_unit: OrgUnit, included=(), fields: dict, knowledge
) -> Handover:
    """Propose that a unit's relation with a partner organisation goes to Kommunstyrelsen, with chosen engagements."""
    if not may_propose_relation(by):
        raise PermissionDenied
    errors: dict = {}
    if from_unit is None or not proposable_units(by).filter(pk=from_unit.pk).exists():
        errors["from_unit"] = _("Välj en av de enheter vars engagemang du får ändra.")
    receiving = receiving_ids()
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
    texts = clean_texts(fields, errors)
    rows = clean_knowledge(knowledge, [organisation.pk], errors)
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
    if not may_change_subject(by, handover):
        raise PermissionDenied
    with transaction.atomic():
        _claim(handover, by=by, state=Handover.State.WITHDRAWN, comment="")
        _record_answer(handover, by=by, reason=_("Förslaget återkallades."))
        # The coordinators were told of the proposal: they hear that it no longer waits for them.
        notify(
            coordinators(),
            kind=Kind.HANDOVER,
            title=gettext_lazy("Förslaget om överlämning av %(name)s har återkallats"),
            text=gettext_lazy("%(unit)s har återkallat förslaget. Det behöver inget svar."),
            params={"name": subject_name(handover), "unit": handover.from_unit.name},
            url=_url(handover),
            key=f"handover-withdrawn-{handover.pk}",
            by=by,
        )
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
    if to_unit is None or to_unit.pk not in receiving_ids():
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
