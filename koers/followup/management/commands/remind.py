"""``koers remind``: compute what is due and send each notice once.

Safe to run every 15 minutes from cron or a systemd timer, and twice at the same time: a
notice's reason is unique in the outbox (insert-ignore), and a notice is claimed before it
is sent. See docs/reminders.md. On SQLite each run ends with ``PRAGMA optimize``
(``koers.lib.database.optimize``).
"""

from django.core.management.base import BaseCommand
from django.db import connection

from koers.followup.outbox import run_reminders
from koers.lib.database import optimize


class Command(BaseCommand):
    help = "Send due reminders (idempotent; run every 15 minutes)."

    def handle(self, *args: object, **options: object) -> None:
        result = run_reminders()
        # SQLite: fresh statistics for the planner now and then (PostgreSQL: autovacuum).
        optimize(connection)
        if int(options.get("verbosity", 1)) >= 1:
            self.stdout.write(
                f"remind: {result.created} new notice(s) of {result.considered} due; "
                f"{result.emailed} e-mailed, {result.in_app} in-app only, "
                f"{result.failed} failed (retried next run); "
                f"{result.invitations.emailed} invitation(s) sent, "
                f"{result.invitations.failed} not yet"
            )
