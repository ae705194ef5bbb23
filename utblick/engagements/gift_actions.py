"""Writing gifts given or received on a trip abroad or during a visit (R-62): one set of actions for both.

A gift belongs to its owner, a trip or a visit, and has no permission of its own: whoever may change the
owner's engagement may record its gifts. History is recorded on that engagement, so its one history page
tells the whole story.
"""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from utblick.core.models import Change
from utblick.core.permissions import ensure_can
from utblick.engagements.changes import record_engagement_change
from utblick.engagements.models_trips import Gift, GiftDirection, Trip
from utblick.engagements.models_visits import Visit
from utblick.engagements.trip_actions import _changes, _check_amount, _text, _trip_prefix
from utblick.engagements.visit_actions import _visit_prefix
from utblick.finance.actions import money


def owner_of(gift: Gift) -> Trip | Visit:
    """The trip or the visit the gift was given or received on."""
    return gift.trip if gift.trip_id else gift.visit


def _owner_field(owner: Trip | Visit) -> str:
    """The name of the Gift field that points to this kind of owner ("trip" or "visit")."""
    if isinstance(owner, Trip):
        return "trip"
    if isinstance(owner, Visit):
        return "visit"
    raise TypeError(f"A gift belongs to a trip or a visit, not to {type(owner).__name__}.")


def _clean_gift(fields: dict) -> dict:
    errors: dict[str, str] = {}
    direction = fields.get("direction") or ""
    if direction not in GiftDirection.values:
        errors["direction"] = _("Välj om gåvan gavs eller togs emot.")
    what, counterpart = _text(fields.get("what")), _text(fields.get("counterpart"))
    if not what:
        errors["what"] = _("Beskriv gåvan, t.ex. en bok om Härjedalen.")
    if not counterpart:
        errors["counterpart"] = _("Ange vem gåvan kom från eller gick till.")
    if fields.get("date") is None:
        errors["date"] = _("Ange datumet för gåvan, t.ex. 2026-03-16.")
    value = _check_amount(fields.get("value"), "value", errors, required=True)
    if errors:
        raise ValidationError(errors)
    return {
        "direction": direction,
        "what": what,
        "counterpart": counterpart,
        "date": fields["date"],
        "value": value,
        "note": _text(fields.get("note")),
    }


def gift_snapshot(gift: Gift) -> dict[str, str]:
    """{what: shown value} of a gift, as its engagement's history shows it."""
    return {
        _("riktning"): str(gift.get_direction_display()),
        _("vad"): gift.what,
        _("värde"): money(gift.value),
        _("från eller till"): gift.counterpart,
        _("datum"): f"{gift.date:%Y-%m-%d}" if gift.date else "",
        _("anteckning"): gift.note,
    }


def _gift_prefix(owner: Trip | Visit) -> str:
    """How the history names a gift: "Resa till Røros 2026-03-15, gåva" or "Besök: ... 2026-05-12, gåva"."""
    named = _trip_prefix(owner) if _owner_field(owner) == "trip" else _visit_prefix(owner)
    return _("%(owner)s, gåva") % {"owner": named}


def add_gift(owner: Trip | Visit, *, by, fields: dict) -> Gift:
    """Record a gift given or received on a trip or during a visit."""
    field = _owner_field(owner)
    engagement = owner.engagement
    ensure_can(by, "change", engagement)
    gift = Gift(**{field: owner}, **_clean_gift(fields))
    with transaction.atomic():
        gift.save()
        record_engagement_change(
            engagement,
            by=by,
            action=Change.Action.UPDATED,
            changes=_changes(_gift_prefix(owner), {}, gift_snapshot(gift)),
        )
    return gift


def update_gift(gift: Gift, *, by, fields: dict) -> Gift:
    """Change a gift; the engagement's history shows what changed, old and new."""
    owner = owner_of(gift)
    engagement = owner.engagement
    ensure_can(by, "change", engagement)
    cleaned = _clean_gift(fields)
    before = gift_snapshot(gift)
    for name, value in cleaned.items():
        setattr(gift, name, value)
    changes = _changes(_gift_prefix(owner), before, gift_snapshot(gift))
    with transaction.atomic():
        gift.save()
        if changes:
            record_engagement_change(engagement, by=by, action=Change.Action.UPDATED, changes=changes)
    return gift


def remove_gift(gift: Gift, *, by) -> None:
    """Remove a gift entered by mistake; the engagement's history keeps what it said."""
    owner = owner_of(gift)
    engagement = owner.engagement
    ensure_can(by, "change", engagement)
    changes = _changes(_gift_prefix(owner), gift_snapshot(gift), {})
    with transaction.atomic():
        gift.delete()
        record_engagement_change(
            engagement, by=by, action=Change.Action.UPDATED, changes=changes, reason=_("Gåvan togs bort.")
        )
