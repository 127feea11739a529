"""``koers print_department``: HR prints a department's signed POPs as one ZIP of PDFs.

    koers print_department --as hr-username --department "Productie" --out pops.zip
        [--on 2026-12-01] [--workers 2]

The person named with ``--as`` must be HR of the organisation: the prints are reads of
personnel files, recorded in each employee's dossier log under that person's name.
"""

from __future__ import annotations

import datetime
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from koers.lib.errors import NotAllowed
from koers.organisations.actors import actor_for_user
from koers.organisations.models import Department
from koers.plans.printing import print_department


class Command(BaseCommand):
    help = "Print the signed POPs of one department (HR) into a ZIP of PDFs."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--as", dest="username", required=True, help="HR's username")
        parser.add_argument("--department", required=True, help="the department's name or id")
        parser.add_argument("--out", required=True, type=Path, help="the ZIP file to write")
        parser.add_argument("--on", type=datetime.date.fromisoformat, help="YYYY-MM-DD")
        parser.add_argument("--workers", type=int, help="processes (default: one per core)")

    def handle(self, *args: Any, **options: Any) -> None:
        from django.contrib.auth import get_user_model

        user = get_user_model().objects.filter(username=options["username"]).first()
        if user is None:
            raise CommandError(f"no user {options['username']!r}")
        actor = actor_for_user(user)
        wanted = options["department"]
        departments = Department.objects.filter(organisation_id=actor.organisation_id)
        department = (
            departments.filter(pk=int(wanted)).first()
            if wanted.isdigit()
            else departments.filter(name=wanted).first()
        )
        if department is None:
            raise CommandError(f"no department {wanted!r} in {user.username}'s organisation")
        out: Path = options["out"]
        partial = out.with_name(out.name + ".part")
        try:
            with partial.open("wb") as handle:
                result = print_department(
                    actor, department, handle, on=options["on"], workers=options["workers"]
                )
        except NotAllowed as error:
            partial.unlink(missing_ok=True)
            raise CommandError(f"{user.username} may not print this department's POPs") from error
        except BaseException:
            partial.unlink(missing_ok=True)
            raise
        partial.replace(out)
        self.stdout.write(
            f"print_department: {result.count} POP(s) in {out} in {result.seconds:.1f} s; "
            f"without a signed POP: {len(result.unsigned)}; not verifying: {len(result.altered)}"
        )
