"""Helpers shared by the test suites (not tests themselves).

The access matrix is data: every app lists its URLs in ``koers/<app>/tests/access_cases.py``
as ``CASES`` (and may add ``TARGETS``: objects the cases point at, by relation to the demo
users). ``tests/test_access_matrix.py`` walks all of them for every named user, and fails
when a URL pattern of Koers is in no case.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import re
import struct
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Any

# The named demo users, plus an anonymous visitor.
ACTORS = ("anonymous", "medewerker", "collega", "manager", "hr", "admin", "hr2")

# A statement that changes data (what assert_no_writes looks for).
WRITE_SQL = re.compile(r"\s*(INSERT|UPDATE|DELETE|REPLACE)\b", re.IGNORECASE)

# Where a user is sent when a page is not theirs because they are not signed in.
LOGIN_REDIRECT = 302


@dataclass(frozen=True)
class Case:
    """One URL in the matrix: who gets which status code.

    ``target`` names an entry of the merged TARGETS (e.g. "own_team_person"); its builder
    returns the URL arguments. ``expect`` maps every actor in ACTORS to a status code;
    ``default`` fills the ones not named.
    """

    url_name: str
    expect: dict[str, int]
    target: str | None = None
    method: str = "get"
    data: dict[str, Any] = field(default_factory=dict)
    default: int | None = None

    def status_for(self, actor: str) -> int:
        if actor in self.expect:
            return self.expect[actor]
        if actor == "anonymous":
            return LOGIN_REDIRECT
        if self.default is None:
            raise KeyError(f"{self.url_name}: no expected status for {actor}")
        return self.default


TargetBuilder = Callable[[Any], list[Any]]


def employee_args(organisation_slug: str, personnel_number: str) -> TargetBuilder:
    def build(_demo: Any) -> list[Any]:
        from koers.organisations.models import Employee

        return [
            Employee.objects.get(
                organisation__slug=organisation_slug, personnel_number=personnel_number
            ).pk
        ]

    return build


def team_args(organisation_slug: str, name: str) -> TargetBuilder:
    def build(_demo: Any) -> list[Any]:
        from koers.organisations.models import Team

        return [Team.objects.get(organisation__slug=organisation_slug, name=name).pk]

    return build


def department_args(organisation_slug: str, name: str) -> TargetBuilder:
    def build(_demo: Any) -> list[Any]:
        from koers.organisations.models import Department

        return [Department.objects.get(organisation__slug=organisation_slug, name=name).pk]

    return build


def talk_with_kees(*, days_ahead: int = 20, status: str | None = None) -> Any:
    """A talk the demo manager plans with Kees Bakker (``medewerker``), no e-mail sent; with
    ``status`` set directly (e.g. held) for tests that start later in the cycle."""
    import datetime

    from django.utils import timezone

    from koers.access.actor import Actor
    from koers.conversations.actions import planning
    from koers.conversations.actions.templates import ensure_default_templates
    from koers.organisations.actors import actor_for
    from koers.organisations.models import Employee

    kees = Employee.objects.get(
        organisation__slug="demo-werkbedrijf", personnel_number="D-medewerker"
    )
    organisation = kees.organisation
    talk = planning.plan_conversation(
        actor_for(kees.team.managers.get()),
        employee=kees,
        conversation_type=ensure_default_templates(Actor.for_system(organisation.pk), organisation)[
            0
        ],
        starts_at=timezone.now() + datetime.timedelta(days=days_ahead),
        duration_minutes=60,
        place="Kantine",
        short_notice_confirmed=days_ahead < 14,
        base_url="http://localhost/",
        send_email=False,
    )
    if status is not None:
        talk.status = status
        talk.save(update_fields=["status"])
    return talk


def state_of(subject: Any) -> str:
    """A signed document's state (a plan, a report): the status of its newest version. Derived,
    never stored beside the versions."""
    from koers.signing.documents import document_of

    return document_of(subject).status.status.value


def tamper_with(version: Any, snapshot: dict[str, Any]) -> None:
    """Change a sealed version the way only someone with the database to themselves could:
    drop the trigger, write the snapshot with raw SQL, put the trigger back."""
    import json

    from django.db import connection

    from koers.signing.sealing import trigger_dropped

    cast = "::jsonb" if connection.vendor == "postgresql" else ""
    with trigger_dropped(), connection.cursor() as cursor:
        cursor.execute(
            f"UPDATE signing_version SET snapshot = %s{cast} WHERE id = %s",  # noqa: S608
            [json.dumps(snapshot), version.pk],
        )


def default_types(organisation: Any) -> list[Any]:
    """The organisation's conversation types: set up when it was founded, or created here
    from the sources for an organisation made without the founding action."""
    from koers.access.actor import Actor
    from koers.conversations.actions.templates import ensure_default_templates

    return ensure_default_templates(Actor.for_system(organisation.pk), organisation)


# The session table: signing in and flash messages write it on any request, refused or not.
NOT_DATA_TABLES = frozenset({"django_session"})


def row_counts() -> dict[str, int]:
    """The number of rows of every model's table (its base manager: nothing filtered out)."""
    from django.apps import apps

    return {
        model._meta.label: model._base_manager.count()
        for model in apps.get_models(include_auto_created=True)
        if model._meta.db_table not in NOT_DATA_TABLES
    }


@contextmanager
def assert_no_writes() -> Iterator[None]:
    """Inside the block nothing in the database changes: no table gains or loses rows, and no
    INSERT, UPDATE or DELETE is sent (other than the session's). For "a refused submission
    changes nothing" and "a GET has no side effects"."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    before = row_counts()
    with CaptureQueriesContext(connection) as captured:
        yield
    after = row_counts()
    changed = {
        label: (before[label], after[label]) for label in before if before[label] != after[label]
    }
    writes = [
        query["sql"]
        for query in captured.captured_queries
        if WRITE_SQL.match(query["sql"])
        and not any(f'"{table}"' in query["sql"] for table in NOT_DATA_TABLES)
    ]
    assert not changed, f"row counts changed (before, after): {changed}"
    assert not writes, f"writes sent: {writes}"


def totp_code(secret: str, at: float | None = None, *, period: int = 30, digits: int = 6) -> str:
    """The code an authenticator app shows for a base32 ``secret`` (RFC 6238, HMAC-SHA1), at
    ``at`` (seconds since the epoch; now by default): what a person types at the second factor."""
    key = base64.b32decode(secret.upper() + "=" * (-len(secret) % 8))
    counter = int((time.time() if at is None else at) // period)
    digest = hmac.new(key, struct.pack(">Q", counter), hashlib.sha1).digest()
    offset = digest[-1] & 0x0F
    number = struct.unpack(">I", digest[offset : offset + 4])[0] & 0x7FFFFFFF
    return str(number % 10**digits).zfill(digits)
