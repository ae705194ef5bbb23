"""Forms for registering and following up engagements."""

from django import forms
from django.utils.translation import gettext_lazy as _

from utblick.core.countries import country_choices
from utblick.core.permissions import Scope, access_for
from utblick.core.widgets import CountrySelectMultiple, LongSelect
from utblick.engagements.approval_actions import official_contact_help
from utblick.engagements.models import Decision, Engagement, Participation
from utblick.engagements.snapshot import EDITABLE_FIELDS
from utblick.organisation.models import OrgUnit, Person
from utblick.partners.models import Organisation
from utblick.policy.models import Area, Objective

DATE_WIDGET = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
DATE_ERRORS = {"invalid": _("Ange datumet som ÅÅÅÅ-MM-DD, till exempel 2026-03-15.")}


class UnitChoiceField(forms.ModelChoiceField):
    """Units shown as an indented tree."""

    depths: dict[int, int] = {}

    def label_from_instance(self, obj):
        return "\u2003" * self.depths.get(obj.pk, 0) + obj.name


class EngagementForm(forms.ModelForm):
    """Everything the policy asks of an engagement, in one form."""

    version = forms.IntegerField(widget=forms.HiddenInput, required=False)
    countries = forms.MultipleChoiceField(
        label=_("Övriga länder"),
        choices=country_choices,  # evaluated per request, in the user's language
        required=False,
        widget=CountrySelectMultiple,
        help_text=_("Partnernas länder läggs till automatiskt. Håll ned Ctrl för att välja flera."),
    )

    class Meta:
        model = Engagement
        fields = (*EDITABLE_FIELDS, "objectives", "areas")
        field_classes = {"owner_unit": UnitChoiceField}
        widgets = {
            "summary": forms.Textarea(attrs={"rows": 3}),
            "purpose": forms.Textarea(attrs={"rows": 4}),
            "unit_goal": forms.Textarea(attrs={"rows": 2}),
            "added_value": forms.Textarea(attrs={"rows": 3}),
            "implementation": forms.Textarea(attrs={"rows": 5}),
            "results": forms.Textarea(attrs={"rows": 5}),
            "dissemination": forms.Textarea(attrs={"rows": 3}),
            "start_date": DATE_WIDGET,
            "end_date": DATE_WIDGET,
            "responsible_politician": LongSelect,
            "responsible_officer": LongSelect,
            "objectives": forms.CheckboxSelectMultiple,
            "areas": forms.CheckboxSelectMultiple,
        }
        help_texts = {"title": _("Högst 200 tecken.")}
        error_messages = {"start_date": DATE_ERRORS, "end_date": DATE_ERRORS}

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        units = OrgUnit.objects.filter(is_active=True)
        access = access_for(user)
        if access.scope("engagement", "change") is not Scope.ALL:
            units = units.filter(pk__in=access.units_for("engagement", "change"))
        self.fields["owner_unit"].queryset = units
        self.fields["owner_unit"].depths = {unit.pk: depth for unit, depth in OrgUnit.tree()}
        self.fields["is_official_contact"].help_text = official_contact_help()  # names Kommunstyrelsen
        if not self.instance.pk:  # a new engagement usually belongs to the registering person's own unit
            own_unit = Person.objects.filter(user=user).values_list("unit_id", flat=True).first()
            if own_unit and units.filter(pk=own_unit).exists():
                self.fields["owner_unit"].initial = own_unit
        people = Person.objects.filter(is_active=True).select_related("unit")
        self.fields["responsible_politician"].queryset = people.filter(kind=Person.Kind.FORTROENDEVALD)
        self.fields["responsible_officer"].queryset = people.filter(kind=Person.Kind.TJANSTEMAN)
        self.fields["objectives"].queryset = Objective.objects.filter(is_active=True)
        self.fields["objectives"].error_messages["required"] = _(
            "Välj minst ett mål i policyn som engagemanget bidrar till."
        )
        self.fields["areas"].queryset = Area.objects.filter(is_active=True)
        if self.instance.pk:
            self.fields["version"].initial = self.instance.version
            partner_countries = set(self.instance.participations.values_list("organisation__country", flat=True))
            self.fields["countries"].initial = [
                c for c in self.instance.countries.values_list("country", flat=True) if c not in partner_countries
            ]

    def clean(self):
        data = super().clean()
        start, end = data.get("start_date"), data.get("end_date")
        if start and end and end < start:
            self.add_error("end_date", _("Slutdatumet kan inte ligga före startdatumet."))
        return data

    def clean_title(self):
        title = self.cleaned_data["title"].strip()
        if not title:
            raise forms.ValidationError(_("Ange en titel."))
        return title


class ParticipationForm(forms.Form):
    """One partner organisation and its role in the engagement."""

    organisation = forms.ModelChoiceField(
        label=_("Organisation"), queryset=Organisation.objects.all(), required=False, widget=LongSelect
    )
    role = forms.ChoiceField(label=_("Roll"), choices=Participation.Role.choices, initial=Participation.Role.PARTNER)


class BaseParticipationFormSet(forms.BaseFormSet):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        organisations = Organisation.objects.all()
        choices = list(forms.ModelChoiceField(queryset=organisations).choices)
        for form in self.forms:  # one query for all rows
            form.fields["organisation"].queryset = organisations
            form.fields["organisation"].choices = choices

    def clean(self):
        seen = set()
        for form in self.forms:
            organisation = form.cleaned_data.get("organisation") if hasattr(form, "cleaned_data") else None
            if organisation is None:
                continue
            if organisation.pk in seen:
                raise forms.ValidationError(
                    _("%(name)s står med två gånger bland partnerna. Ta bort den ena raden.")
                    % {"name": organisation.name}
                )
            seen.add(organisation.pk)

    def participations(self) -> list[tuple[Organisation, str]]:
        return [
            (form.cleaned_data["organisation"], form.cleaned_data["role"])
            for form in self.forms
            if form.cleaned_data.get("organisation")
        ]


ParticipationFormSet = forms.formset_factory(ParticipationForm, formset=BaseParticipationFormSet, extra=3, max_num=50)


class DecisionForm(forms.ModelForm):
    class Meta:
        model = Decision
        fields = ("body", "decided_on", "diary_number", "description")
        widgets = {"decided_on": DATE_WIDGET, "description": forms.Textarea(attrs={"rows": 3})}
        error_messages = {"decided_on": DATE_ERRORS}


class MoveForm(forms.Form):
    to = forms.ChoiceField(choices=Engagement._meta.get_field("status").choices)
    reason = forms.CharField(label=_("Skäl"), required=False, max_length=5000, widget=forms.Textarea(attrs={"rows": 2}))


class ArchiveForm(forms.Form):
    reason = forms.CharField(label=_("Skäl (frivilligt)"), required=False, max_length=5000)
