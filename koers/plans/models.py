"""The POP (001 step 4 and its form): plan, development points with their SMART agreement,
activities with their costs, the course catalogue and the training budget.

Totals are never stored: ``queries.plan_totals`` adds up the loaded activities (or asks the
database) and the list annotations ask the database.
Which statuses count where (one definition, used by every total and the budget page):

- cost of a plan (TOTAAL): every activity that is not cancelled;
- budget *planned*: planned and registered (promised, not yet begun);
- budget *spent*: started and completed (the money is committed);
- cancelled: counts nowhere.
"""

from __future__ import annotations

import datetime
from decimal import Decimal
from typing import TYPE_CHECKING

from django.contrib.contenttypes.fields import GenericRelation
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.db.models.functions import Coalesce
from django.utils.translation import gettext_lazy as _

from koers.access.relations import FILE_READERS, in_organisation
from koers.lib.concurrency import Revisioned
from koers.organisations.models import Department, Employee, Organisation, Role
from koers.signing.models import Version
from koers.signing.queries import latest_status

if TYPE_CHECKING:
    from koers.access.actor import Actor

MONEY = {"max_digits": 10, "decimal_places": 2}
ZERO = Decimal("0.00")


class Category(models.TextChoices):
    """001: the three rows of the development table, in form order."""

    PERSONAL = "personal", _("Persoonlijke vorming")
    FUNCTION = "function", _("Functie/taakgericht")
    CAREER = "career", _("Loopbaangericht")


class ActivityKind(models.TextChoices):
    COURSE = "course", _("cursus of opleiding")
    INTERNAL = "internal", _("interne opleiding")
    COACH = "coach", _("coach")
    SHADOWING = "shadowing", _("meelopen")
    SELF_STUDY = "self_study", _("zelfstudie")
    OTHER = "other", _("anders")


class Owner(models.TextChoices):
    EMPLOYEE = "employee", _("medewerker")
    EMPLOYER = "employer", _("werkgever")


class ActivityStatus(models.TextChoices):
    PLANNED = "planned", _("gepland")
    REGISTERED = "registered", _("aangemeld")
    STARTED = "started", _("bezig")
    COMPLETED = "completed", _("afgerond")
    CANCELLED = "cancelled", _("geannuleerd")


COUNTED_STATUSES = (
    ActivityStatus.PLANNED,
    ActivityStatus.REGISTERED,
    ActivityStatus.STARTED,
    ActivityStatus.COMPLETED,
)
BUDGET_PLANNED = (ActivityStatus.PLANNED, ActivityStatus.REGISTERED)
BUDGET_SPENT = (ActivityStatus.STARTED, ActivityStatus.COMPLETED)

# Progress moves forward; cancelling is possible until the activity is completed.
# 001 "goed in de gaten houden dat cursussen daadwerkelijk beginnen": the activities with a
# start to watch (never meelopen, zelfstudie or a coach).
COURSE_START_KINDS = (ActivityKind.COURSE, ActivityKind.INTERNAL)
OPEN_ACTIVITY_STATUSES = (ActivityStatus.PLANNED, ActivityStatus.REGISTERED, ActivityStatus.STARTED)
NOT_STARTED_STATUSES = (ActivityStatus.PLANNED, ActivityStatus.REGISTERED)

NEXT_STATUSES: dict[str, tuple[str, ...]] = {
    ActivityStatus.PLANNED: (ActivityStatus.REGISTERED, ActivityStatus.STARTED),
    ActivityStatus.REGISTERED: (ActivityStatus.STARTED, ActivityStatus.PLANNED),
    ActivityStatus.STARTED: (ActivityStatus.COMPLETED,),
    ActivityStatus.COMPLETED: (),
    ActivityStatus.CANCELLED: (ActivityStatus.PLANNED,),
}
for _status in (ActivityStatus.PLANNED, ActivityStatus.REGISTERED, ActivityStatus.STARTED):
    NEXT_STATUSES[_status] = (*NEXT_STATUSES[_status], ActivityStatus.CANCELLED)


def activity_due() -> Coalesce:
    """When an activity should have begun: the desired start, else the desired end, else
    its point's deadline (the follow-up rules, ``koers.followup.rules``)."""
    return Coalesce("period_from", "period_to", "point__deadline", output_field=models.DateField())


def activity_end() -> Coalesce:
    """When an activity should be done: the desired end, else its point's deadline."""
    return Coalesce("period_to", "point__deadline", output_field=models.DateField())


def default_period_end(start: datetime.date) -> datetime.date:
    """One year: the day before the same date next year."""
    try:
        return start.replace(year=start.year + 1) - datetime.timedelta(days=1)
    except ValueError:  # 29 February
        return start.replace(year=start.year + 1, day=28)


class PlanQuerySet(models.QuerySet):
    def visible_to(self, actor: Actor) -> PlanQuerySet:
        """Employee: own plans. Manager: also the plans of the people in the teams they lead
        now. HR: the organisation's plans. Colleagues and other organisations: never."""
        return self.filter(FILE_READERS.q(actor, organisation="organisation"))

    def with_state(self) -> PlanQuerySet:
        """``state``: the status of the newest version, derived for lists and filters (the
        plan keeps no copy of it)."""
        return self.annotate(state=latest_status(DevelopmentPlan))


class ViaPlanQuerySet(models.QuerySet):
    """Parts of a plan are visible with their plan."""

    plan_path = "plan"

    def visible_to(self, actor: Actor) -> models.QuerySet:
        plans = DevelopmentPlan.objects.visible_to(actor)
        return self.filter(**{f"{self.plan_path}__in": plans})


class PointQuerySet(ViaPlanQuerySet):
    plan_path = "plan"


class ActivityQuerySet(ViaPlanQuerySet):
    plan_path = "point__plan"


class StatusChangeQuerySet(ViaPlanQuerySet):
    plan_path = "activity__point__plan"


class DevelopmentPlan(Revisioned):
    """The employee's POP for a period; its content is signed in numbered versions."""

    organisation = models.ForeignKey(
        Organisation, on_delete=models.CASCADE, related_name="development_plans"
    )
    # RESTRICT: an employee with a plan is not deleted on its own (retention decides), but
    # deleting a whole organisation deletes its plans too.
    employee = models.ForeignKey(
        Employee,
        on_delete=models.RESTRICT,
        related_name="development_plans",
        verbose_name=_("medewerker"),
    )
    conversation = models.ForeignKey(
        "conversations.Conversation",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="development_plans",
        verbose_name=_("uit het gesprek"),
    )
    period_start = models.DateField(_("geldig vanaf"))
    period_end = models.DateField(_("geldig tot en met"))
    work_experience = models.TextField(
        _("(werk)ervaring / overige relevante aandachtspunten"), blank=True
    )
    created_by = models.ForeignKey(
        Employee, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    versions = GenericRelation(
        Version, content_type_field="subject_type", object_id_field="subject_id"
    )

    objects = PlanQuerySet.as_manager()

    class Meta:
        verbose_name = _("ontwikkelplan (POP)")
        verbose_name_plural = _("ontwikkelplannen (POP)")
        ordering = ["-period_start", "pk"]
        # One POP per employee from one date, and one per talk: a form sent twice at the
        # same moment cannot make two (koers.access.once turns the collision into the plan).
        constraints = [
            models.UniqueConstraint(
                fields=["employee", "period_start"], name="plan_one_per_employee_per_start"
            ),
            models.UniqueConstraint(
                fields=["conversation"],
                condition=Q(conversation__isnull=False),
                name="plan_one_per_conversation",
            ),
        ]

    def __str__(self) -> str:
        return f"POP {self.employee.full_name} {self.period_start:%Y}"


class Training(models.Model):
    """001: "Gevolgde opleidingen — Jaar — D — Instituut"."""

    plan = models.ForeignKey(DevelopmentPlan, on_delete=models.CASCADE, related_name="trainings")
    name = models.CharField(_("opleiding"), max_length=200)
    year = models.PositiveSmallIntegerField(
        _("jaar"),
        null=True,
        blank=True,
        validators=[MinValueValidator(1940), MaxValueValidator(2100)],
    )
    diploma = models.BooleanField(_("diploma"), default=False)
    institute = models.CharField(_("instituut"), max_length=200, blank=True)

    objects = PointQuerySet.as_manager()

    class Meta:
        verbose_name = _("gevolgde opleiding")
        verbose_name_plural = _("gevolgde opleidingen")
        ordering = ["plan", "year", "pk"]

    def __str__(self) -> str:
        return self.name


class DevelopmentPoint(Revisioned):
    """An "aandachtspunt voor ontwikkeling" with its SMART agreement (003 step 3)."""

    plan = models.ForeignKey(DevelopmentPlan, on_delete=models.CASCADE, related_name="points")
    category = models.CharField(_("soort"), max_length=10, choices=Category.choices)
    title = models.CharField(_("aandachtspunt"), max_length=200)
    goal = models.TextField(_("wat wilt u bereiken?"), blank=True)
    measure = models.TextField(_("hoe weten we dat het gelukt is?"), blank=True)
    approach = models.TextField(_("hoe pakt u het aan?"), blank=True)
    employee_part = models.TextField(_("wat doet de medewerker?"), blank=True)
    employer_part = models.TextField(_("wat doet de werkgever?"), blank=True)
    support = models.TextField(_("welke steun of welk budget is nodig?"), blank=True)
    deadline = models.DateField(_("klaar op"), null=True, blank=True)
    follow_up = models.TextField(_("hoe volgen we de voortgang?"), blank=True)
    position = models.PositiveSmallIntegerField(default=0)
    # Issue 6: the gesprekskaart agreement that shows this point. The point holds the text
    # (``goal``), the card item shows it: see koers.cards.actions.link_to_plan.
    card_item = models.OneToOneField(
        "cards.CardItem",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        editable=False,
        related_name="plan_point",
        verbose_name=_("op de gesprekskaart"),
    )

    objects = PointQuerySet.as_manager()

    class Meta:
        verbose_name = _("aandachtspunt")
        verbose_name_plural = _("aandachtspunten")
        ordering = ["plan", "position", "pk"]

    def __str__(self) -> str:
        return self.title


class CourseQuerySet(models.QuerySet):
    def visible_to(self, actor: Actor) -> CourseQuerySet:
        return self.filter(in_organisation(actor))

    def search(self, text: str) -> CourseQuerySet:
        query = Q()
        for word in text.split():
            query &= (
                Q(name__icontains=word)
                | Q(institute__icontains=word)
                | Q(course_number__icontains=word)
            )
        return self.filter(query)


class Course(Revisioned):
    """A catalogue entry HR keeps (cursus / opleiding)."""

    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="courses")
    name = models.CharField(_("naam"), max_length=200)
    institute = models.CharField(_("instituut"), max_length=200, blank=True)
    course_number = models.CharField(_("cursusnummer"), max_length=50, blank=True)
    cost = models.DecimalField(
        _("kosten (euro)"), **MONEY, default=ZERO, validators=[MinValueValidator(ZERO)]
    )
    duration = models.CharField(_("duur"), max_length=100, blank=True)
    subsidy_notes = models.TextField(_("subsidie en opmerkingen"), blank=True)
    link = models.URLField(_("website"), blank=True)
    is_active = models.BooleanField(_("in de catalogus"), default=True)

    objects = CourseQuerySet.as_manager()

    class Meta:
        verbose_name = _("cursus")
        verbose_name_plural = _("cursussen")
        ordering = ["name", "pk"]

    def __str__(self) -> str:
        return f"{self.name} ({self.institute})" if self.institute else self.name


class Activity(Revisioned):
    """What is done for a point: a course, internal training, coach, meelopen, zelfstudie."""

    point = models.ForeignKey(DevelopmentPoint, on_delete=models.CASCADE, related_name="activities")
    kind = models.CharField(_("soort activiteit"), max_length=12, choices=ActivityKind.choices)
    description = models.CharField(_("wat (cursusnaam, bij wie)"), max_length=200)
    institute = models.CharField(_("instituut"), max_length=200, blank=True)
    course = models.ForeignKey(
        Course,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="activities",
        verbose_name=_("uit de catalogus"),
    )
    course_number = models.CharField(_("cursusnummer"), max_length=50, blank=True)
    # A copy of the cost at the time: a later catalogue price does not change the plan.
    cost = models.DecimalField(
        _("kosten (euro)"), **MONEY, default=ZERO, validators=[MinValueValidator(ZERO)]
    )
    period_from = models.DateField(_("gewenst vanaf"), null=True, blank=True)
    period_to = models.DateField(_("gewenst tot"), null=True, blank=True)
    # 001 "wel/niet in werkcontract": yes, no, or not decided yet (None).
    in_working_time = models.BooleanField(
        _("in werktijd (volgens contract)"), null=True, blank=True, default=None
    )
    remarks = models.TextField(_("opmerkingen"), blank=True)
    owner = models.CharField(
        _("wie regelt het?"), max_length=10, choices=Owner.choices, default=Owner.EMPLOYER
    )
    status = models.CharField(
        _("voortgang"),
        max_length=12,
        choices=ActivityStatus.choices,
        default=ActivityStatus.PLANNED,
    )
    status_changed_at = models.DateTimeField(null=True, blank=True)
    status_changed_by = models.ForeignKey(
        Employee, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    objects = ActivityQuerySet.as_manager()

    class Meta:
        verbose_name = _("activiteit")
        verbose_name_plural = _("activiteiten")
        ordering = ["point", "period_from", "pk"]
        # A person's or a team's live activities are reached from their plans and points.
        # No index on the status alone: it has five values, and without statistics SQLite
        # drove the board's counts from it through most activities of every organisation
        # (issue 18).
        indexes = [models.Index(fields=["point", "status"], name="activity_point_status_idx")]

    def __str__(self) -> str:
        return self.description

    @property
    def is_in_progress(self) -> bool:
        """001: "Bezig met"."""
        return self.status == ActivityStatus.STARTED

    @property
    def next_statuses(self) -> list[tuple[str, str]]:
        return [(s, ActivityStatus(s).label) for s in NEXT_STATUSES[self.status]]


class ActivityStatusChange(models.Model):
    """Progress: who moved an activity to which status, and when. No new signature needed."""

    activity = models.ForeignKey(Activity, on_delete=models.CASCADE, related_name="status_changes")
    from_status = models.CharField(max_length=12, choices=ActivityStatus.choices)
    to_status = models.CharField(max_length=12, choices=ActivityStatus.choices)
    changed_by = models.ForeignKey(
        Employee, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    changed_at = models.DateTimeField(auto_now_add=True)

    objects = StatusChangeQuerySet.as_manager()

    class Meta:
        verbose_name = _("statuswijziging van een activiteit")
        verbose_name_plural = _("statuswijzigingen van activiteiten")
        ordering = ["activity", "changed_at", "pk"]

    def __str__(self) -> str:
        return f"{self.from_status} → {self.to_status}"


class BudgetQuerySet(models.QuerySet):
    def visible_to(self, actor: Actor) -> BudgetQuerySet:
        if not actor.has_role(Role.HR):
            return self.none()
        return self.filter(in_organisation(actor))


class TrainingBudget(models.Model):
    """Money for training per department per year (opleidingsbudget)."""

    organisation = models.ForeignKey(
        Organisation, on_delete=models.CASCADE, related_name="training_budgets"
    )
    department = models.ForeignKey(
        Department,
        on_delete=models.CASCADE,
        related_name="training_budgets",
        verbose_name=_("afdeling"),
    )
    year = models.PositiveSmallIntegerField(
        _("jaar"), validators=[MinValueValidator(2000), MaxValueValidator(2100)]
    )
    amount = models.DecimalField(_("budget (euro)"), **MONEY, validators=[MinValueValidator(ZERO)])

    objects = BudgetQuerySet.as_manager()

    class Meta:
        verbose_name = _("opleidingsbudget")
        verbose_name_plural = _("opleidingsbudgetten")
        ordering = ["-year", "department__name"]
        constraints = [
            models.UniqueConstraint(fields=["department", "year"], name="one_budget_per_year")
        ]

    def __str__(self) -> str:
        return f"{self.department.name} {self.year}"
