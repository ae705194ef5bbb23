"""The yearly follow-up page (R-51): per unit, the engagements of a year that lack actuals, results or dissemination."""

from django import forms
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from utblick.core.permissions import access_for, ensure_role
from utblick.core.roles import Role
from utblick.organisation.models import Membership, OrgUnit
from utblick.reports.followup import MISSING, MISSING_LABELS, default_year, followup_groups
from utblick.reports.forms import UnitFilterForm, YearField


class FollowupFilterForm(UnitFilterForm):
    """The year followed up (empty: last year) and the unit, as in the dashboard's filter."""

    year = YearField(
        label=_("År"),
        required=False,
        widget=forms.TextInput(attrs={"inputmode": "numeric", "size": 6, "autocomplete": "off"}),
    )
    field_order = ["year", "unit"]


def own_units(user) -> list[int]:
    """The units a handläggare or förvaltningschef works in: where the page starts for them (none for others)."""
    access = access_for(user)
    if access.superuser or Role.SAMORDNARE in access.roles:
        return []
    return list(
        Membership.objects.filter(user=user, role__in=[Role.HANDLAGGARE, Role.FORVALTNINGSCHEF])
        .order_by("pk")
        .values_list("unit_id", flat=True)
    )


def followup(request):
    """Per unit, the engagements active in a year that still lack actual figures, results or dissemination."""
    ensure_role(request.user, "engagement", "view")
    today = timezone.localdate()
    year = default_year(today)
    bound = "year" in request.GET or "unit" in request.GET
    unit_ids = None
    if bound:
        form = FollowupFilterForm(request.GET)
        valid = form.is_valid()
        if valid:
            year = form.cleaned_data["year"] or year
            unit_ids = form.unit_ids()
    else:
        # Case officers and heads of department start with their own unit(s); the filter widens it.
        mine = own_units(request.user)
        form = FollowupFilterForm(initial={"year": year, "unit": mine[0] if mine else ""})
        valid = True
        unit_ids = OrgUnit.with_descendants(mine) if mine else None
    groups = followup_groups(request.user, year, today, unit_ids) if valid else []
    return render(
        request,
        "reports/followup.html",
        {
            "form": form,
            "valid": valid,
            "year": year,
            "groups": groups,
            "labels": [MISSING_LABELS[name] for name in MISSING],
            "total": sum(len(group.engagements) for group in groups),
        },
    )
