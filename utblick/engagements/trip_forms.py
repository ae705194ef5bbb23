"""Forms for trips, their costs and report; gifts have gift_forms.py. The actions check the rules."""

from django import forms
from django.utils.translation import gettext_lazy as _

from utblick.core.countries import country_choices
from utblick.core.widgets import CountrySelect, LongSelect
from utblick.engagements.models import Decision
from utblick.engagements.models_trips import CostKind, Trip
from utblick.organisation.models import Person

DATE_WIDGET = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
DATE_ERRORS = {"invalid": _("Ange datumet som ÅÅÅÅ-MM-DD, till exempel 2026-03-15.")}


class PeopleSelect(LongSelect):
    allow_multiple_selected = True


def comma(value) -> str:
    return "" if value is None else f"{value.normalize():f}".replace(".", ",")


class TripForm(forms.Form):
    destination = forms.CharField(
        label=_("Resmål"),
        max_length=200,
        help_text=_("Ort eller region, t.ex. Røros."),
        error_messages={"required": _("Ange resmålet, t.ex. Røros.")},
    )
    country = forms.ChoiceField(
        label=_("Land"),
        choices=(),
        widget=CountrySelect,
        error_messages={"required": _("Välj landet som resan går till.")},
    )
    start_date = forms.DateField(
        label=_("Avresa"),
        widget=DATE_WIDGET,
        error_messages={**DATE_ERRORS, "required": _("Ange datumet för avresan, t.ex. 2026-03-15.")},
    )
    end_date = forms.DateField(
        label=_("Hemkomst"),
        widget=DATE_WIDGET,
        error_messages={**DATE_ERRORS, "required": _("Ange datumet för hemkomsten, t.ex. 2026-03-18.")},
    )
    travellers = forms.ModelMultipleChoiceField(
        label=_("Resenärer"),
        queryset=Person.objects.none(),
        required=False,
        widget=PeopleSelect(attrs={"size": 8}),
        help_text=_("Kommunens egna förtroendevalda och tjänstemän. Håll ned Ctrl för att välja flera."),
    )
    purpose = forms.CharField(
        label=_("Syfte med resan"),
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"required": _("Beskriv syftet med resan.")},
    )
    programme = forms.CharField(
        label=_("Program"), max_length=20000, required=False, widget=forms.Textarea(attrs={"rows": 5})
    )
    decision = forms.ModelChoiceField(
        label=_("Beslut om resan"),
        queryset=Decision.objects.none(),
        required=False,
        empty_label=_("Inget beslut registrerat ännu"),
        help_text=_("Beslutet som godkände resan. Registrera beslutet på engagemangets sida först."),
    )

    def __init__(self, *args, engagement, trip: Trip | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        # Any internal person may be posted; the action refuses inactive ones with a clear sentence.
        self.fields["travellers"].queryset = Person.objects.all()
        people = Person.objects.filter(is_active=True)
        if trip is not None and trip.pk:
            people = people | Person.objects.filter(pk__in=trip.travellers.values("pk"))
        self.fields["travellers"].choices = [(p.pk, str(p)) for p in people.order_by("name")]
        # Any decision may be posted; the action refuses one of another engagement with a clear sentence.
        self.fields["decision"].queryset = Decision.objects.all()
        self.fields["decision"].choices = [("", self.fields["decision"].empty_label)] + [
            (d.pk, str(d)) for d in engagement.decisions.all()
        ]
        self.fields["country"].choices = [("", _("Välj land"))] + list(country_choices())

    @staticmethod
    def initial_for(trip: Trip) -> dict:
        return {
            "destination": trip.destination,
            "country": trip.country.code,
            "start_date": trip.start_date,
            "end_date": trip.end_date,
            "travellers": list(trip.travellers.values_list("pk", flat=True)),
            "purpose": trip.purpose,
            "programme": trip.programme,
            "decision": trip.decision_id,
        }


class TripReportForm(forms.Form):
    achieved = forms.CharField(
        label=_("Vad resan gav"), max_length=10000, required=False, widget=forms.Textarea(attrs={"rows": 5})
    )
    dissemination = forms.CharField(
        label=_("Hur erfarenheterna sprids inom kommunen"),
        max_length=10000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )


class TripCostForm(forms.Form):
    kind = forms.ChoiceField(
        label=_("Slag"),
        choices=[("", _("Välj slag")), *CostKind.choices],
        error_messages={"required": _("Välj vilket slags kostnad det är: resor, logi, avgifter eller övrigt.")},
    )
    traveller = forms.ModelChoiceField(
        label=_("Resenär"),
        queryset=Person.objects.none(),
        required=False,
        empty_label=_("Gemensam kostnad"),
    )
    estimated_amount = forms.CharField(
        label=_("Beräknat belopp (kr)"),
        max_length=30,
        help_text=_("I kronor, t.ex. 4 500 eller 4 500,50."),
        error_messages={"required": _("Ange beloppet i kronor, t.ex. 4 500. Skriv 0 om det inte kostar något.")},
    )
    actual_amount = forms.CharField(
        label=_("Verkligt belopp (kr)"),
        max_length=30,
        required=False,
        help_text=_("Fyll i när kostnaden är känd."),
    )

    def __init__(self, *args, trip: Trip, **kwargs):
        super().__init__(*args, **kwargs)
        # Any person may be posted; the action refuses one who is not on the trip with a clear sentence.
        self.fields["traveller"].queryset = Person.objects.all()
        self.fields["traveller"].choices = [("", _("Gemensam kostnad"))] + [
            (p.pk, p.name) for p in trip.travellers.order_by("name")
        ]

    @staticmethod
    def initial_for(cost) -> dict:
        return {
            "kind": cost.kind,
            "traveller": cost.traveller_id,
            "estimated_amount": comma(cost.estimated_amount),
            "actual_amount": comma(cost.actual_amount),
        }
