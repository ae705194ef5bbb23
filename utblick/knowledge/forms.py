"""Forms for lessons learned and news; the actions check the rules and say what is wrong in Swedish."""

from django import forms
from django.utils.translation import gettext_lazy as _

from utblick.core.countries import country_choices
from utblick.core.widgets import CountrySelect, CountrySelectMultiple, LongSelect
from utblick.knowledge.models import Category
from utblick.organisation.models import OrgUnit
from utblick.partners.models import Organisation
from utblick.policy.models import Area, Objective


class MultiLongSelect(LongSelect):
    allow_multiple_selected = True


class LessonForm(forms.Form):
    title = forms.CharField(
        label=_("Rubrik"),
        max_length=200,
        error_messages={"required": _("Ge erfarenheten en rubrik, t.ex. vad engagemanget handlade om.")},
    )
    worked = forms.CharField(
        label=_("Vad fungerade?"),
        max_length=10000,
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text=_("Det som gick bra och som andra kan göra likadant."),
        error_messages={"required": _("Beskriv vad som fungerade, så att andra kan göra likadant.")},
    )
    did_not_work = forms.CharField(
        label=_("Vad fungerade inte?"),
        max_length=10000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text=_("Det som gick sämre, och varför, så att andra kan undvika det."),
    )
    advice = forms.CharField(
        label=_("Råd till andra"),
        max_length=10000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
    )
    partners = forms.ModelMultipleChoiceField(
        label=_("Partner"),
        queryset=Organisation.objects.none(),
        required=False,
        widget=MultiLongSelect(attrs={"size": 6}),
        help_text=_("Hämtade från engagemanget. Håll ned Ctrl för att välja flera."),
    )
    countries = forms.MultipleChoiceField(
        label=_("Länder"),
        choices=(),
        required=False,
        widget=CountrySelectMultiple(attrs={"size": 6}),
        help_text=_("Hämtade från engagemanget. Håll ned Ctrl för att välja flera."),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["partners"].queryset = Organisation.objects.all()
        self.fields["partners"].choices = [(o.pk, str(o)) for o in Organisation.objects.order_by("name")]
        self.fields["countries"].choices = list(country_choices())


class LessonSearchForm(forms.Form):
    q = forms.CharField(label=_("Sök"), required=False, max_length=200, help_text=_("Ord i rubriken eller texterna."))
    country = forms.ChoiceField(label=_("Land"), required=False, choices=(), widget=CountrySelect)
    partner = forms.ModelChoiceField(
        label=_("Partner"), queryset=Organisation.objects.none(), required=False, empty_label=_("Alla partner")
    )
    area = forms.ModelChoiceField(
        label=_("Område"), queryset=Area.objects.none(), required=False, empty_label=_("Alla områden")
    )
    objective = forms.ModelChoiceField(
        label=_("Mål i policyn"), queryset=Objective.objects.none(), required=False, empty_label=_("Alla mål")
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["country"].choices = [("", _("Alla länder")), *country_choices()]
        # Only partners that some lesson names: the list stays short and every choice finds something.
        self.fields["partner"].queryset = Organisation.objects.filter(lessons__isnull=False).distinct()
        self.fields["area"].queryset = Area.objects.all()
        self.fields["objective"].queryset = Objective.objects.all()


AUDIENCE_CHOICES = [("all", _("Alla i kommunen")), ("units", _("Valda enheter"))]


class ArticleForm(forms.Form):
    title = forms.CharField(label=_("Rubrik"), max_length=200, error_messages={"required": _("Ge nyheten en rubrik.")})
    text = forms.CharField(
        label=_("Text"),
        max_length=20000,
        widget=forms.Textarea(attrs={"rows": 10}),
        help_text=_("Vanlig text. Lämna en tom rad mellan stycken."),
        error_messages={"required": _("Skriv nyhetens text.")},
    )
    category = forms.ChoiceField(
        label=_("Kategori"),
        choices=Category.choices,
        widget=forms.RadioSelect,
        error_messages={"required": _("Välj en kategori: internationella frågor, utlysningar eller evenemang.")},
    )
    link = forms.URLField(
        label=_("Länk"),
        max_length=2000,
        required=False,
        assume_scheme="https",
        help_text=_("Frivillig: en sida med mer information, t.ex. utlysningen."),
        error_messages={"invalid": _("Skriv en fullständig webbadress som börjar med https://.")},
    )
    audience = forms.ChoiceField(
        label=_("Mottagare"), choices=AUDIENCE_CHOICES, widget=forms.RadioSelect, initial="all"
    )
    units = forms.ModelMultipleChoiceField(
        label=_("Enheter"),
        queryset=OrgUnit.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("När nyheten går till valda enheter: de som arbetar där och i enheterna under dem."),
    )
    engagement = forms.IntegerField(required=False, widget=forms.HiddenInput)
    monitoring_item = forms.IntegerField(required=False, widget=forms.HiddenInput)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["units"].queryset = OrgUnit.objects.filter(is_active=True).order_by("name")

    def clean(self):
        data = super().clean()
        # Said here too, so the sentence shows together with the other fields' errors.
        if data.get("audience") == "units" and not data.get("units"):
            self.add_error("units", _("Välj minst en enhet som nyheten ska gå till, eller välj att den går till alla."))
        return data
