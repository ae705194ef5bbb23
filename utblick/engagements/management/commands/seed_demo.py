"""manage.py seed_demo: the demo register for Härjedalens kommun, and synthetic bulk for benchmarks."""

import time

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from utblick.engagements import demo


class Command(BaseCommand):
    help = _(
        "Skapar demodata för Härjedalens kommun: personer, partnerorganisationer och engagemang 2022–2026. "
        "Samma data varje gång; görs inget om demodata redan finns."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--engagements",
            type=int,
            default=0,
            metavar="N",
            help=_("Lägg dessutom till N syntetiska engagemang (för prestandatester), t.ex. 10000."),
        )

    def handle(self, *args, engagements: int, **options):
        if engagements < 0:
            raise CommandError(_("Ange ett antal engagemang som är 0 eller större, t.ex. --engagements 10000."))
        try:
            result = demo.seed_demo()
        except ValidationError as exc:
            raise CommandError(_("Policyfilen kunde inte läsas in:") + "\n- " + "\n- ".join(exc.messages)) from exc
        if result.created:
            self.stdout.write(
                _(
                    "Demodata skapad: %(engagements)d engagemang, %(people)d personer, %(organisations)d "
                    "partnerorganisationer i %(countries)d länder, %(contacts)d kontaktpersoner, %(networks)d nätverk "
                    "och %(interactions)d kontakttillfällen."
                )
                % {
                    "engagements": result.engagements,
                    "people": result.people,
                    "organisations": result.organisations,
                    "countries": len(result.countries),
                    "contacts": result.contacts,
                    "networks": result.networks,
                    "interactions": result.interactions,
                }
            )
        else:
            self.stdout.write(_("Demodata finns redan i databasen; inget har ändrats."))
        if engagements:
            started = time.monotonic()
            added = demo.add_synthetic_engagements(engagements)
            self.stdout.write(
                _("Lade till %(count)d syntetiska engagemang på %(seconds).1f sekunder.")
                % {"count": added, "seconds": time.monotonic() - started}
            )
