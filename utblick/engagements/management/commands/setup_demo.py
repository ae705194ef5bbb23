"""manage.py setup_demo: the first run of `make run` loads the policy, the demo data and one account per role."""

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.utils.translation import gettext as _

from utblick.engagements import demo
from utblick.engagements.demo.seed import seed_with_accounts
from utblick.policy.loader import load_policy


class Command(BaseCommand):
    help = _(
        "Första gången (inga användarkonton finns): läser in policyn, skapar demodata och ett demokonto per roll "
        "och visar deras engångslösenord. Senare gånger ändras ingenting."
    )

    def handle(self, *args, **options):
        if demo.accounts_exist():
            self._already_set_up()
            return
        try:
            with transaction.atomic():
                load_policy(demo.POLICY_FILE)
                demo.seed_demo()
                accounts = demo.create_demo_accounts()
                report = self._seed_with_accounts()
        except ValidationError as exc:
            raise CommandError(_("Policyfilen kunde inte läsas in:") + "\n- " + "\n- ".join(exc.messages)) from exc
        self._print_report(report)
        self._print_accounts(accounts)

    def _already_set_up(self):
        self.stdout.write(_("Utblick är redan installerat; alla data finns kvar och inget har ändrats."))
        names = demo.demo_usernames()
        if names:
            self.stdout.write(_("Demokonton: %(names)s.") % {"names": ", ".join(names)})
        self.stdout.write(
            _(
                "Lösenorden visades bara första gången. Sätt ett nytt lösenord med: "
                "python manage.py changepassword <användarnamn>"
            )
        )

    def _seed_with_accounts(self):
        try:
            return seed_with_accounts()
        except ValidationError as exc:  # the demo's own data broke a rule: nothing is written, the reasons shown
            raise CommandError(
                _("Demodata för demokontona kunde inte skapas; inget har sparats:") + "\n- " + "\n- ".join(exc.messages)
            ) from exc

    def _print_report(self, report):
        if report.added:
            self.stdout.write(
                _("Demokontona har också arbetat i Utblick: %(summary)s.") % {"summary": report.summary()}
            )
        for reason in report.skipped:
            self.stdout.write(reason)

    def _print_accounts(self, accounts):
        header = (_("Användarnamn"), _("Roll"), _("Enhet"), _("Lösenord"))
        rows = [header] + [(a.username, a.role, a.unit, a.password) for a in accounts]
        widths = [max(len(row[i]) for row in rows) for i in range(len(header))]

        def line(row):
            return "  ".join(cell.ljust(width) for cell, width in zip(row, widths, strict=True)).rstrip()

        out = self.stdout
        out.write("")
        out.write(_("Utblick är installerat med demodata för Härjedalens kommun. Demokonton:"))
        out.write("")
        out.write(line(header))
        out.write(line(["-" * w for w in widths]))
        for row in rows[1:]:
            out.write(line(row))
        out.write("")
        out.write(
            _(
                "Spara lösenorden nu: de visas bara denna gång och går inte att få fram igen. "
                "Ett nytt lösenord sätts med: python manage.py changepassword <användarnamn>"
            )
        )
        out.write("")
