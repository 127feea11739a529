"""Conversation types, versioned templates, conversations, invitations and preparation.

A conversation points at one frozen template version: its phases and questions never change
once a conversation uses them, so a conversation held last year still reads as it was held.
HR edits a template by making a new version (``actions.templates.copy_template``).
"""

from __future__ import annotations

import datetime
import uuid
from typing import TYPE_CHECKING

from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from koers.access.relations import FILE_READERS, LED_NOW, OWN, in_organisation
from koers.lib.concurrency import Revisioned
from koers.organisations.models import Employee, Organisation, Role
from koers.signing.models import Version, VersionStatus

if TYPE_CHECKING:
    from koers.access.actor import Actor

# 004: "Plan tijdig – minstens twee weken van tevoren".
MIN_NOTICE = datetime.timedelta(days=14)


class ConversationKind(models.TextChoices):
    DEVELOPMENT = "ontwikkelgesprek", _("ontwikkelgesprek")
    CAREER = "loopbaangesprek", _("loopbaangesprek")
    POP = "pop", _("POP-gesprek")
    IOP = "iop", _("IOP-gesprek")


class ConversationType(Revisioned):
    """A kind of talk as an organisation names and describes it (soort gesprek)."""

    organisation = models.ForeignKey(
        Organisation, on_delete=models.CASCADE, related_name="conversation_types"
    )
    kind = models.CharField(_("soort"), max_length=30, choices=ConversationKind.choices)
    name = models.CharField(_("naam"), max_length=100)
    description = models.TextField(_("omschrijving"), blank=True)
    position = models.PositiveSmallIntegerField(default=0)
    is_active = models.BooleanField(_("in gebruik"), default=True)

    class Meta:
        verbose_name = _("soort gesprek")
        verbose_name_plural = _("soorten gesprek")
        ordering = ["position", "name"]
        constraints = [
            models.UniqueConstraint(
                fields=["organisation", "kind"], name="conversation_kind_unique_in_organisation"
            )
        ]

    def __str__(self) -> str:
        return self.name


class TemplateQuerySet(models.QuerySet):
    def visible_to(self, actor: Actor) -> TemplateQuerySet:
        return self.filter(in_organisation(actor, "conversation_type__organisation"))

    def current(self) -> TemplateQuerySet:
        """The newest version of each conversation type."""
        newer = ConversationTemplate.objects.filter(
            conversation_type=models.OuterRef("conversation_type"),
            version__gt=models.OuterRef("version"),
        )
        return self.filter(~models.Exists(newer))


class ConversationTemplate(models.Model):
    """One frozen version of a type's phases and question lists (sjabloon)."""

    conversation_type = models.ForeignKey(
        ConversationType, on_delete=models.CASCADE, related_name="templates"
    )
    version = models.PositiveIntegerField(_("versie"))
    based_on = models.ForeignKey(
        "self", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    note = models.CharField(_("wat is er veranderd"), max_length=200, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    objects = TemplateQuerySet.as_manager()

    class Meta:
        verbose_name = _("sjabloon")
        verbose_name_plural = _("sjablonen")
        ordering = ["conversation_type", "-version"]
        constraints = [
            models.UniqueConstraint(
                fields=["conversation_type", "version"], name="template_version_unique"
            )
        ]

    def __str__(self) -> str:
        return f"{self.conversation_type.name} v{self.version}"


class TemplatePhase(models.Model):
    class Key(models.TextChoices):
        OPENING = "opening", _("Opening")
        EVALUATION = "evaluation", _("Evaluatie")
        INFORMATION = "information", _("Informatie uitwisselen")
        PLANNING = "planning", _("Plannen")
        CLOSING = "closing", _("Afsluiting")

    template = models.ForeignKey(
        ConversationTemplate, on_delete=models.CASCADE, related_name="phases"
    )
    key = models.CharField(max_length=20, choices=Key.choices)
    title = models.CharField(_("titel"), max_length=100)
    guidance = models.TextField(_("aanwijzingen"), blank=True)
    position = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["template", "position"]
        constraints = [
            models.UniqueConstraint(fields=["template", "key"], name="phase_key_unique_in_template")
        ]

    def __str__(self) -> str:
        return self.title


class Audience(models.TextChoices):
    """Whose list a question is on."""

    EMPLOYEE = "employee", _("voorbereiding medewerker")
    MANAGER = "manager", _("voorbereiding leidinggevende")
    STRENGTHS = "strengths", _("sterke punten")
    INFORMATION = "information", _("voorbeeldvragen informatie uitwisselen")


class TemplateQuestion(models.Model):
    template = models.ForeignKey(
        ConversationTemplate, on_delete=models.CASCADE, related_name="questions"
    )
    audience = models.CharField(_("lijst"), max_length=20, choices=Audience.choices)
    text = models.CharField(_("vraag"), max_length=300)
    help_text = models.TextField(_("toelichting"), blank=True)
    position = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["template", "audience", "position", "pk"]

    def __str__(self) -> str:
        return self.text


class Status(models.TextChoices):
    PLANNED = "planned", _("gepland")
    PREPARING = "preparing", _("in voorbereiding")
    HELD = "held", _("gehouden")
    REPORTED = "reported", _("verslag gemaakt")
    SIGNED = "signed", _("getekend")
    CANCELLED = "cancelled", _("afgezegd")


OPEN_STATUSES = (Status.PLANNED, Status.PREPARING)
HELD_STATUSES = (Status.HELD, Status.REPORTED, Status.SIGNED)


class ConversationQuerySet(models.QuerySet):
    def visible_to(self, actor: Actor) -> ConversationQuerySet:
        """Employee: their own talks. Manager: talks of the people in the teams they lead now
        (a team change moves the talks to the new manager). HR: the whole organisation.
        Org admin: only as an employee. Other organisations: never."""
        return self.filter(FILE_READERS.q(actor, organisation="organisation"))

    def led_by(self, actor: Actor) -> ConversationQuerySet:
        """Talks this actor conducts as the employee's current manager."""
        return self.filter(LED_NOW.q(actor, organisation="organisation"))

    def open(self) -> ConversationQuerySet:
        return self.filter(status__in=OPEN_STATUSES)

    def held(self) -> ConversationQuerySet:
        """Talks that took place (and may have a report, signed or not)."""
        return self.filter(status__in=HELD_STATUSES)


class TrajectoryQuerySet(models.QuerySet):
    def visible_to(self, actor: Actor) -> TrajectoryQuerySet:
        """As the talks: the employee, their current manager, HR of the organisation."""
        return self.filter(FILE_READERS.q(actor, organisation="organisation"))


class Trajectory(Revisioned):
    """004: "soms beslaat een loopbaangesprek een traject van een gesprek of vier". A series
    of 2–4 talks on one theme with one employee; its summary goes on the POP."""

    MIN_TALKS, MAX_TALKS = 2, 4

    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="+")
    employee = models.ForeignKey(
        Employee,
        on_delete=models.PROTECT,
        related_name="trajectories",
        verbose_name=_("medewerker"),
    )
    theme = models.CharField(_("thema"), max_length=200)
    talk_count = models.PositiveSmallIntegerField(_("aantal gesprekken"))
    summary = models.TextField(_("samenvatting van het traject"), blank=True)
    created_by = models.ForeignKey(
        Employee, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = TrajectoryQuerySet.as_manager()

    class Meta:
        verbose_name = _("traject")
        verbose_name_plural = _("trajecten")
        ordering = ["created_at", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(talk_count__gte=2, talk_count__lte=4),
                name="trajectory_two_to_four_talks",
            )
        ]

    def __str__(self) -> str:
        return self.theme


class Conversation(models.Model):
    """One meeting in the cycle between an employee and their manager (gesprek).

    The guided talk's notes (TalkNotes, PointReview) and the report (Report, signed through
    koers.signing) hang off this row; its agreements are the points of the POP linked to it
    (DevelopmentPlan.conversation).
    """

    organisation = models.ForeignKey(
        Organisation, on_delete=models.CASCADE, related_name="conversations"
    )
    employee = models.ForeignKey(
        Employee,
        on_delete=models.PROTECT,
        related_name="conversations",
        verbose_name=_("medewerker"),
    )
    manager = models.ForeignKey(
        Employee,
        on_delete=models.PROTECT,
        related_name="led_conversations",
        verbose_name=_("leidinggevende"),
    )
    conversation_type = models.ForeignKey(
        ConversationType, on_delete=models.PROTECT, verbose_name=_("soort gesprek")
    )
    template = models.ForeignKey(
        ConversationTemplate, on_delete=models.PROTECT, verbose_name=_("sjabloon")
    )
    starts_at = models.DateTimeField(_("begint om"))
    duration_minutes = models.PositiveSmallIntegerField(_("duur (minuten)"), default=60)
    place = models.CharField(_("plaats"), max_length=200)
    status = models.CharField(
        _("status"), max_length=20, choices=Status.choices, default=Status.PLANNED
    )
    # Stable calendar identity: every update and the cancellation reuse this UID.
    uid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    sequence = models.PositiveIntegerField(_("volgnummer uitnodiging"), default=0)
    short_notice_confirmed = models.BooleanField(
        _("minder dan twee weken vooruit, bevestigd"), default=False
    )
    cancelled_at = models.DateTimeField(null=True, blank=True)
    cancel_reason = models.CharField(_("reden"), max_length=300, blank=True)
    employee_shared_at = models.DateTimeField(_("voorbereiding gedeeld op"), null=True, blank=True)
    # 001 step 2 for an employee without a login: the manager fills the list with them.
    prepared_together_by = models.ForeignKey(
        Employee,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("samen voorbereid met"),
    )
    created_by = models.ForeignKey(
        Employee, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    # 004: one talk of a series on one theme ("gesprek 2 van 4"); None for a single talk.
    trajectory = models.ForeignKey(
        Trajectory,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="talks",
        verbose_name=_("traject"),
    )

    objects = ConversationQuerySet.as_manager()

    class Meta:
        verbose_name = _("gesprek")
        verbose_name_plural = _("gesprekken")
        ordering = ["starts_at", "pk"]
        indexes = [
            models.Index(fields=["organisation", "status", "starts_at"]),
            models.Index(fields=["employee", "starts_at"]),
        ]
        # One talk per employee at one moment (a cancelled one makes room): "gesprek
        # plannen" sent twice at once cannot plan two (koers.access.once).
        constraints = [
            models.UniqueConstraint(
                fields=["employee", "starts_at"],
                condition=~Q(status="cancelled"),
                name="conversation_one_per_employee_at_a_time",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.conversation_type.name} – {self.employee.full_name}"

    @property
    def ends_at(self) -> datetime.datetime:
        return self.starts_at + datetime.timedelta(minutes=self.duration_minutes)

    @property
    def is_open(self) -> bool:
        return self.status in OPEN_STATUSES

    @property
    def is_held(self) -> bool:
        """Held, and the report not yet offered for signing."""
        return self.status == Status.HELD

    @property
    def is_cancelled(self) -> bool:
        return self.status == Status.CANCELLED

    @property
    def has_signed_report(self) -> bool:
        return self.status == Status.SIGNED

    @property
    def is_shared(self) -> bool:
        return self.employee_shared_at is not None

    def is_short_notice(self, now: datetime.datetime | None = None) -> bool:
        return is_short_notice(self.starts_at, now)

    def when_values(self) -> dict[str, object]:
        """The talk's moment and place as the reschedule form shows them."""
        local = timezone.localtime(self.starts_at)
        return {
            "date": local.date(),
            "time": local.time(),
            "duration_minutes": self.duration_minutes,
            "place": self.place,
        }


def is_short_notice(starts_at: datetime.datetime, now: datetime.datetime | None = None) -> bool:
    """004: less than two weeks between planning and the talk."""
    return starts_at - (now or timezone.now()) < MIN_NOTICE


class Invitation(models.Model):
    """A record of each invitation, update or cancellation sent (e-mail) or due (letter)."""

    class Kind(models.TextChoices):
        INVITE = "invite", _("uitnodiging")
        UPDATE = "update", _("wijziging")
        CANCEL = "cancel", _("afzegging")

    class Channel(models.TextChoices):
        EMAIL = "email", _("e-mail")
        LETTER = "letter", _("brief")

    conversation = models.ForeignKey(
        Conversation, on_delete=models.CASCADE, related_name="invitations"
    )
    kind = models.CharField(max_length=10, choices=Kind.choices)
    channel = models.CharField(max_length=10, choices=Channel.choices)
    sequence = models.PositiveIntegerField()
    recipient = models.CharField(max_length=254, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    # The e-mail is an outbox entry (koers.conversations.invitations): tried right after
    # planning, then by ``koers remind`` with back-off until it is sent.
    base_url = models.CharField(max_length=200, blank=True)
    sent_at = models.DateTimeField(_("verstuurd"), null=True, blank=True)
    attempts = models.PositiveSmallIntegerField(default=0)
    next_attempt_at = models.DateTimeField(null=True, blank=True)
    send_error = models.CharField(max_length=300, blank=True)
    claim = models.CharField(max_length=32, blank=True)
    claimed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("uitnodiging")
        verbose_name_plural = _("uitnodigingen")
        ordering = ["conversation", "created_at", "pk"]
        indexes = [models.Index(fields=["next_attempt_at"], name="invitation_due_idx")]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} ({self.get_channel_display()})"

    @property
    def by_email(self) -> bool:
        return self.channel == self.Channel.EMAIL

    @property
    def gave_up(self) -> bool:
        """Tried as often as Koers tries, and still not sent."""
        return (
            self.by_email
            and self.sent_at is None
            and self.attempts > 0
            and (self.next_attempt_at is None)
        )


class Side(models.TextChoices):
    """Whose preparation a row belongs to."""

    EMPLOYEE = "employee", _("medewerker")
    MANAGER = "manager", _("leidinggevende")


def _party_filters(actor: Actor, prefix: str = "conversation__") -> tuple[Q, Q]:
    """(is the employee of the talk, is the employee's current manager) as filters."""
    person, organisation = f"{prefix}employee", f"{prefix}organisation"
    return OWN.q(actor, person, organisation), LED_NOW.q(actor, person, organisation)


class AnswerQuerySet(models.QuerySet):
    def visible_to(self, actor: Actor) -> AnswerQuerySet:
        """001 step 2: each side reads its own answers; the manager reads the employee's only
        once the employee has shared them. HR reads no preparation."""
        as_employee, as_manager = _party_filters(actor)
        return self.filter(
            (as_employee & Q(side=Side.EMPLOYEE))
            | (as_manager & Q(side=Side.MANAGER))
            | (as_manager & Q(side=Side.EMPLOYEE, conversation__employee_shared_at__isnull=False))
        )


class AgendaPointQuerySet(models.QuerySet):
    def visible_to(self, actor: Actor) -> AgendaPointQuerySet:
        """Own points always; the other side's points once they are shared."""
        as_employee, as_manager = _party_filters(actor)
        return self.filter(
            (as_employee & (Q(side=Side.EMPLOYEE) | Q(shared_at__isnull=False)))
            | (as_manager & (Q(side=Side.MANAGER) | Q(shared_at__isnull=False)))
        )


class Answer(Revisioned):
    """One answer to one preparation question; saved one by one, so nothing is lost."""

    conversation = models.ForeignKey(Conversation, on_delete=models.CASCADE, related_name="answers")
    question = models.ForeignKey(TemplateQuestion, on_delete=models.PROTECT, related_name="+")
    side = models.CharField(max_length=10, choices=Side.choices)
    text = models.TextField(_("antwoord"), blank=True)
    # Who typed it: the employee, or the manager filling it in together with them.
    entered_by = models.ForeignKey(
        Employee, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    updated_at = models.DateTimeField(auto_now=True)

    objects = AnswerQuerySet.as_manager()

    class Meta:
        verbose_name = _("antwoord op een vraag")
        verbose_name_plural = _("antwoorden op vragen")
        ordering = ["conversation", "question__position", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["conversation", "question"], name="one_answer_per_question"
            )
        ]

    def __str__(self) -> str:
        return self.text[:50]


class AgendaPoint(models.Model):
    """A point someone wants on the agenda; private to its side until shared."""

    conversation = models.ForeignKey(
        Conversation, on_delete=models.CASCADE, related_name="agenda_points"
    )
    side = models.CharField(max_length=10, choices=Side.choices)
    text = models.CharField(_("agendapunt"), max_length=300)
    entered_by = models.ForeignKey(
        Employee, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    shared_at = models.DateTimeField(null=True, blank=True)
    # Set in the talk (Afsluiting); a point not discussed is carried to the next conversation.
    discussed = models.BooleanField(default=False)
    carried_from = models.ForeignKey(
        "self", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    objects = AgendaPointQuerySet.as_manager()

    class Meta:
        verbose_name = _("agendapunt")
        verbose_name_plural = _("agendapunten")
        ordering = ["conversation", "created_at", "pk"]

    def __str__(self) -> str:
        return self.text


# ---------------------------------------------------------------------------------------------
# The guided talk (001 step 3, 003, 004) and its report (003 dossier)


class ConductedQuerySet(models.QuerySet):
    def visible_to(self, actor: Actor) -> models.QuerySet:
        """The talk's working notes: only the employee's current manager, who conducts it.
        The employee and HR read the report instead."""
        _as_employee, as_manager = _party_filters(actor)
        return self.filter(as_manager)


class TalkNotes(Revisioned):
    """The manager's notes of the talk, phase by phase (Gesprek voeren). Only the manager who
    conducts the talk reads them; what goes on file is the report written from them."""

    conversation = models.OneToOneField(
        Conversation, on_delete=models.CASCADE, related_name="talk_notes"
    )
    # Opening (003 Inleiding, 004 Opening)
    opening = models.TextField(_("aantekeningen bij de opening"), blank=True)
    # Evaluatie (004): the previous plan's points are reviewed one by one in PointReview.
    evaluation = models.TextField(_("aantekeningen bij de evaluatie"), blank=True)
    # Informatie uitwisselen (003, 004): the employee first, then the manager.
    employee_wishes = models.TextField(_("wat vertelt de medewerker?"), blank=True)
    manager_adds = models.TextField(_("wat vult u aan als leidinggevende?"), blank=True)
    # Plannen (004)
    options_inside = models.TextField(_("mogelijkheden binnen de eigen functie"), blank=True)
    options_other_function = models.TextField(_("mogelijkheden in een andere functie"), blank=True)
    options_outside = models.TextField(_("mogelijkheden buiten de organisatie"), blank=True)
    pros_cons = models.TextField(_("voors en tegens"), blank=True)
    obstacles = models.TextField(_("belemmeringen"), blank=True)
    blind_spots = models.TextField(_("blinde vlekken"), blank=True)
    responsibilities = models.TextField(_("wie is waarvoor verantwoordelijk?"), blank=True)
    # Afsluiting (003 Afronding, 004 Afsluiting)
    closing = models.TextField(_("aantekeningen bij de afsluiting"), blank=True)
    # What the employee thought of the talk is theirs to say: TalkRating.
    next_date = models.DateField(_("volgend gesprek rond"), null=True, blank=True)
    started_at = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = ConductedQuerySet.as_manager()

    class Meta:
        verbose_name = _("aantekeningen van het gesprek")
        verbose_name_plural = _("aantekeningen van gesprekken")

    def __str__(self) -> str:
        return str(self.conversation)


class RatingQuerySet(models.QuerySet):
    def visible_to(self, actor: Actor) -> RatingQuerySet:
        """The employee's own answer, and their current manager (read only). HR sees averages
        per department only (koers.followup), never one person's answer."""
        own, led = _party_filters(actor)
        return self.filter(own | led)

    def counted(self) -> RatingQuerySet:
        """The answers that count in a figure: a mark the employee gave themselves."""
        return self.filter(given_by=TalkRating.GivenBy.EMPLOYEE, score__isnull=False)


RATING_SCORES = range(1, 6)


class TalkRating(Revisioned):
    """003 Afronding, 004 Afsluiting: "vraag aan de medewerker wat hij van het gesprek vond".
    The employee answers on a screen of their own after the talk: a mark of 1 to 5 and an
    optional sentence, or "liever niet" (declined: no mark, counted as no answer).

    ``given_by`` says whose answer it is: ``manager`` marks a mark the manager typed in the
    Afsluiting before Koers asked the employee (kept, shown as such, not counted in figures);
    the employee's own answer replaces it."""

    class GivenBy(models.TextChoices):
        EMPLOYEE = "employee", _("de medewerker")
        MANAGER = "manager", _("de leidinggevende (ingevuld tijdens het gesprek)")

    conversation = models.OneToOneField(
        Conversation, on_delete=models.CASCADE, related_name="rating"
    )
    score = models.PositiveSmallIntegerField(_("cijfer (1 tot 5)"), null=True, blank=True)
    declined = models.BooleanField(_("liever niet"), default=False)
    comment = models.TextField(_("toelichting"), blank=True)
    given_by = models.CharField(
        _("gegeven door"), max_length=10, choices=GivenBy.choices, default=GivenBy.EMPLOYEE
    )
    answered_by = models.ForeignKey(
        Employee, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    answered_at = models.DateTimeField(_("beantwoord op"))

    objects = RatingQuerySet.as_manager()

    class Meta:
        verbose_name = _("oordeel over het gesprek")
        verbose_name_plural = _("oordelen over gesprekken")
        constraints = [
            models.CheckConstraint(
                condition=Q(score__isnull=True) | Q(score__gte=1, score__lte=5),
                name="talk_rating_score_one_to_five",
            ),
            models.CheckConstraint(
                condition=Q(declined=False) | Q(score__isnull=True),
                name="talk_rating_declined_has_no_score",
            ),
        ]

    def __str__(self) -> str:
        return str(self.conversation)


class Outcome(models.TextChoices):
    REALISED = "realised", _("gerealiseerd")
    PARTLY = "partly", _("deels gerealiseerd")
    NOT = "not", _("niet gerealiseerd")


class PointReview(models.Model):
    """004 Evaluatie: one agreement of the previous plan — realised, partly or not."""

    conversation = models.ForeignKey(
        Conversation, on_delete=models.CASCADE, related_name="point_reviews"
    )
    point = models.ForeignKey(
        "plans.DevelopmentPoint", on_delete=models.SET_NULL, null=True, related_name="+"
    )
    # A copy: the review still reads right when the old plan's point changes or goes.
    title = models.CharField(_("afspraak"), max_length=200)
    outcome = models.CharField(_("uitkomst"), max_length=10, choices=Outcome.choices, blank=True)
    note = models.TextField(_("toelichting"), blank=True)

    objects = ConductedQuerySet.as_manager()

    class Meta:
        verbose_name = _("terugblik op een afspraak")
        verbose_name_plural = _("terugblikken op afspraken")
        ordering = ["conversation", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["conversation", "point"], name="one_review_per_point")
        ]

    def __str__(self) -> str:
        return self.title


class ReportQuerySet(models.QuerySet):
    def visible_to(self, actor: Actor) -> ReportQuerySet:
        """Employee: own reports. Manager: reports of the people they lead now. HR: the
        organisation's reports that have a signed version (never drafts)."""
        own, led = _party_filters(actor)
        allowed = own | led
        if actor.has_role(Role.HR) and actor.employee_id is not None:
            signed = Version.objects.filter(
                subject_type__app_label="conversations",
                subject_type__model="report",
                subject_id=models.OuterRef("pk"),
                status=VersionStatus.SIGNED,
            )
            allowed |= Q(models.Exists(signed)) & in_organisation(
                actor, "conversation__organisation"
            )
        return self.filter(allowed)


class Report(Revisioned):
    """003 Dossierbeheer: the manager's report of the talk. The fields are the draft; each
    version sent for signing is frozen (snapshot + HMAC-SHA256) by koers.signing; its state is
    its newest version's (``koers.signing.queries.latest_status``)."""

    conversation = models.OneToOneField(
        Conversation, on_delete=models.CASCADE, related_name="report"
    )
    summary = models.TextField(_("samenvatting van het gesprek"), blank=True)
    evaluation = models.TextField(_("evaluatie van de vorige afspraken"), blank=True)
    information = models.TextField(_("wensen en ideeën"), blank=True)
    planning = models.TextField(_("mogelijkheden en plannen"), blank=True)
    closing = models.TextField(_("afsluiting"), blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = ReportQuerySet.as_manager()

    class Meta:
        verbose_name = _("gespreksverslag")
        verbose_name_plural = _("gespreksverslagen")

    def __str__(self) -> str:
        return f"Verslag {self.conversation}"
