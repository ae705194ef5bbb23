"""The form for a budget line. It only collects text; finance.actions checks and normalises it."""

from django import forms
from django.utils.translation import gettext_lazy as _

from utblick.finance.currencies import COMMON
from utblick.finance.models import BudgetLine, CostCategory, Direction, FundingSource

TOO_LONG = _("Texten får vara högst %(limit_value)d tecken (nu %(show_value)d). Korta av den.")


def _text(label, max_length=30, **kwargs):
    return forms.CharField(
        label=label, required=False, max_length=max_length, error_messages={"max_length": TOO_LONG}, **kwargs
    )


class BudgetLineForm(forms.Form):
    common_currencies = COMMON  # offered as suggestions in a <datalist>; any ISO 4217 code is accepted
    year = _text(_("År"), max_length=10, help_text=_("Året kostnaden eller intäkten gäller, t.ex. 2026."))
    direction = forms.ChoiceField(
        label=_("Typ"),
        required=False,
        choices=Direction.choices,
        widget=forms.RadioSelect,
        error_messages={"invalid_choice": _("Välj om raden är en kostnad eller en intäkt.")},
    )
    cost_category = forms.ChoiceField(
        label=_("Kostnadsslag (för kostnader)"),
        required=False,
        choices=[("", _("– Välj kostnadsslag –")), *CostCategory.choices],
        error_messages={"invalid_choice": _("Välj ett kostnadsslag ur listan.")},
    )
    funding_source = forms.ModelChoiceField(
        label=_("Finansieringskälla (för intäkter)"),
        required=False,
        queryset=FundingSource.objects.filter(is_active=True),
        empty_label=_("– Välj finansieringskälla –"),
        error_messages={"invalid_choice": _("Finansieringskällan finns inte längre. Välj en annan ur listan.")},
    )
    description = _text(_("Beskrivning"), max_length=300, help_text=_("T.ex. ”Resa till Røros i mars”."))
    planned_amount = _text(_("Planerat belopp"), help_text=_("I radens valuta, t.ex. 12 500 eller 12 500,50."))
    actual_amount = _text(
        _("Utfall"), help_text=_("Det verkliga beloppet i radens valuta. Lämna tomt tills det är känt.")
    )
    currency = _text(
        _("Valuta"),
        max_length=10,
        widget=forms.TextInput(attrs={"list": "currency-codes", "autocomplete": "off"}),
        help_text=_("Tre bokstäver enligt ISO 4217, t.ex. %(codes)s. Tomt betyder SEK.") % {"codes": ", ".join(COMMON)},
    )
    exchange_rate = _text(
        _("Kurs till SEK"), help_text=_("Vad 1 enhet av valutan kostade i kronor, t.ex. 11,45. Tomt för SEK.")
    )
    ansvar = _text(_("Ansvar"), help_text=_("Ansvarskod i kommunens redovisning."))
    verksamhet = _text(_("Verksamhet"), help_text=_("Verksamhetskod i kommunens redovisning."))
    projekt = _text(_("Projekt"), help_text=_("Projektkod i kommunens redovisning, om det finns en."))

    def __init__(self, *args, line: BudgetLine | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        if line is not None and line.funding_source_id:
            # A source no longer offered stays selectable on the lines that already use it.
            self.fields["funding_source"].queryset = FundingSource.objects.filter(is_active=True) | (
                FundingSource.objects.filter(pk=line.funding_source_id)
            )

    @staticmethod
    def initial_for(line: BudgetLine) -> dict:
        def comma(value):
            return "" if value is None else f"{value.normalize():f}".replace(".", ",")

        return {
            "year": line.year,
            "direction": line.direction,
            "cost_category": line.cost_category,
            "funding_source": line.funding_source_id,
            "description": line.description,
            "planned_amount": comma(line.planned_amount),
            "actual_amount": comma(line.actual_amount),
            "currency": line.currency,
            "exchange_rate": "" if line.currency == "SEK" else comma(line.exchange_rate),
            "ansvar": line.ansvar,
            "verksamhet": line.verksamhet,
            "projekt": line.projekt,
        }


class RemoveLineForm(forms.Form):
    reason = _text(_("Skäl (frivilligt)"), max_length=2000, widget=forms.Textarea(attrs={"rows": 2}))
