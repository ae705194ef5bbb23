"""Writing subscriptions: each user keeps their own; an unsubscribe link may turn them off without a login."""

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils.translation import gettext as _

from utblick.core.history import diff, field_values, record
from utblick.core.models import Change
from utblick.core.permissions import ensure_role
from utblick.monitoring.models import Subscription

FIELDS = ["name", "units", "objectives", "sources", "keywords", "frequency", "is_active"]
M2M = ("units", "objectives", "sources")


def _values(subscription: Subscription) -> dict[str, str]:
    values = field_values(subscription, [name for name in FIELDS if name not in M2M])
    if subscription.pk:
        for name in M2M:
            label = str(Subscription._meta.get_field(name).verbose_name).capitalize()
            values[label] = ", ".join(sorted(str(obj) for obj in getattr(subscription, name).all()))
    return values


def _ensure_own(subscription: Subscription, by) -> None:
    ensure_role(by, "monitoring", "view")
    if subscription.user_id != by.pk:
        raise PermissionDenied


def _apply(subscription: Subscription, fields: dict) -> None:
    for name in FIELDS:
        if name in fields and name not in M2M:
            setattr(subscription, name, fields[name])
    subscription.full_clean(exclude=["user", *M2M])
    subscription.save()
    for name in M2M:
        if name in fields:
            getattr(subscription, name).set(fields[name])


def create_subscription(*, by, fields: dict) -> Subscription:
    """A new subscription of the acting user's own."""
    ensure_role(by, "monitoring", "view")
    with transaction.atomic():
        subscription = Subscription(user=by)
        _apply(subscription, fields)
        record(subscription, by=by, action=Change.Action.CREATED, changes=diff({}, _values(subscription)))
    return subscription


def update_subscription(subscription: Subscription, *, by, fields: dict) -> Subscription:
    """Change one of the acting user's own subscriptions."""
    _ensure_own(subscription, by)
    with transaction.atomic():
        before = _values(subscription)
        _apply(subscription, fields)
        changes = diff(before, _values(subscription))
        if changes:
            record(subscription, by=by, action=Change.Action.UPDATED, changes=changes)
    return subscription


def delete_subscription(subscription: Subscription, *, by) -> None:
    """Remove one of the acting user's own subscriptions."""
    _ensure_own(subscription, by)
    with transaction.atomic():
        record(
            subscription,
            by=by,
            action=Change.Action.UPDATED,
            changes=diff(_values(subscription), {}),
            reason=_("Borttagen."),
        )
        subscription.delete()


def unsubscribe(subscriptions, *, by=None) -> int:
    """Turn subscriptions off (from a signed link in a digest, so usually without a user); returns how many."""
    count = 0
    with transaction.atomic():
        for subscription in subscriptions:
            if not subscription.is_active:
                continue
            subscription.is_active = False
            subscription.save(update_fields=["is_active", "updated_at"])
            record(
                subscription,
                by=by,
                action=Change.Action.UPDATED,
                changes=[
                    {
                        "field": str(Subscription._meta.get_field("is_active").verbose_name),
                        "before": _("Ja"),
                        "after": _("Nej"),
                    }
                ],
                reason=_("Avslutad med länken i e-posten."),
            )
            count += 1
    return count
