"""The subscription form: what to hear about, and how often."""

from django import forms
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from utblick.monitoring.models import Source, Subscription
from utblick.organisation.models import OrgUnit
from utblick.policy.models import Objective

KEYWORDS_MAX_LINES = 50
KEYWORD_MAX_LENGTH = 100
KEYWORD_MIN_LENGTH = 2


class SubscriptionForm(forms.ModelForm):
    """Units, objectives, sources and keywords (at least one of them), the frequency and whether it is on."""

    class Meta:
        model = Subscription
        fields = ["name", "units", "objectives", "sources", "keywords", "frequency", "is_active"]
        widgets = {
            "units": forms.CheckboxSelectMultiple,
            "objectives": forms.CheckboxSelectMultiple,
            "sources": forms.CheckboxSelectMultiple,
            "frequency": forms.RadioSelect,
            "keywords": forms.Textarea(attrs={"rows": 4}),
        }
        help_texts = {
            "name": gettext_lazy("Valfritt, till exempel ”Skolutbyten”. Syns i e-posten."),
            "keywords": gettext_lazy(
                "Ett ord eller en fras per rad. Hela ord, utan hänsyn till stora och små bokstäver: "
                "”Interreg” hittar ”INTERREG” men ”eu” hittar inte ”neutral”."
            ),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["units"].queryset = OrgUnit.objects.filter(is_active=True).order_by("name")
        self.fields["objectives"].queryset = Objective.objects.filter(is_active=True).order_by("code")
        self.fields["objectives"].label_from_instance = lambda o: f"{o.code} {o.name}"
        self.fields["sources"].queryset = Source.objects.filter(is_active=True).order_by("name")
        self.fields["frequency"].choices = Subscription.Frequency.choices
        self.fields["is_active"].help_text = _("Avmarkera för att pausa utskicken utan att ta bort prenumerationen.")

    def clean_keywords(self):
        lines = [" ".join(line.split()) for line in self.cleaned_data["keywords"].splitlines()]
        lines = [line for line in lines if line]
        if len(lines) > KEYWORDS_MAX_LINES:
            raise forms.ValidationError(
                _("Ange högst %(max)d sökord, ett per rad. Dela upp dem på flera prenumerationer om du behöver fler.")
                % {"max": KEYWORDS_MAX_LINES}
            )
        for line in lines:
            if len(line) > KEYWORD_MAX_LENGTH:
                raise forms.ValidationError(
                    _("Sökordet ”%(word)s…” är för långt. Ett sökord får vara högst %(max)d tecken.")
                    % {"word": line[:30], "max": KEYWORD_MAX_LENGTH}
                )
            if len(line) < KEYWORD_MIN_LENGTH:
                raise forms.ValidationError(
                    _("Sökordet ”%(word)s” är för kort. Ett sökord måste ha minst %(min)d tecken.")
                    % {"word": line, "min": KEYWORD_MIN_LENGTH}
                )
        return "\n".join(dict.fromkeys(lines))

    def clean(self):
        cleaned = super().clean()
        if not self.errors and not any(cleaned.get(name) for name in ("units", "objectives", "sources", "keywords")):
            raise forms.ValidationError(
                _(
                    "Välj minst en enhet, ett mål eller en källa, eller skriv minst ett sökord, så att Utblick vet vad du vill bevaka."
                )
            )
        return cleaned
