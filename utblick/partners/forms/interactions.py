"""Forms for interactions with partners: registering one, and filtering the list."""

from django import forms
from django.utils.translation import gettext_lazy as _

from utblick.core.widgets import LongSelect
from utblick.engagements.models import Engagement
from utblick.organisation.models import Person
from utblick.partners.forms.fields import DATE_MESSAGE, DATE_WIDGET
from utblick.partners.models import Contact, Interaction, Organisation


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
