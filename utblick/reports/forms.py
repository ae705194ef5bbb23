"""The dashboard's unit filter."""

from django import forms
from django.utils.translation import gettext_lazy as _

from utblick.core.widgets import LongSelect
from utblick.organisation.models import OrgUnit


class UnitFilterForm(forms.Form):
    """Which unit (with the units below it) the dashboard shows; empty shows every unit."""

    unit = forms.TypedChoiceField(
        label=_("Enhet"),
        required=False,
        coerce=int,
        empty_value=None,
        widget=LongSelect,
        help_text=_("Med underliggande enheter."),
        error_messages={"invalid_choice": _("Välj ett av alternativen i listan.")},
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["unit"].choices = [("", _("Alla enheter"))] + [
            (str(unit.pk), "\u2003" * depth + unit.name) for unit, depth in OrgUnit.tree()
        ]

    def unit_ids(self):
        """The chosen unit and its sub-units, or None for every unit (call after is_valid())."""
        unit = self.cleaned_data.get("unit")
        return None if unit is None else OrgUnit.with_descendants([unit])
