"""Forms of the item pages: the list's filters and the triage of one item."""

from django import forms
from django.utils.translation import gettext_lazy as _

from utblick.core.widgets import LongSelect
from utblick.engagements.models import Engagement
from utblick.monitoring.models import Item, Source
from utblick.organisation.models import OrgUnit
from utblick.policy.models import Objective

MINE = "mine"


class UnitField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return obj.name


class ItemFilterForm(forms.Form):
    """What the item list can be narrowed to; every field optional."""

    q = forms.CharField(label=_("Sök i rubrik och text"), max_length=200, required=False)
    state = forms.ChoiceField(label=_("Bedömning"), required=False)
    unit = forms.ChoiceField(label=_("Enhet"), required=False)
    objective = forms.ModelChoiceField(label=_("Mål i policyn"), queryset=Objective.objects.none(), required=False)
    source = forms.ModelChoiceField(label=_("Källa"), queryset=Source.objects.none(), required=False)

    def __init__(self, *args, my_unit_ids=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.my_unit_ids = set(my_unit_ids)
        self.fields["state"].choices = [("", _("Alla"))] + list(Item.State.choices)
        units = [(str(u.pk), "\u2003" * depth + u.name) for u, depth in OrgUnit.tree()]
        mine = [(MINE, _("Mina enheter"))] if self.my_unit_ids else []
        self.fields["unit"].choices = [("", _("Alla enheter")), *mine, *units]
        self.fields["objective"].queryset = Objective.objects.all()
        self.fields["objective"].empty_label = _("Alla mål")
        self.fields["source"].queryset = Source.objects.order_by("name")
        self.fields["source"].empty_label = _("Alla källor")

    def unit_ids(self) -> set[int] | None:
        """The chosen units with their sub-units, or None for all."""
        value = self.cleaned_data.get("unit")
        if not value:
            return None
        if value == MINE:
            return self.my_unit_ids
        return OrgUnit.with_descendants([int(value)])


class TriageForm(forms.Form):
    """The municipality's assessment of one item."""

    state = forms.ChoiceField(label=_("Bedömning"), choices=Item.State.choices)
    comment = forms.CharField(
        label=_("Kommentar"), max_length=5000, required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    assigned_unit = UnitField(label=_("Tilldelad enhet"), queryset=OrgUnit.objects.none(), required=False)
    engagement = forms.ModelChoiceField(
        label=_("Kopplat engagemang"),
        queryset=Engagement.objects.none(),
        required=False,
        widget=LongSelect,
        help_text=_("Till exempel ett engagemang som utlysningen kan finansiera."),
    )

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["assigned_unit"].queryset = OrgUnit.objects.filter(is_active=True).order_by("name")
        self.fields["assigned_unit"].empty_label = _("Ingen")
        self.fields["engagement"].queryset = (
            Engagement.objects.restrict(user, "view").order_by("title").only("pk", "title")
        )
        self.fields["engagement"].empty_label = _("Inget")
        self.fields["engagement"].label_from_instance = lambda e: e.title
