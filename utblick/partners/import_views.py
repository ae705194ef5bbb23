"""Pages of the partner import: upload a file, see what it would do (or what to fix), import it; the template.

Only the coordinator imports (permission kind "partner_admin"). The file is kept in PartnerImport between
the preview and the import, visible only to the person who uploaded it; the preview is computed again from
it each time, so it shows the register as it is now. The same code runs `manage.py import_partners`.
"""

from django import forms
from django.conf import settings
from django.contrib import messages
from django.core.files.uploadhandler import FileUploadHandler, SkipFile
from django.db import transaction
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.csrf import csrf_exempt, csrf_protect
from django.views.decorators.http import require_GET, require_http_methods

from utblick.core.permissions import ensure_role
from utblick.core.spreadsheets import csv_response, xlsx_response
from utblick.partners.importing import Problem, check_file, size_problem
from utblick.partners.importing.headers import COLUMNS
from utblick.partners.importing.writing import ImportFailed, choice_of, missing_decisions, write_plan
from utblick.partners.models import PartnerImport

# The preview sends one choice per likely duplicate (Django accepts 1 000 fields in a form by default).
MAX_DECISIONS = 400
# How many organisations the preview lists by name; the counts above the list cover all of them.
PREVIEW_ROWS = 200
RECENT_IMPORTS = 10


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
            upload = form.cleaned_data["file"]
            stored = PartnerImport.objects.create(
                file_name=_file_name(upload.name),
                content=upload.read(),
                created_by=request.user,
            )
            return redirect("partners:import_preview", pk=stored.pk)
    else:
        form = UploadForm()
    recent = PartnerImport.objects.filter(created_by=request.user).defer("content")[:RECENT_IMPORTS]
    return render(request, "partners/import_upload.html", {"form": form, "recent": recent})


def _file_name(name: str) -> str:
    """The uploaded file's own name without any folder (it is only shown, and tells XLSX from CSV)."""
    return (name or "").replace("\\", "/").rsplit("/", 1)[-1].strip()[:255] or "import"


@require_http_methods(["GET", "POST"])
def import_preview(request, pk):
    """What the file would do, the duplicates to decide on, or what to fix; POST imports it (once)."""
    ensure_role(request.user, "partner_admin", "change")
    stored = get_object_or_404(PartnerImport, pk=pk, created_by=request.user)
    if stored.imported_at:
        if request.method == "POST":
            messages.info(request, _("Filen är redan importerad. Inget har ändrats."))
            return redirect("partners:import_preview", pk=stored.pk)
        return render(request, "partners/import_preview.html", {"stored": stored})
    plan = check_file(bytes(stored.content), stored.file_name)
    if len(plan.decisions) > MAX_DECISIONS:
        plan.problems.append(Problem(None, "", _too_many_decisions(len(plan.decisions))))
    decisions = request.POST if request.method == "POST" else {}
    missing = []
    failure = ""
    if request.method == "POST" and plan.is_valid:
        missing = missing_decisions(plan, decisions)
        if not missing:
            try:
                _import(stored, plan, request.user, decisions)
            except ImportFailed as error:
                failure = str(error)
            else:
                messages.success(request, _("Importen är klar."))
                return redirect("partners:import_preview", pk=stored.pk)
    return render(
        request,
        "partners/import_preview.html",
        {
            "stored": stored,
            "plan": plan,
            "decisions": _decision_rows(plan, decisions, missing),
            "missing": missing,
            "failure": failure,
            "organisations": plan.organisations[:PREVIEW_ROWS],
            "more": max(len(plan.organisations) - PREVIEW_ROWS, 0),
            "counts": _counts(plan),
        },
        status=200,
    )


def _import(stored: PartnerImport, plan, user, decisions) -> None:
    """Write the plan and mark the file imported, together; a second request finds it imported and stops."""
    with transaction.atomic():
        # Claiming the row first makes two clicks (or two tabs) import the file only once.
        claimed = PartnerImport.objects.filter(pk=stored.pk, imported_at__isnull=True).update(
            imported_at=timezone.now()
        )
        if not claimed:
            raise ImportFailed(_("Filen är redan importerad. Inget har ändrats."))
        summary = write_plan(plan, by=user, decisions=decisions)
        # The file holds personal data that are now in the register (or were left out): it is not kept.
        PartnerImport.objects.filter(pk=stored.pk).update(summary=summary.as_dict(), content=b"")


def _too_many_decisions(count: int) -> str:
    return _(
        "%(count)d organisationer och personer i filen liknar sådana som redan finns, fler än vad som går att "
        "ta ställning till på en gång (högst %(max)d). Dela upp filen, eller skriv namnen exakt som de står i "
        "registret så att de kopplas direkt. IT kan också importera filen med kommandot import_partners."
    ) % {"count": count, "max": MAX_DECISIONS}


def _decision_rows(plan, decisions, missing):
    """For the template: each likely duplicate with its options, which one is chosen, and whether one must be."""
    rows = []
    for item in plan.decisions:
        chosen = choice_of(item, decisions)
        rows.append(
            {
                "item": item,
                "is_organisation": item.key.startswith("o"),
                "chosen": "new" if chosen == "new" else (str(chosen.pk) if chosen else ""),
                "missing": any(item is other for other in missing),
            }
        )
    return rows


def _counts(plan) -> dict:
    return {
        "organisations_new": sum(1 for o in plan.organisations if o.existing is None and not o.matches),
        "organisations_linked": sum(1 for o in plan.organisations if o.existing is not None),
        "contacts_new": sum(1 for c in plan.contacts if c.existing is None and not c.matches),
        "contacts_linked": sum(1 for c in plan.contacts if c.existing is not None),
        "decisions": len(plan.decisions),
    }


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
