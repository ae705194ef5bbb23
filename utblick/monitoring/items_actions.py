"""Writes to monitoring items: the triage (state, comment, assigned unit, engagement), with history."""

from django.db import transaction
from django.utils import timezone

from utblick.core import history
from utblick.core.models import Change
from utblick.core.permissions import ensure_can
from utblick.monitoring.models import Item

TRIAGE_FIELDS = ("state", "comment", "assigned_unit", "engagement")


def triage_item(item: Item, *, by, fields: dict) -> Item:
    """Record the municipality's assessment of an item: samordnare any, others items sorted to their units."""
    ensure_can(by, "change", item)
    before = history.field_values(item, TRIAGE_FIELDS)
    for name in TRIAGE_FIELDS:
        if name in fields:
            setattr(item, name, fields[name])
    changes = history.diff(before, history.field_values(item, TRIAGE_FIELDS))
    if not changes:
        return item
    with transaction.atomic():
        item.triaged_at = timezone.now()
        item.triaged_by = by
        item.save(update_fields=[*TRIAGE_FIELDS, "triaged_at", "triaged_by"])
        history.record(item, by=by, action=Change.Action.UPDATED, changes=changes)
    return item


def propose_engagement(item: Item, *, by, create) -> "Engagement":  # noqa: F821
    """Start an engagement proposal from an item: `create()` registers it (engagements.actions), then the
    item is linked to it, both in one transaction."""
    ensure_can(by, "change", item)
    with transaction.atomic():
        engagement = create()
        triage_item(item, by=by, fields={"engagement": engagement})
    return engagement
