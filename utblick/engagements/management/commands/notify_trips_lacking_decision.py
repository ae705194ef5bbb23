"""Notify about trips leaving within 30 days (or under way) without a decision: once per trip and person."""

from django.core.management.base import BaseCommand
from django.utils.translation import ngettext

from utblick.core.permissions import acting_as_system
from utblick.engagements.trip_notifications import notify_trips_lacking_decision


class Command(BaseCommand):
    help = (
        "Aviserar ansvariga och resenärer om resor som avgår inom 30 dagar (eller pågår) utan registrerat beslut. "
        "Varje person aviseras en gång per resa, hur ofta kommandot än körs. Körs dagligen av schemaläggaren."
    )

    def handle(self, *args, **options):
        with acting_as_system():
            count = notify_trips_lacking_decision(by=None)
        self.stdout.write(
            ngettext(
                "%(count)d avisering om resor utan beslut skapades.",
                "%(count)d aviseringar om resor utan beslut skapades.",
                count,
            )
            % {"count": count}
        )
