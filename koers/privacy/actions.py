"""Retention (issue 16): a file whose retention period has passed is erased, in one
transaction per person, with one audit event that says how much went (never what).

What goes is what the register (koers.privacy.register) says is that person's: every row
reached along a table's ``person`` path is deleted, the notices to others about their
talks, activities and documents too, and their own record is emptied of everything but the
day they left. What stays: the audit log (codes and dates, pointing at the emptied record),
other people's files that name them as the one who did something (shown as "verwijderde
medewerker"), and the sums the figures need (``ErasedFigure``), per department.
"""

from __future__ import annotations

import datetime
from collections import Counter
from dataclasses import dataclass, field
from decimal import Decimal

from axes.models import AccessAttempt, AccessFailureLog, AccessLog
from django.contrib.admin.models import LogEntry
from django.contrib.contenttypes.models import ContentType
from django.contrib.sessions.models import Session
from django.db import transaction
from django.db.models import Count, Q, Sum
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from koers.access import policy
from koers.access.actor import Actor
from koers.audit import events as audit
from koers.audit.models import AuditEvent
from koers.conversations.models import Conversation, Status, TalkRating
from koers.followup.models import CheckIn, Notice
from koers.lib.errors import Refused, register_messages
from koers.lib.forms import require_plain_text
from koers.organisations.models import (
    ERASED_PLANNED,
    ERASED_RATING,
    ERASED_SPENT,
    ActivationFailure,
    Employee,
    EmployeeImport,
    ErasedFigure,
    Organisation,
    Team,
)
from koers.plans.models import BUDGET_PLANNED, BUDGET_SPENT, Activity
from koers.privacy import register
from koers.privacy.choices import OTHER, CorrectableField, CorrectionStatus, shown_fields
from koers.privacy.models import CorrectionRequest
from koers.signing.models import Version

IMPORT_DAYS = 7


@dataclass
class Erased:
    """How many rows of each kind (model label) went, for the dry run and the log."""

    counts: Counter[str] = field(default_factory=Counter)

    @property
    def rows(self) -> int:
        return sum(self.counts.values())


@transaction.atomic
def erase_person(actor: Actor, employee: Employee) -> Erased:
    """Erase one person's file: only ``koers retention`` for the person's organisation, and
    only once their retention period has passed (policy ``erase``)."""
    employee = (
        Employee.objects.select_for_update().select_related("organisation").get(pk=employee.pk)
    )
    policy.require(actor, "erase", employee)
    erased = Erased()
    _keep_figures(employee)
    erased.counts.update(_delete_notices_about(employee))
    erased.counts.update(_delete_admin_log(employee))
    for table in _file_tables():
        model = register.model_of(table)
        rows = model._base_manager.filter(**{table.person: employee.pk})
        _count, per_model = rows.delete()
        erased.counts.update({label: n for label, n in per_model.items() if n})
    erased.counts["organisations.Team_managers"] += Team.managers.through.objects.filter(
        employee_id=employee.pk
    ).delete()[0]
    _empty_record(employee)
    erased.counts = Counter({label: n for label, n in erased.counts.items() if n})
    audit.record(
        actor,
        "person.erased",
        employee,
        employee=employee,
        years=employee.organisation.retention_years,
        rows=erased.rows,
    )
    return erased


@transaction.atomic
def expire_short_lived(actor: Actor, organisation: Organisation) -> tuple[int, int]:
    """What the register keeps for days or an hour, gone once that has passed.

    The organisation's files of people read more than 7 days ago: one never confirmed goes
    entirely, one applied or refused keeps its counts but not its rows or its report (names
    and numbers); an event says how many. And the tables that belong to no organisation,
    the same for every run: wrong activation codes and failed sign-ins after an hour,
    sessions once they expired. Returns (imports deleted, imports cleared)."""
    policy.require(actor, "expire_imports", organisation)
    now = timezone.now()
    before = now - datetime.timedelta(days=IMPORT_DAYS)
    old = EmployeeImport.objects.filter(organisation=organisation, created_at__lt=before)
    deleted = old.filter(status=EmployeeImport.Status.CHECKED).delete()[0]
    cleared = (
        old.exclude(status=EmployeeImport.Status.CHECKED)
        .exclude(rows=[], report=[], file_errors=[])
        .update(rows=[], report=[], file_errors=[])
    )
    hour_ago = now - datetime.timedelta(hours=1)
    ActivationFailure.objects.filter(at__lt=hour_ago).delete()
    AccessAttempt.objects.filter(attempt_time__lt=hour_ago).delete()
    AccessFailureLog.objects.filter(attempt_time__lt=hour_ago).delete()
    AccessLog.objects.filter(attempt_time__lt=hour_ago).delete()
    Session.objects.filter(expire_date__lt=now).delete()
    if deleted or cleared:
        audit.record(
            actor, "people.imports_expired", organisation, deleted=deleted, cleared=cleared
        )
    return deleted, cleared


@transaction.atomic
def record_export(actor: Actor, employee: Employee) -> None:
    """ "Alles over mij": the person downloaded their whole file, or HR did on their request
    (a read, in their log)."""
    if actor.employee_id == employee.pk:
        policy.require(actor, "export_file", employee)
        audit.record(actor, "file.exported", employee, employee=employee)
    else:
        policy.require(actor, "export_file_on_request", employee)
        audit.record(actor, "file.exported_on_request", employee, employee=employee)


# --- "klopt niet" (AVG art. 16) ------------------------------------------------------------

register_messages(
    {
        "correction.empty": _("Schrijf op wat het moet zijn."),
        "correction.unknown_field": _("Dit gegeven kunt u hier niet laten verbeteren."),
        "correction.already_open": _(
            "U heeft hier al om een correctie gevraagd; HR kijkt ernaar. U ziet het antwoord op "
            "deze pagina."
        ),
        "correction.handled": _("Dit verzoek is al afgehandeld."),
    }
)


@transaction.atomic
def request_correction(
    actor: Actor, employee: Employee, *, field: str, proposed: str
) -> CorrectionRequest:
    """The person says a field of their data is wrong and what it should be; HR is told (a
    notice, ``followup.on_event``). One open request per field."""
    policy.require(actor, "request_correction", employee)
    proposed = proposed.strip()
    require_plain_text(proposed)
    if field not in CorrectableField.values or (
        field != OTHER and field not in shown_fields(employee.organisation)
    ):
        raise Refused("correction.unknown_field")
    if not proposed:
        raise Refused("correction.empty")
    # One writer per person: a double click waits here and then finds the first request.
    list(Employee.objects.select_for_update().filter(pk=employee.pk).values_list("pk"))
    if CorrectionRequest.objects.open().filter(employee=employee, field=field).exists():
        raise Refused("correction.already_open")
    request = CorrectionRequest.objects.create(
        organisation_id=employee.organisation_id,
        employee=employee,
        field=field,
        proposed=proposed,
    )
    audit.record(actor, "correction.requested", request, employee=employee, field=field)
    return request


@transaction.atomic
def handle_correction(
    actor: Actor, request: CorrectionRequest, *, corrected: bool, answer: str = ""
) -> CorrectionRequest:
    """HR answers: corrected (on the record, through the person's edit page) or not, with
    why. The person is told; a request is answered once."""
    policy.require(actor, "handle_correction", request)
    locked = CorrectionRequest.objects.select_for_update().get(pk=request.pk)
    if locked.status != CorrectionStatus.OPEN:
        raise Refused("correction.handled")
    locked.status = CorrectionStatus.CORRECTED if corrected else CorrectionStatus.DECLINED
    require_plain_text(answer)
    locked.answer = answer.strip()
    locked.handled_by_id = actor.employee_id
    locked.handled_at = timezone.now()
    locked.save(update_fields=["status", "answer", "handled_by", "handled_at"])
    audit.record(
        actor,
        "correction.handled",
        locked,
        employee=locked.employee,
        field=locked.field,
        outcome=locked.status,
    )
    return locked


def _file_tables() -> list[register.Table]:
    """The tables with rows of one person's file, the deepest first (an activity before its
    point, a point before its plan), so that each delete counts its own rows. The person's
    own record is emptied, not deleted."""
    tables = [t for t in register.tables() if t.person and t.model != "organisations.Employee"]
    return sorted(tables, key=lambda t: -t.person.count("__"))


def _delete_notices_about(employee: Employee) -> Counter[str]:
    """Notices to someone else (the manager, HR) about this person's talks, activities,
    progress notes, documents or events: without the file they point at nothing."""
    about = {
        "employee": [employee.pk],
        "conversation": Conversation.objects.filter(employee=employee).values("pk"),
        "activity": Activity.objects.filter(point__plan__employee=employee).values("pk"),
        "checkin": CheckIn.objects.filter(plan__employee=employee).values("pk"),
        "version": Version.objects.filter(employee=employee).values("pk"),
        "event": AuditEvent.objects.filter(employee=employee).values("pk"),
    }
    condition = Q(pk__in=[])
    for subject_type, ids in about.items():
        condition |= Q(subject_type=subject_type, subject_id__in=ids)
    _count, per_model = Notice.objects.filter(
        condition, organisation_id=employee.organisation_id
    ).delete()
    return Counter(per_model)


def _delete_admin_log(employee: Employee) -> Counter[str]:
    """Django admin's entries about the person's record or login (they hold the name)."""
    condition = Q(
        content_type=ContentType.objects.get_for_model(Employee), object_id=str(employee.pk)
    )
    if employee.user_id is not None:
        user_type = ContentType.objects.get_for_model(
            Employee._meta.get_field("user").related_model
        )
        condition |= Q(content_type=user_type, object_id=str(employee.user_id))
    _count, per_model = LogEntry.objects.filter(condition).delete()
    return Counter(per_model)


def _keep_figures(employee: Employee) -> None:
    """The sums the figures need, added to the department's ``ErasedFigure`` rows before the
    rows go: the budget's planned and spent cost per year (as ``budget_overview`` counts
    them), the talk's marks (as ``conversation_score`` counts them)."""
    department_id = employee.team.department_id if employee.team_id else None
    activities = Activity.objects.filter(point__plan__employee=employee).select_related(
        "point__plan"
    )
    sums: dict[tuple[str, int], list[Decimal | int]] = {}
    for activity in activities:
        if activity.status in BUDGET_PLANNED:
            key = ERASED_PLANNED
        elif activity.status in BUDGET_SPENT:
            key = ERASED_SPENT
        else:
            continue
        year = (activity.period_from or activity.point.plan.period_start).year
        entry = sums.setdefault((key, year), [Decimal("0"), 0])
        entry[0] += activity.cost or Decimal("0")
        entry[1] += 1
    for (key, year), (total, count) in sums.items():
        _add(employee, department_id, key, year, total, count, people=1)
    marks = (
        TalkRating.objects.counted()
        .filter(conversation__employee=employee)
        .exclude(conversation__status=Status.CANCELLED)
        .aggregate(total=Sum("score"), count=Count("pk"))
    )
    if marks["count"]:
        _add(
            employee, department_id, ERASED_RATING, None, Decimal(marks["total"]), marks["count"], 1
        )


def _add(
    employee: Employee,
    department_id: int | None,
    key: str,
    year: int | None,
    total: Decimal,
    count: int,
    people: int,
) -> None:
    figure, _created = ErasedFigure.objects.select_for_update().get_or_create(
        organisation_id=employee.organisation_id, department_id=department_id, key=key, year=year
    )
    figure.total += total
    figure.count += count
    figure.people += people
    figure.save(update_fields=["total", "count", "people"])


def _empty_record(employee: Employee) -> None:
    """The record stays (the audit log points at it) with nothing of the person: no name,
    number, e-mail, team, function, dates or optional fields; only the day they left."""
    for name in register.table_of(Employee).personal:
        if name not in ("team", "user", "is_hr", "is_org_admin"):
            setattr(employee, name, None if Employee._meta.get_field(name).null else "")
    employee.personnel_number = f"erased-{employee.pk}"
    employee.team = None
    employee.user = None
    employee.is_hr = employee.is_org_admin = False
    employee.erased_at = timezone.now()
    employee.save()
