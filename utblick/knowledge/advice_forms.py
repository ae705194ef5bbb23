"""Forms of "Fråga samordnaren" and the FAQ; the actions check the rules and the lengths again."""

from django import forms
from django.utils.translation import gettext_lazy as _

from utblick.core.countries import country_choices
from utblick.core.widgets import CountrySelect, LongSelect
from utblick.knowledge.models_advice import (
    FAQ_ANSWER_MAX,
    FAQ_QUESTION_MAX,
    SUBJECT_MAX,
    TEXT_MAX,
    AdviceState,
    FaqCategory,
)
from utblick.policy.models import Area

SEARCH_MAX = 200


TOO_LONG = {"max_length": _("Texten får vara högst %(limit_value)d tecken, nu är den %(show_value)d. Korta av den.")}


def _area_field() -> forms.ModelChoiceField:
    return forms.ModelChoiceField(
        label=_("Område"),
        queryset=Area.objects.none(),
        required=False,
        empty_label=_("Inget särskilt område"),
    )


def _set_areas(field: forms.ModelChoiceField) -> None:
    # Any area may be posted; the action refuses one no longer in use with a clear sentence.
    field.queryset = Area.objects.all()
    field.choices = [("", field.empty_label)] + [(a.pk, a.name) for a in Area.objects.filter(is_active=True)]


class AdviceRequestForm(forms.Form):
    subject = forms.CharField(
        label=_("Ämne"),
        max_length=SUBJECT_MAX,
        help_text=_("Några ord om vad frågan gäller, till exempel ”Bidrag till elevutbyte”."),
        error_messages={
            "required": _("Skriv ett kort ämne för frågan, till exempel ”Bidrag till elevutbyte”."),
            **TOO_LONG,
        },
    )
    question = forms.CharField(
        label=_("Din fråga"),
        max_length=TEXT_MAX,
        widget=forms.Textarea(attrs={"rows": 8}),
        help_text=_("Beskriv vad du vill ha råd om. Skriv inte känsliga personuppgifter. Högst 5 000 tecken."),
        error_messages={"required": _("Skriv din fråga till samordnaren."), **TOO_LONG},
    )
    engagement = forms.ModelChoiceField(
        label=_("Engagemang som frågan gäller"),
        queryset=None,
        required=False,
        widget=LongSelect,
        empty_label=_("Inget engagemang"),
        help_text=_("Om frågan gäller ett engagemang i Utblick ser samordnaren det direkt."),
    )
    area = _area_field()
    country = forms.ChoiceField(label=_("Land"), choices=(), required=False, widget=CountrySelect)

    def __init__(self, *args, user, **kwargs):
        from utblick.engagements.models import Engagement

        super().__init__(*args, **kwargs)
        # Any engagement may be posted; the action refuses one the asker may not see with a clear sentence.
        self.fields["engagement"].queryset = Engagement.objects.all()
        visible = Engagement.objects.restrict(user, "view").not_archived().order_by("title", "pk")
        self.fields["engagement"].choices = [("", self.fields["engagement"].empty_label)] + [
            (pk, title) for pk, title in visible.values_list("pk", "title")
        ]
        _set_areas(self.fields["area"])
        self.fields["country"].choices = [("", _("Inget särskilt land"))] + list(country_choices())


class MessageForm(forms.Form):
    """An answer or a follow-up; `seen` is the last message the writer had on screen."""

    text = forms.CharField(
        label=_("Svar"),
        max_length=TEXT_MAX,
        widget=forms.Textarea(attrs={"rows": 6}),
        error_messages={"required": _("Skriv ditt meddelande."), **TOO_LONG},
    )
    seen = forms.IntegerField(required=False, widget=forms.HiddenInput, min_value=0)

    def __init__(self, *args, label, required_message, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["text"].label = label
        self.fields["text"].error_messages["required"] = required_message


class FaqForm(forms.Form):
    question = forms.CharField(
        label=_("Fråga"),
        max_length=FAQ_QUESTION_MAX,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Skriv om frågan så att den gäller fler: ta bort namn och andra personuppgifter."),
        error_messages={
            "required": _(
                "Skriv frågan som den ska stå bland de vanliga frågorna, utan namn och andra personuppgifter."
            ),
            **TOO_LONG,
        },
    )
    answer = forms.CharField(
        label=_("Svar"),
        max_length=FAQ_ANSWER_MAX,
        widget=forms.Textarea(attrs={"rows": 10}),
        error_messages={
            "required": _("Skriv svaret som det ska stå bland de vanliga frågorna."),
            **TOO_LONG,
        },
    )
    category = forms.ChoiceField(
        label=_("Kategori"),
        choices=[("", _("Välj kategori")), *FaqCategory.choices],
        error_messages={"required": _("Välj en kategori för frågan.")},
    )
    area = _area_field()

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        _set_areas(self.fields["area"])


class AdviceFilterForm(forms.Form):
    state = forms.ChoiceField(label=_("Läge"), choices=[("", _("Alla")), *AdviceState.choices], required=False)


class FaqSearchForm(forms.Form):
    q = forms.CharField(
        label=_("Sök bland de vanliga frågorna"),
        max_length=SEARCH_MAX,
        required=False,
        error_messages={"max_length": _("Sökningen får vara högst %(limit_value)d tecken. Korta av den.")},
    )
    category = forms.ChoiceField(
        label=_("Kategori"), choices=[("", _("Alla kategorier")), *FaqCategory.choices], required=False
    )
