"""``koers retention``: erase every file whose retention period has passed, and what the
register keeps for days or an hour (issue 16; docs/privacy.md).

Idempotent and safe to run daily (cron or a systemd timer, next to ``koers remind``): an
erased record is never due again. Each person is one transaction (``erase_person``); a
failure leaves that person's file whole and stops the run. The dry run does the same work
and rolls each transaction back, so what it lists is exactly what the real run removes.
"""

from __future__ import annotations

import datetime
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import partial
from typing import TypeVar

from django.apps import apps
from django.db import transaction
from django.utils import timezone

from koers.access.actor import Actor
from koers.organisations.models import Employee, Organisation
from koers.privacy import actions


@dataclass
class PersonResult:
    organisation: str
    name: str
    personnel_number: str
    left_service_on: datetime.date
    erase_on: datetime.date
    counts: Counter[str]


@dataclass
class RetentionResult:
    dry_run: bool
    people: list[PersonResult] = field(default_factory=list)
    imports_deleted: int = 0
    imports_cleared: int = 0


T = TypeVar("T")


class _DryRun(Exception):
    """Raised inside a transaction to roll it back."""


def run_retention(*, dry_run: bool = False) -> RetentionResult:
    today = timezone.localdate()
    result = RetentionResult(dry_run=dry_run)
    for organisation in Organisation.objects.order_by("pk"):
        actor = Actor.for_system(organisation.pk)
        due = (
            Employee.objects.due_for_erasure(organisation, today)
            .select_related("organisation")
            .order_by("left_service_on", "pk")
        )
        for employee in due:
            person = PersonResult(
                organisation=organisation.name,
                name=employee.full_name,
                personnel_number=employee.personnel_number,
                left_service_on=employee.left_service_on,
                erase_on=employee.erase_on,
                counts=Counter(),
            )
            person.counts = _run(dry_run, partial(_erase, actor, employee))
            result.people.append(person)
        deleted, cleared = _run(dry_run, partial(actions.expire_short_lived, actor, organisation))
        result.imports_deleted += deleted
        result.imports_cleared += cleared
    return result


def _erase(actor: Actor, employee: Employee) -> Counter[str]:
    return actions.erase_person(actor, employee).counts


def _run(dry_run: bool, work: Callable[[], T]) -> T:
    if not dry_run:
        return work()
    outcome: T | None = None
    try:
        with transaction.atomic():
            outcome = work()
            raise _DryRun
    except _DryRun:
        pass
    return outcome  # type: ignore[return-value]


def kind_label(label: str) -> str:
    """A model label as a reader's word: "gesprekken", "activiteiten"."""
    try:
        return str(apps.get_model(label)._meta.verbose_name_plural)
    except (LookupError, ValueError):
        return label
