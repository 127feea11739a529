"""What is due: the notices ``koers remind`` should send now, computed set-based.

Each ``due_*`` function is a generator of unsaved ``Notice`` rows. It reads its candidates
in chunks (``.iterator()``), skips what already has a notice (``~Exists``), and never holds
more than a chunk in memory; ``services.run_reminders`` inserts them with insert-ignore on
the unique reason key, so a second run, or a run at the same time, adds nothing.
"""

from __future__ import annotations

import datetime
from collections import defaultdict
from collections.abc import Callable, Iterator
from typing import Any

from django.db.models import Case, DateField, Exists, F, OuterRef, Q, QuerySet, When
from django.db.models.functions import Cast, Coalesce, TruncDate
from django.urls import NoReverseMatch, reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from koers.conversations.models import OPEN_STATUSES, Conversation, Status
from koers.conversations.queries import months_before
from koers.followup import rules
from koers.followup.models import CheckIn, CheckInKind, Notice, NoticeKind
from koers.organisations.models import Employee, Team
from koers.plans.models import ActivityKind, ActivityStatus, Owner
from koers.signing.models import Version, VersionStatus

CHUNK = 2000


def team_managers() -> dict[int, list[int]]:
    """team id → ids of its managers; one query, bounded by the number of teams."""
    managers: dict[int, list[int]] = defaultdict(list)
    for team_id, employee_id in Team.managers.through.objects.values_list(
        "team_id", "employee_id"
    ).iterator(chunk_size=CHUNK):
        managers[team_id].append(employee_id)
    return managers


def _exists(kind: str, subject_type: str, due: Any, recipient: Any = None) -> Exists:
    notices = Notice.objects.filter(
        kind=kind, subject_type=subject_type, subject_id=OuterRef("pk"), due_on=due
    )
    if recipient is not None:
        notices = notices.filter(recipient_id=recipient)
    return Exists(notices)


def _day(value: datetime.date) -> str:
    return date_format(value, "j F Y")


def _notice(
    *,
    organisation_id: int,
    recipient_id: int,
    kind: str,
    subject: tuple[str, int],
    due_on: datetime.date,
    why: str,
    link: str,
) -> Notice:
    return Notice(
        organisation_id=organisation_id,
        recipient_id=recipient_id,
        kind=kind,
        subject_type=subject[0],
        subject_id=subject[1],
        due_on=due_on,
        why=why,
        link=link,
    )


def _in_service(today: datetime.date, prefix: str = "") -> Q:
    return Q(**{f"{prefix}left_service_on__isnull": True}) | Q(
        **{f"{prefix}left_service_on__gt": today}
    )


# --- conversations ----------------------------------------------------------------------------


def due_invitation_unanswered(now: datetime.datetime, **_context: Any) -> Iterator[Notice]:
    """001 step 1–2: invited, but not begun preparing a week later (the conversation is still
    'gepland': no answer, agenda point or share yet). Employees without a login prepare
    together with their manager, so they are left out."""
    invited_before = now - datetime.timedelta(days=rules.INVITATION_ANSWER_DAYS)
    due = TruncDate("created_at")
    rows = (
        Conversation.objects.filter(
            status=Status.PLANNED,
            starts_at__gt=now,
            created_at__lte=invited_before,
            employee__user__isnull=False,
        )
        .filter(_in_service(now.date(), "employee__"))
        .annotate(invited_on=due)
        .filter(~_exists(NoticeKind.INVITATION_UNANSWERED, "conversation", OuterRef("invited_on")))
        .values("pk", "organisation_id", "employee_id", "starts_at", "invited_on")
    )
    for row in rows.iterator(chunk_size=CHUNK):
        yield _notice(
            organisation_id=row["organisation_id"],
            recipient_id=row["employee_id"],
            kind=NoticeKind.INVITATION_UNANSWERED,
            subject=("conversation", row["pk"]),
            due_on=row["invited_on"],
            why=_(
                "U bent uitgenodigd voor een ontwikkelgesprek op %(day)s. Bereid het gesprek "
                "voor: dan weet uw leidinggevende wat u belangrijk vindt."
            )
            % {"day": _day(timezone.localtime(row["starts_at"]).date())},
            link=reverse("conversation-prepare", args=[row["pk"]]),
        )


def due_preparation_not_shared(now: datetime.datetime, **_context: Any) -> Iterator[Notice]:
    """001 step 2: the employee decides when the answers go to the manager; two days before
    the talk they are reminded once (per date of the talk)."""
    rows = (
        Conversation.objects.filter(
            status__in=OPEN_STATUSES,
            employee_shared_at__isnull=True,
            starts_at__gt=now,
            starts_at__lte=now + rules.SHARE_BEFORE,
            employee__user__isnull=False,
        )
        .filter(_in_service(now.date(), "employee__"))
        .annotate(talk_on=TruncDate("starts_at"))
        .filter(~_exists(NoticeKind.PREPARATION_NOT_SHARED, "conversation", OuterRef("talk_on")))
        .values("pk", "organisation_id", "employee_id", "starts_at", "talk_on")
    )
    for row in rows.iterator(chunk_size=CHUNK):
        yield _notice(
            organisation_id=row["organisation_id"],
            recipient_id=row["employee_id"],
            kind=NoticeKind.PREPARATION_NOT_SHARED,
            subject=("conversation", row["pk"]),
            due_on=row["talk_on"],
            why=_(
                "Uw gesprek is op %(day)s. U heeft uw voorbereiding nog niet gedeeld met uw "
                "leidinggevende. U bepaalt zelf of en wanneer u dat doet."
            )
            % {"day": _day(timezone.localtime(row["starts_at"]).date())},
            link=reverse("conversation-prepare", args=[row["pk"]]),
        )


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
        .filter(_in_service(now.date(), "employee__"))
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
            why = _("Er ligt een document klaar dat u moet lezen en tekenen.")
        else:
            recipients = managers.get(row["employee__team_id"], [])
            why = _("De medewerker heeft getekend; het document wacht op uw handtekening.")
        link = _signature_link(row)
        for recipient in recipients:
            yield _notice(
                organisation_id=row["organisation_id"],
                recipient_id=recipient,
                kind=NoticeKind.SIGNATURE_WAITING,
                subject=("version", row["pk"]),
                due_on=row["frozen_on"],
                why=why,
                link=link,
            )


# --- activities ------------------------------------------------------------------------------

ACTIVITY_VALUES = (
    "pk",
    "description",
    "kind",
    "owner",
    "status",
    "due",
    "end",
    "period_from",
    "point__plan_id",
    "point__plan__organisation_id",
    "point__plan__employee_id",
    "point__plan__employee__team_id",
    "point__plan__employee__first_name",
    "point__plan__employee__name_prefix",
    "point__plan__employee__last_name",
    "point__plan__employee__user_id",
    "point__plan__employee__email",
)


def _name(row: dict[str, Any]) -> str:
    parts = (
        row["point__plan__employee__first_name"],
        row["point__plan__employee__name_prefix"],
        row["point__plan__employee__last_name"],
    )
    return " ".join(p for p in parts if p)


def _can_tell_employee(row: dict[str, Any]) -> bool:
    """Someone we can reach: a login (in-app) or an e-mail address. Without either, the
    manager is the one who follows up."""
    return bool(row["point__plan__employee__user_id"] or row["point__plan__employee__email"])


def _to_both(row: dict[str, Any], managers: dict[int, list[int]]) -> list[tuple[int, bool]]:
    """(recipient, is the employee) for the employee (when reachable) and each current
    manager."""
    employee = row["point__plan__employee_id"]
    mine = [(employee, True)] if _can_tell_employee(row) else []
    return mine + [
        (m, False) for m in managers.get(row["point__plan__employee__team_id"], []) if m != employee
    ]


def due_courses_not_started(
    today: datetime.date, managers: dict[int, list[int]], **_context: Any
) -> Iterator[Notice]:
    """001: "goed in de gaten houden dat cursussen daadwerkelijk beginnen" — the desired start
    has passed and the activity is not marked started: flagged to manager and employee."""
    rows = (
        rules.live_activities(today)
        .filter(rules.not_started(today))
        .filter(~_exists(NoticeKind.COURSE_NOT_STARTED, "activity", OuterRef("period_from")))
        .values(*ACTIVITY_VALUES)
    )
    for row in rows.iterator(chunk_size=CHUNK):
        registered = row["status"] == ActivityStatus.REGISTERED
        for recipient, is_employee in _to_both(row, managers):
            if is_employee:
                why = _(
                    "%(what)s zou op %(day)s beginnen, maar is nog niet als begonnen gemeld. "
                    "Is het begonnen? Laat het uw leidinggevende weten."
                )
            elif registered or row["kind"] != ActivityKind.COURSE:
                why = _(
                    "%(what)s van %(name)s zou op %(day)s beginnen, maar is nog niet als "
                    "begonnen gemeld. Kijk of het echt begonnen is."
                )
            else:
                why = _(
                    "%(what)s van %(name)s zou op %(day)s beginnen, maar %(name)s is nog niet "
                    "eens aangemeld."
                )
            yield _notice(
                organisation_id=row["point__plan__organisation_id"],
                recipient_id=recipient,
                kind=NoticeKind.COURSE_NOT_STARTED,
                subject=("activity", row["pk"]),
                due_on=row["period_from"],
                why=why
                % {
                    "what": row["description"],
                    "name": _name(row),
                    "day": _day(row["period_from"]),
                },
                link=reverse("plan-progress", args=[row["point__plan_id"]]),
            )


def due_activities_over_time(
    today: datetime.date, managers: dict[int, list[int]], **_context: Any
) -> Iterator[Notice]:
    """001: the employer keeps its commitments first. An employer commitment still only
    planned after its due date goes to the manager; an activity past its end that is not
    completed goes to whoever owns it (the employee, or the manager for the employer)."""
    rows = (
        rules.live_activities(today)
        .filter(rules.employer_overdue(today) | rules.over_time(today))
        .annotate(
            # An open employer commitment is late from its due date; anything else from its
            # end. Each date is its own reason, so the end can make a second, later notice.
            overdue_on=Case(
                When(
                    owner=Owner.EMPLOYER,
                    status=ActivityStatus.PLANNED,
                    due__lt=today,
                    then=F("due"),
                ),
                default=F("end"),
                output_field=DateField(),
            )
        )
        .filter(~_exists(NoticeKind.ACTIVITY_OVERDUE, "activity", OuterRef("overdue_on")))
        .values(*ACTIVITY_VALUES, "overdue_on")
    )
    for row in rows.iterator(chunk_size=CHUNK):
        employer = row["owner"] == Owner.EMPLOYER
        due_on = row["overdue_on"]
        if employer:
            recipients = managers.get(row["point__plan__employee__team_id"], [])
            why = _(
                "Toezegging van de werkgever voor %(name)s: %(what)s had op %(day)s geregeld "
                "moeten zijn. Afspraken uit het POP komen eerst vanuit de leiding."
            )
        elif _can_tell_employee(row):
            recipients = [row["point__plan__employee_id"]]
            why = _("%(what)s had op %(day)s klaar moeten zijn. Hoe staat het ermee?")
        else:
            recipients = managers.get(row["point__plan__employee__team_id"], [])
            why = _("%(what)s had op %(day)s klaar moeten zijn. Hoe staat het ermee?")
        for recipient in recipients:
            yield _notice(
                organisation_id=row["point__plan__organisation_id"],
                recipient_id=recipient,
                kind=NoticeKind.ACTIVITY_OVERDUE,
                subject=("activity", row["pk"]),
                due_on=due_on,
                why=why % {"what": row["description"], "name": _name(row), "day": _day(due_on)},
                link=reverse("plan-progress", args=[row["point__plan_id"]]),
            )


def due_course_checks(
    now: datetime.datetime, today: datetime.date, **_context: Any
) -> Iterator[Notice]:
    """001: a course marked started: a week later the employee is asked "Is de cursus echt
    begonnen? Hoe gaat het?" — once, and not when they already answered."""
    answered = CheckIn.objects.filter(
        activity=OuterRef("pk"),
        kind=CheckInKind.COURSE_CHECK,
        created_at__gte=OuterRef("status_changed_at"),
    )
    rows = (
        rules.live_activities(today)
        .filter(
            kind=ActivityKind.COURSE,
            status=ActivityStatus.STARTED,
            status_changed_at__lte=now - rules.COURSE_CHECK_AFTER,
            point__plan__employee__user__isnull=False,
        )
        .filter(~Exists(answered))
        .annotate(started_on=Cast(TruncDate("status_changed_at"), DateField()))
        .filter(~_exists(NoticeKind.COURSE_CHECK, "activity", OuterRef("started_on")))
        .values(*ACTIVITY_VALUES, "started_on")
    )
    for row in rows.iterator(chunk_size=CHUNK):
        yield _notice(
            organisation_id=row["point__plan__organisation_id"],
            recipient_id=row["point__plan__employee_id"],
            kind=NoticeKind.COURSE_CHECK,
            subject=("activity", row["pk"]),
            due_on=row["started_on"],
            why=_("Is de cursus echt begonnen? Hoe gaat het? (%(what)s)")
            % {"what": row["description"]},
            link=reverse("course-check", args=[row["pk"]]),
        )


# --- the next conversation -------------------------------------------------------------------


def due_conversations(
    now: datetime.datetime, today: datetime.date, managers: dict[int, list[int]], **_context: Any
) -> Iterator[Notice]:
    """002 step 4: the next talk is due after the agreed interval (per organisation, or
    agreed per employee). The manager is told once per cycle: not again until a new talk
    has taken place. Nobody is told while a talk is planned."""
    people = (
        Employee.objects.filter(_in_service(today), team__isnull=False)
        .annotate(months=rules.interval_months(), last=rules.last_talk())
        .annotate(
            planned=Exists(
                Conversation.objects.filter(
                    employee=OuterRef("pk"), status__in=OPEN_STATUSES, starts_at__gt=now
                )
            )
        )
        .filter(planned=False)
    )
    told = Notice.objects.filter(
        kind=NoticeKind.CONVERSATION_DUE,
        subject_type="employee",
        subject_id=OuterRef("pk"),
        created_at__gt=Coalesce(
            OuterRef("last"), datetime.datetime(1970, 1, 1, tzinfo=datetime.UTC)
        ),
    )
    for months in sorted(set(people.values_list("months", flat=True).order_by().distinct())):
        since = months_before(today, months)
        since_at = timezone.make_aware(datetime.datetime.combine(since, datetime.time.min))
        rows = (
            people.filter(months=months)
            .filter(
                Q(last__lt=since_at)
                | Q(last__isnull=True, in_service_since__lte=since)
                | Q(last__isnull=True, in_service_since__isnull=True)
            )
            .filter(~Exists(told))
            .values(
                "pk",
                "organisation_id",
                "team_id",
                "first_name",
                "name_prefix",
                "last_name",
                "last",
                "in_service_since",
                "created_at",
            )
        )
        for row in rows.iterator(chunk_size=CHUNK):
            due_on = (
                rules.next_talk_due(row["last"], row["in_service_since"], months)
                or timezone.localtime(row["created_at"]).date()
            )
            parts = (row["first_name"], row["name_prefix"], row["last_name"])
            name = " ".join(p for p in parts if p)
            if row["last"]:
                why = _(
                    "Het volgende ontwikkelgesprek met %(name)s is nodig: het vorige was op "
                    "%(last)s en jullie spraken af om de %(months)s maanden te praten."
                ) % {
                    "name": name,
                    "last": _day(timezone.localtime(row["last"]).date()),
                    "months": months,
                }
            else:
                why = _(
                    "%(name)s heeft nog geen ontwikkelgesprek gehad. Plan het gesprek minstens "
                    "twee weken vooruit."
                ) % {"name": name}
            link = reverse("conversation-plan") + f"?employee={row['pk']}"
            for recipient in managers.get(row["team_id"], []):
                if recipient == row["pk"]:
                    continue
                yield _notice(
                    organisation_id=row["organisation_id"],
                    recipient_id=recipient,
                    kind=NoticeKind.CONVERSATION_DUE,
                    subject=("employee", row["pk"]),
                    due_on=due_on,
                    why=why,
                    link=link,
                )


DUE: tuple[Callable[..., Iterator[Notice]], ...] = (
    due_invitation_unanswered,
    due_preparation_not_shared,
    due_signatures,
    due_courses_not_started,
    due_course_checks,
    due_activities_over_time,
    due_conversations,
)


def due_notices(now: datetime.datetime | None = None) -> Iterator[Notice]:
    """Every notice that is due now and not yet in the outbox, one chunk at a time."""
    now = now or timezone.now()
    context = {"now": now, "today": timezone.localdate(now), "managers": team_managers()}
    for due in DUE:
        yield from due(**context)


def pending(queryset: QuerySet[Notice] | None = None) -> QuerySet[Notice]:
    """Notices not yet delivered (no channel chosen yet)."""
    return (queryset or Notice.objects.all()).filter(channel="")
