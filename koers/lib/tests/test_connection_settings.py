"""Issue 18: PostgreSQL keeps its connections (checked before reuse); SQLite opens its file
per request, so that a file taken away is noticed at once."""

from __future__ import annotations

import os
import subprocess
import sys


def _database_setting(url: str) -> str:
    code = (
        "import django, json; from django.conf import settings; django.setup();"
        "d = settings.DATABASES['default'];"
        "print(json.dumps([d['CONN_MAX_AGE'], d['CONN_HEALTH_CHECKS']]))"
    )
    env = {**os.environ, "DATABASE_URL": url, "DJANGO_SETTINGS_MODULE": "koers.settings"}
    env.pop("KOERS_DB_CONN_MAX_AGE", None)
    done = subprocess.run(
        [sys.executable, "-c", code], env=env, capture_output=True, text=True, check=True
    )
    return done.stdout.strip().splitlines()[-1]


def test_postgresql_keeps_its_connections_for_a_minute():
    assert _database_setting("postgres://u@127.0.0.1:1/koers") == "[60, true]"


def test_sqlite_opens_its_file_per_request(tmp_path):
    assert _database_setting(f"sqlite:///{tmp_path / 'koers.sqlite3'}") == "[0, true]"
