"""The coordinator's GDPR pages for contact persons: register extract, anonymisation, contacts due for removal.

Writes go through partners.gdpr.anonymise_contact; the extract is built by partners.register_extract.
"""

import datetime
import json

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db.models import Prefetch
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from utblick.core.editing import add_errors
from utblick.core.permissions import ensure_role
from utblick.partners import gdpr
from utblick.partners.forms import AnonymiseForm
from utblick.partners.models import Affiliation, Contact
from utblick.partners.register_extract import register_extract, render_pdf

# How far ahead the retention page looks, so the coordinator sees who is next.
RETENTION_WARNING_DAYS = 30


def _admin_contact(request, pk, action: str) -> Contact:
    """The contact, for the coordinator only: anyone else gets 403, an unknown id 404."""
    ensure_role(request.user, "partner_admin", action)
    return get_object_or_404(Contact.objects.restrict(request.user, "view"), pk=pk)


def _attachment(content, content_type: str, contact: Contact, extension: str) -> HttpResponse:
    response = HttpResponse(content, content_type=content_type)
    # The name holds no personal data: the file may end up in a downloads folder or an email.
    file_name = f"registerutdrag-kontaktperson-{contact.pk}-{timezone.localdate():%Y-%m-%d}.{extension}"
    response["Content-Disposition"] = f'attachment; filename="{file_name}"'
    response["Cache-Control"] = "no-store"
    return response


@require_GET
def extract_json(request, pk):
    contact = _admin_contact(request, pk, "view")
    extract = register_extract(contact, by=request.user)
    content = json.dumps(extract, ensure_ascii=False, indent=2).encode()
    return _attachment(content, "application/json; charset=utf-8", contact, "json")


@require_GET
def extract_pdf(request, pk):
    contact = _admin_contact(request, pk, "view")
    extract = register_extract(contact, by=request.user)
    return _attachment(render_pdf(extract), "application/pdf", contact, "pdf")


@require_http_methods(["GET", "POST"])
def anonymise(request, pk):
    """A confirmation page: what anonymisation removes and keeps, and the reason, before anything happens."""
    contact = _admin_contact(request, pk, "change")
    form = AnonymiseForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            gdpr.anonymise_contact(contact, by=request.user, reason=form.cleaned_data["reason"])
        except ValidationError as error:
            add_errors(form, error)
            contact.refresh_from_db()
        else:
            messages.success(
                request, _("Kontaktpersonen har anonymiserats. Posten finns kvar för arkivet, utan personuppgifter.")
            )
            return redirect("partners:contact_detail", pk=contact.pk)
    return render(request, "partners/contact_anonymise.html", {"contact": contact, "form": form})


@require_GET
def retention_list(request):
    """Contacts whose retention time has passed, or passes within RETENTION_WARNING_DAYS days."""
    ensure_role(request.user, "partner_admin", "view")
    today = timezone.localdate()
    contacts = gdpr.contacts_due(today + datetime.timedelta(days=RETENTION_WARNING_DAYS)).prefetch_related(
        Prefetch("affiliations", queryset=Affiliation.objects.select_related("organisation"))
    )
    page = Paginator(contacts, settings.UTBLICK_PAGE_SIZE).get_page(request.GET.get("page"))
    for contact in page:
        contact.earliest_anonymisation = gdpr.earliest_anonymisation(contact.last_activity)
        contact.is_due = contact.earliest_anonymisation <= today
    return render(
        request,
        "partners/contact_retention.html",
        {"page": page, "retention_days": gdpr.retention_days(), "warning_days": RETENTION_WARNING_DAYS},
    )
