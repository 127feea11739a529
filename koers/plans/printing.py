"""A department's POPs on paper, for the personnel files: HR prints the signed version of
every POP that runs on a day, for everyone in one department, as one ZIP of PDFs.

The HTML of each POP is rendered here, from the database, in one fixed number of queries;
WeasyPrint then runs in one worker process per core (``koers.lib.pdf.render_many``). 1,000
POPs take under a minute on two cores (issue 18, ``make bench``:
bench/results/department_print.md). Every POP printed is a read in its employee's dossier
log, recorded once the archive is written. Starting it in the background with a progress bar
belongs to the job queue (the operations issue); ``koers print_department`` runs it now.
"""

from __future__ import annotations

import datetime
import time
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import IO

from django.db.models import QuerySet
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.translation import gettext as _

from koers.access import policy
from koers.access.actor import Actor
from koers.access.views import visible
from koers.lib.pdf import render_many
from koers.organisations.models import Department, Employee
from koers.plans import actions
from koers.plans import document as plan_document
from koers.plans.models import DevelopmentPlan
from koers.plans.queries import with_content
from koers.plans.signed import PlanDocument
from koers.signing.models import Version
from koers.signing.sealing import check_version


@dataclass
class Printed:
    """What the archive holds: how many POPs, who has no signed POP for that day (so HR
    knows whose paper is missing), and how long it took."""

    count: int = 0
    unsigned: list[Employee] = field(default_factory=list)
    altered: list[Employee] = field(default_factory=list)
    seconds: float = 0.0


def department_plans(
    actor: Actor, department: Department, on: datetime.date
) -> QuerySet[DevelopmentPlan]:
    """The POPs that run on ``on`` of the people in the department (their current team),
    with everything their document shows."""
    return with_content(
        visible(DevelopmentPlan, actor).filter(
            employee__team__department=department,
            period_start__lte=on,
            period_end__gte=on,
        )
    ).order_by("employee__last_name", "employee__first_name", "employee_id", "period_start")


def print_department(
    actor: Actor,
    department: Department,
    out: IO[bytes],
    *,
    on: datetime.date | None = None,
    workers: int | None = None,
) -> Printed:
    """Write the department's signed POPs of ``on`` (default today) into ``out`` as a ZIP:
    one PDF per POP, as the POP's own download prints it, and ``inhoud.txt``, which lists
    them and whose POP is not signed yet. Only HR of the organisation (policy
    ``print_plans``)."""
    started = time.perf_counter()
    policy.require(actor, "print_plans", department)
    on = on or timezone.localdate()
    result = Printed()
    printed: list[tuple[DevelopmentPlan, Version]] = []

    def htmls() -> Iterator[str]:
        """Each signed POP's HTML, made as the workers ask for more."""
        for plan in department_plans(actor, department, on):
            version = PlanDocument(plan).current_signed()
            if version is None:
                result.unsigned.append(plan.employee)
                continue
            verification = check_version(actor, version)
            if verification.altered:
                result.altered.append(plan.employee)
            context = plan_document.pdf_context(
                version.snapshot, version, verification, is_concept=False, number=version.number
            )
            printed.append((plan, version))
            yield render_to_string(plan_document.TEMPLATE, context)

    with zipfile.ZipFile(out, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        for index, pdf in enumerate(render_many(htmls(), workers=workers)):
            archive.writestr(plan_document.pdf_filename(printed[index][0]), pdf)
        names = [plan_document.pdf_filename(plan) for plan, _version in printed]
        archive.writestr("inhoud.txt", _contents(department, on, names, result))
    actions.record_printed(actor, department, printed)
    result.count = len(printed)
    result.seconds = time.perf_counter() - started
    return result


def _contents(department: Department, on: datetime.date, names: list[str], result: Printed) -> str:
    lines = [
        _("Getekende POP's van afdeling %(department)s op %(day)s: %(count)s")
        % {"department": department.name, "day": on.strftime("%d-%m-%Y"), "count": len(names)},
        "",
        *names,
    ]
    if result.altered:
        lines += [
            "",
            _("Deze getekende versies kloppen niet meer met wat getekend is (zie de PDF):"),
            *(f"- {person.full_name} ({person.personnel_number})" for person in result.altered),
        ]
    if result.unsigned:
        lines += [
            "",
            _("Nog geen getekend POP voor die dag:"),
            *(f"- {person.full_name} ({person.personnel_number})" for person in result.unsigned),
        ]
    return "\n".join(lines) + "\n"
