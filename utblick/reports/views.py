"""Follow-up pages: the policy health dashboard and the engagements behind each of its numbers."""

from django.conf import settings
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import render
from django.utils import timezone

from utblick.core.permissions import ensure_role
from utblick.engagements.models import GAPS
from utblick.organisation.models import OrgUnit
from utblick.reports.forms import UnitFilterForm
from utblick.reports.health import GAP_EXPLANATIONS, GAP_LABELS, engagements_with_gap, health_rows, trip_decision_rows


def health(request):
    """Per unit and gap, how many of the engagements the user may see need fixing (R-50)."""
    ensure_role(request.user, "engagement", "view")
    form = UnitFilterForm(request.GET or None)
    valid = not form.is_bound or form.is_valid()
    unit_ids = form.unit_ids() if form.is_bound and valid else None
    rows, totals = health_rows(request.user, timezone.localdate(), unit_ids) if valid else ([], None)
    chosen = form.cleaned_data.get("unit") if form.is_bound and valid else None
    return render(
        request,
        "reports/health.html",
        {
            "form": form,
            "rows": rows,
            "totals": totals,
            "chosen_unit": chosen,
            "trip_rows": trip_decision_rows(request.user, timezone.localdate(), unit_ids) if valid else [],
            "gaps": [{"key": gap, "label": GAP_LABELS[gap], "explanation": GAP_EXPLANATIONS[gap]} for gap in GAPS],
        },
    )


def _int_param(request, name):
    value = request.GET.get(name)
    if value in (None, ""):
        return None
    try:
        return int(value)
    except ValueError:
        raise Http404 from None


def gap_list(request, gap):
    """The engagements behind one number of the dashboard, each linking to its page to fix it."""
    ensure_role(request.user, "engagement", "view")
    if gap not in GAPS:
        raise Http404
    unit_id, within = _int_param(request, "unit"), _int_param(request, "within")
    unit = OrgUnit.objects.filter(pk=unit_id or within).first() if (unit_id or within) else None
    if (unit_id or within) and unit is None:
        raise Http404
    queryset = engagements_with_gap(request.user, timezone.localdate(), gap, unit_id)
    if within is not None:
        queryset = queryset.filter(owner_unit__in=OrgUnit.with_descendants([within]))
    page = Paginator(queryset, settings.UTBLICK_PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "reports/gap_list.html",
        {
            "page": page,
            "gap_label": GAP_LABELS[gap],
            "explanation": GAP_EXPLANATIONS[gap],
            "unit": unit,
            "within": within is not None,
        },
    )
