"""A figure's trace in a URL and back: which report, which figure, and what to call the list behind it."""

from __future__ import annotations

from django.http import QueryDict
from django.urls import reverse
from django.utils.translation import gettext as _
from django_countries import countries

from utblick.engagements.models import Kind, Status
from utblick.finance.models import CostCategory, FundingSource
from utblick.organisation.models import OrgUnit
from utblick.policy.models import Area, Objective, PriorityCriterion
from utblick.reports.annual.content import Trace
from utblick.reports.annual.selection import ALL_DIMENSIONS, MONEY_DIMENSIONS, WORK_DIMENSIONS

# Dimensions whose value is a record id, and the model it names.
ID_DIMENSIONS = {
    "objective": Objective,
    "area": Area,
    "criterion": PriorityCriterion,
    "money_unit": OrgUnit,
    "money_source": FundingSource,
}


class BadTrace(ValueError):
    """The query string does not name a figure of a report."""


def trace_url(year: int, unit_id: int | None, trace: Trace) -> str:
    params = QueryDict(mutable=True)
    params["year"] = str(year)
    if unit_id is not None:
        params["unit"] = str(unit_id)
    params["dim"] = trace.dimension
    if trace.value:
        params["value"] = trace.value
    if trace.year is not None:
        params["of"] = str(trace.year)
    return f"{reverse('reports:annual_trace')}?{params.urlencode()}"


def parse_trace(params, year: int) -> Trace:
    """The trace the query string names; BadTrace when the dimension or its value is not one a report uses."""
    dimension, value = params.get("dim", ""), params.get("value", "")
    if dimension not in {*ALL_DIMENSIONS, *WORK_DIMENSIONS, *MONEY_DIMENSIONS}:
        raise BadTrace(dimension)
    if (dimension in ID_DIMENSIONS or dimension == "engagement") and not value.isdigit():
        raise BadTrace(value)
    of = params.get("of")
    if of is not None and of not in (str(year), str(year - 1)):
        raise BadTrace(of)
    return Trace(dimension, value, int(of) if of else None)


def describe(trace: Trace, year: int) -> str:
    """What the engagements behind the figure have in common, as a heading: "Engagemang med partner i Norge"."""
    value = trace.value
    named = _value_name(trace.dimension, value)
    of_year = trace.year or year
    texts = {
        "all": _("Alla engagemang under året"),
        "work": _("Engagemang som var beslutade, pågående eller avslutade"),
        "new": _("Engagemang som började under året"),
        "preparation": _("Idéer och förslag under beredning"),
        "kind": _("Engagemang av typen %(name)s"),
        "work_kind": _("Beslutade, pågående eller avslutade engagemang av typen %(name)s"),
        "status": _("Engagemang med status %(name)s"),
        "kind_status": _("Engagemang av typen %(name)s"),
        "objective": _("Engagemang som bidrar till målet %(name)s"),
        "area": _("Engagemang inom området %(name)s"),
        "criterion": _("Engagemang som uppfyller det prioriterade området %(name)s"),
        "country": _("Engagemang som berör %(name)s"),
        "region": _("Engagemang efter region: %(name)s"),
        "partner_country": _("Engagemang med samarbetspartner i %(name)s")
        if value
        else _("Engagemang med samarbetspartner"),
        "partner_new": _("Engagemang med nya samarbetspartner i %(name)s")
        if value
        else _("Engagemang med nya samarbetspartner"),
        "partner_established": _("Engagemang med etablerade samarbetspartner i %(name)s")
        if value
        else _("Engagemang med etablerade samarbetspartner"),
        "people": _("Engagemang med ansvariga personer"),
        "money": _("Engagemang med budgetrader %(year)s"),
        "money_cost": _("Engagemang med kostnader %(year)s"),
        "money_income": _("Engagemang med intäkter %(year)s"),
        "money_external": _("Engagemang med extern finansiering %(year)s"),
        "money_unit": _("Engagemang med budgetrader %(year)s, enhet %(name)s"),
        "money_source": _("Engagemang med intäkter %(year)s från %(name)s"),
        "money_category": _("Engagemang med kostnader %(year)s för %(name)s"),
        "engagement": _("Engagemanget bakom siffran"),
    }
    return texts[trace.dimension] % {"name": named, "year": of_year}


def _value_name(dimension: str, value: str) -> str:
    if dimension in ID_DIMENSIONS:
        item = ID_DIMENSIONS[dimension].objects.filter(pk=value).first()
        return str(item.name) if item else value
    if dimension in ("kind", "work_kind"):
        return str(Kind(value).label) if value in Kind.values else value
    if dimension == "status":
        return str(Status(value).label) if value in Status.values else value
    if dimension == "kind_status":
        kind, _sep, status = value.partition(":")
        names = [str(Kind(kind).label) if kind in Kind.values else kind]
        if status in Status.values:
            names.append(str(Status(status).label).lower())
        return ", ".join(names)
    if dimension in ("country", "partner_country", "partner_new", "partner_established"):
        return str(countries.name(value) or value)
    if dimension == "region":
        return {"europe": _("Europa"), "other": _("övriga världen"), "none": _("inget land angivet")}.get(value, value)
    if dimension == "money_category":
        return str(CostCategory(value).label) if value in CostCategory.values else value
    return value
