"""Writing trips and their costs (gifts: gift_actions.py). Permission follows the engagement: who may change it
may plan its trips.

History is recorded on the engagement, so its one history page tells the whole story, trips included.
"""

from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from utblick.core.models import Change
from utblick.core.numbers import parse_decimal
from utblick.core.permissions import ensure_can
from utblick.engagements.changes import record_engagement_change
from utblick.engagements.models_trips import AMOUNT_MAX, CostKind, Trip, TripCost
from utblick.finance.actions import money

TRIP_FIELDS = ("destination", "country", "start_date", "end_date", "purpose", "programme", "decision")
REPORT_FIELDS = ("achieved", "dissemination")


def _text(value) -> str:
    return str(value or "").strip()


def _check_amount(value, field: str, errors: dict, *, required: bool) -> Decimal | None:
    try:
        amount = parse_decimal(value)
    except ValueError:
        errors[field] = _("Skriv beloppet med siffror, t.ex. 4 500 eller 4 500,50.")
        return None
    if amount is None:
        if required:
            errors[field] = _("Ange beloppet i kronor, t.ex. 4 500. Skriv 0 om det inte kostar något.")
        return None
    if amount < 0:
        errors[field] = _("Beloppet kan inte vara negativt. Ange ett belopp från 0 kronor och uppåt.")
    elif amount > AMOUNT_MAX:
        errors[field] = _("Beloppet är för stort. Kontrollera att det inte har fått för många siffror.")
    elif amount != amount.quantize(Decimal("0.01")):
        errors[field] = _("Ange beloppet med högst två decimaler, t.ex. 4 500,50.")
    return amount


def _clean_trip(engagement, fields: dict, trip: Trip | None = None) -> tuple[dict, list]:
    errors: dict[str, str] = {}
    cleaned = {name: fields.get(name) for name in TRIP_FIELDS}
    for name in ("destination", "purpose", "programme"):
        cleaned[name] = _text(cleaned[name])
    if not cleaned["destination"]:
        errors["destination"] = _("Ange resmålet, t.ex. Røros.")
    if not cleaned["country"]:
        errors["country"] = _("Välj landet som resan går till.")
    if not cleaned["purpose"]:
        errors["purpose"] = _("Beskriv syftet med resan.")
    start, end = cleaned["start_date"], cleaned["end_date"]
    if start is None:
        errors["start_date"] = _("Ange datumet för avresan, t.ex. 2026-03-15.")
    if end is None:
        errors["end_date"] = _("Ange datumet för hemkomsten, t.ex. 2026-03-18.")
    if start and end and end < start:
        errors["end_date"] = _("Hemkomsten kan inte ligga före avresan. Kontrollera datumen.")
    decision = cleaned["decision"]
    if decision is not None and decision.engagement_id != engagement.pk:
        errors["decision"] = _("Välj ett beslut som hör till det här engagemanget.")
    travellers = list(fields.get("travellers") or [])
    current = set(trip.travellers.values_list("pk", flat=True)) if trip and trip.pk else set()
    inactive = [p.name for p in travellers if not p.is_active and p.pk not in current]
    if inactive:
        errors["travellers"] = _("%(names)s är inte längre aktiv. Välj bland de aktiva personerna.") % {
            "names": ", ".join(inactive)
        }
    if errors:
        raise ValidationError(errors)
    return cleaned, travellers


def trip_snapshot(trip: Trip, travellers=None) -> dict[str, str]:
    """{what: shown value} of a trip, as its engagement's history shows it."""
    people = travellers if travellers is not None else trip.travellers.all()
    return {
        _("resmål"): trip.destination,
        _("land"): str(trip.country.name) if trip.country else "",
        _("avresa"): f"{trip.start_date:%Y-%m-%d}" if trip.start_date else "",
        _("hemkomst"): f"{trip.end_date:%Y-%m-%d}" if trip.end_date else "",
        _("resenärer"): ", ".join(sorted(p.name for p in people)),
        _("syfte"): trip.purpose,
        _("program"): trip.programme,
        _("beslut"): str(trip.decision) if trip.decision_id else "",
        _("vad resan gav"): trip.achieved,
        _("spridning"): trip.dissemination,
    }


def _changes(prefix: str, before: dict, after: dict) -> list[dict[str, str]]:
    return [
        {"field": f"{prefix}: {label}", "before": before.get(label, ""), "after": after.get(label, "")}
        for label in dict.fromkeys([*before, *after])
        if before.get(label, "") != after.get(label, "")
    ]


def _trip_prefix(trip: Trip) -> str:
    return _("Resa till %(destination)s %(date)s") % {
        "destination": trip.destination,
        "date": f"{trip.start_date:%Y-%m-%d}",
    }


def create_trip(engagement, *, by, fields: dict) -> Trip:
    """Plan a trip within an engagement."""
    ensure_can(by, "change", engagement)
    cleaned, travellers = _clean_trip(engagement, fields)
    trip = Trip(engagement=engagement, created_by=by, **cleaned)
    with transaction.atomic():
        trip.save()
        trip.travellers.set(travellers)
        record_engagement_change(
            engagement,
            by=by,
            action=Change.Action.UPDATED,
            changes=_changes(_trip_prefix(trip), {}, trip_snapshot(trip, travellers)),
        )
    return trip


def update_trip(trip: Trip, *, by, fields: dict) -> Trip:
    """Change a trip's plan; the history shows what changed, old and new."""
    engagement = trip.engagement
    ensure_can(by, "change", engagement)
    cleaned, travellers = _clean_trip(engagement, fields, trip)
    before = trip_snapshot(trip)
    for name, value in cleaned.items():
        setattr(trip, name, value)
    changes = _changes(_trip_prefix(trip), before, trip_snapshot(trip, travellers))
    with transaction.atomic():
        trip.save()
        trip.travellers.set(travellers)
        if changes:
            record_engagement_change(engagement, by=by, action=Change.Action.UPDATED, changes=changes)
    return trip


def report_trip(trip: Trip, *, by, achieved: str, dissemination: str) -> Trip:
    """Write the short report after the trip: what it achieved and how the experience is spread."""
    engagement = trip.engagement
    ensure_can(by, "change", engagement)
    before = trip_snapshot(trip)
    trip.achieved, trip.dissemination = _text(achieved), _text(dissemination)
    changes = _changes(_trip_prefix(trip), before, trip_snapshot(trip))
    with transaction.atomic():
        trip.save(update_fields=["achieved", "dissemination", "updated_at"])
        if changes:
            record_engagement_change(engagement, by=by, action=Change.Action.UPDATED, changes=changes)
    return trip


def remove_trip(trip: Trip, *, by) -> None:
    """Remove a trip entered by mistake; the engagement's history keeps what it said."""
    engagement = trip.engagement
    ensure_can(by, "change", engagement)
    changes = _changes(_trip_prefix(trip), trip_snapshot(trip), {})
    with transaction.atomic():
        trip.delete()
        record_engagement_change(
            engagement, by=by, action=Change.Action.UPDATED, changes=changes, reason=_("Resan togs bort.")
        )


# Costs


def _clean_cost(trip: Trip, fields: dict) -> dict:
    errors: dict[str, str] = {}
    kind = fields.get("kind") or ""
    if kind not in CostKind.values:
        errors["kind"] = _("Välj vilket slags kostnad det är: resor, logi, avgifter eller övrigt.")
    traveller = fields.get("traveller")
    if traveller is not None and not trip.travellers.filter(pk=traveller.pk).exists():
        errors["traveller"] = _("Välj en av resans resenärer, eller lämna tomt för en gemensam kostnad.")
    estimated = _check_amount(fields.get("estimated_amount"), "estimated_amount", errors, required=True)
    actual = _check_amount(fields.get("actual_amount"), "actual_amount", errors, required=False)
    if errors:
        raise ValidationError(errors)
    return {"kind": kind, "traveller": traveller, "estimated_amount": estimated, "actual_amount": actual}


def cost_snapshot(cost: TripCost) -> dict[str, str]:
    return {
        _("slag"): str(cost.get_kind_display()),
        _("resenär"): cost.traveller.name if cost.traveller_id else str(_("gemensam")),
        _("beräknat"): money(cost.estimated_amount),
        _("verkligt"): money(cost.actual_amount),
    }


def _cost_prefix(cost: TripCost) -> str:
    return _("%(trip)s, kostnad") % {"trip": _trip_prefix(cost.trip)}


def add_cost(trip: Trip, *, by, fields: dict) -> TripCost:
    ensure_can(by, "change", trip.engagement)
    cost = TripCost(trip=trip, **_clean_cost(trip, fields))
    with transaction.atomic():
        cost.save()
        record_engagement_change(
            trip.engagement,
            by=by,
            action=Change.Action.UPDATED,
            changes=_changes(_cost_prefix(cost), {}, cost_snapshot(cost)),
        )
    return cost


def update_cost(cost: TripCost, *, by, fields: dict) -> TripCost:
    trip = cost.trip
    ensure_can(by, "change", trip.engagement)
    cleaned = _clean_cost(trip, fields)
    before = cost_snapshot(cost)
    for name, value in cleaned.items():
        setattr(cost, name, value)
    changes = _changes(_cost_prefix(cost), before, cost_snapshot(cost))
    with transaction.atomic():
        cost.save()
        if changes:
            record_engagement_change(trip.engagement, by=by, action=Change.Action.UPDATED, changes=changes)
    return cost


def remove_cost(cost: TripCost, *, by) -> None:
    trip = cost.trip
    ensure_can(by, "change", trip.engagement)
    changes = _changes(_cost_prefix(cost), cost_snapshot(cost), {})
    with transaction.atomic():
        cost.delete()
        record_engagement_change(
            trip.engagement, by=by, action=Change.Action.UPDATED, changes=changes, reason=_("Kostnaden togs bort.")
        )
