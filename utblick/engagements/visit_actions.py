"""Writing visits, their programme and the catalogue of places. Visit permission follows the engagement.

History of a visit is recorded on the engagement, like trips (its gifts: gift_actions.py); the catalogue is kept
by the coordinator (`ensure_role(user, "organisation", "change")`) and each place has its own history.
"""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from utblick.core import history
from utblick.core.models import Change
from utblick.core.permissions import ensure_can, ensure_role
from utblick.engagements.changes import record_engagement_change
from utblick.engagements.models_visits import Place, Visit, VisitItem
from utblick.engagements.trip_actions import _changes, _text

VISIT_FIELDS = ("title", "start_date", "end_date", "host", "purpose", "notes")
ITEM_FIELDS = ("date", "start_time", "end_time", "place", "location", "host", "activity")
PLACE_FIELDS = ("name", "kind", "description", "address", "contact")


def _clean_visit(fields: dict, visit: Visit | None = None) -> tuple[dict, list]:
    errors: dict[str, str] = {}
    cleaned = {name: fields.get(name) for name in VISIT_FIELDS}
    for name in ("title", "purpose", "notes"):
        cleaned[name] = _text(cleaned[name])
    if not cleaned["title"]:
        errors["title"] = _("Ange en rubrik för besöket, t.ex. Skolledare från Røros.")
    if not cleaned["purpose"]:
        errors["purpose"] = _("Beskriv syftet med besöket.")
    start, end = cleaned["start_date"], cleaned["end_date"]
    if start is None:
        errors["start_date"] = _("Ange besökets första dag, t.ex. 2026-05-12.")
    if end is None:
        errors["end_date"] = _("Ange besökets sista dag, t.ex. 2026-05-14.")
    if start and end and end < start:
        errors["end_date"] = _("Sista dagen kan inte ligga före första dagen. Kontrollera datumen.")
    if visit and visit.pk and start and end and not errors:
        outside = visit.items.exclude(date__range=(start, end)).exists()
        if outside:
            errors["start_date"] = _("Programmet har punkter utanför de nya datumen. Flytta eller ta bort dem först.")
    host = cleaned["host"]
    if host is not None and not host.is_active and (visit is None or visit.host_id != host.pk):
        errors["host"] = _("%(name)s är inte längre aktiv. Välj bland de aktiva personerna.") % {"name": host.name}
    if errors:
        raise ValidationError(errors)
    return cleaned, list(fields.get("guests") or [])


def visit_snapshot(visit: Visit, guests=None) -> dict[str, str]:
    people = guests if guests is not None else visit.guests.all()
    return {
        _("rubrik"): visit.title,
        _("första dag"): f"{visit.start_date:%Y-%m-%d}" if visit.start_date else "",
        _("sista dag"): f"{visit.end_date:%Y-%m-%d}" if visit.end_date else "",
        _("gäster"): ", ".join(sorted(c.name for c in people)),
        _("värd"): visit.host.name if visit.host_id else "",
        _("syfte"): visit.purpose,
        _("anteckningar"): visit.notes,
    }


def _visit_prefix(visit: Visit) -> str:
    return _("Besök: %(title)s %(date)s") % {"title": visit.title, "date": f"{visit.start_date:%Y-%m-%d}"}


def create_visit(engagement, *, by, fields: dict) -> Visit:
    """Plan a visit by guests within an engagement."""
    ensure_can(by, "change", engagement)
    cleaned, guests = _clean_visit(fields)
    visit = Visit(engagement=engagement, created_by=by, **cleaned)
    with transaction.atomic():
        visit.save()
        visit.guests.set(guests)
        record_engagement_change(
            engagement,
            by=by,
            action=Change.Action.UPDATED,
            changes=_changes(_visit_prefix(visit), {}, visit_snapshot(visit, guests)),
        )
    return visit


def update_visit(visit: Visit, *, by, fields: dict) -> Visit:
    """Change a visit; the engagement's history shows what changed, old and new."""
    engagement = visit.engagement
    ensure_can(by, "change", engagement)
    cleaned, guests = _clean_visit(fields, visit)
    before = visit_snapshot(visit)
    for name, value in cleaned.items():
        setattr(visit, name, value)
    changes = _changes(_visit_prefix(visit), before, visit_snapshot(visit, guests))
    with transaction.atomic():
        visit.save()
        visit.guests.set(guests)
        if changes:
            record_engagement_change(engagement, by=by, action=Change.Action.UPDATED, changes=changes)
    return visit


# Programme


def _clean_item(visit: Visit, fields: dict, item: VisitItem | None = None) -> dict:
    errors: dict[str, str] = {}
    cleaned = {name: fields.get(name) for name in ITEM_FIELDS}
    for name in ("location", "host", "activity"):
        cleaned[name] = _text(cleaned[name])
    day = cleaned["date"]
    if day is None:
        errors["date"] = _("Ange datumet för programpunkten.")
    elif not visit.start_date <= day <= visit.end_date:
        errors["date"] = _("Datumet ligger utanför besöket. Välj en dag från %(start)s till %(end)s.") % {
            "start": f"{visit.start_date:%Y-%m-%d}",
            "end": f"{visit.end_date:%Y-%m-%d}",
        }
    if cleaned["start_time"] is None:
        errors["start_time"] = _("Ange när programpunkten börjar, t.ex. 09:30.")
    elif cleaned["end_time"] is not None and cleaned["end_time"] < cleaned["start_time"]:
        errors["end_time"] = _("Sluttiden kan inte ligga före starttiden. Kontrollera tiderna.")
    place = cleaned["place"]
    if place is not None and not place.is_active and (item is None or item.place_id != place.pk):
        errors["place"] = _("%(name)s finns inte längre i katalogen. Välj en aktiv plats.") % {"name": place.name}
    if not cleaned["activity"]:
        errors["activity"] = _("Beskriv vad som visas eller görs.")
    if errors:
        raise ValidationError(errors)
    return cleaned


def item_snapshot(item: VisitItem) -> dict[str, str]:
    return {
        _("datum"): f"{item.date:%Y-%m-%d}",
        _("tid"): f"{item.start_time:%H:%M}" + (f"–{item.end_time:%H:%M}" if item.end_time else ""),
        _("plats"): item.where,
        _("värd"): item.host,
        _("innehåll"): item.activity,
    }


def _item_prefix(item: VisitItem) -> str:
    return _("%(visit)s, programpunkt") % {"visit": _visit_prefix(item.visit)}


def add_item(visit: Visit, *, by, fields: dict) -> VisitItem:
    ensure_can(by, "change", visit.engagement)
    item = VisitItem(visit=visit, **_clean_item(visit, fields))
    with transaction.atomic():
        item.save()
        record_engagement_change(
            visit.engagement,
            by=by,
            action=Change.Action.UPDATED,
            changes=_changes(_item_prefix(item), {}, item_snapshot(item)),
        )
    return item


def update_item(item: VisitItem, *, by, fields: dict) -> VisitItem:
    visit = item.visit
    ensure_can(by, "change", visit.engagement)
    cleaned = _clean_item(visit, fields, item)
    before = item_snapshot(item)
    for name, value in cleaned.items():
        setattr(item, name, value)
    changes = _changes(_item_prefix(item), before, item_snapshot(item))
    with transaction.atomic():
        item.save()
        if changes:
            record_engagement_change(visit.engagement, by=by, action=Change.Action.UPDATED, changes=changes)
    return item


def remove_item(item: VisitItem, *, by) -> None:
    visit = item.visit
    ensure_can(by, "change", visit.engagement)
    changes = _changes(_item_prefix(item), item_snapshot(item), {})
    with transaction.atomic():
        item.delete()
        record_engagement_change(
            visit.engagement,
            by=by,
            action=Change.Action.UPDATED,
            changes=changes,
            reason=_("Programpunkten togs bort."),
        )


# The catalogue of places


def _clean_place(fields: dict) -> dict:
    cleaned = {name: _text(fields.get(name)) for name in PLACE_FIELDS}
    errors: dict[str, str] = {}
    if not cleaned["name"]:
        errors["name"] = _("Ange platsens namn, t.ex. Funäsdalens fjällmuseum.")
    if not cleaned["kind"]:
        errors["kind"] = _("Ange vad det är för slags plats, t.ex. sevärdhet eller företag.")
    if errors:
        raise ValidationError(errors)
    return cleaned


def place_snapshot(place: Place) -> dict[str, str]:
    """{field label: shown value} of a place, as its history compares them."""
    return history.field_values(place, (*PLACE_FIELDS, "is_active"))


def save_place(place: Place | None, *, by, fields: dict) -> Place:
    """Add a place to the catalogue, or change one; the place's history shows what changed, old and new."""
    ensure_role(by, "organisation", "change")
    cleaned = _clean_place(fields)
    created = place is None or place.pk is None
    place = place or Place()
    before = {} if created else place_snapshot(place)
    for name, value in cleaned.items():
        setattr(place, name, value)
    changes = history.diff(before, place_snapshot(place))
    with transaction.atomic():
        if created:
            place.save()
            history.record(place, by=by, action=Change.Action.CREATED, changes=changes)
        elif changes:
            place.save()
            history.record(place, by=by, action=Change.Action.UPDATED, changes=changes)
    return place


def set_place_active(place: Place, *, by, active: bool) -> Place:
    """Deactivate a place (it stays on programmes that already use it) or bring it back."""
    ensure_role(by, "organisation", "change")
    if place.is_active == active:
        return place
    before = place_snapshot(place)
    with transaction.atomic():
        place.is_active = active
        place.save(update_fields=["is_active"])
        history.record(
            place,
            by=by,
            action=Change.Action.STATUS,
            changes=history.diff(before, place_snapshot(place)),
            reason=_("Platsen aktiverades igen.") if active else _("Platsen inaktiverades."),
        )
    return place
