"""Search, filters and sorting for the list of partner organisations (one definition for page and API)."""

import django_filters
from django.db.models import Case, IntegerField, Value, When
from django.db.models.functions import Lower
from django.utils.translation import gettext_lazy as _
from django_countries import countries

from utblick.core.countries import country_choices
from utblick.partners.models import Organisation
from utblick.partners.search import search_organisations

SORTS = {
    "name": ("lower_name", "pk"),
    "-name": ("-lower_name", "-pk"),
    "country": ("country_rank", "lower_name", "pk"),
    "-country": ("-country_rank", "-lower_name", "-pk"),
}

# Å, Ä and Ö come after Z in Swedish; Danish and Norwegian letters sort with their Swedish twins.
_SWEDISH_ORDER = str.maketrans({"å": "z{", "ä": "z|", "æ": "z|", "ö": "z}", "ø": "z}"})


def swedish_sort_key(text: str) -> str:
    return text.lower().translate(_SWEDISH_ORDER)


class OrganisationFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(
        method="filter_text",
        label=_("Sök på namn, ort, region eller beskrivning"),
        max_length=200,
        error_messages={"max_length": _("Skriv ett kortare sökord, högst %(limit_value)d tecken.")},
    )
    country = django_filters.ChoiceFilter(
        label=_("Land"),
        choices=country_choices,
        empty_label=_("Alla länder"),
        error_messages={"invalid_choice": _("Landet känns inte igen. Välj ett land ur listan.")},
    )
    kind = django_filters.ChoiceFilter(
        label=_("Typ"),
        choices=Organisation.Kind.choices,
        empty_label=_("Alla typer"),
        error_messages={"invalid_choice": _("Typen känns inte igen. Välj en typ ur listan.")},
    )
    established = django_filters.ChoiceFilter(
        label=_("Etablerad partner"),
        method="filter_established",
        choices=[("yes", _("Bara etablerade")), ("no", _("Bara nya"))],
        empty_label=_("Alla"),
        error_messages={"invalid_choice": _("Välj ett alternativ ur listan.")},
    )
    sort = django_filters.ChoiceFilter(
        label=_("Sortera efter"),
        method="sort_by",
        empty_label=None,
        error_messages={"invalid_choice": _("Välj en sortering ur listan.")},
        choices=[
            ("name", _("Namn, A–Ö")),
            ("-name", _("Namn, Ö–A")),
            ("country", _("Land, A–Ö")),
            ("-country", _("Land, Ö–A")),
        ],
    )

    class Meta:
        model = Organisation
        fields = ["q", "country", "kind", "established"]

    def filter_queryset(self, queryset):
        queryset = super().filter_queryset(queryset)
        if "sort" not in self.form.cleaned_data or not self.form.cleaned_data["sort"]:
            queryset = self.sort_by(queryset, "sort", "name")
        return queryset

    def filter_text(self, queryset, name, value):
        """The same search as the search box in the header (partners.search), so its counts agree with the list."""
        return search_organisations(queryset, value)

    def filter_established(self, queryset, name, value):
        """Needs the `is_established` annotation (OrganisationQuerySet.with_established)."""
        return queryset.filter(is_established=value == "yes")

    def sort_by(self, queryset, name, value):
        """Order by name, or by the country's Swedish name (the database only knows the codes)."""
        queryset = queryset.annotate(lower_name=Lower("name"))
        if value in ("country", "-country"):
            codes = queryset.order_by().values_list("country", flat=True).distinct()
            ranked = sorted(set(codes), key=lambda code: swedish_sort_key(str(countries.name(code))))
            queryset = queryset.annotate(
                country_rank=Case(
                    *(When(country=code, then=Value(rank)) for rank, code in enumerate(ranked)),
                    default=Value(len(ranked)),
                    output_field=IntegerField(),
                )
            )
        return queryset.order_by(*SORTS.get(value, SORTS["name"]))

    @property
    def current_sort(self) -> str:
        if self.is_bound and self.form.is_valid() and self.form.cleaned_data.get("sort"):
            return self.form.cleaned_data["sort"]
        return "name"
