"""Forms for the organisation: units (the tree) and the people who can be responsible."""

from django import forms
from django.core.validators import RegexValidator
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from utblick.core.editing import fields_form
from utblick.core.widgets import LongSelect
from utblick.organisation.actions import PERSON_FIELDS, UNIT_FIELDS
from utblick.organisation.models import OrgUnit, Person


def unit_field(invalid_choice: str) -> forms.TypedChoiceField:
    """A unit chosen from the tree (the form sets the choices, see unit_choices), meaning it and those below it."""
    return forms.TypedChoiceField(
        label=_("Enhet"),
        required=False,
        coerce=int,
        empty_value=None,
        widget=LongSelect,
        help_text=_("Med underliggande enheter."),
        error_messages={"invalid_choice": invalid_choice},
    )


def unit_choices(empty_label: str | None = None, units=None) -> list[tuple[str, str]]:
    """The empty choice (if any), then the units (default: all) indented by their depth in the tree."""
    tree = OrgUnit.tree() if units is None else units
    empty = [] if empty_label is None else [("", empty_label)]
    return empty + [(str(unit.pk), "\u2003" * depth + unit.name) for unit, depth in tree]


class TreeChoicesForm(forms.Form):
    """Shows every unit choice in tree order, indented, so the place in the organisation is visible."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        tree = None
        for field in self.fields.values():
            if isinstance(field, forms.ModelChoiceField) and field.queryset.model is OrgUnit:
                tree = tree if tree is not None else OrgUnit.tree()
                field.choices = [("", "---------")] + [
                    (unit.pk, "\u2003" * depth + unit.name + ("" if unit.is_active else " " + _("(inte aktiv)")))
                    for unit, depth in tree
                ]


UnitForm = fields_form(OrgUnit, UNIT_FIELDS, base=TreeChoicesForm, name="UnitForm")
# Django's own message speaks of a "slug"; say it in the coordinator's words.
UnitForm.base_fields["code"].validators = [
    RegexValidator(
        r"^[-a-zA-Z0-9_]+\Z",
        gettext_lazy(
            "Koden får bara innehålla bokstäver a–z (utan å, ä och ö), siffror, bindestreck och understreck, "
            "t.ex. ”nuk”."
        ),
    )
]
PersonForm = fields_form(Person, PERSON_FIELDS, base=TreeChoicesForm, name="PersonForm")
