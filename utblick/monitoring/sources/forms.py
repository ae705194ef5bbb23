"""The source form and the OPML upload form; the rules live in sources.checks, shared with the actions."""

from django import forms
from django.utils.translation import gettext as gettext_now
from django.utils.translation import gettext_lazy as _

from utblick.core.editing import fields_form
from utblick.monitoring.models import URL_MAX, Source
from utblick.monitoring.sources.checks import INTERVAL_MAX, INTERVAL_MIN, SOURCE_FIELDS, duplicate_of, source_problems
from utblick.monitoring.sources.opml import MAX_OPML_BYTES

# Fields needed to fetch: a preview runs when these are right, whatever the others say.
FETCH_FIELDS = ("url", "kind", "item_selector", "title_selector", "link_selector", "date_selector")


class _SourceFormBase(forms.Form):
    url = forms.CharField(
        label=_("Adress"),
        max_length=URL_MAX,
        help_text=_("Flödets adress (RSS, Atom eller JSON Feed) eller webbsidans adress, med https://."),
        widget=forms.URLInput(attrs={"autocomplete": "url", "spellcheck": "false"}),
        error_messages={"required": _("Fyll i källans adress, till exempel https://www.exempel.se/feed/.")},
    )
    interval_minutes = forms.IntegerField(
        label=_("Hämtas var (minuter)"),
        min_value=INTERVAL_MIN,
        max_value=INTERVAL_MAX,
        initial=60,
        help_text=_("Mellan 5 minuter och 10080 minuter (en vecka). 60 betyder en gång i timmen."),
        error_messages={
            "required": _("Fyll i hur ofta källan ska hämtas, i minuter (till exempel 60)."),
            "invalid": _("Skriv antalet minuter som en siffra, till exempel 60."),
            "min_value": _("Källan kan hämtas högst var femte minut: skriv minst 5."),
            "max_value": _("Källan måste hämtas minst en gång i veckan: skriv högst 10080."),
        },
    )
    field_order = SOURCE_FIELDS

    def __init__(self, *args, source=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.source = source
        self.fields["kind"].error_messages["invalid_choice"] = _("Välj om källan är ett flöde eller en webbsida.")
        for name in ("item_selector", "title_selector", "link_selector", "date_selector"):
            self.fields[name].widget.attrs.update({"spellcheck": "false", "autocomplete": "off"})
        self.fields["item_selector"].help_text = _("Bara för webbsidor: CSS-väljare för varje post, t.ex. ”article”.")
        self.fields["title_selector"].help_text = _("Bara för webbsidor: rubriken inuti posten, t.ex. ”h2”.")
        self.fields["link_selector"].help_text = _("Valfri: länken inuti posten, t.ex. ”a”. Annars rubrikens länk.")
        self.fields["date_selector"].help_text = _("Valfri: datumet inuti posten, t.ex. ”time”.")

    def clean(self):
        cleaned = super().clean()
        for name, problem in source_problems(cleaned, check_duplicate=False).items():
            if name not in self.errors:
                self.add_error(name, problem)
        self.duplicate = None
        if "url" not in self.errors and cleaned.get("url"):
            self.duplicate = duplicate_of(cleaned["url"].strip(), self.source.pk if self.source else None)
            if self.duplicate is not None:
                self.duplicate_url = cleaned["url"]  # add_error drops it from cleaned_data; a preview still needs it
                self.add_error("url", gettext_now("Källan finns redan: %(name)s.") % {"name": self.duplicate.name})
        return cleaned

    def can_preview(self) -> bool:
        """Whether a preview can run: address, kind and selectors are right (an address already used is fine)."""
        self.is_valid()
        return all(
            name not in self.errors or (name == "url" and self.duplicate is not None and len(self.errors["url"]) == 1)
            for name in FETCH_FIELDS
        )

    def preview_values(self) -> dict:
        """The cleaned values to fetch with (the address too when it is only a duplicate)."""
        values = dict(self.cleaned_data)
        if self.duplicate is not None:
            values["url"] = self.duplicate_url
        return values


SourceForm = fields_form(
    Source,
    ["name", "kind", "item_selector", "title_selector", "link_selector", "date_selector", "is_active", "description"],
    base=_SourceFormBase,
    widgets={"description": forms.Textarea(attrs={"rows": 3})},
    name="SourceForm",
)


class OpmlUploadForm(forms.Form):
    file = forms.FileField(
        label=_("OPML-fil"),
        help_text=_("En .opml- eller .xml-fil exporterad från en flödesläsare, högst 2 MB."),
        error_messages={
            "required": _("Välj en OPML-fil att importera."),
            "missing": _("Välj en OPML-fil att importera."),
            "invalid": _("Filen kom inte fram. Välj den igen och försök på nytt."),
            "empty": _("Filen är tom. Välj en OPML-fil med minst ett flöde."),
        },
        widget=forms.ClearableFileInput(attrs={"accept": ".opml,.xml,text/x-opml,application/xml,text/xml"}),
    )

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload.size > MAX_OPML_BYTES:
            raise forms.ValidationError(
                _("Filen är för stor (högst %(max)d MB). Dela upp den i flera filer."),
                params={"max": MAX_OPML_BYTES // 2**20},
            )
        return upload
