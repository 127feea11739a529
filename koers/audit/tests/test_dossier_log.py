"""The dossier log: the events of my own file, newest first, in my language."""

from __future__ import annotations

import datetime

import pytest
import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from koers.access.actor import Actor
from koers.accounts.models import User
from koers.audit import verbs
from koers.audit.events import record
from koers.organisations.actions import transfers
from koers.organisations.actors import actor_for
from koers.organisations.models import Employee

pytestmark = pytest.mark.django_db


def events_on_page(response) -> list:
    """The events these tests recorded on the page (the demo's set-up put its own, such as
    person.created, on every file before)."""
    return [e for e in response.context["page"].object_list if e.verb.startswith("test.")]


def test_the_employee_sees_the_events_of_their_own_file_only(
    test_verbs, people, actor_of, login_as
):
    kees, dewi = people["medewerker"], people["collega"]
    record(actor_of("manager"), "test.read", kees, employee=kees)
    record(actor_of("collega"), "test.read", dewi, employee=dewi)
    record(actor_of("hr2"), "test.read", employee=people["hr2"])
    response = login_as("medewerker").get(reverse("dossier-log"))
    assert response.status_code == 200
    assert [e.employee for e in events_on_page(response)] == [kees]
    page = response.content.decode()
    assert "Sanne de Vries" in page and "heeft het dossier bekeken" in page


def test_hr_sees_only_their_own_file_here(test_verbs, people, actor_of, login_as):
    kees = people["medewerker"]
    record(actor_of("manager"), "test.read", kees, employee=kees)
    assert events_on_page(login_as("hr").get(reverse("dossier-log"))) == []


def test_newest_first_in_pages(test_verbs, people, actor_of, login_as, settings):
    settings.KOERS_LOG_PAGE_SIZE = 2
    kees = people["medewerker"]
    events = [record(actor_of("manager"), "test.read", kees, employee=kees) for _ in range(3)]
    client = login_as("medewerker")
    first = client.get(reverse("dossier-log"))
    assert events_on_page(first) == [events[2], events[1]]
    assert 'rel="next"' in first.content.decode()
    second = client.get(reverse("dossier-log"), {"page": 2}).context["page"].object_list
    assert next(iter(second)) == events[0]  # then the older events of the demo's set-up


def test_an_empty_log_says_so(demo, client):
    # Everyone added through Koers has at least person.created in their file; a person
    # without any event (created outside the actions) shows the empty log.
    person = Employee.objects.create(
        organisation=demo, personnel_number="LEEG-1", first_name="Leeg", last_name="Log"
    )
    user = User.objects.create_user("leeg-log")
    Employee.objects.filter(pk=person.pk).update(user=user)
    client.force_login(user, backend="django.contrib.auth.backends.ModelBackend")
    page = client.get(reverse("dossier-log")).content.decode()
    assert "Nog niemand heeft iets in uw dossier bekeken of gewijzigd." in page


def test_a_system_job_shows_as_koers(test_verbs, people, demo, login_as):
    kees = people["medewerker"]
    record(Actor(organisation_id=demo.pk), "test.read", kees, employee=kees)
    record(actor_for(kees), "test.read", kees, employee=kees)
    page = login_as("medewerker").get(reverse("dossier-log")).content.decode()
    assert "Koers (automatisch)" in page and "uzelf" in page


def test_an_english_speaking_employee_reads_the_log_in_english(full_demo, login_as, settings):
    settings.KOERS_LOG_PAGE_SIZE = 500  # the whole demo file on one page (cards, follow-up too)
    client = login_as("medewerker")
    dutch = client.get(reverse("dossier-log")).content.decode()
    assert "heeft het POP aangemaakt, vanaf" in dutch
    assert "heeft versie 1 van het POP klaargezet om te tekenen" in dutch

    client.post(reverse("profile"), {"language": "en"})
    english = client.get(reverse("dossier-log")).content.decode()
    assert "Who looked at my file?" in english
    assert "created the POP, starting" in english
    assert "made version 1 of the POP ready to sign" in english
    assert "heeft" not in english


def test_the_log_takes_the_same_queries_for_few_and_many_events(
    test_verbs, people, actor_of, login_as
):
    kees = people["medewerker"]
    client = login_as("medewerker")
    counts = []
    for _ in range(2):
        for who in ("manager", "hr", "medewerker"):
            record(actor_of(who), "test.read", kees, employee=kees)
        with CaptureQueriesContext(connection) as queries:
            client.get(reverse("dossier-log"))
        counts.append(len(queries))
    assert counts[0] == counts[1]


# --- per day, in plain words (issue 16, item 3) ----------------------------------------------


def test_one_line_per_person_and_thing_a_day_with_who_they_are(
    test_verbs, people, actor_of, login_as
):
    kees = people["medewerker"]
    for _ in range(3):
        record(actor_of("manager"), "test.read", kees, employee=kees)
    record(actor_of("hr"), "test.read", kees, employee=kees)
    response = login_as("medewerker").get(reverse("dossier-log"))
    today = response.context["days"][0]
    lines = {
        (line.who, line.relation, line.times) for line in today.lines if "dossier" in line.what
    }
    assert lines == {("Sanne de Vries", "uw leidinggevende", 3), ("Fatima el Amrani", "HR", 1)}
    page = response.content.decode()
    assert "(uw leidinggevende)" in page and "3 keer" in page


def test_days_apart_newest_first(test_verbs, people, actor_of, login_as):
    kees = people["medewerker"]
    yesterday = timezone.now() - datetime.timedelta(days=1)
    with time_machine.travel(yesterday, tick=False):
        record(actor_of("manager"), "test.read", kees, employee=kees)
    record(actor_of("manager"), "test.read", kees, employee=kees)
    days = login_as("medewerker").get(reverse("dossier-log")).context["days"]
    assert [day.day for day in days[:2]] == [
        timezone.localdate(),
        timezone.localdate() - datetime.timedelta(days=1),
    ]


def test_only_who_looked(full_demo, login_as):
    client = login_as("medewerker")
    client.get(reverse("plan-list"))  # (nothing read yet by this)
    everything = client.get(reverse("dossier-log")).context["page"].object_list
    reads = client.get(reverse("dossier-log"), {"wat": "inzage"}).context["page"].object_list
    assert {e.verb for e in reads} <= verbs.read_codes()
    assert {e.verb for e in everything} - verbs.read_codes()  # changes are shown by default


def test_an_export_shows_in_the_log_of_everyone_in_it_only(people, actor_of, demo, login_as):
    kees, dewi = people["medewerker"], people["collega"]
    transfers.record_export(actor_of("hr"), demo, [kees.pk])
    mine = login_as("medewerker").get(reverse("dossier-log"), {"wat": "inzage"})
    assert [e.verb for e in mine.context["page"].object_list] == ["people.exported"]
    assert "heeft een lijst van 1 medewerkers geëxporteerd" in mine.content.decode()
    theirs = login_as("collega").get(reverse("dossier-log"), {"wat": "inzage"})
    assert dewi.pk != kees.pk
    assert "people.exported" not in [e.verb for e in theirs.context["page"].object_list]
