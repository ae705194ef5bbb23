"""Interactions: meetings, visits and calls with both sides' participants."""

import datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from utblick.core import history
from utblick.core.models import Change
from utblick.core.permissions import ensure_can, ensure_role
from utblick.partners.models import Affiliation, Interaction

# Fields a form may set on an interaction (the people on both sides are passed separately).
INTERACTION_FIELDS = ("kind", "date", "subject", "notes", "organisation", "engagement")
# How far ahead an interaction may be planned; anything later is almost certainly a typing error.
INTERACTION_MAX_DAYS_AHEAD = 365


def interaction_snapshot(interaction: Interaction, contacts=None, participants=None) -> dict[str, str]:
    """{field label: shown value} of an interaction and the people on both sides."""
    if contacts is None:
        contacts = list(interaction.contacts.all()) if interaction.pk else []
    if participants is None:
        participants = list(interaction.participants.all()) if interaction.pk else []
    return {
        _("Typ"): str(interaction.get_kind_display()),
        _("Datum"): interaction.date.isoformat() if interaction.date else "",
        _("Ämne"): interaction.subject,
        _("Anteckningar"): interaction.notes,
        _("Organisation"): interaction.organisation.name if interaction.organisation_id else "",
        _("Kontaktpersoner"): "; ".join(sorted(contact.name for contact in contacts)),
        _("Kommunens deltagare"): "; ".join(sorted(person.name for person in participants)),
        _("Engagemang"): interaction.engagement.title if interaction.engagement_id else "",
    }


def _validate_interaction(interaction: Interaction, contacts) -> None:
    """Refuse what a form, an import or the API might send, each problem as a Swedish sentence."""
    errors = {}
    subject_limit = Interaction._meta.get_field("subject").max_length
    notes_limit = Interaction._meta.get_field("notes").max_length
    if not interaction.subject:
        errors["subject"] = _("Ange ett ämne, till exempel ”Planeringsmöte om elevutbyte”.")
    elif len(interaction.subject) > subject_limit:
        errors["subject"] = _("Ämnet får vara högst %(max)d tecken. Korta av det.") % {"max": subject_limit}
    if len(interaction.notes) > notes_limit:
        errors["notes"] = _("Anteckningarna får vara högst %(max)d tecken. Korta av dem.") % {"max": notes_limit}
    if interaction.kind not in Interaction.Kind.values:
        errors["kind"] = _("Välj en typ av kontakt ur listan.")
    if not interaction.date:
        errors["date"] = _("Ange datumet som ÅÅÅÅ-MM-DD, till exempel 2026-03-15.")
    else:
        latest = timezone.localdate() + datetime.timedelta(days=INTERACTION_MAX_DAYS_AHEAD)
        if interaction.date > latest:
            errors["date"] = _(
                "Datumet ligger mer än ett år fram i tiden. Kontrollera året och ange ett datum senast %(latest)s."
            ) % {"latest": latest.isoformat()}
    if not interaction.organisation_id:
        errors["organisation"] = _("Välj vilken organisation kontakten gällde.")
    elif contacts:
        members = set(
            Affiliation.objects.filter(
                organisation_id=interaction.organisation_id, contact__in=[c.pk for c in contacts]
            ).values_list("contact_id", flat=True)
        )
        outside = sorted(contact.name for contact in contacts if contact.pk not in members)
        if outside:
            errors["contacts"] = _(
                "%(names)s hör inte till %(organisation)s. Välj kontaktpersoner från organisationen, "
                "eller koppla först personen till organisationen."
            ) % {"names": ", ".join(outside), "organisation": interaction.organisation.name}
    if errors:
        raise ValidationError(errors)
    interaction.full_clean()


def _clean_interaction_fields(fields: dict) -> dict:
    cleaned = {k: v for k, v in fields.items() if k in INTERACTION_FIELDS}
    for name in ("subject", "notes"):
        if name in cleaned:
            cleaned[name] = (cleaned[name] or "").strip()
    if cleaned.get("kind") in (None, ""):
        cleaned.pop("kind", None)
    return cleaned


def _ensure_may_link(by, engagement) -> None:
    """Only an engagement the user may change can get interactions linked to it."""
    if engagement is not None:
        ensure_can(by, "change", engagement)


def create_interaction(*, by, fields: dict, contacts=(), participants=()) -> Interaction:
    """Log a meeting, call, visit or email with a partner organisation, with the people on both sides."""
    ensure_role(by, "partner", "change")
    interaction = Interaction(**_clean_interaction_fields(fields), created_by=by)
    contacts = list(dict.fromkeys(contacts))
    participants = list(dict.fromkeys(participants))
    _ensure_may_link(by, interaction.engagement)
    _validate_interaction(interaction, contacts)
    with transaction.atomic():
        interaction.save()
        interaction.contacts.set(contacts)
        interaction.participants.set(participants)
        history.record(
            interaction,
            by=by,
            action=Change.Action.CREATED,
            changes=history.diff({}, interaction_snapshot(interaction, contacts, participants)),
        )
    return interaction


def update_interaction(
    interaction: Interaction, *, by, fields: dict, contacts=None, participants=None, reason: str = ""
) -> Interaction:
    """Save edits to an interaction; `contacts` and `participants` replace the old ones when given."""
    ensure_role(by, "partner", "change")
    before = interaction_snapshot(interaction)
    old_engagement_id = interaction.engagement_id
    for name, value in _clean_interaction_fields(fields).items():
        setattr(interaction, name, value)
    contacts = list(interaction.contacts.all()) if contacts is None else list(dict.fromkeys(contacts))
    if participants is None:
        participants = list(interaction.participants.all())
    else:
        participants = list(dict.fromkeys(participants))
    if interaction.engagement_id != old_engagement_id:
        _ensure_may_link(by, interaction.engagement)
    _validate_interaction(interaction, contacts)
    with transaction.atomic():
        changes = history.diff(before, interaction_snapshot(interaction, contacts, participants))
        if changes:
            interaction.save()
            interaction.contacts.set(contacts)
            interaction.participants.set(participants)
            history.record(interaction, by=by, action=Change.Action.UPDATED, changes=changes, reason=reason)
    return interaction
