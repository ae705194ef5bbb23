"""Enqueue the periodic jobs of core.schedule when they are due: every minute, or once with --once (for cron)."""

import logging
import signal
import time

from django.core.management.base import BaseCommand
from django.db import close_old_connections
from django.utils.translation import gettext as _

from utblick.core.schedule import JOBS, run_due_jobs

logger = logging.getLogger(__name__)
CHECK_EVERY = 60  # seconds between two checks


class Command(BaseCommand):
    help = (
        "Lägger de schemalagda jobben (t.ex. påminnelser om uppföljningen) i kö när det är dags; en arbetare "
        "(manage.py db_worker) kör dem. Kontrollerar varje minut; med --once en gång."
    )

    def add_arguments(self, parser):
        parser.add_argument("--once", action="store_true", help="Kontrollera en gång och avsluta (för cron).")
        parser.add_argument(
            "--every", type=int, default=CHECK_EVERY, help="Sekunder mellan kontrollerna (standard 60)."
        )

    def handle(self, *args, once=False, every=CHECK_EVERY, **options):
        def report(name):
            self.stdout.write(_("Jobbet %(name)s lades i kö.") % {"name": name})

        if once:
            run_due_jobs(report=report)
            return
        stopping = []
        signal.signal(signal.SIGTERM, lambda *_args: stopping.append(True))
        names = ", ".join(job.name for job in JOBS)
        self.stdout.write(_("Schemaläggaren körs (jobb: %(names)s). Avsluta med Ctrl+C.") % {"names": names})
        try:
            while not stopping:
                close_old_connections()  # a long-lived process: drop connections the database has closed
                try:
                    run_due_jobs(report=report)
                except Exception:  # e.g. the database restarting: log it and check again next minute
                    logger.exception("The scheduler's check failed")
                slept = 0
                while slept < every and not stopping:
                    time.sleep(1)
                    slept += 1
        except KeyboardInterrupt:
            pass
        self.stdout.write(_("Schemaläggaren avslutades."))
