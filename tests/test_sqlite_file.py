"""Issue 10 items 6, 7 and 8 on SQLite as it runs for real: a database file, made by
``migrate`` and ``load_demo``, served by gunicorn with several worker processes (the test
database of the other tests lives in memory and has one writer at a time).

- 20 parallel POSTs to create a plan and to plan a talk: one plan, one talk, no 500;
- 20 threads writing through actions at once: no "database is locked";
- the file locked by another connection: 503 with Retry-After within 5 s; unlocked: 200;
- the file gone while Koers runs: 503, and not recreated empty; back: 200;
- the file gone at start: Koers refuses to start, with a clear message.
"""

from __future__ import annotations

import json
import os
import socket
import sqlite3
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
from dataclasses import dataclass
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).parent
PARALLEL = 20
CSRF = "koerstestcsrfsecret0123456789abc"  # a 32-character CSRF secret, cookie and field
TOKENS = ["double-click"] * (PARALLEL // 2) + [f"tab-{i}" for i in range(PARALLEL // 2)]


def _environment(data_dir: Path) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k != "DATABASE_URL"}
    return env | {
        "KOERS_DATA_DIR": str(data_dir),
        "KOERS_STATICFILES_STORAGE": "django.contrib.staticfiles.storage.StaticFilesStorage",
        "KOERS_EMAIL_BACKEND": "django.core.mail.backends.locmem.EmailBackend",
        "KOERS_DEBUG": "0",
        "DJANGO_SETTINGS_MODULE": "koers.settings",
    }


def _koers(env: dict[str, str], *args: str, check: bool = True) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "koers", *args],
        env=env,
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=check,
        timeout=300,
    )


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@dataclass
class Answer:
    status: int
    headers: dict[str, str]
    body: str
    seconds: float


@dataclass
class Site:
    url: str
    env: dict[str, str]
    database: Path
    session: str

    def request(self, path: str, data: dict | None = None) -> Answer:
        body = None
        if data is not None:
            body = urllib.parse.urlencode(data | {"csrfmiddlewaretoken": CSRF}).encode()
        request = urllib.request.Request(self.url + path, data=body)
        request.add_header("Cookie", f"sessionid={self.session}; csrftoken={CSRF}")
        opener = urllib.request.build_opener(_NoRedirects)
        start = time.monotonic()
        try:
            with opener.open(request, timeout=30) as response:
                status, headers, text = response.status, response.headers, response.read()
        except urllib.error.HTTPError as error:
            status, headers, text = error.code, error.headers, error.read()
        return Answer(status, dict(headers), text.decode(), time.monotonic() - start)

    def query(self, sql: str, *params: object) -> list[tuple]:
        with sqlite3.connect(self.database, timeout=10) as db:
            return db.execute(sql, params).fetchall()


class _NoRedirects(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


SESSION_FOR_MANAGER = """
from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
from django.contrib.sessions.backends.db import SessionStore
from koers.accounts.models import User
user = User.objects.get(username="manager")
session = SessionStore()
session[SESSION_KEY] = str(user.pk)
session[BACKEND_SESSION_KEY] = "django.contrib.auth.backends.ModelBackend"
session[HASH_SESSION_KEY] = user.get_session_auth_hash()
session.create()
print(session.session_key)
"""


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    """A fresh machine: migrate makes the file (and its marker), the demo goes in, gunicorn
    serves it with four worker processes."""
    data_dir = tmp_path_factory.mktemp("koers-data")
    env = _environment(data_dir)
    _koers(env, "migrate", "--noinput", "-v0")
    _koers(env, "load_demo")
    session = _koers(env, "shell", "-c", SESSION_FOR_MANAGER).stdout.strip().splitlines()[-1]
    port = _free_port()
    server = subprocess.Popen(
        [
            str(BIN / "gunicorn"),
            "koers.wsgi",
            "--bind",
            f"127.0.0.1:{port}",
            "--workers",
            "4",
            "--no-control-socket",
        ],
        env=env,
        cwd=ROOT,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )
    site = Site(f"http://127.0.0.1:{port}", env, data_dir / "koers.sqlite3", session)
    try:
        for _ in range(100):
            try:
                if site.request("/").status in (200, 302):
                    break
            except OSError:
                pass
            time.sleep(0.2)
        else:
            raise RuntimeError("gunicorn did not start")
        yield site
    finally:
        server.terminate()
        server.wait(timeout=30)


def _kees(site: Site) -> int:
    [(pk,)] = site.query(
        "SELECT id FROM organisations_employee WHERE personnel_number = 'D-medewerker'"
        " AND organisation_id = (SELECT id FROM organisations_organisation"
        " WHERE slug = 'demo-werkbedrijf')"
    )
    return pk


def _at_once(site: Site, path: str, forms: list[dict]) -> list[Answer | BaseException]:
    barrier = threading.Barrier(len(forms))
    answers: list = [None] * len(forms)

    def post(index: int) -> None:
        try:
            barrier.wait()
            answers[index] = site.request(path, forms[index])
        except BaseException as error:  # reported by the assertions
            answers[index] = error

    threads = [threading.Thread(target=post, args=(i,)) for i in range(len(forms))]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return answers


def test_migrate_on_a_fresh_machine_makes_the_file_and_its_marker(site):
    assert site.database.exists()
    assert (site.database.parent / ".koers.sqlite3.created").exists()
    assert site.query("PRAGMA journal_mode") == [("wal",)]


def test_twenty_parallel_new_plans_make_one(site):
    kees = _kees(site)
    forms = [{"employee": kees, "period_start": "2031-01-01", "once": t} for t in TOKENS]
    answers = _at_once(site, "/plans/new/", forms)
    plans = site.query(
        "SELECT id FROM plans_developmentplan WHERE employee_id = ? AND period_start = ?",
        kees,
        "2031-01-01",
    )
    assert [getattr(a, "status", a) for a in answers] == [302] * PARALLEL
    assert len(plans) == 1
    assert {a.headers["Location"] for a in answers} == {f"/plans/{plans[0][0]}/"}


def test_twenty_parallel_plannings_plan_one_talk(site):
    kees = _kees(site)
    site.request("/conversations/plan/")  # the organisation's conversation types
    [(type_pk,)] = site.query(
        "SELECT t.id FROM conversations_conversationtype t JOIN organisations_employee e"
        " ON e.organisation_id = t.organisation_id WHERE e.id = ? ORDER BY t.id LIMIT 1",
        kees,
    )
    forms = [
        {
            "who": f"employee-{kees}",
            "conversation_type": type_pk,
            "date": "2031-03-03",
            "time": "10:00",
            "duration_minutes": 60,
            "gap_minutes": 15,
            "place": "Spreekkamer 2",
            "once": token,
        }
        for token in TOKENS
    ]
    answers = _at_once(site, "/conversations/plan/", forms)
    talks = site.query(
        "SELECT id FROM conversations_conversation WHERE employee_id = ?"
        " AND starts_at LIKE '2031-03-03%'",
        kees,
    )
    assert [getattr(a, "status", a) for a in answers] == [302] * PARALLEL
    assert len(talks) == 1
    assert {a.headers["Location"] for a in answers} == {f"/conversations/{talks[0][0]}/"}


TWENTY_WRITERS = """
import json, threading
from django.db import connection
from koers.organisations.actors import actor_for
from koers.organisations.models import Employee
from koers.plans import actions
from koers.plans.models import DevelopmentPlan

plan = DevelopmentPlan.objects.filter(employee__team__name="Assemblage").first()
manager = actor_for(plan.employee.team.managers.first())
barrier = threading.Barrier(20)
errors = []

def write():
    try:
        barrier.wait()
        for _ in range(5):
            actions.record_read(manager, plan)  # an audit event: one chain, many writers
    except Exception as error:
        errors.append(repr(error))
    finally:
        connection.close()

threads = [threading.Thread(target=write) for _ in range(20)]
for t in threads: t.start()
for t in threads: t.join()
print(json.dumps(errors))
"""


def test_twenty_threads_writing_through_actions_get_no_locked_errors(site):
    result = _koers(site.env, "shell", "-c", TWENTY_WRITERS)
    assert json.loads(result.stdout.strip().splitlines()[-1]) == []


def _a_page_that_writes(site: Site) -> str:
    """The POP page records its read in the dossier log: a write."""
    [(pk,)] = site.query(
        "SELECT id FROM plans_developmentplan WHERE employee_id = ? ORDER BY id LIMIT 1",
        _kees(site),
    )
    return f"/plans/{pk}/"


def test_a_locked_database_answers_503_within_five_seconds_and_recovers(site):
    page = _a_page_that_writes(site)
    assert site.request(page).status == 200
    lock = sqlite3.connect(site.database, isolation_level=None)
    try:
        lock.execute("BEGIN EXCLUSIVE")
        locked = site.request(page)
    finally:
        lock.execute("ROLLBACK")
        lock.close()
    assert locked.status == 503
    assert locked.seconds < 5
    assert int(locked.headers["Retry-After"]) > 0
    assert "Koers is even niet bereikbaar" in locked.body
    assert "Uitloggen" not in locked.body  # no menu: the page needs no database
    assert site.request(page).status == 200


def test_a_database_file_gone_while_running_answers_503_and_is_not_recreated(site):
    page = _a_page_that_writes(site)
    away = site.database.with_name("elsewhere.sqlite3")
    site.database.rename(away)
    try:
        gone = site.request(page)
        recreated = site.database.exists()
    finally:
        away.rename(site.database)
    assert gone.status == 503
    assert gone.seconds < 5
    assert "Retry-After" in gone.headers
    assert not recreated
    assert site.request(page).status == 200


def test_koers_refuses_to_start_when_the_database_file_is_gone(site):
    away = site.database.with_name("elsewhere.sqlite3")
    site.database.rename(away)
    try:
        started = _koers(site.env, "check", check=False)
        served = subprocess.run(
            [
                str(BIN / "gunicorn"),
                "koers.wsgi",
                *("--bind", f"127.0.0.1:{_free_port()}", "--workers", "1"),
                "--no-control-socket",
            ],
            env=site.env,
            cwd=ROOT,
            capture_output=True,
            text=True,
            timeout=120,
        )
        recreated = site.database.exists()
    finally:
        away.rename(site.database)
    assert started.returncode != 0
    assert "het databasebestand" in started.stderr and "ontbreekt" in started.stderr
    # gunicorn stops altogether ("worker failed to boot"), it does not retry for ever.
    assert served.returncode == 3
    assert "ontbreekt" in served.stderr
    assert not recreated
