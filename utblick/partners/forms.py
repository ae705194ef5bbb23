"""The form for adding and editing a partner organisation; the actions validate again for every other caller."""

from django import forms
from django.utils.translation import gettext_lazy as _

from utblick.core.countries import country_choices
from utblick.partners.actions import WEBSITE_MESSAGE, website_validator
from utblick.partners.models import Organisation


def country_choices_with_prompt():
    """The countries in the user's language (the Nordic ones first, see COUNTRIES_FIRST), after a prompt."""
    return [("", _("Välj land")), *country_choices()]


class WebsiteField(forms.URLField):
    """A web address: only http and https, a missing scheme taken as https."""

    default_validators = [website_validator]

    def __init__(self, **kwargs):
        super().__init__(assume_scheme="https", **kwargs)


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

    @classmethod
    def initial_for(cls, organisation: Organisation) -> dict:
        return {
            "name": organisation.name,
            "country": organisation.country.code,
            "kind": organisation.kind,
            "city": organisation.city,
            "website": organisation.website,
        }
