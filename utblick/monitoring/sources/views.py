"""The coordinator's source pages: list, add and edit (with a preview), detail, (de)activate, OPML, starter list,
health. Only the coordinator (permission kind "monitoring_admin"); writes go through sources.actions."""

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from utblick.core.editing import add_errors
from utblick.core.history import history_of
from utblick.core.permissions import ensure_role
from utblick.monitoring.models import Source
from utblick.monitoring.sources import health
from utblick.monitoring.sources.actions import create_source, set_source_active, update_source
from utblick.monitoring.sources.checks import SOURCE_FIELDS
from utblick.monitoring.sources.forms import OpmlUploadForm, SourceForm
from utblick.monitoring.sources.opml import OpmlError, export_opml, import_opml
from utblick.monitoring.sources.starter import StarterListError, load_starter_sources

PREVIEW_ITEMS = 10
LATEST_ITEMS = 20
LIST_FIELDS = (
    "pk",
    "name",
    "url",
    "kind",
    "is_active",
    "last_success_at",
    "last_error",
    "consecutive_failures",
    "failing_since",
)


def _admin(request, action="view"):
    ensure_role(request.user, "monitoring_admin", action)


@require_GET
def source_list(request):
    _admin(request)
    sources = Source.objects.restrict(request.user, "view").only(*LIST_FIELDS).order_by("name", "pk")
    page = Paginator(sources, settings.UTBLICK_PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "monitoring/source_list.html",
        {"page": page, "failing_count": health.long_failing_count(timezone.now()), "flag_days": health.FLAG_DAYS},
    )


@require_GET
def source_detail(request, pk):
    _admin(request)
    source = get_object_or_404(Source.objects.restrict(request.user, "view"), pk=pk)
    return render(
        request,
        "monitoring/source_detail.html",
        {
            "source": source,
            "items": source.items.only("pk", "title", "link", "published_at", "fetched_at")[:LATEST_ITEMS],
            "item_count": source.items.count(),
            "history": history_of(source)[:50],
            "flagged": health.long_failing(timezone.now()).filter(pk=source.pk).exists(),
            "flag_days": health.FLAG_DAYS,
        },
    )


@require_http_methods(["GET", "POST"])
def source_create(request):
    _admin(request, "change")
    return _edit(request, source=None)


@require_http_methods(["GET", "POST"])
def source_update(request, pk):
    _admin(request, "change")
    source = get_object_or_404(Source.objects.restrict(request.user, "change"), pk=pk)
    return _edit(request, source=source)


def _edit(request, source):
    """GET shows the form; "Förhandsgranska" fetches with the form's values without saving; "Spara" saves."""
    preview = None
    if request.method == "POST":
        form = SourceForm(request.POST, source=source)
        if "preview" in request.POST:
            if form.can_preview():
                preview = run_preview(form.preview_values())
        elif form.is_valid():
            fields = {name: form.cleaned_data[name] for name in SOURCE_FIELDS}
            try:
                if source is None:
                    source = create_source(by=request.user, fields=fields)
                    messages.success(request, _("Källan %(name)s har lagts till.") % {"name": source.name})
                else:
                    update_source(source, by=request.user, fields=fields)
                    messages.success(request, _("Ändringarna i %(name)s har sparats.") % {"name": source.name})
                return redirect("monitoring:source_detail", pk=source.pk)
            except ValidationError as error:
                add_errors(form, error)
                if source is not None and source.pk:
                    source.refresh_from_db()
    else:
        initial = {name: getattr(source, name) for name in SOURCE_FIELDS} if source else None
        form = SourceForm(initial=initial, source=source)
    return render(request, "monitoring/source_form.html", {"form": form, "source": source, "preview": preview})


def run_preview(cleaned: dict) -> dict:
    """Fetch and parse an unsaved source with the form's values: {"items": [...], "error": str}."""
    from utblick.monitoring.fetching import runner  # the fetch helper's module; imported late, it opens sockets

    unsaved = Source(**{name: cleaned[name] for name in SOURCE_FIELDS if name in cleaned})
    for name in ("item_selector", "title_selector", "link_selector", "date_selector"):
        setattr(unsaved, name, (getattr(unsaved, name) or "").strip() if unsaved.kind == Source.Kind.PAGE else "")
    unsaved.url = unsaved.url.strip()
    result = runner.preview(unsaved)
    items = [
        {"title": item.title, "link": _web_link(item.link), "published_at": item.published_at}
        for item in list(result.items or [])[:PREVIEW_ITEMS]
    ]
    return {"items": items, "error": result.error or "", "total": len(result.items or [])}


def _web_link(link) -> str:
    """Only http(s) links become links on the page (the parser guarantees it; this keeps it true here too)."""
    link = (link or "").strip()
    return link if link.lower().startswith(("http://", "https://")) else ""


@require_POST
def source_set_active(request, pk):
    _admin(request, "change")
    source = get_object_or_404(Source.objects.restrict(request.user, "change"), pk=pk)
    active = request.POST.get("active") == "1"
    set_source_active(source, active, by=request.user)
    if active:
        messages.success(request, _("%(name)s hämtas igen.") % {"name": source.name})
    else:
        messages.success(
            request, _("%(name)s är inaktiverad och hämtas inte längre. Posterna finns kvar.") % {"name": source.name}
        )
    return redirect("monitoring:source_detail", pk=source.pk)


@require_http_methods(["GET", "POST"])
def opml_import(request):
    _admin(request, "change")
    result = None
    if request.method == "POST":
        form = OpmlUploadForm(request.POST, request.FILES)
        if form.is_valid():
            try:
                result = import_opml(form.cleaned_data["file"].read(), by=request.user)
            except OpmlError as error:
                for problem in error.problems:
                    form.add_error("file", problem)
            except ValidationError as error:  # a source the checks let through but the action refused
                add_errors(form, error)
    else:
        form = OpmlUploadForm()
    return render(request, "monitoring/source_opml_import.html", {"form": form, "result": result})


@require_GET
def opml_export(request):
    _admin(request)
    sources = Source.objects.restrict(request.user, "view").filter(kind=Source.Kind.FEED).order_by("name", "pk")
    response = HttpResponse(export_opml(sources), content_type="text/x-opml; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="utblick-kallor.opml"'
    return response


@require_POST
def starter_load(request):
    _admin(request, "change")
    try:
        result = load_starter_sources(by=request.user)
    except StarterListError as error:
        messages.error(request, str(error))
    else:
        messages.success(
            request,
            _("Startlistan är inläst: %(added)d källor tillagda, %(present)d fanns redan.")
            % {"added": len(result.added), "present": len(result.present)},
        )
    return redirect("monitoring:source_list")


@require_GET
def source_health(request):
    _admin(request)
    now = timezone.now()
    rows = sorted(health.health_rows(now), key=lambda row: not row.flagged)  # flagged first, else by name
    return render(
        request,
        "monitoring/health_sources.html",
        {
            "rows": rows,
            "failing_count": sum(row.flagged for row in rows),
            "flag_days": health.FLAG_DAYS,
            "weeks": health.WEEKS,
        },
    )
