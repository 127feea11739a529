"""Query plans of the key pages (issue 18 item 6): no page walks a large table whole.

On generated data (two organisations, 3,000 people in teams of 20, their talks, POPs with
points and activities in every status, signed versions, cards, notices and audit events,
made with bulk inserts) each key page is rendered as the person who opens it, every SELECT it
sends is captured with its parameters and run again under ``EXPLAIN QUERY PLAN``. A step that
reads a large table whole fails the page, with the statement and its plan in the message:

- ``SCAN <table>``: a full table scan;
- ``SCAN <table> USING [COVERING] INDEX ...``: an index walked from end to end, not searched;
- ``SEARCH <table> USING INDEX ... (status=?)``: an index searched only on columns with a
  handful of values (``FEW_VALUES``), which walks most of the table: how the board's counts
  went through the activities of every organisation (issue 18); on a page about one person or
  one team, ``organisation_id=?`` alone is such a search too (the teamkaart reading every card
  of the organisation), on HR's pages it is their scope.

A statement that provably reads a few rows all the same is listed in ``BOUNDED`` with why.

Every page is checked twice: without statistics (``sqlite_stat1`` dropped), as a fresh
database is, and after ``ANALYZE``, because SQLite's plans flip when it knows the sizes.

The people who open the pages are in the smaller organisation (1,000 people; the other has
2,000), so a step that reads the other organisation's rows shows as a scan.

The statements are captured with their parameters (``connection.execute_wrapper``) rather
than as the text ``CaptureQueriesContext`` keeps, which has the values written in: SQLite
plans a statement with ``?`` differently from one with literals (a partial index, LIKE).

SQLite only: PostgreSQL's plans are ANALYZEd by autovacuum and checked in ``bench/``.
"""

from __future__ import annotations

import datetime
import json
import re
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

import pytest
from django.contrib.contenttypes.models import ContentType
from django.db import connection, transaction
from django.test import Client
from django.urls import reverse
from django.utils import timezone

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.skipif(
        connection.vendor != "sqlite",
        reason="SQLite's EXPLAIN QUERY PLAN; PostgreSQL is ANALYZEd by autovacuum (bench/)",
    ),
]

SMALL, LARGE = 1_000, 2_000  # people in the organisation of the users, and in the other one
TEAM_SIZE = 20

# The tables that grow with the number of people (or faster).
LARGE_TABLES = frozenset(
    {
        "organisations_employee",
        "conversations_conversation",
        "plans_developmentplan",
        "plans_developmentpoint",
        "plans_activity",
        "cards_carditem",
        "followup_notice",
        "audit_auditevent",
        "audit_eventperson",
        "signing_version",
        "cards_card",
    }
)

# A full scan or an index walked whole: "SCAN t", "SCAN t USING [COVERING] INDEX i".
SCAN = re.compile(r"^SCAN (?P<name>\w+)(?: USING (?:COVERING )?INDEX (?P<index>\w+))?$")
# An index search: "SEARCH t USING [COVERING] INDEX i (a=? AND b>?)".
SEARCH = re.compile(r"^SEARCH (?P<name>\w+) USING (?:COVERING )?INDEX \w+ \((?P<terms>[^)]*)\)")
# Columns with a handful of values: an index search on them alone walks a large share of
# the table (the board's counts driven from the ``status`` index, issue 18), so it counts
# as a whole read. ``organisation_id`` alone is a whole read too on a page about one person
# or one team (the teamkaart reading every card of the organisation), not on HR's pages.
FEW_VALUES = frozenset({"status", "kind", "owner", "shared", "theme", "subject_type_id"})
# Statements that search by a column with few values yet provably read a few rows, and why.
BOUNDED = {
    'SELECT "audit_auditevent"."seq" AS "seq", "audit_auditevent"."hash" AS "hash" '
    'FROM "audit_auditevent" WHERE "audit_auditevent"."organisation_id" = %s '
    "ORDER BY 1 DESC LIMIT 1": "the head of the organisation's audit chain (koers.audit.events):"
    " one row, the last of the (organisation, seq) index",
}
# Django's table aliases in subqueries and joins: FROM "plans_activity" U0, JOIN "x" T4.
ALIAS = re.compile(r'"(?P<table>\w+)"\s+(?:AS\s+)?"?(?P<alias>[A-Z]\d+)\b"?')


# --- the data --------------------------------------------------------------------------------


@dataclass
class World:
    users: dict[str, Any]
    team_id: int
    plan_id: int


def _adapter(field: Any) -> Callable[[Any], Any]:
    kind = field.get_internal_type()
    if kind == "DateTimeField":
        return connection.ops.adapt_datetimefield_value
    if kind == "DateField":
        return connection.ops.adapt_datefield_value
    if kind == "DecimalField":
        return lambda value: None if value is None else str(value)
    if kind == "JSONField":
        return lambda value: None if value is None else json.dumps(value)
    if kind == "UUIDField":
        return lambda value: value.hex
    return lambda value: value


def insert(model: Any, rows: Iterable[dict[str, Any]]) -> list[int]:
    """Rows (by attribute name, the rest from the fields' defaults) in one executemany: ten
    times as fast as ``bulk_create``, which builds a model instance and prepares every value
    through its field. The new primary keys, in order."""
    fields = [f for f in model._meta.concrete_fields if not f.primary_key]
    now = timezone.now()

    def fallback(field: Any) -> Callable[[], Any]:
        if getattr(field, "auto_now", False) or getattr(field, "auto_now_add", False):
            return lambda: now
        return field.get_default  # "" for a text field, None for a nullable one

    plan = [(f.attname, fallback(f), _adapter(f)) for f in fields]
    table = model._meta.db_table
    columns = ", ".join(f'"{f.column}"' for f in fields)
    marks = ", ".join(["%s"] * len(fields))
    values = [
        tuple(adapt(row[name] if name in row else default()) for name, default, adapt in plan)
        for row in rows
    ]
    with connection.cursor() as cursor:
        cursor.execute(f'SELECT COALESCE(MAX(id), 0) FROM "{table}"')
        before = cursor.fetchone()[0]
        cursor.executemany(
            f'INSERT INTO "{table}" ({columns}) VALUES ({marks})',
            values,
        )
        cursor.execute(f'SELECT id FROM "{table}" WHERE id > %s ORDER BY id', [before])
        ids = [row[0] for row in cursor.fetchall()]
    assert len(ids) == len(values), table
    return ids


def _organisation(slug: str, people: int, today: datetime.date) -> dict[str, Any]:
    """One organisation of ``people`` in teams of 20 (the first member leads each team),
    with everything the key pages read."""
    from koers.access.actor import Actor
    from koers.audit.models import AuditEvent
    from koers.cards.models import Card, CardItem, ItemKind, Theme
    from koers.conversations import queries as conversation_queries
    from koers.conversations.actions.templates import ensure_default_templates
    from koers.conversations.models import Conversation, Status
    from koers.followup.models import Notice, NoticeKind
    from koers.organisations.models import Department, Employee, Organisation, Team
    from koers.plans.models import (
        Activity,
        ActivityKind,
        ActivityStatus,
        Category,
        Course,
        DevelopmentPlan,
        DevelopmentPoint,
        Owner,
        TrainingBudget,
    )
    from koers.signing.models import Version, VersionStatus

    now = timezone.now()
    organisation = Organisation.objects.create(
        name=f"Plannen {slug}", slug=slug, second_factor_required=False
    )
    org = organisation.pk
    departments = Department.objects.bulk_create(
        Department(organisation=organisation, name=f"Afdeling {i}") for i in range(5)
    )
    teams = Team.objects.bulk_create(
        Team(organisation=organisation, department=departments[i % 5], name=f"Team {i}")
        for i in range(people // TEAM_SIZE)
    )
    ids = insert(
        Employee,
        (
            {
                "organisation_id": org,
                "team_id": teams[i // TEAM_SIZE].pk,
                "personnel_number": f"{slug}-{i:05d}",
                "first_name": f"Voornaam{i % 97}",
                "last_name": f"Achternaam {i}",
                "email": f"p{i}@{slug}.test",
                "in_service_since": datetime.date(2015, 1, 1) + datetime.timedelta(days=i % 900),
                "left_service_on": today - datetime.timedelta(days=30) if i % 50 == 49 else None,
            }
            for i in range(people)
        ),
    )
    manager_of = {index: ids[(index // TEAM_SIZE) * TEAM_SIZE] for index in range(len(ids))}
    through = Team.managers.through
    through.objects.bulk_create(
        through(team_id=teams[index // TEAM_SIZE].pk, employee_id=pk)
        for index, pk in enumerate(ids)
        if index % TEAM_SIZE == 0
    )
    conversation_type = ensure_default_templates(Actor.for_system(org), organisation)[0]
    template = conversation_queries.current_template(conversation_type)
    talk = {
        "organisation_id": org,
        "conversation_type_id": conversation_type.pk,
        "template_id": template.pk,
        "place": "Kamer",
    }
    held = (Status.HELD, Status.REPORTED, Status.SIGNED)
    insert(
        Conversation,
        (
            {
                **talk,
                "employee_id": pk,
                "manager_id": manager_of[index],
                "starts_at": now - datetime.timedelta(days=100 + index % 400),
                "status": held[index % 3],
            }
            for index, pk in enumerate(ids)
        ),
    )
    insert(
        Conversation,
        (
            {
                **talk,
                "employee_id": pk,
                "manager_id": manager_of[index],
                "starts_at": now + datetime.timedelta(days=5 + index % 60, hours=index % 7),
                "status": (Status.PLANNED, Status.PREPARING, Status.CANCELLED)[index % 3],
            }
            for index, pk in enumerate(ids)
            if index % 2 == 0
        ),
    )
    courses = Course.objects.bulk_create(
        Course(organisation=organisation, name=name, cost=Decimal("250.00"))
        for name in ("Heftruckcertificaat", "Basis solderen", "Nederlands op de werkvloer")
    )
    TrainingBudget.objects.bulk_create(
        TrainingBudget(
            organisation=organisation, department=d, year=today.year, amount=Decimal("5000")
        )
        for d in departments
    )
    # A POP for three in four (the one before it for one in five), a signed version for most.
    with_plan = [(index, pk) for index, pk in enumerate(ids) if index % 4 != 3]
    plan_rows = [
        {
            "organisation_id": org,
            "employee_id": pk,
            "period_start": today - datetime.timedelta(days=90),
            "period_end": today + datetime.timedelta(days=270),
        }
        for _index, pk in with_plan
    ]
    plan_rows += [
        {
            "organisation_id": org,
            "employee_id": pk,
            "period_start": today - datetime.timedelta(days=455),
            "period_end": today - datetime.timedelta(days=91),
        }
        for index, pk in with_plan
        if index % 5 == 0
    ]
    plans = list(zip(insert(DevelopmentPlan, plan_rows), plan_rows, strict=True))
    plan_type = ContentType.objects.get_for_model(DevelopmentPlan).pk
    statuses = [
        VersionStatus.SIGNED,
        VersionStatus.SIGNED,
        VersionStatus.SIGNED,
        VersionStatus.TO_SIGN,
        VersionStatus.EMPLOYEE_SIGNED,
        VersionStatus.SIGNED,
        VersionStatus.DRAFT,
    ]
    insert(
        Version,
        (
            {
                "organisation_id": org,
                "employee_id": row["employee_id"],
                "subject_type_id": plan_type,
                "subject_id": pk,
                "number": 1,
                "status": statuses[n % len(statuses)],
                "frozen_at": None if n % len(statuses) == 6 else now - datetime.timedelta(days=80),
                "snapshot": {},
                "content_hash": "0" * 64,
            }
            for n, (pk, row) in enumerate(plans)
        ),
    )
    categories = (Category.PERSONAL, Category.FUNCTION, Category.CAREER)
    point_rows = [
        {
            "plan_id": pk,
            "category": categories[n % 3],
            "title": f"Punt {n}",
            "position": position,
            "deadline": today + datetime.timedelta(days=(n % 200) - 100),
        }
        for n, (pk, _row) in enumerate(plans)
        for position in range(2)
    ]
    points = insert(DevelopmentPoint, point_rows)
    activity_statuses = list(ActivityStatus)
    kinds = list(ActivityKind)
    insert(
        Activity,
        (
            {
                "point_id": point,
                "kind": kinds[(n + k) % len(kinds)],
                "description": f"Activiteit {n}-{k}",
                "course_id": courses[n % 3].pk if k == 0 else None,
                "cost": Decimal(100 + n % 400),
                "period_from": today + datetime.timedelta(days=(n % 120) - 60) if n % 4 else None,
                "period_to": today + datetime.timedelta(days=(n % 180) - 30) if n % 3 else None,
                "owner": Owner.EMPLOYER if (n + k) % 2 else Owner.EMPLOYEE,
                "status": activity_statuses[(n + 2 * k) % len(activity_statuses)],
            }
            for n, point in enumerate(points)
            for k in range(2)
        ),
    )
    card_rows = [
        {"organisation_id": org, "employee_id": pk, "year": year}
        for index, pk in enumerate(ids)
        for year in ((today.year - 1, today.year) if index % 2 else (today.year,))
    ]
    cards = insert(Card, card_rows)
    items = insert(
        CardItem,
        (
            {
                "card_id": card,
                "theme": theme,
                "kind": ItemKind.WISH if theme != Theme.PLEZIER else ItemKind.AGREEMENT,
                "what": "Iets dat ik wil.",
                "shared": theme != Theme.GEZOND and n % 2 == 0,
            }
            for n, card in enumerate(cards)
            for theme in Theme
        ),
    )
    # One in ten current POPs shows the plezier agreement of the card in a point: the
    # linked points, and the mostly empty unique index on card_item_id (issue 18).
    agreement_of = {
        row["employee_id"]: items[3 * n + 2]
        for n, row in enumerate(card_rows)
        if row["year"] == today.year
    }
    with connection.cursor() as cursor:
        cursor.executemany(
            'UPDATE "plans_developmentpoint" SET "card_item_id" = %s WHERE "id" = %s',
            [
                (agreement_of[plan_rows[n]["employee_id"]], points[2 * n])
                for n in range(0, len(with_plan), 10)
            ],
        )
    first_point = {
        plan_rows[n // 2]["employee_id"]: point
        for n, point in enumerate(points)
        if n % 2 == 0 and n // 2 < len(with_plan)
    }
    notice = {"organisation_id": org, "params": {}}
    insert(
        Notice,
        (
            {
                **notice,
                "recipient_id": pk,
                "kind": NoticeKind.CONVERSATION_DUE,
                "subject_type": "employee",
                "subject_id": pk,
                "due_on": today - datetime.timedelta(days=10 + index % 30),
                "link": "/dashboard/",
                "read_at": now if index % 2 else None,
            }
            for index, pk in enumerate(ids)
        ),
    )
    insert(
        Notice,
        (
            {
                **notice,
                "recipient_id": pk,
                "kind": NoticeKind.POINT_ADDED,
                "subject_type": "point",
                "subject_id": first_point[pk],
                "due_on": today - datetime.timedelta(days=index % 30),
                "link": "/plans/",
            }
            for index, pk in enumerate(ids)
            if pk in first_point
        ),
    )
    seq = (
        AuditEvent.objects.filter(organisation=organisation)
        .order_by("-seq")
        .values_list("seq", flat=True)
        .first()
    ) or 0
    events = [
        {
            "organisation_id": org,
            "actor_id": row["employee_id"],
            "employee_id": row["employee_id"],
            "verb": verb,
            "subject_type_id": plan_type,
            "subject_id": pk,
            "params": {},
            "at": now,
            "prev_hash": "0" * 64,
        }
        for pk, row in plans
        for verb in ("plan.created", "plan.read", "plan.read")
    ]
    for number, event in enumerate(events, seq + 1):
        event["seq"], event["hash"] = number, f"{number:064x}"
    insert(AuditEvent, events)
    return {"organisation": organisation, "ids": ids, "teams": teams}


def _login(employee_id: int, username: str, **roles: bool) -> Any:
    from koers.accounts.models import User
    from koers.organisations.models import Employee

    user = User.objects.create_user(username=username, password="x")
    Employee.objects.filter(pk=employee_id).update(user=user, **roles)
    return user


def _build() -> World:
    from koers.organisations.actors import actor_for
    from koers.organisations.models import Employee
    from koers.plans.demo import full_plan, sign_both
    from koers.plans.models import Course, DevelopmentPlan

    today = timezone.localdate()
    mine = _organisation("plannen-klein", SMALL, today)
    _organisation("plannen-groot", LARGE, today)
    ids = mine["ids"]
    manager_id, employee_id, hr_id = ids[0], ids[1], ids[TEAM_SIZE + 1]
    users = {
        "manager": _login(manager_id, "plannen-manager"),
        "medewerker": _login(employee_id, "plannen-medewerker"),
        "hr": _login(hr_id, "plannen-hr", is_hr=True),
    }
    # The POP page's plan goes through the actions: a real signed version (its seal checks).
    employee = Employee.objects.get(pk=employee_id)
    DevelopmentPlan.objects.filter(employee=employee).delete()
    manager = actor_for(Employee.objects.get(pk=manager_id))
    courses = {c.name: c for c in Course.objects.filter(organisation=mine["organisation"])}
    plan = full_plan(employee, manager, courses, today - datetime.timedelta(days=30))
    sign_both(plan, manager)
    return World(users=users, team_id=mine["teams"][0].pk, plan_id=plan.pk)


@pytest.fixture(scope="module")
def world(django_db_setup, django_db_blocker) -> Iterator[World]:
    """The generated organisations, in a transaction of this module's own that is rolled back
    after its last test (each test runs inside it, in a savepoint, as always)."""
    with django_db_blocker.unblock():
        atomic = transaction.atomic()
        atomic.__enter__()
        try:
            yield _build()
        finally:
            transaction.set_rollback(True)
            atomic.__exit__(None, None, None)


# --- the check -------------------------------------------------------------------------------


def _without_statistics() -> None:
    with connection.cursor() as cursor:
        cursor.execute("DROP TABLE IF EXISTS sqlite_stat1")
        cursor.execute("DROP TABLE IF EXISTS sqlite_stat4")


def _with_statistics() -> None:
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")


STATISTICS: dict[str, Callable[[], None]] = {
    "no-statistics": _without_statistics,
    "analyzed": _with_statistics,
}


@dataclass(frozen=True)
class Page:
    who: str
    url_name: str
    args: Callable[[World], list[Any]] = lambda world: []
    # HR's pages are about the whole organisation: searching it by organisation is their job.
    organisation_wide: bool = False
    marks: tuple[Any, ...] = ()


PAGES = {
    "manager-board": Page("manager", "dashboard"),
    "employee-page": Page("medewerker", "dashboard"),
    "pop-detail": Page("manager", "plan-detail", lambda world: [world.plan_id]),
    "teamkaart": Page("manager", "teamcard-detail", lambda world: [world.team_id]),
    "teamkaarten": Page("hr", "teamcard-list", organisation_wide=True),
    "hr-dashboard": Page("hr", "dashboard", organisation_wide=True),
    "hr-people": Page("hr", "people-list", organisation_wide=True),
    "hr-plans": Page("hr", "plan-list", organisation_wide=True),
    "hr-conversations": Page("hr", "conversation-list", organisation_wide=True),
    "notifications": Page("medewerker", "notification-list"),
    "dossier-log": Page("medewerker", "dossier-log"),
    "person-page": Page(
        "hr", "person-detail", lambda world: [world.users["medewerker"].employee.pk]
    ),
}


def _statements(client: Client, url: str) -> list[tuple[str, Any]]:
    """Every SELECT the page sends, with its parameters."""
    sent: list[tuple[str, Any]] = []

    def capture(execute, sql, params, many, context):
        if sql.lstrip().upper().startswith(("SELECT", "WITH")):
            sent.append((sql, params))
        return execute(sql, params, many, context)

    with connection.execute_wrapper(capture):
        response = client.get(url)
    assert response.status_code == 200, f"{url}: {response.status_code}"
    return sent


def _plan(sql: str, params: Any) -> list[str]:
    with connection.cursor() as cursor:
        cursor.execute(f"EXPLAIN QUERY PLAN {sql}", params)
        return [row[3] for row in cursor.fetchall()]


def full_reads(sql: str, plan: list[str], *, organisation_wide: bool = False) -> list[str]:
    """The steps of a plan that read a large table whole (the table, an index of it, or an
    index searched only on columns with a few values)."""
    aliases = {m["alias"]: m["table"] for m in ALIAS.finditer(sql)}
    weak = FEW_VALUES if organisation_wide else FEW_VALUES | {"organisation_id"}
    found = []
    for step in (step.strip() for step in plan):
        match = SCAN.match(step) or SEARCH.match(step)
        if match is None or aliases.get(match["name"], match["name"]) not in LARGE_TABLES:
            continue
        terms = match.groupdict().get("terms")
        columns = {
            re.split(r"[=<> ]", term, maxsplit=1)[0] for term in (terms or "").split(" AND ")
        }
        if terms is None or columns <= weak:
            found.append(step)
    return found


def _readable(sql: str, params: Any) -> str:
    with connection.cursor() as cursor:
        return connection.ops.last_executed_query(cursor, sql, params)


def check_page(client: Client, url: str, *, organisation_wide: bool = False) -> list[str]:
    """Each statement with a full read, its SQL and its plan, as a readable report."""
    problems = []
    for sql, params in _statements(client, url):
        if sql in BOUNDED:
            continue
        plan = _plan(sql, params)
        reads = full_reads(sql, plan, organisation_wide=organisation_wide)
        if reads:
            problems.append(
                f"{'; '.join(reads)}\n  SQL: {_readable(sql, params)}\n  plan:\n    "
                + "\n    ".join(plan)
            )
    return problems


@pytest.mark.parametrize("statistics", list(STATISTICS))
@pytest.mark.parametrize(
    "page", [pytest.param(name, marks=spec.marks, id=name) for name, spec in PAGES.items()]
)
def test_key_page_reads_no_large_table_whole(world: World, page: str, statistics: str) -> None:
    STATISTICS[statistics]()
    spec = PAGES[page]
    client = Client()
    client.force_login(world.users[spec.who], backend="django.contrib.auth.backends.ModelBackend")
    url = reverse(spec.url_name, args=spec.args(world))
    problems = check_page(client, url, organisation_wide=spec.organisation_wide)
    assert not problems, f"{page} ({statistics}) reads a large table whole:\n\n" + "\n\n".join(
        problems
    )
