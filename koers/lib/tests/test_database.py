"""koers.lib.database: how Koers opens its database (issue 10 items 7 and 8)."""

from pathlib import Path

import pytest

from koers.lib import database

SQLITE = "django.db.backends.sqlite3"


def test_sqlite_gets_wal_immediate_transactions_and_a_busy_timeout(tmp_path: Path):
    config = database.configure(
        {"ENGINE": SQLITE, "NAME": str(tmp_path / "koers.sqlite3")}, tmp_path, busy_timeout=3
    )
    assert config["OPTIONS"]["transaction_mode"] == "IMMEDIATE"
    assert config["OPTIONS"]["timeout"] == 3
    assert "journal_mode=WAL" in config["OPTIONS"]["init_command"]
    assert "synchronous=NORMAL" in config["OPTIONS"]["init_command"]


def test_a_file_that_exists_is_opened_without_creating_it(tmp_path: Path):
    path = tmp_path / "koers.sqlite3"
    path.touch()
    config = database.configure({"ENGINE": SQLITE, "NAME": str(path)}, tmp_path, busy_timeout=3)
    assert config["NAME"] == f"file:{path}?mode=rw"
    assert database.sqlite_path(config) == path


def test_a_fresh_machine_may_create_the_file(tmp_path: Path):
    path = tmp_path / "koers.sqlite3"
    config = database.configure({"ENGINE": SQLITE, "NAME": str(path)}, tmp_path, busy_timeout=3)
    assert config["NAME"] == str(path)


def test_a_file_gone_after_it_existed_stops_koers(tmp_path: Path, capsys):
    path = tmp_path / "koers.sqlite3"
    path.touch()
    database.write_marker({"ENGINE": SQLITE, "NAME": str(path)}, tmp_path)
    path.unlink()
    with pytest.raises(SystemExit) as stopped:
        database.configure({"ENGINE": SQLITE, "NAME": str(path)}, tmp_path, busy_timeout=3)
    assert stopped.value.code == 3
    assert "ontbreekt" in capsys.readouterr().err
    assert not path.exists()


def test_postgresql_gets_a_connect_timeout_and_nothing_else_changes():
    config = {"ENGINE": "django.db.backends.postgresql", "NAME": "koers", "OPTIONS": {}}
    configured = database.configure(config, Path("/nonexistent"), busy_timeout=3)
    assert configured["OPTIONS"] == {"connect_timeout": 3}
    assert configured["NAME"] == "koers"
