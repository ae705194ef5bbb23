"""The fast select widgets render the same choices as Django's, escaped, with the chosen values selected."""

from django import forms
from django.utils import translation

from utblick.core.widgets import CountrySelect, LongSelect


class Form(forms.Form):
    kind = forms.ChoiceField(choices=[("", "Alla"), ("a", "<b>A</b>"), ("b", "B")], widget=LongSelect, required=False)
    country = forms.ChoiceField(choices=[("", "Alla länder"), ("NO", "Norge")], widget=CountrySelect, required=False)


def test_long_select_escapes_labels_and_marks_the_chosen_value():
    html = str(Form({"kind": "a"})["kind"])
    assert '<option value="a" selected>&lt;b&gt;A&lt;/b&gt;</option>' in html
    assert '<option value="b">B</option>' in html
    assert html.startswith("<select") and 'name="kind"' in html and 'id="id_kind"' in html


def test_country_select_names_countries_in_the_active_language_and_selects_the_chosen_one():
    with translation.override("sv"):
        html = str(Form({"country": "NO"})["country"])
    assert '<option value="">Alla länder</option>' in html
    assert '<option value="NO" selected>Norge</option>' in html
    assert '<option value="FI">Finland</option>' in html
    with translation.override("en"):
        assert '<option value="NO">Norway</option>' in str(Form({})["country"])


def test_country_select_ignores_a_forged_value():
    html = str(Form({"country": '"><script>alert(1)</script>'})["country"])
    assert "<script>" not in html
    assert " selected" not in html
