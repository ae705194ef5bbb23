"""Trips abroad within an engagement: plan, costs and the report afterwards (R-62); gifts are in views/gifts.py.

A trip follows its engagement's permission: 404 when the user may not see the engagement, 403 on change
pages when they may see it but not change it.
"""

from django.contrib import messages
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from utblick.core.editing import submit
from utblick.core.permissions import allows, ensure_role
from utblick.engagements import trip_actions as actions
from utblick.engagements.models_trips import CostKind, Trip
from utblick.engagements.trip_forms import TripCostForm, TripForm, TripReportForm
from utblick.engagements.views.access import get_changeable_engagement, get_engagement
from utblick.organisation.models import OrgUnit


def _trip(engagement, trip_pk: int) -> Trip:
    trip = get_object_or_404(engagement.trips.select_related("decision"), pk=trip_pk)
    trip.engagement = engagement  # already fetched with its permission checked
    return trip


def _form_page(request, engagement, form, *, title, submit, trip=None):
    return render(
        request,
        "engagements/trip_form.html",
        {"engagement": engagement, "trip": trip, "form": form, "title": title, "submit": submit},
    )


def detail(request, pk, trip):
    engagement = get_engagement(request, pk)
    trip = _trip(engagement, trip)
    costs = list(trip.costs.select_related("traveller"))
    gifts = list(trip.gifts.all())
    travellers = list(trip.travellers.order_by("name"))
    # Totals per traveller (shared costs last) and per kind, each with estimated and actual sums.
    per_traveller: dict = {}
    per_kind: dict = {}
    for cost in costs:
        key = cost.traveller.name if cost.traveller_id else _("Gemensamt")
        for table, name in ((per_traveller, key), (per_kind, str(cost.get_kind_display()))):
            row = table.setdefault(name, {"name": name, "estimated": 0, "actual": 0})
            row["estimated"] += cost.estimated_amount
            row["actual"] += cost.actual_amount or 0
    shared = per_traveller.pop(_("Gemensamt"), None)
    traveller_rows = sorted(per_traveller.values(), key=lambda r: r["name"]) + ([shared] if shared else [])
    total = {
        "estimated": sum(c.estimated_amount for c in costs),
        "actual": sum(c.actual_amount or 0 for c in costs),
        "all_known": all(c.actual_amount is not None for c in costs),
    }
    return render(
        request,
        "engagements/trip_detail.html",
        {
            "engagement": engagement,
            "trip": trip,
            "travellers": travellers,
            "costs": costs,
            "gifts": gifts,
            "per_traveller": traveller_rows,
            "per_kind": [per_kind[str(label)] for label in CostKind.labels if str(label) in per_kind],
            "total": total,
            "can_change": allows(request.user, "change", engagement),
        },
    )


def create(request, pk):
    engagement = get_changeable_engagement(request, pk)
    form = TripForm(request.POST or None, engagement=engagement)
    holder = {}

    def save(data):
        holder["trip"] = actions.create_trip(engagement, by=request.user, fields=data)

    if request.method == "POST" and submit(form, save):
        messages.success(request, _("Resan är registrerad."))
        return redirect("engagements:trip_detail", pk=pk, trip=holder["trip"].pk)
    return _form_page(request, engagement, form, title=_("Ny resa"), submit=_("Spara resan"))


def update(request, pk, trip):
    engagement = get_changeable_engagement(request, pk)
    trip = _trip(engagement, trip)
    form = TripForm(request.POST or None, engagement=engagement, trip=trip, initial=TripForm.initial_for(trip))

    def save(data):
        actions.update_trip(trip, by=request.user, fields=data)

    if request.method == "POST" and submit(form, save):
        messages.success(request, _("Resan är ändrad."))
        return redirect("engagements:trip_detail", pk=pk, trip=trip.pk)
    return _form_page(request, engagement, form, title=_("Ändra resan"), submit=_("Spara ändringarna"), trip=trip)


def report(request, pk, trip):
    engagement = get_changeable_engagement(request, pk)
    trip = _trip(engagement, trip)
    form = TripReportForm(
        request.POST or None, initial={"achieved": trip.achieved, "dissemination": trip.dissemination}
    )

    def save(data):
        actions.report_trip(trip, by=request.user, **data)

    if request.method == "POST" and submit(form, save):
        messages.success(request, _("Reserapporten är sparad."))
        return redirect("engagements:trip_detail", pk=pk, trip=trip.pk)
    return _form_page(request, engagement, form, title=_("Rapport efter resan"), submit=_("Spara rapporten"), trip=trip)


@require_POST
def remove(request, pk, trip):
    engagement = get_changeable_engagement(request, pk)
    trip = _trip(engagement, trip)
    actions.remove_trip(trip, by=request.user)
    messages.success(request, _("Resan är borttagen. Engagemangets historik visar vad den innehöll."))
    return redirect("engagements:detail", pk=pk)


def cost(request, pk, trip, cost=None):
    engagement = get_changeable_engagement(request, pk)
    trip = _trip(engagement, trip)
    item = get_object_or_404(trip.costs.select_related("traveller"), pk=cost) if cost is not None else None
    if item is not None:
        item.trip = trip
    initial = TripCostForm.initial_for(item) if item else None
    form = TripCostForm(request.POST or None, trip=trip, initial=initial)

    def save(data):
        if item is None:
            actions.add_cost(trip, by=request.user, fields=data)
        else:
            actions.update_cost(item, by=request.user, fields=data)

    if request.method == "POST" and submit(form, save):
        messages.success(request, _("Kostnaden är sparad."))
        return redirect("engagements:trip_detail", pk=pk, trip=trip.pk)
    title = _("Ny kostnad") if item is None else _("Ändra kostnaden")
    return _form_page(request, engagement, form, title=title, submit=_("Spara kostnaden"), trip=trip)


@require_POST
def remove_cost(request, pk, trip, cost):
    engagement = get_changeable_engagement(request, pk)
    trip = _trip(engagement, trip)
    item = get_object_or_404(trip.costs.select_related("traveller"), pk=cost)
    item.trip = trip
    actions.remove_cost(item, by=request.user)
    messages.success(request, _("Kostnaden är borttagen."))
    return redirect("engagements:trip_detail", pk=pk, trip=trip.pk)


def lacking_decision(request):
    """The trips behind the dashboard's "Resor utan beslut" count, in one unit or all."""
    # The dashboard's definition, from the reports app (which builds on this one), read when the page is asked for.
    from utblick.reports.health import trips_lacking_decision

    ensure_role(request.user, "engagement", "view")
    unit = None
    if request.GET.get("unit"):
        try:
            unit = get_object_or_404(OrgUnit, pk=int(request.GET["unit"]))
        except ValueError:
            raise Http404 from None
    trips = trips_lacking_decision(request.user, timezone.localdate(), None if unit is None else [unit.pk])
    trips = trips.select_related("engagement__owner_unit").order_by("start_date", "pk")
    return render(request, "engagements/trips_lacking_decision.html", {"trips": list(trips), "unit": unit})
