"""manage.py import_partners FILE [--dry-run] [--create-duplicates]: the partner import, from the command line.

The same code as the upload page (partners.importing): every row is checked first, and a file with any
problem writes nothing. Records are written as the system (history: "System"). Exit codes: 0 everything
imported (with --dry-run: the file is valid), 1 problems in the file (nothing written), 2 likely
duplicates left out (the rest was imported).
"""

import os

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from utblick.core.permissions import acting_as_system
from utblick.partners.importing import check_file, size_problem
from utblick.partners.importing.writing import ImportFailed, write_plan

EXIT_PROBLEMS = 1
EXIT_SKIPPED = 2


class Command(BaseCommand):
    help = _(
        "Importerar partnerorganisationer och kontaktpersoner från en XLSX- eller CSV-fil. Filen kontrolleras "
        "först; innehåller den fel skrivs ingenting."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", help=_("Sökväg till filen, t.ex. partner.xlsx eller partner.csv"))
        parser.add_argument(
            "--dry-run", action="store_true", help=_("Kontrollera filen och visa vad som skulle hända, utan att spara.")
        )
        parser.add_argument(
            "--create-duplicates",
            action="store_true",
            help=_("Skapa möjliga dubbletter som nya poster (annars importeras de inte)."),
        )

    def handle(self, *args, file, dry_run, create_duplicates, **options):
        try:
            size = os.path.getsize(file)
        except OSError:
            raise CommandError(_("Filen %(file)s finns inte eller kan inte läsas.") % {"file": file}) from None
        too_big = size_problem(size)
        if too_big:
            raise CommandError(too_big, returncode=EXIT_PROBLEMS)
        with open(file, "rb") as handle:
            content = handle.read()
        plan = check_file(content, os.path.basename(file))
        if not plan.is_valid:
            self.stdout.write(_("Filen innehåller fel. Ingenting har importerats. Rätta följande och försök igen:"))
            for problem in plan.problems:
                self.stdout.write("- " + problem_line(problem))
            raise CommandError(
                _("%(count)d fel i filen; ingenting har importerats.") % {"count": len(plan.problems)},
                returncode=EXIT_PROBLEMS,
            )
        self.stdout.write(
            _("%(rows)d rader kontrollerade: %(organisations)d organisationer och %(contacts)d kontaktpersoner.")
            % {"rows": plan.rows, "organisations": len(plan.organisations), "contacts": len(plan.contacts)}
        )
        if plan.unused_columns:
            self.stdout.write(
                _("Kolumner som inte används: %(columns)s.") % {"columns": ", ".join(plan.unused_columns)}
            )
        if plan.decisions:
            self.stdout.write(
                _("Möjliga dubbletter (skapas som nya med --create-duplicates, annars importeras de inte):")
                if not create_duplicates
                else _("Möjliga dubbletter, som skapas som nya (--create-duplicates):")
            )
            for item in plan.decisions:
                self.stdout.write("- " + decision_line(item))
        if dry_run:
            self.stdout.write(_("Provkörning (--dry-run): ingenting har sparats."))
            return
        try:
            with acting_as_system():
                summary = write_plan(plan, by=None, decisions={}, undecided="create" if create_duplicates else "skip")
        except ImportFailed as error:
            raise CommandError(str(error), returncode=EXIT_PROBLEMS) from error
        self.stdout.write(
            _(
                "Importerat: %(org_new)d nya organisationer, %(org_linked)d kopplade till befintliga; "
                "%(contact_new)d nya kontaktpersoner, %(contact_linked)d kopplade till befintliga."
            )
            % {
                "org_new": summary.organisations_created,
                "org_linked": summary.organisations_linked,
                "contact_new": summary.contacts_created,
                "contact_linked": summary.contacts_linked,
            }
        )
        if summary.skipped:
            for line in summary.skipped:
                self.stdout.write("- " + line)
            raise CommandError(
                _("%(count)d poster importerades inte (möjliga dubbletter). Resten är importerat.")
                % {"count": len(summary.skipped)},
                returncode=EXIT_SKIPPED,
            )


def problem_line(problem) -> str:
    """'Rad 5, kolumn ”Land”: Landet ”Narnia” känns inte igen. …' (the preview's table as one line)."""
    if problem.row and problem.column:
        where = _("Rad %(row)d, kolumn ”%(column)s”") % {"row": problem.row, "column": problem.column}
    elif problem.row:
        where = _("Rad %(row)d") % {"row": problem.row}
    else:
        where = _("Filen")
    return f"{where}: {problem.message}"


def decision_line(item) -> str:
    rows = ", ".join(str(row) for row in item.rows)
    others = "; ".join(f"{match.record.name} ({match.reason})" for match in item.matches)
    return _("Rad %(rows)s: %(name)s liknar %(others)s") % {"rows": rows, "name": item.fields["name"], "others": others}
