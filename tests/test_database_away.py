"""Issue 10 item 8: the database away answers a plain 503 with Retry-After, quickly, from
every layer (here: the session middleware, the first to need the database), and the next
request works again once the database is back. On PostgreSQL the server does not answer (a
closed port); on SQLite the file is missing (opened ``mode=rw``: never created)."""

from __future__ import annotations

import contextlib
import socket
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from django.db import connections
from django.test import Client
from django.urls import reverse


def _closed_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]  # nobody listens here once the socket is closed


@contextlib.contextmanager
def database_away(tmp_path: Path) -> Iterator[None]:
    """The default connection, for this thread, pointed at a database that is not there."""
    original = connections["default"]
    settings_dict = dict(original.settings_dict)
    if original.vendor == "postgresql":
        settings_dict |= {"HOST": "127.0.0.1", "PORT": str(_closed_port())}
    else:
        settings_dict["NAME"] = f"file:{tmp_path / 'gone.sqlite3'}?mode=rw"
    away = original.__class__(settings_dict, alias="default")
    connections["default"] = away
    try:
        yield
    finally:
        away.close()
        connections["default"] = original


@pytest.mark.django_db
def test_the_database_away_answers_503_with_retry_after_and_then_recovers(demo, users, tmp_path):
    client = Client(raise_request_exception=False)  # as a real server: answer, do not raise
    client.force_login(users["manager"], backend="django.contrib.auth.backends.ModelBackend")
    with database_away(tmp_path):
        start = time.monotonic()
        response = client.get(reverse("plan-list"))
        seconds = time.monotonic() - start
    assert response.status_code == 503
    assert seconds < 5
    assert int(response["Retry-After"]) > 0
    assert response["Cache-Control"] == "no-store"
    page = response.content.decode()
    assert "Koers is even niet bereikbaar" in page
    assert "Uitloggen" not in page  # no menu, no session: the page needs no database
    assert not (tmp_path / "gone.sqlite3").exists()
    # Back: the next request works, without a restart.
    assert client.get(reverse("plan-list")).status_code == 200
