"""Issue 11, item 9: figures that are proven. Hypothesis builds random organisations (people
joining and leaving, teams with one or two managers, a manager who is also a member, agreed
intervals, talks in every status at every distance from today, dates agreed in the
Afsluiting, before and after their talk, trajectories of 2–4 talks) and every talk figure of
the manager's board, the employee's page, HR's coverage and the set of due "next talk"
reminders is compared with a plain count over the same rows, written without the rules
module.

CI runs ``KOERS_PROPERTY_EXAMPLES`` examples (default 100) with a fixed seed (derandomised);
``make bench`` runs more.
"""

from __future__ import annotations

import calendar
import datetime
import os
import zoneinfo
from dataclasses import dataclass

import pytest
import time_machine
from django.db import transaction
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from koers.access.actor import Actor
from koers.conversations.actions.templates import ensure_default_templates
from koers.conversations.models import Conversation, Status, TalkNotes, Trajectory
from koers.followup.models import ConversationInterval, NoticeKind
from koers.followup.queries.employee import my_course
from koers.followup.queries.hr import hr_figures
from koers.followup.queries.team import team_board
from koers.followup.reminders.due import due_notices
from koers.organisations.actors import actor_for
from koers.organisations.models import Department, Employee, Organisation, Team

AMSTERDAM = zoneinfo.ZoneInfo("Europe/Amsterdam")
# "Now" is one of these moments: month ends (where month arithmetic slips), a leap day, the
# change to summer time, an ordinary day.
MOMENTS = [
    datetime.datetime(2026, 6, 15, 10, 30, tzinfo=AMSTERDAM),
    datetime.datetime(2026, 2, 28, 23, 30, tzinfo=AMSTERDAM),
    datetime.datetime(2028, 2, 29, 8, 0, tzinfo=AMSTERDAM),
    datetime.datetime(2026, 3, 31, 0, 15, tzinfo=AMSTERDAM),
    datetime.datetime(2026, 3, 29, 12, 0, tzinfo=AMSTERDAM),
    datetime.datetime(2026, 12, 31, 16, 0, tzinfo=AMSTERDAM),
    datetime.datetime(2027, 4, 30, 9, 0, tzinfo=AMSTERDAM),
]
EXAMPLES = int(os.environ.get("KOERS_PROPERTY_EXAMPLES", "100"))
HELD = {Status.HELD, Status.REPORTED, Status.SIGNED}
OPEN = {Status.PLANNED, Status.PREPARING}


@dataclass(frozen=True)
class PersonSpec:
    team: int | None
    joined: int | None  # days from today
    left: int | None  # days from today
    months: int | None  # an agreed interval


@dataclass(frozen=True)
class TalkSpec:
    person: int
    hours: int  # from now, unless ``months_back`` is set
    status: str
    agreed: int | None  # days from the talk's date
    # Near an interval's end: this many months back, shifted by ``hours`` // 24 days (±3).
    months_back: int | None = None
    # One of the person's trajectory (004): their series talks, 2–4 of them, form one.
    series: bool = False


people_st = st.builds(
    PersonSpec,
    team=st.one_of(st.none(), st.integers(0, 2)),
    joined=st.one_of(st.none(), st.integers(-3000, 60)),
    left=st.one_of(st.none(), st.integers(-60, 60)),
    months=st.one_of(st.none(), st.integers(1, 24)),
)
talks_st = st.builds(
    TalkSpec,
    person=st.integers(0, 9),
    hours=st.one_of(st.integers(-24 * 900, 24 * 120), st.integers(-48, 48)),
    status=st.sampled_from(Status.values),
    # Boundaries first: the day of the talk itself, the day before and after.
    agreed=st.one_of(st.none(), st.sampled_from([-1, 0, 1]), st.integers(-30, 500)),
    months_back=st.one_of(st.none(), st.sampled_from([1, 6, 12]), st.integers(0, 24)),
    series=st.booleans(),
)
worlds = st.fixed_dictionaries(
    {
        "now": st.sampled_from(MOMENTS),
        "interval": st.integers(1, 24),
        "people": st.lists(people_st, min_size=1, max_size=10),
        # per team: its managers, as indexes into people (a manager may be a member)
        "managers": st.lists(st.lists(st.integers(0, 9), min_size=1, max_size=2), min_size=3),
        "talks": st.lists(talks_st, max_size=15),
    }
)


_MANAGER = PersonSpec(team=None, joined=-900, left=None, months=None)


@pytest.fixture
def organisation(empty_db):
    organisation = Organisation.objects.create(name="Eigenschap BV", slug="eigenschap")
    conversation_type = ensure_default_templates(Actor.for_system(organisation.pk), organisation)[0]
    hr = Employee.objects.create(
        organisation=organisation, personnel_number="HR", first_name="H", last_name="R", is_hr=True
    )
    return organisation, conversation_type, hr


@settings(
    max_examples=EXAMPLES,
    deadline=None,
    derandomize=True,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(world=worlds)
# The edges, always tried: a date "agreed" for the day of the talk itself (not a due date);
# a talk on 31 January with a one-month interval, seen on 28 February (due that day).
@example(
    world={
        "now": MOMENTS[0],
        "interval": 12,
        "people": [PersonSpec(team=0, joined=-400, left=None, months=1), _MANAGER],
        "managers": [[1], [1], [1]],
        "talks": [TalkSpec(person=0, hours=-24 * 61, status=Status.SIGNED, agreed=0)],
    }
)
@example(
    world={
        "now": MOMENTS[1],
        "interval": 1,
        "people": [PersonSpec(team=0, joined=-400, left=None, months=None), _MANAGER],
        "managers": [[1], [1], [1]],
        "talks": [TalkSpec(person=0, hours=-24 * 28, status=Status.HELD, agreed=None)],
    }
)
def test_talk_figures_match_a_plain_count(organisation, world):
    organisation, conversation_type, hr = organisation
    with time_machine.travel(world["now"], tick=False), transaction.atomic():
        built = _build(organisation, conversation_type, world)
        _compare(built, hr)
        transaction.set_rollback(True)


@dataclass
class Built:
    people: list[Employee]
    teams: list[Team]
    talks: list[Conversation]
    agreed: dict[int, datetime.date]  # talk pk -> the agreed date
    months: dict[int, int]  # person pk -> interval
    now: datetime.datetime

    @property
    def today(self) -> datetime.date:
        return self.now.astimezone(AMSTERDAM).date()


def _build(organisation: Organisation, conversation_type, world: dict) -> Built:
    now = world["now"]
    today = now.date()
    organisation.conversation_interval_months = world["interval"]
    organisation.save(update_fields=["conversation_interval_months"])
    departments = [
        Department.objects.create(organisation=organisation, name=f"Afdeling {i}") for i in (0, 1)
    ]
    teams = [
        Team.objects.create(organisation=organisation, department=departments[i % 2], name=f"T{i}")
        for i in range(3)
    ]
    people, months = [], {}
    for index, spec in enumerate(world["people"]):
        person = Employee.objects.create(
            organisation=organisation,
            personnel_number=f"P{index}",
            first_name=f"P{index}",
            last_name="Test",
            team=teams[spec.team] if spec.team is not None else None,
            in_service_since=_day(today, spec.joined),
            left_service_on=_day(today, spec.left),
        )
        if spec.months:
            ConversationInterval.objects.create(employee=person, months=spec.months)
        months[person.pk] = spec.months or world["interval"]
        people.append(person)
    for team, managers in zip(teams, world["managers"], strict=False):
        team.managers.set({people[i % len(people)] for i in managers})
    talks, agreed, taken = [], {}, set()
    in_series: dict[int, list[Conversation]] = {}
    template = conversation_type.templates.order_by("-pk").first()
    for spec in world["talks"]:
        person = people[spec.person % len(people)]
        starts_at = now + datetime.timedelta(hours=spec.hours)
        if spec.months_back is not None:
            day = _add_months(today, -spec.months_back) + datetime.timedelta(
                days=max(-3, min(3, spec.hours // 24))
            )
            starts_at = datetime.datetime.combine(day, now.timetz())
        if spec.status != Status.CANCELLED and (person.pk, starts_at) in taken:
            continue  # one talk per employee at one time (a database constraint)
        if spec.status != Status.CANCELLED:
            taken.add((person.pk, starts_at))
        talk = Conversation.objects.create(
            organisation=organisation,
            employee=person,
            manager=people[0],
            conversation_type=conversation_type,
            template=template,
            starts_at=starts_at,
            status=spec.status,
            place="Kamer 1",
        )
        if spec.agreed is not None:
            on = starts_at.astimezone(AMSTERDAM).date() + datetime.timedelta(days=spec.agreed)
            TalkNotes.objects.create(conversation=talk, next_date=on)
            agreed[talk.pk] = on
        talks.append(talk)
        if spec.series:
            in_series.setdefault(person.pk, []).append(talk)
    for person_pk, series_talks in in_series.items():
        series_talks = series_talks[: Trajectory.MAX_TALKS]
        if len(series_talks) < Trajectory.MIN_TALKS:
            continue
        trajectory = Trajectory.objects.create(
            organisation=organisation,
            employee_id=person_pk,
            theme="Traject",
            talk_count=len(series_talks),
        )
        for talk in series_talks:
            talk.trajectory = trajectory
            talk.save(update_fields=["trajectory"])
    return Built(people, teams, talks, agreed, months, now)


def _day(today: datetime.date, offset: int | None) -> datetime.date | None:
    return None if offset is None else today + datetime.timedelta(days=offset)


# The plain count: one person at a time, straight from the rows and the words of the rule.
def _add_months(day: datetime.date, months: int) -> datetime.date:
    month_index = day.month - 1 + months
    year, month = day.year + month_index // 12, month_index % 12 + 1
    return datetime.date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def _in_service(built: Built, person: Employee) -> bool:
    return person.left_service_on is None or person.left_service_on > built.today


def _last_held(built: Built, person: Employee) -> Conversation | None:
    held = [t for t in built.talks if t.employee_id == person.pk and t.status in HELD]
    return max(held, key=lambda t: (t.starts_at, t.pk), default=None)


def _due(built: Built, person: Employee) -> datetime.date | None:
    """The agreed date of the last held talk (when after it); else its date + the interval;
    else joining + the interval; else unknown."""
    months = built.months[person.pk]
    last = _last_held(built, person)
    if last is not None:
        held_on = last.starts_at.astimezone(AMSTERDAM).date()
        agreed = built.agreed.get(last.pk)
        if agreed is not None and agreed > held_on:
            return agreed
        series_next = _next_of_series(built, last)
        if series_next is not None and series_next > held_on:
            return series_next
        return _add_months(held_on, months)
    if person.in_service_since is not None:
        return _add_months(person.in_service_since, months)
    return None


def _next_of_series(built: Built, talk: Conversation) -> datetime.date | None:
    """The day of the next talk of the same trajectory that is not cancelled."""
    if talk.trajectory_id is None:
        return None
    later = [
        t
        for t in built.talks
        if t.trajectory_id == talk.trajectory_id
        and t.status != Status.CANCELLED
        and t.starts_at > talk.starts_at
    ]
    first = min(later, key=lambda t: (t.starts_at, t.pk), default=None)
    return first.starts_at.astimezone(AMSTERDAM).date() if first is not None else None


def _next_planned(built: Built, person: Employee) -> datetime.datetime | None:
    planned = [
        t.starts_at
        for t in built.talks
        if t.employee_id == person.pk and t.status in OPEN and t.starts_at > built.now
    ]
    return min(planned, default=None)


def _compare(built: Built, hr: Employee) -> None:
    leads = {p.pk: [t for t in built.teams if p in t.managers.all()] for p in built.people}
    for manager in built.people:
        if not leads[manager.pk]:
            continue
        team_ids = {t.pk for t in leads[manager.pk]}
        expected = {
            p.pk: (
                getattr(_last_held(built, p), "starts_at", None),
                _due(built, p),
                _next_planned(built, p),
            )
            for p in built.people
            if p.team_id in team_ids and p.pk != manager.pk and _in_service(built, p)
        }
        board = team_board(actor_for(manager))
        assert {p.pk: (p.last_talk, p.next_due, p.next_talk) for p in board.people} == expected

    for person in built.people:
        if not _in_service(built, person):
            continue
        course = my_course(actor_for(person))
        last = _last_held(built, person)
        assert (course.last_talk, course.next_due) == (
            getattr(last, "starts_at", None),
            _due(built, person),
        )

    figures = {
        d.department_id: (d.people, d.covered) for d in hr_figures(actor_for(hr)).departments
    }
    expected_hr: dict[int, list[int]] = {}
    for person in built.people:
        if person.team_id is None or not _in_service(built, person):
            continue
        entry = expected_hr.setdefault(person.team.department_id, [0, 0])
        entry[0] += 1
        due = _due(built, person)
        if _last_held(built, person) is not None and due is not None and due > built.today:
            entry[1] += 1
    assert figures == {k: tuple(v) for k, v in expected_hr.items()}

    found = {
        (n.recipient_id, n.subject_id, n.due_on)
        for n in due_notices(built.now)
        if n.kind == NoticeKind.CONVERSATION_DUE
    }
    expected_due = set()
    for person in built.people:
        if person.team_id is None or not _in_service(built, person) or _next_planned(built, person):
            continue
        due = _due(built, person)
        if due is not None and due > built.today:
            continue
        for manager in person.team.managers.all():
            if manager.pk != person.pk:
                expected_due.add((manager.pk, person.pk, due or built.today))
    assert found == expected_due
