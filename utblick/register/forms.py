"""Forms of the directory and the introduction requests; the actions validate again for every other caller."""

from django import forms
from django.utils.translation import gettext_lazy as _

from utblick.partners.models import Organisation
from utblick.register.directory import SharedOrganisation
from utblick.register.models import MESSAGE_MAX_LENGTH, IntroductionRequest

SEARCH_MAX_LENGTH = 200


class DirectoryFilterForm(forms.Form):
    q = forms.CharField(
        label=_("Sök på namn, ort, beskrivning eller kontaktperson"),
        required=False,
        max_length=SEARCH_MAX_LENGTH,
        error_messages={"max_length": _("Skriv ett kortare sökord, högst %(limit_value)d tecken.")},
    )
    country = forms.ChoiceField(
        label=_("Land"),
        required=False,
        error_messages={
            "invalid_choice": _("Det finns ingen organisation från det landet i katalogen. Välj ett land ur listan.")
        },
    )
    kind = forms.ChoiceField(
        label=_("Typ av organisation"),
        required=False,
        choices=[("", _("Alla typer")), *Organisation.Kind.choices],
        error_messages={"invalid_choice": _("Typen känns inte igen. Välj en typ ur listan.")},
    )

    def __init__(self, *args, countries, **kwargs):
        """`countries`: [(code, name)] of the organisations in the directory, so no choice leads to an empty list."""
        super().__init__(*args, **kwargs)
        self.fields["country"].choices = [("", _("Alla länder")), *countries]

    def values(self) -> dict:
        """The valid filters, stripped; invalid ones are left out (and shown as errors)."""
        self.is_valid()
        values = {name: self.cleaned_data.get(name) or "" for name in self.fields}
        values["q"] = values["q"].strip()
        return values


class IntroductionRequestForm(forms.Form):
    contact = forms.TypedChoiceField(
        label=_("Vem vill du komma i kontakt med?"),
        coerce=int,
        required=False,
        empty_value=None,
        error_messages={"invalid_choice": _("Kontaktpersonen visas inte i katalogen. Välj en person ur listan.")},
    )
    requester_organisation = forms.CharField(
        label=_("Din organisation"),
        max_length=IntroductionRequest._meta.get_field("requester_organisation").max_length,
        help_text=_("Företaget, föreningen eller skolan som du företräder."),
        error_messages={
            "required": _("Ange vilken organisation, förening eller skola du företräder."),
            "max_length": _("Organisationens namn får vara högst %(limit_value)d tecken. Korta av det."),
        },
    )
    requester_phone = forms.CharField(
        label=_("Ditt telefonnummer"),
        required=False,
        max_length=IntroductionRequest._meta.get_field("requester_phone").max_length,
        help_text=_("Om du vill att samordnaren ska kunna ringa dig."),
        error_messages={"max_length": _("Telefonnumret får vara högst %(limit_value)d tecken.")},
    )
    message = forms.CharField(
        label=_("Vad vill du ha hjälp med?"),
        max_length=MESSAGE_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text=_("Berätta vem du vill komma i kontakt med och varför. Högst 5 000 tecken."),
        error_messages={
            "required": _("Skriv vad du vill ha hjälp med, till exempel vem du vill komma i kontakt med och varför."),
            "max_length": _("Meddelandet får vara högst %(limit_value)d tecken (nu %(show_value)d). Korta av det."),
        },
    )

    def __init__(self, *args, shared, **kwargs):
        """`shared`: the organisation or network of the page, as directory.share() shows it."""
        super().__init__(*args, **kwargs)
        if not shared.contacts:
            del self.fields["contact"]
            return
        if isinstance(shared, SharedOrganisation):
            general, organisation_pk = _("Organisationen i allmänhet"), shared.pk
        else:
            general, organisation_pk = _("Nätverket i allmänhet"), shared.organisation.pk
        contacts = ((c.pk, _contact_choice(c, organisation_pk)) for c in shared.contacts)
        self.fields["contact"].choices = [("", general), *contacts]


def _contact_choice(contact, organisation_pk: int) -> str:
    """The name and the role at the page's organisation, e.g. "Ingrid Haugen, Rektor"."""
    roles = [a.role for a in contact.affiliations if a.organisation_pk == organisation_pk and a.role]
    return f"{contact.name}, {roles[0]}" if roles else contact.name


class AnswerForm(forms.Form):
    answer = forms.CharField(
        label=_("Svar till den som frågade"),
        max_length=MESSAGE_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text=_("Svaret skickas med e-post och visas under ”Mina förfrågningar”. Förfrågan markeras som hanterad."),
        error_messages={
            "required": _("Skriv ett svar till den som frågade, till exempel vem du har kontaktat."),
            "max_length": _("Svaret får vara högst %(limit_value)d tecken (nu %(show_value)d). Korta av det."),
        },
    )


class InboxFilterForm(forms.Form):
    status = forms.ChoiceField(
        label=_("Visa"),
        required=False,
        choices=[
            ("", _("Alla förfrågningar")),
            (IntroductionRequest.Status.NY, _("Nya")),
            (IntroductionRequest.Status.HANTERAD, _("Hanterade")),
        ],
        error_messages={"invalid_choice": _("Välj nya, hanterade eller alla förfrågningar.")},
    )
