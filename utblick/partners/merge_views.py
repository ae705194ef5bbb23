"""Pages for duplicates: live suggestions while typing, and the coordinator's merge of two records.

Writes go through partners.merging; finding likely duplicates is partners.duplicates.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django import forms
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpResponseBadRequest
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods

from utblick.core.history import field_values
from utblick.core.permissions import ensure_role
from utblick.partners.duplicates import find_contact_duplicates, find_organisation_duplicates
from utblick.partners.merging import CONTACT_SHOWN, ORGANISATION_SHOWN, link_counts, merge_contacts, merge_organisations
from utblick.partners.models import Contact, Organisation

# The longest value taken from a query string for a duplicate search: a name never needs more.
MAX_INPUT = 300
BIGGEST_ID = 2**63 - 1


@dataclass(frozen=True)
class MergeKind:
    """What differs between merging organisations and merging contact persons."""

    model: Any
    detail: str  # url name of the record's page
    merge_url: str  # url name of the merge page
    shown: tuple[str, ...]
    merge: Any

    def find(self, record, limit=10):
        if self.model is Organisation:
            return find_organisation_duplicates(
                name=record.name,
                website=record.website,
                country=record.country.code if record.country else "",
                exclude_pk=record.pk,
                limit=limit,
            )
        return find_contact_duplicates(name=record.name, email=record.email, exclude_pk=record.pk, limit=limit)

    def queryset(self, user):
        queryset = self.model.objects.restrict(user, "change")
        return queryset.filter(anonymised_at__isnull=True) if self.model is Contact else queryset


ORGANISATIONS = MergeKind(Organisation, "partners:detail", "partners:merge", ORGANISATION_SHOWN, merge_organisations)
CONTACTS = MergeKind(Contact, "partners:contact_detail", "partners:contact_merge", CONTACT_SHOWN, merge_contacts)
KINDS = {"organisation": ORGANISATIONS, "kontakt": CONTACTS}


def _text(value, limit=MAX_INPUT) -> str:
    return str(value or "").strip()[:limit]


def duplicates_for_form(kind: str, data, exclude=None) -> list:
    """Likely duplicates of what a form (or the suggestion endpoint, with the same keys) describes."""
    name = _text(data.get("name"))
    if kind == "organisation":
        return find_organisation_duplicates(
            name=name,
            website=_text(data.get("website"), 500),
            country=_text(data.get("country"), 2),
            exclude_pk=exclude,
        )
    return find_contact_duplicates(name=name, email=_text(data.get("email"), 254), exclude_pk=exclude)


@never_cache
@require_GET
def duplicate_suggestions(request):
    """An HTML fragment listing likely duplicates of what is being typed (for duplicates.js)."""
    ensure_role(request.user, "partner", "change")
    kind = request.GET.get("typ", "")
    if kind not in KINDS:
        return HttpResponseBadRequest(_("Ange typ=organisation eller typ=kontakt."))
    exclude = request.GET.get("exclude", "")
    data = {
        "name": request.GET.get("namn"),
        "website": request.GET.get("webbplats"),
        "country": request.GET.get("land"),
        "email": request.GET.get("epost"),
    }
    exclude_pk = int(exclude) if exclude.isdigit() and int(exclude) <= BIGGEST_ID else None
    matches = duplicates_for_form(kind, data, exclude_pk)
    return render(request, "partners/duplicate_suggestions.html", {"kind": kind, "matches": matches})


class MergeForm(forms.Form):
    """The other record (`med`) and which of the two is kept (`behall`)."""

    med = forms.IntegerField(
        label=gettext_lazy("Dubbletten"),
        min_value=1,
        max_value=BIGGEST_ID,
        error_messages={
            "required": gettext_lazy("Välj vilken post som är en dubblett."),
            "invalid": gettext_lazy("Välj en post ur listan."),
            "min_value": gettext_lazy("Välj en post ur listan."),
            "max_value": gettext_lazy("Välj en post ur listan."),
        },
    )
    behall = forms.IntegerField(
        label=gettext_lazy("Post som behålls"),
        required=False,
        max_value=BIGGEST_ID,
        error_messages={
            "invalid": gettext_lazy("Välj vilken av de två posterna som ska behållas."),
            "max_value": gettext_lazy("Välj vilken av de två posterna som ska behållas."),
        },
    )


class MergeSearchForm(forms.Form):
    q = forms.CharField(
        label=gettext_lazy("Sök en annan post på namn"),
        required=False,
        max_length=200,
        error_messages={"max_length": gettext_lazy("Skriv ett kortare sökord, högst %(limit_value)d tecken.")},
    )


@require_http_methods(["GET", "POST"])
def organisation_merge(request, pk):
    return _merge_page(request, pk, ORGANISATIONS)


@require_http_methods(["GET", "POST"])
def contact_merge(request, pk):
    return _merge_page(request, pk, CONTACTS)


def _merge_page(request, pk, kind: MergeKind):
    """Choose the duplicate (GET), compare the two (GET with med=), merge them (POST)."""
    ensure_role(request.user, "partner_admin", "change")
    record = get_object_or_404(kind.queryset(request.user), pk=pk)
    data = request.POST if request.method == "POST" else request.GET
    if "med" not in data and request.method == "GET":
        return _choose(request, record, kind, MergeForm())
    form = MergeForm(data)
    if not form.is_valid():
        return _choose(request, record, kind, form)
    other_pk, keep_pk = form.cleaned_data["med"], form.cleaned_data["behall"] or record.pk
    if other_pk == record.pk:
        form.add_error(None, _("En post kan inte slås ihop med sig själv. Välj en annan post som dubblett."))
        return _choose(request, record, kind, form)
    if keep_pk not in (record.pk, other_pk):
        form.add_error(None, _("Välj vilken av de två posterna som ska behållas."))
        return _choose(request, record, kind, form, status=400)
    other = kind.queryset(request.user).filter(pk=other_pk).first()
    if other is None:
        form.add_error(
            None,
            _(
                "Den valda dubbletten finns inte längre. Den kan redan ha slagits ihop med en annan post eller "
                "tagits bort. Välj en annan post."
            ),
        )
        return _choose(request, record, kind, form)
    if request.method == "GET":
        return _confirm(request, record, other, kind, form)
    keep, remove = (record, other) if keep_pk == record.pk else (other, record)
    try:
        kept = kind.merge(keep, remove, by=request.user)
    except ValidationError as error:
        form.add_error(None, error.messages)
        return _choose(request, record, kind, form)
    messages.success(
        request,
        _("”%(removed)s” har slagits ihop med ”%(kept)s”. Allt som hörde till dubbletten finns nu här.")
        % {"removed": remove.name, "kept": kept.name},
    )
    return redirect(kind.detail, pk=kept.pk)


def _choose(request, record, kind: MergeKind, form, status=200):
    search = MergeSearchForm(request.GET)
    query = search.cleaned_data["q"].strip() if search.is_valid() else ""
    likely = kind.find(record)
    likely_pks = {match.record.pk for match in likely}
    found = []
    if query:
        found = list(
            kind.queryset(request.user)
            .filter(name__icontains=query)
            .exclude(pk__in=likely_pks | {record.pk})
            .order_by("name", "pk")[:20]
        )
    return render(
        request,
        "partners/merge_choose.html",
        {
            "record": record,
            "kind": kind,
            "form": form,
            "search": search,
            "query": query,
            "likely": likely,
            "found": found,
            "record_url": reverse(kind.detail, kwargs={"pk": record.pk}),
            "is_organisation": kind.model is Organisation,
        },
        status=status,
    )


def _confirm(request, record, other, kind: MergeKind, form):
    mine, theirs = field_values(record, kind.shown), field_values(other, kind.shown)
    rows = [(label, mine[label], theirs.get(label, "")) for label in mine]
    counts_mine, counts_theirs = dict(link_counts(record)), dict(link_counts(other))
    labels = list(dict.fromkeys([*counts_mine, *counts_theirs]))
    counts = [(label, counts_mine.get(label, 0), counts_theirs.get(label, 0)) for label in labels]
    return render(
        request,
        "partners/merge_confirm.html",
        {
            "record": record,
            "other": other,
            "kind": kind,
            "form": form,
            "rows": rows,
            "counts": counts,
            "record_url": reverse(kind.detail, kwargs={"pk": record.pk}),
            "other_url": reverse(kind.detail, kwargs={"pk": other.pk}),
            "choose_url": reverse(kind.merge_url, kwargs={"pk": record.pk}),
            "is_organisation": kind.model is Organisation,
        },
    )
