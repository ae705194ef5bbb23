"""Email each responsible officer the engagements that lack actuals, results or dissemination for a year (R-51)."""

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import ngettext

from utblick.reports.annual.figures import year_problem
from utblick.reports.followup_reminders import send_reminders


class Command(BaseCommand):
    help = (
        "Skickar påminnelser om årets uppföljning till ansvariga tjänstemän (engagemang utan ansvarig med e-post "
        "går till samordnarna). Den som påmints om samma år de senaste FOLLOWUP_REMINDER_INTERVAL_DAYS dagarna "
        "får ingen ny påminnelse, utom med --force."
    )

    def add_arguments(self, parser):
        parser.add_argument("--year", type=int, help="Året som följs upp (standard: förra året).")
        parser.add_argument("--dry-run", action="store_true", help="Visa vilka e-postmeddelanden som skulle skickas.")
        parser.add_argument(
            "--force", action="store_true", help="Skicka även till den som redan påmints inom intervallet."
        )

    def handle(self, *args, year=None, dry_run=False, force=False, **options):
        problem = "" if year is None else year_problem(year)
        if problem:
            raise CommandError(problem)
        outcome = send_reminders(year, dry_run=dry_run, force=force, report=self.stdout.write)
        counts = {"sent": len(outcome.sent), "skipped": len(outcome.skipped)}
        if dry_run:
            summary = ngettext(
                "Torrkörning: %(sent)d påminnelse skulle skickas. Inget skickades.",
                "Torrkörning: %(sent)d påminnelser skulle skickas. Inget skickades.",
                counts["sent"],
            )
        else:
            summary = ngettext("%(sent)d påminnelse skickades.", "%(sent)d påminnelser skickades.", counts["sent"])
        if counts["skipped"]:
            summary += " " + ngettext(
                "%(skipped)d mottagare hade redan påmints inom intervallet.",
                "%(skipped)d mottagare hade redan påmints inom intervallet.",
                counts["skipped"],
            )
        self.stdout.write(summary % counts)
