"""How engagements are found: one filter and sort definition, shared by the list page and the exports."""

import django_filters
from django import forms
from django.db.models import Case, Exists, F, IntegerField, OuterRef, Q, Value, When
from django.db.models.expressions import OrderBy
from django.utils.translation import gettext_lazy as _

from utblick.core.countries import country_choices
from utblick.core.widgets import CountrySelect, LongSelect
from utblick.engagements.models import Engagement, EngagementCountry, Kind, PriorityAssessment, Status
from utblick.engagements.search import search
from utblick.organisation.forms import unit_choices
from utblick.organisation.models import OrgUnit, Person
from utblick.policy.models import Objective, PriorityCriterion

MAX_TERM_LENGTH = 200
CHOOSE_FROM_LIST = _("Välj ett av alternativen i listan.")


class Archived:
    ONLY = "only"
    INCLUDE = "include"
    CHOICES = [(ONLY, _("Endast arkiverade")), (INCLUDE, _("Även arkiverade"))]


def _choice_rank(field: str, values: list[str]) -> Case:
    """Sort a choice field by a given order of its values (its life cycle, or its labels alphabetically)."""
    return Case(
        *(When(**{field: value}, then=Value(i)) for i, value in enumerate(values)),
        default=Value(len(values)),
        output_field=IntegerField(),
    )


def _sort_expression(name: str):
    """What a sortable column sorts by; dates without a value come last in both directions."""
    if name == "kind":
        by_label = [value for value, label in sorted(Kind.choices, key=lambda c: str(c[1]).lower())]
        return _choice_rank("kind", by_label)
    if name == "status":
        return _choice_rank("status", list(Status.values))
    return F(SORT_FIELDS[name])


SORT_FIELDS = {
    "title": "title",
    "unit": "owner_unit__name",
    "kind": "kind",
    "status": "status",
    "start": "start_date",
    "end": "end_date",
    "updated": "updated_at",
}
SORTABLE = tuple(SORT_FIELDS)
DEFAULT_SORT = "-updated"


def parse_sort(value: str | None) -> tuple[str, bool] | None:
    """'-title' -> ('title', True); anything not whitelisted -> None."""
    value = (value or "").strip() if isinstance(value, str) else ""
    descending = value.startswith("-")
    name = value[1:] if descending else value
    return (name, descending) if name in SORTABLE else None


def order_by_sort(queryset, name: str, descending: bool):
    key = OrderBy(_sort_expression(name), descending=descending, nulls_last=name in ("start", "end") or None)
    return queryset.order_by(key, "-pk" if descending else "pk")


class YearFilter(django_filters.Filter):
    field_class = forms.IntegerField


class EngagementFilter(django_filters.FilterSet):
    """Free text, unit (with its sub-units), kind, status, objective, criterion, country, year, person."""

    q = django_filters.CharFilter(
        label=_("Sök"),
        method="filter_text",
        max_length=MAX_TERM_LENGTH,
        help_text=_("Söker i titel, syfte, resultat och partnernas namn. Delar av ord fungerar också."),
        error_messages={
            "max_length": _("Sökordet får vara högst %(limit_value)d tecken. Korta ner det och sök igen."),
        },
    )
    unit = django_filters.ChoiceFilter(
        label=_("Enhet"),
        method="filter_unit",
        empty_label=_("Alla enheter"),
        widget=LongSelect,
        help_text=_("Med underliggande enheter."),
        error_messages={"invalid_choice": CHOOSE_FROM_LIST},
    )
    kind = django_filters.ChoiceFilter(
        label=_("Typ"),
        choices=Kind.choices,
        empty_label=_("Alla typer"),
        widget=LongSelect,
        error_messages={"invalid_choice": CHOOSE_FROM_LIST},
    )
    status = django_filters.ChoiceFilter(
        label=_("Status"),
        choices=Status.choices,
        empty_label=_("Alla statusar"),
        widget=LongSelect,
        error_messages={"invalid_choice": CHOOSE_FROM_LIST},
    )
    objective = django_filters.ModelChoiceFilter(
        label=_("Mål i policyn"),
        queryset=Objective.objects.all(),
        method="filter_objective",
        empty_label=_("Alla mål"),
        widget=LongSelect,
        error_messages={"invalid_choice": CHOOSE_FROM_LIST},
    )
    criterion = django_filters.ModelChoiceFilter(
        label=_("Prioriteringskriterium"),
        queryset=PriorityCriterion.objects.all(),
        method="filter_criterion",
        empty_label=_("Alla kriterier"),
        widget=LongSelect,
        error_messages={"invalid_choice": CHOOSE_FROM_LIST},
    )
    country = django_filters.ChoiceFilter(
        label=_("Land"),
        method="filter_country",
        empty_label=_("Alla länder"),
        widget=CountrySelect,
        error_messages={"invalid_choice": CHOOSE_FROM_LIST},
    )
    year = YearFilter(
        label=_("Aktivt år"),
        method="filter_year",
        min_value=1900,
        max_value=2100,
        help_text=_("Engagemang som pågår någon gång under året."),
        error_messages={
            "invalid": _("Ange året med fyra siffror, till exempel 2025."),
            "min_value": _("Ange ett år från 1900 och framåt."),
            "max_value": _("Ange ett år till och med 2100."),
        },
    )
    person = django_filters.ModelChoiceFilter(
        label=_("Ansvarig person"),
        queryset=Person.objects.all(),
        method="filter_person",
        empty_label=_("Alla personer"),
        widget=LongSelect,
        help_text=_("Ansvarig förtroendevald eller tjänsteman."),
        error_messages={"invalid_choice": CHOOSE_FROM_LIST},
    )
    archived = django_filters.ChoiceFilter(
        label=_("Visa arkiverade"),
        choices=Archived.CHOICES,
        method="filter_archived",
        empty_label=_("Nej"),
        widget=LongSelect,
        error_messages={"invalid_choice": CHOOSE_FROM_LIST},
    )

    class Meta:
        model = Engagement
        fields: list[str] = []

    def __init__(self, data=None, queryset=None, **kwargs):
        super().__init__(data, queryset, **kwargs)
        # Choices that depend on the database or on the active language are built per request.
        self.filters["unit"].extra["choices"] = unit_choices()
        # A callable: the form copies its fields per request, and copying 250 (value, label) pairs is slow.
        self.filters["country"].extra["choices"] = country_choices
        self.sort = parse_sort((data or {}).get("sort"))

    # Filters on to-many relations use EXISTS, so an engagement never appears twice.
    def filter_text(self, queryset, name, value):
        return search(queryset, value)

    def filter_unit(self, queryset, name, value):
        return queryset.filter(owner_unit__in=OrgUnit.with_descendants([int(value)]))

    def filter_objective(self, queryset, name, value):
        through = Engagement.objectives.through
        return queryset.filter(Exists(through.objects.filter(engagement=OuterRef("pk"), objective=value)))

    def filter_criterion(self, queryset, name, value):
        return queryset.filter(Exists(PriorityAssessment.objects.filter(engagement=OuterRef("pk"), criterion=value)))

    def filter_country(self, queryset, name, value):
        return queryset.filter(Exists(EngagementCountry.objects.filter(engagement=OuterRef("pk"), country=value)))

    def filter_year(self, queryset, name, value):
        return queryset.active_in_year(value)

    def filter_person(self, queryset, name, value):
        return queryset.filter(Q(responsible_politician=value) | Q(responsible_officer=value))

    def filter_archived(self, queryset, name, value):
        return queryset.filter(archived_at__isnull=False) if value == Archived.ONLY else queryset

    def filter_queryset(self, queryset):
        queryset = super().filter_queryset(queryset)
        if not self.form.cleaned_data.get("archived"):
            queryset = queryset.not_archived()
        return self.order(queryset)

    @property
    def term(self) -> str:
        return (self.form.cleaned_data.get("q") or "").strip() if self.is_valid() else ""

    def order(self, queryset):
        if self.sort:
            return order_by_sort(queryset, *self.sort)
        if self.term:
            return queryset.order_by("-search_rank", "-updated_at", "-pk")
        return order_by_sort(queryset, *parse_sort(DEFAULT_SORT))

    @property
    def effective_sort(self) -> tuple[str, bool] | None:
        """The column the list is sorted by, or None when it is sorted by relevance."""
        if self.sort:
            return self.sort
        return None if self.term else parse_sort(DEFAULT_SORT)


def filtered_engagements(user, data):
    """(filterset, queryset) of the engagements `user` may see that match `data`; an invalid filter finds nothing."""
    visible = Engagement.objects.restrict(user, "view")
    filterset = EngagementFilter(data or None, queryset=visible)
    if filterset.is_bound and not filterset.is_valid():
        return filterset, visible.none()
    if not filterset.is_bound:
        return filterset, filterset.order(visible.not_archived())
    return filterset, filterset.qs
