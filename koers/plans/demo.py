"""Demo POPs for team Assemblage, a small course catalogue and training budgets.

- Kees Bakker (the `medewerker` login): a signed plan with points in all three categories and
  activities in every status.
- The next member: a signed version 1 and a newer draft (version 2).
- The next: waiting for the employee's signature; the next: a draft.
Idempotent: an organisation that has courses is left alone.
"""

from __future__ import annotations

import datetime
from decimal import Decimal

from django.db import transaction
from django.utils import timezone

from koers.access.actor import Actor
from koers.organisations.actors import actor_for
from koers.organisations.models import Employee, Organisation
from koers.plans import actions
from koers.plans.models import (
    Activity,
    ActivityKind,
    ActivityStatus,
    Category,
    Course,
    DevelopmentPlan,
    Owner,
)
from koers.signing.models import Choice

DEMO_TEAM = "Assemblage"
KEES = "D-medewerker"

COURSES = [
    (
        "Heftruckcertificaat",
        "Opleidingscentrum Rivierenland",
        "HT-101",
        "495.00",
        "2 dagen",
        "Subsidie mogelijk via het O&O-fonds.",
    ),
    ("Basis solderen", "ROC Rijn IJssel", "SOL-12", "320.00", "4 avonden", ""),
    (
        "Nederlands op de werkvloer",
        "Taalhuis Tiel",
        "NT2-W",
        "0.00",
        "10 lessen",
        "Gratis via de gemeente.",
    ),
    ("BHV basis", "Veilig Werken BV", "BHV-1", "185.50", "1 dag", "Elk jaar herhalen."),
    ("Omgaan met stress", "Vitaal Werk", "VW-3", "240.00", "3 dagdelen", ""),
]


def _catalogue(hr: Actor) -> dict[str, Course]:
    courses = {}
    for name, institute, number, cost, duration, notes in COURSES:
        courses[name] = actions.save_course(
            hr,
            name=name,
            institute=institute,
            course_number=number,
            cost=Decimal(cost),
            duration=duration,
            subsidy_notes=notes,
        )
    return courses


def _budgets(hr: Actor, organisation: Organisation, year: int) -> None:
    amounts = {
        "Productie": "6000.00",
        "Groen en Facilitair": "5000.00",
        "Dienstverlening": "3500.00",
    }
    for department in organisation.departments.all():
        if department.name in amounts:
            actions.set_budget(hr, department, year, Decimal(amounts[department.name]))


def full_plan(
    employee: Employee, manager: Actor, courses: dict[str, Course], start: datetime.date
) -> DevelopmentPlan:
    """A plan with a point in every category and activities of several kinds."""
    plan = actions.create_plan(
        manager,
        employee,
        period_start=start,
        work_experience="Werkt sinds jaren aan de lopende band; helpt nieuwe collega's graag.",
    )
    actions.add_training(
        manager, plan, name="Praktijkonderwijs", year=2012, diploma=True, institute="Pro Tiel"
    )
    actions.add_training(
        manager, plan, name="Veilig werken (VCA)", year=2019, diploma=False, institute="SSVV"
    )
    deadline = start + datetime.timedelta(days=300)
    personal = actions.save_point(
        manager,
        plan,
        category=Category.PERSONAL,
        title="Beter Nederlands spreken",
        goal="Ik kan in het werkoverleg zelf vertellen wat ik heb gedaan.",
        measure="In het werkoverleg van december vertel ik zelf over mijn week.",
        approach="Een taalcursus en elke week oefenen met een collega.",
        employee_part="Ik ga naar alle lessen en oefen met Noor.",
        employer_part="De werkgever betaalt de cursus en geeft een uur per week.",
        support="Cursus via de gemeente; een uur per week in werktijd.",
        deadline=deadline,
        follow_up="Elke maand vijf minuten in het werkoverleg.",
    )
    function = actions.save_point(
        manager,
        plan,
        category=Category.FUNCTION,
        title="Solderen van printplaten",
        goal="Ik kan zelfstandig printplaten solderen volgens de werkinstructie.",
        measure="De voorman keurt tien printplaten op rij goed.",
        approach="Meelopen bij het soldeerwerk en een basiscursus.",
        employee_part="Ik loop twee ochtenden mee en volg de cursus.",
        employer_part="Sanne regelt het meelopen en betaalt de cursus.",
        support="Cursusgeld en twee ochtenden.",
        deadline=deadline,
        follow_up="Na de cursus een gesprek met Sanne.",
    )
    career = actions.save_point(
        manager,
        plan,
        category=Category.CAREER,
        title="Heftruck rijden",
        goal="Ik haal mijn heftruckcertificaat, zodat ik ook in het magazijn kan werken.",
        measure="Ik heb het certificaat.",
        approach="Een erkende cursus.",
        employee_part="Ik leer de theorie thuis.",
        employer_part="De werkgever meldt mij aan en betaalt.",
        support="Cursus uit de catalogus.",
        deadline=deadline,
        follow_up="In het volgende ontwikkelgesprek.",
    )
    actions.save_activity(
        manager,
        personal,
        course=courses["Nederlands op de werkvloer"],
        period_from=start + datetime.timedelta(days=30),
        period_to=start + datetime.timedelta(days=120),
        in_working_time=True,
        owner=Owner.EMPLOYER,
    )
    actions.save_activity(
        manager,
        personal,
        kind=ActivityKind.SELF_STUDY,
        description="Elke week een uur oefenen met een taal-app",
        cost=Decimal("0.00"),
        in_working_time=False,
        owner=Owner.EMPLOYEE,
    )
    actions.save_activity(
        manager,
        function,
        kind=ActivityKind.SHADOWING,
        description="Twee ochtenden meelopen bij het soldeerwerk",
        cost=Decimal("0.00"),
        period_from=start + datetime.timedelta(days=14),
        in_working_time=True,
        owner=Owner.EMPLOYER,
        remarks="Met de voorman afspreken.",
    )
    actions.save_activity(
        manager,
        function,
        course=courses["Basis solderen"],
        period_from=start + datetime.timedelta(days=60),
        in_working_time=False,
        owner=Owner.EMPLOYER,
    )
    actions.save_activity(
        manager,
        career,
        course=courses["Heftruckcertificaat"],
        period_from=start + datetime.timedelta(days=90),
        in_working_time=True,
        owner=Owner.EMPLOYER,
    )
    actions.save_activity(
        manager,
        career,
        kind=ActivityKind.COACH,
        description="Gesprekken met de jobcoach",
        cost=Decimal("150.00"),
        in_working_time=True,
        owner=Owner.EMPLOYER,
    )
    return plan


def sign_both(plan: DevelopmentPlan, manager: Actor, choice: str = Choice.AGREED) -> None:
    actions.send_for_signing(manager, plan)
    remark = "Ik wil liever eerder beginnen." if choice == Choice.SEEN else ""
    actions.sign_plan(actor_for(plan.employee), plan, choice, remark)
    actions.sign_plan(manager, plan, Choice.AGREED)


def _progress(plan: DevelopmentPlan, manager: Actor) -> None:
    """Activities in every status: progress after signing needs no new signature."""
    steps = [
        [ActivityStatus.REGISTERED, ActivityStatus.STARTED, ActivityStatus.COMPLETED],
        [],
        [ActivityStatus.STARTED],
        [ActivityStatus.REGISTERED],
        [],
        [ActivityStatus.CANCELLED],
    ]
    activities = Activity.objects.filter(point__plan=plan).order_by("point__position", "pk")
    for activity, moves in zip(activities, steps, strict=False):
        for status in moves:
            activity = actions.change_activity_status(manager, activity, status)


@transaction.atomic
def extend_demo(organisation: Organisation) -> None:
    if Course.objects.filter(organisation=organisation).exists():
        return
    today = timezone.localdate()
    # HR keeps the catalogue and the budgets; an organisation without HR has neither.
    hr_employee = Employee.objects.filter(organisation=organisation, is_hr=True).order_by("pk")
    if not hr_employee.exists():
        return
    hr = actor_for(hr_employee[0])
    courses = _catalogue(hr)
    _budgets(hr, organisation, today.year)
    team = organisation.teams.filter(name=DEMO_TEAM).first()
    if team is None or team.managers.first() is None:
        return
    manager = actor_for(team.managers.order_by("pk").first())
    members = list(
        team.members.exclude(pk=manager.employee_id)
        .exclude(personnel_number=KEES)
        .order_by("personnel_number")[:3]
    )
    kees = Employee.objects.get(organisation=organisation, personnel_number=KEES)
    start = today - datetime.timedelta(days=60)

    # Kees: signed, activities in every status.
    plan = full_plan(kees, manager, courses, start)
    sign_both(plan, manager)
    _progress(plan, manager)

    if len(members) < 3:
        return
    # Signed version 1 (voor gezien), then a change: version 2 is a draft.
    plan = full_plan(members[0], manager, courses, start)
    sign_both(plan, manager, Choice.SEEN)
    point = plan.points.get(category=Category.CAREER)
    actions.save_point(manager, plan, point, deadline=today + datetime.timedelta(days=200))

    # Waiting for the employee's signature.
    plan = full_plan(members[1], manager, courses, today)
    actions.send_for_signing(manager, plan)

    # A draft, just started.
    actions.create_plan(manager, members[2], period_start=today)


def plan_by_team_manager(employee: Employee) -> DevelopmentPlan:
    """A small plan made by the employee's current manager (for tests of other teams and
    other organisations)."""
    plan = DevelopmentPlan.objects.filter(employee=employee).first()
    if plan:
        return plan
    manager = actor_for(employee.team.managers.order_by("pk").first())
    plan = actions.create_plan(manager, employee)
    point = actions.save_point(
        manager, plan, category=Category.FUNCTION, title="Orderpicken met de scanner"
    )
    actions.save_activity(
        manager,
        point,
        kind=ActivityKind.SHADOWING,
        description="Een dag meelopen in het magazijn",
        cost=Decimal("0.00"),
    )
    return plan
