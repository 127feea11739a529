"""Demo follow-up for team Assemblage (idempotent: an organisation with check-ins is left alone).

- Kees Bakker (`medewerker`): progress notes on his signed POP (experience with the language
  course, application in practice, a changed wish), and an answer to the course question.
- one colleague: an agreed interval of six months instead of the organisation's twelve.
- the notices that are due today, in the outbox as in-app notices (demo data sends no e-mail).
Needs the demo POPs (koers.plans.demo), which run first (INSTALLED_APPS order).
"""

from __future__ import annotations

from django.db import transaction

from koers.access.actor import Actor
from koers.followup import actions
from koers.followup.actions import outbox as outbox_actions
from koers.followup.models import CheckIn, CheckInKind, CourseAnswer
from koers.followup.reminders.due import due_notices
from koers.organisations.actors import actor_for
from koers.organisations.models import Employee, Organisation
from koers.plans.demo import KEES
from koers.plans.models import Activity, ActivityKind, ActivityStatus, DevelopmentPlan

NOTES = [
    (
        CheckInKind.EXPERIENCE,
        "De taalcursus is leuk. De juf praat langzaam, dat helpt. Ik snap nu meer in het "
        "werkoverleg.",
    ),
    (
        CheckInKind.APPLICATION,
        "Ik heb vorige week zelf verteld wat ik gedaan had in het werkoverleg.",
    ),
    (
        CheckInKind.WISHES,
        "Ik wil na het heftruckcertificaat ook graag nieuwe collega's inwerken.",
    ),
]


@transaction.atomic
def extend_demo(organisation: Organisation) -> None:
    if CheckIn.objects.filter(plan__organisation=organisation).exists():
        return
    kees = Employee.objects.filter(organisation=organisation, personnel_number=KEES).first()
    plan = DevelopmentPlan.objects.filter(employee=kees).order_by("pk").first()
    if kees is None or plan is None or kees.team is None:
        return
    manager = kees.team.managers.order_by("pk").first()
    as_kees = actor_for(kees)
    points = list(plan.points.order_by("position", "pk"))
    if not points:
        return
    language = points[0].activities.order_by("pk").first()
    for index, (kind, text) in enumerate(NOTES):
        point = points[min(index * 2, len(points) - 1)]
        activity = language if index == 0 else None
        actions.add_check_in(
            as_kees,
            plan,
            point_id=point.pk,
            activity_id=activity.pk if activity else None,
            kind=kind,
            text=text,
        )
    if manager is not None:
        actions.add_check_in(
            actor_for(manager),
            plan,
            point_id=points[0].pk,
            kind=CheckInKind.PROGRESS,
            text="Kees vertelde in het werkoverleg over zijn week. Goed bezig!",
        )
    started_course = Activity.objects.filter(
        point__plan=plan, kind=ActivityKind.COURSE, status=ActivityStatus.STARTED
    ).first()
    if started_course is not None:
        actions.answer_course_check(
            as_kees, started_course, CourseAnswer.YES, "Eerste avond gehad, ging goed."
        )
    colleague = (
        kees.team.members.exclude(pk=kees.pk)
        .exclude(pk=getattr(manager, "pk", None))
        .order_by("personnel_number")
        .first()
    )
    if colleague is not None and manager is not None:
        actions.set_interval(actor_for(manager), colleague, 6)
    # Today's notices, for this organisation only and in-app (demo data mails nobody).
    due = (n for n in due_notices() if n.organisation_id == organisation.pk)
    outbox_actions.queue_in_app(Actor.for_system(organisation.pk), organisation, due)
