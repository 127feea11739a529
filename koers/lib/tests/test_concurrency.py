"""The edit token (koers.lib.concurrency): a save made on an older revision changes nothing.

The first tests run on any database; the last ones need real parallel transactions
(PostgreSQL, ``make test-postgres``): two saves with the same token at the same moment, each
in its own thread and connection, give one saved edit and one conflict.
"""

from __future__ import annotations

import datetime
import threading
import time
from collections.abc import Callable
from typing import Any

import pytest
from django.db import connection, transaction

from koers.conversations.actions import planning
from koers.conversations.actions import talk as talk_actions
from koers.conversations.models import TalkNotes
from koers.lib.concurrency import StaleEdit, claim, token_of
from koers.organisations.actors import actor_for
from koers.organisations.models import Employee
from koers.plans.models import Category, DevelopmentPoint
from koers.testing import default_types


def _talk(demo: Any) -> tuple[Any, Any]:
    sanne = Employee.objects.get(organisation=demo, personnel_number="D-manager")
    kees = Employee.objects.get(organisation=demo, personnel_number="D-medewerker")
    manager = actor_for(sanne)
    conversation = planning.plan_conversation(
        manager,
        employee=kees,
        conversation_type=default_types(demo)[0],
        starts_at=datetime.datetime.now(datetime.UTC) + datetime.timedelta(days=15),
        duration_minutes=60,
        place="Spreekkamer 2",
        base_url="http://testserver/",
        send_email=False,
    )
    return manager, conversation


@pytest.mark.django_db
def test_token_of_an_object_not_stored_is_zero(demo):
    assert token_of(None) == 0
    assert token_of(Employee(organisation=demo)) == 0


@pytest.mark.django_db
def test_claim_moves_the_revision_on_once(demo):
    person = Employee.objects.get(organisation=demo, personnel_number="D-medewerker")
    token = person.revision
    claim(person, token)
    person.save()
    assert Employee.objects.get(pk=person.pk).revision == token + 1
    with pytest.raises(StaleEdit) as stale:
        claim(Employee.objects.get(pk=person.pk), token)
    assert stale.value.revision == token + 1
    assert "Iemand anders heeft dit intussen gewijzigd" in stale.value.message


@pytest.mark.django_db
def test_no_token_is_not_checked_but_still_counts(demo):
    person = Employee.objects.get(organisation=demo, personnel_number="D-medewerker")
    token = person.revision
    claim(person, None)
    person.save(update_fields=["function"])
    assert Employee.objects.get(pk=person.pk).revision == token + 1


@pytest.mark.django_db
def test_a_stale_save_that_changes_nothing_goes_through(demo):
    """A double submit or a retry of the same text loses nothing of anyone's."""
    person = Employee.objects.get(organisation=demo, personnel_number="D-medewerker")
    token = person.revision
    person.function = "Monteur"
    claim(person, token, values={"function": "Monteur"})
    person.save()
    again = Employee.objects.get(pk=person.pk)
    claim(again, token, values={"function": "Monteur"})  # no StaleEdit
    with pytest.raises(StaleEdit):
        claim(again, token, values={"function": "Lasser"})


# --- two saves at the same moment (PostgreSQL) ---------------------------------------------


def _race(save: Callable[[str], Any]) -> tuple[list[str], list[StaleEdit]]:
    """Run ``save(text)`` in two threads at once, each in its own transaction that holds on
    for a moment after saving (so the two overlap for sure)."""
    barrier = threading.Barrier(2)
    saved: list[str] = []
    refused: list[StaleEdit] = []
    errors: list[BaseException] = []

    def run(text: str) -> None:
        try:
            barrier.wait()
            with transaction.atomic():
                save(text)
                time.sleep(0.3)
            saved.append(text)
        except StaleEdit as stale:
            refused.append(stale)
        except BaseException as error:  # pragma: no cover - reported below
            errors.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=run, args=(t,)) for t in ("eerste", "tweede")]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert not errors, errors
    return saved, refused


def _needs_postgresql() -> None:
    if connection.vendor != "postgresql":
        pytest.skip("real parallel transactions need PostgreSQL (make test-postgres)")


def test_two_simultaneous_saves_with_one_token_one_wins(transactional_db, demo):
    _needs_postgresql()
    manager, conversation = _talk(demo)
    point = talk_actions.save_agreement(
        manager, conversation, category=Category.FUNCTION, title="Lezen", goal="Begin."
    )
    token = point.revision

    def save(text: str) -> None:
        mine = DevelopmentPoint.objects.select_related("plan").get(pk=point.pk)
        talk_actions.save_agreement(manager, conversation, mine, expected_revision=token, goal=text)

    saved, refused = _race(save)
    assert len(saved) == 1 and len(refused) == 1
    stored = DevelopmentPoint.objects.get(pk=point.pk)
    assert stored.goal == saved[0]
    assert stored.revision == token + 1
    assert refused[0].current.goal == saved[0]


def test_two_first_saves_of_talk_notes_one_wins(transactional_db, demo):
    """No notes yet (token 0): both create them at once; one wins, one is refused."""
    _needs_postgresql()
    manager, conversation = _talk(demo)

    def save(text: str) -> None:
        talk_actions.save_phase(
            manager, conversation, "opening", {"opening": text}, expected_revision=0
        )

    saved, refused = _race(save)
    assert len(saved) == 1 and len(refused) == 1
    assert TalkNotes.objects.get(conversation=conversation).opening == saved[0]
