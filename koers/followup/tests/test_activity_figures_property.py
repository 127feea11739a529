"""Issue 11, item 9, the activities: hypothesis builds random organisations (people joining
and leaving, reachable or not, with a login or not; POPs over every period, agreed or still
in concept; activities of every kind, owner and status, with or without dates, moved on
before or after their due date) and every activity figure is compared with a plain count
over the same rows, written without the rules module:

- the manager's board: per person the open, overdue, not started and employer counts, the
  list of commitments and own activities with their "te laat" and "nog niet begonnen" flags;
- the employee's page: my actions and my employer's, what is late, the progress of my plan;
- HR's dashboard: signed plans, employer commitments due, kept on time and still open;
- the due "nog niet begonnen", "te laat" and "is de cursus echt begonnen?" reminders.

CI runs ``KOERS_PROPERTY_EXAMPLES`` examples (default 100) with a fixed seed; ``make bench``
runs more.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass

import pytest
import time_machine
from django.contrib.contenttypes.models import ContentType
from django.db import transaction
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from koers.accounts.models import User
from koers.followup.models import NoticeKind
from koers.followup.queries.employee import my_course
from koers.followup.queries.hr import hr_figures
from koers.followup.queries.team import team_board
from koers.followup.reminders.due import due_notices
from koers.followup.tests.test_figures_property import AMSTERDAM, EXAMPLES, MOMENTS
from koers.organisations.actors import actor_for
from koers.organisations.models import Department, Employee, Organisation, Team
from koers.plans.models import (
    Activity,
    ActivityKind,
    ActivityStatus,
    ActivityStatusChange,
    Category,
    DevelopmentPlan,
    DevelopmentPoint,
    Owner,
)
from koers.signing.models import Version, VersionStatus

S = ActivityStatus
K = ActivityKind
EMPLOYEE, EMPLOYER = Owner.EMPLOYEE, Owner.EMPLOYER
OPEN = {S.PLANNED, S.REGISTERED, S.STARTED}
# 001 "dat cursussen daadwerkelijk beginnen": courses and internal trainings have a start.
HAS_A_START = {ActivityKind.COURSE, ActivityKind.INTERNAL}


@dataclass(frozen=True)
class PersonSpec:
    team: int | None
    left: int | None  # days from today
    email: bool
    login: bool


@dataclass(frozen=True)
class PlanSpec:
    person: int
    start: int  # days from today
    days: int  # how long it runs
    versions: tuple[str, ...]  # the status of each version, in order


@dataclass(frozen=True)
class ActivitySpec:
    plan: int
    kind: str
    owner: str
    status: str
    period_from: int | None  # days from today
    period_to: int | None  # days after period_from (or from today)
    deadline: int | None  # the point's, days from today
    moved_on: int | None  # days from today the employer moved it on from "gepland"
    changed: int  # status_changed_at, hours from now


def _days() -> st.SearchStrategy[int]:
    # Boundaries first: yesterday, today, tomorrow, and a week ago (the course check).
    return st.one_of(st.sampled_from([-8, -7, -6, -1, 0, 1]), st.integers(-400, 400))


people_st = st.builds(
    PersonSpec,
    team=st.one_of(st.none(), st.integers(0, 2)),
    # Most people are still in service; a few left yesterday, today, tomorrow or earlier.
    left=st.one_of(
        st.none(), st.none(), st.none(), st.sampled_from([-1, 0, 1]), st.integers(-60, 60)
    ),
    email=st.booleans(),
    login=st.booleans(),
)
plans_st = st.builds(
    PlanSpec,
    person=st.integers(0, 7),
    # Most plans run today and have been agreed; some ended, some are still a concept.
    start=st.one_of(st.integers(-364, 0), st.integers(-800, 30)),
    days=st.one_of(st.just(364), st.sampled_from([0, 1]), st.integers(0, 900)),
    versions=st.one_of(
        st.just((VersionStatus.SIGNED,)),
        st.just((VersionStatus.SIGNED, VersionStatus.DRAFT)),
        st.lists(st.sampled_from(VersionStatus.values), max_size=3).map(tuple),
    ),
)
activities_st = st.builds(
    ActivitySpec,
    plan=st.integers(0, 9),
    kind=st.sampled_from(ActivityKind.values),
    owner=st.sampled_from(Owner.values),
    status=st.one_of(
        st.sampled_from([S.PLANNED, S.REGISTERED, S.STARTED]), st.sampled_from(S.values)
    ),
    period_from=st.one_of(st.none(), _days()),
    period_to=st.one_of(st.none(), st.sampled_from([0, 1]), st.integers(0, 200)),
    deadline=st.one_of(st.none(), _days()),
    moved_on=st.one_of(st.none(), _days()),
    changed=st.one_of(st.sampled_from([-24 * 7, -24 * 7 + 1]), st.integers(-24 * 60, 0)),
)
worlds = st.fixed_dictionaries(
    {
        "now": st.sampled_from(MOMENTS),
        "people": st.lists(people_st, min_size=1, max_size=8),
        "managers": st.lists(st.lists(st.integers(0, 7), min_size=1, max_size=2), min_size=3),
        "plans": st.lists(plans_st, min_size=1, max_size=6),
        "activities": st.lists(activities_st, min_size=1, max_size=14),
    }
)

_MANAGER = PersonSpec(team=None, left=None, email=True, login=True)


@pytest.fixture
def organisation(empty_db):
    organisation = Organisation.objects.create(name="Activiteit BV", slug="activiteit")
    hr = Employee.objects.create(
        organisation=organisation, personnel_number="HR", first_name="H", last_name="R", is_hr=True
    )
    return organisation, hr


@settings(
    max_examples=EXAMPLES,
    deadline=None,
    derandomize=True,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(world=worlds)
# The edges, always tried: a meelopen whose start passed (never "nog niet begonnen"); an
# employer commitment registered on its due day (kept on time) and one a day late.
@example(
    world={
        "now": MOMENTS[0],
        "people": [PersonSpec(team=0, left=None, email=True, login=True), _MANAGER],
        "managers": [[1], [1], [1]],
        "plans": [PlanSpec(person=0, start=-30, days=364, versions=(VersionStatus.SIGNED,))],
        "activities": [
            ActivitySpec(0, K.SHADOWING, EMPLOYEE, S.PLANNED, -3, 30, None, None, 0),
            ActivitySpec(0, K.COURSE, EMPLOYER, S.REGISTERED, -5, 10, None, -5, 0),
            ActivitySpec(0, K.COURSE, EMPLOYER, S.STARTED, -5, 10, None, -4, -200),
            # A training marked started a week ago without a start date: no course question.
            ActivitySpec(0, K.INTERNAL, EMPLOYEE, S.STARTED, None, None, 9, None, -168),
        ],
    }
)
def test_activity_figures_match_a_plain_count(organisation, world):
    organisation, hr = organisation
    with time_machine.travel(world["now"], tick=False), transaction.atomic():
        built = _build(organisation, world)
        _compare(built, hr)
        transaction.set_rollback(True)


@dataclass
class Built:
    people: list[Employee]
    teams: list[Team]
    plans: list[DevelopmentPlan]
    agreed: set[int]  # plan pks with a signed version
    activities: list[Activity]
    moved_on: dict[int, datetime.date]  # activity pk -> the day it left "gepland"
    now: datetime.datetime

    @property
    def today(self) -> datetime.date:
        return self.now.astimezone(AMSTERDAM).date()


def _build(organisation: Organisation, world: dict) -> Built:
    now = world["now"]
    today = now.astimezone(AMSTERDAM).date()
    departments = [
        Department.objects.create(organisation=organisation, name=f"Afdeling {i}") for i in (0, 1)
    ]
    teams = [
        Team.objects.create(organisation=organisation, department=departments[i % 2], name=f"T{i}")
        for i in range(3)
    ]
    people = []
    for index, spec in enumerate(world["people"]):
        user = User.objects.create_user(username=f"p{index}", password=None) if spec.login else None
        people.append(
            Employee.objects.create(
                organisation=organisation,
                personnel_number=f"P{index}",
                first_name=f"P{index}",
                last_name="Test",
                team=teams[spec.team] if spec.team is not None else None,
                left_service_on=_day(today, spec.left),
                email=f"p{index}@activiteit.test" if spec.email else "",
                user=user,
            )
        )
    for team, managers in zip(teams, world["managers"], strict=False):
        team.managers.set({people[i % len(people)] for i in managers})

    plan_type = ContentType.objects.get_for_model(DevelopmentPlan)
    plans, agreed, points, starts = [], set(), [], set()
    for spec in world["plans"]:
        person = people[spec.person % len(people)]
        start = today + datetime.timedelta(days=spec.start)
        if (person.pk, start) in starts:
            continue  # one POP per employee from one date (a database constraint)
        starts.add((person.pk, start))
        plan = DevelopmentPlan.objects.create(
            organisation=organisation,
            employee=person,
            period_start=start,
            period_end=start + datetime.timedelta(days=spec.days),
        )
        for number, status in enumerate(spec.versions, start=1):
            Version.objects.create(
                organisation=organisation,
                employee=person,
                subject_type=plan_type,
                subject_id=plan.pk,
                number=number,
                status=status,
            )
        if VersionStatus.SIGNED in spec.versions:
            agreed.add(plan.pk)
        plans.append(plan)
        points.append({})
    activities, moved_on = [], {}
    for spec in world["activities"] if plans else []:
        index = spec.plan % len(plans)
        deadline = _day(today, spec.deadline)
        point = points[index].get(deadline)
        if point is None:
            point = points[index][deadline] = DevelopmentPoint.objects.create(
                plan=plans[index], category=Category.FUNCTION, title="Punt", deadline=deadline
            )
        period_from = _day(today, spec.period_from)
        period_to = None
        if spec.period_to is not None:
            period_to = (period_from or today) + datetime.timedelta(days=spec.period_to)
        activity = Activity.objects.create(
            point=point,
            kind=spec.kind,
            description="Activiteit",
            owner=spec.owner,
            status=spec.status,
            period_from=period_from,
            period_to=period_to,
            # Hours of real time (UTC): across a change to summer time a wall-clock week is 167 h.
            status_changed_at=now.astimezone(datetime.UTC) + datetime.timedelta(hours=spec.changed),
        )
        if spec.moved_on is not None and spec.status != S.PLANNED:
            day = today + datetime.timedelta(days=spec.moved_on)
            change = ActivityStatusChange.objects.create(
                activity=activity,
                from_status=S.PLANNED,
                to_status=spec.status if spec.status != S.CANCELLED else S.REGISTERED,
            )
            at = datetime.datetime.combine(day, datetime.time(23, 30), tzinfo=AMSTERDAM)
            ActivityStatusChange.objects.filter(pk=change.pk).update(changed_at=at)
            moved_on[activity.pk] = day
        activity.point = point
        activities.append(activity)
    return Built(people, teams, plans, agreed, activities, moved_on, now)


def _day(today: datetime.date, offset: int | None) -> datetime.date | None:
    return None if offset is None else today + datetime.timedelta(days=offset)


# The plain count: one activity at a time, straight from the rows and the words of 001.
def _in_service(built: Built, person: Employee) -> bool:
    return person.left_service_on is None or person.left_service_on > built.today


def _plan(built: Built, activity: Activity) -> DevelopmentPlan:
    return next(p for p in built.plans if p.pk == activity.point.plan_id)


def _person(built: Built, activity: Activity) -> Employee:
    return next(p for p in built.people if p.pk == _plan(built, activity).employee_id)


def _due(activity: Activity) -> datetime.date | None:
    """When it should have begun: the desired start, else the desired end, else the point's
    deadline."""
    return activity.period_from or activity.period_to or activity.point.deadline


def _end(activity: Activity) -> datetime.date | None:
    return activity.period_to or activity.point.deadline


def _live(built: Built, activity: Activity) -> bool:
    """Open, in an agreed plan that still runs, of someone still in service."""
    plan = _plan(built, activity)
    return (
        activity.status in OPEN
        and plan.pk in built.agreed
        and plan.period_end >= built.today
        and _in_service(built, _person(built, activity))
    )


def _employer_late(built: Built, activity: Activity) -> bool:
    due = _due(activity)
    return (
        activity.owner == Owner.EMPLOYER
        and activity.status == S.PLANNED
        and due is not None
        and due < built.today
    )


def _over_time(built: Built, activity: Activity) -> bool:
    end = _end(activity)
    return activity.status in OPEN and end is not None and end < built.today


def _late(built: Built, activity: Activity) -> bool:
    return _employer_late(built, activity) or _over_time(built, activity)


def _not_started(built: Built, activity: Activity) -> bool:
    return (
        activity.kind in HAS_A_START
        and activity.status in {S.PLANNED, S.REGISTERED}
        and activity.period_from is not None
        and activity.period_from < built.today
    )


def _live_of(built: Built, person: Employee) -> list[Activity]:
    return [a for a in built.activities if _live(built, a) and _person(built, a).pk == person.pk]


def _current_plan(built: Built, person: Employee) -> DevelopmentPlan | None:
    """The plan that runs today, else the newest."""
    mine = [p for p in built.plans if p.employee_id == person.pk]
    return min(
        mine,
        key=lambda p: (
            not (p.period_start <= built.today <= p.period_end),
            -p.period_start.toordinal(),
            p.pk,
        ),
        default=None,
    )


def _reachable(person: Employee) -> bool:
    return bool(person.user_id or person.email)


def _compare(built: Built, hr: Employee) -> None:
    managers = {t.pk: [m.pk for m in t.managers.all()] for t in built.teams}

    for manager in built.people:
        led = {t for t, ids in managers.items() if manager.pk in ids}
        if not led:
            continue
        board = team_board(actor_for(manager))
        members = [
            p
            for p in built.people
            if p.team_id in led and p.pk != manager.pk and _in_service(built, p)
        ]
        expected = {}
        for person in members:
            live = _live_of(built, person)
            employer = [a for a in live if a.owner == Owner.EMPLOYER]
            expected[person.pk] = (
                len(live),
                sum(_late(built, a) for a in live),
                sum(a.status == S.PLANNED for a in employer),
                sum(_employer_late(built, a) for a in employer),
                sum(_not_started(built, a) for a in live),
            )
        assert {
            p.pk: (
                p.open_activities,
                p.overdue_activities,
                p.employer_open,
                p.employer_overdue,
                p.not_started,
            )
            for p in board.people
        } == expected
        assert board.counts["late"] == sum(1 for v in expected.values() if v[1] or v[4])
        shown = {
            a.pk: (a.owner, a.is_overdue, a.not_started)
            for a in [*board.commitments, *board.own_activities]
        }
        assert shown == {
            a.pk: (a.owner, _late(built, a), _not_started(built, a))
            for person in members
            for a in _live_of(built, person)
        }
        assert all(a.owner == Owner.EMPLOYER for a in board.commitments)
        # Employer commitments first (001), the late ones at the top.
        flags = [a.is_overdue for a in board.commitments]
        assert flags == sorted(flags, reverse=True)

    for person in built.people:
        if not _in_service(built, person):
            continue
        course = my_course(actor_for(person))
        live = _live_of(built, person)
        assert {a.pk: a.is_overdue for a in course.my_actions} == {
            a.pk: _late(built, a) for a in live if a.owner == Owner.EMPLOYEE
        }
        assert {a.pk: a.is_overdue for a in course.employer_actions} == {
            a.pk: _late(built, a) for a in live if a.owner == Owner.EMPLOYER
        }
        plan = _current_plan(built, person)
        assert getattr(course.plan, "pk", None) == getattr(plan, "pk", None)
        expected_progress = {}
        if plan is not None:
            mine = [a for a in built.activities if a.point.plan_id == plan.pk]
            expected_progress = {
                "total": sum(a.status != S.CANCELLED for a in mine),
                "completed": sum(a.status == S.COMPLETED for a in mine),
                "started": sum(a.status == S.STARTED for a in mine),
                "registered": sum(a.status == S.REGISTERED for a in mine),
                "planned": sum(a.status == S.PLANNED for a in mine),
            }
        assert course.progress == expected_progress
        checks = {a.pk for a in course.course_checks}
        # On my own page I am signed in: the question needs no login of its own.
        assert checks == {a.pk for a in live if _course_check_due(built, a, in_app=False)}

    _compare_hr(built, hr)
    _compare_reminders(built, managers)


def _course_check_due(built: Built, activity: Activity, in_app: bool = True) -> bool:
    """A course or training with a start date, marked started a week ago or longer (001:
    "is de cursus echt begonnen?"); as a reminder, only for an employee with a login."""
    return (
        _live(built, activity)
        and activity.kind in HAS_A_START
        and activity.period_from is not None
        and activity.status == S.STARTED
        and activity.status_changed_at
        <= built.now.astimezone(datetime.UTC) - datetime.timedelta(days=7)
        and (not in_app or _person(built, activity).user_id is not None)
    )


def _compare_hr(built: Built, hr: Employee) -> None:
    today = built.today
    expected: dict[int, list[int]] = {}
    counted = [p for p in built.people if p.team_id is not None and _in_service(built, p)]
    for person in counted:
        entry = expected.setdefault(person.team.department_id, [0, 0, 0, 0])
        entry[0] += any(
            p.employee_id == person.pk
            and p.pk in built.agreed
            and p.period_start <= today <= p.period_end
            for p in built.plans
        )
        for activity in built.activities:
            if _person(built, activity).pk != person.pk or activity.owner != Owner.EMPLOYER:
                continue
            due = _due(activity)
            if (
                activity.status == S.CANCELLED
                or activity.point.plan_id not in built.agreed
                or due is None
                or due >= today
            ):
                continue
            entry[1] += 1
            moved = built.moved_on.get(activity.pk)
            entry[2] += moved is not None and moved <= due
            entry[3] += activity.status == S.PLANNED
    figures = {
        d.department_id: [d.signed, d.commitments_due, d.kept_on_time, d.overdue]
        for d in hr_figures(actor_for(hr)).departments
    }
    assert figures == expected


def _compare_reminders(built: Built, managers: dict[int, list[int]]) -> None:
    found = {
        (n.kind, n.recipient_id, n.subject_id, n.due_on)
        for n in due_notices(built.now)
        if n.kind
        in {NoticeKind.COURSE_NOT_STARTED, NoticeKind.ACTIVITY_OVERDUE, NoticeKind.COURSE_CHECK}
    }
    expected = set()
    for activity in built.activities:
        if not _live(built, activity):
            continue
        person = _person(built, activity)
        team_managers = managers.get(person.team_id, [])
        if _not_started(built, activity):
            # The employee (when they can be reached) and each manager.
            to = ([person.pk] if _reachable(person) else []) + [
                m for m in team_managers if m != person.pk
            ]
            for recipient in to:
                expected.add(
                    (NoticeKind.COURSE_NOT_STARTED, recipient, activity.pk, activity.period_from)
                )
        if _late(built, activity):
            employer = _employer_late(built, activity)
            on = _due(activity) if employer else _end(activity)
            if activity.owner == Owner.EMPLOYER or not _reachable(person):
                to = team_managers
            else:
                to = [person.pk]
            for recipient in to:
                expected.add((NoticeKind.ACTIVITY_OVERDUE, recipient, activity.pk, on))
        if _course_check_due(built, activity):
            started_on = activity.status_changed_at.astimezone(AMSTERDAM).date()
            expected.add((NoticeKind.COURSE_CHECK, person.pk, activity.pk, started_on))
    assert found == expected
