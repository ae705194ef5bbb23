"""The form for a gift given or received on a trip or during a visit. The actions check the rules."""

from django import forms
from django.utils.translation import gettext_lazy as _

from utblick.engagements.models_trips import Gift, GiftDirection
from utblick.engagements.trip_forms import DATE_ERRORS, DATE_WIDGET, comma


class GiftForm(forms.Form):
    direction = forms.ChoiceField(label=_("Gåva"), choices=GiftDirection.choices, widget=forms.RadioSelect)
    what = forms.CharField(
        label=_("Vad"), max_length=300, error_messages={"required": _("Beskriv gåvan, t.ex. en bok om Härjedalen.")}
    )
    value = forms.CharField(
        label=_("Uppskattat värde (kr)"),
        max_length=30,
        help_text=_("I kronor, t.ex. 350. Skriv 0 om det är okänt."),
        error_messages={"required": _("Ange gåvans uppskattade värde i kronor, t.ex. 350. Skriv 0 om det är okänt.")},
    )
    counterpart = forms.CharField(
        label=_("Från eller till vem"),
        max_length=300,
        error_messages={"required": _("Ange vem gåvan kom från eller gick till.")},
    )
    date = forms.DateField(
        label=_("Datum"),
        widget=DATE_WIDGET,
        error_messages={**DATE_ERRORS, "required": _("Ange datumet för gåvan, t.ex. 2026-03-16.")},
    )
    note = forms.CharField(
        label=_("Anteckning"), max_length=2000, required=False, widget=forms.Textarea(attrs={"rows": 2})
    )

    @staticmethod
    def initial_for(gift: Gift) -> dict:
        return {
            "direction": gift.direction,
            "what": gift.what,
            "value": comma(gift.value),
            "counterpart": gift.counterpart,
            "date": gift.date,
            "note": gift.note,
        }
