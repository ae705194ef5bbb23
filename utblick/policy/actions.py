"""Every write to the policy goes through these functions: permission, validation, transaction, history.

Objectives, priority criteria and areas share PolicyItem, so one set of functions serves all three.
Items are never deleted: a coordinator unticks "används" and engagements keep their links.
"""

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from utblick.core import history
from utblick.core.models import Change
from utblick.core.permissions import ensure_can
from utblick.policy.models import Policy, PolicyItem

POLICY_FIELDS = ("name", "adopted", "purpose")


def item_fields(model: type[PolicyItem]) -> tuple[str, ...]:
    """The fields a coordinator edits on an item of this kind (criteria add what suggests them)."""
    names = [f.name for f in model._meta.concrete_fields if f.editable and not f.primary_key and f.name != "policy"]
    return tuple(sorted(names, key=lambda name: name == "is_active"))  # the "in use" tick box comes last


def _assign(obj, names, fields: dict) -> None:
    for name in names:
        if name in fields:
            value = fields[name]
            setattr(obj, name, value.strip() if isinstance(value, str) else value)


def _duplicate_code_error(item: PolicyItem) -> ValidationError:
    return ValidationError(
        {
            "code": _("Koden ”%(code)s” används redan av ett annat %(kind)s i policyn. Välj en annan kod.")
            % {"code": item.code, "kind": item._meta.verbose_name}
        }
    )


def _validate_item(item: PolicyItem) -> None:
    same_code = type(item).objects.filter(policy_id=item.policy_id, code=item.code).exclude(pk=item.pk)
    if item.code and same_code.exists():
        raise _duplicate_code_error(item)
    item.full_clean(validate_constraints=False)


def _save_item(item: PolicyItem, *, by, before: dict[str, str]) -> None:
    names = item_fields(type(item))
    try:
        with transaction.atomic():
            item.save()
            changes = history.diff(before, history.field_values(item, names))
            if changes or not before:
                action = Change.Action.UPDATED if before else Change.Action.CREATED
                history.record(item, by=by, action=action, changes=changes)
    except IntegrityError as exc:  # someone saved the same code in between
        raise _duplicate_code_error(item) from exc


def create_item(model: type[PolicyItem], *, by, policy: Policy, fields: dict) -> PolicyItem:
    """Add an objective, priority criterion or area to the policy."""
    item = model(policy=policy)
    ensure_can(by, "change", item)
    _assign(item, item_fields(model), fields)
    _validate_item(item)
    _save_item(item, by=by, before={})
    return item


def update_item(item: PolicyItem, *, by, fields: dict) -> PolicyItem:
    """Change an objective, priority criterion or area; untick is_active instead of deleting it."""
    ensure_can(by, "change", item)
    names = item_fields(type(item))
    before = history.field_values(item, names)
    _assign(item, names, fields)
    _validate_item(item)
    _save_item(item, by=by, before=before)
    return item


def update_policy(policy: Policy, *, by, fields: dict) -> Policy:
    """Change the policy's name, adoption and purpose (the municipality is the file's key and stays)."""
    ensure_can(by, "change", policy)
    before = history.field_values(policy, POLICY_FIELDS)
    _assign(policy, POLICY_FIELDS, fields)
    policy.full_clean()
    with transaction.atomic():
        policy.save()
        changes = history.diff(before, history.field_values(policy, POLICY_FIELDS))
        if changes:
            history.record(policy, by=by, action=Change.Action.UPDATED, changes=changes)
    return policy
