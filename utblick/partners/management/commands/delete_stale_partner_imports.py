"""Delete uploaded partner files that were never imported, after a week (run daily by cron or a systemd timer)."""

from django.core.management.base import BaseCommand
from django.utils.translation import ngettext

from utblick.partners.importing import jobs


class Command(BaseCommand):
    help = (
        "Tar bort uppladdade partnerfiler som aldrig importerades och är äldre än en vecka, med filens innehåll "
        "(personuppgifter). Samma sak görs också varje gång någon laddar upp en fil."
    )

    def handle(self, *args, **options):
        deleted = jobs.delete_stale_imports()
        self.stdout.write(
            ngettext(
                "%(count)d uppladdad fil som aldrig importerades togs bort.",
                "%(count)d uppladdade filer som aldrig importerades togs bort.",
                deleted,
            )
            % {"count": deleted}
        )
