"""Follow-up (001 "Uitvoeren en voortgang volgen", 002 step 4, 003 opvolging): progress notes,
the notice outbox with its in-app list, each user's choice of channel, and the conversation
interval per employee.

Who reads what (domain.md "Who sees what"): check-ins are written and read by the employee
and their current manager; HR sees figures, never the notes themselves. A notice is read by
its recipient only.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import TYPE_CHECKING, Any

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Exists, OuterRef, Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from koers.access.relations import FILE_READERS, OWN, OWN_OR_LED
from koers.conversations.models import OPEN_STATUSES, Conversation, Status, TalkRating
from koers.organisations.models import Employee, Organisation
from koers.plans.models import (
    NOT_STARTED_STATUSES,
    OPEN_ACTIVITY_STATUSES,
    Activity,
    ActivityStatus,
    DevelopmentPlan,
    DevelopmentPoint,
    Owner,
    activity_due,
    activity_end,
)
from koers.signing.models import Version, VersionStatus

if TYPE_CHECKING:
    from koers.access.actor import Actor


class CheckInKind(models.TextChoices):
    """001: "ervaringen met een cursus of andere activiteiten, de toepassing van het geleerde
    in de praktijk, veranderingen in wensen of behoeften"."""

    PROGRESS = "progress", _("hoe het gaat")
    EXPERIENCE = "experience", _("ervaring met de cursus of activiteit")
    APPLICATION = "application", _("toepassing in de praktijk")
    WISHES = "wishes", _("veranderde wensen of behoeften")
    COURSE_CHECK = "course_check", _("is de cursus echt begonnen?")


class CourseAnswer(models.TextChoices):
    YES = "yes", _("Ja, ik ben begonnen")
    NOT_YET = "not_yet", _("Nog niet")
    STOPPED = "stopped", _("Ik ben gestopt")


class CheckInQuerySet(models.QuerySet):
    def visible_to(self, actor: Actor) -> CheckInQuerySet:
        """The employee's own notes and those of the people in the teams a manager leads now.
        HR: none (figures only). Other organisations: never."""
        return self.filter(OWN_OR_LED.q(actor, "plan__employee", "plan__organisation"))


class CheckIn(models.Model):
    """A progress note (voortgang) on a development point or one of its activities."""

    plan = models.ForeignKey(DevelopmentPlan, on_delete=models.CASCADE, related_name="check_ins")
    point = models.ForeignKey(
        DevelopmentPoint,
        on_delete=models.CASCADE,
        related_name="check_ins",
        verbose_name=_("aandachtspunt"),
    )
    activity = models.ForeignKey(
        Activity,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="check_ins",
        verbose_name=_("activiteit"),
    )
    kind = models.CharField(
        _("waarover"), max_length=20, choices=CheckInKind.choices, default=CheckInKind.PROGRESS
    )
    course_answer = models.CharField(
        _("antwoord"), max_length=10, choices=CourseAnswer.choices, blank=True
    )
    text = models.TextField(_("notitie"), blank=True)
    author = models.ForeignKey(
        Employee, on_delete=models.SET_NULL, null=True, related_name="+", verbose_name=_("door")
    )
    created_at = models.DateTimeField(_("op"), auto_now_add=True)

    objects = CheckInQuerySet.as_manager()

    class Meta:
        verbose_name = _("voortgangsnotitie")
        verbose_name_plural = _("voortgangsnotities")
        ordering = ["-created_at", "-pk"]
        indexes = [models.Index(fields=["plan", "created_at"])]

    def __str__(self) -> str:
        return f"{self.get_kind_display()}: {self.text[:40]}"


class NoticeKind(models.TextChoices):
    INVITATION_UNANSWERED = "invitation_unanswered", _("uitnodiging nog niet bekeken")
    PREPARATION_NOT_SHARED = "preparation_not_shared", _("voorbereiding nog niet gedeeld")
    SIGNATURE_WAITING = "signature_waiting", _("wacht op uw handtekening")
    ACTIVITY_OVERDUE = "activity_overdue", _("activiteit over tijd")
    COURSE_NOT_STARTED = "course_not_started", _("cursus nog niet begonnen")
    COURSE_CHECK = "course_check", _("is de cursus echt begonnen?")
    COURSE_ANSWER = "course_answer", _("antwoord over de cursus")
    CONVERSATION_DUE = "conversation_due", _("volgend gesprek nodig")
    # Made on the event (``on_event``), not by the reminder run:
    CORRECTION_ASKED = "correction_asked", _("correctie gevraagd")
    SIGNED_COPY = "signed_copy", _("uw getekende kopie")
    POINT_ADDED = "point_added", _("nieuw aandachtspunt in uw POP")
    ACCOUNT_CHANGED = "account_changed", _("uw toegang tot Koers")
    RATING_ASKED = "rating_asked", _("wat vond u van het gesprek?")
    DATA_CORRECTION_ASKED = "data_correction_asked", _("een gegeven klopt niet")
    DATA_CORRECTION_ANSWERED = "data_correction_answered", _("antwoord op uw correctieverzoek")


class Channel(models.TextChoices):
    EMAIL = "email", _("e-mail en in Koers")
    IN_APP = "in_app", _("alleen in Koers")


class NoticeQuerySet(models.QuerySet):
    def visible_to(self, actor: Actor) -> NoticeQuerySet:
        """A notice is for its recipient alone."""
        return self.filter(OWN.q(actor, "recipient", "organisation"))

    def unread(self) -> NoticeQuerySet:
        return self.filter(read_at__isnull=True)

    def current(self) -> NoticeQuerySet:
        """The notices whose reason still holds (``still_holds``): what the list, the
        counter and the outbox show or send. A stale one stays stored, unseen."""
        return self.filter(still_holds())


def still_holds(kinds: Iterable[str] | None = None) -> Q:
    """When a notice's reason still holds, per kind, in one place, as one filter (a few
    EXISTS, no query per notice). With ``kinds``, only for notices of those kinds: building
    and compiling every kind's subqueries cost ~20 ms a call, on every page's counter.

    - signature_waiting: its version still waits for the party it told (the employee: still
      offered, not withdrawn to concept and not signed; the manager: the employee signed and
      the manager has not yet), as offered on the notice's day;
    - correction_asked: the next version (the workflow starts it as a draft) has not been
      offered for signing yet;
    - point_added: the point is still in the plan;
    - invitation_unanswered: the talk is still planned (not cancelled, and the employee has
      not begun preparing);
    - preparation_not_shared: the talk is still open and the preparation still not shared;
    - rating_asked: the talk may still be rated (held, report not signed) and the employee
      has not answered yet (a mark typed by the manager in an old talk is no answer);
    - course_not_started: the activity is still only planned or registered, from the same
      start date (a start moved later is a new reason);
    - activity_overdue: an employer commitment still only planned since the date it was late
      on, or the activity still open past the end it was late on (a date moved later, or the
      activity done, ends it);
    - course_check: the course is still marked started and the employee has not answered
      since the notice;
    - conversation_due: the employee is in service and no talk has been planned for them
      since the notice (one that is cancelled does not count);
    - every other kind (course_answer, signed_copy, account_changed): it holds, its reason
      is a moment.
    """
    wanted = set(CHECKS) if kinds is None else set(kinds)
    # A row from before migration 0002 has no params (it does not say for whom, or from
    # which date): it keeps showing the sentence it was written with.
    holds = Q(params__isnull=True) | ~Q(kind__in=list(CHECKS))
    for kind, condition in CHECKS.items():
        if kind in wanted:
            holds |= Q(kind=kind) & condition()
    return holds


def _signature_waits() -> Q:
    # Offered again after going back to concept (a later day): the new offer's notice, not
    # the old one (its key is the day the version was frozen, as the reminder rule's).
    offered = Version.objects.filter(pk=OuterRef("subject_id"), frozen_at__date=OuterRef("due_on"))
    to_employee = Exists(offered.filter(status=VersionStatus.TO_SIGN))
    to_manager = Exists(offered.filter(status=VersionStatus.EMPLOYEE_SIGNED))
    return Q(params__waits_for="employee") & to_employee | (
        Q(params__waits_for="manager") & to_manager
    )


def _correction_open() -> Q:
    next_version = Version.objects.filter(
        subject_type=OuterRef("subject_type"),
        subject_id=OuterRef("subject_id"),
        number__gt=OuterRef("number"),
        frozen_at__isnull=False,
    )
    correction = Version.objects.filter(pk=OuterRef("subject_id"), status=VersionStatus.CORRECTION)
    return Q(Exists(correction.filter(~Exists(next_version))))


def _point_there() -> Q:
    return Q(Exists(DevelopmentPoint.objects.filter(pk=OuterRef("subject_id"))))


def _talk(**lookups: Any) -> QuerySet:
    return Conversation.objects.filter(pk=OuterRef("subject_id"), **lookups)


def _not_rated_yet() -> Q:
    talk = _talk(status__in=[Status.HELD, Status.REPORTED])
    return Q(Exists(talk.exclude(rating__given_by=TalkRating.GivenBy.EMPLOYEE)))


def _activity(*conditions: Q, **lookups: Any) -> Exists:
    activity = Activity.objects.filter(pk=OuterRef("subject_id")).annotate(
        due=activity_due(), end=activity_end()
    )
    return Exists(activity.filter(*conditions, **lookups))


def _still_late() -> Q:
    return Q(
        _activity(
            Q(owner=Owner.EMPLOYER, status=ActivityStatus.PLANNED, due=OuterRef("due_on"))
            | Q(status__in=OPEN_ACTIVITY_STATUSES, end=OuterRef("due_on"))
        )
    )


def _check_open() -> Q:
    answered = CheckIn.objects.filter(
        activity_id=OuterRef("subject_id"),
        kind=CheckInKind.COURSE_CHECK,
        created_at__gte=OuterRef("created_at"),
    )
    return Q(_activity(status=ActivityStatus.STARTED)) & ~Exists(answered)


def _talk_still_due() -> Q:
    planned_since = (
        Conversation.objects.filter(employee_id=OuterRef("subject_id"))
        .exclude(status=Status.CANCELLED)
        .filter(created_at__gt=OuterRef("created_at"))
    )
    in_service = Employee.objects.filter(pk=OuterRef("subject_id")).in_service(timezone.localdate())
    return Q(Exists(in_service)) & ~Exists(planned_since)


# Each checked kind's condition, built when asked for (``still_holds``).
CHECKS: dict[str, Callable[[], Q]] = {
    NoticeKind.SIGNATURE_WAITING: _signature_waits,
    NoticeKind.CORRECTION_ASKED: _correction_open,
    NoticeKind.POINT_ADDED: _point_there,
    NoticeKind.RATING_ASKED: _not_rated_yet,
    NoticeKind.INVITATION_UNANSWERED: lambda: Q(Exists(_talk(status=Status.PLANNED))),
    NoticeKind.PREPARATION_NOT_SHARED: lambda: Q(
        Exists(_talk(status__in=OPEN_STATUSES, employee_shared_at__isnull=True))
    ),
    NoticeKind.COURSE_NOT_STARTED: lambda: Q(
        _activity(status__in=NOT_STARTED_STATUSES, period_from=OuterRef("due_on"))
    ),
    NoticeKind.ACTIVITY_OVERDUE: _still_late,
    NoticeKind.COURSE_CHECK: _check_open,
    NoticeKind.CONVERSATION_DUE: _talk_still_due,
}


class Notice(models.Model):
    """One notice in the outbox: to whom, what kind, about which subject, when sent.

    A notice stores no sentence. ``kind`` and ``params`` (codes, numbers, ISO dates, ids:
    never a name, a description or anything someone typed) are rendered to text when the
    notice is read or mailed (``notice_texts``), in the reader's language. Rows made before
    migration 0002 have no params (NULL) and keep the sentence they were written with in
    ``legacy_why``; a row with params never has one (the check constraint).

    ``(recipient, kind, subject_type, subject_id, due_on)`` is unique: however often and
    however concurrently ``koers remind`` runs, the same reason for the same thing on the
    same due date makes one row, and a row is sent once (a run claims it before sending)."""

    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="+")
    recipient = models.ForeignKey(Employee, on_delete=models.CASCADE, related_name="notices")
    kind = models.CharField(_("soort"), max_length=30, choices=NoticeKind.choices)
    # What the notice is about, e.g. ("activity", 12); the link opens it.
    subject_type = models.CharField(max_length=20)
    subject_id = models.PositiveBigIntegerField()
    due_on = models.DateField(_("datum waarop het nodig was"))
    params = models.JSONField(_("gegevens"), default=dict, blank=True, null=True)
    # Only on rows made before migration 0002 (params NULL): the sentence as written then.
    legacy_why = models.TextField(_("oude tekst"), blank=True, editable=False)
    link = models.CharField(_("link"), max_length=300)
    created_at = models.DateTimeField(_("aangemaakt"), auto_now_add=True)
    channel = models.CharField(_("kanaal"), max_length=10, choices=Channel.choices, blank=True)
    sent_at = models.DateTimeField(_("verstuurd"), null=True, blank=True)
    send_error = models.CharField(max_length=300, blank=True)
    # A run that is delivering this notice (see outbox.deliver); released when it fails.
    claim = models.CharField(max_length=32, blank=True)
    claimed_at = models.DateTimeField(null=True, blank=True)
    read_at = models.DateTimeField(_("gelezen"), null=True, blank=True)

    objects = NoticeQuerySet.as_manager()

    class Meta:
        verbose_name = _("melding")
        verbose_name_plural = _("meldingen")
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["recipient", "kind", "subject_type", "subject_id", "due_on"],
                name="one_notice_per_reason",
            ),
            models.CheckConstraint(
                condition=Q(params__isnull=True) | Q(legacy_why=""),
                name="notice_text_is_rendered",
            ),
        ]
        indexes = [
            models.Index(fields=["kind", "subject_type", "subject_id"]),
            models.Index(fields=["recipient", "read_at"]),
            models.Index(fields=["sent_at", "channel"]),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} → {self.recipient_id}"


class NotificationPreferenceQuerySet(models.QuerySet):
    def visible_to(self, actor: Actor) -> NotificationPreferenceQuerySet:
        if actor.user_id is None:
            return self.none()
        return self.filter(user_id=actor.user_id)


class NotificationPreference(models.Model):
    """Each user chooses: notices by e-mail (and in Koers), or only in Koers."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notification_preference"
    )
    channel = models.CharField(
        _("meldingen ontvangen"), max_length=10, choices=Channel.choices, default=Channel.EMAIL
    )

    objects = NotificationPreferenceQuerySet.as_manager()

    class Meta:
        verbose_name = _("voorkeur voor meldingen")
        verbose_name_plural = _("voorkeuren voor meldingen")

    def __str__(self) -> str:
        return self.get_channel_display()


class IntervalQuerySet(models.QuerySet):
    def visible_to(self, actor: Actor) -> IntervalQuerySet:
        return self.filter(FILE_READERS.q(actor))


class ConversationInterval(models.Model):
    """002 step 4: "Spreek met je medewerker af hoe vaak een ontwikkelgesprek plaatsvindt" —
    the agreed interval for one employee, instead of the organisation's."""

    employee = models.OneToOneField(
        Employee, on_delete=models.CASCADE, related_name="conversation_interval"
    )
    months = models.PositiveSmallIntegerField(
        _("gesprek elke (maanden)"), validators=[MinValueValidator(1), MaxValueValidator(36)]
    )
    set_by = models.ForeignKey(
        Employee, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    updated_at = models.DateTimeField(auto_now=True)

    objects = IntervalQuerySet.as_manager()

    class Meta:
        verbose_name = _("afgesproken gesprekstermijn")
        verbose_name_plural = _("afgesproken gesprekstermijnen")

    def __str__(self) -> str:
        return f"{self.employee_id}: {self.months}"
