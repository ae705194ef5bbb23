"""One search box for the whole partner register: organisations, contact persons and networks."""

from dataclasses import dataclass

from django import forms
from django.db.models import Prefetch
from django.shortcuts import render
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_GET

from utblick.core.permissions import ensure_role
from utblick.partners.models import Affiliation, Contact, Network, Organisation
from utblick.partners.search import (
    CONTACTS,
    NETWORKS,
    ORGANISATIONS,
    Hit,
    Kind,
    by_relevance,
    clean_term,
    hit_of,
)
from utblick.partners.search import search as search_records

SHOWN_PER_SECTION = 20
MAX_LENGTH = 200


class SearchForm(forms.Form):
    q = forms.CharField(
        label=_("Sök efter organisationer, kontaktpersoner och nätverk"),
        required=False,
        max_length=MAX_LENGTH,
        help_text=_("Skriv hela ord eller början av ord, till exempel ”Røros” eller ”skol”."),
        error_messages={"max_length": _("Skriv ett kortare sökord, högst %(limit_value)d tecken.")},
        widget=forms.TextInput(attrs={"type": "search"}),
    )


@dataclass(frozen=True)
class Section:
    """The hits of one kind of record: the first ones, how many there are in all, and the list that shows them all."""

    key: str
    title: str
    total: int
    hits: list[Hit]
    detail_url_name: str
    list_url_name: str
    show_all: str  # the link text to the list, e.g. "Visa alla 35 organisationer"
    empty: str  # what the section says when nothing of its kind matches

    @property
    def more(self) -> bool:
        return self.total > len(self.hits)


def _section(key: str, kind: Kind, queryset, term: str) -> Section:
    title, detail, listing, show_all, empty = SECTIONS[key]
    found = search_records(queryset, term, kind)
    total = found.count()
    records = list(by_relevance(found)[:SHOWN_PER_SECTION]) if total else []
    hits = [hit_of(record, term, kind) for record in records]
    return Section(key, title, total, hits, detail, listing, show_all % {"count": total}, empty)


# key -> (heading, detail page, list page, link text to the list, what an empty section says)
SECTIONS = {
    "organisations": (
        _("Organisationer"),
        "partners:detail",
        "partners:list",
        _("Visa alla %(count)s organisationer"),
        _("Inga organisationer matchar sökningen."),
    ),
    "contacts": (
        _("Kontaktpersoner"),
        "partners:contact_detail",
        "partners:contact_list",
        _("Visa alla %(count)s kontaktpersoner"),
        _("Inga kontaktpersoner matchar sökningen."),
    ),
    "networks": (
        _("Nätverk"),
        "partners:network_detail",
        "partners:network_list",
        _("Visa alla %(count)s nätverk"),
        _("Inga nätverk matchar sökningen."),
    ),
}


def find_everything(user, term: str) -> list[Section]:
    """The three sections of the results page, each with what `user` may see; a fixed number of queries."""
    contacts = Contact.objects.restrict(user, "view").prefetch_related(
        Prefetch("affiliations", queryset=Affiliation.objects.select_related("organisation"))
    )
    networks = Network.objects.restrict(user, "view")
    return [
        _section("organisations", ORGANISATIONS, Organisation.objects.restrict(user, "view"), term),
        _section("contacts", CONTACTS, contacts, term),
        _section("networks", NETWORKS, networks, term),
    ]


@require_GET
def search(request):
    ensure_role(request.user, "partner", "view")
    form = SearchForm(request.GET)
    term = clean_term(form.cleaned_data["q"]) if form.is_valid() else ""
    sections = find_everything(request.user, term) if term else []
    return render(
        request,
        "partners/search.html",
        {
            "form": form,
            "term": term,
            "sections": sections,
            "total": sum(section.total for section in sections),
        },
    )
