"""A person's dossier log in plain words, grouped per day ("Wie keek in mijn dossier?").

The same reading of the same thing by the same person on one day is one line with a count
("3 keer, 09:12–09:40"), and each person is named with how they stand to the file's owner
now (uw leidinggevende, HR). Used by the page and by the "Alles over mij" export.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from django.utils import timezone
from django.utils.translation import gettext as _

from koers.audit import verbs
from koers.audit.models import AuditEvent
from koers.organisations.models import Employee, Team


@dataclass
class Line:
    """One thing one person did in the file on one day, ``times`` times."""

    who: str
    relation: str
    what: str
    read: bool
    first: datetime.datetime
    last: datetime.datetime
    times: int = 1

    @property
    def when(self) -> str:
        if self.times == 1:
            return f"{self.last:%H:%M}"
        return f"{self.first:%H:%M}–{self.last:%H:%M}"

    @property
    def text(self) -> str:
        """The line as one sentence, for the text file of the export."""
        who = f"{self.who} ({self.relation})" if self.relation else self.who
        count = _("%(times)s keer") % {"times": self.times} if self.times > 1 else ""
        return " ".join(part for part in (self.when, f"{who}:", self.what, count) if part)


@dataclass
class Day:
    day: datetime.date
    lines: list[Line] = field(default_factory=list)


def managers_of(owner: Employee) -> frozenset[int]:
    """The owner's current managers (one query)."""
    if owner.team_id is None:
        return frozenset()
    return frozenset(
        Team.managers.through.objects.filter(team_id=owner.team_id).values_list(
            "employee_id", flat=True
        )
    )


def relation(actor: Employee | None, owner: Employee, managers: frozenset[int]) -> str:
    """How the one who did it stands to the file's owner now, in a few words."""
    if actor is None or actor.pk == owner.pk:
        return ""
    if actor.pk in managers:
        return _("uw leidinggevende")
    if actor.is_hr:
        return _("HR")
    if actor.is_org_admin:
        return _("beheerder")
    return ""


def who(actor: Employee | None, owner: Employee) -> str:
    if actor is None:
        return _("Koers (automatisch)")
    if actor.pk == owner.pk:
        return _("uzelf")
    return actor.full_name


def days(events: Iterable[AuditEvent], owner: Employee) -> list[Day]:
    """The events (newest first, ``actor`` selected) as days, newest first."""
    managers = managers_of(owner)
    read = verbs.read_codes()
    grouped: list[Day] = []
    lines: dict[tuple[Any, ...], Line] = {}
    for event in events:
        at = timezone.localtime(event.at)
        if not grouped or grouped[-1].day != at.date():
            grouped.append(Day(at.date()))
            lines = {}
        key = (event.actor_id, event.verb, repr(sorted(event.params.items())))
        line = lines.get(key)
        if line is not None:
            line.times += 1
            line.first = at
            continue
        line = Line(
            who=who(event.actor, owner),
            relation=relation(event.actor, owner, managers),
            what=event.describe(),
            read=event.verb in read,
            first=at,
            last=at,
        )
        lines[key] = line
        grouped[-1].lines.append(line)
    return grouped
