"""The partner register's forms; the actions validate again for every other caller (imports, commands)."""

from utblick.partners.forms.contacts import AffiliationFormSet, AnonymiseForm, ContactForm
from utblick.partners.forms.interactions import InteractionFilterForm, InteractionForm
from utblick.partners.forms.networks import NetworkForm
from utblick.partners.forms.organisation import OrganisationForm

__all__ = [
    "AffiliationFormSet",
    "AnonymiseForm",
    "ContactForm",
    "InteractionFilterForm",
    "InteractionForm",
    "NetworkForm",
    "OrganisationForm",
]
