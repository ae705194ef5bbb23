"""The only code that writes sources: add, edit, deactivate and reactivate, each with a history row.

A source that has items is never deleted (its items and their triage would go with it): it is deactivated and
no longer fetched.
"""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from utblick.core import history
from utblick.core.models import Change
from utblick.core.permissions import ensure_can, ensure_role
from utblick.monitoring.models import Source
from utblick.monitoring.sources.checks import SELECTOR_FIELDS, SOURCE_FIELDS, source_problems


def clean_fields(fields: dict) -> dict:
    """Only the editable fields, text stripped; a feed keeps no CSS selectors."""
    cleaned = {name: fields[name] for name in SOURCE_FIELDS if name in fields}
    for name, value in cleaned.items():
        if isinstance(value, str):
            cleaned[name] = value.strip()
    if cleaned.get("kind", Source.Kind.FEED) == Source.Kind.FEED:
        for name in SELECTOR_FIELDS:
            if name in cleaned:
                cleaned[name] = ""
    return cleaned


def source_snapshot(source: Source) -> dict[str, str]:
    """{field label: shown value} of a source, as its history compares them."""
    return history.field_values(source, SOURCE_FIELDS)


def _check(source: Source) -> None:
    values = {name: getattr(source, name) for name in SOURCE_FIELDS}
    problems = source_problems(values, exclude_pk=source.pk)
    if problems:
        raise ValidationError(problems)


def create_source(*, by, fields: dict) -> Source:
    """Add a source; it is fetched at the next round of the scheduler."""
    ensure_role(by, "monitoring_admin", "change")
    source = Source(**clean_fields(fields))
    source.created_by = by
    _check(source)
    with transaction.atomic():
        source.save()
        history.record(source, by=by, action=Change.Action.CREATED, changes=history.diff({}, source_snapshot(source)))
    return source


def update_source(source: Source, *, by, fields: dict) -> Source:
    """Save edits to a source (name, address, kind, selectors, interval, active, description)."""
    ensure_role(by, "monitoring_admin", "change")
    ensure_can(by, "change", source)
    before = source_snapshot(source)
    old_url = source.url
    for name, value in clean_fields(fields).items():
        setattr(source, name, value)
    _check(source)
    if source.url != old_url:
        # A new address: the old one's ETag and dates would ask it for a 304 it cannot give; fetch it soon.
        source.etag, source.last_modified, source.next_fetch_at = "", "", None
    with transaction.atomic():
        changes = history.diff(before, source_snapshot(source))
        if changes:
            source.save()
            history.record(source, by=by, action=Change.Action.UPDATED, changes=changes)
    return source


def set_source_active(source: Source, active: bool, *, by, reason: str = "") -> Source:
    """Stop fetching a source (its items stay) or start again."""
    ensure_role(by, "monitoring_admin", "change")
    ensure_can(by, "change", source)
    if source.is_active == active:
        return source
    before = source_snapshot(source)
    with transaction.atomic():
        source.is_active = active
        source.save(update_fields=["is_active", "updated_at"])
        history.record(
            source,
            by=by,
            action=Change.Action.STATUS,
            changes=history.diff(before, source_snapshot(source)),
            reason=reason or (_("Källan aktiverades.") if active else _("Källan inaktiverades.")),
        )
    return source
