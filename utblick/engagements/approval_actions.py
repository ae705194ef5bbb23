"""Official contacts: Kommunstyrelsen's contacts abroad (R-22) and the förvaltningschef's approval (R-24).

The questions (who approves, which approval counts, where an official contact belongs) come first; the
actions that write (request, approve, decline, withdraw) follow. Each action checks permission, validates,
writes in one transaction with its history row and its notifications.
"""

from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.db.models import F
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from utblick.core import history
from utblick.core.models import Change
from utblick.core.permissions import access_for, ensure_can
from utblick.core.roles import Role
from utblick.engagements.models import Engagement, Status
from utblick.engagements.models_handover import ContactApproval
from utblick.notifications.actions import notify, users_of_people
from utblick.notifications.kinds import Kind
from utblick.organisation.models import OrgUnit
from utblick.partners.models import Organisation

TEXT_MAX = 5000
HOME_COUNTRY = "SE"  # the municipality's own country: contacts elsewhere are "abroad"
MUNICIPAL_KINDS = (Organisation.Kind.KOMMUN, Organisation.Kind.REGION)
State = ContactApproval.State


# official contacts with municipalities and regions abroad belong to Kommunstyrelsen


def kommunstyrelsen() -> tuple[OrgUnit | None, set[int]]:
    """The unit of kind Kommunstyrelsen and the ids of it and every unit below it ((None, empty) if there is none)."""
    unit = OrgUnit.objects.filter(kind=OrgUnit.Kind.KOMMUNSTYRELSE).order_by("pk").first()
    if unit is None:
        return None, set()
    return unit, OrgUnit.with_descendants([unit.pk])


def foreign_municipalities(organisations) -> list[Organisation]:
    """The municipalities and regions in another country among `organisations`."""
    return [
        org for org in organisations if org.kind in MUNICIPAL_KINDS and org.country and org.country.code != HOME_COUNTRY
    ]


def kommunstyrelsen_error(engagement: Engagement, organisations) -> str | None:
    """R-22: why the engagement's owner unit cannot hold this official contact, or None when it can."""
    if not engagement.is_official_contact or not foreign_municipalities(organisations):
        return None
    ks, ks_units = kommunstyrelsen()
    if ks is None or engagement.owner_unit_id in ks_units:
        return None  # an organisation without a Kommunstyrelse unit has nowhere to steer the contact
    return _(
        "En officiell kontakt med en kommun eller region i ett annat land hör till %(ks)s. Välj %(ks)s eller en "
        "enhet under den som ansvarig enhet. Kan du inte välja den: ta bort markeringen ”Officiell kontakt”, "
        "spara engagemanget och föreslå sedan en överlämning till %(ks)s."
    ) % {"ks": ks.name}


def official_contact_help() -> str:
    """The form's explanation next to the checkbox, naming the municipality's Kommunstyrelse."""
    ks, _units = kommunstyrelsen()
    text = _(
        "Kommunen eller nämnden företräds officiellt i kontakten. Förvaltningschefen måste godkänna en officiell "
        "kontakt innan den kan beslutas."
    )
    if ks is None:
        return text
    return " ".join(
        [
            text,
            _(
                "Är en kommun eller region i ett annat land partner hör kontakten till %(ks)s: välj då %(ks)s "
                "eller en enhet under den som ansvarig enhet. Kan du inte välja den, spara utan markeringen och "
                "föreslå en överlämning till %(ks)s."
            )
            % {"ks": ks.name},
        ]
    )


# who approves, and which approval counts


def _unit_and_ancestors(unit_id: int) -> list[int]:
    parents = dict(OrgUnit.objects.values_list("pk", "parent_id"))
    chain: list[int] = []
    while unit_id is not None and unit_id not in chain:
        chain.append(unit_id)
        unit_id = parents.get(unit_id)
    return chain


def approvers_of(engagement: Engagement) -> list:
    """Active accounts that are förvaltningschef of the engagement's owner unit or of a unit above it."""
    return list(
        get_user_model()
        .objects.filter(
            is_active=True,
            memberships__role=Role.FORVALTNINGSCHEF,
            memberships__unit__in=_unit_and_ancestors(engagement.owner_unit_id),
        )
        .distinct()
        .order_by("first_name", "last_name", "username")
    )


def is_approver(user, engagement: Engagement) -> bool:
    """Whether the user is förvaltningschef of the engagement's owner unit or a unit above it.

    A superuser is not an approver by that alone: an approval is a named person's responsibility.
    """
    if user is None or not user.is_authenticated or not user.is_active:
        return False
    units = access_for(user).unit_ids_by_role.get(Role.FORVALTNINGSCHEF, frozenset())
    return engagement.owner_unit_id in units  # the förvaltningschef's units include those below them


def valid_approval(engagement: Engagement, approvals=None) -> ContactApproval | None:
    """The approval that counts: the latest one approved for the unit the engagement belongs to now."""
    approvals = engagement.approvals.all() if approvals is None else approvals
    approved = [a for a in approvals if a.state == State.APPROVED and a.unit_id == engagement.owner_unit_id]
    return max(approved, key=lambda a: (a.answered_at or a.requested_at, a.pk), default=None)


def approval_missing(engagement: Engagement) -> list[str]:
    """What R-24 still asks before the engagement may be decided, as Swedish sentences."""
    if not engagement.is_official_contact or valid_approval(engagement) is not None:
        return []
    return [
        _(
            "Förvaltningschefen för %(unit)s måste godkänna den officiella kontakten innan den kan beslutas. "
            "Begär godkännandet under ”Officiell kontakt”."
        )
        % {"unit": engagement.owner_unit.name}
    ]


def waiting_for(user):
    """Open requests the user may answer: those of engagements in units where the user is förvaltningschef."""
    units = access_for(user).unit_ids_by_role.get(Role.FORVALTNINGSCHEF, frozenset())
    visible = Engagement.objects.restrict(user, "view")
    return ContactApproval.objects.filter(
        state=State.REQUESTED,
        engagement__owner_unit__in=units,
        engagement__in=visible.values("pk"),
        unit=F("engagement__owner_unit"),  # a request made before the engagement moved cannot be answered
    )


def why_no_request(engagement: Engagement, approvals, approvers) -> str | None:
    """Why approval cannot be asked for now, as a Swedish sentence; None when it can."""
    if not engagement.is_official_contact:
        return _(
            "Engagemanget är inte markerat som officiell kontakt. Markera det under Ändra → ”Officiell kontakt” "
            "innan du begär förvaltningschefens godkännande."
        )
    if engagement.is_archived or engagement.status == Status.CANCELLED:
        return _(
            "Ett arkiverat eller avbrutet engagemang kan inte godkännas. Återställ det först om arbetet fortsätter."
        )
    if any(a.state == State.REQUESTED for a in approvals):
        return _("Det finns redan en obesvarad begäran om godkännande. Vänta på svaret eller återkalla den först.")
    if valid_approval(engagement, approvals) is not None:
        return _(
            "Den officiella kontakten är redan godkänd av förvaltningschefen för %(unit)s. Ett nytt godkännande "
            "behövs först om engagemanget byter ansvarig enhet."
        ) % {"unit": engagement.owner_unit.name}
    if not approvers:
        return _(
            "Det finns ingen förvaltningschef för %(unit)s i Utblick. Be den internationella samordnaren att lägga "
            "in förvaltningschefen med sin behörighet och begär sedan godkännandet igen."
        ) % {"unit": engagement.owner_unit.name}
    return None


# Writing


def _text(value, field: str, *, required_message: str = "") -> str:
    text = str(value or "").strip()
    if required_message and not text:
        raise ValidationError({field: required_message})
    if len(text) > TEXT_MAX:
        raise ValidationError({field: _("Texten får vara högst 5 000 tecken. Korta den och försök igen.")})
    return text


def _record(engagement: Engagement, *, by, before: str, after: str, reason: str = "") -> None:
    # Approval events tell their own people with Kind.APPROVAL (below), so the history row is written
    # directly rather than through record_engagement_change, which would tell the responsible people twice.
    history.record(
        engagement,
        by=by,
        action=Change.Action.UPDATED,
        changes=[{"field": str(_("Godkännande av officiell kontakt")), "before": before, "after": after}],
        reason=reason,
    )


def request_approval(engagement: Engagement, *, by, message: str = "") -> ContactApproval:
    """Ask the förvaltningschef to approve the engagement as an official contact (R-24)."""
    ensure_can(by, "change", engagement)
    message = _text(message, "message")
    approvals = list(engagement.approvals.all())
    approvers = approvers_of(engagement)
    refusal = why_no_request(engagement, approvals, approvers)
    if refusal:
        raise ValidationError(refusal)
    approval = ContactApproval(
        engagement=engagement, unit_id=engagement.owner_unit_id, requested_by=by, request_comment=message
    )
    with transaction.atomic():
        try:
            with transaction.atomic():
                approval.save()
        except IntegrityError:  # someone asked at the same moment: the database keeps one open request
            raise ValidationError(
                _("Någon annan har just begärt godkännandet. Ladda om engagemanget för att se begäran.")
            ) from None
        _record(
            engagement,
            by=by,
            before="",
            after=_("Begärt av förvaltningschefen för %(unit)s") % {"unit": engagement.owner_unit.name},
            reason=message,
        )
        notify(
            approvers,
            kind=Kind.APPROVAL,
            title=gettext_lazy("”%(title)s” behöver ditt godkännande som officiell kontakt"),
            text=gettext_lazy(
                "%(actor)s ber dig som förvaltningschef för %(unit)s godkänna engagemanget som officiell kontakt. "
                "%(message)s"
            ),
            params={
                "title": engagement.title,
                "actor": history.actor_name(by),
                "unit": engagement.owner_unit.name,
                "message": message,
            },
            url=reverse("engagements:approval_answer", args=[engagement.pk, approval.pk]),
            key=f"approval-request-{approval.pk}",
            by=by,
        )
    return approval


def approve(approval: ContactApproval, *, by, comment: str = "") -> ContactApproval:
    """The förvaltningschef approves the official contact; the engagement may then be decided."""
    return _answer(approval, by=by, state=State.APPROVED, comment=_text(comment, "comment"))


def decline(approval: ContactApproval, *, by, comment: str) -> ContactApproval:
    """The förvaltningschef does not approve the official contact, and says why."""
    reason = _text(
        comment,
        "comment",
        required_message=_("Skriv varför du inte godkänner kontakten, så att handläggaren vet vad som behöver ändras."),
    )
    return _answer(approval, by=by, state=State.DECLINED, comment=reason)


def _answer(approval: ContactApproval, *, by, state: str, comment: str) -> ContactApproval:
    engagement = approval.engagement
    if not is_approver(by, engagement):
        raise PermissionDenied
    if approval.state != State.REQUESTED:
        raise _already_answered()
    if approval.unit_id != engagement.owner_unit_id:
        raise ValidationError(
            _(
                "Engagemanget har bytt ansvarig enhet sedan godkännandet begärdes, så begäran kan inte besvaras. "
                "Den som ändrar engagemanget kan återkalla begäran och begära ett nytt godkännande."
            )
        )
    if not engagement.is_official_contact:
        raise ValidationError(
            _(
                "Engagemanget är inte längre markerat som officiell kontakt, så begäran kan inte besvaras. "
                "Den som ändrar engagemanget kan återkalla begäran."
            )
        )
    now = timezone.now()
    name = by.get_full_name() or by.get_username()
    with transaction.atomic():
        # Claimed with a condition: of two answers at the same moment, only the first is written.
        claimed = ContactApproval.objects.filter(pk=approval.pk, state=State.REQUESTED).update(
            state=state, answered_by=by, answered_by_name=name, answered_at=now, comment=comment
        )
        if not claimed:
            raise _already_answered()
        approval.state, approval.answered_by, approval.answered_by_name = state, by, name
        approval.answered_at, approval.comment = now, comment
        _record(
            engagement,
            by=by,
            before=str(State.REQUESTED.label),
            after=str(State(state).label),
            reason=comment,
        )
        approved = state == State.APPROVED
        notify(
            [
                approval.requested_by,
                *users_of_people(engagement.responsible_politician, engagement.responsible_officer),
            ],
            kind=Kind.APPROVAL,
            title=(
                gettext_lazy("”%(title)s” är godkänt som officiell kontakt")
                if approved
                else gettext_lazy("”%(title)s” är inte godkänt som officiell kontakt")
            ),
            text=gettext_lazy("%(name)s, förvaltningschef: %(comment)s") if comment else "",
            params={"title": engagement.title, "name": name, "comment": comment},
            url=reverse("engagements:detail", args=[engagement.pk]),
            by=by,
        )
    return approval


def _already_answered() -> ValidationError:
    return ValidationError(
        _(
            "Begäran har redan besvarats eller återkallats, så ditt svar sparades inte. Öppna engagemanget för att "
            "se svaret."
        )
    )


def withdraw_request(approval: ContactApproval, *, by) -> ContactApproval:
    """Take back an open request, e.g. after the engagement moved to another unit or was changed."""
    engagement = approval.engagement
    ensure_can(by, "change", engagement)
    with transaction.atomic():
        claimed = ContactApproval.objects.filter(pk=approval.pk, state=State.REQUESTED).update(state=State.WITHDRAWN)
        if not claimed:
            raise ValidationError(
                _("Begäran har redan besvarats eller återkallats. Ladda om engagemanget för att se hur det blev.")
            )
        approval.state = State.WITHDRAWN
        _record(engagement, by=by, before=str(State.REQUESTED.label), after=str(State.WITHDRAWN.label))
    return approval
