"""The follow-up pages' filters: the dashboard's unit, the annual report's year and unit."""

from django import forms
from django.utils.translation import gettext_lazy as _

from utblick.organisation.forms import unit_choices, unit_field
from utblick.organisation.models import OrgUnit
from utblick.reports.annual.access import may_see_report
from utblick.reports.annual.figures import whole_municipality, year_problem


class UnitFilterForm(forms.Form):
    """Which unit (with the units below it) the dashboard shows; empty shows every unit."""

    unit = unit_field(_("Välj ett av alternativen i listan."))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["unit"].choices = unit_choices(_("Alla enheter"))

    def unit_ids(self):
        """The chosen unit and its sub-units, or None for every unit (call after is_valid())."""
        unit = self.cleaned_data.get("unit")
        return None if unit is None else OrgUnit.with_descendants([unit])


class YearField(forms.IntegerField):
    """A year the follow-up and the annual report can cover (annual.figures.year_problem), with four digits."""

    default_error_messages = {"invalid": _("Ange året med fyra siffror, t.ex. 2025.")}

    def validate(self, value):
        super().validate(value)
        problem = "" if value is None else year_problem(value)
        if problem:
            raise forms.ValidationError(problem)


class AnnualReportForm(forms.Form):
    """Which year and which part of the municipality an annual report covers; only units the user may read."""

    year = YearField(label=_("År"), error_messages={"required": _("Ange vilket år rapporten ska gälla.")})
    unit = unit_field(_("Välj en enhet i listan; du kan bara välja enheter vars rapport du får se."))

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        allowed = [(unit, depth) for unit, depth in OrgUnit.tree() if may_see_report(user, unit)]
        self.fields["unit"].choices = unit_choices(whole_municipality(), allowed)

    def chosen_unit(self):
        pk = self.cleaned_data.get("unit")
        return None if pk is None else OrgUnit.objects.get(pk=pk)
