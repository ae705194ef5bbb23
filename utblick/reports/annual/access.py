"""Who may read which annual report: the whole municipality's, or one unit's (RULES["report"])."""

from django.core.exceptions import PermissionDenied

from utblick.core.permissions import Scope, access_for


def may_see_report(user, unit) -> bool:
    """Every internal role reads the municipality's report; a unit's report needs that unit (or one above it)."""
    access = access_for(user)
    scope = access.scope("report", "view")
    if scope is Scope.NONE:
        return False
    return unit is None or scope is Scope.ALL or unit.pk in access.units_for("report", "view")


def ensure_may_see_report(user, unit) -> None:
    if not may_see_report(user, unit):
        raise PermissionDenied


def refuse_unseen_unit(user, asked: str | None) -> None:
    """A unit's report the user may not read is refused (403), not just missing from the form's choices."""
    if asked and asked.isdigit():
        from utblick.organisation.models import OrgUnit

        ensure_may_see_report(user, OrgUnit.objects.filter(pk=asked).first())
