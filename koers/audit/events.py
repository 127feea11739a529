"""Recording audit events: the one function every app calls, inside its own transaction."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.contrib.contenttypes.models import ContentType
from django.db import connection, models, transaction
from django.utils import timezone

from koers.access.actor import Actor
from koers.audit import chain, verbs
from koers.audit.models import AuditEvent, EventPerson
from koers.lib import registry
from koers.organisations.models import Employee, Organisation


def record(
    actor: Actor,
    verb: str,
    subject: models.Model | None = None,
    *,
    employee: Employee | None = None,
    people: Iterable[int] | None = None,
    **params: Any,
) -> AuditEvent:
    """Append one event to the actor's organisation's chain.

    ``actor`` is who did it (a system actor has no employee, only an organisation);
    ``employee`` is whose file it concerns; ``subject`` the object it is about. Call it in
    the same transaction as the change it records, so a change that fails leaves no event.
    ``people``: the ids of everyone whose file an event about many files included (an
    export); each of them sees it in their dossier log (``EventPerson``).
    An unknown verb or wrong parameters raise: they are programming errors. Once saved, the
    event goes to every ``koers.<app>.on_event.handle`` (``registry.event_recorded``), still
    inside the transaction: what they make stands or falls with the change.
    """
    stored = verbs.get(verb).clean(params)
    organisation_id = actor.organisation_id
    if organisation_id is None:
        raise ValueError("an audit event needs the actor's organisation")
    if employee is not None and employee.organisation_id != organisation_id:
        raise ValueError("the employee belongs to another organisation")
    # No savepoint of its own: the event stands or falls with the caller's change.
    with transaction.atomic(savepoint=False):
        lock_chain(organisation_id)
        head = (
            AuditEvent.objects.filter(organisation_id=organisation_id)
            .order_by("-seq")
            .values_list("seq", "hash")
            .first()
        )
        seq, prev_hash = (head[0] + 1, head[1]) if head else (1, chain.GENESIS)
        event = AuditEvent(
            organisation_id=organisation_id,
            seq=seq,
            actor_id=actor.employee_id,
            employee=employee,
            verb=verb,
            subject_type=ContentType.objects.get_for_model(subject)
            if subject is not None
            else None,
            subject_id=subject.pk if subject is not None else None,
            params=stored,
            at=timezone.now(),
            prev_hash=prev_hash,
        )
        event.hash = chain.event_hash(event)
        event.save(force_insert=True)
        if people is not None:
            _list_people(event, people)
        # The apps above hear of it in the same transaction (the notices of follow-up).
        registry.event_recorded(event)
    return event


def _list_people(event: AuditEvent, people: Iterable[int]) -> None:
    EventPerson.objects.bulk_create(
        (EventPerson(event=event, employee_id=pk) for pk in sorted(set(people))),
        batch_size=1000,
    )
    # Checked once written, in one query whatever their number (the caller's transaction
    # undoes it all).
    listed = EventPerson.objects.filter(event=event)
    if listed.exclude(employee__organisation_id=event.organisation_id).exists():
        raise ValueError("the people listed belong to another organisation")


def lock_chain(organisation_id: int) -> None:
    """One writer per chain at a time, until the caller's transaction ends.

    ``record`` takes it. An action whose own writes could wait for a transaction that holds
    it already (a notice with the same reason that ``followup.on_event`` inserts inside
    ``record``) takes it first, so the two never wait for each other.

    PostgreSQL: a row lock on the organisation. ``FOR NO KEY UPDATE`` leaves inserts that
    refer to the organisation (they take ``FOR KEY SHARE``) alone. SQLite has one writer for
    the whole database and ignores the lock (so it is not asked for); there a lost race
    fails on the unique (organisation, seq) instead of forking the chain.
    """
    if connection.vendor == "sqlite":
        return
    list(
        Organisation.objects.select_for_update(no_key=True)
        .filter(pk=organisation_id)
        .values_list("pk", flat=True)
    )
