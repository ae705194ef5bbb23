"""Forms for contact persons: the person with GDPR consent, their organisations, and anonymisation."""

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from utblick.core.widgets import LongSelect
from utblick.organisation.models import Person
from utblick.partners import gdpr
from utblick.partners.actions import EMAIL_MESSAGE
from utblick.partners.forms.fields import DATE_WIDGET, model_text
from utblick.partners.models import Affiliation, Contact, LegalBasis, Organisation


def _text(label, name, message, **kwargs):
    return model_text(Contact, label, name, message, required_message=_("Ange kontaktpersonens namn."), **kwargs)


class ContactForm(forms.Form):
    name = _text(
        _("Namn"),
        "name",
        _("Namnet får vara högst %(limit_value)d tecken (nu %(show_value)d). Korta av det."),
        required=True,
    )
    title = _text(
        _("Titel"),
        "title",
        _("Titeln får vara högst %(limit_value)d tecken (nu %(show_value)d). Korta av den."),
        help_text=_("T.ex. ”Rektor” eller ”Internationell samordnare”."),
    )
    languages = _text(
        _("Språk"),
        "languages",
        _("Språken får vara högst %(limit_value)d tecken (nu %(show_value)d). Korta av texten."),
        help_text=_("Språk som personen talar, t.ex. ”norska, engelska”."),
    )
    email = forms.EmailField(
        label=_("E-post"),
        required=False,
        max_length=Contact._meta.get_field("email").max_length,
        error_messages={
            "invalid": EMAIL_MESSAGE,
            "max_length": _("E-postadressen får vara högst %(limit_value)d tecken."),
        },
    )
    phone = _text(
        _("Telefon"),
        "phone",
        _("Telefonnumret får vara högst %(limit_value)d tecken (nu %(show_value)d). Korta av det."),
        help_text=_("Gärna med landsnummer, t.ex. +47 72 41 90 00."),
    )
    notes = _text(
        _("Anteckningar"),
        "notes",
        _("Anteckningarna får vara högst %(limit_value)d tecken (nu %(show_value)d). Korta av dem."),
        widget=forms.Textarea(attrs={"rows": 4}),
    )
    known_by = forms.ModelMultipleChoiceField(
        label=_("Kommunens personer som känner kontaktpersonen"),
        queryset=Person.objects.all(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        error_messages={"invalid_choice": _("Välj personer ur listan.")},
        help_text=_("Så finns kontakten kvar när ett uppdrag byter händer."),
    )
    # The GDPR fields; partners.gdpr holds the rules (consent needs a date and a way, withdrawing clears the rest).
    legal_basis = forms.ChoiceField(
        label=_("Rättslig grund"),
        choices=LegalBasis.choices,
        initial=LegalBasis.ALLMANT_INTRESSE,
        required=False,
        error_messages={"invalid_choice": _("Välj en rättslig grund ur listan.")},
        help_text=_(
            "Varför kommunen får ha uppgifterna. Oftast ”Uppgift av allmänt intresse”: "
            "kontakten behövs för kommunens internationella arbete."
        ),
    )
    consent_to_share = forms.BooleanField(
        label=_("Personen samtycker till att visas för lokala aktörer"),
        required=False,
        help_text=_(
            "Lokala företag, föreningar och skolor med konto ser då namn, organisation och uppgifterna du väljer "
            "nedan. Ta bort krysset om personen tar tillbaka sitt samtycke."
        ),
    )
    consent_date = forms.DateField(
        label=_("Datum för samtycket"),
        required=False,
        initial=timezone.localdate,
        widget=DATE_WIDGET,
        error_messages={"invalid": gdpr.DATE_MESSAGE},
        help_text=_("Dagen då personen samtyckte, som ÅÅÅÅ-MM-DD."),
    )
    consent_method = _text(
        _("Hur samtycket lämnades"),
        "consent_method",
        _("Beskrivningen får vara högst %(limit_value)d tecken (nu %(show_value)d). Korta av den."),
        help_text=_("T.ex. ”muntligt vid mötet i Røros” eller ”e-post 2026-03-02”."),
    )
    shared_fields = forms.MultipleChoiceField(
        label=_("Uppgifter som visas för lokala aktörer"),
        choices=gdpr.shareable_choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        error_messages={"invalid_choice": _("Välj bland uppgifterna i listan.")},
        help_text=_("Namn och organisation visas alltid när personen har samtyckt."),
    )

    GDPR_FIELDS = gdpr.CONSENT_FIELDS

    @classmethod
    def initial_for(cls, contact: Contact) -> dict:
        return {
            **{name: getattr(contact, name) for name in ("name", "title", "languages", "email", "phone", "notes")},
            "known_by": [person.pk for person in contact.known_by.all()],
            "legal_basis": contact.legal_basis,
            "consent_to_share": contact.consent_to_share,
            "consent_date": contact.consent_date or timezone.localdate(),
            "consent_method": contact.consent_method,
            "shared_fields": list(contact.shared_fields),
        }


class AnonymiseForm(forms.Form):
    """The coordinator's reason for anonymising a contact person (kept in the history, without personal data)."""

    reason = forms.CharField(
        label=_("Skäl till anonymiseringen"),
        max_length=gdpr.REASON_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={
            "required": _("Ange varför kontaktpersonen anonymiseras, till exempel ”Personen har begärt det”."),
            "max_length": _("Skälet får vara högst %(limit_value)d tecken (nu %(show_value)d). Korta av det."),
        },
        help_text=_("T.ex. ”Personen har begärt det i e-post 2026-03-02”. Skriv inte personens namn här."),
    )


class AffiliationForm(forms.Form):
    """One organisation the contact person belongs to, and the role there."""

    organisation = forms.ModelChoiceField(
        label=_("Organisation"),
        queryset=Organisation.objects.all(),
        required=False,
        widget=LongSelect,
        error_messages={"invalid_choice": _("Organisationen finns inte längre. Välj en annan ur listan.")},
    )
    role = forms.CharField(
        label=_("Roll"),
        required=False,
        max_length=Affiliation._meta.get_field("role").max_length,
        error_messages={"max_length": _("Rollen får vara högst %(limit_value)d tecken. Korta av den.")},
    )


class BaseAffiliationFormSet(forms.BaseFormSet):
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
                    _("%(name)s står med två gånger bland organisationerna. Ta bort den ena raden.")
                    % {"name": organisation.name}
                )
            seen.add(organisation.pk)

    def affiliations(self) -> list[tuple[Organisation, str]]:
        return [
            (form.cleaned_data["organisation"], form.cleaned_data.get("role", ""))
            for form in self.forms
            if form.cleaned_data.get("organisation")
        ]


AffiliationFormSet = forms.formset_factory(AffiliationForm, formset=BaseAffiliationFormSet, extra=2, max_num=20)
