"""Forms for the organisation: units (the tree) and the people who can be responsible."""

from django import forms
from django.core.validators import RegexValidator
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from utblick.core.editing import fields_form
from utblick.organisation.actions import PERSON_FIELDS, UNIT_FIELDS
from utblick.organisation.models import OrgUnit, Person


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
