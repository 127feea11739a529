"""Shared test set-up: fast hashing, plain static files, the named demo users.

Named users (see koers/organisations/demo.py): ``admin`` (org admin), ``hr``, ``manager``
(leads team Assemblage), ``medewerker`` (in Assemblage), ``collega`` (in Verpakken),
``hr2`` (HR of the other organisation).
"""

from __future__ import annotations

import os

import pytest

os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")  # Playwright's sync API + live_server


@pytest.fixture(autouse=True, scope="session")
def _fast_test_settings() -> None:
    from django.conf import settings

    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }
    settings.LANGUAGE_CODE = "nl"


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


@pytest.fixture
def demo(db):
    """Both demo organisations with their logins (password ``koers-demo``)."""
    from koers.organisations.demo import build_demo

    return build_demo(password="koers-demo")


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
