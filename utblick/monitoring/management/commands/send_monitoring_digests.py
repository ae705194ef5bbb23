"""`manage.py send_monitoring_digests`: send the monitoring digests that are due, and/or the weekly summary."""

from django.core.management.base import BaseCommand
from django.utils.translation import gettext as _

from utblick.core.permissions import acting_as_system
from utblick.monitoring.digests import Frequency, send_digests, send_weekly_summary


class Command(BaseCommand):
    help = (
        "Skickar de e-postsammandrag från omvärldsbevakningen som är på tur (utan --frequency: alla frekvenser), "
        "och med --summary veckosammanfattningen till Kommunstyrelsen."
    )

    def add_arguments(self, parser):
        parser.add_argument("--frequency", choices=[f.value for f in Frequency], help="Bara den här frekvensen.")
        parser.add_argument("--summary", action="store_true", help="Skicka veckosammanfattningen.")
        parser.add_argument("--dry-run", action="store_true", help="Visa vad som skulle skickas, utan att skicka.")

    def handle(self, *args, frequency=None, summary=False, dry_run=False, **options):
        def report(text):
            self.stdout.write(text)

        frequencies = [frequency] if frequency else ([] if summary else [f.value for f in Frequency])
        with acting_as_system():
            total = 0
            for value in frequencies:
                outcome = send_digests(value, dry_run=dry_run, report=report)
                total += len(outcome.sent)
                if outcome.failed:
                    self.stderr.write(
                        _("%(count)d utskick kunde inte skickas; de försöks igen nästa gång.")
                        % {"count": len(outcome.failed)}
                    )
            if frequencies and not total:
                self.stdout.write(_("Inga sammandrag att skicka just nu."))
            if summary:
                send_weekly_summary(dry_run=dry_run, report=report)
