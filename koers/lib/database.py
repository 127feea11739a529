"""How Koers opens its database (settings.py).

SQLite (the demo and small installations) gets what many writers at once need: WAL (readers
never wait for a writer), ``BEGIN IMMEDIATE`` (a transaction takes the write lock when it
starts, so two writers never deadlock half-way and fail with "database is locked") and a busy
timeout (a writer waits its turn). PostgreSQL gets a connect timeout of the same length. The
timeout is short enough that a database locked for long still answers with the 503 page
within five seconds (``koers.lib.unavailable``).

A database file that existed must never come back empty: after the first ``migrate`` a marker
sits next to it in the data directory; a file opened while it exists is opened ``mode=rw``
(SQLite then never creates it); and a start with the marker but without the file stops with
a clear message (``MissingDatabase``).
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

SQLITE = "django.db.backends.sqlite3"
POSTGRESQL = "django.db.backends.postgresql"
# Seconds a writer waits for the lock before giving up (the request then answers 503).
DEFAULT_BUSY_TIMEOUT = 3


class MissingDatabase(SystemExit):
    """The configured SQLite file existed once and is gone: do not start with an empty one.
    Says why on stderr and exits with 3, the code with which gunicorn stops altogether
    ("worker failed to boot") instead of starting workers again and again."""

    EXIT_CODE = 3

    def __init__(self, path: Path, marker: Path) -> None:
        sys.stderr.write(
            f"Koers start niet: het databasebestand {path} ontbreekt, maar er was al een "
            f"database ({marker} bestaat). Zet het bestand terug (uit de back-up) of koppel de "
            f"schijf weer aan. Begint u echt opnieuw met een lege database? Verwijder dan "
            f"{marker}.\n"
            f"Koers does not start: the database file {path} is missing although a database "
            f"existed. Restore it, or delete {marker} to start with an empty database.\n"
        )
        super().__init__(self.EXIT_CODE)
        self.path, self.marker = path, marker


def marker_for(path: Path, data_dir: Path) -> Path:
    """The marker that says this database file was made (written at migrate)."""
    return data_dir / f".{path.name}.created"


def sqlite_path(config: dict[str, Any]) -> Path | None:
    """The file of a SQLite configuration; None for another engine or an in-memory database."""
    name = str(config.get("NAME") or "")
    if config.get("ENGINE") != SQLITE or not name or name == ":memory:" or "mode=memory" in name:
        return None
    if name.startswith("file:"):
        name = name[len("file:") :].split("?", 1)[0]
    return Path(name)


def configure(config: dict[str, Any], data_dir: Path, *, busy_timeout: int) -> dict[str, Any]:
    """The database configuration Koers uses: for SQLite, WAL, immediate transactions, a busy
    timeout and never an empty file in place of one that existed. Other engines unchanged."""
    if config.get("ENGINE") == POSTGRESQL:
        # A server that does not answer is "away" within seconds, not after minutes.
        return {**config, "OPTIONS": {"connect_timeout": busy_timeout, **config.get("OPTIONS", {})}}
    path = sqlite_path(config)
    if path is None:
        return config
    marker = marker_for(path, data_dir)
    exists = path.exists()
    if not exists and marker.exists():
        raise MissingDatabase(path, marker)
    options = {
        "transaction_mode": "IMMEDIATE",
        "timeout": busy_timeout,
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL",
        **config.get("OPTIONS", {}),
    }
    # A file that exists is opened read-write only: deleted while Koers runs, it is not
    # recreated empty (the request answers 503; putting it back is enough).
    name = f"file:{path}?mode=rw" if exists else str(path)
    return {**config, "NAME": name, "OPTIONS": options}


# Rows ANALYZE reads per index when ``PRAGMA optimize`` decides to run it: statistics good
# enough for the planner in milliseconds, not a full pass over 100k employees (SQLite's
# advice for ``PRAGMA optimize``: https://sqlite.org/lang_analyze.html#approx).
ANALYSIS_LIMIT = 1000


def optimize(connection: Any) -> bool:
    """SQLite: ``PRAGMA optimize``, which runs ANALYZE on the tables whose statistics are
    missing or out of date (and only those), so that the planner knows the sizes. Run after
    ``migrate`` and at the end of every ``koers remind``, as SQLite recommends for a
    long-lived database. PostgreSQL: nothing (autovacuum ANALYZEs). True when it ran."""
    if connection.vendor != "sqlite":
        return False
    with connection.cursor() as cursor:
        cursor.execute(f"PRAGMA analysis_limit = {ANALYSIS_LIMIT}")
        cursor.execute("PRAGMA optimize")
    return True


def write_marker(config: dict[str, Any], data_dir: Path) -> None:
    """After migrate: remember that this SQLite file exists (see ``configure``)."""
    path = sqlite_path(config)
    if path is not None and path.exists() and data_dir.is_dir():
        marker = marker_for(path, data_dir)
        if not marker.exists():
            marker.write_text(f"{path}\n")
