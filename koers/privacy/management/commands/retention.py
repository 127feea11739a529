"""``koers retention [--dry-run]``: erase the files whose retention period has passed.

Run it daily from cron or a systemd timer (docs/privacy.md); ``--dry-run`` lists per person
and kind what would go and changes nothing."""

from django.core.management.base import BaseCommand

from koers.privacy.retention import kind_label, run_retention


class Command(BaseCommand):
    help = "Erase files whose retention period has passed (idempotent; run daily)."

    def add_arguments(self, parser) -> None:
        parser.add_argument(
            "--dry-run", action="store_true", help="List what would be erased; change nothing."
        )

    def handle(self, *args: object, **options: object) -> None:
        dry_run = bool(options["dry_run"])
        result = run_retention(dry_run=dry_run)
        verb = "would erase" if dry_run else "erased"
        for person in result.people:
            self.stdout.write(
                f"{verb}: {person.organisation} · {person.name} ({person.personnel_number}), "
                f"left service {person.left_service_on:%Y-%m-%d}, due {person.erase_on:%Y-%m-%d}"
            )
            for label, count in sorted(person.counts.items()):
                self.stdout.write(f"    {count:>6}  {kind_label(label)}")
        if int(options.get("verbosity", 1)) >= 1:
            self.stdout.write(
                f"retention: {len(result.people)} file(s) {verb}; "
                f"{result.imports_deleted} unconfirmed import(s) "
                f"{'would be ' if dry_run else ''}deleted, "
                f"{result.imports_cleared} import(s) {'would be ' if dry_run else ''}cleared"
                + (" (dry run: nothing changed)" if dry_run else "")
            )
