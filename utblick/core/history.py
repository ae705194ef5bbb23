"""Writing and reading the change history (ARCHITECTURE.md, "History and deletion").

Actions call record() inside their transaction, so a change and its history row are saved together
or not at all, whether the change came from a page, a command or an import.
"""

from django.contrib.contenttypes.models import ContentType
from django.utils.translation import gettext as _

from utblick.core.models import Change


def actor_name(user) -> str:
    if user is None:
        return "System"
    full = user.get_full_name()
    return f"{full} ({user.get_username()})" if full else user.get_username()


def diff(before: dict[str, str], after: dict[str, str]) -> list[dict[str, str]]:
    """The fields whose shown value differs, as [{field, before, after}] in the order of `after`."""
    return [
        {"field": label, "before": before.get(label, ""), "after": value}
        for label, value in after.items()
        if before.get(label, "") != value
    ]


def record(obj, *, by, action: str, changes: list[dict[str, str]] | None = None, reason: str = "") -> Change:
    """Write one history row for `obj`."""
    return Change.objects.create(
        content_type=ContentType.objects.get_for_model(type(obj)),
        object_id=obj.pk,
        object_repr=str(obj)[:300],
        action=action,
        actor=by,
        actor_name=actor_name(by),
        changes=changes or [],
        reason=reason,
    )


def history_of(obj):
    """The history rows of `obj`, newest first."""
    return Change.objects.filter(
        content_type=ContentType.objects.get_for_model(type(obj)), object_id=obj.pk
    ).select_related("actor")


def field_values(obj, names) -> dict[str, str]:
    """{field label: shown value} for plain model fields, as diff() compares them (choices, Ja/Nej, names)."""
    values = {}
    for name in names:
        field = type(obj)._meta.get_field(name)
        value = getattr(obj, name)
        if field.choices:
            shown = str(getattr(obj, f"get_{name}_display")()) if value is not None else ""
        elif isinstance(value, bool):
            shown = str(_("Ja") if value else _("Nej"))
        else:
            shown = "" if value is None else str(value)
        values[str(field.verbose_name).capitalize()] = shown
    return values
