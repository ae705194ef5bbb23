"""manage.py annual_report --year 2025 [--unit ID] --format docx|pdf|xlsx --output FILE: the annual report as a file.

The same report and files as the page's download (annual.export), built as the system: every figure counts
every engagement, secret ones included, and none is named. For a scheduled copy to the diarium, or by hand.
"""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext as _

from utblick.core.permissions import acting_as_system
from utblick.organisation.models import OrgUnit
from utblick.reports.annual import export as exports
from utblick.reports.annual.figures import build_report, year_problem


class Command(BaseCommand):
    help = _(
        "Skriver årsrapporten om det internationella arbetet som Word-, PDF- eller Excel-fil, för hela kommunen "
        "eller en enhet (med enheterna under den)."
    )

    def add_arguments(self, parser):
        parser.add_argument("--year", type=int, required=True, help=_("Året rapporten gäller, t.ex. 2025."))
        parser.add_argument("--unit", type=int, help=_("Enhetens id; utelämna för hela kommunen."))
        parser.add_argument("--format", required=True, help=_("docx, pdf eller xlsx."))
        parser.add_argument("--output", required=True, help=_("Filen att skriva, t.ex. arsrapport-2025.docx."))

    def handle(self, *args, year, unit, format, output, **options):
        fmt = format.lower().lstrip(".")
        if fmt not in exports.FORMATS:
            raise CommandError(
                _("Okänt format ”%(format)s”. Välj docx (Word), pdf eller xlsx (Excel).") % {"format": format}
            )
        problem = year_problem(year)
        if problem:
            raise CommandError(problem)
        chosen_unit = None
        if unit is not None:
            chosen_unit = OrgUnit.objects.filter(pk=unit).first()
            if chosen_unit is None:
                raise CommandError(
                    _(
                        "Det finns ingen enhet med id %(id)d. Se enheternas id under Organisation i Utblick, eller "
                        "utelämna --unit för hela kommunen."
                    )
                    % {"id": unit}
                )
        path = Path(output)
        if not path.parent.is_dir():
            raise CommandError(
                _("Mappen %(folder)s finns inte. Skapa den först eller välj en annan sökväg.") % {"folder": path.parent}
            )
        with acting_as_system():
            report = build_report(year, chosen_unit, user=None)
            content = exports.export(report, fmt)
        try:
            path.write_bytes(content)
        except OSError as error:
            raise CommandError(
                _("Filen %(file)s kunde inte skrivas: %(reason)s. Välj en annan sökväg.")
                % {"file": path, "reason": error.strerror or error}
            ) from error
        self.stdout.write(_("Skrev %(file)s (%(size)s)") % {"file": path, "size": filesizeformat(len(content))})
