"""Fixtures for the audit tests: the demo with every app's data, named people, test verbs."""

from __future__ import annotations

import datetime

import pytest

from koers.access.actor import Actor
from koers.audit import verbs
from koers.audit.verbs import Verb
from koers.organisations.actors import actor_for
from koers.organisations.models import Employee, Role

# Verbs of these tests only (plain strings: the catalogue skips tests).
TEST_VERBS = (
    Verb("test.read", "heeft het dossier bekeken"),
    Verb(
        "test.signed",
        "heeft versie %(number)s getekend op %(day)s als %(role)s",
        {"number": int, "day": datetime.date, "role": Role},
    ),
)


@pytest.fixture
def test_verbs(monkeypatch):
    for verb in TEST_VERBS:
        monkeypatch.setitem(verbs.registry(), verb.code, verb)


@pytest.fixture
def people(demo):
    """The named demo people by login: kees (medewerker), sanne (manager), dewi (collega),
    fatima (hr), and hr2 of the other organisation."""
    numbers = {"medewerker", "manager", "collega", "hr", "hr2"}
    return {
        e.personnel_number.removeprefix("D-"): e
        for e in Employee.objects.filter(personnel_number__in=[f"D-{n}" for n in numbers])
    }


@pytest.fixture
def actor_of(people):
    def _actor(login: str) -> Actor:
        return actor_for(people[login])

    return _actor
