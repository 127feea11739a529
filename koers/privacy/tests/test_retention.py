"""Retention that really deletes (issue 16): ``koers retention`` on a test clock."""

from __future__ import annotations

import datetime
import io
import re
from decimal import Decimal

import pytest
import time_machine
from django.core.management import call_command
from django.db import connection
from django.urls import reverse
from django.utils import timezone

from koers.access.actor import Actor
from koers.accounts.models import User
from koers.audit import chain
from koers.audit.models import AuditEvent
from koers.conversations.models import Conversation, Status, TalkRating
from koers.followup.queries.hr import MIN_RATED_PEOPLE, conversation_score
from koers.lib.errors import NotAllowed
from koers.organisations.actions.people import mark_left_service
from koers.organisations.actors import actor_for
from koers.organisations.models import ERASED_NAME, Employee, EmployeeImport, ErasedFigure
from koers.plans.models import Activity, DevelopmentPlan
from koers.plans.queries import budget_overview
from koers.privacy import actions
from koers.signing.models import Version
from koers.testing import row_counts

pytestmark = pytest.mark.django_db


def _person(username: str) -> Employee:
    return Employee.objects.select_related("organisation", "user").get(user__username=username)


def _needles(person: Employee) -> list[str]:
    return [person.full_name, person.email, person.personnel_number, person.sort_name]


def _tables_holding(needles: list[str]) -> dict[str, list[str]]:
    """Every table of the database, every column as text: where does any needle occur?"""
    found: dict[str, list[str]] = {}
    lowered = [n.lower() for n in needles if n]
    with connection.cursor() as cursor:
        for table in connection.introspection.table_names(cursor):
            cursor.execute(f'SELECT * FROM "{table}"')
            for row in cursor.fetchall():
                text = " | ".join(str(value) for value in row).lower()
                hits = [n for n in lowered if n in text]
                if hits:
                    found.setdefault(table, []).extend(hits)
    return found


def _figures(hr: Actor, years: list[int]):
    budgets = {year: budget_overview(hr, year) for year in years}
    return budgets, conversation_score(hr)


def _rate_talks_of_the_department(person: Employee) -> None:
    """Marks from Kees and enough colleagues that the department's average is shown."""
    talks = Conversation.objects.filter(
        employee__team__department=person.team.department, rating=None
    ).exclude(status=Status.CANCELLED)
    rated = set()
    for n, talk in enumerate(talks.order_by("pk")):
        TalkRating.objects.create(
            conversation=talk,
            score=1 + n % 5,
            given_by=TalkRating.GivenBy.EMPLOYEE,
            answered_by=talk.employee,
            answered_at=timezone.now(),
        )
        rated.add(talk.employee_id)
    assert person.pk in rated and len(rated) >= MIN_RATED_PEOPLE


def _leave_and_wait(person: Employee, hr: Actor) -> datetime.datetime:
    today = timezone.localdate()
    mark_left_service(hr, person, today)
    years = person.organisation.retention_years
    later = today.replace(year=today.year + years) + datetime.timedelta(days=1)
    return timezone.make_aware(datetime.datetime.combine(later, datetime.time(3, 0)))


def test_a_file_is_gone_after_the_retention_period_and_the_figures_still_add_up(full_demo):
    person = _person("medewerker")
    hr = actor_for(_person("hr"))
    needles = _needles(person)
    assert _tables_holding(needles), "the demo gives the person a file to erase"
    # The file the demo gives them: talks with a mark, a POP with costs, a login.
    assert Conversation.objects.filter(employee=person).exists()
    _rate_talks_of_the_department(person)
    assert Activity.objects.filter(point__plan__employee=person, cost__gt=0).exists()
    years = sorted(
        {a.period_from.year for a in Activity.objects.exclude(period_from=None)}
        | {p.period_start.year for p in DevelopmentPlan.objects.all()}
    )
    before = _figures(hr, years)
    at = _leave_and_wait(person, hr)
    events_before = AuditEvent.objects.filter(organisation=person.organisation).count()

    with time_machine.travel(at, tick=False):
        out = io.StringIO()
        call_command("retention", stdout=out)
        assert "1 file(s) erased" in out.getvalue()
        again = io.StringIO()
        call_command("retention", stdout=again)
        assert "0 file(s) erased" in again.getvalue()
        after = _figures(hr, years)

    assert _tables_holding(needles) == {}
    record = Employee.objects.get(pk=person.pk)
    assert record.erased_at is not None and record.full_name == str(ERASED_NAME)
    assert record.user_id is None and not User.objects.filter(pk=person.user_id).exists()
    assert not Conversation.objects.filter(employee=record).exists()
    assert not DevelopmentPlan.objects.filter(employee=record).exists()
    assert not Version.objects.filter(employee=record).exists()
    # The figures of every year, and the talk's average mark, as before.
    assert after == before
    assert before[1][2], "the department's average mark is shown, before and after"
    assert ErasedFigure.objects.filter(organisation=person.organisation).exists()
    # The log keeps its events (one more: the erasure, with counts only) and its chain.
    events = AuditEvent.objects.filter(organisation=person.organisation)
    assert events.count() == events_before + 1
    erased = events.get(verb="person.erased")
    assert erased.employee_id == person.pk and erased.actor_id is None
    assert erased.params["rows"] > 10
    assert chain.verify(person.organisation).ok


def test_the_dry_run_lists_per_kind_and_changes_nothing(full_demo):
    person = _person("medewerker")
    hr = actor_for(_person("hr"))
    at = _leave_and_wait(person, hr)
    with time_machine.travel(at, tick=False):
        counts = row_counts()
        out = io.StringIO()
        call_command("retention", "--dry-run", stdout=out)
        assert row_counts() == counts
    text = out.getvalue()
    assert f"would erase: {person.organisation.name} · Kees Bakker" in text
    assert "gesprekken" in text and "(dry run: nothing changed)" in text
    assert Employee.objects.get(pk=person.pk).erased_at is None


def test_nobody_is_erased_before_the_period_has_passed(full_demo):
    person = _person("medewerker")
    hr = actor_for(_person("hr"))
    at = _leave_and_wait(person, hr)
    system = Actor.for_system(person.organisation_id)
    with time_machine.travel(at - datetime.timedelta(days=2), tick=False):
        call_command("retention", stdout=io.StringIO())
        assert Employee.objects.get(pk=person.pk).erased_at is None
        with pytest.raises(NotAllowed):
            actions.erase_person(system, person)
    with time_machine.travel(at, tick=False), pytest.raises(NotAllowed):
        # A person (even HR) never erases a file; only the job does.
        actions.erase_person(hr, person)
    in_service = _person("collega")
    with time_machine.travel(at, tick=False), pytest.raises(NotAllowed):
        actions.erase_person(system, in_service)


def test_a_departed_manager_stays_on_the_others_files_as_an_erased_record(full_demo):
    manager = _person("manager")
    hr = actor_for(_person("hr"))
    talks = list(Conversation.objects.filter(manager=manager).exclude(employee=manager))
    assert talks, "the demo manager held talks with others"
    at = _leave_and_wait(manager, hr)
    with time_machine.travel(at, tick=False):
        call_command("retention", stdout=io.StringIO())
    for talk in talks:
        talk.refresh_from_db()
        assert talk.manager.full_name == str(ERASED_NAME)


def test_imports_are_gone_after_seven_days(demo):
    organisation = demo
    kept = EmployeeImport.objects.create(
        organisation=organisation, filename="nieuw.csv", rows=[{"first_name": "Anna"}]
    )
    old = EmployeeImport.objects.create(
        organisation=organisation, filename="oud.csv", rows=[{"first_name": "Bert"}]
    )
    applied = EmployeeImport.objects.create(
        organisation=organisation,
        filename="toegepast.csv",
        status=EmployeeImport.Status.APPLIED,
        report=[{"row": 2, "number": "9001", "name": "Carla"}],
        created_count=1,
    )
    eight_days_ago = timezone.now() - datetime.timedelta(days=8)
    EmployeeImport.objects.filter(pk__in=[old.pk, applied.pk]).update(created_at=eight_days_ago)
    out = io.StringIO()
    call_command("retention", stdout=out)
    assert "1 unconfirmed import(s) deleted, 1 import(s) cleared" in out.getvalue()
    assert EmployeeImport.objects.filter(pk=kept.pk, rows=[{"first_name": "Anna"}]).exists()
    assert not EmployeeImport.objects.filter(pk=old.pk).exists()
    applied.refresh_from_db()
    assert applied.report == [] and applied.created_count == 1
    assert AuditEvent.objects.filter(verb="people.imports_expired").count() == 1
    call_command("retention", stdout=io.StringIO())
    assert AuditEvent.objects.filter(verb="people.imports_expired").count() == 1


def test_hr_sees_who_goes_within_a_month(demo):
    person = _person("medewerker")
    hr = actor_for(_person("hr"))
    at = _leave_and_wait(person, hr)
    organisation = person.organisation
    soon = Employee.objects.due_for_erasure(organisation, at.date() - datetime.timedelta(days=20))
    assert not soon.exists()
    within = Employee.objects.due_for_erasure(
        organisation, at.date() - datetime.timedelta(days=20), within_days=31
    )
    assert list(within) == [person]
    assert Employee.objects.get(pk=person.pk).erase_on == at.date() - datetime.timedelta(days=1)
    assert Decimal("0") == sum((f.total for f in ErasedFigure.objects.all()), Decimal("0"))


def test_hr_sees_the_coming_erasure_and_never_an_erased_record(full_demo, client, users):
    person = _person("medewerker")
    hr = actor_for(_person("hr"))
    at = _leave_and_wait(person, hr)
    erase_on = (at.date() - datetime.timedelta(days=1)).strftime("%d-%m-%Y")
    with time_machine.travel(at - datetime.timedelta(days=20), tick=False):
        client.force_login(users["hr"], backend="django.contrib.auth.backends.ModelBackend")
        page = client.get(reverse("people-list"), {"status": "erased_soon"}).content.decode()
        assert "Bakker, Kees" in page and f"dossier wordt verwijderd op {erase_on}" in page
        assert re.findall(r'href="/people/(\d+)/"', page) == [str(person.pk)]
        detail = client.get(reverse("person-detail", args=[person.pk])).content.decode()
        assert "Het dossier wordt op" in detail and "bewaartermijn is 2 jaar" in detail
    with time_machine.travel(at, tick=False):
        call_command("retention", stdout=io.StringIO())
        client.force_login(users["hr"], backend="django.contrib.auth.backends.ModelBackend")
        page = client.get(reverse("people-list"), {"status": "all"}).content.decode()
        assert str(ERASED_NAME) not in page and "erased-" not in page
        assert client.get(reverse("person-detail", args=[person.pk])).status_code == 404
