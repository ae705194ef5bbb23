"""Form widgets shared by the apps."""

import functools

from django import forms
from django.conf import settings
from django.forms.utils import flatatt
from django.utils import translation
from django.utils.html import escape, format_html
from django.utils.safestring import mark_safe

from utblick.core.countries import country_choices


class LongSelect(forms.Select):
    """A select for long flat option lists (countries, organisations, people), rendered in Python.

    Django renders every option through a template, which costs about 50 µs per option; a country list
    made the engagement list page twice as slow. Output is the same HTML; option groups are not supported.
    """

    def render(self, name, value, attrs=None, renderer=None):
        selected = {str(v) for v in self.format_value(value)}
        final_attrs = self.build_attrs(self.attrs, {**(attrs or {}), "name": name})
        if self.allow_multiple_selected:
            final_attrs["multiple"] = True
        options = []
        for option_value, label in self.choices:
            value_text = "" if option_value is None else str(option_value)
            flag = " selected" if value_text in selected else ""
            options.append(f'<option value="{escape(value_text)}"{flag}>{escape(label)}</option>')
        return mark_safe(format_html("<select{}>", flatatt(final_attrs)) + "".join(options) + "</select>")


@functools.lru_cache(maxsize=16)
def _country_options(language: str) -> str:
    with translation.override(language):
        return "".join(format_html('<option value="{}">{}</option>', code, name) for code, name in country_choices())


class CountrySelect(LongSelect):
    """All countries by name in the user's language; the list is the same for everyone, so it is built once."""

    def render(self, name, value, attrs=None, renderer=None):
        selected = [str(v) for v in self.format_value(value)]
        final_attrs = self.build_attrs(self.attrs, {**(attrs or {}), "name": name})
        if self.allow_multiple_selected:
            final_attrs["multiple"] = True
        blank = "".join(
            format_html('<option value=""{}>{}</option>', mark_safe(" selected") if "" in selected else "", label)
            for option_value, label in self.choices
            if option_value in ("", None)
        )
        options = _country_options(translation.get_language() or settings.LANGUAGE_CODE)
        for code in selected:  # only codes that exist match; anything else changes nothing
            options = options.replace(f'<option value="{code}">', f'<option value="{code}" selected>', 1)
        return mark_safe(format_html("<select{}>", flatatt(final_attrs)) + blank + options + "</select>")


class CountrySelectMultiple(CountrySelect, forms.SelectMultiple):
    allow_multiple_selected = True
