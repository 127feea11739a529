"""``koers remind`` over 100,000 employees (the acceptance figure of the follow-up issue).

Builds one organisation of 100,000 people in 5,000 teams of 20 (each team led by one of its
members), with bulk inserts: a talk for everyone (a quarter of them more than a year ago, so
the next talk is due), an agreed (signed) POP for one in five with an employer course whose
start has passed unstarted, and a plan waiting for the employee's signature for one in fifty.
Then times ``koers remind``: the first run (every notice made and e-mailed to a dummy
backend), a second run right after (nothing new: idempotent), and the first run at a tenth
of the size for comparison. Memory: the peak resident size during a run above the size
before it (sampled every 20 ms), and tracemalloc's peak in a separate, untimed first run.
Writes bench/results/remind_100000.md.
"""

from __future__ import annotations

import datetime
import os
import platform
import sqlite3
import threading
import time
from pathlib import Path
from typing import Any

from bench import RESULTS_DIR

PEOPLE = int(os.environ.get("KOERS_BENCH_REMIND_PEOPLE", "100000"))
TEAM_SIZE = 20
BATCH = 5_000


def _rss() -> int:
    with open("/proc/self/statm") as statm:
        return int(statm.read().split()[1]) * os.sysconf("SC_PAGE_SIZE")


class PeakMemory:
    """The highest resident size while the block runs, above the size before it."""

    def __enter__(self) -> PeakMemory:
        self.base = _rss()
        self.peak = self.base
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._sample, daemon=True)
        self._thread.start()
        return self

    def _sample(self) -> None:
        while not self._stop.wait(0.02):
            self.peak = max(self.peak, _rss())

    def __exit__(self, *exc: object) -> None:
        self._stop.set()
        self._thread.join()
        self.peak = max(self.peak, _rss())

    @property
    def growth_mb(self) -> float:
        return (self.peak - self.base) / 1_000_000


def build(slug: str, people: int) -> dict[str, int]:
    from django.contrib.contenttypes.models import ContentType
    from django.utils import timezone

    from koers.access.actor import Actor
    from koers.conversations import queries
    from koers.conversations.actions.templates import ensure_default_templates
    from koers.conversations.models import Conversation, Status
    from koers.organisations.models import Department, Employee, Organisation, Team
    from koers.plans.models import (
        Activity,
        ActivityKind,
        Category,
        DevelopmentPlan,
        DevelopmentPoint,
        Owner,
    )
    from koers.signing.models import Version, VersionStatus

    now = timezone.now()
    today = timezone.localdate()
    organisation = Organisation.objects.create(name=f"Bench {slug}", slug=slug)
    department = Department.objects.create(organisation=organisation, name="Alles")
    teams = Team.objects.bulk_create(
        Team(organisation=organisation, department=department, name=f"Team {i}")
        for i in range(people // TEAM_SIZE)
    )
    for start in range(0, people, BATCH):
        Employee.objects.bulk_create(
            Employee(
                organisation=organisation,
                team=teams[i // TEAM_SIZE],
                personnel_number=f"{slug}-{i:06d}",
                first_name="Piet",
                last_name=f"Jansen {i}",
                email=f"p{i}@{slug}.test" if i % 4 != 3 else "",
                in_service_since=datetime.date(2015, 1, 1),
            )
            for i in range(start, min(start + BATCH, people))
        )
    ids = list(
        Employee.objects.filter(organisation=organisation)
        .order_by("personnel_number")
        .values_list("pk", "team_id")
    )
    through = Team.managers.through
    through.objects.bulk_create(
        through(team_id=team_id, employee_id=pk)
        for index, (pk, team_id) in enumerate(ids)
        if index % TEAM_SIZE == 0
    )
    system = Actor.for_system(organisation.pk)
    conversation_type = ensure_default_templates(system, organisation)[0]
    template = queries.current_template(conversation_type)
    for start in range(0, len(ids), BATCH):
        Conversation.objects.bulk_create(
            Conversation(
                organisation=organisation,
                employee_id=pk,
                manager_id=ids[(index // TEAM_SIZE) * TEAM_SIZE][0],
                conversation_type=conversation_type,
                template=template,
                starts_at=now - datetime.timedelta(days=400 if index % 4 == 0 else 100),
                place="Kamer",
                status=Status.HELD,
            )
            for index, (pk, _team) in enumerate(ids[start : start + BATCH], start)
        )
    plan_type = ContentType.objects.get_for_model(DevelopmentPlan)
    with_plan = [(index, pk) for index, (pk, _team) in enumerate(ids) if index % 5 == 1]
    for start in range(0, len(with_plan), BATCH):
        chunk = with_plan[start : start + BATCH]
        plans = DevelopmentPlan.objects.bulk_create(
            DevelopmentPlan(
                organisation=organisation,
                employee_id=pk,
                period_start=today - datetime.timedelta(days=90),
                period_end=today + datetime.timedelta(days=270),
            )
            for _index, pk in chunk
        )
        statuses = {
            plan.pk: VersionStatus.TO_SIGN if index % 50 == 1 else VersionStatus.SIGNED
            for (index, _pk), plan in zip(chunk, plans, strict=True)
        }
        Version.objects.bulk_create(
            Version(
                organisation=organisation,
                employee_id=plan.employee_id,
                subject_type=plan_type,
                subject_id=plan.pk,
                number=1,
                status=statuses[plan.pk],
                frozen_at=now - datetime.timedelta(days=80),
                snapshot={},
                content_hash="0" * 64,
            )
            for plan in plans
        )
        points = DevelopmentPoint.objects.bulk_create(
            DevelopmentPoint(plan=plan, category=Category.FUNCTION, title="Vakmanschap")
            for plan in plans
        )
        Activity.objects.bulk_create(
            Activity(
                point=point,
                kind=ActivityKind.COURSE,
                description="Basiscursus",
                period_from=today - datetime.timedelta(days=10),
                owner=Owner.EMPLOYER,
            )
            for point in points
        )
    return {"people": len(ids), "teams": len(teams), "plans": len(with_plan)}


def timed_run() -> dict[str, Any]:
    from django.db import connection, reset_queries

    from koers.followup.outbox import run_reminders

    reset_queries()
    with PeakMemory() as memory:
        start = time.perf_counter()
        result = run_reminders()
        seconds = time.perf_counter() - start
    return {
        "seconds": seconds,
        "created": result.created,
        "emailed": result.emailed,
        "in_app": result.in_app,
        "memory": memory.growth_mb,
        "queries": len(connection.queries) if connection.queries_logged else None,
    }


def traced_run(slug: str) -> float:
    """Peak Python memory (tracemalloc) of a first run, in MB: the organisation's notices are
    removed and made again."""
    import tracemalloc

    from koers.followup.models import Notice
    from koers.followup.outbox import run_reminders

    Notice.objects.filter(organisation__slug=slug).delete()
    tracemalloc.start()
    try:
        run_reminders()
        _current, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    return peak / 1_000_000


def main() -> Path:
    from django.conf import settings

    settings.EMAIL_BACKEND = "django.core.mail.backends.dummy.EmailBackend"
    small_size = build("bench-klein", PEOPLE // 10)
    small = timed_run()
    small["traced"] = traced_run("bench-klein")
    # The small organisation stays: its notices are out, so the big run only skips it.
    started = time.perf_counter()
    size = build("bench-groot", PEOPLE)
    build_seconds = time.perf_counter() - started
    first = timed_run()
    second = timed_run()
    first["traced"] = traced_run("bench-groot")
    second["traced"] = None
    return write_result(size, build_seconds, small_size, small, first, second)


def write_result(
    size: dict[str, int],
    build_seconds: float,
    small_size: dict[str, int],
    small: dict[str, Any],
    first: dict[str, Any],
    second: dict[str, Any],
) -> Path:
    def line(label: str, people: int, run: dict[str, Any]) -> str:
        traced = f"{run['traced']:.1f} MB" if run.get("traced") is not None else "–"
        return (
            f"| {label} | {people} | {run['seconds']:.1f} s | {run['created']} | "
            f"{run['emailed']} | {run['in_app']} | {run['memory']:.0f} MB | {traced} |"
        )

    path = RESULTS_DIR / f"remind_{PEOPLE}.md"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(
        "\n".join(
            [
                f"# koers remind over {PEOPLE} employees",
                "",
                f"- date: {datetime.datetime.now(datetime.UTC):%Y-%m-%d %H:%M} UTC",
                f"- machine: {os.cpu_count()} CPU (nproc {len(os.sched_getaffinity(0))}), "
                f"{platform.machine()}, {platform.system()} {platform.release()}",
                f"- python: {platform.python_version()}",
                f"- database: SQLite {sqlite3.sqlite_version} (temporary file)",
                f"- data: {size['people']} people in {size['teams']} teams of {TEAM_SIZE} "
                f"(one leads each team), a held talk for everyone (a quarter over a year ago), "
                f"{size['plans']} POPs (one in fifty waiting for the employee's signature, the "
                "rest signed) each with an employer course whose start passed unstarted; "
                f"built with bulk inserts in {build_seconds:.0f} s",
                "- e-mail: Django's dummy backend (sending is not what is measured)",
                "- command: `make bench` (`python -m bench`)",
                "",
                "RSS growth = peak resident size during the timed run minus the size before it"
                " (sampled every 20 ms). Python peak = tracemalloc's peak during a separate"
                " first run (the organisation's notices removed and made again; tracemalloc"
                " slows that run, so it is not timed). Candidates are read with `.iterator()`"
                " in chunks of 2,000 and"
                " inserted in batches of 1,000 (insert-ignore on the unique reason key);"
                " delivery claims and sends 1,000 notices at a time. Ten times the people"
                " should give about ten times the time and about the same memory.",
                "",
                "| run | people | time | notices made | e-mailed | in-app only | RSS growth"
                " | Python peak |",
                "|---|---|---|---|---|---|---|---|",
                line("first run, a tenth of the size", small_size["people"], small),
                line("first run", size["people"], first),
                line("second run right after (idempotent)", size["people"], second),
                "",
            ]
        ),
        encoding="utf-8",
    )
    return path
