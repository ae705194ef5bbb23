"""Every write to the organisation goes through these functions: permission, validation, transaction, history.

Units and people are never deleted here: they are marked as not active, so engagements and history
that name them stay readable.
"""

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from utblick.core import history
from utblick.core.models import Change
from utblick.core.permissions import ensure_can
from utblick.organisation.models import OrgUnit, Person

UNIT_FIELDS = ("name", "code", "kind", "parent", "is_active")
PERSON_FIELDS = ("name", "kind", "title", "email", "unit", "is_active")


def _assign(obj, names, fields: dict) -> None:
    for name in names:
        if name in fields:
            value = fields[name]
            setattr(obj, name, value.strip() if isinstance(value, str) else value)


def _save(obj, names, *, by, before: dict[str, str] | None) -> None:
    """Save and write the history row in one transaction; `before` is None for a new record."""
    with transaction.atomic():
        obj.save()
        changes = history.diff(before or {}, history.field_values(obj, names))
        if before is None:
            history.record(obj, by=by, action=Change.Action.CREATED, changes=changes)
        elif changes:
            history.record(obj, by=by, action=Change.Action.UPDATED, changes=changes)


def _duplicate_unit_code(unit: OrgUnit) -> ValidationError:
    return ValidationError(
        {"code": _("Koden ”%(code)s” används redan av en annan enhet. Välj en annan kod.") % {"code": unit.code}}
    )


def _validate_unit(unit: OrgUnit) -> None:
    errors = {}
    if unit.code and OrgUnit.objects.filter(code=unit.code).exclude(pk=unit.pk).exists():
        errors.update(_duplicate_unit_code(unit).error_dict)
    if unit.pk and unit.parent_id and unit.parent_id in OrgUnit.with_descendants([unit.pk]):
        errors["parent"] = [
            ValidationError(
                _(
                    "En enhet kan inte ligga under sig själv eller under någon av sina egna underenheter. "
                    "Välj en annan överordnad enhet."
                )
            )
        ]
    if errors:
        raise ValidationError(errors)
    unit.full_clean(validate_unique=False)


def _save_unit(unit: OrgUnit, *, by, before) -> None:
    try:
        _save(unit, UNIT_FIELDS, by=by, before=before)
    except IntegrityError as exc:  # someone saved the same code in between
        raise _duplicate_unit_code(unit) from exc


def create_unit(*, by, fields: dict) -> OrgUnit:
    """Add a unit (committee, administration, office) to the organisation tree."""
    unit = OrgUnit()
    ensure_can(by, "change", unit)
    _assign(unit, UNIT_FIELDS, fields)
    _validate_unit(unit)
    _save_unit(unit, by=by, before=None)
    return unit


def update_unit(unit: OrgUnit, *, by, fields: dict) -> OrgUnit:
    """Rename, recode or move a unit in the tree; refuse a move that would put it under itself."""
    ensure_can(by, "change", unit)
    before = history.field_values(unit, UNIT_FIELDS)
    _assign(unit, UNIT_FIELDS, fields)
    _validate_unit(unit)
    _save_unit(unit, by=by, before=before)
    return unit


def create_person(*, by, fields: dict) -> Person:
    """Add an elected official or a civil servant who can be responsible for engagements."""
    person = Person()
    ensure_can(by, "change", person)
    _assign(person, PERSON_FIELDS, fields)
    person.full_clean(exclude=["user"])
    _save(person, PERSON_FIELDS, by=by, before=None)
    return person


def update_person(person: Person, *, by, fields: dict) -> Person:
    """Change a person's details; untick "aktiv" when they leave instead of deleting them."""
    ensure_can(by, "change", person)
    before = history.field_values(person, PERSON_FIELDS)
    _assign(person, PERSON_FIELDS, fields)
    person.full_clean(exclude=["user"])
    _save(person, PERSON_FIELDS, by=by, before=before)
    return person
