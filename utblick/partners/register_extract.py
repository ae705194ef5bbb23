"""A register extract ("registerutdrag", GDPR art. 15): everything Utblick holds about one contact person.

One dictionary serves both formats: JSON as it is, and PDF through a Swedish HTML template that
WeasyPrint renders without fetching anything.
"""

from django.db.models import Prefetch
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.translation import gettext as _

from utblick.core.history import actor_name, history_of
from utblick.core.permissions import ensure_role
from utblick.organisation.models import Person
from utblick.partners import gdpr
from utblick.partners.models import Affiliation, Contact, Interaction


def _date(value) -> str | None:
    return value.isoformat() if value else None


def _moment(value) -> str | None:
    return timezone.localtime(value).isoformat(timespec="seconds") if value else None


def register_extract(contact: Contact, *, by) -> dict:
    """Everything held about the person: their data, organisations, who knows them, meetings, consent, history.

    Only the coordinator makes extracts. The data subject has a right to all data about them, so the
    meetings they took part in are listed even when they belong to a secret engagement: the extract goes
    to the person, not to other staff. The engagement itself (its title) is not the person's data and is
    left out.
    """
    ensure_role(by, "partner_admin", "view")
    contact = (
        Contact.objects.select_related("consent_recorded_by")
        .prefetch_related(
            Prefetch("affiliations", queryset=Affiliation.objects.select_related("organisation")),
            Prefetch("known_by", queryset=Person.objects.select_related("unit")),
            Prefetch(
                "interactions",
                queryset=Interaction.objects.select_related("organisation").order_by("date", "pk"),
            ),
        )
        .get(pk=contact.pk)
    )
    facts = gdpr.facts(contact)
    return {
        "registerutdrag": {
            "skapat": _moment(timezone.now()),
            "skapat_av": actor_name(by),
            "omfattning": _("Alla uppgifter som kommunen har om kontaktpersonen i Utblick."),
        },
        "kontaktperson": {
            "id": contact.pk,
            "namn": contact.name,
            "titel": contact.title,
            "sprak": contact.languages,
            "e_post": contact.email,
            "telefon": contact.phone,
            "anteckningar": contact.notes,
            "registrerad": _moment(contact.created_at),
            "senast_andrad": _moment(contact.updated_at),
            "anonymiserad": _moment(contact.anonymised_at),
        },
        "personuppgifter": {
            "rattslig_grund": str(contact.get_legal_basis_display()),
            "samtycker_till_att_visas_for_lokala_aktorer": contact.consent_to_share,
            "samtycke_lamnat": _date(contact.consent_date),
            "samtycke_hur": contact.consent_method,
            "samtycke_registrerat_av": actor_name(contact.consent_recorded_by) if contact.consent_recorded_by else "",
            "uppgifter_som_visas_for_lokala_aktorer": facts["shared_labels"],
            "senaste_aktivitet": _date(facts["last_activity"]),
            "gallras_tidigast": _date(facts["earliest_anonymisation"]),
        },
        "organisationer": [
            {
                "organisation": a.organisation.name,
                "land": str(a.organisation.country.name) if a.organisation.country else "",
                "roll": a.role,
            }
            for a in contact.affiliations.all()
        ],
        "kand_av": [
            {"namn": person.name, "titel": person.title, "enhet": person.unit.name} for person in contact.known_by.all()
        ],
        "kontakttillfallen": [
            {
                "datum": _date(interaction.date),
                "typ": str(interaction.get_kind_display()),
                "amne": interaction.subject,
                "organisation": interaction.organisation.name,
                "anteckningar": interaction.notes,
            }
            for interaction in contact.interactions.all()
        ],
        # Other apps' records about the person (gdpr.HOLDERS): {key: {rubrik, kolumner, rader}}.
        "ovrigt": {
            key: {
                "rubrik": str(holder.title),
                "kolumner": [str(c) for c in holder.columns],
                "rader": holder.extract(contact),
            }
            for key, holder in gdpr.HOLDERS.items()
        },
        "historik": [
            {
                "tidpunkt": _moment(change.at),
                "handelse": str(change.get_action_display()),
                "utford_av": change.actor_name,
                "andringar": [
                    {"uppgift": item.get("field", ""), "fore": item.get("before", ""), "efter": item.get("after", "")}
                    for item in change.changes
                    if isinstance(item, dict)
                ],
                "motivering": change.reason,
            }
            for change in history_of(contact).order_by("at", "pk")
        ],
    }


def refusing_url_fetcher():
    """A WeasyPrint URL fetcher that fetches nothing: no network, no files (the template inlines its CSS)."""
    from weasyprint.urls import URLFetcher

    class RefuseEveryFetch(URLFetcher):
        def fetch(self, url, headers=None):
            raise ValueError(f"Registerutdraget hämtar inga resurser: {url}")

    return RefuseEveryFetch()


def render_pdf(extract: dict) -> bytes:
    """The extract as a PDF, in Swedish, rendered without network or file access."""
    from weasyprint import HTML

    html = render_to_string("partners/register_extract.html", {"extract": extract})
    return HTML(string=html, url_fetcher=refusing_url_fetcher()).write_pdf()
