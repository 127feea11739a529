"""Recording: codes and parameters only, one chain per organisation, refused when wrong."""

from __future__ import annotations

import datetime

import pytest
from django.contrib.contenttypes.models import ContentType
from django.db import transaction
from django.utils import translation

from koers.access.actor import Actor
from koers.audit import chain, verbs
from koers.audit.events import record
from koers.audit.models import AuditEvent
from koers.audit.tests.helpers import head_seq, recorded_here
from koers.organisations.actors import actor_for
from koers.organisations.models import Employee, Role

pytestmark = pytest.mark.django_db

DAY = datetime.date(2026, 3, 31)


def _hash_at(organisation_id: int, seq: int) -> str:
    """The hash a new event links to: of the event at ``seq``, or the chain's start."""
    if not seq:
        return chain.GENESIS
    return AuditEvent.objects.get(organisation_id=organisation_id, seq=seq).hash


def test_an_event_is_a_code_with_parameters(test_verbs, people, actor_of):
    kees = people["medewerker"]
    event = record(
        actor_of("manager"), "test.signed", kees, employee=kees, number=2, day=DAY, role=Role.HR
    )
    event = AuditEvent.objects.get(pk=event.pk)
    assert (event.actor, event.employee, event.verb) == (people["manager"], kees, "test.signed")
    assert event.subject_type == ContentType.objects.get_for_model(Employee)
    assert event.subject_id == kees.pk
    assert event.params == {"number": 2, "day": "2026-03-31", "role": "hr"}
    assert event.organisation_id == kees.organisation_id


def test_the_events_of_an_organisation_form_a_chain(test_verbs, people, actor_of):
    demo, second_org = people["manager"].organisation_id, people["hr2"].organisation_id
    head, other_head = head_seq(demo), head_seq(second_org)
    first = record(actor_of("manager"), "test.read")
    second = record(actor_of("medewerker"), "test.read", employee=people["medewerker"])
    other = record(actor_of("hr2"), "test.read")
    assert (first.seq, second.seq) == (head + 1, head + 2)
    assert first.prev_hash == _hash_at(demo, head) and second.prev_hash == first.hash
    assert (other.seq, other.prev_hash) == (other_head + 1, _hash_at(second_org, other_head))
    for event in AuditEvent.objects.all():
        assert chain.event_hash(event) == event.hash


def test_a_system_job_records_without_an_employee(test_verbs, demo):
    event = record(Actor(organisation_id=demo.pk), "test.read")
    assert event.actor_id is None and event.organisation_id == demo.pk


def test_an_unknown_verb_is_a_programming_error(people, actor_of):
    with pytest.raises(verbs.UnknownVerb):
        record(actor_of("manager"), "plan.eaten")
    assert not recorded_here().exists()


@pytest.mark.parametrize(
    "params",
    [
        {},  # missing
        {"number": 1, "day": DAY, "role": "hr", "extra": 1},
        {"number": "1", "day": DAY, "role": "hr"},
        {"number": True, "day": DAY, "role": "hr"},
        {"number": 1, "day": datetime.datetime(2026, 3, 31, 12, 0), "role": "hr"},
        {"number": 1, "day": DAY, "role": "heeft het gelezen"},  # a sentence is no code
    ],
)
def test_parameters_are_the_verbs_and_of_their_kind(test_verbs, actor_of, params):
    with pytest.raises(verbs.InvalidParams):
        record(actor_of("manager"), "test.signed", **params)
    assert not recorded_here().exists()


def test_an_actor_without_organisation_or_a_foreign_file_is_refused(test_verbs, people):
    with pytest.raises(ValueError):
        record(Actor(), "test.read")
    with pytest.raises(ValueError):
        record(actor_for(people["hr2"]), "test.read", employee=people["medewerker"])


def test_an_event_goes_when_the_callers_transaction_is_rolled_back(test_verbs, actor_of):
    head = head_seq(actor_of("manager").organisation_id)
    with pytest.raises(RuntimeError), transaction.atomic():
        record(actor_of("manager"), "test.read")
        raise RuntimeError("the change failed")
    assert not recorded_here().exists()
    assert record(actor_of("manager"), "test.read").seq == head + 1


def test_an_event_is_rendered_in_the_readers_language(test_verbs, people, actor_of):
    event = record(actor_of("manager"), "test.signed", number=3, day=DAY, role=Role.MANAGER)
    with translation.override("nl"):
        assert event.describe() == "heeft versie 3 getekend op 31 maart 2026 als leidinggevende"
    with translation.override("en"):
        assert event.describe().endswith("March 31, 2026 als manager")


def test_a_verb_that_is_gone_shows_its_code(test_verbs, actor_of, monkeypatch):
    event = record(actor_of("manager"), "test.read")
    monkeypatch.delitem(verbs.registry(), "test.read")
    assert event.describe() == "test.read"


def test_every_registered_verb_renders_with_its_parameters():
    """Every placeholder of a message is a parameter (ids need none), in both languages."""
    samples = {int: 7, datetime.date: DAY}
    for verb in verbs.registry().values():
        values = {
            name: samples[kind] if kind in samples else kind.values[0]
            for name, kind in verb.params.items()
        }
        for language in ("nl", "en"):
            with translation.override(language):
                text = verb.render(verb.clean(values))
            assert text and "%(" not in text, verb.code
