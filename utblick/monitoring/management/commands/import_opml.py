"""manage.py import_opml FILE: every feed in an OPML file becomes a source (the same code as the import page).

Prints one line per feed, added or skipped (already present). A file with a problem writes nothing (exit 1).
Sources are written as the system (history: "System").
"""

import os

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from utblick.core.permissions import acting_as_system
from utblick.monitoring.sources.opml import MAX_OPML_BYTES, OpmlError, import_opml


class Command(BaseCommand):
    help = _("Importerar flöden från en OPML-fil som källor för omvärldsbevakningen. Adresser som finns hoppas över.")

    def add_arguments(self, parser):
        parser.add_argument("file", help=_("Sökväg till OPML-filen, t.ex. flöden.opml"))

    def handle(self, *args, file, **options):
        try:
            size = os.path.getsize(file)
            if size > MAX_OPML_BYTES:
                raise CommandError(
                    _("Filen är för stor (högst %(max)d MB). Dela upp den i flera filer.")
                    % {"max": MAX_OPML_BYTES // 2**20}
                )
            with open(file, "rb") as handle:
                content = handle.read()
        except OSError:
            raise CommandError(_("Filen %(file)s finns inte eller kan inte läsas.") % {"file": file}) from None
        try:
            with acting_as_system():
                result = import_opml(content, by=None)
        except OpmlError as error:
            for problem in error.problems:
                self.stderr.write("- " + problem)
            raise CommandError(_("Filen kunde inte importeras; ingenting har sparats.")) from None
        for source in result.added:
            self.stdout.write(_("Tillagd: %(name)s (%(url)s)") % {"name": source.name, "url": source.url})
        for entry, why in result.skipped:
            self.stdout.write(
                _("Överhoppad: %(name)s (%(url)s): %(why)s") % {"name": entry.name, "url": entry.url, "why": why}
            )
        self.stdout.write(
            _("%(added)d källor tillagda, %(skipped)d överhoppade.")
            % {"added": len(result.added), "skipped": len(result.skipped)}
        )
