"""Acceptance: a test clock drives a whole year of follow-up (001 "Uitvoeren en voortgang
volgen", 002 step 4): talk → plan → a course start passes unstarted → flagged → started →
the one-week question → an overdue employer action → the next talk is due. ``koers remind``
runs after every step, twice; each notice is made and e-mailed exactly once."""

from __future__ import annotations

import datetime
import zoneinfo
from collections import Counter

import pytest
import time_machine
from django.core import mail
from django.core.management import call_command
from django.urls import reverse

from koers.accounts.models import User
from koers.conversations.actions import planning, preparation, templates
from koers.conversations.models import Audience
from koers.followup.models import CheckIn, CourseAnswer, Notice, NoticeKind
from koers.followup.notice_texts import NoticeTexts
from koers.organisations.actors import actor_for
from koers.organisations.models import Department, Employee, Organisation, Team
from koers.plans import actions as plans
from koers.plans.models import ActivityKind, ActivityStatus, Category, Owner
from koers.signing.models import Choice

pytestmark = pytest.mark.django_db

AMSTERDAM = zoneinfo.ZoneInfo("Europe/Amsterdam")


def at(day: str, hour: int = 9) -> datetime.datetime:
    return datetime.datetime.combine(
        datetime.date.fromisoformat(day), datetime.time(hour), tzinfo=AMSTERDAM
    )


@pytest.fixture
def people(empty_db):
    """A small organisation, alone in the database (``koers remind`` runs for everyone): Sanne
    leads team Werkplaats, Kees works there; both sign in and have an e-mail address."""
    organisation = Organisation.objects.create(name="Jaar BV", slug="jaar-bv")
    department = Department.objects.create(organisation=organisation, name="Productie")
    team = Team.objects.create(organisation=organisation, department=department, name="Werkplaats")

    def person(number: str, first: str, last: str) -> Employee:
        user = User.objects.create_user(username=number, password="x", email=f"{number}@jaar.test")
        return Employee.objects.create(
            organisation=organisation,
            team=team,
            user=user,
            personnel_number=number,
            first_name=first,
            last_name=last,
            email=f"{number}@jaar.test",
            in_service_since=datetime.date(2020, 1, 1),
        )

    manager = person("sanne", "Sanne", "de Vries")
    employee = person("kees", "Kees", "Bakker")
    team.managers.add(manager)
    return manager, employee


def remind_twice() -> None:
    call_command("remind", verbosity=0)
    call_command("remind", verbosity=0)


def kinds(recipient: Employee | None = None) -> Counter:
    notices = Notice.objects.all()
    if recipient is not None:
        notices = notices.filter(recipient=recipient)
    return Counter(notices.values_list("kind", flat=True))


def test_a_whole_year_of_follow_up(people, client):
    manager, employee = people
    as_manager, as_employee = actor_for(manager), actor_for(employee)
    clock = time_machine.travel(at("2027-01-04"), tick=False)
    traveller = clock.start()
    try:
        # --- 001 step 1: the talk is planned three weeks ahead; nothing is due yet.
        types = templates.ensure_default_templates(as_manager, employee.organisation)
        kinds_of = {t.kind: t for t in types}
        talk = planning.plan_conversation(
            as_manager,
            employee=employee,
            conversation_type=kinds_of["ontwikkelgesprek"],
            starts_at=at("2027-01-25", 10),
            duration_minutes=60,
            place="Spreekkamer",
            base_url="http://testserver",
            send_email=False,
        )
        remind_twice()
        assert kinds() == Counter()

        # --- a week later Kees has not begun preparing: one reminder.
        traveller.move_to(at("2027-01-12"))
        remind_twice()
        assert kinds(employee) == Counter({NoticeKind.INVITATION_UNANSWERED: 1})
        assert len(mail.outbox) == 1
        assert mail.outbox[0].to == [employee.email]
        assert "/conversations/" in mail.outbox[0].body

        # --- he prepares, but has not shared two days before the talk: one reminder.
        traveller.move_to(at("2027-01-14"))
        question = talk.template.questions.filter(audience=Audience.EMPLOYEE).first()
        preparation.save_answers(
            as_employee, talk, side="employee", answers={question.pk: "Lezen."}
        )
        remind_twice()
        traveller.move_to(at("2027-01-23", 12))
        remind_twice()
        assert kinds(employee)[NoticeKind.PREPARATION_NOT_SHARED] == 1

        # --- the talk is held; the POP: a course the employer registers, and a coach.
        traveller.move_to(at("2027-01-25", 11))
        plan = plans.create_plan(as_manager, employee, conversation=talk)
        point = plans.save_point(
            as_manager, plan, category=Category.FUNCTION, title="Solderen", goal="Zelf solderen"
        )
        course = plans.save_activity(
            as_manager,
            point,
            kind=ActivityKind.COURSE,
            description="Basis solderen",
            period_from=datetime.date(2027, 3, 1),
            owner=Owner.EMPLOYER,
        )
        coach = plans.save_activity(
            as_manager,
            point,
            kind=ActivityKind.COACH,
            description="Een coach regelen",
            period_from=datetime.date(2027, 6, 1),
            owner=Owner.EMPLOYER,
        )
        plans.send_for_signing(as_manager, plan)
        remind_twice()
        assert kinds(employee)[NoticeKind.SIGNATURE_WAITING] == 1
        plans.sign_plan(as_employee, plan, Choice.AGREED)
        remind_twice()
        assert kinds(manager)[NoticeKind.SIGNATURE_WAITING] == 1
        plans.sign_plan(as_manager, plan, Choice.AGREED)
        remind_twice()
        assert kinds()[NoticeKind.SIGNATURE_WAITING] == 2

        # --- 1 March passes and the course has not started: flagged to both.
        traveller.move_to(at("2027-03-02"))
        remind_twice()
        flagged = Notice.objects.filter(kind=NoticeKind.COURSE_NOT_STARTED, subject_id=course.pk)
        assert sorted(flagged.values_list("recipient_id", flat=True)) == sorted(
            [manager.pk, employee.pk]
        )
        client.force_login(manager.user)
        board = client.get(reverse("dashboard-team")).content.decode()
        assert "nog niet begonnen" in board

        # --- registered and started; a week later the question, answered in one click.
        traveller.move_to(at("2027-03-05"))
        plans.change_activity_status(as_manager, course, ActivityStatus.REGISTERED)
        course.refresh_from_db()
        plans.change_activity_status(as_manager, course, ActivityStatus.STARTED)
        remind_twice()
        assert kinds(employee)[NoticeKind.COURSE_CHECK] == 0
        traveller.move_to(at("2027-03-12", 10))
        remind_twice()
        question = Notice.objects.get(kind=NoticeKind.COURSE_CHECK, recipient=employee)
        assert "Is de cursus echt begonnen? Hoe gaat het?" in NoticeTexts([question]).text(question)
        client.force_login(employee.user)
        response = client.post(
            question.link, {"answer": CourseAnswer.YES, "note": "Eerste les was goed."}
        )
        assert response.status_code == 302
        assert CheckIn.objects.get(activity=course).course_answer == CourseAnswer.YES
        traveller.move_to(at("2027-03-20"))
        remind_twice()
        assert kinds(employee)[NoticeKind.COURSE_CHECK] == 1

        # --- the employer's coach is not arranged by 1 June: overdue, to the manager.
        traveller.move_to(at("2027-06-02"))
        remind_twice()
        overdue = Notice.objects.get(kind=NoticeKind.ACTIVITY_OVERDUE, subject_id=coach.pk)
        assert overdue.recipient == manager
        client.force_login(manager.user)
        board = client.get(reverse("dashboard-team")).content.decode()
        assert board.index("Een coach regelen") < board.index("Per medewerker")
        assert "te laat" in board

        # --- nothing new for months; then the next talk is due (12 months after the last).
        traveller.move_to(at("2027-12-01"))
        before = kinds()
        remind_twice()
        assert kinds() == before
        traveller.move_to(at("2028-01-26"))
        remind_twice()
        due = Notice.objects.get(kind=NoticeKind.CONVERSATION_DUE)
        assert due.recipient == manager
        assert due.link == reverse("conversation-plan") + f"?employee={employee.pk}"
        remind_twice()
    finally:
        clock.stop()

    # Each notice exactly once, each e-mailed exactly once.
    assert kinds() == Counter(
        {
            NoticeKind.INVITATION_UNANSWERED: 1,
            NoticeKind.PREPARATION_NOT_SHARED: 1,
            NoticeKind.SIGNATURE_WAITING: 2,
            # the course (to both) passed its start unstarted; a coach has no start to
            # watch (only courses and trainings do, issue 11 item 6)
            NoticeKind.COURSE_NOT_STARTED: 2,
            NoticeKind.COURSE_CHECK: 1,
            # the employee's "ja" goes to the manager too
            NoticeKind.COURSE_ANSWER: 1,
            # the employer had not registered for the course, nor arranged the coach, in time
            NoticeKind.ACTIVITY_OVERDUE: 2,
            NoticeKind.CONVERSATION_DUE: 1,
            # on the event: the manager added a point; both signed (the employee's copy)
            NoticeKind.POINT_ADDED: 1,
            NoticeKind.SIGNED_COPY: 1,
        }
    )
    assert Notice.objects.filter(sent_at__isnull=True).count() == 0
    assert len(mail.outbox) == Notice.objects.count()
    subjects = Counter((m.to[0], m.subject) for m in mail.outbox)
    assert max(subjects.values()) <= 2  # the two flagged activities share a subject line
