"""Writers in parallel append to one chain without forking it (PostgreSQL: real parallel
transactions; the SQLite test database has one writer at a time)."""

from __future__ import annotations

import threading
import time

import pytest
from django.db import connection, transaction

from koers.access.actor import Actor
from koers.audit import chain
from koers.audit.events import record
from koers.audit.models import AuditEvent
from koers.audit.tests.helpers import head_seq, recorded_here


def test_parallel_writers_append_one_unbroken_chain(transactional_db, test_verbs, demo):
    if connection.vendor != "postgresql":
        pytest.skip("real parallel writers need PostgreSQL (make test-postgres)")
    writers, each = 4, 5
    head = head_seq(demo.pk)  # the demo's set-up recorded events of its own
    barrier = threading.Barrier(writers)
    errors: list[BaseException] = []

    def write() -> None:
        try:
            actor = Actor(organisation_id=demo.pk)
            barrier.wait()
            for _ in range(each):
                with transaction.atomic():
                    record(actor, "test.read")
                    time.sleep(0.01)  # hold the chain head while the others wait for it
        except BaseException as error:  # pragma: no cover - reported below
            errors.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=write) for _ in range(writers)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert not errors
    seqs = list(AuditEvent.objects.filter(organisation=demo).values_list("seq", flat=True))
    assert seqs == list(range(1, head + writers * each + 1))
    assert recorded_here().filter(organisation=demo).count() == writers * each
    assert chain.verify(demo).ok
