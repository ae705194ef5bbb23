"""Visits to Härjedalen with guests (issue 6): plan, programme, printable programme, and the catalogue of places.

A visit follows its engagement's permission: 404 when the user may not see the engagement, 403 on change
pages when they may see it but not change it. The catalogue and each place's history are read by every
internal role; the catalogue is kept by the coordinator. Gifts on visits are in views/gifts.py.
"""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import translation
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from utblick.core.editing import submit
from utblick.core.history import history_of
from utblick.core.permissions import allows, can, ensure_role
from utblick.engagements import visit_actions as actions
from utblick.engagements.models_visits import Place, Visit
from utblick.engagements.views.access import get_changeable_engagement, get_engagement
from utblick.engagements.visit_forms import PlaceForm, VisitForm, VisitItemForm

PROGRAMME_LANGUAGES = ("sv", "en")


def _visit(engagement, visit_pk: int) -> Visit:
    visit = get_object_or_404(engagement.visits.select_related("host"), pk=visit_pk)
    visit.engagement = engagement  # already fetched with its permission checked
    return visit


def _items(visit: Visit) -> list:
    return list(visit.items.select_related("place").order_by("date", "start_time", "pk"))


def _form_page(request, engagement, form, *, title, submit, visit=None):
    return render(
        request,
        "engagements/visit_form.html",
        {"engagement": engagement, "visit": visit, "form": form, "title": title, "submit": submit},
    )


def detail(request, pk, visit):
    engagement = get_engagement(request, pk)
    visit = _visit(engagement, visit)
    return render(
        request,
        "engagements/visit_detail.html",
        {
            "engagement": engagement,
            "visit": visit,
            "guests": list(visit.guests.order_by("name")),
            "items": _items(visit),
            "gifts": list(visit.gifts.all()),
            "can_change": allows(request.user, "change", engagement),
        },
    )


def programme(request, pk, visit):
    """The programme for the guests, printable, in Swedish or English (?lang=sv|en)."""
    engagement = get_engagement(request, pk)
    visit = _visit(engagement, visit)
    lang = request.GET.get("lang", "sv")
    if lang not in PROGRAMME_LANGUAGES:
        lang = "sv"
    context = {
        "engagement": engagement,
        "visit": visit,
        "guests": list(visit.guests.order_by("name")),
        "items": _items(visit),
        "lang": lang,
    }
    with translation.override(lang):
        return render(request, "engagements/visit_programme.html", context)


def create(request, pk):
    engagement = get_changeable_engagement(request, pk)
    form = VisitForm(request.POST or None)
    holder = {}

    def save(data):
        holder["visit"] = actions.create_visit(engagement, by=request.user, fields=data)

    if request.method == "POST" and submit(form, save):
        messages.success(request, _("Besöket är registrerat."))
        return redirect("engagements:visit_detail", pk=pk, visit=holder["visit"].pk)
    return _form_page(request, engagement, form, title=_("Nytt besök"), submit=_("Spara besöket"))


def update(request, pk, visit):
    engagement = get_changeable_engagement(request, pk)
    visit = _visit(engagement, visit)
    form = VisitForm(request.POST or None, visit=visit, initial=VisitForm.initial_for(visit))

    def save(data):
        actions.update_visit(visit, by=request.user, fields=data)

    if request.method == "POST" and submit(form, save):
        messages.success(request, _("Besöket är ändrat."))
        return redirect("engagements:visit_detail", pk=pk, visit=visit.pk)
    return _form_page(request, engagement, form, title=_("Ändra besöket"), submit=_("Spara ändringarna"), visit=visit)


def item(request, pk, visit, item=None):
    engagement = get_changeable_engagement(request, pk)
    visit = _visit(engagement, visit)
    entry = get_object_or_404(visit.items.select_related("place"), pk=item) if item is not None else None
    if entry is not None:
        entry.visit = visit
    initial = VisitItemForm.initial_for(entry) if entry else {"date": visit.start_date}
    form = VisitItemForm(request.POST or None, item=entry, initial=initial)

    def save(data):
        if entry is None:
            actions.add_item(visit, by=request.user, fields=data)
        else:
            actions.update_item(entry, by=request.user, fields=data)

    if request.method == "POST" and submit(form, save):
        messages.success(request, _("Programpunkten är sparad."))
        return redirect("engagements:visit_detail", pk=pk, visit=visit.pk)
    title = _("Ny programpunkt") if entry is None else _("Ändra programpunkten")
    return _form_page(request, engagement, form, title=title, submit=_("Spara programpunkten"), visit=visit)


@require_POST
def remove_item(request, pk, visit, item):
    engagement = get_changeable_engagement(request, pk)
    visit = _visit(engagement, visit)
    entry = get_object_or_404(visit.items.select_related("place"), pk=item)
    entry.visit = visit
    actions.remove_item(entry, by=request.user)
    messages.success(request, _("Programpunkten är borttagen."))
    return redirect("engagements:visit_detail", pk=pk, visit=visit.pk)


# The catalogue of places


def place_list(request):
    ensure_role(request.user, "organisation", "view")
    return render(
        request,
        "engagements/place_list.html",
        {
            "places": list(Place.objects.order_by("-is_active", "name", "pk")),
            "can_change": can(request.user, "change", "organisation"),
        },
    )


def place_edit(request, place=None):
    ensure_role(request.user, "organisation", "view")
    if not can(request.user, "change", "organisation"):
        raise PermissionDenied
    entry = get_object_or_404(Place, pk=place) if place is not None else None
    form = PlaceForm(request.POST or None, initial=PlaceForm.initial_for(entry) if entry else None)

    def save(data):
        actions.save_place(entry, by=request.user, fields=data)

    if request.method == "POST" and submit(form, save):
        messages.success(request, _("Platsen är sparad i katalogen."))
        return redirect("engagements:place_list")
    title = _("Ny plats") if entry is None else _("Ändra platsen")
    return render(request, "engagements/place_form.html", {"form": form, "title": title, "place": entry})


@require_POST
def place_active(request, place):
    ensure_role(request.user, "organisation", "view")
    entry = get_object_or_404(Place, pk=place)
    active = request.POST.get("active") == "1"
    actions.set_place_active(entry, by=request.user, active=active)
    messages.success(request, _("Platsen är aktiv igen.") if active else _("Platsen är inaktiverad."))
    return redirect("engagements:place_list")


def place_history(request, place):
    """Who added, changed, deactivated or brought back a place in the catalogue, and from what to what."""
    ensure_role(request.user, "organisation", "view")
    entry = get_object_or_404(Place, pk=place)
    return render(request, "engagements/place_history.html", {"place": entry, "changes": list(history_of(entry))})
