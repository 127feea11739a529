"""Nobody can change or delete an audit event: the database refuses, whatever the path."""

from __future__ import annotations

import pytest
from django.db import IntegrityError, connection, transaction
from django.db.models import ProtectedError

from koers.access.actor import Actor
from koers.audit.events import record
from koers.audit.models import AuditEvent
from koers.audit.tests.helpers import head_seq, recorded_here
from koers.organisations.models import Organisation

pytestmark = pytest.mark.django_db


@pytest.fixture
def event(test_verbs, people, actor_of) -> AuditEvent:
    record(actor_of("manager"), "test.read", employee=people["medewerker"])
    return record(actor_of("manager"), "test.read", employee=people["medewerker"])


def refused(change) -> None:
    with pytest.raises(IntegrityError, match="append-only"), transaction.atomic():
        change()


def raw(sql: str, *params) -> None:
    with connection.cursor() as cursor:
        cursor.execute(sql, params)


def test_save_of_an_existing_event_is_refused(event):
    event.params = {"forged": 1}
    refused(event.save)
    event.refresh_from_db()
    assert event.params == {}


def test_queryset_update_is_refused(event):
    refused(lambda: AuditEvent.objects.filter(pk=event.pk).update(verb="test.other"))


def test_delete_of_an_event_is_refused(event):
    refused(event.delete)
    refused(lambda: AuditEvent.objects.all().delete())
    assert recorded_here().count() == 2


def test_raw_sql_update_and_delete_are_refused(event):
    refused(lambda: raw("UPDATE audit_auditevent SET seq = seq + 10 WHERE id = %s", event.pk))
    refused(lambda: raw("DELETE FROM audit_auditevent WHERE id = %s", event.pk))
    refused(lambda: raw("DELETE FROM audit_auditevent"))
    assert recorded_here().count() == 2


def test_a_second_event_with_the_same_sequence_number_is_refused(event):
    """A writer that read a stale chain head fails instead of forking the chain."""
    twin = AuditEvent.objects.get(pk=event.pk)
    twin.pk = None
    twin._state.adding = True
    with pytest.raises(IntegrityError), transaction.atomic():
        twin.save(force_insert=True)


def test_deleting_the_organisation_or_a_person_through_the_orm_is_refused(event):
    with pytest.raises(ProtectedError):
        event.organisation.delete()
    with pytest.raises(ProtectedError):
        event.employee.delete()


def test_events_go_only_after_their_organisation(event):
    """The shape of the coming retention path (and of a test flush): the organisation row
    first (foreign keys are checked at commit), then its events, in one transaction."""
    with transaction.atomic():
        raw("DELETE FROM organisations_organisation WHERE id = %s", event.organisation_id)
        raw("DELETE FROM audit_auditevent WHERE organisation_id = %s", event.organisation_id)
        assert not AuditEvent.objects.filter(organisation_id=event.organisation_id).exists()
        transaction.set_rollback(True)
    assert Organisation.objects.filter(pk=event.organisation_id).exists()
    assert recorded_here().count() == 2


@pytest.mark.parametrize("run", [1, 2])
def test_a_transactional_test_flushes_its_events(transactional_db, test_verbs, demo, run):
    """Both runs start with the demo's chain only: the flush after the first removed its
    events (on SQLite with the organisations first, see conftest.py; on PostgreSQL by
    TRUNCATE)."""
    assert not recorded_here().exists()
    head = head_seq(demo.pk)
    assert record(Actor(organisation_id=demo.pk), "test.read").seq == head + 1


def test_the_people_an_export_lists_cannot_be_changed_or_removed(test_verbs, people, actor_of):
    from koers.audit.models import EventPerson

    kees, dewi = people["medewerker"], people["collega"]
    listed = record(actor_of("hr"), "test.read", people=[kees.pk])
    link = EventPerson.objects.get(event=listed)
    refused(lambda: EventPerson.objects.filter(pk=link.pk).update(employee=dewi))
    refused(lambda: raw("UPDATE audit_eventperson SET employee_id = %s", dewi.pk))
    refused(link.delete)
    refused(lambda: raw("DELETE FROM audit_eventperson"))
    assert list(EventPerson.objects.filter(event=listed).values_list("employee_id", flat=True)) == [
        kees.pk
    ]


def test_only_people_of_the_organisation_are_listed(test_verbs, people, actor_of):
    from koers.audit.models import EventPerson

    with pytest.raises(ValueError, match="another organisation"), transaction.atomic():
        record(actor_of("hr"), "test.read", people=[people["hr2"].pk])
    assert not EventPerson.objects.exists()
