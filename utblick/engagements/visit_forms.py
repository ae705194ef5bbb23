"""Forms for visits, their programme and the catalogue of places. The actions check the rules."""

from django import forms
from django.utils.translation import gettext_lazy as _

from utblick.engagements.models_visits import Place, Visit, VisitItem
from utblick.engagements.trip_forms import DATE_ERRORS, DATE_WIDGET, PeopleSelect
from utblick.organisation.models import Person
from utblick.partners.models import Contact

TIME_WIDGET = forms.TimeInput(attrs={"type": "time"}, format="%H:%M")
TIME_ERRORS = {"invalid": _("Ange tiden som TT:MM, till exempel 09:30.")}


class VisitForm(forms.Form):
    title = forms.CharField(
        label=_("Rubrik"), max_length=200, error_messages={"required": _("Ange en rubrik för besöket.")}
    )
    start_date = forms.DateField(
        label=_("Första dag"),
        widget=DATE_WIDGET,
        error_messages={**DATE_ERRORS, "required": _("Ange besökets första dag, t.ex. 2026-05-12.")},
    )
    end_date = forms.DateField(
        label=_("Sista dag"),
        widget=DATE_WIDGET,
        error_messages={**DATE_ERRORS, "required": _("Ange besökets sista dag, t.ex. 2026-05-14.")},
    )
    guests = forms.ModelMultipleChoiceField(
        label=_("Gäster"),
        queryset=Contact.objects.none(),
        required=False,
        widget=PeopleSelect(attrs={"size": 8}),
        help_text=_("Kontaktpersoner hos partnerna. Håll ned Ctrl för att välja flera."),
    )
    host = forms.ModelChoiceField(label=_("Värd"), queryset=Person.objects.none(), required=False)
    purpose = forms.CharField(
        label=_("Syfte med besöket"),
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"required": _("Beskriv syftet med besöket.")},
    )
    notes = forms.CharField(
        label=_("Anteckningar"), max_length=10000, required=False, widget=forms.Textarea(attrs={"rows": 3})
    )

    def __init__(self, *args, visit: Visit | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["guests"].queryset = Contact.objects.all()
        self.fields["guests"].choices = [(c.pk, c.name) for c in Contact.objects.order_by("name", "pk")]
        self.fields["host"].queryset = Person.objects.all()
        people = Person.objects.filter(is_active=True)
        if visit is not None and visit.host_id:
            people = people | Person.objects.filter(pk=visit.host_id)
        self.fields["host"].choices = [("", "---------")] + [(p.pk, str(p)) for p in people.order_by("name")]

    @staticmethod
    def initial_for(visit: Visit) -> dict:
        return {
            "title": visit.title,
            "start_date": visit.start_date,
            "end_date": visit.end_date,
            "guests": list(visit.guests.values_list("pk", flat=True)),
            "host": visit.host_id,
            "purpose": visit.purpose,
            "notes": visit.notes,
        }


class VisitItemForm(forms.Form):
    date = forms.DateField(
        label=_("Datum"),
        widget=DATE_WIDGET,
        error_messages={**DATE_ERRORS, "required": _("Ange datumet för programpunkten.")},
    )
    start_time = forms.TimeField(
        label=_("Starttid"),
        widget=TIME_WIDGET,
        error_messages={**TIME_ERRORS, "required": _("Ange när programpunkten börjar, t.ex. 09:30.")},
    )
    end_time = forms.TimeField(label=_("Sluttid"), widget=TIME_WIDGET, required=False, error_messages=TIME_ERRORS)
    place = forms.ModelChoiceField(
        label=_("Plats ur katalogen"),
        queryset=Place.objects.none(),
        required=False,
        help_text=_("Välj en plats ur katalogen, eller skriv en annan plats nedan."),
    )
    location = forms.CharField(label=_("Annan plats"), max_length=300, required=False)
    host = forms.CharField(label=_("Värd"), max_length=300, required=False)
    activity = forms.CharField(
        label=_("Vad som visas eller görs"),
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"required": _("Beskriv vad som visas eller görs.")},
    )

    def __init__(self, *args, item: VisitItem | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        # Any place may be posted; the action refuses an inactive one with a clear sentence.
        self.fields["place"].queryset = Place.objects.all()
        places = Place.objects.filter(is_active=True)
        if item is not None and item.place_id:
            places = places | Place.objects.filter(pk=item.place_id)
        self.fields["place"].choices = [("", "---------")] + [(p.pk, p.name) for p in places.order_by("name")]

    @staticmethod
    def initial_for(item: VisitItem) -> dict:
        return {
            name: getattr(item, name) for name in ("date", "start_time", "end_time", "location", "host", "activity")
        } | {"place": item.place_id}


class PlaceForm(forms.Form):
    name = forms.CharField(label=_("Namn"), max_length=200, error_messages={"required": _("Ange platsens namn.")})
    kind = forms.CharField(
        label=_("Slag"),
        max_length=100,
        help_text=_("T.ex. plats, företag, verksamhet, sevärdhet."),
        error_messages={"required": _("Ange vad det är för slags plats.")},
    )
    description = forms.CharField(
        label=_("Beskrivning"), max_length=5000, required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    address = forms.CharField(label=_("Adress och ort"), max_length=300, required=False)
    contact = forms.CharField(label=_("Kontakt"), max_length=300, required=False)

    @staticmethod
    def initial_for(place: Place) -> dict:
        return {name: getattr(place, name) for name in ("name", "kind", "description", "address", "contact")}
