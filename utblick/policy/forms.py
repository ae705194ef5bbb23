"""Forms for the policy: one form factory serves objectives, priority criteria and areas."""

from functools import cache

from django import forms

from utblick.core.editing import fields_form
from utblick.policy.actions import POLICY_FIELDS, item_fields
from utblick.policy.models import Policy, PolicyItem

TEXTAREA = forms.Textarea(attrs={"rows": 4})


@cache
def item_form(model: type[PolicyItem]) -> type[forms.Form]:
    """The form for one kind of policy item, built from its model's fields."""
    return fields_form(model, item_fields(model), widgets={"description": TEXTAREA})


PolicyForm = fields_form(Policy, POLICY_FIELDS, widgets={"purpose": forms.Textarea(attrs={"rows": 6})})
