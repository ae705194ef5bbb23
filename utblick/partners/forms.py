"""The form for adding and editing a partner organisation; the actions validate again for every other caller."""

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from utblick.core.countries import country_choices
from utblick.core.widgets import LongSelect
from utblick.engagements.models import Engagement
from utblick.organisation.models import Person
from utblick.partners import gdpr
from utblick.partners.actions import EMAIL_MESSAGE, FEE_MESSAGE, WEBSITE_MESSAGE, parse_fee, website_validator
from utblick.partners.models import Affiliation, Contact, Interaction, LegalBasis, Network, Organisation
from utblick.policy.models import Objective


def country_choices_with_prompt():
    """The countries in the user's language (the Nordic ones first, see COUNTRIES_FIRST), after a prompt."""
    return [("", _("Välj land")), *country_choices()]


class WebsiteField(forms.URLField):
    """A web address: only http and https, a missing scheme taken as https."""

    default_validators = [website_validator]

    def __init__(self, **kwargs):
        super().__init__(assume_scheme="https", **kwargs)


class OrganisationForm(forms.Form):
    name = forms.CharField(
        label=_("Namn"),
        max_length=Organisation._meta.get_field("name").max_length,
        error_messages={
            "required": _("Ange organisationens namn."),
            "max_length": _("Namnet får vara högst %(limit_value)d tecken (nu %(show_value)d). Korta av det."),
        },
        help_text=_("Organisationens namn som den själv skriver det, t.ex. ”Røros kommune”."),
    )
    country = forms.ChoiceField(
        label=_("Land"),
        choices=country_choices_with_prompt,
        error_messages={
            "required": _("Välj i vilket land organisationen finns."),
            "invalid_choice": _("Landet känns inte igen. Välj ett land ur listan."),
        },
    )
    kind = forms.ChoiceField(
        label=_("Typ"),
        choices=Organisation.Kind.choices,
        initial=Organisation.Kind.ANNAN,
        error_messages={
            "required": _("Välj en typ av organisation ur listan."),
            "invalid_choice": _("Välj en typ av organisation ur listan."),
        },
    )
    native_name = forms.CharField(
        label=_("Namn på eget språk"),
        required=False,
        max_length=Organisation._meta.get_field("native_name").max_length,
        error_messages={"max_length": _("Namnet på eget språk får vara högst %(limit_value)d tecken. Korta av det.")},
        help_text=_("Om organisationen skriver sitt namn på ett annat språk eller alfabet, t.ex. ”Rørosin kunta”."),
    )
    region = forms.CharField(
        label=_("Region"),
        required=False,
        max_length=Organisation._meta.get_field("region").max_length,
        error_messages={"max_length": _("Regionen får vara högst %(limit_value)d tecken. Korta av den.")},
        help_text=_("Region, län eller delstat, t.ex. ”Trøndelag”."),
    )
    city = forms.CharField(
        label=_("Ort"),
        required=False,
        max_length=Organisation._meta.get_field("city").max_length,
        error_messages={"max_length": _("Orten får vara högst %(limit_value)d tecken. Korta av den.")},
    )
    website = WebsiteField(
        label=_("Webbplats"),
        required=False,
        max_length=Organisation._meta.get_field("website").max_length,
        error_messages={
            "invalid": WEBSITE_MESSAGE,
            "max_length": _("Webbadressen får vara högst %(limit_value)d tecken."),
        },
        help_text=_("Hela adressen, t.ex. https://www.roros.kommune.no."),
    )
    description = forms.CharField(
        label=_("Beskrivning"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        max_length=Organisation._meta.get_field("description").max_length,
        error_messages={"max_length": _("Beskrivningen får vara högst %(limit_value)d tecken. Korta av den.")},
        help_text=_("Vad organisationen gör och varför den är intressant för kommunen."),
    )
    marked_established = forms.BooleanField(
        label=_("Markera som etablerad partner"),
        required=False,
        help_text=_(
            "En partner är etablerad när den deltagit i engagemang under minst två olika år. "
            "Kryssa i för en etablerad partner som ännu inte syns så i registret."
        ),
    )
    in_directory = forms.BooleanField(
        label=_("Visa i katalogen för lokala aktörer"),
        required=False,
        initial=True,
        help_text=_(
            "Lokala företag, föreningar och skolor med konto ser organisationen och dess beskrivning i katalogen."
        ),
    )

    @classmethod
    def initial_for(cls, organisation: Organisation) -> dict:
        return {name: getattr(organisation, name) for name in cls.base_fields} | {"country": organisation.country.code}


def _text(label, name, message, *, required=False, widget=None, help_text=""):
    """A text field with the model field's length limit and a Swedish sentence when it is passed."""
    return forms.CharField(
        label=label,
        required=required,
        max_length=Contact._meta.get_field(name).max_length,
        widget=widget,
        help_text=help_text,
        error_messages={"max_length": message, "required": _("Ange kontaktpersonens namn.")},
    )


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
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
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


DATE_WIDGET = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
DATE_MESSAGE = _("Ange datumet som ÅÅÅÅ-MM-DD, till exempel 2026-03-15.")


def _network_text(label, name, message, *, required=False, widget=None, help_text=""):
    """A text field with the network model's length limit and a Swedish sentence when it is passed."""
    return forms.CharField(
        label=label,
        required=required,
        max_length=Network._meta.get_field(name).max_length,
        widget=widget,
        help_text=help_text,
        error_messages={"max_length": message, "required": _("Ange nätverkets namn.")},
    )


class NetworkForm(forms.Form):
    name = _network_text(
        _("Namn"),
        "name",
        _("Namnet får vara högst %(limit_value)d tecken (nu %(show_value)d). Korta av det."),
        required=True,
        help_text=_("T.ex. ”Gränskommittén Østfold–Bohuslän/Dalsland”."),
    )
    organisation = forms.ModelChoiceField(
        label=_("Organisation"),
        queryset=Organisation.objects.all(),
        required=False,
        widget=LongSelect,
        error_messages={"invalid_choice": _("Organisationen finns inte längre. Välj en annan ur listan.")},
        help_text=_("Nätverkets organisation i partnerregistret, t.ex. dess sekretariat, om den finns där."),
    )
    description = _network_text(
        _("Beskrivning"),
        "description",
        _("Beskrivningen får vara högst %(limit_value)d tecken (nu %(show_value)d). Korta av den."),
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    purpose = _network_text(
        _("Syfte med medlemskapet"),
        "purpose",
        _("Syftet får vara högst %(limit_value)d tecken (nu %(show_value)d). Korta av texten."),
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Varför kommunen är medlem."),
    )
    member_since = forms.DateField(
        label=_("Medlem sedan"),
        widget=DATE_WIDGET,
        error_messages={"required": _("Ange sedan när kommunen är medlem, som ÅÅÅÅ-MM-DD."), "invalid": DATE_MESSAGE},
    )
    member_until = forms.DateField(
        label=_("Medlem till och med"),
        required=False,
        widget=DATE_WIDGET,
        error_messages={"invalid": DATE_MESSAGE},
        help_text=_("Lämna tomt så länge medlemskapet pågår."),
    )
    yearly_fee = forms.CharField(
        label=_("Årsavgift i kronor"),
        required=False,
        max_length=30,
        error_messages={"max_length": FEE_MESSAGE},
        help_text=_("T.ex. 12 500 eller 12 500,50. Lämna tomt om det inte kostar något eller om avgiften är okänd."),
    )
    representative = forms.ModelChoiceField(
        label=_("Kommunens representant"),
        queryset=Person.objects.all(),
        required=False,
        widget=LongSelect,
        error_messages={"invalid_choice": _("Välj en person ur listan.")},
    )
    objectives = forms.ModelMultipleChoiceField(
        label=_("Mål i policyn som medlemskapet bidrar till"),
        queryset=Objective.objects.all(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        error_messages={"invalid_choice": _("Välj mål ur listan.")},
    )
    website = WebsiteField(
        label=_("Webbplats"),
        required=False,
        max_length=Network._meta.get_field("website").max_length,
        error_messages={
            "invalid": WEBSITE_MESSAGE,
            "max_length": _("Webbadressen får vara högst %(limit_value)d tecken."),
        },
    )

    def clean_yearly_fee(self):
        try:
            return parse_fee(self.cleaned_data["yearly_fee"])
        except ValueError:
            raise forms.ValidationError(FEE_MESSAGE) from None

    def clean(self):
        data = super().clean()
        since, until = data.get("member_since"), data.get("member_until")
        if since and until and until < since:
            self.add_error(
                "member_until",
                _(
                    "Medlemskapet kan inte sluta före det började. "
                    "Ange ett slutdatum efter %(since)s, eller lämna fältet tomt."
                )
                % {"since": since.isoformat()},
            )
        return data

    @classmethod
    def initial_for(cls, network: Network) -> dict:
        fee = network.yearly_fee
        return {
            **{name: getattr(network, name) for name in ("name", "description", "purpose", "website")},
            "organisation": network.organisation_id,
            "member_since": network.member_since,
            "member_until": network.member_until,
            "yearly_fee": "" if fee is None else str(fee).replace(".", ","),
            "representative": network.representative_id,
            "objectives": [objective.pk for objective in network.objectives.all()],
        }


class InteractionForm(forms.Form):
    """A meeting, call, visit or email; `user` limits the engagements offered to those the user may change."""

    kind = forms.ChoiceField(
        label=_("Typ av kontakt"),
        choices=Interaction.Kind.choices,
        initial=Interaction.Kind.MOTE,
        error_messages={
            "required": _("Välj en typ av kontakt ur listan."),
            "invalid_choice": _("Välj en typ av kontakt ur listan."),
        },
    )
    date = forms.DateField(
        label=_("Datum"),
        widget=DATE_WIDGET,
        error_messages={
            "required": _("Ange datumet som ÅÅÅÅ-MM-DD, till exempel 2026-03-15."),
            "invalid": DATE_MESSAGE,
        },
    )
    subject = forms.CharField(
        label=_("Ämne"),
        max_length=Interaction._meta.get_field("subject").max_length,
        error_messages={
            "required": _("Ange ett ämne, till exempel ”Planeringsmöte om elevutbyte”."),
            "max_length": _("Ämnet får vara högst %(limit_value)d tecken (nu %(show_value)d). Korta av det."),
        },
    )
    organisation = forms.ModelChoiceField(
        label=_("Organisation"),
        queryset=Organisation.objects.all(),
        widget=LongSelect,
        error_messages={
            "required": _("Välj vilken organisation kontakten gällde."),
            "invalid_choice": _("Organisationen finns inte längre. Välj en annan ur listan."),
        },
    )
    contacts = forms.ModelMultipleChoiceField(
        label=_("Kontaktpersoner hos organisationen"),
        queryset=Contact.objects.all(),
        required=False,
        widget=forms.SelectMultiple(attrs={"size": 6}),
        error_messages={"invalid_choice": _("Välj kontaktpersoner ur listan.")},
        help_text=_("Personerna måste höra till den valda organisationen. Håll ned Ctrl för att välja flera."),
    )
    participants = forms.ModelMultipleChoiceField(
        label=_("Kommunens deltagare"),
        queryset=Person.objects.all(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        error_messages={"invalid_choice": _("Välj personer ur listan.")},
    )
    engagement = forms.ModelChoiceField(
        label=_("Engagemang"),
        queryset=Engagement.objects.none(),
        required=False,
        widget=LongSelect,
        empty_label=_("Inget engagemang"),
        error_messages={"invalid_choice": _("Välj ett engagemang ur listan, eller inget.")},
        help_text=_("Engagemanget som kontakten hörde till. Bara engagemang som du får ändra visas."),
    )
    notes = forms.CharField(
        label=_("Anteckningar"),
        required=False,
        max_length=Interaction._meta.get_field("notes").max_length,
        widget=forms.Textarea(attrs={"rows": 6}),
        error_messages={
            "max_length": _("Anteckningarna får vara högst %(limit_value)d tecken (nu %(show_value)d). Korta av dem.")
        },
    )

    def __init__(self, *args, user, current_engagement_id=None, **kwargs):
        super().__init__(*args, **kwargs)
        engagements = Engagement.objects.restrict(user, "change")
        if current_engagement_id:  # keep the stored link selectable even if the user may not change it
            engagements = engagements | Engagement.objects.filter(pk=current_engagement_id)
        self.fields["engagement"].queryset = engagements.order_by("title", "pk")

    @classmethod
    def initial_for(cls, interaction: Interaction) -> dict:
        return {
            "kind": interaction.kind,
            "date": interaction.date,
            "subject": interaction.subject,
            "organisation": interaction.organisation_id,
            "contacts": [contact.pk for contact in interaction.contacts.all()],
            "participants": [person.pk for person in interaction.participants.all()],
            "engagement": interaction.engagement_id,
            "notes": interaction.notes,
        }


class InteractionFilterForm(forms.Form):
    organisation = forms.ModelChoiceField(
        label=_("Organisation"),
        queryset=Organisation.objects.all(),
        required=False,
        widget=LongSelect,
        empty_label=_("Alla organisationer"),
        error_messages={"invalid_choice": _("Organisationen finns inte. Välj en organisation ur listan.")},
    )
    kind = forms.ChoiceField(
        label=_("Typ av kontakt"),
        required=False,
        choices=[("", _("Alla typer")), *Interaction.Kind.choices],
        error_messages={"invalid_choice": _("Typen känns inte igen. Välj en typ ur listan.")},
    )
