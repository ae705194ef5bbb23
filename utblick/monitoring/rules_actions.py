"""Writes to monitoring rules: the coordinator's (monitoring_admin), validated, in one transaction, with history."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from utblick.core import history
from utblick.core.models import Change
from utblick.core.permissions import ensure_role
from utblick.monitoring import rules as matching
from utblick.monitoring.models import Rule

PLAIN_FIELDS = ("name", "terms", "pattern", "mode", "fields", "is_active")
RELATIONS = ("sources", "units", "objectives", "areas", "criteria")


def snapshot(rule: Rule) -> dict[str, str]:
    """{field label: shown value} of a rule, relations included, for the history."""
    values = history.field_values(rule, PLAIN_FIELDS)
    if rule.pk:
        for name in RELATIONS:
            label = str(Rule._meta.get_field(name).verbose_name).capitalize()
            values[label] = ", ".join(sorted(str(o) for o in getattr(rule, name).all()))
    return values


def validate_rule(rule: Rule) -> None:
    """Raise ValidationError (Swedish, per field) unless the rule can be saved."""
    errors = {}
    try:
        matching.validate_pattern(rule.pattern)
    except ValidationError as exc:
        errors["pattern"] = exc.messages
    if not matching.split_terms(rule.terms) and not rule.pattern.strip():
        errors["terms"] = [_("Skriv minst ett ord eller en fras, eller ett reguljärt uttryck.")]
    if errors:
        raise ValidationError(errors)


def save_rule(rule: Rule | None, *, by, fields: dict, relations: dict) -> Rule:
    """Create (rule None) or change a rule; `relations` maps sources/units/objectives/areas/criteria to objects."""
    ensure_role(by, "monitoring_admin", "change")
    created = rule is None
    if created:
        rule = Rule()
        before = {}
    else:
        before = snapshot(rule)
    for name in PLAIN_FIELDS:
        if name in fields:
            setattr(rule, name, fields[name])
    validate_rule(rule)
    rule.full_clean()
    with transaction.atomic():
        rule.save()
        for name in RELATIONS:
            getattr(rule, name).set(relations.get(name, ()))
        after = snapshot(rule)
        changes = history.diff(before, after)
        if created or changes:
            action = Change.Action.CREATED if created else Change.Action.UPDATED
            history.record(rule, by=by, action=action, changes=changes)
    return rule


def set_rule_active(rule: Rule, active: bool, *, by) -> Rule:
    """Turn a rule on or off (the stored items keep their tags until the rule is applied again)."""
    ensure_role(by, "monitoring_admin", "change")
    if rule.is_active == active:
        return rule
    before = snapshot(rule)
    with transaction.atomic():
        rule.is_active = active
        rule.save(update_fields=["is_active", "updated_at"])
        history.record(rule, by=by, action=Change.Action.STATUS, changes=history.diff(before, snapshot(rule)))
    return rule


def apply_rule(rule: Rule, *, by) -> tuple[int, bool]:
    """Re-tag the stored items after the rule changed: (items the rule matches, whether it runs in the background)."""
    ensure_role(by, "monitoring_admin", "change")
    return matching.apply_to_existing(rule)
