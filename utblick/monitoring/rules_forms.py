"""The rule form: a plain form over the rule's fields; the action is the only code that saves."""

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from utblick.core.editing import add_errors, fields_form
from utblick.monitoring import rules_actions
from utblick.monitoring.models import Rule

NAMES = ("name", "terms", "pattern", "mode", "fields", "sources", "units", "objectives", "areas", "criteria")


class _RuleBase(forms.Form):
    def clean(self):
        cleaned = super().clean()
        if not self.errors:
            try:
                rules_actions.validate_rule(self.unsaved_rule())
            except ValidationError as exc:
                add_errors(self, exc)
        return cleaned

    def unsaved_rule(self) -> Rule:
        """A Rule (not saved) with the plain fields of the form, for validation and the preview."""
        data = self.cleaned_data
        return Rule(**{name: data.get(name) or "" for name in ("name", "terms", "pattern", "mode", "fields")})

    def plain_fields(self) -> dict:
        return {name: self.cleaned_data[name] for name in ("name", "terms", "pattern", "mode", "fields")}

    def relations(self) -> dict:
        return {name: self.cleaned_data[name] for name in rules_actions.RELATIONS}


RuleForm = fields_form(
    Rule,
    NAMES,
    base=_RuleBase,
    name="RuleForm",
    widgets={
        "terms": forms.Textarea(attrs={"rows": 5}),
        "sources": forms.CheckboxSelectMultiple,
        "units": forms.CheckboxSelectMultiple,
        "objectives": forms.CheckboxSelectMultiple,
        "areas": forms.CheckboxSelectMultiple,
        "criteria": forms.CheckboxSelectMultiple,
        "mode": forms.RadioSelect,
        "fields": forms.RadioSelect,
    },
)
RuleForm.base_fields["pattern"].help_text = _(
    "Valfritt. Matchas utan hänsyn till versaler, t.ex. interreg\\s+(aurora|npa). Högst 300 tecken, "
    "högst en obegränsad upprepning (* eller +) och inga nästlade upprepningar som (a+)+."
)
RuleForm.base_fields["sources"].help_text = _("Välj inga för att regeln ska gälla alla källor.")
