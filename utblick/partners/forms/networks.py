"""The form for the municipality's memberships in networks and associations."""

from django import forms
from django.utils.translation import gettext_lazy as _

from utblick.core.widgets import LongSelect
from utblick.organisation.models import Person
from utblick.partners.actions import FEE_MESSAGE, WEBSITE_MESSAGE, parse_fee
from utblick.partners.forms.fields import DATE_MESSAGE, DATE_WIDGET, WebsiteField, model_text
from utblick.partners.models import Network, Organisation
from utblick.policy.models import Objective


def _text(label, name, message, **kwargs):
    return model_text(Network, label, name, message, required_message=_("Ange nätverkets namn."), **kwargs)


class NetworkForm(forms.Form):
    name = _text(
        _("Namn"),
        "name",
        _("Namnet får vara högst %(limit_value)d tecken (nu %(show_value)d). Korta av det."),
        required=True,
        help_text=_("T.ex. ”Gränskommittén Østfold–Bohuslän/Dalsland”."),
    )
    organisation = forms.ModelChoiceField(
        label=_("Organisation"),
        queryset=Organisation.objects.all(),
        required=False,
        widget=LongSelect,
        error_messages={"invalid_choice": _("Organisationen finns inte längre. Välj en annan ur listan.")},
        help_text=_("Nätverkets organisation i partnerregistret, t.ex. dess sekretariat, om den finns där."),
    )
    description = _text(
        _("Beskrivning"),
        "description",
        _("Beskrivningen får vara högst %(limit_value)d tecken (nu %(show_value)d). Korta av den."),
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    purpose = _text(
        _("Syfte med medlemskapet"),
        "purpose",
        _("Syftet får vara högst %(limit_value)d tecken (nu %(show_value)d). Korta av texten."),
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Varför kommunen är medlem."),
    )
    member_since = forms.DateField(
        label=_("Medlem sedan"),
        widget=DATE_WIDGET,
        error_messages={"required": _("Ange sedan när kommunen är medlem, som ÅÅÅÅ-MM-DD."), "invalid": DATE_MESSAGE},
    )
    member_until = forms.DateField(
        label=_("Medlem till och med"),
        required=False,
        widget=DATE_WIDGET,
        error_messages={"invalid": DATE_MESSAGE},
        help_text=_("Lämna tomt så länge medlemskapet pågår."),
    )
    yearly_fee = forms.CharField(
        label=_("Årsavgift i kronor"),
        required=False,
        max_length=30,
        error_messages={"max_length": FEE_MESSAGE},
        help_text=_("T.ex. 12 500 eller 12 500,50. Lämna tomt om det inte kostar något eller om avgiften är okänd."),
    )
    representative = forms.ModelChoiceField(
        label=_("Kommunens representant"),
        queryset=Person.objects.all(),
        required=False,
        widget=LongSelect,
        error_messages={"invalid_choice": _("Välj en person ur listan.")},
    )
    objectives = forms.ModelMultipleChoiceField(
        label=_("Mål i policyn som medlemskapet bidrar till"),
        queryset=Objective.objects.all(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        error_messages={"invalid_choice": _("Välj mål ur listan.")},
    )
    website = WebsiteField(
        label=_("Webbplats"),
        required=False,
        max_length=Network._meta.get_field("website").max_length,
        error_messages={
            "invalid": WEBSITE_MESSAGE,
            "max_length": _("Webbadressen får vara högst %(limit_value)d tecken."),
        },
    )

    def clean_yearly_fee(self):
        try:
            return parse_fee(self.cleaned_data["yearly_fee"])
        except ValueError:
            raise forms.ValidationError(FEE_MESSAGE) from None

    def clean(self):
        data = super().clean()
        since, until = data.get("member_since"), data.get("member_until")
        if since and until and until < since:
            self.add_error(
                "member_until",
                _(
                    "Medlemskapet kan inte sluta före det började. "
                    "Ange ett slutdatum efter %(since)s, eller lämna fältet tomt."
                )
                % {"since": since.isoformat()},
            )
        return data

    @classmethod
    def initial_for(cls, network: Network) -> dict:
        fee = network.yearly_fee
        return {
            **{name: getattr(network, name) for name in ("name", "description", "purpose", "website")},
            "organisation": network.organisation_id,
            "member_since": network.member_since,
            "member_until": network.member_until,
            "yearly_fee": "" if fee is None else str(fee).replace(".", ","),
            "representative": network.representative_id,
            "objectives": [objective.pk for objective in network.objectives.all()],
        }
