"""Forms of the competence register. The actions check the rules; the forms read the input."""

from django import forms
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from utblick.competence.languages import language_choices
from utblick.competence.models import PARTS, CompetenceProfile, EuKnowledge, Level, Visibility
from utblick.core.countries import country_choices
from utblick.core.widgets import CountrySelect, LongSelect
from utblick.partners.models import Network

PART_HELP = {
    "engagements": _("Engagemang du har varit ansvarig för och resor du har gjort, hämtade ur registret."),
    "willing": _("Att du vill hjälpa kollegor och vad du kan hjälpa till med."),
}


class NetworkSelect(LongSelect):
    """The register's networks in alphabetical order: typing a name's first letters jumps to it."""

    allow_multiple_selected = True


NETWORK_CHOICE = _("Välj bland nätverken i listan. Ett nätverk som saknas skriver du under Andra nätverk.")


def network_label(network: Network, today) -> str:
    label = network.name
    if network.organisation_id:
        label += f" – {network.organisation.name}"
    if network.has_ended_on(today):
        label += " " + str(_("(medlemskapet har upphört)"))
    return label


class SearchForm(forms.Form):
    q = forms.CharField(
        label=_("Sök kollegor"),
        max_length=200,
        required=False,
        help_text=_("T.ex. ”norska, minst B2, Interreg” eller ”erfarenhet av Skottland”."),
    )


class ProfileForm(forms.Form):
    eu_knowledge = forms.ModelMultipleChoiceField(
        label=_("EU-kunskap"),
        queryset=EuKnowledge.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        error_messages={
            "invalid_choice": _("Välj bland områdena i listan."),
            "invalid_pk_value": _("Välj bland områdena i listan."),
        },
    )
    networks = forms.ModelMultipleChoiceField(
        label=_("Nätverk du deltar i, ur registret"),
        queryset=Network.objects.none(),
        required=False,
        widget=NetworkSelect(attrs={"size": 8}),
        help_text=_(
            "Nätverken som kommunen är medlem i, i bokstavsordning. Skriv de första bokstäverna i namnet för att "
            "hoppa dit, och håll ned Ctrl (Cmd på Mac) för att välja flera."
        ),
        error_messages={"invalid_choice": NETWORK_CHOICE, "invalid_pk_value": NETWORK_CHOICE, "list": NETWORK_CHOICE},
    )
    other_networks = forms.CharField(
        label=_("Andra nätverk"),
        max_length=2000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=CompetenceProfile._meta.get_field("other_networks").help_text,
    )
    willing_to_help = forms.BooleanField(label=_("Jag vill hjälpa kollegor med internationella frågor"), required=False)
    help_note = forms.CharField(
        label=_("Vad du kan hjälpa till med"),
        max_length=500,
        required=False,
        help_text=CompetenceProfile._meta.get_field("help_note").help_text,
    )

    def __init__(self, *args, profile: CompetenceProfile, **kwargs):
        super().__init__(*args, **kwargs)
        # Inactive areas stay on the profiles that have them; nobody new chooses them.
        current = profile.eu_knowledge.values("pk") if profile.pk else []
        self.fields["eu_knowledge"].queryset = EuKnowledge.objects.filter(
            Q(is_active=True) | Q(pk__in=current)
        ).order_by("name")
        # Any network the employee may see can be posted (the action refuses an ended membership with a sentence);
        # the list offers the ongoing ones and those already on the profile.
        networks = Network.objects.restrict(profile.user, "view")
        self.fields["networks"].queryset = networks
        today = timezone.localdate()
        held = profile.networks.values("pk") if profile.pk else []
        offered = networks.filter(Q(member_until__isnull=True) | Q(member_until__gte=today) | Q(pk__in=held))
        self.fields["networks"].choices = [
            (n.pk, network_label(n, today)) for n in offered.select_related("organisation").order_by("name", "pk")
        ]
        for part, label in PARTS:
            self.fields[f"show_{part}"] = forms.ChoiceField(
                label=_("Vem ser ”%(part)s”?") % {"part": label},
                choices=Visibility.choices,
                widget=forms.RadioSelect,
                help_text=PART_HELP.get(part, ""),
                error_messages={
                    "required": _("Välj om kollegor får se den här delen eller bara du."),
                    "invalid_choice": _("Välj om kollegor får se den här delen eller bara du."),
                },
            )

    @staticmethod
    def initial_for(profile: CompetenceProfile) -> dict:
        initial = {
            "eu_knowledge": list(profile.eu_knowledge.all()),
            "networks": [n.pk for n in profile.networks.all()],
            "other_networks": profile.other_networks,
            "willing_to_help": profile.willing_to_help,
            "help_note": profile.help_note,
        }
        initial.update({f"show_{part}": getattr(profile, f"show_{part}") for part, _label in PARTS})
        return initial


class LanguageForm(forms.Form):
    language = forms.ChoiceField(
        label=_("Språk"),
        choices=(),
        widget=LongSelect,
        error_messages={"required": _("Välj ett språk i listan."), "invalid_choice": _("Välj ett språk i listan.")},
    )
    level = forms.ChoiceField(
        label=_("Nivå enligt den europeiska referensramen (CEFR)"),
        choices=[("", _("Välj nivå"))] + list(Level.choices),
        help_text=_("A1–A2: grundläggande, B1–B2: självständig, C1–C2: avancerad."),
        error_messages={
            "required": _("Välj en nivå från A1 till C2."),
            "invalid_choice": _("Välj en nivå från A1 till C2."),
        },
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["language"].choices = [("", _("Välj språk"))] + language_choices()


class ExperienceForm(forms.Form):
    country = forms.ChoiceField(
        label=_("Land"),
        choices=(),
        required=False,
        widget=CountrySelect,
        error_messages={"invalid_choice": _("Välj ett land i listan.")},
    )
    place = forms.CharField(
        label=_("Ort eller region"),
        max_length=200,
        required=False,
        help_text=_("T.ex. Skottland, Bryssel eller Nordkalotten. Ange ett land, en ort eller båda."),
    )
    start_year = forms.IntegerField(
        label=_("Från år"),
        required=False,
        error_messages={"invalid": _("Ange året med fyra siffror, t.ex. 2019.")},
    )
    end_year = forms.IntegerField(
        label=_("Till år"),
        required=False,
        help_text=_("Lämna tomt om det pågår."),
        error_messages={"invalid": _("Ange året med fyra siffror, t.ex. 2021.")},
    )
    description = forms.CharField(
        label=_("Vad du gjorde"),
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"required": _("Beskriv kort vad du gjorde, t.ex. ”arbetade två år på en skola i Edinburgh”.")},
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["country"].choices = [("", _("Inget land valt")), *country_choices()]

    def clean(self):
        # The action says the same; said here too, so it shows together with the form's own errors.
        cleaned = super().clean()
        if not cleaned.get("country") and not (cleaned.get("place") or "").strip() and "country" not in self.errors:
            self.add_error("place", _("Ange ett land eller en ort eller region, t.ex. Skottland."))
        return cleaned

    @staticmethod
    def initial_for(experience) -> dict:
        return {
            "country": experience.country.code or "",
            "place": experience.place,
            "start_year": experience.start_year,
            "end_year": experience.end_year,
            "description": experience.description,
        }


class EuKnowledgeForm(forms.Form):
    name = forms.CharField(
        label=_("Namn"), max_length=100, error_messages={"required": _("Ange områdets namn, t.ex. Interreg.")}
    )
    aliases = forms.CharField(
        label=_("Andra sökord"),
        max_length=300,
        required=False,
        help_text=EuKnowledge._meta.get_field("aliases").help_text,
    )
