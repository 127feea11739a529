"""Notices on the event (issue 11, 003 "beide partijen ondertekenen", issue 10 "the person is
told"): ``koers.audit.events.record`` hands every event it saved to ``handle``, inside the
transaction of the change, so a notice exists the moment its reason does (and not when the
change fails).

| event | who is told | kind |
|---|---|---|
| plan/report offered for signing | the employee (with a login) | signature_waiting (employee) |
| the employee signed (online or on paper) | the current managers | signature_waiting (manager) |
| the employee asked for a correction | the current managers | correction_asked |
| the manager signed: both have signed | the employee | signed_copy (003: their copy) |
| a new point in the POP, by someone else | the employee | point_added |
| login granted, role granted/revoked, access reset | the person | account_changed |
| the talk is held (Afsluiting done) | the employee (with a login) | rating_asked |
| a person says a field of their data is wrong | HR of the organisation | data_correction_asked |
| HR answered that | the person | data_correction_answered |

A notice is made undelivered (``channel`` empty): it is on the recipient's list at once, and
``koers remind`` mails it as the recipient chose (the outbox), never inside the request. The
reason key (recipient, kind, subject, day) is the reminder rules' own: the reminder run finds
these and adds nothing. Nobody is told of what they did themselves.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.urls import reverse
from django.utils import timezone

from koers.followup.models import Notice, NoticeKind
from koers.followup.notice_texts import EMPLOYEE, MANAGER
from koers.organisations.models import Employee, Team
from koers.plans.models import DevelopmentPlan
from koers.signing import documents
from koers.signing.models import Version, VersionStatus

SIGNING_VERBS = {
    "plan.sent_for_signing",
    "plan.signed",
    "plan.signed_on_paper",
    "report.sent_for_signing",
    "report.signed",
    "report.signed_on_paper",
}
ACCOUNT_VERBS = {
    "login.granted",
    "person.role_granted",
    "person.role_revoked",
    "login.access_reset",
}


def handle(event: Any) -> None:
    """Make the notices this audit event calls for (see the table above)."""
    if event.verb in SIGNING_VERBS:
        notices = _on_signing(event)
    elif event.verb == "plan.point_added":
        notices = _on_point_added(event)
    elif event.verb in ACCOUNT_VERBS:
        notices = _on_account(event)
    elif event.verb == "talk.finished":
        notices = _on_talk_finished(event)
    elif event.verb == "correction.requested":
        notices = _on_correction_requested(event)
    elif event.verb == "correction.handled":
        notices = _on_correction_handled(event)
    else:
        return
    rows = [n for n in notices if n.recipient_id != event.actor_id]
    if rows:
        Notice.objects.bulk_create(rows, ignore_conflicts=True)


def _notice(
    event: Any, recipient_id: int, kind: str, subject: tuple[str, int], link: str, **params: Any
) -> Notice:
    return Notice(
        organisation_id=event.organisation_id,
        recipient_id=recipient_id,
        kind=kind,
        subject_type=subject[0],
        subject_id=subject[1],
        due_on=timezone.localdate(event.at),
        params=params,
        link=link,
    )


def _managers(employee: Employee) -> list[int]:
    if employee.team_id is None:
        return []
    return list(
        Team.managers.through.objects.filter(team_id=employee.team_id).values_list(
            "employee_id", flat=True
        )
    )


def _on_signing(event: Any) -> Iterable[Notice]:
    number = event.params.get("number")
    version = (
        Version.objects.filter(
            subject_type_id=event.subject_type_id, subject_id=event.subject_id, number=number
        )
        .select_related("employee__user")
        .first()
    )
    if version is None:
        return []
    document = documents.document_of(version.subject)
    employee = version.employee
    subject = ("version", version.pk)
    # The reminder run's key: the day the version was frozen.
    frozen_on = timezone.localdate(version.frozen_at) if version.frozen_at else None

    def told(recipients: Iterable[int], kind: str, link: str, **params: Any) -> list[Notice]:
        found = [_notice(event, r, kind, subject, link, **params) for r in recipients]
        if frozen_on is not None and kind == NoticeKind.SIGNATURE_WAITING:
            for notice in found:
                notice.due_on = frozen_on
        return found

    if version.status == VersionStatus.TO_SIGN:
        # Someone without a login signs on paper with the manager: nobody to tell online.
        recipients = [employee.pk] if employee.user_id else []
        return told(
            recipients, NoticeKind.SIGNATURE_WAITING, document.sign_url(), waits_for=EMPLOYEE
        )
    if version.status == VersionStatus.EMPLOYEE_SIGNED:
        return told(
            _managers(employee),
            NoticeKind.SIGNATURE_WAITING,
            document.sign_url(),
            waits_for=MANAGER,
        )
    if version.status == VersionStatus.CORRECTION:
        return told(
            _managers(employee), NoticeKind.CORRECTION_ASKED, document.url(), document=document.kind
        )
    if version.status == VersionStatus.SIGNED:
        return told(
            [employee.pk],
            NoticeKind.SIGNED_COPY,
            document.version_pdf_url(version.number),
            document=document.kind,
            number=version.number,
        )
    return []


def _on_point_added(event: Any) -> Iterable[Notice]:
    plan = DevelopmentPlan.objects.filter(pk=event.subject_id).only("pk", "employee_id").first()
    point = event.params.get("point")
    if plan is None or point is None:
        return []
    return [
        _notice(
            event,
            plan.employee_id,
            NoticeKind.POINT_ADDED,
            ("point", point),
            reverse("plan-detail", args=[plan.pk]),
            category=event.params.get("category", ""),
        )
    ]


def _on_account(event: Any) -> Iterable[Notice]:
    if event.employee_id is None:
        return []
    params: dict[str, Any] = {"change": event.verb}
    if "role" in event.params:
        params["role"] = event.params["role"]
    # Each change is its own reason: the event is the subject.
    return [
        _notice(
            event,
            event.employee_id,
            NoticeKind.ACCOUNT_CHANGED,
            ("event", event.pk),
            reverse("profile"),
            **params,
        )
    ]


def _on_talk_finished(event: Any) -> Iterable[Notice]:
    """004 Afsluiting: "vraag aan de medewerker wat hij van het gesprek vond"; the employee
    answers on their own screen (the notice goes once they have, or once it is signed)."""
    employee = Employee.objects.filter(pk=event.employee_id).only("pk", "user_id").first()
    if employee is None or employee.user_id is None:
        return []
    return [
        _notice(
            event,
            employee.pk,
            NoticeKind.RATING_ASKED,
            ("conversation", event.subject_id),
            reverse("conversation-rating", args=[event.subject_id]),
        )
    ]


def _on_correction_requested(event: Any) -> Iterable[Notice]:
    """AVG art. 16: HR hears that a person says their data is wrong (koers.privacy)."""
    hr = (
        Employee.objects.in_service()
        .filter(organisation_id=event.organisation_id, is_hr=True, erased_at__isnull=True)
        .values_list("pk", flat=True)
    )
    link = reverse("privacy-corrections")
    field = event.params.get("field", "")
    return [
        _notice(
            event,
            recipient,
            NoticeKind.DATA_CORRECTION_ASKED,
            ("employee", event.employee_id),
            link,
            field=field,
        )
        for recipient in hr
    ]


def _on_correction_handled(event: Any) -> Iterable[Notice]:
    return [
        _notice(
            event,
            event.employee_id,
            NoticeKind.DATA_CORRECTION_ANSWERED,
            ("event", event.pk),
            reverse("privacy-mine"),
            field=event.params.get("field", ""),
            outcome=event.params.get("outcome", ""),
        )
    ]
