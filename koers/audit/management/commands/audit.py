"""``koers audit verify [--organisation SLUG]``: check every organisation's hash chain.

Prints one line per organisation: OK with the number of events and the head (note it
somewhere else: the chain alone cannot show that its newest events were removed), or the
first broken link. Exits 1 when a chain is broken. See docs/audit.md.
"""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from koers.audit import chain
from koers.organisations.models import Organisation


class Command(BaseCommand):
    help = "Audit events: `verify` checks each organisation's hash chain."

    def add_arguments(self, parser: CommandParser) -> None:
        actions = parser.add_subparsers(dest="action", required=True, metavar="ACTION")
        verify = actions.add_parser("verify", help="check the hash chain of each organisation")
        verify.add_argument("--organisation", metavar="SLUG", help="only this organisation")

    def handle(self, *args: Any, **options: Any) -> None:
        if options["action"] == "verify":
            self.verify(options.get("organisation"))

    def verify(self, slug: str | None) -> None:
        organisations = Organisation.objects.order_by("slug")
        if slug:
            organisations = organisations.filter(slug=slug)
            if not organisations.exists():
                raise CommandError(f"no organisation with slug {slug!r}")
        broken = 0
        for report in map(chain.verify, organisations):
            slug = report.organisation.slug
            if report.ok:
                self.stdout.write(f"OK {slug}: {report.count} events, head {report.head}")
            else:
                broken += 1
                event = report.broken
                self.stdout.write(
                    f"BROKEN {slug}: seq {event.seq}, event id {event.pk}: {report.problem} "
                    f"({report.count} events before it are intact)"
                )
        if broken:
            raise CommandError(f"audit chain broken in {broken} organisation(s)", returncode=1)
