"""Fetch sources now, in the foreground, one line per source (issue 5): all active sources, or one by id."""

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from utblick.core.permissions import acting_as_system
from utblick.monitoring.fetching.runner import announce, fetch_source
from utblick.monitoring.models import Source


class Command(BaseCommand):
    help = (
        "Hämtar källor nu, i förgrunden, och skriver en rad per källa. Utan --source hämtas alla aktiva källor. "
        "Avslutas med kod 1 om någon källa inte gick att hämta."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--source", type=int, metavar="ID", help="Hämta bara källan med detta id (även en inaktiv)."
        )

    def handle(self, *args, source=None, **options):
        if source is not None:
            sources = list(Source.objects.filter(pk=source))
            if not sources:
                raise CommandError(
                    _("Det finns ingen källa med id %(id)s. Se källornas id i listan över källor.") % {"id": source}
                )
        else:
            sources = list(Source.objects.filter(is_active=True).order_by("name", "pk"))
        failed = 0
        outcomes = []
        with acting_as_system():
            for each in sources:
                outcome = fetch_source(each)
                outcomes.append(outcome)
                if outcome.ok:
                    line = ngettext(
                        "Källa %(name)s: %(count)d ny post", "Källa %(name)s: %(count)d nya poster", outcome.new_count
                    ) % {"name": each.name, "count": outcome.new_count}
                    if outcome.not_modified:
                        line += " " + _("(oförändrad sedan förra hämtningen)")
                    self.stdout.write(line)
                else:
                    failed += 1
                    self.stdout.write(_("Källa %(name)s: fel: %(error)s") % {"name": each.name, "error": outcome.error})
            announce(outcomes)
        if failed:
            raise CommandError(
                ngettext("%(count)d källa gick inte att hämta.", "%(count)d källor gick inte att hämta.", failed)
                % {"count": failed},
                returncode=1,
            )
