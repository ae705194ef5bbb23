"""The list of engagements: search, filters, sortable columns and pages."""

from django.conf import settings
from django.core.paginator import Paginator
from django.db.models import Prefetch
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from utblick.core.countries import country_choices
from utblick.core.permissions import can, ensure_role
from utblick.engagements.filters import filtered_engagements
from utblick.engagements.models import EngagementCountry

COLUMNS = [
    # (sort key or None, header)
    ("title", _("Titel")),
    ("kind", _("Typ")),
    ("status", _("Status")),
    ("unit", _("Enhet")),
    (None, _("Ansvariga")),
    (None, _("Länder")),
    ("start", _("Start")),
    ("end", _("Slut")),
    ("updated", _("Ändrad")),
]


# The columns' fields only: the long texts (purpose, results, search text …) stay in the database.
LIST_FIELDS = (
    "title", "kind", "status", "is_secret", "archived_at", "start_date", "end_date", "updated_at",
    "owner_unit__name", "responsible_politician__name", "responsible_officer__name",
)  # fmt: skip


def for_list(queryset):
    """What each row of the list shows, fetched in a fixed number of queries."""
    return (
        queryset.select_related("owner_unit", "responsible_politician", "responsible_officer")
        .prefetch_related(Prefetch("countries", queryset=EngagementCountry.objects.order_by("country")))
        .only(*LIST_FIELDS)
    )


def list_row(engagement, country_names: dict[str, str]) -> dict:
    """One row of the list with its values ready to show (plain values render fastest)."""
    responsible = [p.name for p in (engagement.responsible_politician, engagement.responsible_officer) if p]
    return {
        "url": reverse("engagements:detail", args=[engagement.pk]),
        "title": engagement.title,
        "is_secret": engagement.is_secret,
        "is_archived": engagement.is_archived,
        "kind": engagement.get_kind_display(),
        "status": engagement.get_status_display(),
        "unit": engagement.owner_unit.name,
        "responsible": responsible,
        "countries": ", ".join(country_names.get(c.country.code, c.country.code) for c in engagement.countries.all()),
        "start": engagement.start_date.isoformat() if engagement.start_date else "–",
        "end": engagement.end_date.isoformat() if engagement.end_date else "–",
        "updated": timezone.localdate(engagement.updated_at).isoformat(),
    }


def column_headers(sort: tuple[str, bool] | None) -> list[dict]:
    """Headers with the sort link each offers and the aria-sort of the one the list is sorted by."""
    headers = []
    for key, label in COLUMNS:
        header = {"label": label, "key": key, "aria_sort": None, "next_sort": None}
        if key:
            sorted_here = sort is not None and sort[0] == key
            descending = sorted_here and sort[1]
            if sorted_here:
                header["aria_sort"] = "descending" if descending else "ascending"
            # A click on the sorted column reverses it; dates and changes start with the newest.
            if sorted_here:
                header["next_sort"] = key if descending else f"-{key}"
            else:
                header["next_sort"] = f"-{key}" if key in ("start", "end", "updated") else key
        headers.append(header)
    return headers


def engagement_list(request):
    ensure_role(request.user, "engagement", "view")
    filterset, queryset = filtered_engagements(request.user, request.GET)
    paginator = Paginator(for_list(queryset), settings.UTBLICK_PAGE_SIZE)
    page = paginator.get_page(request.GET.get("page"))
    country_names = dict(country_choices())
    return render(
        request,
        "engagements/list.html",
        {
            "filterset": filterset,
            "form": filterset.form,
            "page": page,
            "rows": [list_row(engagement, country_names) for engagement in page.object_list],
            "headers": column_headers(filterset.effective_sort),
            "sort": request.GET.get("sort", ""),
            "can_create": can(request.user, "change", "engagement"),
            "filtered": any(v for k, v in request.GET.items() if k not in ("page", "sort")),
        },
    )
