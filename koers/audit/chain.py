"""The hash chain of an organisation's events, and checking it.

Each event's ``hash`` is the SHA-256 of a canonical JSON of its fields and ``prev_hash``, the
hash of the event before it (``GENESIS`` for the first). A changed, removed or inserted event
breaks every link after it. A removal at the very end is not visible from the chain alone:
compare the head that ``koers audit verify`` prints with one noted earlier.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from typing import Any

from django.contrib.contenttypes.models import ContentType

from koers.audit.models import AuditEvent
from koers.lib.canonical import plain_sha256
from koers.organisations.models import Organisation

GENESIS = "0" * 64


def _subject_type(event: AuditEvent) -> str | None:
    """By natural key, not by id: content type ids differ between databases."""
    if event.subject_type_id is None:
        return None
    content_type = ContentType.objects.get_for_id(event.subject_type_id)
    return f"{content_type.app_label}.{content_type.model}"


def hashed_fields(event: AuditEvent) -> dict[str, Any]:
    """Everything an event says, as JSON: the input of its hash."""
    return {
        "organisation": event.organisation_id,
        "seq": event.seq,
        "actor": event.actor_id,
        "employee": event.employee_id,
        "verb": event.verb,
        "subject_type": _subject_type(event),
        "subject_id": event.subject_id,
        "params": event.params,
        "at": event.at.astimezone(datetime.UTC).strftime("%Y-%m-%dT%H:%M:%S.%fZ"),
        "prev_hash": event.prev_hash,
    }


def event_hash(event: AuditEvent) -> str:
    return plain_sha256(hashed_fields(event))


@dataclass(frozen=True)
class Report:
    """The outcome of checking one organisation's chain."""

    organisation: Organisation
    count: int
    head: str
    broken: AuditEvent | None = None
    problem: str = ""

    @property
    def ok(self) -> bool:
        return self.broken is None


def verify(organisation: Organisation) -> Report:
    """Walk the chain from the first event; stop at the first broken link."""
    prev_hash, count = GENESIS, 0
    events = AuditEvent.objects.filter(organisation=organisation).order_by("seq")
    for event in events.iterator(chunk_size=2000):
        problem = _problem(event, count + 1, prev_hash)
        if problem:
            return Report(organisation, count, prev_hash, event, problem)
        prev_hash, count = event.hash, count + 1
    return Report(organisation, count, prev_hash)


def _problem(event: AuditEvent, expected_seq: int, prev_hash: str) -> str:
    if event.seq != expected_seq:
        return (
            f"sequence number {event.seq} where {expected_seq} was expected (an event is missing)"
        )
    if event.prev_hash != prev_hash:
        return "prev_hash is not the hash of the event before it"
    if event_hash(event) != event.hash:
        return "hash does not match the event's content (the event was changed)"
    return ""
