"""Anonymise contact persons whose retention time has passed (run daily by cron or a systemd timer)."""

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from utblick.partners import gdpr


class Command(BaseCommand):
    help = (
        "Anonymiserar kontaktpersoner som ingenting har hänt med (ingen ändring, inget kontakttillfälle) "
        "under PARTNERS_CONTACT_RETENTION_DAYS dagar. 0 dagar stänger av gallringen."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--dry-run", action="store_true", help="Visa vilka kontaktpersoner som skulle anonymiseras, ändra inget."
        )

    def handle(self, *args, dry_run=False, **options):
        days = gdpr.retention_days()
        if not days:
            self.stdout.write(_("Gallringen är avstängd (PARTNERS_CONTACT_RETENTION_DAYS är 0). Inget anonymiserades."))
            return
        # Lines name the record by number only: this output ends up in logs and emails from cron.
        done, failed = 0, []
        for contact in list(gdpr.contacts_due(timezone.localdate())):
            values = {"pk": contact.pk, "last": contact.last_activity.isoformat()}
            if dry_run:
                self.stdout.write(_("Kontaktperson #%(pk)d (senaste aktivitet %(last)s) skulle anonymiseras.") % values)
                done += 1
                continue
            try:
                gdpr.anonymise_contact(contact, by=None, reason=_(gdpr.RETENTION_REASON))
            except ValidationError as error:  # e.g. anonymised by the coordinator a moment ago
                failed.append(contact.pk)
                self.stderr.write(
                    _("Kontaktperson #%(pk)d anonymiserades inte: %(error)s")
                    % {"pk": contact.pk, "error": " ".join(error.messages)}
                )
                continue
            self.stdout.write(_("Kontaktperson #%(pk)d (senaste aktivitet %(last)s) anonymiserades.") % values)
            done += 1
        if dry_run:
            summary = ngettext(
                "Torrkörning: %(count)d kontaktperson skulle anonymiseras. Inget ändrades.",
                "Torrkörning: %(count)d kontaktpersoner skulle anonymiseras. Inget ändrades.",
                done,
            )
        else:
            summary = ngettext(
                "%(count)d kontaktperson anonymiserades.", "%(count)d kontaktpersoner anonymiserades.", done
            )
        self.stdout.write(summary % {"count": done})
        if failed:
            message = ngettext(
                "%(count)d kontaktperson kunde inte anonymiseras.",
                "%(count)d kontaktpersoner kunde inte anonymiseras.",
                len(failed),
            )
            raise CommandError(message % {"count": len(failed)})
