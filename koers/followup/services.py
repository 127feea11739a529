"""State changes of the follow-up: progress notes, the course question, notices and their
delivery, notification choices, the agreed conversation interval. Views and the ``remind``
command call these; nothing else writes follow-up rows.
"""

from __future__ import annotations

import datetime
import itertools
import logging
import uuid
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.mail import EmailMessage, get_connection
from django.db import transaction
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from koers.access.actor import Actor
from koers.access.relations import is_current_manager
from koers.followup import reminders
from koers.followup.models import (
    Channel,
    CheckIn,
    CheckInKind,
    ConversationInterval,
    CourseAnswer,
    Notice,
    NoticeKind,
    NotificationPreference,
)
from koers.organisations.models import Employee, Role
from koers.plans.models import Activity, ActivityKind, ActivityStatus, DevelopmentPlan

logger = logging.getLogger(__name__)

BATCH = 1000


# --- progress notes ------------------------------------------------------------------------


def can_write_check_in(plan: DevelopmentPlan, actor: Actor) -> bool:
    """Who sees what: the employee writes their own notes; the current manager too."""
    if actor.employee_id is None or actor.organisation_id != plan.organisation_id:
        return False
    return plan.employee_id == actor.employee_id or (
        plan.employee.team_id is not None and plan.employee.team_id in actor.led_team_ids
    )


@transaction.atomic
def add_check_in(
    plan: DevelopmentPlan,
    actor: Actor,
    *,
    point_id: int,
    activity_id: int | None = None,
    kind: str = CheckInKind.PROGRESS,
    text: str,
) -> CheckIn:
    """001: "aandacht schenken aan ervaringen met een cursus of andere activiteiten, de
    toepassing van het geleerde in de praktijk, veranderingen in wensen of behoeften"."""
    if not can_write_check_in(plan, actor):
        raise PermissionDenied
    point = plan.points.filter(pk=point_id).first()
    if point is None:
        raise ValidationError(_("Kies een aandachtspunt van dit POP."), code="point")
    if activity_id is not None and not point.activities.filter(pk=activity_id).exists():
        raise ValidationError(_("Deze activiteit hoort niet bij dit aandachtspunt."), code="act")
    if not text.strip():
        raise ValidationError(_("Schrijf kort hoe het gaat."), code="empty")
    return CheckIn.objects.create(
        plan=plan,
        point=point,
        activity_id=activity_id,
        kind=kind,
        text=text.strip(),
        author_id=actor.employee_id,
    )


def course_check_open(activity: Activity) -> bool:
    """The one-week question can be answered while the course is marked started and has no
    answer since."""
    return (
        activity.kind == ActivityKind.COURSE
        and activity.status == ActivityStatus.STARTED
        and not CheckIn.objects.filter(
            activity=activity,
            kind=CheckInKind.COURSE_CHECK,
            created_at__gte=activity.status_changed_at or timezone.now(),
        ).exists()
    )


@transaction.atomic
def answer_course_check(activity: Activity, actor: Actor, answer: str, note: str = "") -> CheckIn:
    """001: "goed in de gaten houden dat cursussen daadwerkelijk beginnen". The employee
    answers in one click; the answer is a progress note. 'Nog niet' and 'gestopt' go to the
    manager at once, who keeps the activity's status (the employee does not)."""
    plan = activity.point.plan
    if actor.employee_id != plan.employee_id:
        raise PermissionDenied
    if answer not in CourseAnswer.values:
        raise ValidationError(_("Kies een antwoord."), code="answer")
    check_in = CheckIn.objects.create(
        plan=plan,
        point=activity.point,
        activity=activity,
        kind=CheckInKind.COURSE_CHECK,
        course_answer=answer,
        text=note.strip(),
        author_id=actor.employee_id,
    )
    if answer != CourseAnswer.YES:
        why = _("%(name)s over %(what)s: %(answer)s.") % {
            "name": plan.employee.full_name,
            "what": activity.description,
            "answer": CourseAnswer(answer).label,
        }
        if note.strip():
            why += " " + note.strip()
        team_id = plan.employee.team_id
        managers = (
            Employee.objects.filter(led_teams=team_id).exclude(pk=plan.employee_id)
            if team_id
            else Employee.objects.none()
        )
        _queue(
            Notice(
                organisation_id=plan.organisation_id,
                recipient_id=manager_id,
                kind=NoticeKind.COURSE_ANSWER,
                subject_type="checkin",
                subject_id=check_in.pk,
                due_on=timezone.localdate(),
                why=why,
                link=reverse("plan-progress", args=[plan.pk]),
            )
            for manager_id in managers.values_list("pk", flat=True)
        )
    return check_in


# --- notices -------------------------------------------------------------------------------


def _queue(notices: Iterable[Notice]) -> int:
    """Insert-ignore on the unique reason key: a notice already there stays as it is."""
    rows = list(notices)
    Notice.objects.bulk_create(rows, ignore_conflicts=True)
    return len(rows)


@dataclass
class RemindResult:
    considered: int = 0
    created: int = 0
    emailed: int = 0
    in_app: int = 0
    failed: int = 0


def queue_due_notices(
    now: object = None, notices: Iterable[Notice] | None = None
) -> tuple[int, int]:
    """Put every due notice in the outbox, in batches, each batch in its own transaction.
    Returns (considered, created)."""
    before = Notice.objects.count()
    considered = 0
    source = iter(notices if notices is not None else reminders.due_notices(now))  # type: ignore[arg-type]
    while batch := list(itertools.islice(source, BATCH)):
        considered += len(batch)
        with transaction.atomic():
            Notice.objects.bulk_create(batch, ignore_conflicts=True)
    return considered, Notice.objects.count() - before


def base_url() -> str:
    return (getattr(settings, "KOERS_BASE_URL", "") or "http://localhost:8000").rstrip("/")


def _email(notice: Notice) -> EmailMessage:
    body = "\n\n".join(
        [
            _("Beste %(name)s,") % {"name": notice.recipient.first_name},
            notice.why,
            base_url() + notice.link,
            _(
                "U krijgt dit bericht van Koers. In Koers onder 'Meldingen' kiest u of u "
                "meldingen ook per e-mail wilt krijgen."
            ),
        ]
    )
    return EmailMessage(
        subject=_("Koers: %(what)s") % {"what": notice.get_kind_display()},
        body=body,
        to=[notice.recipient.email],
    )


def _in_app_only(notice: Notice) -> bool:
    recipient = notice.recipient
    if not recipient.email:
        return True
    user = recipient.user
    preference = getattr(user, "notification_preference", None) if user else None
    return preference is not None and preference.channel == Channel.IN_APP


@dataclass
class Delivery:
    emailed: int = 0
    in_app: int = 0
    failed: int = 0
    connection: Any = None


def deliver(notices: Iterable[Notice], delivery: Delivery | None = None) -> Delivery:
    """Send each of these notices once. The run claims the rows it will send with one UPDATE
    (only rows still unclaimed and undelivered), then sends exactly the rows it claimed: two
    runs at the same time never send the same notice twice. A failed e-mail is released for
    the next run. A handful of queries per batch, not per notice."""
    delivery = delivery or Delivery()
    notices = list(notices)
    in_app = [n.pk for n in notices if _in_app_only(n)]
    by_mail = {n.pk: n for n in notices if n.pk not in set(in_app)}
    if in_app:
        delivery.in_app += Notice.objects.filter(pk__in=in_app, channel="", claim="").update(
            channel=Channel.IN_APP
        )
    if not by_mail:
        return delivery
    token = uuid.uuid4().hex
    Notice.objects.filter(pk__in=list(by_mail), channel="", claim="").update(
        claim=token, claimed_at=timezone.now()
    )
    mine = Notice.objects.filter(claim=token).values_list("pk", flat=True)
    sent: list[int] = []
    with translation.override(settings.LANGUAGE_CODE):
        for pk in mine:
            notice = by_mail[pk]
            try:
                delivery.connection = delivery.connection or get_connection()
                message = _email(notice)
                message.connection = delivery.connection
                message.send()
                sent.append(pk)
            except Exception as exc:  # any mail error: the next run retries
                logger.warning("notice %s not sent: %s", pk, exc)
                Notice.objects.filter(pk=pk).update(
                    claim="", claimed_at=None, send_error=str(exc)[:300]
                )
                delivery.failed += 1
    Notice.objects.filter(pk__in=sent).update(
        channel=Channel.EMAIL, sent_at=timezone.now(), claim="", send_error=""
    )
    delivery.emailed += len(sent)
    return delivery


def deliver_pending() -> Delivery:
    """Deliver every undelivered notice, a batch at a time (flat memory). A claim older than
    an hour (a run that died while sending) is released first."""
    Notice.objects.filter(
        channel="", claimed_at__lt=timezone.now() - datetime.timedelta(hours=1)
    ).update(claim="", claimed_at=None)
    delivery = Delivery()
    last_pk = 0
    while True:
        batch = list(
            reminders.pending()
            .filter(pk__gt=last_pk, claim="")
            .select_related("recipient__user__notification_preference")
            .order_by("pk")[:BATCH]
        )
        if not batch:
            return delivery
        deliver(batch, delivery)
        last_pk = batch[-1].pk


def run_reminders(now: object = None) -> RemindResult:
    """What ``koers remind`` does: compute what is due, queue it once, deliver it once.
    Safe to run every 15 minutes and twice at the same time."""
    considered, created = queue_due_notices(now)
    delivery = deliver_pending()
    return RemindResult(considered, created, delivery.emailed, delivery.in_app, delivery.failed)


@transaction.atomic
def mark_read(notice: Notice, actor: Actor) -> Notice:
    if notice.recipient_id != actor.employee_id:
        raise PermissionDenied
    if notice.read_at is None:
        notice.read_at = timezone.now()
        notice.save(update_fields=["read_at"])
    return notice


@transaction.atomic
def mark_all_read(actor: Actor) -> int:
    return Notice.objects.filter(recipient_id=actor.employee_id, read_at__isnull=True).update(
        read_at=timezone.now()
    )


@transaction.atomic
def set_channel(user: object, channel: str) -> NotificationPreference:
    """Each user chooses e-mail or in-app only."""
    if channel not in Channel.values:
        raise ValidationError(_("Kies hoe u meldingen wilt krijgen."), code="channel")
    preference, _created = NotificationPreference.objects.update_or_create(
        user=user, defaults={"channel": channel}
    )
    return preference


def may_set_interval(employee: Employee, actor: Actor) -> bool:
    """HR, or the employee's current manager (they agree it together, 002 step 4)."""
    if actor.organisation_id != employee.organisation_id or actor.employee is None:
        return False
    return actor.has_role(Role.HR) or is_current_manager(actor, employee)


@transaction.atomic
def set_interval(
    employee: Employee, actor: Actor, months: int | None
) -> ConversationInterval | None:
    """002 step 4: "Spreek met je medewerker af hoe vaak een ontwikkelgesprek plaatsvindt".
    ``None`` returns to the organisation's interval."""
    if not may_set_interval(employee, actor):
        raise PermissionDenied
    if months is None:
        ConversationInterval.objects.filter(employee=employee).delete()
        return None
    interval = ConversationInterval.objects.filter(employee=employee).first()
    interval = interval or ConversationInterval(employee=employee)
    interval.months = months
    interval.set_by_id = actor.employee_id
    interval.full_clean()
    interval.save()
    return interval
