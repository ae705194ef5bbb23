"""Pages of the partner import: upload a file, see what it would do (or what to fix), import it; the template.

Only the coordinator imports (permission kind "partner_admin"). The file is kept in PartnerImport between
the preview and the import, visible only to the person who uploaded it. Checking and importing run in
partners.importing.jobs: at once for a small file, else as background tasks whose progress the preview
page shows (and a small script keeps up to date). The import checks the file again against the register as
it is then. The same checking and writing run `manage.py import_partners`.
"""

from django import forms
from django.conf import settings
from django.contrib import messages
from django.core.files.uploadhandler import FileUploadHandler, SkipFile
from django.http import Http404, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.csrf import csrf_exempt, csrf_protect
from django.views.decorators.http import require_GET, require_http_methods

from utblick.core.permissions import ensure_role
from utblick.core.spreadsheets import csv_response, xlsx_response
from utblick.partners.importing import jobs, size_problem
from utblick.partners.importing.headers import COLUMNS
from utblick.partners.importing.preview import MAX_DECISIONS, chosen, decision_rows, missing_choices
from utblick.partners.models import PartnerImport

Status = PartnerImport.Status
RECENT_IMPORTS = 10
STATE_FIELDS = ["status", "status_changed_at", "progress", "error", "preview", "imported_at", "summary"]


class SizeLimitedUploadHandler(FileUploadHandler):
    """Stops keeping an uploaded file once it passes PARTNERS_IMPORT_MAX_BYTES; the page then says it is too big.

    Runs before Django's own handlers, so a 50 MB file is never held in memory or written to a temporary file.
    """

    def __init__(self, request=None):
        super().__init__(request)
        self.limit = settings.PARTNERS_IMPORT_MAX_BYTES
        self.too_large = False
        self.request_size = 0

    def handle_raw_input(self, input_data, META, content_length, boundary, encoding=None):
        self.request_size = content_length  # the file plus a few hundred bytes of form: its size, near enough

    def receive_data_chunk(self, raw_data, start):
        if start + len(raw_data) > self.limit:
            self.too_large = True
            raise SkipFile
        return raw_data

    def file_complete(self, file_size):
        return None


class UploadForm(forms.Form):
    file = forms.FileField(
        label=gettext_lazy("Fil att importera"),
        help_text=gettext_lazy(
            "En Excel-fil (.xlsx) eller en CSV-fil (.csv) med en rubrikrad. Inget sparas i registret förrän "
            "du har sett förhandsvisningen och valt Importera."
        ),
        error_messages={
            "required": gettext_lazy("Välj en fil att importera."),
            "missing": gettext_lazy("Välj en fil att importera."),
            "invalid": gettext_lazy("Filen kom inte fram. Välj den igen och försök på nytt."),
            "empty": gettext_lazy("Filen är tom. Välj en fil med en rubrikrad och minst en rad med organisationer."),
        },
        widget=forms.ClearableFileInput(attrs={"accept": ".xlsx,.csv,text/csv"}),
    )

    def __init__(self, *args, dropped_size=0, **kwargs):
        super().__init__(*args, **kwargs)
        self.dropped_size = dropped_size  # the request's size, when the upload handler dropped a too large file

    def clean_file(self):
        upload = self.cleaned_data["file"]
        problem = size_problem(upload.size)
        if problem:
            raise forms.ValidationError(problem)
        return upload

    def clean(self):
        if self.dropped_size:
            # The handler dropped the file, so "required" would be misleading: say what really happened.
            self.errors.pop("file", None)
            size = max(self.dropped_size, settings.PARTNERS_IMPORT_MAX_BYTES + 1)
            self.add_error("file", size_problem(size))
        return super().clean()


@csrf_exempt
@require_http_methods(["GET", "POST"])
def import_upload(request):
    """The upload form. The size handler must be in place before the body is read, so CSRF is checked inside."""
    ensure_role(request.user, "partner_admin", "change")
    handler = SizeLimitedUploadHandler(request)
    request.upload_handlers.insert(0, handler)
    return _upload(request, handler)


@csrf_protect
def _upload(request, handler):
    if request.method == "POST":
        form = UploadForm(
            request.POST, request.FILES, dropped_size=(handler.request_size or 1) if handler.too_large else 0
        )
        if form.is_valid():
            jobs.delete_stale_imports()  # uploads never imported are not kept for long: they hold personal data
            upload = form.cleaned_data["file"]
            stored = PartnerImport.objects.create(
                file_name=_file_name(upload.name),
                content=upload.read(),
                created_by=request.user,
            )
            jobs.start_check(stored)
            return redirect("partners:import_preview", pk=stored.pk)
    else:
        form = UploadForm()
    recent = PartnerImport.objects.filter(created_by=request.user).defer("content", "preview")[:RECENT_IMPORTS]
    return render(request, "partners/import_upload.html", {"form": form, "recent": recent, "keep_days": jobs.KEEP_DAYS})


def _file_name(name: str) -> str:
    """The uploaded file's own name without any folder (it is only shown, and tells XLSX from CSV)."""
    return (name or "").replace("\\", "/").rsplit("/", 1)[-1].strip()[:255] or "import"


@require_http_methods(["GET", "POST"])
def import_preview(request, pk):
    """What the file would do, the duplicates to decide on, or what to fix; POST imports it (once).

    While a large file is checked or imported in the background the page shows how far it has come.
    """
    ensure_role(request.user, "partner_admin", "change")
    stored = get_object_or_404(PartnerImport.objects.defer("content"), pk=pk, created_by=request.user)
    if stored.status == Status.UPLOADED or (request.method == "POST" and stored.status == Status.FAILED):
        # Not checked yet (or asked again after a failed check): check it now, or start the task.
        again = stored.status == Status.FAILED
        jobs.start_check(_with_content(stored))
        stored.refresh_from_db(fields=STATE_FIELDS)
        if again:
            return redirect("partners:import_preview", pk=stored.pk)
    if request.method == "POST":
        return _post(request, stored)
    return _render(request, stored)


def _with_content(stored: PartnerImport) -> PartnerImport:
    stored.refresh_from_db(fields=["content", "status"])
    return stored


def _post(request, stored: PartnerImport):
    if stored.status == Status.IMPORTED:
        messages.info(request, _("Filen är redan importerad. Inget har ändrats."))
        return redirect("partners:import_preview", pk=stored.pk)
    if stored.status != Status.CHECKED:
        messages.info(request, jobs.status_message(stored))
        return redirect("partners:import_preview", pk=stored.pk)
    preview = stored.preview
    if preview.get("problems") or preview["counts"]["decisions"] > MAX_DECISIONS:
        return _render(request, stored)
    missing = missing_choices(preview, request.POST)
    if missing:
        return _render(request, stored, data=request.POST, missing=missing)
    decisions = {decision["key"]: chosen(decision, request.POST) for decision in preview["decisions"]}
    if not jobs.start_import(_with_content(stored), request.user, decisions):
        return redirect("partners:import_preview", pk=stored.pk)
    stored.refresh_from_db(fields=STATE_FIELDS)
    if stored.status == Status.CHECKED and stored.error:
        return _render(request, stored, data=request.POST)  # a small file, imported at once: it failed, say why
    if stored.status == Status.IMPORTED:
        messages.success(request, _("Importen är klar."))
    return redirect("partners:import_preview", pk=stored.pk)


def _render(request, stored: PartnerImport, *, data=None, missing=()):
    context = {"stored": stored, "running": jobs.is_running(stored)}
    if context["running"]:
        context |= {"status_message": jobs.status_message(stored), "stuck": jobs.seems_stuck(stored)}
    elif stored.status == Status.CHECKED:
        preview = stored.preview
        problems = list(preview["problems"])
        problem_count = preview.get("problem_count", len(problems))
        if preview["counts"]["decisions"] > MAX_DECISIONS:
            problems.append({"row": None, "column": "", "message": _too_many_decisions(preview["counts"]["decisions"])})
            problem_count += 1
        context |= {
            "preview": preview,
            "problems": problems,
            "problem_count": problem_count,
            "problems_left_out": problem_count - len(problems),
            "decisions": decision_rows(preview, data or {}, list(missing)),
            "missing": bool(missing),
            "failure": stored.error,
        }
    return render(request, "partners/import_preview.html", context)


@require_GET
def import_status(request, pk):
    """How far the check or import has come, for the preview page's script (JSON)."""
    ensure_role(request.user, "partner_admin", "change")
    stored = get_object_or_404(PartnerImport.objects.defer("content", "preview"), pk=pk, created_by=request.user)
    return JsonResponse(
        {
            "status": stored.status,
            "running": jobs.is_running(stored),
            "progress": stored.progress,
            "message": jobs.status_message(stored),
        }
    )


def _too_many_decisions(count: int) -> str:
    return _(
        "%(count)d organisationer och personer i filen liknar sådana som redan finns, fler än vad som går att "
        "ta ställning till på en gång (högst %(max)d). Dela upp filen, eller skriv namnen exakt som de står i "
        "registret så att de kopplas direkt. IT kan också importera filen med kommandot import_partners."
    ) % {"count": count, "max": MAX_DECISIONS}


@require_GET
def import_template(request, fmt):
    """An empty file with the headers the import expects, and one example row."""
    ensure_role(request.user, "partner_admin", "change")
    headers = [column.header for column in COLUMNS]
    example = [column.example for column in COLUMNS]
    filename = f"{_('partnerimport-mall')}.{fmt}"
    if fmt == "csv":
        return csv_response(headers, [example], filename)
    if fmt == "xlsx":
        columns = [
            (header, max(len(str(header)), len(value)) + 4) for header, value in zip(headers, example, strict=True)
        ]
        return xlsx_response(columns, [example], filename, _("Partner"))
    raise Http404
