"""The item pages: the list with filters and search, one item with its triage, and starting an engagement from it.

Default view: every internal role sees all items (monitoring is read by everyone), but for those who triage
within their units (handläggare, förvaltningschef) the unit filter starts at "Mina enheter", so the list
opens on what is theirs to assess and one click on "Alla enheter" shows the rest.
"""

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Q
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.safestring import mark_safe
from django.utils.text import Truncator
from django.utils.translation import gettext as _

from utblick.core.editing import add_errors
from utblick.core.history import history_of
from utblick.core.paging import CappedPaginator
from utblick.core.permissions import Scope, access_for, allows, can, ensure_can, ensure_role
from utblick.engagements import actions as engagement_actions
from utblick.engagements.forms import EngagementForm, ParticipationFormSet
from utblick.monitoring import items_actions
from utblick.monitoring.fetching.storing import sanitise
from utblick.monitoring.items_forms import MINE, ItemFilterForm, TriageForm
from utblick.monitoring.models import Item

SUMMARY_MAX = 1000


def _my_unit_ids(user) -> set[int]:
    return set(access_for(user).units_for("monitoring", "change"))


def filtered_items(user, form: ItemFilterForm):
    """The items the filter form asks for, newest first (the form must be valid)."""
    items = Item.objects.restrict(user, "view")
    data = form.cleaned_data
    if data.get("state"):
        items = items.filter(state=data["state"])
    unit_ids = form.unit_ids()
    if unit_ids is not None:
        tagged = Item.units.through.objects.filter(orgunit_id__in=unit_ids).values("item_id")
        items = items.filter(Q(pk__in=tagged) | Q(assigned_unit__in=unit_ids))
    if data.get("objective"):
        items = items.filter(
            pk__in=Item.objectives.through.objects.filter(objective=data["objective"]).values("item_id")
        )
    if data.get("source"):
        items = items.filter(source=data["source"])
    query = " ".join((data.get("q") or "").split())
    if query:
        # Plain substring search (icontains) on SQLite and PostgreSQL alike for now: a trigram or full-text
        # index on the item text needs a migration of its own.
        items = items.filter(text__icontains=query)
    return items.order_by("-published_at", "-pk")


def item_list(request):
    """Every item, newest first, with filters (state, unit, objective, source) and free-text search."""
    ensure_role(request.user, "monitoring", "view")
    my_units = _my_unit_ids(request.user)
    params = request.GET.copy()
    unit_bound = access_for(request.user).scope("monitoring", "change") is Scope.OWN_UNIT
    if unit_bound and my_units and not any(k for k in params if k != "page"):
        params["unit"] = MINE  # those who triage within their units start at their own items
    form = ItemFilterForm(params, my_unit_ids=my_units)
    valid = form.is_valid()
    items = filtered_items(request.user, form) if valid else Item.objects.none()
    items = items.select_related("source").prefetch_related("units", "objectives", "areas", "criteria")
    # A common word can match most of 100 000 items: the count stops at a thousand (core.paging).
    page = CappedPaginator(items, settings.UTBLICK_PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "monitoring/item_list.html",
        {
            "form": form,
            "page": page,
            "valid": valid,
            "filtered": any(v for k, v in params.items() if k != "page"),
        },
    )


def _get_item(request, pk) -> Item:
    ensure_role(request.user, "monitoring", "view")
    return get_object_or_404(Item.objects.restrict(request.user, "view").select_related("source"), pk=pk)


def item_detail(request, pk):
    """One item: its sanitised summary, link, tags and (for those who may) the triage form."""
    item = _get_item(request, pk)
    may_triage = allows(request.user, "change", item)
    form = None
    if request.method == "POST":
        if not may_triage:
            raise PermissionDenied
        form = TriageForm(request.POST, user=request.user)
        if form.is_valid():
            try:
                items_actions.triage_item(item, by=request.user, fields=form.cleaned_data)
                messages.success(request, _("Bedömningen är sparad."))
                return redirect("monitoring:item", pk=item.pk)
            except ValidationError as exc:
                add_errors(form, exc)
    elif may_triage:
        form = TriageForm(
            initial={
                "state": item.state,
                "comment": item.comment,
                "assigned_unit": item.assigned_unit_id,
                "engagement": item.engagement_id,
            },
            user=request.user,
        )
    return render(
        request,
        "monitoring/item_detail.html",
        {
            "item": item,
            # Stored sanitised by the fetcher; cleaned again here with the same rules (cheap for one item), so
            # a row written some other way (admin, import, an older version) cannot bring script to the page.
            "summary_html": mark_safe(sanitise(item.summary)),  # noqa: S308 - nh3 output
            "original_url": item.link if item.link.startswith(("https://", "http://")) else "",
            "form": form,
            "may_triage": may_triage,
            "may_propose": may_triage and can(request.user, "change", "engagement"),
            "history": history_of(item) if may_triage or can(request.user, "change", "monitoring_admin") else None,
        },
    )


def _proposal_initial(item: Item, user) -> dict:
    link = f" ({item.link})" if item.link else ""
    initial = {
        "title": Truncator(item.title).chars(200),
        "summary": Truncator(item.text or item.title).chars(SUMMARY_MAX),
        "purpose": _("Enligt bevakningsposten ”%(title)s”%(link)s.") % {"title": item.title, "link": link},
        "objectives": list(item.objectives.values_list("pk", flat=True)),
        "areas": list(item.areas.values_list("pk", flat=True)),
    }
    if item.assigned_unit_id:
        initial["owner_unit"] = item.assigned_unit_id
    return initial


def item_propose(request, pk):
    """Start an engagement proposal (status Idé) from an item: the engagement form, prefilled from the item.

    The user completes and saves it; the new engagement is then linked to the item.
    """
    item = _get_item(request, pk)
    ensure_role(request.user, "engagement", "change")
    ensure_can(request.user, "change", item)
    data = request.POST if request.method == "POST" else None
    form = EngagementForm(data, initial=None if data else _proposal_initial(item, request.user), user=request.user)
    partners = ParticipationFormSet(data, prefix="partners")
    if data is not None and form.is_valid() and partners.is_valid():
        cleaned = form.cleaned_data

        def create():
            return engagement_actions.create_engagement(
                by=request.user,
                fields=cleaned,
                objectives=cleaned["objectives"],
                areas=cleaned["areas"],
                participations=partners.participations(),
                countries=cleaned["countries"],
            )

        try:
            engagement = items_actions.propose_engagement(item, by=request.user, create=create)
            messages.success(
                request,
                _("Engagemangsförslaget ”%(title)s” är registrerat och kopplat till bevakningsposten.")
                % {"title": engagement.title},
            )
            return redirect("engagements:detail", pk=engagement.pk)
        except ValidationError as exc:
            add_errors(form, exc)
    return render(request, "engagements/form.html", {"form": form, "partners": partners, "engagement": None})
