"""manage.py load_starter_sources [--file PATH]: add the shipped starter list's sources that are not yet present.

Matched by address; prints one line per source, added or already present. Written as the system.
"""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from utblick.core.permissions import acting_as_system
from utblick.monitoring.sources.starter import STARTER_FILE, StarterListError, load_starter_sources


class Command(BaseCommand):
    help = _("Lägger till källorna i startlistan (monitoring/data/starter_sources.yaml) som inte redan finns.")

    def add_arguments(self, parser):
        parser.add_argument("--file", default=str(STARTER_FILE), help=_("En annan startlista i samma format."))

    def handle(self, *args, file, **options):
        try:
            with acting_as_system():
                result = load_starter_sources(by=None, path=Path(file))
        except StarterListError as error:
            raise CommandError(str(error)) from None
        for source in result.added:
            self.stdout.write(_("Tillagd: %(name)s (%(url)s)") % {"name": source.name, "url": source.url})
        for name, existing in result.present:
            self.stdout.write(_("Fanns redan: %(name)s (som %(existing)s)") % {"name": name, "existing": existing})
        self.stdout.write(
            _("%(added)d källor tillagda, %(present)d fanns redan.")
            % {"added": len(result.added), "present": len(result.present)}
        )
