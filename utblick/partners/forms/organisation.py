"""The form for adding and editing a partner organisation; the actions validate again for every other caller."""

from django import forms
from django.utils.translation import gettext_lazy as _

from utblick.partners.actions import WEBSITE_MESSAGE
from utblick.partners.forms.fields import WebsiteField, country_choices_with_prompt
from utblick.partners.models import Organisation


class OrganisationForm(forms.Form):
    name = forms.CharField(
        label=_("Namn"),
        max_length=Organisation._meta.get_field("name").max_length,
        error_messages={
            "required": _("Ange organisationens namn."),
            "max_length": _("Namnet får vara högst %(limit_value)d tecken (nu %(show_value)d). Korta av det."),
        },
        help_text=_("Organisationens namn som den själv skriver det, t.ex. ”Røros kommune”."),
    )
    country = forms.ChoiceField(
        label=_("Land"),
        choices=country_choices_with_prompt,
        error_messages={
            "required": _("Välj i vilket land organisationen finns."),
            "invalid_choice": _("Landet känns inte igen. Välj ett land ur listan."),
        },
    )
    kind = forms.ChoiceField(
        label=_("Typ"),
        choices=Organisation.Kind.choices,
        initial=Organisation.Kind.ANNAN,
        error_messages={
            "required": _("Välj en typ av organisation ur listan."),
            "invalid_choice": _("Välj en typ av organisation ur listan."),
        },
    )
    native_name = forms.CharField(
        label=_("Namn på eget språk"),
        required=False,
        max_length=Organisation._meta.get_field("native_name").max_length,
        error_messages={"max_length": _("Namnet på eget språk får vara högst %(limit_value)d tecken. Korta av det.")},
        help_text=_("Om organisationen skriver sitt namn på ett annat språk eller alfabet, t.ex. ”Rørosin kunta”."),
    )
    region = forms.CharField(
        label=_("Region"),
        required=False,
        max_length=Organisation._meta.get_field("region").max_length,
        error_messages={"max_length": _("Regionen får vara högst %(limit_value)d tecken. Korta av den.")},
        help_text=_("Region, län eller delstat, t.ex. ”Trøndelag”."),
    )
    city = forms.CharField(
        label=_("Ort"),
        required=False,
        max_length=Organisation._meta.get_field("city").max_length,
        error_messages={"max_length": _("Orten får vara högst %(limit_value)d tecken. Korta av den.")},
    )
    website = WebsiteField(
        label=_("Webbplats"),
        required=False,
        max_length=Organisation._meta.get_field("website").max_length,
        error_messages={
            "invalid": WEBSITE_MESSAGE,
            "max_length": _("Webbadressen får vara högst %(limit_value)d tecken."),
        },
        help_text=_("Hela adressen, t.ex. https://www.roros.kommune.no."),
    )
    description = forms.CharField(
        label=_("Beskrivning"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        max_length=Organisation._meta.get_field("description").max_length,
        error_messages={"max_length": _("Beskrivningen får vara högst %(limit_value)d tecken. Korta av den.")},
        help_text=_("Vad organisationen gör och varför den är intressant för kommunen."),
    )
    marked_established = forms.BooleanField(
        label=_("Markera som etablerad partner"),
        required=False,
        help_text=_(
            "En partner är etablerad när den deltagit i engagemang under minst två olika år. "
            "Kryssa i för en etablerad partner som ännu inte syns så i registret."
        ),
    )
    in_directory = forms.BooleanField(
        label=_("Visa i katalogen för lokala aktörer"),
        required=False,
        initial=True,
        help_text=_(
            "Lokala företag, föreningar och skolor med konto ser organisationen och dess beskrivning i katalogen."
        ),
    )

    @classmethod
    def initial_for(cls, organisation: Organisation) -> dict:
        return {name: getattr(organisation, name) for name in cls.base_fields} | {"country": organisation.country.code}
