"""``koers audit verify``: every chain of the demo is intact; a changed event is named."""

from __future__ import annotations

from io import StringIO

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection

from koers.audit import chain
from koers.audit.models import AuditEvent

pytestmark = pytest.mark.django_db


def verify(*args: str) -> str:
    out = StringIO()
    call_command("audit", "verify", *args, stdout=out)
    return out.getvalue()


def without_triggers() -> None:
    """What someone with the database's owner rights could do (rolled back with the test)."""
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
            cursor.execute("DROP TRIGGER audit_event_append_only ON audit_auditevent")
        else:
            cursor.execute("DROP TRIGGER audit_event_no_update")
            cursor.execute("DROP TRIGGER audit_event_no_delete")


def tamper(sql: str, *params) -> None:
    without_triggers()
    with connection.cursor() as cursor:
        cursor.execute(sql, params)


def test_the_demo_chains_are_intact(full_demo):
    out = verify()
    events = AuditEvent.objects.filter(organisation=full_demo).count()
    assert events > 10
    head = AuditEvent.objects.filter(organisation=full_demo).order_by("-seq").first()
    assert f"OK demo-werkbedrijf: {events} events, head {head.hash}" in out
    assert "OK tweede-organisatie:" in out


def test_one_organisation_only(full_demo):
    out = verify("--organisation", "tweede-organisatie")
    assert "tweede-organisatie" in out and "demo-werkbedrijf" not in out
    with pytest.raises(CommandError, match="no organisation"):
        verify("--organisation", "bestaat-niet")


def middle_event(organisation) -> AuditEvent:
    events = AuditEvent.objects.filter(organisation=organisation).order_by("seq")
    return events[events.count() // 2]


def test_a_changed_event_is_named_and_the_command_fails(full_demo):
    event = middle_event(full_demo)
    tamper("UPDATE audit_auditevent SET params = %s WHERE id = %s", '{"number": 99}', event.pk)
    with pytest.raises(CommandError) as failed:
        verify()
    assert failed.value.returncode == 1
    report = chain.verify(full_demo)
    assert (report.broken.pk, report.count) == (event.pk, event.seq - 1)
    assert "was changed" in report.problem
    out = StringIO()
    with pytest.raises(CommandError):
        call_command("audit", "verify", stdout=out)
    assert (
        f"BROKEN demo-werkbedrijf: seq {event.seq}, event id {event.pk}: hash does not match"
        in out.getvalue()
    )
    assert "OK tweede-organisatie" in out.getvalue()


def test_a_removed_event_is_named(full_demo):
    event = middle_event(full_demo)
    tamper("DELETE FROM audit_auditevent WHERE id = %s", event.pk)
    report = chain.verify(full_demo)
    assert report.broken.seq == event.seq + 1
    assert "an event is missing" in report.problem


def test_a_rewritten_event_with_a_fresh_hash_breaks_the_next_link(full_demo):
    """Rehashing the changed event itself does not help: the next event points at the old hash."""
    event = middle_event(full_demo)
    forged = AuditEvent(**{**_fields(event), "params": {"forged": 1}})
    tamper(
        "UPDATE audit_auditevent SET params = %s, hash = %s WHERE id = %s",
        '{"forged": 1}',
        chain.event_hash(forged),
        event.pk,
    )
    report = chain.verify(full_demo)
    assert report.broken.seq == event.seq + 1
    assert "prev_hash" in report.problem


def _fields(event: AuditEvent) -> dict:
    return {f.attname: getattr(event, f.attname) for f in AuditEvent._meta.concrete_fields}
