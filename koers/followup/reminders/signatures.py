"""Reminders about signing (003: both sign): a document waiting for the employee, then for
the current manager."""

from __future__ import annotations

import datetime
from collections.abc import Iterator
from typing import Any

from django.db.models import DateField, Exists, OuterRef, Q
from django.db.models.functions import Cast, TruncDate
from django.urls import NoReverseMatch, reverse
from django.utils import timezone

from koers.followup.models import Notice, NoticeKind
from koers.followup.notice_texts import EMPLOYEE, MANAGER
from koers.followup.reminders.common import CHUNK, in_service, new_notice
from koers.signing.models import Version, VersionStatus


def _report_conversation() -> Any:
    """The conversation of a signed report (OuterRef "subject_id"), when the conversation
    app keeps reports (conversations.Report); else NULL."""
    from django.apps import apps
    from django.db.models import IntegerField, Subquery, Value

    try:
        report = apps.get_model("conversations", "Report")
    except LookupError:
        return Value(None, output_field=IntegerField())
    return Subquery(report.objects.filter(pk=OuterRef("subject_id")).values("conversation_id")[:1])


def _signature_link(row: dict[str, Any]) -> str:
    subject = (row["subject_type__app_label"], row["subject_type__model"])
    try:
        if subject == ("plans", "developmentplan"):
            return reverse("plan-sign", args=[row["subject_id"]])
        if subject == ("conversations", "report") and row["report_conversation"]:
            return reverse("conversation-report", args=[row["report_conversation"]])
    except NoReverseMatch:
        pass
    return reverse("dossier-log")


def due_signatures(
    now: datetime.datetime, managers: dict[int, list[int]], **_context: Any
) -> Iterator[Notice]:
    """003: both sign. A version waiting for the employee goes to the employee; once the
    employee signed, it waits for the current manager. Any signed document (the POP, and
    the conversation report when it uses the same signing) is covered."""
    # Each stage is its own reason: to the employee while it waits for them, to the
    # manager(s) once the employee signed (the same day or later).
    told_employee = Notice.objects.filter(
        kind=NoticeKind.SIGNATURE_WAITING,
        subject_type="version",
        subject_id=OuterRef("pk"),
        recipient_id=OuterRef("employee_id"),
    )
    told_manager = Notice.objects.filter(
        kind=NoticeKind.SIGNATURE_WAITING, subject_type="version", subject_id=OuterRef("pk")
    ).exclude(recipient_id=OuterRef("employee_id"))
    waiting = (
        Version.objects.filter(
            status__in=(VersionStatus.TO_SIGN, VersionStatus.EMPLOYEE_SIGNED),
            frozen_at__isnull=False,
        )
        .filter(in_service(timezone.localdate(now), "employee__"))
        .alias(employee_told=Exists(told_employee), manager_told=Exists(told_manager))
        .filter(
            Q(status=VersionStatus.TO_SIGN, employee_told=False)
            | Q(status=VersionStatus.EMPLOYEE_SIGNED, manager_told=False)
        )
        .annotate(
            frozen_on=Cast(TruncDate("frozen_at"), DateField()),
            report_conversation=_report_conversation(),
        )
        .values(
            "pk",
            "organisation_id",
            "employee_id",
            "employee__team_id",
            "employee__user_id",
            "status",
            "frozen_on",
            "report_conversation",
            "subject_id",
            "subject_type__app_label",
            "subject_type__model",
        )
    )
    for row in waiting.iterator(chunk_size=CHUNK):
        if row["status"] == VersionStatus.TO_SIGN:
            # Someone without a login signs on paper with the manager: nobody to remind.
            recipients = [row["employee_id"]] if row["employee__user_id"] else []
            waits_for = EMPLOYEE
        else:
            recipients = managers.get(row["employee__team_id"], [])
            waits_for = MANAGER
        link = _signature_link(row)
        for recipient in recipients:
            yield new_notice(
                organisation_id=row["organisation_id"],
                recipient_id=recipient,
                kind=NoticeKind.SIGNATURE_WAITING,
                subject=("version", row["pk"]),
                due_on=row["frozen_on"],
                params={"waits_for": waits_for},
                link=link,
            )
