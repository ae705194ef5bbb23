"""The annual report on the web (R-52) and the engagements behind each of its figures."""

from __future__ import annotations

from django.conf import settings
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import render
from django.utils import timezone

from utblick.core.permissions import ensure_role
from utblick.organisation.models import OrgUnit
from utblick.reports.annual.access import ensure_may_see_report, refuse_unseen_unit
from utblick.reports.annual.figures import build_report
from utblick.reports.annual.render_common import draw_all, format_cell
from utblick.reports.annual.selection import Selection
from utblick.reports.annual.trace import BadTrace, describe, parse_trace, trace_url
from utblick.reports.forms import AnnualReportForm
from utblick.reports.models import ReportExport


def default_year() -> int:
    """Last year: the annual report is written in the spring about the year before."""
    return timezone.localdate().year - 1


def annual_report(request):
    """The report for a year and the whole municipality or one unit, every figure a link to its engagements."""
    ensure_role(request.user, "report", "view")
    refuse_unseen_unit(request.user, request.GET.get("unit"))
    form = AnnualReportForm(request.GET or {"year": default_year()}, user=request.user)
    context = {"form": form, "formats": ReportExport.Format.choices}
    if form.is_valid():
        report = build_report(form.cleaned_data["year"], form.chosen_unit(), user=request.user)
        drawings = draw_all(report)
        context.update(report=report, sections=[_web_section(report, section, drawings) for section in report.sections])
    return render(request, "reports/annual.html", context)


def _web_section(report, section, drawings) -> dict:
    """A section as the page shows it: tables of (text, link) cells and the charts' SVG next to their tables."""

    def cells(row, money):
        return [
            {
                "text": format_cell(figure, money=money),
                "url": trace_url(report.year, report.unit_id, figure.trace) if figure and figure.trace else "",
            }
            for figure in row.cells
        ]

    charts_by_table: dict[str, list] = {}
    for chart in section.charts:
        charts_by_table.setdefault(chart.table_key, []).append({"chart": chart, "svg": drawings[chart.key].svg})
    return {
        "section": section,
        "tables": [
            {
                "table": table,
                "rows": [{"label": row.label, "cells": cells(row, table.money)} for row in table.rows],
                "total": {"label": table.total.label, "cells": cells(table.total, table.money)}
                if table.total
                else None,
                "charts": charts_by_table.get(table.key, []),
            }
            for table in section.tables
        ],
    }


def _int(value: str | None, *, required: bool = True) -> int | None:
    if value in (None, "") and not required:
        return None
    try:
        return int(value)
    except (TypeError, ValueError):
        raise Http404 from None


def annual_trace(request):
    """The engagements behind one figure: those the user may see, and how many others are counted."""
    ensure_role(request.user, "report", "view")
    year, unit_id = _int(request.GET.get("year")), _int(request.GET.get("unit"), required=False)
    unit = None if unit_id is None else OrgUnit.objects.filter(pk=unit_id).first()
    if unit_id is not None and unit is None:
        raise Http404
    ensure_may_see_report(request.user, unit)
    try:
        trace = parse_trace(request.GET, year)
    except BadTrace:
        raise Http404 from None
    behind = Selection(year, unit).behind(trace)
    visible = (
        behind.restrict(request.user, "view").select_related("owner_unit").order_by("owner_unit__name", "title", "pk")
    )
    page = Paginator(visible, settings.UTBLICK_PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "reports/annual_trace.html",
        {
            "page": page,
            "heading": describe(trace, year),
            "year": year,
            "unit": unit,
            "hidden": behind.count() - page.paginator.count,
        },
    )
