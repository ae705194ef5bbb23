"""Forms for handovers to Kommunstyrelsen (R-25). Choices show what may be picked; the actions check the rules,
so an id posted outside the choices is refused there with a Swedish sentence."""

from django import forms
from django.utils.translation import gettext_lazy as _

from utblick.core.widgets import LongSelect
from utblick.engagements.models import Engagement
from utblick.organisation.models import OrgUnit, Person
from utblick.partners.models import Contact

LONG_TEXT_ERRORS = {"max_length": _("Texten får vara högst %(limit_value)d tecken (nu %(show_value)d). Korta av den.")}


class HandoverForm(forms.Form):
    """What a unit writes when it proposes a handover: why, how the cooperation works, which meetings recur."""

    reason = forms.CharField(
        label=_("Varför har relationen blivit kommunövergripande?"),
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 4}),
        error_messages={**LONG_TEXT_ERRORS, "required": _("Beskriv varför relationen har blivit kommunövergripande.")},
    )
    cooperation_forms = forms.CharField(
        label=_("Etablerade samarbetsformer"),
        max_length=10000,
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text=_("Hur samarbetet går till i dag: avtal, projekt, utbyten, kanaler och vem som gör vad."),
        error_messages={
            **LONG_TEXT_ERRORS,
            "required": _("Beskriv hur samarbetet går till i dag, så att Kommunstyrelsen kan ta vid."),
        },
    )
    recurring_meetings = forms.CharField(
        label=_("Återkommande möten"),
        max_length=5000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Möten och tillfällen som återkommer, t.ex. ”årsmöte i maj”, ”styrgrupp varje kvartal”."),
        error_messages=LONG_TEXT_ERRORS,
    )


class RelationHandoverForm(HandoverForm):
    """A partner relation: from which unit, and which of its engagements with the partner go along."""

    from_unit = forms.ModelChoiceField(
        label=_("Lämnande enhet"),
        queryset=OrgUnit.objects.all(),
        error_messages={
            "required": _("Välj den enhet som lämnar över relationen."),
            "invalid_choice": _("Välj en av de enheter vars engagemang du får ändra."),
        },
    )
    included_engagements = forms.ModelMultipleChoiceField(
        label=_("Engagemang som följer med"),
        queryset=Engagement.objects.all(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Enhetens engagemang med partnern som också går över till Kommunstyrelsen."),
        error_messages={
            "invalid_choice": _("Välj bara bland engagemangen i listan."),
            "invalid_pk_value": _("Välj bara bland engagemangen i listan."),
        },
    )
    field_order = ["from_unit", "included_engagements", "reason", "cooperation_forms", "recurring_meetings"]

    def __init__(self, *args, units, engagements, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["from_unit"].choices = [("", _("Välj enhet"))] + [(u.pk, u.name) for u in units]
        self.fields["included_engagements"].choices = [(e.pk, f"{e.title} ({e.owner_unit.name})") for e in engagements]


class KnowledgeForm(forms.Form):
    """One row of who knows whom: a person in the municipality, whom they know at the partner, and how."""

    person = forms.ModelChoiceField(
        label=_("Person i kommunen"),
        queryset=Person.objects.all(),
        required=False,
        widget=LongSelect,
        error_messages={"invalid_choice": _("Personen finns inte. Välj en person ur listan.")},
    )
    contact = forms.ModelChoiceField(
        label=_("Kontaktperson hos partnern"),
        queryset=Contact.objects.all(),
        required=False,
        widget=LongSelect,
        error_messages={"invalid_choice": _("Kontaktpersonen finns inte. Välj en kontaktperson ur listan.")},
    )
    note = forms.CharField(
        label=_("Vad personen vet"),
        max_length=2000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        error_messages=LONG_TEXT_ERRORS,
    )

    def clean(self):
        data = super().clean()
        if not data.get("person") and (data.get("contact") or data.get("note")):
            self.add_error("person", _("Välj vilken person i kommunen raden gäller, eller töm raden."))
        return data


class BaseKnowledgeFormSet(forms.BaseFormSet):
    def __init__(self, *args, contacts=(), **kwargs):
        super().__init__(*args, **kwargs)
        people = [("", _("Välj person"))] + [(p.pk, str(p)) for p in Person.objects.filter(is_active=True)]
        contact_choices = [("", _("Ingen särskild kontaktperson"))] + [(c.pk, c.name) for c in contacts]
        for form in self.forms:  # the same two lists for every row: one query each
            form.fields["person"].choices = people
            form.fields["contact"].choices = contact_choices

    def rows(self) -> list:
        return [
            (form.cleaned_data["person"], form.cleaned_data.get("contact"), form.cleaned_data.get("note", ""))
            for form in self.forms
            if getattr(form, "cleaned_data", None) and form.cleaned_data.get("person")
        ]


KnowledgeFormSet = forms.formset_factory(
    KnowledgeForm, formset=BaseKnowledgeFormSet, extra=3, max_num=30, validate_max=True
)


class AcceptForm(forms.Form):
    """The coordinator's acceptance: which part of Kommunstyrelsen receives, and new responsible people if any."""

    to_unit = forms.ModelChoiceField(
        label=_("Mottagande enhet"),
        queryset=OrgUnit.objects.all(),
        error_messages={
            "required": _("Välj Kommunstyrelsen eller en enhet under den som mottagare."),
            "invalid_choice": _("Välj Kommunstyrelsen eller en enhet under den som mottagare."),
        },
    )
    officer = forms.ModelChoiceField(
        label=_("Ny ansvarig tjänsteman"),
        queryset=Person.objects.all(),
        required=False,
        widget=LongSelect,
        help_text=_("Lämna tomt för att behålla den nuvarande."),
        error_messages={"invalid_choice": _("Välj en tjänsteman ur listan.")},
    )
    politician = forms.ModelChoiceField(
        label=_("Ny ansvarig förtroendevald"),
        queryset=Person.objects.all(),
        required=False,
        widget=LongSelect,
        help_text=_("Lämna tomt för att behålla den nuvarande."),
        error_messages={"invalid_choice": _("Välj en förtroendevald ur listan.")},
    )
    comment = forms.CharField(
        label=_("Kommentar (frivillig)"),
        max_length=5000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        error_messages=LONG_TEXT_ERRORS,
    )

    def __init__(self, *args, units, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["to_unit"].choices = [(u.pk, u.name) for u, _depth in OrgUnit.tree(units)]
        active = Person.objects.filter(is_active=True)
        keep = _("Behåll den nuvarande")
        self.fields["officer"].choices = [("", keep)] + [
            (p.pk, str(p)) for p in active.filter(kind=Person.Kind.TJANSTEMAN)
        ]
        self.fields["politician"].choices = [("", keep)] + [
            (p.pk, str(p)) for p in active.filter(kind=Person.Kind.FORTROENDEVALD)
        ]


class DeclineForm(forms.Form):
    reason = forms.CharField(
        label=_("Skäl till att förslaget avböjs"),
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={
            **LONG_TEXT_ERRORS,
            "required": _("Skriv varför förslaget avböjs, så att enheten vet hur den ska gå vidare."),
        },
    )
