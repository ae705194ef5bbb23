"""Pieces the partner forms share: the country prompt, web addresses, dates and length-limited text."""

from django import forms
from django.utils.translation import gettext_lazy as _

from utblick.core.countries import country_choices
from utblick.partners.actions import website_validator

DATE_WIDGET = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
DATE_MESSAGE = _("Ange datumet som ÅÅÅÅ-MM-DD, till exempel 2026-03-15.")


def country_choices_with_prompt():
    """The countries in the user's language (the Nordic ones first, see COUNTRIES_FIRST), after a prompt."""
    return [("", _("Välj land")), *country_choices()]


class WebsiteField(forms.URLField):
    """A web address: only http and https, a missing scheme taken as https."""

    default_validators = [website_validator]

    def __init__(self, **kwargs):
        super().__init__(assume_scheme="https", **kwargs)


def model_text(model, label, name, message, *, required_message="", required=False, widget=None, help_text=""):
    """A text field with the model field's length limit and Swedish sentences when it is passed or missing."""
    return forms.CharField(
        label=label,
        required=required,
        max_length=model._meta.get_field(name).max_length,
        widget=widget,
        help_text=help_text,
        error_messages={"max_length": message, "required": required_message},
    )
