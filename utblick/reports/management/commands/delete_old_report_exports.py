"""Delete annual report files made more than a day ago (run daily by cron or a systemd timer)."""

from django.core.management.base import BaseCommand
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from utblick.reports.annual import export as exports


class Command(BaseCommand):
    help = _(
        "Tar bort årsrapportfiler som skapades för nedladdning för mer än ett dygn sedan. Samma sak görs också "
        "varje gång någon beställer en ny fil."
    )

    def handle(self, *args, **options):
        deleted = exports.delete_old_exports()
        self.stdout.write(
            ngettext(
                "%(count)d gammal årsrapportfil togs bort.",
                "%(count)d gamla årsrapportfiler togs bort.",
                deleted,
            )
            % {"count": deleted}
        )
