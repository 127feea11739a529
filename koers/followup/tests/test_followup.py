"""Follow-up on the demo: progress notes, the course question, reminders (once, also when two
runs overlap), notifications and the channel choice, the three dashboards and their figures."""

from __future__ import annotations

import datetime
import re
from collections import Counter

import pytest
from django.core import mail
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from koers.access.actor import Actor
from koers.conversations.models import Conversation, Status
from koers.followup import actions, outbox
from koers.followup.models import (
    Channel,
    CheckIn,
    CheckInKind,
    ConversationInterval,
    CourseAnswer,
    Notice,
    NoticeKind,
)
from koers.followup.notice_texts import NoticeTexts
from koers.followup.queries.checks import course_check_open
from koers.followup.queries.hr import hr_figures
from koers.followup.queries.progress import check_ins_for_evaluation
from koers.followup.queries.team import team_board
from koers.followup.reminders.due import due_notices
from koers.lib.dates import add_months
from koers.organisations.actors import actor_for, actor_for_user
from koers.organisations.models import Employee, Team
from koers.plans import actions as plans
from koers.plans.demo import KEES
from koers.plans.models import (
    Activity,
    ActivityKind,
    ActivityStatus,
    ActivityStatusChange,
    DevelopmentPlan,
    Owner,
)
from koers.signing.models import VersionStatus

pytestmark = pytest.mark.django_db


def person(number: str) -> Employee:
    return Employee.objects.select_related("team").get(
        organisation__slug="demo-werkbedrijf", personnel_number=number
    )


def kees_plan() -> DevelopmentPlan:
    return DevelopmentPlan.objects.get(employee__personnel_number=KEES)


# --- progress notes ------------------------------------------------------------------------


def test_employee_adds_a_progress_note_on_an_activity(full_demo, login_as):
    plan = kees_plan()
    activity = Activity.objects.filter(point__plan=plan).order_by("pk").first()
    client = login_as("medewerker")
    response = client.post(
        reverse("plan-progress", args=[plan.pk]),
        {
            "about": f"activity-{activity.pk}",
            "kind": CheckInKind.APPLICATION,
            "text": "Ik lees nu zelf de werkinstructie.",
        },
    )
    assert response.status_code == 302
    note = CheckIn.objects.get(text="Ik lees nu zelf de werkinstructie.")
    assert (note.activity, note.point, note.author) == (activity, activity.point, person(KEES))
    page = client.get(reverse("plan-progress", args=[plan.pk])).content.decode()
    assert "Ik lees nu zelf de werkinstructie." in page
    assert "Toepassing in de praktijk" in page


def test_manager_adds_a_note_and_sees_status_changes_in_the_timeline(full_demo, login_as):
    plan = kees_plan()
    point = plan.points.order_by("position").first()
    client = login_as("manager")
    client.post(
        reverse("plan-progress", args=[plan.pk]),
        {"about": f"point-{point.pk}", "kind": CheckInKind.PROGRESS, "text": "Goed bezig."},
    )
    page = client.get(reverse("plan-progress", args=[plan.pk])).content.decode()
    assert "Goed bezig." in page
    assert "afgerond" in page  # the demo moved the language course to completed


def test_a_note_on_another_plans_point_is_refused(full_demo):
    plan = kees_plan()
    other_point = (
        DevelopmentPlan.objects.exclude(pk=plan.pk).filter(points__isnull=False).first()
    ).points.first()
    with pytest.raises(Exception, match="aandachtspunt"):
        actions.add_check_in(
            actor_for(person(KEES)), plan, point_id=other_point.pk, text="Stiekem."
        )


def test_hr_reads_no_progress_notes(full_demo):
    hr = actor_for(person("D-hr"))
    assert not check_ins_for_evaluation(person(KEES), hr)
    assert CheckIn.objects.visible_to(hr).count() == 0


def test_notes_are_ready_for_the_evaluatie_phase_of_the_next_talk(full_demo):
    """004 Evaluatie: the conversation cycle asks for the notes of the employee's plans."""
    kees = person(KEES)
    manager = actor_for(person("D-manager"))
    notes = check_ins_for_evaluation(kees, manager)
    assert {n.kind for n in notes} >= {CheckInKind.EXPERIENCE, CheckInKind.WISHES}
    positions = [n.point.position for n in notes]
    assert positions == sorted(positions)
    assert (
        check_ins_for_evaluation(kees, manager, before=timezone.now() - datetime.timedelta(days=1))
        == []
    )


# --- the course question -------------------------------------------------------------------


def started_course(plan: DevelopmentPlan, manager: Actor) -> Activity:
    activity = Activity.objects.get(point__plan=plan, description="Heftruckcertificaat")
    plans.change_activity_status(manager, activity, ActivityStatus.STARTED)
    activity.refresh_from_db()
    return activity


def test_not_yet_goes_to_the_manager_at_once(full_demo, login_as):
    manager = actor_for(person("D-manager"))
    course = started_course(kees_plan(), manager)
    client = login_as("medewerker")
    page = client.get(reverse("course-check", args=[course.pk])).content.decode()
    assert "Is de cursus echt begonnen? Hoe gaat het?" in page
    client.post(
        reverse("course-check", args=[course.pk]),
        {"answer": CourseAnswer.NOT_YET, "note": "De eerste les is verzet."},
    )
    answer = CheckIn.objects.get(activity=course, kind=CheckInKind.COURSE_CHECK)
    assert answer.course_answer == CourseAnswer.NOT_YET
    notice = Notice.objects.get(kind=NoticeKind.COURSE_ANSWER)
    assert notice.recipient_id == manager.employee_id
    assert notice.params == {"answer": "not_yet", "activity": course.pk, "with_note": True}
    page = login_as("manager").get(reverse("notification-list")).content.decode()
    assert "Kees Bakker over Heftruckcertificaat: Nog niet." in page
    assert "De toelichting staat bij de voortgang." in page
    # what the employee typed stays with the progress notes, not in the notice
    assert "De eerste les is verzet." not in page
    progress = client.get(reverse("plan-progress", args=[course.point.plan_id])).content
    assert "De eerste les is verzet." in progress.decode()
    assert not course_check_open(course)


def test_only_the_employee_answers_the_course_question(full_demo, login_as):
    course = started_course(kees_plan(), actor_for(person("D-manager")))
    response = login_as("manager").post(
        reverse("course-check", args=[course.pk]), {"answer": CourseAnswer.YES}
    )
    assert response.status_code == 403


# --- reminders -----------------------------------------------------------------------------


def test_remind_twice_sends_each_notice_once(full_demo):
    Notice.objects.all().delete()  # the demo's own in-app notices
    call_command("remind", verbosity=0)
    first = Counter(Notice.objects.values_list("kind", flat=True))
    mails = len(mail.outbox)
    assert first[NoticeKind.CONVERSATION_DUE] > 0
    # documents waiting for an employee who signs in Koers (POPs, and reports once the cycle
    # has them); someone without a login signs on paper
    from koers.signing.models import Version

    waiting = Version.objects.filter(status=VersionStatus.TO_SIGN, employee__user__isnull=False)
    assert first[NoticeKind.SIGNATURE_WAITING] >= waiting.count()
    call_command("remind", verbosity=0)
    assert Counter(Notice.objects.values_list("kind", flat=True)) == first
    assert len(mail.outbox) == mails
    assert mails == Notice.objects.filter(channel=Channel.EMAIL).count()
    assert not Notice.objects.filter(channel="").exists()


def test_two_runs_at_the_same_time_make_and_send_each_notice_once(full_demo):
    """Both runs compute what is due before either writes; both insert and deliver. The
    unique reason key (insert-ignore) and the claim before sending keep it at one."""
    Notice.objects.all().delete()
    run_a = list(due_notices())
    run_b = list(due_notices())
    assert len(run_a) == len(run_b) > 0
    stale_a: list[Notice] = []
    outbox.queue_due_notices(notices=run_b)
    stale_a = list(outbox.pending().select_related("recipient__user"))  # A reads pending
    outbox.queue_due_notices(notices=run_a)  # A inserts the same reasons: ignored
    assert Notice.objects.count() == len(run_b)
    outbox.deliver_pending()  # B delivers
    sent = len(mail.outbox)
    outbox.deliver(stale_a)  # A delivers what it read before B claimed it
    assert len(mail.outbox) == sent
    assert Notice.objects.filter(channel="").count() == 0
    recipients = Counter((m.to[0], m.body) for m in mail.outbox)
    assert max(recipients.values()) == 1


def test_a_mail_error_is_retried_by_the_next_run(full_demo, settings):
    Notice.objects.all().delete()
    settings.EMAIL_BACKEND = "koers.followup.tests.test_followup.BrokenBackend"
    result = outbox.run_reminders()
    assert result.failed > 0
    assert Notice.objects.filter(channel="", send_error__contains="down").count() == result.failed
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    again = outbox.run_reminders()
    assert again.created == 0
    assert again.emailed == result.failed


class BrokenBackend:
    def __init__(self, *args, **kwargs):
        pass

    def send_messages(self, messages):
        raise ConnectionError("mail server down")


def test_in_app_only_sends_no_mail_and_counts_in_the_nav(full_demo, login_as, users):
    Notice.objects.all().delete()
    actions.set_channel(actor_for_user(users["manager"]), Channel.IN_APP)
    outbox.run_reminders()
    manager = person("D-manager")
    mine = Notice.objects.filter(recipient=manager)
    assert mine.exists()
    assert not mine.filter(channel=Channel.EMAIL).exists()
    assert all(manager.email not in m.to for m in mail.outbox)
    client = login_as("manager")
    page = client.get(reverse("notification-list")).content.decode()
    assert f"Meldingen ({mine.count()})" in page
    client.post(reverse("notification-read", args=[mine.first().pk]))
    page = client.get(reverse("notification-list")).content.decode()
    assert f"Meldingen ({mine.count() - 1})" in page
    client.post(reverse("notification-read-all"))
    page = client.get(reverse("notification-list")).content.decode()
    assert "Meldingen (" not in page


def test_channel_choice_is_saved(full_demo, login_as, users):
    client = login_as("medewerker")
    client.post(reverse("notification-settings"), {"channel": Channel.IN_APP})
    assert users["medewerker"].notification_preference.channel == Channel.IN_APP


def test_agreed_interval_overrides_the_organisations(full_demo, login_as):
    """002 step 4: six months agreed with one person; the talk is due six months after the
    last one (the organisation keeps twelve)."""
    kees = person(KEES)
    client = login_as("manager")
    client.post(reverse("followup-interval", args=[kees.pk]), {"months": 6})
    assert ConversationInterval.objects.get(employee=kees).months == 6
    talk = Conversation.objects.filter(employee=kees).first()
    Conversation.objects.filter(pk=talk.pk).update(
        starts_at=timezone.now() - datetime.timedelta(days=200), status=Status.HELD
    )
    Notice.objects.all().delete()
    outbox.run_reminders()
    assert Notice.objects.filter(
        kind=NoticeKind.CONVERSATION_DUE, subject_id=kees.pk, recipient=person("D-manager")
    ).exists()
    client.post(reverse("followup-interval", args=[kees.pk]), {"months": ""})
    assert not ConversationInterval.objects.filter(employee=kees).exists()


# --- dashboards ----------------------------------------------------------------------------


def test_managers_board_lists_employer_commitments_first(full_demo, login_as):
    board = team_board(actor_for(person("D-manager")))
    assert board.commitments
    assert all(a.owner == Owner.EMPLOYER for a in board.commitments)
    overdue = [a.is_overdue for a in board.commitments]
    assert overdue == sorted(overdue, reverse=True)  # late ones on top
    page = login_as("manager").get(reverse("dashboard")).content.decode()
    assert page.index('id="employer-commitments"') < page.index('id="team-board"')
    assert page.index('id="team-board"') < page.index("Wat medewerkers zelf doen")
    assert "te laat" in page
    assert f"{reverse('conversation-plan')}?employee=" in page


def test_board_filters(full_demo, login_as):
    client = login_as("manager")
    everyone = team_board(actor_for(person("D-manager")))
    for show in ("talk", "late", "no_plan"):
        response = client.get(reverse("dashboard-team"), {"show": show})
        assert response.status_code == 200
        assert len(response.context["board"].people) == everyone.counts[show]
    no_plan = team_board(actor_for(person("D-manager")), "no_plan")
    assert all(p.plan_id is None for p in no_plan.people)


def test_employee_sees_next_talk_own_and_employer_actions(full_demo, login_as):
    page = login_as("medewerker").get(reverse("dashboard")).content.decode()
    assert "Mijn volgende gesprek" in page
    assert "Heftruckcertificaat" in page  # the employer's action
    assert "Elke week een uur oefenen met een taal-app" in page  # Kees's own
    assert page.index("Wat ik nu doe") < page.index("Wat mijn werkgever voor mij doet")


def hand_count(organisation_id: int) -> dict[str, dict[str, int]]:
    """The HR figures counted by hand: one object at a time, straight from the rules."""
    today = timezone.localdate()
    counts: dict[str, dict[str, int]] = {}
    for employee in Employee.objects.filter(organisation_id=organisation_id, team__isnull=False):
        if not employee.is_in_service(today):
            continue
        department = employee.team.department.name
        entry = counts.setdefault(
            department,
            {"people": 0, "covered": 0, "signed": 0, "due": 0, "kept": 0, "overdue": 0},
        )
        entry["people"] += 1
        interval = getattr(employee, "conversation_interval", None)
        months = interval.months if interval else employee.organisation.conversation_interval_months
        held = [
            talk
            for talk in Conversation.objects.filter(employee=employee)
            if talk.status in (Status.HELD, Status.REPORTED, Status.SIGNED)
        ]
        if held:
            last = max(held, key=lambda talk: (talk.starts_at, talk.pk))
            held_on = timezone.localtime(last.starts_at).date()
            notes = getattr(last, "talk_notes", None)
            agreed = notes.next_date if notes else None
            agreed_counts = agreed is not None and agreed > held_on
            due = agreed if agreed_counts else add_months(held_on, months)
            if due > today:
                entry["covered"] += 1
        for plan in DevelopmentPlan.objects.filter(employee=employee):
            agreed = any(v.status == VersionStatus.SIGNED for v in plan.versions.all())
            if agreed and plan.period_start <= today <= plan.period_end:
                entry["signed"] += 1
                break
        for plan in DevelopmentPlan.objects.filter(employee=employee):
            if not any(v.status == VersionStatus.SIGNED for v in plan.versions.all()):
                continue
            for activity in Activity.objects.filter(point__plan=plan, owner=Owner.EMPLOYER):
                if activity.status == ActivityStatus.CANCELLED:
                    continue
                due = activity.period_from or activity.period_to or activity.point.deadline
                if due is None or due >= today:
                    continue
                entry["due"] += 1
                if activity.status == ActivityStatus.PLANNED:
                    entry["overdue"] += 1
                changes = ActivityStatusChange.objects.filter(
                    activity=activity, from_status=ActivityStatus.PLANNED
                )
                if any(
                    c.to_status != ActivityStatus.CANCELLED
                    and timezone.localtime(c.changed_at).date() <= due
                    for c in changes
                ):
                    entry["kept"] += 1
    return counts


def test_hr_figures_match_a_hand_count_on_the_demo(full_demo):
    # Make the demo tell something: one talk held last month, one commitment kept on time.
    kees = person(KEES)
    Conversation.objects.filter(employee=kees).update(
        starts_at=timezone.now() - datetime.timedelta(days=30), status=Status.HELD
    )
    plan = kees_plan()
    heftruck = Activity.objects.get(point__plan=plan, description="Heftruckcertificaat")
    plans.change_activity_status(actor_for(person("D-manager")), heftruck, "registered")
    figures = hr_figures(actor_for(person("D-hr")))
    expected = hand_count(full_demo.pk)
    got = {
        d.name: {
            "people": d.people,
            "covered": d.covered,
            "signed": d.signed,
            "due": d.commitments_due,
            "kept": d.kept_on_time,
            "overdue": d.overdue,
        }
        for d in figures.departments
    }
    assert got == expected
    assert got["Productie"]["covered"] >= 1
    assert got["Productie"]["signed"] == 2  # Kees, and the colleague with a signed version 1
    assert figures.total.people == 120
    budget = {row["department"]: row for row in figures.budget}
    assert budget["Productie"]["budget"].amount > 0


def test_hr_page_shows_charts_with_text_alternatives(full_demo, login_as):
    page = login_as("hr").get(reverse("dashboard-hr")).content.decode()
    charts = re.findall(r"<svg[^>]*>.*?</svg>", page, flags=re.S)
    assert len(charts) >= 4  # coverage, signed, kept on time, cost (and the mark, once given)
    for chart in charts:
        assert 'role="img"' in chart
        labelled = re.search(r'aria-labelledby="([^"]+)"', chart).group(1).split()
        for element_id in labelled:
            assert f'id="{element_id}"' in chart
        assert re.search(r"<desc[^>]*>[^<]*\d", chart)  # the figures, in words
        assert "style=" not in chart
    assert page.count("<table") >= 3  # the same figures as tables
    assert "style=" not in page


def test_hr_sees_no_names_or_notes(full_demo, login_as):
    page = login_as("hr").get(reverse("dashboard-hr")).content.decode()
    assert "Kees" not in page
    assert "taalcursus" not in page


# --- query counts --------------------------------------------------------------------------


def grow_team(team_name: str, extra: int) -> None:
    """More people in a team, each with a signed plan, activities and a talk."""
    from koers.plans.demo import full_plan, sign_both
    from koers.plans.models import Course

    team = Team.objects.get(organisation__slug="demo-werkbedrijf", name=team_name)
    manager = actor_for(team.managers.order_by("pk").first())
    courses = {c.name: c for c in Course.objects.filter(organisation=team.organisation)}
    for index in range(extra):
        employee = Employee.objects.create(
            organisation=team.organisation,
            team=team,
            personnel_number=f"G{team.pk}-{index}",
            first_name="Extra",
            last_name=f"Persoon {index}",
        )
        plan = full_plan(employee, manager, courses, timezone.localdate())
        sign_both(plan, manager)


@pytest.mark.parametrize(
    "who,url",
    [
        ("manager", "dashboard-team"),
        ("hr", "dashboard-hr"),
        ("medewerker", "dashboard-me"),
        ("manager", "notification-list"),
    ],
)
def test_dashboard_query_count_does_not_grow(
    full_demo, login_as, who, url, django_assert_max_num_queries
):
    client = login_as(who)
    client.get(reverse(url))  # warm the session and content types
    with django_assert_max_num_queries(15) as small:
        assert client.get(reverse(url)).status_code == 200
    grow_team("Assemblage", 8)
    grow_team("Verpakken", 4)
    with django_assert_max_num_queries(len(small.captured_queries)):
        assert client.get(reverse(url)).status_code == 200


def test_demo_follow_up_is_idempotent(full_demo):
    from koers.followup.demo import extend_demo

    counts = (CheckIn.objects.count(), Notice.objects.count(), ConversationInterval.objects.count())
    extend_demo(full_demo)
    assert counts == (
        CheckIn.objects.count(),
        Notice.objects.count(),
        ConversationInterval.objects.count(),
    )
    assert counts[0] >= 4
    assert Notice.objects.filter(organisation=full_demo, channel=Channel.IN_APP).exists()


def test_course_not_started_reason_names_registration(full_demo):
    """A course that is not even registered says so to the manager."""
    Notice.objects.all().delete()
    plan = kees_plan()
    course = Activity.objects.get(point__plan=plan, description="Heftruckcertificaat")
    Activity.objects.filter(pk=course.pk).update(
        period_from=timezone.localdate() - datetime.timedelta(days=3), kind=ActivityKind.COURSE
    )
    outbox.run_reminders()
    notices = Notice.objects.filter(kind=NoticeKind.COURSE_NOT_STARTED, subject_id=course.pk)
    assert notices.count() == 2
    manager_notice = notices.get(recipient=person("D-manager"))
    assert manager_notice.params["not_registered"] is True
    assert "nog niet eens aangemeld" in NoticeTexts([manager_notice]).text(manager_notice)


def test_two_real_runs_in_parallel_send_each_notice_once(transactional_db, full_demo):
    """Two ``run_reminders`` in two threads, released at the same moment (PostgreSQL: the
    SQLite test database has one writer at a time)."""
    import threading

    from django.db import connection

    if connection.vendor != "postgresql":
        pytest.skip("real parallel writers need PostgreSQL (make test-postgres)")
    Notice.objects.all().delete()
    barrier = threading.Barrier(2)
    errors: list[BaseException] = []

    def run() -> None:
        try:
            barrier.wait()
            outbox.run_reminders()
        except BaseException as error:  # pragma: no cover - reported below
            errors.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=run) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert not errors
    made = Notice.objects.count()
    assert made > 0
    assert len(mail.outbox) == Notice.objects.filter(channel=Channel.EMAIL).count()
    assert Counter((m.to[0], m.body) for m in mail.outbox).most_common(1)[0][1] == 1
    outbox.run_reminders()
    assert Notice.objects.count() == made


def test_someone_without_login_or_email_is_followed_up_by_the_manager(full_demo):
    """An employee Koers cannot reach gets no notice; the manager still does."""
    Notice.objects.all().delete()
    plan = kees_plan()
    kees = plan.employee
    Employee.objects.filter(pk=kees.pk).update(user=None, email="")
    course = Activity.objects.get(point__plan=plan, description="Heftruckcertificaat")
    Activity.objects.filter(pk=course.pk).update(
        period_from=timezone.localdate() - datetime.timedelta(days=3)
    )
    outbox.run_reminders()
    flagged = Notice.objects.filter(kind=NoticeKind.COURSE_NOT_STARTED, subject_id=course.pk)
    assert list(flagged.values_list("recipient_id", flat=True)) == [person("D-manager").pk]
    assert not Notice.objects.filter(recipient=kees).exists()


def test_remind_command_reports_what_it_did(full_demo):
    from io import StringIO

    Notice.objects.all().delete()
    out = StringIO()
    call_command("remind", stdout=out)
    made = Notice.objects.count()
    assert f"remind: {made} new notice(s)" in out.getvalue()
    out = StringIO()
    call_command("remind", stdout=out)
    assert "remind: 0 new notice(s)" in out.getvalue()
