"""Every write to engagements goes through these functions: permission, validation, transaction, history."""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from utblick.core import history
from utblick.core.errors import ConcurrentEdit, PolicyViolation
from utblick.core.models import Change
from utblick.core.permissions import allows, ensure_can
from utblick.engagements.approval_actions import kommunstyrelsen_error
from utblick.engagements.changes import record_engagement_change
from utblick.engagements.models import (
    Decision,
    Engagement,
    EngagementCountry,
    Participation,
    PriorityAssessment,
    Status,
)
from utblick.engagements.rules import requirements_missing
from utblick.engagements.snapshot import EDITABLE_FIELDS, snapshot


def _validate(engagement: Engagement, participations=None) -> None:
    errors = {}
    organisations = (
        [org for org, _role in participations]
        if participations is not None
        else [p.organisation for p in engagement.participations.select_related("organisation")]
        if engagement.pk
        else []
    )
    if owner_error := kommunstyrelsen_error(engagement, organisations):
        errors["owner_unit"] = owner_error
    if engagement.is_secret and not engagement.secrecy_ground.strip():
        errors["secrecy_ground"] = _("Ange sekretessgrunden (lagrummet) när engagemanget är sekretessbelagt.")
    if engagement.start_date and engagement.end_date and engagement.end_date < engagement.start_date:
        errors["end_date"] = _("Slutdatumet kan inte ligga före startdatumet.")
    if errors:
        raise ValidationError(errors)
    engagement.full_clean(exclude=["search_text", "version", "created_by", "status"])


def _set_relations(engagement, *, objectives, areas, participations, countries) -> None:
    if not objectives:
        raise ValidationError({"objectives": _("Välj minst ett mål i policyn som engagemanget bidrar till.")})
    engagement.objectives.set(objectives)
    engagement.areas.set(areas)
    engagement.participations.all().delete()
    seen = set()
    for organisation, role in participations:
        if organisation.pk in seen:
            raise ValidationError(
                _("Organisationen %(name)s står med två gånger bland partnerna.") % {"name": organisation.name}
            )
        seen.add(organisation.pk)
        Participation.objects.create(engagement=engagement, organisation=organisation, role=role)
    all_countries = {str(c) for c in countries if c} | {
        str(org.country) for org, _role in participations if org.country
    }
    engagement.countries.all().delete()
    EngagementCountry.objects.bulk_create(
        EngagementCountry(engagement=engagement, country=c) for c in sorted(all_countries)
    )


def refresh_search_text(engagement: Engagement) -> None:
    """Store the text that free-text search reads, including the partners' names."""
    partner_names = " ".join(engagement.participations.values_list("organisation__name", flat=True))
    text = " ".join([engagement.title, engagement.summary, engagement.purpose, engagement.results, partner_names])
    Engagement.objects.filter(pk=engagement.pk).update(search_text=text)
    engagement.search_text = text


def create_engagement(*, by, fields: dict, objectives, areas=(), participations=(), countries=()) -> Engagement:
    """Register a new engagement as an idea."""
    engagement = Engagement(
        created_by=by, status=Status.IDEA, **{k: v for k, v in fields.items() if k in EDITABLE_FIELDS}
    )
    ensure_can(by, "change", engagement)
    _validate(engagement, participations)
    with transaction.atomic():
        engagement.save()
        _set_relations(
            engagement, objectives=objectives, areas=areas, participations=participations, countries=countries
        )
        refresh_search_text(engagement)
        history.record(engagement, by=by, action=Change.Action.CREATED, changes=history.diff({}, snapshot(engagement)))
    return engagement


def update_engagement(
    engagement: Engagement,
    *,
    by,
    expected_version: int,
    fields: dict,
    objectives,
    areas=(),
    participations=(),
    countries=(),
    reason: str = "",
) -> Engagement:
    """Save edits to an engagement, refusing them when someone else saved it since the form was opened."""
    ensure_can(by, "change", engagement)
    before = snapshot(engagement)
    for name, value in fields.items():
        if name in EDITABLE_FIELDS:
            setattr(engagement, name, value)
    if not allows(by, "change", engagement):  # moving it to a unit one may not change
        raise PermissionDenied
    _validate(engagement, participations)
    with transaction.atomic():
        _claim_version(engagement, expected_version)
        engagement.save()
        _set_relations(
            engagement, objectives=objectives, areas=areas, participations=participations, countries=countries
        )
        refresh_search_text(engagement)
        changes = history.diff(before, snapshot(engagement))
        if changes:
            record_engagement_change(engagement, by=by, action=Change.Action.UPDATED, changes=changes, reason=reason)
    return engagement


def _claim_version(engagement: Engagement, expected_version: int) -> None:
    """Bump the version only if it is still the one the form was opened with (optimistic locking)."""
    claimed = Engagement.objects.filter(pk=engagement.pk, version=expected_version).update(version=F("version") + 1)
    if not claimed:
        raise ConcurrentEdit(
            _(
                "Någon annan har ändrat engagemanget medan du redigerade. Dina ändringar har inte sparats: "
                "öppna engagemanget på nytt, se vad som ändrats och gör om dina ändringar."
            )
        )
    engagement.version = expected_version + 1


def set_assessment(engagement: Engagement, *, by, justifications: dict) -> None:
    """Record which priority criteria the engagement meets; `justifications` maps criterion -> text."""
    ensure_can(by, "change", engagement)
    errors = {}
    for criterion, text in justifications.items():
        if text is not None and len(text) > 5000:
            errors[criterion.code] = _("Motiveringen för %(code)s får vara högst 5 000 tecken.") % {
                "code": criterion.code
            }
    if errors:
        raise ValidationError(list(errors.values()))
    before = snapshot(engagement)
    with transaction.atomic():
        engagement.assessments.all().delete()
        PriorityAssessment.objects.bulk_create(
            PriorityAssessment(engagement=engagement, criterion=criterion, justification=text.strip())
            for criterion, text in justifications.items()
            if text and text.strip()
        )
        Engagement.objects.filter(pk=engagement.pk).update(version=F("version") + 1, updated_at=timezone.now())
        changes = history.diff(before, snapshot(engagement))
        if changes:
            record_engagement_change(engagement, by=by, action=Change.Action.UPDATED, changes=changes)


def add_decision(
    engagement: Engagement, *, by, body: str, decided_on, diary_number: str, description: str = ""
) -> Decision:
    """Record a formal decision about the engagement."""
    ensure_can(by, "change", engagement)
    decision = Decision(
        engagement=engagement,
        body=body.strip(),
        decided_on=decided_on,
        diary_number=diary_number.strip(),
        description=description.strip(),
        created_by=by,
    )
    decision.full_clean()
    with transaction.atomic():
        decision.save()
        if not engagement.diary_number:
            Engagement.objects.filter(pk=engagement.pk).update(diary_number=decision.diary_number)
            engagement.diary_number = decision.diary_number
        record_engagement_change(
            engagement,
            by=by,
            action=Change.Action.UPDATED,
            changes=[{"field": str(_("Beslut")), "before": "", "after": str(decision)}],
        )
    return decision


def move_engagement(engagement: Engagement, to: str, *, by, reason: str = "") -> Engagement:
    """Move an engagement to another state when the policy's requirements for that state are met."""
    ensure_can(by, "change", engagement)
    missing = requirements_missing(engagement, to, reason=reason)
    if missing:
        raise PolicyViolation(missing)
    before = engagement.get_status_display()
    with transaction.atomic():
        engagement.status = to
        if to == Status.CANCELLED:
            engagement.cancel_reason = reason.strip()
        Engagement.objects.filter(pk=engagement.pk).update(
            status=to, cancel_reason=engagement.cancel_reason, version=F("version") + 1, updated_at=timezone.now()
        )
        record_engagement_change(
            engagement,
            by=by,
            action=Change.Action.STATUS,
            changes=[{"field": str(_("Status")), "before": before, "after": engagement.get_status_display()}],
            reason=reason.strip(),
        )
        if to == Status.FINISHED:
            _ask_for_lesson(engagement, by=by)
    return engagement


def _ask_for_lesson(engagement: Engagement, *, by) -> None:
    """R-61: the responsible civil servant of a finished engagement is asked to write what others can learn."""
    from django.urls import reverse
    from django.utils.translation import gettext_lazy

    from utblick.notifications.actions import notify, users_of_people
    from utblick.notifications.kinds import Kind

    notify(
        users_of_people(engagement.responsible_officer),
        kind=Kind.LESSONS,
        title=gettext_lazy("Skriv erfarenheterna från %(title)s"),
        text=gettext_lazy("Engagemanget är avslutat. Berätta vad som fungerade, vad som inte gjorde det och dina råd."),
        params={"title": engagement.title},
        url=reverse("knowledge:lesson_write", args=[engagement.pk]),
        key=f"lesson:{engagement.pk}",
        by=by,
    )


def archive_engagement(engagement: Engagement, *, by, reason: str = "") -> Engagement:
    """Archive an engagement: hidden from lists by default, kept with its history (nothing is deleted)."""
    ensure_can(by, "change", engagement)
    if engagement.is_archived:
        return engagement
    with transaction.atomic():
        engagement.archived_at = timezone.now()
        Engagement.objects.filter(pk=engagement.pk).update(archived_at=engagement.archived_at, version=F("version") + 1)
        record_engagement_change(engagement, by=by, action=Change.Action.ARCHIVED, reason=reason.strip())
    return engagement


def restore_engagement(engagement: Engagement, *, by) -> Engagement:
    """Bring an archived engagement back into the lists."""
    ensure_can(by, "change", engagement)
    if not engagement.is_archived:
        return engagement
    with transaction.atomic():
        engagement.archived_at = None
        Engagement.objects.filter(pk=engagement.pk).update(archived_at=None, version=F("version") + 1)
        record_engagement_change(engagement, by=by, action=Change.Action.RESTORED)
    return engagement
