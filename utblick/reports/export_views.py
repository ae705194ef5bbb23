"""Downloading the annual report as Word, PDF or Excel: start the export, follow its progress, fetch the file.

An export belongs to the user who asked for it (the coordinator sees all, to help); anyone else gets 404.
The external actor has no annual report at all (403).
"""

from django import forms
from django.http import HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import content_disposition_header
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_http_methods

from utblick.core.permissions import has_role
from utblick.core.roles import Role
from utblick.reports.annual import export as exports
from utblick.reports.annual.access import ensure_may_see_report, refuse_unseen_unit
from utblick.reports.forms import AnnualReportForm
from utblick.reports.models import ReportExport


class AnnualExportForm(AnnualReportForm):
    """Which report to make (the report page's year and unit), and as what kind of file."""

    format = forms.ChoiceField(
        label=gettext_lazy("Filformat"),
        choices=ReportExport.Format.choices,
        widget=forms.RadioSelect,
        initial=ReportExport.Format.DOCX,
        error_messages={
            "required": gettext_lazy("Välj filformat: Word, PDF eller Excel."),
            "invalid_choice": gettext_lazy("Välj filformat: Word, PDF eller Excel."),
        },
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["year"].initial = timezone.localdate().year - 1


def _may_see_exports(request) -> None:
    """The page itself: every role that reads the municipality's annual report (not the external actor)."""
    ensure_may_see_report(request.user, None)


def _visible_exports(user):
    exports_ = ReportExport.objects.select_related("unit")
    return exports_ if has_role(user, Role.SAMORDNARE) else exports_.filter(requested_by=user)


@require_http_methods(["GET", "POST"])
def annual_export(request):
    """GET: the form to choose year, unit and format. POST: start making the file and go to its status page."""
    _may_see_exports(request)
    if request.method == "GET":
        form = AnnualExportForm(user=request.user, initial=request.GET.dict() or None)
        return render(request, "reports/annual_export.html", {"form": form})
    refuse_unseen_unit(request.user, request.POST.get("unit"))
    form = AnnualExportForm(request.POST, user=request.user)
    if not form.is_valid():
        return render(request, "reports/annual_export.html", {"form": form}, status=400)
    made = exports.start_export(
        by=request.user, year=form.cleaned_data["year"], unit=form.chosen_unit(), fmt=form.cleaned_data["format"]
    )
    return redirect("reports:annual_export_status", pk=made.pk)


def _export_for(request, pk):
    _may_see_exports(request)
    return get_object_or_404(_visible_exports(request.user).defer("content"), pk=pk)


def _state(made: ReportExport) -> dict:
    return {
        "status": made.status,
        "running": exports.is_running(made),
        "done": made.status == ReportExport.Status.DONE,
        "progress": made.progress if made.status != ReportExport.Status.DONE else 100,
        "step": made.step,
        "message": exports.status_message(made),
        "file_url": reverse("reports:annual_export_file", args=[made.pk])
        if made.status == ReportExport.Status.DONE
        else "",
    }


@require_GET
def annual_export_status(request, pk):
    """How far the file has come; the download link when it is done. Works without JavaScript (a reload link)."""
    made = _export_for(request, pk)
    return render(
        request,
        "reports/annual_export_status.html",
        {
            "made": made,
            "state": _state(made),
            "unit_name": exports.unit_name(made),
            "file_name": exports.file_name(made.year, exports.unit_name(made), made.format),
        },
    )


@require_GET
def annual_export_json(request, pk):
    """The same as the status page, for its script (JSON)."""
    return JsonResponse(_state(_export_for(request, pk)))


@require_GET
def annual_export_file(request, pk):
    """The finished file as a download; before it is done, back to the status page."""
    _may_see_exports(request)
    made = get_object_or_404(_visible_exports(request.user), pk=pk)
    if made.status != ReportExport.Status.DONE or made.content is None:
        return redirect("reports:annual_export_status", pk=made.pk)
    chosen = exports.FORMATS[made.format]
    response = HttpResponse(bytes(made.content), content_type=chosen.content_type)
    name = exports.file_name(made.year, exports.unit_name(made), made.format)
    response["Content-Disposition"] = content_disposition_header(as_attachment=True, filename=name)
    response["X-Content-Type-Options"] = "nosniff"
    return response
