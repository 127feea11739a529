"""The page benchmark's data: one organisation of N people, built with bulk inserts and cached.

One organisation ("Bench") of ``people`` employees in teams of 20, each led by its first
member; departments of 50 teams; an HR person. For everyone: a talk over a year ago (signed
report), four in five a recent one (held, reported or signed, with a report and ratings for
half), one in three a planned talk; a POP that runs today with two points and three
activities (employer course, meelopen, coach; statuses and dates varied) whose version 1 is
sealed with the real document (``plan_document``) and its HMAC, signed by both (one in fifty
still waits for the employee; one in twenty-five has a newer draft); status changes for the
employer's commitments that moved on (half on time); a gesprekskaart this year with two
items (half shared; one in ten linked to the POP), one in five a card of last year too; a
teamkaart with an agreement for one team in four; notices (a signed copy for one in five, a
talk due for one in seven, a signature waiting); budgets per department.

``cached(people)`` returns the SQLite file for that size, building it once under
``var/bench/`` (keyed by the size and ``DATA_VERSION``) and migrating it forward on every use,
as a production database is: a new index does not cost a 30-minute rebuild at 100,000 people.
``build`` fills the database Django is set up with (also PostgreSQL, through
``tools/with-postgres``).
"""

from __future__ import annotations

import contextlib
import datetime
import hashlib
import json
import os
import resource
import shutil
import sqlite3
import subprocess
import sys
import time
from collections.abc import Iterator
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[2]
CACHE_DIR = ROOT / "var" / "bench"
TEAM_SIZE = 20
TEAMS_PER_DEPARTMENT = 50
BATCH = 2_000
SLUG = "bench"
# Raise it when ``build`` makes other rows: the cached files are then built again.
DATA_VERSION = 1
FIRST_NAMES = ["Piet", "Fatima", "Jan", "Sanne", "Mohamed", "Els", "Kees", "Noor", "Daan", "Lotte"]
LAST_NAMES = ["Jansen", "de Vries", "Bakker", "Visser", "Smit", "Meijer", "Yilmaz", "Mulder"]


@dataclass(frozen=True)
class Logins:
    """Who the benchmark signs in as (usernames), and the rows their pages open."""

    manager: str = "bench-manager"
    employee: str = "bench-employee"
    hr: str = "bench-hr"


LOGINS = Logins()


def cache_key(people: int) -> str:
    """Size and ``DATA_VERSION``: raising it builds again. Migrations do not: the cached file
    is migrated forward (``migrated``)."""
    return hashlib.sha256(f"{people} {DATA_VERSION}".encode()).hexdigest()[:12]


def sqlite_env(database: Path, data_dir: Path, settings: str = "koers.settings") -> dict[str, str]:
    """The environment of a Koers process on this SQLite file (``KOERS_DEBUG=0``)."""
    return {
        **os.environ,
        "KOERS_DATA_DIR": str(data_dir),
        "DATABASE_URL": f"sqlite:///{database}",
        "DJANGO_SETTINGS_MODULE": settings,
        "KOERS_DEBUG": "0",
    }


def migrated(path: Path) -> Path:
    """The cached file with the migrations written since it was built applied (nothing to do
    takes a second)."""
    subprocess.run(
        [sys.executable, "-m", "koers", "migrate", "--noinput", "-v0"],
        check=True,
        env=sqlite_env(path, path.parent),
        cwd=ROOT,
    )
    with contextlib.closing(sqlite3.connect(path)) as db:
        db.execute("PRAGMA journal_mode=DELETE")
    return path


def cached(people: int) -> Path:
    """The SQLite file with ``people`` employees, built now when it is not in the cache."""
    CACHE_DIR.mkdir(parents=True, exist_ok=True)
    path = CACHE_DIR / f"pages-{people}-{cache_key(people)}.sqlite3"
    if path.exists():
        return migrated(path)
    for old in CACHE_DIR.glob(f"pages-{people}-*.*"):
        old.unlink()
    work = CACHE_DIR / f"building-{people}"
    shutil.rmtree(work, ignore_errors=True)
    work.mkdir()
    env = sqlite_env(work / "db.sqlite3", work)
    started, cpu = time.perf_counter(), _children_cpu()
    made = subprocess.run(  # noqa: S603 (our own interpreter and module)
        [sys.executable, "-m", "bench.pages.data", str(people)],
        check=True,
        env=env,
        cwd=ROOT,
        stdout=subprocess.PIPE,
        text=True,
    )
    with contextlib.closing(sqlite3.connect(work / "db.sqlite3")) as db:
        db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        db.execute("PRAGMA journal_mode=DELETE")
    (work / "db.sqlite3").rename(path)
    shutil.rmtree(work, ignore_errors=True)
    about(path).write_text(
        json.dumps(
            {
                "rows": json.loads(made.stdout),
                "seconds": time.perf_counter() - started,
                "cpu_seconds": _children_cpu() - cpu,
                "built": f"{datetime.datetime.now(datetime.UTC):%Y-%m-%d %H:%M} UTC",
            }
        ),
        encoding="utf-8",
    )
    return path


def about(path: Path) -> Path:
    """Beside a cached file: its rows and how long building it took (wall and CPU)."""
    return path.with_suffix(".json")


def _children_cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


@contextlib.contextmanager
def dated_as_given(*fields: Any) -> Iterator[None]:
    """Let bulk inserts keep the dates given for ``auto_now_add`` fields (history)."""
    saved = [(field, field.auto_now_add) for field in fields]
    for field in fields:
        field.auto_now_add = False
    try:
        yield
    finally:
        for field, value in saved:
            field.auto_now_add = value


def _batches(rows: list[Any]) -> Iterator[list[Any]]:
    for start in range(0, len(rows), BATCH):
        yield rows[start : start + BATCH]


def _insert(model: Any, rows: list[Any]) -> list[Any]:
    made: list[Any] = []
    for chunk in _batches(rows):
        made += model.objects.bulk_create(chunk)
    return made


def build(people: int) -> dict[str, int]:
    """Fill the configured database with the organisation (migrated already)."""
    from django.contrib.auth import get_user_model
    from django.contrib.contenttypes.models import ContentType
    from django.db import transaction
    from django.utils import timezone

    from koers.access.actor import Actor
    from koers.cards.models import Card, CardItem, ItemKind, NameDisplay, TeamAgreement, TeamCard
    from koers.cards.models import Theme as CardTheme
    from koers.conversations import queries as conversation_queries
    from koers.conversations.actions.templates import ensure_default_templates
    from koers.conversations.models import Conversation, Report, Status, TalkNotes, TalkRating
    from koers.followup.models import CheckIn, CheckInKind, Notice, NoticeKind
    from koers.organisations.models import Department, Employee, Organisation, Team
    from koers.plans.document import plan_document
    from koers.plans.models import (
        Activity,
        ActivityKind,
        ActivityStatus,
        ActivityStatusChange,
        Category,
        DevelopmentPlan,
        DevelopmentPoint,
        Owner,
        TrainingBudget,
    )
    from koers.signing.models import Choice, Party, Signature, Version, VersionStatus
    from koers.signing.sealing import content_hash

    now = timezone.now()
    today = timezone.localdate()
    organisation = Organisation.objects.create(
        name="Bench Werkbedrijf", slug=SLUG, second_factor_required=False
    )
    team_count = max(1, people // TEAM_SIZE)
    departments = _insert(
        Department,
        [
            Department(organisation=organisation, name=f"Afdeling {d:03d}")
            for d in range((team_count + TEAMS_PER_DEPARTMENT - 1) // TEAMS_PER_DEPARTMENT)
        ],
    )
    teams = _insert(
        Team,
        [
            Team(
                organisation=organisation,
                department=departments[t // TEAMS_PER_DEPARTMENT],
                name=f"Team {t:05d}",
            )
            for t in range(team_count)
        ],
    )
    employees = _insert(
        Employee,
        [
            Employee(
                organisation=organisation,
                team=teams[min(i // TEAM_SIZE, team_count - 1)],
                personnel_number=f"B{i:07d}",
                first_name=FIRST_NAMES[i % len(FIRST_NAMES)],
                last_name=f"{LAST_NAMES[(i // 7) % len(LAST_NAMES)]} {i:06d}",
                email=f"p{i}@bench.test" if i % 4 != 3 else "",
                function="Medewerker productie",
                in_service_since=datetime.date(2010 + i % 15, 1 + i % 12, 1),
                left_service_on=today - datetime.timedelta(days=30) if i % 100 == 99 else None,
            )
            for i in range(people)
        ],
    )
    manager_of = {}
    through = Team.managers.through
    through.objects.bulk_create(
        through(team_id=teams[t].pk, employee_id=employees[t * TEAM_SIZE].pk)
        for t in range(team_count)
    )
    for i, person in enumerate(employees):
        manager_of[person.pk] = employees[min(i // TEAM_SIZE, team_count - 1) * TEAM_SIZE].pk
    hr = Employee.objects.create(
        organisation=organisation,
        team=teams[0],
        personnel_number="HR0000001",
        first_name="Hanna",
        last_name="HR",
        email="hr@bench.test",
        is_hr=True,
        in_service_since=datetime.date(2012, 1, 1),
    )
    # The logins: a manager (a team in the middle), one of their team, HR.
    User = get_user_model()
    bench_team = team_count // 2
    manager = employees[bench_team * TEAM_SIZE]
    employee = employees[min(bench_team * TEAM_SIZE + 5, people - 1)]
    for username, person in (
        (LOGINS.manager, manager),
        (LOGINS.employee, employee),
        (LOGINS.hr, hr),
    ):
        user = User.objects.create(username=username, email=f"{username}@bench.test")
        user.set_unusable_password()
        user.save()
        Employee.objects.filter(pk=person.pk).update(user=user)

    system = Actor.for_system(organisation.pk)
    conversation_type = ensure_default_templates(system, organisation)[0]
    template = conversation_queries.current_template(conversation_type)

    # --- talks -------------------------------------------------------------------------
    talks: list[Conversation] = []
    recent: dict[int, Conversation] = {}
    created = Conversation._meta.get_field("created_at")
    for i, person in enumerate(employees):
        base = dict(
            organisation=organisation,
            employee_id=person.pk,
            manager_id=manager_of[person.pk],
            conversation_type=conversation_type,
            template=template,
            place="Kamer 2",
        )
        old_at = now - datetime.timedelta(days=380 + i % 40, hours=i % 7)
        talks.append(
            Conversation(**base, starts_at=old_at, status=Status.SIGNED, created_at=old_at)
        )
        if i % 5 != 4:
            at = now - datetime.timedelta(days=20 + i % 140, hours=i % 5)
            status = (Status.HELD, Status.REPORTED, Status.SIGNED, Status.SIGNED)[i % 4]
            talk = Conversation(**base, starts_at=at, status=status, created_at=at)
            talks.append(talk)
            recent[i] = talk
        if i % 3 == 0:
            at = now + datetime.timedelta(days=3 + i % 60, hours=i % 6)
            talks.append(
                Conversation(
                    **base,
                    starts_at=at,
                    status=Status.PLANNED,
                    created_at=now - datetime.timedelta(days=10),
                )
            )
    with dated_as_given(created):
        talks = _insert(Conversation, talks)
    reported = [t for t in talks if t.status in (Status.REPORTED, Status.SIGNED)]
    reports = _insert(
        Report,
        [
            Report(
                conversation=t,
                summary="We spraken over het werk, de cursus en wat goed gaat.",
                evaluation="De afspraken van vorig jaar zijn nagekomen.",
                planning="Een cursus en meelopen bij de planning.",
            )
            for t in reported
        ],
    )
    report_type = ContentType.objects.get_for_model(Report)
    report_snapshot = {
        "kind": "conversation_report",
        "sections": {"summary": "We spraken over het werk, de cursus en wat goed gaat."},
    }
    report_hash = content_hash(report_snapshot)
    report_versions = _insert(
        Version,
        [
            Version(
                organisation=organisation,
                employee_id=t.employee_id,
                subject_type=report_type,
                subject_id=r.pk,
                number=1,
                status=VersionStatus.SIGNED if t.status == Status.SIGNED else VersionStatus.TO_SIGN,
                frozen_at=t.starts_at + datetime.timedelta(days=2),
                snapshot=report_snapshot,
                content_hash=report_hash,
                created_by_id=t.manager_id,
            )
            for t, r in zip(reported, reports, strict=True)
        ],
    )
    talk_by_pk = {t.pk: t for t in reported}
    _insert(
        Signature,
        [
            Signature(
                version=v,
                party=party,
                choice=Choice.AGREED,
                signed_by_id=signer,
                signed_at=v.frozen_at + datetime.timedelta(days=1),
                signed_hash=report_hash,
            )
            for v, r in zip(report_versions, reports, strict=True)
            if v.status == VersionStatus.SIGNED
            for party, signer in (
                (Party.EMPLOYEE, v.employee_id),
                (Party.MANAGER, talk_by_pk[r.conversation_id].manager_id),
            )
        ],
    )
    _insert(
        TalkNotes,
        [
            TalkNotes(
                conversation=t,
                closing="Volgend gesprek over een half jaar.",
                next_date=(t.starts_at + datetime.timedelta(days=180)).date(),
            )
            for i, t in recent.items()
            if i % 10 == 0
        ],
    )
    _insert(
        TalkRating,
        [
            TalkRating(
                conversation=t,
                score=1 + (i * 7) % 5,
                answered_by_id=t.employee_id,
                answered_at=t.starts_at + datetime.timedelta(days=1),
            )
            for i, t in recent.items()
            if i % 2 == 0 and t.status != Status.HELD
        ],
    )

    # --- cards (before the POPs: a point may show a card's agreement) -------------------
    year = today.year
    cards = _insert(
        Card,
        [Card(organisation=organisation, employee_id=p.pk, year=year) for p in employees]
        + [
            Card(organisation=organisation, employee_id=p.pk, year=year - 1)
            for i, p in enumerate(employees)
            if i % 5 == 0
        ],
    )
    themes = (CardTheme.GROEI, CardTheme.PLEZIER, CardTheme.GEZOND)
    items: list[CardItem] = []
    item_created = CardItem._meta.get_field("created_at")
    for i, card in enumerate(cards):
        for n in range(2):
            theme = themes[(i + n) % 3]
            shared = (i + n) % 2 == 0
            items.append(
                CardItem(
                    card=card,
                    theme=theme,
                    kind=ItemKind.AGREEMENT if n == 1 else ItemKind.WISH,
                    what=f"Ik wil {'meer leren' if n == 0 else 'een vaste werkplek'} ({i})",
                    who_helps="mijn leidinggevende" if n == 1 else "",
                    when="dit voorjaar",
                    shared=shared,
                    health_share_confirmed=shared and theme == CardTheme.GEZOND,
                    shared_at=now - datetime.timedelta(days=40) if shared else None,
                    written_by_id=card.employee_id,
                    created_at=now - datetime.timedelta(days=60 - n),
                )
            )
    with dated_as_given(item_created):
        items = _insert(CardItem, items)
    # The agreement of this year's card, for one person in ten (not gezond: never in a POP).
    linkable = {
        items[2 * i + 1].card.employee_id: items[2 * i + 1]
        for i in range(people)
        if i % 10 == 0 and items[2 * i + 1].theme != CardTheme.GEZOND
    }
    leader_of_team = {teams[t].pk: employees[t * TEAM_SIZE].pk for t in range(team_count)}
    team_cards = _insert(
        TeamCard,
        [
            TeamCard(organisation=organisation, team=team, name_display=NameDisplay.FIRST_NAME)
            for t, team in enumerate(teams)
            if t % 4 == 0 or t == bench_team
        ],
    )
    _insert(
        TeamAgreement,
        [
            TeamAgreement(
                team_card=tc,
                theme=CardTheme.PLEZIER,
                text="Elke vrijdag samen koffie",
                written_by_id=leader_of_team[tc.team_id],
            )
            for tc in team_cards
        ],
    )

    # --- POPs --------------------------------------------------------------------------
    plan_type = ContentType.objects.get_for_model(DevelopmentPlan)
    statuses = (
        ActivityStatus.PLANNED,
        ActivityStatus.REGISTERED,
        ActivityStatus.STARTED,
        ActivityStatus.COMPLETED,
        ActivityStatus.PLANNED,
        ActivityStatus.CANCELLED,
    )
    change_at = ActivityStatusChange._meta.get_field("changed_at")
    check_at = CheckIn._meta.get_field("created_at")
    counts = {"plans": 0, "activities": 0}
    for start in range(0, people, BATCH):
        chunk = list(enumerate(employees))[start : start + BATCH]
        with transaction.atomic():
            plans = DevelopmentPlan.objects.bulk_create(
                DevelopmentPlan(
                    organisation=organisation,
                    employee_id=p.pk,
                    period_start=today - datetime.timedelta(days=60 + i % 90),
                    period_end=today + datetime.timedelta(days=200 + i % 90),
                    work_experience="Vijf jaar in de productie.",
                    created_by_id=manager_of[p.pk],
                )
                for i, p in chunk
            )
            points = DevelopmentPoint.objects.bulk_create(
                DevelopmentPoint(
                    plan=plan,
                    category=(Category.FUNCTION, Category.PERSONAL, Category.CAREER)[(i + n) % 3],
                    title=("Vakmanschap", "Samenwerken")[n],
                    goal="Zelfstandig de nieuwe machine bedienen." if n == 0 else "Beter plannen.",
                    employer_part="Cursus betalen en tijd vrijmaken.",
                    deadline=today + datetime.timedelta(days=120 - i % 200) if n == 0 else None,
                    position=n,
                    card_item=linkable.get(p.pk) if n == 0 else None,
                )
                for (i, p), plan in zip(chunk, plans, strict=True)
                for n in range(2)
            )
            activities = Activity.objects.bulk_create(
                activity
                for (i, _p), plan in zip(chunk, plans, strict=True)
                for activity in (
                    Activity(
                        point=points[2 * (i - start)],
                        kind=ActivityKind.COURSE,
                        description="Basiscursus machinebediening",
                        institute="ROC",
                        cost=Decimal("450.00"),
                        period_from=today + datetime.timedelta(days=(i % 90) - 45),
                        period_to=today + datetime.timedelta(days=(i % 90) + 45),
                        owner=Owner.EMPLOYER,
                        status=statuses[i % 6],
                        status_changed_at=now - datetime.timedelta(days=10 + i % 20),
                    ),
                    Activity(
                        point=points[2 * (i - start)],
                        kind=ActivityKind.SHADOWING,
                        description="Meelopen met de planner",
                        period_to=today + datetime.timedelta(days=(i % 120) - 40),
                        owner=Owner.EMPLOYEE,
                        status=statuses[(i + 2) % 6],
                        status_changed_at=now - datetime.timedelta(days=5),
                    ),
                    Activity(
                        point=points[2 * (i - start) + 1],
                        kind=ActivityKind.COACH,
                        description="Coach voor het plannen",
                        cost=Decimal("1200.00"),
                        owner=Owner.EMPLOYER,
                        status=(ActivityStatus.PLANNED, ActivityStatus.STARTED)[i % 2],
                        status_changed_at=now - datetime.timedelta(days=20),
                    ),
                )
            )
            with dated_as_given(change_at):
                ActivityStatusChange.objects.bulk_create(
                    ActivityStatusChange(
                        activity=a,
                        from_status=ActivityStatus.PLANNED,
                        to_status=a.status,
                        changed_by_id=manager_of[plans[(n // 3)].employee_id],
                        changed_at=now - datetime.timedelta(days=50 if n % 2 else 5),
                    )
                    for n, a in enumerate(activities)
                    if a.owner == Owner.EMPLOYER
                    and a.status != ActivityStatus.PLANNED
                    and a.status != ActivityStatus.CANCELLED
                )
            # The documents, sealed as the signing workflow does: from the plan in memory.
            by_plan: dict[int, list[Any]] = {plan.pk: [] for plan in plans}
            for point in points:
                point._prefetched_objects_cache = {"activities": []}
                by_plan[point.plan_id].append(point)
            for activity in activities:
                activity.point._prefetched_objects_cache["activities"].append(activity)
            versions = []
            for (i, p), plan in zip(chunk, plans, strict=True):
                plan.organisation = organisation
                plan.employee = p
                plan._prefetched_objects_cache = {"points": by_plan[plan.pk], "trainings": []}
                document = plan_document(plan, _totals(by_plan[plan.pk], Category, statuses))
                versions.append(
                    Version(
                        organisation=organisation,
                        employee_id=p.pk,
                        subject_type=plan_type,
                        subject_id=plan.pk,
                        number=1,
                        status=VersionStatus.TO_SIGN if i % 50 == 1 else VersionStatus.SIGNED,
                        frozen_at=now - datetime.timedelta(days=50),
                        snapshot=document,
                        content_hash=content_hash(document),
                        created_by_id=manager_of[p.pk],
                    )
                )
                if i % 25 == 3:
                    versions.append(
                        Version(
                            organisation=organisation,
                            employee_id=p.pk,
                            subject_type=plan_type,
                            subject_id=plan.pk,
                            number=2,
                            status=VersionStatus.DRAFT,
                            created_by_id=manager_of[p.pk],
                        )
                    )
            versions = Version.objects.bulk_create(versions)
            Signature.objects.bulk_create(
                Signature(
                    version=v,
                    party=party,
                    choice=Choice.AGREED,
                    signed_by_id=signer,
                    signed_at=v.frozen_at + datetime.timedelta(days=party == Party.MANAGER),
                    signed_hash=v.content_hash,
                )
                for v in versions
                if v.status == VersionStatus.SIGNED
                for party, signer in (
                    (Party.EMPLOYEE, v.employee_id),
                    (Party.MANAGER, manager_of[v.employee_id]),
                )
            )
            with dated_as_given(check_at):
                CheckIn.objects.bulk_create(
                    CheckIn(
                        plan=plan,
                        point=points[2 * (i - start)],
                        kind=CheckInKind.PROGRESS,
                        text="De cursus is begonnen, het gaat goed.",
                        author_id=p.pk,
                        created_at=now - datetime.timedelta(days=3 + i % 30),
                    )
                    for (i, p), plan in zip(chunk, plans, strict=True)
                    if i % 10 == 5 or p.pk == employee.pk
                )
            notices = []
            first = {v.subject_id: v for v in versions if v.number == 1}
            for (i, p), plan in zip(chunk, plans, strict=True):
                signed = first[plan.pk]
                if i % 5 == 0 or p.pk == employee.pk:
                    notices.append(
                        Notice(
                            organisation=organisation,
                            recipient_id=p.pk,
                            kind=NoticeKind.SIGNED_COPY
                            if signed.status == VersionStatus.SIGNED
                            else NoticeKind.SIGNATURE_WAITING,
                            subject_type="version",
                            subject_id=signed.pk,
                            due_on=signed.frozen_at.date(),
                            params={"document": "pop", "number": 1}
                            if signed.status == VersionStatus.SIGNED
                            else {"waits_for": "employee"},
                            link=f"/plans/{plan.pk}/",
                            read_at=now if i % 10 == 0 else None,
                        )
                    )
                if i % 7 == 0 or p.pk == employee.pk:
                    notices.append(
                        Notice(
                            organisation=organisation,
                            recipient_id=p.pk,
                            kind=NoticeKind.CONVERSATION_DUE,
                            subject_type="employee",
                            subject_id=p.pk,
                            due_on=today - datetime.timedelta(days=i % 30),
                            params={"months": 12},
                            link="/conversations/",
                        )
                    )
            Notice.objects.bulk_create(notices)
            counts["plans"] += len(plans)
            counts["activities"] += len(activities)
    TrainingBudget.objects.bulk_create(
        TrainingBudget(
            organisation=organisation, department=d, year=year, amount=Decimal("50") * people
        )
        for d in departments
    )
    return {
        "people": people,
        "teams": team_count,
        "departments": len(departments),
        "talks": len(talks),
        "reports": len(reports),
        "cards": len(cards),
        "card_items": len(items),
        **counts,
    }


def _totals(points: list[Any], categories: Any, statuses: Any) -> dict[str, Decimal]:
    """What ``plan_totals`` sums in the database, from the plan in memory (not cancelled)."""
    from koers.plans.models import COUNTED_STATUSES

    totals = {category.value: Decimal("0.00") for category in categories}
    for point in points:
        for activity in point._prefetched_objects_cache["activities"]:
            if activity.status in COUNTED_STATUSES:
                totals[point.category] += activity.cost
    totals["total"] = sum(totals.values(), Decimal("0.00"))
    return totals


def main() -> None:
    """``python -m bench.pages.data N``: migrate the configured database and build into it."""
    import django
    from django.core.management import call_command

    people = int(sys.argv[1])
    django.setup()
    started = time.perf_counter()
    call_command("migrate", interactive=False, verbosity=0)
    size = build(people)
    print(
        f"bench.pages.data: {size} in {time.perf_counter() - started:.0f} s",
        file=sys.stderr,
    )
    print(json.dumps(size))


if __name__ == "__main__":
    main()
