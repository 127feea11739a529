"""Shared test set-up: fast hashing, plain static files, the named demo users.

Named users (see koers/organisations/demo.py): ``admin`` (org admin), ``hr``, ``manager``
(leads team Assemblage), ``medewerker`` (in Assemblage), ``collega`` (in Verpakken),
``hr2`` (HR of the other organisation).

The demo is built once per test session: ``django_db_setup`` builds both demo organisations
(``build_demo``: people, teams, logins; nothing in it is relative to "now") in the freshly
migrated test database and commits them. Every plain ``db`` test then runs in a transaction
on top of it that is rolled back, so no test sees another's changes. The apps' demo data
(``extend_demo``: talks, plans, cards, follow-up, dated from today) is added by the fixtures
that ask for it: ``full_demo`` (every app's, as ``koers load_demo``) and ``plans_demo`` (the
POPs, catalogue and budgets). Consecutive plain ``db`` tests that ask for the same one share
it: it is built once, at the first of them, in a transaction of its own that each of them runs
inside (in a savepoint that is rolled back, as always) and that is rolled back after the last
of them, before any other test (``DemoGroups`` below). A test that moves the clock before it
asks for one of them would see it built at the real time: build it yourself after moving.

Transactional tests (``transactional_db``, ``live_server``: the browser tests) flush the
database after each test; pytest-django runs them after all plain ``db`` tests, and they build
the demo themselves (``demo`` / ``demo_site``), as before. ``pytest_runtest_setup`` below fails
a plain ``db`` test that would run after a flush. A test that needs a database without the demo
asks for ``empty_db``.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator
from typing import Any

import pytest

os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")  # Playwright's sync API + live_server

DEMO_PASSWORD = "koers-demo"


@pytest.fixture(autouse=True, scope="session")
def _fast_test_settings() -> None:
    from django.conf import settings

    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }
    settings.LANGUAGE_CODE = "nl"
    # The demo's `admin` is a superuser and signs in with the password alone (as in `make demo`);
    # koers/accounts/tests/test_second_factor.py switches it on where it tests it.
    settings.KOERS_SUPERUSER_SECOND_FACTOR = False


@pytest.fixture
def transactional_db(transactional_db):
    """Audit events may be deleted only after their organisation (koers.audit.models). Django's
    flush after a transactional test deletes the tables in no fixed order on SQLite, so the
    organisations go first, in the same transaction as the rest (foreign keys are checked at
    commit). PostgreSQL's flush is TRUNCATE, which fires no row triggers."""
    yield
    from django.core.management.color import no_style
    from django.core.management.sql import sql_flush
    from django.db import connection

    if connection.vendor == "sqlite":
        first = 'DELETE FROM "organisations_organisation";'
        connection.ops.execute_sql_flush(
            [first, *sql_flush(no_style(), connection, reset_sequences=False)]
        )


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker, _fast_test_settings):
    """The migrated test database with both demo organisations in it, committed."""
    from koers.organisations.demo import build_demo

    with django_db_blocker.unblock():
        build_demo(password=DEMO_PASSWORD)


def _is_transactional(item: pytest.Item) -> bool:
    """As pytest-django decides it (and so orders the tests): this test's database is
    flushed afterwards instead of rolled back."""
    names = getattr(item, "fixturenames", ())
    if "transactional_db" in names or "live_server" in names:
        return True
    marker = item.get_closest_marker("django_db")
    if marker is None:
        return False
    transaction = marker.kwargs.get("transaction", marker.args[0] if marker.args else False)
    return bool(transaction or marker.kwargs.get("reset_sequences"))


def _uses_db(item: pytest.Item) -> bool:
    return "db" in getattr(item, "fixturenames", ()) or bool(item.get_closest_marker("django_db"))


_flushed: list[str] = []  # the first transactional test that ran (and flushed the demo away)


def pytest_runtest_setup(item: pytest.Item) -> None:
    if _is_transactional(item):
        _flushed[:] = _flushed or [item.nodeid]
    elif _flushed and _uses_db(item):
        pytest.fail(
            f"{item.nodeid} would run on a database that {_flushed[0]} flushed: the session demo"
            " is gone. pytest-django runs transactional tests last; did a plugin reorder them?",
            pytrace=False,
        )


@pytest.fixture
def demo(db, request):
    """Both demo organisations with their logins (password ``koers-demo``): the session's demo,
    or, for a transactional test, built for this test."""
    from koers.organisations.demo import DEMO_SLUG, build_demo
    from koers.organisations.models import Organisation

    if _is_transactional(request.node):
        return build_demo(password=DEMO_PASSWORD)
    return Organisation.objects.get(slug=DEMO_SLUG)


def _build_full_demo(organisation: Any) -> None:
    from koers.lib.registry import app_modules

    for module in app_modules("demo"):
        if hasattr(module, "extend_demo"):
            module.extend_demo(organisation)


def _build_plans_demo(organisation: Any) -> None:
    from koers.plans.demo import extend_demo

    extend_demo(organisation)


# Fixture name -> what it adds to the session demo; the first one a test asks for is shared.
DEMO_FLAVOURS: dict[str, Callable[[Any], None]] = {
    "full_demo": _build_full_demo,
    "plans_demo": _build_plans_demo,
}


def _flavour_of(item: pytest.Item) -> str | None:
    if _is_transactional(item):
        return None
    names = getattr(item, "fixturenames", ())
    return next((name for name in DEMO_FLAVOURS if name in names), None)


class DemoGroups:
    """The one demo flavour that is built, in an open transaction, for a run of tests."""

    def __init__(self, blocker: Any) -> None:
        self.blocker = blocker
        self.flavour: str | None = None
        self.atomic: Any = None
        self.outbox: list[Any] = []

    def enter(self, flavour: str) -> None:
        from django.core import mail
        from django.db import transaction

        from koers.organisations.demo import DEMO_SLUG
        from koers.organisations.models import Organisation

        if self.flavour != flavour:
            self.leave()
            with self.blocker.unblock():
                atomic = transaction.atomic()
                atomic.__enter__()
                self.atomic, self.flavour = atomic, flavour
                outbox_before = len(getattr(mail, "outbox", []))
                DEMO_FLAVOURS[flavour](Organisation.objects.get(slug=DEMO_SLUG))
                self.outbox = list(getattr(mail, "outbox", []))[outbox_before:]
        elif hasattr(mail, "outbox"):
            # What building it sent is in the outbox of every test that shares it.
            mail.outbox.extend(self.outbox)

    def leave(self) -> None:
        from django.db import transaction

        if self.atomic is None:
            return
        atomic, self.atomic, self.flavour, self.outbox = self.atomic, None, None, []
        with self.blocker.unblock():
            transaction.set_rollback(True)
            atomic.__exit__(None, None, None)


_groups: list[DemoGroups] = []


@pytest.fixture(scope="session")
def _demo_groups(django_db_setup, django_db_blocker) -> Iterator[DemoGroups]:
    groups = DemoGroups(django_db_blocker)
    _groups.append(groups)
    yield groups
    groups.leave()
    _groups.remove(groups)


@pytest.fixture
def _django_db_helper(request, _demo_groups):
    """pytest-django's per-test transaction (or flush), opened inside the shared demo flavour
    this test asks for, or after the one before it is rolled back. (pytest-django's own
    fixture of this name, asked for only after that: as an argument it would come first.)"""
    flavour = _flavour_of(request.node)
    if flavour is None:
        _demo_groups.leave()
    else:
        _demo_groups.enter(flavour)
    return request.getfixturevalue("_django_db_helper")


@pytest.hookimpl(trylast=True)
def pytest_runtest_teardown(item: pytest.Item, nextitem: pytest.Item | None) -> None:
    """The shared flavour goes when the next test does not share it (or is in another
    module, whose module-scoped fixtures may open transactions of their own)."""
    for groups in _groups:
        if (
            nextitem is None
            or getattr(nextitem, "module", None) is not getattr(item, "module", None)
            or _flavour_of(nextitem) != groups.flavour
        ):
            groups.leave()


@pytest.fixture
def full_demo(demo, request):
    """Both demo organisations plus every app's demo data (as ``koers load_demo`` does)."""
    if _flavour_of(request.node) != "full_demo":
        _build_full_demo(demo)
    return demo


@pytest.fixture
def plans_demo(demo, request):
    """The demo organisations plus the demo POPs, catalogue and budgets."""
    if _flavour_of(request.node) != "plans_demo":
        _build_plans_demo(demo)
    return demo


@pytest.fixture
def empty_db(db):
    """No organisations and no users: the session demo is deleted inside this test's
    transaction (the next test has it back)."""
    from django.db import connection

    from koers.accounts.models import User
    from koers.conversations.models import ConversationType
    from koers.organisations.models import Department, Employee, Organisation, Team

    # Founding an organisation sets up its conversation templates (koers.conversations.founding).
    ConversationType.objects.all().delete()
    # The demo's set-up recorded audit events, which go only after their organisation
    # (koers.audit.models; foreign keys are checked at commit, and this test rolls back).
    with connection.cursor() as cursor:
        cursor.execute('DELETE FROM "organisations_organisation"')
        cursor.execute('DELETE FROM "audit_auditevent"')
    # Teams protect their members and departments their teams: delete from the bottom up.
    for model in (Employee, Team, Department, Organisation, User):
        model.objects.all().delete()


@pytest.fixture
def users(demo):
    from koers.accounts.models import User
    from koers.organisations.demo import DEMO_LOGINS

    return {u.username: u for u in User.objects.filter(username__in=DEMO_LOGINS)}


@pytest.fixture
def login_as(client, users):
    """``login_as("hr")`` returns the test client signed in as that demo user."""

    def _login(username: str):
        client.force_login(users[username], backend="django.contrib.auth.backends.ModelBackend")
        return client

    return _login


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args):
    return {
        **browser_type_launch_args,
        "executable_path": os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium"),
        "args": [
            "--no-sandbox",
            "--disable-gpu",
            "--disable-dev-shm-usage",
            "--disable-background-networking",
            "--disable-component-update",
            "--no-first-run",
            "--disable-sync",
        ],
    }
