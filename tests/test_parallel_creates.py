"""Issue 10 item 6, acceptance: 20 parallel POSTs to create a plan and to plan a talk make
one plan and one talk, and every one of them gets an answer, never a 500.

PostgreSQL: each thread is its own connection in its own transaction, truly at the same
moment. (The SQLite test database lives in memory; the same acceptance runs against a SQLite
file behind a real server in ``tests/test_sqlite_file.py``.)
"""

from __future__ import annotations

import datetime
import threading

import pytest
from django.db import connection
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from koers.conversations.models import Conversation
from koers.organisations.models import Employee
from koers.plans.models import DevelopmentPlan
from koers.testing import default_types

# The ``transactional_db`` fixture, not the marker: the project's fixture of that name
# (conftest.py) empties the organisations before Django's flush, which on SQLite deletes the
# tables in an order that changes from run to run (hash order) and would find audit events
# of an organisation that still exists (append-only: refused), even after a skipped test.
pytestmark = pytest.mark.usefixtures("transactional_db")

PARALLEL = 20
# Half are one form sent again and again (double clicks), half other tabs with their own form.
TOKENS = ["double-click"] * (PARALLEL // 2) + [f"tab-{i}" for i in range(PARALLEL // 2)]


def _post_at_once(manager_user, url: str, forms: list[dict]) -> list:
    barrier = threading.Barrier(len(forms))
    answers: list = [None] * len(forms)
    login = Client()
    login.force_login(manager_user, backend="django.contrib.auth.backends.ModelBackend")

    def post(index: int) -> None:
        client = Client()
        client.cookies = login.cookies
        try:
            barrier.wait()
            answers[index] = client.post(url, forms[index])
        except BaseException as error:  # reported below
            answers[index] = error
        finally:
            connection.close()

    threads = [threading.Thread(target=post, args=(i,)) for i in range(len(forms))]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return answers


@pytest.fixture
def postgres_only():
    if connection.vendor != "postgresql":
        pytest.skip("parallel transactions need PostgreSQL (SQLite: tests/test_sqlite_file.py)")


def _kees() -> Employee:
    return Employee.objects.get(
        organisation__slug="demo-werkbedrijf", personnel_number="D-medewerker"
    )


def test_twenty_parallel_new_plans_make_one(postgres_only, demo, users):
    kees = _kees()
    forms = [{"employee": kees.pk, "period_start": "2031-01-01", "once": t} for t in TOKENS]
    answers = _post_at_once(users["manager"], reverse("plan-create"), forms)

    [plan] = DevelopmentPlan.objects.filter(employee=kees, period_start="2031-01-01")
    assert [getattr(a, "status_code", a) for a in answers] == [302] * PARALLEL
    assert {a["Location"] for a in answers} == {reverse("plan-detail", args=[plan.pk])}


def test_twenty_parallel_plannings_plan_one_talk(postgres_only, demo, users):
    kees = _kees()
    starts = timezone.localdate() + datetime.timedelta(days=30)
    forms = [
        {
            "who": f"employee-{kees.pk}",
            "conversation_type": default_types(demo)[0].pk,
            "date": starts.isoformat(),
            "time": "10:00",
            "duration_minutes": 60,
            "gap_minutes": 15,
            "place": "Spreekkamer 2",
            "once": token,
        }
        for token in TOKENS
    ]
    answers = _post_at_once(users["manager"], reverse("conversation-plan"), forms)

    [talk] = Conversation.objects.filter(employee=kees)
    assert [getattr(a, "status_code", a) for a in answers] == [302] * PARALLEL
    assert {a["Location"] for a in answers} == {reverse("conversation-detail", args=[talk.pk])}
    assert talk.invitations.count() == 1
