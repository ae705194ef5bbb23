"""Export of the filtered list of engagements to CSV (streamed) and Excel: same filters, no pages."""

from django.conf import settings
from django.db.models import Prefetch
from django.http import Http404
from django.shortcuts import render
from django.utils import timezone
from django.utils.formats import number_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from utblick.core.permissions import ensure_role
from utblick.core.spreadsheets import csv_response, safe_row, xlsx_response
from utblick.engagements.filters import filtered_engagements
from utblick.engagements.models import EngagementCountry, Participation

CHUNK_SIZE = 1000


def _yes_no(value: bool) -> str:
    return _("Ja") if value else _("Nej")


def _names(items) -> str:
    return ", ".join(items)


# (header, column width in Excel, value of one engagement)
COLUMNS = [
    (gettext_lazy("ID"), 8, lambda e: e.pk),
    (gettext_lazy("Titel"), 40, lambda e: e.title),
    (gettext_lazy("Typ"), 20, lambda e: e.get_kind_display()),
    (gettext_lazy("Status"), 12, lambda e: e.get_status_display()),
    (gettext_lazy("Ansvarig enhet"), 30, lambda e: e.owner_unit.name),
    (gettext_lazy("Omfattning"), 20, lambda e: e.get_scope_display()),
    (
        gettext_lazy("Ansvarig förtroendevald"),
        24,
        lambda e: e.responsible_politician.name if e.responsible_politician else "",
    ),
    (gettext_lazy("Ansvarig tjänsteman"), 24, lambda e: e.responsible_officer.name if e.responsible_officer else ""),
    (gettext_lazy("Mål"), 16, lambda e: _names(o.code for o in e.objectives.all())),
    (gettext_lazy("Partner"), 40, lambda e: _names(p.organisation.name for p in e.participations.all())),
    (gettext_lazy("Länder"), 24, lambda e: _names(str(c.country.name) for c in e.countries.all())),
    (gettext_lazy("Startdatum"), 12, lambda e: e.start_date),
    (gettext_lazy("Slutdatum"), 12, lambda e: e.end_date),
    (gettext_lazy("Diarienummer"), 16, lambda e: e.diary_number),
    (gettext_lazy("Sekretess"), 10, lambda e: _yes_no(e.is_secret)),
    (gettext_lazy("Arkiverad"), 10, lambda e: _yes_no(e.is_archived)),
    (gettext_lazy("Syfte"), 60, lambda e: e.purpose),
    (gettext_lazy("Resultat"), 60, lambda e: e.results),
    (gettext_lazy("Senast ändrad"), 14, lambda e: timezone.localdate(e.updated_at)),
]


def for_export(queryset):
    return queryset.select_related("owner_unit", "responsible_politician", "responsible_officer").prefetch_related(
        "objectives",
        Prefetch("countries", queryset=EngagementCountry.objects.order_by("country")),
        Prefetch(
            "participations",
            queryset=Participation.objects.select_related("organisation").order_by("organisation__name"),
        ),
    )


def rows(queryset):
    """One list of values per engagement: strings made safe, dates as dates."""
    for engagement in queryset.iterator(chunk_size=CHUNK_SIZE):
        yield safe_row(value_of(engagement) for _header, _width, value_of in COLUMNS)


def _csv_response(queryset, filename: str):
    return csv_response([header for header, _w, _v in COLUMNS], rows(queryset), filename)


def _xlsx_response(queryset, filename: str):
    return xlsx_response([(header, width) for header, width, _v in COLUMNS], rows(queryset), filename, _("Engagemang"))


RENDERERS = {"csv": _csv_response, "xlsx": _xlsx_response}


def export(request, fmt: str):
    renderer = RENDERERS.get(fmt)
    if renderer is None:
        raise Http404
    ensure_role(request.user, "engagement", "view")
    filterset, queryset = filtered_engagements(request.user, request.GET)
    if filterset.is_bound and not filterset.is_valid():
        return render(
            request,
            "engagements/export_refused.html",
            {"form": filterset.form, "reason": _("Filtret innehåller fel. Rätta felen i listan och exportera igen.")},
            status=400,
        )
    limit = settings.UTBLICK_EXPORT_MAX_ROWS
    count = queryset.count()
    if count > limit:
        return render(
            request,
            "engagements/export_refused.html",
            {
                "reason": _(
                    "Urvalet innehåller %(count)s engagemang men högst %(limit)s kan exporteras åt gången. "
                    "Begränsa urvalet med filtren och exportera igen."
                )
                % {
                    "count": number_format(count, force_grouping=True),
                    "limit": number_format(limit, force_grouping=True),
                },
            },
            status=400,
        )
    filename = f"engagemang-{timezone.localdate():%Y-%m-%d}.{fmt}"
    return renderer(for_export(queryset), filename)
