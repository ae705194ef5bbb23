"""Downloads from the partner register: the organisation and contact lists as CSV or Excel, a person as vCard.

The lists are exported as the list pages filter them, with the import's headers, so an export can be
edited and imported again. Every text cell is made safe from formula injection (core.spreadsheets).
"""

from django.conf import settings
from django.db.models import Prefetch
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import number_format
from django.utils.http import content_disposition_header
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET

from utblick.core.permissions import ensure_role
from utblick.core.spreadsheets import csv_response, safe_row, xlsx_response
from utblick.partners.contact_views import searched_contacts
from utblick.partners.importing.headers import BY_KEY
from utblick.partners.models import Affiliation, Contact
from utblick.partners.vcard import vcard
from utblick.partners.views import filtered_organisations, with_engagement_counts

CHUNK_SIZE = 1000
FORMATS = ("csv", "xlsx")


def _yes_no(value: bool) -> str:
    return _("Ja") if value else _("Nej")


def _header(key: str):
    return BY_KEY[key].header


# (header, width in Excel, value of one organisation)
ORGANISATION_COLUMNS = [
    (_header("name"), 40, lambda o: o.name),
    (_header("native_name"), 30, lambda o: o.native_name),
    (_header("country"), 20, lambda o: str(o.country.name) if o.country else ""),
    (_header("region"), 20, lambda o: o.region),
    (_header("city"), 20, lambda o: o.city),
    (_header("kind"), 20, lambda o: str(o.get_kind_display())),
    (_header("website"), 36, lambda o: o.website),
    (_header("description"), 60, lambda o: o.description),
    (gettext_lazy("Etablerad partner"), 12, lambda o: _yes_no(o.is_established)),
    (gettext_lazy("Engagemang"), 12, lambda o: o.engagement_count),
]


# (header, width in Excel, value of one affiliation: a contact person at one organisation)
CONTACT_COLUMNS = [
    (_header("contact_name"), 30, lambda a: a.contact.name),
    (_header("title"), 24, lambda a: a.contact.title),
    (_header("name"), 40, lambda a: a.organisation.name if a.organisation else ""),
    (_header("country"), 20, lambda a: str(a.organisation.country.name) if a.organisation else ""),
    (_header("role"), 24, lambda a: a.role),
    (_header("email"), 30, lambda a: a.contact.email),
    (_header("phone"), 20, lambda a: a.contact.phone),
    (_header("languages"), 24, lambda a: a.contact.languages),
    (_header("notes"), 60, lambda a: a.contact.notes),
]


class _NoAffiliation:
    """A contact person without an organisation still gets a row, with the organisation's cells empty."""

    organisation = None
    role = ""

    def __init__(self, contact):
        self.contact = contact


def _refused(request, reason, form=None, back=""):
    return render(
        request, "engagements/export_refused.html", {"reason": reason, "form": form, "back_url": back}, status=400
    )


def _too_many(request, count, back):
    limit = settings.UTBLICK_EXPORT_MAX_ROWS
    if count <= limit:
        return None
    return _refused(
        request,
        _(
            "Urvalet innehåller %(count)s rader men högst %(limit)s kan exporteras åt gången. "
            "Begränsa urvalet och exportera igen."
        )
        % {"count": number_format(count, force_grouping=True), "limit": number_format(limit, force_grouping=True)},
        back=back,
    )


def _download(fmt, columns, rows, name, title):
    filename = f"{name}-{timezone.localdate():%Y-%m-%d}.{fmt}"
    if fmt == "csv":
        return csv_response([header for header, _w, _v in columns], rows, filename)
    return xlsx_response([(header, width) for header, width, _v in columns], rows, filename, title)


def _rows(items, columns):
    for item in items:
        yield safe_row(value_of(item) for _header, _width, value_of in columns)


@require_GET
def organisation_export(request, fmt):
    """The organisation list as filtered on the page, without pages."""
    if fmt not in FORMATS:
        raise Http404
    ensure_role(request.user, "partner", "view")
    back = reverse("partners:list")
    filterset = filtered_organisations(request.user, request.GET)
    if filterset.is_bound and not filterset.is_valid():
        reason = _("Filtret innehåller fel. Rätta felen i listan och exportera igen.")
        return _refused(request, reason, form=filterset.form, back=back)
    queryset = with_engagement_counts(filterset.qs, request.user)
    refused = _too_many(request, filterset.qs.count(), back)
    if refused:
        return refused
    items = queryset.iterator(chunk_size=CHUNK_SIZE)
    return _download(
        fmt,
        ORGANISATION_COLUMNS,
        _rows(items, ORGANISATION_COLUMNS),
        _("partnerorganisationer"),
        _("Partnerorganisationer"),
    )


def _contact_rows(contacts):
    """One row per contact person and organisation (a person in two organisations gets two rows)."""
    for contact in contacts:
        affiliations = list(contact.affiliations.all()) or [_NoAffiliation(contact)]
        yield from _rows(affiliations, CONTACT_COLUMNS)


@require_GET
def contact_export(request, fmt):
    """The contact list as searched on the page, without pages; anonymised persons have nothing to export."""
    if fmt not in FORMATS:
        raise Http404
    ensure_role(request.user, "partner", "view")
    back = reverse("partners:contact_list")
    form, _query, contacts = searched_contacts(request.user, request.GET)
    if form.is_bound and not form.is_valid():
        reason = _("Sökningen innehåller fel. Rätta den i listan och exportera igen.")
        return _refused(request, reason, form=form, back=back)
    contacts = contacts.filter(anonymised_at__isnull=True).order_by("name", "pk")
    refused = _too_many(request, contacts.count(), back)
    if refused:
        return refused
    contacts = contacts.prefetch_related(
        Prefetch("affiliations", queryset=Affiliation.objects.select_related("organisation"))
    ).iterator(chunk_size=CHUNK_SIZE)
    return _download(fmt, CONTACT_COLUMNS, _contact_rows(contacts), _("kontaktpersoner"), _("Kontaktpersoner"))


@require_GET
def contact_vcard(request, pk):
    """One contact person as a vCard file; an anonymised person has no card (404)."""
    ensure_role(request.user, "partner", "view")
    contact = get_object_or_404(Contact.objects.restrict(request.user, "view"), pk=pk, anonymised_at__isnull=True)
    response = HttpResponse(vcard(contact), content_type="text/vcard; charset=utf-8")
    filename = f"{slugify(contact.name) or 'kontaktperson'}.vcf"
    response["Content-Disposition"] = content_disposition_header(as_attachment=True, filename=filename)
    return response
